"""Posting columns: real exports name them differently; map the variants to one canonical set."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from core.places import city_zone, is_district, place_mentions

CANONICAL = ("id", "title", "company", "district", "salary", "education", "experience", "skills", "description", "posted_at")
OPTIONAL = ("requirements", "openings", "city")  # mapped when a file has them (任职要求, 招聘人数, a city in 工作地点)
REQUIRED = ("title",)
ADDRESS = "工作地址"  # the key an address written in the district's column is kept under
_DATA = Path(__file__).resolve().parent / "data" / "posting_columns.json"
_UNIT = re.compile(r"[（(][^（）()]{1,8}[）)]\s*$")  # 月薪（元）, 招聘人数(人): the unit after a column name


@cache
def column_aliases() -> dict[str, str]:
    """alias (lower-case) → canonical column name, from the data file."""
    table = json.loads(_DATA.read_text(encoding="utf-8"))
    aliases = {}
    for canonical, names in table.items():
        if canonical.startswith("_"):
            continue
        aliases[canonical] = canonical
        for name in names:
            aliases[name.strip().lower()] = canonical
    return aliases


def is_alias(name: str) -> bool:
    """A column name that maps to a canonical field (工作地址 → district)."""
    aliases = column_aliases()
    return bool(aliases.get(name.strip().lower()) or aliases.get(_UNIT.sub("", name).strip().lower()))


def normalise_row(row: dict) -> dict[str, str]:
    """Canonical fields as strings; unknown columns, and a second column mapping to a field already filled (所在区
    then 工作地址), are kept under their own names (they become text, not a failure, and stay answerable)."""
    aliases = column_aliases()
    out: dict[str, str] = {}
    for key, value in row.items():
        if key is None:
            continue
        if isinstance(value, list):
            value = "、".join(str(v) for v in value)
        value = "" if value is None else str(value).strip()
        canonical = aliases.get(str(key).strip().lower()) or aliases.get(_UNIT.sub("", str(key)).strip().lower())
        if canonical and not out.get(canonical):
            if value:
                out[canonical] = value
        elif value:  # an unknown column, or a second one for a field already filled (所在区, then 工作地址): its own name
            out[str(key).strip()] = value
    if out.get("district"):
        written = out["district"]
        out.update(_place_fields(written))
        rest = written
        for name in (out.get("city", ""), out.get("district", "")):
            rest = rest.replace(name, "") if name else rest
        if len(rest.strip(" ，,、-")) >= 3 and not out.get(ADDRESS):
            out[ADDRESS] = written  # 蓼屿区港城物流园B区6号库: the district is read from it, the address is kept
    return out


def _place_fields(value: str) -> dict[str, str]:
    """工作地点 as written (北京市海淀区, 海淀区中关村) → the canonical district and its city."""
    found = place_mentions(value)
    district = next((p for p in found if is_district(p)), None)
    city = next((p.name for p in found if p.kind == "city"), None) or (district.city if district else None)
    fields = {"district": district.name} if district else {}
    if city:
        fields["city"] = city
        if not district and (zone := city_zone(value, city)):
            fields["district"] = zone  # 某市高新区科技路: the city's zone, not the address
    return fields


def missing_required(name: str, keys: list[str], postings: list[dict]) -> str | None:
    """One line naming the required field no column maps to, with the names it may have and the columns found."""
    table = json.loads(_DATA.read_text(encoding="utf-8"))
    for field in REQUIRED:
        if not any(p.get(field) for p in postings):
            return (f"{name}: no column for the required field {field!r} (any of {'/'.join([field] + table[field][:8])}); "
                    f"columns found: {', '.join(keys) or '(none)'}")
    return None
