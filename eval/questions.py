"""Question sets: JSON Lines → typed ``Question`` records, with every malformed line reported by number.

A line is ``{"id","question","history":[{"role","content"}],"category","expected_sources":[…],
"expected_facts":[…],"forbidden_facts":[…],"expect_escalation":false,"expect_refusal":false}``, plus an optional
free-text ``note`` (the writer's doubt about the line, shown with its result); only ``id`` and ``question`` are required
(see DESIGN.md). A malformed line is skipped and reported; the rest still run. An
unknown field (a typo such as ``expected_fact``) is warned about and the line still runs without it.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import ZhituError

HISTORY_ROLES = ("user", "assistant", "counsellor")
_STR_LISTS = ("expected_sources", "expected_facts", "forbidden_facts")
_BOOLS = ("expect_escalation", "expect_refusal")
FIELDS = ("id", "question", "history", "category", *_STR_LISTS, *_BOOLS, "note")


class QuestionSetError(ZhituError):
    """The question set cannot be used at all (missing, unreadable, or without one valid line)."""


@dataclass(frozen=True)
class Question:
    """One evaluation case. ``line`` is its 1-based line number in the file, for messages."""

    id: str
    question: str
    history: tuple[dict, ...] = ()
    category: str = "uncategorised"
    expected_sources: tuple[str, ...] = ()
    expected_facts: tuple[str, ...] = ()
    forbidden_facts: tuple[str, ...] = ()
    expect_escalation: bool = False
    expect_refusal: bool = False
    note: str = ""
    line: int = 0

    def history_messages(self) -> list[dict]:
        """The history as the assistant takes it: a list of ``{"role","content"}`` dicts."""
        return [{"role": h["role"], "content": h["content"]} for h in self.history]

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "question": self.question,
            "history": self.history_messages(),
            "category": self.category,
            "expected_sources": list(self.expected_sources),
            "expected_facts": list(self.expected_facts),
            "forbidden_facts": list(self.forbidden_facts),
            "expect_escalation": self.expect_escalation,
            "expect_refusal": self.expect_refusal,
            **({"note": self.note} if self.note else {}),
        }


@dataclass(frozen=True)
class LineError:
    """A malformed line: its number and what is wrong, as one readable message."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class QuestionSet:
    """The valid questions of a file plus the lines that were skipped."""

    name: str
    questions: list[Question] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    warnings: list[LineError] = field(default_factory=list)  # lines that run, with something ignored (unknown fields)


class _Invalid(ValueError):
    pass


def _unknown_field(key: str) -> str:
    close = difflib.get_close_matches(key, FIELDS, n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else f" (known fields: {', '.join(FIELDS)})"
    return f"unknown field {key!r}{hint}"


def _text(value, name: str, *, required: bool) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise _Invalid(f"{name!r} must be a string")
    text = str(value).strip()
    if required and not text:
        raise _Invalid(f"{name!r} is empty")
    return text


def _str_list(value, name: str) -> tuple[str, ...]:
    if isinstance(value, str):
        raise _Invalid(f"{name!r} must be a list of strings, e.g. [{json.dumps(value, ensure_ascii=False)}]")
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _Invalid(f"{name!r} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _history(value) -> tuple[dict, ...]:
    if not isinstance(value, list):
        raise _Invalid("'history' must be a list of {\"role\",\"content\"} objects")
    turns = []
    for i, turn in enumerate(value, 1):
        if not isinstance(turn, dict) or set(turn) != {"role", "content"}:
            raise _Invalid(f"history turn {i} must be an object with exactly 'role' and 'content'")
        if turn["role"] not in HISTORY_ROLES:
            raise _Invalid(f"history turn {i}: role {turn['role']!r} is not one of {', '.join(HISTORY_ROLES)}")
        if not isinstance(turn["content"], str) or not turn["content"].strip():
            raise _Invalid(f"history turn {i}: 'content' must be a non-empty string")
        turns.append({"role": turn["role"], "content": turn["content"]})
    return tuple(turns)


def unknown_fields(obj) -> str:
    """One message naming the unknown fields of a line ('' when there are none)."""
    return "; ".join(_unknown_field(k) for k in obj if k not in FIELDS) if isinstance(obj, dict) else ""


def parse_line(obj, line: int) -> Question:
    """Validate one decoded JSON value; raises ``ValueError`` with a readable message. Unknown fields are ignored
    here (``unknown_fields`` names them for a warning)."""
    if not isinstance(obj, dict):
        raise _Invalid(f"expected a JSON object, got {type(obj).__name__}")
    missing = [k for k in ("id", "question") if k not in obj]
    if missing:
        problems = ["missing " + " and ".join(repr(k) for k in missing)]
        if unknown_fields(obj):
            problems.append(unknown_fields(obj))
        raise _Invalid("; ".join(problems))
    values: dict = {
        "id": _text(obj["id"], "id", required=True),
        "question": _text(obj["question"], "question", required=True),
        "line": line,
    }
    if "category" in obj and obj["category"] is not None:
        values["category"] = _text(obj["category"], "category", required=False) or "uncategorised"
    if obj.get("note") is not None:
        values["note"] = _text(obj["note"], "note", required=False)
    if obj.get("history") is not None:
        values["history"] = _history(obj["history"])
    for name in _STR_LISTS:
        if obj.get(name) is not None:
            values[name] = _str_list(obj[name], name)
    for name in _BOOLS:
        if obj.get(name) is not None:
            if not isinstance(obj[name], bool):
                raise _Invalid(f"{name!r} must be true or false")
            values[name] = obj[name]
    return Question(**values)


def parse_text(text: str, name: str = "<questions>") -> QuestionSet:
    """Parse JSON Lines text. Blank lines are ignored; every other bad line becomes a ``LineError``."""
    result = QuestionSet(name=name)
    first_line: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            result.errors.append(LineError(number, f"bad JSON: {exc.msg} (column {exc.colno})"))
            continue
        try:
            question = parse_line(obj, number)
        except _Invalid as exc:
            result.errors.append(LineError(number, str(exc)))
            continue
        if question.id in first_line:
            result.errors.append(LineError(number, f"duplicate id {question.id!r} (first on line {first_line[question.id]})"))
            continue
        first_line[question.id] = number
        result.questions.append(question)
        if unknown_fields(obj):
            result.warnings.append(LineError(number, unknown_fields(obj) + "; the line runs without it"))
    return result


def load_questions(path: str | Path) -> QuestionSet:
    """Read a question-set file. Raises ``QuestionSetError`` if it is unusable (nothing valid to run)."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError as exc:
        raise QuestionSetError(f"{path}: no such file") from exc
    except IsADirectoryError as exc:
        raise QuestionSetError(f"{path}: is a directory, expected a .jsonl file") from exc
    except UnicodeDecodeError as exc:
        raise QuestionSetError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    qs = parse_text(text, name=path.name)
    if not qs.questions:
        detail = f"; {len(qs.errors)} malformed line(s), first: {qs.errors[0]}" if qs.errors else ""
        raise QuestionSetError(f"{path}: no valid questions{detail}")
    return qs
