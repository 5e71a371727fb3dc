"""The learned clause scorer: the stored model is what its features give, its sign guard holds, and the ranker orders
by it only behind the hard guards (the asked kind) and only with clause vectors (synthetic documents, no model)."""

from __future__ import annotations

import json

import pytest
from langchain_core.documents import Document
from langchain_core.embeddings import DeterministicFakeEmbedding

from assistant.clause_model import FEATURES, MODEL_FILE, SIGNS, ClauseModel, load_clause_model
from assistant.clause_training import FEATURES_FILE, data_hash, fit, load_rows, taken
from assistant.clauses import ClauseRanker, ClauseVectors
from knowledge.query import Vocabulary, analyse

TITLE = "甲乙区青年人才补贴办法"
TEXT = ("第四条 申请条件。申请人须在本区就业并缴纳社会保险满6个月。\n"
        "第五条 补贴标准。本科每人每月800元，发放期限12个月。\n"
        "第六条 申报程序。申请人登录平台提交材料，经审核后公示5个工作日。")


def _doc() -> Document:
    return Document(page_content=TEXT, id="x.md::v1::1",
                    metadata={"source": "x.md", "title": TITLE, "doc_type": "policy", "section": TITLE})


def _vocab() -> Vocabulary:
    return Vocabulary.from_metadata([{"source": "x.md", "title": TITLE, "doc_type": "policy", "places": "甲乙区"}])


def test_the_stored_model_is_what_the_features_give():
    """Change the features file (or the features' meaning) and this fails until `make answer-model` runs."""
    stored = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    assert stored["data_hash"] == data_hash()
    rows = load_rows()
    model = fit(rows, stored["C"])
    assert list(model.features) == stored["features"]
    assert model.weights == pytest.approx(stored["weights"], abs=1e-6)
    assert len(stored["leave_one_file_out"]) >= 8  # chosen over held-out files by several hands
    assert {r["file"] for r in rows} == set(stored["leave_one_file_out"])


def test_the_stored_model_keeps_the_signs_the_answer_fixes():
    model = load_clause_model()
    assert model is not None
    for name, sign in SIGNS.items():
        if name in model.features:
            assert model.weights[model.features.index(name)] * sign >= 0, name


def test_a_feature_fitted_against_its_sign_is_dropped():
    """Longer clauses are right in every ranking here: the fit must still not make length earn."""
    rows = []
    for i in range(12):
        right = [0.5, 0.2 + 0.01 * i] + [0.0] * (len(FEATURES) - 2)
        wrong = [0.4, 0.3] + [0.0] * (len(FEATURES) - 2)
        right[FEATURES.index("length")], wrong[FEATURES.index("length")] = 1.0, 0.2
        rows.append({"file": f"f{i % 3}", "id": str(i), "kind": "", "features": [right, wrong], "labels": [1, 0]})
    model = fit(rows, 1.0)
    assert "length" not in model.features and "overlap" in model.features


def test_the_answerer_takes_on_subject_clauses_first():
    subject = FEATURES.index("on_subject")
    on, off = [0.0] * len(FEATURES), [0.0] * len(FEATURES)
    on[subject] = 1.0
    row = {"kind": "amount", "features": [off, on], "labels": [0, 1]}
    assert taken(row, [2.0, 1.0]) == 1  # the best score is off the subject: the on-subject one is taken
    assert taken({**row, "kind": ""}, [2.0, 1.0]) == 0


def _ranker(model: ClauseModel | None, vectors: bool = True) -> ClauseRanker:
    return ClauseRanker(ClauseVectors(DeterministicFakeEmbedding(size=32)) if vectors else None, model=model)


def test_the_learned_score_orders_the_pool_behind_the_asked_kind():
    a = analyse("甲乙区本科生补贴怎么申请", _vocab())
    orders = {}
    for sign in (1.0, -1.0):
        ranker = _ranker(ClauseModel(("length",), (sign,), (1.0,)))
        pool = ranker.rank(a, None, ranker.clauses([_doc()]), subject=a.text)
        assert all(c.fit is not None for c in pool)
        orders[sign] = [len(c.text) for c in pool]
    assert orders[1.0] == sorted(orders[1.0], reverse=True) and orders[-1.0] == sorted(orders[-1.0])
    assert orders[1.0][0] > orders[-1.0][0]
    # a model that likes only length cannot bring in a clause without the asked kind (an amount)
    ranker = _ranker(ClauseModel(("length",), (9.0,), (1.0,)))
    amounts = ranker.rank(a, "amount", ranker.clauses([_doc()]), subject=a.text)
    assert amounts and all("元" in c.text for c in amounts)


def test_without_clause_vectors_the_hand_weights_stay():
    a = analyse("甲乙区本科生补贴每月多少钱", _vocab())
    upside_down = ClauseModel(("overlap",), (-9.0,), (1.0,))
    ranker = _ranker(upside_down, vectors=False)
    pool = ranker.rank(a, None, ranker.clauses([_doc()]), subject=a.text)
    assert all(c.fit is None for c in pool)
    assert [c.score for c in pool] == sorted((c.score for c in pool), reverse=True)
    assert FEATURES_FILE.exists()
