"""Places and words told in passing do not decide what is asked, on a small made-up corpus written here: a place the
user used to work in (本来在X做了几年), a place where the company sits that the conversation was answered for, a
group of districts beside a district (城六区), the words saying who asks (我是某公司的人事…公司能申请吗), and a benefit
named in a list without a figure (可给予租房补贴、安家补贴…): "not stated", never another clause's figure."""

from __future__ import annotations

import pytest

from tests.conftest import ask_dry_run as ask

TALENT = """# 汀澜市引进人才管理办法

汀澜市人力资源和社会保障局

第五条 在本市高新技术企业中承担重要工作，近3年每年应税收入超过上一年度全市职工平均工资一定倍数的（企业注册在城六区的为8倍，注册在本市其他区域的为6倍）。

第八条 非公有制企业以注册地的区人力资源社会保障部门作为主管单位申报。

第十条 用人单位每年1月至8月通过系统向主管单位提交引进人员信息。

第十二条 居住证持证人在本市工作并居住的，可予以专项加分，即每满1年积2分，最高分值为20分。
"""
RETURNEE = """# 岚屿区留学人员支持申请要求

岚屿区人力资源和社会保障局

一、申报人员应在国（境）外取得硕士及以上学位，一般在申报单位工作满3个月。

二、吸纳就业困难人员补贴。区内企业吸纳本区认定的就业困难人员，签订1年以上劳动合同的，按每人1500元给予一次性吸纳就业补贴。
"""
COUNTY = """澄川市就业政策

澄川市人力资源和社会保障局

安家费补贴
政策内容：对高校毕业生到农村急需紧缺专业就业，签订3年以上劳动合同的，给予一定的专项安家费，具体标准由各县自行确定。

县域就业保障措施
政策内容：各县对在当地无住房、签订1年以上劳动合同的高校毕业生，可提供人才公寓或短期免费周转房，有条件的可给予一定期限的租房补贴、安家补贴、一次性购房款减免。

见习补贴
补贴测算：见习单位按每人每月1600元领取见习补贴。
"""
FIGURES = ("8倍", "6倍", "1500元", "1600元", "2分", "20分")


@pytest.fixture(scope="module")
def world(small_corpus):
    files = {"policies/tinglan_shi_yinjin.md": TALENT, "policies/lanyu_qu_liuxue.md": RETURNEE,
             "policies/chengchuan_shi_jiuye.txt": COUNTY}
    with small_corpus("in-passing", files) as services:
        yield services


def test_a_place_the_user_used_to_work_in_does_not_refuse_the_covered_place_asked(world):
    reply = ask(world, "本来在杭州做了几年机械设计，去年跳槽来汀澜一家厂子，拿着居住证在攒积分。在汀澜上班又住汀澜，一年能加几分？")
    assert not reply.refused, reply.answer
    assert "2分" in reply.answer, reply.answer


def test_a_group_of_districts_beside_a_district_and_the_city_the_question_names(world):
    """注册在岚屿区（城六区）…申请汀澜市人才引进: the district's own document states no multiple, the city's does."""
    reply = ask(world, "我们是做芯片的高新企业 注册在岚屿区（城六区嘛），打算申请汀澜市人才引进，要求的收入是社平工资的几倍？")
    assert not reply.refused, reply.answer
    assert "8倍" in reply.answer, reply.answer


def test_the_words_saying_who_asks_are_no_subject_the_documents_must_write(world):
    reply = ask(world, "我们是岚屿区一家保洁公司 最近招了3个认定的就业困难人员 合同签了一年 公司能拿什么补贴 多少钱")
    assert not reply.refused, reply.answer
    assert "1500元" in reply.answer, reply.answer


def test_a_benefit_named_only_in_a_list_without_a_figure_is_not_stated(world):
    reply = ask(world, "我学农的 打算去澄川涉农的县工作 已经签了五年合同 听说有安家费 能给多少钱啊？")
    assert reply.refused, reply.answer
    assert "安家费" in reply.answer, reply.answer
    assert not any(f in reply.answer for f in FIGURES), reply.answer


FIRST = "我们是朝阳的一家民营科技公司 想引进几个外地应届生 要找哪个部门报"


def test_a_follow_up_keeps_the_place_the_last_answer_was_from(world):
    history = [{"role": "user", "content": FIRST},
               {"role": "assistant", "content": "按《汀澜市引进人才管理办法》，非公有制企业以注册地的区人力资源社会保障部门作为主管单位申报。"}]
    reply = ask(world, "那每年啥时候能在系统里提交信息 有固定时间段吗", history)
    assert not reply.refused, reply.answer
    assert "1月至8月" in reply.answer, reply.answer


def test_a_follow_up_after_a_refusal_inherits_no_covered_place(world):
    refused = ask(world, FIRST)
    assert refused.refused, refused.answer  # 朝阳: no document writes it, and no covered place is named
    history = [{"role": "user", "content": FIRST}, {"role": "assistant", "content": refused.answer}]
    reply = ask(world, "那每年啥时候能在系统里提交信息 有固定时间段吗", history)
    assert reply.refused, reply.answer
    assert "1月至8月" not in reply.answer, reply.answer
