"""What a question is about, read on a small made-up city written here and on the real texts: an article whose
caption is a markdown bold heading (**第六条 灵活就业社会保险补贴**) names its subject, so a district whose own rule
deals with another subject inherits the city-wide article; a word the question only reaches through a synonym
(房租 for a shop's rent) does not send a district's own 场地租金 rule away; 户口 written after a place written short
(珂埔户口) says who the user is; a monthly figure asked is answered by a clause that states one per month, of the
education level the user told; a programme named by two characters the tokenizer cut apart (托育) is that
programme, and one the user describes (学厨师) the programme nearest in meaning, while a wish no programme is near
(学开飞机) is "not in the catalogue", and a department the catalogue names (智能制造学院) is no unknown college; an
asked part the city-wide rule answers (见习补贴一人一个月给多少) is answered whatever word another part writes (招几个学生);
a number of kinds (这两类) names no subject; a district written by a slip (保安区) is still that
district when another real city is named in the story (总部在广州)."""

from __future__ import annotations

import pytest

from tests.conftest import ask_dry_run as ask

CITY = """# 璁州市促进高校毕业生和青年人才就业创业若干措施

璁州市人民政府办公室

**第一条 适用范围** 本措施适用于璁州市翊湾区、苕岭区和璁州高新技术产业开发区。璁州高新技术产业开发区不另行制定政策，参照本措施执行。

**第二条 租房补贴** 首次在本市就业的全日制高校毕业生，本科每人每月900元，硕士研究生每人每月1300元，补贴期限最长不超过36个月。

**第三条 就业见习补贴** 见习单位吸纳离校2年内未就业高校毕业生参加就业见习的，按每人每月1700元给予见习补贴。

**第四条 灵活就业社会保险补贴** 离校2年内未就业高校毕业生以灵活就业人员身份在本市缴纳基本养老保险的，按其实际缴费额的三分之二给予社会保险补贴，补贴期限最长不超过24个月。
"""
INTERNSHIP = """# 翊湾区就业见习管理办法

翊湾区人力资源和社会保障局

**第一条 见习对象** 离校2年内未就业高校毕业生和16至24周岁失业青年，可在翊湾区见习基地参加就业见习，见习期间由见习基地为其缴纳人身意外伤害保险。

**第二条 见习补贴** 在翊湾区见习基地参加见习的，按每人每月2100元给予见习补贴，补贴期限最长不超过12个月，市级见习补贴标准在本区不再执行。
"""
STARTUP = """# 苕岭区扶持创业实施办法

苕岭区人民政府

**第一条 场地租金补贴** 租用经营场地创业的初创企业，按实际租金的50%给予场地租金补贴，每户每月最高1100元，补贴期限最长不超过24个月。

**第二条 居住补贴** 在苕岭区创业的高校毕业生，按学历给予居住补贴：

（一）博士研究生3400元/月；

（二）硕士研究生2300元/月；

（三）全日制本科1450元/月；

（四）全日制专科（高职）850元/月。

入住区人才公寓的，租金按同地段市场租金的50%收取，入住期间不发放居住补贴。居住补贴按季度发放，同一人最长4年。

**第三条 技能证书补贴** 苕岭区户籍劳动者取得中级工（四级）职业技能等级证书的，每人补贴1650元，应自证书核发之日起6个月内申请。
"""
CATALOGUE = """# 璁州职业技术学院2025年招生专业目录

璁州职业技术学院是璁州市人民政府举办的全日制公办高等职业院校，招生办公室电话：0571-86000001，工作日8:30—17:00接受咨询。

| 专业名称 | 专业代码 | 学制 | 学费 | 招生人数 | 就业方向 |
|---|---|---|---|---|---|
| 婴幼儿托育服务与管理 | 520802 | 三年 | 5100元/年 | 60 | 早教中心指导、社区婴幼儿照护 |
| 大数据与会计 | 530302 | 三年 | 5000元/年 | 80 | 企业会计、出纳 |
| 工业机器人技术 | 460305 | 三年 | 5600元/年 | 90 | 工业机器人操作与运维 |
| 烹饪工艺与营养 | 540202 | 三年 | 5400元/年 | 60 | 酒店餐饮、团餐配餐 |
| 护理 | 520201 | 三年 | 6000元/年 | 120 | 医院、社区卫生服务中心护士 |
| 电子商务 | 530701 | 三年 | 4800元/年 | 100 | 网店运营、直播运营 |
| 数控技术 | 460103 | 三年 | 5200元/年 | 80 | 数控机床操作、编程 |
| 建筑工程技术 | 440301 | 三年 | 5300元/年 | 70 | 施工员、质量员 |

## 说明

1. 护理专业限招身体健康、无色盲色弱的考生。工业机器人技术、数控技术专业由智能制造学院负责培养。
2. 以上招生计划以省教育考试院最终公布为准。
3. 住宿费每生每年1000元（四人间）。
"""


