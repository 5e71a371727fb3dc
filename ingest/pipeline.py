"""Parse one file (bytes) into a Document: sniff → load → detect type → chunk. No I/O but the bytes given."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from core.errors import IngestError
from ingest import chunking, loaders, seekers
from ingest.doctype import detect_text_type
from ingest.records import ALL_DOC_TYPES, DocType, Document
from ingest.sniff import SUPPORTED, check_content


def parse_document(name: str, data: bytes, doc_type: DocType | None = None) -> Document:
    """Turn the bytes of file ``name`` into a Document; raise IngestError with a one-line reason naming the file."""
    if doc_type is not None and doc_type not in ALL_DOC_TYPES:
        raise IngestError(f"{name}: unknown document type {doc_type!r}")
    ext = check_content(name, data)
    sha = hashlib.sha256(data).hexdigest()
    rows = _table(name, data) if ext in (".csv", ".jsonl") and doc_type is None else None
    # .xlsx workbooks are read as registrations only (the posting loader reads CSV and JSON Lines)
    if ext == ".xlsx" and doc_type not in (None, "seeker"):
        raise IngestError(f"{name}: .xlsx files are read as job-seeker registrations (type seeker), not {doc_type}")
    if doc_type == "seeker" or ext == ".xlsx" or (rows and seekers.looks_like_registrations({k: None for r in rows for k in r})):
        return _registrations(name, data, ext, rows)
    if ext in (".csv", ".jsonl"):
        postings = loaders.load_postings(name, data)
        if doc_type not in (None, "job"):
            raise IngestError(f"{name}: {ext} files hold job postings, not {doc_type}")
        if not any(p.fields.get("title") for p in postings):
            raise IngestError(f"{name}: no title/岗位 column found; cannot read these rows as postings")
        title = f"招聘岗位信息（{Path(name).stem}）"
        chunks = chunking.posting_chunks(postings, name, title)
        return Document(source=name, title=title, doc_type="job", sha256=sha, chunks=chunks)

    pages = loaders.load_pdf(name, data) if ext == ".pdf" else loaders.load_text(name, data)
    kind = doc_type or detect_text_type(pages)
    title = _title(pages, name)
    if kind == "programme":
        chunks = chunking.programme_chunks(pages, name, title)
        meta: dict[str, str] = {}
    else:
        full = "\n".join(p.text for p in pages)
        meta = chunking.policy_metadata(full)
        if m := chunking.DISTRICT.search(title):
            meta["district"] = m.group(1)
        chunks = chunking.structured_chunks(pages, name, title, kind, extra=meta)
        if meta.get("doc_number"):
            chunks.insert(0, chunking.header_chunk(name, title, kind, meta))
    if not chunks:
        raise IngestError(f"{name}: no text found to index")
    return Document(source=name, title=title, doc_type=kind, sha256=sha, chunks=chunks, metadata=meta)


def _table(name: str, data: bytes) -> list[dict] | None:
    try:
        return seekers.read_rows(name, data)
    except IngestError:
        return None  # not a table of known columns: the posting loader (or the seeker loader) says what is wrong


def _registrations(name: str, data: bytes, ext: str, rows: list[dict] | None) -> Document:
    """A registration export: anonymised records, no chunks (never embedded)."""
    if ext not in (".csv", ".jsonl", ".xlsx"):
        raise IngestError(f"{name}: registrations are read from .csv, .xlsx or .jsonl files, not {ext}")
    records = seekers.load_registrations(name, data, rows)
    kept = seekers.anonymised_file(name, records)
    # The identity of a registration file is its anonymised content: re-ingesting the raw export or restoring the
    # stored (anonymised) version is "unchanged" when the kept registrations are the same.
    return Document(source=name, title=f"求职登记（{Path(name).stem}）", doc_type="seeker",
                    sha256=seekers.content_hash(records), chunks=[],
                    seekers=tuple(records), stored_bytes=kept)


# How official document titles end; a one-page PDF keeps its running header (nothing to compare it with),
# so the first line alone is not trusted when a line just below it looks like a title.
_TITLE_END = re.compile(r"(?:办法|细则|措施|通知|规定|意见|方案|决定|公告|目录|指南|条例|制度|规则|标准|政策|清单)$")


def _title(pages, name: str) -> str:
    lines = []
    for page in pages[:1]:
        for line in page.text.splitlines():
            line = re.sub(r"^#+\s*", "", line.strip())
            if line and not chunking.DOC_NUMBER.fullmatch(line):
                lines.append(line[:100])
            if len(lines) >= 3:
                break
    if not lines:
        return Path(name).stem
    titled = [ln for ln in lines if _TITLE_END.search(ln) and not re.search(r"[。；，：:]", ln)]
    return titled[0] if titled and not _TITLE_END.search(lines[0]) else lines[0]


def iter_files(paths: list[Path]) -> list[Path]:
    """Files to ingest: the files named, and the supported files under the folders named (sorted)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED))
        else:
            found.append(path)
    return found
