"""Fixtures for the escalation tests: the database on SQLite and on a real PostgreSQL server (``pg_server``, from
tests/conftest.py)."""

from __future__ import annotations

import time

import pytest


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'zhitu.db'}"
    return request.getfixturevalue("pg_server").new_database()


@pytest.fixture
def engine(db_url):
    from core.db import make_engine, migrate

    eng = make_engine(db_url)
    migrate(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def ticket_service(engine, settings):
    from assistant.tickets import TicketService

    return TicketService(engine, settings)


def wait_until(predicate, timeout: float = 10.0, step: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise TimeoutError("condition not met")


@pytest.fixture(scope="session")
def detector(trained_services):
    return trained_services.escalation
