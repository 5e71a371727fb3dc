"""The learned clause scorer: which clause of the pool answers the asked part, as a weighted sum whose weights are
learned (``clause_training``) from dev questions whose expected facts mark the right clause.

The features are the hand-set ranker's components, kept apart (word overlap, retrieval rank, narrowing cue, figure
present, field label, list under a labelled heading, education level, min-max semantic similarity), plus the raw
cosines of the clause to the asked part and to the whole question, the cosine's rank in the pool, same article as the
best clause by words, the position in the document, the clause's length and on_subject. The hard guards stay in
``clauses.py`` before it (the asked kind, the hard qualifiers) and in the answerer after it (on_subject)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

MODEL_FILE = Path(__file__).parent / "data" / "clause_model.json"

FEATURES = ("overlap", "retrieval", "narrowing", "figure", "figure_other", "label", "list_lead", "level", "semantic",
            "open_semantic", "cos_part", "open_cos", "cos_question", "cos_rank", "same_article", "position", "length",
            "on_subject")

# An ask of a figure (多少钱, 几年) and a part no ask wording classifies weigh the features their own way too: each
# feature also enters once more for each of those groups ("overlap@fig" is overlap when a figure is asked, else 0).
GROUPS = ("fig", "open")
COLUMNS = FEATURES + tuple(f"{f}@{g}" for g in GROUPS for f in FEATURES)


def ask_group(kind: str | None) -> str:
    """"fig" for an ask of a figure, "open" for a part no ask wording classifies, "" otherwise."""
    from knowledge.query import ask_kinds

    return "open" if not kind else "fig" if ask_kinds().get(kind, {}).get("figure") else ""


def column(name: str, parts: dict[str, float], group: str) -> float:
    base, _, only = name.partition("@")
    return parts.get(base, 0.0) if not only or only == group else 0.0


# Which way a feature may point, where the answer's meaning fixes it: a longer clause never earns for its length, a
# clause on the asked subject or carrying the figure never costs. A fit that gives the wrong sign drops the feature.
# (A group's column obeys its feature's sign.)
SIGNS = {"length": -1, "on_subject": 1, "figure": 1, "overlap": 1}


@dataclass(frozen=True)
class ClauseModel:
    """score = Σ weight · feature / scale over ``features`` (a pairwise logistic regression: no intercept)."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    scale: tuple[float, ...]

    def score(self, parts: dict[str, float], kind: str | None = None) -> float:
        group = ask_group(kind)
        return sum(w * column(f, parts, group) / s for f, w, s in self._terms)

    @cached_property
    def _terms(self) -> tuple[tuple[str, float, float], ...]:
        return tuple(zip(self.features, self.weights, self.scale))


def load_clause_model(path: Path | str | None = None) -> ClauseModel | None:
    """The stored model (``path`` or the bundled file); None when there is none."""
    path = Path(path) if path else MODEL_FILE
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return ClauseModel(tuple(data["features"]), tuple(data["weights"]), tuple(data["scale"]))
