"""A small FastAPI app with the staff login and the counsellor page, for tests until app.py mounts them.

Run as a module (``python -m tests.escalation.webapp PORT``) so tests can also kill and restart it.
"""

from __future__ import annotations

import sys
import threading
import time


def build_app(services):
    import gradio as gr
    from fastapi import FastAPI

    from web.auth import install_auth, user_for_role
    from web.counsellor_page import build_counsellor_page

    app = FastAPI()
    install_auth(app, services)
    return gr.mount_gradio_app(app, build_counsellor_page(services), path="/counsellor", auth_dependency=user_for_role("counsellor"))


class ThreadServer:
    """uvicorn in a thread of the test process, on a free port."""

    def __init__(self, app, port: int):
        import uvicorn

        self.url = f"http://127.0.0.1:{port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", ws="none"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> ThreadServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline:
                raise TimeoutError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


if __name__ == "__main__":  # pragma: no cover - used by the reliability test as a separate process
    import uvicorn

    from zhitu.compose import build_services
    from zhitu.settings import load_settings

    uvicorn.run(build_app(build_services(load_settings())), host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
