"""Questions a covered place's document cannot answer, on a small made-up corpus written here: a comparison with a
place no document covers, a job asked of a district that has no such posting, and a benefit no document deals with
while its first word occurs in another benefit's clause (失业金 beside 失业青年). Each is refused naming what is not
covered, never answered with another place's or benefit's figure; the covered questions beside them still answer."""

from __future__ import annotations

import pytest

from tests.conftest import ask_dry_run as ask
from tests.conftest import turn

CITY = """# 璩州市促进高校毕业生等青年就业创业若干措施

璩州市人力资源和社会保障局

第一条 本措施适用于棂溪区、菁岗区。

第二条 就业见习补贴。见习单位吸纳16至24周岁失业青年、登记失业1年以上人员和离校2年内未就业高校毕业生参加就业见习的，按每人每月1700元给予见习补贴，补贴期限最长12个月。

第三条 租房补贴。在本市就业、本人及配偶在本市无自有住房的高校毕业生，本科每人每月900元，硕士研究生每人每月1300元，补贴期限最长不超过36个月。

第四条 申请条件。申请租房补贴时，本科毕业生年龄不超过35周岁，硕士研究生不超过40周岁。

第五条 示范基地。对认定为市级就业见习示范基地的单位，给予一次性奖励，具体标准另行制定。
"""
DISTRICT = """# 棂溪区就业见习管理办法

棂溪区人力资源和社会保障局

第一条 在棂溪区注册的见习基地适用本办法，市级见习补贴标准在本区不适用。

第二条 见习基地吸纳见习人员的，按每人每月2100元的标准给予见习补贴，补贴期限最长12个月。
"""
JOBS = """id,title,company,district,salary,education,experience,skills,description,posted_at
Q001,护士,璩州菁岗某某医院,菁岗区,5200-6800元/月,大专,经验不限,护士执业证,负责病区护理。,2025-05-01
Q002,电工,棂溪某某物业服务有限公司,棂溪区,5000-6500元/月,中专,经验不限,低压电工作业证,负责楼宇配电维护。,2025-05-02
"""


def refused_naming(reply, named: str, *absent: str) -> None:
    """The reply refuses, names what is not covered or not stated, and quotes none of ``absent`` (another's figures)."""
    assert reply.refused, reply.answer
    assert named in reply.answer, reply.answer
    assert not any(figure in reply.answer for figure in absent), reply.answer


@pytest.fixture(scope="module")
def city(small_corpus):
    files = {"policies/quzhou_shi_jiuye_cuoshi.md": CITY, "policies/lingxi_qu_jianxi.md": DISTRICT,
             "jobs/quzhou_gangwei.csv": JOBS}
    with small_corpus("quzhou_compare", files) as services:
        yield services


@pytest.mark.parametrize("question, place", [
    ("我表哥在杭州一家公司做见习，他们那边见习补贴一个月多少？跟咱璩州比哪个高？", "杭州"),
    ("棂溪区和邬塘县的见习补贴分别是多少啊？我两边都有亲戚，想比比看", "邬塘县"),
    ("纠结毕业去璩州还是杭州 杭州那边本科租房补贴每个月补多少啊", "杭州"),
])
def test_a_comparison_with_a_place_no_document_covers_is_refused_naming_it(city, question, place):
    reply = ask(city, question)
    refused_naming(reply, place, "1700元", "900元")


def test_a_comparison_of_covered_places_and_a_hometown_in_the_story_still_answer(city):
    reply = ask(city, "我老家杭州的，想问棂溪区见习补贴一个月多少")
    assert not reply.refused, reply.answer
    assert "2100元" in reply.answer, reply.answer


def test_an_ask_pointing_back_to_the_county_by_its_level_is_about_the_county(city):
    # 璩州 is written only to say where the county is; 县里 asks about the county no document covers
    reply = ask(city, "我在璩州隔壁的邬塘县一家厂上班，本科毕业一年，县里有没有租房补贴？一个月能给多少？")
    refused_naming(reply, "邬塘县", "900元")


