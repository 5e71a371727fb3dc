"""What is asked, read on a small made-up city written here: a group of people before 补贴 (就业困难人员补贴期限) names
who receives it, not another benefit; 几回/几次 asks a count, and 每名补贴对象 names no benefit; acknowledgements said
one after another (哦哦明白了。那…) leave the follow-up's own words; a 招聘会 in the story asks for no posting; what a
user tells of themself that only a catalogue's notes write (身高) is asked of the notes; a numeral, a pronoun or a verb
before an employer (一共, 那个养老院, 看到仁和医院) names no unknown employer, nor does a word a general lexicon takes
for a place (城建); numbered questions of different kinds (a subsidy and a posting) are each answered; 市里 in an
asking part asks the city-wide rule whatever district the story names; a posting's field is quoted once; who pays
(政府补贴) names no benefit, and a list item stating a condition (（一）离校2年内未就业的高校毕业生。) names no subject of
its document, so a district whose own rule is on another subject inherits the city-wide 见习 article; numbered items
are parsed and their answers joined; a benefit asked beside one whose amount is not stated keeps its answer."""

from __future__ import annotations

import pytest

from tests.conftest import ask_dry_run as ask
from tests.conftest import turn

CITY = """# 翯州市促进高校毕业生和青年就业创业若干措施

翯州市人民政府办公室

**第一条 适用范围** 本措施适用于翯州市琤沄区、漷溪区和翯州高新技术产业开发区，各区人力资源和社会保障部门负责具体组织实施工作。

**第二条 租房补贴** 在本市就业的全日制高校毕业生，本科每人每月760元，硕士研究生每人每月1180元，补贴期限最长不超过36个月。

**第三条 就业见习补贴** 市级见习基地（见习单位）吸纳离校2年内未就业高校毕业生参加就业见习的，按每人每月1650元给予见习单位见习补贴。

**第四条 青年驿站** 来翯州求职的市外高校毕业生可申请入住翯州青年驿站，免费入住每人每年1次，每次最长不超过6天。
"""
SKILL = """# 翯州市职业技能等级证书补贴办法

翯州市人力资源和社会保障局

**第一条 补贴对象** 在本市参加企业职工基本养老保险的劳动者取得职业技能等级证书的，按本办法给予补贴。

**第二条 补贴标准** 取得五级（初级工）证书的每人补贴700元；取得四级（中级工）证书的每人补贴1350元；取得三级（高级工）证书的每人补贴1950元。

**第三条 享受次数** 每名补贴对象每年只能享受一次职业技能等级证书补贴，每人累计享受补贴不超过4次。

**第四条 申请时限** 补贴对象应自证书核发之日起12个月内提出申请。
"""
FLEXIBLE = """# 漷溪区灵活就业人员社会保险补贴办法

翯州市漷溪区人力资源和社会保障局

**第一条 补贴对象** 户籍在漷溪区、以个人身份参加职工基本养老保险的下列人员：

（一）离校2年内未就业的高校毕业生。

（二）经认定的就业困难人员。

**第二条 补贴标准** 按实际缴费额的三分之二给予补贴，每人每月最高不超过560元。

**第三条 补贴期限** 离校2年内未就业的高校毕业生，补贴期限最长不超过18个月；就业困难人员补贴期限最长不超过30个月。

**第四条 退出情形** 补贴对象有下列情形之一的，自次月起停止发放补贴：（一）实现单位就业的；（二）中断缴费超过3个月的。
"""
INTERNSHIP = """# 琤沄区就业见习管理细则

翯州市琤沄区人力资源和社会保障局

**第一条 见习补贴** 琤沄区见习基地按每名见习人员每月2150元给予见习补贴，最长不超过6个月。

**第二条 不重复享受** 同一见习人员不得同时申领市、区两级见习补贴。
"""
CATALOGUE = """# 翯州职业技术学院2025年招生专业目录

翯州职业技术学院是翯州市人民政府举办的全日制公办高等职业院校，招生办公室电话：0571-86000002。

| 专业名称 | 专业代码 | 学制 | 学费 | 招生人数 | 就业方向 |
|---|---|---|---|---|---|
| 护理 | 520201 | 三年 | 6200元/年 | 120 | 医院、社区卫生服务中心护士 |
| 药学 | 520301 | 三年 | 6400元/年 | 60 | 医院药房、药品零售 |
| 电子商务 | 530701 | 三年 | 4800元/年 | 100 | 网店运营、直播运营 |
| 数控技术 | 460103 | 三年 | 5200元/年 | 80 | 数控机床操作、编程 |

## 录取规则

1. 护理、药学专业不招收色盲考生；护理专业要求女生身高156厘米以上。
2. 外语语种不限，入学后公共外语课程按英语开设。
"""
JOBS = """岗位编号,岗位名称,单位名称,工作地点,薪资,招聘人数,学历要求,技能要求,联系方式,发布日期
HZ-001,临床护士,翯州仁和医院,漷溪区康宁路8号,5200-7200元/月,15人,大专及以上,持护士执业资格证书,0571-86110001 人事科,2025-05-06
HZ-002,养老护理员,翯州市漷溪区康颐养老服务中心,漷溪区滨河路12号,4300-5300元/月,10人,初中及以上,可接受无经验人员，提供免费培训,0571-86110002 韩院长,2025-05-08
HZ-003,会计,琤沄城建投资集团有限公司,琤沄区建设路1号,6500-8500元/月,2人,本科及以上,持中级会计职称,0571-86110003 人力资源部,2025-05-10
HZ-004,数控车工,翯州恒锐精密机械有限公司,漷溪区工业园3号,6100-8600元/月,8人,中专及以上,持数控车工四级（中级工）及以上职业技能等级证书，能独立编程,0571-86110004 郑女士,2025-05-12
HZ-005,机器人操作员,翯州智驰汽车零部件有限公司,翯州高新区创新路6号,4900-6600元/月,6人,中专及以上,接受两班倒,0571-86110005 周女士,2025-05-14
"""


