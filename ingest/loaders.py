"""Loaders: bytes of one file → cleaned pages (PDF, Markdown, TXT) or posting rows (CSV, JSONL)."""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from collections import Counter

from core.errors import IngestError
from ingest.postings import missing_required, normalise_row
from ingest.records import Page, Posting
from ingest.sniff import decode_text

log = logging.getLogger(__name__)

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–]\s*\d+\s*[-—–]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|\d+|page\s*\d+(?:\s*of\s*\d+)?)\s*$",
    re.IGNORECASE,
)
# A line that starts a new block: article/chapter heading, enumerations, Markdown headings, list items, table rows.
BLOCK_START = re.compile(
    r"^(?:第[一二三四五六七八九十百零〇\d]+[章节条款]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]\s*\S|#|[-*•]\s|\|"
    r"|附件|附表|[\u4e00-\u9fff]{1,12}〔\d{4}〕\d+号)"
)
_HEADING_LINE = re.compile(r"^第[一二三四五六七八九十百零〇\d]+[章节]\s*\S{0,20}$")
_FIELD_START = re.compile(r"^[\u4e00-\u9fff]{2,6}[：:]\S")  # 政策内容：… (a labelled field opens the line)
_SENTENCE_END = "。！？；：:!?;"


def load_pdf(name: str, data: bytes) -> list[Page]:
    """Extract the text layer page by page; drop running headers/footers and page numbers; join broken lines."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if b"%%EOF" not in data[-2048:]:
        raise IngestError(f"{name}: truncated or corrupt PDF (no end-of-file marker)")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception:  # noqa: BLE001 - any failure here means we cannot read it
                opened = 0
            if not opened:
                raise IngestError(f"{name}: encrypted PDF; remove the password and upload it again")
        raw_pages = [(page.extract_text() or "") for page in reader.pages]
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise IngestError(f"{name}: truncated or corrupt PDF ({type(exc).__name__})") from exc
    if not raw_pages:
        raise IngestError(f"{name}: PDF has no pages")
    if not any(p.strip() for p in raw_pages):
        raise IngestError(f"{name}: no text layer; OCR it first")
    page_lines = [[ln.strip() for ln in p.splitlines() if ln.strip()] for p in raw_pages]
    running = _running_lines(page_lines)
    pages = []
    for number, lines in enumerate(page_lines, start=1):
        kept = [ln for ln in lines if not _PAGE_NUMBER.match(ln) and _shape(ln) not in running]
        pages.append(Page(source=name, page=number, text="\n".join(join_broken_lines(rebuild_tables(kept)))))
    return pages


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line))


def _running_lines(page_lines: list[list[str]]) -> set[str]:
    """Lines (digits ignored) found at the top or bottom of at least half of the pages: headers and footers."""
    if len(page_lines) < 2:
        return set()
    counts: Counter[str] = Counter()
    for lines in page_lines:
        edge = {_shape(ln) for ln in lines[:2] + lines[-2:]}
        counts.update(edge)
    return {shape for shape, n in counts.items() if n >= max(2, (len(page_lines) + 1) // 2)}


CAPTION = re.compile(r"^(?:附表|表\s*\d+|.{0,30}(?:标准表|一览表|明细表|对照表))")
_CELL_MAX = 24


def rebuild_tables(lines: list[str]) -> list[str]:
    """PDF tables come out one cell per line; after a caption (附表…/…标准表) regroup the cells into '| a | b |' rows.

    The column count is the smallest for which the header row has no digits and every data row has one."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        out.append(lines[i])
        if not CAPTION.match(lines[i]):
            i += 1
            continue
        j = i + 1
        while j < len(lines) and len(lines[j]) <= _CELL_MAX and not BLOCK_START.match(lines[j]) \
                and not lines[j].endswith("。"):
            j += 1
        cells = lines[i + 1 : j]
        rows = _as_rows(cells)
        if rows:
            out.extend("| " + " | ".join(r) + " |" for r in rows)
            i += 1 + sum(len(r) for r in rows)
        else:
            i += 1
    return out


def _as_rows(cells: list[str]) -> list[list[str]] | None:
    """Cells → rows: the header has no digits and some column has a digit in every data row (amounts, periods).
    Trailing cells that do not fit (a following heading) are left out; the caller keeps them as text."""
    digit = re.compile(r"\d")
    for drop in range(3):
        usable = cells[: len(cells) - drop]
        for ncol in range(2, 8):
            if len(usable) < 2 * ncol or len(usable) % ncol:
                continue
            rows = [usable[k : k + ncol] for k in range(0, len(usable), ncol)]
            if any(digit.search(c) for c in rows[0]):
                continue
            if any(all(digit.search(r[col]) for r in rows[1:]) for col in range(ncol)):
                return rows
    return None


def is_heading(line: str, following: str | None) -> bool:
    """A short unpunctuated line followed by an article, an enumeration or a labelled field (政策内容：…) is a
    section heading (总则, 附则, 办理方式, 吸纳高校毕业生社保补贴): what the clauses under it are about."""
    return bool(_HEADING_LINE.match(line)) or (
        not re.search(r"[，。；：、,.;:（）()\d]", line) and following is not None
        and (len(line) <= 15 and bool(BLOCK_START.match(following)) or len(line) <= 20 and bool(_FIELD_START.match(following)))
        and not following.startswith("|")
    )


