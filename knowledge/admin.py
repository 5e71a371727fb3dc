"""The admin's operations on the knowledge base: upload → preview → apply | cancel, restore, delete, download, audit.

Every change goes through ``KnowledgeBase.prepare`` / ``KnowledgeBase.apply`` — the same code path as
``zhitu ingest`` — so the page and the CLI accept and reject the same files with the same one-line messages.

An upload is checked (plain file name, size limit, magic bytes, then parsed), stored in the database under a random
token (``staged_uploads``: the user's file name never becomes a path, and Apply works on any replica) and compared
with the live version: a clause-level diff and, when an impact checker is wired, old → new answers of the relevant eval
questions. Nothing is live until Apply. Apply is serialised with every other writer (the knowledge base's locks)
and refuses a preview whose base version is no longer the live one, so two admins cannot overwrite each other's
change unseen; an Apply that cannot get the writer lock within ``settings.store.apply_wait`` seconds (another replica
is applying) is told to try again. Every upload, preview, apply, cancel, restore and delete is written to ``audit_log``.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from core.db import audit_log, document_previews, staged_uploads
from core.errors import IngestError, NotFoundError, ZhituError
from core.masking import mask_pii
from core.settings import Settings
from ingest.sniff import check_content
from knowledge.base import IngestResult, KnowledgeBase
from knowledge.changes import DocumentDiff, diff_files, diff_sections
from knowledge.registry import DocRecord

ENTITY = "document"
_BAD_NAME = re.compile(r"[\x00-\x1f\x7f<>:\"|?*]")


class StalePreview(ZhituError):
    """The live version changed after the preview was made."""


@dataclass
class Preview:
    token: str
    source: str
    title: str
    doc_type: str
    sha256: str
    size: int
    chunks: int
    base_version: int | None
    status: str
    diff: DocumentDiff
    impact: object | None  # knowledge.impact.Impact
    created_by: str
    created_at: datetime

    @property
    def label(self) -> str:
        base = f"v{self.base_version} → 新版本" if self.base_version else "新文档"
        return f"{self.source}（{base}，{self.created_by} 上传）"


@dataclass
class AuditEntry:
    at: datetime
    actor: str
    action: str
    source: str
    detail: dict


def clean_name(raw: str) -> str:
    """The file name as given, if it is a plain name; otherwise an IngestError saying why (no path, no '..')."""
    name = (raw or "").strip()
    shown = mask_pii(name)[:120] or "(no name)"
    if not name:
        raise IngestError("(no name): the file has no name")
    if "/" in name or "\\" in name or name in (".", "..") or ".." in name.split("."):
        raise IngestError(f"{shown}: file name must be a plain name such as policy.pdf, without folders or '..'")
    if _BAD_NAME.search(name) or name.startswith(".") or len(name) > 200:
        raise IngestError(f"{shown}: file name has characters that are not allowed (or is longer than 200)")
    return name


class AdminService:
    """What the /admin page does, without Gradio. Each method takes the acting admin's name."""

    def __init__(self, kb: KnowledgeBase, engine: Engine, settings: Settings,
                 impact: Callable[[], object] | None = None) -> None:
        self.kb = kb
        self.engine = engine
        self.settings = settings
        self._impact = impact  # () -> knowledge.impact.QuestionImpact, built on first use (loads the eval set)

    @property
    def max_bytes(self) -> int:
        return self.settings.max_upload_mb * 1024 * 1024

    # ---- checks ------------------------------------------------------------------------------------------------
    def check(self, name: str, data: bytes) -> str:
        """Name, size and type checks (cheap, before parsing). Returns the clean name."""
        name = clean_name(name)
        if len(data) > self.max_bytes:
            raise IngestError(f"{name}: {len(data) / 1048576:.1f} MB is over the {self.settings.max_upload_mb} MB upload limit")
        check_content(name, data)
        return name

    # ---- upload and preview --------------------------------------------------------------------------------------
    def upload(self, name: str, data: bytes, actor: str, progress: Callable[[float, str], None] | None = None) -> Preview | IngestResult:
        """Check, parse and compare an uploaded file. Returns a pending Preview, or an IngestResult 'unchanged'."""
        sha = hashlib.sha256(data).hexdigest()
        try:
            name = self.check(name, data)
            doc = self.kb.prepare(name, data)
        except ZhituError as exc:
            self._audit(actor, "upload", str(name)[:100], {"file": name, "sha256": sha, "size": len(data), "result": "rejected",
                                                           "message": str(exc)})
            raise
        if doc.doc_type == "seeker":  # registrations: only the anonymised form is compared, staged and kept
            data, sha = doc.stored_bytes or b"", doc.sha256
        current = self.kb.registry.get(name)
        if current and current.sha256 == sha and self.kb.parsed_alike(doc):
            self._audit(actor, "upload", name, {"file": name, "sha256": sha, "size": len(data), "result": "unchanged",
                                                "version": current.version})
            return IngestResult(name, "unchanged", current.version, current.chunks, current.doc_type,
                                message=f"{name}: 与当前 v{current.version} 内容相同，无需更新")
        if progress:
            progress(0.2, f"{name}：比较条款")
        old = self.kb.stored_bytes(name) if current else None
        if doc.doc_type == "seeker":
            old_rows = self.kb.prepare(name, old, "seeker").seekers if old else ()
            diff = diff_sections(name, _registration_units(old_rows), _registration_units(doc.seekers),
                                 current.version if current else None)
        else:
            diff = diff_files(name, old, data, current.version if current else None)
        impact = None
        if self._impact is not None and doc.doc_type != "seeker":  # registrations never reach answers
            from knowledge.candidate import CandidateView

            if progress:
                progress(0.3, f"{name}：向量化")
            vectors = self.kb.embeddings.embed_documents([c.index_text for c in doc.chunks])
            view = CandidateView(self.kb, doc, vectors)
            impact = self._impact().run(view, (lambda i, n: progress(0.3 + 0.7 * i / max(n, 1), f"{name}：评测问题 {i}/{n}"))
                                       if progress else None)
        token = uuid.uuid4().hex
        now = datetime.now(UTC)
        with self.engine.begin() as conn:
            conn.execute(staged_uploads.insert().values(token=token, data=data, created_at=now))
            conn.execute(document_previews.insert().values(
                token=token, source=name, title=doc.title, doc_type=doc.doc_type, sha256=sha, size=len(data),
                chunks=len(doc.seekers) if doc.doc_type == "seeker" else len(doc.chunks), base_version=current.version if current else None, status="pending",
                diff=json.dumps(diff.to_json(), ensure_ascii=False),
                impact=json.dumps(impact.to_json() if impact else {}, ensure_ascii=False), created_by=actor, created_at=now))
        changed = len(impact.changed) if impact else None
        self._audit(actor, "upload", name, {"file": name, "sha256": sha, "size": len(data), "result": "previewed",
                                            "preview": token, "diff": diff.summary(), "answers_changed": changed})
        return self.preview(token)

    def preview(self, token: str) -> Preview:
        from knowledge.impact import Impact

        with self.engine.connect() as conn:
            row = conn.execute(sa.select(document_previews).where(document_previews.c.token == token)).mappings().first()
        if row is None:
            raise NotFoundError(f"preview {token[:8]}: not found")
        created = row["created_at"] if row["created_at"].tzinfo else row["created_at"].replace(tzinfo=UTC)
        return Preview(row["token"], row["source"], row["title"], row["doc_type"], row["sha256"], row["size"], row["chunks"],
                       row["base_version"], row["status"], DocumentDiff.from_json(json.loads(row["diff"])),
                       Impact.from_json(json.loads(row["impact"])), row["created_by"], created)

    def pending(self) -> list[Preview]:
        with self.engine.connect() as conn:
            tokens = conn.execute(sa.select(document_previews.c.token).where(document_previews.c.status == "pending")
                                  .order_by(document_previews.c.created_at.desc())).scalars().all()
        return [self.preview(t) for t in tokens]

    # ---- decisions -----------------------------------------------------------------------------------------------
    def apply(self, token: str, actor: str) -> IngestResult:
        """Make a pending preview live (atomic, serialised with every other writer)."""
        p = self.preview(token)
        if p.status != "pending":
            raise ZhituError(f"{p.source}: this preview was already {p.status}")
        data = self.staged(token)
        doc = self.kb.prepare(p.source, data)
        try:
            # Hold the knowledge base's writer locks across the check and the swap (both are re-entrant), so the
            # base version cannot change between "is it still v3?" and "make it v4".
            with self.kb.write_lock(self.settings.store.apply_wait):
                current = self.kb.registry.get(p.source)
                live = current.version if current else None
                if live != p.base_version:
                    self._decide(token, "stale", actor, drop_upload=True)
                    raise StalePreview(f"{p.source}: the live version changed (now {'v' + str(live) if live else 'deleted'}) "
                                       f"since this preview of v{p.base_version or 0}; upload it again to compare")
                result = self.kb.apply(doc, data, uploaded_by=actor)
                self._decide(token, "applied", actor, drop_upload=True)
        except ZhituError as exc:
            self._audit(actor, "apply", p.source, {"file": p.source, "sha256": p.sha256, "preview": token, "result": "failed",
                                                   "message": str(exc)})
            raise
        self._audit(actor, "apply", p.source, {"file": p.source, "sha256": p.sha256, "preview": token, "result": result.status,
                                               "version": result.version, "chunks": result.chunks})
        return result

    def cancel(self, token: str, actor: str) -> Preview:
        p = self.preview(token)
        if p.status != "pending":
            raise ZhituError(f"{p.source}: this preview was already {p.status}")
        self._decide(token, "cancelled", actor, drop_upload=True)
        self._audit(actor, "cancel", p.source, {"file": p.source, "sha256": p.sha256, "preview": token, "result": "cancelled"})
        return self.preview(token)

    def _decide(self, token: str, status: str, actor: str, drop_upload: bool = False) -> None:
        with self.engine.begin() as conn:
            conn.execute(document_previews.update().where(document_previews.c.token == token)
                         .values(status=status, decided_by=actor, decided_at=datetime.now(UTC)))
            if drop_upload:
                conn.execute(staged_uploads.delete().where(staged_uploads.c.token == token))

    def staged(self, token: str) -> bytes:
        """The bytes of a pending upload (kept in the database until Apply or Cancel)."""
        with self.engine.connect() as conn:
            data = conn.execute(sa.select(staged_uploads.c.data).where(staged_uploads.c.token == token)).scalar()
        if data is None:
            raise NotFoundError(f"preview {token[:8]}: the uploaded file is no longer stored; upload it again")
        return data

    def previous_version(self, source: str) -> int | None:
        rec = self.kb.registry.get(source)
        older = [v for v in self.kb.stored_versions(source) if rec is None or v < rec.version]
        return max(older) if older else None

    def restore(self, source: str, actor: str) -> IngestResult:
        """Make the version before the live one live again (as a new version number, so nothing is overwritten)."""
        rec = self.kb.registry.get(source)
        prev = self.previous_version(source)
        if prev is None:
            raise NotFoundError(f"{source}: no earlier version is stored to restore")
        data = self.kb.stored_bytes(source, prev)
        sha = hashlib.sha256(data).hexdigest()
        try:
            result = self.kb.apply(self.kb.prepare(source, data), data, uploaded_by=actor, wait=self.settings.store.apply_wait)
        except ZhituError as exc:
            self._audit(actor, "restore", source, {"file": source, "sha256": sha, "from_version": prev, "result": "failed",
                                                   "message": str(exc)})
            raise
        self._audit(actor, "restore", source, {"file": source, "sha256": sha, "from_version": prev,
                                               "replaced_version": rec.version if rec else None, "result": "restored",
                                               "version": result.version, "chunks": result.chunks})
        return result

    def delete(self, source: str, actor: str) -> DocRecord:
        try:
            rec = self.kb.delete(source, wait=self.settings.store.apply_wait)
        except ZhituError as exc:
            self._audit(actor, "delete", source, {"file": source, "result": "failed", "message": str(exc)})
            raise
        self._audit(actor, "delete", source, {"file": source, "sha256": rec.sha256, "version": rec.version, "result": "deleted"})
        return rec

    def download(self, source: str) -> Path:
        """The stored bytes of the live version."""
        return self.kb.stored_file(source)

    def documents(self) -> list[DocRecord]:
        return self.kb.documents()

    # ---- audit ---------------------------------------------------------------------------------------------------
    def _audit(self, actor: str, action: str, source: str, detail: dict) -> None:
        masked = {k: mask_pii(v) if isinstance(v, str) else v for k, v in detail.items()}
        with self.engine.begin() as conn:
            conn.execute(audit_log.insert().values(at=datetime.now(UTC), actor=actor, entity=ENTITY, entity_id=source[:100],
                                                   action=action, detail=json.dumps(masked, ensure_ascii=False)))

    def audit(self, limit: int = 200, source: str | None = None) -> list[AuditEntry]:
        q = sa.select(audit_log).where(audit_log.c.entity == ENTITY)
        if source:
            q = q.where(audit_log.c.entity_id == source)
        with self.engine.connect() as conn:
            rows = conn.execute(q.order_by(audit_log.c.id.desc()).limit(limit)).mappings().all()
        return [AuditEntry(r["at"] if r["at"].tzinfo else r["at"].replace(tzinfo=UTC), r["actor"], r["action"],
                           r["entity_id"], json.loads(r["detail"])) for r in rows]


def _registration_units(records) -> dict[str, str]:
    """Anonymised registrations as comparable units (by the export's own number, else by row)."""
    return {r.ref or f"第{r.row}行": "；".join(f"{k}：{v}" for k, v in asdict(r).items() if v and k != "row")
            for r in records}
