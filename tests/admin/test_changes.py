"""Clause-level diff of two policy versions (knowledge/changes.py)."""

from __future__ import annotations

from knowledge.changes import clauses, diff_files, diff_sections, render_html
from tests.admin.conftest import POLICY, REPO

OLD_PDF = REPO / "knowledge" / "corpus" / "policies" / f"{POLICY}.pdf"


def test_clauses_split_by_article_and_rejoin_broken_lines():
    text = "某某办法\n第一章 总则\n第一条 为了\n规范管理，制定本办法。\n第二条 补贴标准为每月500元。\n附表 标准表\n| 学历 | 金额 |\n| 本科 | 500元 |"
    units = clauses(text)
    assert list(units) == ["标题与文号", "第一条", "第二条", "附表 标准表"]
    assert units["第一条"] == "第一条 为了规范管理，制定本办法。"  # the chapter heading is dropped
    assert units["附表 标准表"].endswith("| 本科 | 500元 |")


def test_changed_amount_in_the_real_pdf_is_found_and_highlighted(changed_pdf):
    diff = diff_files(f"{POLICY}.pdf", OLD_PDF.read_bytes(), changed_pdf.read_bytes(), old_version=1)
    assert diff.counts == {"changed": 2, "added": 0, "removed": 0, "unchanged": 17}
    assert [c.key for c in diff.changes] == ["第七条", "附表 云溪区青年人才生活补贴标准表"]
    seventh = diff.changes[0]
    assert seventh.figures_removed == ["1000元"] and seventh.figures_added == ["1100元"]
    replaced = [s for s in seventh.segments if s.op != "equal"]
    assert len(replaced) == 1 and replaced[0].old == "1000元" and replaced[0].new == "1100元" and replaced[0].figure
    assert "1000元 → 1100元" in diff.summary()
    page = render_html(diff)
    assert '<del class="fig">1000元</del>' in page and "<mark>1100元</mark>" in page


def test_added_removed_dates_and_escaping():
    old = {"第一条": "第一条 自2026年1月1日起施行。", "第二条": "第二条 旧条款。"}
    new = {"第一条": "第一条 自2027年3月1日起施行。", "第三条": "第三条 <script>alert(1)</script> 补贴20%。"}
    diff = diff_sections("p.md", old, new)
    kinds = {c.key: c.kind for c in diff.changes}
    assert kinds == {"第一条": "changed", "第二条": "removed", "第三条": "added"}
    assert diff.changes[0].figures_removed == ["2026年1月1日"] and diff.changes[0].figures_added == ["2027年3月1日"]
    page = render_html(diff)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert '<mark class="fig">20%</mark>' in page


def test_round_trip_through_json(changed_pdf):
    from knowledge.changes import DocumentDiff

    diff = diff_files(f"{POLICY}.pdf", OLD_PDF.read_bytes(), changed_pdf.read_bytes(), 1)
    again = DocumentDiff.from_json(diff.to_json())
    assert again.summary() == diff.summary() and render_html(again) == render_html(diff)
