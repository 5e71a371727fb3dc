"""Calibrated refusal: does what was retrieved actually cover the question?

Coverage = share of the question's content terms that occur in the best passages. A question whose key term
occurs nowhere in the knowledge base (购房 when only 租房 exists) is not covered, whatever the dense score says."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

from langchain_core.documents import Document

from assistant.clauses import asker_words
from assistant.lexicon import DATA, slots
from core.places import place_mentions, same_place, short_name
from knowledge.lexical import alternate_terms, folded_parts, terms
from knowledge.query import QueryAnalysis, asked_text, background, question_parts
from knowledge.tokenize import names_place, normalise, place_names


@dataclass
class Coverage:
    ratio: float  # share of the question's known content terms found in the best passages
    missing: list[str]
    uncovered_topic: str = ""  # a topic (购房补贴, 落户…) none of whose words the knowledge base contains
    uncovered_district: str = ""  # a district the question names but no policy covers

    def refuse(self, threshold: float) -> bool:
        return bool(self.uncovered_topic or self.uncovered_district) or self.ratio < threshold

    question: str = ""

    @property
    def topic(self) -> str:
        return self.uncovered_district and f"{self.uncovered_district}的政策" or self.uncovered_topic or topic_phrase(
            self.question, self.missing[:2])


def topic_phrase(question: str, words: list[str]) -> str:
    """The words as the question writes them: overlapping search-mode tokens (全日, 全日制) become one span of the
    question (全日制), never a concatenation that doubles characters (全日全日制)."""
    spans = sorted((i, i + len(w)) for w in words if (i := question.find(w)) >= 0)
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    parts = [question[a:b] for a, b in merged] or [w for w in words if not any(w != v and w in v for v in words)]
    return "、".join(dict.fromkeys(parts))


def content_terms(question: str, all_terms: list[str] | None = None) -> list[str]:
    stop = set(slots()["stopwords"])
    found = terms(question) if all_terms is None else all_terms
    return [t for t in dict.fromkeys(found) if t not in stop and (len(t) >= 2 or t.isdigit())]


@cache
def _concepts_data() -> dict:
    return json.loads((DATA / "concepts.json").read_text(encoding="utf-8"))


@cache
def concepts() -> dict[str, list[str]]:
    return {k: v for k, v in _concepts_data().items() if not k.startswith("_")}


def status(question: str, word: str, places: list[str] | tuple = ()) -> bool:
    """Every time ``question`` writes ``word`` it says who the user is, not what is asked: a status word (户口) right
    after a place (芦汀区户口, or one the analysis found written short: 珂埔户口; ``places``) or a word such as 本地,
    or before 在 and a place in the same phrase (户口和家都在某区; concepts.json ``_status``)."""
    rules = _concepts_data().get("_status", {})
    if word not in rules.get("words", []):
        return False
    written = [w for p in place_mentions(question) for w in (p.name, p.short) if len(w) >= 2]
    written += [w for p in places for w in (p, short_name(p)) if len(w) >= 2 and w in question]
    ends = {question.find(w) + len(w) for w in written}
    stands = written + rules.get("before", [])  # 户口在某区, 户口不在本市
    starts = [m.start() for m in re.finditer(re.escape(word), question)]
    # 户口在某区, 户口和家都在某区: the place follows within the same phrase
    return bool(starts) and all(i in ends or any(question[:i].endswith(b) for b in rules.get("before", []))
                                or any(f"{a}{w}" in re.split(r"[，,。；;？?！!\s]", question[i + len(word): i + len(word) + 12])[0]
                                       for a in rules.get("after", []) for w in stands) for i in starts)


def uncovered_place(question: str, policy_places: set[str], known_term=None) -> str:
    """A place the question names (district, city, province; never a group such as 城六区) that no policy applies
    to, when the question names NO covered place at all ('' otherwise). Where a user comes from or studied (我河南的,
    在美国读完硕士) is no reason to refuse a question about a covered place; a district written after a covered city
    (北京市朝阳区) is covered by the city's policy. A place written without a suffix (成都) counts when it is not a
    word of the knowledge base at all."""
    if any(len(short_name(p)) >= 2 and short_name(p) in question for p in policy_places):
        return ""  # 大连北三市: a covered place is named (北三市 is inside it)
    mentions = [p for p in place_mentions(question) if not background(question, p.name) and names_place(question, p.name)]
    uncovered: list[str] = []
    for word in place_names(question):
        if background(question, word):  # 我在美国读完硕士, 我在朝阳一家企业做研发: the story, not the ask
            continue
        if any(word in p or short_name(p) in word for p in policy_places):
            return ""
        inside = any(word in p.name for p in mentions)
        if not inside and not (known_term and known_term(word)):
            uncovered.append(word)
    for place in mentions:
        if place.kind == "group":
            continue
        if any(same_place(place.name, p) for p in policy_places) or (
                place.city and any(same_place(place.city, p) for p in policy_places)):
            return ""
        uncovered.append(place.name)
    return uncovered[0] if uncovered else ""


def coverage(a: QueryAnalysis, docs: list[Document], known_term, policy_places: set[str], route: str) -> Coverage:
    """``a``: the turn's analysed question; ``known_term(t)``: does the term occur anywhere in the knowledge base;
    ``policy_places``: the places the policies apply to (their scope: districts, cities and the districts a city's
    policy names)."""
    cov = _coverage(a, docs, known_term, policy_places, route)
    cov.question = a.text
    return cov


def _coverage(a: QueryAnalysis, docs: list[Document], known_term, policy_places: set[str], route: str,
              asked: list[str] | None = None) -> Coverage:
    question = a.text
    for topic, words in concepts().items():
        if any(w in question and not status(question, w, a.places) for w in words) and not any(
                all(known_term(t) for t in terms(w)) for w in words):
            return Coverage(0.0, [], uncovered_topic=topic)
    if route == "policy" and (place := uncovered_place(question, policy_places, known_term)):
        return Coverage(0.0, [], uncovered_district=place)
    # Short numbers ("1" of "alert(1)") say nothing about a topic; codes (510203) and years do. The parts that only
    # tell the user's story (跑外卖, 社区安排的) are no words the documents must write.
    if asked is None:
        # the best of the whole question, it without its story parts, and its asking parts alone when they say
        # enough (a long story around 单位报上去以后市人社局审要多长时间 names much no passage need write)
        asking = " ".join(p for p, asks in question_parts(question) if asks)
        views = [v for v in (asked_text(question), asking if len(content_terms(asking)) >= 3 else "")
                 if v and v != normalise(question)]
        if views:
            whole = _coverage(a, docs, known_term, policy_places, route, content_terms(question, a.terms))
            return max([whole, *(_coverage(a, docs, known_term, policy_places, route, content_terms(v)) for v in views)],
                       key=lambda c: c.ratio)
    asked = content_terms(question, a.terms) if asked is None else asked
    # 我是某软件公司的hr: the words saying who asks name no subject the passages must write (whatever else is asked)
    asker = asker_words(question)
    asked = [t for t in asked if t not in asker] or asked
    parts = folded_parts(question)  # 大学, 学生 of 大学生: asked as 应届, which 高校毕业生 writes
    wanted = [t for t in asked if known_term(t) and (not t.isdigit() or len(t) >= 4) and t not in parts]
    if route == "job":
        # A job question must match some posting on what it is about, not only on 招聘/工资/补贴.
        # The places a job question names (learnt from the question, not a list) say where, not what.
        places = {n for p in place_mentions(question) for n in (p.name, p.short)}
        places |= {n for p in policy_places for n in (p, short_name(p))}
        specific = [t for t in wanted if t not in set(slots()["generic_job_terms"]) and t not in places]
        postings = [d for d in docs[:5] if d.metadata.get("doc_type") == "job"]
        if specific and postings:
            seen = set()
            for d in postings:
                seen |= set(terms(" ".join(str(d.metadata.get(k, "")) for k in ("title", "skills", "description"))))
            if not seen & set(specific):
                unknown = [t for t in asked if not known_term(t)]
                unknown = [t for t in unknown if not any(t != u and t in u for u in unknown)]
                return Coverage(0.0, (unknown or specific)[:2])
    if not wanted:
        return Coverage(0.0 if asked else 1.0, asked[:2])
    present: set[str] = set()
    for d in docs[:5]:
        present |= set(terms(f"{d.metadata.get('title', '')} {d.metadata.get('section', '')} {d.page_content}"))
    missing = [t for t in wanted if t not in present and not alternate_terms(question, t) & present]  # 房租: 租金
    # a word no passage writes counts once with its search-mode parts none writes either (大学生: 大学, 学生)
    once = {t for t in missing if any(t != u and t in u for u in missing)}
    missing = [t for t in missing if t not in once]
    return Coverage(1 - len(missing) / (len(wanted) - len(once)), missing)
