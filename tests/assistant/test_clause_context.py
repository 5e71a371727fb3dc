"""Clause selection reads a clause with the heading it sits under, checks the clause is about what was asked, and
the place check refuses only a question that names no covered place (synthetic documents, real jieba, no model)."""

from __future__ import annotations

from langchain_core.documents import Document

from assistant.clauses import ClauseRanker, holds, quoted, recurring_labels
from assistant.extractive import ExtractiveAnswerer
from assistant.refusal import uncovered_place
from ingest.chunking import pack, split_sentences
from knowledge.query import Vocabulary, analyse

TITLE = "甲乙区青年人才生活和租房补贴实施办法"
TEXT = ("第四条 生活补贴标准：\n（一）博士研究生：每人每月3000元，发放期限36个月；（二）硕士研究生：每人每月1500元，"
        "发放期限24个月；（三）全日制本科：每人每月800元，发放期限12个月。\n第五条 租房补贴标准。在本区租房居住并签订"
        "正式租赁合同的青年人才，按以下标准给予租房补贴：\n（一）博士研究生：每人每月2000元；（二）硕士研究生：每人每月"
        "1200元；（三）全日制本科：每人每月600元。")


def _doc(text: str = TEXT, i: int = 1) -> Document:
    return Document(page_content=text, id=f"x.md::v1::{i}",
                    metadata={"source": "x.md", "title": TITLE, "doc_type": "policy", "section": TITLE})


def _vocab() -> Vocabulary:
    return Vocabulary.from_metadata([{"source": "x.md", "title": TITLE, "doc_type": "policy", "places": "甲乙区"}])


def test_a_heading_line_survives_sentence_splitting():
    text = "第三条 其他。\n第四条 生活补贴标准：\n（一）博士：每人每月3000元；"
    joined = "".join(pack(split_sentences(text), limit=1000))
    assert "生活补贴标准：" in joined  # a line without 。 used to be dropped whole


def test_a_list_item_is_read_and_quoted_with_its_heading():
    a = analyse("甲乙区本科租房补贴一个月多少钱", _vocab())
    ranker = ClauseRanker(None)
    best = ranker.rank(a, "amount", ranker.clauses([_doc()]), subject=a.text)[0]
    assert "600元" in best.text
    assert quoted(best).startswith("租房补贴标准") and "600元" in quoted(best)
    other = analyse("甲乙区本科生活补贴一个月多少钱", _vocab())
    assert "800元" in ranker.rank(other, "amount", ranker.clauses([_doc()]), subject=other.text)[0].text


def test_names_inside_list_items_are_no_field_labels():
    items = ["（一）博士研究生：3000元；（二）硕士研究生：1500元；（三）博士研究生：2000元；（四）硕士研究生：1200元；"]
    assert not recurring_labels(items)
    fields = ["政策内容：甲。申请渠道：乙\n政策内容：丙。申请渠道：丁\n政策内容：戊。申请渠道：己"]
    assert recurring_labels(fields) == {"政策内容", "申请渠道"}


def test_a_figure_about_something_else_is_not_stated():
    a = analyse("甲乙区高级工证书补贴多少钱", _vocab())
    draft = ExtractiveAnswerer(200, 3, ClauseRanker(None)).answer(a.text, "policy", a, [_doc()])
    assert not draft.text and draft.not_stated == ["金额标准"] and draft.checked == TITLE


def test_where_the_user_comes_from_does_not_refuse_a_covered_place():
    places = {"甲乙区", "海淀区"}
    assert uncovered_place("我是河南人，在甲乙区上班，租房补贴多少", places) == ""
    assert uncovered_place("在美国读完硕士，海淀区留学人员引进年龄限制", places) == ""
    assert uncovered_place("丙丁区的租房补贴多少", places) == "丙丁区"


def test_a_year_or_a_date_is_no_period():
    assert not holds("duration", "《某某办法》文号：某发〔2026〕19号；2026年3月2日印发。")
    assert holds("duration", "补贴期限最长不超过3年") and holds("duration", "政策期限为2016年至2018年")
