"""The job seeker's page: chat with streaming and cited sources, 👍/👎, 转人工, starter questions, per-browser sessions.

Everything shown is escaped: a message like <img src=x onerror=alert(1)> appears as text."""

from __future__ import annotations

import html
import uuid

import gradio as gr

import prompts
from assistant.feedback import reasons
from assistant.records import Replace, Reply
from core.errors import ZhituError


def esc(text: str) -> str:
    return html.escape(text or "", quote=False)


def sources_block(reply: Reply) -> str:
    if not reply.sources:
        return ""
    lines = ["", "", "**来源**"]
    for i, s in enumerate(reply.sources, 1):
        quote = s.text.replace("\n", " ")
        quote = quote if len(quote) <= 90 else quote[:90] + "…"
        # The blank line after each quote ends the blockquote, so the next source is not drawn inside it.
        lines.append(f"[{i}] {esc(s.source)} · 《{esc(s.title)}》 · 第{s.page}页 · {esc(s.section)}  \n> {esc(quote)}\n")
    return "\n".join(lines)


def render_reply(reply: Reply) -> str:
    text = esc(reply.answer)
    if reply.ticket_id:
        text += f"\n\n工单号：**{esc(reply.ticket_id)}**"
    return text + sources_block(reply)


class ChatHandlers:
    """The page's callbacks; state is (session_id, [per-answer records for feedback])."""

    def __init__(self, services) -> None:
        self.services = services

    @staticmethod
    def new_state() -> dict:
        return {"session_id": uuid.uuid4().hex, "answers": []}

    def submit(self, message: str, history: list[dict], state: dict):
        message = (message or "").strip()
        if not message:
            yield history, state, ""
            return
        state = state or self.new_state()
        history = [*history, {"role": "user", "content": esc(message)}, {"role": "assistant", "content": "…"}]
        yield history, state, ""
        text = ""
        reply = None
        for event in self.services.assistant.stream(message, session_id=state["session_id"]):
            if isinstance(event, Reply):
                reply = event
            else:
                text = str(event) if isinstance(event, Replace) else text + event
                history[-1] = {"role": "assistant", "content": esc(text)}
                yield history, state, ""
        history[-1] = {"role": "assistant", "content": render_reply(reply)}
        state["answers"].append({"question": message, "answer": reply.answer, "route": reply.route,
                                 "sources": [s.source for s in reply.sources], "turn_id": reply.turn_id})
        yield history, state, ""

    def like(self, state: dict, data: gr.LikeData):
        """Store 👍/👎 with the turn; a 👎 opens the reason panel (returns notice, panel visibility, state)."""
        answers = (state or {}).get("answers", [])
        # data.index is the position in the message list; answers are every second message.
        idx = data.index if isinstance(data.index, int) else data.index[0]
        nth = idx // 2
        if not answers or nth >= len(answers) or not data.liked and data.liked is not False:
            return "", gr.Column(visible=False), state
        rec = answers[nth]
        rating = 1 if data.liked else -1
        feedback_id = self.services.feedback.add(state["session_id"], rec["question"], rec["answer"], rating, rec["sources"],
                                                 rec["route"], turn_id=rec.get("turn_id"))
        if rating > 0:
            return "已记录你的反馈，谢谢！", gr.Column(visible=False), state
        if self.services.sessions is not None:
            self.services.sessions.mark_unresolved(state["session_id"], rec["question"][:20])
        state = {**state, "feedback_id": feedback_id}
        return "已记录：这个回答没帮上忙。能告诉我们原因吗？（可选）", gr.Column(visible=True), state

    def reason(self, state: dict, label: str | None, comment: str):
        """The reason for the last 👎 (one of ``reasons()``) and optional text; returns notice, panel, radio, text."""
        feedback_id = (state or {}).get("feedback_id")
        ids = {v: k for k, v in reasons().items()}
        if feedback_id is None or label not in ids:
            return "请先选择一个原因。", gr.Column(visible=feedback_id is not None), label, comment
        try:
            self.services.feedback.set_reason(feedback_id, ids[label], comment)
        except ZhituError as exc:
            return str(exc), gr.Column(visible=False), None, ""
        state.pop("feedback_id", None)
        tail = "点「转人工」，老师会联系你。" if ids[label] == "want_human" else "我们会据此改进。再问一次或点「转人工」。"
        return f"谢谢！已记录原因：{label}。{tail}", gr.Column(visible=False), None, ""

    def handoff(self, history: list[dict], state: dict, contact: str):
        state = state or self.new_state()
        reply = self.services.assistant.escalate(state["session_id"], contact=(contact or "").strip() or None)
        history = [*history, {"role": "user", "content": "转人工"}, {"role": "assistant", "content": render_reply(reply)}]
        state["answers"].append({"question": "转人工", "answer": reply.answer, "route": reply.route, "sources": [], "turn_id": reply.turn_id})
        return history, state

    def clear(self):
        return [], self.new_state(), ""

    def starters(self) -> list[list[str]]:
        """Starter questions written from the ingested documents (none while the knowledge base is empty)."""
        from knowledge.starters import starter_questions

        templates = [t for t in prompts.load("starter_questions").splitlines() if t.strip()]
        return [[q] for q in starter_questions(self.services.kb, templates)]

    def ask_api(self, message: str, session_id: str) -> dict:
        """API for gradio_client: api_name='ask'. Returns the DESIGN.md JSON plus the session id to continue with."""
        session_id = (session_id or "").strip() or uuid.uuid4().hex
        reply = self.services.assistant.ask(message, session_id=session_id)
        return reply.to_json() | {"session_id": session_id}


