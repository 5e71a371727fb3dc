"""How the real government texts (used from ../shared/real-world, never copied) are read and quoted: the rule a
notice holds is the one cited, a verb before a city's name is no part of it, a numbered sub-heading is no part of the
sentence under it, and a number right after a word (附件1、附件2) is no list item."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow

_HAIDIAN_UNITS = [
    {"role": "user", "content": "海淀2025年留学回国人才引进，申报单位要满足什么条件？"},
    {"role": "assistant", "content": "根据《2025年海淀区留学回国人才引进支持申请相关要求》：申报单位应在海淀区注册、纳税、合法经营。[1]"},
]


def _ask(services, question, history=()):
    from eval.dryrun import for_evaluation

    return for_evaluation(services.assistant).ask(question, history=list(history))


def test_an_answer_from_a_notice_issuing_two_rules_cites_the_rule_the_text_holds(realworld_services):
    reply = _ask(realworld_services, "留学人员来京创办企业，可以凭护照直接注册登记吗？")
    assert not reply.refused and "beijing_returnee_2009.txt" in [s.source for s in reply.sources], reply.answer
    assert reply.answer.startswith("根据《北京市促进留学人员来京创业和工作暂行办法》："), reply.answer


def test_a_verb_before_the_citys_name_does_not_make_another_place(realworld_services):
    reply = _ask(realworld_services, "我是外籍华人，拿外国护照在北京上班。请问办北京市（留学人员）工作居住证，跟出国前户口在哪有关系吗？")
    assert not reply.refused, reply.answer  # never 「没有关于…的内容」: 办北京市 is 北京市
    assert "不受其出国前户籍所在地限制" in reply.answer, reply.answer


def test_the_units_materials_are_quoted_whole_from_the_districts_text(realworld_services):
    reply = _ask(realworld_services, "那单位那边要交哪几样东西？申报表要盖公章吗？", _HAIDIAN_UNITS)
    assert not reply.refused and "haidian_returnee_2025.txt" in [s.source for s in reply.sources], reply.answer
    assert "税收完税证明" in reply.answer and "法人签字并加盖单位公章" in reply.answer, reply.answer
    assert "附件附件" not in reply.answer, reply.answer
    assert "全市的规定" not in reply.answer, reply.answer  # the district's own text states it


def test_the_period_since_returning_is_quoted_for_how_long_since_returning(realworld_services):
    """回国多久以内: the clause stating the period right after 回国 (两年内), not the first period of the list (工作满3个月)."""
    reply = _ask(realworld_services, "我去年底从澳洲读完书回国，现在在海淀上班。海淀留学回国人才引进，回国多久以内可以申请？在单位要干满多久？")
    assert not reply.refused and "两年内" in reply.answer, reply.answer


def test_asked_whether_a_bachelor_may_apply_the_masters_condition_answers(realworld_services):
    """能不能报 asks whether one may: a clause requiring another degree (硕士及以上学位) is the answer, not another
    level's."""
    reply = _ask(realworld_services, "我在海淀一家公司，国外只读了本科。海淀留学回国人才引进有年龄限制吗？我这种国外只有本科学位的能不能报？")
    assert not reply.refused and "硕士及以上学位" in reply.answer, reply.answer
