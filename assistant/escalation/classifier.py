"""The escalation classifier: one multinomial logistic regression over the embedding model's query vector of a
message, beside character n-grams of its normalised text, with "routine" as one of its classes.

Every reason competes with the routine class: a message that uses death, farewell, scam or law words about an ordinary
matter (a novel's plot, a job at a funeral home, how to spot a scam) has its probability taken by "routine" rather
than scored against each reason alone, as the one-vs-rest models did. A message with two reasons counts once for
each, with half the weight; routine and must-escalate messages weigh the same in total. The column "any" is one minus
the routine probability: it catches what no single reason is sure of. Per-column thresholds are chosen on
out-of-fold scores of the training data (``choose_thresholds``): distress recall first, then overall recall, within a
false-escalation budget. The folds hold out whole labelled files (``by_writer``: each file is one writer's), so the
scores are those a new writer's messages get; held out by writer with train_f (six writers, each left out in turn)
this escalated 534 of 547 distress messages instead of 533 with random folds, for 137 instead of 129 of 1,783 routine
ones (budget 0.06 there, 0.04 with random folds). The final model is then fitted on all the data.

Beside the vector and the n-grams, two nearest-neighbour features (``Neighbours``): how much closer the message's
vector is to its nearest labelled distress messages, and to its nearest must-escalate ones, than to its nearest routine
ones (mean cosine similarity of the top ``k`` of each). A training message is never its own neighbour. Validated by
holding out each training file in turn (each written by a different hand; thresholds from the other files' folds):
with train_d, distress 423 instead of 421 of 431 held-out messages, recall 1,030 instead of 1,006 of 1,069, for 63
instead of 60 of 1,196 routine ones escalated. Scoring the last sentence of a long message as well (its own query
vector, the higher distress score kept) changed nothing held out (251 of 261 either way) and cost an embedding call
(~75 ms loaded), so it is not done.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

import numpy as np

from assistant.escalation import conversation
from assistant.escalation.conversation import ConversationModel
from assistant.escalation.labelled import MESSAGE_REASONS, Example
from assistant.escalation.rules import normalise

ANY = "any"  # a column for "must escalate, whatever the reason": 1 - P(routine)


@dataclass
class TrainingReport:
    """How the classifier was trained and how it did on the validation folds (in-sample for the thresholds)."""

    examples: int
    escalate: int
    per_reason: dict[str, int]
    thresholds: dict[str, float]
    validation: dict = field(default_factory=dict)
    seconds: float = 0.0
    embed_seconds: float = 0.0

    def to_json(self) -> dict:
        return {"examples": self.examples, "escalate": self.escalate, "per_reason": self.per_reason,
                "thresholds": {k: round(v, 4) for k, v in self.thresholds.items()}, "validation": self.validation,
                "train_seconds": round(self.seconds, 2), "embed_seconds": round(self.embed_seconds, 2)}


@dataclass(frozen=True)
class TrainingParams:
    seed: int = 0
    folds: int = 5
    c: float = 8.0
    false_budget: float = 0.04
    specific_false: float = 0.005
    min_threshold: float = 0.05
    neighbours: int = 5  # k of the nearest-neighbour features
    by_writer: bool = False  # validation folds hold out whole labelled files (each by one hand), not random messages
    writer_false_cap: float = 1.0  # with by_writer: most of one writer's routine messages the thresholds may escalate
    min_writer_routine: int = 50  # writers with fewer routine messages are not capped on their own
    context_turns: int = 2  # earlier user turns a follow-up is read with (the detector's ``context_turns``)
    conversation_false_budget: float = 0.06  # of labelled routine follow-ups the conversation model may escalate


class EscalationClassifier:
    """Scores a message for every reason; ``reasons()`` are those at or above their threshold."""

    def __init__(self, vectorizer, model, reasons: list[str], thresholds: np.ndarray, report: TrainingReport,
                 neighbours: Neighbours):
        self.vectorizer = vectorizer
        self.neighbours = neighbours
        self.reasons = reasons
        self.thresholds = thresholds
        self.report = report
        self.conversation: ConversationModel | None = None  # set by ``train`` when labelled follow-ups were given
        # The model as one matrix pair: scoring a message is two small products and a softmax, no sklearn call.
        # Rows: routine, then the message reasons in ``reasons`` order. Columns: the vector, the neighbour features,
        # then the n-grams.
        self._w = np.asarray(model.coef_, dtype=np.float64)
        self._b = np.asarray(model.intercept_, dtype=np.float64)
        dense = self._w.shape[1] - len(vectorizer.vocabulary_)
        self._w_dense = np.ascontiguousarray(self._w[:, :dense])
        self._w_grams = np.ascontiguousarray(self._w[:, dense:].T)

    def scores(self, text: str, vector) -> dict[str, float]:
        grams = self.vectorizer.transform([normalise(text)])
        vector = np.asarray(vector, dtype=np.float64)
        dense = np.concatenate([vector, self.neighbours.features(vector[None, :])[0]])
        logits = self._w_dense @ dense + self._b + np.asarray(grams @ self._w_grams).ravel()
        return dict(zip(self.reasons, _columns(logits[None, :])[0].tolist()))

    def reasons_for(self, scores: dict[str, float]) -> list[str]:
        """The reasons at or above their threshold; when only the "any" column fires, the reason nearest to its own
        threshold."""
        fired = [r for r, t in zip(self.reasons, self.thresholds) if scores[r] >= t]
        specific = [r for r in fired if r != ANY]
        if specific or ANY not in fired:
            return specific
        return [max((r for r in self.reasons if r != ANY), key=lambda r: scores[r] / self.threshold(r))]

    def threshold(self, reason: str) -> float:
        return float(self.thresholds[self.reasons.index(reason)])

    def bounded(self, ceilings: dict[str, float], floors: dict[str, float]) -> EscalationClassifier:
        """The classifier with its chosen thresholds held at most ``ceilings`` and at least ``floors`` (per column).
        The report keeps the chosen ones."""
        for reason, value in ceilings.items():
            j = self.reasons.index(reason)
            self.thresholds[j] = min(self.thresholds[j], value)
        for reason, value in floors.items():
            j = self.reasons.index(reason)
            self.thresholds[j] = max(self.thresholds[j], value)
        return self


class Neighbours:
    """Nearest-neighbour evidence from the labelled messages' vectors: for a vector, the mean cosine similarity of its
    ``k`` nearest distress, must-escalate and routine messages; the features are distress minus routine and
    must-escalate minus routine (scaled ×10 to sit beside the vector's components)."""

    SCALE = 10.0

    def __init__(self, vectors: np.ndarray, labels: np.ndarray, distress: int, k: int):
        unit = np.asarray(vectors, dtype=np.float64)
        unit = unit / np.maximum(np.linalg.norm(unit, axis=1, keepdims=True), 1e-12)
        positive = labels.any(axis=1)
        self.k = k
        self.groups = [np.ascontiguousarray(unit[m].astype(np.float32)) for m in (~positive, labels[:, distress], positive)]
        self._index = [np.flatnonzero(m) for m in (~positive, labels[:, distress], positive)]

    def features(self, vectors: np.ndarray, own_rows: np.ndarray | None = None) -> np.ndarray:
        """Features of ``vectors``; ``own_rows[i]`` is the training row of ``vectors[i]`` (left out of its neighbours)."""
        unit = np.asarray(vectors, dtype=np.float32)
        unit = unit / np.maximum(np.linalg.norm(unit, axis=1, keepdims=True), 1e-12)
        means = []
        for group, index in zip(self.groups, self._index):
            sims = unit @ group.T
            if own_rows is not None:
                col = np.searchsorted(index, own_rows)
                hit = (col < index.size) & (index[np.minimum(col, index.size - 1)] == own_rows)
                sims[np.flatnonzero(hit), col[hit]] = -1.0
            k = min(self.k, sims.shape[1])
            means.append(np.partition(sims, sims.shape[1] - k, axis=1)[:, -k:].mean(axis=1))
        routine, distress, positive = (np.asarray(m, dtype=np.float64) for m in means)
        return np.column_stack([distress - routine, positive - routine]) * self.SCALE


def _features(vectorizer, texts: list[str], vectors: np.ndarray, neighbours: Neighbours, fit: bool = False):
    from scipy.sparse import csr_matrix, hstack

    normed = [normalise(t) for t in texts]
    grams = vectorizer.fit_transform(normed) if fit else vectorizer.transform(normed)
    near = neighbours.features(vectors, np.arange(len(texts)) if fit else None)
    return hstack([csr_matrix(vectors), csr_matrix(near), grams]).tocsr()


def _vectorizer():
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2, sublinear_tf=True, dtype=np.float64)


