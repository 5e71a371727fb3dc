"""Inputs for the ingestion tests: good files written here, and broken files generated in the test."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfgen import render_policy_pdf, render_scanned_pdf

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "knowledge" / "corpus"
POLICY_SRC = REPO / "knowledge" / "corpus_src" / "policies"

# A short policy written for these tests, in the pdfgen source markup. 第三条 is long enough to cross lines.
SMALL_POLICY = """title: 青禾区技能人才评价补贴试行办法
doc_no: 青人社发〔2026〕7号
header: 青禾区人力资源和社会保障局文件汇编
issuer: 青禾区人力资源和社会保障局
date: 2026年2月10日

## 第一章 总则
第一条 为鼓励青年劳动者参加职业技能等级认定，提升本区技能人才队伍水平，制定本办法。
第二条 本办法适用于在青禾区企业就业并缴纳社会保险的劳动者。
## 第二章 补贴标准
第三条 劳动者取得中级工证书的，每人一次性补贴1200元；取得高级工证书的，每人一次性补贴2400元；取得技师证书的，每人一次性补贴3600元，同一等级只补贴一次。
### 附表 青禾区技能评价补贴标准表
| 证书等级 | 补贴金额 |
| 中级工 | 1200元 |
| 高级工 | 2400元 |
| 技师 | 3600元 |
## 第三章 附则
第四条 本办法自2026年3月1日起施行，有效期2年。
"""

POSTINGS_CSV = (
    "id,title,company,district,salary,education,experience,skills,description,posted_at\n"
    "T001,数控车工,青禾精密机械有限公司,青禾区,6500-8000元/月,中专,1年以上,数控车床、FANUC,负责数控车床编程与操作。,2026-08-01\n"
    "T002,仓库管理员,南港顺达物流有限公司,南港区,5000-6000元/月,高中,经验不限,WMS、叉车证,负责出入库登记和盘点。,2026-08-02\n"
)


@pytest.fixture
def small_policy_pdf(tmp_path) -> Path:
    path = tmp_path / "good" / "qinghe_skill_evaluation_2026.pdf"
    render_policy_pdf(SMALL_POLICY, path)
    return path


@pytest.fixture
def postings_csv(tmp_path) -> Path:
    path = tmp_path / "good" / "postings_test.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(POSTINGS_CSV, encoding="utf-8")
    return path


def _truncated(pdf: bytes) -> bytes:
    return pdf[: len(pdf) // 2]


def broken_inputs(folder: Path) -> dict[str, tuple[bytes, str]]:
    """name → (bytes, a fragment the error must contain). Generated here, never shipped."""
    src = (POLICY_SRC / "yunxi_youth_talent_subsidy_2026.md").read_text(encoding="utf-8")
    render_policy_pdf(src, folder / "_whole.pdf")
    whole = (folder / "_whole.pdf").read_bytes()
    render_policy_pdf(src, folder / "_locked.pdf", encrypt="secret-2026")
    render_scanned_pdf(folder / "_scan.pdf", pages=2)
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(range(256)) * 4
    out = {
        "truncated_policy.pdf": (_truncated(whole), "truncated or corrupt"),
        "empty_policy.pdf": (b"", "empty file"),
        "empty_notes.txt": (b"  \n\n", "empty file"),
        "text_named.pdf": ("第一条 这是一份文本文件，只是扩展名写成了PDF。".encode(), "not a PDF"),
        "setup_renamed.pdf": (exe, "not a PDF"),
        "setup_renamed.txt": (exe, "Windows executable"),
        "locked_policy.pdf": ((folder / "_locked.pdf").read_bytes(), "encrypted"),
        "scanned_notice.pdf": ((folder / "_scan.pdf").read_bytes(), "no text layer; OCR it first"),
    }
    for tmp in ("_whole.pdf", "_locked.pdf", "_scan.pdf"):
        (folder / tmp).unlink()
    return out


@pytest.fixture(scope="session")
def broken_files(tmp_path_factory) -> dict[str, tuple[bytes, str]]:
    return broken_inputs(tmp_path_factory.mktemp("broken"))


@pytest.fixture
def broken_dir(tmp_path, broken_files) -> Path:
    """A folder holding every broken input, as an admin might drop them in."""
    folder = tmp_path / "broken"
    folder.mkdir()
    for name, (data, _) in broken_files.items():
        (folder / name).write_bytes(data)
    return folder
