"""Loaders and parse_document on the shipped corpus and on broken inputs (library level; CLI in test_ingest_cli.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from core.errors import IngestError
from ingest.pipeline import parse_document
from ingest.postings import CANONICAL

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "knowledge" / "corpus"
CORPUS_FILES = sorted(p for p in CORPUS.rglob("*") if p.is_file())
FOLDER_TYPE = {"policies": "policy", "programmes": "programme", "jobs": "job", "seekers": "seeker"}
POSTING_FILES = [p for p in CORPUS_FILES if p.parent.name == "jobs"]


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_every_shipped_file_parses_with_citable_metadata(path):
    doc = parse_document(path.name, path.read_bytes())
    assert doc.doc_type == FOLDER_TYPE[path.parent.name]
    if doc.doc_type == "seeker":  # registrations are rows, never passages
        assert doc.seekers and not doc.chunks
        return
    assert doc.chunks and doc.source == path.name
    for c in doc.chunks:
        assert c.text.strip()
        assert c.source == path.name and c.doc_type == doc.doc_type
        assert c.title == (c.metadata["title"] if doc.doc_type == "job" else doc.title)
        assert c.page >= 1 and c.section
        meta = c.flat_metadata()
        assert all(isinstance(v, (str, int, float)) for v in meta.values())


def test_type_comes_from_content_not_the_folder(tmp_path):
    src = (CORPUS / "programmes" / "nanjiang_polytechnic.md").read_bytes()
    doc = parse_document("policies_notes.md", src)  # a misleading name
    assert doc.doc_type == "programme"
    policy = parse_document("catalogue.pdf", (CORPUS / "policies" / "qinghe_talent_rental_subsidy_2026.pdf").read_bytes())
    assert policy.doc_type == "policy"
    forced = parse_document("x.md", src, doc_type="policy")
    assert forced.doc_type == "policy"


def test_shipped_postings_one_chunk_each_with_every_field():
    rows = 0
    for path in POSTING_FILES:
        doc = parse_document(path.name, path.read_bytes())
        expected = path.read_text(encoding="utf-8").count("\n") - (1 if path.suffix == ".csv" else 0)
        assert len(doc.chunks) == expected
        for c in doc.chunks:
            assert set(CANONICAL) <= set(c.metadata), c.metadata
            assert c.metadata["title"] in c.text and c.metadata["salary"] in c.text
        rows += len(doc.chunks)
    assert rows >= 150
    ids = [c.metadata["id"] for p in POSTING_FILES
           for c in parse_document(p.name, p.read_bytes()).chunks]
    assert len(ids) == len(set(ids))


def test_programme_catalogue_chunks_carry_codes():
    codes = set()
    for path in CORPUS.glob("programmes/*.md"):
        doc = parse_document(path.name, path.read_bytes())
        for c in doc.chunks:
            if c.section == "简介":
                continue
            assert re.fullmatch(r"\d{6}", c.metadata["programme_code"]), c.section
            assert c.metadata["programme_code"] in c.text
            assert c.metadata["college"] and c.text.startswith(c.metadata["college"])
            codes.add((path.name, c.metadata["programme_code"]))
    assert len(codes) >= 12
    assert ("nanjiang_polytechnic.md", "510203") in codes


@pytest.mark.parametrize("name", ["truncated_policy.pdf", "empty_policy.pdf", "empty_notes.txt", "text_named.pdf",
                                  "setup_renamed.pdf", "setup_renamed.txt", "locked_policy.pdf", "scanned_notice.pdf"])
def test_broken_input_is_rejected_with_one_line_naming_the_file(broken_files, name):
    data, reason = broken_files[name]
    with pytest.raises(IngestError) as err:
        parse_document(name, data)
    message = str(err.value)
    assert message.startswith(f"{name}: ")
    assert reason in message
    assert "\n" not in message


def test_unsupported_extension_named():
    with pytest.raises(IngestError, match=r"^resume\.docx: unsupported file type \.docx"):
        parse_document("resume.docx", b"PK\x03\x04whatever")


def test_pdf_content_named_txt_is_rejected():
    pdf = (CORPUS / "policies" / "yunxi_youth_talent_subsidy_2026.pdf").read_bytes()
    with pytest.raises(IngestError, match=r"^policy\.txt: content is a PDF"):
        parse_document("policy.txt", pdf)


# ---- text encodings ------------------------------------------------------------------------------

NOTICE = """青禾区关于开展2026年春季招聘会的通知

