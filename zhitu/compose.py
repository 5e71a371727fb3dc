"""The composition root: every entry point (CLI, web pages, eval runner, tests) builds its parts here.

Heavy parts (embedding model, Chroma, jieba, the chat model) are created on first use and then shared,
so `zhitu docs` never loads a model and a web server loads each part once.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from core.settings import Settings

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings
    from langchain_core.language_models import BaseChatModel
    from sqlalchemy.engine import Engine


class Services:
    """Everything Zhitu is made of, wired from one ``Settings``. Build with ``build_services(settings)``."""

    def __init__(self, settings: Settings, *, embeddings: Embeddings | None = None, chat_model: BaseChatModel | None = None):
        self.settings = settings
        if embeddings is not None:
            self.__dict__["embeddings"] = embeddings
        if chat_model is not None:
            self.__dict__["chat_model"] = chat_model

    @cached_property
    def engine(self) -> Engine:
        from core.db import make_engine, migrate

        engine = make_engine(self.settings.db_url)
        migrate(engine)
        return engine

    @cached_property
    def embeddings(self) -> Embeddings:
        from knowledge.embeddings import make_embeddings

        return make_embeddings(self.settings)

    @cached_property
    def chat_model(self) -> BaseChatModel | None:
        from assistant.llm import make_chat_model

        return make_chat_model(self.settings)

    @cached_property
    def kb(self):
        """The knowledge base (registry + Chroma + BM25), see knowledge/base.py."""
        from knowledge.base import KnowledgeBase

        return KnowledgeBase(self.settings, self.engine, lambda: self.embeddings)

    def retriever(self, **kwargs):
        """A hybrid retriever over the knowledge base (LangChain ``BaseRetriever``)."""
        from knowledge.retriever import HybridRetriever

        r = self.settings.retrieval
        params = {"k": r.k, "candidates": r.candidates, "rrf_k": r.rrf_k, "dense_weight": r.dense_weight,
                  "bm25_weight": r.bm25_weight, "boost": r.boost} | kwargs
        return HybridRetriever(kb=self.kb, **params)

    @cached_property
    def assistant(self):
        """The chat assistant (assistant/assistant.py), with sessions, escalation and tickets."""
        from assistant.assistant import Assistant

        return Assistant(self.retriever(), self.settings, chat_model=self.chat_model, sessions=self.sessions,
                         escalation=self.escalation, tickets=self.tickets, career=self.career_answer,
                         turn_log=self.turn_log)

    @cached_property
    def turn_log(self):
        """One row per answered turn, for the insight page (assistant/turns.py)."""
        from assistant.turns import TurnLog

        return TurnLog(self.engine, self.settings.service.timezone)

    @cached_property
    def insight(self):
        """Figures and unanswered-question groups for /insight and `zhitu insight` (eval/insight.py)."""
        from eval.insight import InsightService

        return InsightService(self.engine, self.settings, embeddings=lambda: self.embeddings, nearest=self.nearest_documents,
                              label=lambda reason: self.escalation.label(reason))

    def nearest_documents(self, question: str, k: int = 3) -> list[dict]:
        """The ``k`` documents a search for ``question`` finds first (one entry per document)."""
        if self.kb.is_empty():
            return []
        found: dict[str, dict] = {}
        for doc in self.retriever(k=max(8, k * 3)).invoke(question):
            md = doc.metadata
            found.setdefault(md.get("source", ""), {"source": md.get("source", ""), "title": md.get("title", ""),
                                                    "score": round(float(md.get("score", 0.0)), 4)})
        return list(found.values())[:k]

    @cached_property
    def feedback(self):
        """👍/👎 on answers (assistant/feedback.py)."""
        from assistant.feedback import FeedbackStore

        return FeedbackStore(self.engine)

    def career_answer(self, message: str):
        """'我学数控的，适合什么岗位？' → matching (issue 10), when available."""
        from matching.chat import answer_career_question

        return answer_career_question(message, self.matching)

    def postings(self) -> list[dict]:
        """Every ingested job posting as a dict of its canonical fields."""
        return self.kb.postings()

    # --- two-way matching, skill map, supply-demand warnings (issue 10) ---
    @cached_property
    def matching(self):
        """Matching over the knowledge base's postings (matching/service.py)."""
        from matching.service import build_matching

        return build_matching(self.kb, self.settings)

    # --- escalation and the counsellor console (issue 7) ---
    @cached_property
    def escalation(self):
        """The escalation detector: near-certain rules (assistant/data/escalation/rules.json), the classifier over the
        turn's query vector (trained from assistant/data/escalation/*.jsonl on first use, cached), the conversation,
        and the chat model's vote when one is configured (assistant/escalation/)."""
        from assistant.escalation import build_detector

        configured = self.settings.llm_enabled or "chat_model" in self.__dict__
        vote = self.settings.escalation.llm_vote and configured
        return build_detector(self.settings, _LazyEmbeddings(self), self.chat_model if vote else None)

    @cached_property
    def tickets(self):
        """Tickets, replies, audit log and reviewed answers (assistant/tickets.py)."""
        from assistant.tickets import TicketService

        return TicketService(self.engine, self.settings)

    @cached_property
    def sessions(self):
        """Chat sessions: turns and the unresolved streak (assistant/sessions.py)."""
        from assistant.sessions import SessionStore

        return SessionStore(self.engine)

    @cached_property
    def users(self):
        """Staff accounts, login throttling and session revocation (core/auth.py)."""
        from core.auth import UserService

        return UserService(self.engine, limits=self.settings.auth)

    @cached_property
    def interviewer(self):
        """Mock interviews (assistant/interview): question bank + rubric; the chat model only rewrites feedback."""
        from assistant.interview import make_interviewer

        configured = self.settings.llm_enabled or "chat_model" in self.__dict__
        return make_interviewer(self.chat_model if configured else None, embeddings=self.embeddings,
                                evidence=self.interview_evidence)

    def interview_evidence(self, title: str):
        """What the postings with titles like ``title`` ask for (skills, certificates, duties via the skill
        dictionary) and the programmes that lead there: the interview's role profile for any title."""
        from assistant.interview.profile import RoleEvidence, duties_from, similar_titles
        from matching.skills import load_dictionary, load_occupations

        postings = self.postings()
        dictionary, occupations = load_dictionary(), load_occupations()
        picked = [postings[i] for i in similar_titles(title, [p.get("title", "") for p in postings])][:12]
        if not picked:  # no similar title: the postings of the same occupation, if the title names one
            occ = occupations.for_title(title)
            picked = [p for p in postings if occ and occupations.for_title(p.get("title", "")) == occ][:12]
        if not picked:
            return RoleEvidence()
        counts: dict[str, int] = {}
        for p in picked:
            for name in dictionary.parse_list(p.get("skills", "")) + dictionary.extract(p.get("description", "")):
                counts[name] = counts.get(name, 0) + 1
        ranked = sorted(counts, key=lambda n: -counts[n])

        def group(name: str) -> str:
            skill = dictionary.skills.get(name)
            return "|".join((name, *(skill.synonyms if skill else ())))

        hard = [group(n) for n in ranked if dictionary.kind(n) == "hard"]
        certs = [n for n in ranked if dictionary.kind(n) == "cert"]
        duties = list(dict.fromkeys(d for p in picked for d in duties_from(p.get("description", ""))))[:6]
        skills = set(ranked)
        programmes = [f"{g.college}·{g.name}" for g in self.matching.catalog.programmes if g.skills & skills][:5]
        return RoleEvidence(tuple(str(p.get("id", "")) for p in picked), tuple(p.get("title", "") for p in picked),
                            tuple(hard), tuple(certs), tuple(duties), tuple(programmes))

    # --- admin console (issue 9) ---
    @cached_property
    def admin(self):
        """Upload → preview (clause diff, changed eval answers) → apply | cancel, restore, delete (knowledge/admin.py)."""
        from knowledge.admin import AdminService

        return AdminService(self.kb, self.engine, self.settings, impact=lambda: self.question_impact)

    @cached_property
    def question_impact(self):
        """Old → new answers of the deployment's registered questions (sets run with `zhitu eval`, feedback exports)
        that a candidate document touches (knowledge/impact.py); with none registered the preview says so."""
        import copy

        from eval.dryrun import for_evaluation
        from eval.registered import registered_questions
        from knowledge.impact import QuestionImpact

        home = self.settings.home_dir

        def assistant_for(kb_view):  # None: the live knowledge base; else a knowledge.candidate.CandidateView
            view = for_evaluation(self.assistant)
            if kb_view is not None:
                view = copy.copy(view)
                view.retriever = view.retriever.model_copy(update={"kb": kb_view})
            return view

        return QuestionImpact(lambda: registered_questions(home), assistant_for, self.kb)


class _LazyEmbeddings:
    """The services' embeddings, created when the detector first embeds (labels and ticket lists load no model)."""

    def __init__(self, services: Services) -> None:
        self._services = services

    def __getattr__(self, name):
        return getattr(self._services.embeddings, name)


def build_services(settings: Settings, **overrides) -> Services:
    """Wire Zhitu from settings. ``overrides`` replace a part (tests pass fake embeddings or a fake chat model)."""
    return Services(settings, **overrides)
