"""Which dimension a counsellor would name weakest: a trained model over the grader's own findings.

The model is a multinomial logistic regression over the features below (the five dimension scores before any
decisive finding moves them, what the rules found — fillers, hedges, red flags, empty talk, a bare list, gap codes —
the answer's length and its similarity to the question, the points and the role). It was fitted on labelled pairs
written by several hands (``data/labelled*.jsonl``, ``data/interview_pairs_*.jsonl``) and is stored as plain numbers in
``data/weakest_model.json``; scoring is a few dot products, no scikit-learn at run time. Rebuild it with
``python -m assistant.interview.training`` (deterministic) whenever the labelled data or the features change; a test
checks that the stored model matches the data.

The model needs the semantic similarities: without an embedding model the grader keeps its rules.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.interview.bank import DATA

if TYPE_CHECKING:
    from assistant.interview.grader import Dimension, _Ctx

MODEL_FILE = "weakest_model.json"
QTYPES = ("behavioural", "situational", "technical", "motivation")
# Gap codes used as features (the grader's findings); the rest are too rare in the labelled data to weigh.
GAP_FEATURES = ("off_topic", "partly_on_topic", "keyword_stuffing", "no_result", "no_action", "no_situation",
                "no_steps", "no_conclusion", "no_reasons", "no_future", "we_not_i", "no_numbers", "vague_words",
                "no_role_terms", "fillers", "hedges", "too_short", "claims_only", "number_without_action", "term_list",
                "rambling")


def features(c: _Ctx, dims: dict[str, Dimension], rule: str | None = None) -> dict[str, float]:
    """The answer's features for the model (``dims`` as the dimensions scored them, before a decisive finding;
    ``rule`` the decisive finding, if any)."""
    from assistant.interview.grader import DIMENSIONS, RULE_DIMENSION

    out: dict[str, float] = {f"score_{d}": dims[d].score / 100 for d in DIMENSIONS}
    low = min(dims[d].score for d in DIMENSIONS)
    for d in DIMENSIONS:  # the lowest score is what the rules fell back on: let the model see it directly
        out[f"lowest_{d}"] = float(dims[d].score == low)
    out["red_flag"] = float(bool(c.flags))
    out["blame"] = float(any(f.rule_id == "blame" for f in c.flags))
    out["fillers"] = min(c.filler_count, 8) / 8
    out["hedges"] = min(c.hedge_count, 5) / 5
    out["vague"] = min(c.vague_count, 6) / 6
    out["listed"] = float(c.listed)
    out["log_length"] = math.log1p(c.length) / math.log(500)
    out["short"] = float(c.length < 60)
    out["sentences"] = min(len(c.raw_sentences), 12) / 12
    out["off_share"] = len(c.off_sentences) / max(1, len(c.sentences))
    sims = c.sims
    if sims is not None and sims.question:
        q = sorted(sims.question, reverse=True)
        out["sim_question_top"] = q[0]
        out["sim_question_mean"] = sum(sims.question) / len(sims.question)
        out["sim_points_top"] = max(sims.points)
        out["sim_role_top"] = max(sims.role)
        out["sim_role_mean"] = sum(sims.role) / len(sims.role)
        out["drift"] = sims.drift
    for r in RULE_DIMENSION:
        out[f"rule_{r}"] = float(rule == r)
    for t in QTYPES:
        out[f"type_{t}"] = float(c.qtype == t)
    gaps = set(c.gaps)
    for g in GAP_FEATURES:
        out[f"gap_{g}"] = float(g in gaps)
    return out


@dataclass(frozen=True)
class WeakestModel:
    """Multinomial logistic regression stored as numbers: standardised features, one weight row per dimension."""

    names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    classes: tuple[str, ...]
    coef: tuple[tuple[float, ...], ...]
    intercept: tuple[float, ...]
    guards: tuple[str, ...] = ()  # decisive rules that name their dimension whatever the model says
    data_hash: str = ""
    report: dict | None = None

    def probabilities(self, feats: dict[str, float]) -> dict[str, float]:
        x = [(feats.get(n, m) - m) / s for n, m, s in zip(self.names, self.mean, self.scale)]
        logits = [b + sum(w * v for w, v in zip(row, x)) for row, b in zip(self.coef, self.intercept)]
        top = max(logits)
        exp = [math.exp(v - top) for v in logits]
        total = sum(exp)
        return {c: e / total for c, e in zip(self.classes, exp)}

    def predict(self, feats: dict[str, float]) -> str:
        probs = self.probabilities(feats)
        return max(self.classes, key=lambda c: probs[c])

    def to_json(self) -> dict:
        return {"_doc": "Built by `python -m assistant.interview.training`; do not edit by hand.",
                "data_hash": self.data_hash, "guards": list(self.guards), "names": list(self.names), "mean": list(self.mean),
                "scale": list(self.scale), "classes": list(self.classes), "coef": [list(r) for r in self.coef],
                "intercept": list(self.intercept), "report": self.report or {}}

    @classmethod
    def from_json(cls, d: dict) -> WeakestModel:
        return cls(tuple(d["names"]), tuple(d["mean"]), tuple(d["scale"]), tuple(d["classes"]),
                   tuple(tuple(r) for r in d["coef"]), tuple(d["intercept"]), tuple(d.get("guards", ())), d.get("data_hash", ""),
                   d.get("report"))


@cache
def load_weakest_model(folder: Path = DATA) -> WeakestModel | None:
    """The stored model (None when the file is absent: the grader then keeps its rules)."""
    path = folder / MODEL_FILE
    if not path.is_file():
        return None
    return WeakestModel.from_json(json.loads(path.read_text(encoding="utf-8")))
