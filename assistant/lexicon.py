"""The assistant's word lists (data files), loaded once."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


@cache
def routes() -> dict[str, list[str]]:
    return json.loads((DATA / "routes.json").read_text(encoding="utf-8"))


@cache
def slots() -> dict:
    return json.loads((DATA / "slots.json").read_text(encoding="utf-8"))


def contains_any(text: str, words: list[str]) -> list[str]:
    return [w for w in words if w in text]


@cache
def unset_marker() -> re.Pattern:
    """A marker of a figure set later (scope.json ``unset_markers``: 另行制定), not negated (高新区不另行制定区级政策: it
    follows the city's)."""
    markers = json.loads((DATA / "scope.json").read_text(encoding="utf-8"))["unset_markers"]
    return re.compile(f"(?<![不无未])(?:{'|'.join(map(re.escape, markers))})")
