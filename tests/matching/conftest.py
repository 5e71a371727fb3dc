from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "knowledge" / "corpus"
# The labelled seekers (with their shortlists) of the sample corpus: the set the matching tests measure on.
SAMPLE_SEEKERS = CORPUS / "seekers" / "registrations_sample.jsonl"


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

    return Matcher(corpus_rows, load_seekers(SAMPLE_SEEKERS), catalog)
