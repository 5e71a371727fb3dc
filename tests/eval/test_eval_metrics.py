"""Every metric of a tiny, fully worked-out run, checked exactly (fractions, not approximations)."""

from __future__ import annotations

import pytest

from eval import metrics as m
from eval.questions import Question
from eval.runner import run_eval


@pytest.fixture
def run(tiny_assistant, tiny_set):
    return run_eval(tiny_assistant, tiny_set, progress=False)


@pytest.fixture
def outcomes(tiny_assistant, tiny_set):
    from eval.runner import ask_all

    return [o for o, _ in ask_all(tiny_assistant, tiny_set.questions, progress=False)]


@pytest.mark.parametrize(
    ("fact", "answer", "present"),
    [
        ("1000元", "补贴为每人1,000 元。", True),
        ("1000元", "补贴为每人１０００元。", True),  # full-width digits (NFKC)
        ("1,000元", "补贴1000元", True),
        ("1000元", "补贴1，000元", True),  # full-width comma becomes ',' under NFKC, then removed
        ("3万元", "最高 3 万元", True),
        ("1000元", "补贴100元", False),
        ("800元", "补贴1800元", True),  # substring rule, as DESIGN.md defines it
        ("6个月", "最长六个月", False),
    ],
)
def test_fact_matching_rule(fact, answer, present):
    assert m.fact_present(fact, answer) is present


def test_multi_turn_history_is_passed_to_the_assistant(run, tiny_assistant):
    calls = {msg: (sid, hist) for msg, sid, hist in tiny_assistant.calls}
    assert len(tiny_assistant.calls) == 9
    assert calls["那学费多少？"] == (
        None,
        [{"role": "user", "content": "电工培训班什么时候开课？"}, {"role": "assistant", "content": "电工培训班下月初开课。"}],
    )
    assert calls["天河区高校毕业生就业补贴有多少？"] == (None, [])


def test_overall_metrics_exact(run):
    o = run.summary["overall"]
    assert o["questions"] == 9
    assert o["passed"] == 3
    assert o["hit@1"] == 0.25  # q1 only, of q1–q4
    assert o["hit@5"] == 0.75  # q4's source is 6th
    assert o["mrr"] == round((1 + 1 / 2 + 1 / 4 + 1 / 6) / 4, 4)  # 23/48
    assert o["fact_recall"] == 0.6  # 2 + 0 + 1 of 2 + 1 + 2
    assert o["wrong_fact_rate"] == 0.5  # q2 of q1, q2
    assert o["median_answer_length"] == 15
    assert o["citation_precision"] == 0.75  # q1 1/1, q2 1/2 (distinct files), q3 1/1, q4 0/0
    assert o["refusal_accuracy"] == round(8 / 9, 4)  # q7 answered instead of refusing
    assert o["escalation_precision"] == 0.5  # q6 right, q9 wrong
    assert o["escalation_recall"] == 0.5  # q6 caught, q8 missed
    assert o["routing_accuracy"] == round(5 / 8, 4)  # q4, q7, q9 wrong; q8 (multi_turn) not scored
    assert o["auto_resolution_rate"] == round(5 / 9, 4)  # q1 q2 q3 q7 q8 (q4's answer is empty)
    assert o["latency_p50_ms"] == 200
    assert o["latency_p95_ms"] == 1000
    assert o["fallbacks"] == 2
    assert o["fallback_reasons"] == {"unsupported_number": 2}


def test_unrounded_metric_functions(outcomes):
    assert m.mrr(outcomes) == pytest.approx(23 / 48, abs=1e-15)
    assert m.refusal_accuracy(outcomes) == 8 / 9
    assert m.routing_accuracy(outcomes) == 5 / 8
    assert m.hit_at(outcomes, 4) == 0.75
    assert m.hit_at(outcomes, 3) == 0.5
    latencies = [o.latency_ms for o in outcomes]
    assert m.percentile(latencies, 90) == 1000  # nearest rank: ceil(0.90 × 9) = 9th smallest
    assert m.percentile(latencies, 88) == 400  # ceil(0.88 × 9) = 8th smallest
    assert m.percentile(latencies, 0) == 50
    assert m.percentile([], 50) is None


