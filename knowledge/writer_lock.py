"""One writer of the knowledge base at a time, across threads, processes and replicas.

On PostgreSQL the lock is a session advisory lock held on a connection of its own: every replica sharing the database
sees it, and it goes away with the connection if the holder dies (a killed replica never leaves it behind). On SQLite
(one machine) it is a file lock beside the database file. Re-entrant within the holding thread, so a caller can hold
it across a check and the change it guards (the admin's "is the preview still based on the live version?")."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from filelock import FileLock, Timeout
from sqlalchemy.engine import Engine

from core.errors import ZhituError

ADVISORY_KEY = 0x7A68_6974_755F_6B62  # "zhitu_kb": the knowledge base's writer, the same on every replica


class KnowledgeBaseBusy(ZhituError):
    """Another writer holds the knowledge base for longer than this caller is willing to wait."""


class WriterLock:
    """``with lock.hold(wait=5):`` — raises ``KnowledgeBaseBusy`` after ``wait`` seconds."""

    def __init__(self, engine: Engine, file_path: Path) -> None:
        self._engine = engine
        self._postgres = engine.dialect.name == "postgresql"
        self._file = None if self._postgres else FileLock(str(file_path))
        self._thread = threading.RLock()
        self._depth = 0
        self._conn = None

    @contextmanager
    def hold(self, wait: float):
        deadline = time.monotonic() + wait
        if not self._thread.acquire(timeout=max(wait, 0)):
            raise _busy(wait)
        try:
            if self._depth == 0:
                self._acquire(deadline, wait)
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0:
                    self._release()
        finally:
            self._thread.release()

    def _acquire(self, deadline: float, wait: float) -> None:
        if self._file is not None:
            try:
                self._file.acquire(timeout=max(deadline - time.monotonic(), 0))
            except Timeout:
                raise _busy(wait) from None
            return
        conn = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        try:
            while not conn.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": ADVISORY_KEY}).scalar():
                if time.monotonic() >= deadline:
                    raise _busy(wait)
                time.sleep(0.05)
        except BaseException:
            conn.close()
            raise
        self._conn = conn

    def _release(self) -> None:
        if self._file is not None:
            self._file.release()
            return
        conn, self._conn = self._conn, None
        try:
            conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": ADVISORY_KEY})
        except Exception:
            conn.invalidate()  # never hand a session that may still hold the lock back to the pool
            raise
        finally:
            conn.close()


def _busy(wait: float) -> KnowledgeBaseBusy:
    return KnowledgeBaseBusy(f"the knowledge base is being changed by another writer (another replica or process); "
                             f"waited {wait:g} s — try again in a moment")
