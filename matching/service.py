"""The matching feature wired together: postings, the seeker pool, the training catalogue and the settings.

Built once by the composition root; the CLI, the web tabs and the chat router call only this.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from core.settings import Settings
from matching.gaps import GapRow, supply_demand
from matching.matcher import Match, Matcher
from matching.profiles import (
    SeekerProfile,
    load_profile_file,
    load_seekers,
    seeker_from_dict,
    seeker_from_text,
)
from matching.skillmap import SkillMap, build_skill_map
from matching.skills import load_dictionary, load_occupations
from matching.training import KbPassages, PassageSource, TrainingCatalog

# The sample's labelled seeker pool (the supply side of the gaps until seekers are ingested as documents).
SEEKERS = Path(__file__).resolve().parents[1] / "knowledge" / "corpus_sets" / "seekers.jsonl"


class MatchingService:
    """Two-way matching, the skill map and the supply–demand warnings over one set of postings."""

    def __init__(self, postings: Callable[[], list[dict]], passages: PassageSource, *, shortage_ratio: float,
                 surplus_ratio: float, seekers_path: Path = SEEKERS) -> None:
        self._postings_fn = postings
        self.dictionary = load_dictionary()
        self.occupations = load_occupations()
        self.catalog = TrainingCatalog(passages, self.dictionary)
        self.shortage_ratio = shortage_ratio
        self.surplus_ratio = surplus_ratio
        self.seekers_path = seekers_path
        self._seekers: list[SeekerProfile] | None = None
        self._rows: list[dict] | None = None
        self._matcher: Matcher | None = None

    @property
    def matcher(self) -> Matcher:
        """Rebuilt only when the postings list changes (the knowledge base returns the same list until an ingest)."""
        rows = self._postings_fn()
        if self._matcher is None or rows is not self._rows:
            self._matcher = Matcher(rows, self.seekers, self.catalog, self.dictionary, self.occupations)
            self._rows = rows
        return self._matcher

    @property
    def seekers(self) -> list[SeekerProfile]:
        if self._seekers is None:
            self._seekers = load_seekers(self.seekers_path, dictionary=self.dictionary, occupations=self.occupations)
        return self._seekers

    def _profile_kwargs(self) -> dict:
        return {"dictionary": self.dictionary, "occupations": self.occupations, "districts": self.matcher.districts}

    def profile_from_file(self, path: Path) -> SeekerProfile:
        return load_profile_file(path, **self._profile_kwargs())

    def profile_from_text(self, text: str) -> SeekerProfile:
        return seeker_from_text(text, **self._profile_kwargs())

    def profile_from_dict(self, data: dict) -> SeekerProfile:
        return seeker_from_dict(data, **self._profile_kwargs())

    def match_profile(self, profile: SeekerProfile, k: int = 10) -> list[Match]:
        return self.matcher.match_seeker(profile, k)

    def match_posting(self, posting_id: str, k: int = 10) -> list[Match]:
        return self.matcher.match_posting(posting_id, k)

    def skill_map(self) -> SkillMap:
        return build_skill_map(self.matcher.postings, self.dictionary, self.occupations, self.catalog.programmes)

    def gaps(self, by_district: bool = True) -> list[GapRow]:
        return supply_demand(self.matcher.postings, self.seekers, shortage_ratio=self.shortage_ratio,
                             surplus_ratio=self.surplus_ratio, by_district=by_district)


def build_matching(kb, settings: Settings) -> MatchingService:
    """The app's matching service over the knowledge base's postings and programme/policy passages only: what the
    admin ingested or deleted is exactly what matching sees (no fallback to the shipped sample files)."""
    return MatchingService(kb.postings, KbPassages(kb), shortage_ratio=settings.gaps.shortage_ratio,
                           surplus_ratio=settings.gaps.surplus_ratio)
