"""PDF cleaning and Chinese structure chunking, on PDFs rendered in the test from the policy sources."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from pdfgen import parse_policy_source, render_policy_pdf
from pypdf import PdfReader

from ingest.chunking import MAX_CHARS, pack, split_sentences
from ingest.pipeline import parse_document

REPO = Path(__file__).resolve().parents[2]
SRC = REPO / "knowledge" / "corpus_src" / "policies"
HEADER = "云溪区人社局政策文件汇编（内部版）"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """yunxi_youth_talent_subsidy rendered with a running header, its raw pypdf pages and the parsed Document."""
    src_text = (SRC / "yunxi_youth_talent_subsidy_2026.md").read_text(encoding="utf-8")
    path = tmp_path_factory.mktemp("pdf") / "yunxi_youth_talent_subsidy_2026.pdf"
    render_policy_pdf(src_text, path, header=HEADER)
    raw = [p.extract_text() for p in PdfReader(path).pages]
    return parse_policy_source(src_text), raw, parse_document(path.name, path.read_bytes())


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_precondition_the_pdf_breaks_lines_and_pages(rendered):
    src, raw, _ = rendered
    assert len(raw) >= 2
    assert all(HEADER in page and re.search(r"第 \d+ 页 共 \d+ 页", page) for page in raw)
    paras = [p for kind, p in src.blocks if kind == "para" and str(p).startswith("第")]
    # some article is split across the page boundary, and most are split across lines
    assert any(not any(_flat(p) in _flat(page) for page in raw) for p in paras)
    assert sum(str(p) not in "".join(raw) for p in paras) > len(paras) // 2


def test_headers_footers_and_page_numbers_dropped(rendered):
    _, _, doc = rendered
    for c in doc.chunks:
        assert HEADER not in c.text
        assert not re.search(r"第\s*\d+\s*页", c.text), c.text
        assert "共 3 页" not in c.text


def test_every_article_is_one_whole_passage_even_across_lines_and_pages(rendered):
    src, raw, doc = rendered
    articles = [str(p) for kind, p in src.blocks if kind == "para" and re.match(r"第[一二三四五六七八九十]+条", str(p))]
    by_section = {c.section: c for c in doc.chunks if c.section.startswith("第") and c.section.endswith("条")}
    assert len(by_section) == len(articles) == 17
    for art in articles:
        section = re.match(r"(第[一二三四五六七八九十]+条)", art).group(1)
        chunk = by_section[section]
        # the passage is the article, joined without stray line breaks inside a sentence
        assert chunk.text.replace("\n", "") == art
        for line in chunk.text.split("\n")[:-1]:
            assert line[-1] in "。！？；：", line
    # 第八条 runs from page 1 onto page 2 ("…中断缴费的月份不" / "计发补贴。")
    eighth = by_section["第八条"]
    assert "中断缴费的月份不计发补贴。" in eighth.text
    assert _flat("中断缴费的月份不计发补贴") not in _flat(raw[eighth.page - 1]) or eighth.page == 1


def test_page_numbers_kept_as_metadata(rendered):
    _, raw, doc = rendered
    pages = {c.page for c in doc.chunks}
    assert pages == set(range(1, len(raw) + 1))
    for c in doc.chunks:
        if c.section == "文件信息":
            continue
        head = _flat(c.text.split("：", 1)[-1] if c.metadata.get("kind") == "table_row" else c.text)[:12]
        if c.metadata.get("kind") == "table_row":
            head = _flat(c.text.split("；")[0].split("：")[-1])
        assert head in _flat(raw[c.page - 1]), (c.page, c.text[:40])


def test_sections_chapters_doc_number_and_dates(rendered):
    _, _, doc = rendered
    assert doc.title == "南江市云溪区青年人才生活补贴办法"
    assert doc.metadata["doc_number"] == "云人社规〔2025〕3号"
    assert doc.metadata["effective_date"] == "2026年1月1日"
    assert doc.metadata["district"] == "云溪区"
    for c in doc.chunks:
        assert c.metadata["doc_number"] == "云人社规〔2025〕3号"
        assert c.metadata["effective_date"] == "2026年1月1日"
    seventh = next(c for c in doc.chunks if c.section == "第七条")
    assert seventh.metadata["chapter"] == "第三章 补贴标准和期限"
    assert seventh.page == 1
    # the 文号 is findable from every passage's index text
    assert all("云人社规〔2025〕3号" in c.index_text for c in doc.chunks)
    sections = [c.section for c in doc.chunks if c.section.endswith("条")]
    assert sections[:3] == ["第一条", "第二条", "第三条"]


def test_table_rows_are_their_own_chunks_with_the_header_repeated(rendered):
    _, _, doc = rendered
    rows = [c for c in doc.chunks if c.metadata.get("kind") == "table_row"]
    assert len(rows) == 4
    for c in rows:
        assert c.section == "附表"
        assert "学历层次：" in c.text and "每月补贴：" in c.text and "最长期限：" in c.text
        assert c.text.startswith("附表 云溪区青年人才生活补贴标准表")
    assert any("学历层次：本科（含预备技师班）；每月补贴：1000元；最长期限：36个月" in c.text for c in rows)
    assert any("学历层次：大专（含高级工班）；每月补贴：600元；最长期限：24个月" in c.text for c in rows)


@pytest.mark.parametrize("name", sorted(p.name for p in SRC.glob("*.md")))
def test_every_policy_source_round_trips_through_pdf(tmp_path, name):
    """For each shipped policy: every article survives PDF rendering + cleaning as one passage, with its 文号."""
    src_text = (SRC / name).read_text(encoding="utf-8")
    src = parse_policy_source(src_text)
    pdf = tmp_path / name.replace(".md", ".pdf")
    render_policy_pdf(src_text, pdf)
    doc = parse_document(pdf.name, pdf.read_bytes())
    assert doc.metadata.get("doc_number") == src.doc_no
    texts = [c.text.replace("\n", "") for c in doc.chunks]
    for kind, para in src.blocks:
        if kind == "para" and re.match(r"第[一二三四五六七八九十]+条", str(para)) and len(str(para)) <= MAX_CHARS:
            assert str(para) in texts, para
    table_rows = [c for c in doc.chunks if c.metadata.get("kind") == "table_row"]
    n_rows = sum(len(t) - 1 for kind, t in src.blocks if kind == "table")
    assert len(table_rows) == n_rows


def test_long_article_split_at_sentence_ends_never_mid_number():
    body = "".join(f"第{i}项补贴标准为每人每月{1000 + i * 50}元，发放期限{12 + i}个月。" for i in range(1, 40))
    text = f"某区人才补贴办法\n第五条 {body}\n第六条 本办法自2026年1月1日起施行。"
    doc = parse_document("long.txt", text.encode(), doc_type="policy")
    fifth = [c for c in doc.chunks if c.section == "第五条"]
    assert len(fifth) > 1
    assert all(len(c.text) <= MAX_CHARS for c in fifth)
    assert "".join(c.text for c in fifth) == f"第五条 {body}"
    for a, b in itertools.pairwise(fifth):
        assert a.text.endswith("。") and not (a.text[-1].isdigit() and b.text[0].isdigit())


def test_sentence_splitting_and_packing():
    sentences = split_sentences("补贴为1.5万元。申请截止到3月31日！是否可以补报？可以；但不超过6个月")
    assert sentences == ["补贴为1.5万元。", "申请截止到3月31日！", "是否可以补报？", "可以；", "但不超过6个月"]
    assert pack(["甲" * 5 + "。", "乙" * 5 + "。", "丙" * 5 + "。"], limit=12) == ["甲甲甲甲甲。乙乙乙乙乙。", "丙丙丙丙丙。"]


def test_one_page_pdf_takes_its_title_not_the_running_header(small_policy_pdf):
    doc = parse_document(small_policy_pdf.name, small_policy_pdf.read_bytes())
    assert len(PdfReader(small_policy_pdf).pages) == 1
    assert doc.title == "青禾区技能人才评价补贴试行办法"
    assert doc.metadata == {"doc_number": "青人社发〔2026〕7号", "effective_date": "2026年3月1日", "expires": "2年",
                            "district": "青禾区", "places": "青禾区"}


def test_sign_off_is_its_own_passage(rendered):
    _, _, doc = rendered
    last_article = next(c for c in doc.chunks if c.section == "第十七条")
    assert "2025年11月20日" not in last_article.text
    sign = [c for c in doc.chunks if c.section == "落款"]
    assert len(sign) == 1 and sign[0].text.endswith("2025年11月20日")
