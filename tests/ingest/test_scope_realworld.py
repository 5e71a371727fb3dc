"""Titles and scope of the real government texts (used from ../shared/real-world, never copied): places and issuer
come from the whole document (title, 文号, issuer line, header), not only the title's first characters."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.pipeline import parse_document
from ingest.scope import Scope

REAL = Path(__file__).resolve().parents[3] / "shared" / "real-world"

EXPECTED = {
    "baoan_shortage_talent_2016.txt": ("关于开展宝安区2016年金融类、物流类特色紧缺人才岗位需求预申报工作的通知", ["宝安区"], ""),
    "haidian_returnee_2025.txt": ("2025年海淀区留学回国人才引进支持申请相关要求", ["海淀区"], ""),
    "beijing_graduate_intro_2021.txt": ("关于印发《北京市引进毕业生管理办法》的通知", ["北京市"], "北京市人力资源和社会保障局"),
    "beijing_talent_intro_2018.txt": ("关于印发《北京市引进人才管理办法(试行)》的通知", ["北京市"], "北京市人力资源和社会保障局"),
    "beijing_returnee_2009.txt": (None, ["北京市"], "北京市人民政府"),
    "dalian_employment_policies.txt": ("大连市就业政策", ["大连市"], "中山区人社局"),
    "shanghai_lingang_shuangte.txt": ("上海市人民政府关于深化完善“双特”政策支持临港地区新一轮发展的若干意见", ["临港地区", "上海市"],
                                      "上海市人民政府"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_title_and_scope(name):
    title, places, issuer = EXPECTED[name]
    doc = parse_document(name, (REAL / name).read_bytes())
    assert doc.doc_type == "policy"
    if title:
        assert doc.title == title
    scope = Scope.from_metadata(doc.chunks[0].metadata)
    assert scope.places == places and scope.issuer == issuer
    assert all(Scope.from_metadata(c.metadata).places == places for c in doc.chunks)


def test_a_city_rule_covers_the_groups_and_districts_it_names():
    doc = parse_document("beijing_talent_intro_2018.txt", (REAL / "beijing_talent_intro_2018.txt").read_bytes())
    meta = doc.chunks[0].metadata
    assert "district" not in meta and meta["city"] == "北京市"  # city-wide: no district of its own
    assert "城六区" in Scope.from_metadata(meta).covers


def test_district_document_names_its_district():
    doc = parse_document("baoan_shortage_talent_2016.txt", (REAL / "baoan_shortage_talent_2016.txt").read_bytes())
    assert {c.metadata.get("district") for c in doc.chunks} == {"宝安区"}


def test_doc_number_prefix_names_the_place_when_the_title_does_not(tmp_path):
    text = "人才住房补贴办法\n丙丁人社规〔2026〕4号\n第一条 为吸引人才到甲乙市丙丁区工作，制定本办法。\n第二条 补贴每月500元。\n"
    doc = parse_document("x.txt", text.encode())
    assert Scope.from_metadata(doc.chunks[0].metadata).places[0] == "丙丁区"


def test_title_is_the_heading_never_the_preamble():
    text = ("甲乙区支持青年人才就业若干措施为贯彻落实上级部署，结合本区实际，制定以下措施。\n"
            "第一条 对青年人才每月补贴800元。\n")
    doc = parse_document("y.txt", text.encode())
    assert doc.title == "甲乙区支持青年人才就业若干措施"
    two_lines = "关于印发甲乙区青年人才\n生活补贴办法的通知\n各有关单位：\n现将办法印发给你们。\n第一条 每月补贴800元。\n"
    assert parse_document("z.txt", two_lines.encode()).title == "关于印发甲乙区青年人才生活补贴办法的通知"


# the 文号 a text is issued under: the one on a line of its own under the heading (written with ﹝﹞ here), never a
# number the text only cites; a compilation citing many has none of its own
OWN_NUMBER = {
    "beijing_returnee_2009.txt": "京政发〔2009〕14号",
    "beijing_graduate_intro_2021.txt": "京人社毕发〔2021〕22号",
    "dalian_employment_policies.txt": None,
    "haidian_returnee_2025.txt": None,
}


@pytest.mark.parametrize("name", sorted(OWN_NUMBER))
def test_the_doc_number_is_the_texts_own_not_one_it_cites(name):
    doc = parse_document(name, (REAL / name).read_bytes())
    assert doc.metadata.get("doc_number") == OWN_NUMBER[name]


def test_a_notice_issuing_two_rules_records_the_one_whose_text_it_holds():
    doc = parse_document("beijing_returnee_2009.txt", (REAL / "beijing_returnee_2009.txt").read_bytes())
    assert all(c.metadata.get("rule") == "北京市促进留学人员来京创业和工作暂行办法" for c in doc.chunks)
    single = parse_document("beijing_graduate_intro_2021.txt", (REAL / "beijing_graduate_intro_2021.txt").read_bytes())
    assert "rule" not in single.metadata  # guard: a notice issuing one rule is cited by it already


def test_a_notice_holding_both_rules_it_issues_records_neither():
    from ingest.chunking import issued_rule

    title = "关于印发《甲市见习办法》和《甲市补贴办法》的通知"
    assert issued_rule(title, ["甲市见习办法", "第一条 …", "# 甲市补贴办法", "第一条 …"]) == {}
    assert issued_rule(title, ["现将《甲市见习办法》和《甲市补贴办法》印发给你们", "## 甲市补贴办法"]) == {"rule": "甲市补贴办法"}


def test_a_numbered_sub_heading_keeps_its_own_line():
    doc = parse_document("haidian_returnee_2025.txt", (REAL / "haidian_returnee_2025.txt").read_bytes())
    text = "\n".join(c.text for c in doc.chunks)
    assert "\n（二）人员条件\n申报人员应符合" in text  # not 「重复申报。（二）人员条件申报人员应符合」
    assert "\n（一）单位材料\n1." in text
    assert "（一）调查需求\n" in "\n".join(c.text for c in parse_document(
        "beijing_graduate_intro_2021.txt", (REAL / "beijing_graduate_intro_2021.txt").read_bytes()).chunks)
