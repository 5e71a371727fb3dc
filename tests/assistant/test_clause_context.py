"""Clause selection reads a clause with the heading it sits under, checks the clause is about what was asked, and
the place check refuses only a question that names no covered place (synthetic documents, real jieba, no model)."""

from __future__ import annotations

from langchain_core.documents import Document

from assistant.clauses import ClauseRanker, holds, quoted, recurring_labels, unaddressed
from assistant.extractive import ExtractiveAnswerer
from assistant.refusal import uncovered_place
from assistant.scope import in_scope
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


def test_an_age_is_no_period():
    assert not holds("duration", "年龄条件：硕士研究生不超过35周岁")  # 35周 of 35周岁 is no number of weeks


MEASURES = ("政策内容：对见习单位给予见习补贴。补贴测算：对留用率低的见习单位，给予当地最低工资标准2/3的补贴。\n"
            "政策内容：对灵活就业人员给予社保补贴。补贴测算：按最低缴费基数缴纳社会保险费的30%给予补贴。\n"
            "政策内容：对公益性岗位给予岗位补贴。补贴测算：岗位补贴标准为当地最低工资标准。\n"
            "政策内容：稳岗返还。对不裁员的参保企业，可返还其上年度实际缴纳失业保险费的50%。"
            "标准测算：以一家50名参保职工企业为例，稳岗返还标准为月人均失业保险金1250元/人月×6月×50人=375000元。\n"
            "工作待遇：给予不低于当地最低工资标准的基本生活费。戊己三市月最低工资标准为1520元，其他县区月最低工资标准为1620元。")


def _measures() -> tuple[Document, Vocabulary]:
    doc = Document(page_content=MEASURES, id="m.txt::v1::1",
                   metadata={"source": "m.txt", "title": "甲乙市就业政策", "doc_type": "policy", "section": "正文"})
    return doc, Vocabulary.from_metadata([{"source": "m.txt", "title": "甲乙市就业政策", "doc_type": "policy"}])


def test_a_field_name_heading_every_measure_does_not_outrank_the_asked_figure():
    doc, vocab = _measures()
    a = analyse("甲乙市戊己三市的最低工资标准是多少", vocab)  # 戊己三市: a word the tokenizer does not know
    draft = ExtractiveAnswerer(200, 3, ClauseRanker(None)).answer(a.text, "policy", a, [doc])
    assert "1520元" in draft.text, draft.text


def test_a_share_is_answered_by_a_percentage():
    doc, vocab = _measures()
    a = analyse("甲乙市稳岗返还按上年度失业保险费返还多少比例", vocab)
    draft = ExtractiveAnswerer(200, 3, ClauseRanker(None)).answer(a.text, "policy", a, [doc])
    assert "50%" in draft.text and "375000元" not in draft.text, draft.text


def test_the_thing_the_asked_part_names_must_be_named_by_the_clause():
    a = analyse("甲乙区本科毕业生落户的话，有没有安家补贴，给多少钱", _vocab())
    a.known = set(a.terms)  # the knowledge base writes 安家 somewhere (not in this document)
    draft = ExtractiveAnswerer(200, 3, ClauseRanker(None)).answer(a.text, "policy", a, [_doc()])
    assert not draft.text and draft.not_stated == ["金额标准"], draft.text


def test_a_compound_subject_is_named_whole_not_by_one_of_its_words():
    text = "参加创业培训并取得合格证书的，每人给予1000元补贴，同一人只能享受一次。取得专项职业能力证书的，每人给予600元补贴。"
    a = analyse("甲乙区的创业担保贷款最高能贷多少", _vocab())
    draft = ExtractiveAnswerer(200, 3, ClauseRanker(None)).answer(a.text, "policy", a, [_doc(text)])
    assert not draft.text and draft.not_stated == ["金额标准"], draft.text


def test_a_district_no_document_covers_is_not_answered_from_another_districts_document():
    district = Document(page_content=TEXT, id="x.md::v1::1", metadata={"source": "x.md", "title": TITLE,
                                                                     "doc_type": "policy", "district": "甲乙区"})
    city = Document(page_content="本办法适用于丙丁市各区。", id="c.md::v1::1",
                    metadata={"source": "c.md", "title": "丙丁市就业援助办法", "doc_type": "policy", "places": "丙丁市"})
    vocab = Vocabulary.from_metadata([district.metadata, city.metadata])
    a = analyse("丙丁市戊己区本科租房补贴一个月多少", vocab)
    assert in_scope([district, city], a, vocab) == [city]  # a city-wide rule answers for its districts
    assert in_scope([district], a, vocab) == []
    assert in_scope([district], analyse("甲乙区本科租房补贴一个月多少", vocab), vocab) == [district]


