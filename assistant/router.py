"""Route a (standalone) question: policy / programme / job / interview / smalltalk / out_of_scope.

Escalation is decided before routing by the escalation detector; a career-matching question is a job question."""

from __future__ import annotations

import re

from assistant.lexicon import contains_any, routes, slots
from assistant.postings import asked_kinds
from knowledge.query import QueryAnalysis, classify_asks, question_parts, type_words, without_events
from knowledge.tokenize import normalise

_ONLY_PUNCT = re.compile(r"^[\W_]*$")
_HIRING = re.compile(r"招(?!生|收)")  # 招实训室管理员, not 招生
STORY_CHARS = 60  # a message this long is a story with the ask at its end
TAIL_PARTS = 4  # the ask of a story: the asking parts among its last parts


def listed_topic_known(words: list[str], knows) -> bool:
    """A word of the off-topic list that the knowledge base itself covers (创业担保贷款 in a loan policy) is a
    topic to answer, not to refuse: the list is a guard for what the documents lack, never a verdict."""
    if knows is None:
        return False
    from knowledge.lexical import terms

    return any(knows(w) or all(knows(t) for t in terms(w)) for w in words)


def route(message: str, analysis: QueryAnalysis, knows=None, postings: bool = True, named=None,
          catalogues: bool = True) -> str:
    """``knows(term)``: does the knowledge base contain the term (the term-index protocol); None = unknown.
    ``postings``: does the knowledge base hold any job postings (without them a job question is a policy one);
    ``catalogues``: any programme catalogue (without one, 孩子上小学 学校会不会乱收费 is a policy question).
    ``named(text)``: (title words, employer words) the text shares with the posting it names best; None = unknown."""
    kind = _route(message, analysis, knows, named)
    held = {"job": postings, "programme": catalogues}
    if not held.get(kind, True):
        return next((t for t in analysis.doc_types if held.get(t, True)), "policy")
    return kind


def off_topic_told(text: str, off: list[str]) -> bool:
    """The off-topic words stand only in the parts that tell the user's situation (在大连跑外卖, 一直在考研), and
    a part that asks is free of them: what is asked is not the off topic. A message with no asking part keeps them."""
    parts = question_parts(text)
    asking = [p for p, a in parts if a]
    return bool(asking) and not any(w in p for p in asking for w in off)


def asks_postings(text: str) -> bool:
    """A part of the text asks about postings (有没有招电工的, 还在招人吗, 想找个仓库管理的活: a part saying the user wants
    work asks as well): it holds a job-request word and no word of
    a subsidy ask. 我招人有没有补贴 and 公益性岗位补贴一个月多少 ask a subsidy, whatever job word they hold; with no
    asking part the whole text is the part."""
    r = routes()
    parts = [without_events(p) for p, asking in question_parts(text) if asking or contains_any(p, r["job_wish"])] or [
        without_events(text)]
    return any(contains_any(p, r["job_request"]) and not asks_subsidy(p) for p in parts)


def asks_subsidy(text: str) -> bool:
    """The text writes a word of a subsidy ask (补贴, 奖励, 扶持: routes.json ``subsidy_ask``)."""
    return bool(contains_any(text, routes()["subsidy_ask"]))


def story_ask(text: str) -> str:
    """The ask of a long message: its asking parts among the last few (我今年43了 … 公益岗一个月给多少 找谁办 →
    公益岗一个月给多少 找谁办); the whole text when it is short or no part asks."""
    if len(text) < STORY_CHARS:
        return text
    parts = question_parts(text)
    if len(parts) < 3:
        return text
    tail = [p for p, asking in parts[-TAIL_PARTS:] if asking]
    return " ".join(tail) or text


