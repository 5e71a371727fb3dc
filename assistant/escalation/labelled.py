"""Labelled escalation messages: the JSON Lines files the classifier is trained from.

A line is ``{"id", "message", "escalate", "reasons": [...]}`` (``history`` and ``unresolved_streak`` allowed). The
repository's set is every ``*.jsonl`` in ``assistant/data/escalation/``; ``zhitu feedback export --escalation`` writes
counsellors' marks in the same shape, and ``zhitu escalation retrain --labels FILE`` adds such files.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path

from core.errors import ZhituError

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "escalation"
REASONS = ("explicit_request", "distress", "labour_dispute", "discrimination", "fraud", "complex_case", "unresolved")
# Reasons a single message can show; ``unresolved`` is a property of the session (the streak), not of a message.
MESSAGE_REASONS = REASONS[:-1]


@dataclass(frozen=True)
class Example:
    id: str
    message: str
    escalate: bool
    reasons: tuple[str, ...]
    source: str
    stateful: bool = False  # its label depends on the history or the streak: not a message-level example
    earlier: tuple[str, ...] = ()  # the user turns of its history, oldest first (a labelled conversation)

    def to_json(self) -> dict:
        return {"id": self.id, "message": self.message, "escalate": self.escalate, "reasons": list(self.reasons)}


def default_files() -> list[Path]:
    return sorted(DATA_DIR.glob("*.jsonl"))


def load_labelled(paths: list[Path]) -> list[Example]:
    """Every example of ``paths``, in order. A bad line raises one error naming the file and line."""
    examples: list[Example] = []
    for path in paths:
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise ZhituError(f"{path}: cannot read labelled escalation file ({exc})") from exc
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                message, escalate = str(d["message"]), d["escalate"]
                reasons = tuple(d.get("reasons") or ())
            except (ValueError, KeyError, TypeError) as exc:
                raise ZhituError(f"{path}:{number}: not a labelled line {{'message','escalate','reasons'}} ({exc})") from exc
            if not isinstance(escalate, bool) or not message.strip():
                raise ZhituError(f"{path}:{number}: 'escalate' must be true or false and 'message' non-empty")
            unknown = set(reasons) - set(REASONS)
            if unknown:
                raise ZhituError(f"{path}:{number}: unknown reason(s) {sorted(unknown)}; one of {', '.join(REASONS)}")
            if escalate and not reasons:
                raise ZhituError(f"{path}:{number}: an escalated line needs at least one reason")
            stateful = bool(d.get("history")) or bool(d.get("unresolved_streak")) or reasons == ("unresolved",)
            earlier = tuple(str(t.get("content", "")) for t in d.get("history") or []
                            if isinstance(t, dict) and t.get("role") == "user" and str(t.get("content", "")).strip())
            examples.append(Example(str(d.get("id", f"{Path(path).stem}-{number}")), message, escalate,
                                    reasons if escalate else (), Path(path).name, stateful, earlier))
    return examples


def _latest(examples: list[Example], key) -> list[Example]:
    """One example per ``key`` (examples whose key is None are left out); a later line overrides an earlier one (a
    counsellor's mark beats the shipped label) and takes its place in the order."""
    latest: dict = {}
    for ex in examples:
        if (k := key(ex)) is not None:
            latest.pop(k, None)
            latest[k] = ex
    return list(latest.values())


def training_examples(examples: list[Example]) -> list[Example]:
    """The message-level examples, one per message (the last line for it). A routine follow-up is a routine message
    too: a conversation that needs no person ends in a message that needs none read alone (那我老婆孩子能跟着一起落户不
    孩子12岁, after a question about 人才引进). Not when the same words escalate in some conversation (没用 after
    two failed answers) or are labelled alone: must-escalate follow-ups stay conversation-only, their signal may lie
    in the earlier turns."""
    stands = {ex.message for ex in examples if not ex.stateful or ex.escalate}
    read = [replace(ex, stateful=False) if ex.stateful and ex.earlier and not ex.escalate and ex.message not in stands
            else ex for ex in examples]  # in the files' order
    return _latest(read, lambda ex: None if ex.stateful else ex.message)


def conversation_examples(examples: list[Example]) -> list[Example]:
    """The labelled follow-ups: lines whose history holds at least one user turn (the conversation model's data), one
    per conversation (the last line for it)."""
    return _latest(examples, lambda ex: (*ex.earlier, ex.message) if ex.earlier else None)


def data_hash(examples: list[Example]) -> str:
    digest = hashlib.sha256()
    for ex in examples:
        digest.update(json.dumps([ex.message, ex.escalate, sorted(ex.reasons), *ex.earlier], ensure_ascii=False).encode())
    return digest.hexdigest()
