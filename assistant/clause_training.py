"""Train the learned clause scorer (``clause_model.py``) from ``data/clause_features.jsonl``: one row per ranking of
an asked part over the clause pool the real pipeline produced for a dev question (``scripts/clause_features.py``),
each clause's features and how many of the question's expected facts it holds.

A pairwise logistic regression without intercept over (better clause − worse clause) feature differences (better:
holds more expected facts), each ranking weighing the same however many pairs it gives; features scaled by their
spread. Every dev file is one group (one writer): the regularisation is chosen by leave-one-file-out, counting the
expected facts in the clauses the answerer would take (the best, on-subject clauses first for an asked kind), each
question's facts once across its asked parts. A feature whose fitted sign goes
against ``SIGNS`` is dropped and the rest refitted. Deterministic: the same data give the same numbers.

    python -m assistant.clause_training                 # rebuild data/clause_model.json, print the report
    python -m assistant.clause_training --check         # exit 1 when the stored model does not match the data
    python -m assistant.clause_training --leave-out dev_x.jsonl --out m.json   # a model without one file
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

from assistant.clause_model import COLUMNS, FEATURES, MODEL_FILE, SIGNS, ClauseModel, ask_group, column

FEATURES_FILE = Path(__file__).parent / "data" / "clause_features.jsonl"
SEED = 15
C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
_SUBJECT = FEATURES.index("on_subject")


def load_rows(path: Path = FEATURES_FILE) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def data_hash(path: Path = FEATURES_FILE) -> str:
    h = hashlib.sha256(f"{','.join(COLUMNS)}|{sorted(SIGNS.items())}|{SEED}|{C_GRID}".encode())
    h.update(path.read_bytes())
    return h.hexdigest()[:20]


def _matrix(row: dict) -> np.ndarray:
    """The row's clauses by every column (the features, then each group's copy of them)."""
    group = ask_group(row["kind"])
    return np.asarray([[column(name, dict(zip(FEATURES, f)), group) for name in COLUMNS] for f in row["features"]])


def _pairs(rows: list[dict], columns: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(better − worse, 1) and (worse − better, 0) for every two clauses of a ranking holding different numbers of
    expected facts; each ranking weighs 1 however many pairs it gives."""
    xs, ys, ws = [], [], []
    for row in rows:
        x = _matrix(row)[:, columns]
        labels = row["labels"]
        pairs = [(i, j) for i, a in enumerate(labels) for j, b in enumerate(labels) if a > b]
        for i, j in pairs:
            xs += [x[i] - x[j], x[j] - x[i]]
            ys += [1, 0]
            ws += [1.0 / len(pairs)] * 2
    return np.asarray(xs), np.asarray(ys), np.asarray(ws)


def fit(rows: list[dict], c: float) -> ClauseModel:
    """The pairwise fit on ``rows``, with the sign guard."""
    from sklearn.linear_model import LogisticRegression

    columns = list(range(len(COLUMNS)))
    every = np.vstack([_matrix(r) for r in rows])
    scale = every.std(axis=0)
    scale[scale == 0] = 1.0
    while True:
        x, y, w = _pairs(rows, columns)
        model = LogisticRegression(C=c, fit_intercept=False, max_iter=5000, random_state=SEED)
        model.fit(x / scale[columns], y, sample_weight=w)
        coef = model.coef_[0]
        wrong = [col for col, v in zip(columns, coef) if SIGNS.get(COLUMNS[col].split("@")[0], 0) * v < 0]
        if not wrong:
            break
        columns = [col for col in columns if col not in wrong]
    return ClauseModel(tuple(COLUMNS[i] for i in columns), tuple(round(float(v), 6) for v in coef),
                       tuple(round(float(scale[i]), 6) for i in columns))


def taken(row: dict, scores: list[float]) -> int:
    """The clause the answerer takes: the best score, on-subject clauses first for an asked kind."""
    order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
    if row["kind"]:
        order.sort(key=lambda i: not row["features"][i][_SUBJECT])
    return order[0]


def _covered(rows: list[dict], pick) -> int:
    """Expected facts the clauses taken hold, each question's facts counted once across its asked parts (as the
    answer, one line per part, holds them); ``pick(row)`` is the index of the clause taken."""
    masks: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (row["file"], row["id"])
        masks[key] = masks.get(key, 0) | row["facts"][pick(row)]
    return sum(m.bit_count() for m in masks.values())


def hand_pick(row: dict) -> int:
    """The clause the hand-set order (the order the rows were extracted in) gives the answerer."""
    return taken(row, [-float(i) for i in range(len(row["labels"]))])


def model_pick(row: dict, model: ClauseModel) -> int:
    return taken(row, [model.score(dict(zip(FEATURES, f)), row["kind"] or None) for f in row["features"]])


def leave_one_file_out(rows: list[dict], c: float) -> dict[str, tuple[int, int, int]]:
    """file → (questions, expected facts the clauses taken by the hand order hold, the same by a model trained
    without the file)."""
    out = {}
    for name in sorted({r["file"] for r in rows}):
        model = fit([r for r in rows if r["file"] != name], c)
        held = [r for r in rows if r["file"] == name]
        out[name] = (len({r["id"] for r in held}), _covered(held, hand_pick),
                     _covered(held, lambda r, m=model: model_pick(r, m)))
    return out


def build(rows: list[dict]) -> tuple[dict, str]:
    """The stored model (as a dict) and a report."""
    results = {c: leave_one_file_out(rows, c) for c in C_GRID}
    best = max(C_GRID, key=lambda c: (sum(v[2] for v in results[c].values()), -c))
    model = fit(rows, best)
    lines = [f"C={c}: expected facts in the clauses taken, learned {sum(v[2] for v in r.values())} / hand "
             f"{sum(v[1] for v in r.values())} over {sum(v[0] for v in r.values())} questions (leave-one-file-out)"
             for c, r in results.items()]
    lines += [f"  {name}: {n} questions, hand {h}, learned {m}" for name, (n, h, m) in results[best].items()]
    inside = _covered(rows, lambda r: model_pick(r, model))
    lines.append(f"chosen C={best}; in-sample learned {inside} / hand {_covered(rows, hand_pick)}")
    data = {"features": list(model.features), "weights": list(model.weights), "scale": list(model.scale), "C": best,
            "data_hash": data_hash(), "leave_one_file_out": {k: list(v) for k, v in results[best].items()}}
    return data, "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--leave-out", default="")
    parser.add_argument("--out", default="")
    args = parser.parse_args(argv)
    rows = load_rows()
    if args.leave_out:
        stored = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
        model = fit([r for r in rows if r["file"] != args.leave_out], stored["C"])
        Path(args.out).write_text(json.dumps({"features": model.features, "weights": model.weights,
                                              "scale": model.scale}, indent=1) + "\n", encoding="utf-8")
        return 0
    data, report = build(rows)
    if args.check:
        stored = json.loads(MODEL_FILE.read_text(encoding="utf-8")) if MODEL_FILE.exists() else {}
        if stored != data:
            print("data/clause_model.json does not match data/clause_features.jsonl: run `make answer-model`")
            return 1
        return 0
    MODEL_FILE.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
