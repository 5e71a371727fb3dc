"""Job-seeker registrations (求职登记): CSV, XLSX or JSON Lines exports → anonymised ``SeekerRecord``s.

Real exports name their columns differently (求职意向 / 意向岗位, 最高学历 / 学历, 意向工作地 / 期望地区 …); the
variants are mapped through ``data/seeker_columns.json``. Only the mapped fields are kept: every other column
(name, ID number, phone, address, free text …) is dropped here, and what is kept is masked (``core.masking``), so
personal data never reaches the database, the vector store or the stored file. Each registration gets exactly one
district (the first one named, in its canonical short form through ``core.places``) or none.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import fields
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from pathlib import Path

from core.errors import IngestError
from core.masking import mask_pii
from core.places import canonical_district
from ingest.loaders import json_lines
from ingest.postings import column_aliases
from ingest.records import SeekerRecord
from ingest.sniff import decode_text

_DATA = Path(__file__).resolve().parent / "data" / "seeker_columns.json"
FIELDS = tuple(f.name for f in fields(SeekerRecord) if f.name != "row")
# Columns that make a table a posting file, never a registration.
_POSTING_ONLY = ("title", "company", "description", "openings")
_SEPARATORS = re.compile(r"[、,，;；/|\s]+")
_NO_PREFERENCE = ("不限", "均可", "任意", "无要求", "服从分配")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2}))?")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_HEADER_ROWS = 5
_SHORT = ("ref", "intent", "major", "education", "experience", "expected_salary")
_SHORT_MAX = 100  # an export may start with a title row or two before the header


@cache
def _table() -> dict:
    return json.loads(_DATA.read_text(encoding="utf-8"))


@cache
def seeker_aliases() -> dict[str, str]:
    """header (lower-case) → field name."""
    out = {}
    for name, names in _table()["fields"].items():
        out[name] = name
        for alias in names:
            out[alias.strip().lower()] = name
    return out


@cache
def personal_columns() -> frozenset[str]:
    return frozenset(c.lower() for c in _table()["personal"])


def _key(header) -> str:
    return str(header or "").strip().lower()


def looks_like_registrations(headers) -> bool:
    """True when the columns are a registration export: a column only registrations have (求职意向, 所学专业,
    登记日期, 期望薪资 …) or a personal column (姓名, 身份证号 …), and no posting column (岗位名称, 公司, 岗位描述)."""
    posting = column_aliases()
    keys = [_key(h) for h in headers if _key(h)]
    personal = personal_columns()
    # "name" is a posting's title in some exports and a person's name in registrations: only an unambiguous
    # posting column (公司, 岗位描述 …) rules registrations out
    if any(posting.get(k) in _POSTING_ONLY for k in keys if k not in personal):
        return False
    markers = set(_table()["markers"])
    aliases = seeker_aliases()
    return any((aliases.get(k) in markers and k not in posting) or k in personal for k in keys)


def read_rows(name: str, data: bytes) -> list[dict]:
    """The rows of a CSV, XLSX or JSON Lines file as dicts keyed by the header (the first header-like row)."""
    ext = Path(name).suffix.lower()
    if ext == ".jsonl":
        return json_lines(name, decode_text(name, data))
    if ext == ".xlsx":
        grid = _xlsx_grid(name, data)
    else:
        try:
            grid = list(csv.reader(io.StringIO(decode_text(name, data))))
        except csv.Error as exc:
            raise IngestError(f"{name}: malformed CSV ({exc})") from exc
    return _rows_from_grid(name, grid)


def _xlsx_grid(name: str, data: bytes) -> list[list]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError) as exc:
        raise IngestError(f"{name}: not a readable XLSX workbook ({type(exc).__name__})") from exc
    try:
        sheet = book.worksheets[0]
        return [list(r) for r in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _rows_from_grid(name: str, grid: list[list]) -> list[dict]:
    known = seeker_aliases().keys() | column_aliases().keys() | personal_columns()
    header_at = None
    for i, row in enumerate(grid[:_HEADER_ROWS]):
        if sum(_key(c) in known for c in row) >= 2:
            header_at = i
            break
    if header_at is None:
        if not any(any(str(c or "").strip() for c in r) for r in grid):
            raise IngestError(f"{name}: no rows")
        raise IngestError(f"{name}: no header row with known columns (求职意向, 专业, 学历 …) in the first {_HEADER_ROWS} rows")
    header = [str(c or "").strip() for c in grid[header_at]]
    rows = []
    for raw in grid[header_at + 1:]:
        if not any(str(c if c is not None else "").strip() for c in raw):
            continue
        rows.append({h: v for h, v in zip(header, raw, strict=False) if h})
    return rows


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = "、".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return mask_pii(str(value).strip())


@lru_cache(maxsize=4096)
def one_district(value: str) -> str:
    """The first district named, canonical (``某市枫林区`` → ``枫林区``); "" for none, 不限, or a city alone."""
    for part in _SEPARATORS.split(value or ""):
        if not part or any(w in part for w in _NO_PREFERENCE):
            continue
        district = canonical_district(part)
        return "" if district.endswith("市") else district
    return ""


def iso_date(value) -> str:
    """An ISO date from 2026-07-03, 2026/7/3, 2026年7月3日, 20260703, 2026-07, a datetime or an Excel serial; else ""."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float) and 20000 < value < 80000:  # Excel's day number (1954–2119)
        return (date(1899, 12, 30) + timedelta(days=int(value))).isoformat()
    text = str(value or "").strip()
    m = _COMPACT_DATE.match(text) or _DATE.search(text)
    if not m:
        return ""
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1)).isoformat()
    except ValueError:
        return ""


