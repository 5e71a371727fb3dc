"""Ranking quality on the labelled pool (knowledge/corpus/seekers/registrations_sample.jsonl). Floors set after measuring (report:
seeker side Recall@5 0.919 / NDCG@5 0.915; posting side 1.000 / 0.966 on 36 seekers, 118 postings)."""

from matching.evaluation import evaluate, ndcg_at, recall_at

SEEKER_RECALL, SEEKER_NDCG = 0.85, 0.85
POSTING_RECALL, POSTING_NDCG = 0.92, 0.90


def test_metric_definitions():
    assert recall_at(["a", "x", "b"], {"a", "b", "c"}, 2) == 1 / 3
    assert ndcg_at(["a", "b"], {"a", "b"}, 5) == 1.0
    assert round(ndcg_at(["x", "a"], {"a"}, 5), 3) == 0.631


def test_labelled_set_is_complete(corpus_matcher):
    ids = {p.id for p in corpus_matcher.postings}
    labelled = [s for s in corpus_matcher.seekers if s.shortlist]
    assert len(labelled) >= 30
    for s in labelled:
        assert set(s.shortlist) <= ids, (s.id, set(s.shortlist) - ids)
        assert 1 <= len(s.shortlist) <= 5


def test_recall_and_ndcg_at_5_both_directions(corpus_matcher):
    seeker_side, posting_side = evaluate(corpus_matcher, k=5)
    print(seeker_side.to_dict(), posting_side.to_dict())
    assert seeker_side.recall >= SEEKER_RECALL and seeker_side.ndcg >= SEEKER_NDCG
    assert posting_side.recall >= POSTING_RECALL and posting_side.ndcg >= POSTING_NDCG
