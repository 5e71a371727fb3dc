"""Dev-set retrieval floors: hit@5 ≥ 0.95 and MRR ≥ 0.8 for the hybrid, reported beside dense-only and BM25-only."""

from __future__ import annotations

import json
from pathlib import Path

from core.settings import Settings
from zhitu.compose import build_services

DEV = Path(__file__).resolve().parents[2] / "knowledge" / "corpus_sets" / "dev.jsonl"
K = 5
HIT_FLOOR, MRR_FLOOR = 0.95, 0.8


def retrieval_cases() -> list[tuple[str, str, set[str]]]:
    """(id, query, expected sources) for questions with expected sources that should be answered.
    A follow-up is searched as the history's last user message + the question."""
    cases = []
    for line in DEV.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        q = json.loads(line)
        if not q.get("expected_sources") or q.get("expect_refusal") or q.get("expect_escalation"):
            continue
        users = [h["content"] for h in q.get("history") or [] if h.get("role") == "user"]
        query = f"{users[-1]} {q['question']}" if users else q["question"]
        cases.append((q["id"], query, set(q["expected_sources"])))
    return cases


def evaluate(retriever, cases) -> tuple[float, float, list[tuple[str, str, int | None]]]:
    hits, rr, misses = 0, 0.0, []
    for qid, query, expected in cases:
        sources = [d.metadata["source"] for d in retriever.invoke(query, k=K)]
        rank = next((i for i, s in enumerate(sources, 1) if s in expected), None)
        if rank:
            hits += 1
            rr += 1 / rank
        if rank != 1:
            misses.append((qid, query, rank))
    return hits / len(cases), rr / len(cases), misses


def test_dev_set_exists_and_has_enough_retrieval_questions():
    assert DEV.exists(), "knowledge/corpus_sets/dev.jsonl is missing"
    assert len(retrieval_cases()) >= 80


def test_dev_set_retrieval_floors(corpus_home, embed_cache):
    services = build_services(Settings(home=corpus_home, embeddings_cache=embed_cache))
    cases = retrieval_cases()
    table = {}
    for mode in ("hybrid", "dense", "bm25"):
        table[mode] = evaluate(services.retriever(k=K, mode=mode), cases)
    services.kb.close()
    print(f"\ndev-set retrieval over {len(cases)} questions (k={K})")
    print(f"{'mode':8} {'hit@5':>6} {'MRR':>6}")
    for mode, (hit, mrr, _) in table.items():
        print(f"{mode:8} {hit:6.3f} {mrr:6.3f}")
    for qid, query, rank in table["hybrid"][2]:
        print(f"  hybrid not first: {qid} rank={rank} {query}")
    hit, mrr, _ = table["hybrid"]
    assert hit >= HIT_FLOOR and mrr >= MRR_FLOOR, table
