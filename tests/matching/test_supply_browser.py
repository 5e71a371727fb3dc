"""Real Chromium: a seeker ticks 计入本区求职登记（匿名） on the 岗位匹配 tab, and the 供需与技能 gap table then shows one
more seeker for that occupation and district. The tabs are wired exactly as app.py wires them (refresh on select)."""

import pytest

from tests.conftest import free_port
from tests.matching.test_supply import POSTINGS, REGISTRATIONS

pytestmark = pytest.mark.browser


@pytest.fixture
def small_app(tmp_path):
    import gradio as gr

    from core.settings import load_settings
    from web.matching_tab import build_matching_tab, build_skills_tab
    from zhitu.compose import build_services

    services = build_services(load_settings())
    (tmp_path / "jobs.csv").write_text(POSTINGS, encoding="utf-8")
    (tmp_path / "登记.csv").write_text(REGISTRATIONS, encoding="utf-8")
    assert not services.kb.ingest_paths([tmp_path / "jobs.csv", tmp_path / "登记.csv"]).failed
    with gr.Blocks() as demo:
        with gr.Tab("岗位匹配"):
            build_matching_tab(services)
        with gr.Tab("供需与技能") as tab:
            skills = build_skills_tab(services)
        tab.select(skills.refresh, None, skills.outputs, api_name=False)
    port = free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    yield f"http://127.0.0.1:{port}", services
    demo.close()
    services.kb.close()


def _cells(page) -> list[list[str]]:
    """The gap table as Gradio draws it (one ``role=row`` per row, ``role=gridcell`` cells)."""
    page.locator("#gap-table [role=gridcell]").first.wait_for()
    return [[c.strip() for c in row.locator("[role=gridcell]").all_inner_texts()]
            for row in page.locator("#gap-table [role=row]").all()]


def _seekers_in_row(page, occupation: str, district: str) -> int:
    rows = [r for r in _cells(page) if r[:2] == [occupation, district]]
    assert len(rows) == 1, _cells(page)
    return int(rows[0][3])  # 职业, 区域, 岗位数, 求职者, …


def test_consent_on_the_matching_tab_adds_one_seeker_to_the_gap_table(small_app, page, tmp_path):
    url, services = small_app
    page.goto(url)
    page.get_by_role("tab", name="供需与技能").click()
    assert _seekers_in_row(page, "护理", "白沙区") == 2
    page.get_by_role("tab", name="岗位匹配").click()
    page.locator("#match-major textarea").fill("护理")
    page.locator("#match-skills textarea").fill("静脉输液、基础护理")
    district = page.locator("#match-district input")
    district.click()
    page.get_by_role("option", name="白沙区").click()
    page.locator("#match-consent input[type=checkbox]").check()
    page.locator("#match-submit").click()
    page.locator("#match-results").get_by_text("已匿名计入").wait_for()
    page.get_by_role("tab", name="供需与技能").click()
    page.locator("#supply-note").get_by_text("岗位匹配页自愿计入 1 人").wait_for()  # the tab redrew on select
    assert _seekers_in_row(page, "护理", "白沙区") == 3
    assert _seekers_in_row(page, "护理", "全市") == 3
    page.screenshot(path=str(tmp_path / "gaps.png"), full_page=True)
    # submitting again from the same page does not count the same person twice
    page.get_by_role("tab", name="岗位匹配").click()
    page.locator("#match-submit").click()
    page.locator("#match-results").get_by_text("已匿名计入").wait_for()
    assert services.matching.registrations() == {"file": 5, "web": 1}
