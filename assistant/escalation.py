"""Escalation detection: which messages must go to a human counsellor, why, and how urgently.

The rules (word lists, regexes, exclusions, priorities) live in ``assistant/data/escalation_rules.json``;
this module only applies them. Matching is "word-boundary aware" in the sense that matters for Chinese:
known longer words that merely contain a trigger (人工智能, 紧张得要死, 真人面试) are masked out first,
so they can never match a shorter trigger (人工, 要死, 真人).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import prompts
from assistant.records import Turn
from core.places import compact_text

RULES_PATH = Path(__file__).resolve().parent / "data" / "escalation_rules.json"
Priority = Literal["urgent", "high", "normal"]
_MASK = "\u25a1"  # a character no pattern contains


@dataclass(frozen=True)
class Trigger:
    id: str
    label: str
    priority: Priority
    crisis: bool
    patterns: tuple[re.Pattern, ...]
    unless: tuple[re.Pattern, ...] = ()


@dataclass
class Decision:
    """The outcome of checking one message. ``immediate_reply`` is sent at once (the crisis hotlines)."""

    escalate: bool
    reasons: list[str] = field(default_factory=list)
    priority: Priority = "normal"
    crisis: bool = False
    immediate_reply: str | None = None
    matches: list[str] = field(default_factory=list)  # the text that triggered each reason, for the audit log


def normalise(text: str) -> str:
    """NFKC, lower case, no whitespace: full-width and spaced-out variants match the same rules."""
    return compact_text(text).lower()


class EscalationDetector:
    """Applies the escalation rules to a message (and, for follow-ups, the turn before it)."""

    def __init__(self, rules: dict):
        self.priorities: list[str] = rules["priorities"]
        self.exclusions = [re.compile(p) for p in rules["exclusions"]]
        self.triggers = [
            Trigger(
                id=t["id"], label=t["label"], priority=t["priority"], crisis=bool(t["crisis"]),
                patterns=tuple(re.compile(p) for p in t["patterns"]),
                unless=tuple(re.compile(p) for p in t.get("unless", [])),
            )
            for t in rules["triggers"]
        ]
        follow = rules.get("follow_up", {})
        self.offer = [re.compile(p) for p in follow.get("offer_patterns", [])]
        self.affirm = [re.compile(p) for p in follow.get("affirm_patterns", [])]
        rf = rules["repeated_failure"]
        self.repeated_id: str = rf["id"]
        self.repeated_priority: Priority = rf["priority"]
        self.repeated_streak: int = int(rf["streak"])
        self.button_message: str = rules["button"]["message"]
        self.labels = {t.id: t.label for t in self.triggers} | {self.repeated_id: rf["label"]}

    @classmethod
    def from_data(cls, path: Path = RULES_PATH) -> EscalationDetector:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    @staticmethod
    def _mask(patterns, text: str) -> str:
        for pattern in patterns:
            text = pattern.sub(lambda m: _MASK * len(m.group(0)), text)
        return text

    def detect(self, message: str, history: list[Turn] | None = None, unresolved_streak: int = 0) -> Decision:
        """Decide whether ``message`` goes to a counsellor. ``unresolved_streak`` counts consecutive
        refusals or 👎 on the same topic before this message (see ``assistant.sessions``)."""
        text = self._mask(self.exclusions, normalise(message))
        reasons: list[str] = []
        matches: list[str] = []
        crisis = False
        for trigger in self.triggers:
            scoped = self._mask(trigger.unless, text)
            for pattern in trigger.patterns:
                m = pattern.search(scoped)
                if m:
                    reasons.append(trigger.id)
                    matches.append(m.group(0))
                    crisis = crisis or trigger.crisis
                    break
        if "explicit_request" not in reasons and self._accepts_offer(text, history):
            reasons.append("explicit_request")
            matches.append(message.strip())
        if unresolved_streak >= self.repeated_streak:
            reasons.append(self.repeated_id)
            matches.append(f"streak={unresolved_streak}")
        if not reasons:
            return Decision(escalate=False)
        return Decision(
            escalate=True,
            reasons=reasons,
            priority=self._priority(reasons),
            crisis=crisis,
            immediate_reply=prompts.load("crisis_reply").strip() if crisis else None,
            matches=matches,
        )

    def _accepts_offer(self, text: str, history: list[Turn] | None) -> bool:
        if not history or not any(p.search(text) for p in self.affirm):
            return False
        last_bot = next((t.content for t in reversed(history) if t.role == "assistant"), "")
        return any(p.search(normalise(last_bot)) for p in self.offer)

    def _priority(self, reasons: list[str]) -> Priority:
        by_id = {t.id: t.priority for t in self.triggers} | {self.repeated_id: self.repeated_priority}
        return min((by_id[r] for r in reasons), key=self.priorities.index)  # type: ignore[return-value]

    def label(self, reason: str) -> str:
        """The Chinese label staff see for a reason id."""
        return self.labels.get(reason, reason)
