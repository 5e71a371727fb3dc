"""`zhitu ingest` / `zhitu docs` as users run them: broken files get one stderr line each, exit 1, nothing lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from zhitu.cli import main

REPO = Path(__file__).resolve().parents[2]


def zhitu(*args: str, check: bool | None = None) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "zhitu.cli", *args], cwd=REPO, env=dict(os.environ),
                          capture_output=True, text=True, timeout=300, check=False)
    if check is not None:
        assert (proc.returncode == 0) == check, (proc.returncode, proc.stdout, proc.stderr)
    return proc


def cli(*args: str, exit_code: int = 0):
    """In-process run (same click group, same composition root) for the steps that are not under test."""
    res = CliRunner().invoke(main, list(args))
    assert res.exit_code == exit_code, (res.stdout, res.stderr, res.exception)
    return res


def docs_json() -> list[dict]:
    return json.loads(cli("docs", "--json").stdout)


def test_broken_files_are_named_one_line_each_and_the_rest_still_goes_in(tmp_path, small_policy_pdf, postings_csv,
                                                                         broken_dir, broken_files):
    first = cli("ingest", str(small_policy_pdf.parent))
    assert "added" in first.stdout and first.stderr.strip() == ""
    before = docs_json()
    assert {d["source"] for d in before} == {small_policy_pdf.name, postings_csv.name}

    # A broken new version (run as a real process: stderr and the exit status are the contract) of a known document, every broken input, and one good new file, in one run.
    again = tmp_path / "again"
    again.mkdir()
    (again / small_policy_pdf.name).write_bytes(small_policy_pdf.read_bytes()[:3000])
    notice = "青禾区关于2026年春季招聘会的通知\n\n一、活动时间\n2026年3月14日上午9:00，青禾区人才市场一楼。\n"
    (again / "qinghe_job_fair.txt").write_bytes(notice.encode("gbk"))
    proc = zhitu("ingest", str(again), str(broken_dir))
    assert proc.returncode == 1, proc.stderr

    lines = proc.stderr.strip().splitlines()
    failed = set(broken_files) | {small_policy_pdf.name}
    assert len(lines) == len(failed), proc.stderr  # one line per failing file, no traceback, no progress bar
    for line in lines:
        assert line.startswith("error: ")
        name = line.removeprefix("error: ").split(": ", 1)[0]
        assert name in failed, line
        failed.discard(name)
    assert not failed
    reasons = dict(line.removeprefix("error: ").split(": ", 1) for line in lines)
    for name, (_, fragment) in broken_files.items():
        assert fragment in reasons[name]
    assert "truncated or corrupt PDF" in reasons[small_policy_pdf.name]
    assert "added     qinghe_job_fair.txt" in proc.stdout

    after = docs_json()
    assert [d for d in after if d["source"] != "qinghe_job_fair.txt"] == before  # unchanged: same sha, version, time
    # the old version still answers
    hits = json.loads(cli("search", "青禾区考到技师证书一次补贴多少钱", "--json", "--k", "3").stdout)
    assert hits[0]["source"] == small_policy_pdf.name
    assert any("3600元" in h["text"] for h in hits)


def test_docs_json_shape_and_reingest_unchanged(small_policy_pdf, postings_csv):
    runner = CliRunner()
    res = runner.invoke(main, ["ingest", str(small_policy_pdf), str(postings_csv), "--json"])
    assert res.exit_code == 0, res.output
    results = json.loads(res.stdout)
    assert [(r["source"], r["status"], r["version"]) for r in results] == [
        (small_policy_pdf.name, "added", 1), (postings_csv.name, "added", 1)]
    docs = json.loads(runner.invoke(main, ["docs", "--json"]).stdout)
    for d in docs:
        assert {"source", "title", "doc_type", "chunks", "sha256", "version", "ingested_at"} <= set(d)
        assert len(d["sha256"]) == 64 and d["ingested_at"][:2] == "20"
    by_source = {d["source"]: d for d in docs}
    assert by_source[postings_csv.name]["doc_type"] == "job" and by_source[postings_csv.name]["chunks"] == 2
    assert by_source[small_policy_pdf.name]["doc_type"] == "policy"
    assert by_source[small_policy_pdf.name]["title"] == "青禾区技能人才评价补贴试行办法"

    res = runner.invoke(main, ["ingest", str(small_policy_pdf.parent)])
    assert res.exit_code == 0
    assert res.stdout.count("unchanged") == 2
    assert json.loads(runner.invoke(main, ["docs", "--json"]).stdout) == docs


def test_type_option_and_missing_path(small_policy_pdf, postings_csv, tmp_path):
    runner = CliRunner()
    res = runner.invoke(main, ["ingest", "--type", "programme", str(postings_csv)])
    assert res.exit_code == 1
    assert res.stderr.strip() == f"error: {postings_csv.name}: .csv files hold job postings, not programme"
    res = runner.invoke(main, ["ingest", str(tmp_path / "nowhere.pdf"), str(small_policy_pdf)])
    assert res.exit_code == 1
    assert res.stderr.strip() == "error: nowhere.pdf: no such file"
    assert f"added     {small_policy_pdf.name}" in res.stdout


def test_delete_unknown_document_is_one_line():
    res = CliRunner().invoke(main, ["docs", "--delete", "missing.pdf"])
    assert res.exit_code == 1
    assert res.stderr.strip() == "Error: missing.pdf: no such document"
