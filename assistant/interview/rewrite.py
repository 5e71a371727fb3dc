"""LLM mode: a chat model may rephrase the rubric's suggestions. Scores are never touched, so they stay comparable."""

from __future__ import annotations

import dataclasses
import logging
from typing import TYPE_CHECKING

import prompts
from assistant.interview.bank import Question, Role
from assistant.interview.grader import DIMENSION_LABELS, Grade
from core.masking import mask_pii

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)


def rewrite_feedback(grade: Grade, chat_model: BaseChatModel, role: Role, question: Question, answer: str) -> Grade:
    """A copy of ``grade`` whose suggestions the model rewrote; the rubric's own grade if the model fails or says nothing."""
    dims = "\n".join(f"- {DIMENSION_LABELS[k]}：{v.score} 分。{v.reason}" for k, v in grade.dimensions.items())
    text = prompts.render(
        "interview_feedback", role=role.name, question=question.text, answer=mask_pii(answer),
        dimensions=dims, suggestions="\n".join(f"- {s}" for s in grade.suggestions),
    )
    try:
        reply = chat_model.invoke(text)
    except Exception as exc:  # noqa: BLE001 - any endpoint failure keeps the rubric's wording
        log.warning("interview feedback rewrite failed: %s", exc)
        return grade
    content = reply.content if isinstance(reply.content, str) else str(reply.content)
    lines = [ln.strip().lstrip("-•*").strip() for ln in content.splitlines()]
    lines = [ln for ln in lines if ln][:3]
    if not lines:
        return grade
    return dataclasses.replace(grade, suggestions=lines)