def test_per_category_metrics_exact(run):
    per = run.summary["per_category"]
    assert list(per) == ["policy", "programme", "job", "out_of_scope", "escalation", "multi_turn"]
    policy = per["policy"]
    assert policy["questions"] == 3 and policy["passed"] == 1
    assert (policy["hit@1"], policy["hit@5"], policy["mrr"]) == (0.5, 1.0, 0.75)
    assert policy["fact_recall"] == round(2 / 3, 4)
    assert policy["wrong_fact_rate"] == 0.5
    assert policy["citation_precision"] == round(2 / 3, 4)
    assert policy["refusal_accuracy"] == 1.0
    assert policy["escalation_precision"] == 0.0
    assert policy["escalation_recall"] is None
    assert policy["routing_accuracy"] == round(2 / 3, 4)
    assert policy["auto_resolution_rate"] == round(2 / 3, 4)
    assert policy["median_answer_length"] == 15
    assert (policy["latency_p50_ms"], policy["latency_p95_ms"]) == (120, 300)
    assert policy["fallbacks"] == 1

    programme = per["programme"]
    assert (programme["hit@1"], programme["hit@5"], programme["mrr"]) == (0.0, 1.0, 0.25)
    assert programme["fact_recall"] == 0.5
    assert programme["wrong_fact_rate"] is None

    job = per["job"]
    assert (job["hit@5"], job["mrr"], job["citation_precision"]) == (0.0, round(1 / 6, 4), None)
    assert (job["routing_accuracy"], job["auto_resolution_rate"]) == (0.0, 0.0)

    oos = per["out_of_scope"]
    assert (oos["refusal_accuracy"], oos["routing_accuracy"], oos["auto_resolution_rate"]) == (0.5, 0.5, 0.5)
    assert oos["hit@5"] is None and oos["fact_recall"] is None

    esc = per["escalation"]
    assert (esc["escalation_precision"], esc["escalation_recall"], esc["routing_accuracy"]) == (1.0, 1.0, 1.0)
    assert esc["auto_resolution_rate"] == 0.0

    multi = per["multi_turn"]
    assert multi["routing_accuracy"] is None
    assert (multi["escalation_recall"], multi["escalation_precision"]) == (0.0, None)


def test_reasons_per_question(run):
    rows = {r["id"]: r for r in run.rows}
    assert {i for i, r in rows.items() if r["passed"]} == {"q1", "q5", "q6"}
    assert rows["q1"]["reasons"] == []
    assert rows["q2"]["reasons"] == ["缺少事实：3万元", "出现错误事实：5万元"]
    assert rows["q3"]["reasons"] == ["缺少事实：80学时"]
    assert rows["q4"]["reasons"] == ["缺少来源：jobs.jsonl（不在前 5 条检索结果中）"]
    assert rows["q7"]["reasons"] == ["应拒答，却给出了回答"]
    assert rows["q8"]["reasons"] == ["应转人工，却没有转"]
    assert rows["q9"]["reasons"] == ["不应转人工，却转了"]


def test_result_rows_follow_the_contract(run):
    row = run.rows[0]
    assert list(row)[:12] == [
        "id", "question", "category", "answer", "sources", "escalated", "refused", "route", "latency_ms", "passed", "reasons",
        "cited",
    ]
    assert row["sources"][0] == {"source": "tianhe_policy.pdf", "title": "tianhe_policy", "page": 1, "section": "", "score": 0.9}
    assert [s["source"] for s in row["sources"]] == ["tianhe_policy.pdf", "haizhu_policy.md", "tianhe_policy.pdf"]


def test_refusal_is_wrong_both_ways():
    q = Question(id="x", question="问")
    refused = m.Outcome(question=q, answer="抱歉", refused=True)
    assert m.judge(refused) == ["不应拒答，却拒答了"]
    assert m.refusal_accuracy([refused]) == 0.0


def test_metrics_of_nothing_are_none_not_zero():
    values = m.metrics([])
    assert values["questions"] == 0
    assert all(values[k] is None for k in m.METRICS)


def test_assistant_error_fails_only_that_question(tiny_set, make_canned):
    broken = make_canned(fail_on=("那学费多少？", "白云区有没有租房补贴？"))
    run = run_eval(broken, tiny_set, progress=False)
    rows = {r["id"]: r for r in run.rows}
    assert len(rows) == 9
    assert rows["q3"]["reasons"][0] == "助手出错：RuntimeError: index unavailable"
    assert rows["q3"]["passed"] is False and rows["q3"]["answer"] == ""
    # q9 expects nothing an empty reply would miss: only the error fails it, in the rows and the summary alike
    assert rows["q9"]["reasons"] == ["助手出错：RuntimeError: index unavailable"]
    assert rows["q9"]["error"] == "RuntimeError: index unavailable"
    assert rows["q1"]["passed"] is True
    assert run.summary["assistant_errors"] == 2
    assert run.summary["overall"]["passed"] == sum(r["passed"] for r in run.rows) == 3


def test_measured_latency_and_cited_ranking_when_the_reply_has_none(tiny_set):
    from assistant.records import Reply, Source
    from eval.questions import QuestionSet

    class Slow:
        def ask(self, message, session_id=None, history=None):
            import time

            time.sleep(0.02)
            return Reply(answer="见附件", sources=[Source("jobs.jsonl", "岗位", 1, "", 0.5)], route="job")

    q4 = QuestionSet(name="one", questions=[q for q in tiny_set.questions if q.id == "q4"])
    run = run_eval(Slow(), q4, progress=False)
    row = run.rows[0]
    assert row["latency_ms"] >= 20
    assert [s["source"] for s in row["sources"]] == ["jobs.jsonl"]  # no retrieval list: the cited passages rank
    assert run.summary["overall"]["hit@1"] == 1.0
