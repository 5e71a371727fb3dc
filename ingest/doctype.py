"""Which kind of document a file is, from its content (never from the folder name alone)."""

from __future__ import annotations

import re

from ingest.records import DocType, Page

_PROGRAMME_MARKS = ("专业代码", "学制", "学费", "招生人数", "核心课程", "就业方向", "招生专业")
_POLICY_MARKS = ("第一条", "施行", "办法", "细则", "补贴", "申请", "〔", "人力资源和社会保障")


def detect_text_type(pages: list[Page]) -> DocType:
    """Programme catalogue or policy, by counting the marks each kind of document carries."""
    text = "\n".join(p.text for p in pages)[:20000]
    programme = sum(text.count(m) for m in _PROGRAMME_MARKS) + 3 * len(re.findall(r"\b\d{6}\b", text[:5000]) and [1])
    policy = sum(text.count(m) for m in _POLICY_MARKS) + 3 * len(re.findall(r"第[一二三四五六七八九十百]+条", text))
    return "programme" if programme > policy else "policy"
