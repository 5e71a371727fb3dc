"""The assistant's word lists (data files), loaded once."""

from __future__ import annotations

import json
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
