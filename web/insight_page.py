"""The insight page (/insight, counsellors and admins): what people asked and what Zhitu could not answer.

For a chosen period: conversations and questions per day, the auto-resolution share (answered without a person:
not refused, not escalated, no 👎), refusals and escalations per day, 👎 reasons, escalations by reason and
priority, time to the first counsellor reply, open tickets by age, answer latency and LLM fallbacks; then the
unanswered questions grouped by topic with the nearest documents. A group can be exported as a question set for
`zhitu eval` or turned into a counsellor's reviewed answer.

Charts are inline SVG drawn here (no script, no network). Every text shown comes masked from ``eval.insight``;
no ticket contact is ever read. Login is the cookie session of ``web/auth.py``; mount with
``auth_dependency=user_for_role("counsellor")``; every handler checks the role again.
"""

from __future__ import annotations

import html
import json
import tempfile
from datetime import date, timedelta
from pathlib import Path

import gradio as gr

from core.errors import ZhituError
from web.auth import staff_name
from web.errors import guard as _guard

COLOURS = {"conversations": "#5b8ff9", "questions": "#9bb7f0", "auto_resolved": "#2f9e44", "answered": "#94d82d",
           "refused": "#f08c00", "escalated": "#e03131"}
SERIES_LABELS = {"conversations": "会话", "questions": "提问", "auto_resolved": "自动解决", "answered": "已答但被踩",
                 "refused": "无法回答", "escalated": "转人工"}
AGE_LABELS = {"lt_1h": "<1小时", "1h_1d": "1小时–1天", "1d_3d": "1–3天", "gt_3d": ">3天"}
PRIORITY_LABELS = {"urgent": "紧急", "high": "高", "normal": "普通"}
PAGE_CSS = """
.zt-cards {display:flex;flex-wrap:wrap;gap:10px} .zt-card {border:1px solid #ddd;border-radius:8px;padding:8px 14px;min-width:120px}
.zt-card b {display:block;font-size:22px} .zt-chart {margin:6px 0 14px} .zt-chart h4 {margin:4px 0}
.zt-groups td {vertical-align:top;padding:4px 8px;border-bottom:1px solid #ddd}
.zt-legend span {display:inline-flex;align-items:center;gap:4px;margin-right:14px;font-size:12px} .zt-legend svg {display:inline}
"""


def _esc(text) -> str:
    return html.escape(str(text))


