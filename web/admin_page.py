"""The admin console (/admin): documents, upload with preview (clause diff + changed eval answers), apply/cancel,
restore the previous version, delete with confirmation, download, and the audit log.

Login is the cookie session of ``web/auth.py``; mount with ``auth_dependency=user_for_role("admin")``. Every
handler checks the role again (``_admin``), so the page's API is closed to counsellors and anonymous callers even
if the mount were misconfigured. All work is done by ``services.admin`` (knowledge/admin.py): the same ingestion
code path as ``zhitu ingest``.
"""

from __future__ import annotations

import html
import shutil
import tempfile
from pathlib import Path

import gradio as gr

from core.errors import ZhituError
from core.masking import mask_pii
from knowledge.base import IngestResult
from knowledge.changes import render_html
from web.auth import staff_name
from web.errors import guard as _guard

DOC_HEADERS = ["文件名", "标题", "类型", "版本", "片段数", "入库时间", "上传人"]
AUDIT_HEADERS = ["时间", "操作人", "操作", "文件", "结果", "sha256", "说明"]
TYPE_LABELS = {"policy": "政策", "programme": "专业", "job": "岗位", "seeker": "求职登记"}
ACTION_LABELS = {"upload": "上传", "apply": "生效", "cancel": "取消", "restore": "恢复", "delete": "删除"}
PAGE_CSS = """
.zt-diff ins {background:#e6ffec;text-decoration:none} .zt-diff del {background:#ffebe9}
.zt-diff .fig, .zt-diff mark {background:#ffd33d;font-weight:bold} .zt-clause h4 {margin:.6em 0 .2em}
.zt-answers td {vertical-align:top;padding:4px 8px;border-bottom:1px solid #ddd} .zt-lost {color:#b00020}
"""


def _admin(request: gr.Request | None) -> str:
    return staff_name(request, "admin", "请先以管理员身份登录")


def _esc(text) -> str:
    return html.escape(str(text))


def impact_html(preview) -> str:
    imp = preview.impact
    if imp is None:
        return "<p>（未运行评测问题）</p>"
    if imp.note:
        return f'<p id="impact-summary">尚未登记本部署的评测问题集（运行 zhitu eval 或 zhitu feedback export 后登记），未检查回答变化。</p><p class="zt-note">{_esc(imp.note)}</p>'
    changed = imp.changed
    head = (f'<p id="impact-summary">检查了 {imp.checked} 个相关评测问题（{imp.seconds:.1f} 秒），'
            f"<b>{len(changed)}</b> 个问题的回答会改变。</p>")
    if not changed:
        return head
    rows = []
    for a in changed:
        lost = f'<div class="zt-lost">不再包含期望事实：{_esc("、".join(a.facts_lost))}</div>' if a.facts_lost else ""
        rows.append(f"<tr><td>{_esc(a.id)}</td><td>{_esc(a.question)}</td><td>{_esc(a.old_answer)}</td>"
                    f"<td>{_esc(a.new_answer)}{lost}</td></tr>")
    table = ('<table class="zt-answers"><tr><th>编号</th><th>问题</th><th>现在的回答</th><th>更新后的回答</th></tr>'
             + "".join(rows) + "</table>")
    return head + table.replace("\n", "<br>")


def preview_html(preview) -> str:
    base = f"当前 v{preview.base_version}" if preview.base_version else "新文档"
    head = (f'<h3>{_esc(preview.source)} · {_esc(preview.title)}</h3><p>{base} → 待生效（{preview.chunks} 个片段，'
            f"{preview.size / 1024:.0f} KB，sha256 {preview.sha256[:12]}…，{_esc(preview.created_by)} 上传，状态：{preview.status}）</p>")
    return head + "<h4>条款变化</h4>" + render_html(preview.diff) + "<h4>受影响的评测问题</h4>" + impact_html(preview)


