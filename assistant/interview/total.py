"""The total of a grade: a trained ranking over the grader's own findings, mapped to 0–100.

The five dimension scores weighed by fixed weights were one guess at how a counsellor adds things up. This model
learns the sum instead: a pairwise logistic regression without intercept over the difference of the feature vectors
of a strong and a weak answer to the same question (dimension scores, the rules' own total, what the rules found —
own actions, checks, results, examples, padding, buzzwords, red flags — and the semantic similarities to the
question, its answer points and the role), fitted on labelled pairs written by several hands and chosen by
leave-one-file-out cross-validation (``python -m assistant.interview.training``). Stored as plain numbers in
``data/total_model.json``; scoring is one dot product and a logistic map, which is monotonic, to 0–100.

Signs are fixed where the rubric says which way a finding points (a red flag, a filler, a gap or padding never
earns; a dimension score never costs), and length is not a feature, so length never adds points. The guards of the
grader stay after the model: padding and buzzwords cost, a red flag caps the total.

The model needs the semantic similarities: without an embedding model the grader keeps its fixed weights.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.interview.bank import DATA

if TYPE_CHECKING:
    from assistant.interview.grader import Dimension, _Ctx

TOTAL_MODEL_FILE = "total_model.json"
# The weakest-dimension features the total leaves out: length and sentence counts (length never adds points), the
# question type (the same on both sides of a pair) and which score is lowest (an artefact of the naming rules).
_LEFT_OUT = ("log_length", "short", "sentences")
_LEFT_OUT_PREFIX = ("type_", "lowest_")


def total_features(base: dict[str, float], c: _Ctx, dims: dict[str, Dimension], rules_total: float) -> dict[str, float]:
    """``base``: the weakest-dimension features (``weakest.features``); the rest: what specificity counted, how the
    role's terms were used, the share of sentences that said nothing, and the fixed-weight total."""
    out = {k: v for k, v in base.items() if k not in _LEFT_OUT and not k.startswith(_LEFT_OUT_PREFIX)}
    n = c.counts
    out["acts"] = min(n.get("acts", 0), 4) / 4
    out["checks"] = min(n.get("checks", 0), 2) / 2
    out["results"] = min(n.get("results", 0), 2) / 2
    out["situation"] = float(n.get("situ", 0) > 0)
    out["tied_numbers"] = min(n.get("tied", 0), 2) / 2
    out["untied_numbers"] = float(n.get("numbered", 0) > n.get("tied", 0))
    out["claims"] = min(n.get("claims", 0), 2) / 2
    out["buzzwords"] = min(n.get("buzz", 0), 3) / 3
    out["terms_in_context"] = min(c.terms_in_context, 4) / 4
    out["role_terms"] = min(len(c.role_hits), 6) / 6
    out["empty_share"] = c.empty / max(1, c.units)
    out["list_share"] = list_share(c.said or c.norm)
    sims = c.sims
    if sims is not None and sims.point_cover:
        cover = sorted(sims.point_cover, reverse=True)
        out["sim_cover_top3"] = sum(cover[:3]) / len(cover[:3])
        out["sim_points_mean"] = sum(sims.points) / len(sims.points)
    out["rules_total"] = rules_total / 100
    return out


# A run of four or more short items joined by 、: terms listed instead of used.
_LIST_RUN = re.compile(r"(?:[^、，,。；;：:！!？?\s]{1,6}、){3,}[^、，,。；;：:！!？?\s]{1,6}")


def list_share(text: str) -> float:
    """The share of the answer's characters that sit in lists of short items (a list of terms is not an answer)."""
    content = sum(1 for ch in text if ch.isalnum())
    listed = sum(sum(1 for ch in m.group() if ch.isalnum()) for m in _LIST_RUN.finditer(text))
    return listed / content if content else 0.0


# Which way a feature may point (+1: never costs, -1: never earns); features not listed are free.
def sign(name: str) -> int:
    if name.startswith(("score_", "sim_")) or name in ("acts", "checks", "results", "situation", "tied_numbers",
                                                     "terms_in_context", "rules_total"):
        return 1
    if name.startswith(("gap_", "rule_")) or name in ("red_flag", "blame", "fillers", "hedges", "vague", "listed",
                                                      "off_share", "drift", "untied_numbers", "claims", "buzzwords",
                                                      "empty_share", "list_share"):
        return -1
    return 0


def guarded(total: float, feats: dict[str, float], cal: dict[str, float]) -> float:
    """The grader's guards after any sum: saying nothing of one's own costs (up to ``empty_total_cost``), three or
    more buzzwords or vague words cost ``vague_total_cost``, a red flag caps the total at ``red_flag_total_cap``.
    An answer none of whose sentences says anything of its own gets ``empty_answer_total`` whatever else it has:
    every sentence of it is compared by meaning, so one more empty sentence must not be able to add points."""
    lo = cal["empty_share_lo"]
    share = feats.get("empty_share", 0.0)
    if share >= 1.0:
        return cal["empty_answer_total"]
    total -= cal["empty_total_cost"] * max(0.0, min(1.0, (share - lo) / (1.0 - lo)))
    if round(feats.get("vague", 0.0) * 6) >= cal["decisive_vague"]:
        total -= cal["vague_total_cost"]
    if feats.get("red_flag", 0.0):
        total = min(total, cal["red_flag_total_cap"])
    return total


@dataclass(frozen=True)
class TotalModel:
    """w·x over standardised features (no intercept: only differences were fitted), then 100·σ(a·u + b)."""

    names: tuple[str, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    a: float
    b: float
    data_hash: str = ""
    report: dict | None = None

    def utility(self, feats: dict[str, float]) -> float:
        return sum(w * feats.get(n, 0.0) / s for n, s, w in zip(self.names, self.scale, self.coef))

    def score(self, feats: dict[str, float]) -> float:
        """0–100, monotonic in the utility."""
        z = self.a * self.utility(feats) + self.b
        return 100.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> dict:
        return {"_doc": "Built by `python -m assistant.interview.training`; do not edit by hand.",
                "data_hash": self.data_hash, "names": list(self.names), "scale": list(self.scale),
                "coef": list(self.coef), "a": self.a, "b": self.b, "report": self.report or {}}

    @classmethod
    def from_json(cls, d: dict) -> TotalModel:
        return cls(tuple(d["names"]), tuple(d["scale"]), tuple(d["coef"]), float(d["a"]), float(d["b"]),
                   d.get("data_hash", ""), d.get("report"))


@cache
def load_total_model(folder: Path = DATA) -> TotalModel | None:
    """The stored model (None when the file is absent: the grader then keeps its fixed weights)."""
    path = folder / TOTAL_MODEL_FILE
    if not path.is_file():
        return None
    return TotalModel.from_json(json.loads(path.read_text(encoding="utf-8")))
