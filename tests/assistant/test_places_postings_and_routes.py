"""A made-up city written here (a district's rent rule, a college catalogue, postings in a district and a zone): a
district written by a same-sounding slip is that district even beside a word the lexicon tags as a place but that
describes a noun (临街商铺); a story's time (今年年初开始跑外卖), a word holding a cue (小程序) and a registration told
(户口和家都在某区) ask nothing; 那苕岭那边有没有类似的 after a district's answer, and postings asked of 苕岭那边,
are about a name no document writes; a programme named with a place in the asking part (跟高新区的厂有合作订单班吗)
is answered from the catalogue; a parent's fee question in a story is the catalogue's; a list for someone with no
experience lists the postings asking none, whatever certificate the user lacks; 那高新区的呢 after one posting asks
the zone's."""

from __future__ import annotations

import pytest

from assistant.refusal import status
from knowledge.query import classify_asks
from knowledge.tokenize import attributive
from tests.conftest import ask_dry_run as ask
from tests.conftest import turn

RENT = """# 沄江区创业场地租金补贴办法

第一条 在沄江区首次创办小微企业或个体工商户的高校毕业生，租用经营场地的，按实际租金的50%给予补贴，每户每年最高不超过1万元，补贴期限最长2年。

第二条 申请材料：身份证、营业执照、场地租赁合同、租金支付凭证。

第三条 受理地点：沄江区创业指导服务中心，电话：0571-8800123。
"""

CATALOGUE = """# 苘州职业技术学院2025年招生专业目录

苘州职业技术学院位于苘州市蒹塘区，招生办公室电话：0571-86000010。

| 专业名称 | 学制 | 学费 | 招生人数 | 就业方向 |
|---|---|---|---|---|
| 工业机器人技术 | 三年 | 6100元/年 | 70人 | 工业机器人运维，与高新区企业合作开设订单班 |
| 护理 | 三年 | 6300元/年 | 120人 | 医院、社区卫生服务中心 |
| 学前教育（五年一贯制） | 五年 | 前3年2800元/年，后2年5400元/年 | 40人 | 幼儿园教师 |

住宿费：4人间1200元/年。
"""

JOBS = """id,title,company,district,salary,education,experience,certificate,deadline
J01,护士,蒹塘区人民医院,蒹塘区,4800-6000元/月,大专,不限,护士执业资格证,2025-08-31
J02,会计,苘州蒹塘建材有限公司,蒹塘区,4500-5600元/月,大专,3年以上,初级会计证,2025-08-31
J03,电商运营,苘州蒹塘山货电子商务有限公司,蒹塘区,4000-7000元/月,大专,1年以上,,2025-08-31
J04,养老护理员,蒹塘区康宁养老服务中心,蒹塘区,4000-5000元/月,中专,不限,,2025-08-31
J05,快递分拣员,苘州速达快递有限公司蒹塘分部,蒹塘区,4200-5800元/月,不限,不限,,2025-08-31
J06,数控车工,苘州精锐机械有限公司,蒹塘区,6500-8500元/月,中专,2年以上,数控车工中级证,2025-08-31
J07,数控车工,苘州高新区锐驰精密科技有限公司,苘州高新区,7000-9000元/月,大专,3年以上,数控车工高级证,2025-08-31
J08,工业机器人运维工程师,苘州精研智能装备有限公司,苘州高新区,7000-10000元/月,大专,1年以上,,2025-08-31
"""


@pytest.fixture(scope="module")
def city(small_corpus):
    files = {"policies/yunjiang_zujin.md": RENT, "programmes/qiongzhou_zhiyuan.md": CATALOGUE,
             "jobs/qiongzhou_gangwei.csv": JOBS}
    with small_corpus("places_postings_routes", files) as services:
        yield services


def test_a_slip_for_a_district_is_read_beside_a_word_describing_a_shop(city):
    assert attributive("租的是临街商铺，一个月房租3000", "临街")  # 临街 describes the shop
    assert not attributive("我在杭州公司上班", "杭州") and not attributive("杭州那边", "杭州")
    reply = ask(city, "大专毕业三年了，今年1月在芸江区开了家奶茶店，租的是临街商铺，一个月房租3000。区里那个创业场地租金补贴能补多少？能补几年？")
    assert not reply.refused, reply.answer
    assert "沄江区" in reply.answer and "1万元" in reply.answer and "2年" in reply.answer, reply.answer


