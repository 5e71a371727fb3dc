"""Benchmark of the offline interview grader: grades every labelled answer (strong and weak) N times.

Prints JSON: per-answer latency p50/p95/max in ms, the labelled-set accuracy, and the one-off start-up cost
(question bank + jieba). Target: p95 ≤ 300 ms per answer on 2 cores.

    .venv/bin/python -m benchmarks.bench_interview [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def _load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def run(repeat: int = 5) -> dict:
    t0 = time.perf_counter()
    from assistant.interview.bank import DATA, load_bank
    from assistant.interview.grader import Grader
    from knowledge.tokenize import tokenizer

    bank, grader = load_bank(), Grader()
    tokenizer()  # jieba is loaded once per process; report it separately from per-answer latency
    startup_ms = (time.perf_counter() - t0) * 1000
    rows = _load(DATA / "labelled.jsonl")
    holdout = _load(DATA / "labelled_holdout.jsonl")
    h_ordered = h_matched = 0
    for row in holdout:
        role = bank.role(row["role"])
        question = bank.question(role, row["question"])
        strong, weak = grader.grade(role, question, row["strong"]), grader.grade(role, question, row["weak"])
        h_ordered += strong.score > weak.score
        h_matched += weak.weakest == row["weak_dimension"]
    latencies: list[float] = []
    ordered = matched = 0
    for r in range(repeat):
        for row in rows:
            role = bank.role(row["role"])
            question = bank.question(role, row["question"])
            grades = {}
            for kind in ("strong", "weak"):
                start = time.perf_counter()
                grades[kind] = grader.grade(role, question, row[kind])
                latencies.append((time.perf_counter() - start) * 1000)
            if r == 0:
                ordered += grades["strong"].score > grades["weak"].score
                matched += grades["weak"].weakest == row["weak_dimension"]
    return {
        "answers_graded": len(latencies),
        "repeat": repeat,
        "p50_ms": round(statistics.median(latencies), 3),
        "p95_ms": round(_percentile(latencies, 95), 3),
        "max_ms": round(max(latencies), 3),
        "startup_ms": round(startup_ms, 1),
        "labelled_triples": len(rows),
        "strong_above_weak": round(ordered / len(rows), 4),
        "weakest_dimension_match": round(matched / len(rows), 4),
        "holdout_triples": len(holdout),
        "holdout_strong_above_weak": round(h_ordered / len(holdout), 4),
        "holdout_weakest_dimension_match": round(h_matched / len(holdout), 4),
        "target_p95_ms": 300,
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="How many times to grade the whole labelled set.")
    args = parser.parse_args(argv)
    result = run(args.repeat)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return result


if __name__ == "__main__":
    main()
