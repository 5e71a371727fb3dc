from matching.chat import answer_career_question


def test_career_question_gets_postings_missing_skills_and_where_to_learn(corpus_services):
    answer = answer_career_question("我学数控的，适合什么岗位？缺什么技能？", corpus_services.matching)
    assert answer is not None
    assert "数控" in answer.text
    assert "还没提到的技能" in answer.text
    cited = {s["source"] for s in answer.sources}
    assert "nanjiang_industry_trade_college.md" in cited  # where to learn the missing skill
    assert any(s["source"].startswith("postings_") for s in answer.sources)  # the postings themselves
    # every [n] marker points at a cited source
    import re

    markers = {int(m) for m in re.findall(r"\[(\d+)\]", answer.text)}
    assert markers and max(markers) <= len(answer.sources)


def test_other_questions_are_not_routed_here(corpus_services):
    assert answer_career_question("南港区本科生活补贴每月多少钱？", corpus_services.matching) is None
    assert answer_career_question("今天天气怎么样", corpus_services.matching) is None


def test_a_place_named_keeps_the_postings_to_that_place(corpus_services):
    # 北岸区那边: the postings listed are that district's, though better-fitting ones are posted elsewhere
    answer = answer_career_question("我学数控的，北岸区那边有什么适合我的岗位？", corpus_services.matching)
    assert answer is not None
    lines = [x for x in answer.text.split("\n") if x[:2] in ("1.", "2.", "3.")]
    assert lines and all("｜北岸区｜" in x for x in lines), answer.text