def join_broken_lines(lines: list[str]) -> list[str]:
    """Join lines that a PDF broke mid-sentence; keep headings, 文号, list items and table rows on their own lines."""
    out: list[str] = []
    heading_prev = False
    for idx, line in enumerate(lines):
        heading = is_heading(line, lines[idx + 1] if idx + 1 < len(lines) else None)
        if out and not heading and not heading_prev and not BLOCK_START.match(line) and not out[-1].startswith("|") \
                and out[-1][-1] not in _SENTENCE_END:
            sep = " " if out[-1][-1].isascii() and line[0].isascii() and out[-1][-1].isalnum() and line[0].isalnum() else ""
            out[-1] = out[-1] + sep + line
        else:
            out.append(line)
        heading_prev = heading
    return out


def load_text(name: str, data: bytes) -> list[Page]:
    """Markdown or plain text, UTF-8 or GBK/GB18030, as one page."""
    text = decode_text(name, data).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise IngestError(f"{name}: empty file")
    return [Page(source=name, page=1, text=text)]


POSTING_EXTS = (".csv", ".tsv", ".xlsx", ".json", ".jsonl")


def looks_like_json_lines(data: bytes) -> bool:
    """A .txt file whose every non-blank line is a JSON object holds records (postings), not prose."""
    lines = [ln for ln in data.decode("utf-8", errors="replace").splitlines() if ln.strip()]
    if not lines:
        return False
    for line in lines[:50]:
        try:
            if not isinstance(json.loads(line), dict):
                return False
        except json.JSONDecodeError:
            return False
    return True


def read_records(name: str, data: bytes) -> tuple[list[dict], list[str]]:
    """Rows of a table or records of a JSON file, whatever their field names: CSV, TSV, XLSX (first sheet), JSON
    (an array, or an object holding one), JSON Lines and .txt of JSON lines. Returns (rows, field names seen).
    Loaders of record-shaped documents (postings, seekers) map the names with their own synonym table."""
    ext = "." + name.lower().rsplit(".", 1)[-1]
    if ext == ".xlsx":
        rows = _xlsx_rows(name, data)
    elif ext in (".csv", ".tsv"):
        rows = _delimited_rows(name, decode_text(name, data), "\t" if ext == ".tsv" else None)
    elif ext == ".json":
        rows = _json_rows(name, decode_text(name, data))
    else:
        rows = json_lines(name, decode_text(name, data))
    rows = [r for r in rows if any(str(v).strip() for v in r.values() if v is not None)]
    if not rows:
        raise IngestError(f"{name}: no rows")
    keys = list(dict.fromkeys(str(k) for r in rows for k in r if k is not None))
    return rows, keys


def _delimited_rows(name: str, text: str, delimiter: str | None) -> list[dict]:
    if delimiter is None:
        first = text.split("\n", 1)[0]
        delimiter = "\t" if first.count("\t") > first.count(",") else ","
    try:
        reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
        rows = list(reader)
    except csv.Error as exc:
        raise IngestError(f"{name}: malformed table ({exc})") from exc
    if not reader.fieldnames:
        raise IngestError(f"{name}: no header row")
    return rows


def _xlsx_rows(name: str, data: bytes) -> list[dict]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise IngestError(f"{name}: not a readable XLSX workbook ({type(exc).__name__})") from exc
    values = [[("" if c is None else str(c)).strip() for c in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    values = [row for row in values if any(row)]
    if not values:
        raise IngestError(f"{name}: the first sheet is empty")
    header = values[0]
    return [{h: v for h, v in zip(header, row) if h} for row in values[1:]]


def _json_rows(name: str, text: str) -> list[dict]:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError:
        return json_lines(name, text)  # a .json file that is really JSON Lines
    if isinstance(obj, dict):
        lists = [v for v in obj.values() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
        obj = lists[0] if lists else [obj]
    if not isinstance(obj, list) or not all(isinstance(x, dict) for x in obj):
        raise IngestError(f"{name}: JSON must be an array of objects (or an object holding one)")
    return obj


def json_lines(name: str, text: str) -> list[dict]:
    """The objects of a JSON Lines text; a bad line is one IngestError naming the file and the line."""
    rows = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise IngestError(f"{name}: line {lineno} is not valid JSON ({exc.msg})") from exc
        if not isinstance(obj, dict):
            raise IngestError(f"{name}: line {lineno} is not a JSON object")
        rows.append(obj)
    return rows


def load_postings(name: str, data: bytes) -> list[Posting]:
    """Job postings in any record shape (see read_records); field names are mapped to the canonical ones through
    ingest/data/posting_columns.json, unknown fields kept. A required field no column maps to is one clear line."""
    rows, keys = read_records(name, data)
    postings = [Posting(source=name, row=i, fields=normalise_row(row)) for i, row in enumerate(rows, start=1)]
    if problem := missing_required(name, keys, [p.fields for p in postings]):
        raise IngestError(problem)
    return postings
