"""A zone named after its city (岱泠高新区) on a small made-up corpus written here: users write the rest (高新区) or a
slip of it (高薪区); either is that zone, answered from the city-wide rule it follows, never refused and never from
a district's own rule."""

from __future__ import annotations

import pytest

from tests.conftest import ask_dry_run as ask

CITY = """# 岱泠市促进高校毕业生等青年就业创业若干措施

岱泠市人力资源和社会保障局

为做好高校毕业生就业创业工作，经市政府同意，现制定如下措施。

第一条 本措施适用于岱泠市各区。岱泠高新区未另行制定区级政策的，岱泠高新区用人单位和个人按本措施规定的标准执行，各项补贴向岱泠高新区社会事务局申请。

第二条 就业见习补贴。见习单位吸纳离校2年内未就业高校毕业生参加就业见习的，按每人每月1800元给予见习补贴，补贴期限最长12个月。

第三条 租房补贴。在本市就业的全日制本科毕业生每人每月1000元，硕士研究生每人每月1500元，补贴期限最长3年。

第四条 灵活就业社会保险补贴。对离校2年内未就业、以灵活就业方式就业并缴纳社会保险的高校毕业生，按其实际缴费额的三分之二给予社会保险补贴，补贴期限最长不超过2年。
"""
DISTRICT = """# 渌川区大学生就业见习管理办法

渌川区人力资源和社会保障局

第一条 在渌川区注册的见习基地适用本办法。

第二条 见习基地吸纳见习人员的，按2300元/月的标准给予见习补贴，每名见习人员补贴期限最长12个月。
"""
# a posting in the zone makes the zone a district the knowledge base knows by name
JOBS = """id,title,company,district,salary,education,experience,skills,description,posted_at
P001,软件测试工程师,岱泠某某软件有限公司,岱泠高新区,6000-8000元/月,大专,经验不限,测试,负责功能测试。,2025-05-01
P002,软件测试工程师,渌川某某信息技术有限公司,渌川区,5000-7000元/月,大专,经验不限,测试,负责接口测试。,2025-05-02
"""


@pytest.fixture(scope="module")
def city(small_corpus):
    files = {"policies/dailing_shi_jiuye_cuoshi.md": CITY, "policies/luchuan_qu_jianxi.md": DISTRICT,
             "jobs/dailing_gangwei.csv": JOBS}
    with small_corpus("dailing_zone", files) as services:
        yield services


@pytest.mark.parametrize("question", ["我们公司在高新区，见习补贴按什么标准给？", "我们公司在高薪区，见习补贴按什么标准给？"])
def test_a_zone_written_without_its_city_or_by_a_slip_gets_the_city_wide_rule(city, question):
    reply = ask(city, question)
    assert not reply.refused, reply.answer
    assert "1800元" in reply.answer and "2300元" not in reply.answer, reply.answer
    assert [s.source for s in reply.sources] == ["dailing_shi_jiuye_cuoshi.md"]


def test_a_story_of_working_for_several_companies_in_the_zone_does_not_make_the_companies_the_subject(city):
    # 给几家公司 counts vaguely: it asks no amount, so the asked part is 能补多少 after the 社保 story, not 公司
    reply = ask(city, "我专科毕业 现在在高新区给几家公司接单做设计 社保按灵活就业自己交的 高新区能补多少 能补几年")
    assert not reply.refused, reply.answer
    assert "三分之二" in reply.answer and "2年" in reply.answer, reply.answer
    assert [s.source for s in reply.sources] == ["dailing_shi_jiuye_cuoshi.md"]


def test_who_pays_is_not_the_subject_of_the_amount_asked(city):
    # 政府给单位补多少钱: 政府 says who pays; the subject is the 见习 of the story part before it
    reply = ask(city, "我们是高新区一家小软件公司，想招两个应届生来公司见习。政府给单位补多少钱一个月？")
    assert not reply.refused, reply.answer
    assert "1800元" in reply.answer and "2300元" not in reply.answer, reply.answer


def test_the_city_written_without_its_suffix_is_the_city_not_its_zone(city):
    # 岱泠 is 岱泠市: the zone named after it (岱泠高新区) shares the short name but is not what the user means
    reply = ask(city, "我在岱泠找到工作了，本科毕业，租房补贴每个月多少？")
    assert not reply.refused, reply.answer
    assert "1000元" in reply.answer and "高新区" not in reply.answer, reply.answer
    assert [s.source for s in reply.sources] == ["dailing_shi_jiuye_cuoshi.md"]


def test_a_job_asked_of_the_city_lists_every_area_not_only_the_zone_named_after_it(city):
    # 岱泠 names the city: its grams in 岱泠高新区 do not make the zone's posting the one asked
    reply = ask(city, "岱泠有招软件测试的吗，工资多少")
    assert "6000-8000元/月" in reply.answer and "5000-7000元/月" in reply.answer, reply.answer


def test_a_job_asked_of_the_zone_by_a_slip_lists_the_zones_posting(city):
    # 高薪区 is the zone (岱泠高新区), not the city its stem names
    reply = ask(city, "高薪区有招软件测试的吗，工资多少")
    assert "6000-8000元/月" in reply.answer and "5000-7000元/月" not in reply.answer, reply.answer


def test_a_word_folded_into_another_is_not_asked_by_its_parts(city):
    # 大学生 is folded into 应届 (高校毕业生): its part 大学, which no rule writes, is no subject the zone lacks
    reply = ask(city, "我们公司在高新区，今年想接收几个见习的大学生，见习补贴是按什么标准给的？")
    assert not reply.refused, reply.answer
    assert "1800元" in reply.answer and "2300元" not in reply.answer, reply.answer


@pytest.mark.parametrize("question", [
    "我硕士刚毕业，签了高新区一家做软件测试的公司，租房补贴硕士每个月多少？能发多久？",
    "我在高薪区一家软件公司上班，本科，能领租房补贴吗？每月多少？",
])
def test_a_rule_asked_of_the_zone_is_never_answered_from_its_postings(city, question):
    reply = ask(city, question)
    assert not reply.refused, reply.answer
    assert "岗位" not in reply.answer and "6000-8000" not in reply.answer, reply.answer
    assert {s.source for s in reply.sources} == {"dailing_shi_jiuye_cuoshi.md"}, reply.sources
