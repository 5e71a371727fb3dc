"""How the answerer reads the sentences it quotes (synthetic documents, real jieba, no model): a sentence opened by a
colon is read to its end, even across two passages; a calendar month or a frequency is no period; a level of
education the question names keeps every rate written for it; a benefit named by its short form (社保) is the one
asked; a reward asked is an amount."""

from __future__ import annotations

from langchain_core.documents import Document

from assistant.clauses import Clause, ClauseRanker, benefit_fit, holds
from assistant.extractive import ExtractiveAnswerer, _fact_part
from core.places import fold_text
from knowledge.query import Vocabulary, analyse, classify_asks

TITLE = "甲乙市支持高校毕业生就业创业若干措施"


def _doc(text: str, i: int, title: str = TITLE, source: str = "m.md") -> Document:
    return Document(page_content=text, id=f"{source}::v1::{i}",
                    metadata={"source": source, "title": title, "doc_type": "policy", "section": title})


def _answer(question: str, docs: list[Document]) -> str:
    vocab = Vocabulary.from_metadata([{"source": d.metadata["source"], "title": d.metadata["title"],
                                       "doc_type": "policy"} for d in docs])
    a = analyse(question, vocab)
    return ExtractiveAnswerer(200, 3, ClauseRanker(None)).answer(a.text, "policy", a, docs).text


def test_a_sentence_opened_by_a_colon_is_read_to_its_end_across_two_passages():
    # the passage was cut at the semicolon: the second half (入职满3年…剩余50%) is the first clause of the next one
    first = _doc("第四条 安家费。对新引进的高校毕业生给予一次性安家费，本科1万元。专科毕业生不享受安家费。"
                 "安家费分两次发放：入职满1年且考核合格的，发放50%；", 3)
    second = _doc("入职满3年仍在本市工作的，发放剩余50%。服务未满3年离开本市的，不再发放剩余部分。", 4)
    answer = _answer("安家费是分两次发放的吗，每次发放多少", [first, second])
    assert "发放50%" in answer and "发放剩余50%" in answer, answer


def test_calendar_months_and_frequencies_are_no_period():
    assert not holds("duration", "每年1月1日至1月31日申报上一年度7月至12月的补贴，7月1日至7月31日申报当年1月至6月的补贴。")
    assert not holds("duration", "申报上年7—12月补贴")
    assert not holds("duration", "社会保险补贴每半年申报一次。")
    assert holds("duration", "补贴期限最长不超过24个月。") and holds("duration", "1620元/人月×6月+500元/人")


def test_a_benefit_named_by_its_short_form_is_the_one_asked():
    # 社保 is written for 社会保险: the clause about 社会保险补贴 is about the benefit asked, not another one
    doc = _doc("离校2年内未就业高校毕业生的社会保险补贴期限最长不超过24个月。", 1, title="甲乙区就业困难人员帮扶办法")
    clause = Clause(doc, doc.page_content, 0, 0)
    assert benefit_fit(clause, fold_text("大学毕业生灵活就业自己交社保，补贴最多补多久？")) == 0


def test_the_period_for_the_group_asked_beats_the_filing_calendar():
    text = ("第五条 补贴期限。就业困难人员的社会保险补贴期限最长不超过36个月。离校2年内未就业高校毕业生的社会保险补贴期限"
            "最长不超过24个月。第六条 申报时间。每年1月1日至1月31日申报上一年度7月至12月的补贴，7月1日至7月31日申报"
            "当年1月至6月的补贴。")
    answer = _answer("大学毕业生灵活就业自己交社保，补贴最多补多久？", [_doc(text, 1, title="甲乙区灵活就业社会保险补贴办法")])
    assert "24个月" in answer and "7月至12月" not in answer, answer


def test_a_level_named_keeps_every_rate_written_for_it():
    line = ("符合条件且在本市无自有住房的高校毕业生，按学历给予租房补贴：博士研究生每人2000元/月，硕士研究生每人1200元/月，"
            "本科毕业生每人800元/月，专科毕业生每人500元/月。")
    part = _fact_part(line, "amount", "请问租房补贴每个月给多少", ["amount"], "研究生毕业打算来上班，请问租房补贴每个月给多少？")
    assert "2000元/月" in part and "1200元/月" in part and "800元" not in part, part
    plain = _fact_part(line, "amount", "请问租房补贴每个月给多少", ["amount"], "请问租房补贴每个月给多少？")
    assert plain and len(plain) < len(part)


def test_a_reward_asked_is_an_amount():
    assert classify_asks("那单位要是把见习生留下来签合同了，有啥奖励没？") == ["amount"]
    assert classify_asks("留用的话有什么奖励") == ["amount"]


