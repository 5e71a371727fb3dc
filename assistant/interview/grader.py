"""The offline rubric: scores an answer 0–100 on five named dimensions, each with a reason quoting the answer.

Pure Python over the word lists in ``data/lexicon.json``; no model. Weights per question type come from
``data/weights.json``, suggestions and follow-ups from ``data/feedback.json``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from assistant.interview.bank import DATA, Question, Role, _alts
from knowledge.tokenize import normalise

DIMENSIONS: tuple[str, ...] = ("structure", "relevance", "specificity", "role_fit", "delivery")
DIMENSION_LABELS = {"structure": "结构", "relevance": "切题", "specificity": "具体", "role_fit": "岗位匹配", "delivery": "表达"}

_CLAUSE = re.compile(r"[,，。.;；!！?？、\n:：]+")


@dataclass
class Dimension:
    score: int
    reason: str

    def to_json(self) -> dict:
        return {"score": self.score, "reason": self.reason}


@dataclass
class Grade:
    """The rubric's verdict on one answer. ``gaps`` are the codes of what is missing, most important first."""

    score: int
    dimensions: dict[str, Dimension]
    suggestions: list[str]
    follow_up: str
    question_type: str
    gaps: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        """The `zhitu interview grade --json` shape."""
        return {"score": self.score, "dimensions": {k: v.to_json() for k, v in self.dimensions.items()},
                "suggestions": list(self.suggestions), "follow_up": self.follow_up}

    def as_dict(self) -> dict:
        return {**self.to_json(), "question_type": self.question_type, "gaps": list(self.gaps)}

    @classmethod
    def from_dict(cls, d: dict) -> Grade:
        return cls(d["score"], {k: Dimension(v["score"], v["reason"]) for k, v in d["dimensions"].items()},
                   list(d["suggestions"]), d["follow_up"], d.get("question_type", ""), list(d.get("gaps", [])))

    @property
    def weakest(self) -> str:
        return min(DIMENSIONS, key=lambda d: self.dimensions[d].score)

    @property
    def strongest(self) -> str:
        return max(DIMENSIONS, key=lambda d: self.dimensions[d].score)


@dataclass(frozen=True)
class Lexicon:
    lists: dict[str, tuple[str, ...]]
    units_re: re.Pattern
    weights: dict[str, dict[str, float]]
    feedback: dict

    def __getitem__(self, name: str) -> tuple[str, ...]:
        return self.lists[name]


@cache
def load_lexicon(folder: Path = DATA) -> Lexicon:
    raw = json.loads((folder / "lexicon.json").read_text(encoding="utf-8"))
    lists = {k: tuple(dict.fromkeys(normalise(w) for w in v)) for k, v in raw.items() if isinstance(v, list)}
    units = sorted(lists["units"], key=len, reverse=True)
    # A quantity: Arabic digits, 一 + a span of time (一个月), or Chinese numerals other than 一 followed by a unit.
    units_re = re.compile(r"\d+(?:\.\d+)?|一(?:个月|周|年|小时|分钟)|[两二三四五六七八九十百千万半]+(?:"
                          + "|".join(map(re.escape, units)) + ")")
    weights = json.loads((folder / "weights.json").read_text(encoding="utf-8"))
    feedback = json.loads((folder / "feedback.json").read_text(encoding="utf-8"))
    return Lexicon(lists, units_re, {k: v for k, v in weights.items() if not k.startswith("_")}, feedback)


def _clauses(text: str) -> list[str]:
    return [c.strip() for c in _CLAUSE.split(text) if c.strip()]


def _quote(original: str, norm: str, phrase: str, width: int = 26) -> str:
    """The clause of the answer around ``phrase`` (or the start of the answer), in 「」."""
    pos = norm.find(phrase) if phrase else 0
    pos = max(pos, 0)
    start = max(0, max(norm.rfind(p, 0, pos) for p in "，,。.;；!！?？\n") + 1)
    ends = [i for i in (norm.find(p, pos + len(phrase)) for p in "，,。.;；!！?？\n") if i >= 0]
    end = min(ends) if ends else len(norm)
    frag = original[start:end].strip()
    if len(frag) > width:
        frag = frag[:width] + "…"
    return f"「{frag}」"


def _found(norm: str, words) -> list[str]:
    return [w for w in words if w and w in norm]


def _count(norm: str, words) -> int:
    return sum(norm.count(w) for w in words if w)


