"""Shared helpers for the knowledge-base tests (a uniquely named module: every test folder has a conftest)."""

from __future__ import annotations

from pathlib import Path

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


def live_chunks(kb, source: str | None = None) -> list[tuple[str, str, dict]]:
    """Every chunk Chroma holds (any version), optionally of one source."""
    out = []
    for t in ("policy", "programme", "job"):
        out.extend(kb.vectors.get(t, {"source": source} if source else None))
    return out
