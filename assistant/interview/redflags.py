"""Red flags: unsafe or non-compliant practice stated as what the candidate does or would do.

Patterns per occupation family live in ``data/red_flags.json``. Every family's rules are checked for every role
(an unsafe practice is unsafe whatever the title); a negation before the match in its clause ("绝不带电作业") or a
rejection after it in the sentence ("带电作业是违规的") cancels it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from assistant.interview.bank import DATA
from knowledge.tokenize import normalise

_CLAUSE_END = "，,。.;；!！?？\n"
_SENTENCE_END = "。.;；!！?？\n"


@dataclass(frozen=True)
class RedFlag:
    """One unsafe practice found in an answer: the family, the rule it breaks and the answer's words."""

    family: str
    family_label: str
    rule_id: str
    rule: str
    quote: str


@dataclass(frozen=True)
class _Rule:
    family: str
    label: str
    id: str
    rule: str
    pattern: re.Pattern


class RedFlagChecker:
    """Finds red flags in an answer; ``family_for(title)`` names the occupation family of a job title."""

    def __init__(self, data: dict):
        self.negators = tuple(normalise(w) for w in data["negators"])
        self.rejections = tuple(normalise(w) for w in data["rejections"])
        self.families = {k: v for k, v in data["families"].items()}
        self.rules = [
            _Rule(fam, spec["label"], r["id"], r["rule"], re.compile("|".join(f"(?:{p})" for p in r["patterns"])))
            for fam, spec in self.families.items() for r in spec["rules"]
        ]

    def family_for(self, title: str) -> str | None:
        """The family whose longest title keyword occurs in ``title`` (None: no family known)."""
        norm = normalise(title)
        best, best_len = None, 0
        for fam, spec in self.families.items():
            for kw in spec.get("title_keywords", ()):
                k = normalise(kw)
                if k and k in norm and len(k) > best_len:
                    best, best_len = fam, len(k)
        return best

    def find(self, answer: str) -> list[RedFlag]:
        norm = normalise(answer)
        found: list[RedFlag] = []
        seen: set[str] = set()
        for rule in self.rules:
            for m in rule.pattern.finditer(norm):
                if rule.id in seen or self._cancelled(norm, m.start(), m.end()):
                    continue
                seen.add(rule.id)
                found.append(RedFlag(rule.family, rule.label, rule.id, rule.rule, _sentence(answer, norm, m.start())))
        return found

    def _cancelled(self, norm: str, start: int, end: int) -> bool:
        clause_start = max(norm.rfind(p, 0, start) for p in _CLAUSE_END) + 1
        before = norm[clause_start:start]
        if any(w in before for w in self.negators) or before.endswith(("不", "没", "未", "勿", "别")):
            return True
        ends = [i for i in (norm.find(p, end) for p in _SENTENCE_END) if i >= 0]
        after = norm[end:min(ends) if ends else len(norm)]
        return any(w in after for w in self.rejections)


def _sentence(original: str, norm: str, pos: int, width: int = 40) -> str:
    start = max(norm.rfind(p, 0, pos) for p in _SENTENCE_END) + 1
    ends = [i for i in (norm.find(p, pos) for p in _SENTENCE_END) if i >= 0]
    end = min(ends) if ends else len(norm)
    frag = original[start:end].strip(" ，,")
    return frag[:width] + ("…" if len(frag) > width else "")


@cache
def load_red_flags(path: Path = DATA / "red_flags.json") -> RedFlagChecker:
    return RedFlagChecker(json.loads(path.read_text(encoding="utf-8")))
