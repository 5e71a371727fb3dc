"""Build (or load) the trained escalation classifier from labelled files in the repository.

The artefact is cached in ``settings.escalation_cache_dir`` under a name made of the embedding model and the hash
of the training data and parameters, so it is built once per data version and model: at install
(``zhitu escalation retrain``) or on first use. Nothing is downloaded. Training is deterministic (seeded folds,
liblinear), so the same data give the same classifier.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
import time
from pathlib import Path

import numpy as np

from assistant.escalation.classifier import ANY, EscalationClassifier, TrainingParams, train
from assistant.escalation.labelled import (
    conversation_examples,
    data_hash,
    default_files,
    load_labelled,
    training_examples,
)
from core.settings import Settings

log = logging.getLogger(__name__)
FORMAT = 5  # bump when the artefact's shape changes


def params_from(settings: Settings) -> TrainingParams:
    e = settings.escalation
    return TrainingParams(seed=e.seed, folds=e.folds, false_budget=e.false_budget, specific_false=e.specific_false,
                          by_writer=e.thresholds_by_writer, writer_false_cap=e.writer_false_cap,
                          context_turns=e.context_turns,
                          conversation_false_budget=e.conversation_false_budget)


def embedding_name(embeddings) -> str:
    return getattr(embeddings, "model_name", None) or type(embeddings).__name__


def query_vectors(embeddings, texts: list[str]) -> np.ndarray:
    """Query vectors of ``texts`` (batched and cached when the embeddings support it)."""
    many = getattr(embeddings, "embed_queries", None)
    vectors = many(texts) if many else [embeddings.embed_query(t) for t in texts]
    return np.asarray(vectors, dtype=np.float64)


def kept_labels_dir(settings: Settings) -> Path:
    """Where ``zhitu escalation retrain --labels`` keeps label files, trained on from then on."""
    return settings.home_dir / "escalation" / "labels"


def label_files(settings: Settings, extra: list[Path] | None = None) -> list[Path]:
    """The shipped set, then ``settings.escalation.labels``, the kept files and ``extra`` (later lines win)."""
    return [*default_files(), *settings.escalation.labels, *sorted(kept_labels_dir(settings).glob("*.jsonl")), *(extra or [])]


def artefact_path(settings: Settings, embeddings, files: list[Path]) -> tuple[Path, list, list]:
    """The cached artefact's path for these files, their message-level examples and their labelled conversations."""
    labelled = load_labelled(files)
    examples, conversations = training_examples(labelled), conversation_examples(labelled)
    params = params_from(settings)
    data = f"{data_hash(examples)}|{data_hash(conversations)}"
    key = hashlib.sha256(f"{FORMAT}|{embedding_name(embeddings)}|{params}|{data}".encode()).hexdigest()[:20]
    safe = "".join(c if c.isalnum() else "-" for c in embedding_name(embeddings))[:60]
    return settings.escalation_cache_dir / f"classifier-{safe}-{key}.pkl", examples, conversations


def build_classifier(settings: Settings, embeddings, extra: list[Path] | None = None, force: bool = False) -> EscalationClassifier:
    """The classifier for the shipped labelled set plus ``settings.escalation.labels`` and ``extra``: loaded from the
    cache when this data and model were trained before, else trained now and cached."""
    files = label_files(settings, extra)
    path, examples, conversations = artefact_path(settings, embeddings, files)
    if path.is_file() and not force:
        try:
            with path.open("rb") as fh:
                return _bounded(pickle.load(fh), settings)
        except Exception as exc:  # noqa: BLE001 - a damaged cache file is rebuilt
            log.warning("escalation classifier cache %s unreadable (%s); retraining", path, exc)
    started = time.perf_counter()
    vectors = query_vectors(embeddings, [e.message for e in examples])
    turns = sorted({t for c in conversations for t in (c.message, *c.earlier)})
    vector_of = dict(zip(turns, query_vectors(embeddings, turns))) if turns else {}
    embed_seconds = time.perf_counter() - started
    classifier = train(examples, vectors, params_from(settings), conversations, vector_of)
    classifier.report.embed_seconds = embed_seconds
    log.info("escalation classifier trained on %d messages in %.1f s (+%.1f s embedding)", len(examples),
             classifier.report.seconds, embed_seconds)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        pickle.dump(classifier, fh)
    os.replace(tmp, path)  # atomic: a concurrent reader sees the old file or the whole new one
    return _bounded(classifier, settings)


def _bounded(classifier: EscalationClassifier, settings: Settings) -> EscalationClassifier:
    """The thresholds as used: the chosen ones within ``distress_threshold_max`` and ``any_threshold_min`` (applied
    after the cache, so changing them never retrains)."""
    e = settings.escalation
    return classifier.bounded({"distress": e.distress_threshold_max}, {ANY: e.any_threshold_min})
