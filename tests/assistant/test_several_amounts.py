"""Several amounts asked in one question, on a small made-up city measure written here (real embeddings, the learned
clause scorer): each ask is answered by a clause that states an amount, and a level of education the story names
keeps its own rates when a long clause is cut to leave room for the next ask."""

from __future__ import annotations

import pytest

from knowledge.query import question_parts
from tests.conftest import ask_dry_run as ask

MEASURE = """# 甲乙市支持高校毕业生来甲乙就业创业若干措施

甲乙市人民政府办公室

第二条【适用对象】 本措施适用于2022年1月1日以后毕业的全日制普通高校毕业生，申请时年龄符合以下要求：专科、本科毕业生不超过35周岁，硕士研究生不超过40周岁，博士研究生不超过45周岁。

第三条【租房补贴】 符合第二条条件，且本人及配偶在本市无自有住房的高校毕业生，按学历给予租房补贴：博士研究生每人2000元/月，硕士研究生每人1200元/月，本科毕业生每人800元/月，专科毕业生每人500元/月。租房补贴按季度发放，累计发放最长不超过36个月。已入住政府提供的人才公寓或享受用人单位免费住宿的，不重复享受租房补贴。

第四条【安家费】 对新引进到本市企业全职工作的高校毕业生，给予一次性安家费：博士研究生10万元，硕士研究生5万元，本科毕业生1万元。专科毕业生不享受安家费。
"""


@pytest.fixture(scope="module")
def city(small_corpus):
    with small_corpus("several_amounts", {"policies/jiayi_shi_cuoshi.md": MEASURE}) as services:
        yield services


def test_each_amount_asked_is_answered_by_a_clause_stating_one(city):
    # 不重复享受租房补贴 means the rent subsidy most, but states no amount: it is no answer to 每个月给多少
    reply = ask(city, "研究生毕业打算来甲乙上班，请问租房补贴每个月给多少？安家费又有多少？")
    assert not reply.refused, reply.answer
    assert "1200元/月" in reply.answer and "5万元" in reply.answer, reply.answer
    assert "不重复享受" not in reply.answer, reply.answer


def test_a_verb_not_verb_part_asks():
    # 利息是不是都是政府出 asks (是不是), though no ask wording classifies it: a part of its own
    parts = question_parts("创业担保贷款最长能贷几年啊？利息是不是都是政府出")
    assert [asking for _, asking in parts] == [True, True]