def _columns(logits: np.ndarray) -> np.ndarray:
    """Softmax over (routine, reason...) logits → one column per reason, then "any" = 1 - P(routine)."""
    z = np.exp(logits - logits.max(axis=1, keepdims=True))
    p = z / z.sum(axis=1, keepdims=True)
    return np.column_stack([p[:, 1:], 1.0 - p[:, 0]])


def _fit(features, labels: np.ndarray, params: TrainingParams):
    """One multinomial model over class 0 = routine and class j+1 = reason j (``labels`` without the "any" column). A
    message with several reasons is one row per reason, weighted so that it counts once."""
    from sklearn.linear_model import LogisticRegression

    reasons = labels[:, :-1]
    rows, classes, weights = [], [], []
    for i, row in enumerate(reasons):
        js = np.flatnonzero(row)
        if js.size == 0:
            rows.append(i), classes.append(0), weights.append(1.0)
        for j in js:
            rows.append(i), classes.append(int(j) + 1), weights.append(1.0 / js.size)
    classes, weights = np.asarray(classes), np.asarray(weights)
    # Routine against must-escalate in balance (their total weights equal); the reasons keep their own proportions.
    # Balancing every class ("balanced") inflated the small reasons: questions about subsidies' conditions were
    # scored complex_case, and cross-writer validation missed more distress.
    routine = classes == 0
    weights = np.where(routine, 1.0, weights * routine.sum() / max(weights[~routine].sum(), 1e-9))
    model = LogisticRegression(C=params.c, max_iter=5000, random_state=params.seed)
    model.fit(features[np.asarray(rows)], classes, sample_weight=weights)
    if len(model.classes_) != reasons.shape[1] + 1:
        raise ValueError("every reason needs labelled examples in every training fold")
    return model


