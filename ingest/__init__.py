"""Ingestion: load files (PDF/MD/TXT/CSV/JSONL), clean, chunk with metadata. Knows nothing of the web page."""
