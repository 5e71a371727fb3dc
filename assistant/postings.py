"""Answers about job postings: which posting the question names (title, employer, district, address as written,
however casually), which of its fields it asks for (工资多少, 电话多少, 招几个人, 截止什么时候, 要什么学历), and
the asked fields first, the posting named and cited. A list only when the question asks for one (有哪些岗位) or
the posting named is ambiguous (then each posting with the asked fields). An employer or place no posting has is
refused, naming what was checked.

Field names come from the ingested postings (canonical keys, or the column as the export wrote it: 联系电话,
截止日期, deadline) and are mapped to what a question asks by ``data/posting_fields.json``; the embedding model
only breaks ties between postings the words match equally well."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache

import numpy as np
from langchain_core.documents import Document

from assistant.lexicon import DATA, contains_any, routes, slots
from assistant.scope import scope_rules
from core.places import place_mentions, same_place, short_name
from knowledge.query import (
    QueryAnalysis,
    ask_kinds,
    background,
    classify_asks,
    match_cues,
    question_endings,
    question_parts,
    stated_kinds,
)
from knowledge.tokenize import abroad, cut, names_place, normalise, place_names, side_names, tagged

# metadata a posting passage carries that is not one of its fields
_SYSTEM = {"version", "source", "sha256", "places", "covers", "issuer", "section", "page", "doc_type", "score",
           "dense_score", "bm25_score", "id", "city", "chunk", "kind", "doc_number", "effective_date", "expires"}
_RUN = re.compile(r"[\u4e00-\u9fffa-z0-9]+")
_PIECES = re.compile(r"(?<=[；;。，,])")
# the job a follow-up asks the employer for (他们家有没有招工艺工程师 本科的 → 工艺工程师)
_ASKED_TITLE = re.compile(r"招(?:不招)?([\u4e00-\u9fffa-z]{2,8}?)(?:吗|的|不|没|呢|啊|$|[\s，,。？?！!])")
_UNHELD = re.compile(r"(?:没有|没|无|还没考|没考)[\u4e00-\u9fff]{1,6}?证")
_MIN_NAMED = 1.5  # a posting is named when its words score at least this (one title word and a district's half)


@cache
def posting_fields() -> dict:
    return json.loads((DATA / "posting_fields.json").read_text(encoding="utf-8"))


def kinds() -> dict[str, dict]:
    return posting_fields()["kinds"]


@cache
def field_kind(name: str) -> str | None:
    """A posting field's name → the kind it holds: a canonical key (salary) directly, else the longest kind name
    the field's name holds (联系电话 → contact, 福利待遇 → welfare, 月薪（元） → salary); None for no kind."""
    for kind, spec in kinds().items():
        if name in spec.get("keys", []):
            return kind
    low = normalise(name)
    best = max(((len(n), k) for k, spec in kinds().items() for n in spec["names"] if normalise(n) in low), default=None)
    return best[1] if best else None


@cache
def _cue_index(weak: bool = True) -> list[tuple[str, str]]:
    keys = ("cues", "weak_cues") if weak else ("cues",)
    return sorted(((normalise(c), k) for k, spec in kinds().items() for key in keys for c in spec.get(key, [])),
                  key=lambda c: -len(c[0]))


def asked_kinds(text: str, weak: bool = True) -> list[str]:
    """The posting field kinds a text asks for, in the order asked (cues longest first, a span matched once);
    ``weak``: with the words that only describe the person (大专, 41岁)."""
    return match_cues(text, [(_cue_index(weak), False)])


def asking_parts(text: str) -> list[str]:
    """The parts of a message that ask (a cue of a posting field or of a policy ask, or a question ending), in
    order; the story around them (我是25届护理专业, 执业证还没下来) asks nothing."""
    return [p for p, asks in question_parts(text) if asks or asked_kinds(p, weak=False)]


def wants_list(text: str) -> bool:
    return any(normalise(c) in normalise(text) for c in posting_fields()["list_cues"])


@cache
def _generic() -> frozenset[str]:
    return frozenset(posting_fields()["generic_grams"])


def grams(text: str) -> set[str]:
    """Character bigrams of a name's words (never across punctuation), without the generic ones (有限公司, 岗位)."""
    out = set()
    for run in _RUN.findall(normalise(text)):
        out.update(run[i:i + 2] for i in range(len(run) - 1))
    return out - _generic()


def fields_of(doc: Document) -> dict[str, str]:
    """A posting passage's fields, by the names ingest kept (canonical keys and columns as written)."""
    return {k: str(v) for k, v in doc.metadata.items() if k not in _SYSTEM and str(v).strip()}


@dataclass
class Match:
    doc: Document
    score: float
    rank: float = 0.0  # the tie-break: retrieval order, then meaning
    employer: int = 0  # words of the employer's name the question writes

    @property
    def key(self) -> tuple[str, str]:
        md = self.doc.metadata
        return str(md.get("title", "")), str(md.get("company", ""))


