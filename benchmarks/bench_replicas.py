"""Two replicas on shared engines against one, under the same simulated chat load (loopback only).

1. One ``chroma run`` and one PostgreSQL on 127.0.0.1 (PostgreSQL from Debian's binaries, as the tests start it); the
   sample corpus ingested once through the CLI into them (``--cache`` keeps the embeddings between runs).
2. Two ``zhitu serve --no-ingest`` processes with separate homes on those engines.
3. ``--chats`` simulated chats (default 200), at most ``--concurrency`` at a time: each asks a dev-set question and a
   follow-up in the same session, the follow-up on the *other* replica (a conversation moving between replicas).
   Latency is measured per message through the page's ``/ask`` API (gradio_client), errors counted.
4. The same load with every message sent to one replica.

Run: ``python -m benchmarks.bench_replicas [--chats 200] [--concurrency 8] [--cache FILE]``. Prints one JSON object:
``{"two_replicas": {"p50_ms","p95_ms","errors",...}, "one_replica": {...}}``. On 2 shared cores the two replicas
compete for the same CPUs, so expect availability, not speed, from the second replica here.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks.bench_ask import stats

REPO = Path(__file__).resolve().parent.parent
DEV = REPO / "eval" / "sets" / "dev.jsonl"
FOLLOW_UP = "那需要准备哪些材料？"


def questions() -> list[str]:
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r["question"] for r in rows if not r.get("history")]


def start_chroma(root: Path) -> tuple[subprocess.Popen, str]:
    from tests.conftest import free_port

    cli = Path(sys.executable).with_name("chroma")
    port = free_port()
    proc = subprocess.Popen([str(cli) if cli.exists() else "chroma", "run", "--path", str(root / "chroma"), "--host",
                             "127.0.0.1", "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(url + "/api/v2/heartbeat", timeout=2):
                return proc, url
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise RuntimeError("the Chroma server did not start") from None
            time.sleep(0.3)


def start_server(server):
    """``Server.start`` with a longer wait: on 2 busy cores building the pages can take minutes."""
    from tests.conftest import wait_http

    server.home.mkdir(parents=True, exist_ok=True)
    out = open(server.log, "ab")  # noqa: SIM115 - the server process writes to it after this returns
    server.proc = subprocess.Popen([sys.executable, "-m", "zhitu.cli", "serve", "--no-ingest"], env=server.env, stdout=out,
                                   stderr=subprocess.STDOUT, cwd=REPO)
    wait_http(server.url + "/readyz", timeout=900, proc=server.proc)
    return server


class Load:
    """Bounded chat load over ``urls``: per-message latencies and errors."""

    def __init__(self, urls: list[str], concurrency: int):
        from gradio_client import Client

        self.urls = urls
        self._local = threading.local()
        self._client = Client
        self.concurrency = concurrency
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self._lock = threading.Lock()

    def _ask(self, url: str, message: str, session: str) -> None:
        clients = getattr(self._local, "clients", None)
        if clients is None:
            clients = self._local.clients = {u: self._client(u + "/", verbose=False) for u in self.urls}
        started = time.perf_counter()
        try:
            out = clients[url].predict(message, session, api_name="/ask")
            ok = isinstance(out, dict) and "answer" in out
            error = None if ok else f"bad reply: {str(out)[:80]}"
        except Exception as exc:  # noqa: BLE001 - a benchmark counts failures, it does not stop on them
            error = f"{type(exc).__name__}: {str(exc)[:80]}"
        ms = (time.perf_counter() - started) * 1000
        with self._lock:
            (self.errors.append(error) if error else self.latencies.append(ms))

    def chat(self, i: int, question: str) -> None:
        first = self.urls[i % len(self.urls)]
        second = self.urls[(i + 1) % len(self.urls)]
        session = f"bench-{os.getpid()}-{i}"
        self._ask(first, question, session)
        self._ask(second, FOLLOW_UP, session)

    def run(self, chats: int) -> dict:
        qs = questions()
        started = time.perf_counter()
        with ThreadPoolExecutor(self.concurrency) as pool:
            list(pool.map(lambda i: self.chat(i, qs[i % len(qs)]), range(chats)))
        wall = time.perf_counter() - started
        out = stats(self.latencies) if self.latencies else {"n": 0}
        return out | {"chats": chats, "messages": chats * 2, "errors": len(self.errors), "error_examples": self.errors[:3],
                      "wall_s": round(wall, 1), "messages_per_s": round(chats * 2 / wall, 2)}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chats", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--cache", type=Path, default=None, help="embedding cache (SQLite) kept between runs")
    args = parser.parse_args(argv)
    from tests.conftest import PostgresServer, Server

    root = Path(tempfile.mkdtemp(prefix="bench-replicas-"))
    pg = PostgresServer().start()
    chroma, chroma_url = start_chroma(root)
    servers: list[Server] = []
    try:
        db_url = pg.new_database()
        shared = {"ZHITU_CHROMA_URL": chroma_url, "ZHITU_DATABASE_URL": db_url, "GRADIO_ANALYTICS_ENABLED": "False",
                  "ANONYMIZED_TELEMETRY": "False", "ZHITU_EMBEDDINGS_CACHE": str(args.cache or root / "embeddings.sqlite")}
        started = time.perf_counter()
        ingest = subprocess.run([sys.executable, "-m", "zhitu.cli", "ingest", str(REPO / "knowledge" / "corpus")], cwd=REPO,
                                env={**os.environ, **shared, "ZHITU_HOME": str(root / "home-a")}, capture_output=True,
                                text=True, check=False)
        if ingest.returncode:
            raise RuntimeError(f"ingest failed: {ingest.stderr[-500:]}")
        ingest_s = round(time.perf_counter() - started, 1)
        for name in ("home-a", "home-b"):
            servers.append(start_server(Server(root / name, env=shared)))
        urls = [s.url for s in servers]
        Load(urls, args.concurrency).run(min(10, args.chats))  # warm both replicas (models, jieba, indexes)
        two = Load(urls, args.concurrency).run(args.chats)
        one = Load(urls[:1], args.concurrency).run(args.chats)
        result = {"two_replicas": two, "one_replica": one, "ingest_s": ingest_s, "concurrency": args.concurrency,
                  "cores": os.cpu_count()}
    finally:
        for s in servers:
            s.stop()
        chroma.terminate()
        chroma.wait(30)
        pg.stop()
        shutil.rmtree(root, ignore_errors=True)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return result


if __name__ == "__main__":
    main()
