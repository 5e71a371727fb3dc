"""Extract the learned clause scorer's training data: run the real pipeline (retrieval, clause pools, the hand-set
order) over dev question sets whose expected facts mark the right clause, and write one row per ranking of an asked
part: the file, the question id, the ask kind, each pool clause's features and which of the expected facts it holds (a bit mask; its count is the label).
Numbers only (no clause text). ``make answer-model`` then refits from this file without any corpus.

    python scripts/clause_features.py assistant/data/clause_features.jsonl HOME=SET.jsonl [HOME=SET.jsonl ...]

HOME is an ingested ZHITU_HOME holding the set's corpus (ingest it with `python -m zhitu.cli ingest DIR`).
Set ZHITU_EMBEDDINGS_CACHE to reuse clause vectors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's packages, not an installed copy


def rows_for(home: str, set_file: str) -> list[dict]:
    os.environ["ZHITU_HOME"] = home
    os.environ["ZHITU_ANSWER__CLAUSE_MODEL"] = "none"  # the pool and its order as the hand-set ranker gives them
    from assistant.clause_model import FEATURES
    from core.settings import load_settings
    from eval.metrics import fact_present
    from eval.questions import load_questions
    from zhitu.compose import build_services

    assistant = build_services(load_settings()).assistant
    ranker = assistant.extractive.ranker
    out = []
    for q in load_questions(set_file).questions:
        if not q.expected_facts:
            continue
        ranker.log = []
        assistant.ask(q.question, session_id=None, history=q.history_messages())
        seen = set()
        for entry in ranker.log:
            key = (entry["question"], entry["kind"], entry["subject"])
            if key in seen:
                continue
            seen.add(key)
            # which expected facts each clause holds (bit i: the i-th fact), so a question's facts are counted once
            facts = [sum(1 << i for i, f in enumerate(q.expected_facts) if fact_present(f, text)) for _, text in entry["pool"]]
            if any(facts):
                out.append({"file": Path(set_file).name, "id": q.id, "kind": entry["kind"] or "",
                            "features": [[round(parts.get(f, 0.0), 4) for f in FEATURES] for parts, _ in entry["pool"]],
                            "labels": [m.bit_count() for m in facts], "facts": facts})
        ranker.log = None
    return out


def main(argv: list[str]) -> int:
    if argv[0] == "--one":  # one set in this process: module caches never carry one corpus into another
        home, set_file = argv[1].split("=", 1)
        for row in rows_for(home, set_file):
            print(json.dumps(row, ensure_ascii=False))
        return 0
    lines = []
    for pair in argv[1:]:
        got = subprocess.run([sys.executable, __file__, "--one", pair], check=True, capture_output=True, text=True).stdout
        print(f"{pair.split('=', 1)[1]}: {got.count(chr(10))} rankings with a clause holding an expected fact", file=sys.stderr)
        lines.append(got)
    Path(argv[0]).write_text("".join(lines), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