@dataclass
class _Grams:
    title: set[str]
    company: set[str]
    place: set[str]
    title_text: str
    held: set[str] = field(default_factory=set)  # the words of its employer, title and place, whatever most carry
    company_text: str = ""  # the employer's name as normalised text
    skips: frozenset[str] = frozenset()  # the title's pairs of characters one apart (仓管 of 仓库管理员)


_INDEX: dict[int, tuple[list[Document], list[_Grams]]] = {}


def _index(postings: list[Document]) -> list[_Grams]:
    """Each posting's name grams, computed once per list of postings (the retriever caches the list per version).
    An employer's words exclude its posting's place (桦埕区…街道办事处 names a district, not the employer) and the
    words most employers carry (the city's name)."""
    cached = _INDEX.get(id(postings))
    if cached is not None and cached[0] is postings:
        return cached[1]
    rows = []
    for doc in postings:
        f = fields_of(doc)
        place = " ".join(v for k, v in f.items() if k in ("district", "city") or field_kind(k) == "address")
        rows.append((f, grams(place)))
    companies = {f.get("company", ""): grams(f.get("company", "")) for f, _ in rows}
    seen: dict[str, int] = {}
    for g in companies.values():
        for x in g:
            seen[x] = seen.get(x, 0) + 1
    common = {x for x, n in seen.items() if n >= 3 and n >= 0.15 * len(companies)}
    out = [_Grams(grams(f.get("title", "")), companies[f.get("company", "")] - place - common, place,
                  normalise(f.get("title", "")), grams(f"{f.get('company', '')} {f.get('title', '')}") | place,
                  normalise(f.get("company", "")), _skips(normalise(f.get("title", "")))) for f, place in rows]
    _INDEX.clear()
    _INDEX[id(postings)] = (postings, out)
    return out


_WORDS: dict[int, tuple[list[Document], tuple[set[str], set[str]]]] = {}


def _employer_words(postings: list[Document]) -> tuple[set[str], set[str]]:
    """(the words of every employer's and title's name, the words most employers carry: the city's name), once per
    list of postings (the retriever caches the list per version)."""
    cached = _WORDS.get(id(postings))
    if cached is not None and cached[0] is postings:
        return cached[1]
    seen: dict[str, int] = {}
    companies = {fields_of(d).get("company", "") for d in postings}
    for company in companies:
        for g in grams(company):
            seen[g] = seen.get(g, 0) + 1
    common = {g for g, n in seen.items() if n >= 3 and n >= 0.15 * len(companies)}
    names: set[str] = set()
    for d in postings:
        f = fields_of(d)
        names |= grams(f.get("company", "")) | grams(f.get("title", ""))
    _WORDS.clear()
    _WORDS[id(postings)] = (postings, (names - common, common))
    return names - common, common


def _skips(title: str) -> frozenset[str]:
    return frozenset(title[i] + title[i + 2] for i in range(len(title) - 2))


def shortened(g: _Grams, q: set[str]) -> int:
    """The question's two-character words that shorten the title by leaving out one character (仓管 for 仓库管理员,
    电焊 for 电气焊工): each counts as a title word."""
    return sum(1 for x in q if x in g.skips and x not in g.title)


def match(question: str, postings: list[Document], wider: list[str] = ()) -> list[Match]:
    """Every posting scored by the words of the question it shares: its title and employer count fully, its
    district and address by half (a district names many postings), the whole title written out one more. A
    ``wider`` place the question names (the city, 蕤州) names no one posting's district, though a zone is named
    after it (蕤州高新区)."""
    q = grams(question)
    where = q - set().union(*(grams(short_name(p)) for p in wider))
    text = normalise(question)
    out = []
    for doc, g in zip(postings, _index(postings)):
        employer = len(g.company - g.title & q)
        score = len(g.title & q) + shortened(g, q) + employer + 0.5 * len(g.place & where)
        if g.title_text and g.title_text in text:
            score += 1.0
        out.append(Match(doc, score, employer=employer))
    return out


def names_some(name: str, postings: list[Document]) -> bool:
    """Some posting's title, employer or address writes a word of ``name`` (港城物流 of 港城物流园): it names one."""
    own = grams(name)
    return any(own & (g.title | g.company | g.place) for g in _index(postings))


def followed_posting(message: str, answer: str, postings: list[Document], moved: bool = False) -> Document | None:
    """A follow-up that names, by a word of its title, one of the postings the previous answer gave (配班老师那个
    工资多少 after an answer naming 幼儿园配班教师) and asks its fields: that posting; the one posting the answer gave
    (by title and employer) when the follow-up asks its fields and names none, nor a place (``moved``: a place the
    message writes, by a slip too: 那郝桥那边呢 asks another place's, and so does 那高新区的呢 of a named title); None
    otherwise."""
    if not answer or not asked_kinds(message, weak=False) or contains_any(message, routes()["subsidy_ask"]):
        return None
    q = grams(message)
    text = normalise(answer)
    places = [m.name for m in place_mentions(message)]  # 那沄墩区那个电商运营呢: not the one the answer gave elsewhere
    best, score = None, 0
    given: list[Document] = []  # the postings the answer names by title and employer
    for doc, g in zip(postings, _index(postings)):
        if not g.title_text or g.title_text not in text or places and not any(
                same_place(str(doc.metadata.get("district", "")), p) for p in places):
            continue
        if g.company_text in text:
            given.append(doc)
        s = len(g.title & q) + shortened(g, q) + len(g.company - g.title & q)
        if s > score:
            best, score = doc, s
    if moved and not places:
        return None  # 那高新区的呢 (a place written so that no district mention reads it): another place's postings
    # 包不包住？报名截止到啥时候 after an answer that gave one posting: its fields are asked, whatever the message names
    return best or (given[0] if len(given) == 1 and not places else None)


