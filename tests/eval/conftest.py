"""Eval fixtures: a canned fake assistant (a real class with ``ask``, not a mock) and the tiny question set."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.records import Reply, Source

DATA = Path(__file__).resolve().parent / "data"


class CannedAssistant:
    """A fake Assistant: answers each message with the Reply prepared for it and records every call."""

    def __init__(self, replies: dict[str, Reply], fail_on: tuple[str, ...] = ()):
        self.replies = replies
        self.fail_on = fail_on
        self.calls: list[tuple[str, str | None, list[dict] | None]] = []

    def ask(self, message: str, session_id: str | None = None, history: list[dict] | None = None) -> Reply:
        self.calls.append((message, session_id, history))
        if message in self.fail_on:
            raise RuntimeError("index unavailable")
        return self.replies[message]


def src(name: str, score: float = 0.5, page: int = 1, section: str = "") -> Source:
    return Source(source=name, title=name.rsplit(".", 1)[0], page=page, section=section, score=score)


ESCALATED = "已为你转接人工辅导员，请稍候。"


def tiny_replies() -> dict[str, Reply]:
    """Canned replies for tests/eval/data/tiny.jsonl; every metric of this run is worked out in test_eval_metrics."""
    return {
        "天河区高校毕业生就业补贴有多少？": Reply(
            answer="天河区高校毕业生就业补贴为每人1,000 元，按月发放，最长6个月。",
            sources=[src("tianhe_policy.pdf", 0.9)],
            retrieved=[src("tianhe_policy.pdf", 0.9), src("haizhu_policy.md", 0.4), src("tianhe_policy.pdf", 0.3)],
            route="policy", latency_ms=100,
        ),
        "海珠区创业补贴最高多少？": Reply(
            answer="海珠区创业补贴最高5万元。",
            sources=[src("tianhe_policy.pdf"), src("haizhu_policy.md"), src("haizhu_policy.md")],
            retrieved=[src("tianhe_policy.pdf", 0.8), src("haizhu_policy.md", 0.7)],
            route="policy", latency_ms=300, fallback_reason="unsupported_number",
        ),
        "那学费多少？": Reply(
            answer="电工培训学费2800元。",
            sources=[src("programmes.csv")],
            retrieved=[src("a.md"), src("b.md"), src("a.md"), src("programmes.csv"), src("c.md")],
            route="programme", latency_ms=200,
        ),
        "有没有数控车床操作工的岗位？": Reply(
            answer="",
            retrieved=[src(f"other{i}.md") for i in range(5)] + [src("jobs.jsonl")],
            route="smalltalk", latency_ms=400,
        ),
        "帮我写一首关于秋天的诗": Reply(
            answer="抱歉，这个问题不在我能回答的范围内，建议咨询学校教务处。", refused=True, route="out_of_scope", latency_ms=50,
        ),
        "公司拖欠我三个月工资怎么办？": Reply(answer=ESCALATED, escalated=True, ticket_id="T1", route="escalation", latency_ms=1000),
        "明天广州天气怎么样？": Reply(answer="明天广州天气晴。", route="policy", latency_ms=150),
        "还是不明白，我想找人聊聊": Reply(
            answer="可以先准备简历，再参加招聘会。", route="policy", latency_ms=250, fallback_reason="unsupported_number",
        ),
        "白云区有没有租房补贴？": Reply(answer=ESCALATED, escalated=True, ticket_id="T2", route="escalation", latency_ms=120),
    }


@pytest.fixture
def tiny_path() -> Path:
    return DATA / "tiny.jsonl"


@pytest.fixture
def tiny_set(tiny_path):
    from eval.questions import load_questions

    return load_questions(tiny_path)


@pytest.fixture
def tiny_assistant() -> CannedAssistant:
    return CannedAssistant(tiny_replies())


@pytest.fixture
def make_canned():
    """Build a CannedAssistant over the tiny set's replies, optionally raising for some messages."""

    def _make(fail_on: tuple[str, ...] = ()) -> CannedAssistant:
        return CannedAssistant(tiny_replies(), fail_on=fail_on)

    return _make
