"""A tiny OpenAI-compatible chat endpoint on 127.0.0.1 for LLM-mode tests (real HTTP, real langchain-openai client).

Completions are queued per test: a string, or a callable(request_json) -> str (to cite the passage a fact is in).
POST /v1/chat/completions answers with SSE ``data: {...}`` chunks when ``stream`` is true, plain JSON otherwise."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self

Canned = str | Callable[[dict], str]


def chunks(text: str, size: int = 3) -> list[str]:
    return [text[i:i + size] for i in range(0, len(text), size)]


class FakeOpenAI:
    def __init__(self) -> None:
        self.queue: deque[Canned] = deque()
        self.requests: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep pytest output clean
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                fake.requests.append(body)
                if not self.path.endswith("/chat/completions") or not fake.queue:
                    self._send(404 if not fake.queue else 400, {"error": {"message": "no canned completion"}})
                    return
                item = fake.queue.popleft()
                text = item(body) if callable(item) else item
                base = {"id": "chatcmpl-fake", "created": int(time.time()), "model": body.get("model", "fake")}
                if body.get("stream"):
                    self.send_response(200)
                    self.send_header("Content-Type", "text/event-stream")
                    self.send_header("Cache-Control", "no-cache")
                    self.end_headers()
                    pieces = [{"role": "assistant", "content": ""}] + [{"content": c} for c in chunks(text)]
                    for i, delta in enumerate(pieces):
                        event = base | {"object": "chat.completion.chunk",
                                        "choices": [{"index": 0, "delta": delta, "finish_reason": None}]}
                        self.wfile.write(f"data: {json.dumps(event, ensure_ascii=False)}\n\n".encode())
                        self.wfile.flush()
                    end = base | {"object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
                    self.wfile.write(f"data: {json.dumps(end)}\n\ndata: [DONE]\n\n".encode())
                    self.wfile.flush()
                    return
                self._send(200, base | {
                    "object": "chat.completion",
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 10, "completion_tokens": len(text), "total_tokens": 10 + len(text)},
                })

            def _send(self, status: int, payload: dict) -> None:
                data = json.dumps(payload, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def enqueue(self, *items: Canned) -> None:
        self.queue.extend(items)

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
