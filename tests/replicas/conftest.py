"""A real Chroma server (`chroma run`) for the replica tests; PostgreSQL comes from the session ``pg_server``."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def chroma_cli() -> str:
    beside = Path(sys.executable).with_name("chroma")
    return str(beside) if beside.exists() else (shutil.which("chroma") or "")


@pytest.fixture
def chroma_url(tmp_path):
    """``chroma run --path DIR --port P`` on 127.0.0.1; yields its URL."""
    cli = chroma_cli()
    assert cli, "the chroma CLI (shipped with chromadb) is missing"
    port = free_port()
    log = open(tmp_path / "chroma.log", "wb")  # noqa: SIM115 - the server writes to it until teardown
    proc = subprocess.Popen([cli, "run", "--path", str(tmp_path / "chroma-server"), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        if proc.poll() is not None:
            pytest.fail(f"chroma run exited with {proc.returncode}: {(tmp_path / 'chroma.log').read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(url + "/api/v2/heartbeat", timeout=2):
                break
        except OSError:
            if time.monotonic() > deadline:
                proc.kill()
                pytest.fail("the Chroma server did not answer within 90 s")
            time.sleep(0.3)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()