一、活动时间
2026年3月14日上午9:00至12:00，地点在青禾区人才市场一楼大厅。

二、参会对象
应届高校毕业生、技工院校毕业生以及有求职意愿的社会青年，凭身份证免费入场。
"""


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8", "utf-16"])
def test_text_encodings_are_detected(encoding):
    data = NOTICE.encode(encoding)
    doc = parse_document("notice.txt", data)
    text = "\n".join(c.text for c in doc.chunks)
    assert "应届高校毕业生、技工院校毕业生" in text
    assert "\ufeff" not in text and "\ufeff" not in doc.title
    assert doc.title == "青禾区关于开展2026年春季招聘会的通知"
    assert {c.section for c in doc.chunks} >= {"一、活动时间", "二、参会对象"}


def test_gb18030_characters_outside_gbk():
    text = NOTICE + "联系人：㐂先生（姓氏为扩展A区汉字），电话 6651 2301。\n"
    data = text.encode("gb18030")
    with pytest.raises(UnicodeEncodeError):
        text.encode("gbk")
    doc = parse_document("notice.md", data)
    assert any("㐂先生" in c.text for c in doc.chunks)


# ---- postings with real-world column names -------------------------------------------------------

def test_csv_with_chinese_column_variants_and_an_unknown_column():
    csv_text = (
        "职位编号,岗位名称,用人单位,工作地点,薪资,学历,工作经验,技能要求,岗位职责,发布日期,福利待遇说明\n"
        "Q01,电工,青禾供电服务有限公司,青禾区,6000-7500元/月,中专,2年以上,低压电工证,负责厂区配电维护。,2026-09-01,五险一金、包食宿\n"
        "Q02,幼儿园保育员,云溪童心幼儿园,云溪区,4200-5000元/月,大专,经验不限,保育员证,协助教师照料幼儿。,2026-09-03,寒暑假带薪\n"
    )
    for encoding in ("utf-8", "gbk"):  # Excel exports are often GBK
        doc = parse_document("export.csv", csv_text.encode(encoding))
        assert doc.doc_type == "job" and len(doc.chunks) == 2
        first = doc.chunks[0]
        assert first.metadata["id"] == "Q01"
        assert first.metadata["title"] == "电工"
        assert first.metadata["company"] == "青禾供电服务有限公司"
        assert first.metadata["district"] == "青禾区"
        assert first.metadata["salary"] == "6000-7500元/月"
        assert first.metadata["education"] == "中专"
        assert first.metadata["experience"] == "2年以上"
        assert first.metadata["福利待遇说明"] == "五险一金、包食宿"
        assert "福利待遇说明：五险一金、包食宿" in first.text
        assert "工作地点：青禾区" in first.text and "薪资：6000-7500元/月" in first.text


def test_jsonl_with_english_variants_and_list_values():
    lines = [
        {"job_id": "E1", "position": "电商运营助理", "employer": "南港优选电子商务有限公司", "location": "南港区",
         "pay": "5500-7000元/月", "degree": "大专", "tags": ["直播", "店铺运营"], "remote": "否"},
    ]
    data = "\n".join(json.dumps(x, ensure_ascii=False) for x in lines).encode()
    doc = parse_document("feed.jsonl", data)
    meta = doc.chunks[0].metadata
    assert (meta["title"], meta["district"], meta["salary"], meta["education"]) == ("电商运营助理", "南港区", "5500-7000元/月", "大专")
    assert meta["skills"] == "直播、店铺运营"
    assert "remote：否" in doc.chunks[0].text


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("nothing.csv", "公司,备注\n,\n".encode(), "no rows"),
    ("no_title.csv", "公司,备注\n青禾机械,长期招聘\n".encode(), "no column for the required field 'title'"),
    ("bad.jsonl", '{"title": "电工"}\n{"title": 电工}\n'.encode(), "line 2 is not valid JSON"),
    ("list.jsonl", b'["a", "b"]\n', "line 1 is not a JSON object"),
])
def test_unreadable_postings_are_named(name, data, reason):
    with pytest.raises(IngestError) as err:
        parse_document(name, data)
    assert str(err.value).startswith(f"{name}: ") and reason in str(err.value)


def test_postings_refuse_another_type():
    with pytest.raises(IngestError, match="hold job postings, not policy"):
        parse_document("a.csv", "title\n电工\n".encode(), doc_type="policy")


CATALOGUE_WITH_OVERVIEW = """# 甲乙职业技术学院2027年招生专业目录

