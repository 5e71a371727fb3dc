"""Evaluation metrics: pure functions over ``Outcome`` records (one per question), no I/O but the route map.

Definitions (each metric is ``None`` when no question qualifies, so "not measured" never reads as 0):

- **hit@k / MRR** — over questions with ``expected_sources``. ``retrieved`` is the ranked list of retrieved
  passages' file names (one entry per passage, as the retriever ranked them); a hit@k when any of the first k
  is an expected source; the reciprocal rank is 1/rank of the first expected one (0 when none retrieved).
- **fact recall** — over all expected facts of all questions (micro-average): share present in the answer.
  A fact is present when it occurs in the answer after NFKC normalisation with whitespace and commas removed.
- **wrong-fact rate** — over questions with ``forbidden_facts``: share whose answer contains any of them.
- **median answer length** — characters of the (stripped) answer, over every question.
- **citation precision** — over questions with ``expected_sources``: distinct cited file names that are expected
  ÷ distinct cited file names (micro-average; questions citing nothing add nothing).
- **refusal accuracy** — over every question: share with ``refused == expect_refusal``.
- **escalation precision / recall** — escalated and expected ÷ escalated; escalated and expected ÷ expected.
- **routing accuracy** — over questions whose category maps to a route (``eval/data/category_routes.json``;
  every route name maps to itself): share whose reply took that route.
- **auto-resolution rate** — over every question: share answered (non-empty answer), not refused, not escalated.
- **latency p50 / p95** — nearest-rank percentiles of ``latency_ms``.
- **fallbacks** — LLM mode: answers where the extractive answer was used instead (``fallback_reason`` set).
"""

from __future__ import annotations

import json
import math
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from assistant.records import ROUTES
from core.places import compact_text
from eval.questions import Question

HIT_K = 5  # expected sources must be among this many retrieved passages for a question to pass
DATA = Path(__file__).resolve().parent / "data"
_STRIP = re.compile(r"[\s,]+")


@dataclass
class Outcome:
    """What the assistant did with one question, reduced to what the metrics need."""

    question: Question
    answer: str
    retrieved: list[str] = field(default_factory=list)  # ranked file names, one per retrieved passage
    cited: list[str] = field(default_factory=list)  # file names of the cited passages, in citation order
    escalated: bool = False
    refused: bool = False
    route: str = ""
    latency_ms: float = 0.0
    fallback_reason: str | None = None
    error: str | None = None  # the exception the assistant raised, if it did


# ---- fact matching -------------------------------------------------------------------------------


def normalise_fact_text(text: str) -> str:
    """NFKC, then drop whitespace and commas (full-width commas become ',' under NFKC): '1 000 元' → '1000元'."""
    return compact_text(text, ",")


def fact_present(fact: str, answer: str) -> bool:
    return normalise_fact_text(fact) in normalise_fact_text(answer)


# ---- per question --------------------------------------------------------------------------------


def first_relevant_rank(retrieved: Sequence[str], expected: Iterable[str]) -> int | None:
    """1-based rank of the first retrieved passage from an expected source, or None."""
    wanted = set(expected)
    for rank, source in enumerate(retrieved, 1):
        if source in wanted:
            return rank
    return None