def test_a_question_none_of_whose_words_the_documents_write_is_not_addressed():
    assert unaddressed(analyse("甲乙区公积金怎么提取", _vocab()), [_doc()])[0] == "公积金"
    assert unaddressed(analyse("甲乙区落户要什么条件", _vocab()), [_doc()]) == ["落户"]
    assert unaddressed(analyse("甲乙区本科租房补贴多少钱", _vocab()), [_doc()]) == []
    assert unaddressed(analyse("我是外地人，在甲乙区上班，硕士生活补贴能领多久", _vocab()), [_doc()]) == []
    # a time word or a verb names no topic: 下半年 / 错过, 线下去哪办 (cut 线|下去) are not "never mentioned"
    assert unaddressed(analyse("下半年啥时候申请 错过了还能补吗", _vocab()), [_doc()]) == []
    assert unaddressed(analyse("甲乙区补贴线下去哪办", _vocab()), [_doc()]) == []


def test_several_asks_each_get_the_clause_on_the_subject_and_a_monthly_figure_for_each_month():
    text = ("标准测算：以一家50名参保职工的企业为例，稳岗返还标准为月人均失业保险金1250元×6月×50人=375000元。\n"
            "补贴测算：对灵活就业人员按照最低缴费基数缴纳社会保险费的30%给予补贴，具体补贴金额为248.8元/人月。\n"
            "政策内容：对离校1年内未就业的高校毕业生灵活就业后缴纳社会保险费的，给予社会保险补贴，补贴期限最长不超过2年。")
    doc = Document(page_content=text, id="m.txt::v1::1",
                   metadata={"source": "m.txt", "title": "甲乙市就业政策", "doc_type": "policy", "section": "正文"})
    vocab = Vocabulary.from_metadata([{"source": "m.txt", "title": "甲乙市就业政策", "doc_type": "policy"}])
    a = analyse("甲乙市离校一年内的毕业生打零工交社保，补贴每个月多少，最长补几年？", vocab)
    draft = ExtractiveAnswerer(200, 3, ClauseRanker(None)).answer(a.text, "policy", a, [doc])
    assert "248.8元" in draft.text and "2年" in draft.text and "375000元" not in draft.text, draft.text


def test_each_part_that_asks_is_answered_in_turn():
    # 生活补贴多少 and 租房补贴多少 are both amounts, 能一起领吗 no cue classifies: three parts, three asks, in order,
    # each read with the question up to it (the clause is meant to fit the part: its semantic subject)
    a = analyse("甲乙区硕士 生活补贴每月多少 租房补贴每月多少 两个能一起领吗", _vocab())
    units = ExtractiveAnswerer._units(a.text, a)
    assert [(kind, part) for kind, _, part in units] == [
        ("amount", "生活补贴每月多少"), ("amount", "租房补贴每月多少"), (None, "两个能一起领吗")]
    assert "租房补贴" not in units[0][1].terms and "租房补贴" in units[1][1].terms
    single = analyse("甲乙区硕士生活补贴每月多少", _vocab())
    assert ExtractiveAnswerer._units(single.text, single) == [("amount", single, single.text)]


def test_a_part_no_cue_classifies_still_asks():
    # 本科呢 asks on (the question ending 呢): its own clause follows the first part's
    a = analyse("甲乙区硕士生活补贴每月多少 本科呢", _vocab())
    draft = ExtractiveAnswerer(200, 3, ClauseRanker(None)).answer(a.text, "policy", a, [_doc()])
    assert "1500元" in draft.text and "800元" in draft.text, draft.text


def test_a_lists_lead_sentence_names_no_benefit_the_sentence_after_the_list_names_its_own():
    # 补贴期限最长36个月 after the rates sits under the list's lead sentence; the benefit it is about is the one it
    # writes (租房补贴), which 房租补贴 asks for (a synonym), not the lead sentence as a whole (another benefit then)
    from assistant.clauses import Clause, benefit_fit, benefit_name
    from core.places import fold_text

    doc = Document(page_content="租房补贴按季度发放，补贴期限最长36个月。", metadata={"source": "x.md", "title": TITLE})
    clause = Clause(doc, doc.page_content, 0, 0, lead="符合条件的高校毕业生，按以下标准发放租房补贴：")
    assert benefit_name(clause) == "租房补贴"
    assert benefit_fit(clause, fold_text("房租补贴每个月给多少？能领几年？")) == 0


def test_a_phone_asked_is_quoted_by_the_part_that_holds_the_number():
    # cut to fit beside other asks, the contact line keeps the number asked for, not only the address beside it
    from assistant.extractive import _fact_part

    line = ("招生办公室：某某职业技术学院招生就业处，地址：某某区大学城学府路1号行政楼105室，咨询电话：0731-5551234、"
            "0731-5551235，咨询时间：工作日8:30—17:30。")
    part = _fact_part(line, "contact", "招生办电话多少", ["contact", "procedure"])
    assert "0731-5551234" in part and len(part) < len(line), part
