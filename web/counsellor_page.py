"""The counsellor console (/counsellor): the escalation queue, a ticket's masked transcript and cited documents,
reply, assign, resolve, and marking a reply as a reviewed answer.

Login is the cookie session of ``web/auth.py``; mount this page with ``auth_dependency=user_for_role("counsellor")``.
Every handler checks the user again (``_actor``), so the page's API cannot be used without a staff login.
"""

import functools
import html
from datetime import UTC, date, datetime, timedelta

import gradio as gr

from core.errors import ZhituError
from web.auth import staff_name
from web.posting_seekers import build_posting_seekers

STATUS_CHOICES = ["open", "new", "assigned", "waiting_for_seeker", "resolved", "closed", "all"]
PRIORITY_CHOICES = ["all", "urgent", "high", "normal"]
STATUS_LABELS = {"new": "新建", "assigned": "处理中", "waiting_for_seeker": "等待求职者", "resolved": "已解决", "closed": "已关闭"}
PRIORITY_LABELS = {"urgent": "紧急", "high": "高", "normal": "普通"}
QUEUE_HEADERS = ["工单", "优先级", "状态", "等待", "处理人", "原因", "摘要"]
MARK_CHOICES = ["应转人工", "无需转人工"]
MARK_REASONS = ["distress", "explicit_request", "labour_dispute", "discrimination", "fraud", "complex_case", "unresolved"]
ROLE_LABELS = {"user": "求职者", "assistant": "职途助手", "counsellor": "老师"}


def _esc(text: str) -> str:
    return html.escape(str(text), quote=False).replace("\n", "  \n")


