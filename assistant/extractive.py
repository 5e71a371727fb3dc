"""Extractive answers (no model): pick the sentences, clauses, table rows or posting fields that answer the
question, keep numbers with their units and conditions, and cite each with [n]. Never writes a number itself."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from langchain_core.documents import Document

import prompts
from assistant.clauses import (
    Clause,
    ClauseRanker,
    absolute,
    asked_channel,
    benefit_name,
    benefit_stems,
    clean,
    education_levels,
    for_others,
    holds,
    labelled,
    next_passage,
    quoted,
    referenced,
    relative_only,
    topic_words,
    whole_benefits,
    written_in,
    written_terms,
)
from assistant.lexicon import contains_any, for_group, groups_named, slots
from assistant.refusal import topic_phrase
from core.places import canonical_district, fold_text, is_district, place_mentions
from ingest.chunking import ISSUING
from knowledge.lexical import alternate_terms, surface_forms, terms
from knowledge.query import (
    QueryAnalysis,
    ask_kinds,
    ask_qualifiers,
    asks_for_limit,
    asks_its_own,
    classify_asks,
    programme_written_at,
    question_endings,
    question_parts,
    stated_kinds,
    yes_no,
)
from knowledge.tokenize import no_topic_words

_LEAD = re.compile(r"^第[一二三四五六七八九十百零〇\d]+条\s*")
_ITEM = re.compile(r"^\s*[（(][一二三四五六七八九十]{1,3}[)）]")  # a numbered item of a list
_GOES_ON = re.compile(r"^\s*(?:其中|具体(?:为|是|标准)|即(?!可))")  # a sentence that details the one before it
# a programme passage's lead (…数控技术（460103）：, …招生专业及计划：, …（专业代码：460103）：) before its fields
_HEADER = re.compile(r"^[^；：（\n]*(?:（[^）]*）)?：(?=[^；]*：)")
_SUBJECT = re.compile(r"^\s*(?:\d+\.\s*)?([\u4e00-\u9fff]{2,14}?)专业(?!的)")  # a sentence about one programme
_FIGURE = re.compile(r"[\d.,，]+\s*[人名元个]?")
_UNIT = re.compile(r"[（(]([人名元个年月/每]{1,5})[）)]$")  # a column name's unit: 学费（元/年）, 招生计划（人）
_MOST_UNITS = 5  # the asks one answer holds, each with its own line
_LIMITS = re.compile(r"条件|应当|须|符合|未满|以内|以上|以下|不超过|不得|不予|不享受|限|仅|除外|但")


@dataclass
class Draft:
    """An answer before it becomes a Reply: text with [n] markers and the passages they cite, in order."""

    text: str
    cited: list[Document] = field(default_factory=list)
    clarify: bool = False
    evidence: list[Document] = field(default_factory=list)  # the selected clauses, as passages (the LLM's context)
    not_stated: list[str] = field(default_factory=list)  # labels of the asked facts no clause carries
    checked: str = ""  # the document checked, for a "not stated" answer
    partial: list[str] = field(default_factory=list)  # labels of the asked facts an answer to the others lacks
    unanswered: bool = False  # every specific fact asked is among them: the reply says it is not stated


class Citations:
    def __init__(self) -> None:
        self.docs: list[Document] = []
        self._index: dict[str, int] = {}

    def mark(self, doc: Document) -> str:
        key = doc.id or doc.page_content
        if key not in self._index:
            self.docs.append(doc)
            self._index[key] = len(self.docs)
        return f"[{self._index[key]}]"


def district_of(doc: Document) -> str:
    md = doc.metadata
    if md.get("district"):
        return canonical_district(str(md["district"]))
    return next((p.name for p in place_mentions(str(md.get("title", ""))) if is_district(p)), "")


def consistent(docs: list[Document], a: QueryAnalysis) -> list[Document]:
    """Drop passages that belong to another district, programme or college than the question names."""
    out = docs
    if a.districts:
        out = [d for d in out if not district_of(d) or district_of(d) in a.districts]
    if a.codes:
        out = [d for d in out if d.metadata.get("doc_type") != "programme" or d.metadata.get("programme_code") in a.codes] or out
    elif a.programmes:  # 机电一体化技术 names its 五年一贯制 row too: the row whose name fits best is chosen later
        out = [d for d in out if d.metadata.get("doc_type") != "programme"
               or any(p in str(d.metadata.get("programme") or "") for p in a.programmes)] or out
    if a.colleges:
        out = [d for d in out if d.metadata.get("doc_type") != "programme" or d.metadata.get("college") in a.colleges] or out
    return out


class ExtractiveAnswerer:
    """Answers from the passages themselves: posting lines, programme fields, or the clauses that fit the ask."""

    def __init__(self, max_chars: int = 200, max_postings: int = 3, ranker: ClauseRanker | None = None,
                 reserve: int = 50, drift: float = 0.5, per_ask: int = 80) -> None:
        self.max_chars = max_chars
        self.per_ask = per_ask  # the room each further specific ask adds (能补多少 补几年 去哪办: each fact quoted)
        self.max_postings = max_postings
        self.reserve = reserve  # characters a clause's list items leave for each ask still to answer
        self.ranker = ranker or ClauseRanker(None)
        self.drift = drift  # how much more another of the best three must mean one of several asks to go first

    def answer(self, question: str, route: str, a: QueryAnalysis, docs: list[Document], focus: str = "",
               follow_up: bool = False) -> Draft:
        """``focus`` is the user's own message: a follow-up's intent (去哪里办？) outranks the earlier question's
        (``follow_up``: the question was read with the history). Passages marked ``notes`` (a catalogue's
        sections that are no one programme's, added after retrieval) only answer what a programme's row does not."""
        notes = [d for d in docs if d.metadata.get("notes") or d.metadata.get("doc_type") == "programme"
                 and not d.metadata.get("programme") and d.metadata.get("kind") != "table_row"]
        docs = consistent([d for d in docs if not d.metadata.get("notes")], a)
        if route == "job":
            jobs = [d for d in docs if d.metadata.get("doc_type") == "job"]
            if jobs:
                return self._jobs(question, jobs)
        if route == "programme":
            progs = [d for d in docs if d.metadata.get("doc_type") == "programme"]
            if progs:
                return self._programme(question, a, progs, focus, notes)
            jobs = [d for d in docs if d.metadata.get("doc_type") == "job"]
            if jobs and docs[0].metadata.get("doc_type") == "job":
                return self._jobs(question, jobs)
        if route == "policy" and docs:
            # A policy answer quotes the documents of the top passage's kind: no posting lines under a subsidy table.
            docs = [d for d in docs if d.metadata.get("doc_type") == docs[0].metadata.get("doc_type")]
        return self._sentences(question, a, docs, focus, follow_up)

    # ---- policies and free text: clause selection by fit -----------------------------------------------------
    def _sentences(self, question: str, a: QueryAnalysis, docs: list[Document], focus: str = "",
                   follow_up: bool = False) -> Draft:
        """One line per ask, in the order asked: the clause that best carries that kind of fact (the hard check),
        then the one neighbouring clause that limits it when it fits. An ask no clause answers is named as not
        stated in the document checked; when none is answered the draft is empty and ``not_stated`` says why."""
        if a.districts and docs and docs[0].metadata.get("doc_type") == "policy":
            # One named district, one policy: don't mix in sentences from its other documents. Of the city's rules
            # given for it, the one that writes most of what the question is about (电工四级证 中级工: the certificate
            # rule, not the graduates' rule retrieval put first).
            source = _most_about(a, docs)
            docs = [d for d in docs if d.metadata.get("source") == source]
        elif docs and docs[0].metadata.get("doc_type") == "policy" and (named := _titled(a, docs)):
            docs = [d for d in docs if d.metadata.get("source") == named]  # 毕业生补贴…在哪交…电话: that rule's, each ask
        docs = docs[:40]
        if not docs:
            return Draft(text="")
        units = self._units(question, a, focus, follow_up)
        implied = _implied(focus or question, units)  # 今年31了 还能按应届生引进不: the age limit is asked too
        units = [(k, replace(a, asks=[k]), units[0][2]) for k in implied] + units
        several = len({part for _, _, part in units}) > 1  # parts asked in turn
        clauses = self.ranker.clauses(docs)
        if asker := groups_named(a.text, story=True):  # a graduate is told the graduates' part of a sentence for two
            # (a table row's cells are one record, not parts for different groups: 财政贴息方式：同个人贷款 stays)
            clauses = [c if c.doc.metadata.get("kind") == "table_row" or (t := for_group(c.text, asker)) == c.text
                       else replace(c, text=t) for c in clauses]
        chosen: list[tuple[Clause, list[Clause]]] = []
        kinds: list[str | None] = []  # the ask each chosen clause answers
        missing: list[str] = []
        used = 0
        whole: dict[str, str] = {}  # the part a clause is quoted by → the clause's whole text
        done: list[str | None] = []  # the kinds of the units answered so far
        specific = [k for k, _, _ in units if k and not ask_kinds()[k].get("broad") and k not in implied]
        cap = self.max_chars + self.per_ask * max(len(set(specific)) - 1, 0)
        own = self._own_clauses(units, clauses)
        # The specific asks take their room first (能补多少 补几年 after 能补社保吗: a yes/no part's clause, with the
        # list it opens, would leave no room for the figures); the lines are given in the order asked.
        order = sorted(range(len(units)), key=lambda i: units[i][0] not in specific)
        steps: list[int] = []  # the unit each chosen clause answers
        rankings: dict[int, list[Clause]] = {}
        for n, step in enumerate(order):
            kind, part_analysis, part = units[step]
            later = self.reserve * (len(units) - n - 1)  # room kept for the asks still to answer
            # a part no cue classifies (老婆能一起迁吗) is told by meaning more than by its words (配偶…随迁)
            alone = follow_up and kind is None and part == focus  # a follow-up's own question, asked by meaning
            weight = self.ranker.open_weight if kind is None and (several or alone) else None
            ranked = [c for c in self.ranker.rank(part_analysis, kind, clauses, subject=part, semantic=weight,
                                                  by_meaning=alone) if c.score > 0.35 or kind]
            if kind in implied:  # the limit itself (28周岁以下), not a clause that only names it (年龄符合下表规定),
                # and for the asker's group (not 持中国护照…18岁以下子女 for one who holds a foreign passport)
                ranked = [c for c in ranked if c.parts.get("figure") and not for_others(c, asker)]
            if kind and not ask_kinds()[kind].get("broad") and set(specific) == {kind}:
                # A figure about something else (创业补贴8000元 for 高级工证书补贴多少) does not answer: not stated.
                # (With several specific asks the subject's words qualify one of them: 本科 the amount, not where to
                # apply; a broad ask beside it (有没有租房补贴，多少) does not share the subject out.)
                ranked = [c for c in ranked if c.on_subject or c.text == own.get(step)] or _sole_statement(
                    part_analysis, kind, ranked, clauses)  # a part's own: by its meaning
            elif kind and kind in specific or kind is None and several:
                # several asks: a clause on the subject still comes first; for a kind told by its field name, not by a
                # figure, a clause written under that name is (受理地点：…湄滨大道118号 for 在哪里办)
                named = bool(kind and not ask_kinds()[kind].get("figure"))
                # of the clauses on the subject, when the first holds no figure of the kind, those holding one first
                # (补贴期限最长不超过24个月 for 能补多久, not the list of who qualifies)
                bare = bool(kind and not named and ranked and not ranked[0].parts.get("figure"))
                ranked.sort(key=lambda c: (not (c.on_subject or named and c.parts.get("label", 0.0) >= 1.0),
                                           bare and not c.parts.get("figure")))
            rankings[step] = ranked
            # 公示多少天 审核又要多久: the same kind asked of two things (of a benefit each part names, 生活补贴…
            # 租房补贴…各能拿多少, the ranking's own first clause)
            again = several and kind in done and not whole_benefits(part)
            done.append(kind)
            if again and ranked and ranked[_most_meant(ranked)] is ranked[0]:
                again = False  # 住宿费多少 4人间和6人间分别多少: the clause that means this part most is the same one
            if step in own:
                ranked.sort(key=lambda c: c.text != own[step])
                again = False
            elif len(units) > 1 and kind and not ask_kinds()[kind].get("broad") and len(ranked) >= 3:
                # one of several asks (能拿几年): a first clause that hardly means the part (签订1年以上劳动合同) gives
                # way to the one of the next few on the subject that means it most (补贴期限最长36个月). (Meaning is
                # scaled within the pool: of two clauses one always means "most".) Parallel items of one list, under
                # one heading and fit alike for the kind (（一）见习单位补贴 … （二）见习人员生活补助, both a monthly sum),
                # differ by the words that say which one is asked (单位), too little for meaning to tell: the ranking
                # stands. (An item that states what the other lacks, 最长3年 for 最多补几年, still goes first.)
                # (never one about another level of education than the one asked: 博士…3000元 for 硕士 asked)
                meant = max((c for c in ranked[:3] if c.parts.get("level", 0.0) >= 0 or c is ranked[0]),
                            key=lambda c: c.parts.get("semantic", 0.0))
                # (items numbered alike in one passage are one list too: （三）全日制本科1400元/月 （四）专科800元/月)
                parallel = meant.doc is ranked[0].doc and (
                    bool(meant.lead) and meant.lead == ranked[0].lead or all(_ITEM.match(c.text) for c in (meant, ranked[0]))
                ) and all(meant.parts.get(p, 0.0) == ranked[0].parts.get(p, 0.0) for p in ("figure", "narrowing", "label"))
                # (never over a clause that repeats the question's own qualifier when it does not: 去哪个部门办 keeps
                # 向…职业能力建设科申请 before 受理部门应当优先受理)
                if meant.on_subject and not parallel and meant.parts.get("narrowing", 0.0) >= ranked[0].parts.get(
                        "narrowing", 0.0) and (
                        meant.parts.get("semantic", 0.0) - ranked[0].parts.get("semantic", 0.0) >= self.drift):
                    ranked.insert(0, ranked.pop(ranked.index(meant)))
            # a limiting clause quoted too; a clause quoted by its part counts as quoted whole
            quoted_texts = {c.text for x, extra in chosen for c in (x, *extra)} | {whole.get(x.text, "") for x, _ in chosen}
            if ranked and (short := next((k for k, v in whole.items() if v == ranked[0].text), None)):
                # an earlier ask quoted this clause by its part (国家助学金…3300元); it answers this ask too (能不能先
                # 报到后交钱 … 先报到后缴费): quoted whole now, not another clause instead
                chosen = [(replace(x, text=whole.pop(short)) if x.text == short else x, extra) for x, extra in chosen]
                used += len(ranked[0].text) - len(short)
                continue
            if kind and ranked and ranked[0].text in quoted_texts and not again:
                continue  # the clause quoted for an earlier ask answers this one too (年龄卡多少 after 还能申吗)
            if kind not in specific and ranked and ranked[0].text in quoted_texts and any(j > step for j in order[:n]) and (
                    stems := benefit_stems(part)):
                # answered after the figure asked next (有一次性补贴吗，每人多少: 一次性吸纳就业补贴1500元 quoted): another
                # clause may tell what else it asks (the age limit, who qualifies), never the figure of a benefit other
                # than the one the part names (就业见习补贴1800元). (A part naming no benefit, 开店房租能补一部分, may
                # still take the clause that means it: 创业场地租金补贴, where the figure asked got 一次性创业补贴.)
                ranked = [c for c in ranked if not (any(k in specific and holds(k, c.text) for k in kinds) and (
                    name := benefit_name(c)) and not any(stem in name for stem in stems))]
            ranked = [c for c in ranked if c.text not in quoted_texts] if kind or several else ranked
            if again and ranked:  # of the next few, the one that means most what this part asks (审核 … 7个工作日内)
                ranked.insert(0, ranked.pop(_most_meant(ranked)))
            if kind and not ranked:
                if not again and kind not in implied:  # asked again and no other clause: the first one answered both
                    missing.append(kind)
                continue
            picks = ranked[:1] if kind or several else ranked[:2]
            if kind and ask_kinds()[kind].get("list") and picks and picks[0].lead:
                picks = [_list_start(picks[0], clauses, kind)]  # a list is quoted from its first item
            listed = bool(kind and ask_kinds()[kind].get("list"))
            for best in picks:
                if best.text in {c.text for x, extra in chosen for c in (x, *extra)}:
                    continue  # quoted already, as the condition of the clause before it
                if listed and later and best.lead:  # other asks wait: the list is quoted by its items' heads, whole
                    best = replace(best, text=_item_head(best.text) or best.text)
                cost = len(quoted(best)) + 4
                if chosen and used + cost > cap and kind in specific:
                    # a broad ask's clause (家里条件一般: a condition) gives way to a specific one's (能拿多少)
                    kept = [i for i, k in enumerate(kinds) if k and k in specific]
                    chosen, kinds, steps = [chosen[i] for i in kept], [kinds[i] for i in kept], [steps[i] for i in kept]
                    used = sum(len(quoted(b)) + 4 + sum(len(clean(e.text)) for e in x) for b, x in chosen)
                if kind in specific and not again and not (listed and best.lead) and (
                        cost > cap - used - later) and (
                        short := _fact_part(best.text, kind, part, specific, a.text)):
                    # too long for the room the other asks leave: quoted by the comma part that carries the fact
                    # (…，并享受实际缴交租金三分之一、不超过三年的租金补贴。). Not for a kind asked again when the
                    # clause is only the next one's best guess: the first may have answered both (8倍 … 6倍).
                    text = best.text
                    best = replace(best, text=short)
                    whole[short] = text
                    cost = len(quoted(best)) + 4
                if chosen and used + cost > cap:
                    continue
                extra = [] if best.text in whole else self._condition(  # a part quoted: what follows it is not
                    best, clauses, used + cost + later, kind, compact=listed and bool(later and best.lead), cap=cap)
                extra = [e for e in extra if not for_others(e, asker)]  # （二）高校毕业生… after one 就业困难人员 asks of
                taken = quoted_texts | {best.text} | {e.text for e in extra}
                paired = self._paired_figure(best, a, part_analysis, part, [k for k in (kind, *specific) if k], clauses, taken)
                if paired is not None and used + cost + sum(len(clean(e.text)) for e in (paired, *extra)) <= cap:
                    extra = [paired, *extra]
                had = taken | {e.text for e in extra}
                items = _list_items(best, clauses, kind, part, question, had)
                while items and used + cost + sum(len(clean(e.text)) for e in (*extra, *items)) > cap:
                    items.pop()
                if items and best.text not in whole:  # the list's items in its own order, under its heading
                    best, *items = sorted([best, *items], key=lambda c: c.order)
                    best = replace(best, lead=best.lead or items[0].lead)
                extra = [*items, *extra]
                chosen.append((best, extra))
                kinds.append(kind)
                steps.append(step)
                used += cost + sum(len(clean(e.text)) for e in extra)
        checked = docs[0].metadata.get("title", "") or docs[0].metadata.get("source", "")
        # a kind asked of two parts and answered for one (还能落户吗 硕士的话是多少岁) is stated
        missing = [k for k in dict.fromkeys(k for k, _, _ in units) if k in missing and k not in kinds]
        # 有没有年龄限制 asks whether the rule sets one: its conditions, with the age unstated, answer that
        limits = {k for k, _, part in units if k in specific and asks_for_limit(part)}
        unanswered = False
        if specific and all(k in missing for k in specific) and not all(k in limits for k in specific):
            # a clause of a broad kind (a condition) does not answer "how old" or "how much"; a part asking a question
            # of its own that no cue names (老婆孩子能跟着调过来吗？学校会不会乱收费) is answered still, when its clause
            # states no such figure (it would answer the one said not stated) — the reply is a "not stated" one
            figures = [m for m in specific if ask_kinds()[m].get("figure")]
            kept = [i for i, k in enumerate(kinds) if k is None and not any(holds(m, chosen[i][0].text) for m in figures)]
            chosen, kinds, steps = [chosen[i] for i in kept], [kinds[i] for i in kept], [steps[i] for i in kept]
            missing = list(dict.fromkeys(specific))
            unanswered = True
        chosen = [x for _, x in sorted(zip(steps, chosen, strict=True), key=lambda p: p[0])]  # in the order asked
        first_ranked = next((rankings[i] for i in sorted(rankings) if rankings[i]), [])
        if not chosen:
            return Draft(text="", not_stated=[ask_kinds()[k]["label"] for k in missing], checked=checked)
        if not a.districts:
            per_district = self._per_district(first_ranked)
            if per_district:
                return per_district
        cites = Citations()
        lines = []
        evidence = []
        bodies = [quoted(best) + "".join(clean(c.text) for c in extra) for best, extra in chosen]
        for i, ((best, _), body) in enumerate(zip(chosen, bodies, strict=True)):
            if any(body in other and (body != other or j < i) for j, other in enumerate(bodies) if j != i):
                continue  # said whole by another line (a list's head quoted for one ask, the list for the next)
            lines.append(f"{body}{cites.mark(best.doc)}")
            evidence.append(Document(page_content=body, metadata=best.doc.metadata, id=best.doc.id))
        titles = list(dict.fromkeys(d.metadata.get("title", "") for d in cites.docs))
        head = according_to(titles[0], cites.docs[0].metadata.get("rule", "")) if len(titles) == 1 else ""
        text = head + "\n".join(lines)
        partial = [ask_kinds()[k]["label"] for k in missing]
        if partial:
            text += "\n" + prompts.render("not_stated_part", labels="、".join(partial)).strip()
        return Draft(text=text, cited=cites.docs, evidence=evidence, partial=partial, unanswered=unanswered)

    def _own_clauses(self, units: list[tuple[str | None, QueryAnalysis, str]], clauses: list[Clause]) -> dict[int, str]:
        """Parts whose rankings put one clause first (公示要几天 公示完了审核要多久; 年龄卡多少 回国多久以内还能报): when
        the clause each means most, of its best three, is a different one for each part, that clause is the part's
        own. {unit index: clause text}; {} otherwise. A broad ask (能申请吗) is no fact of its own. Parts asking the
        same kind that each name what they ask about (公示, 审核) share out freely among clauses on the subject; a
        part naming no subject (一个月多少) means no clause most by itself."""
        picks: dict[int, Clause] = {}
        gains: dict[int, float] = {}  # read as each ranking is made (ranking sets the clauses' parts anew)
        sides: dict[int, bool] = {}
        by_top: dict[str, list[int]] = {}
        for i, (kind, analysis, part) in enumerate(units):
            if kind and not ask_kinds()[kind].get("broad") and (
                    top := self.ranker.rank(analysis, kind, clauses, subject=part)[:3]):
                # a clause that states no fact of the kind (不重复享受租房补贴 for 租房补贴每个月多少) is no part's own
                stating = [c for c in top if c.parts.get("figure") or not ask_kinds()[kind].get("figure")] or top
                picks[i] = max(stating, key=lambda c: c.parts.get("semantic", 0.0))
                gains[i] = picks[i].parts.get("semantic", 0.0) - top[0].parts.get("semantic", 0.0)
                sides[i] = picks[i].on_subject
                by_top.setdefault(top[0].text, []).append(i)
        own: dict[int, str] = {}
        for first, steps in by_top.items():
            if len(steps) < 2 or len({picks[i].text for i in steps}) < len(steps):
                continue
            named = len({units[i][0] for i in steps}) == 1 and all(ClauseRanker.subject(
                units[i][1], set(terms(units[i][2])) - set(slots()["stopwords"]), fold_text(units[i][2])) for i in steps)
            kept = any(picks[i].text == first for i in steps)
            # Otherwise the part that means the shared clause most keeps it, and another leaves it only for a clause
            # on the subject that it means clearly more (回国多久以内 → 两年内). A clause on another subject is a
            # part's own only when it means that part clearly more and the shared clause stays (政策是管哪几年的).
            clear = {i: gains[i] >= self.drift / 2 for i in steps}
            leaves = {i: sides[i] and named or kept and clear[i] and (sides[i] or named) for i in steps}
            if all(picks[i].text == first or leaves[i] for i in steps):
                own.update({i: picks[i].text for i in steps})  # only when the rankings would give every part the same clause
        return own

    @staticmethod
    def _units(question: str, a: QueryAnalysis, focus: str = "",
               follow_up: bool = False) -> list[tuple[str | None, QueryAnalysis, str]]:
        """What to answer, in order: (ask kind, the analysis to rank clauses by, the text the clause should mean).
        One question part asking: each ask kind of the question. Two or more parts asking (公示要挂几天 公示完了多久能
        审下来; 购房补贴有多少 之前领的租房补贴会扣掉吗): each part in turn, read with the parts that ask nothing (the
        story), so two asks of one kind, and a part no cue classifies, each get their own clause."""
        focus_asks = classify_asks(focus) if focus and focus != question else []
        if follow_up and focus and not focus_asks and asks_its_own(focus):
            # 那我老婆孩子能一起迁过来吗 after 要在单位干多久: the follow-up asks its own question, which no cue names;
            # the earlier ask (多久) is not asked again, and the clause should mean the follow-up
            return [(None, replace(a, asks=[], terms=terms(focus)), focus)]
        asks: list[str | None] = list(dict.fromkeys(focus_asks or a.asks))[:3] or [None]
        default = [(k, a, question) for k in asks]
        parts = question_parts(focus or question)
        if sum(asking for _, asking in parts) < 2:
            return default
        # a follow-up's own message is read after the standalone question's story (the subject the history gave)
        lead = " ".join(p for p, asking in question_parts(question) if not asking) if focus and focus != question else ""
        asked: list[tuple[int, str, list[str | None]]] = [
            (i, part, list(classify_asks(part)) or [None]) for i, (part, asking) in enumerate(parts) if asking]
        # 那要是分到名额了 纸质材料送去哪儿: a part that tells what has happened (ends in 了) with no question word is
        # the story around the ask, whatever ask wording it holds (名额)
        asked = [x for x in asked if not _told(x[1])] or asked
        if sum(len(kinds) for _, _, kinds in asked) > _MOST_UNITS:
            asked = _real_asks(asked)
        units: list[tuple[str | None, QueryAnalysis, str]] = []
        stop = set(slots()["stopwords"])
        each: list[str] = []  # 生活补贴还有房补…各能拿多少: the benefits a figure is asked of, one by one
        for i, part, kinds in asked:
            text = " ".join([lead, *(p for p, _ in parts[: i + 1])]).strip()  # the question as read up to this part
            if _EACH.search(part) and len(named := whole_benefits(text)) >= 2:
                each = named
            elif whole_benefits(part):
                each = []  # a later part naming its own benefit asks of it alone
            # 还有没有额外奖励: whether there is one is answered by the clause that states its figure, which the part asks
            # (有哪些时间上的要求 asks conditions and a date: both)
            if any(k and ask_kinds()[k].get("figure") for k in kinds):
                kinds = [k for k in kinds if not (k and ask_kinds()[k].get("broad"))]
            # (有没有上限 after a figure asked, asking no figure of its own: that figure's ceiling, whatever broad kind
            # 有没有 reads as; not 最多能拿多长时间)
            narrows = bool(units and units[-1][0] and ask_kinds()[units[-1][0]].get("figure") and all(
                not k or ask_kinds()[k].get("broad") for k in kinds) and any(
                w in part for q in ask_qualifiers() if units[-1][0] in q.get("kinds", [units[-1][0]]) for w in q["cues"]))
            if units and (kinds == [units[-1][0]] or narrows) and units[-1][0] and parts[i - 1][1] and not ClauseRanker.subject(
                    units[-1][1], set(terms(part)) - stop, fold_text(part)) and not _other_channel(
                    units[-1][0], units[-1][2], part):
                # 什么时候截止 几点: the same fact asked more precisely, of nothing else, is one ask (not after a part
                # that tells what it is asked of: 要是见习完了我把人留下来签合同，有没有什么奖励); its words still
                # qualify it (每个人补多少，有没有上限: the run with the ceiling)
                units[-1] = (*units[-1][:2], f"{units[-1][2]}，{part}")
                continue
            if part.startswith("还是") and i and not parts[i - 1][1]:
                part = f"{parts[i - 1][0]}，{part}"  # 是入职就能落户，还是得工作几年: one question between two answers
            for kind in kinds:
                read = replace(a, terms=terms(text), asks=[kind] if kind else [])
                if each and kind and ask_kinds()[kind].get("figure"):  # …能拿多长时间 after 各能拿多少: of each too
                    units.extend((kind, _without(read, [b for b in each if b != benefit]), f"{benefit}{part}")
                                 for benefit in each)
                else:
                    units.append((kind, read, part))
        return _fewest(units)

    def _per_district(self, ranked: list[Clause], close: float = 0.8, most: int = 3) -> Draft | None:
        """No district named, and the best clauses come from documents of different districts about equally well:
        one line per district, labelled, under a line asking which district (each district's rules differ)."""
        best: dict[str, Clause] = {}
        for c in ranked:
            district = district_of(c.doc) if c.doc.metadata.get("doc_type") == "policy" else ""
            if district and district not in best:
                best[district] = c
        picks = [(d, c) for d, c in best.items() if c.score >= close * ranked[0].score][:most] if ranked else []
        if len(picks) < 2 or district_of(ranked[0].doc) not in best:
            return None
        cites = Citations()
        lines = [f"{d}：{quoted(c)}{cites.mark(c.doc)}" for d, c in picks]
        evidence = [Document(page_content=quoted(c), metadata=c.doc.metadata, id=c.doc.id) for _, c in picks]
        return Draft(text=prompts.load("ask_district").strip() + "\n" + "\n".join(lines), cited=cites.docs,
                     evidence=evidence)

    def _paired_figure(self, best: Clause, a: QueryAnalysis, part_analysis: QueryAnalysis, part: str, kinds: list[str],
                       clauses: list[Clause], taken: set[str]) -> Clause | None:
        """A figure stated against another (在第五条基础上上浮20%) with its base, the best clause of its document on
        the subject that holds a figure of its own (四级/中级工 1500元); a figure of its own with the relative one a
        word of the question calls for that neither it nor the document's title writes (紧缺 of 紧缺职业目录内证书…
        上浮20%). None otherwise."""
        for kind in kinds:
            if (named := referenced(kind, best.text)) and not absolute(kind, best.text):
                # 补贴标准为当地最低工资标准。 then 北三市月最低工资标准为1520元，其他区市县…1620元。: the figure it names
                # (the next such sentence of its passage: 政策内容 names the standard, 补贴测算 gives its sums)
                return next((c for c in clauses if c.source == best.source and c.order > best.order
                             and c.order // 1000 == best.order // 1000 and c.text not in taken
                             and named in c.text and absolute(kind, c.text)), None)
            if relative_only(kind, best.text):
                ranked = self.ranker.rank(replace(part_analysis, asks=[kind]), kind, clauses, subject=part)
                return next((c for c in ranked if c.source == best.source and c.on_subject and c.text not in taken
                             and absolute(kind, c.text)), None)
            if absolute(kind, best.text):
                words = topic_words(a) - set(terms(f"{best.doc.metadata.get('title', '')} {best.text}"))
                return next((c for c in clauses if c.source == best.source and c.text not in taken
                             and relative_only(kind, c.text) and any(w in c.text for w in words)), None)
        return None

    def _condition(self, best: Clause, clauses: list[Clause], used: int, kind: str | None = None,
                   compact: bool = False, cap: int | None = None) -> list[Clause]:
        """The clause right after ``best`` in its document when it limits it (条件, 以内, 不超过 …) and fits; for a
        list kind (materials) the following items of the list that hold the same kind of fact, by their heads when
        ``compact`` (other asks wait) or when they don't fit whole."""
        cap = cap or self.max_chars
        if kind and ask_kinds()[kind].get("list"):
            # the list's following items (those under the heading that names the materials too: 本人社会保障卡 holds
            # no word of the kind); when they don't all fit whole, each is quoted by its head, so the list is
            # still read to its end rather than cut (毕业证书、学位证书，境外学历须提供… → 毕业证书、学位证书；)
            rest = [c for c in clauses if c.source == best.source and c.order > best.order and (
                c.lead == best.lead and c.article == best.article and best.lead and (holds(kind, c.text) or labelled(kind, c.lead))
                or not best.lead and c.order <= best.order + 3 and holds(kind, c.text))]
            if compact or used + sum(len(clean(c.text)) for c in rest) > cap:
                rest = [replace(c, text=head) for c in rest if (head := _item_head(c.text))]
            items = []
            for c in rest:
                if used + len(clean(c.text)) > cap:
                    break
                items.append(c)
                used += len(clean(c.text))
            return items
        if best.text.rstrip().endswith(("：", ":")):
            # 符合以下条件之一的，可申请办理引进：  the clause only introduces a list: the list's items answer
            items = []
            for c in sorted((c for c in clauses if c.doc is best.doc and best.order < c.order <= best.order + 4),
                            key=lambda c: c.order):
                if used + len(clean(c.text)) > cap:
                    break
                items.append(c)
                used += len(clean(c.text))
            return items
        enumerated = _enumeration_rest(best, clauses)  # 安家费分两次发放：…发放50%； …发放剩余50%。: read to its end
        if enumerated and used + sum(len(clean(c.text)) for c in enumerated) <= cap:
            return enumerated
        after = [c for c in clauses if c.doc is best.doc and c.order == best.order + 1]
        if after and _GOES_ON.match(after[0].text) and used + len(clean(after[0].text)) <= cap:
            return after[:1]  # 总费率按1%执行。其中，单位0.5%，个人0.5%: the sentence that details it
        if not after or not _LIMITS.search(after[0].text) or _LIMITS.search(best.text) and len(best.text) > 60:
            return []
        return after[:1] if used + len(clean(after[0].text)) <= cap else []

    # ---- programmes ------------------------------------------------------------------------------------------
    def _programme(self, question: str, a: QueryAnalysis, docs: list[Document], focus: str = "",
                   notes: list[Document] = ()) -> Draft:
        fields_map: dict[str, list[str]] = slots()["programme_fields"]
        asked = [f for f, words in fields_map.items() if contains_any(question, words)]
        # a catalogue's overview row and its programme's own section say the same: the section first, one per programme
        first: dict[tuple[str, str], Document] = {}
        for d in sorted(docs, key=lambda d: d.metadata.get("kind") == "table_row"):
            first.setdefault((d.metadata.get("college", ""), d.metadata.get("programme", "") or d.id or ""), d)
        docs = list(first.values())
        general = list({d.id: d for d in notes}.values())  # 说明, 奖助政策, 报名方式: no one programme's
        if not a.programmes and not a.codes and contains_any(question, slots()["programme_list"]) \
                and not contains_any(focus or question, slots()["programme_general"]):
            return self._programme_list(docs)
        rows = [d for d in docs if d.metadata.get("programme")]
        top = docs[0]
        if rows and (a.programmes or a.codes):  # the row whose name the question writes most of (…（五年一贯制）)
            top = self._closest_row(question, rows)
        if not top.metadata.get("programme") or (top.metadata.get("section") == "简介" and top.metadata.get("kind") != "table_row"):
            return self._sentences(question, a, docs, focus)  # a table opening the catalogue has rows, not an intro
        asked = list(dict.fromkeys(asked + self._fields_by_overlap(question, a, top)))[:4]
        same = [d for d in docs if d.metadata.get("programme") == top.metadata.get("programme")]
        if len(a.colleges) == 1 or (a.codes and len(same) == 1):
            same = same[:1]
        same = self._compared(focus or question, a, rows) or same[:3]
        if not asked and any(ask_kinds()[k].get("figure") for k in a.asks):
            # 录取分数线是多少分: a figure asked of no column; the notes are read, and say when they don't
            read = docs + [d for d in general if d not in docs]
            names = [*a.colleges, *a.programmes, *a.places]
            if unwritten := [w for w in _unwritten_asked(question, read) if not any(w in n for n in names)]:
                # what the first asking part is about, no passage writes: another figure of the notes is no answer
                return Draft("", not_stated=[f"「{topic_phrase(question, unwritten)}」"],
                             checked=str(read[0].metadata.get("title", "")))
            return self._sentences(question, a, read, focus)
        if not asked:
            asked = ["学制", "学费", "核心课程", "就业方向"] if len(same) == 1 else ["学费", "学制"]
        cites = Citations()
        lines = []
        answered: list[str] = []  # the asked fields a row states
        budget = max(self.max_chars // max(len(same), 1), 120)
        for doc in same:
            fields = _programme_fields(doc.page_content)
            md = doc.metadata
            code = md.get("programme_code", "")
            head = f"{md.get('college', '')}{md.get('programme', '')}" + (f"（{code}）" if code else "")
            parts, values = [], []
            for f in asked:
                value = _field_value(fields, f, doc.page_content)
                if value and value in values:  # 招生人数 and 招生计划（人）: one column, said once
                    answered.append(f)
                elif value:
                    values.append(value)
                    answered.append(f)
                    if len(asked) > 1 and len(value) > 40 and "、" in value:
                        value = "、".join(value.split("、")[:4]) + "等"
                    parts.append(f"{f}：{value}")
            if not parts:
                continue
            body = "；".join(parts)
            if len(body) > budget and len(parts) > 1:
                body = "；".join(parts[: max(1, len(parts) - 1)])
            lines.append(f"{head}：{body}{cites.mark(doc)}")
        if not lines and general and a.programmes:  # no column states it (体检卡身高吗, 面些啥): the notes are read
            noted = self._sentences(question, a, docs + [d for d in general if d not in docs], focus)
            if text := _own_sentences(noted.text, a.programmes):
                return replace(noted, text=text)
        if not lines:
            return self._sentences(question, a, docs, focus)
        text, cited = "\n".join(lines), cites.docs
        # words only the notes write (住宿费 beside a row of 学费, 学制): a part asking them is for the notes
        in_notes = {t for d in general for t in terms(d.page_content)}
        noted = in_notes - {t for d in same for t in terms(d.page_content)}
        if general and (rest := self._general_parts(focus or question, answered, noted)):
            # 要面试吗, 有助学金吗: asked beside the programme's fields, answered from the catalogue's own notes
            # (the story parts that write some word of the notes: 想学厨师 names nothing a note must write)
            told = " ".join(p for p, asking in question_parts(question)
                            if not asking and any(len(t) >= 2 and t in in_notes for t in terms(p)))
            # the programme asked about leads (色弱者不宜报考…新能源汽车技术专业 before another programme's 色弱 rule)
            named = " ".join(p for p in a.programmes if p not in f"{told} {rest}")
            asks = classify_asks(rest)
            for ask in dict.fromkeys([f"{named} {told} {rest}".strip(), rest]):  # the programme's name no note writes
                # (招生办电话): then the part alone
                extra = self._sentences(ask, replace(a, text=ask, terms=terms(ask), asks=asks), general, rest)
                if re.search(r"\[\d+\]$", extra.text.split("\n")[0]):
                    break
            kept = extra.text.split("\n")[: len(rest.split())]  # one line for each part asked
            kept = [x for x in kept if re.search(r"\[\d+\]$", x)]  # not the line naming what is not stated
            bodies = [re.sub(r"^(?:根据《[^》]*》：)?(?:[^：。]{0,30}：)?|\[\d+\]$", "", x) for x in kept]
            kept = [x for x, b in zip(kept, bodies) if not any(b != o and b in o for o in bodies)]  # said inside another
            if a.programmes:  # another programme's sentence beside the asked one's is left out
                kept = [x for x in _own_sentences("\n".join(kept), a.programmes).split("\n") if x]
            if kept:
                used = sorted({int(n) for x in kept for n in re.findall(r"\[(\d+)\]", x)})
                number = {n: len(cited) + i + 1 for i, n in enumerate(used)}
                body = re.sub(r"\[(\d+)\]", lambda m: f"[{number[int(m.group(1))]}]", "\n".join(kept))
                text = f"{text}\n{re.sub(r'^根据《[^》]*》：', '', body)}"
                cited = cited + [extra.cited[n - 1] for n in used]
        return Draft(text=text, cited=cited)

    def _compared(self, question: str, a: QueryAnalysis, rows: list[Document]) -> list[Document]:
        """Two or more programmes named in the user's own message (工业机器人技术跟机电一体化 学费差多少; not one named
        earlier in the conversation): the closest row of each, in the order named; [] when it names one (its
        variants are one programme)."""
        text = question.lower()
        at = {b: programme_written_at(text, b) for b in dict.fromkeys(re.split(r"[（(]", p)[0] for p in a.programmes)}
        bases = sorted((b for b, i in at.items() if i >= 0), key=at.get)
        if len(bases) < 2:
            return []
        # 想学点养老护理方面的本事…有没有老年保健方面的专业: the programme an asking part names, not the story's
        asking = [p.lower() for p, asks in question_parts(question) if asks]
        asked = [b for b in bases if any(programme_written_at(p, b) >= 0 for p in asking)]
        narrowed = 0 < len(asked) < len(bases)
        picked = [self._closest_row(question, own) for b in (asked if narrowed else bases)
                  if (own := [d for d in rows if str(d.metadata.get("programme", "")).startswith(b)])]
        return picked[:3] if len(picked) > 1 or narrowed else []

    @staticmethod
    def _closest_row(question: str, rows: list[Document]) -> Document:
        """The row whose name the question writes most of; among rows it names equally (数控 of 数控技术 and 数控技术
        （中高职贯通）), the one whose fields it writes more of (五年制 ~ 学制：5年), then the one with least of its
        name unwritten (数控技术学费多少: the plain row, not its variant)."""
        written = _pairs(question)
        asked = _pairs(_years(question))

        def fit(d: Document) -> tuple[int, int, int]:
            name = _pairs(str(d.metadata.get("programme", "")))
            return len(name & written), len(asked & _pairs(_years(d.page_content)) - name), -len(name - written)

        return max(rows, key=fit)

    @staticmethod
    def _general_parts(question: str, asked: list[str], noted: set[str] = frozenset()) -> str:
        """The asking parts of a programme question that no asked field of the programme's row answers (听说要面试？,
        有助学金吗; 那住宿费呢, writing a word of ``noted``, the words only the notes write): they are for the
        catalogue's notes."""
        fields_map: dict[str, list[str]] = slots()["programme_fields"]
        words = [w for f in asked for w in fields_map.get(f, [f])]
        others = [w for f, ws in fields_map.items() if f not in asked for w in ws] + slots()["programme_general"]
        parts = question_parts(question)

        def writes_noted(part: str) -> bool:
            return bool(noted & {t for t in terms(part) if len(t) >= 2})

        # 我高考外语考的是日语…能报吗, 身高153…会不会被卡: what the user tells of themself is what only the notes
        # write (外语, 身高): the telling part is asked of the notes too
        told = [p for p, asking in parts if not asking and writes_noted(p)]
        return " ".join([*told, *(p for p, asking in parts  # 听说要面试？ asks, though told as hearsay
                                  if (contains_any(p, others) or asking and (told or classify_asks(p) or writes_noted(p)))
                                  and not contains_any(p, words))])

    def _programme_list(self, docs: list[Document]) -> Draft:
        """Which programmes: the names the retrieved catalogue passages carry, one line per college, cited."""
        cites = Citations()
        by_college: dict[str, list[str]] = {}
        for doc in docs:
            md = doc.metadata
            if md.get("programme") and md["programme"] not in by_college.get(md.get("college", ""), []):
                by_college.setdefault(md.get("college", ""), []).append(md["programme"] + cites.mark(doc))
        lines = [f"{college}：{'、'.join(names)}" for college, names in by_college.items()]
        return Draft(text="\n".join(lines), cited=cites.docs)

    @staticmethod
    def _fields_by_overlap(question: str, a: QueryAnalysis, doc: Document) -> list[str]:
        """Fields whose text shares a word with the question (beyond the programme's and college's names)."""
        names = set(terms(f"{doc.metadata.get('college', '')}{doc.metadata.get('programme', '')}专业"))
        wanted = set(a.terms or terms(question)) - names - set(slots()["stopwords"])
        return [k for k, v in _programme_fields(doc.page_content).items() if wanted & set(terms(f"{k}{v}"))]

    # ---- postings --------------------------------------------------------------------------------------------
    def _jobs(self, question: str, docs: list[Document]) -> Draft:
        cites = Citations()
        lines = []
        wants_skills = contains_any(question, ["技能", "要求", "会什么", "条件", "需要"])
        for i, doc in enumerate(docs[: self.max_postings], start=1):
            md = doc.metadata
            req = "，".join(x for x in (md.get("education", ""), md.get("experience", "")) if x)
            line = f"{i}. {md.get('title', '')}｜{md.get('company', '')}｜{md.get('district', '')}｜{md.get('salary', '')}"
            if req:
                line += f"｜{req}"
            if wants_skills and md.get("skills"):
                line += f"｜技能：{md['skills']}"
            lines.append(line + cites.mark(doc))
        return Draft(text="找到这些相关岗位：\n" + "\n".join(lines), cited=cites.docs)


def _unwritten_asked(question: str, docs: list[Document]) -> list[str]:
    """The words of the first asking part (分数线 of 录取分数线是多少分？我孩子…能上吗) that none of ``docs`` writes:
    what is asked that they don't carry. Words that name nothing (是, 多少) and the user's figures are not among them."""
    told = no_topic_words(question) | set(slots()["stopwords"])
    written = written_terms(docs)
    for part, asks in question_parts(question):
        if asks and (words := [t for t in dict.fromkeys(terms(part)) if len(t) >= 2 and t not in told
                               and not re.search(r"\d", t) and t not in written]):
            return words
    return []


def _titled(a: QueryAnalysis, docs: list[Document]) -> str:
    """The one document whose title writes every word the question is about that the documents write (毕业生补贴 of
    高校毕业生…生活补贴办法), when no other of ``docs`` does: every ask is that rule's ('' otherwise)."""
    written = {t for d in docs for t in terms(d.page_content)}
    words = {w for w in topic_words(a) if written_in(w, written)}  # the user's own wording (是不是) aside
    if not words:
        return ""
    titles = {d.metadata.get("source"): set(terms(str(d.metadata.get("title", "")))) for d in docs}
    named = [s for s, written in titles.items() if all(written_in(w, written) for w in words)]
    return named[0] if len(named) == 1 else ""


def according_to(title: str, rule: str = "") -> str:
    """The lead of an answer from one document: 根据《title》：, a notice that issues rules named by the rules it issues
    (关于印发《某市引进毕业生管理办法》的通知 → 根据《某市引进毕业生管理办法》：), or by the one ``rule`` whose text it
    holds (metadata ``rule``, set at ingest); '' for a document with no title."""
    if not title:
        return ""
    if rule:
        return f"根据《{rule}》："
    issued = ISSUING.match(title)
    return f"根据{issued.group(1)}：" if issued else f"根据《{title}》："


def _most_about(a: QueryAnalysis, docs: list[Document]) -> str:
    """The source of ``docs`` whose passages and title write the most words the question is about, the first
    retrieved among equals. A word the synonym table folds (房租 → 租房) counts where the source writes another term it
    may stand for (租金: a shop's rent is no 租房补贴)."""
    words = {w: alternate_terms(a.text, w) for w in topic_words(a)}
    written: dict[str, set[str]] = {}
    for d in docs:
        written.setdefault(d.metadata.get("source", ""), set()).update(
            terms(f"{d.metadata.get('title', '')}\n{d.page_content}"))
    order = list(written)
    return max(order, key=lambda s: (sum(any(written_in(x, written[s]) for x in (w, *alts)) for w, alts in words.items()),
                                     -order.index(s)))


def _fewest(units: list[tuple[str | None, QueryAnalysis, str]]) -> list[tuple[str | None, QueryAnalysis, str]]:
    """More asks than an answer holds (社保补贴怎么算？养老最多补多少，医保最多补多少？能补几年？什么时候申请): an ask
    of a kind asked before gives way, the last first (one clause often states both sums), so each kind asked keeps its
    line; then the first ``_MOST_UNITS``."""
    units = list(units)
    for i in range(len(units) - 1, 0, -1):
        if len(units) <= _MOST_UNITS:
            break
        if units[i][0] in {k for k, _, _ in units[:i]}:
            del units[i]
    return units[:_MOST_UNITS]


def _real_asks(asked: list[tuple[int, str, list[str | None]]]) -> list[tuple[int, str, list[str | None]]]:
    """More asks than an answer holds: the parts that only tell the story in a word of an ask (学历就中专, 家里就我一个
    能挣钱的 — no question ending, no question word) give way to the parts that ask, and a part asking two
    kinds keeps the one it asks: the first named from its question word on (表格发到哪个邮箱: the mailbox, not the
    form), else its first — so each later part still gets its line."""
    kept = [x for x in asked if not _telling(x[1])] or asked
    if sum(len(kinds) for _, _, kinds in kept) > _MOST_UNITS:
        kept = [(i, part, [_asked_kind(part, kinds)]) for i, part, kinds in kept]
    return kept


def _most_meant(ranked: list[Clause], most: int = 6) -> int:
    """The index of the clause that means most what a part asking a kind again asks, of the first ``most`` on the
    subject (the best three when fewer are): 见习完留下来的有没有奖励 after 给单位补多少钱 takes the retention reward,
    however far the whole question's words rank it."""
    window = [i for i, c in enumerate(ranked) if c.on_subject][:most]
    if len(window) < 3:
        window = list(range(min(3, len(ranked))))
    return max(window, key=lambda i: ranked[i].parts.get("semantic", 0.0))


def _sole_statement(a: QueryAnalysis, kind: str, ranked: list[Clause], clauses: list[Clause]) -> list[Clause]:
    """The one clause read that states a figure of the asked kind (or, of a 'sole' kind, any fact of it: 不收取政府规定以外的
    费用 for 会不会乱收费), when its document writes every word the ask is about: 北京引进毕业生落户年龄卡多少 of a document
    whose only age figure is 本科不超过26周岁 (the clause need not repeat the story's 落户). [] when several clauses state
    one (创业补贴8000元 and 一次性奖励2000元 for 高级工证书补贴多少) or the document never writes what is asked about."""
    spec = ask_kinds()[kind]
    stating = [c for c in ranked if c.parts.get("figure")] if spec.get("figure") else ranked if spec.get("sole") else []
    if len(stating) != 1:
        return []
    doc = stating[0].doc
    written = set(terms(str(doc.metadata.get("title", "")))) | {
        t for c in clauses if c.source == stating[0].source for t in terms(f"{c.lead} {c.text}")}
    words = topic_words(a)
    return stating if words and all(written_in(w, written) for w in words) else []


def _implied(question: str, units: list[tuple[str | None, QueryAnalysis, str]]) -> list[str]:
    """Kinds a question asks without a cue: whether one may (还能…吗, 能申请吗) asked with a fact of the asker stated
    (今年31了, 我41岁) asks the limit on it (硕士不超过30周岁). Only beside a broad ask or a bare question ending; when
    no clause states such a limit, nothing is said of it."""
    if any(k and not ask_kinds()[k].get("broad") for k, _, _ in units):
        return []
    return [k for k in stated_kinds(question) if k not in {u[0] for u in units}]


def _telling(part: str) -> bool:
    """A part with no question ending, no question word and no verb-not-verb (学历就中专): it tells, whatever ask
    wording it holds (对年龄有没有要求 asks)."""
    return not part.endswith(question_endings()) and not contains_any(part, slots()["question_words"]) and not yes_no(part)


def _told(part: str) -> bool:
    """A telling part that says what has happened or would have (实习了, 要是分到名额了)."""
    return _telling(part) and part.endswith(tuple(slots()["told_endings"]))


def _asked_kind(part: str, kinds: list[str | None]) -> str | None:
    """Of the kinds a part names, the one its question word asks for (发到哪个邮箱 → contact); the first without one.
    A specific fact beside a broad yes/no goes first (有没有电话可以问 asks the phone, not whether one may)."""
    starts = [part.find(w) for w in slots()["question_words"] if w in part]
    asked = [k for k in classify_asks(part[min(starts):]) if k in kinds] if starts else []
    asked = asked or kinds
    return next((k for k in asked if k and not ask_kinds()[k].get("broad")), asked[0])


def _own_sentences(text: str, programmes: list[str]) -> str:
    """The lines of a notes answer without the sentences about another programme (一个专业要求…, 另一专业要求…158cm
    in one paragraph: only the asked programme's sentence), each sentence once; '' when nothing is left."""
    asked = set().union(*(_pairs(p) for p in programmes))
    seen: set[str] = set()
    out = []
    for line in text.split("\n"):
        mark = re.search(r"(\[\d+\])+$", line)
        body = line[: mark.start()] if mark else line
        lead = re.match(r"^根据《[^》]*》：", body)
        sentences = [x for x in re.split(r"(?<=。)", body[lead.end() if lead else 0:]) if x.strip()]
        kept = [x for x in sentences if x not in seen
                and not ((m := _SUBJECT.match(x)) and not _pairs(m.group(1)) & asked)]
        seen.update(kept)
        if kept:
            out.append(f"{lead.group(0) if lead else ''}{''.join(kept)}{mark.group(0) if mark else ''}")
    return "\n".join(out) if any(re.search(r"\[\d+\]$", x) for x in out) else ""


def _pairs(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


_DIGITS = str.maketrans("一二两三四五六七八九", "1223456789")


def _years(text: str) -> str:
    """五年制 → 5年制: a count of years written in words reads as the catalogue's 5年."""
    return re.sub(r"[一二两三四五六七八九](?=年)", lambda m: m.group(0).translate(_DIGITS), text)


_ASIDE = re.compile(r"[（(][^）)]*[）)]")


def _item_head(text: str) -> str:
    """A list item by its head: its asides in brackets and what follows its first comma dropped (本人社会保障卡（需已
    激活金融账户）。 → 本人社会保障卡；). '' when nothing is left."""
    head = re.split(r"[，,。；;]", _ASIDE.sub("", clean(text)), maxsplit=1)[0].strip()
    return f"{head}；" if len(head) >= 2 else ""


def _comma_parts(text: str) -> list[str]:
    """A sentence's parts between commas and semicolons, one inside brackets (（见附件3，暂行稿）) not counted."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += ch in "（(" and 1 or ch in "）)" and -1 or 0
        if ch in "，,；;" and depth <= 0:
            parts.append(text[start:i + 1])
            start = i + 1
    return [p for p in (*parts, text[start:]) if p.strip()]


def _fact_part(text: str, kind: str, part: str, asked: list[str], question: str = "") -> str:
    """The shortest run of a long clause's comma parts that carries the ``kind`` of fact, and every other ``asked``
    kind the clause carries (正常经营满12个月…，给予创办者5000元… for 给多少 要经营多久): a run naming what the asked part
    names first (助学金 of 助学金能拿多少), the run sharing most words with the asked part first among equals, an
    enumeration it opens read on to its segment's end (一档…4000元，二档…2500元；); its trailing comma dropped. A
    channel the part asks by (电话多少) must be in the run: the number, not the address beside it. A level of education
    the ``question`` names (研究生毕业…) keeps every piece written for it (博士研究生每人2000元/月，硕士研究生每人1200元/月),
    not the shortest (本科毕业生每人800元/月). '' when no shorter run does."""
    pieces = _comma_parts(clean(text))
    needed = [k for k in dict.fromkeys([kind, *asked]) if holds(k, text)]
    words = set(terms(part))
    channel = asked_channel(kind, fold_text(part))
    spans = [(i, j) for i in range(len(pieces)) for j in range(i + 1, len(pieces) + 1) if j - i < len(pieces)]
    fits = [(i, j) for i, j in spans if all(holds(k, r := "".join(pieces[i:j])) for k in needed)
            and (channel is None or channel.search(r))]
    levels = [lv for lv in slots()["education"] if lv in question]
    asked = education_levels(question)  # 大专 asked: 专科 and 高职 are written for it too
    if named := [n for n, p in enumerate(pieces) if any(lv in p for lv in levels) or education_levels(p) & asked]:
        fits = [(i, j) for i, j in fits if all(i <= n < j for n in named)] or fits
    # a run ending in a condition (申请时距法定退休年龄不足5年的，可延长至…) states when, not the fact: another first
    fits = [(i, j) for i, j in fits if not pieces[j - 1].rstrip("，,；; ").endswith("的")] or fits
    # 有没有上限: the run that states the ceiling (…每户累计最高不超过4万元)
    for said_so in (q["clause"] for q in ask_qualifiers() if any(w in part for w in q["cues"])):
        fits = [(i, j) for i, j in fits if any(w in "".join(pieces[i:j]) for w in said_so)] or fits
    if not fits:
        return ""
    # the run naming what the part asks about (国家助学金分两档，一档…) before a shorter one naming nothing of it
    stop = set(slots()["stopwords"])
    about = {w for w in words if len(w) >= 2 and w not in stop}

    said = [set(terms(p)) for p in pieces]  # each piece read once (a comma or semicolon ends every word)

    def key(span: tuple[int, int]) -> tuple[bool, int, int]:
        found = set().union(*said[span[0]:span[1]])
        return not about & found, sum(map(len, pieces[span[0]:span[1]])), -len(words & found)
    i, j = min(fits, key=key)
    # an enumeration it opens by a lead without the fact (国家助学金分两档，) goes on to the end of its segment (…一档
    # 每生每年4000元，二档每生每年2500元；); not a run of the levels asked (博士…2000元/月，硕士…1200元/月，本科…)
    ends = ("；", ";", "。")
    k = j
    if not named and not holds(kind, pieces[i]):
        while k < len(pieces) and not pieces[k - 1].rstrip().endswith(ends) and holds(kind, pieces[k]):
            k += 1
    if k > j and pieces[k - 1].rstrip().endswith(ends):
        j = k
    return "".join(pieces[i:j]).strip().rstrip("，,；;")


def _enumeration_rest(best: Clause, clauses: list[Clause], most: int = 3) -> list[Clause]:
    """The rest of a sentence that ``best`` opens with a colon and leaves at a semicolon (安家费分两次发放：入职满1年…
    发放50%；): its following clauses up to the one ending the sentence, read on into the next passage of the
    document when the sentence was cut there; [] when ``best`` is no such opening or the sentence does not end
    within ``most`` clauses."""
    if not (best.text.rstrip().endswith(("；", ";")) and re.search(r"[：:]", best.text)):
        return []
    rest, at = [], best
    while len(rest) < most and (at := _following(at, clauses)):
        rest.append(at)
        if at.text.rstrip().endswith("。"):
            return rest
        if not at.text.rstrip().endswith(("；", ";")):
            return []
    return []


_EACH = re.compile(r"各|分别")


def _without(a: QueryAnalysis, benefits: list[str]) -> QueryAnalysis:
    """``a`` read without the ``benefits`` it names (as written: 房补 of 租房补贴): the other benefits of an ask of each."""
    text = a.text
    for word in sorted({w for b in benefits for w in (b, *surface_forms().get(b, ()))}, key=len, reverse=True):
        text = text.replace(word, "")
    return replace(a, text=text, terms=[t for t in a.terms if t not in benefits])


_COORDINATED = re.compile(r"[和跟与、]|还有|以及|各|分别")


def _list_items(best: Clause, clauses: list[Clause], kind: str | None, part: str, question: str,
                taken: set[str], most: int = 2) -> list[Clause]:
    """Other items of ``best``'s list that state the same kind of figure, for a figure asked of several things:
    - of two things named together (养老和医疗各补多少: （一）基本养老保险…380元； then （二）…基本医疗保险…150元。): for
      each word of the part that ``best`` lacks, the nearest item of the same list (same heading, or both numbered
      items) that writes it;
    - of the list's heading (社保补贴一个月补多少 over （一）养老…420元； （二）医疗…160元。): the other numbered items under
      ``best``'s heading, when the question names none of the words that set one item apart (养老保险补贴补多少, or a
      story naming 中级工 among tiers: that item alone)."""
    if not kind or not ask_kinds()[kind].get("figure"):
        return []
    stop = set(slots()["stopwords"])
    near = sorted((c for c in clauses if c.source == best.source and c is not best
                   and 0 < abs(c.order - best.order) <= 4 and c.text not in taken and holds(kind, c.text)),
                  key=lambda c: abs(c.order - best.order))
    if _COORDINATED.search(part):
        wanted = [w for w in dict.fromkeys(terms(part)) if len(w) >= 2 and w not in stop and not w[0].isdigit()
                  and w not in best.text and w not in best.lead]
        listed = [c for c in near if c.lead == best.lead and bool(best.lead) or _ITEM.match(c.text) and _ITEM.match(best.text)]
        items: list[Clause] = []
        for word in wanted:
            item = next((c for c in listed if word in c.text), None)
            if item is not None and item not in items:
                items.append(item)
        if items:
            return sorted(items, key=lambda c: c.order)[:most]
    if others := _levels_of_people(question) - education_levels(best.text):
        # a story giving two people a level each (我硕士，我老婆本科): the item of each other one's level
        items = {c.order: c for level in others
                 if (c := next((c for c in near if c.lead == best.lead and level in education_levels(c.text)), None))}
        if items:
            return [items[k] for k in sorted(items)][:most]
    if not best.lead or not _ITEM.match(best.text):
        return []
    siblings = [c for c in near if abs(c.order - best.order) <= 3 and c.lead == best.lead and _ITEM.match(c.text)]
    folded = fold_text(question)
    for c in siblings:
        for one, other in ((best.text, c.text), (c.text, best.text)):
            # a word setting one item apart, by any two characters of it the other item lacks (毕业 of 高校毕业生)
            lacking = fold_text(other)
            apart = {w for w in set(terms(one)) - set(terms(other)) if len(w) >= 2 and w not in stop and not w[0].isdigit()}
            # as the item writes it (毕业生, which the synonym table folds into 应届)
            apart = {x for w in apart for x in [f for f in surface_forms().get(w, ()) if f in one] or [w]}
            if any(g in folded for w in apart for g in _pairs(fold_text(w)) if g not in lacking):
                return []  # the question names what sets an item apart: the ranking's item alone
    return sorted(siblings, key=lambda c: c.order)[:most]


def _following(clause: Clause, clauses: list[Clause]) -> Clause | None:
    """The clause right after ``clause`` in its document: the next of its passage, or the first of the passage that
    follows it (a passage cut at a semicolon); None when neither was retrieved."""
    own = [c for c in clauses if c.doc is clause.doc and c.order > clause.order]
    if own:
        return min(own, key=lambda c: c.order) if min(c.order for c in own) == clause.order + 1 else None
    after = next_passage(clause.doc, list({id(c.doc): c.doc for c in clauses}.values()))
    return min((c for c in clauses if c.doc is after), key=lambda c: c.order, default=None)


@lru_cache(maxsize=256)
def _levels_of_people(question: str) -> frozenset[str]:
    """The levels of education a story gives to two people or more, one each, in parts that start by naming the
    person (我硕士，我老婆本科): each one's figure is asked. Empty when fewer than two levels are given so
    (我大专毕业后专升本 names two levels of one person, in one part). Cached: asked for every clause an answer picks."""
    people = ("我", "他", "她", *slots()["person_words"])
    found = {level for part, _ in question_parts(question) if part.startswith(people)
             and len(levels := education_levels(part)) == 1 for level in levels}
    return frozenset(found) if len(found) >= 2 else frozenset()


def _list_start(best: Clause, clauses: list[Clause], kind: str) -> Clause:
    """The first item of the list ``best`` belongs to (same document, same heading, holding the asked kind)."""
    same = [c for c in clauses if c.source == best.source and c.lead == best.lead and c.order <= best.order
            and holds(kind, c.text)]
    return min(same, key=lambda c: c.order, default=best)


def _field_value(fields: dict[str, str], name: str, text: str) -> str:
    """The value of the asked field ``name``: under its own label; else under a label sharing a two-character word
    with it (就业面向 for 就业方向, 上课校区 for 校区, 计划招生（人） for 招生人数); else the unlabelled item that
    writes such a word with a figure (计划招生80人). '' when the programme's text has none."""
    if fields.get(name):
        return _with_unit(name, fields[name])
    pieces = {name[i:i + 2] for i in range(len(name) - 1)}
    worded = name in slots()["programme_worded_fields"]  # 招生对象 is said in words: 招生计划（人）：45 is no answer
    for key, value in fields.items():
        if value and any(p in key for p in pieces) and not (worded and _FIGURE.fullmatch(value)):
            return _with_unit(key, value)
    body = _HEADER.sub("", text, count=1)
    for part in re.split(r"[；;。\n]", body):
        part = part.strip(" -")
        if "：" not in part and re.search(r"\d", part) and any(p in part for p in pieces):
            return part
    return ""


def _with_unit(key: str, value: str) -> str:
    """A bare figure under a column name that gives its unit, with the unit (学费（元/年）：4800 → 4800元/年)."""
    unit = _UNIT.search(key)
    return f"{value}{unit.group(1)}" if unit and re.fullmatch(r"[\d.,]+", value) else value


def _programme_fields(text: str) -> dict[str, str]:
    """'…数控技术（460103）：学制：三年；学费：每学年5800元；…' → {'学制': '三年', '学费': '每学年5800元', …}; a
    table row's column names keep their units (学费（元/年）：5600)."""
    fields: dict[str, str] = {}
    last = ""
    for part in _HEADER.sub("", text, count=1).split("；"):
        key, sep, value = part.partition("：")
        if sep and key.strip():
            last = key.strip()
            fields[last] = value.strip().rstrip("。")
        elif last and part.strip():  # 学费：前三年3600；后两年5800: a cell holding a ；goes on
            fields[last] = f"{fields[last]}；{part.strip().rstrip('。')}"
    return fields


def _other_channel(kind: str, before: str, part: str) -> bool:
    """发哪个邮箱 有问题打谁电话: two parts asking one kind by different channels are two asks, not one asked again."""
    first, then = asked_channel(kind, fold_text(before)), asked_channel(kind, fold_text(part))
    return first is not None and then is not None and first is not then
