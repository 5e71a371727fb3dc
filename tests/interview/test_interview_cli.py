"""`zhitu interview grade|practice|roles` through click's CliRunner (the real group, real settings)."""

import json

from click.testing import CliRunner

from zhitu.cli import main

STRONG = ("去年实习时我加工一批轴，首件外径偏大0.04毫米。我先用千分尺复测，然后检查刀具，发现刀尖磨损，"
          "我更换刀片并修正刀补。结果200件合格率99%。")


def test_grade_json_shape():
    r = CliRunner().invoke(main, ["interview", "grade", "--role", "数控车工", "--question", "讲一次你加工的零件尺寸超差、你是怎么处理的。",
                                  "--answer", STRONG, "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert set(data) == {"score", "dimensions", "suggestions", "follow_up"}
    assert 0 <= data["score"] <= 100 and isinstance(data["score"], int)
    assert set(data["dimensions"]) == {"structure", "relevance", "specificity", "role_fit", "delivery"}
    for dim in data["dimensions"].values():
        assert set(dim) == {"score", "reason"} and 0 <= dim["score"] <= 100 and dim["reason"]
    assert isinstance(data["suggestions"], list) and data["suggestions"]
    assert isinstance(data["follow_up"], str) and data["follow_up"]


def test_grade_free_question_and_plain_output():
    r = CliRunner().invoke(main, ["interview", "grade", "--role", "cnc_machinist", "--question", "讲一次你学会一项新技能的经历",
                                  "--answer", STRONG])
    assert r.exit_code == 0, r.output
    assert "得分：" in r.output and "追问：" in r.output


TEA = ("客人说茶泡得发苦时，我先道歉，再用温度计确认水温降到80度左右，投茶量减到3克，第一泡只浸30秒就出汤。"
       "出汤后我自己先尝一口，确认不苦再端给客人，并记下这位客人的口味。")


def test_any_title_is_graded_with_a_generic_profile_when_no_posting_has_it(services):
    """宇航员 and 茶艺师 are no seed role and no posting of the (empty) knowledge base: graded, not refused."""
    for title in ("宇航员", "茶艺师", "Web前端开发工程师"):
        r = CliRunner().invoke(main, ["interview", "grade", "--role", title, "--question", "客人说茶泡得发苦，你会怎么处理？",
                                      "--answer", TEA, "--json"], obj=services)
        assert r.exit_code == 0, (title, r.output)
        data = json.loads(r.output)
        assert set(data["dimensions"]) == {"structure", "relevance", "specificity", "role_fit", "delivery"}
    profile = services.interviewer.role("茶艺师")
    assert profile.postings == () and profile.generic_skills and profile.family == "food_kitchen"
    assert any(q.source == "generic" for q in profile.questions)


def test_empty_title_is_one_line_error(services):
    r = CliRunner().invoke(main, ["interview", "grade", "--role", " ", "--question", "q", "--answer", "a", "--json"],
                           obj=services)
    assert r.exit_code == 1
    assert "title is empty" in r.output and "Traceback" not in r.output


def test_practice_reads_answers_from_stdin_and_ends_with_report():
    lines = [
        "我选电工是因为喜欢动手，一是兴趣，二是考了电工证，未来三年打算考中级。",
        "去年实习时车间跳闸，我先查看配电箱，然后用兆欧表测绝缘，发现受潮，我更换了电缆，结果一个月没再跳闸。",
        "首先断电并通知班长，然后查断路器和负载，如果是短路就用万用表分段测，最后排除故障再送电，所以安全第一。",
    ]
    answers = "".join(f"{line}\n" for line in lines)
    r = CliRunner().invoke(main, ["interview", "practice", "--role", "electrician", "--count", "3"], input=answers)
    assert r.exit_code == 0, r.output
    assert r.output.count("得分：") == 3
    assert "问题 3：" in r.output
    assert "# 模拟面试报告：电工" in r.output and "## 接下来练习这三件事" in r.output


def test_practice_stops_at_end_of_input_with_a_partial_report():
    r = CliRunner().invoke(main, ["interview", "practice", "--role", "nurse", "--count", "4"],
                           input="我想做护士，因为喜欢帮助病人，实习时照顾过30位老人。\n")
    assert r.exit_code == 0, r.output
    assert r.output.count("得分：") == 1
    assert "| 1 |" in r.output and "| 2 |" not in r.output


def test_roles_lists_the_bank():
    r = CliRunner().invoke(main, ["interview", "roles", "--json"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)
    assert len(rows) >= 12 and {"id", "name", "questions"} <= set(rows[0])
