"""Real `zhitu serve` process, real Chromium: an admin logs in, uploads a changed policy PDF, sees the changed amount
and the affected questions, applies it, the chat answers with the new amount, and restore brings the old one back.
Also over plain HTTP: who may reach /admin and its API, upload size limit, and Gradio's file route."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.admin.conftest import POLICY, REPO

pytestmark = pytest.mark.browser
NAME = f"{POLICY}.pdf"
QUESTION = "云溪区本科毕业生每个月生活补贴有多少钱？"
SHOTS = REPO / "tests" / "admin" / "screenshots"


def _add_user(home: Path, name: str, role: str, password: str) -> None:
    subprocess.run([sys.executable, "-m", "zhitu.cli", "user", "add", name, "--role", role, "--password-stdin"],
                   input=password + "\n", text=True, check=True, cwd=REPO, capture_output=True,
                   env={**__import__("os").environ, "ZHITU_HOME": str(home)})


def _ask(url: str) -> str:
    from gradio_client import Client

    out = Client(url + "/", verbose=False).predict(QUESTION, "", api_name="/ask")
    return out["answer"]


def _login(client: httpx.Client, name: str, password: str) -> None:
    r = client.post("/login", data={"name": name, "password": password, "next": "/admin"})
    assert r.status_code == 303, r.text


def test_admin_previews_applies_and_restores_in_the_browser(corpus_copy, changed_pdf, make_server, page):
    from eval.registered import register_question_set

    _add_user(corpus_copy, "admin", "admin", "admin-pass-1")
    dev = REPO / "knowledge" / "corpus_sets" / "dev.jsonl"
    register_question_set(corpus_copy, dev.name, dev.read_text(encoding="utf-8"))  # as `zhitu eval` does
    server = make_server(corpus_copy)
    SHOTS.mkdir(exist_ok=True)
    assert "1000元" in _ask(server.url)

    page.goto(server.url + "/admin")
    assert "/login" in page.url
    page.fill("#name", "admin")
    page.fill("#password", "admin-pass-1")
    page.click("#login")
    page.wait_for_url(re.compile(r".*/admin/?$"))
    page.locator("#docs").get_by_text(NAME).filter(visible=True).first.wait_for()

    page.get_by_role("tab", name="上传与预览").click()
    page.locator("#upload-files input[type=file]").set_input_files(str(changed_pdf))
    page.locator("#upload-files").get_by_text(NAME).first.wait_for()
    page.click("#upload-btn")
    preview = page.locator("#preview")
    preview.locator("mark", has_text="1100元").first.wait_for(timeout=300_000)
    text = preview.inner_text()
    assert "第七条" in text and "1000元" in text
    assert "dev-P01" in text and "不再包含期望事实：1000元" in text
    assert "已生成预览" in page.locator("#upload-result").inner_text()
    page.screenshot(path=str(SHOTS / "preview.png"), full_page=True)
    assert "1000元" in _ask(server.url)  # still the old text until Apply

    page.click("#apply")
    page.locator("#notice").get_by_text("已生效", exact=False).wait_for(timeout=120_000)
    answer = _ask(server.url)
    assert "1100元" in answer and "1000元" not in answer

    page.get_by_role("tab", name="文档").click()
    page.locator("#docs").get_by_text("admin", exact=True).filter(visible=True).first.wait_for()  # uploaded_by
    dropdown = page.locator("#doc-select input")
    dropdown.click()
    dropdown.fill(POLICY)
    page.get_by_role("option", name=NAME).click()
    page.click("#restore")
    page.locator("#notice").get_by_text("已恢复上一版本", exact=False).wait_for(timeout=120_000)
    assert "1000元" in _ask(server.url)

    page.get_by_role("tab", name="审计日志").click()
    audit = page.locator("#audit")
    audit.get_by_text("恢复", exact=True).filter(visible=True).first.wait_for()
    assert "生效" in audit.inner_text() and "上传" in audit.inner_text()
    page.screenshot(path=str(SHOTS / "audit.png"), full_page=True)


def test_access_upload_limit_and_file_route(corpus_copy, make_server, tmp_path):
    _add_user(corpus_copy, "admin", "admin", "admin-pass-1")
    _add_user(corpus_copy, "wang", "counsellor", "teacher-pass")
    server = make_server(corpus_copy, env={"ZHITU_MAX_UPLOAD_MB": "1"})
    before = httpx.get(server.url + "/config").status_code

    with httpx.Client(base_url=server.url, timeout=30) as anon:
        r = anon.get("/admin/", headers={"accept": "text/html"})
        assert r.status_code == 303 and "/login" in r.headers["location"]
        for path in ("/admin/config", "/admin/gradio_api/info", "/admin/gradio_api/upload"):
            assert anon.get(path).status_code == 401, path
        assert anon.post("/admin/gradio_api/run/apply", json={"data": ["x"]}).status_code == 401
    with httpx.Client(base_url=server.url, timeout=30) as counsellor:
        _login(counsellor, "wang", "teacher-pass")
        assert counsellor.get("/counsellor/config").status_code == 200  # a real staff session…
        for path in ("/admin/", "/admin/config", "/admin/gradio_api/info"):
            assert counsellor.get(path).status_code == 403, path  # …that is not an admin's
        assert counsellor.post("/admin/gradio_api/run/documents", json={"data": []}).status_code == 403

    with httpx.Client(base_url=server.url, timeout=60) as admin:
        _login(admin, "admin", "admin-pass-1")
        assert admin.get("/admin/config").status_code == 200
        big = b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024)
        r = admin.post("/admin/gradio_api/upload", files={"files": (NAME, big, "application/pdf")})
        assert r.status_code == 413 and "1" in r.text, (r.status_code, r.text[:200])
        for path in ("/gradio_api/file=/etc/passwd", "/admin/gradio_api/file=/etc/passwd",
                     "/admin/gradio_api/file=../../../../etc/passwd", f"/admin/gradio_api/file={corpus_copy}/zhitu.db",
                     f"/admin/gradio_api/file={corpus_copy}/web_secret"):
            r = admin.get(path)
            assert r.status_code != 200 and "root:" not in r.text and "SQLite" not in r.text, path
    assert before == 200
