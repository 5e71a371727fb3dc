"""Posting → seekers on the web: only on the counsellor page behind the staff login (the real app over HTTP)."""

from __future__ import annotations

import pytest

from tests.conftest import free_port
from tests.escalation.test_counsellor_web import ThreadServer, _get, _login
from tests.matching.test_supply import PERSONAL, POSTINGS, REGISTRATIONS
from web.auth import COOKIE


@pytest.fixture
def web(services, tmp_path):
    from app import create_app

    (tmp_path / "jobs.csv").write_text(POSTINGS, encoding="utf-8")
    (tmp_path / "登记.csv").write_text(REGISTRATIONS, encoding="utf-8")
    assert not services.kb.ingest_paths([tmp_path / "jobs.csv", tmp_path / "登记.csv"]).failed
    services.users.add("wang", "counsellor", "teacher-pass")
    server = ThreadServer(create_app(services), free_port()).start()
    yield server
    server.stop()
    services.kb.close()


def test_counsellor_ranks_registered_seekers_and_the_public_cannot(web):
    from gradio_client import Client

    public = _get(web.url + "/gradio_api/info", accept="application/json")
    assert public[0] == 200 and "posting_seekers" not in public[2]
    assert _get(web.url + "/counsellor/gradio_api/info", accept="application/json")[0] == 401
    status, cookie = _login(web.url, "wang", "teacher-pass")
    assert status == 303 and cookie
    client = Client(web.url + "/counsellor/", headers={"Cookie": f"{COOKIE}={cookie}"}, verbose=False)
    text = client.predict("P3", api_name="/posting_seekers")
    assert "临床护士" in text and "求职者R3" in text and "求职者R4" in text
    assert text.index("求职者R3") < text.index("求职者R1")  # same occupation and district first
    assert not [p for p in PERSONAL if p in text]
