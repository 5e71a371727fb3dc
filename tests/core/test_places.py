"""core.places: the one module that recognises places and normalises text (no place name known in advance)."""

from __future__ import annotations

import pytest

from core.places import (
    canonical_district,
    compact_text,
    find_places,
    fold_text,
    normalise_text,
    place_mentions,
    same_place,
    short_name,
    split_city,
)


def test_normalisation():
    assert normalise_text("  Ａｂｃ　１２３ \n 元 ") == "Abc 123 元"
    assert fold_text("ＡＢＣ") == "abc"
    assert compact_text("1 000 元，", ",") == "1000元"


@pytest.mark.parametrize(("text", "expected"), [
    ("关于开展宝安区2016年金融类人才预申报工作的通知", [("宝安区", "district")]),
    ("2025年海淀区留学回国人才引进支持申请相关要求", [("海淀区", "district")]),
    ("关于印发《北京市引进毕业生管理办法》的通知", [("北京市", "city")]),
    ("浦东新区人才政策", [("浦东新区", "district")]),
    ("临港新片区的补贴", [("临港新片区", "district")]),
    ("注册在北京经济技术开发区的企业", [("北京经济技术开发区", "zone")]),
    ("石景山区有什么补贴", [("石景山区", "district")]),
    ("中山区人社局", [("中山区", "district")]),
    ("我想去南山区工作", [("南山区", "district")]),
    ("新疆维吾尔自治区", [("新疆维吾尔自治区", "province")]),
    ("甲乙县和丙丁旗", [("甲乙县", "district"), ("丙丁旗", "district")]),
    ("芩溪县离蓼岙区就十几公里", [("芩溪县", "district"), ("蓼岙区", "district")]),  # 离, 距 say how far, they name nothing
    ("公司距蓼岙区不远", [("蓼岙区", "district")]),
])
def test_places_anywhere_in_a_text(text, expected):
    assert [(p.name, p.kind) for p in place_mentions(text)] == expected


@pytest.mark.parametrize("text", ["我住在小区里", "软件园区的岗位", "本市全区各区县", "人才市场", "各区人力资源和社会保障局",
                                  "在本市行政区域内", "支持高新技术产业开发区", "在该区执行区级标准", "享受市级补贴"])
def test_words_that_end_like_places_are_not_places(text):
    assert place_mentions(text) == []


def test_city_district_folds_to_the_district_and_keeps_the_city():
    found = place_mentions("甲乙市丙丁区的补贴")
    assert [(p.name, p.kind, p.city) for p in found] == [("甲乙市", "city", None), ("丙丁区", "district", "甲乙市")]
    assert split_city("甲乙市丙丁区") == ("甲乙市", "丙丁区")
    assert canonical_district("甲乙市丙丁区") == canonical_district(" 丙丁区 ") == "丙丁区"
    assert find_places("甲乙市丙丁区和丙丁区") == ["甲乙市", "丙丁区"]
    assert same_place("丙丁", "甲乙市丙丁区") and not same_place("丙戊区", "丙丁区")
    assert short_name("丙丁区") == "丙丁" and short_name("甲乙市") == "甲乙"
    assert short_name("丙丁地区") == "丙丁"  # the longest suffix first: 地区, not 区 (丙丁 written alone is that area)


def test_city_area_is_the_city_not_a_district():
    assert [(p.name, p.kind) for p in place_mentions("甲乙市区有什么补贴")] == [("甲乙市", "city")]


def test_groups_are_groups_never_districts():
    found = place_mentions("企业注册在城六区和三城一区的")
    assert [(p.name, p.kind) for p in found] == [("城六区", "group"), ("三城一区", "group")]


@pytest.mark.parametrize(("text", "expected"), [
    ("HR说甲乙区有个人才引进", ["甲乙区"]),  # 说 of the speaker starts no name
    ("我在老家地级市的医院干了十二年", []),  # 地级市, 县级市 are kinds of city, no place
    ("回了县级市老家", []),
    # a real three-character name (the national division list) at the end of a long run is read whole, not 井子区;
    # two characters stay two where the third before them is a function character or the list has no such name
    ("我们家住甘井子区，按月算大概多少钱", ["甘井子区"]),
    ("我们家住在海淀区", ["海淀区"]),
    ("我们家住桐屿区", ["桐屿区"]),
    # a verb written before a real name (the national list) is not part of it; a name the list lacks stays whole
    ("想问：办北京市（留学人员）工作居住证", ["北京市"]),
    ("想办上海市的居住证", ["上海市"]),
    ("我在张家口市上班", ["张家口市"]),
    ("来桐屿市工作", ["桐屿市"]),
])
def test_words_around_a_place_are_not_its_name(text, expected):
    assert find_places(text) == expected
