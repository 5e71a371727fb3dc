"""Words of a user's story on a small made-up city corpus written here: the asked benefit written inside a district's
longer name for it (创业补贴 in 一次性创业补贴) is that district's own rule, not a reason to fall back to the city; a
word of the story no ingested clause writes (实地 of 想去学校实地看看) does not stop the contact from being
answered; and a city the user only worked in before (在杭州干了五年) is background, so a district written by a
slip is still the one meant."""

from __future__ import annotations

import pytest

from tests.conftest import ask_dry_run as ask

CITY = """# 澄屿市促进青年就业创业若干措施

澄屿市人力资源和社会保障局

第一条 本措施在全市范围内适用，各区另有规定的从其规定。

第二条 一次性求职创业补贴。对毕业学年内的低保家庭高校毕业生，给予每人2500元的一次性求职创业补贴。

第三条 一次性创业补贴。对首次创办小微企业、正常经营6个月以上的高校毕业生，给予一次性创业补贴8000元。

第四条 就业见习补贴。见习单位按每人每月1800元享受见习补贴，期限最长12个月。
"""
DISTRICT = """# 蒲岭区创业扶持办法

蒲岭区人力资源和社会保障局

第一条 在蒲岭区登记注册的创业实体适用本办法。

第二条 【创业场地租金补贴】入驻区创业孵化基地的，按实际租金的50%给予补贴，每年最高20000元，最长3年。

第三条 【一次性创业补贴】创业实体正常经营6个月以上并为至少1名员工缴纳社会保险的，给予一次性创业补贴12000元。已享受市级一次性创业补贴的，区级按差额补足。

第四条 【带动就业补贴】创业实体吸纳登记失业人员就业的，每吸纳1人给予2000元补贴。
"""
RENT = """# 桐渚区高校毕业生租房补贴实施细则

桐渚区人力资源和社会保障局

第一条 在桐渚区就业的全日制高校毕业生，可申请租房补贴。

第二条 补贴标准为每人每月900元，最长发放24个月。
"""
COLLEGE = """# 澄屿职业技术学院2025年招生专业目录

学院地址：澄屿市蒲岭区学府路18号。招生办公室设在行政楼一楼105室，招生咨询电话：0571-67712345。

| 专业代码 | 专业名称 | 学制 | 招生人数 | 学费（元/年） |
|---|---|---|---|---|
| 460104 | 机械制造及自动化 | 三年 | 120 | 5200 |
| 510201 | 计算机应用技术 | 三年 | 90 | 5800 |
"""


@pytest.fixture(scope="module")
def city(small_corpus):
    files = {"policies/chengyu_shi_jiuye_chuangye.md": CITY, "policies/puling_qu_chuangye_fuchi.md": DISTRICT,
             "policies/tongzhu_qu_zufang_butie.md": RENT, "programmes/chengyu_xueyuan_zhaosheng.md": COLLEGE}
    with small_corpus("chengyu_story", files) as services:
        yield services


def test_the_asked_benefit_inside_a_districts_longer_name_is_that_districts_rule(city):
    reply = ask(city, "蒲岭创业补贴多少钱")
    assert not reply.refused, reply.answer
    assert "12000元" in reply.answer, reply.answer
    assert "puling_qu_chuangye_fuchi.md" in [s.source for s in reply.sources]


def test_a_story_word_no_clause_writes_does_not_stop_the_contact(city):
    reply = ask(city, "想去学校实地看看 招生办电话多少")
    assert not reply.refused, reply.answer
    assert "67712345" in reply.answer, reply.answer


def test_a_city_worked_in_before_is_background_to_a_slip(city):
    reply = ask(city, "我在杭州一家公司干了五年了 今年跳槽到童渚区 租房补贴一个月多少")
    assert not reply.refused, reply.answer
    assert "900元" in reply.answer and "桐渚区" in reply.answer, reply.answer
