"""Clause selection by fit: which sentence, list item or table row of the retrieved documents carries the kind of
fact the question asks for (an amount, a period, an age limit, a date …) about its subject.

A clause is ranked by lexical overlap with the question (synonyms folded), semantic similarity with the embedding
model at clause level (vectors cached by content hash, and in memory), and must pass a HARD check: it holds a fact
of the asked kind (the ``fact`` pattern of knowledge/data/asks.json). No passing clause → the documents don't state
it, and the answer says so instead of pasting neighbouring clauses."""

from __future__ import annotations

import math
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import pairwise

import numpy as np
from langchain_core.documents import Document

from assistant.clause_model import ClauseModel
from assistant.lexicon import contains_any, for_others_named, groups_named, routes, slots, unset_marker
from core.places import fold_text, short_name, zone_names
from ingest.chunking import SUB_HEADING
from knowledge.lexical import alternate_terms, alternates_in, folded_parts, surface_forms, synonyms, terms
from knowledge.query import (
    QueryAnalysis,
    abbreviates,
    ask_kinds,
    ask_qualifiers,
    asker_markers,
    classify_asks,
    question_parts,
)
from knowledge.tokenize import boundaries, filler_words, no_topic_words, time_words

_SENTENCE = re.compile(r"(?<=[。！？!?])")
_SEMI = re.compile(r"(?<=[；;])")
_LEAD = re.compile(r"^\s*(?:第[一二三四五六七八九十百零〇\d]+条|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.、．])\s*")
_HEADING_ONLY = re.compile(r"^[^。；！？]{1,30}[：:]$|^[^。；！？：:\d]{1,8}$")
_ARTICLE_TITLE = re.compile(r"^第[一二三四五六七八九十百零〇\d]+条\s*[^。；：:，,\d]{2,14}[。.]$")  # 第六条 带动就业补贴。
_ITEM_START = re.compile(r"^\s*[（(][一二三四五六七八九十]{1,3}[)）]|^\s*\d{1,2}[.．、]")
_ARTICLE_START = re.compile(r"^\s*第[一二三四五六七八九十百零〇\d]+条")


@cache
def fact_pattern(kind: str) -> re.Pattern | None:
    pattern = ask_kinds().get(kind, {}).get("fact", "")
    return re.compile(pattern) if pattern else None


@cache
def _channels(kind: str) -> tuple[tuple[tuple[str, ...], re.Pattern | None], ...]:
    return tuple((tuple(ch["cues"]), re.compile(ch["fact"]) if ch.get("fact") else None)
                 for ch in ask_kinds().get(kind, {}).get("channels", []))


def asked_channel(kind: str, text: str) -> re.Pattern | None:
    """The pattern of the one channel an ask of ``kind`` names in ``text`` (电话 → a number; 邮箱 → @), when it
    names exactly one that has a pattern; None when it names several (地址和电话) or none (怎么联系)."""
    named = [pattern for cues, pattern in _channels(kind) if any(w in text for w in cues)]
    return named[0] if len(named) == 1 else None


def holds(kind: str, text: str) -> bool:
    """The hard check: does ``text`` hold a fact of the asked kind (or sit under a field name of that kind)?"""
    pattern = fact_pattern(kind)
    if pattern is None:
        return True
    # 学历：本科；补贴标准：800元 lists no material: a field's name is not its value
    values = _LABEL.sub("：", text) if ask_kinds().get(kind, {}).get("list") else with_units(text)
    return bool(pattern.search(values)) or labelled(kind, text)


def relative_only(kind: str, text: str) -> bool:
    """``text`` states the asked figure only against another (补贴标准在第五条基础上上浮20%): the kind's 'relative'
    pattern matches and no 'absolute' figure (1500元, a table cell under 元/人) is written beside it."""
    pattern = ask_kinds().get(kind, {}).get("relative")
    return bool(pattern and re.search(pattern, text)) and not absolute(kind, text)


@lru_cache(maxsize=8192)
def referenced(kind: str, text: str) -> str:
    """The standard ``text`` states the asked figure by (补贴标准为当地最低工资标准: 最低工资标准, the kind's
    'reference' pattern's group 'standard'; not 月收入低于最低工资标准两倍, a condition), '' when none."""
    pattern = ask_kinds().get(kind, {}).get("reference")
    return m.group("standard") if pattern and (m := re.search(pattern, text)) else ""


def absolute(kind: str, text: str) -> bool:
    """``text`` holds a figure of the kind that stands on its own (the base a relative figure is stated against)."""
    pattern = ask_kinds().get(kind, {}).get("absolute")
    return bool(pattern and re.search(pattern, with_units(text)))


# a bare figure under a column naming its unit; a cell that writes its own unit (生活补贴（每月）：900元) is read as written
_UNIT_CELL = re.compile(r"[（(]\s*([^）)/\d\s]{1,3})\s*(?:/[^）)]{0,4})?[）)]\s*[：:]\s*(\d+(?:\.\d+)?)(?=\s*(?:[；;。，,|]|$))")


def with_units(text: str) -> str:
    """A table row's cells with the unit their column names (补贴标准（元/人）：3000 → 补贴标准：3000元), so that the
    figure reads as the kind of fact it is."""
    return _UNIT_CELL.sub(lambda m: f"：{m.group(2)}{m.group(1)}", text)


def vague(kind: str, text: str) -> bool:
    """Every fact of ``kind`` the clause holds is one that alone does not answer: 2016年 asked 截止是哪天, or a span
    that is a condition on the asker, not the length asked (居住证满1年, 离校2年内, 连续失业1年以上 asked 多久能办下来)."""
    spec = ask_kinds().get(kind, {})
    pattern = fact_pattern(kind)
    if not any(spec.get(k) for k in ("vague", "vague_before", "vague_after")) or pattern is None:
        return False

    def alone(m: re.Match) -> bool:
        return bool(spec.get("vague") and re.fullmatch(spec["vague"], m.group(0))
                    or spec.get("vague_before") and re.search(spec["vague_before"], text[: m.start()])
                    or spec.get("vague_after") and re.match(spec["vague_after"], text[m.end():]))

    found = list(pattern.finditer(text))
    return bool(found) and all(alone(m) for m in found)


def by_precision(pool: list[Clause], folded: str, kind: str | None) -> list[Clause]:
    """A clause that states the day or the time (8月23日中午12:00前) before one that only names the year, unless the
    question asks for the year. The order within each is kept."""
    if not kind or contains_any(folded, ask_kinds()[kind].get("vague_cues", [])):
        return pool
    flags = {id(c): vague(kind, c.text) for c in pool}
    if all(flags.values()) or not any(flags.values()):
        return pool
    return sorted(pool, key=lambda c: flags[id(c)])


def attachment(text: str) -> bool:
    """The clause lists a file attached to the document (附件：…申报表；), under a label of slots.json."""
    m = _LABEL.match(clean(text))
    return bool(m) and m.group(1) in slots()["attachment_labels"]


_PUNCTUATION = re.compile(r"[，。；：、！？,.;:!?（）()《》“”\"]")


def signature(c: Clause) -> bool:
    """A line that only signs the document (深圳市某区某局, 2016年8月15日): short, no punctuation at all, under no
    heading, no table row, no list item. It says who issued the text or when, and answers no ask."""
    return (c.doc.metadata.get("kind") != "table_row" and not c.lead and len(c.text.strip()) <= 30
            and not _LEAD.match(c.text) and not _PUNCTUATION.search(c.text))


def labelled(kind: str, text: str) -> bool:
    """The clause is written under a field name of the asked kind (申请渠道：…, 补贴标准：…)."""
    return bool(field_label(kind, text))


def field_label(kind: str, text: str) -> str:
    """The field name of the asked kind the clause is written under (补贴测算, 申请渠道), '' when none."""
    words = ask_kinds().get(kind, {}).get("labels", [])
    return next((m.group(1) for m in _LABEL.finditer(text[:40]) if any(w in m.group(1) for w in words)), "")


