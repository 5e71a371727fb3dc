"""`zhitu search` and `zhitu docs` over the ingested sample corpus (click CliRunner on the real group)."""

from __future__ import annotations

import json

from click.testing import CliRunner
from kb_helpers import YUNXI

from zhitu.cli import main


def run(*args: str, exit_code: int = 0):
    res = CliRunner().invoke(main, list(args))
    assert res.exit_code == exit_code, (res.stdout, res.stderr, res.exception)
    return res


def test_search_json_contract(corpus_copy):
    rows = json.loads(run("search", "本科来云溪上班每个月补多少钱", "--json").stdout)
    assert len(rows) == 5
    for r in rows:
        assert set(r) == {"source", "title", "page", "section", "score", "text"}
    assert rows[0]["source"] == YUNXI and "1000元" in rows[0]["text"]
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)


def test_search_type_and_k(corpus_copy):
    rows = json.loads(run("search", "数控", "--type", "job", "--k", "3", "--json").stdout)
    assert len(rows) == 3 and all(r["source"].startswith("postings_") for r in rows)
    text = run("search", "510203", "--k", "2").stdout
    assert text.startswith("[1] ") and "510203" in text
    bad = run("search", "学费", "--type", "school", exit_code=2)
    assert "Invalid value for '--type'" in bad.stderr


def test_docs_lists_and_delete_removes(corpus_copy):
    docs = json.loads(run("docs", "--json").stdout)
    assert len(docs) == 13 and {d["doc_type"] for d in docs} == {"policy", "programme", "job", "seeker"}
    assert sum(d["chunks"] for d in docs if d["doc_type"] == "job") >= 150
    out = run("docs", "--delete", YUNXI).stdout
    assert out.startswith(f"deleted {YUNXI} (")
    assert YUNXI not in {d["source"] for d in json.loads(run("docs", "--json").stdout)}
    rows = json.loads(run("search", "云溪区青年人才生活补贴本科每月多少", "--k", "10", "--json").stdout)
    assert rows and YUNXI not in {r["source"] for r in rows}
    listing = run("docs").stdout.splitlines()
    assert len(listing) == 12 and all(" chunks  " in line or " registrations  " in line for line in listing)
