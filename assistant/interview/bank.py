"""The question bank: roles, their skill terms and typed questions, read from ``data/roles/*.json``."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

from core.errors import NotFoundError

DATA = Path(__file__).resolve().parent / "data"

QuestionType = Literal["behavioural", "situational", "technical", "motivation"]
QUESTION_TYPES: tuple[str, ...] = ("behavioural", "situational", "technical", "motivation")
TYPE_LABELS = {"behavioural": "行为题", "situational": "情景题", "technical": "专业题", "motivation": "动机题"}


@dataclass(frozen=True)
class Question:
    """One interview question. ``key_concepts`` entries are ``a|b|c`` synonym groups an on-topic answer mentions."""

    id: str
    type: str
    text: str
    key_concepts: tuple[str, ...] = ()
    source: str = "bank"  # "bank" | "posting" | "free"

    def to_json(self) -> dict:
        return {"id": self.id, "type": self.type, "text": self.text, "key_concepts": list(self.key_concepts), "source": self.source}

    @classmethod
    def from_json(cls, d: dict) -> Question:
        return cls(d["id"], d["type"], d["text"], tuple(d.get("key_concepts", ())), d.get("source", "bank"))


@dataclass(frozen=True)
class Role:
    """A vocational role: its name, other names it goes by, its skill terms (``a|b`` synonym groups) and questions."""

    id: str
    name: str
    aliases: tuple[str, ...]
    skills: tuple[str, ...]
    questions: tuple[Question, ...] = field(default=(), repr=False)
    family: str | None = None  # occupation family (red_flags.json), e.g. "electrical"
    # What a profile built for any title adds (assistant/interview/profile.py); empty for a bare seed role.
    duties: tuple[str, ...] = ()
    certificates: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()
    postings: tuple[str, ...] = ()  # ids of the postings the profile was built from
    generic_skills: tuple[str, ...] = ()
    seed: str | None = None  # id of the hand-written seed role of its family

    def to_json(self) -> dict:
        return {"id": self.id, "name": self.name, "aliases": list(self.aliases), "skills": list(self.skills),
                "questions": [q.to_json() for q in self.questions], "family": self.family,
                "duties": list(self.duties), "certificates": list(self.certificates),
                "programmes": list(self.programmes), "postings": list(self.postings), "seed": self.seed}

    @classmethod
    def from_json(cls, d: dict) -> Role:
        return cls(d["id"], d["name"], tuple(d.get("aliases", ())), tuple(d.get("skills", ())),
                   tuple(Question.from_json(q) for q in d.get("questions", ())), d.get("family"),
                   tuple(d.get("duties", ())), tuple(d.get("certificates", ())), tuple(d.get("programmes", ())),
                   tuple(d.get("postings", ())), tuple(d.get("generic_skills", ())), d.get("seed"))

    @property
    def profile_text(self) -> str:
        """The role described in one line, for comparing answers with it by meaning."""
        parts = [f"{self.name}的工作"]
        skills = [s.split("|")[0] for s in self.skills[:10]]
        if skills:
            parts.append("技能：" + "、".join(skills))
        if self.duties:
            parts.append("职责：" + "；".join(self.duties[:3]))
        return "。".join(parts)


class QuestionBank:
    """All roles, looked up by id, Chinese name or alias."""

    def __init__(self, roles: list[Role]):
        self.roles = list(roles)
        self._by_key: dict[str, Role] = {}
        for r in self.roles:
            for key in (r.id, r.name, *r.aliases):
                self._by_key.setdefault(key.lower(), r)

    def exact(self, key: str) -> Role | None:
        """The seed role whose id, name or alias is exactly ``key`` (or None)."""
        return self._by_key.get(key.strip().lower())

    def find(self, key: str) -> Role | None:
        """The seed role whose id, name or alias is ``key``, else one whose name or alias occurs in it (or None)."""
        k = key.strip().lower()
        if k in self._by_key:
            return self._by_key[k]
        hits = [(len(name), r) for name, r in self._by_key.items() if len(name) >= 2 and name in k]
        return max(hits, key=lambda h: h[0])[1] if hits else None

    def seed_for_family(self, family: str) -> Role | None:
        return next((r for r in self.roles if r.family == family), None)

    def role(self, key: str) -> Role:
        """The role whose id, name or alias is ``key``; ``NotFoundError`` naming the known roles otherwise."""
        found = self._by_key.get(key.strip().lower())
        if found is None:
            names = "、".join(f"{r.name}({r.id})" for r in self.roles)
            raise NotFoundError(f"unknown role {key!r}; known roles: {names}")
        return found

    def question(self, role: Role, text: str) -> Question:
        """The bank question with this text (or id), else a free question whose type is inferred from its wording."""
        wanted = _squash(text)
        for q in role.questions:
            if q.id == text.strip() or _squash(q.text) == wanted:
                return q
        return Question(id="free", type=infer_type(text), text=text.strip(), source="free")

    def closest_role(self, text: str) -> Role:
        """The role whose name, aliases and skills best match ``text`` (a posting title + skills + description)."""
        from knowledge.tokenize import normalise

        norm = normalise(text)

        def score(r: Role) -> float:
            s = 0.0
            for name in (r.name, *r.aliases):
                if normalise(name) in norm:
                    s += 5 if name == r.name else 4
            s += sum(1 for term in r.skills if any(alt in norm for alt in _alts(term)))
            return s

        return max(self.roles, key=score)


def _squash(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


def _alts(term: str) -> list[str]:
    from knowledge.tokenize import normalise

    return [normalise(a) for a in term.split("|") if a]


@cache
def _type_cues() -> dict[str, list[str]]:
    return json.loads((DATA / "lexicon.json").read_text(encoding="utf-8"))["question_type_cues"]


def infer_type(text: str) -> str:
    """Guess a free question's type from its wording (behavioural cues first: 讲一次 / 经历 …)."""
    cues = _type_cues()
    how = any(c in text for c in cues.get("how", ()))
    for qtype in ("behavioural", "situational", "motivation", "technical"):
        found = [c for c in cues[qtype] if c in text]
        if qtype == "motivation" and how:  # 怎么选择供应商 asks how, not why: only a strong why-cue counts
            found = [c for c in found if c not in cues.get("yield_to_how", ())]
        if found:
            return qtype
    return "technical"


