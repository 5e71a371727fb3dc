"""Benchmark: seconds per question when the dev set runs through the real assistant (target < 1 s on 2 cores).

Ingests the sample corpus into a throw-away ZHITU_HOME first (timed separately as ``setup_s``), then runs
``knowledge/corpus_sets/dev.jsonl`` exactly as `zhitu eval` does, in one process. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEV = REPO / "knowledge" / "corpus_sets" / "dev.jsonl"
TARGET_S = 1.0


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=Path, default=DEV, help="question set (default: knowledge/corpus_sets/dev.jsonl)")
    args = parser.parse_args(argv)

    from core.settings import load_settings
    from eval.questions import load_questions
    from eval.runner import run_eval
    from zhitu.compose import build_services

    with tempfile.TemporaryDirectory(prefix="zhitu-bench-eval-") as home:
        started = time.perf_counter()
        settings = load_settings(home=Path(home))
        services = build_services(settings)
        report = services.kb.ingest_paths([settings.corpus_dir])
        if report.failed:
            raise SystemExit(f"corpus ingest failed: {report.failed}")
        assistant = services.assistant
        setup_s = time.perf_counter() - started

        questions = load_questions(args.questions)
        started = time.perf_counter()
        run = run_eval(assistant, questions, progress=False, mode="llm" if settings.llm_enabled else "extractive")
        total = time.perf_counter() - started
        services.kb.close()

    n = len(run.rows)
    overall = run.summary["overall"]
    result = {
        "bench": "eval",
        "question_set": questions.name,
        "questions": n,
        "setup_s": round(setup_s, 2),
        "total_s": round(total, 2),
        "seconds_per_question": round(total / n, 4) if n else None,
        "target_seconds_per_question": TARGET_S,
        "ok": bool(n) and total / n < TARGET_S,
        "latency_p50_ms": overall["latency_p50_ms"],
        "latency_p95_ms": overall["latency_p95_ms"],
        "hit@5": overall["hit@5"],
        "mrr": overall["mrr"],
        "fact_recall": overall["fact_recall"],
        "passed": overall["passed"],
    }
    print(json.dumps(result, ensure_ascii=False))
    return result


if __name__ == "__main__":
    main()