def values_of(r: SeekerRecord) -> tuple[str, ...]:
    """The kept fields of a record, in ``FIELDS`` order (``dataclasses.astuple`` deep-copies: 10× slower)."""
    return tuple(getattr(r, f) for f in FIELDS)


def to_record(row: dict, number: int, columns: dict[str, str] | None = None) -> SeekerRecord | None:
    """One registration, anonymised; None when it has nothing to count (no aim, programme, skill or certificate).
    ``columns`` (header → field) is computed once per file by the caller."""
    if columns is None:
        aliases = seeker_aliases()
        columns = {k: aliases[_key(k)] for k in row if _key(k) in aliases}
    values: dict[str, object] = {}
    for key, name in columns.items():
        value = row.get(key)
        if value not in (None, "", []) and name not in values:
            values[name] = value
    kept = {f: _text(values.get(f)) for f in FIELDS if f not in ("district", "registered_at")}
    for f in _SHORT:  # grouped on (and indexed): a short phrase, never a paragraph
        kept[f] = kept[f][:_SHORT_MAX]
    kept["district"] = one_district(_text(values.get("district")))[:_SHORT_MAX]
    kept["registered_at"] = iso_date(values.get("registered_at"))
    if not any(kept[f] for f in ("intent", "major", "skills", "certificates")):
        return None
    return SeekerRecord(row=number, **kept)


def load_registrations(name: str, data: bytes, rows: list[dict] | None = None) -> list[SeekerRecord]:
    """Every usable registration of a file (``rows``: already read with ``read_rows``); IngestError naming the file
    when there is none."""
    rows = read_rows(name, data) if rows is None else rows
    if not rows:
        raise IngestError(f"{name}: no rows")
    headers = {k for r in rows for k in r}
    aliases = seeker_aliases()
    if not any(aliases.get(_key(h)) in ("intent", "major", "skills", "certificates") for h in headers):
        raise IngestError(f"{name}: no 求职意向/专业/技能/证书 column found; cannot read these rows as registrations")
    columns = {h: aliases[_key(h)] for h in headers if _key(h) in aliases}
    records = [r for i, row in enumerate(rows, start=1) if (r := to_record(row, i, columns)) is not None]
    if not records:
        raise IngestError(f"{name}: no registration has a 求职意向, 专业, 技能 or 证书")
    return records


def content_hash(records: list[SeekerRecord]) -> str:
    """sha256 of the kept registrations (the same for the raw export and its stored anonymised form)."""
    rows = [values_of(r) for r in records]
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode("utf-8")).hexdigest()


def anonymised_file(name: str, records: list[SeekerRecord]) -> bytes:
    """What is kept on disk for a registration file: the anonymised records in the file's own format (so a stored
    version can be restored and downloaded like any document), with the canonical column names."""
    rows = [dict(zip(FIELDS, values_of(r), strict=True)) for r in records]
    ext = Path(name).suffix.lower()
    if ext == ".jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")
    if ext == ".xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.append(list(FIELDS))
        for r in rows:
            sheet.append(list(r.values()))
        buf = io.BytesIO()
        book.save(buf)
        return buf.getvalue()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(FIELDS)
    writer.writerows(r.values() for r in rows)
    return out.getvalue().encode("utf-8")
