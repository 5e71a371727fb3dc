"""Route a (standalone) question: policy / programme / job / interview / smalltalk / out_of_scope.

Escalation is decided before routing by the escalation detector; a career-matching question is a job question."""

from __future__ import annotations

import re

from assistant.lexicon import contains_any, routes, slots
from knowledge.query import QueryAnalysis
from knowledge.tokenize import normalise

_ONLY_PUNCT = re.compile(r"^[\W_]*$")


def listed_topic_known(words: list[str], knows) -> bool:
    """A word of the off-topic list that the knowledge base itself covers (创业担保贷款 in a loan policy) is a
    topic to answer, not to refuse: the list is a guard for what the documents lack, never a verdict."""
    if knows is None:
        return False
    from knowledge.lexical import terms

    return any(knows(w) or all(knows(t) for t in terms(w)) for w in words)


def route(message: str, analysis: QueryAnalysis, knows=None, postings: bool = True) -> str:
    """``knows(term)``: does the knowledge base contain the term (the term-index protocol); None = unknown.
    ``postings``: does the knowledge base hold any job postings (without them a job question is a policy one)."""
    kind = _route(message, analysis, knows)
    if kind == "job" and not postings:
        return next((t for t in analysis.doc_types if t != "job"), "policy")
    return kind


def _route(message: str, analysis: QueryAnalysis, knows=None) -> str:
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
    if analysis.programmes and contains_any(text, slots()["programme_fields"]["就业方向"]) \
            and contains_any(text, ["学", "读", "专业"]) and not contains_any(text, ["岗位", "招聘", "在招", "招人"]):
        return "programme"  # 学数控技术以后能做什么工作 → the programme's 就业方向
    off = contains_any(text, r["out_of_scope"])
    if off and not (analysis.districts or analysis.programmes or analysis.codes) and not listed_topic_known(off, knows):
        return "out_of_scope"
    if analysis.places and contains_any(text, r["job_request"]):
        return "job"  # 某区有没有招电工的 → postings, whatever policy words it also holds
    if len(text) <= 12 and contains_any(text, r["smalltalk"]) and not analysis.doc_types:
        return "smalltalk"
    if analysis.doc_types:
        return analysis.doc_types[0]
    if analysis.titles:
        return "job"
    if analysis.districts:
        return "policy"
    return "policy"  # unknown: let retrieval and the refusal check decide


def is_injection(message: str) -> bool:
    return bool(contains_any(normalise(message), routes()["injection"]))