@dataclass
class Clause:
    """One sentence, list item or table row of a document, with the heading it sits under."""

    doc: Document
    text: str
    order: int  # position in its document (chunk order, then clause order)
    rank: int  # rank of its passage in retrieval
    score: float = 0.0
    lead: str = ""  # the heading it sits under in its passage (「生活补贴标准：」, 「第六条 带动就业补贴。」), as context
    on_subject: bool = True  # it (or its heading, or the clause before it) names what the question is about
    article: int = 0  # which article or headed section of its document it sits in (a new 第N条 or heading starts one)
    parts: dict[str, float] = field(default_factory=dict)  # the score's components: the learned scorer's features
    fit: float | None = None  # the learned scorer's score (None: ranked by ``score``, the hand-set sum)

    @property
    def source(self) -> str:
        return self.doc.metadata.get("source", "")


# a list item starts at (二) or at 2. / 2、; a number written right after a word (附件1、附件2) is no item
_ENUM = re.compile(r"(?=[（(][一二三四五六七八九十]{1,3}[)）])|(?<![\d.:：])(?=\d{1,2}[.．](?!\d))"
                   r"|(?<![\d.:：\u4e00-\u9fff])(?=\d{1,2}、(?!\d))")
_LABEL = re.compile(r"([\u4e00-\u9fff]{2,6})[：:]")
_CELL_LABEL = re.compile(r"(?:^|[；;])\s*([^；;：:]{1,16})[：:]")  # a table row's column names (学费（元/年）：)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_DIGIT = re.compile(r"[\d@]")
# for a figure kind, 三分之一, 两年 and 一年内 are figures too; the 一 of 一个时期 is none
_NUMERAL = re.compile(r"[\d@二三四五六七八九十百千万两半]|一(?=[年月天日周])")


def recurring_labels(texts: list[str], at_least: int = 3) -> set[str]:
    """Field labels a document repeats at the start of a line or after punctuation (政策内容：, 申请渠道：): each
    starts a clause even when the lines that held them were joined. A name inside a list item (博士研究生：,
    硕士研究生：) is no field label: it never starts after a boundary often enough, and its tail (研究生) never does."""
    counts: dict[str, int] = {}
    for text in texts:
        for m in _LABEL.finditer(text):
            if m.start() == 0 or not _CJK.match(text[m.start() - 1]):
                counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    return {w for w, n in counts.items() if n >= at_least}


def split_clauses(doc: Document, labels: set[str] = frozenset()) -> list[str]:
    """Whole sentences, list items ((一) 1.), labelled fields and table rows; a very long sentence is cut at its
    semicolons. Never mid-sentence."""
    return [text for text, heading in _split(doc, labels) if not heading]


def _split(doc: Document, labels: set[str] = frozenset()) -> list[tuple[str, bool]]:
    """``split_clauses`` with the heading lines kept and marked (True): they give the clauses below them context."""
    if doc.metadata.get("kind") == "table_row":
        return [(doc.page_content.replace("\n", " ").strip(), False)]
    text = doc.page_content.replace("**", "")  # Markdown bold around 第四条 is no part of a quote
    if labels:
        text = re.sub("(" + "|".join(map(re.escape, sorted(labels, key=len, reverse=True))) + ")[：:]", "\n\\1：", text)
    out: list[tuple[str, bool]] = []
    for line in text.splitlines():
        for item in _ENUM.split(line):
            for sentence in _SENTENCE.split(item):
                sentence = sentence.strip()
                if not sentence:
                    continue
                if _HEADING_ONLY.match(sentence) or _ARTICLE_TITLE.match(sentence) or SUB_HEADING.match(sentence):
                    out.append((sentence, True))
                    continue
                for part in (_SEMI.split(sentence) if len(sentence) > 160 else [sentence]):
                    out += [(c, False) for c in (_commas(part.strip()) if len(part.strip()) > 160 else [part.strip()])]
    return [(c, h) for c, h in out if len(c) > 3 or h]


def _commas(sentence: str, size: int = 90) -> list[str]:
    """A sentence too long to quote whole is quoted by its comma clauses, grouped up to ``size`` characters."""
    groups: list[str] = []
    for piece in re.split(r"(?<=[，,])", sentence):
        if groups and len(groups[-1]) + len(piece) <= size:
            groups[-1] += piece
        else:
            groups.append(piece)
    return [g.strip() for g in groups if g.strip()]


def clean(text: str) -> str:
    """A clause as quoted: the article/list number dropped (the citation names the section)."""
    return _LEAD.sub("", text.replace("**", "")).strip()


_LEAD_QUOTED = 30  # a heading longer than this is a sentence of its own: quoted by its end


def quoted(clause: Clause) -> str:
    """The clause as quoted, after the heading it sits under when the clause alone does not say what it is about
    (「生活补贴标准：」 before 「硕士研究生：每人每月1500元」)."""
    body = clean(clause.text)
    lead = clean(clause.lead)
    if len(lead) > _LEAD_QUOTED:  # a long lead sentence by its last comma parts, up to one naming a benefit
        pieces = re.split(r"(?<=[，,])", lead)  # (可以同时申请租房补贴，标准如下：; 可以申请社会保险补贴：)
        at = next((i for i in range(len(pieces) - 1, -1, -1) if _benefit_stem().search(pieces[i])), len(pieces) - 1)
        lead = "".join(pieces[at:])
    if not lead or lead.rstrip("：:。.") in body:
        return body
    return f"{lead}{body}" if lead.endswith(("：", ":")) else f"{lead.rstrip('。.')}：{body}"


class ClauseVectors:
    """Clause vectors through the content-hash embedding cache, with an in-memory LRU in front of it."""

    def __init__(self, embeddings, size: int = 50_000) -> None:
        self.embeddings = embeddings
        self._mem: OrderedDict[str, np.ndarray] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()

    def get(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._mem]
        if missing:
            vectors = self.embeddings.embed_documents(missing)
            with self._lock:
                for t, v in zip(missing, vectors):
                    a = np.asarray(v, dtype=np.float32)
                    self._mem[t] = a / (np.linalg.norm(a) or 1.0)
                while len(self._mem) > self._size:
                    self._mem.popitem(last=False)
        with self._lock:
            return np.stack([self._mem[t] for t in texts])

    def query(self, text: str) -> np.ndarray:
        """The question's (or its asked part's) vector; the last few are kept, as each asked part reads the whole
        question too."""
        with self._lock:
            if text in self._queries:
                return self._queries[text]
        a = np.asarray(self.embeddings.embed_query(text), dtype=np.float32)
        a = a / (np.linalg.norm(a) or 1.0)
        with self._lock:
            self._queries[text] = a
            while len(self._queries) > 64:
                self._queries.popitem(last=False)
        return a


@cache
def _cues() -> tuple[str, ...]:
    return tuple(fold_text(c) for v in ask_kinds().values() for key in ("cues", "weak_cues") for c in v.get(key, []))


def _about(term: str, a: QueryAnalysis) -> bool:
    """A word that can say what a question is about: no number, no place the question names, no word of the college
    it names (工贸职院: 工贸, 职院), no wording of an ask (the cues of every ask kind)."""
    return _about_term(term, tuple(a.places), tuple(a.colleges))


@lru_cache(maxsize=65536)
def _about_term(term: str, places: tuple[str, ...], colleges: tuple[str, ...]) -> bool:
    folded = [fold_text(p) for p in places] + [fold_text(short_name(p)) for p in places]
    return (not term.isdigit() and not any(term in p or p in term for p in folded)
            and not any(abbreviates(term, c) for c in colleges)
            and not any(term in c or c in term for c in _cues())
            and not any(fact_pattern(k) and fact_pattern(k).fullmatch(term) for k in ("duration", "amount", "age")))


@lru_cache(maxsize=4096)
def fragments(text: str) -> tuple[str, ...]:
    """Words the tokenizer does not know, as the question writes them: runs of single characters it was cut into
    (北三市 → 北|三|市), split at function characters (的, 了). Index terms miss them; a clause can still write them."""
    stop = {w for w in slots()["stopwords"] if len(w) == 1}
    cuts = sorted(boundaries(text))
    runs: list[str] = []
    run = ""
    for a, b in pairwise(cuts):
        piece = text[a:b]
        if b - a == 1 and _CJK.match(piece) and piece not in stop:
            run += piece
            continue
        runs.append(run)
        run = ""
    runs.append(run)
    return tuple(dict.fromkeys(r for r in runs if len(r) >= 2))


