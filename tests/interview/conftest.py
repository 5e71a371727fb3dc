"""Fixtures shared by the interview tests: the seed question bank and the rule grader (no embeddings)."""

import pytest

from assistant.interview.bank import load_bank
from assistant.interview.grader import Grader


@pytest.fixture(scope="module")
def bank():
    return load_bank()


@pytest.fixture(scope="module")
def grader():
    return Grader()