def _term_hits(norm: str, terms) -> list[tuple[str, str]]:
    """(term, matched alternative) for each ``a|b`` group found in the text."""
    hits = []
    for term in terms:
        for alt in _alts(term):
            if alt and alt in norm:
                hits.append((term, alt))
                break
    return hits


@cache
def _question_concepts(text: str) -> tuple[str, ...]:
    """Concepts of a free question: its content words (jieba), stopwords dropped."""
    from knowledge.tokenize import cut

    stop = set(load_lexicon()["stopwords"])
    words = [w for w in cut(text) if len(w) > 1 and w not in stop]
    return tuple(dict.fromkeys(words))


class Grader:
    """Scores answers against the rubric. One instance per process is enough; it holds only read-only tables."""

    def __init__(self, lexicon: Lexicon | None = None):
        self.lex = lexicon or load_lexicon()

    # ------------------------------------------------------------------ public
    def grade(self, role: Role, question: Question, answer: str, extra_terms: tuple[str, ...] = ()) -> Grade:
        """Score ``answer`` to ``question`` for ``role``. ``extra_terms`` are a posting's required skills."""
        original = answer.strip()
        norm = normalise(original)
        qtype = question.type if question.type in self.lex.weights else "technical"
        concepts = question.key_concepts or _question_concepts(question.text)
        role_terms = tuple(dict.fromkeys((*extra_terms, *role.skills)))
        gaps: list[str] = []
        ctx = _Ctx(original, norm, qtype, question, concepts, role_terms, gaps, role)

        dims = {
            "structure": self._structure(ctx),
            "relevance": self._relevance(ctx),
            "specificity": self._specificity(ctx),
            "role_fit": self._role_fit(ctx),
            "delivery": self._delivery(ctx),
        }
        self._stuffing(ctx, dims)
        weights = self.lex.weights[qtype]
        total = round(sum(weights[d] * dims[d].score for d in DIMENSIONS))
        ordered = self._rank_gaps(gaps, dims, weights)
        return Grade(
            score=max(0, min(100, total)),
            dimensions=dims,
            suggestions=self._suggestions(ctx, ordered, dims),
            follow_up=self._follow_up(ctx, ordered),
            question_type=qtype,
            gaps=ordered,
        )

    # -------------------------------------------------------------- dimensions
    def _structure(self, c: _Ctx) -> Dimension:
        lex, n, o = self.lex, c.norm, c.original
        concl = _found(n, lex["conclusion"]) + _found(n, ("体会", "明白", "学到", "收获", "养成", "记住"))
        if c.qtype == "behavioural":
            sit = _found(n, lex["situation"])
            task = _found(n, lex["task"])
            acts = _action_clauses(n, lex)
            # a result only counts in the second part of the story ("后来" as an opener is not a result)
            res = [w for w in lex["result"] if n.find(w, int(len(n) * 0.35)) >= 0]
            score = 10 + 15 * bool(sit) + 10 * bool(task) + 20 * (len(acts) >= 2) + 5 * (len(acts) == 1) \
                + 35 * bool(res) + 10 * bool(concl)
            parts = []
            if sit:
                parts.append(f"背景{_quote(o, n, sit[0])}")
            if acts:
                parts.append(f"行动{_quote(o, n, acts[0])}")
            if res:
                parts.append(f"结果{_quote(o, n, res[0])}")
            missing = [name for name, ok in (("背景", sit), ("行动", len(acts) >= 2), ("结果", res)) if not ok]
            if not res:
                c.gaps.append("no_result")
            if len(acts) < 2:
                c.gaps.append("no_action")
            if not sit:
                c.gaps.append("no_situation")
            reason = ("有" + "、".join(parts) if parts else "没有找到背景、行动和结果") + \
                (f"；缺少{'、'.join(missing)}" if missing else "；STAR 齐全")
            if not res and parts:
                reason += f"，最后一句是{_quote(o, n, _last_clause(n))}"
        elif c.qtype == "motivation":
            reasons = _found(n, ("因为", "原因", "一是", "二是", "第一", "第二", "首先", "其次", "一方面", "另一方面", "还有"))
            future = _found(n, lex["future"])
            evidence = bool(_found(n, lex["situation"])) or bool(lex.units_re.search(n))
            score = 10 + 30 * (len(reasons) >= 2) + 15 * (len(reasons) == 1) + 25 * bool(future) + 15 * bool(concl) \
                + 20 * evidence
            if len(reasons) < 2:
                c.gaps.append("no_reasons")
            if not future:
                c.gaps.append("no_future")
            bits = []
            bits.append(f"理由{_quote(o, n, reasons[0])}" if reasons else "没有分点说理由")
            bits.append(f"打算{_quote(o, n, future[0])}" if future else "没有讲今后的打算")
            reason = "；".join(bits)
        else:
            first = _found(n, lex["step_first"]) or _enum(n, 1)
            middle = _found(n, lex["step_middle"]) or _enum(n, 2)
            last = _found(n, lex["step_last"]) or _enum(n, 3)
            why = _found(n, lex["reasoning"])
            steps = sum(bool(x) for x in (first, middle, last))
            score = 10 + 22 * bool(first) + 22 * bool(middle) + 18 * bool(last) + 14 * bool(why) + 14 * bool(concl)
            if steps < 2:
                c.gaps.append("no_steps")
            if not concl:
                c.gaps.append("no_conclusion")
            if steps >= 2:
                marks = [x[0] for x in (first, middle, last) if x]
                reason = f"按步骤作答（{'→'.join(marks)}）：{_quote(o, n, marks[0])}"
            else:
                reason = f"没有按先后顺序分步骤，开头是{_quote(o, n, '')}"
            reason += "；有理由说明" if why else "；没有说为什么这样做"
            reason += "；有结论" if concl else "；缺少一句结论"
        return Dimension(_clip(score), reason)

    def _relevance(self, c: _Ctx) -> Dimension:
        hits = _term_hits(c.norm, c.concepts)
        total = max(1, len(c.concepts))
        cov = len(hits) / total
        score = 15 + 85 * min(1.0, cov / 0.75)
        gives_why = bool(_found(c.norm, self.lex["why"]))
        if c.qtype == "motivation" and not gives_why:
            score *= 0.6  # a why-question answered without any reason is not answered
        hit_terms = {t for t, _ in hits}
        missing = [t.split("|")[0] for t in c.concepts if t not in hit_terms]
        c.missing_concepts = missing
        if cov < 0.34:
            c.gaps.append("off_topic")
        elif cov < 0.6:
            c.gaps.append("partly_on_topic")
        if c.qtype == "motivation" and not gives_why and "off_topic" not in c.gaps:
            c.gaps.insert(0, "off_topic")
        if hits:
            reason = f"回应了问题的关键点：{'、'.join(a for _, a in hits[:5])}（{_quote(c.original, c.norm, hits[0][1])}）"
        else:
            reason = f"没有回应问题的关键点，开头是{_quote(c.original, c.norm, '')}"
        if missing:
            reason += f"；没说到：{'、'.join(missing[:4])}"
        if c.qtype == "motivation" and not gives_why:
            reason += "；没有说出「为什么」"
        return Dimension(_clip(score), reason)

    def _specificity(self, c: _Ctx) -> Dimension:
        lex, n, o = self.lex, c.norm, c.original
        we = _count(n, lex["collective"])
        i_count = n.count("我") - n.count("我们")
        numbers = [m.group(0) for m in lex.units_re.finditer(n)]
        outcomes = _found(n, lex["outcome"])
        concrete = _term_hits(n, c.role_terms)
        vague = _found(n, lex["vague"])
        if c.qtype == "behavioural":
            personal = 30 if (i_count >= 2 and i_count >= we) else 12 if i_count >= 1 and i_count >= we / 2 else 0
            score = 15 + personal + (25 if len(numbers) >= 2 else 15 if numbers else 0) + 15 * bool(outcomes) \
                + (15 if len(concrete) >= 2 else 8 if concrete else 0)
        elif c.qtype == "motivation":
            personal = 20 if i_count >= 2 and i_count >= we else 8 if i_count else 0
            score = 20 + personal + (30 if len(numbers) >= 2 else 18 if numbers else 0) + 10 * bool(outcomes) \
                + (20 if len(concrete) >= 2 else 10 if concrete else 0)
        else:
            personal = 10 if i_count >= 1 or we == 0 else 0
            score = 25 + personal + (35 if len(concrete) >= 4 else 22 if len(concrete) >= 2 else 10 if concrete else 0) \
                + (20 if numbers else 0) + 10 * bool(_found(n, ("如果", "比如", "例如")))
        score -= min(30, 8 * len(vague))
        if we > i_count and we >= 2 and c.qtype in ("behavioural", "motivation"):
            c.gaps.append("we_not_i")
            c.quotes["we_not_i"] = _quote(o, n, "我们" if "我们" in n else _found(n, lex["collective"])[0], 14)
        if not numbers and c.qtype in ("behavioural", "motivation"):
            c.gaps.append("no_numbers")
        if len(vague) >= 2:
            c.gaps.append("vague_words")
            c.quotes["vague_words"] = "」「".join(vague[:3])
        bits = []
        if i_count >= 1:
            bits.append(f"用「我」讲了自己的做法（{_quote(o, n, '我')}）" if i_count >= we else f"「我们」多于「我」（{we}:{i_count}）")
        elif we:
            bits.append(f"只说「我们」没说「我」（{_quote(o, n, _found(n, lex['collective'])[0])}）")
        bits.append(f"有数字：{'、'.join(numbers[:3])}" if numbers else "没有数字")
        if vague:
            bits.append(f"笼统的词：{'、'.join(vague[:3])}")
        return Dimension(_clip(score), "；".join(bits))

    def _role_fit(self, c: _Ctx) -> Dimension:
        terms = c.role_terms
        if c.qtype == "motivation":  # naming the trade itself counts when saying why you want it
            terms = (*terms, "|".join((c.role.name, *c.role.aliases)))
        hits = _term_hits(c.norm, terms)
        need = 2 if c.qtype == "motivation" else 3
        score = 20 + 80 * min(1.0, len(hits) / need)
        c.role_hits = hits
        if len(hits) < need - 1 or not hits:
            c.gaps.append("no_role_terms")
        if hits:
            reason = f"用到岗位技能和术语：{'、'.join(a for _, a in hits[:5])}（{_quote(c.original, c.norm, hits[0][1])}）"
        else:
            reason = "没有用到这个岗位的专业工具、方法或术语"
        return Dimension(_clip(score), reason)

    def _delivery(self, c: _Ctx) -> Dimension:
        lex, n, o = self.lex, c.norm, c.original
        fillers = _found(n, lex["fillers"])
        n_fill = _count(n, lex["fillers"]) + max(0, n.count("然后") - 4)
        hedges = _found(n, lex["hedges"])
        blame = _found(n, lex["blame"])
        length = len(re.sub(r"\s", "", o))
        score = 100 - min(50, 10 * n_fill) - min(48, 12 * _count(n, lex["hedges"])) - min(40, 20 * len(blame))
        bits = []
        if n_fill:
            bits.append(f"口头禅 {n_fill} 处（{_quote(o, n, fillers[0] if fillers else '然后', 16)}）")
            if n_fill >= 2:
                c.gaps.append("fillers")
                c.quotes["fillers"] = "」「".join(fillers[:3]) or "然后"
        if hedges:
            bits.append(f"含糊的说法（{_quote(o, n, hedges[0], 16)}）")
            c.gaps.append("hedges")
            c.quotes["hedges"] = _quote(o, n, hedges[0], 16).strip("「」")
        if blame:
            bits.append(f"在指责别人（{_quote(o, n, blame[0], 16)}）")
            c.gaps.append("blame")
            c.quotes["blame"] = _quote(o, n, blame[0], 16).strip("「」")
        if length < 40:
            score -= 40
            bits.append(f"只有 {length} 个字，太短")
            c.gaps.append("too_short")
        elif length < 80:
            score -= 15
            bits.append(f"{length} 个字，偏短")
            c.gaps.append("too_short")
        elif length > 700:
            score -= 30
            bits.append(f"{length} 个字，太长")
            c.gaps.append("too_long")
        elif length > 450:
            score -= 15
            bits.append(f"{length} 个字，偏长")
            c.gaps.append("too_long")
        if not bits:
            bits.append(f"表达干净，没有口头禅和含糊的说法，{length} 个字长度合适")
        return Dimension(_clip(score), "；".join(bits))

    def _stuffing(self, c: _Ctx, dims: dict[str, Dimension]) -> None:
        """A list of terms is not an answer: cap relevance and role fit when the answer is mostly bare keywords."""
        clauses = _clauses(c.norm)
        if not clauses:
            return
        covered = _covered_chars(c.norm, [a for t in (*c.concepts, *c.role_terms) for a in _alts(t)])
        content = sum(1 for ch in c.norm if ch.isalnum())
        short = sum(1 for cl in clauses if len(cl) <= 6) / len(clauses)
        repeated = any(c.norm.count(a) >= 4 for _, a in getattr(c, "role_hits", []) if len(a) >= 2)
        acts = _action_clauses(c.norm, self.lex)
        density = covered / content if content else 0.0
        lex = self.lex
        steps = sum(bool(_found(c.norm, lex[k])) for k in ("step_first", "step_middle", "step_last"))
        argued = steps >= 2 or bool(_found(c.norm, lex["reasoning"]))  # an ordered or reasoned checklist is an answer
        stuffed = (density >= 0.55 and not argued) or (len(clauses) >= 5 and short >= 0.6 and len(acts) < 2) \
            or (repeated and density >= 0.35)
        if not stuffed:
            return
        c.gaps.insert(0, "keyword_stuffing")
        c.quotes["keyword_stuffing"] = "、".join(clauses[:4])[:24].rstrip("、")
        caps = [("role_fit", 35)] + ([("relevance", 45)] if density >= 0.55 else [])
        for d, cap in caps:
            if dims[d].score > cap:
                dims[d] = Dimension(cap, dims[d].reason + "；但只是罗列关键词，没有讲怎么用，按堆砌处理")

    # ---------------------------------------------------------------- feedback
    def _rank_gaps(self, gaps: list[str], dims: dict[str, Dimension], weights: dict[str, float]) -> list[str]:
        fb = self.lex.feedback
        order = {g: i for i, g in enumerate(fb["order"])}

        def priority(g: str) -> tuple[float, int]:
            dim = fb["gaps"][g]["dimension"]
            return (-(weights[dim] * (100 - dims[dim].score)), order.get(g, 99))

        return sorted(dict.fromkeys(gaps), key=priority)

    def _fill(self, template: str, c: _Ctx, gap: str) -> str:
        terms = "、".join(t.split("|")[0] for t in c.role_terms[:4])
        missing = getattr(c, "missing_concepts", [])
        hits = getattr(c, "role_hits", [])
        return template.format(
            quote=c.quotes.get(gap, _quote(c.original, c.norm, "").strip("「」")),
            terms=terms, question=c.question.text, missing="、".join(missing[:3]) or "问题的要点",
            first_missing=missing[0] if missing else "问题的要点", first_term=hits[0][1] if hits else terms.split("、")[0],
        )

    def _suggestions(self, c: _Ctx, gaps: list[str], dims: dict[str, Dimension]) -> list[str]:
        fb = self.lex.feedback["gaps"]
        out = [self._fill(fb[g]["suggestion"], c, g) for g in gaps[:3]]
        if not out:
            best = max(DIMENSIONS, key=lambda d: dims[d].score)
            out.append(f"这个回答在「{DIMENSION_LABELS[best]}」上做得好，保持；可以再补一句你从中学到了什么。")
        return out

    def _follow_up(self, c: _Ctx, gaps: list[str]) -> str:
        fb = self.lex.feedback
        for g in gaps:
            tpl = fb["gaps"][g]["follow_up"]
            if tpl:
                return self._fill(tpl, c, g)
        return fb["default_follow_up"]

    def practice_line(self, gap: str, role: Role) -> str:
        """The report's "practise this" line for a gap code."""
        terms = "、".join(t.split("|")[0] for t in role.skills[:3])
        return self.lex.feedback["gaps"][gap]["practice"].format(terms=terms)


