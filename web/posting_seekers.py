"""Posting → seekers for counsellors: the registered seekers (anonymised) who best fit one posting.

Only on the staff pages (mounted behind the login); every call checks the staff role again through ``actor``, so
the ranking of registered people is never reachable from the public page or its API.
"""

from __future__ import annotations

from collections.abc import Callable

import gradio as gr

from core.errors import ZhituError
from web.matching_tab import esc


def posting_seekers_md(service, posting_id: str, k: int = 10) -> str:
    """Markdown of the ranked seekers for ``posting_id`` (or why there are none)."""
    posting_id = (posting_id or "").strip()
    if not posting_id:
        return "请输入岗位编号。"
    if not sum(service.registrations().values()):
        return "尚未导入求职登记数据（管理员导入类型为 seeker 的登记表后可用）。"
    posting = service.matcher.posting(posting_id)
    results = service.match_posting(posting_id, k)
    out = [f"**{esc(posting.id)} {esc(posting.title)}** · {esc(posting.company)} · {esc(posting.district)}", ""]
    for i, r in enumerate(results, 1):
        out.append(f"### {i}. {esc(r.title)}　匹配度 {r.score:.0f}")
        out += [f"- {esc(reason)}" for reason in r.reasons]
        out.append("")
    return "\n".join(out)


def build_posting_seekers(services, actor: Callable[[gr.Request | None], str]) -> None:
    """The section, inside the caller's open Blocks; ``actor(request)`` raises unless a counsellor is logged in."""
    with gr.Accordion("岗位 → 求职者（匿名）", open=False):
        posting_id = gr.Textbox(label="岗位编号", placeholder="例如：J0001", elem_id="posting-id")
        button = gr.Button("查找合适的求职者", elem_id="posting-match")
        out = gr.Markdown(elem_id="posting-seekers")

    def run(pid: str, request: gr.Request):
        actor(request)
        try:
            return posting_seekers_md(services.matching, pid)
        except ZhituError as exc:
            raise gr.Error(str(exc)) from exc

    button.click(run, [posting_id], [out], api_name="posting_seekers")
    posting_id.submit(run, [posting_id], [out], api_name=False)
