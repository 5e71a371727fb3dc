"""The real government texts (used from ../shared/real-world, never copied) ingested like any admin would: a
question naming each document's place is answered from it, never refused as "no policy for that district"; a
place none of them covers (成都, 南山区) is refused."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow

ASKED = {
    "baoan_shortage_talent_2016.txt": "宝安区紧缺人才需要什么学历？",
    "haidian_returnee_2025.txt": "海淀区留学回国人才引进需要提交哪些申报材料？",
    "beijing_graduate_intro_2021.txt": "北京市引进毕业生的年龄条件是什么？",
    "beijing_talent_intro_2018.txt": "企业注册在北京市城六区的，引进人才的收入要达到平均工资的几倍？",
    "beijing_returnee_2009.txt": "北京市对留学人员来京创业有什么支持？",
    "dalian_employment_policies.txt": "大连市一次性求职创业补贴多少钱？",
    "shanghai_lingang_shuangte.txt": "上海市临港地区对人才有什么政策？",
}
NOT_COVERED = ["成都有什么人才引进政策？", "南山区的人才补贴政策是什么？"]


@pytest.mark.parametrize("source", sorted(ASKED))
def test_a_question_naming_the_documents_place_is_answered_from_it(realworld_services, source):
    from eval.dryrun import for_evaluation

    reply = for_evaluation(realworld_services.assistant).ask(ASKED[source], history=[])
    assert reply.route == "policy"
    assert "的政策」" not in reply.answer, reply.answer  # never "no policy for that district"
    assert not reply.refused and source in [s.source for s in reply.sources], (reply.answer, reply.sources)


@pytest.mark.parametrize("question", NOT_COVERED)
def test_a_place_no_document_covers_is_refused(realworld_services, question):
    from eval.dryrun import for_evaluation

    reply = for_evaluation(realworld_services.assistant).ask(question, history=[])
    assert reply.refused and reply.sources == [], reply.answer


# a real district no text names, of a city whose rules for the whole city were ingested: the city's rule answers it
IN_A_COVERED_CITY = [
    ("我们公司在朝阳区，给应届生办引进毕业生，公示期是多少天？", "beijing_graduate_intro_2021.txt", "5个工作日"),
    ("我是朝阳一家公司的人事，引进毕业生要公示几天？", "beijing_graduate_intro_2021.txt", "5个工作日"),
    ("我们是丰台区的高新技术企业，技术骨干申请人才引进，近3年应税收入要超过平均工资几倍？", "beijing_talent_intro_2018.txt",
     "8倍"),
]
# a real district of a city whose only ingested rule is for a part of it (临港地区 of 上海市), or of a city none is for
IN_AN_UNCOVERED_CITY = ["嘉定区对引进人才的居住证积分有什么加分？", "福田区新引进人才租房补贴每月多少？"]


@pytest.mark.parametrize(("question", "source", "fact"), IN_A_COVERED_CITY)
def test_a_district_no_text_names_is_answered_from_its_citys_rule(realworld_services, question, source, fact):
    from eval.dryrun import for_evaluation

    reply = for_evaluation(realworld_services.assistant).ask(question, history=[])
    assert not reply.refused and source in [s.source for s in reply.sources], (reply.answer, reply.sources)
    assert fact in reply.answer, reply.answer


@pytest.mark.parametrize("question", IN_AN_UNCOVERED_CITY)
def test_a_district_of_a_city_with_no_whole_city_rule_is_refused(realworld_services, question):
    from eval.dryrun import for_evaluation

    reply = for_evaluation(realworld_services.assistant).ask(question, history=[])
    assert reply.refused and reply.sources == [], reply.answer


# another real district of a city whose only ingested rule is one district's own (宝安区 of 深圳市), written without
# its suffix: jieba reads 龙岗 as a person's name and 盐田 as a common noun, the national division list knows them
SIBLING_BARE = ["龙岗有没有紧缺人才的租房补贴？", "我们公司在盐田，金融类紧缺人才预申报能报吗？"]
BAOAN_HOUSING = [{"role": "user", "content": "宝安区引进的紧缺人才有住房方面的优惠吗？"},
                 {"role": "assistant", "content": "根据宝安区的通知，新引进紧缺人才可以入住公共租赁住房，并享受租金补贴。"}]


@pytest.mark.parametrize("question", SIBLING_BARE)
def test_another_district_of_the_districts_city_written_bare_is_refused(realworld_services, question):
    from eval.dryrun import for_evaluation

    reply = for_evaluation(realworld_services.assistant).ask(question, history=[])
    assert reply.refused and reply.sources == [], reply.answer
    assert "龙岗区" in reply.answer or "盐田区" in reply.answer, reply.answer


def test_a_follow_up_moving_to_another_district_of_that_city_is_refused(realworld_services):
    from eval.dryrun import for_evaluation

    reply = for_evaluation(realworld_services.assistant).ask("那我要是去龙岗的公司呢，那边也有这种补贴吗？", history=BAOAN_HOUSING)
    assert reply.refused and "龙岗区" in reply.answer, reply.answer


def test_a_sibling_district_named_only_as_where_the_user_was_is_no_refusal(realworld_services):
    from eval.dryrun import for_evaluation

    reply = for_evaluation(realworld_services.assistant).ask("我之前在南山干过两年，现在在宝安一家物流公司，紧缺人才有租房补贴吗？",
                                                             history=[])
    assert not reply.refused and "baoan_shortage_talent_2016.txt" in [s.source for s in reply.sources], reply.answer


def test_docs_and_gaps_never_separate_city_district_from_district(realworld_services):
    import json

    from click.testing import CliRunner

    from zhitu.cli import main

    out = CliRunner().invoke(main, ["docs", "--json"], obj=realworld_services)
    assert out.exit_code == 0, out.output
    scopes = {d["source"]: d["scope"] for d in json.loads(out.output)}
    assert scopes["baoan_shortage_talent_2016.txt"]["places"] == ["宝安区"]
    assert scopes["dalian_employment_policies.txt"] == {"places": ["大连市"], "issuer": "中山区人社局", "covers": ["中山区", "长海县"]}


def test_starter_questions_are_written_from_these_documents(realworld_services):
    import prompts
    from knowledge.starters import starter_questions

    templates = [t for t in prompts.load("starter_questions").splitlines() if t.strip()]
    starters = starter_questions(realworld_services.kb, templates)
    assert starters and "北京市引进毕业生怎么申请？" in starters, starters
    assert all("{" not in q for q in starters)  # a template with a slot these documents cannot fill is left out


def test_a_rule_for_a_part_of_a_city_is_that_parts_own(realworld_services):
    """临港地区's rule, issued by 上海市, is 临港地区's own: its answer never says 临港 has no rule of its own."""
    from eval.dryrun import for_evaluation

    reply = for_evaluation(realworld_services.assistant).ask("上海临港地区对外国留学生毕业后直接就业有什么试点？", history=[])
    assert not reply.refused and "shanghai_lingang_shuangte.txt" in [s.source for s in reply.sources], reply.answer
    assert "直接留沪就业试点" in reply.answer and "没有单独的规定" not in reply.answer, reply.answer


# a district with a document of its own (海淀区's returnee rule) in a city whose rules for the whole city were ingested
# (北京市, by the national division list): its own answers what it writes; the city-wide rule what it leaves unstated
def test_what_a_districts_own_rule_leaves_unstated_comes_from_its_citys_rule(realworld_services):
    from eval.dryrun import for_evaluation

    reply = for_evaluation(realworld_services.assistant).ask(
        "我在海淀区一家高新技术企业工作，近3年应税收入要超过平均工资几倍才能申请人才引进？", history=[])
    assert not reply.refused and "beijing_talent_intro_2018.txt" in [s.source for s in reply.sources], reply.answer
    assert "8倍" in reply.answer and reply.answer.startswith("海淀区的文件里没有写这一项"), reply.answer


def test_a_districts_own_rule_still_answers_what_it_writes(realworld_services):
    from eval.dryrun import for_evaluation

    reply = for_evaluation(realworld_services.assistant).ask("海淀区留学回国人才引进要交什么材料？完税证明要哪年的？", history=[])
    assert [s.source for s in reply.sources] and {s.source for s in reply.sources} == {"haidian_returnee_2025.txt"}, (
        reply.answer, reply.sources)
    assert "2024年度" in reply.answer, reply.answer


def test_a_subject_neither_the_district_nor_its_city_writes_is_still_refused(realworld_services):
    from eval.dryrun import for_evaluation

    reply = for_evaluation(realworld_services.assistant).ask("海淀区留学回国人才引进有安家费吗？", history=[])
    assert reply.refused and "安家费" in reply.answer, reply.answer


def test_a_topic_a_text_writes_in_its_own_words_is_answered(realworld_services):
    """买车 asked of the returnee rule, which writes 购买免税国产小轿车: the topic is in the documents, not refused as
    「购车补贴」 (concepts.json lists the words documents write it with)."""
    from eval.dryrun import for_evaluation

    reply = for_evaluation(realworld_services.assistant).ask("我是留学回国的，听说能买免税国产车？买车有什么条件？", history=[])
    assert not reply.refused and "beijing_returnee_2009.txt" in [s.source for s in reply.sources], reply.answer
    assert "一年" in reply.answer, reply.answer


QUOTED_RETURNEE = [
    {"role": "user", "content": "留学回国来北京工作，工作居住证怎么办？"},
    {"role": "assistant", "content": "根据《北京市促进留学人员来京创业和工作暂行办法》，留学人员凭用人单位证明向北京海外学人中心申请，"
                                     "经审核后领取《北京市(留学人员)工作居住证》。"},
]


def test_a_follow_up_goes_on_with_the_rule_the_last_answer_quoted(realworld_services):
    """拿到这个证以后…: the returnee rule the last answer named answers, not the graduates' rule that shares 户口 and 硕士."""
    from eval.dryrun import for_evaluation

    reply = for_evaluation(realworld_services.assistant).ask(
        "拿到这个证以后能转成正式的北京户口吗？我本科在国内读的，硕士在澳洲读了一年。老婆是外地户口，儿子16岁了，能一起迁过来吗",
        history=QUOTED_RETURNEE)
    assert {s.source for s in reply.sources} == {"beijing_returnee_2009.txt"}, (reply.answer, reply.sources)
    assert "18岁以下子女" in reply.answer, reply.answer


