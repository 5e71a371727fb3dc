"""The offline rubric: scores an answer 0–100 on five named dimensions, each with a reason quoting the answer.

The dimensions are pure Python over the word lists in ``data/lexicon.json``. With an embedding model the total is
a trained ranking over the grader's own findings (``total.py``, ``data/total_model.json``); without one, the fixed
weights per question type of ``data/weights.json``. Suggestions and follow-ups come from ``data/feedback.json``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.interview.bank import DATA, Question, Role, _alts
from assistant.interview.redflags import RedFlag, RedFlagChecker, load_red_flags
from assistant.interview.total import TotalModel, guarded, load_total_model, total_features
from assistant.interview.weakest import WeakestModel, features, load_weakest_model
from knowledge.tokenize import normalise

if TYPE_CHECKING:
    from assistant.interview.semantic import AnswerSemantics, SentenceSims

DIMENSIONS: tuple[str, ...] = ("structure", "relevance", "specificity", "role_fit", "delivery")
DIMENSION_LABELS = {"structure": "结构", "relevance": "切题", "specificity": "具体", "role_fit": "岗位匹配", "delivery": "表达"}

# A decisive finding and the dimension it names weakest.
RULE_DIMENSION = {"red_flag": "role_fit", "fillers": "delivery", "short": "delivery", "vague": "specificity",
                  "list": "role_fit"}

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
    evidence: str = ""  # the answer's sentence that shows the weakest dimension
    lead: str = ""  # the dimension named weakest (by a guard rule or the trained model); "" if the lowest score
    features: dict[str, float] = field(default_factory=dict, repr=False)  # what the weakest-dimension model saw
    total_features: dict[str, float] = field(default_factory=dict, repr=False)  # what the total model saw

    def to_json(self) -> dict:
        """The `zhitu interview grade --json` shape."""
        return {"score": self.score, "dimensions": {k: v.to_json() for k, v in self.dimensions.items()},
                "suggestions": list(self.suggestions), "follow_up": self.follow_up}

    def as_dict(self) -> dict:
        return {**self.to_json(), "question_type": self.question_type, "gaps": list(self.gaps), "evidence": self.evidence,
                "lead": self.lead}

    @classmethod
    def from_dict(cls, d: dict) -> Grade:
        return cls(d["score"], {k: Dimension(v["score"], v["reason"]) for k, v in d["dimensions"].items()},
                   list(d["suggestions"]), d["follow_up"], d.get("question_type", ""), list(d.get("gaps", [])),
                   d.get("evidence", ""), d.get("lead", ""))

    @property
    def weakest(self) -> str:
        """The named dimension (a guard rule or the trained model), else the lowest-scoring one."""
        if self.lead in self.dimensions:
            return self.lead
        return min(DIMENSIONS, key=lambda d: (self.dimensions[d].score, DIMENSIONS.index(d)))

    @property
    def strongest(self) -> str:
        return max(DIMENSIONS, key=lambda d: self.dimensions[d].score)


@dataclass(frozen=True)
class Lexicon:
    lists: dict[str, tuple[str, ...]]
    units_re: re.Pattern
    weights: dict[str, dict[str, float]]
    feedback: dict
    calibration: dict[str, float]
    claim_re: re.Pattern
    function_chars: frozenset[str] = frozenset()

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
    calibration = {k: float(v) for k, v in raw["calibration"].items()}
    claim_re = re.compile("|".join(raw["claim_patterns"]))
    return Lexicon(lists, units_re, {k: v for k, v in weights.items() if not k.startswith("_")}, feedback,
                   calibration, claim_re, frozenset(lists["function_chars"]))


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


@cache
def _question_words(text: str) -> tuple[str, ...]:
    """The question's own words (jieba, two characters or more): echoing them back is not a concrete detail."""
    from knowledge.tokenize import cut

    return tuple(dict.fromkeys(w for w in cut(normalise(text)) if len(w) > 1))


def _concrete(clause: str, lex: Lexicon, asked: tuple[str, ...]) -> int:
    """Characters of the clause left once procedure talk (lexicon ``generic``), one-character function words and
    the question's own words are taken out: what the clause says that only this situation has."""
    mask = bytearray(len(clause))
    for w in (*lex["generic"], *lex["buzzwords"], *lex["vague"], *lex["fillers"], *lex["hedges"], *asked):
        start = clause.find(w)
        while start >= 0:
            mask[start:start + len(w)] = b"\x01" * len(w)
            start = clause.find(w, start + 1)
    fn = lex.function_chars
    return sum(1 for ch, m in zip(clause, mask) if not m and ch.isalnum() and ch not in fn)


