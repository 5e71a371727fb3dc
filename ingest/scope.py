"""Which places and which issuer a document applies to, read from the whole document: its title, 文号, issuer,
header lines and first articles (places recognised by core.places; nothing known in advance).

A city-wide document covers its districts unless it says otherwise: its scope is the city, and the districts and
groups (城六区) it names are recorded as ``covers``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from core.places import Place, is_district, place_mentions

DOC_NUMBER = re.compile(r"([\u4e00-\u9fff]{1,12})[〔﹝\[［(（【]\s*(\d{4})\s*[〕﹞\]］)）】](\d+)号")


def doc_numbers(text: str) -> list[str]:
    """文号 in ``text``, written with the official brackets whatever the writer typed (京政发﹝2009﹞14号, 京政发[2009]14号
    → 京政发〔2009〕14号)."""
    return list(dict.fromkeys(f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号" for m in DOC_NUMBER.finditer(text)))


_ISSUER = re.compile(r"^[\u4e00-\u9fff（）()]{2,40}?(?:人民政府|政府|委员会|办公室|办公厅|管委会|人社局|局|厅|委|部|中心)$")
_TITLE_ISSUER = re.compile(r"^([\u4e00-\u9fff]{2,30}?(?:人民政府|委员会|办公室|办公厅|局|厅))关于")
_ARTICLE = re.compile(r"^(?:第[一二三四五六七八九十百零〇\d]+条|[一二三四五六七八九十]+、)")


@dataclass
class Scope:
    """The places a document applies to (canonical names, most specific first), its issuer, and the districts and
    groups a city-wide document names inside it."""

    places: list[str] = field(default_factory=list)
    issuer: str = ""
    covers: list[str] = field(default_factory=list)
    city: str = ""
    district: str = ""

    def to_json(self) -> dict:
        return {"places": self.places, "issuer": self.issuer, "covers": self.covers}

    def metadata(self) -> dict[str, str]:
        """As flat chunk metadata (Chroma stores scalars): places and covers joined with 、."""
        meta = {"places": "、".join(self.places), "issuer": self.issuer, "covers": "、".join(self.covers),
                "city": self.city, "district": self.district}
        return {k: v for k, v in meta.items() if v}

    @classmethod
    def from_metadata(cls, meta: dict) -> Scope:
        def split(key: str) -> list[str]:
            value = meta.get(key)
            return [v for v in str(value).split("、") if v] if value else []

        return cls(split("places"), str(meta.get("issuer") or ""), split("covers"), str(meta.get("city") or ""),
                   str(meta.get("district") or ""))


def issuer_of(title: str, lines: list[str]) -> str:
    """The issuing body: a header or sign-off line that names an office (北京市人力资源和社会保障局, 中山区人社局),
    else the body a title starts with (上海市人民政府关于…)."""
    for line in lines[:6] + lines[-6:][::-1]:
        line = line.strip()
        if line != title and _ISSUER.match(line):
            return line
    m = _TITLE_ISSUER.match(title)
    return m.group(1) if m else ""


def document_scope(title: str, lines: list[str]) -> Scope:
    """The scope of a document from its title, 文号, issuer, header and first articles."""
    head = lines[:12]
    issuer = issuer_of(title, lines)
    title_places = [p for p in place_mentions(title, areas=True) if p.kind != "group"]
    issuer_places = place_mentions(issuer)
    found: list[Place] = list(title_places)
    if not found:
        found = [p for p in issuer_places if p.kind != "group"]
    text = "\n".join(lines)
    if not found:
        # 文号 such as 宝人社〔2016〕3号: its first character abbreviates a place the document names.
        named = [p for p in place_mentions(text[:3000], strict=True) if p.kind != "group"]
        for m in DOC_NUMBER.finditer("\n".join(head)):
            found += [p for p in named if p.name.startswith(m.group(1)[:1])][:1]
    if not found:
        counts = Counter(p for p in place_mentions("\n".join(lines[:40]), strict=True)
                         if p.kind != "group")
        found = [p for p, _ in counts.most_common(1)]
    names = list(dict.fromkeys(p.name for p in found))
    cities = [p for p in found if p.kind in ("city", "province")] + [Place(p.city, "city") for p in found if p.city]
    districts = [p for p in found if is_district(p) or p.kind == "area"]
    for c in cities:
        if c.name not in names:
            names.append(c.name)
    covers: list[str] = []
    if cities and not districts:
        inside = [p for p in place_mentions(text, strict=True) + issuer_places if p.kind in ("district", "zone", "group")]
        covers = list(dict.fromkeys(p.name for p in inside if p.name not in names))
    district = next((p.name for p in found if is_district(p)), "")
    return Scope(places=sorted(names, key=lambda n: 0 if any(d.name == n for d in districts) else 1), issuer=issuer,
                 covers=covers, city=cities[0].name if cities else "", district=district)
