"""A short yes to the bot's offer of a person, a numbered choice of that offer, and a request for a person taken back in
the same message (rules.json 'follow_up' and 'checked_if'). The offers here are the kinds a service sends: a question
offering a counsellor, a numbered menu, a line asking to reply with a number."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.escalation import EscalationDetector, Rules
from assistant.escalation.classifier import ANY, EscalationClassifier
from assistant.records import Turn

OFFER = "转行可以先从兴趣入手。如果需要，我可以帮您转接人工就业指导员做一次职业规划，您需要吗？"
MEETING = "中心每周三、周五有职业指导面谈，可以为您和孩子预约下周的时间。"
REPLY_AFTER = "如需就业指导员进一步帮助，请回复“1”，我们将安排工作人员联系您。"
REPLY_BEFORE = "在的。回复1继续查询，回复2转人工服务。"
MENU = "请选择：1.失业登记 2.就业补贴 3.转人工"
LISTED = "您可以选择：一、继续在线查询岗位；二、预约线下就业指导老师面谈；三、拨打就业服务热线。"
NOT_A_PERSON = "下周三在人才市场一楼举办，需要我把地址和参会企业名单发给您吗？"


def _after(bot: str) -> list[Turn]:
    return [Turn("user", "想问问"), Turn("assistant", bot)]


@pytest.fixture(scope="module")
def rules() -> Rules:
    return Rules.from_data()


def _accepted(rules: Rules, message: str, bot: str) -> bool:
    return any(h.offer and h.reason == "explicit_request" and not h.checked for h in rules.match(message, _after(bot)))


@pytest.mark.parametrize(("message", "bot"), [
    ("好 要", OFFER), ("嗯 帮我转", OFFER), ("要的要的 麻烦了", OFFER), ("可以，转吧，谢谢！", OFFER), ("行 约吧", MEETING),
    ("1 谢谢", REPLY_AFTER), ("2", REPLY_BEFORE), ("3", MENU), ("第二个", LISTED), ("1！", "回复1转人工指导员，回复2继续自助查询。"),
])
def test_a_short_yes_or_choice_of_an_offered_person_is_a_request(rules, message, bot):
    assert _accepted(rules, message, bot)


@pytest.mark.parametrize(("message", "bot"), [
    ("好 要", NOT_A_PERSON),  # a yes to an offer of something else
    ("1 谢谢", REPLY_BEFORE), ("1。", MENU), ("第一个", LISTED),  # another option chosen
    ("第二个", "您想了解：一、电工证；二、焊工证；三、叉车证？"),  # a menu without a person
    ("不用了谢谢 你说的够清楚了", OFFER), ("先不用 我自己先试试", MEETING), ("行 那我自己约吧", "您可以在小程序上自行预约。"),
    ("1是手滑了 不用转 我想问招聘会时间", "回复1转人工指导员，回复2继续自助查询。"),  # more than a choice
    ("嗯 帮我转发一下那个招聘链接", OFFER),  # more than a yes
])
def test_anything_else_after_an_offer_is_no_request(rules, message, bot):
    assert not _accepted(rules, message, bot)


@pytest.mark.parametrize("message", [
    "转人工！开玩笑的哈哈", "刚才点转人工的是我儿子乱按的 不用转 没事了", "转人工！开玩笑的 问下社保卡怎么激活",
    "我朋友说你们能转人工 我暂时不需要哈 先问问 家政培训要多久",
])
def test_a_request_taken_back_anywhere_in_the_message_is_left_to_the_classifier(rules, message):
    hits = [h for h in rules.match(message) if h.reason == "explicit_request"]
    assert hits and all(h.checked for h in hits), hits


@pytest.mark.parametrize("message", ["给我转人工 不是开玩笑", "转人工 真的 没开玩笑", "转人工！不用你回答了"])
def test_a_request_said_in_earnest_stays_near_certain(rules, message):
    hits = [h for h in rules.match(message) if h.reason == "explicit_request"]
    assert hits and not any(h.checked for h in hits), hits


def test_calling_the_bot_teacher_is_no_request(rules):
    assert not [h for h in rules.match("老师好！哈哈我习惯叫老师了 问下技工学校怎么报名") if h.reason == "explicit_request"]


REASONS = ["explicit_request", "distress", "labour_dispute", "discrimination", "fraud", "complex_case", ANY]


class _ScoresEverythingAsDistress:
    """A classifier that reads every text as distress: what a bare 要的要的 麻烦了 got from the trained one (0.53)."""

    reasons = REASONS
    conversation = None
    reasons_for = EscalationClassifier.reasons_for
    threshold = EscalationClassifier.threshold
    thresholds = np.array([0.5, 0.22, 0.5, 0.5, 0.5, 0.5, 0.6])

    def scores(self, text, vector):
        return {r: (0.9 if r in ("distress", ANY) else 0.0) for r in REASONS}


class _Vectors:
    def embed_query(self, text):
        return np.ones(4)

    def embed_queries(self, texts):
        return [np.ones(4) for _ in texts]


def _detector() -> EscalationDetector:
    fake = _ScoresEverythingAsDistress()
    return EscalationDetector(Rules.from_data(), _Vectors(), classifier_factory=lambda: fake, context_turns=2,
                              rule_check=0.5, follow_up_weight=0.5, follow_up_sure=0.5, follow_up_gate=0.3)


def test_a_yes_to_an_offer_is_a_request_and_nothing_else():
    """The classifier does not read a bare yes: it is an explicit request, without the hotlines; the same classifier
    still gives distress to a message that says more."""
    decision = _detector().detect("要的要的 麻烦了", _after(OFFER))
    assert decision.escalate and decision.reasons == ["explicit_request"] and not decision.crisis
    assert decision.immediate_reply is None
    assert _detector().detect("嗯 帮我转发一下那个招聘链接", _after(OFFER)).crisis


def test_self_harm_words_before_the_yes_still_bring_the_hotlines():
    history = [Turn("user", "我真的不想活了"), Turn("assistant", "需要我帮你转接人工老师吗？")]
    decision = _detector().detect("好", history)
    assert decision.escalate and decision.crisis and {"explicit_request", "distress"} <= set(decision.reasons)
