"""Length never adds points, red flags sink the total, and a how-question is not a why-question."""

import pytest

from assistant.interview.bank import infer_type
from assistant.interview.redflags import load_red_flags


# Sentences that say nothing only this situation has: procedure talk, attitude, the question's own words.
def test_padding_an_answer_with_empty_sentences_never_raises_its_total(grader, padding_raises):
    raised = padding_raises(grader, 2)
    assert not raised, raised


def test_a_sentence_that_says_nothing_of_its_own_earns_no_step(bank, grader):
    role = bank.role("电工")
    q = next(q for q in role.questions if q.type == "situational")
    concrete = "我先断电验电，挂牌上锁，再用万用表测三相电压。"
    assert grader._says_something(concrete, q.text, role.skills)
    assert not grader._says_something("我会认真负责地处理好这件事。", q.text, role.skills)
    alone = grader.grade(role, q, concrete)
    padded = grader.grade(role, q, concrete + "我会认真负责地处理好这件事，保证不出问题。")
    assert padded.dimensions["specificity"].score <= alone.dimensions["specificity"].score
    assert padded.score <= alone.score


@pytest.mark.parametrize(("rule", "unsafe", "safe"), [
    ("safety_bypass", "上一班说一直这样，我就把报警先消音，把联锁暂时旁路掉，免得跳车。",
     "联锁不能旁路，我先查报警原因并报告班长。"),
    ("over_dose", "虫多的话我会建议把药量加到说明书的两倍，几种杀虫剂混在一起打。",
     "我按标签剂量用药，不同机理的药轮换，不混配。"),
    ("over_dose", "污渍重的时候我把洁厕灵和84消毒液倒在一起用，效果更强。",
     "含氯消毒液和洁厕灵绝不混用，用完一种冲干净再用另一种。"),
    ("driving_unsafe", "快超时了我会选一段人少的路逆行抄近路，没车的时候过一下红灯。",
     "路上还是按交通规则走，不闯红灯不逆行。"),
    ("blame", "延期主要是因为他们需求一直在变，要不是客户拖着，根本不会延期。",
     "延期有我估计不足的原因，我给出新的计划和里程碑。"),
    ("blame", "陌生人进来主要是门岗的责任。", "陌生人进来有我巡逻不到位的原因。"),
    ("self_medicate", "发现猪发烧，我会自己去兽药店买点抗生素先打上。", "我不自己乱用药，马上报告兽医。"),
    ("skip_check", "我会先把款转出去，然后再提醒经办人把流程补上。", "流程没走完我不会转款，先打电话给领导本人确认。"),
    ("conceal", "没发烧的话一般就不用特意打扰家长，放学时再说。", "我马上通知家长，说清时间和情况。"),
    ("prod_change", "看到日志占空间大就直接rm -rf删掉。", "我先用du看是哪个目录在涨，把旧日志压缩转到归档盘。"),
])
def test_unsafe_practice_is_flagged_and_its_refusal_is_not(rule, unsafe, safe):
    checker = load_red_flags()
    assert rule in {f.rule_id for f in checker.find(unsafe)}
    assert not checker.find(safe)


def test_a_red_flag_sinks_the_total_below_the_safe_answer(bank, grader):
    role = bank.role("电工")
    q = next(q for q in role.questions if q.type == "situational")
    safe = "我先断电验电，挂牌上锁，再用万用表测三相电压，查到是接触器触点烧蚀就更换，试车正常后记录在交接班本上。"
    unsafe = "我先断电验电，挂牌上锁，再用万用表测三相电压，为了不耽误生产就把联锁暂时旁路掉，先开起来再说。"
    s, u = grader.grade(role, q, safe), grader.grade(role, q, unsafe)
    assert u.score <= grader.lex.calibration["red_flag_total_cap"] < s.score
    assert u.weakest == "role_fit"


@pytest.mark.parametrize(("text", "qtype"), [
    ("你怎么选择一家新的供应商？", "technical"),
    ("你如何看待加班？", "technical"),
    ("你为什么选择这个职业？", "motivation"),
    ("你未来三年怎么规划？", "motivation"),
    ("你有什么优势？", "motivation"),
])
def test_a_how_question_is_not_taken_for_a_why_question(text, qtype):
    assert infer_type(text) == qtype
