"""A real Chromium opens report.html from disk (file://, no server, no network) and the charts are drawn."""

from __future__ import annotations

import pytest

from eval.runner import run_eval

pytestmark = pytest.mark.browser


def _pixels_of(png: bytes, rgb: tuple[int, int, int]) -> int:
    import io

    import numpy as np
    from PIL import Image

    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)
    return int((np.abs(pixels - np.array(rgb, dtype=np.int16)) <= 3).all(axis=-1).sum())


def test_report_opens_offline_with_visible_charts(page, make_canned, tiny_set, tmp_path):
    out = tmp_path / "run"
    run_eval(make_canned(), tiny_set, out, progress=False)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((out / "report.html").as_uri())

    assert page.title() == "职途评估 tiny.jsonl"
    charts = page.locator("#category-charts svg.bar-chart")
    assert charts.count() == 7
    first = charts.first
    assert first.is_visible()
    box = first.bounding_box()
    assert box["width"] > 300 and box["height"] > 150
    histogram = page.locator("#latency svg.histogram")
    assert histogram.is_visible()
    assert page.locator("#summary tr").count() == 18  # header + 17 metric rows
    assert page.locator(".failed").count() == 6

    shot = out / "report.png"
    png = page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 50_000
    # the hit@5 bars (#3b82c4) and the histogram bars (same blue) are really painted
    assert _pixels_of(first.screenshot(), (0x3B, 0x82, 0xC4)) > 2_000
    assert _pixels_of(histogram.screenshot(), (0x3B, 0x82, 0xC4)) > 2_000
    assert _pixels_of(png, (0x2F, 0x9E, 0x6E)) > 500  # the MRR chart's green
    assert all(u.startswith(("file://", "data:")) for u in requests), requests
