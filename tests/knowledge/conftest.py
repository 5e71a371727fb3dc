"""Knowledge-base test inputs: a changed version of a shipped policy, a small Markdown policy, helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

from pdfgen import render_policy_pdf

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "knowledge" / "corpus"
YUNXI = "yunxi_youth_talent_subsidy_2026.pdf"
YUNXI_SRC = REPO / "knowledge" / "corpus_src" / "policies" / "yunxi_youth_talent_subsidy_2026.md"

# A small policy in Markdown, written for these tests (cheap to embed: a handful of passages).
MINI_POLICY = """# 青禾区家政服务人员技能补贴办法

青人社规〔2026〕9号

## 第一章 总则
第一条 为提升家政服务质量，鼓励家政服务人员参加育婴员、养老护理员职业技能培训，制定本办法。
第二条 在青禾区家政企业从业满3个月的人员，可以申请本办法规定的补贴。
## 第二章 补贴标准
第三条 取得育婴员或养老护理员五级证书的，每人补贴{amount}元；取得四级证书的，每人补贴1500元。
第四条 本办法自2026年4月1日起施行，有效期3年。
"""


def mini_policy(amount: int = 900) -> bytes:
    return MINI_POLICY.format(amount=amount).encode("utf-8")


@pytest.fixture(scope="session")
def yunxi_changed(tmp_path_factory) -> Path:
    """The 云溪 youth-talent policy with the 本科 amount raised from 1000元 to 1100元, same file name."""
    src = YUNXI_SRC.read_text(encoding="utf-8")
    assert src.count("本科每人每月1000元") == 1 and src.count("| 1000元 |") == 1
    src = src.replace("本科每人每月1000元", "本科每人每月1100元").replace("| 1000元 |", "| 1100元 |")
    path = tmp_path_factory.mktemp("changed") / YUNXI
    render_policy_pdf(src, path)
    return path


def live_chunks(kb, source: str | None = None) -> list[tuple[str, str, dict]]:
    """Every chunk Chroma holds (any version), optionally of one source."""
    out = []
    for t in ("policy", "programme", "job"):
        out.extend(kb.vectors.get(t, {"source": source} if source else None))
    return out
