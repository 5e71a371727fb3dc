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


def groups_named(text: str, story: bool = False) -> set[str]:
    """The groups of people (slots.json ``groups``: 高校毕业生, 就业困难人员) the text names; with ``story``, also
    those a question's story tells (去年7月毕业 → 高校毕业生)."""
    return {name for name, words in slots()["groups"].items() if not name.startswith("_") and contains_any(
        text, words["named"] + (words["story"] if story else []))}


def for_others_named(named: set[str], asker: set[str]) -> bool:
    """Groups ``named`` by a text are all other than the ``asker``'s, on some side both name (slots.json groups'
    'side': who the person is, who borrows, which passport; 个人创业担保贷款 is not for others to a 退役军人 who asks)."""
    side = _sides()
    return any((mine := {g for g in asker if side[g] == s}) and (theirs := {g for g in named if side[g] == s})
               and not mine & theirs for s in {side[g] for g in named})


@cache
def _sides() -> dict[str, str]:
    return {name: words.get("side", "person") for name, words in slots()["groups"].items() if not name.startswith("_")}


def for_group(text: str, asker: set[str]) -> str:
    """Of a sentence whose parts (between ；) are written for different groups, the parts for the ``asker``'s groups
    or for none, after the field name that opens it (补贴标准：就业困难人员…480元；离校2年内未就业的高校毕业生…400元。
    → 补贴标准：离校2年内未就业的高校毕业生…400元。); the text itself when no part is left out, or none is kept."""
    parts = [p for p in re.split(r"(?<=[；;])", text) if p.strip()]
    if not asker or len(parts) < 2:
        return text
    kept = [p for p in parts if not for_others_named(groups_named(p), asker)]
    if not kept or len(kept) == len(parts):
        return text
    label = re.match(r"[^，,。；;：:]{1,12}[：:]", parts[0])
    head = label.group(0) if label and parts[0] not in kept else ""
    return (head + "".join(kept)).rstrip("；;") + ("。" if kept[-1].rstrip().endswith(("；", ";")) else "")


@cache
def unset_marker() -> re.Pattern:
    """A marker of a figure set later (scope.json ``unset_markers``: 另行制定), not negated (高新区不另行制定区级政策: it
    follows the city's)."""
    markers = json.loads((DATA / "scope.json").read_text(encoding="utf-8"))["unset_markers"]
    return re.compile(f"(?<![不无未])(?:{'|'.join(map(re.escape, markers))})")
