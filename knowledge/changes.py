"""What changes between two versions of a document, clause by clause (第X条 by 第X条), for the admin's preview.

Policies are compared by clause: each 第X条 (and each 附表, and the text before the first clause) is one unit,
matched by its number, and reported as added, removed or changed. Inside a changed clause the words that differ
are marked, and amounts (1000元, 5万元, 30%) and dates (2026年1月1日, 3月1日) that changed are listed on their own,
because those are what users ask about. Job-posting files are compared posting by posting (by id).
Nothing here touches the knowledge base; the input is the two files' bytes.
"""

from __future__ import annotations

import difflib
import html
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ingest import loaders

CLAUSE = re.compile(r"^(第[一二三四五六七八九十百零〇两\d]+条)")
APPENDIX = re.compile(r"^(附表|附件)\s*\S*")
CHAPTER = re.compile(r"^第[一二三四五六七八九十百零〇\d]+章\s*\S{0,20}$")
# Amounts, percentages, dates and periods: the figures users ask about. One token each, so 1000元 → 1100元 is
# reported as one replaced amount rather than as one changed digit.
FIGURE = re.compile(
    r"\d{4}年\d{1,2}月\d{1,2}日|\d{1,2}月\d{1,2}日|\d+(?:\.\d+)?\s*(?:万元|亿元|元|%|％)|\d+(?:\.\d+)?(?:个月|周岁|个工作日|年)"
)
_TOKEN = re.compile(FIGURE.pattern + r"|\d+(?:\.\d+)?|[A-Za-z]+|\s+|.", re.DOTALL)
PREAMBLE = "标题与文号"


@dataclass
class Segment:
    """A piece of a changed clause: ``op`` is equal | delete | insert | replace."""

    op: str
    old: str = ""
    new: str = ""
    figure: bool = False  # the changed text is an amount, percentage or date


@dataclass
class ClauseChange:
    key: str  # 第七条, 附表 …, or a posting id
    kind: str  # added | removed | changed
    old: str = ""
    new: str = ""
    segments: list[Segment] = field(default_factory=list)
    figures_removed: list[str] = field(default_factory=list)
    figures_added: list[str] = field(default_factory=list)


@dataclass
class DocumentDiff:
    source: str
    old_version: int | None
    changes: list[ClauseChange] = field(default_factory=list)
    unchanged: int = 0

    @property
    def counts(self) -> dict[str, int]:
        c = Counter(ch.kind for ch in self.changes)
        return {"changed": c["changed"], "added": c["added"], "removed": c["removed"], "unchanged": self.unchanged}

    def figure_changes(self) -> list[tuple[str, list[str], list[str]]]:
        """(clause, removed figures, added figures) for every clause whose amounts or dates changed."""
        return [(c.key, c.figures_removed, c.figures_added) for c in self.changes if c.figures_removed or c.figures_added]

    def summary(self) -> str:
        n = self.counts
        text = f"{n['changed']} 条修改，{n['added']} 条新增，{n['removed']} 条删除，{n['unchanged']} 条未变"
        figs = [f"{k}：{'、'.join(old) or '—'} → {'、'.join(new) or '—'}" for k, old, new in self.figure_changes()]
        return text + ("；金额/日期变化：" + "；".join(figs) if figs else "")

    def to_json(self) -> dict:
        return {"source": self.source, "old_version": self.old_version, "unchanged": self.unchanged,
                "changes": [asdict(c) for c in self.changes]}

    @classmethod
    def from_json(cls, data: dict) -> DocumentDiff:
        changes = [ClauseChange(**{**c, "segments": [Segment(**s) for s in c.get("segments", [])]}) for c in data.get("changes", [])]
        return cls(data["source"], data.get("old_version"), changes, data.get("unchanged", 0))


def sections(name: str, data: bytes) -> dict[str, str]:
    """The comparable units of a file, in document order: clauses of a policy/text, or postings of a CSV/JSONL."""
    ext = Path(name).suffix.lower()
    if ext in (".csv", ".jsonl"):
        units: dict[str, str] = {}
        for p in loaders.load_postings(name, data):
            key = str(p.fields.get("id") or f"第{p.row}行")
            units[key] = "；".join(f"{k}：{v}" for k, v in p.fields.items() if v not in (None, ""))
        return units
    pages = loaders.load_pdf(name, data) if ext == ".pdf" else loaders.load_text(name, data)
    return clauses("\n".join(p.text for p in pages))


