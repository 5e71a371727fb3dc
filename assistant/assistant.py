"""One conversation turn: escalate? → rewrite the follow-up → route → retrieve → answer with citations | refuse."""

from __future__ import annotations

import logging
import os
import re
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace
from functools import cache, lru_cache

from langchain_core.documents import Document
from langchain_core.language_models import BaseChatModel

import prompts
from assistant import llm
from assistant.clause_model import load_clause_model
from assistant.clauses import ClauseRanker, ClauseVectors, quoted, split_clauses, titled_by, unaddressed
from assistant.extractive import Citations, Draft, ExtractiveAnswerer, according_to
from assistant.knowledge import KnowledgeView
from assistant.lexicon import contains_any, routes, slots
from assistant.postings import PostingAnswerer, followed_posting, named_strength
from assistant.records import Replace, Reply, Source, Turn
from assistant.refusal import coverage, topic_phrase
from assistant.rewrite import standalone
from assistant.router import asks_subsidy, is_injection, route
from assistant.scope import (
    answers_another,
    asked_benefits,
    asked_places,
    complex_case,
    in_scope,
    moved_place,
    naming_passages,
    other_benefit,
    place_documents,
    scope_rules,
    uncovered_place,
    unknown_college,
    unknown_programme,
    unpriced_benefit,
    unset_amount,
    user_here,
)
from core.places import fold_text, same_place, written_forms, zone_names, zone_short_forms
from core.settings import Settings
from ingest.scope import Scope
from knowledge.lexical import terms
from knowledge.query import ask_kinds, asked_text, background, meta_places, numbered_items, question_parts
from knowledge.tokenize import normalise, without_typos

log = logging.getLogger(__name__)

# what a study wish names (有没有学开飞机的专业 → 开飞机), and a question whether such a programme exists
_WISH = re.compile(r"(?:想学|想读|有没有学|学个|学门|学)([\u4e00-\u9fff]{2,6}?)(?:的|专业|吗|[，,。？?]|$)")
_EXISTS = re.compile(r"有没有|有(?:这个|这种|这样的|这类|这方面的?)?专业(?:吗|么)")
_OFFICES = {"policy": "所在区人力资源和社会保障局窗口", "programme": "学校招生办公室", "job": "招聘单位或区公共就业服务中心"}
_NICKNAME_CHARS = 3  # a programme name this short is what users call it (幼师, 城轨), not the catalogue's name


def to_source(doc: Document) -> Source:
    md = doc.metadata
    return Source(source=md.get("source", ""), title=md.get("title", ""), page=int(md.get("page", 1) or 1),
                  section=md.get("section", ""), score=float(md.get("score", 0.0)), text=doc.page_content,
                  doc_type=md.get("doc_type", ""))


def place_note(taken: dict[str, str], message: str) -> str:
    """What an answer opens with when places were written by a slip: each ingested place with the form the question
    wrote, in the question's order, said once (按槿溪区（问题中写作“谨溪”）、栀湾区（问题中写作“知湾”）：)."""
    if not taken:
        return ""
    order = sorted(taken.items(), key=lambda kv: (message.find(kv[0]) % (len(message) + 1), kv[0]))
    places = "、".join(prompts.render("place_written", place=place, written=written).strip() for written, place in order)
    return prompts.render("place_taken", places=places).strip()


def answered(reply: Reply | None) -> bool:
    """A reply that answers from the documents: not refused, not handed to a counsellor, citing a passage."""
    return reply is not None and not reply.refused and not reply.escalated and bool(reply.sources)


_QUOTED_TITLE = re.compile(r"《([^《》]{4,})》")


_MARKED = re.compile(r"^(.*)\[(\d+)\]\s*$")  # an answer line and the number of the passage it cites


def of_another_benefit(question: str, doc: Document) -> bool:
    """``question`` names benefits (生活补贴) and the title of ``doc``'s rule names none of them (职业技能等级证书补贴
    管理办法): its sentences on where it applies are not about what is asked."""
    stems = _asked_stems(question)
    title = str(doc.metadata.get("title", ""))
    return bool(stems) and bool(title) and not any(stem in title for stem in stems)


@lru_cache(maxsize=256)
def _asked_stems(question: str) -> tuple[str, ...]:
    """The stems of the benefits ``question`` names, read once per question (the scope checks ask it twice)."""
    return tuple(stem for _, stem, _ in asked_benefits(question))


def _earlier_source(turns: list[Turn], docs: list[Document]) -> str:
    """The source of ``docs`` whose title the last answer names (《北京市促进留学人员来京创业和工作暂行办法》 inside a
    notice's title), when it names exactly one of them; '' otherwise."""
    last = next((t.content for t in reversed(turns) if t.role == "assistant"), "")
    named = _QUOTED_TITLE.findall(last)
    sources = {d.metadata.get("source", "") for d in docs if d.metadata.get("doc_type") == "policy" and any(
        n in str(d.metadata.get("title", "")) for n in named)}
    return sources.pop() if len(sources) == 1 else ""


def joined(replies: list[Reply]) -> tuple[str, list[Source]]:
    """The answers of a message's numbered items, one after another, each [n] renumbered to the joined sources (a
    passage cited by two items is one source, a line two items quote is said once); an item refused or escalated
    keeps the first sentence of its reply."""
    lines: list[str] = []
    sources: list[Source] = []
    # what an answer opens with that an earlier one opened with too (按海淀区（问题中写作“海定区”）：, the city-wide
    # rule's lead, the document quoted) is said once
    said: list[str] = []
    for r in replies:
        if r.refused or r.escalated:
            if (first := re.split(r"(?<=。)", r.answer.strip(), maxsplit=1)[0]) not in lines:  # two items, one refusal
                lines.append(first)
            continue
        number: dict[int, int] = {}
        for i, src in enumerate(r.sources, 1):
            at = next((j for j, s in enumerate(sources, 1) if (s.source, s.text) == (src.source, src.text)), 0)
            if not at:
                sources.append(src)
                at = len(sources)
            number[i] = at
        shared = max((os.path.commonprefix([r.answer, earlier]).split("\n")[0] for earlier in said), key=len, default="")
        text = r.answer[shared.rfind("：") + 1:]
        said.append(r.answer)
        for line in re.sub(r"\[(\d+)\]", lambda m, number=number: f"[{number.get(int(m.group(1)), m.group(1))}]",
                           text).split("\n"):
            if not any(line in earlier for earlier in lines):  # two items answered by one clause: it is quoted once
                lines.append(line)
    return "\n".join(lines), sources