def load_bank(folder: Path | None = None) -> QuestionBank:
    """Read every ``<role>.json`` under ``folder`` (default: the shipped bank)."""
    folder = folder or DATA / "roles"
    roles = [Role.from_json(json.loads(p.read_text(encoding="utf-8"))) for p in sorted(folder.glob("*.json"))]
    if not roles:
        raise NotFoundError(f"no interview roles in {folder}")
    return QuestionBank(roles)


@cache
def posting_templates() -> dict:
    return json.loads((DATA / "posting_questions.json").read_text(encoding="utf-8"))


def posting_skills(posting: dict) -> list[str]:
    """A posting's required skills as a list (the field may be a list or a 、/,/; separated string)."""
    import re

    skills = posting.get("skills") or []
    if isinstance(skills, str):
        skills = re.split(r"[、,，;；/\s]+", skills)
    return [s.strip() for s in skills if s and s.strip()]


def questions_from_posting(posting: dict) -> list[Question]:
    """Questions built from a posting: one per required skill (cycling behavioural/technical/situational), then why-us."""
    tpl = posting_templates()
    skills = posting_skills(posting)
    out: list[Question] = []
    pid = str(posting.get("id", "posting"))
    for i, skill in enumerate(skills[: tpl["max_posting_questions"]]):
        t = tpl["per_skill"][i % len(tpl["per_skill"])]
        out.append(Question(id=f"{pid}-skill{i + 1}", type=t["type"], text=t["text"].format(skill=skill),
                            key_concepts=(skill, *t["key_concepts"]), source="posting"))
    m = tpl["motivation"]
    title = posting.get("title") or "这个岗位"
    company = posting.get("company") or "我们公司"
    out.append(Question(id=f"{pid}-why", type=m["type"], text=m["text"].format(title=title, company=company),
                        key_concepts=(title, *m["key_concepts"]), source="posting"))
    return out
