"""Extractive answers (no model): pick the sentences, clauses, table rows or posting fields that answer the
question, keep numbers with their units and conditions, and cite each with [n]. Never writes a number itself."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from langchain_core.documents import Document

import prompts
from assistant.lexicon import contains_any, slots
from core.places import canonical_district, is_district, place_mentions
from knowledge.lexical import terms
from knowledge.query import QueryAnalysis

_UNIT_SPLIT = re.compile(r"(?<=[。；！？])")
_CLAUSE_SPLIT = re.compile(r"(?<=[，：])")
_NUMBER = re.compile(r"\d")
_ASKS = ("asks_amount", "asks_time", "asks_place", "asks_condition")
_LEAD = re.compile(r"^第[一二三四五六七八九十百零〇\d]+条\s*")


@dataclass
class Draft:
    """An answer before it becomes a Reply: text with [n] markers and the passages they cite, in order."""

    text: str
    cited: list[Document] = field(default_factory=list)
    clarify: bool = False


class Citations:
    def __init__(self) -> None:
        self.docs: list[Document] = []
        self._index: dict[str, int] = {}

    def mark(self, doc: Document) -> str:
        key = doc.id or doc.page_content
        if key not in self._index:
            self.docs.append(doc)
            self._index[key] = len(self.docs)
        return f"[{self._index[key]}]"


def district_of(doc: Document) -> str:
    md = doc.metadata
    if md.get("district"):
        return canonical_district(str(md["district"]))
    return next((p.name for p in place_mentions(str(md.get("title", ""))) if is_district(p)), "")


def consistent(docs: list[Document], a: QueryAnalysis) -> list[Document]:
    """Drop passages that belong to another district, programme or college than the question names."""
    out = docs
    if a.districts:
        out = [d for d in out if not district_of(d) or district_of(d) in a.districts]
    if a.codes:
        out = [d for d in out if d.metadata.get("doc_type") != "programme" or d.metadata.get("programme_code") in a.codes] or out
    elif a.programmes:
        out = [d for d in out if d.metadata.get("doc_type") != "programme" or d.metadata.get("programme") in a.programmes] or out
    if a.colleges:
        out = [d for d in out if d.metadata.get("doc_type") != "programme" or d.metadata.get("college") in a.colleges] or out
    return out


class ExtractiveAnswerer:
    def __init__(self, max_chars: int = 200, max_postings: int = 3) -> None:
        self.max_chars = max_chars
        self.max_postings = max_postings

    def answer(self, question: str, route: str, a: QueryAnalysis, docs: list[Document], focus: str = "") -> Draft:
        """``focus`` is the user's own message: a follow-up's intent (去哪里办？) outranks the earlier question's."""
        docs = consistent(docs, a)
        focus = focus if any(contains_any(focus, slots()[k]) for k in _ASKS) else question
        if route == "job":
            jobs = [d for d in docs if d.metadata.get("doc_type") == "job"]
            if jobs:
                return self._jobs(question, jobs)
        if route == "programme":
            progs = [d for d in docs if d.metadata.get("doc_type") == "programme"]
            if progs:
                return self._programme(question, a, progs, focus)
            jobs = [d for d in docs if d.metadata.get("doc_type") == "job"]
            if jobs and docs[0].metadata.get("doc_type") == "job":
                return self._jobs(question, jobs)
        if route == "policy" and docs:
            # A policy answer quotes the documents of the top passage's kind: no posting lines under a subsidy table.
            docs = [d for d in docs if d.metadata.get("doc_type") == docs[0].metadata.get("doc_type")]
        return self._sentences(question, a, docs, focus)

    # ---- policies and free text ------------------------------------------------------------------------------
    def _sentences(self, question: str, a: QueryAnalysis, docs: list[Document], focus: str = "") -> Draft:
        q_terms = set(terms(question)) - set(slots()["stopwords"])
        levels = [lv for lv in slots()["education"] if lv in question]
        wants = {k: bool(contains_any(focus or question, slots()[k])) for k in _ASKS}
        units: list[tuple[float, int, Document, str]] = []
        if a.districts and docs and docs[0].metadata.get("doc_type") == "policy":
            # One named district, one policy: don't mix in sentences from its other documents.
            docs = [d for d in docs if d.metadata.get("source") == docs[0].metadata.get("source")]
        for rank, doc in enumerate(docs[:40]):
            # Words of the document title say which document, not which sentence: score on the rest.
            context = set(terms(doc.metadata.get("title", "")))
            specific = (q_terms - context) or q_terms
            for order, unit in enumerate(self._units(doc)):
                text = self._trim(unit, levels)
                body = text.split("：", 1)[1] if doc.metadata.get("kind") == "table_row" and "：" in text else text
                score = self._score(body, specific, wants, levels) + (0.6 / (rank + 1) if rank < 8 else 0.0)
                if score > 0.5:
                    units.append((score, rank * 1000 + order, doc, text))
        if not units:
            return Draft(text="")
        units.sort(key=lambda u: -u[0])
        multi_district = not a.districts and len({district_of(u[2]) for u in units[:4] if district_of(u[2])}) > 1
        chosen: list[tuple[int, Document, str]] = []
        used = 0
        seen_numbers: set[str] = set()
        best = units[0][0]
        districts_used: set[str] = set()
        for score, order, doc, text in units:
            if score < best * 0.45 or len(chosen) >= 4:
                break
            if multi_district:  # one line per district: the best one
                if district_of(doc) in districts_used:
                    continue
                districts_used.add(district_of(doc))
            nums = set(re.findall(r"\d+(?:\.\d+)?", text))
            if nums and nums <= seen_numbers:
                continue
            cost = len(text) + 12
            if chosen and used + cost > self.max_chars:
                continue
            chosen.append((order, doc, text))
            seen_numbers |= nums
            used += cost
        cites = Citations()
        lines = []
        if not multi_district:
            chosen.sort(key=lambda c: c[0])
        for _, doc, text in chosen:
            label = district_of(doc) if multi_district else doc.metadata.get("section", "")
            label = label if label and label not in ("正文",) else ""
            body = text if not label or text.startswith(label) else f"{label}：{text}"
            lines.append(f"{body}{cites.mark(doc)}")
        title = cites.docs[0].metadata.get("title", "") if len({d.metadata.get('source') for d in cites.docs}) == 1 else ""
        head = f"根据《{title}》：" if title else (prompts.load("ask_district").strip() + "\n" if multi_district else "")
        return Draft(text=head + "\n".join(lines), cited=cites.docs)

    def _units(self, doc: Document) -> list[str]:
        text = _LEAD.sub("", doc.page_content.replace("\n", ""))
        if doc.metadata.get("kind") == "table_row":
            return [text]
        return [u.strip() for u in _UNIT_SPLIT.split(text) if len(u.strip()) > 3]

    @staticmethod
    def _trim(unit: str, levels: list[str]) -> str:
        """In an enumeration over education levels keep only the clauses about the level asked for."""
        all_levels = slots()["education"]
        if not levels or "：" in unit[:40] and "；" in unit:
            return unit
        clauses = [c for c in _CLAUSE_SPLIT.split(unit) if c]
        mentioning = [c for c in clauses if contains_any(c, all_levels)]
        if len(mentioning) < 2:
            return unit
        keep = [c for c in clauses if contains_any(c, levels)]
        if not keep:
            return unit
        text = "".join(keep).rstrip("，：")
        return text if text.endswith(("。", "；")) else text + "。"

    @staticmethod
    def _score(text: str, q_terms: set[str], wants: dict[str, bool], levels: list[str]) -> float:
        unit_terms = set(terms(text))
        score = float(len(q_terms & unit_terms))
        has_number = bool(_NUMBER.search(text))
        if wants["asks_amount"] and re.search(r"\d+(?:\.\d+)?\s*(?:元|万元|%)", text):
            score += 1.5
        if wants["asks_time"] and re.search(r"\d+(?:年|个月|月|日|个工作日)|截止|期限|批次", text):
            score += 1.2
        if wants["asks_place"] and re.search(r"窗口|地点|网上|办事大厅|政务服务|电话|地址|路\d+号|提交|材料", text):
            score += 1.5
        if wants["asks_condition"] and re.search(r"条件|应当|符合|未满|以内|以上|不予", text):
            score += 1.0
        if levels:
            if contains_any(text, levels):
                score += 2.0
            elif contains_any(text, slots()["education"]):
                score -= 1.0
        if not has_number and any(wants.values()):
            score -= 0.3
        return score

    # ---- programmes ------------------------------------------------------------------------------------------
    def _programme(self, question: str, a: QueryAnalysis, docs: list[Document], focus: str = "") -> Draft:
        fields_map: dict[str, list[str]] = slots()["programme_fields"]
        asked = [f for f, words in fields_map.items() if contains_any(question, words)]
        top = docs[0]
        if top.metadata.get("section") == "简介" or not top.metadata.get("programme"):
            return self._sentences(question, a, docs, focus)
        asked = list(dict.fromkeys(asked + self._fields_by_overlap(question, a, top)))[:4]
        same = [d for d in docs if d.metadata.get("programme") == top.metadata.get("programme")]
        if len(a.colleges) == 1 or (a.codes and len(same) == 1):
            same = same[:1]
        same = same[:3]
        if not asked:
            asked = ["学制", "学费", "核心课程", "就业方向"] if len(same) == 1 else ["学费", "学制"]
        cites = Citations()
        lines = []
        budget = max(self.max_chars // max(len(same), 1), 120)
        for doc in same:
            fields = _programme_fields(doc.page_content)
            md = doc.metadata
            code = md.get("programme_code", "")
            head = f"{md.get('college', '')}{md.get('programme', '')}" + (f"（{code}）" if code else "")
            parts = []
            for f in asked:
                if f in fields:
                    value = fields[f]
                    if len(asked) > 1 and len(value) > 40 and "、" in value:
                        value = "、".join(value.split("、")[:4]) + "等"
                    parts.append(f"{f}：{value}")
            if not parts:
                continue
            body = "；".join(parts)
            if len(body) > budget and len(parts) > 1:
                body = "；".join(parts[: max(1, len(parts) - 1)])
            lines.append(f"{head}：{body}{cites.mark(doc)}")
        if not lines:
            return self._sentences(question, a, docs, focus)
        return Draft(text="\n".join(lines), cited=cites.docs)

    @staticmethod
    def _fields_by_overlap(question: str, a: QueryAnalysis, doc: Document) -> list[str]:
        """Fields whose text shares a word with the question (beyond the programme's and college's names)."""
        names = set(terms(f"{doc.metadata.get('college', '')}{doc.metadata.get('programme', '')}专业"))
        wanted = set(terms(question)) - names - set(slots()["stopwords"])
        return [k for k, v in _programme_fields(doc.page_content).items() if wanted & set(terms(f"{k}{v}"))]

    # ---- postings --------------------------------------------------------------------------------------------
    def _jobs(self, question: str, docs: list[Document]) -> Draft:
        cites = Citations()
        lines = []
        wants_skills = contains_any(question, ["技能", "要求", "会什么", "条件", "需要"])
        for i, doc in enumerate(docs[: self.max_postings], start=1):
            md = doc.metadata
            req = "，".join(x for x in (md.get("education", ""), md.get("experience", "")) if x)
            line = f"{i}. {md.get('title', '')}｜{md.get('company', '')}｜{md.get('district', '')}｜{md.get('salary', '')}"
            if req:
                line += f"｜{req}"
            if wants_skills and md.get("skills"):
                line += f"｜技能：{md['skills']}"
            lines.append(line + cites.mark(doc))
        return Draft(text="找到这些相关岗位：\n" + "\n".join(lines), cited=cites.docs)


def _programme_fields(text: str) -> dict[str, str]:
    """'学制：三年；学费：每学年5800元；…' → {'学制': '三年', '学费': '每学年5800元', …}."""
    body = text.split("）：", 1)[-1] if "）：" in text else text
    fields = {}
    for part in body.split("；"):
        key, sep, value = part.partition("：")
        if sep and key.strip():
            fields[key.strip()] = value.strip().rstrip("。")
    return fields
