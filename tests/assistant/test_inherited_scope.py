"""A district's scope is its own documents plus its city's city-wide rule, on a made-up city written here:
a fact stated in a section of its own (适用对象) or as a table row is no "not stated"; a topic only the city-wide
rule has is answered from it, not refused; a district written by a same-sounding name the general lexicon hardly
knows reaches that district; a subsidy that no document of the district's scope has is refused, never answered
with a neighbouring district's figure or a neighbouring subject's (场地租金 for 租房)."""

from __future__ import annotations

import pytest

from tests.conftest import ask_dry_run as ask

CITY = """# 滢州市促进重点群体就业若干措施

滢州市人力资源和社会保障局

第一条【适用范围】 本措施适用于滢州市湾江区、栎洲区和萝塘新区。萝塘新区不单独制定就业补贴政策，统一按本措施执行。

第二条【技能等级证书补贴】 在本市取得职业技能等级证书的劳动者，按下表标准给予补贴：

| 证书等级 | 补贴标准 |
|---|---|
| 初级工（五级） | 700元 |
| 中级工（四级） | 1300元 |
| 高级工（三级） | 1900元 |

劳动者应在取得证书之日起12个月内提出申请。

第三条【灵活就业社会保险补贴】 就业困难人员灵活就业后缴纳基本养老保险和基本医疗保险的，按每人每月430元给予社会保险补贴，补贴期限最长不超过3年。

第四条【就业见习补贴】 单位吸纳高校毕业生参加就业见习的，按每人每月1700元给予见习补贴。
"""
YOUTH = """# 湾江区支持青年人才来湾就业若干措施

湾江区人民政府办公室

## 湾江区支持青年人才来湾就业若干措施

### 一、适用对象

本措施所称青年人才，是指2022年1月1日以后毕业的全日制高校专科及以上学历毕业生，年龄不超过31周岁（博士研究生放宽至36周岁）。

### 二、青年人才生活补贴（租房补贴）

（一）申请条件。在湾江区注册的企业就业，并在湾江区缴纳社会保险，本人在滢州市无自有住房。

（二）补贴标准。本科毕业生每人每月750元，硕士研究生每人每月1050元。

### 三、就业见习补贴

（一）在湾江区见习基地参加见习的16—24岁登记失业青年，按每人每月1850元给予见习补贴。
"""
STARTUP = """# 栎洲区扶持高校毕业生创业实施办法

栎洲区人民政府

第一条 在栎洲区租赁经营场地（不含住宅）创业的高校毕业生，按实际租金的50%给予场地租金补贴，每年最高6500元，最长3年。

第二条 首次创办小微企业并正常经营满6个月的，给予一次性创业补贴9000元。
"""
JOBS = """id,title,company,district,salary,education,experience,skills,description,posted_at
P001,仓储管理员,滢州甲乙物流有限公司,萝塘新区,4600-5600元/月,大专,经验不限,仓储,负责出入库。工作地点：萝塘新区。,2025-05-02
"""


@pytest.fixture(scope="module")
def city(small_corpus):
    files = {"policies/yingzhou_shi_jiuye_cuoshi.md": CITY, "policies/wanjiang_qu_qingnian_rencai.md": YOUTH,
             "policies/lizhou_qu_chuangye.md": STARTUP, "jobs/yingzhou_gangwei.csv": JOBS}
    with small_corpus("yingzhou", files) as services:
        yield services


@pytest.mark.parametrize("question", ["湾江区青年人才生活补贴年龄卡到多少岁",
                                      "我32了 本科 在湾江区上班 还能申请湾江那个青年人才生活补贴不 年龄卡到多少岁"])
def test_an_age_stated_in_a_section_of_its_own_is_not_said_to_be_missing(city, question):
    reply = ask(city, question)
    assert not reply.refused and "不超过31周岁" in reply.answer, reply.answer
    assert "没有写明" not in reply.answer and "1850元" not in reply.answer


def test_a_figure_in_a_city_wide_table_row_answers_for_a_district(city):
    reply = ask(city, "我在湾江区上班 考了个高级工证（三级） 湾江这边高级工能补多少钱")
    assert not reply.refused and "1900元" in reply.answer, reply.answer
    assert "没有写明" not in reply.answer and "1300元" not in reply.answer
    assert [s.source for s in reply.sources][:1] == ["yingzhou_shi_jiuye_cuoshi.md"]


def test_a_district_inherits_a_topic_only_the_city_wide_rule_has(city):
    reply = ask(city, "湾江区的 我老公52了 现在自己开三轮拉货 算灵活就业吧 已经认定了就业困难人员 自己交养老医疗 能补多少一个月")
    assert not reply.refused and "430元" in reply.answer, reply.answer
    assert "全市" in reply.answer  # says it is the city-wide rule


@pytest.mark.parametrize("question", ["万江区租房补贴本科每月多少钱", "万江有租房补贴吗 本科每月多少"])
def test_a_district_written_by_a_sound_alike_name_the_lexicon_hardly_knows_reaches_it(city, question):
    reply = ask(city, question)
    assert not reply.refused and "750元" in reply.answer, reply.answer
    assert "按湾江区" in reply.answer  # says which place it took


def test_a_well_known_real_place_of_the_same_sound_is_not_taken():
    from knowledge.query import Vocabulary, analyse

    vocab = Vocabulary.from_metadata([{"doc_type": "policy", "source": "a.md", "places": "荊洲区", "district": "荊洲区",
                                        "title": "荊洲区办法"}])
    assert analyse("荆州租房补贴多少", vocab).resolved == {}  # 荆州 is a city the lexicon knows well


@pytest.mark.parametrize("question", ["萝塘新区有没有租房补贴 多少一个月",
                                      "我在萝塘新区的一家公司上班 看湾江都有租房补贴 我们新区有没有 有的话多少一个月"])
def test_a_subsidy_no_document_of_the_district_has_is_refused_without_a_neighbours_figure(city, question):
    reply = ask(city, question)
    assert reply.refused, reply.answer
    assert "750元" not in reply.answer and "1050元" not in reply.answer
    assert "租房" in reply.answer and "滢州市促进重点群体就业若干措施" in reply.answer  # names what was checked


def test_a_neighbouring_subject_is_not_the_asked_subsidy(city):
    reply = ask(city, "栎洲区的应届生有没有租房补贴 一个月能补多少")
    assert reply.refused and "6500元" not in reply.answer and "50%" not in reply.answer, reply.answer
    assert "栎洲区扶持高校毕业生创业实施办法" in reply.answer
    kept = ask(city, "栎洲区创业的场地租金补贴每年最高多少")
    assert not kept.refused and "6500元" in kept.answer, kept.answer


def test_a_registration_written_after_a_place_is_no_uncovered_topic(city):
    reply = ask(city, "我们是湾江区户口 见习补贴每人每月多少")
    assert not reply.refused and "1850元" in reply.answer, reply.answer
    assert ask(city, "户口怎么迁到湾江区").refused
    # 户口在某区: where one is registered, written before the place
    reply = ask(city, "我户口一直在湾江区 见习补贴每人每月多少")
    assert not reply.refused and "1850元" in reply.answer, reply.answer
