"""The same ingest → search → replace path against a real Chroma server (`chroma run`), via ZHITU_CHROMA_URL."""

from __future__ import annotations

import socket

import pytest
from kb_helpers import mini_policy

from core.settings import load_settings
from zhitu.compose import build_services

NAME = "qinghe_housekeeping_skill_subsidy.md"


def test_ingest_search_replace_delete_against_a_chroma_server(chroma_server, monkeypatch, zhitu_env):
    url, data_dir = chroma_server.url, chroma_server.data_dir
    monkeypatch.setenv("ZHITU_CHROMA_URL", url)
    services = build_services(load_settings())
    kb = services.kb
    first = kb.ingest_bytes(NAME, mini_policy(900))
    assert (first.status, first.version) == ("added", 1)
    assert not (zhitu_env / "chroma").exists()  # nothing written to the embedded store
    assert data_dir.exists()

    docs = services.retriever(k=3).invoke("在青禾做家政，考了育婴员五级证能补多少钱")
    assert docs[0].metadata["source"] == NAME and "900元" in docs[0].page_content

    second = kb.ingest_bytes(NAME, mini_policy(1100))
    assert (second.status, second.version) == ("updated", 2)
    assert kb.ingest_bytes(NAME, mini_policy(1100)).status == "unchanged"
    texts = [d.page_content for d in services.retriever(k=5).invoke("育婴员五级证书补贴多少")]
    assert any("1100元" in t for t in texts) and not any("900元" in t for t in texts)
    stored = kb.vectors.get("policy", {"source": NAME})
    assert stored and {m["version"] for _, _, m in stored} == {2}

    # a second client (another process would do the same) sees the server's state
    other = build_services(load_settings())
    assert [r.version for r in other.kb.documents()] == [2]
    assert len(other.kb.vectors.get("policy", {"source": NAME})) == second.chunks

    kb.delete(NAME)
    assert kb.vectors.get("policy", {"source": NAME}) == []


def test_unreachable_chroma_server_is_one_clear_error(monkeypatch):
    from core.errors import ZhituError

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("ZHITU_CHROMA_URL", f"http://127.0.0.1:{port}")
    services = build_services(load_settings())
    with pytest.raises(ZhituError, match=f"cannot reach the Chroma server at http://127.0.0.1:{port}"):
        services.kb.ingest_bytes(NAME, mini_policy(900))