@pytest.fixture(scope="module")
def city(small_corpus):
    files = {"policies/hezhou_shi_cuoshi.md": CITY, "policies/hezhou_shi_jineng.md": SKILL,
             "policies/huoxi_qu_linghuo.md": FLEXIBLE, "policies/chengyun_qu_jianxi.md": INTERNSHIP,
             "programmes/hezhou_zhiyuan_2025.md": CATALOGUE, "jobs/hezhou_gangwei_2025.csv": JOBS}
    with small_corpus("hezhou", files) as services:
        yield services


def test_a_group_of_people_before_a_subsidy_names_no_other_benefit(city):
    reply = ask(city, "去年毕业一直没找到正式工作，现在在漷溪区跑外卖，自己按灵活就业交的养老。一个月最多能补多少钱，能补多久？")
    assert not reply.refused, reply.answer
    assert "560元" in reply.answer and "18个月" in reply.answer, reply.answer


def test_how_many_times_asks_a_count(city):
    reply = ask(city, "我今年刚考下来三级，这个能领多少？另外我去年已经领过一次四级的补贴了，今年还能再领吗？一辈子总共最多能领几回",
                history=turn("市里考职业技能等级证书是不是有补贴？", "有的。按《翯州市职业技能等级证书补贴办法》第二条，取得证书的按等级给予补贴。"))
    assert "1950元" in reply.answer and "不超过4次" in reply.answer, reply.answer


def test_acknowledgements_one_after_another_leave_the_follow_up(city):
    reply = ask(city, "哦哦明白了。那我们单位在琤沄区，也是这个数吗？能不能市里的加上区里的一起拿",
                history=turn("市里的就业见习补贴是多少？", "按《翯州市促进高校毕业生和青年就业创业若干措施》第三条，市级见习基地按每人每月1650元给予见习补贴。"))
    assert not reply.refused, reply.answer
    assert "2150元" in reply.answer, reply.answer