class AdminConsole:
    """Plain data for the page's components."""

    def __init__(self, services):
        self.services = services

    @property
    def admin(self):
        return self.services.admin

    def documents(self) -> list[list]:
        return [[d.source, d.title, TYPE_LABELS.get(d.doc_type, d.doc_type), d.version, d.chunks,
                 d.ingested_at.astimezone().strftime("%Y-%m-%d %H:%M"), d.uploaded_by] for d in self.admin.documents()]

    def sources(self) -> list[str]:
        return [d.source for d in self.admin.documents()]

    def audit(self) -> list[list]:
        return [[e.at.astimezone().strftime("%m-%d %H:%M:%S"), e.actor, ACTION_LABELS.get(e.action, e.action), e.source,
                 str(e.detail.get("result", "")), str(e.detail.get("sha256", ""))[:12],
                 mask_pii(str(e.detail.get("message") or e.detail.get("diff") or
                              (f"v{e.detail['version']}" if e.detail.get("version") else "")))[:160]]
                for e in self.admin.audit()]

    def pending_choices(self) -> list[tuple[str, str]]:
        return [(p.label, p.token) for p in self.admin.pending()]


def build_admin_page(services) -> gr.Blocks:
    """The /admin Gradio page. Mount it behind ``web.auth`` (``auth_dependency=user_for_role("admin")``)."""
    console = AdminConsole(services)

    with gr.Blocks(title="职途 · 管理后台") as page:
        gr.HTML(f"<style>{PAGE_CSS}</style>")
        with gr.Row():
            gr.Markdown("## 职途 · 管理后台")
            who = gr.Markdown(elem_id="who")
            gr.HTML('<a href="/logout" id="logout">退出登录</a>')
        notice = gr.Markdown(elem_id="notice")
        with gr.Tab("文档", id="docs"):
            docs = gr.Dataframe(headers=DOC_HEADERS, value=[], interactive=False, wrap=True, label="已入库文档", elem_id="docs")
            with gr.Row():
                selected = gr.Dropdown([], label="选择文档", elem_id="doc-select", scale=3)
                refresh = gr.Button("刷新", elem_id="refresh", scale=1)
            with gr.Row():
                download_btn = gr.Button("下载当前版本", elem_id="download", scale=1)
                restore_btn = gr.Button("恢复上一版本", elem_id="restore", scale=1)
                delete_btn = gr.Button("删除…", variant="stop", elem_id="delete", scale=1)
            download_file = gr.File(label="下载", interactive=False, elem_id="download-file")
            with gr.Row(visible=False, elem_id="confirm-row") as confirm_row:
                confirm_text = gr.Markdown(elem_id="confirm-text")
                confirm_btn = gr.Button("确认删除", variant="stop", elem_id="confirm-delete")
                keep_btn = gr.Button("不删除", elem_id="cancel-delete")
        with gr.Tab("上传与预览", id="upload"):
            files = gr.File(label="上传文件（.pdf .md .txt .csv .jsonl，可多选）", file_count="multiple",
                            file_types=[".pdf", ".md", ".txt", ".csv", ".jsonl"], elem_id="upload-files")
            upload_btn = gr.Button("上传并预览", variant="primary", elem_id="upload-btn")
            upload_result = gr.Markdown(elem_id="upload-result")
            with gr.Row():
                pending = gr.Dropdown([], label="待生效的预览", elem_id="pending", scale=3)
                apply_btn = gr.Button("应用（生效）", variant="primary", elem_id="apply", scale=1)
                cancel_btn = gr.Button("取消", elem_id="cancel", scale=1)
            preview = gr.HTML(elem_id="preview")
        with gr.Tab("审计日志", id="audit"):
            audit = gr.Dataframe(headers=AUDIT_HEADERS, value=[], interactive=False, wrap=True, label="审计日志", elem_id="audit")

        def lists(keep_source=None, keep_token=None):
            sources = console.sources()
            choices = console.pending_choices()
            tokens = [t for _, t in choices]
            return (console.documents(), gr.Dropdown(choices=sources, value=keep_source if keep_source in sources else None),
                    gr.Dropdown(choices=choices, value=keep_token if keep_token in tokens else (tokens[0] if tokens else None)),
                    console.audit())

        listed = [docs, selected, pending, audit]

        @_guard
        def load(request: gr.Request):
            name = _admin(request)
            return f"当前管理员：**{_esc(name)}**", *lists()

        @_guard
        def show_preview(token, request: gr.Request):
            _admin(request)
            return preview_html(console.admin.preview(token)) if token else ""

        @_guard
        def upload(paths, request: gr.Request, progress=gr.Progress()):  # noqa: B008 - Gradio's injection idiom
            actor = _admin(request)
            paths = [paths] if isinstance(paths, str) else list(paths or [])
            if not paths:
                raise gr.Error("请先选择要上传的文件")
            lines, first = [], None
            for i, path in enumerate(paths):
                path = Path(getattr(path, "name", path))
                name = path.name  # Gradio keeps the browser's base name in a random folder of its own

                def step(frac, desc, i=i):
                    progress((i + frac) / len(paths), desc=desc)

                step(0.0, f"{name}：检查与解析")
                try:
                    outcome = console.admin.upload(name, path.read_bytes(), actor, progress=step)
                except ZhituError as exc:
                    lines.append(f"- ❌ {_esc(mask_pii(str(exc)))}")
                    continue
                if isinstance(outcome, IngestResult):
                    lines.append(f"- ＝ {_esc(outcome.message)}")
                else:
                    first = first or outcome.token
                    n = outcome.impact.changed if outcome.impact else []
                    lines.append(f"- ✅ {_esc(name)}：已生成预览（{_esc(outcome.diff.summary())}；{len(n)} 个评测问题回答改变），"
                                 "确认后点“应用”")
            progress(1.0, desc="完成")
            d, s, p, a = lists(keep_token=first)
            html_ = preview_html(console.admin.preview(first)) if first else ""
            return "\n".join(lines), d, s, p, a, html_, None

        @_guard
        def apply(token, request: gr.Request):
            actor = _admin(request)
            if not token:
                raise gr.Error("请先选择一个待生效的预览")
            r = console.admin.apply(token, actor)
            return (f"已生效：{_esc(r.source)} v{r.version}（{r.chunks} 个片段）", *lists(keep_source=r.source),
                    preview_html(console.admin.preview(token)))

        @_guard
        def cancel(token, request: gr.Request):
            actor = _admin(request)
            if not token:
                raise gr.Error("请先选择一个待生效的预览")
            p = console.admin.cancel(token, actor)
            return f"已取消：{_esc(p.source)} 的预览，线上版本未改动", *lists(), ""

        @_guard
        def restore(source, request: gr.Request):
            actor = _admin(request)
            if not source:
                raise gr.Error("请先选择文档")
            r = console.admin.restore(source, actor)
            return f"已恢复上一版本：{_esc(source)} 现为 v{r.version}", *lists(keep_source=source)

        @_guard
        def ask_delete(source, request: gr.Request):
            _admin(request)
            if not source:
                raise gr.Error("请先选择文档")
            return gr.Row(visible=True), f"确定删除 **{_esc(source)}** 吗？删除后助手将不再引用它（文件的历史版本仍保留，可再上传）。"

        @_guard
        def do_delete(source, request: gr.Request):
            actor = _admin(request)
            rec = console.admin.delete(source, actor)
            return (f"已删除：{_esc(rec.source)}（v{rec.version}，{rec.chunks} 个片段）", *lists(), gr.Row(visible=False))

        @_guard
        def download(source, request: gr.Request):
            _admin(request)
            if not source:
                raise gr.Error("请先选择文档")
            stored = console.admin.download(source)
            # A copy in a fresh temp folder under the document's own name; Gradio serves it from its cache.
            out = Path(tempfile.mkdtemp(prefix="zhitu-dl-")) / source
            shutil.copyfile(stored, out)
            return str(out)

        page.load(load, None, [who, *listed], api_name="documents")
        refresh.click(load, None, [who, *listed], api_name=False)
        pending.change(show_preview, [pending], [preview], api_name="preview")
        upload_btn.click(upload, [files], [upload_result, *listed, preview, files], api_name="upload")
        apply_btn.click(apply, [pending], [notice, *listed, preview], api_name="apply")
        cancel_btn.click(cancel, [pending], [notice, *listed, preview], api_name="cancel")
        restore_btn.click(restore, [selected], [notice, *listed], api_name="restore")
        delete_btn.click(ask_delete, [selected], [confirm_row, confirm_text], api_name=False)
        keep_btn.click(lambda: gr.Row(visible=False), None, [confirm_row], api_name=False)
        confirm_btn.click(do_delete, [selected], [notice, *listed, confirm_row], api_name="delete")
        download_btn.click(download, [selected], [download_file], api_name="download")
    return page
