"""The preview's BM25 view shares the live index's term ids: queries the new version does not touch rank exactly
as they do live, and the candidate's own passages are found under their candidate ids."""

from knowledge.candidate import _swapped_lexical

POLICY = "yunxi_youth_talent_subsidy_2026.pdf"


def test_candidate_bm25_agrees_with_live_index_outside_the_replaced_document(corpus_services):
    kb = corpus_services.kb
    data = kb.stored_file(POLICY).read_bytes()
    view = _swapped_lexical(kb.lexical, kb.prepare(POLICY, data))
    for query in ("数控车工 工资", "软件技术 学费", "南港区 硕士 生活补贴"):
        # Same passages in the same order (scores may differ in the last digits: the document's own length
        # statistics are recomputed from a fresh tokenisation). Colliding term ids would return other passages.
        assert [c for c, _ in view.search(query, 5)] == [c for c, _ in kb.lexical.search(query, 5)]
    found = [cid for cid, _ in view.search("云溪区 本科 生活补贴", 3)]
    assert found and found[0].startswith(f"{POLICY}::v0::")
