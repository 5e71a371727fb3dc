"""Ranking quality of the matcher on the labelled seeker pool (each seeker's counsellor ``shortlist``).

Seeker side: for each seeker, the shortlist is the relevant set of postings. Posting side: for each posting on
at least one shortlist, the seekers who shortlisted it are the relevant set. Binary relevance;
Recall@k = |top-k ∩ relevant| / |relevant|; NDCG@k with gains 1/log2(rank+1), ideal = all relevant first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from matching.matcher import Matcher


def recall_at(ranked: list[str], relevant: set[str], k: int) -> float:
    return len(set(ranked[:k]) & relevant) / len(relevant) if relevant else 0.0


def ndcg_at(ranked: list[str], relevant: set[str], k: int) -> float:
    dcg = sum(1 / math.log2(i + 2) for i, r in enumerate(ranked[:k]) if r in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return dcg / ideal if ideal else 0.0


@dataclass(frozen=True)
class Quality:
    direction: str
    queries: int
    recall: float
    ndcg: float

    def to_dict(self) -> dict:
        return {"direction": self.direction, "queries": self.queries, "recall@5": round(self.recall, 3),
                "ndcg@5": round(self.ndcg, 3)}


def evaluate(matcher: Matcher, k: int = 5) -> tuple[Quality, Quality]:
    """(seeker → postings, posting → seekers) quality over the labelled pool the matcher holds."""
    labelled = [s for s in matcher.seekers if s.shortlist]
    rec, nd = [], []
    for s in labelled:
        ranked = [m.id for m in matcher.match_seeker(s, k, explain_training=False)]
        rec.append(recall_at(ranked, set(s.shortlist), k))
        nd.append(ndcg_at(ranked, set(s.shortlist), k))
    seeker_side = Quality("seeker→postings", len(labelled), sum(rec) / len(rec), sum(nd) / len(nd))
    wanted: dict[str, set[str]] = {}
    for s in labelled:
        for pid in s.shortlist:
            wanted.setdefault(pid, set()).add(s.id)
    rec, nd = [], []
    for pid, relevant in sorted(wanted.items()):
        ranked = [m.id for m in matcher.match_posting(pid, k)]
        rec.append(recall_at(ranked, relevant, k))
        nd.append(ndcg_at(ranked, relevant, k))
    posting_side = Quality("posting→seekers", len(wanted), sum(rec) / len(rec), sum(nd) / len(nd))
    return seeker_side, posting_side