@dataclass
class _Ctx:
    original: str
    norm: str
    qtype: str
    question: Question
    concepts: tuple[str, ...]
    role_terms: tuple[str, ...]
    gaps: list[str]
    role: Role
    quotes: dict[str, str] = field(default_factory=dict)
    missing_concepts: list[str] = field(default_factory=list)
    role_hits: list[tuple[str, str]] = field(default_factory=list)


def _enum(norm: str, k: int) -> list[str]:
    marks = [f"{k}.", f"{k}、", f"({k})", "①②③④"[k - 1]]
    return [m for m in marks if m in norm]


def _action_clauses(norm: str, lex: Lexicon) -> list[str]:
    """Clauses that report an action (a first-person cue such as 我先 or an action verb)."""
    cues = (*lex["action"], *lex["action_verbs"])
    return [cl for cl in _clauses(norm) if any(w in cl for w in cues)]


def _last_clause(norm: str) -> str:
    cl = _clauses(norm)
    return cl[-1] if cl else ""


def _covered_chars(norm: str, words: list[str]) -> int:
    mask = bytearray(len(norm))
    for w in words:
        if not w:
            continue
        start = norm.find(w)
        while start >= 0:
            mask[start:start + len(w)] = b"\x01" * len(w)
            start = norm.find(w, start + 1)
    return sum(mask)


def _clip(x: float) -> int:
    return int(max(0, min(100, round(x))))
