"""The escalation detector against the labelled set, the traps, and the rules file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.escalation import RULES_PATH, EscalationDetector
from assistant.records import Turn

LABELLED = Path(__file__).resolve().parents[2] / "assistant" / "data" / "escalation_labelled.jsonl"
TRIGGERS = {"explicit_request", "labour_dispute", "discrimination", "fraud", "self_harm", "distress", "repeated_failure"}


@pytest.fixture(scope="module")
def detector() -> EscalationDetector:
    return EscalationDetector.from_data()


def _cases() -> list[dict]:
    return [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines() if line.strip()]


def _run(detector, case):
    history = [Turn(**t) for t in case.get("history", [])]
    return detector.detect(case["message"], history, case.get("unresolved_streak", 0))


def test_labelled_set_shape():
    cases = _cases()
    positives = [c for c in cases if c["escalate"]]
    negatives = [c for c in cases if not c["escalate"]]
    assert len(cases) >= 80
    assert abs(len(positives) - len(negatives)) <= len(cases) * 0.1  # about half each
    assert len({c["id"] for c in cases}) == len(cases)
    assert {r for c in positives for r in c["reasons"]} == TRIGGERS  # every trigger is covered


def test_recall_is_total_and_false_escalations_at_most_5_percent(detector):
    cases = _cases()
    positives = [c for c in cases if c["escalate"]]
    negatives = [c for c in cases if not c["escalate"]]
    missed = [c["message"] for c in positives if not _run(detector, c).escalate]
    false = [c["message"] for c in negatives if _run(detector, c).escalate]
    recall = 1 - len(missed) / len(positives)
    false_rate = len(false) / len(negatives)
    print(f"\nrecall={recall:.3f} ({len(positives)} must-escalate), false escalations={false_rate:.3f} ({len(negatives)} routine)")
    assert missed == []
    assert false_rate <= 0.05, false


def test_reasons_match_labels(detector):
    wrong = []
    for case in _cases():
        if case["escalate"]:
            got = set(_run(detector, case).reasons)
            if not set(case["reasons"]) <= got:
                wrong.append((case["message"], case["reasons"], sorted(got)))
    assert wrong == []


@pytest.mark.parametrize("message", ["人工智能专业好就业吗", "面试紧张得要死怎么办", "工伤认定需要什么材料", "真人面试和AI面试有什么区别"])
def test_traps_are_not_escalated(detector, message):
    assert not detector.detect(message).escalate


def test_self_harm_is_urgent_with_hotlines_at_once(detector):
    decision = detector.detect("找不到工作，我不想活了")
    assert decision.escalate and decision.crisis and decision.priority == "urgent"
    assert decision.reasons == ["self_harm"]
    for number in ("12356", "110", "120"):
        assert number in decision.immediate_reply


def test_priorities(detector):
    assert detector.detect("公司拖欠工资三个月了").priority == "high"
    assert detector.detect("帮我转人工").priority == "normal"
    mixed = detector.detect("公司拖欠工资，我真的想死")
    assert mixed.priority == "urgent" and set(mixed.reasons) == {"self_harm", "labour_dispute"}
    assert detector.detect("帮我转人工").immediate_reply is None


def test_full_width_and_spaces_are_normalised(detector):
    assert detector.detect("转 人 工").escalate
    assert detector.detect("ＨＲ说因为我是女生所以不录用").reasons == ["discrimination"]


def test_two_unresolved_turns(detector):
    assert not detector.detect("租房补贴能领多少", unresolved_streak=1).escalate
    decision = detector.detect("租房补贴能领多少", unresolved_streak=2)
    assert decision.escalate and decision.reasons == ["repeated_failure"] and decision.priority == "normal"


def test_yes_after_an_offer_is_a_request(detector):
    offered = [Turn("assistant", "这个问题我答不好，需要帮你转人工老师吗？")]
    assert detector.detect("好的", offered).reasons == ["explicit_request"]
    assert not detector.detect("好的", [Turn("assistant", "天河区的补贴是每月500元。")]).escalate
    assert not detector.detect("好的").escalate


def test_rules_are_data(tmp_path):
    rules = json.loads(RULES_PATH.read_text(encoding="utf-8"))
    assert not EscalationDetector(rules).detect("我想投诉学校食堂").escalate
    rules["triggers"][0]["patterns"].append("投诉")
    changed = EscalationDetector(rules).detect("我想投诉学校食堂")
    assert changed.escalate and changed.reasons == [rules["triggers"][0]["id"]]


def test_labels_are_chinese(detector):
    assert detector.label("labour_dispute").startswith("劳动争议")
    assert detector.label("repeated_failure") == "连续两次未解决"


DEV_SET = Path(__file__).resolve().parents[2] / "knowledge" / "corpus_sets" / "dev.jsonl"


@pytest.mark.parametrize(("message", "reason"), [
    ("去面试的时候HR直接说这个岗位不要女生，这合法吗", "discrimination"),
    ("我在厂里干活把手压伤了，老板不给报工伤", "labour_dispute"),
    ("公司让我签自愿放弃社保的协议，不签就不让上班", "labour_dispute"),
])
def test_dev_set_gaps_are_closed(detector, message, reason):
    assert reason in detector.detect(message).reasons


@pytest.mark.parametrize("message", ["怎么申报工伤，流程是什么", "自愿放弃社保的协议有法律效力吗", "这个岗位男生女生都可以报名吗"])
def test_information_questions_near_the_gaps_stay_with_the_bot(detector, message):
    assert not detector.detect(message).escalate


def test_dev_set_escalates_exactly_its_escalation_questions(detector):
    """Every dev question of category 'escalation' escalates; no other dev question does."""
    cases = [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    wrong = [
        (c["id"], c["question"])
        for c in cases
        if detector.detect(c["question"], [Turn(**t) for t in c.get("history", [])]).escalate
        != (c.get("category") == "escalation" or bool(c.get("expect_escalation")))
    ]
    assert sum(c.get("category") == "escalation" for c in cases) >= 10
    assert wrong == []
