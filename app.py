"""The web application: one FastAPI app with the chat page at /, the counsellor console at /counsellor and the admin
console at /admin and the insight page at /insight (all behind a staff login). `zhitu serve` and the tests build it with ``create_app(services)``."""

from __future__ import annotations

import logging
import os

import gradio as gr
from fastapi import FastAPI
from fastapi.responses import JSONResponse, RedirectResponse

from core.errors import ZhituError
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
        with gr.Tab("供需与技能", id="skills") as skills_tab:
            skills = build_skills_tab(services)
        # the counts change when an admin ingests or a seeker counts their profile: redraw when the tab opens
        skills_tab.select(skills.refresh, None, skills.outputs, api_name=False)
    return page


def create_app(services, bootstrap: SampleIngest | None = None) -> FastAPI:
    from web.admin_page import build_admin_page
    from web.counsellor_page import build_counsellor_page
    from web.insight_page import build_insight_page

    app = FastAPI(title="Zhitu 职途")
    install_probes(app, services)
    install_auth(app, services)
    app = gr.mount_gradio_app(app, build_counsellor_page(services), path="/counsellor",
                              auth_dependency=user_for_role("counsellor"), css=CSS)

    @app.get("/admin", include_in_schema=False)
    def admin_slash() -> RedirectResponse:  # the login returns to /admin; Gradio's mount serves only /admin/
        return RedirectResponse("/admin/", status_code=307)

    app = gr.mount_gradio_app(app, build_admin_page(services), path="/admin", auth_dependency=user_for_role("admin"),
                              css=CSS, max_file_size=f"{services.settings.max_upload_mb}mb")

    @app.get("/insight", include_in_schema=False)
    def insight_slash() -> RedirectResponse:
        return RedirectResponse("/insight/", status_code=307)

    app = gr.mount_gradio_app(app, build_insight_page(services), path="/insight", auth_dependency=user_for_role("counsellor"), css=CSS)
    return gr.mount_gradio_app(app, build_seeker_page(services, bootstrap), path="", css=CSS)


def install_probes(app: FastAPI, services) -> None:
    """/healthz: the process answers. /readyz: the database and the vector store answer and the live knowledge base
    is loaded (200), else 503 naming what is not ready — a proxy sends traffic only to ready replicas."""

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict:
        return {"status": "ok"}

    @app.get("/readyz", include_in_schema=False)
    def readyz() -> JSONResponse:
        checks = services.kb.readiness()
        ready = all(v == "ok" for v in checks.values()) and len(checks) == 3
        return JSONResponse({"status": "ready" if ready else "not ready", "checks": checks}, status_code=200 if ready else 503)


def serve(services, port: int | None = None, ingest_sample: bool = True) -> None:
    """Serve on GRADIO_SERVER_NAME:GRADIO_SERVER_PORT (default 127.0.0.1:7860); ingest the sample corpus first if empty."""
    import uvicorn

    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    bootstrap = None
    if ingest_sample and services.kb.is_empty():
        bootstrap = SampleIngest(services).start()
    services.assistant  # noqa: B018 - build models and indexes before the first request, not during it
    try:
        services.kb.refresh()  # load the live knowledge base now: /readyz answers "ready" from the start
    except ZhituError as exc:  # a store not up yet: /readyz says which, and the first request tries again
        log.warning("knowledge base not loaded yet: %s", exc)
    services.escalation.detect("你好")  # loads (or, once per data version, trains) the escalation classifier now
    host = os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1")
    port = port or int(os.environ.get("GRADIO_SERVER_PORT", "7860"))
    print(f"Zhitu serving on http://{host}:{port}/  (counsellor: /counsellor, admin: /admin)", flush=True)
    uvicorn.run(create_app(services, bootstrap), host=host, port=port, log_level="warning")
