"""The deployment's own question sets: every set run with `zhitu eval` and every `zhitu feedback export` is kept
(by content) under ``<home>/question_sets``; the admin's impact preview replays them, never a sample set."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from eval.questions import Question, QuestionSetError, load_questions


def sets_dir(home: Path) -> Path:
    return home / "question_sets"


def register_question_set(home: Path, name: str, text: str) -> Path | None:
    """Keep a copy of a question set (JSON Lines text) under a name from its file name and content hash; the same
    content is kept once. Returns the stored path, or None when there is nothing to keep."""
    if not text.strip():
        return None
    folder = sets_dir(home)
    folder.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^\w.-]+", "_", Path(name).stem)[:40] or "questions"
    path = folder / f"{stem}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:10]}.jsonl"
    if not path.exists():
        path.write_text(text, encoding="utf-8")
    return path


def registered_questions(home: Path) -> list[Question]:
    """Every question of every registered set (a question asked in several sets once); unusable files skipped."""
    seen: dict[str, Question] = {}
    folder = sets_dir(home)
    for path in sorted(folder.glob("*.jsonl")) if folder.exists() else []:
        try:
            qs = load_questions(path)
        except QuestionSetError:
            continue
        for q in qs.questions:
            seen.setdefault(q.question, q)
    return list(seen.values())