def named_strength(question: str, postings: list[Document], programmes: list[str] | tuple = ()) -> tuple[int, int]:
    """(title words, employer words) the question shares with the posting it names best: how plainly it names one
    (某某机器人 运维技术员 → both; 招个电工 → the title's only). A programme the question names is not read as a
    posting's words unless some posting's title or employer holds it (护理 in 护理员)."""
    text = normalise(question)
    if programmes:  # the postings' names are read only when the question names a programme
        names = " ".join(normalise(f"{d.metadata.get('title', '')} {d.metadata.get('company', '')}") for d in postings)
        for p in programmes:
            if normalise(p) not in names:
                text = text.replace(normalise(p), " ")
    q = grams(text)
    best = (0, 0)
    for g in _index(postings):
        t = len(g.title & q) + shortened(g, q) + (1 if g.title_text and g.title_text in text else 0)
        c = len(g.company - g.title & q)
        if t + c > sum(best):
            best = (t, c)
    return best


def _written_employers(message: str, places: list[str], common: set[str],
                       named: list[str] = ()) -> list[tuple[str, set[str], str]]:
    """(name, its own words, the run before the suffix) of each employer the message names by a suffix (…医院, …厂):
    the run without the words saying which one (那家, 在…) nor the places it is written with; its own words are the
    name's bigrams but the suffix's and those most employers carry. A suffix one of the ``named`` employers has
    names a kind of employer, not one."""
    text = normalise(message)
    out = []
    for suffix in sorted(posting_fields()["employer_suffixes"], key=len, reverse=True):
        if any(suffix in n for n in named):
            continue
        for m in re.finditer(re.escape(suffix), text):
            window = text[max(0, m.start() - 6):m.start()]
            run = _RUN.findall(window)
            head = run[-1] if run and window.endswith(run[-1]) else ""  # 工资多少？厂子: no name runs into the suffix
            head = re.sub(r"^.*(那家|这家|一家|哪家|个|那边|这边|的|在|去|是)", "", head)  # 想去蓠浦那个养老院, 那边找个养老院: 养老院
            tags = tagged(head)
            while len(tags) > 1 and tags[0][1] == "v" and len(head) - len(tags[0][0]) >= 2:  # 看到仁和医院: 仁和
                head, tags = head[len(tags[0][0]):], tags[1:]
            if head.endswith(tuple(posting_fields()["not_names"])):
                continue  # 你们学校, 那家厂: no name written
            bare = head
            for place in sorted(places, key=len, reverse=True):
                bare = bare.replace(normalise(place), " ")
            if len(head) >= 2 and bare.strip():
                start = m.start() - len(head)
                for place in places:  # the name as written, with the place it starts with (某市第一人民医院)
                    at = text.rfind(normalise(place), 0, m.start())
                    start = at if 0 <= at < start < at + len(normalise(place)) else start
                own = grams(bare.strip() + suffix) - grams(suffix) - common
                out.append((text[start:m.start()] + suffix, own, bare.strip()))
    return out


@dataclass
class PostingAnswer:
    """What the posting step decided: an answer (text, cited), a refusal (text), or what the posting does not
    state (labels and the posting checked)."""

    text: str = ""
    cited: list[Document] = field(default_factory=list)
    refusal: str = ""
    not_stated: list[str] = field(default_factory=list)
    checked: str = ""