def build_chat_tab(services, bootstrap=None) -> None:
    """The 咨询 tab; call inside an open gr.Blocks. ``bootstrap`` reports a first ingest still running."""
    h = ChatHandlers(services)
    state = gr.State(h.new_state)
    gr.Markdown(prompts.load("chat_intro"))
    status = gr.Markdown(bootstrap.text() if bootstrap else "", elem_id="ingest-status")
    chat = gr.Chatbot(label="职途助手", height=520, elem_id="chat", sanitize_html=True, buttons=["copy"],
                      placeholder="问问专业、补贴政策或招聘岗位")
    with gr.Row():
        box = gr.Textbox(placeholder="输入你的问题，回车发送", show_label=False, scale=8, elem_id="question", max_length=2000)
        send = gr.Button("发送", variant="primary", scale=1, elem_id="send")
    with gr.Row():
        contact = gr.Textbox(placeholder="（可选）留下电话或微信，方便老师联系你", show_label=False, scale=6, elem_id="contact", max_length=100)
        human = gr.Button("转人工", scale=1, elem_id="handoff")
        clear = gr.Button("清空对话", scale=1, elem_id="clear")
    notice = gr.Markdown(elem_id="notice")
    starters = gr.Dataset(components=[box], samples=h.starters(), label="可以这样问", elem_id="starters")
    starters.click(lambda sample: sample[0], [starters], [box], api_name=False)
    with gr.Column(visible=False, elem_id="dislike-reasons") as reason_panel:
        reason = gr.Radio(list(reasons().values()), label="哪里没帮上忙？", elem_id="dislike-reason")
        comment = gr.Textbox(placeholder="（可选）补充说明", show_label=False, max_length=500, elem_id="dislike-comment")
        reason_send = gr.Button("提交原因", elem_id="dislike-send", size="sm")
    box.submit(h.submit, [box, chat, state], [chat, state, box], api_name=False)
    send.click(h.submit, [box, chat, state], [chat, state, box], api_name=False)
    chat.like(h.like, [state], [notice, reason_panel, state], api_name=False)
    reason_send.click(h.reason, [state, reason, comment], [notice, reason_panel, reason, comment], api_name=False)
    human.click(h.handoff, [chat, state, contact], [chat, state], api_name=False)
    clear.click(h.clear, None, [chat, state, notice], api_name=False)
    api_in, api_session = gr.Textbox(visible=False), gr.Textbox(visible=False)
    api_out = gr.JSON(visible=False)
    gr.Button(visible=False).click(h.ask_api, [api_in, api_session], api_out, api_name="ask")
    if bootstrap is not None:
        timer = gr.Timer(2.0, active=bootstrap.running())
        timer.tick(lambda: (bootstrap.text(), gr.Timer(active=bootstrap.running()), gr.Dataset(samples=h.starters())), None,
                   [status, timer, starters], api_name=False)
