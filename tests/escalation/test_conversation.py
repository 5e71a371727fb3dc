"""The conversation model: follow-ups read with their earlier turns, by weights learned from labelled conversations."""

from __future__ import annotations

import json

import numpy as np
import pytest

from assistant.escalation import conversation
from assistant.escalation.labelled import (
    conversation_examples,
    default_files,
    load_labelled,
    training_examples,
)
from assistant.records import Turn


def _scores(any_: float, distress: float) -> dict[str, float]:
    return {"any": any_, "distress": distress}


def test_features_are_log_odds_of_the_three_readings_and_the_turns_cosine():
    reading = conversation.Reading(_scores(0.5, 0.1), _scores(0.9, 0.8), _scores(0.7, 0.6), 0.3)
    x = conversation.features(reading)
    assert x.shape == (len(conversation.FEATURES),)
    named = dict(zip(conversation.FEATURES, x))
    assert named["message_any"] == pytest.approx(0.0) and named["message_distress"] < 0 < named["earlier_distress"]
    assert named["earlier_any"] == pytest.approx(np.log(9)) and named["continuity"] == 0.3


def test_reading_a_follow_up_scores_the_message_the_earlier_turns_and_both():
    class Scorer:
        def __init__(self):
            self.texts = []

        def scores(self, text, vector):
            self.texts.append(text)
            return _scores(0.5, 0.5)

    scorer = Scorer()
    reading = conversation.read(scorer, "好的", [1.0, 0.0], ["遗书写好了", "嗯"], [[0.0, 1.0], [0.0, 1.0]])
    assert scorer.texts == ["好的", "遗书写好了\n嗯", "遗书写好了\n嗯\n好的"]
    assert reading.continuity == pytest.approx(0.0)


def test_the_threshold_escalates_distress_first_within_the_budget():
    # Ten routine follow-ups (one scored high), three must-escalate, the distress one scored below every routine one.
    p = np.array([0.1] * 9 + [0.8] + [0.9, 0.7, 0.05])
    escalate = np.array([False] * 10 + [True, True, True])
    distress = np.array([False] * 12 + [True])
    assert conversation.choose_threshold(p, escalate, distress, budget=0.0) == pytest.approx(0.9)
    assert conversation.choose_threshold(p, escalate, distress, budget=0.1) == pytest.approx(0.7)
    # Distress first: reaching the low-scored distress message takes every routine one with it, so only a budget
    # that allows them all reaches it; one short of that keeps the threshold above the routine ones.
    assert conversation.choose_threshold(p, escalate, distress, budget=1.0) == pytest.approx(0.05)
    assert conversation.choose_threshold(p, escalate, distress, budget=0.9) == pytest.approx(0.7)


def test_the_model_learns_that_a_distressed_history_escalates_a_quiet_follow_up():
    rng = np.random.default_rng(0)
    n = 120
    x = rng.normal(size=(n, len(conversation.FEATURES)))
    escalate = x[:, 3] > 0.3  # the earlier turns' distress decides
    groups = [f"w{i % 3}" for i in range(n)]
    model = conversation.fit(x, escalate, escalate, groups)
    assert model is not None and model.coef[3] > 0 and abs(model.coef[3]) == max(abs(model.coef))
    quiet = np.zeros(len(conversation.FEATURES))
    assert model.probability(quiet + np.eye(len(quiet))[3] * 3) > model.threshold > model.probability(quiet - np.eye(len(quiet))[3] * 3)
    assert conversation.fit(x[:10], escalate[:10], escalate[:10], groups[:10]) is None  # too few conversations
    assert conversation.fit(x, escalate, escalate, ["one"] * n) is None  # no writer to hold out


def test_labelled_lines_with_a_history_are_the_conversations(tmp_path):
    path = tmp_path / "marks.jsonl"
    lines = [
        {"message": "好的", "escalate": False, "reasons": []},
        {"message": "好的", "escalate": True, "reasons": ["distress"],
         "history": [{"role": "user", "content": "遗书写好了"}, {"role": "assistant", "content": "嗯"}]},
        {"message": "好的", "escalate": False, "reasons": [],
         "history": [{"role": "user", "content": "遗书写好了"}, {"role": "assistant", "content": "嗯"}]},
        {"message": "需要", "escalate": True, "reasons": ["explicit_request"],
         "history": [{"role": "assistant", "content": "要转人工吗？"}]},
    ]
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines), encoding="utf-8")
    examples = load_labelled([path])
    convs = conversation_examples(examples)
    assert [(c.earlier, c.message, c.escalate) for c in convs] == [(("遗书写好了",), "好的", False)]  # the later line wins
    assert [e.message for e in training_examples(examples)] == ["好的"]


def test_the_shipped_data_has_conversations_by_several_writers():
    convs = conversation_examples(load_labelled(default_files()))
    assert len(convs) >= 150 and len({c.source for c in convs}) >= 3
    assert sum("distress" in c.reasons for c in convs) >= 30


def test_the_trained_detector_reads_follow_ups_with_the_learned_model(detector):
    model = detector.classifier.conversation
    assert detector.conversation_model and model is not None
    assert model.validation["conversations"] >= 150 and 0 < model.threshold < 1
    assert detector.classifier.report.validation["conversation"] == model.validation


@pytest.mark.parametrize(("earlier", "message"), [
    (["最近整夜整夜睡不着 什么都不想做", "工作也丢了 欠了一堆钱"], "东西我都分给室友了 以后也用不上了"),
    (["面试又没过 第十一次了", "家里人都说我是废物"], "谢谢你一直回我 以后就不打扰你了"),
])
def test_distress_spread_over_turns_is_caught_by_the_learned_model(detector, earlier, message):
    history = [t for text in earlier for t in (Turn("user", text), Turn("assistant", "我在听。"))]
    decision = detector.detect(message, history)
    assert decision.escalate and "distress" in decision.reasons, decision.matches
    assert any(m.startswith(("conversation", "classifier", "rule")) for m in decision.matches)


@pytest.mark.parametrize(("question", "message"), [
    ("电工证怎么考", "那培训费大概多少钱 周末有班吗"),
    ("失业金怎么领", "好的 明白了 谢谢 那我明天带身份证去"),
    ("有没有夜班的岗位", "累死了 今天先到这 明天再来问"),
])
def test_an_ordinary_follow_up_stays_with_the_bot_under_the_learned_model(detector, question, message):
    decision = detector.detect(message, [Turn("user", question), Turn("assistant", "可以在官网查询。")])
    assert not decision.escalate, decision.matches
