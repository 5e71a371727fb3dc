import numpy as np
import pytest

from core.errors import NotFoundError
from matching.matcher import Matcher, pair_fit
from matching.profiles import SeekerProfile, seeker_from_dict

POSTINGS = [
    {"id": "A", "title": "数控车工", "company": "甲厂", "district": "云溪区", "salary": "7000-9000元/月", "education": "中专及以上",
     "experience": "经验不限", "skills": "数控车床、看懂图纸、游标卡尺", "posted_at": "2026-08-01"},
    {"id": "B", "title": "数控车工", "company": "乙厂", "district": "南港区", "salary": "7000-9000元/月", "education": "中专及以上",
     "experience": "经验不限", "skills": "数控车床、看懂图纸、游标卡尺", "posted_at": "2026-08-01"},
    {"id": "C", "title": "CNC编程员", "company": "丙厂", "district": "云溪区", "salary": "9000-12000元/月", "education": "大专",
     "experience": "3年以上", "skills": "UG编程、Mastercam、五轴加工", "posted_at": "2026-09-01"},
    {"id": "D", "title": "临床护士", "company": "丁医院", "district": "云溪区", "salary": "6000-8000元/月", "education": "大专",
     "experience": "经验不限", "skills": "护士执业证、静脉穿刺", "posted_at": "2026-09-01"},
    {"id": "E", "title": "数控车工", "company": "戊厂", "district": "云溪区", "salary": "4000-5000元/月", "education": "本科",
     "experience": "经验不限", "skills": "数控车床、看懂图纸", "posted_at": "2026-10-01"},
]


def test_ranking_on_synthetic_postings_follows_skills_district_education_and_salary():
    m = Matcher(POSTINGS)
    seeker = seeker_from_dict({"major": "数控技术", "education": "中专", "skills": "数控车床、识图、卡尺", "district": "云溪区",
                               "expected_salary": 6500, "experience": 0})
    ranked = [r.id for r in m.match_seeker(seeker, k=5)]
    # same skills: own district first; then the low-paid 本科 posting and the 3-year programming job; the nurse last
    assert ranked[:2] == ["A", "B"]
    assert ranked[-1] == "D"
    top = m.match_seeker(seeker, k=1)[0]
    assert top.matched_skills == ["数控车床操作", "机械制图", "量具使用"] and top.missing_skills == []
    assert any("与意向区域一致" in r for r in top.reasons)
    e = next(r for r in m.match_seeker(seeker, k=5) if r.id == "E")
    assert any("学历要求本科" in r and "不符合" in r for r in e.reasons)
    assert any("低于期望6500元" in r for r in e.reasons)


def test_vectorised_scores_equal_the_reference_on_the_corpus(corpus_matcher):
    for seeker in corpus_matcher.seekers + [SeekerProfile(id="X")]:
        fast = corpus_matcher.index.scores(seeker)
        ref = np.array([pair_fit(seeker, p, corpus_matcher.dictionary).score for p in corpus_matcher.postings])
        assert np.array_equal(fast, ref), seeker.id


def test_missing_skill_is_linked_to_a_programme_that_teaches_it(corpus_matcher):
    seeker = seeker_from_dict({"major": "数控技术", "education": "大专", "skills": "数控车床、卡尺", "district": "青禾区"})
    results = corpus_matcher.match_seeker(seeker, k=10)
    with_gap = next(r for r in results if "机械制图" in r.missing_skills)
    options = with_gap.training["机械制图"]
    assert options and "南江工贸职业学院·数控技术" in options[0] and "nanjiang_industry_trade_college.md" in options[0]
    assert any(r.startswith("学「机械制图」") and "nanjiang_industry_trade_college.md" in r for r in with_gap.reasons)
    assert any(r.startswith("培训补贴：") and ".pdf" in r for r in with_gap.reasons)


def test_catalogue_finds_programmes_and_training_subsidies(catalog):
    plc = catalog.options_for("PLC编程")
    assert {o.programme for o in plc} >= {"机电一体化技术", "工业机器人技术"}
    assert all(o.source == "nanjiang_industry_trade_college.md" for o in plc)
    subs = catalog.subsidies_for("云溪区")
    assert subs[0].source == "yunxi_skills_training_subsidy_2026.pdf" and "500元" in subs[0].text
    assert any(s.source == "nanjiang_skills_upgrade_subsidy_2026.pdf" for s in subs)
    assert all(s.district != "云溪区" for s in catalog.subsidies_for("南港区"))


def test_posting_to_seekers_is_anonymised(corpus_matcher):
    pid = next(s.shortlist[0] for s in corpus_matcher.seekers if s.contact)
    results = corpus_matcher.match_posting(pid, k=len(corpus_matcher.seekers))
    text = str([r.to_dict() for r in results])
    for s in corpus_matcher.seekers:
        assert s.name not in text
        if s.contact:
            assert s.contact not in text
    assert results[0].title.startswith("求职者S")
    with pytest.raises(NotFoundError, match="J9999"):
        corpus_matcher.match_posting("J9999")


def test_output_shape_is_the_design_contract(corpus_matcher):
    r = corpus_matcher.match_seeker(corpus_matcher.seekers[0], k=1)[0].to_dict()
    assert list(r) == ["id", "title", "company", "score", "matched_skills", "missing_skills", "reasons"]
    assert 0 <= r["score"] <= 100
