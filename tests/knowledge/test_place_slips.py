"""A place written by a slip (a same-sounding wrong character, one character off, a short form) is resolved against
the places the ingested documents name, only when exactly one of them matches; a real other city or district is
never taken for a corpus place; a district no policy of its own covers is covered by its city's city-wide rule."""

from __future__ import annotations

import pytest

from core.places import near_place
from knowledge.query import Vocabulary, analyse

# a made-up city written only here: two districts with rules of their own, one named only by a posting
METAS = [
    {"doc_type": "policy", "source": "tongyu.md", "places": "桐屿区", "district": "桐屿区", "title": "桐屿区租房补贴实施细则"},
    {"doc_type": "policy", "source": "zhiting.md", "places": "芷汀区", "district": "芷汀区", "title": "芷汀区创业担保贷款办法"},
    {"doc_type": "policy", "source": "city.md", "places": "雯川市", "city": "雯川市", "covers": "桐屿区、芷汀区",
     "title": "雯川市促进高校毕业生就业若干措施"},
    {"doc_type": "job", "source": "jobs.csv", "places": "鹭峤新区", "district": "鹭峤新区", "title": "电工", "company": "甲"},
]
VOCAB = Vocabulary.from_metadata(METAS)


@pytest.mark.parametrize(("written", "known", "near"), [
    ("桐予区", "桐屿区", True),  # same sound, another first/second character
    ("童屿区", "桐屿区", True),
    ("桐峪区", "桐屿区", True),  # same suffix, half the name in place
    ("杭州市", "雯川市", False),  # a city is near only by sound
    ("西湖区", "桐屿区", False),
    ("桐屿新区", "桐屿区", False),  # another length: not a slip of one character
    ("桐屿区", "桐屿区", False),  # the same place is no slip
])
def test_near_place(written, known, near):
    assert near_place(written, known) is near


@pytest.mark.parametrize(("question", "written", "place"), [
    ("桐予区租房补贴每月多少", "桐予区", "桐屿区"),
    ("止汀区创业贷款能贷多少", "止汀区", "芷汀区"),
    ("童屿那边租房补贴有吗", "童屿", "桐屿区"),  # a short form by a slip, without its suffix
    ("鹭桥新区有见习补贴吗", "鹭桥新区", "鹭峤新区"),  # a district only a posting names
])
def test_a_slip_resolves_to_the_one_ingested_place(question, written, place):
    a = analyse(question, VOCAB)
    assert a.resolved == {written: place}
    assert place in analyse(a.resolved_text(), VOCAB).places or place.removesuffix("区") in a.resolved_text()


@pytest.mark.parametrize("question", [
    "杭州的租房补贴每月多少",
    "我在杭州余杭区上班，租房补贴多少",
    "杭州市西湖区租房补贴多少",
    "深圳市南山区租房补贴多少",
    "桐屿区租房补贴每月多少",  # written right: nothing to resolve
])
def test_a_real_other_place_is_never_taken_for_a_corpus_place(question):
    assert analyse(question, VOCAB).resolved == {}


@pytest.mark.parametrize(("question", "resolved"), [
    # a real city named only as where the user was before hides no slip of the district they are in now
    ("大专毕业 之前在杭州干了两年 现在回来在童屿区一家物流公司上班 租房补贴一个月多少", {"童屿区": "桐屿区"}),
    ("老家杭州的 现在在童屿区上班 租房补贴多少", {"童屿区": "桐屿区"}),
    # where the user is now, or the city the district is written after, may hold a real district of that name
    # a place below a district (a 村, 乡, 镇, 街道) is where in a district the user is, no other real place
    ("现在在中关村一家公司上班，今年童屿区租房补贴我还能报吗", {"童屿区": "桐屿区"}),
    ("我在西乡一家物流公司上班，童屿区租房补贴多少", {"童屿区": "桐屿区"}),
    # a city the user leaves (从…跳槽到) is background too
    ("打算从杭州跳槽到童屿区一家物流公司，租房补贴多少", {"童屿区": "桐屿区"}),
    ("我在杭州，童屿区租房补贴多少", {}),
    ("之前在杭州干了两年 现在在杭州市童屿区上班 租房补贴多少", {}),
])
def test_a_city_of_the_users_past_does_not_hide_a_slip(question, resolved):
    assert analyse(question, VOCAB).resolved == resolved


