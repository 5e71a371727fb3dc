import pytest

from matching.skills import SkillDictionary, load_dictionary, load_occupations, read_skills


def test_dictionary_has_300_skills_hard_soft_and_certificates():
    d = load_dictionary()
    kinds = {s.kind for s in d.skills.values()}
    assert len(d) >= 300
    assert kinds == {"hard", "soft", "cert"}
    assert sum(1 for s in d.skills.values() if s.kind == "soft") >= 25


@pytest.mark.parametrize("variants, canonical", [
    (["PLC", "可编程控制器", "plc应用", "梯形图"], "PLC编程"),
    (["SpringBoot", "Spring Boot", "springboot", "spring cloud"], "Spring Boot"),
    (["看图纸", "识图", "图纸识读", "工程制图"], "机械制图"),
    (["电工证", "低压电工证", "低压电工作业操作证"], "低压电工作业证"),
    (["护士证", "护士资格证", "护士执业证"], "护士执业资格证"),
    (["善于沟通", "沟通表达", "表达能力"], "沟通能力"),
    (["ps", "PS修图", "图片处理"], "Photoshop"),
])
def test_synonyms_map_to_one_skill(variants, canonical):
    d = load_dictionary()
    for v in variants:
        assert d.canonical(v) == canonical, v
        assert d.extract(f"熟悉{v}，有项目经验") == [canonical], v


def test_extraction_is_leftmost_longest_and_respects_latin_word_boundaries():
    d = load_dictionary()
    assert d.extract("持有数控车工中级证") == ["数控车工证"]  # the certificate, not 数控车 + noise
    assert d.extract("熟悉MySQL") == ["MySQL"]  # not SQL inside MySQL
    assert d.extract("访问https网站") == []  # not ps inside https
    found = d.extract("会Java和Python，能吃苦，沟通能力强，有C1驾照")
    assert found == ["Java", "Python", "吃苦耐劳", "沟通能力", "机动车驾驶证"]


def test_list_field_keeps_unknown_items_and_finds_skills_inside_phrases():
    d = load_dictionary()
    assert d.parse_list("数控编程、CAD、会开铲车的本领") == ["数控编程", "CAD制图", "会开铲车的本领"]
    assert d.parse_list("熟练使用游标卡尺") == ["量具使用"]


def test_a_synonym_claimed_by_two_skills_is_rejected(tmp_path):
    path = tmp_path / "skills.tsv"
    path.write_text("甲技能\thard\t通用\t同义词\n乙技能\thard\t通用\t同义词\n", encoding="utf-8")
    with pytest.raises(ValueError, match="同义词"):
        SkillDictionary(read_skills(path))


def test_occupations_from_titles_and_majors():
    o = load_occupations()
    assert o.for_title("数控车床操作工") == "数控加工"
    assert o.for_title("测试开发工程师") == "软件测试"
    assert o.for_title("工业机器人运维工程师") == "工业机器人"
    # common vocational titles have an occupation of their own, not 其他
    assert [o.for_title(t) for t in ("托育中心保育员", "行政文员", "电焊工", "中餐厨师")] == ["托育服务", "行政文秘", "生产制造", "旅游酒店"]
    assert o.for_major("我学的是数控技术") == "数控加工"
    assert o.for_major("新能源汽车技术") == "新能源汽车"


def test_every_corpus_posting_has_an_occupation(corpus_rows):
    o = load_occupations()
    unknown = [r["title"] for r in corpus_rows if o.for_title(r["title"]) is None]
    assert not unknown