class Grader:
    """Scores answers against the rubric. One instance per process is enough; it holds only read-only tables."""

    def __init__(self, lexicon: Lexicon | None = None, semantics: AnswerSemantics | None = None,
                 red_flags: RedFlagChecker | None = None, namer: WeakestModel | None | bool = True,
                 scorer: TotalModel | None | bool = True):
        """``namer``: the model that names the weakest dimension (True: the stored one; None/False: rules only).
        ``scorer``: the model that sums the findings into the total (True: the stored one; None/False: the fixed
        weights of ``data/weights.json``). Both are used only with ``semantics``, whose similarities they were
        trained on."""
        self.lex = lexicon or load_lexicon()
        self.semantics = semantics
        self.red_flags = red_flags or load_red_flags()
        self.namer = load_weakest_model() if namer is True else (namer or None)
        self.scorer = load_total_model() if scorer is True else (scorer or None)

    # ------------------------------------------------------------------ public
    def prepare(self, role: Role, questions: list[Question]) -> None:
        """Embed the questions and the role before the answers come (no-op without an embedding model)."""
        if self.semantics is not None:
            self.semantics.prepare([q.text for q in questions], role.profile_text)

    def grade(self, role: Role, question: Question, answer: str, extra_terms: tuple[str, ...] = ()) -> Grade:
        """Score ``answer`` to ``question`` for ``role``. ``extra_terms`` are a posting's required skills."""
        original = answer.strip()
        norm = normalise(original)
        qtype = question.type if question.type in self.lex.weights else "technical"
        concepts = question.key_concepts or _question_concepts(question.text)
        role_terms = tuple(dict.fromkeys((*extra_terms, *role.skills)))
        gaps: list[str] = []
        raw = split_sentences(original)
        units = merge_units(list(dict.fromkeys(raw)))  # a sentence said twice is compared once
        # Length never adds points: a sentence that says nothing only this situation has (procedure talk, the
        # question's own words) earns nothing anywhere, and is not embedded either.
        says = [self._says_something(u, question.text, role_terms) for u in units]
        said = [u for u, ok in zip(units, says) if ok] or units
        ctx = _Ctx(original, norm, qtype, question, concepts, role_terms, gaps, role, sentences=said or [original],
                   raw_sentences=raw or [original], empty=says.count(False), units=len(units),
                   said=(normalise("".join(said)) if says.count(False) else norm) if any(says) else "")
        ctx.flags = self.red_flags.find(original)
        if self.semantics is not None and said:
            ctx.sims = self.semantics.compare(said, question.text, qtype, role.profile_text)

        dims = {
            "structure": self._structure(ctx),
            "relevance": self._relevance(ctx),
            "specificity": self._specificity(ctx),
            "role_fit": self._role_fit(ctx),
            "delivery": self._delivery(ctx),
        }
        self._stuffing(ctx, dims)
        rule = self._decisive(ctx)
        feats = features(ctx, dims, rule)
        lead = RULE_DIMENSION.get(rule or "")
        if lead is not None:  # a decisive finding sinks its dimension below the rest, in the total too
            dims[lead] = _sunk(dims, lead)
        weights = self.lex.weights[qtype]
        total = sum(weights[d] * dims[d].score for d in DIMENSIONS)
        tfeats = total_features(feats, ctx, dims, total)
        if self.scorer is not None and ctx.sims is not None:
            total = self.scorer.score(tfeats)  # the trained sum, over the same findings
        # Saying nothing of one's own costs in the total too, so padding and empty talk never outscore a short,
        # specific answer; so do three or more buzzwords or vague words; a red flag caps it.
        total = guarded(total, tfeats, self.lex.calibration)
        named = self._name_weakest(ctx, feats, rule)
        if named is not None and named != lead:
            # The name is the model's; the total stays the rules'. The shown score follows the name, so the
            # learner is not told one dimension is weakest while another shows fewer points.
            dims[named] = _sunk(dims, named)
            lead = named
        weakest = lead or min(DIMENSIONS, key=lambda d: (dims[d].score, DIMENSIONS.index(d)))
        ordered = self._rank_gaps(gaps, dims, weights, weakest)
        return Grade(
            score=_clip(total),
            dimensions=dims,
            suggestions=self._suggestions(ctx, ordered, dims, weakest),
            follow_up=self._follow_up(ctx, ordered),
            question_type=qtype,
            gaps=ordered,
            evidence=ctx.evidence.get(weakest, ""),
            lead=lead or "",
            features=feats,
            total_features=tfeats,
        )

    def _says_something(self, sentence: str, question: str, role_terms: tuple[str, ...]) -> bool:
        """A figure, one of the role's terms, or a clause with enough of its own content (``_concrete``)."""
        n = normalise(sentence)
        if self.lex.units_re.search(n) or _term_hits(n, role_terms):
            return True
        need = self.lex.calibration["empty_sentence_chars"]
        asked = _question_words(question)
        return any(_concrete(cl, self.lex, asked) >= need for cl in _clauses(n))

    def _name_weakest(self, c: _Ctx, feats: dict[str, float], rule: str | None) -> str | None:
        """The dimension to name weakest: an unsafe practice or blaming others always names role fit, and so does
        any decisive rule the training kept as a guard (one that cross-validation across writers found near-certain);
        otherwise the trained model, when there is one and the answer was compared by meaning. None: keep the
        rules' choice."""
        if rule == "red_flag":
            return "role_fit"
        if self.namer is None or c.sims is None:
            return None
        if rule is not None and rule in self.namer.guards:
            return RULE_DIMENSION[rule]
        return self.namer.predict(feats)

    def _decisive(self, c: _Ctx) -> str | None:
        """The finding (a key of ``RULE_DIMENSION``) a counsellor would name first when it outweighs the rest, in
        this order: an unsafe
        practice or blaming others (role fit); an answer drowned in fillers and hedges, or one too short to judge
        (delivery); empty talk (specificity); a bare list of terms (role fit). None: the lowest score decides (an answer about something
        else already scores lowest on relevance)."""
        cal = self.lex.calibration
        if c.flags:
            return "red_flag"
        if c.filler_count + c.hedge_count >= cal["decisive_fillers"]:
            return "fillers"
        if c.length < cal["decisive_short"]:
            return "short"
        if c.vague_count >= cal["decisive_vague"]:
            return "vague"
        if c.listed or ("keyword_stuffing" in c.gaps and c.terms_in_context < 2):
            return "list"
        return None

    # -------------------------------------------------------------- dimensions
    def _structure(self, c: _Ctx) -> Dimension:
        lex, n, o = self.lex, c.said, c.original  # markers count in sentences that say something
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
                parts.append(f"背景{_quote(o, c.norm, sit[0])}")
            if acts:
                parts.append(f"行动{_quote(o, c.norm, acts[0])}")
            if res:
                parts.append(f"结果{_quote(o, c.norm, res[0])}")
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
                reason += f"，最后一句是{_quote(o, c.norm, _last_clause(n))}"
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
            bits.append(f"理由{_quote(o, c.norm, reasons[0])}" if reasons else "没有分点说理由")
            bits.append(f"打算{_quote(o, c.norm, future[0])}" if future else "没有讲今后的打算")
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
                reason = f"按步骤作答（{'→'.join(marks)}）：{_quote(o, c.norm, marks[0])}"
            else:
                reason = f"没有按先后顺序分步骤，开头是{_quote(o, c.norm, '')}"
            reason += "；有理由说明" if why else "；没有说为什么这样做"
            reason += "；有结论" if concl else "；缺少一句结论"
        # Order matters less than content: the structure score moves within 30–100.
        score = 30 + 0.7 * score
        ends_with_result = bool(_found(normalise(c.sentences[-1]), lex["result"])) if c.sentences else False
        c.evidence["structure"] = (c.sentences[-1] if not ends_with_result else c.sentences[0]) if c.sentences else o
        return Dimension(_clip(score), reason)

    def _relevance(self, c: _Ctx) -> Dimension:
        """By meaning: how close the answer's best sentences come to the question and to the points a good answer
        of this type covers. Without an embedding model, the question's key concepts as a fallback."""
        sims = c.sims
        if sims is None or not sims.question:
            return self._relevance_lexical(c)
        cal = self.lex.calibration
        q = sorted(sims.question, reverse=True)
        top = sum(q[:2]) / len(q[:2])
        cover = sorted(sims.point_cover, reverse=True)
        pts = sum(cover[:3]) / len(cover[:3])
        signal = cal["rel_q_weight"] * top + (1 - cal["rel_q_weight"]) * pts
        score = 100 * _ramp(signal, cal["rel_lo"], cal["rel_hi"])
        off = [i for i, v in enumerate(sims.question) if v < cal["off_topic"] and sims.points[i] < cal["off_topic_points"]]
        c.off_sentences = off
        worst = min(range(len(sims.question)), key=lambda i: sims.question[i] + sims.points[i])
        c.evidence["relevance"] = c.sentences[worst]
        best = max(range(len(sims.question)), key=lambda i: sims.question[i])
        if score < 45:
            c.gaps.append("off_topic")
        elif score < 65:
            c.gaps.append("partly_on_topic")
        drifted = sims.drift >= cal["drift_off_topic"]
        if drifted:  # it answers the other kind of question (why I chose vs how I do)
            score = min(score, cal["drift_relevance_cap"])
            if "off_topic" not in c.gaps:
                c.gaps.insert(0, "off_topic")
        if c.qtype == "motivation" and not _found(c.norm, self.lex["why"]):
            score *= 0.7
            if "off_topic" not in c.gaps:
                c.gaps.insert(0, "off_topic")
        if score >= 65:
            reason = f"围绕问题作答，最切题的一句是「{_short(c.sentences[best])}」"
        else:
            reason = f"和问题关系不大，比如「{_short(c.sentences[worst])}」"
        if drifted:
            reason += "；讲的是做法，问的却是为什么" if c.qtype == "motivation" else "；讲的是为什么选这份工作，问的却是怎么做"
        if off and len(off) < len(c.sentences):
            reason += f"；{len(off)} 句离题（「{_short(c.sentences[off[0]])}」）"
        c.missing_concepts = [t.split("|")[0] for t in c.concepts if t not in {h for h, _ in _term_hits(c.norm, c.concepts)}]
        return Dimension(_clip(score), reason)

    def _relevance_lexical(self, c: _Ctx) -> Dimension:
        hits = _term_hits(c.said, c.concepts)
        total = max(1, len(c.concepts))
        cov = len(hits) / total
        score = 40 + 60 * min(1.0, cov / 0.6)  # shared words are weak evidence either way: a narrow range
        hit_terms = {t for t, _ in hits}
        c.missing_concepts = [t.split("|")[0] for t in c.concepts if t not in hit_terms]
        c.evidence["relevance"] = c.sentences[0] if c.sentences else c.original
        if cov < 0.2:
            c.gaps.append("off_topic")
        elif cov < 0.4:
            c.gaps.append("partly_on_topic")
        if hits:
            reason = f"回应了问题的关键点：{'、'.join(a for _, a in hits[:5])}（{_quote(c.original, c.norm, hits[0][1])}）"
        else:
            reason = f"没有回应问题的关键点，开头是{_quote(c.original, c.norm, '')}"
        return Dimension(_clip(score), reason)

    def _specificity(self, c: _Ctx) -> Dimension:
        """Concrete own actions, checks and results tied to the situation. A number counts only in a sentence that
        also says what was done or what happened; a claim about oneself needs an example; buzzwords cost."""
        lex, qt = self.lex, c.qtype
        sents = c.sentences if c.said else []  # an answer of empty sentences has no detail to count
        clauses = [(cl, s) for s in sents for cl in _clauses(s)]
        asked = _question_words(c.question.text)
        # an action or a check counts when it says something this situation has (not 了解情况、及时处理)
        need = lex.calibration["concrete_chars"]
        detail = {cl: _concrete(normalise(cl), lex, asked) for cl, _ in clauses}
        concrete = [(cl, s) for cl, s in clauses if detail[cl] >= need]
        # what one would do, said with this situation's own things, is a step even in words the verb list lacks
        acts_cl = [cl for cl, s in concrete if _own_action(cl, lex, qt, context=s)
                   or (qt in ("situational", "technical") and detail[cl] >= 2 * need)]
        checks_cl = [cl for cl, _ in concrete if _found(normalise(cl), lex["check_verbs"])]
        acts = [s for s in sents if any(cl in s for cl in acts_cl)]
        checks = [s for s in sents if any(cl in s for cl in checks_cl)]
        results = [s for s in sents if _found(normalise(s), lex["result"]) and (lex.units_re.search(normalise(s))
                                                                             or _found(normalise(s), lex["outcome"]))]
        situ = [s for s in sents if _found(normalise(s), lex["situation"]) or _found(normalise(s), ("如果", "要是", "一旦", "发现"))]
        numbered = [s for s in sents if lex.units_re.search(normalise(s))]
        # A number needs a deed or the situation behind it; a bare outcome figure ("效率提升了30%") earns nothing.
        tied = [s for s in numbered if s in acts or s in checks
                or (s in situ and not _found(normalise(s), lex["outcome"]))]
        claims = [s for s in sents if lex.claim_re.search(normalise(s))]
        vague = _found(c.norm, lex["vague"])
        buzz = _found(c.norm, lex["buzzwords"])
        c.vague_count = len(vague) + len(buzz)
        n_act = len(acts_cl)
        c.counts.update(acts=n_act, checks=len(checks_cl), results=len(results), situ=len(situ), tied=len(tied),
                        numbered=len(numbered), claims=len(claims), buzz=len(buzz), vague_words=len(vague))
        if qt == "behavioural":
            score = 8 + 12 * min(n_act, 3) + 9 * min(len(checks_cl), 2) + 16 * bool(results) + 10 * bool(situ) \
                + 8 * bool(tied) + 2 * min(len(tied), 2)
        elif qt == "motivation":
            lived = [s for s in sents if _found(normalise(s), lex["lived"]) and "我" in s]
            score = 15 + 14 * min(len(lived), 3) + 8 * min(n_act, 2) + 12 * bool(tied) + 8 * bool(results)
        else:
            score = 10 + 12 * min(n_act, 4) + 10 * min(len(checks_cl), 2) + 10 * bool(situ) + 12 * bool(tied)
        score -= min(24, 6 * len(vague)) + min(40, 10 * len(buzz))
        evidence = None
        if claims and n_act < 2:
            score = min(score, 35)
            c.gaps.insert(0, "claims_only")
            evidence = claims[0]
            c.quotes["claims_only"] = _short(claims[0], 24)
        if numbered and not tied:
            c.gaps.append("number_without_action")
            evidence = evidence or numbered[0]
            c.quotes["number_without_action"] = _short(numbered[0], 24)
        if n_act < 2:
            c.gaps.append("no_action" if qt == "behavioural" else "no_steps")
        if qt in ("behavioural", "motivation") and not tied:
            c.gaps.append("no_numbers")
        we = _count(c.norm, lex["collective"])
        i_count = c.norm.count("我") - c.norm.count("我们")
        if we > i_count and we >= 2 and qt in ("behavioural", "motivation"):
            c.gaps.append("we_not_i")
            c.quotes["we_not_i"] = _quote(c.original, c.norm, "我们" if "我们" in c.norm else _found(c.norm, lex["collective"])[0], 14)
        if len(vague) + len(buzz) >= 2:
            c.gaps.append("vague_words")
            c.quotes["vague_words"] = "」「".join((buzz + vague)[:3])
            evidence = evidence or next((s for s in sents if any(w in normalise(s) for w in buzz + vague)), None)
        if evidence is None:
            plain = [s for s in sents if s not in acts and s not in checks and s not in results]
            evidence = plain[0] if plain else (sents[-1] if sents else c.original)
        c.evidence["specificity"] = evidence
        bits = [f"{n_act} 句讲了自己的具体做法" + (f"（「{_short(acts[0])}」）" if acts else "")]
        bits.append(f"有检查或确认（「{_short(checks[0])}」）" if checks else "没有说怎么检查确认")
        if results:
            bits.append(f"有结果（「{_short(results[0])}」）")
        if numbered and not tied:
            bits.append(f"数字没有具体做法撑着（「{_short(numbered[0])}」）")
        if claims and n_act < 2:
            bits.append(f"只有自我评价、没有例子（「{_short(claims[0])}」）")
        if buzz or vague:
            bits.append(f"空泛的词：{'、'.join((buzz + vague)[:3])}")
        return Dimension(_clip(score), "；".join(bits))

    def _role_fit(self, c: _Ctx) -> Dimension:
        """Correct use of the role's skills in context: closeness in meaning to the role, and its skill terms used
        inside sentences that say what was done. A list of terms stays capped; a red flag sinks it."""
        cal = self.lex.calibration
        terms = c.role_terms
        if c.qtype == "motivation":
            terms = (*terms, "|".join((c.role.name, *c.role.aliases)))
        hits = _term_hits(c.said, terms)
        c.role_hits = hits
        in_context = []
        for term, alt in hits:
            for s in c.sentences:
                n = normalise(s)
                if alt in n and _own_action(s, self.lex, c.qtype, loose=True):
                    in_context.append(alt)
                    break
        sims = c.sims
        if sims is not None and sims.role:
            r = sorted(sims.role, reverse=True)
            sem = _ramp(sum(r[:2]) / len(r[:2]), cal["role_lo"], cal["role_hi"])
            worst = min(range(len(sims.role)), key=lambda i: sims.role[i])
            c.evidence["role_fit"] = c.sentences[worst]
        else:
            sem = min(1.0, len(hits) / 3)
            c.evidence["role_fit"] = c.sentences[0] if c.sentences else c.original
        score = 20 + 50 * sem + 8 * min(len(set(in_context)), 4)
        if not hits:
            c.gaps.append("no_role_terms")
        listed_from = "".join(c.sentences) if 0 < c.empty < c.units else c.original  # padding hides no list
        items = [i for i in re.split(r"[、，,；;。\s]+", listed_from) if i]
        listed = len(items) >= 6 and sum(map(len, items)) / len(items) <= 6 \
            and sum(bool(_found(normalise(i), ("我", "先", "再", "然后", "接着", "最后"))) for i in items) < 2
        c.listed, c.terms_in_context = listed, len(set(in_context))
        if (len(hits) >= 3 and len(set(in_context)) < 2) or listed:
            score = min(score, 40)
            c.gaps.append("term_list")
            c.quotes["term_list"] = "、".join(a for _, a in hits[:4]) if hits else "、".join(items[:4])
        if in_context:
            first = _sentence_with(c.sentences, in_context[0]) or c.original
            reason = f"在做法里用到岗位技能：{'、'.join(list(dict.fromkeys(in_context))[:4])}（「{_short(first)}」）"
        elif hits:
            reason = f"提到了{'、'.join(a for _, a in hits[:4])}，但没有讲怎么用"
        else:
            reason = "没有用到这个岗位的专业工具、方法或术语"
        if c.flags:
            score = min(score, 15)
            f = c.flags[0]
            c.evidence["role_fit"] = f.quote
            c.gaps.insert(0, "red_flag")
            c.quotes["red_flag"] = f.quote
            c.quotes["rule"] = f.rule
            reason = f"不安全或不合规的做法「{f.quote}」：违反「{f.rule}」；" + reason
        return Dimension(_clip(score), reason)

    def _delivery(self, c: _Ctx) -> Dimension:
        """Clean and to the point: fillers, hedges and rambling (sentences off the question, repeating itself,
        run-on sentences) cost points; a very short answer loses some; length never adds any."""
        lex, n, o = self.lex, c.norm, c.original
        fillers = _found(n, lex["fillers"])
        n_fill = _count(n, lex["fillers"]) + max(0, n.count("然后") - 3) + max(0, n.count("就是") - 2)
        hedges = _found(n, lex["hedges"])
        length = len(re.sub(r"\s", "", "".join(c.sentences) if 0 < c.empty < c.units else o))  # what says something counts
        c.filler_count, c.hedge_count, c.length = n_fill, _count(n, lex["hedges"]), length
        score = 100.0 - min(80, 12 * n_fill) - min(40, 10 * _count(n, lex["hedges"]))
        bits = []
        evidence = None
        if n_fill:
            bits.append(f"口头禅 {n_fill} 处（{_quote(o, n, fillers[0] if fillers else '然后', 16)}）")
            evidence = _sentence_with(c.sentences, fillers[0] if fillers else "然后")
            if n_fill >= 2:
                c.gaps.append("fillers")
                c.quotes["fillers"] = "」「".join(fillers[:3]) or "然后"
        if hedges:
            bits.append(f"含糊的说法（{_quote(o, n, hedges[0], 16)}）")
            c.gaps.append("hedges")
            c.quotes["hedges"] = _quote(o, n, hedges[0], 16).strip("「」")
            evidence = evidence or _sentence_with(c.sentences, hedges[0])
        off = getattr(c, "off_sentences", [])
        units = max(c.units, len(c.sentences))  # a sentence that says nothing of its own is as much a detour
        if units >= 4 and (off or c.empty):
            frac = min(1.0, (len(off) + c.empty) / units)
            if frac >= 0.25:
                score -= min(45, 70 * frac)
                where = f"（「{_short(c.sentences[off[0]])}」）" if off else ""
                bits.append(f"{min(units, len(off) + c.empty)}/{units} 句绕开了问题或没有实际内容{where}")
                c.gaps.append("rambling")
                if off:
                    c.quotes["rambling"] = _short(c.sentences[off[0]], 24)
                    evidence = evidence or c.sentences[off[0]]
        rep = _repetition(n)
        if rep >= 0.2:
            score -= min(30, 100 * (rep - 0.1))
            bits.append("同样的话反复说")
            c.gaps.append("rambling")
        long_sents = [s for s in c.raw_sentences if len(s) > 90]
        if long_sents:
            score -= min(24, 12 * len(long_sents))
            bits.append(f"{len(long_sents)} 句过长、一口气说到底")
            c.gaps.append("rambling")
            evidence = evidence or long_sents[0]
            c.quotes.setdefault("rambling", _short(long_sents[0], 24))
        if length < 30:
            score -= 30
            bits.append(f"只有 {length} 个字，没讲完整")
            c.gaps.append("too_short")
        if not bits:
            bits.append("表达干净，没有口头禅、含糊和绕圈子")
        c.evidence["delivery"] = evidence or (max(c.raw_sentences, key=len) if c.raw_sentences else o)
        return Dimension(_clip(score), "；".join(bits))

    def _stuffing(self, c: _Ctx, dims: dict[str, Dimension]) -> None:
        """A list of terms is not an answer: cap relevance and role fit when the answer is mostly bare keywords."""
        text = c.said or c.norm  # padding with empty sentences hides no keyword list
        clauses = _clauses(text)
        if not clauses:
            return
        covered = _covered_chars(text, [a for t in (*c.concepts, *c.role_terms) for a in _alts(t)])
        content = sum(1 for ch in text if ch.isalnum())
        short = sum(1 for cl in clauses if len(cl) <= 6) / len(clauses)
        repeated = any(text.count(a) >= 4 for _, a in getattr(c, "role_hits", []) if len(a) >= 2)
        acts = _action_clauses(text, self.lex)
        density = covered / content if content else 0.0
        lex = self.lex
        steps = sum(bool(_found(text, lex[k])) for k in ("step_first", "step_middle", "step_last"))
        argued = steps >= 2 or bool(_found(text, lex["reasoning"]))  # an ordered or reasoned checklist is an answer
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
    def _rank_gaps(self, gaps: list[str], dims: dict[str, Dimension], weights: dict[str, float], weakest: str) -> list[str]:
        """Gaps of the weakest dimension first, then by how many points their dimension lost."""
        fb = self.lex.feedback
        order = {g: i for i, g in enumerate(fb["order"])}

        def priority(g: str) -> tuple[int, float, int]:
            dim = fb["gaps"][g]["dimension"]
            return (dim != weakest, -(weights[dim] * (100 - dims[dim].score)), order.get(g, 99))

        return sorted(dict.fromkeys(gaps), key=priority)

    def _fill(self, template: str, c: _Ctx, gap: str) -> str:
        terms = "、".join(t.split("|")[0] for t in c.role_terms[:4]) or "、".join(
            t.split("|")[0] for t in c.role.generic_skills[:3])
        missing = c.missing_concepts
        hits = c.role_hits
        return template.format(
            quote=c.quotes.get(gap, _quote(c.original, c.norm, "").strip("「」")),
            terms=terms, question=c.question.text, missing="、".join(missing[:3]) or "问题的要点",
            first_missing=missing[0] if missing else "问题的要点", first_term=hits[0][1] if hits else terms.split("、")[0],
            rule=c.quotes.get("rule", ""), role=c.role.name,
        )

    def _suggestions(self, c: _Ctx, gaps: list[str], dims: dict[str, Dimension], weakest: str) -> list[str]:
        """First: the weakest dimension, the sentence that shows it and one fix; then up to two more fixes."""
        fb = self.lex.feedback["gaps"]
        label = DIMENSION_LABELS[weakest]
        quote = _short(c.evidence.get(weakest, ""), 30)
        mine = [g for g in gaps if fb[g]["dimension"] == weakest]
        if mine:
            fix = self._fill(fb[mine[0]]["suggestion"], c, mine[0])
        else:
            fix = self.lex.feedback["dimension_fix"][weakest].format(role=c.role.name)
        first = f"最弱的是「{label}」（{dims[weakest].score} 分）" + (f"，比如这句：「{quote}」" if quote else "") + f"。{fix}"
        out = [first]
        out += [self._fill(fb[g]["suggestion"], c, g) for g in gaps if g not in mine[:1]][:2]
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
        terms = "、".join(t.split("|")[0] for t in (role.skills or role.generic_skills)[:3])
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
    sentences: list[str] = field(default_factory=list)  # units compared by meaning (≤ MAX_SENTENCES)
    raw_sentences: list[str] = field(default_factory=list)
    quotes: dict[str, str] = field(default_factory=dict)
    missing_concepts: list[str] = field(default_factory=list)
    role_hits: list[tuple[str, str]] = field(default_factory=list)
    evidence: dict[str, str] = field(default_factory=dict)
    flags: list[RedFlag] = field(default_factory=list)
    sims: SentenceSims | None = None
    off_sentences: list[int] = field(default_factory=list)
    filler_count: int = 0
    hedge_count: int = 0
    length: int = 0  # characters, spaces left out
    listed: bool = False  # the answer is a bare list of terms
    terms_in_context: int = 0  # role terms used inside a sentence that says what was done
    vague_count: int = 0  # distinct buzzwords and vague words
    empty: int = 0  # sentences that say nothing of their own (left out of ``sentences`` unless all are)
    units: int = 0  # sentences compared, empty ones included
    counts: dict[str, int] = field(default_factory=dict)  # what specificity counted (own actions, checks, results…)
    said: str = ""  # the normalised text of the sentences that say something ("" if none): what earns points is
    # read here, what costs in ``norm``


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