_PARTS = re.compile(r"[，,。？?！!；;\s]+")


def asked_part(text: str, kind: str | None, about: set[str], current: str = "") -> tuple[str, set[str]]:
    """The part of the question that asks for ``kind`` (the last part when none does; ``current`` when it is one of
    them: the second of two asks of one kind), or the nearest part before it that names a subject: (its text, the
    subject words it writes). ('', ∅) when no part names one."""
    parts = [p for p in _PARTS.split(fold_text(text)) if p]
    asking = [i for i, p in enumerate(parts) if kind and kind in classify_asks(p)]
    start = asking[0] if asking else len(parts) - 1
    if current and (own := fold_text(current)) in parts:
        start = parts.index(own)  # 明年要是再考个高级工又能补多少 after 中级的能拿多少: this part, not the first
    cues = _cues()
    stop = set(slots()["stopwords"]) | set(slots()["payer_words"])  # 政府给单位补多少: who pays is no subject
    pointers = slots()["pointers"]  # 这个证: the name the story gave it
    for at in range(start, -1, -1):
        part = parts[at]
        asking_words = [c for c in cues if c in part]  # 给多少: 给 (folded into 发放) is how it asks, not about what
        found, pointed = set(), []
        for t in terms(part):
            forms = [w for w in (t, *surface_forms().get(t, ())) if w in part and w not in stop]  # 给 is a function word
            if t in about and forms and not any(w in c for w in forms for c in asking_words):
                found.add(t)
                pointed += [w for w in forms if any(f"{p}{w}" in part for p in pointers)]
        if found:
            return part, found | _pointed_back(parts[:at], pointed, about)
    return "", set()


def _pointed_back(before: list[str], pointed: list[str], about: set[str]) -> set[str]:
    """The words of the name an asking part points back to (这个证 after 刚考下来电工中级证: 电工, 中级): the words
    the nearest earlier part writes right before the same word, which it ends."""
    for word in pointed:
        for part in reversed(before):
            if m := re.search(rf"[\u4e00-\u9fff]{{1,6}}(?={re.escape(word)})", part):
                return {t for t in terms(m.group(0) + word) if t in about}
    return set()


def _words(found: set[str]) -> set[str]:
    """Search-mode terms counted as the words written: 月租, 租金 and 月租金 are one word (月租金)."""
    return {t for t in found if not any(t != u and t in u for u in found)}


def topic_words(a: QueryAnalysis) -> set[str]:
    """The words the question is about, as written (ClauseRanker.subject, one word for its search-mode parts). A time
    word or a verb (下半年, 错过; 线下去哪办 cut 线|下去) names no topic, nor do thanks or a person the story is about
    (好的谢谢 那我女朋友呢: acknowledgements in routes.json, person_words in slots.json)."""
    stop = set(slots()["stopwords"])
    wanted = {t for t in a.terms if t not in stop and (len(t) >= 2 or t.isdigit())}
    # a benefit's name is a topic whatever jieba tags it (贴息 as a verb: 公司能贷多少 贴息怎么算)
    told = (no_topic_words(a.text) - set(slots()["benefit_names"]["suffixes"])) | set(routes()["acknowledgements"]) | set(
        slots()["person_words"])
    return _words(_outside(ClauseRanker.subject(a, wanted, fold_text(a.text)), a.text, told)) - told


def _outside(words: set[str], text: str, told: frozenset[str] | set[str]) -> set[str]:
    """``words`` less those written only inside a word that names no topic (第一 of 第一次)."""
    low = fold_text(text)

    def inside(w: str) -> bool:
        rest = low
        for host in (t for t in told if w in t and w != t):
            rest = rest.replace(host, " ")
        return w in low and w not in rest

    return {w for w in words if not inside(w)}


def written_in(word: str, found: set[str]) -> bool:
    """``word`` is written among ``found`` terms: itself, all of its parts (租房补贴 = 租房 + 补贴), or a word it is a
    kind of (离退休 of 退休)."""
    return _named(word, found) or _kind_of(word, found)


def heading(doc: Document) -> str:
    """A passage's headings: its chapter (第二章 租房补贴, kept at ingest) and its section (第四条). An article under a
    chapter need not repeat the chapter's subject (第四条 补贴标准。大专300元/月 … of the rent subsidy)."""
    return f"{doc.metadata.get('chapter', '')} {doc.metadata.get('section', '')}".strip()


def written_terms(docs: list[Document]) -> set[str]:
    """The terms ``docs`` write, in their titles, headings and text."""
    return {t for d in docs for t in terms(f"{d.metadata.get('title', '')} {heading(d)} {d.page_content}")}


def unaddressed(a: QueryAnalysis, docs: list[Document], story: bool = True) -> list[str]:
    """What the question is about (公积金, 落户, 人才公寓), when not one of those words, nor all the parts of one, is
    written in the documents that would answer it: the documents don't address the question at all. [] otherwise.
    ``story=False`` (a follow-up going on with the subject answered): a word only its story writes (我的花店今年才开,
    那一年啥时候能报) is no new subject."""
    words = topic_words(a)
    if not story:
        asking = [p for p, asks in question_parts(a.text) if asks]
        words = {w for w in words if any(w in p for p in asking)} - filler_words(a.text)  # (是不是随时都能去)
    if not words or not docs:
        return []
    present = written_terms(docs)
    if any(written_in(w, present) or alternate_terms(a.text, w) & present for w in words):  # 房租 of a shop: 租金
        return []
    if titled_by(a, docs):
        return []
    return sorted(words, key=lambda w: (a.text.find(w), w))


def titled_by(a: QueryAnalysis, docs: list[Document], at_least: int = 2) -> bool:
    """The question writes two or more words of one document's title (应届生引进 of 北京市引进毕业生管理办法), verbs
    included, places not: it is about that document, whatever nouns of its story (备考公务员) the text never writes."""
    stop = set(slots()["stopwords"])
    asked = {t for t in a.terms if len(t) >= 2 and t not in stop}
    for title in {d.metadata.get("title", "") for d in docs}:
        shared = {t for t in terms(title) if t in asked and _about(t, a)}
        if len(shared) >= at_least:
            return True
    return False


def unaddressed_here(a: QueryAnalysis, docs: list[Document]) -> list[str]:
    """What the asked parts are about (见习 of 见习补贴给多少), in words some ingested document writes, that none of
    ``docs`` writes: the documents of the place asked about deal with a neighbouring subject (租房补贴), not this one.
    The user's own words (no document writes them) and the story around the ask say nothing here. [] otherwise."""
    stop = set(slots()["stopwords"]) | set(slots()["payer_words"])  # 政府给多少: who pays is no subject
    wanted = {t for t in a.terms if t not in stop and (len(t) >= 2 or t.isdigit())}
    told = no_topic_words(a.text)
    about = _outside(ClauseRanker.subject(a, wanted, fold_text(a.text)), a.text, told) - told
    focus: set[str] = set()
    for kind in a.asks or [None]:
        focus |= asked_part(a.text, kind, about)[1]
    words = _words({w for w in focus & about if a.known is None or w in a.known})  # 租房 when 租房补贴 is no index term
    words -= folded_parts(a.text)  # 大学 of 大学生 (→ 应届) is not asked by itself
    if not words or not docs:
        return []
    # who the story is about (招了两个应届生来见习: 应届) is not what is asked when the question writes the subject the
    # documents are titled by (见习 of 就业见习补贴办法), whatever the tagger reads it as
    if who := {w for w in words if groups_named(w, story=True)}:
        generic = {*slots()["benefit_names"]["generic"], *slots()["benefit_names"]["suffixes"]}
        titles = {str(d.metadata.get("title", "")) for d in docs}  # many passages, few titles
        if any(len(t) >= 2 and t in a.text and t not in generic and _about(t, a)
               for title in titles for t in terms(title)):
            words -= who
    present = written_terms(docs)
    return sorted((w for w in words if not _named(w, present) and not alternate_terms(a.text, w) & present),
                  key=lambda w: (a.text.find(w), w))