def _predict(model, features) -> np.ndarray:
    return _columns(np.asarray(model.decision_function(features), dtype=np.float64))


def choose_thresholds(scores: np.ndarray, labels: np.ndarray, params: TrainingParams, distress: int, any_col: int,
                      writers: list[str] | None = None) -> np.ndarray:
    """Per-column thresholds on validation scores. Each specific reason fires alone only where it is sure (at most
    ``specific_false`` of routine messages above it, and never below 0.5); then the distress and "any" thresholds are
    searched together for the most distress messages escalated, then the most messages escalated, with at most
    ``false_budget`` of routine messages escalated and, when ``writers`` name each row's file, at most
    ``writer_false_cap`` of any one writer's routine messages (writers with at least ``min_writer_routine``)."""
    positive = labels.any(axis=1)
    routine = ~positive
    budget = int(np.floor(params.false_budget * routine.sum()))
    caps = []
    if writers is not None and params.writer_false_cap < 1.0:
        names = np.asarray(writers)
        for name in sorted(set(writers)):
            mine = routine & (names == name)
            if mine.sum() >= params.min_writer_routine:
                caps.append((mine, int(np.floor(params.writer_false_cap * mine.sum()))))

    def within(fired: np.ndarray) -> bool:
        return (fired & routine).sum() <= budget and all((fired & mine).sum() <= cap for mine, cap in caps)

    thresholds = np.array([max(0.5, float(np.quantile(scores[routine, j], 1 - params.specific_false))) for j in range(scores.shape[1])])
    others = np.delete(np.arange(scores.shape[1]), [distress, any_col])
    base = (scores[:, others] >= thresholds[others]).any(axis=1)
    d_rows = labels[:, distress]

    def grid(col: int, rows: np.ndarray) -> np.ndarray:
        values = np.unique(np.concatenate([np.quantile(scores[rows, col], np.linspace(0, 1, 101)), [1.0 + 1e-9]]))
        return values[values >= params.min_threshold]

    best = None
    for td in grid(distress, d_rows):
        with_d = base | (scores[:, distress] >= td)
        if not within(with_d):
            continue
        for ta in grid(any_col, positive)[::-1]:  # from strict to lenient: stop once over budget
            fired = with_d | (scores[:, any_col] >= ta)
            if not within(fired):
                break
            key = ((fired & d_rows).sum(), (fired & positive).sum(), -(fired & routine).sum())
            if best is None or key > best[0]:
                best = (key, td, ta)
    if best is not None:
        thresholds[distress], thresholds[any_col] = best[1], best[2]
    return thresholds


