"""50 concurrent escalations while the processes doing them are killed (SIGKILL) and restarted.

No ticket is lost (every session the clients retry ends with exactly one ticket), none is duplicated, and the
audit log is complete (every ticket has its 'created' entry and one entry per later escalation).

This drives TicketService from separate worker processes, as the web server does; the end-to-end version
against a real `zhitu serve` belongs with the chat page (not there yet when this was written).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa

from zhitu.db import audit_log, make_engine, tickets

REPO = Path(__file__).resolve().parents[2]
SESSIONS = [f"rel-{i:02d}" for i in range(50)]
WORKERS = 5


def _spawn(url: str, sessions: list[str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.escalation.escalate_worker", url, *sessions],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def _acknowledged(out: str) -> dict[str, str]:
    return {parts[1]: parts[2] for parts in (line.split() for line in out.splitlines()) if len(parts) == 3 and parts[0] == "OK"}


@pytest.mark.slow
def test_concurrent_escalations_survive_kill_and_restart(engine, db_url):
    engine.dispose()  # the schema is migrated; the workers open their own connections
    chunks = [SESSIONS[i::WORKERS] for i in range(WORKERS)]
    procs = [_spawn(db_url, chunk) for chunk in chunks]
    # Let some (not all) escalations land, then crash every worker at once.
    check = make_engine(db_url)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with check.connect() as conn:
            if conn.execute(sa.select(sa.func.count()).select_from(tickets)).scalar_one() >= 10:
                break
        time.sleep(0.02)
    for p in procs:
        p.send_signal(signal.SIGKILL)
    acked: dict[str, str] = {}
    for p in procs:
        out, _ = p.communicate(timeout=30)
        assert p.returncode == -signal.SIGKILL or p.returncode == 0
        acked.update(_acknowledged(out))
    assert len(acked) < len(SESSIONS), "workers finished before the kill; the test proved nothing"
    with check.connect() as conn:
        landed = set(conn.execute(sa.select(tickets.c.session_id)).scalars())
    assert set(acked) <= landed  # an acknowledged ticket was committed
    # The clients retry: every session that got no answer, plus a few that did (their answer may have been lost).
    retry = [s for s in SESSIONS if s not in acked] + list(acked)[:5]
    procs = [_spawn(db_url, retry[i::WORKERS]) for i in range(WORKERS)]
    second: dict[str, str] = {}
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err[-2000:]
        second.update(_acknowledged(out))
    for session, ticket in acked.items():
        assert second.get(session, ticket) == ticket  # a retried session gets the same ticket back

    with check.connect() as conn:
        rows = conn.execute(sa.select(tickets.c.id, tickets.c.session_id, tickets.c.status)).all()
        audit = conn.execute(sa.select(audit_log.c.entity_id, audit_log.c.action).where(audit_log.c.entity == "ticket")).all()
    check.dispose()
    per_session = Counter(r.session_id for r in rows)
    assert set(per_session) == set(SESSIONS)  # none lost
    assert max(per_session.values()) == 1  # none duplicated
    ids = {str(r.id) for r in rows}
    created = Counter(e for e, action in audit if action == "created")
    assert set(created) == ids and set(created.values()) == {1}  # every ticket's creation is audited, once
    assert {e for e, _ in audit} <= ids  # no audit entry without its ticket
    again = Counter(e for e, action in audit if action == "escalated_again")
    assert sum(again.values()) == sum(1 for s in retry if s in landed)  # each retry of a landed session is audited
    print(f"\nacknowledged before kill: {len(acked)}, committed before kill: {len(landed)}, retried: {len(retry)}")