@lru_cache(maxsize=256)
def asker_words(text: str) -> frozenset[str]:
    """The words of the story parts that say who asks (我是某物流公司的人事: 公司, 人事; asker markers in asks.json):
    written again in an asking part (公司能申请吗) they name the asker, not the subject asked about."""
    markers = asker_markers()
    return frozenset(t for p, asking in question_parts(text) if not asking and any(m in p for m in markers) for t in terms(p))


def _compounds(text: str, words: set[str]) -> list[tuple[str, ...]]:
    """``words`` grouped where the question writes them one right after another (创业担保贷款 → 创业, 担保, 贷款)."""
    spans = sorted((i, i + len(w), w) for w in words if (i := text.find(w)) >= 0)
    groups: list[list[str]] = []
    end = -1
    for start, stop, w in spans:
        if groups and start == end:
            groups[-1].append(w)
        else:
            groups.append([w])
        end = max(end, stop)
    return [tuple(g) for g in groups] + [(w,) for w in words if text.find(w) < 0]


def _named(word: str, found: set[str]) -> bool:
    """``word`` is among ``found`` terms, or all of its own parts are (租房补贴 = 租房 + 补贴)."""
    return word in found or _made_of(word, found)


def _kind_of(word: str, found: set[str]) -> bool:
    """``word`` is one character before a word among ``found`` (离退休 of 退休): a kind of what is written. Not a
    benefit (购房补贴 is no 房补贴, 新补贴 no 补贴: benefit_names suffixes in slots.json)."""
    head = word[1:]
    return len(head) >= 2 and head in found and not any(word.endswith(s) for s in slots()["benefit_names"]["suffixes"])


@lru_cache(maxsize=8192)
def education_levels(text: str) -> frozenset[str]:
    """The levels of education ``text`` names, each by the synonym table's word (专科 and 高职 are 大专), the longest
    name read first (博士研究生 is 博士, not also 研究生). Cached: each clause is read by every ranking of an ask."""
    found, rest = set(), text
    for level, canonical in _levels_longest_first():
        if level in rest:
            found.add(canonical)
            rest = rest.replace(level, " ")
    return frozenset(found)


@cache
def _levels_longest_first() -> tuple[tuple[str, str], ...]:
    return tuple((lv, synonyms().get(lv, lv)) for lv in sorted(slots()["education"], key=len, reverse=True))


@cache
def _ask_labels() -> frozenset[str]:
    """The names of the kinds of fact (年限, 标准, 条件: asks.json 'labels')."""
    return frozenset(w for v in ask_kinds().values() for w in v.get("labels", []))


def _groups(found: set[str], focus_text: str, focus: set[str]) -> list[tuple[str, ...]]:
    """The things ``found`` words name: 创业 担保 贷款 written together where the question asks are one, named by all
    three; each other word is one."""
    words = _words(found)
    groups = [g for g in _compounds(focus_text, words & focus) if len(g) >= 3]
    return groups + [(w,) for w in words if not any(w in g for g in groups)]


# a number of kinds or items (两类, 三个, 几种): how many things the question means, not what they are
_COUNTED = re.compile(r"[一二两三四五六七八九十几]+[类种个项样]")


def _qualifies_title(word: str, text: str, title: str) -> bool:
    """``text`` writes ``word`` only in a phrase with 的 before a word of the document's title (政府贴息的贷款 in a loan
    rule): it says which one of the title's subject, not a subject of its own. (Without 的, 留学人员引进 of a 留学回国人才
    引进 rule, the word is what the title is about.)"""
    spans = [m.end() for m in re.finditer(re.escape(word), text)]
    return bool(spans) and all(text.startswith("的", e) and any(len(w) >= 2 and text.startswith(w, e + 1) for w in terms(title))
                               for e in spans)


def _made_of(term: str, words: set[str]) -> bool:
    """租房补贴 when 租房 and 补贴 are both among ``words``."""
    parts = [t for t in terms(term) if t != term]
    return bool(parts) and all(t in words for t in parts)


def _caption(c: Clause) -> tuple[str, str]:
    """(caption, cells) of a table row written 「附表 …标准：项目：…；标准：…」; ("", text) for any other clause."""
    if c.doc.metadata.get("kind") != "table_row":
        return "", c.text
    first = c.text.split("；", 1)[0]
    if first.count("：") < 2:
        return "", c.text
    caption, _, cells = c.text.partition("：")
    return caption, cells


_CELL_PARTS = re.compile(r"[/／、（）()]")


def cells(c: Clause) -> tuple[str, list[str]]:
    """A table row's columns (the field names of its cells) and the words its cells hold, each cell split at /, 、
    and brackets (证书等级：一级/高级技师 → 一级, 高级技师; 技师（二级） → 技师, 二级); ("", []) for a clause that is no
    table row. A figure (3500元/人) or a dash tells no row apart by its name."""
    if c.doc.metadata.get("kind") != "table_row":
        return "", []
    columns, words = [], []
    for name, value in row_cells(_caption(c)[1]):
        columns.append(name)
        words += [w for w in _CELL_PARTS.split(value) if len(w) >= 2 and _CJK.search(w) and not _DIGIT.search(w)]
    return "|".join(columns), words


def row_cells(text: str) -> list[tuple[str, str]]:
    """(column, value) of each cell of a table row's text: 租房补贴（每人每月）：另行制定 → (租房补贴（每人每月）, 另行制定)."""
    return [(name, value.strip(" 。.")) for cell in re.split(r"[；;]", text)
            for name, _, value in [cell.strip().rpartition("：")]]


def by_cells(pool: list[Clause], question: str, part: str = "") -> list[Clause]:
    """Rows of one table are told apart by the cells the question writes whole: 高级工证书补多少 → the 三级/高级工 row,
    not 一级/高级技师 for the 技师 it holds inside a longer name. The words are read in the asked part, else in the
    question up to it (技师多少 after 高级工证书补多少: each part its own row), else in the whole question; a word
    written inside another one the rows hold (技师 of 高级技师 asked) does not count. When some rows of a table are
    named so, its other rows are left out; clauses that are no table row stay where they are."""
    tables: dict[tuple[str, str], list[tuple[Clause, list[str]]]] = {}
    for c in pool:
        columns, words = cells(c)
        if words:
            tables.setdefault((c.source, columns), []).append((c, words))
    end = question.find(part) + len(part) if part and part in question else len(question)
    dropped: set[int] = set()
    for rows in tables.values():
        if len(rows) < 2:
            continue
        for text in (part, question[:end], question):
            written = {w for _, words in rows for w in words if w in text}
            written = {w for w in written if not any(w != v and w in v for v in written)}
            named = {id(c) for c, words in rows if written & set(words)}
            if named:
                dropped |= {id(c) for c, _ in rows if id(c) not in named}
                break
    return [c for c in pool if id(c) not in dropped]


def passage_index(doc: Document) -> int:
    """The passage's position in its document (the last part of its id), -1 when unknown."""
    index = (doc.id or "").rsplit("::", 1)[-1]
    return int(index) if index.isdigit() else -1


def next_passage(doc: Document, docs: list[Document], step: int = 1) -> Document | None:
    """The passage ``step`` places after ``doc`` in its document (before it for -1), among ``docs``; None when it
    was not retrieved or positions are unknown."""
    at = passage_index(doc)
    if at < 0 or at + step < 0:
        return None
    source = doc.metadata.get("source")
    return next((d for d in docs if d.metadata.get("source") == source and passage_index(d) == at + step), None)


_BRACKETED = re.compile(r"^\s*[【\[]([^】\]]{2,20})[】\]]")
_LABELLED = re.compile(r"^([^。；，,：:]{2,20})[：:]")
_SENTENCE_BREAK = re.compile(r"[，,；;。]")


