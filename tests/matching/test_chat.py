from matching.chat import answer_career_question


def test_career_question_gets_postings_missing_skills_and_where_to_learn(services):
    answer = answer_career_question("我学数控的，适合什么岗位？缺什么技能？", services)
    assert answer is not None
    assert "数控" in answer and "J0" in answer
    assert "还没提到的技能" in answer
    assert "nanjiang_industry_trade_college.md" in answer


def test_other_questions_are_not_routed_here(services):
    assert answer_career_question("南港区本科生活补贴每月多少钱？", services) is None
    assert answer_career_question("今天天气怎么样", services) is None
