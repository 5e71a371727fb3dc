"""The optional LLM vote: when a chat model is configured, it is asked (``prompts/escalation_classify.txt``) whether a
message the offline signals let through needs a person. It can only add an escalation; any failure (timeout, HTTP
error, an answer that is not the JSON asked for) is logged and changes nothing."""

from __future__ import annotations

import json
import logging
import re

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage

import prompts
from assistant.escalation.labelled import MESSAGE_REASONS

log = logging.getLogger(__name__)
_JSON = re.compile(r"\{.*\}", re.DOTALL)


class LLMVote:
    """Asks the chat model; returns the reasons it gives (valid ones only), or [] on no / failure."""

    def __init__(self, chat_model: BaseChatModel) -> None:
        self.chat_model = chat_model

    def reasons(self, messages: list[str]) -> list[str]:
        prompt = prompts.render("escalation_classify", messages="\n".join(f"- {m}" for m in messages))
        try:
            reply = self.chat_model.invoke([HumanMessage(prompt)])
            text = reply.content if isinstance(reply.content, str) else ""
            found = _JSON.search(text)
            answer = json.loads(found.group(0)) if found else None
        except Exception as exc:  # noqa: BLE001 - the vote is optional: its failure changes nothing
            log.warning("escalation vote of the chat model ignored: %s", exc)
            return []
        if not isinstance(answer, dict) or not isinstance(answer.get("escalate"), bool):
            log.warning("escalation vote of the chat model ignored: not the JSON asked for: %r", text[:80])
            return []
        if not answer["escalate"]:
            return []
        reasons = [r for r in answer.get("reasons") or [] if r in MESSAGE_REASONS]
        return list(dict.fromkeys(reasons)) or ["complex_case"]