@cache
def benefit_suffixes() -> tuple[str, ...]:
    """The endings of a benefit's name (补贴, 奖励…; slots.json)."""
    return tuple(slots()["benefit_names"]["suffixes"])


def _benefit_suffixes() -> str:
    return "|".join(map(re.escape, benefit_suffixes()))


@cache
def benefit_verb_words() -> frozenset[str]:
    """The verbs that grant a benefit (给予, 发放…; slots.json)."""
    return frozenset(slots()["benefit_names"]["verbs"])


@cache
def stop_or_verbs() -> frozenset[str]:
    """The stopwords and the verbs that grant a benefit: no benefit's name."""
    return frozenset(slots()["stopwords"]) | benefit_verb_words()


def whole_benefits(text: str) -> list[str]:
    """The benefits ``text`` names by a whole name (生活补贴, and 房补 read as 租房补贴), in order; not a bare suffix."""
    return [t for t in dict.fromkeys(terms(text)) if t.endswith(benefit_suffixes()) and len(t) >= 4]


@cache
def _benefit_in_text() -> re.Pattern:
    return re.compile(rf"[\u4e00-\u9fff]{{2,12}}?(?:{_benefit_suffixes()})")


@cache
def _benefit_stem() -> re.Pattern:
    return re.compile(rf"([\u4e00-\u9fff]{{2}})(?:{_benefit_suffixes()})")


def benefit_stems(part: str) -> list[str]:
    """The two characters before each benefit suffix a part writes (次性 of 有一次性补贴吗; 见习 of 见习补贴吗): what
    the benefit's name must write to be the one named."""
    return [m.group(1) for m in _benefit_stem().finditer(part)]


@cache
def _benefit_verbs() -> re.Pattern:
    return re.compile("|".join(map(re.escape, slots()["benefit_names"]["verbs"])))


def benefit_name(c: Clause) -> str:
    """The benefit a clause is about as the document names it: its heading, label or bracketed lead (企业新型学徒制
    培训补贴：, 【一次性扩岗补助】), else the first benefit its sentence grants (给予一次性创业补贴10000元 → 一次性创业
    补贴; 不再享受场地租金补贴 → 场地租金补贴), else the one benefit its lead sentence names; '' when it names none
    (按实际租金的50%给予补贴)."""
    suffixes = benefit_suffixes()
    text = clean(c.text)
    for head in (clean(c.lead).rstrip("：:。. "), *(m.group(1) for m in (_BRACKETED.match(text), _LABELLED.match(text)) if m)):
        head = re.sub(r"^第[一二三四五六七八九十百零〇\d]+条\s*", "", head)
        if head.endswith(suffixes) and not _SENTENCE_BREAK.search(head):  # a list's lead sentence names no benefit
            return head
    if name := next((name for m in _benefit_in_text().finditer(text) if (name := _granted(m.group(0)))), ""):
        return name
    # a lead sentence naming one benefit (生活补贴按照学历层次分档发放：) names that of items that name none
    named = {_granted(m.group(0)) for m in _benefit_in_text().finditer(clean(c.lead))} - {""}
    return named.pop() if len(named) == 1 else ""


_NEGATIONS = ("不", "未", "无", "停", "取消")


def _granted(run: str) -> str:
    """The benefit a run ending in a benefit suffix names, the verb before it dropped (给予一次性创业补贴 → 一次性创业
    补贴); '' when it names none (给予补贴, 向见习单位补贴, 不予补贴)."""
    suffixes = benefit_suffixes()
    recipients = tuple(slots()["benefit_names"]["recipients"])
    name = _benefit_verbs().split(run)[-1]
    suffix = max((x for x in suffixes if name.endswith(x)), key=len)
    if name.startswith(_NEGATIONS):  # 不予补贴, 停止发放补贴: no benefit's name
        return ""
    return name if len(name) > len(suffix) + 1 and not name[: -len(suffix)].endswith(recipients) else ""


@cache
def _joined_benefit() -> re.Pattern:
    return re.compile(rf"(?:和|及|与|、|以及)([\u4e00-\u9fff]{{2,12}}?(?:{_benefit_suffixes()}))")


def joined_benefits(c: Clause, name: str) -> list[str]:
    """``name`` and the benefits the clause joins to it (社会保险补贴和岗位补贴的期限: both)."""
    text = clean(c.text)
    names, at = [name], text.find(name)
    while at >= 0 and (m := _joined_benefit().match(text, at + len(names[-1]))):
        names.append(m.group(1))
        at = m.start(1)
    return names


def benefit_fit(c: Clause, folded: str) -> int:
    """How the benefit a clause is about fits the question: 0 all its own words (创业 of 一次性创业补贴; not 补贴,
    一次性) are written in the question, 1 it names none, 2 fewer than half are (学徒制 of 企业新型学徒制培训补贴 for
    中级工证书能补多少): another benefit. Of benefits the clause joins (社会保险补贴和岗位补贴), the one fitting best."""
    name = benefit_name(c)
    if not name:
        return 1
    return min(_named_fit(n, c, folded) for n in joined_benefits(c, name))


def _named_fit(name: str, c: Clause, folded: str) -> int:
    core = name
    for w in sorted(slots()["benefit_names"]["generic"] + slots()["benefit_names"]["suffixes"], key=len, reverse=True):
        core = core.replace(w, " ")
    title = fold_text(str(c.doc.metadata.get("title", "")))
    words = [t for t in dict.fromkeys(terms(core)) if len(t) >= 2 and t.strip()]
    # its smallest words, not those of the document's title (青年人才 of 青年人才生活补贴 in a youth-talent policy)
    own = [t for t in words if not any(u != t and u in t for u in words) and t not in title]
    if not own:  # 扩岗 cut into single characters: its character pairs
        own = [run[i:i + 2] for run in core.split() for i in range(len(run) - 1)]
    if not own:
        return 1
    # a word written by a form it is folded from counts with its parts (社保 → 社会保险: 社会, 保险)
    said = [t for t in words if t in folded or any(w in folded for w in surface_forms().get(t, ()))]
    written = [t in folded or any(t in u for u in said) for t in own]
    if all(written):
        return 0
    # one a word of the question may stand for (租金 of 租金补贴 for 房租能补多少: alternates.tsv) keeps the clause
    # from being another benefit's, not more: 房租 names no benefit of the rule's
    may = alternates_in(folded)
    loose = sum(1 for t, w in zip(own, written) if w or t in may)
    return 2 if loose * 2 < len(own) else 1


# the word a period is asked of, written right before the ask (回国多久以内才能报: the period since 回国)
_PERIOD_OF = re.compile(r"([\u4e00-\u9fff]{2})(?:多久|多长时间|几年|几个月)")
_AGE = re.compile(r"[\d一二三四五六七八九十]+\s*(?:周岁|岁)")  # an age set (40周岁以上), not 法定退休年龄
_CONDITION_END = re.compile(r"(?:以上|以下|以内|内)?的")  # 不足5年的就业困难人员: a period that says who or when
_NEAR = 12  # characters at most between the word and the period a clause states of it (回国或入境两年内)


def by_period(ranked: list[Clause], kind: str | None, asking: str) -> list[Clause]:
    """Asked how long (能补几年), not of what the first clause names (毕业多久以内: 毕业2年内的…), a first clause whose every period
    stands in a condition (对距法定退休年龄不足5年的就业困难人员，补贴期限可以延长…) gives way to one of the next two
    that states a period as its fact (期限最长不超过3年)."""
    if kind != "duration" or len(ranked) < 2 or (m := _PERIOD_OF.search(asking)) and m.group(1) in ranked[0].text:
        return ranked  # 毕业多久以内能申请: 毕业2年内的 is the period asked
    pattern = fact_pattern(kind)

    def conditional(c: Clause) -> bool:
        found = list(pattern.finditer(c.text))
        return bool(found) and all(_CONDITION_END.match(c.text, f.end()) for f in found)

    if conditional(ranked[0]) and (best := next((c for c in ranked[1:3] if not conditional(c)), None)) is not None:
        ranked = [best, *(c for c in ranked if c is not best)]
    return ranked


