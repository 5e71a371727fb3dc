"""Postings and passages read straight from corpus files with the ingest pipeline (no embeddings, no store).

Only tests and benchmarks use these: the app's matching reads the knowledge base alone (matching.service)."""

from __future__ import annotations

from pathlib import Path

from matching.training import Passage


def load_corpus_postings(corpus_dir: Path) -> list[dict]:
    """Every posting in the corpus's job files (CSV / JSON Lines), read with the ingest loaders."""
    from ingest.loaders import load_postings

    rows: list[dict] = []
    jobs = corpus_dir / "jobs"
    for path in sorted(jobs.glob("*")) if jobs.exists() else []:
        if path.suffix.lower() in (".csv", ".jsonl"):
            rows += [p.fields | {"source": p.source} for p in load_postings(path.name, path.read_bytes())]
    return sorted(rows, key=lambda r: r.get("id", ""))


class CorpusPassages:
    """Passages parsed from corpus files with the ingest pipeline (no embeddings, no store)."""

    def __init__(self, corpus_dir: Path) -> None:
        self.corpus_dir = corpus_dir
        self._cache: dict[str, list[Passage]] = {}

    def passages(self, doc_type: str) -> list[Passage]:
        if doc_type not in self._cache:
            from core.errors import IngestError
            from ingest.pipeline import iter_files, parse_document

            out: list[Passage] = []
            folder = {"programme": "programmes", "policy": "policies"}.get(doc_type, doc_type)
            root = self.corpus_dir / folder
            for path in iter_files([root]) if root.exists() else []:
                try:
                    doc = parse_document(path.name, path.read_bytes())
                except IngestError:
                    continue
                if doc.doc_type != doc_type:
                    continue
                out += [
                    Passage(c.source, doc.title, doc.doc_type, c.section, c.text, str(c.metadata.get("district", "")))
                    for c in doc.chunks
                ]
            self._cache[doc_type] = out
        return self._cache[doc_type]
