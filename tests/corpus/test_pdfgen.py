"""The policy PDF generator: real reportlab output read back with real pypdf."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from make_corpus import build_policies, build_postings
from pdfgen import parse_policy_source, render_policy_pdf, render_scanned_pdf
from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError

REPO = Path(__file__).resolve().parents[2]
SRC = REPO / "knowledge/corpus_src/policies"
POLICIES = REPO / "knowledge/corpus/policies"

SMALL = """title: 测试区见习补贴办法
doc_no: 测人社规〔2026〕1号
header: 测试区人力资源和社会保障局

## 第一章 总则
第一条 见习补贴按每人每月1800元发放，见习期最长12个月。
### 附表 补贴标准
| 项目 | 标准 |
| 见习补贴 | 每人每月1800元 |
"""


def norm(text: str) -> str:
    return re.sub(r"[\s,]", "", unicodedata.normalize("NFKC", text))


def test_small_source_round_trips_through_pypdf(tmp_path):
    out = tmp_path / "small.pdf"
    render_policy_pdf(SMALL, out)
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "测试区见习补贴办法" in text
    assert "测人社规〔2026〕1号" in text
    assert "测试区人力资源和社会保障局" in text  # running header
    assert "第 1 页 共 1 页" in text  # footer
    assert "第一条见习补贴按每人每月1800元发放" in norm(text)
    assert reader.metadata.title == "测试区见习补贴办法"


def test_header_argument_overrides_source(tmp_path):
    out = tmp_path / "h.pdf"
    render_policy_pdf(SMALL, out, header="另一个页眉")
    text = PdfReader(out).pages[0].extract_text()
    assert "另一个页眉" in text and "测试区人力资源和社会保障局" not in text


def test_parse_rejects_source_without_title():
    with pytest.raises(ValueError, match="title"):
        parse_policy_source("doc_no: x\n\n第一条 内容")


def test_parse_collects_table_rows():
    src = parse_policy_source(SMALL)
    tables = [payload for kind, payload in src.blocks if kind == "table"]
    assert tables == [[["项目", "标准"], ["见习补贴", "每人每月1800元"]]]


@pytest.mark.parametrize("src", sorted(SRC.glob("*.md")), ids=lambda p: p.stem)
def test_shipped_pdf_matches_its_source(src):
    """Every article of the source is in the committed PDF, page headers and footers on every page."""
    pdf = POLICIES / f"{src.stem}.pdf"
    reader = PdfReader(pdf)
    parsed = parse_policy_source(src.read_text(encoding="utf-8"))
    pages = [p.extract_text() for p in reader.pages]
    total = len(pages)
    for n, text in enumerate(pages, start=1):
        assert parsed.header in text
        assert f"第 {n} 页 共 {total} 页" in text
    strip = re.compile(rf"{re.escape(parsed.header)}|第 \d+ 页 共 \d+ 页")
    body = norm("".join(strip.sub("", t) for t in pages))
    assert norm(parsed.title) in body and norm(parsed.doc_no) in body
    for kind, payload in parsed.blocks:
        if kind == "para":
            assert norm(payload) in body, payload[:30]
        elif kind == "table":
            for row in payload:
                assert norm("".join(row)) in body, row


def test_some_policies_span_several_pages():
    counts = {p.name: len(PdfReader(p).pages) for p in POLICIES.glob("*.pdf")}
    assert len(counts) >= 6
    assert max(counts.values()) >= 3 and min(counts.values()) >= 2, counts


def test_regeneration_is_byte_identical(tmp_path):
    (tmp_path / "knowledge/corpus_src").mkdir(parents=True)
    for sub in ("policies", "jobs"):
        (tmp_path / "knowledge/corpus_src" / sub).symlink_to(REPO / "knowledge/corpus_src" / sub)
    written = build_policies(tmp_path) + build_postings(tmp_path)
    for path in written:
        rel = path.relative_to(tmp_path)
        assert path.read_bytes() == (REPO / rel).read_bytes(), f"{rel} is stale: run make corpus"


def test_encrypted_variant_needs_the_password(tmp_path):
    out = tmp_path / "locked.pdf"
    render_policy_pdf(SMALL, out, encrypt="s3cret")
    reader = PdfReader(out)
    assert reader.is_encrypted
    with pytest.raises(FileNotDecryptedError):
        reader.pages[0].extract_text()
    assert reader.decrypt("s3cret")
    assert "1800元" in reader.pages[0].extract_text()


def test_scanned_variant_has_no_text_layer(tmp_path):
    out = tmp_path / "scan.pdf"
    render_scanned_pdf(out, pages=2)
    reader = PdfReader(out)
    assert len(reader.pages) == 2
    for page in reader.pages:
        assert page.extract_text().strip() == ""
        assert len(page.images) == 1