def by_age_told(ranked: list[Clause], kind: str | None, asking: str) -> list[Clause]:
    """Asked whether one counts with one's own age told in the asking part (45岁的女的算不算就业困难人员), a clause of
    the next two that sets an age (女性40周岁以上…) goes before a first that sets none."""
    if kind != "eligibility" or len(ranked) < 2 or _AGE.search(ranked[0].text) or not any(
            re.search(p, asking) for p in ask_kinds()["age"].get("stated", [])):
        return ranked
    if (best := next((c for c in ranked[1:3] if c.on_subject and _AGE.search(c.text)), None)) is not None:
        ranked = [best, *(c for c in ranked if c is not best)]
    return ranked


def by_anchor(ranked: list[Clause], kind: str | None, asking: str) -> list[Clause]:
    """Asked how long since or of something (回国多久以内才能报), a clause of the next few that states its period right
    after that word (一般应在回国或入境两年内) goes before a first one that never writes the word (工作满3个月): the
    period of another thing. The word is no filler or stopword (需要多久 asks of nothing)."""
    if kind != "duration" or len(ranked) < 2 or not (m := _PERIOD_OF.search(asking)):
        return ranked
    word = m.group(1)
    if word in slots()["stopwords"] or word in filler_words(asking) or word in ranked[0].text:
        return ranked
    pattern = fact_pattern(kind)

    def anchored(c: Clause) -> bool:
        return any(word in c.text[max(0, f.start() - _NEAR): f.start()] for f in pattern.finditer(c.text))

    if (best := next((c for c in ranked[1:3] if anchored(c)), None)) is not None:
        ranked = [best, *(c for c in ranked if c is not best)]
    return ranked


def for_others(c: Clause, asker: set[str]) -> bool:
    """The clause (with its heading) is written only for other groups of people than the ``asker``'s."""
    return bool(asker) and for_others_named(groups_named(f"{c.lead}{c.text}"), asker)


def by_group(pool: list[Clause], asker: set[str]) -> list[Clause]:
    """A clause written only for other groups of people than the question's (就业困难人员…补贴期限最长不超过3年 for one
    who graduated last July) goes after the others; the order within each is kept."""
    return sorted(pool, key=lambda c: for_others(c, asker)) if asker else pool


@lru_cache(maxsize=4096)
def bare_benefits(part: str) -> tuple[str, ...]:
    """The benefit suffixes ``part`` writes with no name before them (奖励 of 还有没有奖励; not 补贴 of 见习补贴)."""
    return tuple(s for s in benefit_suffixes() if s in part and all(
        m.group(1) in stop_or_verbs() for m in re.finditer(rf"([\u4e00-\u9fff]{{0,2}}){re.escape(s)}", part)))


def by_benefit(pool: list[Clause], folded: str, kind: str | None, asking: str = "") -> list[Clause]:
    """Subject fit first. A clause about another benefit (学徒制培训补贴 for 中级工证书能补多少) goes after the others
    unless its words fit the question better than all of them; asked an amount, the clauses about the benefit the
    question names (一次性创业补贴 for 创业 一次性能给多少) come first. The order within each is kept."""
    # 听说有生活补贴还有房补…生活补贴能拿多少: the benefit the asking part names is the one asked, not the story's
    own = bool(asking) and bool(whole_benefits(asking))  # a whole name
    fits = {id(c): benefit_fit(c, asking if own else folded) for c in pool}
    # 还有没有奖励: a benefit suffix asked with no name before it asks for any such benefit (一次性留用奖励 is none other)
    if bare := bare_benefits(asking):
        fits = {id(c): 1 if fits[id(c)] == 2 and benefit_name(c).endswith(bare) else fits[id(c)] for c in pool}
    if len(set(fits.values())) < 2:
        return pool
    plain = max((c.parts.get("overlap", 0.0) for c in pool if fits[id(c)] < 2), default=0.0)

    def tier(c: Clause) -> int:
        if fits[id(c)] == 2:
            return 2 if c.parts.get("overlap", 0.0) <= plain else 1
        return 0 if fits[id(c)] == 0 and kind == "amount" else 1
    return sorted(pool, key=tier)


