"""Knowledge-base test fixtures: a changed version of a shipped policy."""

from __future__ import annotations

from pathlib import Path

import pytest
from kb_helpers import YUNXI, YUNXI_SRC
from pdfgen import render_policy_pdf


@pytest.fixture(scope="session")
def yunxi_changed(tmp_path_factory) -> Path:
    """The 云溪 youth-talent policy with the 本科 amount raised from 1000元 to 1100元, same file name."""
    src = YUNXI_SRC.read_text(encoding="utf-8")
    assert src.count("本科每人每月1000元") == 1 and src.count("| 1000元 |") == 1
    src = src.replace("本科每人每月1000元", "本科每人每月1100元").replace("| 1000元 |", "| 1100元 |")
    path = tmp_path_factory.mktemp("changed") / YUNXI
    render_policy_pdf(src, path)
    return path
