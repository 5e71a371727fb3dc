"""Sessions and reports: a full interview, per-question scores, strongest/weakest dimension, three things to practise."""

import copy

from assistant.interview import make_interviewer
from assistant.interview.grader import DIMENSIONS

ANSWERS = [
    # motivation, answered well
    ("我选择电工有两个原因。一是兴趣：中职时我第一次接好电机正反转电路很有成就感。二是我已经考了低压电工证，"
     "实习时做过配电箱安装。未来三年我打算考中级电工，再学PLC。所以我会长期做下去，今年先跟师傅学变频器调试。"),
    # behavioural, no result
    "去年实习时车间一台电机老是跳闸，我的任务是找原因。我先查看配电箱，然后断电验电，用兆欧表测绝缘，发现接线盒受潮。",
    # situational, no steps, hedging
    "跳闸了可能吧要去看看配电柜，应该吧是过载，也不一定，说不好。",
]


def test_full_session_and_report():
    iv = make_interviewer()
    session = iv.start("电工", count=3)
    assert [q.type for q in session.questions] == ["motivation", "behavioural", "situational"]
    grades = [iv.submit(session, a) for a in ANSWERS]
    assert session.finished and session.current is None
    assert grades[1].follow_up == "结果怎么样？有什么数据吗？"
    report = iv.report(session)
    assert report.overall == round(sum(g.score for g in grades) / 3)
    assert [q.score for q in report.per_question] == [g.score for g in grades]
    assert report.strongest in DIMENSIONS and report.weakest in DIMENSIONS
    assert report.dimension_means[report.weakest] == min(report.dimension_means.values())
    assert len(report.practice) == 3 and len(set(report.practice)) == 3
    md = report.to_markdown()
    assert md.startswith("# 模拟面试报告：电工")
    assert "你为什么选择电工这个职业？" in md and "| 3 | 情景题 |" in md
    assert "最强维度" in md and "最弱维度" in md and "## 接下来练习这三件事" in md
    assert "结果收尾" in md  # the no-result gap made it into the practice list
    for line in report.practice:
        assert f". {line}" in md


def test_session_survives_deepcopy_like_gradio_state():
    iv = make_interviewer()
    session = iv.start("nurse", count=2)
    iv.submit(session, ANSWERS[0])
    clone = copy.deepcopy(session)
    iv.submit(clone, ANSWERS[1])
    assert len(session.exchanges) == 1 and len(clone.exchanges) == 2


def test_report_masks_pii_and_escapes_table_cells():
    iv = make_interviewer()
    posting = {"id": "p9", "title": "电工|联系13812345678", "company": "某厂", "skills": ["PLC"]}
    session = iv.start_from_posting(posting, count=2)
    iv.submit(session, ANSWERS[0])
    iv.submit(session, ANSWERS[0])
    md = iv.report(session).to_markdown()
    assert "13812345678" not in md and "138****5678" in md
    title_line = md.splitlines()[0]
    assert "|" not in title_line


def test_report_of_a_partial_session_covers_answered_questions_only():
    iv = make_interviewer()
    session = iv.start("chef", count=4)
    iv.submit(session, ANSWERS[0])
    report = iv.report(session)
    assert len(report.per_question) == 1
