"""Typed records passed between ingestion stages."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

DocType = Literal["policy", "programme", "job", "seeker"]
# The types that are indexed for retrieval (one Chroma collection each). Seeker registrations are not: they are
# counted and matched from the database, never embedded, so they never show up in chat answers.
DOC_TYPES: tuple[DocType, ...] = ("policy", "programme", "job")
ALL_DOC_TYPES: tuple[DocType, ...] = (*DOC_TYPES, "seeker")


@dataclass(frozen=True)
class Page:
    """One page (PDF) or the whole text (MD/TXT) of a source file, cleaned."""

    source: str
    page: int
    text: str


@dataclass(frozen=True)
class Posting:
    """One job posting row, with its fields normalised to the canonical column names."""

    source: str
    row: int
    fields: dict[str, str]


@dataclass
class Chunk:
    """A retrievable passage with everything needed to cite it."""

    text: str
    source: str
    title: str
    doc_type: DocType
    page: int = 1
    section: str = ""
    metadata: dict[str, str | int | float] = field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def index_text(self) -> str:
        """What is embedded and tokenised: the passage with its document title, 文号 and section as context,
        so 'which district' and '京人社毕发〔2021〕22号' are found in every article of the document."""
        if self.doc_type == "job":
            return self.text
        number = self.metadata.get("doc_number")
        head = f"{self.title}（{number}）" if number else self.title
        return f"{head} {self.section}：{self.text}" if self.section and not self.text.startswith(self.title) else f"{head}：{self.text}"

    def flat_metadata(self) -> dict[str, str | int | float]:
        """Metadata as Chroma stores it (scalars only, no None)."""
        meta = {k: v for k, v in self.metadata.items() if v is not None and v != ""}
        meta.update(source=self.source, title=self.title, doc_type=self.doc_type, page=self.page, section=self.section)
        return meta


@dataclass(frozen=True)
class SeekerRecord:
    """One anonymised job-seeker registration: only these fields are ever stored (no name, ID number or phone).

    Text fields are masked (``core.masking``); ``district`` is the canonical short form; ``registered_at`` is an
    ISO date or ""."""

    row: int
    ref: str = ""
    intent: str = ""
    major: str = ""
    education: str = ""
    district: str = ""
    skills: str = ""
    certificates: str = ""
    experience: str = ""
    expected_salary: str = ""
    registered_at: str = ""


@dataclass(frozen=True)
class Document:
    """A parsed file: its identity, type, title and chunks, ready to be indexed."""

    source: str
    title: str
    doc_type: DocType
    sha256: str
    chunks: list[Chunk]
    metadata: dict[str, str] = field(default_factory=dict)
    # doc_type "seeker": the anonymised registrations, and the bytes kept on disk in place of the upload.
    seekers: tuple[SeekerRecord, ...] = ()
    stored_bytes: bytes | None = None