class Assistant:
    """The turn pipeline. Parts are injected; ``zhitu.compose`` wires the real ones."""

    def __init__(self, retriever: KnowledgeView, settings: Settings, chat_model: BaseChatModel | None = None, sessions=None,
                 escalation=None, tickets=None, career=None, turn_log=None) -> None:
        self.retriever = retriever
        self.settings = settings
        self.chat_model = chat_model
        self.sessions = sessions
        self.escalation = escalation
        self.tickets = tickets
        self.career = career  # callable(message) -> str | None, for "我学数控的，适合什么岗位？"
        self.turn_log = turn_log  # assistant.turns.TurnLog: one row per turn for the insight page
        vectors = ClauseVectors(retriever.embeddings) if settings.answer.clause_semantic else None
        model = None if settings.answer.clause_model == "none" else load_clause_model(settings.answer.clause_model or None)
        ranker = ClauseRanker(vectors, semantic_weight=settings.answer.clause_semantic_weight,
                              open_weight=settings.answer.clause_semantic_weight_open, model=model)
        self.extractive = ExtractiveAnswerer(settings.answer.max_chars, settings.answer.max_postings, ranker)
        self.postings = PostingAnswerer(settings.answer.max_chars, settings.answer.max_postings, vectors)

    def ask(self, message: str, session_id: str | None = None, history: list[dict] | list[Turn] | None = None) -> Reply:
        """Answer one message; ``history`` (eval) overrides the stored session history."""
        reply = None
        for event in self.stream(message, session_id, history):
            if isinstance(event, Reply):
                reply = event
        return reply

    def stream(self, message: str, session_id: str | None = None, history=None) -> Iterator[str | Reply]:
        """Yield the answer text as it is produced (deltas), then the final Reply."""
        started = time.perf_counter()
        said = (message or "").strip()[:2000]
        message = without_typos(said)  # read with 补帖 as 补贴; the user's own words are what is kept
        session_id = session_id or uuid.uuid4().hex
        turns = self._history(session_id, history)
        reply: Reply | None = None

        counsellor = self._counsellor_replies(session_id)
        for delta in counsellor:
            yield delta + "\n\n"
        if self.tickets is not None and self.tickets.is_held(session_id):
            ticket_id = self.tickets.seeker_message(session_id, said)
            reply = Reply(answer=self.tickets.held_notice(ticket_id), escalated=True, ticket_id=ticket_id, route="escalation")
        if reply is None:
            reply = self._maybe_escalate(message, session_id, turns)
        if reply is None:
            for event in self._answer_items(message, turns, session_id):
                if isinstance(event, Reply):
                    reply = event
                else:
                    yield event
        if counsellor:  # delivered exactly once: keep them in the final answer (`zhitu ask --session` prints only that)
            reply.answer = "\n\n".join([*counsellor, reply.answer])
        reply.latency_ms = (time.perf_counter() - started) * 1000
        self._remember(session_id, said, reply)
        yield reply

    # ---- stages ----------------------------------------------------------------------------------------------
    def _history(self, session_id: str, history) -> list[Turn]:
        if history is not None:
            return [h if isinstance(h, Turn) else Turn(role=h.get("role", "user"), content=h.get("content", "")) for h in history]
        return self.sessions.history(session_id) if self.sessions is not None else []

    def _counsellor_replies(self, session_id: str) -> list[str]:
        return self.tickets.pending_replies(session_id) if self.tickets is not None else []

    def _maybe_escalate(self, message: str, session_id: str, turns: list[Turn], forced: bool = False) -> Reply | None:
        if self.escalation is None:
            return None
        streak = self.sessions.streak(session_id) if self.sessions is not None else 0
        decision = self.escalation.detect(message, turns, unresolved_streak=streak)
        if not decision.escalate and not forced:
            return None
        reasons = decision.reasons or ["explicit_request"]
        if reasons == ["complex_case"] and not forced and (found := self._documents_answer(message, turns, session_id)):
            return found  # the documents answer what was asked: answered, a counsellor offered, no ticket opened
        ticket_id = None
        if self.tickets is not None:
            transcript = [{"role": t.role, "content": t.content} for t in turns] + [{"role": "user", "content": message}]
            cited = self.sessions.cited(session_id) if self.sessions is not None else []
            ticket_id = self.tickets.create(session_id, reasons, decision.priority, summary=message[:120],
                                            transcript=transcript, cited=cited)
        parts = [decision.immediate_reply] if decision.immediate_reply else []
        if ticket_id:
            parts.append(self.tickets.acknowledgement(ticket_id))
        # Whoever is handed to a counsellor and also asks something practical (then what does the subsidy pay?) gets
        # the hotlines (in distress) and the counsellor first, then what the documents say, cited; never instead of
        # them. A message that asks nothing (找了半年工作都没着落，我真的不想活了) gets no policy clause, nor a legal matter
        # (N+1怎么算: rules.json ``documents``). A case across several rules (帮我算算三年总共能拿多少) gets what the
        # documents say of each rule; the total stays the counsellor's.
        asks = decision.documents and not forced and self.escalation.asks_practical(message)
        asked = self._documents_answer(message, turns, session_id, offer=False, across=False) if asks else None
        if asked is not None:
            lead = ("crisis_answer_lead" if decision.crisis else
                    "complex_case_answer_lead" if "complex_case" in reasons else "escalation_answer_lead")
            parts.append(f"{prompts.load(lead).strip()}\n{asked.answer}")
        return Reply(answer="\n\n".join(parts) or prompts.load("escalation_ack_plain").strip(), escalated=True,
                     ticket_id=ticket_id, route="escalation", escalation_reasons=reasons,
                     sources=asked.sources if asked is not None else [])

    def escalate(self, session_id: str, reason: str = "explicit_request", contact: str | None = None) -> Reply:
        """The page's 转人工 button: open a ticket for this session whatever the message."""
        turns = self._history(session_id, None)
        ticket_id = None
        if self.tickets is not None:
            transcript = [{"role": t.role, "content": t.content} for t in turns]
            cited = self.sessions.cited(session_id) if self.sessions is not None else []
            ticket_id = self.tickets.create(session_id, [reason], "normal", summary=(turns[-2].content if len(turns) >= 2 else "")[:120]
                                            or "用户点击转人工", transcript=transcript, cited=cited, contact=contact)
        answer = self.tickets.acknowledgement(ticket_id) if ticket_id else prompts.load("escalation_ack_plain").strip()
        reply = Reply(answer=answer, escalated=True, ticket_id=ticket_id, route="escalation", escalation_reasons=[reason])
        self._remember(session_id, "转人工", reply)
        return reply

    def _documents_answer(self, message: str, turns: list[Turn], session_id: str, offer: bool = True,
                          across: bool = True) -> Reply | None:
        """A personal story the detector reads as a complex case (complex_case alone): when the documents answer
        what was asked, that answer with one line offering a counsellor (``offer``), and no ticket. A refusal, a 'not
        stated' or a calculation across rules answers nothing: the case goes to a counsellor then (None). ``across``
        False: the rules of such a case are answered too (a counsellor already has it)."""
        found = self._last_reply(message, turns, session_id, across)
        if not across:  # each rule the case names, when the answer of the whole leaves some of them out
            found = self._each_benefit(message, turns, session_id, found) or found
        if not answered(found) and not across:
            found = self._each_asked(message, turns, session_id)
        if not answered(found):
            return None
        if offer:
            found.answer = f"{found.answer}\n{prompts.load('complex_case_offer').strip()}"
        return found

    def _last_reply(self, message: str, turns: list[Turn], session_id: str, across: bool = True) -> Reply | None:
        return next((e for e in reversed(list(self._answer(message, turns, session_id, counsellor=False, across=across)))
                     if isinstance(e, Reply)), None)

    def _each_benefit(self, message: str, turns: list[Turn], session_id: str, whole: Reply | None) -> Reply | None:
        """A case a counsellor has that names several benefits (生活补贴+租房补贴+场地租金补贴+贷款贴息): what the documents
        say of each, asked with the story told around the asks, the answers joined in order, citations renumbered;
        None when fewer than two are answered or the answer of the whole already quotes as many passages."""
        benefits = list(dict.fromkeys(name for name, _, _ in asked_benefits(message)))
        if len(benefits) < 2:
            return None
        told = [(p, {name for name, _, _ in asked_benefits(p)}) for p, asking in question_parts(message) if not asking]
        sentences = [s for s in re.split(r"[。！？!?\n]", message) if s.strip()]
        places = {t for p in self.retriever.analyse(message).places for t in (p, *terms(p))}
        stop = set(slots()["stopwords"])

        def asked(benefit: str) -> str:
            """The benefit asked with its story: the sentence that names it alone (另外…合伙开个店，想贷款，还想拿房租补贴),
            else the story's parts naming no other benefit (还准备申请30万的创业担保贷款) that share a word, not a
            place's, with the document that writes it (我今年考了高级工证书 for 证书补贴, not 我硕士)."""
            own = next((s for s in sentences if {n for n, _, _ in asked_benefits(s)} == {benefit}), "")
            if own:
                return "，".join([*(p for p, named in told if p in own and named <= {benefit}), f"{benefit}能拿多少？"])
            parts = [p for p, named in told if named <= {benefit}]
            stems = [stem for name, stem, _ in asked_benefits(benefit) if stem]
            top = self.retriever.invoke(f"{benefit}能拿多少", k=1)
            if top and stems:
                passages = self.retriever.chunks_of(top[0].metadata.get("source", ""))
                text = " ".join([str(top[0].metadata.get("title", "")), *(d.page_content for d in passages)])
                if any(stem in text for stem in stems):  # its document, not a guess
                    parts = [p for p in parts if any(len(t) >= 2 and t in text and t not in places and t not in stop
                                                     for t in terms(p))]
            return "，".join([*parts, f"{benefit}能拿多少？"])

        found = self._joined_answers([asked(b) for b in benefits], message, turns, session_id, least=2)
        return None if found is None or answered(whole) and len(whole.sources) >= len(found.sources) else found

    def _joined_answers(self, questions: list[str], message: str, turns: list[Turn], session_id: str,
                        least: int = 1) -> Reply | None:
        """The documents' answers of ``questions`` (a case's parts, each read as the counsellor's: across=False),
        joined in order with citations renumbered; None when fewer than ``least`` are answered."""
        replies = [r for q in questions if answered(r := self._last_reply(q, turns, session_id, across=False))]
        if len(replies) < least:
            return None
        answer, sources = joined(replies)
        return Reply(answer=answer, sources=sources, route=replies[0].route, standalone_question=message)

    def _each_asked(self, message: str, turns: list[Turn], session_id: str) -> Reply | None:
        """A case a counsellor has whose whole answer says nothing (several rules asked at once: 能贷多少？房租能补多少？
        证书补贴能拿吗？): each asking part answered with the story told around it, the answers joined in order, citations
        renumbered; None when none is answered."""
        parts = question_parts(message)
        asked = [p for p, asking in parts if asking]
        if len(asked) < 2:
            return None
        story = "，".join(p for p, asking in parts if not asking)
        return self._joined_answers([f"{story}，{p}？" if story else p for p in asked], message, turns, session_id)

    def _answer_items(self, message: str, turns: list[Turn], session_id: str) -> Iterator[str | Reply]:
        """A message asking numbered questions (1. 市里的考证补贴能领多少？2. 北屺那个恒锐精密招数控车工吗) is answered
        whole; when that answer is refused, or its items are of different kinds (a subsidy and a posting), or an item
        is answered from a document the whole does not quote, each item is answered with the story before the items
        and the answers are joined in order, citations renumbered. An item the documents do not cover keeps the first
        sentence of its refusal."""
        story, items = numbered_items(message)
        if not items:
            yield from self._answer(message, turns, session_id)
            return
        events = list(self._answer(message, turns, session_id))
        whole = next((e for e in reversed(events) if isinstance(e, Reply)), None)
        if whole is None or whole.escalated:
            yield from events
            return
        # a case for a counsellor yields nothing without one: the whole stands for it
        replies = [self._last_reply(f"{story}{item}", turns, session_id) or whole for item in items]
        # an item read alone as another kind (3、要能提供几个岗位才行 of a 见习基地 question: postings) that finds
        # nothing there is the whole's question: the whole answers it
        replies = [whole if r.refused and r.route != whole.route and not whole.refused else r for r in replies]
        answered = [r for r in replies if not r.refused and not r.escalated]
        quoted = {s.source for s in whole.sources}  # a refused whole quotes nothing
        # the whole answered every item when it is of one kind and quotes every document an item is answered from
        if not answered or quoted and len({r.route for r in answered}) < 2 and all(
                s.source in quoted for r in answered for s in r.sources):
            yield from events
            return
        answer, sources = joined(replies)
        yield answer
        yield Reply(answer=answer, sources=sources, retrieved=whole.retrieved, standalone_question=message,
                    route=answered[0].route if whole.refused else whole.route)

    def _answer(self, message: str, turns: list[Turn], session_id: str, counsellor: bool = True,
                across: bool = True) -> Iterator[str | Reply]:
        """``across``: a personal case across several rules goes to a counsellor (False: the documents answer it)."""
        self.retriever.refresh()  # a pooled thread may still be pinned to an older version: the turn reads the live one
        vocab = self.retriever.vocabulary()
        first = self.retriever.analyse(message)
        postings = self.retriever.postings() if vocab.titles else []
        named = (lambda text, programmes=(): named_strength(text, postings, programmes)) if postings else None
        catalogues = bool(vocab.programmes or vocab.colleges)
        kind = route(message, first, self.retriever.knows, postings=bool(vocab.titles), named=named, catalogues=catalogues)
        question = message
        if kind not in ("smalltalk", "interview", "out_of_scope"):  # greetings are not follow-ups
            question = standalone(message, turns, vocab)
        # The one analysed record of this turn (after the follow-up rewrite); every later stage reads it.
        analysis = first if question == message else self.retriever.analyse(question)
        taken = analysis.resolved  # a place written by a slip (止岸区): the turn goes on with the ingested place
        if taken:
            question = analysis.resolved_text()
            analysis = self.retriever.analyse(question)
        if question != message:
            kind = route(question, analysis, self.retriever.knows, postings=bool(vocab.titles), named=named,
                         catalogues=catalogues)
        last = next((t.content for t in reversed(turns) if t.role == "assistant"), "")
        if kind not in ("smalltalk", "interview", "out_of_scope") and postings \
                and (posting := followed_posting(message, last, postings, moved=bool(first.places or first.resolved))):
            # 配班老师那个 工资多少 after an answer naming that posting: its fields are asked
            md = posting.metadata
            question, kind = f"{md.get('company', '')}{md.get('title', '')} {message}", "job"
            analysis = self.retriever.analyse(question)
        if kind in ("policy", "programme", "job") and analysis.doc_types and analysis.doc_types[0] != kind:
            # retrieval boosts the routed kind, not the story's first kind of words
            analysis = replace(analysis, doc_types=[kind, *(t for t in analysis.doc_types if t != kind)])
        note = place_note(taken, message) if kind not in ("smalltalk", "interview", "out_of_scope") else ""
        streamed = False  # the note leads the first streamed delta, a replacement and the final answer
        for event in self._respond(message, question, analysis, kind, turns, session_id, counsellor, postings, across):
            if note and isinstance(event, Reply):
                event.answer = f"{note}{event.answer}"
            elif note and isinstance(event, Replace):
                event = Replace(f"{note}{event}")
            elif note and isinstance(event, str) and not streamed:
                event, streamed = f"{note}{event}", True
            yield event

    def _respond(self, message: str, question: str, analysis, kind: str, turns: list[Turn], session_id: str,
                 counsellor: bool, postings: list, across: bool = True) -> Iterator[str | Reply]:
        vocab = self.retriever.vocabulary()
        base = {"route": kind, "standalone_question": question}
        own_words = cache(lambda: self._own_words(message))  # the follow-up's own message, analysed once a turn
        if kind == "smalltalk":
            yield Reply(answer=prompts.load("smalltalk").strip(), **base)
            return
        if kind == "interview":
            yield Reply(answer=prompts.load("interview_pointer").strip(), **base)
            return
        if kind == "out_of_scope":
            yield Reply(answer=prompts.load("refusal_offtopic").strip(), refused=True, **base)
            return
        if kind == "job" and self.career is not None:
            career = self.career(question)
            if career:
                yield career.text
                sources = [Source(source=c["source"], title=c["title"], page=1, section=c["section"], score=1.0, text=c["text"])
                           for c in career.sources]
                yield Reply(answer=career.text, sources=sources, retrieved=sources, **base)
                return
        # a place no document covers is refused before a personal case is offered to a counsellor: 那枫岚呢…咋算
        # asks for a calculation the documents could never ground
        # a college the question names answers for itself, wherever the user's story is set (我爸在某区开叉车)
        if not (kind == "programme" and analysis.colleges) and (place := uncovered_place(analysis, vocab) or (
                turns and moved_place(own_words(), vocab))):
            yield self._not_covered(place, kind, vocab, base)
            return
        if kind == "programme" and (college := unknown_college(analysis, vocab)) and not self._written(college):
            yield self._not_covered(college, kind, vocab, base, names=sorted(set(vocab.colleges.values())))
            return
        if across and complex_case(analysis):  # a calculation across rules: no total of ours, the counsellor works it out
            if counsellor:
                yield self._complex_case(message, session_id, turns, base)
            return
        if kind == "programme" and (name := unknown_programme(analysis, vocab) or (
                question != message and unknown_programme(own_words(), vocab))):
            meant, _ = self._programme_meant(question, vocab, name)  # 想读…五年制的幼师专业: 学前教育 by meaning
            if not meant or not self._row_writes(meant, name):  # 口腔医学技术 is no 学前教育, however near
                yield self._not_in_catalogue(name, vocab, base)  # 那数据分析专业呢: not the earlier programme's row
                return
            analysis = replace(analysis, programmes=[meant])
        if kind == "programme" and not analysis.programmes and not analysis.codes:
            fields = vocab.programmes_by_parts(question)
            field, wished = (fields[0] if len(fields) == 1 else ""), ""
            if len(fields) > 1 and contains_any(question, routes()["several_programmes"]):  # 想学机器人或者电商，这两个专业能报吗: both rows
                analysis = replace(analysis, programmes=fields)
            elif not field:  # 想读幼师: the programme meant; 有没有学开飞机的专业: none is, and the catalogue says so
                field, wished = self._programme_meant(question, vocab)
            if wished:
                yield self._not_in_catalogue(wished, vocab, base)
                return
            if field:
                analysis = replace(analysis, programmes=[field])  # 对养老服务这方面感兴趣: the programme named by a part
        reviewed = self.tickets.best_reviewed(question) if self.tickets is not None else None
        if reviewed is not None:  # a counsellor's reviewed answer, cited as such until it expires
            answer, score = reviewed
            source = answer.as_source(score)
            yield answer.answer
            yield Reply(answer=answer.answer, sources=[source], retrieved=[source], **base)
            return
        found = self.retriever.invoke(question, k=8, analysis=analysis)
        retrieved = [to_source(d) for d in found]
        # never answer about one place from another's document (of several districts named, the one asked about)
        scoped = replace(analysis, places=asked_places(analysis, vocab))
        docs = in_scope(found, scoped, vocab)
        if kind == "policy" and asks_subsidy(question):
            # a subsidy asked about is answered from rules: the zone's postings (高新区 一家芯片公司) stay out
            docs = [d for d in docs if d.metadata.get("doc_type") != "job"] or docs
        if kind == "policy" and turns and all(p.endswith("市") for p in own_words().places) and (
                earlier := _earlier_source(turns, docs)):
            # a follow-up goes on with the rule the last answer quoted (拿了这个证以后…), when it names no district of
            # its own (那我们单位在某区 也是这个数吗 moves to that district's rule) and the rule is in scope
            docs = [d for d in docs if d.metadata.get("source") == earlier]
        own = own_words() if kind == "job" and message != question else None  # 那某县那边呢: its place
        if kind == "job" and (posted := self.postings.answer(question, analysis, docs, postings, focus=message,
                                                                     knows=self.retriever.knows, own=own)):
            yield from self._posting_reply(posted, retrieved, base)
            return
        if not docs and kind != "job" and (place := next(iter(analysis.places_unknown(vocab)), "")):
            yield self._not_covered(place, kind, vocab, base)  # 茆川市青山区: only other districts' documents
            return
        local = place_documents(docs, found, scoped, vocab, self.retriever.chunks_of) if kind == "policy" else None
        if local is not None and local.absent:  # 鸢湖新区的租房补贴: only a neighbouring district's rule has one
            topic = f"{local.district}的{topic_phrase(question, local.absent[:2])}"
            yield self._refusal(kind, local.docs, topic, retrieved, base)
            return
        # A district inherits its city's city-wide rule: when its own documents do not answer (the topic is not
        # theirs, or what is asked is not stated there), the city-wide documents are read before refusing.
        scopes = [local, local.fallback] if local is not None and local.fallback is not None else [local]
        # read with the history (not only a place written by a slip, 海定区 → 海淀区)
        follow_up = question != message and question != own_words().text
        partly = None  # the district's own answer that leaves an asked fact unstated (the city-wide rule may state it)
        for scope in scopes:
            outcome = self._from_documents(kind, question, message, analysis, scope.docs if scope else docs, found,
                                           vocab, follow_up)
            if isinstance(outcome, Draft) and outcome.partial and scope is not scopes[-1]:
                partly = (scope, outcome)
                continue
            if isinstance(outcome, Draft) and partly and len(outcome.partial) >= len(partly[1].partial):
                outcome = None  # the city-wide rule states no more of it: the district's own answer stands
            if isinstance(outcome, Draft):
                local = scope
                break
            if partly:
                local, outcome = partly
                break
            if scope is scopes[0]:
                first_outcome = outcome
        else:
            refusal, draft = first_outcome
            # 我在高新区托管的某片区租的场地，能拿某区的租金补贴吗: the rule says where the user is is left out
            shut = self._shut_out(analysis, draft.cited) if draft is not None else None
            yield self._not_applied(*shut, retrieved, base) if shut else self._not_stated(
                draft, kind, retrieved, base) if draft is not None else self._refusal(
                kind, refusal[0], refusal[1], retrieved, base)
            return
        draft = outcome
        answer, cited, fallback = draft.text, draft.cited, None
        if shut := self._shut_out(analysis, cited):
            yield self._not_applied(*shut, retrieved, base)
            return
        lead = ""  # the answer comes from the city-wide rule: it says so
        if local is not None and local.city and any(same_place(p, local.city) and not d.metadata.get("district")
                                                    for d in draft.cited for p in meta_places(d.metadata)) and not any(
                local.district in Scope.from_metadata(d.metadata).places for d in draft.cited):
            # (not when a cited rule is the place's own by its title: 临港地区's rule, issued by 上海市, is not 上海市's)
            name = "city_wide_subject" if local.own else "city_wide"
            lead = prompts.render(name, district=local.district, city=local.city).strip()
            if not local.own and (says := self._coverage_sentence(local.district, cited, answer, analysis.text)):
                # 高新区也能领吗: the rule's own sentence on the place first (高新区参照本办法执行), cited
                sentence, source = says  # the same document's words, no figure: cited by its mark
                doc = next(d for d in cited if d.metadata.get("source") == source)
                if contains_any(sentence, scope_rules()["exclusion_words"]):
                    # 高新区参保人员不适用本办法: the rule is not the zone's; none of its figures answers for it
                    yield self._not_applied(sentence, doc, local.district, retrieved, base)
                    return
                lead += f"{sentence}[{cited.index(doc) + 1}]\n"
        if self.chat_model is not None and not is_injection(message):
            if lead:
                yield lead
            answer, cited, fallback = yield from self._generate(question, analysis, draft)
            answer = lead + answer
        else:
            answer = lead + answer
            yield answer
        # the asked fact is not stated, what else was asked is (老婆孩子能随迁, 乱收费: 金额 not stated): a refusal still
        yield Reply(answer=answer, sources=[to_source(d) for d in cited], retrieved=retrieved, fallback_reason=fallback,
                    refused=draft.unanswered, **base)

    @staticmethod
    def _not_applied(sentence: str, doc: Document, place: str, retrieved, base: dict) -> Reply:
        """The rule's own sentence leaving ``place`` out, cited, and none of its figures."""
        return Reply(answer=prompts.render(
            "not_applied", document=doc.metadata.get("title", "") or doc.metadata.get("source", ""),
            sentence=sentence.strip(), place=place, office=_OFFICES["policy"]).strip(),
            sources=[to_source(doc)], refused=True, retrieved=retrieved, **base)

    def _shut_out(self, analysis, cited: list[Document]) -> tuple[str, Document, str] | None:
        """A place the question writes as where the user is, not the first cited rule's own, that this rule's own
        sentence leaves out (位于高新区管辖范围内的经营场所，不适用本办法): (that sentence, the rule's passage, the
        place); None otherwise."""
        if not cited or not analysis.places or of_another_benefit(analysis.text, cited[0]):
            return None
        doc, text = cited[0], analysis.text
        own = Scope.from_metadata(doc.metadata).places
        # (not where the user was: 原来在某区那个机械厂干了二十多年)
        here = [p for p in analysis.places if not any(same_place(p, o) for o in own) and user_here(text, p)
                and not background(text, p)]
        named = [(min(text.find(n) for n in names), place, names) for place in here
                 if (names := {n for n in written_forms(place) if n in text})]
        for _, place, names in sorted(named):  # 我在高新区托管的某片区: the zone, written first
            if said := self._rule_sentences(doc.metadata.get("source", ""), names, "exclusion_words"):
                return said[0], doc, place
        return None

    def _rule_sentences(self, source: str, names: set[str], words: str) -> list[str]:
        """The sentences of the rule ``source`` that write one of ``names`` and one of scope.json's ``words``."""
        return [sentence for chunk in self.retriever.chunks_of(source) for sentence in split_clauses(chunk)
                if any(n in sentence for n in names) and contains_any(sentence, scope_rules()[words])]

    def _coverage_sentence(self, place: str, cited: list[Document], answer: str,
                           question: str = "") -> tuple[str, str] | None:
        """The sentence of the cited city-wide rule that says whether it applies to ``place``, a zone with no rule of its
        own (高新区参照本办法执行; 高新区不适用本办法): it writes the place (its name, its short form or the bare zone
        word) and a 'coverage_words' word (scope.json): (it, its document's source). None for a district, when no such
        sentence, when it writes a figure (cited by its document's mark, it brings no number of its own), or when the
        answer quotes it; a sentence that excludes the place (高新区不适用本办法) is returned whatever the answer quotes:
        the rule's figures beside it answer nothing for the place."""
        forms = zone_short_forms()
        if not any(place.endswith(w) for pair in forms.items() for w in pair):
            return None  # a district: the city-wide rule is plainly its own (a zone's is what users doubt)
        names = zone_names(place)
        said = [(sentence, source) for source in dict.fromkeys(d.metadata.get("source", "") for d in cited)
                for sentence in self._rule_sentences(source, names, "coverage_words")]
        # (only the first cited rule's: 高新区参照本办法执行 of the graduates' rule answers beside the certificate
        # rule's 高新区不适用本办法)
        # (nor that of a rule about another benefit than the one asked: the certificate rule's 高新区不适用 does not
        # answer 生活补贴…高新区的不给？)
        # (the rule whose figure answers, when the first line quotes none: 2200元 of the certificate rule after the
        # graduates' rule's 高新区参照本办法执行)
        first = next((cited[int(m.group(2)) - 1] for line in answer.splitlines() if (m := _MARKED.search(line))
                      and re.search(r"\d", m.group(1)) and int(m.group(2)) <= len(cited)), cited[0] if cited else None)
        lead = first.metadata.get("source", "") if first is not None and not of_another_benefit(question, first) else ""
        if excluded := next((s for s in said if s[1] == lead and contains_any(s[0], scope_rules()["exclusion_words"])),
                            None):
            return excluded
        if not said or said[0][0] in answer or re.search(r"\d", said[0][0]):
            return None
        return said[0]

    def _programme_meant(self, question: str, vocab, unknown: str = "") -> tuple[str, str]:
        """(the catalogue programme a study question means without naming it, what it asks to study when no
        programme is meant). Of the parts of a question asking for a 专业 that say what the user wants to study
        (study_wish in routes.json: 想读, 喜欢), the programme whose name is nearest one part in meaning, by a margin
        over the next (settings.answer.programme_margin): 想读幼师 → 学前教育, 学厨师的专业 → 烹饪工艺与营养. When none
        is near at all (a third of that margin) and the question asks whether such a programme exists (有没有学开飞机
        的专业), the thing named (开飞机) no programme name writes; ("", "") otherwise, and without clause vectors. A
        part writing the ``unknown`` programme name the catalogue lacks says what is wished too (听说有五年制的幼师专业)."""
        vectors = self.extractive.ranker.vectors
        names = sorted(set(vocab.programmes.values()))
        wishes = [p for p, _ in question_parts(question) if contains_any(p, routes()["study_wish"])
                  or unknown and unknown in p]
        if vectors is None or len(names) < 2 or "专业" not in question or not wishes:
            return "", ""
        named = vectors.get(names)
        best, name = 0.0, ""
        for part in wishes:
            for alias in sorted(vocab.colleges, key=len, reverse=True):
                part = part.replace(alias, "")  # 某某职院有没有学…: the college's name says nothing of what is studied
            sims = named @ vectors.query(part)
            first, second = sorted(sims, reverse=True)[:2]
            if first - second > best:
                best, name = float(first - second), names[int(sims.argmax())]
        margin = self.settings.answer.programme_margin
        if best >= margin:
            return name, ""
        if best >= margin / 3:  # near one, not clearly: the catalogue's passages answer as retrieved
            return "", ""
        wished = next((m.group(1) for p in wishes if (m := _WISH.search(p))), "")
        exists = _EXISTS.search(question)
        return "", wished if exists and wished and not any(wished in n for n in names) else ""

    def _row_writes(self, programme: str, name: str) -> bool:
        """Every character of ``name`` (专业 aside) is written in ``programme``'s catalogue row (幼师: 幼儿园教师), or,
        for a short name users call a programme by (幼师 of a row writing 幼儿园保育), half of them."""
        row = next((d.page_content for d in self.retriever.invoke(programme, k=5) if programme in d.page_content), "")
        chars = name.replace("专业", "")
        written = sum(c in row for c in chars)
        return written == len(chars) or len(chars) <= _NICKNAME_CHARS and 2 * written >= len(chars)

    def _written(self, phrase: str) -> bool:
        """Some ingested passage writes ``phrase`` as it is (智能制造学院: a department a catalogue names, no other
        college): read in the passages retrieved for it."""
        return any(phrase in d.page_content for d in self.retriever.invoke(phrase, k=5))

    def _own_words(self, message: str):
        """The follow-up message analysed alone, a place written by a slip (止岸区) read as the ingested one."""
        own = self.retriever.analyse(message)
        return self.retriever.analyse(own.resolved_text()) if own.resolved else own

    def _from_documents(self, kind: str, question: str, message: str, analysis, docs: list[Document],
                        found: list[Document], vocab, follow_up: bool = False):
        """The extractive answer from ``docs`` (a Draft with text), or why there is none: ((the passages, the
        topic) of a refusal, None) or (None, the draft that names what is not stated)."""
        # a district no document names whose city's rules apply to it whole (朝阳区 of a Beijing-wide rule) is covered
        covered = vocab.policy_places | {p for p in analysis.places if vocab.city_wide(p)}
        cov = coverage(analysis, docs, self.retriever.knows, covered, kind)
        # a long story's nouns (备考公务员) lower the share of words written; two words of a document's title it also
        # writes (应届生引进) say it is about that document
        if not docs or cov.refuse(self.settings.answer.refusal_threshold) and not (
                kind == "policy" and not cov.uncovered_topic and not cov.uncovered_district and titled_by(analysis, docs[:5])):
            return (docs, cov.topic or question[:20]), None
        candidates = self._expand(docs) if kind == "policy" else self._catalogue(docs, found) if kind == "programme" else docs
        # 枫林区公积金怎么提取: no word of it there (a follow-up's story nouns, 我的花店今年才开, name nothing asked)
        if kind == "policy" and (words := unaddressed(analysis, candidates, story=not follow_up)):
            return (docs, topic_phrase(question, words[:2])), None
        draft = self.extractive.answer(question, kind, analysis, candidates, focus=message, follow_up=follow_up)
        if (draft.not_stated or draft.unanswered) and kind == "policy":
            draft = self._recheck(draft, question, analysis, candidates, message)
        if kind == "policy" and draft.text and not draft.not_stated:
            # 安家费 asked, another benefit's clause chosen, while the document names 安家费 with no figure
            word, named, elsewhere = unpriced_benefit(analysis, draft.cited, candidates)
            if named is not None:
                label = prompts.render("not_stated_amount", benefit=word).strip()
                if answers_another(analysis, draft.cited, word):  # the other benefit asked is answered; this one is not
                    draft = replace(draft, text=f"{draft.text}\n{prompts.render('not_stated_part', labels=label).strip()}")
                else:
                    draft = Draft("", not_stated=[label], checked=named.metadata.get("title", ""))
            elif elsewhere:  # 租房补贴 asked of a district whose 见习 rule was quoted: the city-wide rule states it
                # (一次性求职补贴 asked, 见习 clauses quoted, while the same rule grants 一次性求职创业补贴 with a figure:
                # answered again from the passages that write it, read first)
                naming = naming_passages(word, candidates)
                ids = {d.id for d in naming}
                again = self.extractive.answer(question, kind, analysis, naming + [d for d in candidates if d.id not in ids],
                                               focus=message, follow_up=follow_up) if naming else None
                if again is None or not again.text or not any(naming_passages(word, again.evidence)):
                    return (draft.cited, word), None
                draft = again
            elif unset := unset_amount(analysis, draft.evidence or draft.cited, candidates):
                # 示范基地评上了能奖多少: the rule grants it, 具体标准另行制定; another clause's figure is no answer
                label = prompts.render("not_stated_amount", benefit=f"「{unset[0]}」").strip()
                draft = Draft("", not_stated=[label], checked=unset[1].metadata.get("title", ""))
            elif word := other_benefit(analysis, draft.evidence or draft.cited, candidates, self._similarity):
                return (draft.cited, word), None  # 创业担保贷款 asked, no document writes it: not another benefit's figure
        if draft.not_stated:
            return None, draft
        if not draft.text:
            return (docs, cov.topic or question[:20]), None
        return draft

    def _similarity(self, a: str, b: str) -> float:
        """Cosine similarity of two short phrases with the embedding model (1.0 without clause vectors: the lexical
        guards decide alone)."""
        vectors = self.extractive.ranker.vectors
        return 1.0 if vectors is None else float(vectors.query(a) @ vectors.get([b])[0])

    def _recheck(self, draft, question: str, analysis, candidates: list[Document], message: str):
        """"Not stated" is said only when it is really absent: every clause of the in-scope policies is read (not only
        the retrieved passages), for the question without the parts that only tell the user's story (我们是房地产公司:
        no clause need name that). An answer that still lacks what was asked is no answer: "not stated" stands."""
        seen = {d.id for d in candidates}
        sources = list(dict.fromkeys(d.metadata.get("source") for d in candidates if d.metadata.get("doc_type") == "policy"))
        whole = candidates + [c for s in sources[:3] for c in self.retriever.chunks_of(s) if c.id not in seen]
        text = asked_text(analysis.text)
        asked = analysis if text == normalise(analysis.text) else replace(analysis, text=text, terms=terms(text))
        again = self.extractive.answer(asked.text, "policy", asked, whole, focus=asked.text)
        missing = prompts.render("not_stated_part", labels="、".join(draft.not_stated or draft.partial)).strip()
        if again.text and not again.unanswered and missing not in again.text:
            return again
        return draft if draft.unanswered else self._general_answer(draft, asked, whole) or draft

    def _general_answer(self, draft, asked, whole: list[Document]):
        """What is asked, stated once for a whole document in a section of its own (一、适用对象: 本措施所称青年人才…
        年龄不超过30周岁) rather than under the asked subsidy: a clause of the asked kind, in such a section or
        written as such (general_markers in scope.json: 所称, 适用对象), whose heading names nothing
        of the question beyond the document's title (so no other subsidy's section: 就业见习补贴 shares 补贴), that speaks of the document's own subject (a
        word of its title). None when some asked kind has no such clause."""
        policies = [d for d in whole if d.metadata.get("doc_type") == "policy"]
        if not policies:
            return None
        source = policies[0].metadata.get("source")
        docs = [d for d in policies if d.metadata.get("source") == source]
        title = set(terms(str(docs[0].metadata.get("title", ""))))
        about = ClauseRanker.subject(asked, set(asked.terms), fold_text(asked.text))
        kinds = [k for k, v in ask_kinds().items() if v["label"] in draft.not_stated]
        markers = scope_rules()["general_markers"]
        ranker = self.extractive.ranker
        clauses = ranker.clauses(docs)
        cites, lines = Citations(), []
        for kind in kinds:
            general = [c for c in ranker.rank(asked, kind, clauses)
                       if any(m in f"{c.lead} {c.doc.metadata.get('section', '')} {c.text}" for m in markers)
                       and not set(terms(f"{c.lead} {c.doc.metadata.get('section', '')}")) & (set(asked.terms) - title)
                       and set(terms(c.text)) & title & about]
            if not general:
                return None
            lines.append(f"{quoted(general[0])}{cites.mark(general[0].doc)}")
        if not lines:
            return None
        head = according_to(docs[0].metadata.get("title", ""), docs[0].metadata.get("rule", ""))
        return Draft(text=head + "\n".join(lines), cited=cites.docs,
                     evidence=[Document(page_content=line, metadata=d.metadata) for line, d in zip(lines, cites.docs)])

    def _posting_reply(self, posted, retrieved, base) -> Iterator[str | Reply]:
        """A posting's asked fields (or a short list), a refusal naming what was checked, or what it does not state."""
        if posted.refusal:
            yield Reply(answer=posted.refusal, refused=True, retrieved=retrieved, **base)
        elif posted.not_stated:
            yield self._not_stated(posted, "job", retrieved, base)
        else:
            yield posted.text
            yield Reply(answer=posted.text, sources=[to_source(d) for d in posted.cited], retrieved=retrieved, **base)

    def _expand(self, docs: list[Document]) -> list[Document]:
        """The retrieved passages, then every other passage of the top-ranked policy (policies are short):
        retrieval finds the document, clause selection reads all of it."""
        if not docs or docs[0].metadata.get("doc_type") != "policy":
            return docs
        seen = {d.id for d in docs}
        return docs + [d for d in self.retriever.chunks_of(docs[0].metadata["source"]) if d.id not in seen]

    def _catalogue(self, docs: list[Document], found: list[Document]) -> list[Document]:
        """The retrieved passages, then the sections of the first catalogue retrieved that are no one programme's
        (说明, 奖助政策, 报名方式): asked beside a programme's fields, they answer the rest. A programme question
        reads the catalogue first: its passages lead when the place check kept only policies."""
        source = next((d.metadata.get("source") for d in docs if d.metadata.get("doc_type") == "programme"), None)
        if not source and not any(d.metadata.get("doc_type") == "job" for d in docs) \
                and (rows := [d for d in found if d.metadata.get("doc_type") == "programme"]):
            docs, source = rows + docs, rows[0].metadata.get("source")
        if not source:
            return docs
        seen = {d.id for d in docs}
        return docs + [Document(page_content=d.page_content, metadata={**d.metadata, "notes": True}, id=d.id)
                       for d in self.retriever.chunks_of(source) if d.id not in seen and not d.metadata.get("programme")
                       and d.metadata.get("kind") != "table_row"]

    def _generate(self, question: str, analysis, draft):
        """Stream the model's answer from the clauses the extractive step selected and the classified ask; if it
        cites a number absent from them, fall back to the extractive answer."""
        seen = {d.page_content for d in draft.evidence}
        context = draft.evidence + [d for d in draft.cited if d.page_content not in seen]
        parts: list[str] = []
        try:
            for delta in llm.stream_answer(self.chat_model, question, context, asks=analysis.asks):
                parts.append(delta)
                yield delta
        except Exception as exc:  # noqa: BLE001 - any endpoint failure falls back
            log.warning("LLM failed, extractive answer used: %s", exc)
            yield "\n\n" + draft.text
            return draft.text, draft.cited, f"llm error: {type(exc).__name__}"
        answer = "".join(parts).strip()
        cited = llm.cited_docs(answer, context)
        bad = llm.unsupported_numbers(answer, cited)
        if bad or not answer:
            reason = f"unsupported numbers {bad}" if bad else "empty answer"
            log.warning("LLM answer rejected (%s); extractive answer used", reason)
            yield Replace(draft.text)
            return draft.text, draft.cited, reason
        return answer, cited, None

    def _not_stated(self, draft, kind: str, retrieved, base) -> Reply:
        answer = prompts.render("not_stated", document=draft.checked, labels="、".join(draft.not_stated),
                                office=_OFFICES.get(kind, _OFFICES["policy"])).strip()
        return Reply(answer=answer, refused=True, retrieved=retrieved, **base)

    def _not_covered(self, place: str, kind: str, vocab, base, names: list[str] | None = None) -> Reply:
        names = "、".join((vocab.covered_places() if names is None else names)[:6])
        covered = prompts.render("covered", names=names).strip() if names else ""
        answer = prompts.render("not_covered", topic=place, covered=covered, office=_OFFICES.get(kind, _OFFICES["policy"])).strip()
        return Reply(answer=answer, refused=True, **base)

    def _not_in_catalogue(self, name: str, vocab, base) -> Reply:
        names = "、".join(sorted(set(vocab.programmes.values()))[:6])
        covered = prompts.render("covered", names=names).strip() if names else ""
        answer = prompts.render("not_in_catalogue", programme=f"{name}专业", covered=covered, office=_OFFICES["programme"]).strip()
        return Reply(answer=answer, refused=True, **base)

    def _complex_case(self, message: str, session_id: str, turns: list[Turn], base) -> Reply:
        """A personal case across several rules: offered to a counsellor through the ticket path (complex_case), with
        what the documents say of the rules it names."""
        ticket_id = None
        if self.tickets is not None:
            transcript = [{"role": t.role, "content": t.content} for t in turns] + [{"role": "user", "content": message}]
            cited = self.sessions.cited(session_id) if self.sessions is not None else []
            ticket_id = self.tickets.create(session_id, ["complex_case"], "normal", summary=message[:120],
                                            transcript=transcript, cited=cited)
        parts = [prompts.load("complex_case").strip()]
        if ticket_id:
            parts.append(self.tickets.acknowledgement(ticket_id))
        # what the documents say of each rule in the case (生活补贴, 租房补贴, 技能证书补贴), cited; the total stays the
        # counsellor's
        found = self._documents_answer(message, turns, session_id, offer=False, across=False)
        if found is not None:
            parts.append(f"{prompts.load('complex_case_answer_lead').strip()}\n{found.answer}")
        return Reply(answer="\n\n".join(parts), escalated=True, ticket_id=ticket_id, escalation_reasons=["complex_case"],
                     route="escalation", standalone_question=base["standalone_question"],
                     sources=found.sources if found is not None else [])

    def _refusal(self, kind: str, docs: list[Document], topic: str, retrieved, base) -> Reply:
        titles = list(dict.fromkeys(d.metadata.get("title", "") for d in docs[:3] if d.metadata.get("doc_type") == kind))
        nearby = prompts.render("nearby", titles="、".join(f"《{t}》" for t in titles[:2])) if titles else ""
        answer = prompts.render("refusal", topic=topic, nearby=nearby, office=_OFFICES.get(kind, _OFFICES["policy"])).strip()
        return Reply(answer=answer, refused=True, retrieved=retrieved, **base)

    def _remember(self, session_id: str, message: str, reply: Reply) -> None:
        if self.sessions is None:  # the eval's copy keeps no sessions and logs no turns
            return
        if self.turn_log is not None:
            reply.turn_id = self.turn_log.record(session_id, message, reply, llm=self.chat_model is not None)
        self.sessions.append(session_id, Turn("user", message))
        self.sessions.append(session_id, Turn("assistant", reply.answer), sources=[s.to_json() for s in reply.sources])
        if reply.refused:
            self.sessions.mark_unresolved(session_id, " ".join(terms(reply.standalone_question or message)[:3]))
        elif not reply.escalated:
            self.sessions.mark_resolved(session_id)
