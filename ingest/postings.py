"""Posting columns: real exports name them differently; map the variants to one canonical set."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

CANONICAL = ("id", "title", "company", "district", "salary", "education", "experience", "skills", "description", "posted_at")
_DATA = Path(__file__).resolve().parent / "data" / "posting_columns.json"


@cache
def column_aliases() -> dict[str, str]:
    """alias (lower-case) → canonical column name, from the data file."""
    table = json.loads(_DATA.read_text(encoding="utf-8"))
    aliases = {}
    for canonical, names in table.items():
        aliases[canonical] = canonical
        for name in names:
            aliases[name.strip().lower()] = canonical
    return aliases


def normalise_row(row: dict) -> dict[str, str]:
    """Canonical fields as strings; unknown columns are kept under their own names (they become text, not a failure)."""
    aliases = column_aliases()
    out: dict[str, str] = {}
    for key, value in row.items():
        if key is None:
            continue
        if isinstance(value, list):
            value = "、".join(str(v) for v in value)
        value = "" if value is None else str(value).strip()
        canonical = aliases.get(str(key).strip().lower())
        if canonical:
            if value and not out.get(canonical):
                out[canonical] = value
        elif value:
            out[str(key).strip()] = value
    return out