def clauses(text: str) -> dict[str, str]:
    """Split policy text into 第X条 / 附表 units; chapter headings are dropped, broken lines re-joined."""
    units: dict[str, list[str]] = {}
    key = PREAMBLE
    for raw in text.splitlines():
        line = re.sub(r"^#+\s*", "", raw.strip())
        if not line or CHAPTER.match(line):
            continue
        if m := CLAUSE.match(line):
            key = m.group(1)
        elif m := APPENDIX.match(line):
            key = m.group(0)
        while key in units and (CLAUSE.match(line) or APPENDIX.match(line)):  # a repeated number: keep both
            key += "′"
        units.setdefault(key, []).append(line)
    return {k: _join(lines) for k, lines in units.items()}


def _join(lines: list[str]) -> str:
    out = ""
    for line in lines:
        table = line.startswith("|")
        if not out:
            out = line
        elif table or out.endswith("|"):
            out += "\n" + line
        else:  # PDF line breaks inside a sentence carry no meaning in Chinese text
            out += line
    return out


def figures(text: str) -> list[str]:
    return [re.sub(r"\s+", "", f) for f in FIGURE.findall(text)]


def diff_sections(source: str, old: dict[str, str], new: dict[str, str], old_version: int | None = None) -> DocumentDiff:
    result = DocumentDiff(source, old_version)
    order = list(new)
    for i, key in enumerate(old):  # removed clauses appear where they used to be
        if key not in new:
            before = [k for k in list(old)[:i] if k in order]
            order.insert(order.index(before[-1]) + 1 if before else 0, key)
    for key in order:
        a, b = old.get(key), new.get(key)
        if a is None:
            result.changes.append(ClauseChange(key, "added", new=b, figures_added=figures(b)))
        elif b is None:
            result.changes.append(ClauseChange(key, "removed", old=a, figures_removed=figures(a)))
        elif _norm(a) == _norm(b):
            result.unchanged += 1
        else:
            fa, fb = Counter(figures(a)), Counter(figures(b))
            result.changes.append(ClauseChange(key, "changed", a, b, segments(a, b), list((fa - fb).elements()),
                                               list((fb - fa).elements())))
    return result


def diff_files(name: str, old_data: bytes | None, new_data: bytes, old_version: int | None = None) -> DocumentDiff:
    return diff_sections(name, sections(name, old_data) if old_data is not None else {}, sections(name, new_data), old_version)


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def segments(old: str, new: str) -> list[Segment]:
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    out: list[Segment] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        o, n = "".join(a[i1:i2]), "".join(b[j1:j2])
        is_fig = op != "equal" and bool(FIGURE.search(o) or FIGURE.search(n))
        out.append(Segment(op, o, n, is_fig))
    return out


# ---- rendering (HTML for the admin page; every piece of document text is escaped) ---------------------------
_KIND = {"added": "新增", "removed": "删除", "changed": "修改"}


def render_html(diff: DocumentDiff) -> str:
    esc = html.escape
    parts = [f'<div class="zt-diff"><p class="zt-diff-summary">{esc(diff.summary())}</p>']
    figs = diff.figure_changes()
    if figs:
        parts.append('<ul class="zt-figures">')
        for key, old, new in figs:
            parts.append(f'<li><b>{esc(key)}</b>：<del class="fig">{esc("、".join(old) or "—")}</del> → '
                         f'<mark class="fig">{esc("、".join(new) or "—")}</mark></li>')
        parts.append("</ul>")
    for c in diff.changes:
        parts.append(f'<div class="zt-clause zt-{c.kind}"><h4>{esc(c.key)} · {_KIND[c.kind]}</h4><p>')
        if c.kind == "added":
            parts.append(f"<ins>{_mark_figures(c.new)}</ins>")
        elif c.kind == "removed":
            parts.append(f"<del>{_mark_figures(c.old)}</del>")
        else:
            for s in c.segments:
                cls = ' class="fig"' if s.figure else ""
                if s.op == "equal":
                    parts.append(esc(s.old))
                if s.op in ("delete", "replace"):
                    parts.append(f"<del{cls}>{esc(s.old)}</del>")
                if s.op in ("insert", "replace"):
                    parts.append(f"<ins{cls}>{'<mark>' + esc(s.new) + '</mark>' if s.figure else esc(s.new)}</ins>")
        parts.append("</p></div>")
    if not diff.changes:
        parts.append("<p>没有条款变化。</p>")
    parts.append("</div>")
    return "".join(parts).replace("\n", "<br>")


def _mark_figures(text: str) -> str:
    out, last = [], 0
    for m in FIGURE.finditer(text):
        out += [html.escape(text[last:m.start()]), f'<mark class="fig">{html.escape(m.group(0))}</mark>']
        last = m.end()
    out.append(html.escape(text[last:]))
    return "".join(out)
