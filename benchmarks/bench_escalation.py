"""Escalation: detection latency per message (query vector reused, as in a chat turn), training time on the labelled
set, and the detector's figures on a blind set it was never trained or tuned on.

Run: ``python -m benchmarks.bench_escalation [--home DIR] [--set eval/blind/r8/escalation.jsonl] [--retrain]``.
Prints one JSON object: ``blind`` (recall over every must-escalate message, distress escalated, false escalations,
per reason), ``validation`` (in-sample: the training data's out-of-fold figures the thresholds were chosen on),
``latency_ms`` (p50/p95 of ``detect`` with the vector given, and with a two-turn history read as context: the earlier
turns' vectors come from the embeddings' cache, nothing is embedded again),
``training`` (seconds; embedding the set is reported apart, it is cached by content hash).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
BLIND = REPO / "eval" / "blind" / "r20" / "escalation.jsonl"  # the newest escalation round (routine follow-ups; issue 15)


def _p(values: list[float], q: float) -> float:
    return round(float(np.percentile(values, q)), 2) if values else 0.0


def score(detector, rows: list[dict]) -> dict:
    """Blind figures: recall, distress, false escalations, per reason; and the messages missed / wrongly escalated."""
    from assistant.records import Turn

    must = [r for r in rows if r["escalate"]]
    routine = [r for r in rows if not r["escalate"]]
    decided = {}
    for r in rows:
        history = [Turn(t["role"], t["content"]) for t in r.get("history") or []]
        decided[r["id"]] = detector.detect(r["message"], history)
    per_reason = {}
    for reason in sorted({x for r in must for x in r["reasons"]}):
        cases = [r for r in must if reason in r["reasons"]]
        per_reason[reason] = {
            "n": len(cases),
            "escalated": round(sum(decided[r["id"]].escalate for r in cases) / len(cases), 3),
            "reason_given": round(sum(reason in decided[r["id"]].reasons for r in cases) / len(cases), 3),
        }
    missed = [r for r in must if not decided[r["id"]].escalate]
    false = [r for r in routine if decided[r["id"]].escalate]
    return {
        "messages": len(rows), "must_escalate": len(must), "routine": len(routine),
        "recall": round(1 - len(missed) / max(len(must), 1), 3),
        "false_escalations": round(len(false) / max(len(routine), 1), 3),
        "per_reason": per_reason,
        "missed_ids": [r["id"] for r in missed],
        "false_ids": [r["id"] for r in false],
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--home", type=Path, help="ZHITU_HOME (its cache keeps the trained classifier); default a temporary one")
    parser.add_argument("--set", dest="blind", type=Path, default=BLIND, help="blind escalation set (JSON Lines)")
    parser.add_argument("--retrain", action="store_true", help="train again even when a cached classifier exists")
    args = parser.parse_args(argv)
    from assistant.escalation.training import build_classifier
    from core.settings import Settings
    from zhitu.compose import build_services

    home = args.home or Path(tempfile.mkdtemp(prefix="zhitu-bench-esc-"))
    services = build_services(Settings(home=home))
    detector = services.escalation
    started = time.perf_counter()
    classifier = build_classifier(services.settings, services.embeddings, force=args.retrain)
    load_seconds = time.perf_counter() - started
    detector.reload(classifier)

    rows = [json.loads(line) for line in args.blind.read_text(encoding="utf-8").splitlines() if line.strip()]
    blind = score(detector, rows)

    from assistant.records import Turn

    messages = [r["message"] for r in rows]
    vectors = [services.embeddings.embed_query(m) for m in messages]  # the turn's query vector, computed once
    single: list[float] = []
    for message, vector in zip(messages, vectors):
        t0 = time.perf_counter()
        detector.detect(message, [], vector=vector)
        single.append((time.perf_counter() - t0) * 1000)
    history = [Turn("user", "请问电工证怎么考"), Turn("assistant", "可以报名参加培训后考试。"), Turn("user", "培训要多久")]
    for turn in history:  # in a chat each earlier turn was embedded when it was asked: its vector is in the cache
        if turn.role == "user":
            services.embeddings.embed_query(turn.content)
    with_context: list[float] = []
    for message, vector in zip(messages[:60], vectors[:60]):
        t0 = time.perf_counter()
        detector.detect(message, history, vector=vector)
        with_context.append((time.perf_counter() - t0) * 1000)
    report = classifier.report.to_json()
    out = {
        "benchmark": "escalation",
        "blind_set": str(args.blind.relative_to(REPO) if args.blind.is_relative_to(REPO) else args.blind),
        "blind": blind,
        "validation_in_sample": report["validation"],
        "thresholds": report["thresholds"],
        "thresholds_used": {r: round(float(t), 4) for r, t in zip(classifier.reasons, classifier.thresholds)},
        "latency_ms": {"p50": _p(single, 50), "p95": _p(single, 95), "target_p95": 30,
                       "with_history_p50": _p(with_context, 50), "with_history_p95": _p(with_context, 95)},
        "training": {"examples": report["examples"], "train_seconds": report["train_seconds"],
                     "embed_seconds": report["embed_seconds"], "load_or_train_seconds": round(load_seconds, 2)},
    }
    print(json.dumps(out, ensure_ascii=False))
    return out


if __name__ == "__main__":
    main()