def test_two_ingested_places_that_match_resolve_nothing():
    vocab = Vocabulary.from_metadata([*METAS, {"doc_type": "policy", "source": "x.md", "places": "桐峪区",
                                                "district": "桐峪区", "title": "桐峪区办法"}])
    assert analyse("桐裕区租房补贴多少", vocab).resolved == {}  # 桐屿区 or 桐峪区: not told apart


def test_a_district_without_its_own_policy_is_covered_by_the_city_wide_rule():
    assert VOCAB.city_wide("鹭峤新区") == "雯川市"
    assert VOCAB.covers("鹭峤新区") and VOCAB.policy_covers("鹭峤新区")
    assert VOCAB.city_wide("桐屿区") == ""  # it has its own policy
    assert not VOCAB.covers("南山区")  # named by no document
    assert VOCAB.own_policies("桐屿区") == ["tongyu.md"] and VOCAB.city_policies("雯川市") == ["city.md"]


def test_the_districts_with_a_policy_of_their_own_are_known():
    assert VOCAB.policy_districts == {"桐屿区", "芷汀区"}  # not the city, not a district only a posting names


def test_a_district_only_a_posting_names_is_written_right_not_a_slip_of_a_policy_district():
    # 桐湾区 is one character off 桐屿区 (a policy's district), but a posting names it: it is that district
    metas = [METAS[0], {"doc_type": "job", "source": "jobs.csv", "district": "桐湾区", "title": "叉车司机", "company": "乙"}]
    vocab = Vocabulary.from_metadata(metas)
    assert analyse("那桐湾区呢？有招叉车司机的吗", vocab).resolved == {}
    assert analyse("童屿区租房补贴每月多少", vocab).resolved == {"童屿区": "桐屿区"}


def _city_rules(*cities: str, part: str = "") -> Vocabulary:
    metas = [{"doc_type": "policy", "source": f"{c}.md", "places": c, "city": c, "title": f"{c}就业补贴办法"} for c in cities]
    if part:  # a city's rule for a part of it only (某某地区 of 上海市)
        metas.append({"doc_type": "policy", "source": "part.md", "places": f"{part}、上海市", "city": "上海市",
                      "title": f"上海市支持{part}发展的若干意见"})
    return Vocabulary.from_metadata(metas)


@pytest.mark.parametrize(("cities", "district", "city"), [
    (("杭州市",), "西湖区", "杭州市"),  # a real district no document names: its city's rule covers it
    (("北京市",), "朝阳区", "北京市"),  # 朝阳区 is in 北京市 and 长春市: the one whose rules were ingested
    (("长春市",), "朝阳区", "长春市"),
    (("北京市", "长春市"), "朝阳区", ""),  # both ingested: which one cannot be told
    (("杭州市",), "滨江区", "杭州市"),
    (("杭州市",), "南山区", ""),  # a district of a city no document is for
    (("杭州市",), "桐屿区", ""),  # a made-up name the national list does not hold
])
def test_a_real_district_finds_the_ingested_city_it_is_in(cities, district, city):
    vocab = _city_rules(*cities)
    assert vocab.city_of(district) == city
    assert vocab.covers(district) is bool(city)


def test_a_city_rule_for_a_part_of_the_city_covers_no_other_district():
    vocab = _city_rules(part="临港地区")
    assert vocab.city_of("嘉定区") == "" and not vocab.covers("嘉定区")


@pytest.mark.parametrize(("question", "place"), [
    ("我在西湖一家公司做运营，租房补贴多少", "西湖区"),  # written without its suffix
    ("我在滨江上班，能领就业补贴吗", "滨江区"),
])
def test_a_real_district_written_without_its_suffix_is_that_district(question, place):
    assert place in analyse(question, _city_rules("杭州市")).places