@pytest.mark.parametrize("text, kinds", [
    ("今年年初开始跑美团外卖", []),  # when it began is told
    ("3月份开始跑外卖", []),
    ("什么时候开始申报", ["deadline"]),
    ("今年什么时候开始", ["deadline"]),
    ("大二的时候跟室友搞了个做校园二手交易的小程序公司", []),  # 小程序 holds 程序 and asks no procedure
    ("申请程序是怎样的", ["procedure"]),
])
def test_what_a_story_part_asks(text, kinds):
    assert classify_asks(text) == kinds


@pytest.mark.parametrize("text, told", [
    ("我在高新区上班，户口和家都在蒹塘区。补贴能领吗", True),  # where the user is registered: no 落户 question
    ("户口在蒹塘区，能领吗", True),
    ("我想把户口迁到蒹塘区", False),  # moving it is asked
])
def test_a_registration_told_before_its_place_in_one_phrase_is_the_users_status(text, told):
    assert status(text, "户口", ["蒹塘区"]) is told


def test_a_programme_named_with_a_place_in_the_asking_part_is_answered_from_the_catalogue(city):
    reply = ask(city, "工业机器人技术这个专业出来是干嘛的啊？听说跟高新区的厂有合作订单班是真的吗？一年学费多少，招几个人")
    assert reply.route == "programme" and not reply.refused, reply.answer
    assert "6100元/年" in reply.answer and "70人" in reply.answer, reply.answer


def test_a_parents_fee_question_in_a_story_is_the_catalogues(city):
    reply = ask(city, "孩子今年初三，成绩一般般估计考不上普高，听说你们学校有五年制的？是啥专业，一年学费多少，五年下来一共要交多少钱啊？住宿另外算吗")
    assert reply.route == "programme", reply.answer
    assert "2800元/年" in reply.answer and "5400元/年" in reply.answer, reply.answer


def test_a_list_for_someone_with_no_experience_lists_the_postings_asking_none(city):
    reply = ask(city, "大专刚毕业，啥经验都没有，在蒹塘区有哪些不要工作经验的岗位？我没有护士证")
    assert reply.route == "job" and not reply.refused, reply.answer
    assert "养老护理员" in reply.answer and "快递分拣员" in reply.answer, reply.answer
    assert "会计" not in reply.answer and "3年以上" not in reply.answer, reply.answer


def test_a_follow_up_naming_a_zone_after_one_posting_asks_the_zones(city):
    history = turn("蒹塘区的数控车工工资多少？", "苘州精锐机械有限公司（蒹塘区）招数控车工，月薪6500-8500元，要求2年以上经验、数控车工中级证。")
    reply = ask(city, "那高新区的呢？我只有数控车工中级证，干了两年多，能去吗？", history)
    assert reply.route == "job" and not reply.refused, reply.answer
    assert "锐驰" in reply.answer and "高级" in reply.answer, reply.answer
    assert "6500-8500" not in reply.answer, reply.answer


def test_a_follow_up_moving_to_a_name_no_document_writes_is_refused(city):
    history = turn("沄江区创业场地租金补贴怎么补？", "根据《沄江区创业场地租金补贴办法》，按实际租金的50%给予补贴，每户每年最高不超过1万元，补贴期限最长2年。")
    reply = ask(city, "那苕岭那边今年有没有类似的政策？补贴是不是也一样？", history)
    assert reply.refused and "苕岭" in reply.answer, reply.answer
    assert "1万元" not in reply.answer, reply.answer
    kept = ask(city, "那孩子那边呢？她也在沄江区开店", history)  # a common noun before 那边 moves nowhere
    assert not kept.refused, kept.answer


def test_postings_asked_of_a_name_before_nabian_that_no_document_writes_are_refused(city):
    reply = ask(city, "苕岭那边有没有招数控车工的啊？我不想跑太远")
    assert reply.refused and "苕岭" in reply.answer, reply.answer
    assert "6500-8500" not in reply.answer and "7000-9000" not in reply.answer, reply.answer
