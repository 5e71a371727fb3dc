"""Refusal-threshold sweep over the dev set: how refusal accuracy and fact recall move with
``settings.answer.refusal_threshold`` (the setting's default is chosen from this table).

Run: ``python -m benchmarks.bench_refusal [--home DIR]``. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from pathlib import Path

from benchmarks.bench_ask import DEV, prepare_home

THRESHOLDS = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def _norm(text: str) -> str:
    return re.sub(r"[\s,，]", "", unicodedata.normalize("NFKC", text))


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--home", type=Path)
    args = parser.parse_args(argv)
    from core.settings import Settings
    from zhitu.compose import build_services

    home, _ = prepare_home(args.home, None)
    services = build_services(Settings(home=home))
    assistant = services.assistant
    assistant.sessions = assistant.tickets = None  # measure answers only: no tickets, no stored sessions
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    table = []
    for threshold in THRESHOLDS:
        services.settings.answer.refusal_threshold = threshold
        right = false_refusals = missed = found = total = 0
        for r in rows:
            reply = assistant.ask(r["question"], history=r.get("history") or [])
            expected = bool(r.get("expect_refusal"))
            right += expected == reply.refused
            false_refusals += reply.refused and not expected
            missed += expected and not reply.refused
            for fact in r.get("expected_facts") or []:
                total += 1
                found += _norm(fact) in _norm(reply.answer)
        table.append({"threshold": threshold, "refusal_accuracy": round(right / len(rows), 3),
                      "false_refusals": false_refusals, "missed_refusals": missed,
                      "fact_recall": round(found / max(total, 1), 3)})
    out = {"benchmark": "refusal_threshold", "questions": len(rows), "default": Settings().answer.refusal_threshold,
           "sweep": table}
    print(json.dumps(out, ensure_ascii=False))
    return out


if __name__ == "__main__":
    main()