def test_a_job_fair_in_the_story_asks_for_no_posting(city):
    reply = ask(city, "我是外省的应届生，下个月想来翯州找工作，顺便参加几场招聘会。听说有个青年驿站可以免费住？能住几天？一年能住几次")
    assert reply.route == "policy" and not reply.refused, reply.answer
    assert "6天" in reply.answer and "每人每年1次" in reply.answer, reply.answer


def test_what_the_user_tells_that_only_the_notes_write_is_asked_of_them(city):
    reply = ask(city, "我女儿身高153，想报翯州职院的护理，会不会被卡？")
    assert "156厘米" in reply.answer, reply.answer
    reply = ask(city, "我高考外语考的是日语，翯州职院的药学能报吗？学费多少")
    assert "外语语种不限" in reply.answer and "6400元" in reply.answer, reply.answer
    assert reply.answer.count("外语语种不限") == 1, reply.answer


@pytest.mark.parametrize("question, fact", [
    ("看到仁和医院招护士 招几个人啊", "15人"),
    ("我48了，想去漷溪那个养老院当护理员，没证也没干过，人家收不收？一共招几个人？", "10人"),
    ("高新区那边有没有厂在招机器人操作员的？工资多少 要倒班吗", "4900-6600元/月"),
    ("琤云区那个城建集团招会计 要什么学历", "本科及以上"),
])
def test_words_before_an_employer_name_no_unknown_one(city, question, fact):
    reply = ask(city, question)
    assert not reply.refused and fact in reply.answer, reply.answer


def test_numbered_questions_of_different_kinds_are_each_answered(city):
    reply = ask(city, "我刚拿到数控车工四级证（中级工），现在在漷溪区一个小厂干。1. 市里的考证补贴我能领多少？"
                      "2. 漷溪那个恒锐精密招数控车工，是要四级证吗，工资多少？")
    assert not reply.refused, reply.answer
    assert "1350元" in reply.answer and "6100-8600元/月" in reply.answer, reply.answer
    assert reply.answer.count("能独立编程") == 1, reply.answer  # a field's piece is not quoted twice
    numbers = {int(n) for n in __import__("re").findall(r"\[(\d+)\]", reply.answer)}
    assert numbers == set(range(1, len(reply.sources) + 1)), (reply.answer, reply.sources)


def test_a_refused_whole_is_answered_item_by_item(city):
    reply = ask(city, "我是离校一年多的本科生，在漷溪区以灵活就业身份交的社保。想问两件事：1. 漷溪区的灵活就业社保补贴每个月最多补多少？"
                      "2. 市里本科的那个租房补贴一个月多少？")
    assert not reply.refused, reply.answer
    assert "560元" in reply.answer and "760元" in reply.answer, reply.answer


def test_the_city_asked_beside_a_district_of_the_story(city):
    reply = ask(city, "我刚拿到电工四级证，现在在漷溪区一个小厂干，市里的考证补贴我能领多少？")
    assert not reply.refused, reply.answer
    assert "1350元" in reply.answer and "560元" not in reply.answer, reply.answer


def test_a_district_on_another_subject_inherits_the_city_article_when_the_user_names_who_pays(city):
    # 政府补贴 says who pays: the district's own rule deals with another subject, the city-wide 见习 article answers
    reply = ask(city, "我在漷溪区开了个小厂，想让两个离校没工作的大学生来厂里见习，政府补贴单位一个月多少钱一个人？")
    assert not reply.refused, reply.answer
    assert "1650元" in reply.answer and "政府补贴的具体金额" not in reply.answer, reply.answer


def test_who_pays_is_no_benefit_name():
    from assistant.scope import asked_benefits

    assert [w for w, _, _ in asked_benefits("政府补贴单位一个月多少钱一个人")] == []
    assert [w for w, _, _ in asked_benefits("购房补贴有多少")] == ["购房补贴"]


