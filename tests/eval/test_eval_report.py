"""The run's files and the HTML report: self-contained, escaped, with charts, failures and a comparison."""

from __future__ import annotations

import json
import re

from assistant.records import Reply
from eval.report import histogram_bins
from eval.runner import run_eval


def test_out_dir_files(tiny_assistant, tiny_set, tmp_path):
    run = run_eval(tiny_assistant, tiny_set, tmp_path / "out", progress=False)
    rows = [json.loads(x) for x in (tmp_path / "out" / "results.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == [f"q{i}" for i in range(1, 10)]
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["overall"]["fact_recall"] == 0.6
    assert summary["question_set"] == "tiny.jsonl" and summary["mode"] == "extractive"
    assert run.report_path == tmp_path / "out" / "report.html"


def test_report_is_self_contained_and_escaped(make_canned, tiny_set, tmp_path):
    fake = make_canned()
    fake.replies["明天广州天气怎么样？"] = Reply(answer='<script>alert("x")</script> & <b>晴</b>', route="policy", latency_ms=150)
    run_eval(fake, tiny_set, tmp_path, progress=False)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<script" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;晴&lt;/b&gt;" in html
    # nothing to fetch: no external scripts, styles, images or fonts; only the SVG namespace URI
    assert set(re.findall(r"https?://[^\s\"'<>]+", html)) == {"http://www.w3.org/2000/svg"}
    assert not re.search(r"<(link|img|iframe)\b", html)
    assert html.count('class="bar-chart"') == 7
    assert 'class="histogram"' in html
    assert html.count('class="failed"') == 6
    for failed_id in ("q2", "q3", "q4", "q7", "q8", "q9"):
        assert f'id="q-{failed_id}"' in html
    assert "缺少事实：80学时" in html and "programmes.csv" in html  # reason and the retrieved sources table
    assert "回退到抽取式回答" in html  # fallbacks reported


def test_malformed_lines_and_floors_in_report(tiny_assistant, tmp_path):
    from eval.questions import parse_text

    qs = parse_text('{"id": "q1", "question": "天河区高校毕业生就业补贴有多少？", "expected_facts": ["1000元"]}\n{"id": 1, "expected_fact": []}')
    run = run_eval(tiny_assistant, qs, tmp_path, floors={"fact_recall": 0.85, "hit@5": 0.9}, progress=False)
    assert run.floor_failures == ["hit@5 not measured is below the floor 0.9"]
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "line 2" in html and "expected_fact" in html and "did you mean" in html
    assert "未达到下限" in html


def test_compare_lists_better_and_worse(make_canned, tiny_set, tmp_path):
    run_eval(make_canned(), tiny_set, tmp_path / "before", progress=False)
    fake = make_canned()
    fake.replies["明天广州天气怎么样？"] = Reply(answer="抱歉，天气不在我的范围内。", refused=True, route="out_of_scope", latency_ms=80)
    fake.replies["天河区高校毕业生就业补贴有多少？"] = Reply(answer="不清楚。", route="policy", latency_ms=90)
    fake.replies["那学费多少？"].answer = "电工培训学费2800元，共80学时。"
    run = run_eval(fake, tiny_set, tmp_path / "after", compare_dir=tmp_path / "before", progress=False)
    cmp = run.summary["compare"]
    assert [c["id"] for c in cmp["better"]] == ["q3", "q7"]
    assert [c["id"] for c in cmp["worse"]] == ["q1"]
    assert cmp["worse"][0]["after_reasons"] == [
        "缺少来源：tianhe_policy.pdf（不在前 5 条检索结果中）", "缺少事实：1000元", "缺少事实：6个月",
    ]
    assert cmp["metrics"]["refusal_accuracy"] == {"before": 0.8889, "after": 1.0, "delta": 0.1111}
    assert cmp["metrics"]["passed"] == {"before": 3, "after": 4, "delta": 1}
    html = (tmp_path / "after" / "report.html").read_text(encoding="utf-8")
    assert "变好（失败→通过）：2 个" in html and "变差（通过→失败）：1 个" in html


def test_histogram_bins():
    assert histogram_bins([]) == []
    bins = histogram_bins([0, 10, 55, 100], bins=4)
    assert [c for _, _, c in bins] == [2, 0, 1, 1]
    assert bins[-1][1] == 100
    assert [c for _, _, c in histogram_bins([0.0, 0.0])] == [2] + [0] * 9


def test_a_writers_note_is_shown_beside_its_failure(make_canned, tmp_path):
    from eval.questions import parse_text

    qs = parse_text(
        '{"id": "n1", "question": "明天广州天气怎么样？", "expect_refusal": true, "note": "<refusal> asked out of scope"}\n'
        '{"id": "n2", "question": "明天广州天气怎么样？！", "expect_refusal": true}'
    )
    fake = make_canned()
    fake.replies["明天广州天气怎么样？"] = Reply(answer="晴。", route="policy", latency_ms=80)
    fake.replies["明天广州天气怎么样？！"] = Reply(answer="晴。", route="policy", latency_ms=80)
    run_eval(fake, qs, tmp_path, progress=False)
    rows = [json.loads(x) for x in (tmp_path / "results.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows[0]["note"] == "<refusal> asked out of scope" and "note" not in rows[1]
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert html.count("writer's note") == 1 and "&lt;refusal&gt; asked out of scope" in html