甲乙职业技术学院是公办高职院校。

## 专业一览

| 专业代码 | 专业名称 | 学制 | 学费 |
| --- | --- | --- | --- |
| 460305 | 工业机器人技术 | 三年 | 5200元/年 |
| 520201 | 护理 | 三年 | 6800元/年 |

## 专业详情

### 1. 工业机器人技术（460305）
- 学费：5200元/年
- 就业方向：设备运维

### 2. 护理（520201）
- 学费：6800元/年

## 报名与咨询

招生办公室电话：0000-1234567。
"""


def test_catalogue_sections_that_are_not_programmes_stay_the_colleges():
    """Numbered ### headings with a bare code are programmes; 专业一览 and 报名与咨询 are the college's sections, never
    programmes named '专业一览'; the overview table is one passage per row, each naming its programme."""
    doc = parse_document("catalogue.md", CATALOGUE_WITH_OVERVIEW.encode("utf-8"))
    assert doc.doc_type == "programme"
    named = {c.metadata.get("programme") for c in doc.chunks} - {None}
    assert named == {"工业机器人技术", "护理"}
    details = [c for c in doc.chunks if c.metadata.get("programme") == "工业机器人技术" and not c.metadata.get("kind")]
    assert len(details) == 1 and details[0].metadata["programme_code"] == "460305" and "设备运维" in details[0].text
    rows = [c for c in doc.chunks if c.metadata.get("kind") == "table_row"]
    assert [(r.metadata["programme"], r.metadata["programme_code"]) for r in rows] == [("工业机器人技术", "460305"), ("护理", "520201")]
    assert "学费：6800元/年" in rows[1].text and "|" not in rows[1].text
    contact = [c for c in doc.chunks if c.section == "报名与咨询"]
    assert contact and "0000-1234567" in contact[0].text and "programme" not in contact[0].metadata


CATALOGUE_OVERVIEW_ONLY = """# 示例职业学院2025年招生专业目录

示例职业学院是一所公办高职院校。

## 一、招生专业一览

| 专业代码 | 专业名称 | 学制 | 学费（元/年） | 可考取证书 |
|---|---|---|---|---|
| 460305 | 工业机器人技术 | 3年 | 6800 | 电工（中级） |
| 520201 | 护理 | 3年 | 7500 | 护士执业资格 |

## 二、联系方式

招生咨询电话：0000-7654321
"""


def test_an_overview_table_under_a_plain_heading_names_each_programme():
    """With no coded heading anywhere, a ## section whose table has a 专业名称 column is the college's overview: each row
    names its own programme, and the section is never a programme called '招生专业一览'."""
    doc = parse_document("overview.md", CATALOGUE_OVERVIEW_ONLY.encode("utf-8"))
    named = {c.metadata.get("programme") for c in doc.chunks} - {None}
    assert named == {"工业机器人技术", "护理"}
    rows = [c for c in doc.chunks if c.metadata.get("kind") == "table_row"]
    assert [(r.metadata["programme"], r.metadata["programme_code"]) for r in rows] == [("工业机器人技术", "460305"), ("护理", "520201")]
    assert "学费（元/年）：7500" in rows[1].text


def test_article_numbers_written_in_bold_head_their_articles():
    """**第五条** 在本市…标准如下： is article 第五条 with its list, not text glued onto the article before it: each
    bold article is a passage of its own (a list under it keeps its lead)."""
    text = ("# 岙沅市高校毕业生补贴办法\n\n**第一条** 本办法适用于在岙沅市就业的高校毕业生。\n\n"
            "**第二条** 生活补贴标准如下：\n\n（一）硕士研究生每人每月1600元；\n\n（二）本科毕业生每人每月880元。\n\n"
            "**第三条** 在本市租房居住的，可同时申请租房补贴，标准如下：\n\n（一）硕士研究生每人每月1050元。\n")
    chunks = parse_document("graduates.md", text.encode("utf-8")).chunks
    assert [c.section for c in chunks] == ["第一条", "第二条", "第三条"], [(c.section, c.text[:20]) for c in chunks]
    assert chunks[2].text.startswith("第三条 在本市租房居住的") and "1050元" in chunks[2].text, chunks[2].text
    assert "**" not in "".join(c.text for c in chunks)
