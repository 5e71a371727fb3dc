"""The composition root: every entry point (CLI, web pages, eval runner, tests) builds its parts here.

Heavy parts (embedding model, Chroma, jieba, the chat model) are created on first use and then shared,
so `zhitu docs` never loads a model and a web server loads each part once.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from zhitu.settings import Settings

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
        from zhitu.db import make_engine, migrate

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

        return HybridRetriever(kb=self.kb, k=kwargs.pop("k", self.settings.retrieval.k), **kwargs)

    def postings(self) -> list[dict]:
        """Every ingested job posting as a dict of its canonical fields."""
        return self.kb.postings()

    # --- escalation and the counsellor console (issue 7) ---
    @cached_property
    def escalation(self):
        """The escalation detector (rules from assistant/data/escalation_rules.json)."""
        from assistant.escalation import EscalationDetector

        return EscalationDetector.from_data()

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
        """Staff accounts (zhitu/auth.py)."""
        from zhitu.auth import UserService

        return UserService(self.engine)



def build_services(settings: Settings, **overrides) -> Services:
    """Wire Zhitu from settings. ``overrides`` replace a part (tests pass fake embeddings or a fake chat model)."""
    return Services(settings, **overrides)
