"""Two processes replace the same document at the same moment through the shared ingestion path (`zhitu ingest`,
which the admin page's Apply also ends in): the knowledge base ends with one consistent version."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.admin.conftest import POLICY, REPO, changed_source

pytestmark = pytest.mark.slow
NAME = f"{POLICY}.pdf"


def test_two_processes_ingesting_new_versions_at_once(corpus_copy, tmp_path):
    from pdfgen import render_policy_pdf

    paths = []
    for amount in ("1100元", "1200元"):
        folder = tmp_path / amount
        render_policy_pdf(changed_source(amount), folder / NAME)
        paths.append(folder / NAME)
    env = {**os.environ, "ZHITU_HOME": str(corpus_copy)}
    procs = [subprocess.Popen([sys.executable, "-m", "zhitu.cli", "ingest", "--json", str(p)], cwd=REPO, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for p in paths]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs

    from core.settings import load_settings
    from zhitu.compose import build_services

    services = build_services(load_settings())
    kb = services.kb
    rec = kb.registry.get(NAME)
    assert rec.version == 3  # both went in, one after the other: 1 → 2 → 3
    ids = kb.vectors.ids(rec.doc_type, {"source": NAME})
    assert len(ids) == len(set(ids)) == rec.chunks and all("::v3::" in i for i in ids)
    assert sorted(kb.lexical.ids_of(NAME)) == sorted(ids)
    live_text = " ".join(t for _, t, _ in kb.chunks_of(NAME))
    winner = "1100元" if "1100元" in live_text else "1200元"
    assert winner in live_text and "1000元" not in live_text
    assert kb.stored_file(NAME).read_bytes() in (paths[0].read_bytes(), paths[1].read_bytes())
    hits = services.retriever(k=5).invoke("云溪区本科生活补贴每月多少")
    assert any(h.metadata["source"] == NAME for h in hits)
    kb.close()