def _age(created: datetime, now: datetime) -> str:
    minutes = max(0, int((now - created).total_seconds() // 60))
    if minutes < 60:
        return f"{minutes}分钟"
    if minutes < 48 * 60:
        return f"{minutes // 60}小时"
    return f"{minutes // 1440}天"


class CounsellorConsole:
    """What the page does, without Gradio: each method takes the acting user's name and returns plain data."""

    def __init__(self, services):
        self.services = services

    @property
    def tickets(self):
        return self.services.tickets

    def queue(self, status: str = "open", priority: str = "all") -> list[list[str]]:
        views = self.tickets.list(status=None if status == "all" else status, priority=None if priority == "all" else priority)
        now = datetime.now(UTC)
        return [
            [t.id, PRIORITY_LABELS.get(t.priority, t.priority), STATUS_LABELS.get(t.status, t.status), _age(t.created_at, now),
             t.assignee or "—", "、".join(self.services.escalation.label(r) for r in t.reasons), t.summary[:60]]
            for t in views
        ]

    def detail(self, ticket_id: str) -> str:
        t = self.tickets.get(ticket_id)
        lines = [
            f"### {t.id} · {PRIORITY_LABELS.get(t.priority, t.priority)} · {STATUS_LABELS.get(t.status, t.status)}",
            (f"**原因**：{'、'.join(self.services.escalation.label(r) for r in t.reasons)}　**处理人**：{t.assignee or '未分配'}　"
            f"**创建**：{t.created_at.astimezone().strftime('%Y-%m-%d %H:%M')}　**联系方式**：{_esc(t.contact or '未留')}"),
            f"**摘要**：{_esc(t.summary)}",
            "#### 对话记录",
        ]
        lines += [f"- **{ROLE_LABELS.get(turn.get('role'), turn.get('role'))}**：{_esc(turn.get('content', ''))}" for turn in t.transcript] or ["（无）"]
        lines.append("#### 助手引用的文档")
        lines += [
            f"- {_esc(c.get('title') or c.get('source'))}（{_esc(c.get('source'))}，第{c.get('page', '?')}页 {_esc(c.get('section') or '')}）"
            for c in t.cited
        ] or ["（无）"]
        lines.append("#### 往来消息")
        lines += [
            f"- {m['created_at'][:16].replace('T', ' ')} **{'老师 ' + _esc(m['author']) if m['role'] == 'counsellor' else '求职者'}**："
            f"{_esc(m['body'])}{'（已送达）' if m['role'] == 'counsellor' and m['delivered'] else ''}"
            for m in t.messages
        ] or ["（无）"]
        lines.append("#### 审计记录")
        lines += [f"- {e.at.astimezone().strftime('%m-%d %H:%M:%S')} {_esc(e.actor)} {e.action} {_esc(_brief(e.detail))}"
                  for e in self.tickets.audit(t.id)]
        return "\n".join(lines)

    def assign(self, ticket_id: str, actor: str) -> str:
        return f"{self.tickets.assign(ticket_id, actor).id} 已由 {actor} 接手"

    def reply(self, ticket_id: str, body: str, actor: str) -> str:
        view = self.tickets.reply(ticket_id, actor, body)
        return f"{view.id} 已回复，等待求职者查看"

    def set_status(self, ticket_id: str, status: str, actor: str) -> str:
        view = self.tickets.set_status(ticket_id, status, actor=actor)
        return f"{view.id} 状态：{STATUS_LABELS[view.status]}"

    def mark_reviewed(self, ticket_id: str, question: str, answer: str, source: str, expires: str, actor: str) -> str:
        try:
            expiry = date.fromisoformat(expires.strip()) if expires.strip() else date.today() + timedelta(days=180)
        except ValueError as exc:
            raise ZhituError("有效期请写成 2025-12-31 这样的日期") from exc
        answer_id = self.tickets.mark_reviewed(ticket_id or None, question, answer, source, expiry, actor=actor)
        return f"已存为审核答案 #{answer_id}，有效期至 {expiry.isoformat()}"


    def mark_escalation(self, ticket_id: str, message: str, verdict: str, reason: str, actor: str) -> str:
        """'应转人工' (with the reason) or '无需转人工' on one message of a ticket's transcript (default: its summary)."""
        if verdict not in MARK_CHOICES:
            raise ZhituError(f"请选择：{' / '.join(MARK_CHOICES)}")
        should = verdict == MARK_CHOICES[0]
        text = message.strip() or (self.tickets.get(ticket_id).summary if ticket_id else "")
        mark_id = self.tickets.mark_escalation(ticket_id or None, text, should, reason if should else None, actor=actor)
        label = f"{verdict}（{self.services.escalation.label(reason)}）" if should else verdict
        return f"已记录标注 #{mark_id}：{label}；`zhitu feedback export --escalation` 可导出用于重新训练"


def _brief(detail: dict) -> str:
    return "，".join(f"{k}={v}" for k, v in detail.items() if k != "summary")[:120]


def _actor(request: gr.Request | None) -> str:
    return staff_name(request, "counsellor", "请先以老师身份登录")


def _guard(fn):
    """Domain errors become a visible message, not a stack trace."""

    @functools.wraps(fn)  # keeps the signature: Gradio injects gr.Request by the annotation
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except ZhituError as exc:
            raise gr.Error(str(exc)) from exc

    return wrapper


def build_counsellor_page(services) -> gr.Blocks:
    """The /counsellor Gradio page. Mount it behind ``web.auth`` (``auth_dependency=user_for_role("counsellor")``)."""
    console = CounsellorConsole(services)

    with gr.Blocks(title="职途 · 老师工作台") as page:
        with gr.Row():
            gr.Markdown("## 职途 · 老师工作台")
            who = gr.Markdown(elem_id="who")
            gr.HTML('<a href="/logout" id="logout">退出登录</a>')
        with gr.Row():
            status = gr.Dropdown(STATUS_CHOICES, value="open", label="状态", elem_id="status-filter")
            priority = gr.Dropdown(PRIORITY_CHOICES, value="all", label="优先级", elem_id="priority-filter")
            refresh = gr.Button("刷新队列", elem_id="refresh")
        queue = gr.Dataframe(headers=QUEUE_HEADERS, value=[], interactive=False, wrap=True, label="待处理队列", elem_id="queue")
        with gr.Row():
            ticket_id = gr.Textbox(label="工单号", placeholder="ZT-000001（也可点击队列中的一行）", elem_id="ticket-id", scale=3)
            open_btn = gr.Button("打开", elem_id="open", scale=1)
            assign_btn = gr.Button("我来处理", elem_id="assign", scale=1)
            resolve_btn = gr.Button("标记已解决", elem_id="resolve", scale=1)
            close_btn = gr.Button("关闭", elem_id="close", scale=1)
        notice = gr.Markdown(elem_id="notice")
        detail = gr.Markdown(elem_id="detail")
        reply_box = gr.Textbox(label="回复求职者", lines=4, elem_id="reply")
        reply_btn = gr.Button("发送回复", variant="primary", elem_id="send-reply")
        with gr.Accordion("存为审核答案（知识回流）", open=False):
            rq = gr.Textbox(label="问题", elem_id="rq")
            ra = gr.Textbox(label="答案", lines=3, elem_id="ra")
            rs = gr.Textbox(label="出处", placeholder="例如：区人社局 2025 年答复", elem_id="rs")
            rexp = gr.Textbox(label="有效期至（YYYY-MM-DD，空 = 180 天）", elem_id="rexp")
            review_btn = gr.Button("存为审核答案", elem_id="save-reviewed")
        build_posting_seekers(services, _actor)
        with gr.Accordion("标注转人工判断（用于重新训练）", open=False):
            mmsg = gr.Textbox(label="消息（空 = 工单摘要）", elem_id="mark-message")
            mverdict = gr.Radio(MARK_CHOICES, value=MARK_CHOICES[0], label="判断", elem_id="mark-verdict")
            mreason = gr.Dropdown(MARK_REASONS, value="distress", label="原因（应转人工时）", elem_id="mark-reason")
            mark_btn = gr.Button("记录标注", elem_id="save-mark")

        @_guard
        def load(status_v, priority_v, request: gr.Request):
            name = _actor(request)
            return f"当前用户：**{_esc(name)}**", console.queue(status_v, priority_v)

        @_guard
        def show(tid, request: gr.Request):
            _actor(request)
            return console.detail(tid.strip()) if tid.strip() else ""

        @_guard
        def pick(evt: gr.SelectData, request: gr.Request):
            _actor(request)
            row = evt.row_value or []
            tid = str(row[0]) if row else ""
            return tid, console.detail(tid) if tid else ""

        def after(message, tid, status_v, priority_v):
            return message, console.detail(tid), console.queue(status_v, priority_v)

        @_guard
        def do_assign(tid, status_v, priority_v, request: gr.Request):
            return after(console.assign(tid.strip(), _actor(request)), tid.strip(), status_v, priority_v)

        @_guard
        def do_resolve(tid, status_v, priority_v, request: gr.Request):
            return after(console.set_status(tid.strip(), "resolved", _actor(request)), tid.strip(), status_v, priority_v)

        @_guard
        def do_close(tid, status_v, priority_v, request: gr.Request):
            return after(console.set_status(tid.strip(), "closed", _actor(request)), tid.strip(), status_v, priority_v)

        @_guard
        def do_reply(tid, status_v, priority_v, body, request: gr.Request):
            return after(console.reply(tid.strip(), body, _actor(request)), tid.strip(), status_v, priority_v)

        @_guard
        def do_review(tid, status_v, priority_v, question, answer, source, expires, request: gr.Request):
            message = console.mark_reviewed(tid.strip(), question, answer, source, expires, _actor(request))
            return after(message, tid.strip(), status_v, priority_v)

        @_guard
        def do_mark(tid, status_v, priority_v, message, verdict, reason, request: gr.Request):
            note = console.mark_escalation(tid.strip(), message, verdict, reason, _actor(request))
            return after(note, tid.strip(), status_v, priority_v) if tid.strip() else (note, "", console.queue(status_v, priority_v))

        page.load(load, [status, priority], [who, queue], api_name="queue")
        refresh.click(load, [status, priority], [who, queue], api_name=False)
        status.change(load, [status, priority], [who, queue], api_name=False)
        priority.change(load, [status, priority], [who, queue], api_name=False)
        open_btn.click(show, [ticket_id], [detail], api_name="ticket")
        ticket_id.submit(show, [ticket_id], [detail], api_name=False)
        queue.select(pick, None, [ticket_id, detail], api_name=False)
        base = [ticket_id, status, priority]
        outs = [notice, detail, queue]
        assign_btn.click(do_assign, base, outs, api_name="assign")
        resolve_btn.click(do_resolve, base, outs, api_name="resolve")
        close_btn.click(do_close, base, outs, api_name="close")
        reply_btn.click(do_reply, [*base, reply_box], outs, api_name="reply").success(lambda: "", None, [reply_box], api_name=False)
        review_btn.click(do_review, [*base, rq, ra, rs, rexp], outs, api_name="mark_reviewed")
        mark_btn.click(do_mark, [*base, mmsg, mverdict, mreason], outs, api_name="mark_escalation")
    return page