def _metrics(fire: np.ndarray, labels: np.ndarray, reasons: list[str]) -> dict:
    positive = labels.any(axis=1)
    escalated = fire.any(axis=1)
    out = {"recall": round(float(escalated[positive].mean()), 3), "false_escalations": round(float(escalated[~positive].mean()), 3),
           "must_escalate": int(positive.sum()), "routine": int((~positive).sum()), "per_reason": {}}
    for j, r in enumerate(reasons):
        mask = labels[:, j]
        if mask.any() and r != ANY:
            out["per_reason"][r] = {"n": int(mask.sum()), "escalated": round(float(escalated[mask].mean()), 3),
                                    "reason_recall": round(float(fire[mask, j].mean()), 3)}
    return out


def _labels(examples: list[Example]) -> tuple[list[str], np.ndarray]:
    reasons = [*MESSAGE_REASONS, ANY]
    return reasons, np.array([[r in e.reasons or (r == ANY and e.escalate) for r in reasons] for e in examples], dtype=bool)


def folds(examples: list[Example], strata: np.ndarray, params: TrainingParams) -> list[tuple[np.ndarray, np.ndarray]]:
    """The validation folds: with ``by_writer``, each holds out whole labelled files (each file is one hand's), so the
    thresholds are chosen on scores like a new writer's messages get; else random stratified folds."""
    from sklearn.model_selection import GroupKFold, StratifiedKFold

    index = np.zeros((len(examples), 1))
    if params.by_writer:
        sources = sorted({e.source for e in examples})
        groups = [sources.index(e.source) for e in examples]
        return list(GroupKFold(min(params.folds, len(sources))).split(index, strata, groups))
    return list(StratifiedKFold(params.folds, shuffle=True, random_state=params.seed).split(index, strata))


def validation_scores(examples: list[Example], vectors: np.ndarray, params: TrainingParams) -> np.ndarray:
    """Out-of-fold scores: every example scored by the models fitted on the other folds."""
    return _out_of_fold(examples, vectors, params)[0]