def test_an_amount_a_rule_leaves_to_later_is_not_stated_not_another_clauses_figure(city):
    # 第五条 grants the 示范基地 award and sets its amount later: the 见习 clause's 1700元 is no answer
    reply = ask(city, "我们是见习基地，想争取评市级就业见习示范基地，评上了能奖多少钱？")
    refused_naming(reply, "示范基地", "1700元")


def test_a_job_asked_of_a_district_with_no_such_posting_is_refused_not_answered_from_another(city):
    reply = ask(city, "棂溪区有招护士的吗 工资多少")
    refused_naming(reply, "棂溪区", "5200-6800")
    assert "菁岗区" in reply.answer, reply.answer  # where such postings are, without their figures


def test_a_job_asked_of_the_district_that_has_it_is_answered(city):
    reply = ask(city, "菁岗区有招护士的吗 工资多少")
    assert not reply.refused, reply.answer
    assert "5200-6800元/月" in reply.answer, reply.answer


def test_a_job_asked_of_a_county_no_posting_is_in_is_refused_whatever_the_title_matches(city):
    reply = ask(city, "邬塘县那边有没有招电工的？工资多少")
    refused_naming(reply, "邬塘县", "5000-6500")


@pytest.mark.parametrize("question", [
    "我家在邬塘县，去棂溪区上班太远了，邬塘县本地有没有招电工的？工资大概多少",
    "住邬塘县，不想跑菁岗区，县里有没有招护士的",
])
def test_a_job_asked_of_an_uncovered_county_beside_a_covered_district_is_refused(city, question):
    # the story names a district that has the posting; the asking part names only the county
    refused_naming(city_reply := ask(city, question), "邬塘县", "5000-6500", "5200-6800")
    assert city_reply.route == "job", city_reply.route


def test_a_job_follow_up_moving_to_a_county_no_posting_is_in_is_refused(city):
    # the standalone question still writes the earlier turn's district, which has the posting: the move is the ask
    history = turn("菁岗区招护士吗，工资多少？", "璩州菁岗某某医院招聘护士，薪资5200-6800元/月。")
    reply = ask(city, "那邬塘县那边有没有招护士的？工资多少", history)
    refused_naming(reply, "邬塘县", "5200-6800")


def test_a_benefit_no_document_deals_with_is_not_answered_from_a_clause_that_writes_its_first_word(city):
    # 失业青年 and 登记失业1年以上人员 of the 见习 clause write 失业, not 失业金
    reply = ask(city, "我被公司裁了，在璩州交了5年社保，失业金一个月能领多少？能领几个月？")
    refused_naming(reply, "失业金", "1700元")


def test_a_part_asking_by_verb_not_verb_is_answered_beside_the_amounts(city):
    # 对年龄有没有要求 has no question word: its 有没有 still asks (the age limit), after the two amounts
    reply = ask(city, "研究生毕业打算来璩州上班，请问租房补贴每个月给多少？补多久？对年龄有没有要求")
    assert not reply.refused, reply.answer
    assert "1300元" in reply.answer and "36个月" in reply.answer and "40周岁" in reply.answer, reply.answer


def test_a_benefit_whose_article_heading_is_a_sentence_of_its_own_is_priced_by_the_sentence_after(city):
    # 第三条 租房补贴。 names the benefit in a sentence with no figure: the sentence after it states the amounts
    reply = ask(city, "研究生毕业打算来璩州上班，请问租房补贴每个月给多少？补多久？")
    assert not reply.refused, reply.answer
    assert "1300元" in reply.answer and "36个月" in reply.answer, reply.answer


def test_a_level_word_naming_no_place_of_the_question_refuses_nothing(city):
    # 能跟市里的…一起拿吗 points to the city level, and the question names no uncovered city
    reply = ask(city, "棂溪区见习补贴一个月多少？能跟市里的见习补贴一起拿吗")
    assert not reply.refused, reply.answer
    assert "2100元" in reply.answer, reply.answer
