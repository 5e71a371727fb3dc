"""The chat model's escalation vote, against the fake OpenAI-compatible server (real HTTP, real ChatOpenAI)."""

from __future__ import annotations

import pytest

from assistant.escalation import EscalationDetector, Rules
from assistant.escalation.vote import LLMVote
from tests.assistant.fake_openai import FakeOpenAI


@pytest.fixture
def fake():
    with FakeOpenAI() as server:
        yield server


def _detector(base_url: str) -> EscalationDetector:
    from langchain_openai import ChatOpenAI

    model = ChatOpenAI(base_url=base_url, model="fake", api_key="x", timeout=5, max_retries=0, temperature=0)
    return EscalationDetector(Rules.from_data(), vote=LLMVote(model))


def test_the_vote_can_add_an_escalation_with_its_reason(fake):
    fake.enqueue('{"escalate": true, "reasons": ["complex_case"]}')
    decision = _detector(fake.base_url).detect("我的档案好像丢了，单位要我补材料")
    assert decision.escalate and decision.reasons == ["complex_case"] and decision.matches == ["llm"]
    assert "我的档案好像丢了" in fake.requests[-1]["messages"][0]["content"]


def test_the_vote_is_not_asked_when_the_rules_already_escalate(fake):
    decision = _detector(fake.base_url).detect("转人工")
    assert decision.reasons == ["explicit_request"] and fake.requests == []


@pytest.mark.parametrize("canned", [None, "好的，我觉得需要。", '{"escalate": "maybe"}'])
def test_a_failing_vote_changes_nothing(fake, canned):
    if canned is not None:
        fake.enqueue(canned)
    detector = _detector(fake.base_url)  # nothing queued: the fake answers 404
    assert not detector.detect("电工证怎么考").escalate
    assert len(fake.requests) == 1
