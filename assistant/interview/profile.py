"""Role profiles for any job title, built from what the deployment has.

``RoleProfiler.profile(title)`` merges three sources into one ``Role``:

- the postings whose titles are like ``title`` (their skills, duties and certificates, through the skill
  dictionary) and the programmes that lead there — handed in by the composition root as a ``RoleEvidence``
  callable, because the interview package does not import matching or the knowledge base;
- the hand-written seed bank of the title's family (electrician, chef, nurse …), when there is one;
- generic competencies every job has.

The profile's questions draw on it: skills give technical and situational questions, duties behavioural ones.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from assistant.interview.bank import DATA, Question, QuestionBank, Role
from assistant.interview.redflags import load_red_flags
from knowledge.tokenize import normalise


@dataclass(frozen=True)
class RoleEvidence:
    """What the deployment knows about a job title: postings with similar titles and what they ask for."""

    posting_ids: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()  # "name|synonym|…" groups, most asked-for first (hard skills)
    certificates: tuple[str, ...] = ()
    duties: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()


EvidenceLookup = Callable[[str], RoleEvidence]


@cache
def profile_templates(folder: Path = DATA) -> dict:
    return json.loads((folder / "profile_questions.json").read_text(encoding="utf-8"))


@dataclass
class RoleProfiler:
    """Builds (and caches per title) the role profile of any job title."""

    bank: QuestionBank
    evidence: EvidenceLookup | None = None
    _cache: dict[str, Role] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def profile(self, title: str) -> Role:
        key = " ".join(title.split())
        if not key:
            from core.errors import ZhituError

            raise ZhituError("role: the job title is empty")
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        role = self._build(key)
        with self._lock:
            self._cache[key] = role
        return role

    def clear(self) -> None:
        """Forget cached profiles (after an ingest changed the postings)."""
        with self._lock:
            self._cache.clear()

    def _build(self, title: str) -> Role:
        checker = load_red_flags()
        seed = self.bank.find(title)
        family = checker.family_for(title) or (seed.family if seed else None)
        if seed is None and family:
            seed = self.bank.seed_for_family(family)
        ev = self.evidence(title) if self.evidence else RoleEvidence()
        tpl = profile_templates()
        skills = list(dict.fromkeys((*ev.skills, *(seed.skills if seed else ()))))
        generic = tuple(tpl["generic_competencies"])
        questions = _questions(title, ev, tpl)
        if seed is not None and (seed.name == title or title in seed.aliases or seed.id == title):
            questions = [*seed.questions, *questions]  # the seed bank's own role: its hand-written questions first
        elif seed is not None:
            questions = [*questions, *[q for q in seed.questions if q.type != "motivation"]]
        questions += [_generic(q, title, i) for i, q in enumerate(tpl["generic"])]
        rid = seed.id if seed is not None and seed.name == title else "role-" + hashlib.sha1(title.encode()).hexdigest()[:8]
        return Role(
            id=rid, name=title, aliases=seed.aliases if seed and seed.name == title else (), skills=tuple(skills),
            questions=tuple(_dedupe(questions)), family=family, duties=ev.duties, certificates=ev.certificates,
            programmes=ev.programmes, postings=ev.posting_ids, generic_skills=generic,
            seed=seed.id if seed else None,
        )


def _questions(title: str, ev: RoleEvidence, tpl: dict) -> list[Question]:
    out: list[Question] = []
    hard = [s for s in ev.skills if s][: tpl["max_skill_questions"]]
    for i, group in enumerate(hard):
        skill = group.split("|")[0]
        t = tpl["skill_technical"] if i % 2 == 0 else tpl["skill_situational"]
        out.append(Question(id=f"skill{i + 1}", type=t["type"], text=t["text"].format(title=title, skill=skill),
                            key_concepts=(group, *t["key_concepts"]), source="profile"))
    for i, duty in enumerate(ev.duties[: tpl["max_duty_questions"]]):
        t = tpl["duty_behavioural"]
        out.append(Question(id=f"duty{i + 1}", type=t["type"], text=t["text"].format(duty=duty),
                            key_concepts=tuple(t["key_concepts"]), source="profile"))
    m = tpl["motivation"]
    out.append(Question(id="why", type=m["type"], text=m["text"].format(title=title),
                        key_concepts=(title, *m["key_concepts"]), source="profile"))
    return out


def _generic(q: dict, title: str, i: int) -> Question:
    return Question(id=f"generic{i + 1}", type=q["type"], text=q["text"].format(title=title),
                    key_concepts=tuple(q["key_concepts"]), source="generic")


def _dedupe(questions: list[Question]) -> list[Question]:
    seen: set[str] = set()
    out = []
    for q in questions:
        if q.text not in seen:
            seen.add(q.text)
            out.append(q)
    return out


def duties_from(description: str, limit: int = 3) -> list[str]:
    """Duty phrases of a posting description: its clauses that say what the job does (not who is preferred)."""
    import re

    skip = ("优先", "工作地点", "要求", "经验", "学历", "待遇", "薪", "福利", "五险", "包吃", "简历", "欢迎", "可投", "以上")
    out = []
    for clause in re.split(r"[。；;！!\n]", description):
        clause = clause.strip(" ，,")
        if 6 <= len(clause) <= 40 and not any(s in clause for s in skip):
            out.append(clause)
        if len(out) >= limit:
            break
    return out


def similar_titles(title: str, titles: list[str], threshold: float = 0.5) -> list[int]:
    """Indexes of ``titles`` like ``title`` (Dice overlap of character bigrams, best first)."""
    a = _bigrams(title)
    scored = []
    for i, t in enumerate(titles):
        b = _bigrams(t)
        if a and b:
            dice = 2 * len(a & b) / (len(a) + len(b))
            if dice >= threshold:
                scored.append((dice, i))
    return [i for _, i in sorted(scored, reverse=True)]


_SUFFIXES = ("工程师", "专员", "助理", "主管", "经理", "实习生", "学徒", "岗")


def _bigrams(title: str) -> set[str]:
    t = normalise(title)
    for s in _SUFFIXES:
        if t.endswith(s) and len(t) > len(s) + 1:
            t = t[: -len(s)]
    t = "".join(ch for ch in t if ch.isalnum())
    return {t[i:i + 2] for i in range(len(t) - 1)} or ({t} if t else set())


__all__ = ["EvidenceLookup", "RoleEvidence", "RoleProfiler", "duties_from", "similar_titles"]