class PostingAnswerer:
    def __init__(self, max_chars: int = 200, max_postings: int = 3, vectors=None) -> None:
        self.max_chars = max_chars
        self.max_postings = max_postings
        self.vectors = vectors  # assistant.clauses.ClauseVectors or None: the tie-break by meaning

    def answer(self, question: str, a: QueryAnalysis, retrieved: list[Document], postings: list[Document],
               focus: str = "", knows=None, own: QueryAnalysis | None = None) -> PostingAnswer | None:
        """None when the question names no posting, employer or place of the postings and asks for no list: the
        usual retrieval answer then lists the nearest postings. ``knows(term)``: does the knowledge base hold the
        term anywhere (an employer or job no document names is refused). ``own``: a follow-up's message analysed
        alone (the place it moves to, written in the standalone question beside the earlier one's)."""
        if not postings:
            return None
        message = focus or question
        parts, asked = _asks(message)
        if not asked and message != question:  # 那澄埭区呢 after 槐渚有啥电工岗位: what was asked, of the place now named
            parts, asked = _asks(question)
        order = {d.id: i for i, d in enumerate(d for d in retrieved if d.metadata.get("doc_type") == "job")}
        # 我没有护士证: a certificate the user lacks names no posting asked for
        matches = match(_UNHELD.sub(" ", normalise(question)), postings, [p for p in a.places if p not in a.districts])
        for m in matches:
            m.rank = -order.get(m.doc.id, len(order) + 1)
        if (others := self._others(message, question, matches, postings)) is not None:
            return others
        top = max((m.score for m in matches), default=0.0)
        place = ((self._unknown_place(own, postings) if own is not None else "") or self._unknown_place(a, postings)
                 or self._bare_place(message, a if own is None else own, knows))
        # 那杭州那边电工一般开多少: a place no posting is in that the user's message asks about (not where the user comes
        # from) is refused however well a title matches; one the message does not name needs a weak match
        if place and (top < 3 or _suffixed(place, question) or names_place(message, place) and not background(message, place)):
            return PostingAnswer(refusal=self._checked_refusal(place, postings))  # 某县那边有没有招数控车工的
        name = self._unknown_name(message, a, knows)
        best = [m for m in matches if m.score == top]
        if name and top >= 3 and (names_some(name, [m.doc for m in best]) or any(m.employer for m in best)):
            name = ""  # 港城物流 of its address, 锂电 beside the employer's own name (鸿锂) and the title: one posting named
        if name and any(name in v for d in postings for v in fields_of(d).values()):
            name = ""  # 招住家的: a posting's field writes it (客户家庭（住家）), though the index holds no such word
        unnamed = top < _MIN_NAMED or not any(m.employer >= 2 for m in best)  # 某某医院招护理员: the title only
        # with a posting named by its title, an employer's kind that posting's employer is (有酒店招前台吗) names none
        kinds_named = [m.key[1] for m in best] if top >= _MIN_NAMED else []
        employer = self._unknown_employer(message, postings, a.places, kinds_named) if unnamed else ""
        if name := employer if employer and name in employer else name:  # 某市中医院, not only its unknown 医院
            return PostingAnswer(refusal=self._checked_refusal(name, postings))
        if near := self._near_employer(message, postings, a.places):
            return PostingAnswer(refusal=self._checked_refusal(near, postings))
        if wants_list(message) and top < _MIN_NAMED and (here := self._in_place(matches, a)):
            return self._list(_unexperienced(here, message), asked, parts=parts)  # 蓝新那边有哪些单位在招人: that place's postings
        if top < _MIN_NAMED or wants_list(message) and top < 3:
            return None  # nothing named, or a list asked with a word or two in common: the retrieved postings
        named = self._named(matches, top, a, question)
        if (here := _one_district(a)) and not any(_posted_in(m.doc, here) for m in named):
            return PostingAnswer(refusal=_not_here(here, named))  # 临沚有招护士的吗: never another district's posting
        if wants_list(message) or len({m.key for m in named}) > 1:
            return self._list(named, asked, parts=parts)
        if "requirements" not in asked and any(p.endswith(question_endings()) and not _exists(p)
                                               and not asked_kinds(p, weak=False) for p in parts):
            asked.append("requirements")  # 能先签吗, 我48岁能去吗: a yes/no ask about the person is one of requirements
        return self._one(named[0].doc, asked, parts, held=_holds(message), schooled=_schooled(message))

    # ---- which posting -----------------------------------------------------------------------------------------
    def _named(self, matches: list[Match], top: float, a: QueryAnalysis, question: str) -> list[Match]:
        """The postings that fit the words as well as the best one (within one shared word), the same posting
        listed twice counted once; ordered by the words, then retrieval order, then meaning."""
        close = [m for m in matches if m.score >= max(_MIN_NAMED, top - 0.99)]
        here = list(dict.fromkeys(a.districts + a.places)) if a.districts else []
        if here:  # a zone the question names beside a district (珑垭区和高新区) is a place asked too
            # (那高新区的呢 after an answer naming another district's employer: that employer's words, carried by the
            # standalone question, do not outrank the postings of the place asked)
            placed = [m for m in matches if m.score >= _MIN_NAMED and any(_posted_in(m.doc, p) for p in here)]
            best_here = max((m.score for m in placed), default=0.0)
            close = [m for m in placed if m.score >= best_here - 0.99] or close
        if self.vectors is not None and len(close) > 1:
            q = self.vectors.query(question)
            sims = self.vectors.get([m.doc.page_content for m in close]) @ q
            for m, s in zip(close, sims):
                m.rank += float(np.clip(s, 0.0, 1.0))  # within one retrieval rank, meaning decides
        close.sort(key=lambda m: (-m.score, -m.rank))
        out = _once(close)
        by_place = [[m for m in out if _posted_in(m.doc, p)] for p in here]
        if sum(1 for ms in by_place if ms) > 1:  # 甪陂和高新区的数控车工哪个给得多: the best of each place asked
            return [m for m in out if any(m in ms and m.score >= ms[0].score - 0.49 for ms in by_place if ms)]
        best = [m for m in out if m.score >= top - 0.49]  # a clearly better match is the one named
        return best if len(best) == 1 else out

    def _others(self, message: str, question: str, matches: list[Match], postings: list[Document]) -> PostingAnswer | None:
        """除了仓管还招别的吗, 他们家还招别的吗 (other_cues in posting_fields.json) of the employer the question names,
        by its words or the conversation's (the standalone question carries them): that employer's other postings,
        those the question names by title left out, with the asked fields and the pay; when it posts nothing else,
        that it posts only those. None when no other posting is asked for or no employer is named."""
        text = normalise(message)
        wanted = _ASKED_TITLE.search(text) if contains_any(text, slots()["followup_refs"]) and not wants_list(text) else None
        if wanted and (contains_any(wanted.group(1), slots()["question_words"]) or not grams(wanted.group(1))):
            wanted = None  # 这家在招哪些岗位: a list asked, no job named
        if not contains_any(text, posting_fields()["other_cues"]) and not wanted:
            return None
        best = max(matches, key=lambda m: (m.score, m.employer), default=None)
        if best is None or best.employer < 2 and (best.score < 3 or len(
                {m.key[1] for m in matches if m.score == best.score}) > 1):
            return None  # the employer written out, or the one of the posting the question plainly names
        q = grams(question)
        own, named, seen = [], [], set()
        for m, g in zip(matches, _index(postings)):
            if m.key[1] != best.key[1] or m.key in seen:
                continue
            seen.add(m.key)
            (named if len(g.title & q) + shortened(g, q) else own).append(m)
        titles = "、".join(f"「{m.key[0]}」" for m in named + own)
        if wanted and not contains_any(text, posting_fields()["other_cues"]):
            title = wanted.group(1)
            if any(grams(title) & g.title for g in _index(postings)):
                return None  # 他们家叉车司机呢, 他们家招不招分拣员: a posting's title, the usual answer
            return PostingAnswer(refusal=f"收录的岗位中，{best.key[1]}只招{titles}，没有「{title}」的招聘信息。"
                                         "如需确认，建议咨询招聘单位或区公共就业服务中心。")
        if not own:
            return PostingAnswer(text=f"收录的岗位中，{best.key[1]}只招{titles}。[1]", cited=[named[0].doc])
        parts, asked = _asks(message)
        return self._list(own, list(dict.fromkeys([*asked, "salary"])), lead=f"{best.key[1]}还在招：", parts=parts)

    @staticmethod
    def _in_place(matches: list[Match], a: QueryAnalysis) -> list[Match]:
        """The postings in the place the question names (a district, by its name or short name), each listed once,
        in retrieval order; [] when it names none or several."""
        places = list(dict.fromkeys(a.districts or a.places))
        if len(places) != 1:
            return []
        here = [m for m in matches if same_place(str(m.doc.metadata.get("district", "")), places[0])]
        return _once(sorted(here, key=lambda m: -m.rank))

    def _unknown_place(self, a: QueryAnalysis, postings: list[Document]) -> str:
        """A place the question names that no posting is in, when it names none that one is in ('' otherwise)."""
        if not a.places:
            return ""
        where = " ".join(" ".join(v for k, v in fields_of(d).items() if k in ("district", "city", "company") or field_kind(k) == "address")
                         + " " + str(d.metadata.get("city", "")) + " " + str(d.metadata.get("places", "")) for d in postings)
        where = normalise(where)
        stems = [normalise(short_name(p)) for p in a.places]  # 蓝新区 → 蓝新, not 蓝 of its 新区
        if any(len(s) >= 2 and s in where for s in stems):
            return ""
        return a.places[0]

    @staticmethod
    def _bare_place(text: str, a: QueryAnalysis, knows) -> str:
        """A place written without a suffix (杭州), or a name written before 那边 (邹坪那边有没有招电工的), that the
        question names and no document writes at all, when the question names no place of its own ('' otherwise)."""
        if a.places or knows is None:
            return ""
        side = scope_rules()["moved"]
        return next((w for w in [*place_names(text), *side_names(text, side["side"], side["name_tags"])]
                     if not abroad(w) and not knows(w)), "")

    def _unknown_employer(self, message: str, postings: list[Document], places: list[str] = (),
                          named: list[str] = ()) -> str:
        """An employer the message names by a suffix (…科技, …医院, …厂) none of whose words any posting's employer
        or title shares; the places it is written with (某市中医院: 中医) are not its words. A suffix one of the
        ``named`` postings' employers has (酒店 of 某某度假酒店) names that kind of employer, not an unknown one."""
        names, common = _employer_words(postings)
        for name, own, _ in _written_employers(message, places, common, named):
            if own and not own & names:
                return name
        return ""

    @staticmethod
    def _near_employer(message: str, postings: list[Document], places: list[str] = ()) -> str:
        """An employer the message names by a suffix, some of whose words (of two characters or more) a posting's
        employer shares while no one posting's employer, title and place writes them all (第一人民医院 when only
        第三人民医院 posts): another employer of a near name."""
        _, common = _employer_words(postings)
        held = [(g.company, g.held) for g in _index(postings)]
        for name, _, bare in _written_employers(message, places, common):
            words = [grams(w) for w in cut(bare) if len(w) >= 2 and grams(w)]
            if words and any(w <= company for w in words for company, _ in held) \
                    and not any(all(w <= h for w in words) for _, h in held):
                return name
        return ""

    @staticmethod
    def _unknown_name(message: str, a: QueryAnalysis, knows) -> str:
        """A word no document holds where an employer or a job is named: next to 招 (某某在…招, 招不招UI设计) or
        before an employer's suffix (…集团招…)."""
        if knows is None:
            return ""
        text = normalise(message)
        spec = posting_fields()
        after = tuple(spec["employer_after"]) + tuple(spec["employer_suffixes"])
        places = "".join(a.places) + "".join(p.name for p in place_mentions(message))
        cues = " ".join(c for k in kinds().values() for key in ("cues", "weak_cues") for c in k.get(key, []))
        cues += " " + " ".join(c for k in ask_kinds().values() for c in k.get("cues", []))
        stop = set(slots()["stopwords"])
        # a numeral, a time or place word, a pronoun, an adverb (几家, 以前, 那边, 一共 of 一共招几个), a kind of
        # employer (厂子 of 有没有厂子招…) names nobody
        fillers = {w for w, flag in tagged(text) if flag.startswith(_NO_NAME_TAGS)}
        for term in dict.fromkeys(a.terms):
            if len(term) < 2 or term in places or term in cues or term in fillers or term[0] in "不没" or not _RUN.fullmatch(term) \
                    or term.removesuffix("子") in spec["employer_suffixes"] \
                    or any(w in term for w in stop | set(spec["not_names"]) if len(w) >= 2) or knows(term):
                continue
            if len(term) > 2 and any(knows(term[i:i + 2]) for i in range(len(term) - 1)):
                continue  # 技术工种: a compound of known words, no name
            unknown = [t for t in a.terms if len(t) >= 2 and t not in places and not knows(t)]
            for m in re.finditer(re.escape(term), text):
                before, rest = text[:m.start()], text[m.end():]
                if rest.startswith(after) or before.endswith(tuple(spec["role_before"])):
                    start = m.start()  # the whole name: the unknown words before it (海星 of 海星重工), its suffix
                    while prev := next((t for t in unknown if text[:start].endswith(t)), ""):
                        start -= len(prev)
                    suffix = next((x for x in sorted(spec["employer_suffixes"], key=len, reverse=True) if rest.startswith(x)), "")
                    return text[start:m.end()] + suffix
        return ""

    @staticmethod
    def _checked_refusal(name: str, postings: list[Document]) -> str:
        files = list(dict.fromkeys(str(d.metadata.get("source", "")) for d in postings))
        places = list(dict.fromkeys(str(d.metadata.get("district", "")) for d in postings if d.metadata.get("district")))
        where = f"，涉及{'、'.join(places[:6])}" if places else ""
        return (f"抱歉，我查了收录的{len(postings)}条招聘岗位（{'、'.join(files[:3])}{where}），没有找到「{name}」的招聘信息，"
                "不能凭猜测回答。如需确认，建议咨询招聘单位或区公共就业服务中心。")

    # ---- what it asks ------------------------------------------------------------------------------------------
    def _values(self, doc: Document, kind: str, parts: list[str], budget: int) -> list[tuple[str, str]]:
        """(label, value) of the posting's fields holding ``kind``; a long value cut to its pieces that the asked
        parts' words, or their policy ask's kind of fact (年龄 for 41岁), point at."""
        out = []
        for name, value in sorted(fields_of(doc).items()):  # one order for the fields of a kind, however the store returns them
            if field_kind(name) != kind or name == "title":
                continue
            out.append((_label(name), _cut(value, parts, budget)))
        return out

    def _told_with(self, doc: Document, kind: str, asked: list[str], parts: list[str], budget: int) -> list[tuple[str, str]]:
        """The fields of the kinds told with ``kind`` ('with': 学历, 经验 with 要求) that are not asked themselves."""
        return [v for w in kinds()[kind].get("with", []) if w not in asked for v in self._values(doc, w, parts, budget)]

    def _one(self, doc: Document, asked: list[str], parts: list[str], held: bool = False,
             schooled: bool = False) -> PostingAnswer:
        """The posting's fields asked, then those a seeker acts on; ``held``: the story names the user's certificate,
        so the posting's certificate field is told too; ``schooled``: it names the user's schooling (我大专毕业), so
        the posting's 学历 is."""
        f = fields_of(doc)
        head = _head(f)
        if not asked:  # 有没有招…的 / 招人吗: the posting's line, then whom to call
            contact = "".join(f"｜{label}：{value}" for kind in self._defaults(["salary"], parts)
                              for label, value in self._values(doc, kind, [], 40))
            line = _line(f, [])
            return PostingAnswer(text=f"{line}{contact if len(line + contact) <= self.max_chars - 8 else ''}[1]", cited=[doc])
        got, missing = [], []
        budget = max(self.max_chars - len(head) - 8, 60)
        share = budget // max(len(asked), 1)  # each asked kind's room
        for kind in asked:
            values = self._told_with(doc, kind, asked, parts, share) + self._values(doc, kind, parts, share + 20)
            if not values and (instead := kinds()[kind].get("instead")) and instead not in asked:
                values = self._values(doc, instead, parts, share + 20)
            if not values and kind == "address" and f.get("district"):
                values = [("工作地点", f["district"])]
            if not values:
                missing.append(kinds()[kind]["label"])
            got += values
        answered = [k for k in asked if kinds()[k]["label"] not in missing]
        # 有没有保底: 要求's piece writing 保底 (a piece of a value already quoted is not quoted again)
        mentioned = [(label, piece) for label, piece in _mentioned(doc, parts, answered)
                     if not any(label == had and piece in value for had, value in got)]
        got += mentioned
        missing = [kinds()[k]["label"] for k in asked if kinds()[k]["label"] in missing
                   and not any(_cue_grams(k) & grams(value) for _, value in mentioned)]  # 夜班 asked, 能适应夜班 told
        if not got:
            return PostingAnswer(not_stated=missing, checked=f"{head}岗位信息")
        got = list(dict.fromkeys(got))
        used = len(head) + sum(len(label) + len(value) + 2 for label, value in got)
        names = tuple(posting_fields()["held"]["names"])
        certificate = [v for v in self._values(doc, "requirements", [], 40) if any(n in v[0] for n in names)] if held else []
        told = ["education"] * (schooled and "education" not in asked)
        for kind in ["held"] * bool(certificate) + told + self._defaults(asked, parts):  # then what a seeker acts on: the
            # certificate the story names (手上只有低压电工证), the pay, whom to call
            extra = [v for v in (certificate if kind == "held" else self._values(doc, kind, [], 40)) if v not in got]
            size = sum(len(label) + len(value) + 2 for label, value in extra)
            if extra and used + size <= self.max_chars - 8:
                got += extra
                used += size
        body = "；".join(f"{label}：{value}" for label, value in got)
        text = f"{head}——{body}[1]"
        if missing:
            text += f"\n（岗位信息中没有写明{'、'.join(missing)}。）"
        return PostingAnswer(text=text, cited=[doc])

    @staticmethod
    def _defaults(asked: list[str], parts: list[str]) -> list[str]:
        """The fields told after the asked ones (default_kinds): the contact always, the pay when the question asks
        whether there is such a job (芦汀那边有没有招的)."""
        told = posting_fields()["default_kinds"]
        return [k for k in told if k not in asked and (k != "salary" or any(_exists(p) for p in parts))]

    def _list(self, named: list[Match], asked: list[str], lead: str = "找到这些相关岗位：",
              parts: list[str] | tuple = ()) -> PostingAnswer:
        lines, cited = [], []
        per = max(self.max_chars // max(min(len(named), self.max_postings), 1) - 10, 40)
        for m in named[: self.max_postings]:
            f = fields_of(m.doc)
            values = {kind: self._told_with(m.doc, kind, asked, [], per) + self._values(m.doc, kind, [], per)
                      for kind in asked}
            shown = [v for kind in asked for v in values[kind]]
            shown += [(label, piece) for label, piece in _mentioned(m.doc, list(parts), [k for k in asked if values[k]])
                      if not any(label == had and piece in value for had, value in shown)]
            if shown and "salary" not in asked:  # 包不包住 of each: what it pays too, as a line with nothing asked has
                shown += [v for v in self._values(m.doc, "salary", [], per) if v not in shown]
            cited.append(m.doc)
            lines.append(f"{len(cited)}. {_line(f, shown)}[{len(cited)}]")
        return PostingAnswer(text=lead + "\n" + "\n".join(lines), cited=cited)


_NO_NAME_TAGS = ("m", "f", "t", "r", "d", "p", "q", "u", "c", "y")  # jieba's tags of words that name no one


def _unexperienced(matches: list[Match], message: str) -> list[Match]:
    """Of a list asked for someone with no experience (有哪些不要经验的岗位; no_experience in posting_fields.json), the
    postings that ask for none, when some do; ``matches`` as they are otherwise."""
    wish = posting_fields()["no_experience"]
    if not contains_any(normalise(message), wish["cues"]):
        return matches
    return [m for m in matches if any(v in value for k, value in fields_of(m.doc).items() if field_kind(k) == "experience"
                                      for v in wish["values"])] or matches


def _one_district(a: QueryAnalysis) -> str:
    """The one district (or zone) a job question names, '' when it names none or several."""
    districts = list(dict.fromkeys(a.districts))
    return districts[0] if len(districts) == 1 else ""


def _posted_in(doc: Document, place: str) -> bool:
    """The posting is in the place: its district, or its district or address as written (蔚岙区长庚路…)."""
    district = str(doc.metadata.get("district", ""))
    if district and same_place(district, place):
        return True
    where = " ".join([district, *(v for k, v in fields_of(doc).items() if field_kind(k) == "address")])
    return len(short_name(place)) >= 2 and normalise(short_name(place)) in normalise(where)  # 蔚岙区长庚路…


def _suffixed(place: str, question: str) -> bool:
    """The place is written with its suffix (某县, 某区), so no word of a title or employer read as one."""
    return len(place) >= 3 and place[-1] in "省市区县镇" and normalise(place) in normalise(question)


def _not_here(place: str, named: list[Match]) -> str:
    """No posting of the kind asked in the district named: say so, and where such postings are (no figure of theirs)."""
    titles = "、".join(dict.fromkeys(f"「{m.key[0]}」" for m in named[:3]))
    where = "、".join(dict.fromkeys(str(m.doc.metadata.get("district", "")) for m in named if m.doc.metadata.get("district")))
    elsewhere = f"收录的{titles}岗位在{where}。" if where else ""
    return (f"抱歉，收录的招聘岗位中没有{place}的{titles}招聘信息，不能拿别处的岗位代替。{elsewhere}"
            "如需确认，建议咨询招聘单位或区公共就业服务中心。")


def _once(matches: list[Match]) -> list[Match]:
    """The matches in their order, the same posting listed twice (its title and employer) kept once."""
    first: dict[tuple[str, str], Match] = {}
    for m in matches:
        first.setdefault(m.key, m)
    return list(first.values())


def _label(name: str) -> str:
    from ingest.chunking import POSTING_LABELS

    return POSTING_LABELS.get(name, name)


def _head(f: dict[str, str]) -> str:
    place = f"（{f['district']}）" if f.get("district") else ""
    return f"{f.get('company', '')}「{f.get('title', '')}」{place}"


def _line(f: dict[str, str], shown: list[tuple[str, str]]) -> str:
    """title｜company｜district｜the asked fields (or salary and education when none is asked)."""
    cells = [f.get("title", ""), f.get("company", ""), f.get("district", "")]
    if shown:
        cells += [f"{label}：{value}" for label, value in dict.fromkeys(shown)]
    else:
        cells += [f.get("salary", "")] + [x for x in (f.get("education", ""), f.get("experience", "")) if x]
    return "｜".join(c for c in cells if c)


def _cut(value: str, parts: list[str], budget: int) -> str:
    """The value whole when it fits; else its pieces (between ；，。) that share a word with the asked parts or
    hold the kind of fact a part asks (年龄18-40周岁 for 我42能去吗), in order; else its first pieces."""
    value = value.strip().rstrip("。；;")
    if len(value) <= budget:
        return value
    pieces = [p for p in _PIECES.split(value) if p.strip()]
    want = set().union(*(grams(p) for p in parts)) if parts else set()
    facts = [ask_kinds()[k].get("fact", "") for p in parts for k in classify_asks(p) + stated_kinds(p)]  # 今年42了能去吗
    picked = [p for p in pieces if want & grams(p) or any(f and re.search(f, p) for f in facts)]
    out = ""
    for p in picked or pieces:
        if len(out) + len(p) > budget:
            break
        out += p
    return (out or value[:budget]).rstrip("，,；;。")


@cache
def _cue_grams(kind: str) -> frozenset[str]:
    return frozenset(grams(" ".join(c for key in ("cues", "weak_cues") for c in kinds()[kind].get(key, []))))


def _mentioned(doc: Document, parts: list[str], answered: list[str]) -> list[tuple[str, str]]:
    """(label, piece) of the posting's fields whose piece (between ；，。) writes a word the asking parts write that
    is no cue of a kind already answered and no word of the posting's names or place (有没有保底 → 要求：新人首月保底
    4000元; 要上夜班吗, no shift field → 要求：需适应夜班): what is asked by its own word, wherever the posting states it."""
    f = fields_of(doc)
    names = " ".join(v for k, v in f.items() if k in ("title", "company", "district") or field_kind(k) == "address")
    told = set().union(*(_cue_grams(k) for k in answered)) if answered else set()
    want = set().union(*(grams(p) for p in parts)) - told - grams(names) if parts else set()
    out = []
    for name, value in f.items():
        if name == "title" or not want:
            continue
        out += [(_label(name), _balanced(p.strip().rstrip("，,；;。"))) for p in _PIECES.split(value) if want & grams(p)]
    return out


def _balanced(piece: str) -> str:
    """A piece cut inside brackets (晚班14:00-23:00）) without the bracket left unpaired."""
    if piece.count("（") + piece.count("(") != piece.count("）") + piece.count(")"):
        return re.sub(r"[（()）]", "", piece)
    return piece


def _asks(text: str) -> tuple[list[str], list[str]]:
    """The asking parts of ``text`` (the whole text when none asks) and the posting fields they ask, in order."""
    parts = asking_parts(text) or [normalise(text)]
    return parts, list(dict.fromkeys(k for p in parts for k in asked_kinds(p)))


def _holds(message: str) -> bool:
    """The message names a certificate of the user's (手上只有低压电工证), not an identity card or a proof."""
    spec = posting_fields()["held"]
    text = normalise(message)
    for word in spec["not"]:
        text = text.replace(normalise(word), " ")
    return contains_any(text, spec["cues"])


def _schooled(message: str) -> bool:
    """The message names a level of schooling (我大专毕业, 本科在读; slots.json ``education``)."""
    return bool(contains_any(normalise(message), slots()["education"]))


def _exists(part: str) -> bool:
    """A part asking whether there is such a posting (有招…的吗, 招人吗), not about the person's fit."""
    return any(normalise(c) in part for c in posting_fields()["existence_cues"])