def _sunk(dims: dict[str, Dimension], name: str) -> Dimension:
    """``name``'s dimension with its score just below every other dimension's."""
    low = min(v.score for k, v in dims.items() if k != name)
    return Dimension(min(dims[name].score, max(0, low - 5)), dims[name].reason)


def _clip(x: float) -> int:
    return int(max(0, min(100, round(x))))


_SENT = re.compile(r"(?<=[。！？!?；;\n])")


def split_sentences(text: str) -> list[str]:
    """The answer's sentences (a long one is cut at commas into pieces of about 40 characters)."""
    out: list[str] = []
    for sent in _SENT.split(text):
        sent = sent.strip()
        if not sent or not any(ch.isalnum() for ch in sent):
            continue
        if len(sent) <= 70:
            out.append(sent)
            continue
        piece = ""
        for part in re.split(r"(?<=[，,、])", sent):
            piece += part
            if len(piece) >= 40:
                out.append(piece.strip())
                piece = ""
        if piece.strip():
            out.append(piece.strip())
    return out


def merge_units(sentences: list[str], limit: int = 10) -> list[str]:
    """At most ``limit`` units for the embedding model: neighbouring short sentences merged first."""
    units = list(sentences)
    while len(units) > limit:
        i = min(range(len(units) - 1), key=lambda k: len(units[k]) + len(units[k + 1]))
        units[i:i + 2] = [units[i] + units[i + 1]]
    return units


