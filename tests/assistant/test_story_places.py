"""Scope, places and "not stated" on a small made-up city corpus written here: a place named in a personal story (a
country studied in, a hometown) is no reason to refuse; a county-level city a document itself lists (with the group
it defines) is covered by that document and gets its figure; a district without rules of its own gets the city-wide
figure; "not stated" only when the documents really lack the asked fact (a list under a heading 单位材料 is one);
and a question about a real other city is still refused."""

from __future__ import annotations

import pytest

from tests.conftest import ask_dry_run as ask

CITY = """# 汀澜市就业见习补贴和创业扶持办法

汀澜市人力资源和社会保障局

第一条 本办法适用于本市各区县。

第二条 见习补贴标准。澄湾市、栖梧县（以下简称北两地）企业见习补贴每人每月1500元。

第三条 其他区县企业见习补贴每人每月1600元，见习期限3至12个月。

第四条 创业补贴。对首次创业的高校毕业生给予一次性创业补贴，具体办法另行制定。

第五条 申报材料。
单位材料：
1.营业执照副本复印件；
2.见习协议；
3.见习人员花名册。
"""
RENT = """# 岚屿区高校毕业生租房补贴实施细则

岚屿区人力资源和社会保障局

第一条 在岚屿区就业的全日制高校毕业生，可申请租房补贴。

第二条 补贴标准为每人每月900元，最长发放24个月。
"""
JOBS = """id,title,company,district,salary,education,experience,skills,description,posted_at
P001,维修电工,汀澜甲乙电气有限公司,鹭岑新区,6000-8000元/月,中专,1年以上,电工证,负责设备维护。工作地点：鹭岑新区。,2025-05-01
"""


@pytest.fixture(scope="module")
def city(small_corpus):
    files = {"policies/tinglan_shi_jianxi_chuangye.md": CITY, "policies/lanyu_qu_zufang_butie.md": RENT,
             "jobs/tinglan_gangwei.csv": JOBS}
    with small_corpus("tinglan", files) as services:
        yield services


@pytest.mark.parametrize("question", ["我在美国读完硕士回国了，见习补贴每人每月多少钱",
                                      "我老家河南的，在郑州读的大专，见习补贴每人每月多少钱"])
def test_a_place_named_in_a_story_does_not_refuse_the_question(city, question):
    reply = ask(city, question)
    assert not reply.refused, reply.answer
    assert "1500元" in reply.answer or "1600元" in reply.answer, reply.answer
    assert "美国" not in reply.answer and "河南" not in reply.answer


def test_a_county_level_city_a_document_lists_is_covered_by_it_with_its_figure(city):
    reply = ask(city, "我在澄湾市的厂里，企业见习补贴每人每月多少钱")
    assert not reply.refused, reply.answer
    assert "1500元" in reply.answer, reply.answer
    assert [s.source for s in reply.sources] == ["tinglan_shi_jianxi_chuangye.md"]


def test_the_places_a_policy_names_in_its_text_are_learnt_from_it(city):
    vocab = city.assistant.retriever.vocabulary()
    assert vocab.inside_of("澄湾市") == {"tinglan_shi_jianxi_chuangye.md"}
    assert vocab.covers("栖梧县")  # a district a city-wide policy names was its scope already (ingest)
    assert vocab.covers("澄湾") and not vocab.covers("杭州")
    assert not vocab.inside_of("岚屿区")  # a district with a document of its own keeps it


def test_a_district_without_rules_of_its_own_gets_the_city_wide_figure(city):
    reply = ask(city, "鹭岑新区企业见习补贴每人每月多少钱")
    assert not reply.refused, reply.answer
    assert "1600元" in reply.answer or "1500元" in reply.answer, reply.answer
    assert "900元" not in reply.answer
    assert {s.source for s in reply.sources} == {"tinglan_shi_jianxi_chuangye.md"}


def test_a_list_under_a_materials_heading_is_stated(city):
    reply = ask(city, "汀澜市见习补贴，单位要交啥材料")
    assert not reply.refused, reply.answer
    assert "营业执照副本复印件" in reply.answer, reply.answer


def test_an_amount_the_document_does_not_set_is_not_stated(city):
    reply = ask(city, "汀澜市一次性创业补贴给多少钱")
    assert reply.refused, reply.answer
    assert "没有写明" in reply.answer and "金额" in reply.answer, reply.answer
    assert not any(f in reply.answer for f in ("1500元", "1600元", "900元"))


@pytest.mark.parametrize("question", ["杭州的见习补贴每人每月多少钱", "我在杭州上班，见习补贴每人每月多少钱"])
def test_a_real_other_city_is_still_refused(city, question):
    reply = ask(city, question)
    assert reply.refused, reply.answer
    assert not any(f in reply.answer for f in ("1500元", "1600元", "900元"))


def test_background_places_are_told_from_asked_ones():
    from knowledge.query import asked_text, background

    assert background("我在美国读完硕士回国了，见习补贴多少", "美国")
    assert background("我老家河南的，见习补贴多少", "河南")
    assert not background("我在杭州上班，见习补贴多少", "杭州")  # where the user is now is the place asked about
    assert not background("杭州的见习补贴多少", "杭州")
    assert not background("天津海河英才计划 本科条件是啥", "天津")  # a subject, not a story
    assert "外卖" not in asked_text("我在跑外卖 社保自己交的 灵活就业有补贴吗")


def test_a_place_a_document_writes_reads_as_a_name_only_where_it_is_one():
    from knowledge.tokenize import names_place

    assert names_place("瓦房店市、庄河市对高校毕业生", "瓦房店市")
    assert not names_place("贷款由区财政贴息", "贷款由区")
    assert not names_place("各园区管委会负责", "各园区")
    assert not names_place("主城区范围内", "主城区")
