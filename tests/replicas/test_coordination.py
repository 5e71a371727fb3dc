"""What lets replicas share the engines, at library level (real SQLite, PostgreSQL, Chroma, jieba; embeddings are the
deterministic fake — these tests are about versions and locks, not ranking): the generation signal, the BM25 index
rebuilt from Chroma, per-thread snapshots, the writer lock on PostgreSQL and SQLite, file versions in the database."""

from __future__ import annotations

import threading
import time

import pytest
import sqlalchemy as sa
from langchain_core.embeddings import DeterministicFakeEmbedding

from core.settings import load_settings
from knowledge.writer_lock import KnowledgeBaseBusy, WriterLock
from tests.replicas.policy import NAME, policy
from zhitu.compose import build_services


def _services(home, db_url=None):
    return build_services(load_settings(home=home, database_url=db_url), embeddings=DeterministicFakeEmbedding(size=384))


def _bm25_texts(services, query: str = "育婴员 五级 补贴") -> list[str]:
    return [d.page_content for d in services.retriever(k=3, mode="bm25").invoke(query)]


def test_a_running_reader_picks_up_another_writers_version_on_its_next_refresh(tmp_path):
    writer, reader = _services(tmp_path / "home"), _services(tmp_path / "home")
    writer.kb.ingest_bytes(NAME, policy(900))
    assert any("900元" in t for t in _bm25_texts(reader))
    loaded = reader.kb.generation
    writer.kb.ingest_bytes(NAME, policy(1100))
    assert reader.kb.generation == loaded  # nothing changes under a reader between its refreshes …
    texts = _bm25_texts(reader)  # … and the next retrieval refreshes: one query finds the new generation
    assert reader.kb.generation == loaded + 1
    assert any("1100元" in t for t in texts) and not any("900元" in t for t in texts)
    ids = reader.kb.lexical.ids_of(NAME)
    assert ids and all("::v2::" in i for i in ids)
    assert not (tmp_path / "home" / "lexical").exists()  # no BM25 file: every process builds its own from Chroma
    fresh = _services(tmp_path / "home")
    assert sorted(fresh.kb.lexical.ids_of(NAME)) == sorted(ids)
    assert fresh.kb.lexical.search("育婴员 五级 补贴", 5) == reader.kb.lexical.search("育婴员 五级 补贴", 5)
    for s in (writer, reader, fresh):
        s.kb.close()


def test_a_document_deleted_and_added_again_under_the_same_version_number_is_reloaded(tmp_path):
    writer, reader = _services(tmp_path / "home"), _services(tmp_path / "home")
    writer.kb.ingest_bytes(NAME, policy(900))
    assert any("900元" in t for t in _bm25_texts(reader))
    writer.kb.delete(NAME)
    assert writer.kb.ingest_bytes(NAME, policy(1300)).version == 1  # the same chunk ids as before, other text
    texts = _bm25_texts(reader, "育婴员 五级 补贴 1300元")
    assert any("1300元" in t for t in texts) and not any("900元" in t for t in texts)
    assert reader.kb.lexical.search("1300元", 5)  # the reader's BM25 holds the new tokens, not the old ones
    writer.kb.close()
    reader.kb.close()


def test_a_thread_keeps_the_version_it_refreshed_to_until_its_next_refresh(tmp_path):
    """One answer never mixes versions: a request that started on v1 reads v1 to its end, even if v2 goes live
    meanwhile and another thread already reads v2."""
    services = _services(tmp_path / "home")
    kb = services.kb
    kb.ingest_bytes(NAME, policy(900))
    started, switched, seen = threading.Event(), threading.Event(), {}

    def request():
        kb.refresh()  # the start of a retrieval
        started.set()
        switched.wait(60)
        seen["live"] = [cid for cid, _ in kb.lexical.search("育婴员 五级 补贴", 5) if kb.live_id(cid)]
        seen["generation"] = kb.generation

    t = threading.Thread(target=request)
    t.start()
    started.wait(60)
    kb.ingest_bytes(NAME, policy(1100))  # this thread now reads v2
    assert all("::v2::" in cid for cid, _ in kb.lexical.search("育婴员 五级 补贴", 5))
    switched.set()
    t.join(60)
    assert seen["live"] and all("::v1::" in cid for cid in seen["live"]), seen
    assert seen["generation"] == kb.generation - 1
    kb.close()


