"""`zhitu ingest --type seeker`, `zhitu docs`, `zhitu gaps [--json] [--by month]` and `zhitu match --posting` on a
knowledge base with and without registrations (the CLI takes its services as Click's obj)."""

import json

import pytest
from click.testing import CliRunner

from tests.matching.test_supply import NAMES, PERSONAL, POSTINGS, REGISTRATIONS
from zhitu.cli import main


@pytest.fixture
def cli(tmp_path):
    from core.settings import load_settings
    from zhitu.compose import build_services

    services = build_services(load_settings())
    (tmp_path / "jobs.csv").write_text(POSTINGS, encoding="utf-8")
    run = lambda *args: CliRunner().invoke(main, [str(a) for a in args], obj=services, catch_exceptions=False)
    assert run("ingest", tmp_path / "jobs.csv").exit_code == 0
    yield run
    services.kb.close()


def test_without_registrations_gaps_report_openings_and_say_no_seekers_are_ingested(cli):
    out = cli("gaps", "--json")
    assert out.exit_code == 0
    rows = json.loads(out.stdout)
    assert rows and all(r["seekers"] == 0 and r["flag"] == "unknown" and r["ratio"] is None for r in rows)
    assert {(r["occupation"], r["district"], r["openings"]) for r in rows} >= {("数控加工", "临川区", 4), ("护理", "全市", 2)}
    assert "no job-seeker registrations are ingested" in out.stderr
    text = cli("gaps")
    assert "无求职登记数据" in text.stdout and "紧缺" not in text.stdout
    assert cli("match", "--posting", "P3", "--json").stdout.strip() == "[]"


def test_ingest_seeker_files_then_gaps_docs_and_posting_matches(cli, tmp_path):
    path = tmp_path / "登记.csv"
    path.write_text(REGISTRATIONS, encoding="utf-8")
    out = cli("ingest", path, "--type", "seeker")
    assert out.exit_code == 0 and "5 registrations, seeker" in out.stdout
    assert "unchanged" in cli("ingest", path, "--type", "seeker").stdout
    docs = {d["source"]: d for d in json.loads(cli("docs", "--json").stdout)}
    assert (docs["登记.csv"]["doc_type"], docs["登记.csv"]["chunks"]) == ("seeker", 5)
    out = cli("gaps", "--json")
    assert "no job-seeker registrations" not in out.stderr
    rows = {(r["occupation"], r["district"]): r for r in json.loads(out.stdout)}
    assert set(rows[("数控加工", "临川区")]) == {"occupation", "district", "openings", "seekers", "gap", "ratio", "flag",
                                               "flag_name"}
    assert (rows[("数控加工", "临川区")]["seekers"], rows[("数控加工", "临川区")]["ratio"]) == (2, 2.0)
    monthly = json.loads(cli("gaps", "--json", "--by", "month").stdout)
    assert {r["month"] for r in monthly} == {"2026-03", "2026-04"}
    matches = cli("match", "--posting", "P3", "--json").stdout
    assert json.loads(matches)[0]["title"].startswith("求职者")
    assert not any(p in matches for p in PERSONAL) and NAMES[2] not in matches
    assert cli("docs", "--delete", "登记.csv").exit_code == 0
    assert "no job-seeker registrations" in cli("gaps").stderr
