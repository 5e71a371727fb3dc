"""Two `zhitu serve` replicas with separate homes on one Chroma server and one PostgreSQL (the issue's done-when test).

Replica B, already running, answers a figure ingested through A — by A's CLI, then by A's admin page — within 5 s and
never the old one after; concurrent applies from A's and B's admin pages leave one consistent version; a writer of A
killed mid-apply (chunks half written, writer lock held) leaves B answering the previous version and the lock free;
a conversation started on A and continued on B keeps its history, its ticket and the counsellor's pending reply."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from tests.replicas.policy import NAME, QUESTION, policy

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]


def _cli(env: dict, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zhitu.cli", *args], check=False, cwd=REPO, env=env, input=stdin, text=True,
                          capture_output=True, timeout=600)


def _ask(url: str, message: str = QUESTION, session: str = "") -> dict:
    from gradio_client import Client

    return Client(url + "/", verbose=False).predict(message, session, api_name="/ask")


def _login(url: str) -> str:
    """The staff session cookie the login form gives (as a browser would get it)."""
    with httpx.Client(base_url=url, timeout=30) as http:
        r = http.post("/login", data={"name": "admin", "password": "admin-pass-1", "next": "/admin"})
        assert r.status_code == 303, r.text
        return http.cookies.get("zhitu_staff")


def _admin_client(url: str, cookie: str):
    """A gradio_client on /admin/ carrying a staff session cookie."""
    from gradio_client import Client

    return Client(url + "/admin/", headers={"Cookie": f"zhitu_staff={cookie}"}, verbose=False)


def _upload(client, path: Path) -> str:
    """Upload through the admin page's API; returns the pending preview's token."""
    from gradio_client import handle_file

    result, _docs, _selected, pending, _audit, _preview, _files = client.predict([handle_file(str(path))], api_name="/upload")
    assert "已生成预览" in result, result
    return pending["value"] if isinstance(pending, dict) else pending


def _wait_for(url: str, figure: str, old: str, within: float) -> float:
    """Seconds until the replica at ``url`` answers with ``figure``; fails after ``within`` s or on a mixed answer."""
    started = time.monotonic()
    while True:
        answer = _ask(url)["answer"]
        assert not (figure in answer and old in answer), answer  # never two versions in one answer
        if figure in answer:
            return time.monotonic() - started
        assert time.monotonic() - started < within, f"{url} still answers {answer!r} after {within} s"
        time.sleep(0.2)


def _never_old(urls: list[str], figure: str, old: str, times: int = 3) -> None:
    for _ in range(times):
        for url in urls:
            answer = _ask(url)["answer"]
            assert figure in answer and old not in answer, (url, answer)


def _consistent(db_url: str, chroma_url: str) -> tuple[int, int]:
    """The registry's live version of NAME, checked against what the Chroma server holds: (version, chunks)."""
    import chromadb

    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        version, chunks = conn.execute(sa.text("SELECT version, chunks FROM documents WHERE source = :s"), {"s": NAME}).one()
    engine.dispose()
    host, port = chroma_url.removeprefix("http://").split(":")
    got = chromadb.HttpClient(host=host, port=int(port)).get_collection("zhitu_policy").get(where={"source": NAME}, include=[])
    assert len(got["ids"]) == len(set(got["ids"])) == chunks, (len(got["ids"]), chunks)
    assert all(f"::v{version}::" in i for i in got["ids"]), got["ids"][:3]
    return version, chunks


