"""The place a question asks about decides its scope, on a small made-up corpus written here: the place the asking
part names (not one named in the story or as a point of comparison) is refused when no document covers it; a
follow-up that names no place stays with the place of the conversation; a follow-up that moves to another place is
re-scoped to it. Another place's figure never answers."""

from __future__ import annotations

import pytest

from tests.conftest import ask_dry_run as ask

CITY = """# 汀澜市就业见习补贴办法

汀澜市人力资源和社会保障局

第一条 本办法适用于本市各区县。

第二条 企业见习补贴每人每月1600元，见习期限3至12个月。

第三条 毕业年度高校毕业生来汀澜市就业的，给予一次性生活补贴每人1000元。
"""
RENT = """# 岚屿区高校毕业生租房补贴实施细则

岚屿区人力资源和社会保障局

第一条 在岚屿区就业的全日制高校毕业生，可申请租房补贴。

第二条 补贴标准为每人每月900元，最长发放24个月。
"""
TEACHERS = """# 沐川区关于支持基础教育人才的若干意见

沐川区教育局

一、对在沐川区中小学任教的教师，每月给予沐川教育津贴，具体标准另行制定。

二、优化教师公共租赁住房供应，教师可申请入住。
"""
SHORTAGE = """# 澄川市枫岚区紧缺人才租房补贴通知

澄川市枫岚区人力资源局

一、新引进的紧缺人才，经认定后可获得每月3000元的租房补贴，最长5年。
"""
FIGURES = ("1600元", "1000元", "900元", "3000元")


@pytest.fixture(scope="module")
def world(small_corpus):
    files = {"policies/tinglan_shi_jianxi.md": CITY, "policies/lanyu_qu_zufang.md": RENT,
             "policies/muchuan_qu_jiaoshi.md": TEACHERS, "policies/fenglan_qu_jinque.md": SHORTAGE}
    with small_corpus("asked-place", files) as services:
        yield services


@pytest.mark.parametrize("question", [
    "纠结死了 在杭州和汀澜之间选 杭州现在对应届生还有一次性生活补贴吗 给多少",
    "杭州应届生有没有一次性生活补贴 会不会跟汀澜市一样给",
])
def test_an_uncovered_place_the_asking_part_names_is_refused_beside_a_covered_one(world, question):
    reply = ask(world, question)
    assert reply.refused, reply.answer
    assert "杭州" in reply.answer, reply.answer
    assert not any(f in reply.answer for f in FIGURES), reply.answer


def test_an_uncovered_district_of_a_city_with_no_city_wide_rule_is_refused(world):
    reply = ask(world, "澄川市青苇区今年有没有类似枫岚区那种紧缺人才的租房补贴 每月能拿多少")
    assert reply.refused, reply.answer
    assert "青苇区" in reply.answer, reply.answer
    assert not any(f in reply.answer for f in FIGURES), reply.answer
    reply = ask(world, "澄川市枫岚区紧缺人才租房补贴每月多少")
    assert not reply.refused, reply.answer
    assert "3000元" in reply.answer, reply.answer


def test_a_covered_place_asked_about_beside_an_uncovered_one_in_the_story_is_answered(world):
    reply = ask(world, "我在杭州读完大学 汀澜市对应届生的一次性生活补贴给多少")
    assert not reply.refused, reply.answer
    assert "1000元" in reply.answer, reply.answer


def test_a_follow_up_naming_no_place_stays_with_the_place_of_the_conversation(world):
    history = [{"role": "user", "content": "我师范毕业 准备去沐川区的小学当老师 那边对老师有什么特别的待遇吗"},
               {"role": "assistant", "content": "对在沐川区中小学任教的教师，每月给予沐川教育津贴。"}]
    reply = ask(world, "津贴一个月具体多少钱 有标准没 够不够付个房租的", history)
    assert "沐川" in reply.standalone_question, reply.standalone_question
    assert not any(f in reply.answer for f in FIGURES), reply.answer
    assert all(s.source == "muchuan_qu_jiaoshi.md" for s in reply.sources), reply.sources


def test_a_follow_up_that_moves_to_another_place_is_rescoped_to_it(world):
    history = [{"role": "user", "content": "岚屿区大专生租房补贴一个月多少"},
               {"role": "assistant", "content": "补贴标准为每人每月900元，最长发放24个月。"}]
    reply = ask(world, "那我男朋友在杭州那边上班 也是大专毕业的 他能领多少", history)
    assert reply.refused, reply.answer
    assert "900元" not in reply.answer, reply.answer


def test_generic_words_the_lexicon_tags_as_places_are_no_places():
    from knowledge.tokenize import place_names

    assert place_names("是立马就算进总分吗") == []
    assert place_names("杭州现在还有补贴吗") == ["杭州"]


def test_a_place_named_as_a_point_of_comparison_is_not_the_one_asked_about():
    from assistant.scope import _written

    assert not _written("汀澜市", "会不会跟汀澜市一样", own=True)
    assert not _written("汀澜市", "有没有类似汀澜那种补贴", own=True)
    assert _written("汀澜市", "汀澜市的补贴多少", own=True)


def test_the_city_the_question_writes_before_a_district_is_its_city():
    from assistant.scope import written_city
    from knowledge.query import QueryAnalysis

    a = QueryAnalysis("澄川青苇区有没有租房补贴", [], [], [], [], [], [], places=["青苇区", "澄川市"])
    assert written_city("青苇区", a) == "澄川市"
    b = QueryAnalysis("我在澄川读书 青苇区有没有租房补贴", [], [], [], [], [], [], places=["青苇区", "澄川市"])
    assert written_city("青苇区", b) == ""


def test_a_follow_up_drops_the_earlier_place_only_for_a_place_it_asks_about():
    from assistant.rewrite import elsewhere
    from knowledge.query import Vocabulary

    vocab = Vocabulary()
    assert elsewhere("汀澜市见习补贴多少", "杭州也有吗", vocab) == "见习补贴多少"
    assert elsewhere("汀澜市见习补贴多少", "一个人能补多少 公司在杭州", vocab) == "汀澜市见习补贴多少"


@pytest.mark.parametrize("message", [
    "那我闺蜜在杭州做物流的 她那边租房补贴给多少",  # the story names the place, the ask points back to it (那边)
    "那蒲塘呢 我们在蒲塘还有个分厂 那边租房补贴咋算",  # 那X呢 of a word no document writes, where the user is
])
def test_a_follow_up_moving_to_a_place_the_documents_never_write_does_not_inherit_the_earlier_one(world, message):
    history = [{"role": "user", "content": "岚屿区大专生租房补贴一个月多少"},
               {"role": "assistant", "content": "补贴标准为每人每月900元，最长发放24个月。"}]
    reply = ask(world, message, history)
    assert reply.refused, reply.answer
    assert not any(f in reply.answer for f in FIGURES), reply.answer


def test_a_follow_up_asking_of_a_subject_stays_with_the_earlier_place(world):
    history = [{"role": "user", "content": "岚屿区大专生租房补贴一个月多少"},
               {"role": "assistant", "content": "补贴标准为每人每月900元，最长发放24个月。"}]
    reply = ask(world, "那最长能领多久呢", history)
    assert "岚屿" in reply.standalone_question, reply.standalone_question
    assert "收录的文件里没有关于" not in reply.answer, reply.answer  # no place refusal (not_covered)