def test_a_follow_up_on_another_rule_is_answered_from_that_rule(realworld_services):
    from eval.dryrun import for_evaluation

    history = [{"role": "user", "content": "海淀区留学回国人才引进要交什么材料？"},
               {"role": "assistant", "content": "根据《2025年海淀区留学回国人才引进支持申请相关要求》：单位材料：申报表。"}]
    reply = for_evaluation(realworld_services.assistant).ask("那北京市引进应届毕业生，公示期是几天？", history=history)
    assert "beijing_graduate_intro_2021.txt" in [s.source for s in reply.sources], (reply.answer, reply.sources)
    assert "5个工作日" in reply.answer, reply.answer


def test_whether_extra_fees_are_charged_is_answered_by_the_clause_on_fees(realworld_services):
    """会不会收额外的钱 asks whether, not how much: the returnee rule's 不收取政府规定以外的费用 answers it."""
    from eval.dryrun import for_evaluation

    reply = for_evaluation(realworld_services.assistant).ask(
        "我是留学回国的博士后，要来北京一所高校工作。家里老二要上小学，入学手续谁管，会不会收额外的钱？", history=[])
    assert "不收取政府规定以外的费用" in reply.answer, reply.answer
    assert "没有写明金额" not in reply.answer, reply.answer


def test_a_district_of_a_city_whose_only_rule_is_one_areas_is_refused(realworld_services):
    """上海市's only text is 临港地区's (issued by the city): 上海嘉定区 is covered by no rule of the whole city."""
    from eval.dryrun import for_evaluation

    reply = for_evaluation(realworld_services.assistant).ask("上海嘉定区的居住证积分有没有专项加分？我在嘉定汽车城上班", history=[])
    assert reply.refused and "嘉定区" in reply.answer, reply.answer
    assert "每满1年积2分" not in reply.answer, reply.answer


def test_the_area_a_city_issued_rule_is_for_is_answered(realworld_services):
    """Guard: 临港 itself is the rule's own area."""
    from eval.dryrun import for_evaluation

    reply = for_evaluation(realworld_services.assistant).ask("我在上海临港工作并居住，居住证积分每年能加几分？", history=[])
    assert not reply.refused and "每满1年积2分" in reply.answer, reply.answer
