from matching.gaps import supply_demand
from matching.profiles import SeekerProfile, posting_profile


def _posting(i, title, district):
    return posting_profile({"id": f"P{i}", "title": title, "district": district, "skills": ""})


def test_gap_figures_of_a_small_synthetic_set_are_exact():
    postings = (
        [_posting(i, "数控车工", "云溪区") for i in range(6)]
        + [_posting(10 + i, "数控铣工", "南港区") for i in range(2)]
        + [_posting(20 + i, "临床护士", "云溪区") for i in range(2)]
        + [_posting(30, "神秘岗位", "云溪区")]  # no occupation: counted under 其他
    )
    seekers = (
        [SeekerProfile(id=f"A{i}", occupations=("数控加工",), district="云溪区") for i in range(2)]
        + [SeekerProfile(id="A9", occupations=("数控加工",), district=None)]  # no district: 未注明
        + [SeekerProfile(id=f"N{i}", occupations=("护理",), district="南江市云溪区") for i in range(5)]
        + [SeekerProfile(id="K1", occupations=("财务会计", "护理"), district="青禾区")]  # one occupation: the first
    )
    rows = {(r.occupation, r.district): r for r in supply_demand(postings, seekers, shortage_ratio=1.5, surplus_ratio=0.8)}
    assert set(rows) == {("数控加工", "全市"), ("数控加工", "云溪区"), ("数控加工", "南港区"), ("数控加工", "未注明"),
                         ("护理", "全市"), ("护理", "云溪区"), ("财务会计", "全市"), ("财务会计", "青禾区"),
                         ("其他", "全市"), ("其他", "云溪区")}
    assert (rows[("其他", "云溪区")].openings, rows[("数控加工", "未注明")].seekers) == (1, 1)
    cnc_city = rows[("数控加工", "全市")]
    assert (cnc_city.openings, cnc_city.seekers, cnc_city.gap, cnc_city.ratio, cnc_city.flag) == (8, 3, 5, 2.67, "shortage")
    cnc = rows[("数控加工", "云溪区")]
    assert (cnc.openings, cnc.seekers, cnc.gap, cnc.ratio, cnc.flag) == (6, 2, 4, 3.0, "shortage")
    south = rows[("数控加工", "南港区")]
    assert (south.openings, south.seekers, south.gap, south.ratio, south.flag) == (2, 0, 2, None, "shortage")
    nurse = rows[("护理", "云溪区")]
    assert (nurse.openings, nurse.seekers, nurse.gap, nurse.ratio, nurse.flag) == (2, 5, -3, 0.4, "surplus")
    acct = rows[("财务会计", "青禾区")]
    assert (acct.openings, acct.seekers, acct.gap, acct.ratio, acct.flag) == (0, 1, -1, 0.0, "surplus")


def test_thresholds_come_from_the_caller():
    postings = [_posting(i, "数控车工", "云溪区") for i in range(3)]
    seekers = [SeekerProfile(id=f"A{i}", occupations=("数控加工",), district="云溪区") for i in range(2)]
    strict = supply_demand(postings, seekers, shortage_ratio=1.5, surplus_ratio=0.8, by_district=False)
    loose = supply_demand(postings, seekers, shortage_ratio=2.0, surplus_ratio=0.8, by_district=False)
    assert [(r.ratio, r.flag) for r in strict] == [(1.5, "shortage")]
    assert [(r.ratio, r.flag) for r in loose] == [(1.5, "balanced")]


def test_a_city_district_and_its_short_form_are_one_row():
    from ingest.pipeline import parse_document
    from matching.profiles import seeker_from_dict

    rows = [c.metadata for c in parse_document("j.csv", "岗位名称,工作地点\n数控车工,甲乙市丙丁区\n数控车工,丙丁区\n".encode()).chunks]
    postings = [posting_profile(r) for r in rows]
    seekers = [seeker_from_dict({"id": "S1", "major": "数控技术", "district": "甲乙市丙丁区"}),
               seeker_from_dict({"id": "S2", "major": "数控技术", "district": "丙丁区"})]
    found = {r.district: (r.openings, r.seekers) for r in supply_demand(postings, seekers, shortage_ratio=1.5, surplus_ratio=0.8)}
    assert found == {"全市": (2, 2), "丙丁区": (2, 2)}


def test_without_any_seeker_nothing_is_flagged():
    postings = [_posting(i, "数控车工", "云溪区") for i in range(3)]
    rows = supply_demand(postings, [], shortage_ratio=1.5, surplus_ratio=0.8)
    assert [(r.district, r.openings, r.seekers, r.ratio, r.flag) for r in rows] == \
        [("全市", 3, 0, None, "unknown"), ("云溪区", 3, 0, None, "unknown")]


def test_openings_and_months_of_raw_postings():
    from matching.gaps import Classifier, count_gaps, openings_of
    from matching.skills import load_occupations

    assert [openings_of(v) for v in ("3", "3人", "2-4", "", None, "若干", "0")] == [3, 3, 2, 1, 1, 1, 1]
    c = Classifier(load_occupations())
    demand = c.demand([{"title": "数控车工", "district": "江城市临川区", "openings": "5", "posted_at": "2026-01-09"},
                       {"title": "数控车工", "district": "临川区", "openings": "", "posted_at": "2026-02-01"},
                       {"title": "数控车工", "district": "临川区", "openings": "2", "posted_at": "不详"}])
    rows = count_gaps(demand, [("数控加工", "临川区", "2026-02", 4)], shortage_ratio=1.5, surplus_ratio=0.8,
                      by_month=True)
    got = {(r.month, r.district): (r.openings, r.seekers, r.flag) for r in rows}
    assert got == {("2026-01", "全市"): (5, 0, "shortage"), ("2026-01", "临川区"): (5, 0, "shortage"),
                   ("2026-02", "全市"): (1, 4, "surplus"), ("2026-02", "临川区"): (1, 4, "surplus")}
    total = count_gaps(demand, [], shortage_ratio=1.5, surplus_ratio=0.8, has_supply=False)
    assert [(r.district, r.openings) for r in total] == [("全市", 8), ("临川区", 8)]
