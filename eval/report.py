"""report.html: one self-contained page (inline CSS and SVG, no script, no network) people can read.

Summary table, per-category bar charts, a latency histogram, every failed question with its answer, expected
facts and retrieved sources, malformed lines, and with ``--compare`` what got better and worse. Every piece of
text from the question set or the assistant goes through ``html.escape``.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from string import Template

from eval.metrics import fact_present

TEMPLATE = Path(__file__).resolve().parent / "templates" / "report.html"

# metric key → (label, kind); kind decides the format: ratio (percent), ms, chars, count
LABELS: dict[str, tuple[str, str]] = {
    "questions": ("问题数 questions", "count"),
    "passed": ("通过 passed", "count"),
    "hit@1": ("首位命中 hit@1", "ratio"),
    "hit@5": ("前五命中 hit@5", "ratio"),
    "mrr": ("平均倒数排名 MRR", "ratio"),
    "fact_recall": ("事实召回 fact recall", "ratio"),
    "wrong_fact_rate": ("错误事实率 wrong-fact rate", "ratio"),
    "median_answer_length": ("回答长度中位数（字）median answer length", "chars"),
    "citation_precision": ("引用准确率 citation precision", "ratio"),
    "refusal_accuracy": ("拒答准确率 refusal accuracy", "ratio"),
    "escalation_precision": ("转人工精确率 escalation precision", "ratio"),
    "escalation_recall": ("转人工召回率 escalation recall", "ratio"),
    "routing_accuracy": ("分流准确率 routing accuracy", "ratio"),
    "auto_resolution_rate": ("自动解决率 auto-resolution", "ratio"),
    "latency_p50_ms": ("延迟 p50 (ms)", "ms"),
    "latency_p95_ms": ("延迟 p95 (ms)", "ms"),
    "fallbacks": ("回退到抽取式 fallbacks", "count"),
}
CHARTED = ["hit@5", "mrr", "fact_recall", "citation_precision", "refusal_accuracy", "routing_accuracy", "auto_resolution_rate"]
PALETTE = ["#3b82c4", "#2f9e6e", "#d9822b", "#8e5bd0", "#c2410c", "#0f766e", "#be185d"]


def fmt(value, kind: str) -> str:
    if value is None:
        return "—"
    if kind == "ratio":
        return f"{value * 100:.1f}%"
    if kind == "ms":
        return f"{value:,.0f}"
    if kind == "chars":
        return f"{value:g}"
    return str(value)


def _e(value) -> str:
    return escape(str(value), quote=True)


# ---- charts --------------------------------------------------------------------------------------


def bar_chart(title: str, values: list[tuple[str, float | None]], color: str) -> str:
    """Horizontal bars (0–100%) per category; unmeasured categories are drawn as '—'."""
    label_w, bar_w, row_h, top = 150, 240, 24, 28
    height = top + row_h * len(values) + 8
    parts = [
        (f'<svg class="bar-chart" xmlns="http://www.w3.org/2000/svg" width="{label_w + bar_w + 70}" height="{height}" '
        f'role="img" aria-label="{_e(title)}">'),
        f'<text x="4" y="18" font-size="14" font-weight="bold">{_e(title)}</text>',
    ]
    for i, (label, value) in enumerate(values):
        y = top + i * row_h
        short = label if len(label) <= 12 else label[:11] + "…"
        parts.append(f'<text x="{label_w - 6}" y="{y + 16}" font-size="12" text-anchor="end">{_e(short)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="{row_h - 8}" fill="#eef2f6"/>')
        if value is None:
            parts.append(f'<text x="{label_w + 4}" y="{y + 16}" font-size="12" fill="#7b8794">—</text>')
            continue
        w = max(0.0, min(1.0, value)) * bar_w
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 8}" fill="{color}"/>')
        parts.append(f'<text x="{label_w + bar_w + 6}" y="{y + 16}" font-size="12">{value * 100:.1f}%</text>')
    parts.append("</svg>")
    return "".join(parts)


def histogram_bins(values: list[float], bins: int = 10) -> list[tuple[float, float, int]]:
    """Equal-width bins from 0 to the largest value: ``[(low, high, count)]``; the last bin includes its top."""
    if not values:
        return []
    top = max(values) or 1.0
    width = top / bins
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, int(v / width))] += 1
    return [(i * width, (i + 1) * width, counts[i]) for i in range(bins)]


def latency_histogram(latencies: list[float], p50: float | None, p95: float | None) -> str:
    bins = histogram_bins(latencies)
    if not bins:
        return "<p>没有延迟数据。</p>"
    left, plot_w, plot_h, top = 50, 860, 200, 44
    width, height = left + plot_w + 20, top + plot_h + 50
    most = max(c for _, _, c in bins) or 1
    bar = plot_w / len(bins)
    scale_max = bins[-1][1]
    parts = [
        (f'<svg class="histogram" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'aria-label="延迟分布">'),
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#52606d"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#52606d"/>',
        f'<text x="{left - 6}" y="{top + 10}" font-size="11" text-anchor="end">{most}</text>',
        f'<text x="{left - 6}" y="{top + plot_h}" font-size="11" text-anchor="end">0</text>',
    ]
    for i, (low, high, count) in enumerate(bins):
        h = count / most * plot_h
        x = left + i * bar
        parts.append(
            f'<rect x="{x + 1:.1f}" y="{top + plot_h - h:.1f}" width="{bar - 2:.1f}" height="{h:.1f}" fill="#3b82c4">'
            f"<title>{low:,.0f}–{high:,.0f} ms: {count}</title></rect>"
        )
        if count:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{top + plot_h - h - 3:.1f}" font-size="11" text-anchor="middle">{count}</text>')
        if i % 2 == 0 or len(bins) <= 6:
            parts.append(f'<text x="{x:.1f}" y="{top + plot_h + 15}" font-size="11" text-anchor="middle">{low:,.0f}</text>')
    parts.append(f'<text x="{left + plot_w:.1f}" y="{top + plot_h + 15}" font-size="11" text-anchor="middle">{scale_max:,.0f}</text>')
    for row, (label, value, color) in enumerate((("p50", p50, "#2f9e6e"), ("p95", p95, "#c2410c"))):
        if value is None:
            continue
        x = left + (value / scale_max) * plot_w if scale_max else left
        # labels near the right edge are drawn to the left of their line, so they are never cut off
        tx, anchor = (x - 3, "end") if x > left + plot_w * 0.8 else (x + 3, "start")
        parts.append(f'<line x1="{x:.1f}" y1="{18 + 14 * row}" x2="{x:.1f}" y2="{top + plot_h}" stroke="{color}" stroke-dasharray="4 3"/>')
        parts.append(
            f'<text x="{tx:.1f}" y="{14 + 14 * row}" font-size="11" text-anchor="{anchor}" fill="{color}">'
            f"{label} {value:,.0f} ms</text>"
        )
    parts.append(f'<text x="{left + plot_w / 2}" y="{height - 8}" font-size="12" text-anchor="middle">延迟（毫秒）</text>')
    parts.append("</svg>")
    return "".join(parts)


# ---- sections ------------------------------------------------------------------------------------


def _header(summary: dict) -> str:
    overall = summary["overall"]
    per_q = summary.get("seconds_per_question")
    lines = [
        f"<h1>职途 评估报告 · {_e(summary.get('question_set', ''))}</h1>",
        (f'<p class="meta">{_e(summary.get("created_at", ""))} · 模式 mode：{_e(summary.get("mode", ""))} · '
        f"{overall['questions']} 个问题，通过 {overall['passed']} 个 · "
        f"每题 {'—' if per_q is None else f'{per_q:.3f}'} 秒</p>"),
    ]
    if summary.get("mode") == "llm" or overall.get("fallbacks"):
        reasons = ", ".join(f"{_e(k)}: {v}" for k, v in overall.get("fallback_reasons", {}).items())
        lines.append(f'<p class="meta">回退到抽取式回答（如含无依据的数字）：{overall.get("fallbacks", 0)} 个 {reasons}</p>')
    if summary.get("malformed_lines"):
        lines.append(f'<p class="bad">跳过格式错误的行 {len(summary["malformed_lines"])} 行（见文末）。</p>')
    if summary.get("assistant_errors"):
        lines.append(f'<p class="bad">助手出错 {summary["assistant_errors"]} 次（见失败问题）。</p>')
    if "floors" in summary:
        missed = summary.get("floors_missed", [])
        cls, text = ("bad", "未达到下限：" + "；".join(missed)) if missed else ("ok", "全部达到下限")
        floors = "，".join(f"{_e(k)} ≥ {v['min']}" for k, v in summary["floors"].items())
        lines.append(f'<p class="{cls}">{_e(text)}（{floors}）</p>')
    return "\n".join(lines)


def _summary_table(summary: dict) -> str:
    cats = list(summary["per_category"])
    head = "".join(f"<th>{_e(c)}</th>" for c in cats)
    rows = []
    for key, (label, kind) in LABELS.items():
        cells = [f'<td class="num">{fmt(summary["overall"].get(key), kind)}</td>']
        cells += [f'<td class="num">{fmt(summary["per_category"][c].get(key), kind)}</td>' for c in cats]
        rows.append(f"<tr><th>{_e(label)}</th>{''.join(cells)}</tr>")
    return f'<table id="summary"><tr><th>指标 metric</th><th>全部 overall</th>{head}</tr>{"".join(rows)}</table>'


def _charts(summary: dict) -> str:
    per = summary["per_category"]
    charts = []
    for i, key in enumerate(CHARTED):
        values = [(c, per[c].get(key)) for c in per]
        if all(v is None for _, v in values):
            continue
        charts.append(f'<div class="chart">{bar_chart(LABELS[key][0], values, PALETTE[i % len(PALETTE)])}</div>')
    return f'<div class="charts" id="category-charts">{"".join(charts) or "<p>没有可画的指标。</p>"}</div>'


def _sources_table(row: dict) -> str:
    if not row["sources"]:
        return '<p class="small">没有检索到任何段落。</p>'
    expected = set(row.get("expected_sources", []))
    trs = []
    for rank, s in enumerate(row["sources"], 1):
        cls = ' class="expected"' if s["source"] in expected else ""
        trs.append(
            f"<tr{cls}><td class='num'>{rank}</td><td>{_e(s['source'])}</td><td>{_e(s.get('title', ''))}</td>"
            f"<td class='num'>{_e(s.get('page', ''))}</td><td>{_e(s.get('section', ''))}</td>"
            f"<td class='num'>{float(s.get('score', 0)):.3f}</td></tr>"
        )
    return (
        "<table><tr><th>#</th><th>来源 source</th><th>标题</th><th>页</th><th>章节</th><th>分数</th></tr>"
        + "".join(trs) + "</table>"
    )


def _facts(row: dict) -> str:
    items = []
    for fact in row.get("expected_facts", []):
        ok = fact_present(fact, row["answer"])
        items.append(f'<span class="{"found" if ok else "missing"}">{"✓" if ok else "✗"} {_e(fact)}</span>')
    for fact in row.get("forbidden_facts", []):
        bad = fact_present(fact, row["answer"])
        items.append(f'<span class="{"missing" if bad else "found"}">禁止 {_e(fact)}{"（出现了）" if bad else ""}</span>')
    return "　".join(items) or "—"


def _failed(rows: list[dict]) -> str:
    failed = [r for r in rows if not r["passed"]]
    if not failed:
        return "<p class='ok'>全部通过。</p>"
    blocks = []
    for r in failed:
        history = "".join(f"<div class='small'>{_e(h['role'])}：{_e(h['content'])}</div>" for h in r.get("history", []))
        flags = (
            f"路由 route：{_e(r['route'])}"
            + (f"（应为 {_e(r['expected_route'])}）" if r.get("expected_route") else "")
            + f" · 拒答 refused：{'是' if r['refused'] else '否'}（应{'是' if r.get('expect_refusal') else '否'}）"
            + f" · 转人工 escalated：{'是' if r['escalated'] else '否'}（应{'是' if r.get('expect_escalation') else '否'}）"
            + f" · {r['latency_ms']:,.0f} ms"
        )
        blocks.append(
            f'<div class="failed" id="q-{_e(r["id"])}"><h3>{_e(r["id"])} · {_e(r["category"])}</h3>'
            f"{history}<div><b>问：</b>{_e(r['question'])}</div>"
            f"<ul class='reasons'>{''.join(f'<li>{_e(x)}</li>' for x in r['reasons'])}</ul>"
            f"<div><b>回答：</b></div><pre class='answer'>{_e(r['answer']) or '（空）'}</pre>"
            f"<div><b>应有事实：</b>{_facts(r)}</div>"
            f"<div><b>应有来源：</b>{_e('、'.join(r.get('expected_sources', [])) or '—')}</div>"
            f"<div class='small'>{flags}</div>"
            + (f"<div class='small'>出题人备注 writer's note：{_e(r['note'])}</div>" if r.get("note") else "")
            + f"<div><b>检索结果：</b></div>{_sources_table(r)}</div>"
        )
    return "".join(blocks)


def _compare(cmp: dict) -> str:
    rows = []
    for key, d in cmp["metrics"].items():
        label, kind = LABELS.get(key, (key, "ratio"))
        delta = d["delta"]
        if delta is None:
            shown, cls = "—", ""
        else:
            lower_is_better = key in ("wrong_fact_rate", "latency_p50_ms", "latency_p95_ms", "fallbacks")
            cls = "" if delta == 0 else ("better" if (delta > 0) != lower_is_better else "worse")
            shown = (f"{delta * 100:+.1f} pt" if kind == "ratio" else f"{delta:+,.0f}")
        rows.append(
            f"<tr><th>{_e(label)}</th><td class='num'>{fmt(d['before'], kind)}</td><td class='num'>{fmt(d['after'], kind)}</td>"
            f"<td class='num {cls}'>{shown}</td></tr>"
        )

    def changes(items: list[dict], cls: str, title: str) -> str:
        if not items:
            return f"<h3>{title}：无</h3>"
        trs = "".join(
            f"<tr><td>{_e(c['id'])}</td><td>{_e(c['question'])}</td>"
            f"<td>{_e('；'.join(c['before_reasons']) or '通过')}</td><td>{_e('；'.join(c['after_reasons']) or '通过')}</td></tr>"
            for c in items
        )
        return (
            f"<h3 class='{cls}'>{title}：{len(items)} 个</h3><table><tr><th>id</th><th>问题</th><th>之前</th><th>现在</th></tr>"
            f"{trs}</table>"
        )

    extra = ""
    if cmp.get("only_now") or cmp.get("only_before"):
        extra = (
            f"<p class='small'>只在本次：{_e('、'.join(cmp.get('only_now', [])) or '—')}；"
            f"只在上次：{_e('、'.join(cmp.get('only_before', [])) or '—')}</p>"
        )
    return (
        f"<h2 id='compare'>与上次比较 · {_e(cmp.get('against', ''))}</h2>"
        f"<table><tr><th>指标</th><th>上次</th><th>本次</th><th>变化</th></tr>{''.join(rows)}</table>"
        + changes(cmp["better"], "better", "变好（失败→通过）")
        + changes(cmp["worse"], "worse", "变差（通过→失败）")
        + changes(cmp.get("still_failing_changed", []), "", "仍失败但原因变了")
        + extra
    )


def render_report(summary: dict, rows: list[dict]) -> str:
    """The whole page as a string."""
    overall = summary["overall"]
    latencies = [float(r["latency_ms"]) for r in rows]
    body = [
        _header(summary),
        "<h2>汇总 Summary</h2>",
        _summary_table(summary),
        "<h2>分类别 Per category</h2>",
        _charts(summary),
        "<h2>延迟分布 Latency</h2>",
        f'<div class="chart" id="latency">{latency_histogram(latencies, overall.get("latency_p50_ms"), overall.get("latency_p95_ms"))}</div>',
    ]
    if "compare" in summary:
        body.append(_compare(summary["compare"]))
    failed = sum(1 for r in rows if not r["passed"])
    body += [f"<h2 id='failed'>失败的问题 Failed ({failed})</h2>", _failed(rows)]
    if summary.get("malformed_lines"):
        items = "".join(f"<li>第 {e['line']} 行 line {e['line']}: {_e(e['message'])}</li>" for e in summary["malformed_lines"])
        body.append(f"<h2 id='malformed'>格式错误的行 Malformed lines</h2><ul>{items}</ul>")
    title = f"职途评估 {summary.get('question_set', '')}"
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(title=_e(title), body="\n".join(body))
