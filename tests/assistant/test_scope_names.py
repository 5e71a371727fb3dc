"""The programme a question names, as the "not in the catalogue" refusal quotes it: cut after the asker's words
(我想读…, 有没有…) at a word boundary, never inside the programme's own name."""

from __future__ import annotations

import pytest
from langchain_core.documents import Document

from assistant.scope import other_benefit, unknown_college, unknown_programme, unpriced_benefit
from knowledge.query import Vocabulary, analyse

VOCAB = Vocabulary.from_metadata([{"doc_type": "programme", "programme": "护理", "programme_code": "520201",
                                   "college": "甲乙职业技术学院", "source": "catalogue.md"}])


@pytest.mark.parametrize(("question", "name"), [
    ("学前教育专业学费多少", "学前教育"),  # 学 is one of the asker's words, but here it starts the name
    ("我想读学前教育专业", "学前教育"),
    ("你们学院有没有考古专业", "考古"),
    ("报考的是宠物养护专业", "宠物养护"),
    ("甲乙职业技术学院数控专业几年", "数控"),
    ("护理专业学费多少", ""),  # in the catalogue
])
def test_the_programme_named_is_cut_at_a_word_boundary(question, name):
    assert unknown_programme(analyse(question, VOCAB), VOCAB) == name


@pytest.mark.parametrize(("question", "name"), [
    ("想问下甲乙卫生职业学院的护理专业学费多少", "甲乙卫生职业学院"),  # another college of the same city
    ("丙丁大学护理专业招多少人", "丙丁大学"),
    ("甲乙职业技术学院护理专业学费多少", ""),  # the covered college
    ("甲乙职院的护理专业学费多少", ""),  # its short name
    ("你们学院护理专业学费多少", ""),  # no name
    ("我想读大学，护理专业学费多少", ""),
])
def test_a_college_the_documents_do_not_cover_is_named(question, name):
    assert unknown_college(analyse(question, VOCAB), VOCAB) == name


def _doc(text: str) -> Document:
    return Document(page_content=text, metadata={"title": "某市就业政策", "doc_type": "policy"})


FLEXIBLE = _doc("对灵活就业人员给予社会保险补贴，具体补贴金额为248.8元/人月。")
SETTLING = _doc("到农村急需紧缺专业就业的，给予一定的专项安家费，具体标准由各区县政府自行确定。")
RENT = _doc("对新就业高校毕业生给予租房补贴，每人每月800元。")
ROW = Document(page_content="学历层次：全日制本科；补贴标准：每人每月800元。", metadata={"kind": "table_row", "section": "表格"})


@pytest.mark.parametrize(("question", "cited", "word", "elsewhere"), [
    ("听说会给一笔安家费，具体能给多少钱？", [FLEXIBLE], "安家费", False),  # named with no figure: not stated
    # named with a figure, but not by the clause quoted: no claim of 'not stated', the quote is another benefit's
    ("租房补贴每月给多少钱？", [FLEXIBLE], "租房补贴", True),
    ("租房补贴每月给多少钱？", [RENT], "", False),  # the cited clause names it
    ("安家费怎么申请？", [FLEXIBLE], "", False),  # no amount asked
    ("购房补贴能给多少钱？", [FLEXIBLE], "", False),  # named nowhere: left to the other checks
    ("安家费每月给多少钱？", [ROW], "", False),  # a cited table row stands for its table's subject
    # named only where the question asks whether it combines with another: whether, not how much
    ("租房补贴每月给多少钱？跟那个安家费能一起拿吗？", [RENT], "", False),
    ("安家费能给多少钱？跟租房补贴能一起拿吗？", [RENT], "安家费", False),  # asked an amount too: still found
])
def test_an_amount_asked_for_a_benefit_named_without_a_figure_is_found(question, cited, word, elsewhere):
    found, named, priced = unpriced_benefit(analyse(question, VOCAB), cited, [FLEXIBLE, SETTLING, RENT])
    assert found == word and priced is elsewhere and (named is SETTLING if word and not elsewhere else named is None)


def test_a_list_cut_from_its_lead_by_a_passage_boundary_is_about_the_benefit_the_lead_names():
    # passage 1 ends on 按学历给予租房补贴：, passage 2 holds the rates: the rates are the rent subsidy's, and stated
    lead = Document(page_content="第二条 青年人才租房补贴 在本市无自有住房的高校毕业生，按学历给予租房补贴：", id="r.md::v1::1",
                    metadata={"title": "某市人才措施", "doc_type": "policy", "source": "r.md"})
    rates = Document(page_content="（一）大专毕业生每人600元/月；\n（二）本科毕业生每人1000元/月；", id="r.md::v1::2",
                     metadata={"title": "某市人才措施", "doc_type": "policy", "source": "r.md"})
    a = analyse("本科租房补贴一个月能补多少钱", VOCAB)
    assert unpriced_benefit(a, [rates], [lead, rates]) == ("", None, False)
    assert unpriced_benefit(a, [FLEXIBLE], [lead, rates, FLEXIBLE]) == ("租房补贴", None, True)


