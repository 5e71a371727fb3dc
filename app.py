"""The web application: one FastAPI app with the chat page at /, the counsellor console at /counsellor and the admin
console at /admin (both behind a staff login). `zhitu serve` and the tests build it with ``create_app(services)``."""

from __future__ import annotations

import logging
import os

import gradio as gr
from fastapi import FastAPI
from fastapi.responses import RedirectResponse

from web.auth import install_auth, user_for_role
from web.bootstrap import SampleIngest
from web.chat_page import build_chat_tab

log = logging.getLogger(__name__)
CSS = "#chat .message {font-size: 15px} footer {display: none !important}"


def build_seeker_page(services, bootstrap: SampleIngest | None = None) -> gr.Blocks:
    """The public page: 咨询 chat, 模拟面试, 岗位匹配, 供需与技能."""
    from web.interview_tab import build_interview_tab
    from web.matching_tab import build_matching_tab, build_skills_tab

    with gr.Blocks(title="职途 · 职业指导助手") as page:
        with gr.Tab("咨询", id="chat"):
            build_chat_tab(services, bootstrap)
        with gr.Tab("模拟面试", id="interview"):
            build_interview_tab(services)
        with gr.Tab("岗位匹配", id="matching"):
            build_matching_tab(services)
        with gr.Tab("供需与技能", id="skills"):
            build_skills_tab(services)
    return page


def create_app(services, bootstrap: SampleIngest | None = None) -> FastAPI:
    from web.admin_page import build_admin_page
    from web.counsellor_page import build_counsellor_page

    app = FastAPI(title="Zhitu 职途")
    install_auth(app, services)
    app = gr.mount_gradio_app(app, build_counsellor_page(services), path="/counsellor",
                              auth_dependency=user_for_role("counsellor"), css=CSS)

    @app.get("/admin", include_in_schema=False)
    def admin_slash() -> RedirectResponse:  # the login returns to /admin; Gradio's mount serves only /admin/
        return RedirectResponse("/admin/", status_code=307)

    app = gr.mount_gradio_app(app, build_admin_page(services), path="/admin", auth_dependency=user_for_role("admin"),
                              css=CSS, max_file_size=f"{services.settings.max_upload_mb}mb")
    return gr.mount_gradio_app(app, build_seeker_page(services, bootstrap), path="", css=CSS)


def serve(services, port: int | None = None, ingest_sample: bool = True) -> None:
    """Serve on GRADIO_SERVER_NAME:GRADIO_SERVER_PORT (default 127.0.0.1:7860); ingest the sample corpus first if empty."""
    import uvicorn

    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    bootstrap = None
    if ingest_sample and services.kb.is_empty():
        bootstrap = SampleIngest(services).start()
    services.assistant  # noqa: B018 - build models and indexes before the first request, not during it
    services.escalation.detect("你好")  # loads (or, once per data version, trains) the escalation classifier now
    host = os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1")
    port = port or int(os.environ.get("GRADIO_SERVER_PORT", "7860"))
    print(f"Zhitu serving on http://{host}:{port}/  (counsellor: /counsellor, admin: /admin)", flush=True)
    uvicorn.run(create_app(services, bootstrap), host=host, port=port, log_level="warning")
