"""The replica tests run against a real Chroma server (``chroma_server`` in tests/conftest.py) and the session's
PostgreSQL (``pg_server``)."""

from __future__ import annotations

import pytest


@pytest.fixture
def chroma_url(chroma_server) -> str:
    return chroma_server.url
