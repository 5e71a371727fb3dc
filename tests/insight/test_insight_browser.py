"""Real Chromium against a real `zhitu serve` over the sample corpus and a known mix of stored turns: a seeker gives a
👎 with a reason (stored with the turn) and cannot open /insight or its API; a counsellor opens /insight, sees the
charts and the unanswered groups, exports one group and runs it with `zhitu eval`."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys

import pytest

from tests.conftest import REPO, Server
from tests.insight.conftest import PHONE, TOPIC_A, fill_known_mix

pytestmark = [pytest.mark.browser, pytest.mark.slow]
Q = "云溪区本科毕业生每个月生活补贴有多少钱？"


@pytest.fixture(scope="module")
def server(corpus_home, embed_cache, tmp_path_factory, trained_services):
    from core.settings import Settings
    from zhitu.compose import build_services

    home = tmp_path_factory.mktemp("insightweb") / "home"
    shutil.copytree(corpus_home, home)
    services = build_services(Settings(home=home, embeddings_cache=embed_cache))
    fill_known_mix(services)
    services.users.add("wang", "counsellor", "teacher-pass")
    services.engine.dispose()
    env = {"ZHITU_EMBEDDINGS_CACHE": str(embed_cache), "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1",
           "ANONYMIZED_TELEMETRY": "False", "GRADIO_SERVER_NAME": "127.0.0.1"}
    srv = Server(home, env=env).start()
    yield srv
    srv.stop()


def _status(page, path: str, method: str = "GET") -> int:
    body = "JSON.stringify({data: [], fn_index: 0, session_hash: 'x'})" if method == "POST" else "undefined"
    return page.evaluate(f"fetch('{path}', {{method: '{method}', headers: {{'Content-Type': 'application/json'}}, body: {body}}})"
                         ".then(r => r.status)")


def test_seeker_dislike_with_reason_and_no_insight(server, page, tmp_path):
    page.goto(server.url + "/")
    page.locator("#question textarea").fill(Q)
    page.locator("#send").click()
    chat = page.locator("#chat")
    chat.get_by_text("yunxi_youth_talent_subsidy_2026.pdf").first.wait_for(timeout=60_000)
    chat.get_by_role("button", name=re.compile(r"^(踩|[Dd]islike)$")).last.click()
    panel = page.locator("#dislike-reasons")
    panel.wait_for(state="visible", timeout=15_000)
    panel.get_by_text("信息不对").click()
    page.locator("#dislike-comment textarea, #dislike-comment input").first.fill(f"补贴金额不对，电话{PHONE}")
    page.locator("#dislike-send").click()
    page.locator("#notice").get_by_text("已记录原因：信息不对").wait_for(timeout=15_000)
    page.screenshot(path=str(tmp_path / "dislike_reason.png"), full_page=True)
    with sqlite3.connect(server.home / "zhitu.db") as db:
        fb = db.execute("SELECT rating, reason, comment, turn_id FROM feedback WHERE question = ? ORDER BY id DESC", (Q,)).fetchone()
        turn = db.execute("SELECT question, thumbs_down, refused, latency_ms FROM chat_turns WHERE id = ?", (fb[3],)).fetchone()
    assert fb[:3] == (-1, "wrong_info", f"补贴金额不对，电话{PHONE}")
    assert turn[0] == Q and turn[1] == 1 and turn[2] == 0 and turn[3] > 0

    # the same seeker session: the insight page sends them to the login, its API answers 401
    page.goto(server.url + "/insight/")
    page.wait_for_url(re.compile(r"/login\?next=/insight"))
    assert page.locator("#login").is_visible()
    assert _status(page, "/insight/config") == 401
    assert _status(page, "/insight/gradio_api/info") == 401
    assert _status(page, "/insight/gradio_api/queue/join", "POST") == 401
    assert _status(page, "/insight/gradio_api/run/figures", "POST") == 401


def test_counsellor_sees_charts_groups_exports_and_runs_eval(server, page, tmp_path):
    page.goto(server.url + "/login?next=/insight")
    page.fill("#name", "wang")
    page.fill("#password", "teacher-pass")
    page.click("#login")
    page.wait_for_url(re.compile(r"/insight/?$"))
    groups = page.locator("#groups")
    groups.wait_for(timeout=90_000)
    for chart in ("#chart-volume", "#chart-outcome", "#chart-reasons", "#chart-escalation", "#chart-open"):
        assert page.locator(f"{chart} > svg").count() == 1, chart
    assert page.locator("#chart-volume > svg rect").count() >= 6  # two series over three days
    cards = page.locator("#cards").inner_text()
    assert "自动解决率" in cards and "会话" in cards
    text = page.locator("#unanswered").inner_text()
    assert "139****5678" in text or "创业" in text
    assert PHONE not in page.content()  # neither the masked question nor the ticket contact shows the number
    rows = page.locator("#groups tr.zt-group")
    assert rows.count() >= 2
    first = rows.first.inner_text()
    assert "创业" in first and "4" in first
    page.screenshot(path=str(tmp_path / "insight.png"), full_page=True)
    print("screenshot:", tmp_path / "insight.png")

    page.locator("#export").click()
    link = page.locator("#export-file a").first
    link.wait_for(timeout=30_000)
    with page.expect_download() as info:
        link.click()
    exported = tmp_path / "group.jsonl"
    info.value.save_as(exported)
    lines = [json.loads(x) for x in exported.read_text(encoding="utf-8").splitlines()]
    assert {q.replace(PHONE, "139****5678") for q in TOPIC_A} <= {x["question"] for x in lines}
    assert PHONE not in exported.read_text(encoding="utf-8")

    out = tmp_path / "eval-out"
    done = subprocess.run([sys.executable, "-m", "zhitu.cli", "eval", str(exported), "--out", str(out), "--json", "--no-progress"],
                          check=False, capture_output=True, text=True, cwd=REPO, timeout=600,
                          env={**os.environ, "ZHITU_HOME": str(server.home), **{k: v for k, v in server.env.items() if k.startswith("ZHITU_")}})
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["overall"]["questions"] == len(lines)
    assert (out / "results.jsonl").exists() and (out / "report.html").exists()