def names_posting(text: str, named, programmes: list[str] | tuple = (), strict: bool = False) -> bool:
    """The text names a posting: by its title and employer (某某机器人 运维技术员), or by its title with 招 or a
    posting's field asked (某某教育那个行政文员还招吗; 某某钢构焊工一个月能拿多少). A place to work mentioned in a
    programme question (想以后去某某酒店上班) asks nothing of a posting. ``strict``: a story's ask, where a job title
    alone (电工 in 电工证书补贴) names none."""
    if named is None:
        return False
    title, employer = named(text, programmes)
    if title >= 2 and employer >= 2 and not strict or title >= 2 and employer >= 3:
        return True
    if strict:
        # 我会开数控车床…那家招数控车床操作工的厂一个月给多少钱: a long title written out after 招, no subsidy asked
        return bool(_HIRING.search(text)) and title >= 4 and not asks_subsidy(text)
    asked = " ".join(p for p, asking in question_parts(text) if asking)
    if contains_any(asked, routes()["study_fields"]) and not contains_any(asked, type_words()["job"]):
        return False  # 学电商还是会计，两个专业学费一样吗？各招多少人: the catalogue's fields asked, no posting's
    if employer < 2 and contains_any(text, routes()["subsidy_ask"]):
        return False  # 单位招见习生 政府给补多少: a subsidy asked, the posting title (就业见习生) only shares a word
    if title >= 4 and asked_kinds(text, weak=False):
        return True  # 那个做跨境电商的运营专员 一个月多少钱: a long title written out, a posting's field asked
    if "招" in text:
        return title >= 2 or title >= 1 and employer >= 2
    # a posting's field asked (电话多少, 地址) of an employer's job, in a question that is not about a subsidy
    policy = any(w in text for w in type_words()["policy"])
    return title >= 1 and employer >= 2 and not policy and bool(asked_kinds(text, weak=False))


def _route(message: str, analysis: QueryAnalysis, knows=None, named=None) -> str:
    text = normalise(message).strip()
    r = routes()
    if _ONLY_PUNCT.match(text):
        return "smalltalk"
    if contains_any(text, r["injection"]) and not analysis.doc_types:
        return "out_of_scope"
    if contains_any(text, r["interview"]):
        return "interview"
    if contains_any(text, r["career"]):
        return "job"
    off = contains_any(text, r["out_of_scope"])
    if off and off_topic_told(text, off):
        off = []  # 在大连跑外卖 社保自己交的 有补贴吗: the work is the story, the ask is about a subsidy
    if off and not (analysis.districts or analysis.programmes or analysis.codes) and not listed_topic_known(off, knows):
        return "out_of_scope"
    asked = " ".join(p for p, asking in question_parts(text) if asking)
    if analysis.colleges and (analysis.programmes or len(text) < STORY_CHARS) and contains_any(asked, r["study_ask"]) \
            and not contains_any(text, r["job_request"]) and not _HIRING.search(text):
        # 想去某某职院读工业机器人 这个专业学费多少: the college's catalogue, whatever posting shares a word (in a story,
        # when it names a programme); a student of the college telling it (我是某某职院机电专业的 考了电工证 区里补多少)
        # asks no study question
        return "programme"
    ask = story_ask(text)
    if ask != text:  # a story: the ask at its end routes, not job words anywhere in the story
        return _story_route(ask, analysis, named)
    if names_posting(text, named, analysis.programmes):
        return "job"  # 某某养老招护理员 地址在哪: a posting named, whatever programme or policy words it holds
    if analysis.programmes and contains_any(text, slots()["programme_fields"]["就业方向"]) \
            and contains_any(text, ["学", "读", "专业"]) and not contains_any(text, ["岗位", "招聘", "在招", "招人"]):
        return "programme"  # 学数控技术以后能做什么工作 → the programme's 就业方向
    if analysis.places and asks_postings(text):
        return "job"  # 某区有没有招电工的 → postings, whatever policy words it also holds
    if analysis.places and not (analysis.programmes or analysis.colleges) and named is not None \
            and named(text)[0] >= 1 and asked_kinds(text, weak=False) and not any(w in text for w in type_words()["policy"]):
        return "job"  # 在某区跑外卖一个月能挣多少: a place, a posting's title word and its field asked
    if len(text) <= 12 and contains_any(text, r["smalltalk"]) and not analysis.doc_types:
        return "smalltalk"
    if analysis.doc_types and analysis.doc_types[0] == "job" and (asked := _policy_ask(text)):
        return _story_route(asked, analysis, named)  # 一直没上班…算不算就业困难人员 去哪里认定: the work is the story's
    if analysis.doc_types:
        return analysis.doc_types[0]
    if analysis.titles:
        return "job"
    if analysis.districts:
        return "policy"
    return "policy"  # unknown: let retrieval and the refusal check decide