def _ramp(x: float, lo: float, hi: float) -> float:
    return max(0.0, min(1.0, (x - lo) / (hi - lo))) if hi > lo else float(x >= hi)


def _short(text: str, width: int = 22) -> str:
    text = text.strip().rstrip("。；;，,")
    return text if len(text) <= width else text[:width] + "…"


def _sentence_with(sentences: list[str], phrase: str) -> str | None:
    return next((s for s in sentences if phrase in normalise(s)), None)


def _own_action(sentence: str, lex: Lexicon, qtype: str, loose: bool = False, context: str = "") -> bool:
    """A clause that says what the candidate does or did: an action verb, and (for stories) said as 我, not 我们,
    in the clause or the sentence (``context``) it belongs to."""
    n = normalise(sentence)
    if not _found(n, lex["action_verbs"]) and not _found(n, lex["action"]) and not _found(n, lex["check_verbs"]):
        return False
    if lex.claim_re.search(n) and not _found(n, lex["action"]):
        return False
    if loose or qtype in ("situational", "technical"):
        return True
    whole = normalise(context) if context else n
    if "我们" in n or (_found(n, lex["collective"]) and "我" not in n):
        return False
    i_count = whole.count("我") - whole.count("我们")
    return i_count >= 1 or bool(_found(n, ("先", "再", "然后", "接着", "最后")))


def _repetition(norm: str) -> float:
    """Share of the answer's 4-character pieces that already occurred earlier (saying the same thing twice)."""
    text = "".join(ch for ch in norm if ch.isalnum())
    grams = [text[i:i + 4] for i in range(max(0, len(text) - 3))]
    if len(grams) < 20:
        return 0.0
    seen: set[str] = set()
    again = 0
    for g in grams:
        again += g in seen
        seen.add(g)
    return again / len(grams)