@pytest.fixture(scope="module")
def city(small_corpus):
    files = {"policies/liangzhou_shi_cuoshi.md": CITY, "policies/yiwan_qu_jianxi.md": INTERNSHIP,
             "policies/tiaoling_qu_chuangye.md": STARTUP, "programmes/liangzhou_zhiyuan_2025.md": CATALOGUE}
    with small_corpus("liangzhou", files) as services:
        yield services


def test_a_bold_caption_names_the_city_wide_subject_a_district_inherits(city):
    reply = ask(city, "毕业快一年了没找到工作，现在在翊湾区跑外卖，养老保险按灵活就业人员自己交的。像我这种灵活就业的有社保补贴吗？怎么补，能补多久？")
    assert not reply.refused, reply.answer
    assert "三分之二" in reply.answer and "24个月" in reply.answer, reply.answer
    assert "2100元" not in reply.answer, reply.answer


def test_a_shops_rent_stays_with_the_districts_own_rent_rule(city):
    reply = ask(city, "在苕岭租了个门面做创业，房租能补吗？一个月最多补多少，能补几年？")
    assert not reply.refused, reply.answer
    assert "1100元" in reply.answer, reply.answer
    assert "900元" not in reply.answer and "1300元" not in reply.answer, reply.answer


def test_hukou_after_a_place_written_short_is_who_the_user_is(city):
    reply = ask(city, "苕岭户口，上个月刚拿到电工四级（中级工）证书，听说考证政府有钱补？能补多少，啥时候之前得去申请？")
    assert not reply.refused, reply.answer
    assert "1650元" in reply.answer and "6个月内" in reply.answer, reply.answer


def test_a_monthly_figure_asked_is_the_told_levels_monthly_item(city):
    reply = ask(city, "我在苕岭区创业，本科毕业快两年了，一直租房子住，区里那个居住补贴一个月给多少钱？最多能领几年？")
    assert "1450元/月" in reply.answer and "最长4年" in reply.answer, reply.answer
    assert "850元" not in reply.answer and "50%" not in reply.answer, reply.answer


def test_a_programme_named_by_characters_the_tokenizer_cut_apart(city):
    reply = ask(city, "我闺女想学照顾小宝宝的（就是托育那种），学校有这个专业吗？毕业以后能去哪儿上班？")
    assert not reply.refused, reply.answer
    assert "婴幼儿托育服务与管理" in reply.answer and "早教中心" in reply.answer, reply.answer


def test_a_programme_described_is_the_one_nearest_in_meaning(city):
    reply = ask(city, "我不爱读书，就喜欢做菜，想学厨师，学校有这个专业吗？学费多少？")
    assert not reply.refused, reply.answer
    assert "烹饪工艺与营养" in reply.answer and "5400元" in reply.answer, reply.answer


def test_a_wish_no_programme_is_near_is_not_in_the_catalogue(city):
    reply = ask(city, "学校有没有学开飞机的专业？")
    assert reply.refused and "开飞机" in reply.answer, reply.answer
    assert "520802" not in reply.answer and "5100元" not in reply.answer, reply.answer


def test_an_asked_part_the_city_rule_answers_is_not_refused_for_a_word_of_another(city):
    reply = ask(city, "我们公司注册在高新区那边，想招几个毕业一年还没找到工作的学生来见习。见习补贴一人一个月给多少？")
    assert not reply.refused, reply.answer
    assert "1700元" in reply.answer and "2100元" not in reply.answer, reply.answer


def test_a_department_the_catalogue_names_is_no_unknown_college(city):
    reply = ask(city, "工业机器人技术和数控技术是不是都在智能制造学院？学费一年多少？")
    assert not reply.refused, reply.answer
    assert "5600元" in reply.answer and "5200元" in reply.answer, reply.answer


@pytest.mark.slow
def test_a_number_of_kinds_names_no_subject(realworld_services):
    reply = ask(realworld_services, "宝安区2016年金融、物流这两类紧缺人才各打算引多少人？")
    assert not reply.refused, reply.answer
    assert "分别引进20名" in reply.answer, reply.answer


@pytest.mark.slow
def test_a_slip_for_a_covered_district_beside_another_real_city(realworld_services):
    reply = ask(realworld_services, "你好，我们是一家物流公司，总部在广州，在保安区设了个分公司。看到2016年金融、物流紧缺人才岗位需求预申报的通知，我们分公司能报吗？")
    assert not reply.refused, reply.answer
    assert reply.sources and all(s.source == "baoan_shortage_talent_2016.txt" for s in reply.sources), reply.answer


@pytest.mark.slow
def test_a_part_of_a_rate_is_no_topic(realworld_services):
    reply = ask(realworld_services, "大连中山区一家制造企业，我是做人事的。今年没裁员，想问下失业保险单位那部分费率现在是多少？不裁员的话能返还多少？")
    assert not reply.refused, reply.answer
    assert "50%" in reply.answer, reply.answer