def test_a_clause_quoted_as_a_condition_is_not_quoted_again_on_its_own():
    doc = _doc("第四条 安家费。对新引进的高校毕业生给予一次性安家费，本科1万元。专科毕业生不享受安家费。", 3)
    answer = _answer("安家费是一次性打到卡上吗？到底怎么发的", [doc])
    assert answer.count("专科毕业生不享受安家费") == 1, answer


def test_the_second_of_two_asks_of_one_kind_is_read_by_its_own_part():
    from assistant.clauses import asked_part

    text = "上个月刚考了电工中级证 中级的能拿多少 明年要是再考个高级工又能补多少"
    about = {"中级", "高级工", "电工"}
    assert asked_part(text, "amount", about) == ("中级的能拿多少", {"中级"})
    assert asked_part(text, "amount", about, "明年要是再考个高级工又能补多少") == ("明年要是再考个高级工又能补多少", {"高级工"})


def test_a_level_a_later_part_names_does_not_qualify_the_first_ask():
    text = ("第五条 补贴标准。按取得的职业技能等级给予一次性补贴：（一）取得五级/初级工证书的，补贴800元；（二）取得四级/中级工"
            "证书的，补贴1300元；（三）取得三级/高级工证书的，补贴2000元。")
    answer = _answer("我刚考了电工四级证，能补多少钱？要是以后再考到三级高级工呢", [_doc(text, 1, title="甲乙市职业技能等级证书补贴细则")])
    lines = answer.split("\n")
    assert "1300元" in lines[0] and "2000元" not in lines[0], answer


def test_a_programme_row_tells_no_address():
    # 在哪儿: the catalogue's address line, not a row whose department (信息工程学院) shares the college's words
    intro = Document(page_content="- 学校地址：甲乙市丙丁区学府大道2号\n- 招生电话：0739-8560118", id="c.md::v1::0",
                     metadata={"source": "c.md", "title": "甲乙信息工程职业学院招生专业目录", "doc_type": "programme"})
    row = Document(page_content="甲乙信息工程职业学院简介：序号：1；专业名称：计算机应用技术；学制：3年；培养方向/就业方向："
                                "计算机系统运维、网络管理；所属二级学院：信息工程学院。", id="c.md::v1::1",
                   metadata={"source": "c.md", "title": "甲乙信息工程职业学院招生专业目录", "doc_type": "programme",
                             "kind": "table_row", "programme": "计算机应用技术"})
    vocab = Vocabulary.from_metadata([{"source": "c.md", "title": "甲乙信息工程职业学院招生专业目录", "doc_type": "programme"}])
    a = analyse("甲乙信息工程学院在哪儿啊", vocab)
    ranker = ClauseRanker(None)
    ranked = ranker.rank(a, "procedure", ranker.clauses([row, intro]), subject=a.text)
    assert ranked and "学府大道2号" in ranked[0].text and all("计算机应用技术" not in c.text for c in ranked)


def test_a_count_names_no_programme_by_its_characters():
    vocab = Vocabulary(programmes={p: p for p in ["新能源汽车技术", "机电一体化技术（五年一贯制）", "学前教育（五年一贯制）"]})
    assert vocab.programme_by_part("想学修新能源车，你们学校有没有这个专业，学费一年多少") == "新能源汽车技术"
    assert vocab.programme_by_part("那个五年的学前教育学费多少") == "学前教育（五年一贯制）"


def test_the_words_of_the_college_named_are_no_subject():
    # 工贸职院 names the college (甲乙工贸职业技术学院): 工贸 and 职院 are not what the question is about
    from knowledge.lexical import terms

    vocab = Vocabulary.from_metadata([{"doc_type": "programme", "source": "c.md", "college": "甲乙工贸职业技术学院",
                                       "title": "甲乙工贸职业技术学院招生专业目录"},
                                      {"doc_type": "policy", "source": "p.md", "places": "甲乙市", "city": "甲乙市",
                                       "title": "甲乙市就业措施"}])
    a = analyse("工贸职院招生办电话多少", vocab)
    assert a.colleges == ["甲乙工贸职业技术学院"]
    about = ClauseRanker.subject(a, set(terms(a.text)), fold_text(a.text))
    assert not {"工贸", "职院"} & about and "招生办" in about, about


def test_a_number_written_right_after_a_word_is_no_list_item():
    from assistant.clauses import split_clauses

    doc = Document(page_content="（一）单位材料\n1.申报表扫描件（模板及填报说明分别见附件1、附件2；必须提供）；2.完税证明（必须提供）。",
                   metadata={"source": "甲.md"})
    clauses = split_clauses(doc)
    assert any("分别见附件1、附件2" in c for c in clauses), clauses  # never 「分别见附件附件2」
    assert any(c.startswith("2.完税证明") for c in clauses), clauses  # guard: 2. after a semicolon starts an item
