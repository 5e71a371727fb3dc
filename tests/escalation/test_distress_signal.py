"""The hotline reply needs a distress signal; everyday requests for a person and complaints about the answers are rules.

The classifier here is a fake with fixed scores per text (the real one's scores move with every labelled file); the
rules are the shipped rules file."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.escalation import EscalationDetector, Rules
from assistant.escalation.classifier import ANY, EscalationClassifier
from assistant.records import Turn

REASONS = ["explicit_request", "distress", "labour_dispute", "discrimination", "fraud", "complex_case", ANY]
THRESHOLDS = {"distress": 0.22, ANY: 0.6}  # every other reason 0.5, as the trained classifier's floor


class _FixedScores:
    """Scores by text: a joined conversation is scored as its last line (the message) unless it is listed itself."""

    reasons = REASONS
    conversation = None
    reasons_for = EscalationClassifier.reasons_for
    threshold = EscalationClassifier.threshold

    def __init__(self, table: dict[str, dict[str, float]]):
        self.table = table
        self.thresholds = np.array([THRESHOLDS.get(r, 0.5) for r in REASONS])

    def scores(self, text: str, vector) -> dict[str, float]:
        row = self.table.get(text) or self.table.get(text.split("\n")[-1], {})
        return {r: float(row.get(r, 0.0)) for r in REASONS}


class _Vectors:
    def embed_query(self, text):
        return np.ones(4)

    def embed_queries(self, texts):
        return [np.ones(4) for _ in texts]


def _detector(table, crisis_score=0.0, complaint_crisis_score=0.8) -> EscalationDetector:
    fake = _FixedScores(table)
    return EscalationDetector(Rules.from_data(), _Vectors(), classifier_factory=lambda: fake, context_turns=2,
                              rule_check=0.5, follow_up_weight=0.5, follow_up_sure=0.5, follow_up_gate=0.3,
                              crisis_score=crisis_score, complaint_crisis_score=complaint_crisis_score)


HISTORY = [Turn("user", "失业金怎么领"), Turn("assistant", "在线上平台申请。"), Turn("user", "我是说断缴过的情况"),
           Turn("assistant", "在线上平台申请。")]
COMPLAINT = "问了三遍了 还是这几句 没用"


def test_a_complaint_about_the_answers_goes_to_a_counsellor_without_the_hotlines():
    """Frustration the classifier reads as distress (0.6, above the distress threshold) in a follow-up that complains
    about the answers: escalated as unresolved, with the hand-off, not the hotlines. Without the complaint level it
    would be the hotline reply."""
    table = {COMPLAINT: {"distress": 0.6, ANY: 0.7}}
    decision = _detector(table).detect(COMPLAINT, HISTORY)
    assert decision.escalate and decision.reasons == ["unresolved"] and not decision.crisis
    assert decision.immediate_reply is None and decision.priority == "normal"
    assert _detector(table, complaint_crisis_score=0.3).detect(COMPLAINT, HISTORY).crisis


def test_a_distress_reason_without_a_distress_score_gives_the_nearest_other_reason_and_no_hotlines():
    """Only the 'any' column fires and distress, below its own threshold, is the reason nearest it (the classifier's
    choice): no distress signal, so the reason is the next nearest and no hotline is sent."""
    message = "这事我自己弄不明白 太复杂了"
    table = {message: {"distress": 0.2, "complex_case": 0.4, ANY: 0.7}}
    fake = _FixedScores(table)
    assert fake.reasons_for(fake.scores(message, None)) == ["distress"]
    decision = _detector(table).detect(message)
    assert decision.escalate and decision.reasons == ["complex_case"] and not decision.crisis


def test_a_distress_reason_without_a_distress_score_on_a_follow_up_is_unresolved():
    """The conversation fires on 'any' alone (the message reaches the follow-up gate); distress is only the nearest
    reason: the follow-up goes to a counsellor as unresolved, without the hotlines."""
    message = "那还是不行啊"
    together = f"失业金怎么领\n我是说断缴过的情况\n{message}"
    table = {message: {"distress": 0.2, ANY: 0.35}, together: {"distress": 0.2, ANY: 0.7}}
    decision = _detector(table).detect(message, HISTORY)
    assert decision.escalate and decision.reasons == ["unresolved"] and not decision.crisis
    fake = _FixedScores(table)
    assert fake.reasons_for(fake.scores(together, None)) == ["distress"]


@pytest.mark.parametrize(("message", "history"), [
    ("我真的撑不下去了 每天都在想怎么消失", []),  # the classifier's distress alone, at or above its threshold
    ("问了三遍了 我不想活了", HISTORY),  # a complaint with a self-harm rule: the rule always brings the hotlines
])
def test_a_distress_signal_still_answers_with_the_hotlines(message, history):
    table = {message: {"distress": 0.9 if not history else 0.1, ANY: 0.9}}
    decision = _detector(table).detect(message, history)
    assert decision.escalate and decision.crisis and "distress" in decision.reasons
    assert "12356" in decision.immediate_reply


@pytest.fixture(scope="module")
def rules() -> Rules:
    return Rules.from_data()


@pytest.mark.parametrize("message", [
    "帮我预约个号 明天上午去找就业指导", "能不能约个老师帮我看看下一步往哪走", "我想约个时间当面聊聊 我的情况有点复杂",
    "你直接让人给我回个电话吧 我上班看不了手机", "求一个能拍板的人", "你不行 换个能做主的来", "找个懂行的跟我说说吧",
    "帮我转一下负责就业援助的工作人员", "想找个人一对一帮我捋一捋",
])
def test_everyday_requests_for_a_person_are_near_certain(rules, message):
    hits = [h for h in rules.match(message) if h.reason == "explicit_request"]
    assert hits and not any(h.checked for h in hits), hits


@pytest.mark.parametrize("message", [
    "预约面谈一般要提前几天 我还没想好要不要约 先了解下", "如果以后需要面谈 是在这里约还是打电话约",
    "听说你们有一对一指导 是免费的吗 我就问问 暂时不需要", "先不用帮我约 我自己再想想",
])
def test_requests_taken_back_or_only_asked_about_are_left_to_the_classifier(rules, message):
    """不用/不急/以后再/我就问问/怎么约 (rules.json 'checked_if'): the hit is checked, the classifier decides."""
    assert all(h.checked for h in rules.match(message) if h.reason == "explicit_request")


@pytest.mark.parametrize("message", ["试用期最长能约定多长时间", "AI也能当面试官吗", "今天HR给我打电话说通过了 接下来怎么谈薪"])
def test_words_near_a_request_are_not_one(rules, message):
    assert not [h for h in rules.match(message) if h.reason == "explicit_request"]


@pytest.mark.parametrize("message", ["问了两次 跟没问一样", "你两次都答非所问", "又是这一套 一个字都没变", "三次了 一个是或否都给不出来吗"])
def test_a_complaint_about_the_answers_is_unresolved_only_after_earlier_questions(rules, message):
    assert [h.reason for h in rules.match(message, HISTORY) if not h.checked] == ["unresolved"]
    assert not [h for h in rules.match(message) if h.reason == "unresolved"]


@pytest.mark.parametrize("message", ["改了三遍了 那这一版可以了吗", "好的 明白了 谢谢 问了两遍终于懂了"])
def test_own_repeated_work_or_thanks_is_no_complaint(rules, message):
    assert all(h.checked for h in rules.match(message, HISTORY) if h.reason == "unresolved")
