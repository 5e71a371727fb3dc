import json

import pytest
from click.testing import CliRunner

from zhitu.cli import main


@pytest.fixture
def run(corpus_services):
    """`zhitu` with the ingested sample corpus as its services (matching reads only the knowledge base)."""
    return lambda *args: CliRunner().invoke(main, list(args), obj=corpus_services, catch_exceptions=False)


def test_match_profile_json_and_text_resume(run, tmp_path):
    profile = tmp_path / "me.json"
    profile.write_text(json.dumps({"major": "护理", "education": "大专", "certificates": ["护士证"],
                                   "skills": ["静脉输液", "基础护理"], "district": "云溪区"}, ensure_ascii=False), encoding="utf-8")
    out = run("match", "--profile", str(profile), "--json")
    assert out.exit_code == 0, out.output
    rows = json.loads(out.output)
    assert rows and list(rows[0]) == ["id", "title", "company", "score", "matched_skills", "missing_skills", "reasons"]
    assert "护士" in rows[0]["title"]
    resume = tmp_path / "resume.txt"
    resume.write_text("专业：软件技术\n学历：大专\n技能：Java、Spring Boot、MySQL\n意向区域：云溪区\n", encoding="utf-8")
    text = run("match", "--profile", str(resume), "-k", "3")
    assert text.exit_code == 0 and "1. [" in text.output and "技能匹配" in text.output


def test_match_posting_ranks_anonymised_seekers(run):
    out = run("match", "--posting", "J0139", "--json")
    assert out.exit_code == 0, out.output
    rows = json.loads(out.output)
    assert rows[0]["id"].startswith("S") and rows[0]["title"].startswith("求职者")
    assert "林志强" not in out.output


def test_errors_are_one_line(run, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{oops", encoding="utf-8")
    out = CliRunner().invoke(main, ["match", "--profile", str(bad)])
    assert out.exit_code == 1 and out.output.strip().count("\n") == 0 and "bad.json" in out.output
    out = CliRunner().invoke(main, ["match", "--posting", "J9999"])
    assert out.exit_code == 1 and "J9999" in out.output
    out = CliRunner().invoke(main, ["match"])
    assert out.exit_code == 1


def test_skills_and_gaps_json(run):
    skills = json.loads(run("skills", "--json").output)
    assert skills["overall"] and skills["months"] and skills["programme_gaps"]
    gaps = json.loads(run("gaps", "--json").output)
    row = next(g for g in gaps if g["district"] == "全市")
    assert set(row) >= {"occupation", "district", "openings", "seekers", "gap", "ratio", "flag"}
    assert row["gap"] == row["openings"] - row["seekers"]
