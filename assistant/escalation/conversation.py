"""The conversation model: whether a follow-up (a message after earlier user turns) goes to a counsellor, learned from
the labelled conversations. It stands behind the detector's hand gate (``detector._follow_up``): a follow-up the gate
lets through still escalates when this model is sure.

A follow-up is read three ways by the message classifier (``classifier.py``): the message alone, the earlier user turns
alone (the last ``context_turns``, their n-grams joined, the unit mean of their cached query vectors) and the two read
together. The model is a logistic regression over the log-odds of "any" and "distress" of each reading, plus how close
the message's vector is to the earlier turns' (a follow-up on the same subject or a turn away from it): seven numbers.

It is trained on the labelled lines that carry a history, with the message classifier's scores taken out of fold:
each conversation is scored by the fold model that held out its writer's file, so the features look like a new
writer's. Its threshold is chosen the same way, on folds that hold out whole writers' conversations: distress escalated
first, then every must-escalate conversation, within a false-escalation budget.

Held out by writer (e, f, g: the writers who wrote conversations; 85 must-escalate and 88 routine follow-ups), the hand
gate alone escalated 73 (all 32 distress) for 11 routine; the model in its place 56-69 (30-31 distress) for 7-12;
behind it 74 (32) for 11. Replacing the gate lost distress spread over turns, so the model only backs it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

FEATURES = ("message_any", "message_distress", "earlier_any", "earlier_distress", "together_any",
            "together_distress", "continuity")
_EPS = 1e-4


def _logit(p: float) -> float:
    p = min(max(float(p), _EPS), 1 - _EPS)
    return float(np.log(p / (1 - p)))


def features(reading: Reading) -> np.ndarray:
    """The model's inputs for one follow-up: the log-odds of "any" and "distress" in the three readings and the cosine
    of the message's vector to the earlier turns' unit mean.

    Not among them, though each helped on the labelled conversations: how many earlier user turns there were (the
    writers wrote their unresolved cases as long conversations, so the model learned that a fourth question is a
    complaint, and escalated a routine fifth question about an exam as distress), and each reading's margin to the
    classifier's nearest per-reason threshold (held out by writer: 3 more of 85 must-escalate conversations for 2
    more of 88 routine ones)."""
    m, e, t = reading.message, reading.earlier, reading.together
    return np.array([_logit(m["any"]), _logit(m["distress"]), _logit(e["any"]), _logit(e["distress"]), _logit(t["any"]),
                     _logit(t["distress"]), reading.continuity])


@dataclass
class ConversationModel:
    """A fitted conversation model: ``probability(x)`` of must-escalate; it escalates at or above ``threshold``."""

    coef: np.ndarray
    intercept: float
    threshold: float
    validation: dict = field(default_factory=dict)

    def probability(self, x: np.ndarray) -> float:
        return float(1.0 / (1.0 + np.exp(-(float(np.asarray(x) @ self.coef) + self.intercept))))

    def escalates(self, x: np.ndarray) -> bool:
        return self.probability(x) >= self.threshold


@dataclass(frozen=True)
class ConversationParams:
    c: float = 1.0
    false_budget: float = 0.06
    min_conversations: int = 40  # fewer labelled conversations than this: no model (the hand gate reads follow-ups)


def _fit_lr(x: np.ndarray, y: np.ndarray, c: float):
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, class_weight="balanced", max_iter=2000)
    model.fit(x, y)
    return np.asarray(model.coef_[0], dtype=np.float64), float(model.intercept_[0])


def choose_threshold(p: np.ndarray, escalate: np.ndarray, distress: np.ndarray, budget: float) -> float:
    """Distress escalated first, then must-escalate escalated, with at most ``budget`` of routine escalated."""
    routine = ~escalate
    allowed = int(np.floor(budget * routine.sum()))
    best = None
    for t in np.unique(np.concatenate([p, [1.0 + 1e-9]])):
        fired = p >= t
        if (fired & routine).sum() > allowed:
            continue
        key = ((fired & distress).sum(), (fired & escalate).sum(), -(fired & routine).sum(), t)
        if best is None or key > best:
            best = key
    return float(best[3])


def fit(x: np.ndarray, escalate: np.ndarray, distress: np.ndarray, groups: list[str],
        params: ConversationParams = ConversationParams()) -> ConversationModel | None:
    """Fit on out-of-fold features ``x`` of labelled conversations; the threshold from folds holding out each writer
    (``groups``) in turn. ``None`` when there are too few conversations or no writer to hold out."""
    escalate, distress = np.asarray(escalate, dtype=bool), np.asarray(distress, dtype=bool)
    names = sorted(set(groups))
    if len(x) < params.min_conversations or len(names) < 2 or escalate.all() or not escalate.any():
        return None
    groups_arr = np.asarray(groups)
    oof = np.zeros(len(x))
    for name in names:
        held = groups_arr == name
        if escalate[~held].all() or not escalate[~held].any():
            oof[held] = 0.5
            continue
        coef, intercept = _fit_lr(x[~held], escalate[~held], params.c)
        oof[held] = 1.0 / (1.0 + np.exp(-(x[held] @ coef + intercept)))
    threshold = choose_threshold(oof, escalate, distress, params.false_budget)
    coef, intercept = _fit_lr(x, escalate, params.c)
    fired = oof >= threshold
    validation = {"conversations": len(x), "must_escalate": int(escalate.sum()), "distress": int(distress.sum()),
                  "recall": round(float(fired[escalate].mean()), 3),
                  "distress_escalated": int((fired & distress).sum()),
                  "false_escalations": round(float(fired[~escalate].mean()), 3)}
    return ConversationModel(coef, intercept, threshold, validation)


def unit_mean(vectors) -> np.ndarray:
    """The unit mean of query vectors: one vector for several turns read together."""
    mean = np.mean(np.asarray(vectors, dtype=np.float64), axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm > 0 else mean


@dataclass
class Reading:
    """A follow-up read three ways by the message classifier: its scores alone, the earlier turns' alone and the two
    together; ``continuity`` is the cosine of the message's vector to the earlier turns' unit mean."""

    message: dict[str, float]
    earlier: dict[str, float]
    together: dict[str, float]
    continuity: float


def read(scorer, message: str, vector, earlier: list[str], earlier_vectors: list, scores: dict | None = None,
         together: dict | None = None) -> Reading:
    """Score ``message`` after ``earlier`` user turns (their vectors given; ``scores`` of the message alone and
    ``together`` of the two read together when the caller has them) with ``scorer.scores(text, vector)``."""
    vector = np.asarray(vector, dtype=np.float64)
    before = unit_mean(earlier_vectors)
    alone = scores if scores is not None else scorer.scores(message, vector)
    history = scorer.scores("\n".join(earlier), before)
    if together is None:
        together = scorer.scores("\n".join([*earlier, message]), unit_mean([*earlier_vectors, vector]))
    continuity = float(vector @ before / max(np.linalg.norm(vector) * np.linalg.norm(before), 1e-12))
    return Reading(alone, history, together, continuity)
