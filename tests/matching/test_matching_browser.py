"""The 岗位匹配 and 供需与技能 tabs in a real Chromium, mounted in a small gr.Blocks on 127.0.0.1."""

import pytest

from tests.conftest import free_port

pytestmark = pytest.mark.browser


@pytest.fixture
def tabs_app(corpus_services):
    import gradio as gr

    from web.matching_tab import build_matching_tab, build_skills_tab

    with gr.Blocks() as demo:
        with gr.Tab("岗位匹配"):
            build_matching_tab(corpus_services)
        with gr.Tab("供需与技能"):
            build_skills_tab(corpus_services)
    port = free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    yield f"http://127.0.0.1:{port}"
    demo.close()


def test_profile_form_gives_matches_with_reasons_rendered_safely(tabs_app, page):
    page.goto(tabs_app)
    page.locator("#match-major textarea").fill("数控技术")
    page.locator("#match-skills textarea").fill("数控车床、看图纸、游标卡尺")
    page.locator("#match-certs textarea").fill("数控车工中级证")
    page.locator("#match-resume textarea").fill("<img src=x onerror=\"window.__xss=1\"> 有一年实习经验 **粗体**")
    page.locator("#match-submit").click()
    results = page.locator("#match-results")
    results.get_by_text("匹配度").first.wait_for()
    text = results.inner_text()
    assert "数控" in text and "技能匹配" in text and "识别到的技能与证书" in text
    assert "数控车工证" in text
    # user text never becomes markup
    assert results.locator("img").count() == 0
    assert page.evaluate("window.__xss === undefined")


def test_empty_form_says_what_is_missing(tabs_app, page):
    page.goto(tabs_app)
    page.locator("#match-submit").click()
    page.locator("#match-results").get_by_text("请至少填写").wait_for()


def test_skills_tab_shows_charts_and_warnings(tabs_app, page):
    page.goto(tabs_app)
    page.get_by_role("tab", name="供需与技能").click()
    # the charts are drawn (Vega renders a canvas or an svg), not just their empty frames
    page.locator("#skills-chart canvas, #skills-chart svg").first.wait_for()
    page.locator("#gap-chart canvas, #gap-chart svg").first.wait_for()
    table = page.locator("#gap-table")
    table.get_by_text("全市").first.wait_for()
    assert "求人倍率" in table.inner_text()
    assert "nanjiang_industry_trade_college.md" in page.locator("#programme-gaps").inner_text()