RENT_RULE = Document(page_content="第三条 申请条件。同时符合下列条件的人员可申请租房补贴：\n（一）全日制大专及以上学历；",
                     metadata={"title": "某区人才安居细则", "doc_type": "policy", "section": "第三条",
                               "chapter": "第二章 租房补贴"})
RENT_RATE = Document(page_content="第四条 补贴标准。大专300元/月，本科600元/月。补贴期限最长36个月。",
                     metadata={"title": "某区人才安居细则", "doc_type": "policy", "section": "第四条",
                               "chapter": "第二章 租房补贴"})


def test_an_article_under_the_benefits_chapter_states_its_amount():
    """第二章 租房补贴 … 第四条 补贴标准。大专300元/月: the article need not repeat its chapter's subject, the document
    states the amount (the chapter is kept at ingest as the passage's ``chapter``)."""
    found, named, _ = unpriced_benefit(analyse("租房补贴 硕士一个月多少钱", VOCAB), [RENT_RATE], [RENT_RULE, RENT_RATE])
    assert (found, named) == ("", None)
    other = Document(page_content=RENT_RATE.page_content, metadata={**RENT_RATE.metadata, "chapter": "第三章 见习补贴"})
    found, _, _ = unpriced_benefit(analyse("租房补贴 硕士一个月多少钱", VOCAB), [other], [RENT_RULE, other])
    assert found == "租房补贴"  # under another chapter: the benefit is named without a figure


LOAN = _doc("符合条件的个人创业者可申请创业担保贷款，额度最高不超过30万元。")
LEASE = Document(page_content="对新就业高校毕业生给予住房租赁补贴，每人每月800元。",
                 metadata={"title": "某区住房租赁补贴办法", "section": "租赁补贴标准", "doc_type": "policy"})


@pytest.mark.parametrize(("question", "lines", "word"), [
    ("那自己创业的话 创业担保贷款最多能贷多少", [FLEXIBLE], "创业担保贷款"),  # no candidate writes it: not another's
    ("失业金一个月能领多少", [LOAN], "失业金"),
    ("有没有购房补贴 能补多少", [RENT], "购房补贴"),  # 购房 is not 租房, however close their vectors
    ("租房补贴每月给多少钱？", [LEASE], ""),  # 租赁补贴 answers 租房补贴
    ("创业担保贷款最多能贷多少", [LOAN], ""),  # the candidates write it
    ("创业担保贷款怎么申请", [FLEXIBLE], ""),  # no amount asked
    ("每月补贴多少钱", [RENT], ""),  # 每月 names no benefit
])
def test_an_amount_asked_for_a_benefit_no_passage_writes_is_not_answered_from_another(question, lines, word):
    candidates = [*lines, FLEXIBLE, RENT]
    assert other_benefit(analyse(question, VOCAB), lines, candidates) == word


def test_a_benefit_far_from_the_asked_one_by_meaning_is_another_one():
    """With the embedding model: a benefit sharing the first character but far in meaning is no answer."""
    question = analyse("租房补贴每月给多少钱？", VOCAB)
    assert other_benefit(question, [LEASE], [LEASE], similarity=lambda a, b: 0.95) == ""
    assert other_benefit(question, [LEASE], [LEASE], similarity=lambda a, b: 0.5) == "租房补贴"


START = _doc("一次性创业补贴：每个经营主体只能享受一次，补贴5000元。吸纳就业困难人员的，给予吸纳就业补贴。")


@pytest.mark.parametrize(("question", "word"), [
    ("创业的话 招了本地人 有没有每招一个人补多少钱的带动就业补贴？", "带动就业补贴"),  # only 吸纳就业补贴 is written
    ("想要一次性创业补贴 能补多少", ""),  # 想要 says nothing of which benefit
])
def test_the_verb_before_a_benefit_says_which_one_is_asked(question, word):
    assert other_benefit(analyse(question, VOCAB), [START], [START]) == word


def test_an_answer_to_one_benefit_asked_stands_beside_an_attribute_of_another():
    question = analyse("单位的见习补贴每人每月多少？见习生本人还有没有额外补助？", VOCAB)
    trainee = Document(page_content="对就业见习基地按每人每月1600元给予就业见习补贴。",
                       metadata={"title": "某区就业见习通知", "section": "就业见习补贴", "doc_type": "policy"})
    assert other_benefit(question, [trainee], [trainee]) == ""


@pytest.mark.parametrize("question", [
    "招应届大学生 政府给企业补贴多少钱一个人",  # 企业 is who gets it, and the clause writes 中小微企业
    "技师证书市里补贴多少？",  # 市里 says whose rule, not which benefit
])
def test_a_stem_that_names_the_recipient_or_the_rule_maker_is_no_other_benefit(question):
    absorb = _doc("一次性吸纳就业补贴：补贴对象为中小微企业，标准为每人3000元。")
    skills = _doc("取得技师（二级）证书的，每人补贴2500元。")
    for line in (absorb, skills):
        assert other_benefit(analyse(question, VOCAB), [line], [line]) == ""