def _policy_ask(text: str) -> str:
    """The asking parts of a text whose words of postings stand only in the parts that tell the story, when they ask
    about a status or a subsidy (算不算就业困难人员, 去哪里认定, 补多少: status_ask and subsidy_ask in routes.json);
    '' otherwise (我想找份物流的工作 有推荐吗 asks for postings, whatever its asking part writes)."""
    r = routes()
    asked = [without_events(p) for p, asking in question_parts(text) if asking]
    if not asked or contains_any(" ".join(asked), type_words()["job"]):
        return ""
    told = [p for p, asking in question_parts(text) if not asking]
    if not contains_any(" ".join(told), type_words()["job"]):
        return ""
    asking = " ".join(asked)
    policy = contains_any(asking, r["status_ask"] + r["subsidy_ask"]) or set(classify_asks(asking)) & set(r["policy_kinds"])
    return asking if policy else ""


def _story_route(ask: str, analysis: QueryAnalysis, named=None) -> str:
    """A story's route from its ask: postings only when the ask is about them (有没有合适的岗位, a posting named);
    otherwise the ask's own kind of document, then the story's other than postings, then policy."""
    if asks_postings(ask) or names_posting(ask, named, analysis.programmes, strict=True):
        return "job"
    r = routes()
    if not contains_any(ask, r["subsidy_ask"] + r["status_ask"] + type_words()["job"]) and (
            analysis.programmes and contains_any(ask, r["programme_ask"])
            or contains_any(ask, r["study_fields"]) and "专业" in analysis.text):
        # 特别想学城市轨道交通运营管理…我这条件能报吗: the programme's 报考要求, no rule's 条件; 想报…运营管理专业，条件够不够？
        # 学费多少钱一年: a programme's field asked of a 专业 the story names, by its parts or not
        return "programme"
    ask = without_events(_without_asides(ask))  # 新招人的比例有什么要求: the staff hired, no posting asked
    scores = {t: sum(ask.count(w) for w in words) for t, words in type_words().items()}
    if scores["job"] and not asked_kinds(ask, weak=False):
        # a job word counts when the ask asks a posting's field (工资多少, 在哪上班); 要工作多久才能落户 and 合伙开工作室
        # 最多能贷多少 ask a rule
        scores["job"], scores["policy"] = 0, max(scores["policy"], 1)
    # a tie (一年学费多少 五年下来一共要交多少钱: 学费 against 多少钱) goes to the kind the whole story writes most
    # (你们学校有五年制的？是啥专业)
    story = {t: sum(analysis.text.count(w) for w in words) for t, words in type_words().items()}
    best = max(scores, key=lambda t: (scores[t], story[t]))
    if scores[best] > 0:
        return best
    return next((t for t in analysis.doc_types if t != "job"), "policy")


def _without_asides(text: str) -> str:
    """``text`` without what brackets set aside, also where a bracket opens or closes in another part of the question
    (让我儿子(32岁 在外地上班)来贷行不行 → 让我儿子 来贷行不行): an aside tells, it never asks."""
    text = re.sub(r"\([^()]*\)", " ", text)
    text = re.sub(r"(^|\s)[^()\s]*\)", " ", text)
    return re.sub(r"\([^()]*$", " ", text)


def is_injection(message: str) -> bool:
    return bool(contains_any(normalise(message), routes()["injection"]))