def distinct(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def judge(o: Outcome, k: int = HIT_K) -> list[str]:
    """Why a question failed, one readable reason each; empty when it passed.

    Routing is reported as a metric, not as a failure reason (the category→route map is advisory).
    """
    q = o.question
    reasons: list[str] = [f"助手出错：{o.error}"] if o.error else []
    top = set(o.retrieved[:k])
    for source in q.expected_sources:
        if source not in top:
            reasons.append(f"缺少来源：{source}（不在前 {k} 条检索结果中）")
    for fact in q.expected_facts:
        if not fact_present(fact, o.answer):
            reasons.append(f"缺少事实：{fact}")
    for fact in q.forbidden_facts:
        if fact_present(fact, o.answer):
            reasons.append(f"出现错误事实：{fact}")
    if q.expect_refusal and not o.refused:
        reasons.append("应拒答，却给出了回答")
    elif o.refused and not q.expect_refusal:
        reasons.append("不应拒答，却拒答了")
    if q.expect_escalation and not o.escalated:
        reasons.append("应转人工，却没有转")
    elif o.escalated and not q.expect_escalation:
        reasons.append("不应转人工，却转了")
    return reasons


# ---- aggregate metrics ---------------------------------------------------------------------------


def _ratio(num: float, den: float) -> float | None:
    return num / den if den else None


def hit_at(outcomes: Sequence[Outcome], k: int) -> float | None:
    scored = [o for o in outcomes if o.question.expected_sources]
    hits = sum(1 for o in scored if (r := first_relevant_rank(o.retrieved, o.question.expected_sources)) and r <= k)
    return _ratio(hits, len(scored))


def mrr(outcomes: Sequence[Outcome]) -> float | None:
    scored = [o for o in outcomes if o.question.expected_sources]
    total = 0.0
    for o in scored:
        rank = first_relevant_rank(o.retrieved, o.question.expected_sources)
        total += 1.0 / rank if rank else 0.0
    return _ratio(total, len(scored))


def fact_recall(outcomes: Sequence[Outcome]) -> float | None:
    expected = [(f, o.answer) for o in outcomes for f in o.question.expected_facts]
    return _ratio(sum(1 for f, a in expected if fact_present(f, a)), len(expected))


def wrong_fact_rate(outcomes: Sequence[Outcome]) -> float | None:
    scored = [o for o in outcomes if o.question.forbidden_facts]
    wrong = sum(1 for o in scored if any(fact_present(f, o.answer) for f in o.question.forbidden_facts))
    return _ratio(wrong, len(scored))


def median_answer_length(outcomes: Sequence[Outcome]) -> float | None:
    lengths = [len(o.answer.strip()) for o in outcomes]
    return float(statistics.median(lengths)) if lengths else None


def citation_precision(outcomes: Sequence[Outcome]) -> float | None:
    good = cited = 0
    for o in outcomes:
        if not o.question.expected_sources:
            continue
        names = distinct(o.cited)
        cited += len(names)
        good += sum(1 for n in names if n in o.question.expected_sources)
    return _ratio(good, cited)


def refusal_accuracy(outcomes: Sequence[Outcome]) -> float | None:
    return _ratio(sum(1 for o in outcomes if o.refused == o.question.expect_refusal), len(outcomes))


def escalation_precision(outcomes: Sequence[Outcome]) -> float | None:
    escalated = [o for o in outcomes if o.escalated]
    return _ratio(sum(1 for o in escalated if o.question.expect_escalation), len(escalated))


def escalation_recall(outcomes: Sequence[Outcome]) -> float | None:
    expected = [o for o in outcomes if o.question.expect_escalation]
    return _ratio(sum(1 for o in expected if o.escalated), len(expected))


@cache
def category_routes() -> dict[str, str]:
    """Category (lower-case) → expected route: every route name itself plus the spellings in the data file."""
    extra = json.loads((DATA / "category_routes.json").read_text(encoding="utf-8"))
    mapping = {r: r for r in ROUTES}
    mapping.update({k.lower(): v for k, v in extra.items() if not k.startswith("_")})
    unknown = {v for v in mapping.values() if v not in ROUTES}
    if unknown:
        raise ValueError(f"category_routes.json maps to unknown routes: {sorted(unknown)}")
    return mapping


def expected_route(category: str, mapping: dict[str, str] | None = None) -> str | None:
    return (mapping if mapping is not None else category_routes()).get(category.strip().lower())


def routing_accuracy(outcomes: Sequence[Outcome], mapping: dict[str, str] | None = None) -> float | None:
    scored = [(o, r) for o in outcomes if (r := expected_route(o.question.category, mapping))]
    return _ratio(sum(1 for o, r in scored if o.route == r), len(scored))


def is_auto_resolved(o: Outcome) -> bool:
    return bool(o.answer.strip()) and not o.refused and not o.escalated


def auto_resolution_rate(outcomes: Sequence[Outcome]) -> float | None:
    return _ratio(sum(1 for o in outcomes if is_auto_resolved(o)), len(outcomes))


def percentile(values: Sequence[float], p: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least p% of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return float(ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)])


def fallback_count(outcomes: Sequence[Outcome]) -> int:
    return sum(1 for o in outcomes if o.fallback_reason is not None)


METRICS: dict[str, Callable[[Sequence[Outcome]], float | None]] = {
    "hit@1": lambda os: hit_at(os, 1),
    "hit@5": lambda os: hit_at(os, 5),
    "mrr": mrr,
    "fact_recall": fact_recall,
    "wrong_fact_rate": wrong_fact_rate,
    "median_answer_length": median_answer_length,
    "citation_precision": citation_precision,
    "refusal_accuracy": refusal_accuracy,
    "escalation_precision": escalation_precision,
    "escalation_recall": escalation_recall,
    "routing_accuracy": routing_accuracy,
    "auto_resolution_rate": auto_resolution_rate,
    "latency_p50_ms": lambda os: percentile([o.latency_ms for o in os], 50),
    "latency_p95_ms": lambda os: percentile([o.latency_ms for o in os], 95),
}


def metrics(outcomes: Sequence[Outcome]) -> dict:
    """Every metric over ``outcomes``, plus counts: questions, passed, fallbacks (with reasons)."""
    values: dict = {"questions": len(outcomes), "passed": sum(1 for o in outcomes if not judge(o))}
    values.update({name: fn(outcomes) for name, fn in METRICS.items()})
    values["fallbacks"] = fallback_count(outcomes)
    values["fallback_reasons"] = dict(Counter(o.fallback_reason for o in outcomes if o.fallback_reason is not None))
    return values


def summarise(outcomes: Sequence[Outcome]) -> dict:
    """``{"overall": metrics, "per_category": {category: metrics}}``, categories in first-seen order."""
    categories = distinct(o.question.category for o in outcomes)
    return {
        "overall": metrics(outcomes),
        "per_category": {c: metrics([o for o in outcomes if o.question.category == c]) for c in categories},
    }
