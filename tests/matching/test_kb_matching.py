"""Matching over the real ingested knowledge base (postings, programme and policy chunks from Chroma)."""

import pytest

pytestmark = pytest.mark.slow


def test_matching_reads_postings_programmes_and_policies_from_the_knowledge_base(corpus_services):
    from matching.training import KbPassages

    service = corpus_services.matching
    kb_rows = corpus_services.postings()
    assert kb_rows and service.matcher.postings[0].source  # postings came from the knowledge base
    assert len(service.matcher.postings) == len(kb_rows)
    programmes = KbPassages(corpus_services.kb).passages("programme")
    assert any("专业代码" in p.section for p in programmes)
    profile = service.profile_from_dict({"major": "机电一体化技术", "skills": "传感器、电工基础", "district": "南港区"})
    results = service.match_profile(profile, k=10)
    linked = [r for r in results if r.training.get("PLC编程")]
    assert linked and "nanjiang_industry_trade_college.md" in linked[0].training["PLC编程"][0]
