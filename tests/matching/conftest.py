from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "knowledge" / "corpus"


@pytest.fixture(scope="session")
def corpus_rows() -> list[dict]:
    from tests.matching.corpus_sources import load_corpus_postings

    return load_corpus_postings(CORPUS)


@pytest.fixture(scope="session")
def catalog():
    from matching.training import TrainingCatalog
    from tests.matching.corpus_sources import CorpusPassages

    return TrainingCatalog(CorpusPassages(CORPUS))


@pytest.fixture(scope="session")
def corpus_matcher(corpus_rows, catalog):
    from matching.matcher import Matcher
    from matching.profiles import load_seekers
    from matching.service import SEEKERS

    return Matcher(corpus_rows, load_seekers(SEEKERS), catalog)
