"""LLM mode: the model rewrites suggestions; scores stay the rubric's."""

from langchain_core.language_models import FakeListChatModel

import prompts
from assistant.interview import make_interviewer
from zhitu.compose import build_services

ANSWER = "去年实习时我负责巡检，我先查看配电箱，然后用兆欧表测绝缘，发现线路受潮，我更换了电缆。联系电话13812345678。"


class BrokenChatModel(FakeListChatModel):
    def _call(self, *args, **kwargs):
        raise ConnectionError("endpoint down")


def test_prompt_renders_with_all_fields():
    text = prompts.render("interview_feedback", role="电工", question="Q?", answer="A!", dimensions="- 结构：50 分",
                          suggestions="- 补结果")
    assert "电工" in text and "Q?" in text and "A!" in text and "结构：50 分" in text and "补结果" in text
    assert "{" not in text


def test_llm_rewrites_suggestions_but_keeps_scores():
    plain = make_interviewer()
    llm = make_interviewer(FakeListChatModel(responses=["- 你讲清了怎么查，但最后没说结果：补一句「之后一个月没再跳闸」。\n- 把数字说出来。"]))
    role = plain.bank.role("electrician")
    q = plain.bank.question(role, "请讲一次你排查电气故障的经历。")
    a, b = plain.grade(role, q, ANSWER), llm.grade(role, q, ANSWER)
    assert b.score == a.score
    assert {k: v.score for k, v in b.dimensions.items()} == {k: v.score for k, v in a.dimensions.items()}
    assert b.follow_up == a.follow_up
    assert b.suggestions == ["你讲清了怎么查，但最后没说结果：补一句「之后一个月没再跳闸」。", "把数字说出来。"]
    assert b.suggestions != a.suggestions


def test_llm_failure_falls_back_to_rubric_wording():
    plain = make_interviewer()
    broken = make_interviewer(BrokenChatModel(responses=["unused"]))
    role = plain.bank.role("electrician")
    q = plain.bank.question(role, "请讲一次你排查电气故障的经历。")
    assert broken.grade(role, q, ANSWER).to_json() == plain.grade(role, q, ANSWER).to_json()


def test_services_pass_their_chat_model_to_the_interviewer(settings):
    fake = FakeListChatModel(responses=["- 第一条", "- 第二条"])
    iv = build_services(settings, chat_model=fake).interviewer
    assert iv.chat_model is fake
    session = iv.start("电工", count=2)
    g = iv.submit(session, ANSWER)
    assert g.suggestions == ["第一条"]
    assert session.exchanges[0].grade.suggestions == ["第一条"]
    assert build_services(settings).interviewer.chat_model is None  # no LLM configured → offline rubric only
