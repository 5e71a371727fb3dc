"""The 模拟面试 tab: choose a role (or a posting), answer questions one by one, get rubric feedback and a follow-up,
finish with a report to read and download as Markdown.

``InterviewPage`` holds what the tab does without Gradio; ``build_interview_tab(services)`` wires it into the
open ``gr.Blocks`` / ``gr.Tab`` context. Each browser keeps its own session in ``gr.State``. Everything the
candidate typed is escaped before it is rendered.
"""

from __future__ import annotations

import html
import re
import tempfile
from pathlib import Path

import gradio as gr

from assistant.interview import Interviewer, InterviewSession
from assistant.interview.bank import TYPE_LABELS
from assistant.interview.grader import DIMENSION_LABELS, Grade
from core.errors import ZhituError

POSTING_PREFIX = "按岗位："
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~])")


def esc(text: str) -> str:
    """User text made inert for gr.Markdown: HTML-escaped and Markdown punctuation backslashed."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False)).replace("\n", " ")


class InterviewPage:
    """The tab's behaviour as plain functions of (session, inputs) → new session + texts to show."""

    def __init__(self, interviewer: Interviewer, postings: list[dict] | None = None):
        self.interviewer = interviewer
        self.postings: dict[str, dict] = {}
        for p in postings or []:
            label = f"{POSTING_PREFIX}{p.get('title', '')}（{p.get('company', '')}）"
            self.postings.setdefault(label, p)

    def choices(self) -> list[str]:
        return [r.name for r in self.interviewer.bank.roles] + list(self.postings)

    def start(self, choice: str | None) -> tuple[InterviewSession | None, str, str]:
        """(session, question markdown, status) for the chosen role or posting."""
        if not (choice or "").strip():
            return None, "", "请先选择或输入一个岗位名称。"
        if choice in self.postings:
            session = self.interviewer.start_from_posting(self.postings[choice])
        else:
            try:
                session = self.interviewer.start(choice)
            except ZhituError as exc:
                return None, "", f"⚠️ {esc(exc)}"
        role = session.role
        basis = (f"题目参考了知识库中 {len(role.postings)} 条相近岗位的招聘要求" if role.postings
                 else "知识库里没有这个岗位的招聘信息，题目按通用能力和同类岗位出")
        return session, self._question_md(session), (f"开始模拟面试：{esc(session.title)}，共 {len(session.questions)} 题。"
                                                     f"{esc(basis)}。")

    def submit(self, session: InterviewSession | None, answer: str) -> tuple[InterviewSession | None, str, str, str]:
        """(session, feedback markdown, follow-up markdown, status)."""
        if session is None:
            return None, "", "", "请先点「开始面试」。"
        if session.finished:
            return session, "", "", "题目已经答完，请点「结束并生成报告」。"
        if not (answer or "").strip():
            return session, "", "", "回答是空的，请先写下你的回答。"
        grade = self.interviewer.submit(session, answer.strip())
        left = len(session.questions) - len(session.exchanges)
        status = f"已评分。还剩 {left} 题，点「下一题」继续。" if left else "最后一题已评分，点「结束并生成报告」。"
        return session, feedback_md(grade), f"**追问：** {esc(grade.follow_up)}", status

    def next_question(self, session: InterviewSession | None) -> tuple[str, str, str, str, str]:
        """(question markdown, cleared answer, cleared feedback, cleared follow-up, status)."""
        if session is None:
            return "", "", "", "", "请先点「开始面试」。"
        if session.current is None:
            return "**题目已经答完。**", "", "", "", "请点「结束并生成报告」。"
        return self._question_md(session), "", "", "", ""

    def finish(self, session: InterviewSession | None) -> tuple[str, str | None, str]:
        """(report markdown, path of the .md file to download, status)."""
        if session is None or not session.exchanges:
            return "", None, "还没有回答任何问题，无法生成报告。"
        report = self.interviewer.report(session)
        text = report.to_markdown()
        folder = Path(tempfile.mkdtemp(prefix="zhitu-interview-"))
        path = folder / "模拟面试报告.md"
        path.write_text(text, encoding="utf-8")
        # The report's only free text (question titles) is masked and table-escaped in to_markdown; escape HTML too.
        return html.escape(text, quote=False), str(path), "报告已生成，可以下载。"

    @staticmethod
    def _question_md(session: InterviewSession) -> str:
        q = session.current
        if q is None:
            return "**题目已经答完。**"
        n = len(session.exchanges) + 1
        return f"### 第 {n}/{len(session.questions)} 题（{TYPE_LABELS.get(q.type, q.type)}）\n\n{esc(q.text)}"


def feedback_md(grade: Grade) -> str:
    rows = [f"**本题得分：{grade.score} / 100**", "", "| 维度 | 分数 | 理由 |", "|---|---|---|"]
    rows += [f"| {DIMENSION_LABELS[k]} | {v.score} | {esc(v.reason)} |" for k, v in grade.dimensions.items()]
    rows += ["", f"**最需要改进：{DIMENSION_LABELS[grade.weakest]}**", "", "**改进建议**", ""]
    rows += [f"- {esc(s)}" for s in grade.suggestions]
    return "\n".join(rows)


def build_interview_tab(services) -> None:
    """Add the mock-interview components to the currently open Blocks/Tab context."""
    try:
        postings = services.postings()
    except ZhituError:
        postings = []
    page = InterviewPage(services.interviewer, postings)
    state = gr.State(None)
    with gr.Row():
        role = gr.Dropdown(choices=page.choices(), value=None, allow_custom_value=True,
                           label="选择或输入任何岗位名称（如 茶艺师），也可以按知识库中的招聘信息面试",
                           elem_id="interview-role", scale=3)
        start = gr.Button("开始面试", variant="primary", elem_id="interview-start", scale=1)
    status = gr.Markdown(elem_id="interview-status")
    question = gr.Markdown(elem_id="interview-question")
    answer = gr.Textbox(label="你的回答", lines=5, elem_id="interview-answer",
                        placeholder="像面试时一样回答：先给结论，再讲经过和结果。")
    with gr.Row():
        submit = gr.Button("提交回答", variant="primary", elem_id="interview-submit")
        nxt = gr.Button("下一题", elem_id="interview-next")
        finish = gr.Button("结束并生成报告", variant="stop", elem_id="interview-finish")
    feedback = gr.Markdown(elem_id="interview-feedback")
    follow = gr.Markdown(elem_id="interview-followup")
    report = gr.Markdown(elem_id="interview-report")
    download = gr.DownloadButton("下载报告（Markdown）", visible=False, elem_id="interview-download")

    def _start(choice):
        session, q, msg = page.start(choice)
        return session, q, msg, "", "", "", "", gr.DownloadButton(visible=False)

    def _finish(session):
        md, path, msg = page.finish(session)
        return md, gr.DownloadButton(value=path, visible=path is not None), msg

    start.click(_start, [role], [state, question, status, answer, feedback, follow, report, download])
    submit.click(page.submit, [state, answer], [state, feedback, follow, status])
    nxt.click(page.next_question, [state], [question, answer, feedback, follow, status])
    finish.click(_finish, [state], [report, download, status])
