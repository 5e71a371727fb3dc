"""The matching feature wired together: postings, the registered seekers, the training catalogue and the settings.

Built once by the composition root; the CLI, the web tabs and the chat router call only this. The seekers are the
deployment's own: registrations ingested as documents of type ``seeker`` and profiles counted with consent on the
岗位匹配 tab (``knowledge.seekers.SeekerStore``); there is no bundled pool.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from core.masking import mask_pii
from core.settings import Settings
from ingest.records import SeekerRecord
from matching.gaps import Classifier, GapRow, count_gaps
from matching.matcher import Match, Matcher
from matching.profiles import (
    EDUCATION_NAMES,
    SeekerProfile,
    load_profile_file,
    seeker_from_dict,
    seeker_from_text,
)
from matching.skillmap import SkillMap, build_skill_map
from matching.skills import load_dictionary, load_occupations
from matching.training import KbPassages, PassageSource, TrainingCatalog


class MatchingService:
    """Two-way matching, the skill map and the supply–demand warnings over one set of postings."""

    def __init__(self, postings: Callable[[], list[dict]], passages: PassageSource, supply, *, shortage_ratio: float,
                 surplus_ratio: float) -> None:
        """``supply`` is the seeker store (``knowledge.seekers.SeekerStore``: groups, all, count, signature, consent)."""
        self._postings_fn = postings
        self.supply = supply
        self.dictionary = load_dictionary()
        self.occupations = load_occupations()
        self.classifier = Classifier(self.occupations)
        self.catalog = TrainingCatalog(passages, self.dictionary)
        self.shortage_ratio = shortage_ratio
        self.surplus_ratio = surplus_ratio
        self._seekers: tuple[object, list[SeekerProfile]] | None = None
        self._rows: list[dict] | None = None
        self._matcher: Matcher | None = None
        self._demand: tuple[list[dict], list] | None = None

    @property
    def matcher(self) -> Matcher:
        """Rebuilt only when the postings list changes (the knowledge base returns the same list until an ingest)."""
        rows = self._postings_fn()
        if self._matcher is None or rows is not self._rows:
            self._matcher = Matcher(rows, None, self.catalog, self.dictionary, self.occupations)
            self._rows = rows
        return self._matcher

    @property
    def seekers(self) -> list[SeekerProfile]:
        """The registered seekers as matcher profiles (anonymised), rebuilt only when the stored rows change."""
        signature = self.supply.signature()
        if self._seekers is None or self._seekers[0] != signature:
            kw = {"dictionary": self.dictionary, "occupations": self.occupations}
            profiles = [seeker_from_dict(_as_profile(s.record), default_id=f"#{s.id}", **kw) for s in self.supply.all()]
            self._seekers = (signature, profiles)
        return self._seekers[1]

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
        """The registered seekers best fitting a posting, anonymised (for counsellors)."""
        return self.matcher.match_posting(posting_id, k, seekers=self.seekers)

    def count_profile(self, profile: SeekerProfile, key: str, target: str = "") -> None:
        """Count a profile from the matching tab in the supply (the seeker ticked 计入本区求职登记（匿名）).
        Only anonymised fields are kept; ``key`` (the browser session) replaces its earlier profile."""
        intent = target or (profile.occupations[0] if profile.occupations else "")
        record = SeekerRecord(
            row=0, intent=mask_pii(intent), major=mask_pii(profile.major),
            education=EDUCATION_NAMES.get(profile.education or 0, ""), district=profile.district or "",
            skills="、".join(profile.skills), certificates="、".join(profile.certificates),
            experience=f"{profile.experience}年" if profile.experience is not None else "",
            expected_salary=str(profile.expected_salary or ""))
        self.supply.consent(key, record)

    def withdraw_profile(self, key: str) -> bool:
        return self.supply.withdraw(key)

    def registrations(self) -> dict[str, int]:
        """How many seekers are counted: {"file": ingested registrations, "web": consented profiles}."""
        return self.supply.count()

    def skill_map(self) -> SkillMap:
        return build_skill_map(self.matcher.postings, self.dictionary, self.occupations, self.catalog.programmes)

    def gaps(self, by_district: bool = True, by_month: bool = False) -> list[GapRow]:
        """Openings against seekers per occupation × district and city-wide (全市), optionally per month."""
        rows = self._postings_fn()
        if self._demand is None or self._demand[0] is not rows:  # the knowledge base returns a new list on change
            self._demand = (rows, self.classifier.demand(rows))
        supply = self.classifier.supply(self.supply.groups(by_month=by_month))
        return count_gaps(self._demand[1], supply, shortage_ratio=self.shortage_ratio, surplus_ratio=self.surplus_ratio,
                          by_district=by_district, by_month=by_month, has_supply=bool(supply))


def _as_profile(r: SeekerRecord) -> dict:
    return {"id": r.ref, "target": r.intent, "major": r.major, "education": r.education, "district": r.district,
            "skills": r.skills, "certificates": r.certificates, "experience": r.experience or None,
            "expected_salary": r.expected_salary}


def build_matching(kb, settings: Settings) -> MatchingService:
    """The app's matching service over the knowledge base's postings, programme/policy passages and registered
    seekers only: what the admin ingested or deleted is exactly what matching sees (no fallback to sample files)."""
    return MatchingService(kb.postings, KbPassages(kb), kb.seekers, shortage_ratio=settings.gaps.shortage_ratio,
                           surplus_ratio=settings.gaps.surplus_ratio)
