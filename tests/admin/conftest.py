"""Fixtures for the admin console tests: a changed version of a real sample policy, rendered to PDF."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
POLICY = "yunxi_youth_talent_subsidy_2026"
SRC = REPO / "knowledge" / "corpus_src" / "policies" / f"{POLICY}.md"


def changed_source(amount: str = "1100元") -> str:
    """The 云溪 youth-talent policy with the 本科 monthly subsidy changed from 1000元 (clause 7 and the table)."""
    text = SRC.read_text(encoding="utf-8")
    out = text.replace("本科每人每月1000元", f"本科每人每月{amount}").replace(
        "| 本科（含预备技师班） | 1000元 |", f"| 本科（含预备技师班） | {amount} |")
    assert out.count(amount) == 2
    return out


@pytest.fixture
def changed_pdf(tmp_path) -> Path:
    from pdfgen import render_policy_pdf

    path = tmp_path / "upload" / f"{POLICY}.pdf"
    render_policy_pdf(changed_source(), path)
    return path
