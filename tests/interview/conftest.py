"""Fixtures shared by the interview tests: the seed question bank, the rule grader (no embeddings), and the check
that padding an answer with empty sentences never raises its total."""

import pytest

from assistant.interview.bank import DATA, load_bank
from assistant.interview.grader import Grader
from assistant.interview.training import load_rows

PADDING = ["这个问题我之前也想过很多次。", "在工作中我一直都是这样要求自己的，也会继续这样做下去。",
           "我觉得每个人在工作里都会碰到类似的情况，关键看怎么处理。"]


@pytest.fixture(scope="module")
def bank():
    return load_bank()


@pytest.fixture(scope="module")
def grader():
    return Grader()


@pytest.fixture(scope="module")
def padding_raises(bank):
    """(id, kind, padding, total, padded total) for every labelled answer (every ``step``-th row) whose total an
    empty sentence appended raises, graded by ``grader``."""
    def check(grader: Grader, step: int) -> list[tuple]:
        raised = []
        for r in load_rows([DATA / "labelled.jsonl"])[::step]:
            role = bank.role(r["role"])
            q = bank.question(role, r["question"])
            grader.prepare(role, [q])
            for kind in ("strong", "weak"):
                base = grader.grade(role, q, r[kind]).score
                for pad in PADDING:
                    padded = grader.grade(role, q, r[kind] + pad).score
                    if padded > base:
                        raised.append((r["id"], kind, pad[:6], base, padded))
        return raised
    return check
