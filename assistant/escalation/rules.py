"""The near-certain escalation rules: an explicit request for a person, explicit self-harm words, "yes" to the bot's
offer of a person, and the unresolved streak. Everything that needs meaning is the classifier's (``classifier.py``).
A trigger marked ``checked`` gives hits the detector confirms with the classifier (``Hit.checked``); a trigger's
``checked_when`` patterns make its hit checked only when the message also matches one of them (想死 followed by 哈哈 or
开玩笑的: a joke marker, never 不是开玩笑); its ``checked_if`` patterns make every hit checked when they occur anywhere in
the message (帮我约个老师 is a request; 不用帮我约 我就问问 is for the classifier). A ``follow_up_only`` trigger matches only a
message that follows earlier user turns (问了两遍还是没用 is a complaint about the answers only after a question).

The rules (word lists, regexes, exclusions, reason labels and priorities) live in
``assistant/data/escalation/rules.json``; this module only applies them. Known longer words that merely contain a
trigger (人工智能, 紧张得要死, 真人面试) are masked out first, so they can never match a shorter trigger (人工, 要死, 真人).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from assistant.records import Turn
from core.places import normalise_text

RULES_PATH = Path(__file__).resolve().parent.parent / "data" / "escalation" / "rules.json"
_MASK = "\u25a1"  # a character no pattern contains
_NUMERALS = dict(zip("一二三四五六七八九", "123456789"))
_SENTENCE_ENDS = "。?!"  # after normalise: ？！ are their ASCII forms
_CLAUSE_ENDS = _SENTENCE_ENDS + ",;、:"


def _span(text: str, start: int, end: int, stops: str) -> tuple[int, int]:
    """The span around ``text[start:end]`` up to the nearest ``stops`` on either side (not included)."""
    left = max(text.rfind(c, 0, start) for c in stops) + 1
    right = min((j for c in stops if (j := text.find(c, end)) >= 0), default=len(text))
    return left, right


def _bare(text: str) -> str:
    """The message's words only: punctuation, symbols and emoji dropped (好！要😊 → 好要)."""
    return "".join(c for c in text if c.isalnum())


def normalise(text: str) -> str:
    """NFKC, lower case, no whitespace: full-width and spaced-out variants match the same rules."""
    return normalise_text(text).replace(" ", "").lower()


@dataclass(frozen=True)
class Reason:
    id: str
    label: str
    priority: str
    crisis: bool
    documents: bool = True  # the documents' answer to a practical question asked with it comes with the ticket


@dataclass(frozen=True)
class Hit:
    reason: str
    text: str  # what matched, for the audit log
    checked: bool = False  # counts only when the classifier agrees the message is not plainly routine
    offer: bool = False  # a short yes (or a numbered choice) to the bot's offer of a person: the message says nothing else


