"""Places on a small made-up city corpus written here: a district written by a slip is answered from the one
ingested district it means, saying which; a real other city is refused; a district with no rule of its own gets the
city-wide figure with the city-wide document cited; a district whose own document deals with a neighbouring
subject gets the city-wide rule on the asked subject, or "not stated" — never its own neighbouring figure, never
another district's."""

from __future__ import annotations

import pytest

from tests.conftest import ask_dry_run as ask

CITY = """# 雯川市促进高校毕业生就业若干措施

雯川市人力资源和社会保障局

第一条 本措施在全市范围内统一适用，本市各区未另行制定区级细则的，按本措施执行。

第二条 就业见习补贴。单位吸纳高校毕业生参加就业见习的，按每人每月1800元给予见习补贴，补贴期限最长12个月。

第三条 一次性吸纳就业补贴。小微企业招用毕业年度高校毕业生并签订1年以上劳动合同的，按每人1500元给予一次性吸纳就业补贴。
"""
RENT = """# 桐屿区高校毕业生租房补贴实施细则

桐屿区人力资源和社会保障局

第一条 在桐屿区就业的全日制高校毕业生，可申请租房补贴。

第二条 补贴标准为每人每月900元，最长发放24个月。

第三条 申请人向桐屿区人力资源和社会保障局提交租房合同和劳动合同。
"""
LOAN = """# 芷汀区创业担保贷款实施办法

芷汀区人力资源和社会保障局

第一条 在芷汀区创业的高校毕业生可申请创业担保贷款。

第二条 个人创业担保贷款最高30万元，贷款期限最长3年，按规定给予贴息。
"""
JOBS = """id,title,company,district,salary,education,experience,skills,description,posted_at
P001,维修电工,雯川甲乙电气有限公司,鹭峤新区,6000-8000元/月,中专,1年以上,电工证,负责设备维护。工作地点：鹭峤新区。,2025-05-01
P002,仓储管理员,雯川丙丁物流有限公司,桐屿区,4500-5500元/月,大专,经验不限,仓储,负责出入库。工作地点：桐屿区。,2025-05-02
"""


@pytest.fixture(scope="module")
def city(small_corpus):
    files = {"policies/wenchuan_shi_jiuye_cuoshi.md": CITY, "policies/tongyu_qu_zufang_butie.md": RENT,
             "policies/zhiting_qu_chuangye_daikuan.md": LOAN, "jobs/wenchuan_gangwei.csv": JOBS}
    with small_corpus("wenchuan", files) as services:
        yield services


@pytest.mark.parametrize("question", ["桐予区租房补贴每个月多少钱", "童屿区租房补贴每个月多少钱"])
def test_a_district_written_by_a_slip_is_answered_from_the_one_it_means(city, question):
    reply = ask(city, question)
    assert not reply.refused and "900元" in reply.answer, reply.answer
    assert "按桐屿区" in reply.answer  # says which place it took
    assert [s.source for s in reply.sources] == ["tongyu_qu_zufang_butie.md"]


@pytest.mark.parametrize("question", ["杭州的租房补贴每个月多少钱", "我在杭州余杭区上班，租房补贴每个月多少钱"])
def test_a_real_other_city_is_not_mapped_onto_a_corpus_place(city, question):
    reply = ask(city, question)
    assert reply.refused and "900元" not in reply.answer and "按桐屿区" not in reply.answer, reply.answer


def test_a_district_without_its_own_rule_gets_the_city_wide_figure(city):
    reply = ask(city, "鹭峤新区的见习补贴每月多少钱")
    assert not reply.refused and "1800元" in reply.answer, reply.answer
    assert "全市" in reply.answer  # says it is the city-wide rule
    assert [s.source for s in reply.sources] == ["wenchuan_shi_jiuye_cuoshi.md"]


def test_a_neighbouring_subject_is_not_answered_the_city_wide_rule_is(city):
    reply = ask(city, "桐屿区的见习补贴每月多少钱")
    assert not reply.refused and "1800元" in reply.answer and "900元" not in reply.answer, reply.answer
    assert "全市" in reply.answer and [s.source for s in reply.sources] == ["wenchuan_shi_jiuye_cuoshi.md"]


def test_a_subject_neither_the_district_nor_the_city_writes_is_refused_naming_what_was_checked(city):
    reply = ask(city, "桐屿区创业担保贷款最多能贷多少")
    assert reply.refused and "30万" not in reply.answer and "900元" not in reply.answer, reply.answer
    assert "桐屿区高校毕业生租房补贴实施细则" in reply.answer  # names what was checked


def test_a_district_with_its_own_rule_on_the_subject_keeps_it(city):
    reply = ask(city, "桐屿区租房补贴每个月多少钱")
    assert not reply.refused and "900元" in reply.answer and "全市" not in reply.answer, reply.answer


def test_a_follow_up_naming_a_place_no_document_names_does_not_keep_the_earlier_place(city):
    from assistant.records import Turn
    from assistant.rewrite import standalone
    from eval.dryrun import for_evaluation

    first = "桐屿区租房补贴每个月多少钱"
    vocab = city.assistant.retriever.vocabulary()
    assert standalone("那武汉那边的租房补贴呢", [], vocab) == "那武汉那边的租房补贴呢"
    assert "桐屿" not in standalone("那武汉那边的租房补贴呢", [Turn("user", first)], vocab)
    reply = for_evaluation(city.assistant).ask("那武汉那边的租房补贴呢", history=[{"role": "user", "content": first}])
    assert reply.refused and "900元" not in reply.answer, reply.answer
    # a slip of a corpus district in the follow-up still carries the earlier topic over
    assert "租房补贴" in standalone("那童屿区呢", [Turn("user", "芷汀区租房补贴每个月多少钱")], vocab)


def test_a_posting_never_answers_a_policy_question_about_a_district_without_its_own_rule(city):
    reply = ask(city, "鹭峤新区的企业吸纳高校毕业生有一次性补贴吗，每人多少")
    assert not reply.refused and "1500元" in reply.answer and "6000" not in reply.answer, reply.answer
    assert [s.source for s in reply.sources] == ["wenchuan_shi_jiuye_cuoshi.md"]


def test_the_place_notes_render_without_figures():
    import prompts
    from assistant.assistant import place_note

    assert place_note({"桐予区": "桐屿区"}, "桐予区的租房补贴") == "按桐屿区（问题中写作“桐予区”）："
    # two places written by a slip: one note, in the order the question writes them, whatever the dict's order
    note = "按槿溪区（问题中写作“谨溪”）、栀湾区（问题中写作“知湾”）："
    assert place_note({"知湾": "栀湾区", "谨溪": "槿溪区"}, "仓管哪个高？谨溪和知湾") == note
    assert place_note({"谨溪": "槿溪区", "知湾": "栀湾区"}, "仓管哪个高？谨溪和知湾") == note
    for name in ("city_wide", "city_wide_subject"):
        text = prompts.render(name, district="鹭峤新区", city="雯川市")
        assert "鹭峤新区" in text and "雯川市全市" in text and not any(c.isdigit() for c in text)
