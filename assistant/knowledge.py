"""The small interface the assistant needs from the knowledge layer: a LangChain ``BaseRetriever`` that also
analyses questions against the knowledge base's vocabulary and answers term look-ups."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings

from knowledge.query import QueryAnalysis, Vocabulary


@runtime_checkable
class KnowledgeView(Protocol):
    """What ``Assistant`` calls on its retriever (``knowledge.retriever.HybridRetriever`` implements it)."""

    def refresh(self) -> None:
        """Pin this thread to the knowledge base's current version; called once at the start of every turn."""

    def invoke(self, query: str, **kwargs) -> list[Document]: ...

    def vocabulary(self) -> Vocabulary: ...

    def analyse(self, query: str) -> QueryAnalysis: ...

    def knows(self, term: str) -> bool: ...

    def chunks_of(self, source: str) -> list[Document]: ...

    def postings(self) -> list[Document]:
        """Every live job posting as a passage, its fields in the metadata."""

    @property
    def embeddings(self) -> Embeddings: ...