class ClauseRanker:
    """Ranks the clauses of candidate passages for one ask of an analysed question."""

    def __init__(self, vectors: ClauseVectors | None, semantic_pool: int = 24, semantic_weight: float = 0.5,
                 open_weight: float = 1.5, model: ClauseModel | None = None, meaning_pool: int = 6) -> None:
        self.vectors = vectors
        self.semantic_pool = semantic_pool
        self.semantic_weight = semantic_weight
        self.open_weight = open_weight  # for a question part that asks no kind of fact a cue names
        self.meaning_pool = meaning_pool  # for such a part, the clauses beyond the word pool that mean it most
        # The learned scorer orders the pool when clause vectors exist (without them the hand-set sum does).
        self.model = model
        self.log: list[dict] | None = None  # when a list, every ranking's pool and features go to it (training)

    def clauses(self, docs: list[Document]) -> list[Clause]:
        by_source: dict[str, list[str]] = {}
        for doc in docs:
            by_source.setdefault(doc.metadata.get("source", ""), []).append(doc.page_content)
        labels = {src: recurring_labels(texts) for src, texts in by_source.items()}
        split = [_split(doc, labels[doc.metadata.get("source", "")]) for doc in docs]
        # A passage that ends on a heading (「第九条 申报材料：」) hands it to the next passage of its document.
        trailing = {(d.metadata.get("source", ""), passage_index(d)): parts[-1][0] for d, parts in zip(docs, split)
                    if parts and parts[-1][1]}
        out = []
        for rank, (doc, parts) in enumerate(zip(docs, split)):
            index = passage_index(doc)
            base = index if index >= 0 else 10_000 + rank
            lead = trailing.get((doc.metadata.get("source", ""), index - 1), "") if index > 0 else ""
            opened = False
            article = base * 1000  # counted within the passage: one passage's clauses before its first 第N条 are one
            for i, (text, heading) in enumerate(parts):
                if heading:
                    lead, opened = text, False
                    article += 1
                    continue
                starts = bool(_ARTICLE_START.match(text))
                if starts or opened and not _ITEM_START.match(text):
                    lead, opened = "", False  # a new article, or the end of a list a sentence opened
                article += starts
                out.append(Clause(doc, text, order=base * 1000 + i, rank=rank, lead=lead, article=article))
                if starts and text.endswith(("：", ":")) and _benefit_stem().search(text):
                    # 第五条 在本市无自有住房…可以同时申请租房补贴，标准如下： heads the items of its list (a sentence
                    # naming a benefit: its items are that benefit's)
                    lead, opened = text, True
        return out

    @staticmethod
    def subject(a: QueryAnalysis, wanted: set[str], folded: str) -> set[str]:
        """The words the question is about: written in it, and neither a place it names, nor wording of the ask
        (多少钱, 多久, 材料), nor a word of the story part saying who asks (我是某物流公司的人事…公司能申请吗)."""
        written = {t for t in wanted if t in folded or any(w in folded for w in surface_forms().get(t, ()))}
        return {t for t in written if _about(t, a)} - asker_words(a.text)

    @staticmethod
    def _subject_words(text: str, stop: set[str], context: set[str], a: QueryAnalysis) -> set[str]:
        return {t for t in terms(text) if len(t) >= 2 and t not in stop and t not in context and _about(t, a)}

    def rank(self, a: QueryAnalysis, kind: str | None, clauses: list[Clause], subject: str = "",
             semantic: float | None = None, by_meaning: bool = False) -> list[Clause]:
        """Clauses that hold a fact of ``kind`` (all clauses when ``kind`` is None), best first. ``by_meaning``: the
        clauses that mean ``subject`` most join those that share its words."""
        stop = set(slots()["stopwords"])
        previous: dict[int, str] = {}
        window: dict[int, str] = {}  # up to three clauses before, under the same heading: the record it belongs to
        for prev, c in pairwise(clauses):
            if prev.doc is c.doc:
                previous[id(c)] = prev.text
                if prev.lead == c.lead:
                    lines = [x for x in window.get(id(prev), "").split("\n") if x]
                    window[id(c)] = "\n".join([*lines, prev.text][-3:])
        wanted = {t for t in a.terms if t not in stop and (len(t) >= 2 or t.isdigit())}
        folded = fold_text(a.text)
        narrowing = [q["clause"] for q in ask_qualifiers() if any(w in folded for w in q["cues"])
                     and (not q.get("kinds") or kind in q["kinds"])]
        # a level of education named by a later part (要是以后再考到三级高级工呢) does not qualify an earlier ask
        upto = a.text[: at + len(subject)] if subject and (at := a.text.find(subject)) >= 0 else a.text
        levels = [lv for lv in slots()["education"] if lv in upto]
        asked_levels = education_levels(upto)
        about = self.subject(a, wanted, folded)
        # a filler (这块, 分别) names nothing a clause must write: no guard of the subject (a place jieba tags as an
        # adverb stays: 大连)
        untold = {w for w in filler_words(a.text) if not any(w in p for p in a.places)}
        payers = set(slots()["payer_words"])  # 政府贴息的贷款: who pays names no subject
        # a run of single characters that holds a place the question names (市戊己三市) is that place (戊己三市)
        runs = [x for f in fragments(a.text) for x in ([p for p in a.places if p in f] or [f])]
        unknown = [f for f in dict.fromkeys(runs) if _about(f, a) or f in a.places]
        focus_text, focus = asked_part(a.text, kind, about, subject)
        # 养老和医疗各补多少一个月？我能补几年: the duration part names nothing and borrows the subject of the part
        # before it, which asks a figure of its own: those words were that ask's, a clause need not name them; who
        # asks still counts (像我这种毕业生一个月能补多少？能补多久: the graduates' period, not another's)
        borrowed = bool(subject and focus_text and focus_text != fold_text(subject) and any(
            k != kind and ask_kinds()[k].get("figure") for k in classify_asks(focus_text)))
        who = {t for t in focus if groups_named(t, story=True)}
        # No focus a clause must name: a time word or the unit of a date (证是去年10月份拿到的: the story's),
        # who told the user (人事说我岁数超了) and the name of a kind of fact (年限也不够: how it asks, not about what)
        # (nor a verb that grants a benefit: 给毕业生发生活补贴 names no subject by 发放)
        untopical = time_words(a.text) | _ask_labels() | benefit_verb_words() | {
            t for t in focus if re.fullmatch(
            rf"(?:\d+{re.escape(t)})+", "".join(re.findall(rf"\d*{re.escape(t)}", focus_text))) or re.search(
            rf"{re.escape(t)}(?:说|讲|告诉)", focus_text)}
        # the words the documents write (a word no document writes, 持股 for 持有股份, is the user's own wording)
        written = a.known if a.known is not None else {t for c in clauses for t in terms(f"{c.lead}{c.text}")}
        # 高新区的企业去哪里申请: asked where or whom, the place the asking part names is what a clause must name
        # (高新区的申请人向高新区创业服务中心提出申请), whatever kind of applicant it writes
        where: set[str] = set()
        if kind and subject and not ask_kinds()[kind].get("figure"):
            part = fold_text(subject)
            where = {n for p in a.places for n in zone_names(p) | {short_name(p)} if len(n) >= 2 and n in part}
        # the words these clauses write, with their headings: a word of the story none of them writes (实地 of 想去学校
        # 实地看看 before 招生办电话多少) cannot tell one clause from another; the asked part's words still do
        here = {t for c in clauses for t in terms(f"{c.lead}{c.text}")} | {
            t for d in {id(c.doc): c.doc for c in clauses}.values() for t in terms(heading(d))}
        pool: list[Clause] = []
        split = {id(c): _caption(c) for c in clauses}
        table_rank: dict[tuple[str, str], int] = {}
        for c in clauses:
            if caption := split[id(c)][0]:
                table_rank[(c.source, caption)] = min(table_rank.get((c.source, caption), c.rank), c.rank)
        # A field name that heads many clauses of one document (补贴测算： before every measure of a long list) says
        # what kind of fact each holds, not which one is asked: its weight is shared among them.
        heads: dict[tuple[str, str], int] = {}
        if kind and ask_kinds()[kind].get("figure"):
            for c in clauses:
                if label := field_label(kind, c.text):
                    heads[(c.source, label[-2:])] = heads.get((c.source, label[-2:]), 0) + 1
        for c in clauses:
            if kind and not holds(kind, c.text) and not (ask_kinds()[kind].get("list") and labelled(kind, c.lead)) and not (
                    kind == "amount" and c.doc.metadata.get("kind") == "table_row" and unset_marker().search(c.text)):
                continue  # a list item under 单位材料： holds the materials its heading names; a row 补贴标准：另行制定 says
                # what the rule sets of its amount (nothing yet)
            if not (kind and ask_kinds()[kind].get("list")) and (attachment(c.text) or attachment(c.lead)):
                continue  # 附件：…申报表（物流）； names a file attached, it answers only "which materials"
            if not (kind and ask_kinds()[kind].get("list")) and signature(c):
                continue  # 深圳市…局 under the text: who issued it, no answer to an ask
            if kind and not ask_kinds()[kind].get("figure") and c.doc.metadata.get("kind") == "table_row" and not any(
                    any(w in label for w in ask_kinds()[kind].get("labels", [])) for label in _CELL_LABEL.findall(c.text)):
                continue  # a programme's row (…计算机系统运维…) tells no address nor channel unless a column is one (报名地点)
            context = set(terms(f"{c.doc.metadata.get('title', '')}"))
            # Words of the document's title say little about which of its clauses answers, but still something
            # (生活补贴 vs 租房补贴 when the title names both): they count for less, not for nothing.
            # A synonym the question did not write (发放 for 给) counts half.
            weight = {t: (0.35 if t in context and wanted - context else 1.0) * (1.0 if t in folded else 0.5)
                      for t in wanted}
            caption, row = split[id(c)]  # a table row's caption is every row's: a heading, not what the row says
            own = set(terms(row)) | set(terms(c.lead))  # a list item is about the heading it sits under
            headed = set(terms(heading(c.doc))) | set(terms(caption))
            before = set(terms(previous.get(id(c), ""))) - own  # the subject is often stated just before
            # a compound the question wrote (创业补贴) counts where the clause writes it inside a longer word (一次性创业补贴)
            overlap = sum(w * (1.0 if t in own or len(t) > 2 and t in row else 0.8 if t in before else 0.5 if t in headed
                               else 0.0) for t, w in weight.items())
            overlap += sum(1.0 for f in unknown if f in c.text or f in c.lead)
            # rows of one table share their retrieval rank: their order in retrieval says nothing, their cells do
            rank = table_rank.get((c.source, caption), c.rank)
            parts = {"overlap": overlap / max(sum(weight.values()) + len(unknown), 1.0) * 3.0,
                     "retrieval": 1.0 / (rank + 1)}
            # 最多能贷多少: the clause that states the ceiling (最高30万元)
            parts["narrowing"] = float(any(any(w in c.text for w in words) for words in narrowing))
            figure = bool(kind and (m := fact_pattern(kind)) and (_NUMERAL if ask_kinds()[kind].get("figure") else _DIGIT)
                          .search("".join(x.group(0) for x in m.finditer(with_units(c.text)))))
            # the fact itself (1520元, 三分之一, 两年, 0766-…, a@b.cn), not only a word about it (标准)
            figure = figure or bool(kind and referenced(kind, c.text))  # 补贴标准为当地最低工资标准 (its sum follows)
            parts["figure"] = float(figure)
            parts["label"] = parts["list_lead"] = parts["level"] = 0.0
            if kind and (label := field_label(kind, c.text)):
                # 申请渠道：… for "where do I apply"; for a figure kind, 待遇：… without a figure says little
                weight = 1.0 if figure or not ask_kinds()[kind].get("figure") else 0.3
                # counted by the label's head word: 补贴测算 and 标准测算 are the same field (测算)
                parts["label"] = weight * min(1.0, 2.0 / heads.get((c.source, label[-2:]), 1))
            elif kind and ask_kinds()[kind].get("list") and labelled(kind, c.lead):
                parts["list_lead"] = 1.0  # a list item under 申报材料：
            if levels:  # 本科 asked: a clause about 本科 beats one about 硕士 (大专 asked: 专科 is the same level)
                mentioned = education_levels(c.text)
                # (asked whether one may, a clause requiring another level is the answer: 国外只有本科能报吗 → 取得硕士
                # 及以上学位)
                # (a level the clause names is read by the synonym table when the question's is: 研究生 asked with
                # 硕士 is 硕士, so 博士研究生 is another level, whatever characters they share)
                same = mentioned & asked_levels if mentioned and asked_levels else any(lv in c.text for lv in levels)
                parts["level"] = 1.0 if same else (-1.0 if mentioned and kind != "eligibility" else 0.0)
            c.parts = parts
            c.score = (parts["overlap"] + 0.3 * parts["retrieval"] + 0.3 * parts["narrowing"] + 0.3 * parts["figure"]
                       + parts["label"] + parts["list_lead"] + (0.8 if parts["level"] > 0 else 0.6 * parts["level"]))
            title = fold_text(str(c.doc.metadata.get("title", "")))
            beyond = {t for t in about - context if t not in title and not _made_of(t, context)
                      and not _COUNTED.fullmatch(t)}  # beyond the document's subject; 这两类 counts, names nothing
            if kind and not ask_kinds()[kind].get("figure"):
                beyond -= set(levels)  # 本科 qualifies an amount, not the materials or where to apply
            own_subject = {t for t in beyond - untold - payers if (t in focus_text or written_in(t, here))
                           and not _qualifies_title(t, focus_text, title)}
            # The clause names it (or its heading does, or the start of its sentence when the sentence was cut at a
            # comma); or a word of the clause is written in the question (tokenisers cut 是指出国 differently).
            near = own | headed | set(terms(window.get(id(c), "")))
            # A long story (我河南的，在美国读完硕士回来一年了…) names many things besides its subject: no check then.
            # A word the question writes counts whole (创业担保贷款), or by all its parts: 创业 alone is not it.
            # (Its fillers and verbs count for its length: 认定, 找到 still make a story long.)
            groups = _groups(own_subject, focus_text, focus)
            long_story = len(_groups(beyond, focus_text, focus)) > 3
            c.on_subject = not own_subject or long_story or any(all(_named(w, near) for w in g) for g in groups) or any(
                t in folded and not any(t != w and t in w for w in map("".join, groups))
                for t in self._subject_words(c.text, stop, context, a))
            # What the asked part itself is about (有没有安家补贴，给多少钱 → 安家补贴): a clause that names only the
            # story around it (落户) does not answer it.
            own_focus = {t for t in focus if t in own_subject and t in written and t not in untopical
                         and (not borrowed or t in who)}  # the user's own wording (持股) aside
            if c.on_subject and own_focus and not any(_named(t, near) for t in own_focus):  # 创业补贴 in 一次性创业补贴
                c.on_subject = any(t in focus_text for t in self._subject_words(c.text, stop, context, a))
            if not c.on_subject and any(n in c.text for n in where):
                c.on_subject = True
            if not c.on_subject and any(w in folded for w in cells(c)[1]):
                c.on_subject = True  # 刚考下来高级工（三级）证书…焊工: the row naming 高级工 is the table's subject's
            pool.append(c)
        pool.sort(key=lambda c: -c.score)
        asking = fold_text(subject) if subject else folded  # 几月申请？几点截止: the part that asks it
        for words in (q["clause"] for q in ask_qualifiers() if q.get("hard") and any(w in asking for w in q["cues"])
                      and (not q.get("kinds") or kind in q["kinds"])):
            # 多少比例 asks for a share: a clause that states one (50%) answers, a sum in 元 does not
            pool = [c for c in pool if any(w in c.text for w in words)] or pool
        if kind and (channel := asked_channel(kind, fold_text(subject or a.text))):
            pool = [c for c in pool if channel.search(c.text)] or pool  # 打谁电话: a number, not the mailbox
        if by_meaning and self.vectors is not None and len(pool) > self.semantic_pool:
            # a part asked by meaning (老婆孩子能一起迁过来吗) may share no word with the clause that answers it
            # (配偶和未成年子女可随调随迁): the clauses that mean it most join those that share its words
            rest = pool[self.semantic_pool:]
            sims = self.vectors.get([f"{clean(c.lead)}{c.text}" for c in rest]) @ self.vectors.query(subject or a.text)
            pool = pool[: self.semantic_pool] + [rest[i] for i in np.argsort(-sims, kind="stable")[: self.meaning_pool]]
        else:
            pool = pool[: self.semantic_pool]
        if self.vectors is not None and len(pool) > 1:
            q = self.vectors.query(subject or a.text)
            vectors = self.vectors.get([f"{clean(c.lead)}{c.text}" for c in pool])
            sims = vectors @ q
            lo, hi = float(sims.min()), float(sims.max())
            for c, s in zip(pool, sims):
                c.parts["semantic"] = (float(s) - lo) / (hi - lo) if hi > lo else 0.0
                c.score += (self.semantic_weight if semantic is None else semantic) * c.parts["semantic"]
            if self.model is not None or self.log is not None:
                whole = vectors @ self.vectors.query(a.text) if subject and subject != a.text else sims
                self._learned_parts(pool, sims, whole, kind)
            pool.sort(key=lambda c: -c.score)
            if self.model is not None:
                for c in pool:
                    c.fit = self.model.score(c.parts, kind)
                pool.sort(key=lambda c: -c.fit)
            if self.log is not None:
                self.log.append({"question": a.text, "kind": kind, "subject": subject,
                                 "pool": [(dict(c.parts), quoted(c)) for c in pool]})
        named_part = fold_text(subject) if subject else ""  # the benefit the asking part itself names
        ranked = by_group(by_cells(by_benefit(by_precision(pool, folded, kind), folded, kind, named_part), a.text, subject),
                          groups_named(a.text, story=True))
        for words in (q["clause"] for q in ask_qualifiers() if kind in q.get("first_kinds", [])
                      and any(w in asking for w in q["cues"])):
            # 一个月给多少: a clause that states a monthly sum goes first (not 租金按市场租金的50%收取), or one that
            # states it by a monthly standard (补贴标准为当地最低工资标准)
            ranked.sort(key=lambda c, words=words: not (any(w in c.text for w in words) or referenced(kind, c.text)))
        return by_anchor(by_period(by_age_told(ranked, kind, asking), kind, asking), kind, asking)

    @staticmethod
    def _learned_parts(pool: list[Clause], sims: np.ndarray, whole: np.ndarray, kind: str | None) -> None:
        """The learned scorer's features beyond the hand-set components: raw cosines to the asked part and to the
        whole question, the cosine's rank in the pool, same article as the best clause by words, the position in
        the document, the clause's length (a guard: the fit may only make length cost) and on_subject. A figure
        means one thing for an ask of a figure (多少钱) and another for one that is not (去哪申请: a 文号 is no
        answer), and a part no ask wording classifies is told by meaning: those get features of their own."""
        order = {i: r for r, i in enumerate(np.argsort(-sims, kind="stable"))}
        best = max(pool, key=lambda c: c.parts["overlap"])
        figure_kind = bool(kind and ask_kinds()[kind].get("figure"))
        for i, c in enumerate(pool):
            c.parts.update({
                "figure": c.parts["figure"] if figure_kind else 0.0,
                "figure_other": 0.0 if figure_kind else c.parts["figure"],
                "open_semantic": 0.0 if kind else c.parts.get("semantic", 0.0),
                "open_cos": 0.0 if kind else float(sims[i]),
                "cos_part": float(sims[i]),
                "cos_question": float(whole[i]),
                "cos_rank": 1.0 / (order[i] + 1),
                "same_article": float(c.source == best.source and c.article == best.article),
                "position": min(max(passage_index(c.doc), 0), 30) / 30,
                "length": math.log1p(len(c.text)) / 5,
                "on_subject": float(c.on_subject),
            })