def test_a_list_item_stating_a_condition_is_no_caption():
    from langchain_core.documents import Document

    from assistant.scope import subject_terms

    doc = Document(page_content="**第一条 补贴对象** 下列人员：\n\n（一）离校2年内未就业的高校毕业生。\n\n（二）经认定的就业困难人员。",
                   metadata={"title": "某区灵活就业人员社会保险补贴办法"})
    subjects = subject_terms([doc], rows=False)
    assert "离校" not in subjects and "困难" in subjects, subjects


def test_numbered_items_are_read_in_order_and_figures_are_no_items():
    from knowledge.query import numbered_items

    assert numbered_items("想问：1）补贴有多少？2）能贷多少？3）能一起申吗") == ("想问：", ["补贴有多少？", "能贷多少？", "能一起申吗"])
    assert numbered_items("我想问1.奖励多少 2.还能申请吗")[1] == ["奖励多少", "还能申请吗"]  # an item right after 问
    assert numbered_items("工资1.5万，2.3年能升吗")[1] == []  # figures, not items
    assert numbered_items("1、2、3级分别补多少")[1] == []  # levels counted, not items
    assert numbered_items("问两件事 2. 补贴多少 1. 去哪办")[1] == []  # not 1, 2, … in order


def test_joined_items_say_their_common_opening_once_and_renumber_citations():
    from assistant.assistant import joined
    from assistant.records import Reply, Source

    a, b = (Source(source=f"{n}.md", title=n, page=1, section="", score=1.0, text=n) for n in ("甲", "乙"))
    opening = "按琤沄区（问题中写作“琤云区”）："
    answer, sources = joined([Reply(answer=f"{opening}见习补贴2150元。[1]", sources=[a]),
                              Reply(answer="抱歉，资料里没有写明。建议咨询。", refused=True),
                              Reply(answer=f"{opening}租房补贴760元。[1]\n同一人限一次。[2]", sources=[b, a]),
                              Reply(answer=f"{opening}同一人限一次。[1]", sources=[a])])
    assert answer == f"{opening}见习补贴2150元。[1]\n抱歉，资料里没有写明。\n租房补贴760元。[2]\n同一人限一次。[1]", answer
    assert [s.source for s in sources] == ["甲.md", "乙.md"]


def test_joined_answers_say_an_opening_an_earlier_one_said_once():
    # three benefits of a case: two answered from the city-wide rule (its lead and the document), one from the
    # district's own between them; the lead is said once, the district's own answer keeps its opening
    from assistant.assistant import joined
    from assistant.records import Reply, Source

    a, b = (Source(source=f"{n}.md", title=n, page=1, section="", score=1.0, text=n) for n in ("甲", "乙"))
    lead = "溱屿区的文件里没有写这一项，以下按琮峪市全市的规定：根据《甲》："
    answer, _ = joined([Reply(answer=f"{lead}生活补贴15000元。[1]", sources=[a]),
                        Reply(answer="根据《乙》：租金补贴80%。[1]", sources=[b]),
                        Reply(answer=f"{lead}租房补贴每月1200元。[1]", sources=[a])])
    assert answer == f"{lead}生活补贴15000元。[1]\n根据《乙》：租金补贴80%。[2]\n租房补贴每月1200元。[1]", answer


def test_a_benefit_answered_beside_one_whose_amount_is_not_stated():
    from langchain_core.documents import Document

    from assistant.scope import answers_another
    from knowledge.query import QueryAnalysis

    a = QueryAnalysis("我们俩租房补贴每月各能拿多少？还有听说博士有安家费，她能拿多少？", [], [], [], [], [], [])
    rent = Document(page_content="【租房补贴】博士研究生每人每月1500元，硕士研究生每人每月1000元。")
    other = Document(page_content="【见习补贴】按每人每月1800元给予见习补贴。")
    assert answers_another(a, [rent], "安家费")  # the rent lines answer their own ask: kept, 安家费 said not stated
    assert not answers_another(a, [other], "安家费")  # another benefit's figure answers nothing asked
    assert not answers_another(QueryAnalysis("博士安家费能拿多少？", [], [], [], [], [], []), [rent], "安家费")
