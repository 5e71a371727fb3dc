"""Parse one file (bytes) into a Document: sniff → load → detect type → chunk. No I/O but the bytes given."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from core.errors import IngestError
from ingest import chunking, loaders, seekers
from ingest.doctype import detect_text_type
from ingest.records import ALL_DOC_TYPES, DocType, Document
from ingest.scope import document_scope
from ingest.sniff import SUPPORTED, check_content


def parse_document(name: str, data: bytes, doc_type: DocType | None = None) -> Document:
    """Turn the bytes of file ``name`` into a Document; raise IngestError with a one-line reason naming the file."""
    if doc_type is not None and doc_type not in ALL_DOC_TYPES:
        raise IngestError(f"{name}: unknown document type {doc_type!r}")
    ext = check_content(name, data)
    sha = hashlib.sha256(data).hexdigest()
    rows = _table(name, data) if ext in (".csv", ".jsonl", ".xlsx") and doc_type is None else None
    if doc_type == "seeker" or (rows and seekers.looks_like_registrations({k: None for r in rows for k in r})):
        return _registrations(name, data, ext, rows)
    if ext in loaders.POSTING_EXTS or (ext == ".txt" and doc_type in (None, "job") and loaders.looks_like_json_lines(data)):
        if doc_type not in (None, "job"):
            raise IngestError(f"{name}: {ext} files hold job postings, not {doc_type}")
        return _postings_document(name, data, sha)

    pages = loaders.load_pdf(name, data) if ext == ".pdf" else loaders.load_text(name, data)
    kind = doc_type or detect_text_type(pages)
    title = _title(pages, name)
    lines = [ln.strip() for p in pages for ln in p.text.splitlines() if ln.strip()]
    scope = document_scope(title, lines)
    if kind == "programme":
        meta: dict[str, str] = {k: v for k, v in scope.metadata().items() if k in ("places", "issuer")}
        chunks = chunking.programme_chunks(pages, name, title, extra=meta)
    else:
        full = "\n".join(p.text for p in pages)
        meta = chunking.policy_metadata(full) | scope.metadata() | chunking.issued_rule(title, lines)
        chunks = chunking.structured_chunks(pages, name, title, kind, extra=meta)
        if meta.get("doc_number"):
            chunks.insert(0, chunking.header_chunk(name, title, kind, meta))
    if not chunks:
        raise IngestError(f"{name}: no text found to index")
    return Document(source=name, title=title, doc_type=kind, sha256=sha, chunks=chunks, metadata=meta)


def _postings_document(name: str, data: bytes, sha: str) -> Document:
    """A file of job postings: one passage per posting; its scope is the places the postings name."""
    postings = loaders.load_postings(name, data)
    title = f"招聘岗位信息（{Path(name).stem}）"
    chunks = chunking.posting_chunks(postings, name, title)
    districts = [p.fields["district"] for p in postings if p.fields.get("district")]
    cities = [p.fields["city"] for p in postings if p.fields.get("city")]
    places = list(dict.fromkeys(districts + cities))
    meta = {"places": "、".join(places)} if places else {}
    for c in chunks:
        c.metadata.update(meta)
    return Document(source=name, title=title, doc_type="job", sha256=sha, chunks=chunks, metadata=meta)


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
_TITLE_WORDS = "办法|细则|措施|通知|规定|意见|方案|决定|公告|目录|指南|条例|制度|规则|标准|政策|清单"
_TITLE_END = re.compile(f"(?:{_TITLE_WORDS})$")
_TITLE_END_ANY = re.compile(f"(?:{_TITLE_WORDS})")


# A line that starts the preamble or the body, never part of a title.
_PREAMBLE = re.compile(r"(?:为(?:贯彻|落实|进一步|加快|深入|推动|促进|做好|支持|鼓励)|根据|按照|现将|经研究|各(?:区|县|市|有关|相关|级))")


def _title(pages, name: str) -> str:
    """The heading: one or two lines up to the first line that starts a preamble or an article; a title that a PDF
    joined with the preamble after it (…若干措施为贯彻落实…) is cut where the preamble starts."""
    lines = []
    for page in pages[:1]:
        for line in page.text.splitlines():
            line = re.sub(r"^#+\s*", "", line.strip())
            if line and not chunking.DOC_NUMBER.fullmatch(line):
                lines.append(_cut_preamble(line[:160]))
            if len(lines) >= 3:
                break
    if not lines:
        return Path(name).stem
    titled = [i for i, ln in enumerate(lines) if _TITLE_END.search(ln) and not re.search(r"[。；，：:]", ln)]
    if not titled or _TITLE_END.search(lines[0]):
        return lines[0][:100]
    i = titled[0]
    prev = lines[i - 1] if i else ""
    # A title broken over two lines: the first half opens a title (关于…) or the second half continues one (…的通知);
    # neither half has punctuation and the first names no office (a running header is never joined).
    continues = prev.startswith("关于") or lines[i].startswith(("的", "和", "及", "与", "若干", "实施", "暂行", "试行", "管理"))
    if i == 1 and continues and not re.search(r"[。；，：:\s\d]", prev) and not _OFFICE.search(prev) and len(prev + lines[i]) <= 60:
        return prev + lines[i]
    return lines[i][:100]


_OFFICE = re.compile(r"(?:人民政府|政府|委员会|办公室|办公厅|管委会|局|厅|委|部|中心|学院|学校)$")


def _cut_preamble(line: str) -> str:
    """`…若干措施为贯彻落实…制定以下措施。` → `…若干措施`: a title end followed by the start of a preamble."""
    for m in _TITLE_END_ANY.finditer(line):
        rest = line[m.end():]
        if rest and (_PREAMBLE.match(rest) or re.search(r"[。；：:]", rest)) and not rest.startswith(("》", "的")):
            return line[: m.end()]
    return line


def iter_files(paths: list[Path]) -> list[Path]:
    """Files to ingest: the files named, and the supported files under the folders named (sorted)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED))
        else:
            found.append(path)
    return found