def test_postgres_writer_lock_one_replica_at_a_time_and_released_when_the_holder_dies(pg_server, tmp_path):
    url = pg_server.new_database()
    engine_a, engine_b = sa.create_engine(url), sa.create_engine(url)
    unused = tmp_path / 'unused.lock'  # PostgreSQL needs no file
    a, b = WriterLock(engine_a, unused), WriterLock(engine_b, unused)  # two replicas: two engines, two pools
    with a.hold(wait=1):
        started = time.monotonic()
        with pytest.raises(KnowledgeBaseBusy, match=r"being changed by another writer .* try again in a moment$") as err, \
                b.hold(wait=0.5):
            pass
        assert 0.4 < time.monotonic() - started < 5 and "\n" not in str(err.value)
        with a.hold(wait=0):  # re-entrant in the holding thread (check + change)
            pass
    with b.hold(wait=1):  # released: the other replica gets it at once
        pass

    # a holder that dies without unlocking (a killed replica): its session ends and the lock with it
    holder = sa.create_engine(url).connect().execution_options(isolation_level="AUTOCOMMIT")
    holder.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": 0x7A68_6974_755F_6B62})
    pid = holder.execute(sa.text("SELECT pg_backend_pid()")).scalar()
    with pytest.raises(KnowledgeBaseBusy), b.hold(wait=0.3):
        pass
    with engine_a.connect() as conn:
        conn.execute(sa.text("SELECT pg_terminate_backend(:p)"), {"p": pid})
    with b.hold(wait=5):
        pass
    for e in (engine_a, engine_b):
        e.dispose()


def test_sqlite_writer_lock_is_a_file_lock_beside_the_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'zhitu.db'}"
    from knowledge.base import _lock_path

    engine = sa.create_engine(url)
    path = _lock_path(engine, tmp_path / "elsewhere")
    assert path == tmp_path / "zhitu.db.kb.lock"
    a, b = WriterLock(engine, path), WriterLock(engine, path)
    with a.hold(wait=1), pytest.raises(KnowledgeBaseBusy), b.hold(wait=0.3):
        pass
    with b.hold(wait=1):
        pass


def test_admin_apply_that_cannot_get_the_lock_is_told_to_retry_and_changes_nothing(tmp_path):
    services = _services(tmp_path / "home")
    services.settings.store.apply_wait = 0.3
    kb = services.kb
    kb.ingest_bytes(NAME, policy(900))
    from knowledge.admin import AdminService

    admin = AdminService(kb, services.engine, services.settings)
    token = admin.upload(NAME, policy(1100), "boss").token
    other = WriterLock(services.engine, tmp_path / "home" / "zhitu.db.kb.lock")  # another process's writer
    with other.hold(wait=1), pytest.raises(KnowledgeBaseBusy, match="try again"):
        admin.apply(token, "boss")
    assert kb.registry.get(NAME).version == 1 and admin.preview(token).status == "pending"
    assert admin.apply(token, "boss").version == 2  # the retry goes through
    kb.close()


def test_file_versions_and_pending_uploads_live_in_the_database(tmp_path):
    """Another replica (another home, the same database) restores, downloads and applies what this one stored."""
    db = f"sqlite:///{tmp_path / 'shared.db'}"
    one = _services(tmp_path / "home-1", db)
    one.kb.ingest_bytes(NAME, policy(900))
    one.kb.ingest_bytes(NAME, policy(1100))
    from knowledge.admin import AdminService

    token = AdminService(one.kb, one.engine, one.settings).upload(NAME, policy(1200), "boss").token
    two = _services(tmp_path / "home-2", db)
    assert two.kb.stored_versions(NAME) == [1, 2]
    assert two.kb.stored_bytes(NAME, 1) == policy(900) and two.kb.stored_file(NAME).read_bytes() == policy(1100)
    admin_two = AdminService(two.kb, two.engine, two.settings)
    assert admin_two.previous_version(NAME) == 1
    assert admin_two.staged(token) == policy(1200)
    assert not any(p.is_file() for p in (tmp_path / "home-1").rglob("*") if "chroma" not in p.parts and "cache" not in p.parts
                   and p.name != "zhitu.db.kb.lock")
    one.kb.close()
    two.kb.close()


def test_readyz_names_what_is_not_ready(tmp_path):
    """/healthz answers while the process is up; /readyz is 503 until the stores answer and the knowledge base is
    loaded (a proxy routes only to ready replicas)."""
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from app import install_probes
    from tests.conftest import free_port

    down = build_services(load_settings(home=tmp_path / "down", chroma_url=f"http://127.0.0.1:{free_port()}"),
                          embeddings=DeterministicFakeEmbedding(size=384))
    app = FastAPI()
    install_probes(app, down)
    with TestClient(app) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        r = client.get("/readyz")
        assert r.status_code == 503 and r.json()["checks"]["database"] == "ok"
        assert r.json()["checks"]["vectors"].startswith("unreachable")

    up = _services(tmp_path / "up")
    app = FastAPI()
    install_probes(app, up)
    with TestClient(app) as client:
        r = client.get("/readyz")
        assert r.status_code == 200 and r.json() == {"status": "ready", "checks": {"database": "ok", "vectors": "ok",
                                                                                   "knowledge_base": "ok"}}
    up.kb.close()