def _pct(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _actor(request: gr.Request | None) -> str:
    return staff_name(request, "counsellor", "请先以老师或管理员身份登录")


def _legend(keys) -> str:
    return '<div class="zt-legend">' + "".join(
        f'<span><svg width="10" height="10"><rect width="10" height="10" fill="{COLOURS[k]}"/></svg> {SERIES_LABELS[k]}</span>'
        for k in keys) + "</div>"


def day_chart(per_day: list[dict], keys: tuple[str, ...], title: str, chart_id: str, stacked: bool) -> str:
    """Bars per day: side by side, or stacked (parts of one whole)."""
    width, height, pad = 760, 180, 28
    n = max(1, len(per_day))
    totals = [sum(d[k] for k in keys) if stacked else max((d[k] for k in keys), default=0) for d in per_day]
    top = max(totals, default=0) or 1
    slot = (width - pad) / n
    bars = []
    for i, d in enumerate(per_day):
        x = pad + i * slot
        y = height - pad
        for j, k in enumerate(keys):
            h = (height - 2 * pad) * d[k] / top
            if stacked:
                y -= h
                bx, bw, by = x + slot * 0.15, slot * 0.7, y
            else:
                bw = slot * 0.8 / len(keys)
                bx, by = x + slot * 0.1 + j * bw, height - pad - h
            if d[k]:
                bars.append(f'<rect x="{bx:.1f}" y="{by:.1f}" width="{bw:.1f}" height="{h:.1f}" fill="{COLOURS[k]}">'
                            f'<title>{d["day"]} {SERIES_LABELS[k]} {d[k]}</title></rect>')
        if n <= 16 or i % max(1, n // 12) == 0:
            bars.append(f'<text x="{x + slot / 2:.1f}" y="{height - 10}" font-size="10" text-anchor="middle">{d["day"][5:]}</text>')
    axis = (f'<line x1="{pad}" y1="{height - pad}" x2="{width}" y2="{height - pad}" stroke="#999"/>'
            f'<text x="2" y="{pad + 4}" font-size="10">{top}</text>')
    return (f'<div class="zt-chart" id="{chart_id}"><h4>{_esc(title)}</h4>{_legend(keys)}'
            f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="{_esc(title)}">{axis}{"".join(bars)}</svg></div>')


def hbar_chart(rows: list[tuple[str, int]], title: str, chart_id: str, colour: str = "#5b8ff9") -> str:
    """Horizontal bars, one per label."""
    if not rows:
        return f'<div class="zt-chart" id="{chart_id}"><h4>{_esc(title)}</h4><p>（无）</p></div>'
    top = max(v for _, v in rows) or 1
    line, label_w, width = 22, 220, 600
    parts = []
    for i, (label, value) in enumerate(rows):
        y = i * line
        w = (width - label_w - 40) * value / top
        parts.append(f'<text x="0" y="{y + 15}" font-size="12">{_esc(label)}</text>'
                     f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="14" fill="{colour}"><title>{_esc(label)} {value}</title></rect>'
                     f'<text x="{label_w + w + 4:.1f}" y="{y + 15}" font-size="12">{value}</text>')
    return (f'<div class="zt-chart" id="{chart_id}"><h4>{_esc(title)}</h4>'
            f'<svg viewBox="0 0 {width} {len(rows) * line + 4}" width="{width}" role="img" aria-label="{_esc(title)}">{"".join(parts)}</svg></div>')


def summary_html(data: dict) -> str:
    t, s, lat, llm = data["totals"], data["shares"], data["latency_ms"], data["llm"]
    cards = [("会话", t["conversations"]), ("提问", t["questions"]), ("自动解决率", _pct(s["auto_resolved"])),
             ("无法回答", _pct(s["refused"])), ("转人工", _pct(s["escalated"])), ("被踩", t["thumbs_down"]),
             ("响应 p50 / p95", f"{lat['p50'] if lat['p50'] is not None else '—'} / {lat['p95'] if lat['p95'] is not None else '—'} ms")]
    if llm:
        cards.append(("大模型回退", f"{llm['fallbacks']} / {llm['turns']}"))
    p = data["period"]
    return (f'<p id="period">{_esc(p["since"])} 至 {_esc(p["until"])}（{_esc(p["timezone"])}）</p><div class="zt-cards" id="cards">'
            + "".join(f'<div class="zt-card">{_esc(k)}<b>{_esc(v)}</b></div>' for k, v in cards) + "</div>")


def charts_html(data: dict) -> str:
    per_day = data["per_day"]
    outcome = [{**d, "answered": d["answered"] - d["auto_resolved"]} for d in per_day]  # answered but 👎
    e = data["escalations"]
    from assistant.feedback import reasons

    labels = reasons()
    fr = e["first_reply_minutes"]
    return "".join([
        day_chart(per_day, ("conversations", "questions"), "每日会话与提问", "chart-volume", stacked=False),
        day_chart(outcome, ("auto_resolved", "answered", "refused", "escalated"), "每日提问结果", "chart-outcome", stacked=True),
        hbar_chart([(labels.get(r, "未选原因"), n) for r, n in data["feedback_reasons"].items()], "被踩的原因", "chart-reasons", "#f08c00"),
        hbar_chart([(r["label"], r["tickets"]) for r in e["by_reason"]], f"转人工原因（工单 {e['tickets']}）", "chart-escalation", "#e03131"),
        hbar_chart([(PRIORITY_LABELS[p], n) for p, n in e["by_priority"].items()], "转人工优先级", "chart-priority", "#e8590c"),
        hbar_chart([(AGE_LABELS[a], n) for a, n in e["open_by_age"].items()], "未结工单（按等待时长）", "chart-open", "#868e96"),
        (f'<p id="first-reply">老师首次回复：中位 {fr["p50"] if fr["p50"] is not None else "—"} 分钟，'
        f'p95 {fr["p95"] if fr["p95"] is not None else "—"} 分钟；已回复 {fr["replied"]}，尚未回复 {fr["waiting"]}</p>'),
    ])


def groups_html(groups: list[dict], shown: int = 30) -> str:
    if not groups:
        return '<p id="no-groups">这段时间没有无法回答或被踩的问题。</p>'
    from assistant.feedback import reasons

    labels = reasons()
    rows = []
    for g in groups[:shown]:
        docs = "<br>".join(f"{_esc(d['title'] or d['source'])}（{_esc(d['source'])}）" for d in g["documents"]) or "（知识库中没有相近文档）"
        examples = "<br>".join(f"· {_esc(q)}" for q in g["examples"])
        why = "、".join(f"{_esc(labels.get(k, k))} {v}" for k, v in g["reasons"].items())
        rows.append(f'<tr class="zt-group" data-group="{g["id"]}"><td>{g["id"]}</td><td><b>{g["size"]}</b><br>无法回答 {g["refused"]} · 被踩 '
                    f'{g["thumbs_down"]}{"<br>" + why if why else ""}</td><td>{examples}</td><td>{docs}</td></tr>')
    return ('<table class="zt-groups" id="groups"><tr><th>组</th><th>数量</th><th>示例问题（已脱敏）</th><th>最接近的文档</th></tr>'
            + "".join(rows) + "</table>" + (f"<p>另有 {len(groups) - shown} 个较小的组（可用 zhitu insight 查看全部）</p>" if len(groups) > shown else ""))


class InsightConsole:
    """What the page does, without Gradio: plain data in, plain data out."""

    def __init__(self, services):
        self.services = services

    def report(self, since: str, until: str) -> dict:
        return self.services.insight.report(_day(since, "开始日期"), _day(until, "结束日期"), with_questions=True)

    def export(self, data: dict, group_id) -> str:
        """Write the group as a question set (JSON Lines, masked) in a fresh temp folder; returns the path."""
        group = _find(data, group_id)
        lines = self.services.insight.export_group(group, data["period"]["since"])
        out = Path(tempfile.mkdtemp(prefix="zhitu-insight-")) / f"unanswered-{data['period']['since']}-g{group['id']}.jsonl"
        out.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in lines), encoding="utf-8")
        return str(out)

    def review(self, question: str, answer: str, source: str, expires: str, actor: str) -> str:
        try:
            expiry = date.fromisoformat(expires.strip()) if expires.strip() else date.today() + timedelta(days=180)
        except ValueError as exc:
            raise ZhituError("有效期请写成 2026-12-31 这样的日期") from exc
        answer_id = self.services.tickets.mark_reviewed(None, question, answer, source, expiry, actor=actor)
        return f"已存为审核答案 #{answer_id}，有效期至 {expiry.isoformat()}；之后同类问题将引用它作答"


def _day(value: str, what: str) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ZhituError(f"{what}请写成 2026-11-01 这样的日期") from exc


def _find(data: dict | None, group_id) -> dict:
    for g in (data or {}).get("unanswered", []):
        if str(g["id"]) == str(group_id).split(" ", 1)[0]:
            return g
    raise ZhituError("请先选择一个问题组")


def build_insight_page(services) -> gr.Blocks:
    """The /insight Gradio page. Mount it behind ``web.auth`` (``auth_dependency=user_for_role("counsellor")``)."""
    console = InsightConsole(services)

    with gr.Blocks(title="职途 · 咨询洞察") as page:
        gr.HTML(f"<style>{PAGE_CSS}</style>")
        with gr.Row():
            gr.Markdown("## 职途 · 咨询洞察：大家在问什么，哪些还答不了")
            who = gr.Markdown(elem_id="who")
            gr.HTML('<a href="/counsellor/">老师工作台</a> · <a href="/logout" id="logout">退出登录</a>')
        with gr.Row():
            since = gr.Textbox(label="开始日期（YYYY-MM-DD，空 = 最近 30 天）", elem_id="since", scale=2)
            until = gr.Textbox(label="结束日期（空 = 今天）", elem_id="until", scale=2)
            refresh = gr.Button("统计", variant="primary", elem_id="refresh", scale=1)
        state = gr.State(None)
        summary = gr.HTML(elem_id="summary")
        charts = gr.HTML(elem_id="charts")
        gr.Markdown("### 知识库答不了的问题（按主题分组）")
        groups = gr.HTML(elem_id="unanswered")
        with gr.Row():
            pick = gr.Dropdown(choices=[], label="问题组", elem_id="group-pick", scale=3)
            export_btn = gr.Button("导出为评测题集", elem_id="export", scale=1)
        export_file = gr.File(label="题集（JSON Lines，可用 zhitu eval 运行）", interactive=False, elem_id="export-file")
        with gr.Accordion("为这组问题写一个审核答案", open=False):
            rq = gr.Textbox(label="问题", elem_id="rq")
            ra = gr.Textbox(label="答案", lines=3, elem_id="ra")
            rs = gr.Textbox(label="出处", placeholder="例如：区人社局 2026 年答复", elem_id="rs")
            rexp = gr.Textbox(label="有效期至（YYYY-MM-DD，空 = 180 天）", elem_id="rexp")
            review_btn = gr.Button("存为审核答案", elem_id="save-reviewed")
        notice = gr.Markdown(elem_id="notice")

        @_guard
        def load(since_v, until_v, request: gr.Request):
            name = _actor(request)
            data = console.report(since_v, until_v)
            choices = [f"{g['id']} · {g['label'][:30]}（{g['size']}）" for g in data["unanswered"]]
            return (f"当前用户：**{_esc(name)}**", data, summary_html(data), charts_html(data), groups_html(data["unanswered"]),
                    gr.Dropdown(choices=choices, value=choices[0] if choices else None))

        @_guard
        def chosen(data, group_id, request: gr.Request):
            _actor(request)
            return _find(data, group_id)["label"] if group_id else ""

        @_guard
        def export(data, group_id, request: gr.Request):
            _actor(request)
            return console.export(data, group_id)

        @_guard
        def review(question, answer, source, expires, request: gr.Request):
            return console.review(question, answer, source, expires, _actor(request))

        outs = [who, state, summary, charts, groups, pick]
        page.load(load, [since, until], outs, api_name="figures")
        refresh.click(load, [since, until], outs, api_name=False)
        pick.change(chosen, [state, pick], [rq], api_name=False)
        export_btn.click(export, [state, pick], [export_file], api_name="export")
        review_btn.click(review, [rq, ra, rs, rexp], [notice], api_name="review")
    return page