class Rules:
    """Applies the rules file to one message (and, for "好的" after an offer, the bot's turn before it)."""

    def __init__(self, rules: dict):
        self.priorities: list[str] = rules["priorities"]
        self.reasons = {rid: Reason(rid, r["label"], r["priority"], bool(r["crisis"]), bool(r.get("documents", True))) for rid, r in rules["reasons"].items()}
        self.exclusions = [re.compile(p) for p in rules["exclusions"]]
        self.triggers = [(t["id"], [re.compile(p) for p in t["patterns"]], bool(t.get("checked"))) for t in rules["triggers"]]
        # per trigger: patterns that, when the (masked) message also matches one, make its hit a checked one
        self.checked_when = [[re.compile(p) for p in t.get("checked_when", [])] for t in rules["triggers"]]
        self.checked_if = [[re.compile(p) for p in t.get("checked_if", [])] for t in rules["triggers"]]
        self.follow_up_only = [bool(t.get("follow_up_only")) for t in rules["triggers"]]
        unknown = {rid for rid, _, _ in self.triggers} - set(self.reasons)
        if unknown:
            raise ValueError(f"escalation rules: trigger for unknown reason(s) {sorted(unknown)}")
        follow = rules.get("follow_up", {})
        self.offer = [re.compile(p) for p in follow.get("offer_patterns", [])]
        self.affirm = [re.compile(p) for p in follow.get("affirm_patterns", [])]
        words = "|".join(re.escape(w) for w in sorted(follow.get("affirm_words", []), key=len, reverse=True))
        self.affirm_only = re.compile(f"^(?:{words})+$") if words else None
        choice = follow.get("choice_pattern")
        self.choice = re.compile(f"^{choice}(?:{words})*$" if words else f"^{choice}$") if choice else None
        self.option_marker = re.compile(follow["option_marker"]) if follow.get("option_marker") else None
        self.person_words = list(follow.get("person_words", []))
        self.unresolved_id: str = rules["unresolved"]["id"]
        self.unresolved_streak: int = int(rules["unresolved"]["streak"])
        self.button_message: str = rules["button"]["message"]

    @classmethod
    def from_data(cls, path: Path = RULES_PATH) -> Rules:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def masked(self, message: str) -> str:
        """The normalised message with the exclusions (trap words) masked out."""
        text = normalise(message)
        for pattern in self.exclusions:
            text = pattern.sub(lambda m: _MASK * len(m.group(0)), text)
        return text

    def match(self, message: str, history: list[Turn] | None = None) -> list[Hit]:
        text = self.masked(message)
        follows = any(t.role == "user" and t.content.strip() for t in history or [])
        hits: list[Hit] = []
        triggers = zip(self.triggers, self.checked_when, self.checked_if, self.follow_up_only, strict=True)
        for (reason, patterns, checked), when, unless, follow_up_only in triggers:
            if follow_up_only and not follows:
                continue
            for pattern in patterns:
                m = pattern.search(text)
                if m:
                    checked = checked or self._only_in(text, patterns, when) or any(u.search(text) for u in unless)
                    hits.append(Hit(reason, m.group(0), checked))
                    break
        if not any(h.reason == "explicit_request" and not h.checked for h in hits) and self._accepts_offer(text, history):
            hits.append(Hit("explicit_request", message.strip(), offer=True))
        return hits

    @staticmethod
    def _only_in(text: str, patterns: list[re.Pattern], when: list[re.Pattern]) -> bool:
        """True when every match of ``patterns`` lies inside a ``checked_when`` span: with those spans masked out, none
        matches (想死哈哈 is checked; 想死哈哈，真的活不下去了 is not)."""
        rest = text
        for w in when:
            rest = w.sub(lambda m: _MASK * len(m.group(0)), rest)
        return rest != text and not any(p.search(rest) for p in patterns)

    def _accepts_offer(self, text: str, history: list[Turn] | None) -> bool:
        """True when the message only says yes to the bot's last turn offering a person (好 要, 嗯 帮我转 after 需要帮您转接
        人工指导员吗), or only chooses the numbered option of that turn that names a person (2 谢谢 after 回复1继续查询，回复2
        转人工). Choosing another option (1 after 1.失业登记 2.就业补贴 3.转人工), or a yes to an offer of something else
        (好 要 after 需要我把地址发给您吗), is not a request."""
        if not history:
            return False
        last_bot = normalise(next((t.content for t in reversed(history) if t.role == "assistant"), ""))
        if not last_bot:
            return False
        bare = _bare(text)
        if self.choice is not None and (m := self.choice.match(bare)):
            option = self._option(last_bot, _NUMERALS.get(m.group(1), m.group(1)))
            if option is not None:
                return any(w in option for w in self.person_words)
        said_yes = any(p.search(text) for p in self.affirm) or bool(self.affirm_only and bare and self.affirm_only.match(bare))
        return said_yes and any(p.search(last_bot) for p in self.offer)

    def _option(self, bot: str, number: str) -> str | None:
        """The text of option ``number`` in the bot's turn, or None when the turn lists no such option. A list marker (1.
        / 2、 / 一、) runs to the next marker; a reply marker (回复2, 按2: the pattern's first group) marks the clause it
        stands in (需要转人工请回复1，继续提问请回复2), or, when that clause says nothing but the marker (请回复“1”), the
        clause before it in the same sentence (如需指导员帮助，请回复“1”)."""
        if self.option_marker is None:
            return None
        marks = list(self.option_marker.finditer(bot))
        for i, m in enumerate(marks):
            label = next(g for g in m.groups() if g)
            if _NUMERALS.get(label, label) != number:
                continue
            if not m.group(1):
                return bot[m.end(): marks[i + 1].start() if i + 1 < len(marks) else len(bot)]
            start, end = _span(bot, m.start(), m.end(), _CLAUSE_ENDS)
            clause = bot[start:end]
            if len(_bare(clause.replace(m.group(0), ""))) <= 2:  # 请回复“1”: the option is said before it
                sentence, _ = _span(bot, m.start(), m.end(), _SENTENCE_ENDS)
                before = bot[sentence:max(start - 1, sentence)]
                return re.split(f"[{re.escape(_CLAUSE_ENDS)}]", before)[-1] + clause
            return clause
        return None

    def priority(self, reasons: list[str]) -> str:
        return min((self.reasons[r].priority if r in self.reasons else "normal" for r in reasons), key=self.priorities.index)

    def crisis(self, reasons: list[str]) -> bool:
        return any(self.reasons[r].crisis for r in reasons if r in self.reasons)

    def with_documents(self, reasons: list[str]) -> bool:
        """Does what the documents say of a practical question come with a ticket for these reasons (distress, a case
        across rules, a request for a person: yes; a labour dispute, discrimination, fraud: the counsellor's whole)?"""
        return self.crisis(reasons) or all(self.reasons[r].documents for r in reasons if r in self.reasons)

    def label(self, reason: str) -> str:
        """The Chinese label staff see for a reason id."""
        return self.reasons[reason].label if reason in self.reasons else reason
