"""The optional LLM answer path: any OpenAI-compatible chat model through langchain-openai.

Every number in a generated answer must appear in the passages it cites; otherwise the extractive answer is used."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from langchain_core.documents import Document
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

import prompts
from core.places import compact_text
from core.settings import Settings

log = logging.getLogger(__name__)
_CITATION = re.compile(r"\[\d+\]")
_NUM = re.compile(r"\d+(?:\.\d+)?")
_LIST_MARK = re.compile(r"^\s*\d{1,2}[.、)）]\s*(?!\d)", re.MULTILINE)  # "1. " / "2、" enumerations are not figures


def make_chat_model(settings: Settings) -> BaseChatModel | None:
    """The one place the chat-model backend is chosen: None (extractive) unless an endpoint is configured."""
    if not settings.llm_enabled:
        return None
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        base_url=settings.llm.base_url,
        model=settings.llm.model,
        api_key=settings.llm.api_key.get_secret_value(),
        timeout=settings.llm.timeout,
        max_retries=0,
        temperature=0,
        streaming=True,
    )


def messages(question: str, docs: list[Document], asks: list[str] = ()) -> list:
    """The prompt: the selected clauses, numbered, and what the question asks for (in the order asked)."""
    from knowledge.query import ask_kinds

    context = "\n".join(
        f"[{i}] 《{d.metadata.get('title', '')}》{d.metadata.get('section', '')}：{d.page_content}" for i, d in enumerate(docs, 1)
    )
    labels = "、".join(ask_kinds()[k]["label"] for k in asks if k in ask_kinds()) or "（未识别，按问题回答）"
    return [SystemMessage(prompts.load("answer_system")),
            HumanMessage(prompts.render("answer_user", context=context, question=question, asks=labels))]


def stream_answer(model: BaseChatModel, question: str, docs: list[Document], asks: list[str] = ()) -> Iterator[str]:
    for chunk in model.stream(messages(question, docs, asks)):
        text = chunk.content if isinstance(chunk.content, str) else ""
        if text:
            yield text


def _norm(text: str) -> str:
    return compact_text(text, ",")


def unsupported_numbers(answer: str, docs: list[Document]) -> list[str]:
    """Numbers in ``answer`` (citation markers aside) that appear in none of ``docs``."""
    # The section (第十条, J0116 Web前端开发) is shown with each passage, so its numbers count as evidence.
    evidence = _norm(" ".join(f"{d.page_content} {d.metadata.get('title', '')} {d.metadata.get('section', '')}" for d in docs))
    found = _NUM.findall(_norm(_LIST_MARK.sub("|", _CITATION.sub("|", answer))))
    return [n for n in dict.fromkeys(found) if n not in evidence]


def cited_docs(answer: str, docs: list[Document]) -> list[Document]:
    """The passages an answer cites with [n] (all of them when it cites none)."""
    idx = sorted({int(m) for m in re.findall(r"\[(\d+)\]", answer) if 0 < int(m) <= len(docs)})
    return [docs[i - 1] for i in idx] or docs