def _out_of_fold(examples: list[Example], vectors: np.ndarray, params: TrainingParams,
                 conversations: list[Example] = (), vector_of: dict | None = None) -> tuple[np.ndarray, list]:
    """Out-of-fold scores of ``examples``, and the readings of ``conversations`` (labelled follow-ups; ``vector_of``
    maps each of their texts to its query vector), each read by the fold model that held out its writer's file."""
    reasons, labels = _labels(examples)
    missing = [r for j, r in enumerate(reasons) if labels[:, j].sum() < params.folds]
    if missing:
        raise ValueError(f"too few labelled examples for {missing} (need at least {params.folds} each)")
    texts = [e.message for e in examples]
    strata = np.array([reasons.index(e.reasons[0]) + 1 if e.reasons and e.reasons[0] in reasons else 0 for e in examples])
    oof = np.zeros(labels.shape)
    splits = folds(examples, strata, params)
    held_by = {}
    for k, (_, val_idx) in enumerate(splits):
        for i in val_idx:
            held_by.setdefault(examples[i].source, k)
    conv_fold = [held_by.get(c.source, n % len(splits)) if params.by_writer else n % len(splits)
                 for n, c in enumerate(conversations)]
    readings: list = [None] * len(conversations)
    for k, (fit_idx, val_idx) in enumerate(splits):
        vec = _vectorizer()
        near = Neighbours(vectors[fit_idx], labels[fit_idx], reasons.index("distress"), params.neighbours)
        fit_x = _features(vec, [texts[i] for i in fit_idx], vectors[fit_idx], near, fit=True)
        val_x = _features(vec, [texts[i] for i in val_idx], vectors[val_idx], near)
        model = _fit(fit_x, labels[fit_idx], params)
        oof[val_idx] = _predict(model, val_x)
        mine = [n for n, f in enumerate(conv_fold) if f == k]
        if mine:
            scorer = EscalationClassifier(vec, model, reasons, np.zeros(len(reasons)), TrainingReport(0, 0, {}, {}), near)
            for n in mine:
                c = conversations[n]
                readings[n] = conversation.read(scorer, c.message, vector_of[c.message], list(c.earlier),
                                                [vector_of[t] for t in c.earlier])
    return oof, readings


def train(examples: list[Example], vectors: np.ndarray, params: TrainingParams = TrainingParams(),
          conversations: list[Example] = (), vector_of: dict | None = None) -> EscalationClassifier:
    """Fit the classifier on message-level ``examples`` (their query vectors in ``vectors``), thresholds from k folds;
    with labelled ``conversations`` (follow-ups; ``vector_of`` holds the query vector of each of their texts), the
    conversation model too (``conversation.py``), on out-of-fold readings of them."""
    started = time.perf_counter()
    reasons, labels = _labels(examples)
    conversations = [c for c in conversations if c.earlier] if params.context_turns > 0 else []
    conversations = [replace(c, earlier=c.earlier[-params.context_turns:]) for c in conversations]
    oof, readings = _out_of_fold(examples, vectors, params, conversations, vector_of)
    writers = [e.source for e in examples] if params.by_writer else None
    thresholds = choose_thresholds(oof, labels, params, reasons.index("distress"), reasons.index(ANY), writers)
    vec = _vectorizer()
    near = Neighbours(vectors, labels, reasons.index("distress"), params.neighbours)
    model = _fit(_features(vec, [e.message for e in examples], vectors, near, fit=True), labels, params)
    report = TrainingReport(
        examples=len(examples), escalate=int(labels[:, -1].sum()),
        per_reason={r: int(labels[:, j].sum()) for j, r in enumerate(reasons) if r != ANY},
        thresholds=dict(zip(reasons, thresholds.tolist())),
        validation=_metrics(oof >= thresholds, labels, reasons) | {"folds": params.folds, "seed": params.seed},
    )
    classifier = EscalationClassifier(vec, model, reasons, thresholds, report, near)
    if conversations:
        conv_x = np.array([conversation.features(r) for r in readings])
        classifier.conversation = conversation.fit(
            conv_x, np.array([c.escalate for c in conversations]), np.array(["distress" in c.reasons for c in conversations]),
            [c.source for c in conversations], conversation.ConversationParams(false_budget=params.conversation_false_budget))
        if classifier.conversation is not None:
            report.validation["conversation"] = classifier.conversation.validation
    report.seconds = time.perf_counter() - started
    return classifier
