"""LangChain's standard retriever tests for HybridRetriever, over a small knowledge base ingested here."""

from __future__ import annotations

import pytest
from kb_helpers import CORPUS
from langchain_tests.integration_tests import RetrieversIntegrationTests

from core.settings import Settings
from knowledge.retriever import HybridRetriever
from zhitu.compose import build_services


@pytest.fixture(scope="module")
def small_kb(tmp_path_factory, embed_cache):
    """Two programme catalogues and one policy: enough passages for k=3 in every mode."""
    services = build_services(Settings(home=tmp_path_factory.mktemp("lc-kb"), embeddings_cache=embed_cache))
    report = services.kb.ingest_paths([CORPUS / "programmes" / "nanjiang_polytechnic.md",
                                       CORPUS / "policies" / "qinghe_talent_rental_subsidy_2026.pdf"])
    assert not report.failed
    yield services.kb
    services.kb.close()


# pytest-asyncio runs in strict mode: mark the class so the inherited async test runs (standard tests may not
# be overridden), and silence its note that the sync tests carry the mark too.
@pytest.mark.asyncio
@pytest.mark.filterwarnings("ignore:The test <Function .*is marked with '@pytest.mark.asyncio':pytest.PytestWarning")
class TestHybridRetrieverStandard(RetrieversIntegrationTests):
    @pytest.fixture(autouse=True)
    def _kb(self, small_kb):
        self.kb = small_kb

    @property
    def retriever_constructor(self) -> type[HybridRetriever]:
        return HybridRetriever

    @property
    def retriever_constructor_params(self) -> dict:
        return {"kb": self.kb, "k": 2}

    @property
    def retriever_query_example(self) -> str:
        return "软件技术专业一年学费多少"


@pytest.mark.parametrize("mode", ["dense", "bm25"])
def test_modes_honour_k_too(small_kb, mode):
    retriever = HybridRetriever(kb=small_kb, k=3, mode=mode)
    assert len(retriever.invoke("软件技术专业学费")) == 3
    assert len(retriever.invoke("软件技术专业学费", k=1)) == 1
