"""The skill dictionary (``data/skills.tsv``) and skill extraction from postings, résumés and course lists.

Every synonym maps to exactly one canonical skill. Extraction is exact dictionary matching on NFKC,
lower-cased text (the same normalisation as ``knowledge.tokenize``), leftmost-longest, so "数控车工证"
is the certificate and not the skill "数控车" plus noise. Latin terms must stand alone ("sql" is not
found inside "mysql"; "ps" is not found inside "https").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

from knowledge.tokenize import normalise

DATA = Path(__file__).resolve().parent / "data"
SkillKind = Literal["hard", "soft", "cert"]
GENERAL = "通用"

_LATIN = re.compile(r"^[a-z0-9]")
_LATIN_END = re.compile(r"[a-z0-9]$")
_ITEM_SPLIT = re.compile(r"[、,，;；/|\n]+")


@dataclass(frozen=True)
class Skill:
    """One canonical skill with its kind (hard skill, soft skill or certificate) and the occupations that ask for it."""

    name: str
    kind: SkillKind
    occupations: tuple[str, ...]
    synonyms: tuple[str, ...]

    @property
    def general(self) -> bool:
        return GENERAL in self.occupations


@dataclass(frozen=True)
class Occupation:
    """An occupation: the words in a posting title that name it and the programmes that train for it."""

    name: str
    title_keywords: tuple[str, ...]
    majors: tuple[str, ...]


@dataclass
class SkillDictionary:
    """Canonical skills and their synonyms; ``extract(text)`` returns canonical names in order of appearance."""

    skills: dict[str, Skill]
    _lookup: dict[str, str] = field(init=False, repr=False)
    _pattern: re.Pattern = field(init=False, repr=False)
    _compiled: list[tuple[str, re.Pattern]] | None = field(init=False, repr=False, default=None)

    def __post_init__(self) -> None:
        lookup: dict[str, str] = {}
        for skill in self.skills.values():
            for term in (skill.name, *skill.synonyms):
                key = _key(term)
                if key in lookup and lookup[key] != skill.name:
                    raise ValueError(f"skills.tsv: {term!r} is a synonym of both {lookup[key]} and {skill.name}")
                lookup[key] = skill.name
        self._lookup = lookup
        # Longest first, so the alternation is leftmost-longest at each position.
        terms = sorted(lookup, key=len, reverse=True)
        self._pattern = re.compile("|".join(_term_regex(t) for t in terms))

    def __len__(self) -> int:
        return len(self.skills)

    def __contains__(self, name: str) -> bool:
        return name in self.skills

    def canonical(self, term: str) -> str | None:
        """The canonical name of one exact term (a synonym or the name itself), or None if unknown."""
        return self._lookup.get(_key(term))

    def extract(self, text: str) -> list[str]:
        """Canonical skills mentioned anywhere in ``text``, each once, in order of first appearance."""
        found: dict[str, None] = {}
        for m in self._pattern.finditer(normalise(text)):
            found[self._lookup[_key(m.group(0))]] = None
        return list(found)

    def extract_all(self, text: str) -> list[str]:
        """Every skill any of whose terms occurs in ``text``, overlaps included ("网店运营推广" → the course
        teaches 网店运营 and prepares for the 网店运营推广 certificate). For short, dense texts such as course names."""
        norm = normalise(text)
        found: dict[str, None] = {}
        for term, regex in self._term_patterns():
            if term in norm and regex.search(norm):
                found.setdefault(self._lookup[term], None)
        return list(found)

    def _term_patterns(self) -> list[tuple[str, re.Pattern]]:
        if self._compiled is None:
            self._compiled = [(t, re.compile(_term_regex(t))) for t in sorted(self._lookup, key=len, reverse=True)]
        return self._compiled

    def parse_list(self, items: str | list[str]) -> list[str]:
        """Skills from a list field ("数控编程、CAD制图、吃苦耐劳"): each item mapped to its canonical skill;
        an item the dictionary does not know is searched for known skills, else kept as written (normalised)."""
        if isinstance(items, str):
            items = _ITEM_SPLIT.split(items)
        found: dict[str, None] = {}
        for raw in items:
            item = raw.strip()
            if not item:
                continue
            name = self.canonical(item)
            if name:
                found[name] = None
                continue
            inner = self.extract(item)
            if inner:
                found.update(dict.fromkeys(inner))
            else:
                found[normalise(item)] = None
        return list(found)

    def kind(self, name: str) -> SkillKind:
        skill = self.skills.get(name)
        return skill.kind if skill else "hard"

    def weight(self, name: str) -> float:
        """How much a skill counts in a match: hard skills and certificates 1, soft skills 0.4."""
        return 0.4 if self.kind(name) == "soft" else 1.0

    def by_occupation(self, occupation: str) -> list[Skill]:
        return [s for s in self.skills.values() if occupation in s.occupations]


def _key(term: str) -> str:
    return re.sub(r"\s+", " ", normalise(term).strip())


def _term_regex(term: str) -> str:
    body = r"\s*".join(re.escape(part) for part in term.split(" "))
    if _LATIN.search(term):
        body = r"(?<![a-z0-9])" + body
    if _LATIN_END.search(term):
        body = body + r"(?![a-z0-9])"
    return body


def read_skills(path: Path) -> dict[str, Skill]:
    """Parse a skills TSV: ``skill<TAB>kind<TAB>occupations<TAB>synonyms`` ('|' inside columns, '#' comments)."""
    skills: dict[str, Skill] = {}
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 4 or cols[1] not in ("hard", "soft", "cert"):
            raise ValueError(f"{path.name}:{lineno}: expected 4 tab-separated columns with kind hard|soft|cert")
        name, kind, occ, syn = (c.strip() for c in cols)
        if name in skills:
            raise ValueError(f"{path.name}:{lineno}: duplicate skill {name}")
        skills[name] = Skill(
            name=name,
            kind=kind,  # type: ignore[arg-type]
            occupations=tuple(o for o in occ.split("|") if o),
            synonyms=tuple(s for s in syn.split("|") if s),
        )
    return skills


def read_occupations(path: Path) -> list[Occupation]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        Occupation(o["name"], tuple(o.get("title_keywords", ())), tuple(o.get("majors", ())))
        for o in data["occupations"]
    ]


@cache
def load_dictionary(path: Path = DATA / "skills.tsv") -> SkillDictionary:
    """The shipped skill dictionary, built once per process."""
    return SkillDictionary(read_skills(path))


@dataclass
class OccupationIndex:
    """Maps posting titles and seeker majors to occupations."""

    occupations: list[Occupation]
    # (keyword as written, normalised keyword, occupation), normalised once: gaps classify thousands of titles
    _titles: list[tuple[str, str, str]] = field(init=False, repr=False)
    _majors: list[tuple[str, str, str]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._titles = [(kw, normalise(kw), o.name) for o in self.occupations for kw in o.title_keywords]
        self._majors = [(m, normalise(m), o.name) for o in self.occupations for m in o.majors]

    @property
    def names(self) -> list[str]:
        return [o.name for o in self.occupations]

    def for_title(self, title: str) -> str | None:
        """The occupation whose longest title keyword occurs in ``title`` (earlier occupation on ties)."""
        return _longest(self._titles, normalise(title))

    def for_major(self, major: str) -> str | None:
        """The occupation a programme trains for ("数控技术" → 数控加工), by the longest major name it contains."""
        return _longest(self._majors, normalise(major))

    def majors_in(self, text: str) -> list[str]:
        """Programme names mentioned in free text, longest first without overlaps."""
        norm = normalise(text)
        found: list[str] = []
        for m in sorted({m for o in self.occupations for m in o.majors}, key=len, reverse=True):
            nm = normalise(m)
            if nm in norm and not any(nm in normalise(f) for f in found):
                found.append(m)
        return found


def _longest(terms: list[tuple[str, str, str]], text: str) -> str | None:
    best, best_len = None, 0
    for raw, norm, occupation in terms:
        if len(raw) > best_len and norm in text:
            best, best_len = occupation, len(raw)
    return best


@cache
def load_occupations(path: Path = DATA / "occupations.json") -> OccupationIndex:
    return OccupationIndex(read_occupations(path))
