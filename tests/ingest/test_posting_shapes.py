"""Postings in the shapes people have: CSV, TSV, XLSX, JSON, JSON Lines and .txt of JSON lines, with the column or
key names real exports use (mapped through ingest/data/posting_columns.json); a missing required field is one line."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import Workbook

from core.errors import IngestError
from ingest.pipeline import parse_document

ROWS = [
    {"name": "电工", "company": "甲乙机电有限公司", "pos": "甲乙市丙丁区", "duty": "负责厂区配电维护", "require": "中专及以上，持低压电工证",
     "salary": "6000-8000元/月", "hire_num": "3", "posted_at": "2026-03-01"},
    {"name": "仓管员", "company": "甲乙物流有限公司", "pos": "丙丁区", "duty": "负责出入库登记", "require": "高中及以上，会用Excel",
     "salary": "4500-5500元/月", "hire_num": "2", "posted_at": "2026-03-02"},
]
CHINESE = {"name": "岗位名称", "company": "用人单位", "pos": "工作地点", "duty": "岗位职责", "require": "任职要求", "salary": "薪资",
           "hire_num": "招聘人数", "posted_at": "发布日期"}
UNITS = {**CHINESE, "salary": "月薪（元）", "hire_num": "招聘人数(人)"}  # a unit after the column name


def _table(rows, delimiter=",", names=None) -> bytes:
    out = io.StringIO()
    keys = list(rows[0])
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow([(names or {}).get(k, k) for k in keys])
    writer.writerows([[r[k] for k in keys] for r in rows])
    return out.getvalue().encode("utf-8")


def _xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    keys = list(rows[0])
    sheet.append([CHINESE[k] for k in keys])
    for r in rows:
        sheet.append([int(r[k]) if k == "hire_num" else r[k] for k in keys])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _jsonl(rows) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")


SHAPES = {
    "jobs.csv": lambda: _table(ROWS),
    "jobs_cn.csv": lambda: _table(ROWS, names=CHINESE),
    "jobs_units.csv": lambda: _table(ROWS, names=UNITS),
    "jobs.tsv": lambda: _table(ROWS, delimiter="\t", names=CHINESE),
    "jobs.xlsx": lambda: _xlsx(ROWS),
    "jobs.json": lambda: json.dumps(ROWS, ensure_ascii=False).encode(),
    "wrapped.json": lambda: json.dumps({"total": 2, "data": ROWS}, ensure_ascii=False).encode(),
    "jobs.jsonl": lambda: _jsonl(ROWS),
    "postings.txt": lambda: _jsonl(ROWS),
}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_every_shape_gives_the_same_postings(name):
    doc = parse_document(name, SHAPES[name]())
    assert doc.doc_type == "job" and len(doc.chunks) == 2
    first = doc.chunks[0].metadata
    assert first["title"] == "电工" and first["company"] == "甲乙机电有限公司"
    assert first["district"] == "丙丁区" and first["city"] == "甲乙市"  # 甲乙市丙丁区 and 丙丁区 are one district
    assert doc.chunks[1].metadata["district"] == "丙丁区"
    assert first["description"] == "负责厂区配电维护" and first["requirements"] == "中专及以上，持低压电工证"
    assert first["salary"] == "6000-8000元/月" and first["openings"] == "3" and first["posted_at"] == "2026-03-01"
    text = doc.chunks[0].text
    assert "岗位：电工" in text and "任职要求：中专及以上" in text and "{" not in text  # never raw JSON
    assert doc.metadata["places"].split("、")[0] == "丙丁区"


def test_prose_txt_is_still_a_document():
    doc = parse_document("notes.txt", "甲乙区青年人才补贴办法\n第一条 每月补贴800元。\n".encode())
    assert doc.doc_type == "policy"


@pytest.mark.parametrize(("name", "data"), [
    ("bad.txt", _jsonl([{"company": "甲乙机电", "pos": "丙丁区", "duty": "配电"}])),
    ("bad.csv", "company,pos\n甲乙机电,丙丁区\n".encode()),
    ("bad.xlsx", None),
])
def test_missing_required_field_is_one_line_naming_it(name, data):
    if data is None:
        book = Workbook()
        book.active.append(["用人单位", "工作地点"])
        book.active.append(["甲乙机电", "丙丁区"])
        buf = io.BytesIO()
        book.save(buf)
        data = buf.getvalue()
    with pytest.raises(IngestError) as err:
        parse_document(name, data)
    message = str(err.value)
    assert "\n" not in message and message.startswith(f"{name}: ")
    assert "required field 'title'" in message and "岗位名称" in message  # the field and the names it may have
    assert "columns found: company" in message or "columns found: 用人单位" in message


def test_a_renamed_binary_is_not_an_xlsx():
    with pytest.raises(IngestError, match="not an XLSX workbook"):
        parse_document("jobs.xlsx", b"%PDF-1.4 not a workbook")


def test_a_second_column_for_a_filled_field_keeps_its_own_name_out_of_the_text():
    """所在区 then 工作地址 (both district names): the address was dropped; it is kept under its own name in the
    metadata, answerable, but not written into the passage (the district twice would pull postings up)."""
    data = "岗位名称,所在区,工作地址,薪资\n电工,丙丁区,丙丁区滨河路8号,6000元/月\n".encode()
    doc = parse_document("two_places.csv", data)
    meta = doc.chunks[0].metadata
    assert meta["district"] == "丙丁区" and meta["工作地址"] == "丙丁区滨河路8号"
    assert "滨河路8号" not in doc.chunks[0].text


def test_a_work_area_column_is_the_postings_district():
    """工作地区 (as a city's job export heads it) is where the job is: the district every place check reads."""
    data = "岗位编号,岗位名称,单位名称,工作地区,详细地址,月薪（元）\nA-01,叉车司机,某某商贸有限公司,丙丁区,丙丁区滨河路8号,5000-6500\n".encode()
    meta = parse_document("area.csv", data).chunks[0].metadata
    assert meta["district"] == "丙丁区", meta