def _advisory_locks(db_url: str) -> int:
    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        n = conn.execute(sa.text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")).scalar()
    engine.dispose()
    return n


def test_two_replicas_on_shared_engines(chroma_url, pg_server, make_server, tmp_path):
    db_url = pg_server.new_database()
    shared = {"ZHITU_CHROMA_URL": chroma_url, "ZHITU_DATABASE_URL": db_url}
    env_a = {**os.environ, **shared, "ZHITU_HOME": str(tmp_path / "home-a")}
    env_b = {**os.environ, **shared, "ZHITU_HOME": str(tmp_path / "home-b")}
    made = _cli(env_a, "user", "add", "admin", "--role", "admin", "--password-stdin", stdin="admin-pass-1\n")
    assert made.returncode == 0, made.stderr

    a = make_server(tmp_path / "home-a", env=shared)
    b = make_server(tmp_path / "home-b", env=shared)
    assert httpx.get(b.url + "/healthz").json() == {"status": "ok"}
    ready = httpx.get(b.url + "/readyz").json()
    assert ready["status"] == "ready" and ready["checks"] == {"database": "ok", "vectors": "ok", "knowledge_base": "ok"}
    assert "900元" not in _ask(b.url)["answer"]  # empty knowledge base (and the model is warm)

    # 1. ingest through A's command line: B, already running, answers the figure within 5 s, never the old one after
    v1 = tmp_path / "v1" / NAME
    v1.parent.mkdir()
    v1.write_bytes(policy(900))
    done = _cli(env_a, "ingest", str(v1))
    assert done.returncode == 0, done.stderr
    assert _wait_for(b.url, "900元", "1100元", within=5) < 5
    assert not (tmp_path / "home-a" / "lexical").exists() and not (tmp_path / "home-b" / "lexical").exists()

    # 2. a new version through A's admin page (upload → preview → apply): B follows within 5 s
    cookie = _login(a.url)
    admin_a = _admin_client(a.url, cookie)
    v2 = tmp_path / "v2" / NAME
    v2.parent.mkdir()
    v2.write_bytes(policy(1100))
    token = _upload(admin_a, v2)
    assert "900元" in _ask(b.url)["answer"]  # a preview is not live
    notice, *_ = admin_a.predict(token, api_name="/apply")
    assert "已生效" in notice and "v2" in notice, notice
    assert _wait_for(b.url, "1100元", "900元", within=5) < 5
    _never_old([a.url, b.url], "1100元", "900元")
    assert _consistent(db_url, chroma_url)[0] == 2

    # 3. concurrent applies from A's and B's admin pages (both previewed against v2): one wins, the other is told to retry
    admin_b = _admin_client(b.url, cookie)  # a login on A is valid on B (one signing key, in the database)
    files = {}
    for amount in (1200, 1300):
        files[amount] = tmp_path / str(amount) / NAME
        files[amount].parent.mkdir()
        files[amount].write_bytes(policy(amount))
    tokens = {"a": _upload(admin_a, files[1200]), "b": _upload(admin_b, files[1300])}
    outcomes: dict[str, object] = {}
    barrier = threading.Barrier(2)

    def apply(who, client):
        barrier.wait()
        try:
            outcomes[who] = client.predict(tokens[who], api_name="/apply")[0]
        except Exception as exc:  # noqa: BLE001 - gradio_client raises AppError with the page's message
            outcomes[who] = exc

    threads = [threading.Thread(target=apply, args=x) for x in (("a", admin_a), ("b", admin_b))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    won = [w for w, o in outcomes.items() if isinstance(o, str) and "已生效" in o]
    assert len(won) == 1, outcomes
    loser = next(o for w, o in outcomes.items() if w not in won)
    assert "live version changed" in str(loser) or "try again" in str(loser), loser
    version, _ = _consistent(db_url, chroma_url)
    assert version == 3
    winner, other = ("1200元", "1300元") if won == ["a"] else ("1300元", "1200元")
    for url in (a.url, b.url):
        _wait_for(url, winner, other, within=5)
    _never_old([a.url, b.url], winner, "1100元")

    # 4. a conversation started on A continues on B: history, the ticket, the counsellor's pending reply
    session = "replica-conversation-1"
    first = _ask(a.url, QUESTION, session)
    assert winner in first["answer"] and not first["escalated"]
    handed = _ask(a.url, "我要转人工，想当面问问申请材料", session)
    assert handed["escalated"] and handed["ticket_id"]
    from core.settings import Settings
    from zhitu.compose import build_services

    staff = build_services(Settings(home=tmp_path / "staff", database_url=db_url))
    staff.tickets.assign(handed["ticket_id"], "wang", actor="wang")
    staff.tickets.reply(handed["ticket_id"], "wang", "请带上证书原件到青禾区人社窗口办理。")
    on_b = _ask(b.url, "好的，还需要带什么吗？", session)
    assert "证书原件" in on_b["answer"]  # the reply A's counsellor wrote, delivered by B
    assert on_b["escalated"] and on_b["ticket_id"] == handed["ticket_id"]  # held by the counsellor: the bot stays silent
    again = _ask(a.url, "我明天上午去可以吗？", session)
    assert "证书原件" not in again["answer"] and again["ticket_id"] == handed["ticket_id"]  # delivered exactly once
    turns = [t.content for t in staff.sessions.history(session)]
    user_turns = [t for t in turns if t in (QUESTION, "我要转人工，想当面问问申请材料", "好的，还需要带什么吗？", "我明天上午去可以吗？")]
    assert user_turns == [QUESTION, "我要转人工，想当面问问申请材料", "好的，还需要带什么吗？", "我明天上午去可以吗？"], turns
    ticket = staff.tickets.get(handed["ticket_id"])
    assert any(m["body"] == "好的，还需要带什么吗？" and m["role"] == "seeker" for m in ticket.messages), ticket.messages
    assert staff.tickets.open_for_session(session).id == ticket.id
    staff.engine.dispose()

    # 5. kill replica A mid-apply: its writer holds the lock and has written part of a long new version to Chroma
    import chromadb

    host, port = chroma_url.removeprefix("http://").split(":")
    policies = chromadb.HttpClient(host=host, port=int(port)).get_collection("zhitu_policy")
    long = tmp_path / "long" / NAME
    long.parent.mkdir()
    long.write_bytes(policy(1400, filler_clauses=3000))
    writer = subprocess.Popen([sys.executable, "-m", "zhitu.cli", "ingest", str(long)], cwd=REPO,
                              env={**env_a, "ZHITU_EMBEDDINGS": "fake"},  # same dimension; only to make a long write
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while not policies.get(where={"$and": [{"source": NAME}, {"version": 4}]}, include=[], limit=1)["ids"]:
        assert writer.poll() is None, "the writer finished before it could be killed mid-apply"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    writer.kill()
    a.stop(kill=True)
    writer.wait(30)
    assert policies.get(where={"$and": [{"source": NAME}, {"version": 4}]}, include=[])["ids"]  # half-written leftovers
    _never_old([b.url], winner, "1400元")
    deadline = time.monotonic() + 10
    while _advisory_locks(db_url):  # the dead writer's session went with it
        assert time.monotonic() < deadline, "the killed writer's advisory lock is still held"
        time.sleep(0.2)
    v5 = tmp_path / "v5" / NAME
    v5.parent.mkdir()
    v5.write_bytes(policy(1500))
    done = _cli(env_b, "ingest", str(v5))  # B can write at once (not 'busy'), and the leftovers are gone
    assert done.returncode == 0, done.stderr
    assert _consistent(db_url, chroma_url)[0] == 4
    assert _wait_for(b.url, "1500元", winner, within=5) < 5
