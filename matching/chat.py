"""Chat routing for career-matching questions ("我学数控的，适合什么岗位？缺什么技能？")."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import prompts
from core.places import same_place
from knowledge.tokenize import normalise
from matching.service import MatchingService

# 没什么工作经验 tells, it asks nothing
_ASKS = re.compile(r"适合|能做|能干|可以做|找什么|做什么|(?<!没)什么岗位|哪些岗位|(?<!没)什么工作|缺什么|还要学|要学什么|补什么|匹配|对口")
_TOPIC = re.compile(r"岗位|工作|职位|技能|就业|出路|方向")
_STUDIED = re.compile(r"(?:学|读|念)(?:的是|了)?([\u4e00-\u9fffA-Za-z]{2,10}?)(?:专业)?的")


def answer_career_question(message: str, service: MatchingService) -> CareerAnswer | None:
    """A short answer with the top postings, the skills they ask for that the user did not mention, and where to
    learn them (citing the file); None when the message is not a matching question."""
    text = normalise(message)
    if not (_ASKS.search(text) and _TOPIC.search(text)):
        return None
    profile = service.profile_from_text(message)
    if not profile.occupations:
        m = _STUDIED.search(text)
        if m:
            occ = service.occupations.for_major(m.group(1)) or service.occupations.for_title(m.group(1))
            if occ:
                profile = service.profile_from_dict({"major": m.group(1), "text": message} | (
                    {"district": profile.district} if profile.district else {}))
    if not profile.occupations and not profile.skills:
        return None
    matches = service.match_profile(profile, k=10)
    if profile.district:  # 高新区那边有啥适合我的岗位: that place's postings, when it has any
        matches = [m for m in matches if same_place(m.district, profile.district)] or matches
    matches = matches[:3]
    if not matches:
        return None
    cites = _Citations()
    lines = [f"{i}. {m.title}｜{m.company}｜{m.district}｜{m.salary}"
             + cites.mark(service.matcher.posting(m.id).source, m.title, m.id, f"{m.title} {m.company} {m.district} {m.salary}")
             for i, m in enumerate(matches, 1)]
    missing = Counter(s for m in matches for s in m.missing_skills if service.dictionary.kind(s) != "soft")
    top_missing = [s for s, _ in missing.most_common(3)]
    learn = []
    for skill in top_missing:
        options = service.catalog.options_for(skill, 1)
        if options:
            o = options[0]
            learn.append(f"「{skill}」：{o.college}·{o.programme}（{o.via}：{o.item}）"
                         + cites.mark(o.source, o.college, o.programme, f"{o.programme} {o.via}：{o.item}"))
    if learn:
        subs = service.catalog.subsidies_for(profile.district, limit=1)
        tail = f"\n取得证书后可申请技能补贴，见《{subs[0].title}》{subs[0].section}" + cites.mark(
            subs[0].source, subs[0].title, subs[0].section, subs[0].text) if subs else ""
        learn_text = "可以去学：" + "；".join(learn) + "。" + tail
    else:
        learn_text = prompts.load("matching_no_course").strip()
    direction = profile.major or "、".join(profile.occupations)
    text = prompts.render(
        "matching_answer", direction=direction, postings="\n".join(lines),
        missing="、".join(top_missing) if top_missing else "（暂无明显欠缺）", learn=learn_text,
    ).strip()
    return CareerAnswer(text, cites.sources)


@dataclass
class CareerAnswer:
    """The answer text with [n] markers and what each marker cites ({source,title,section,text})."""

    text: str
    sources: list[dict] = field(default_factory=list)


class _Citations:
    def __init__(self) -> None:
        self.sources: list[dict] = []

    def mark(self, source: str, title: str, section: str, text: str) -> str:
        for i, s in enumerate(self.sources, 1):
            if (s["source"], s["section"]) == (source, section):
                return f"[{i}]"
        self.sources.append({"source": source, "title": title, "section": section, "text": text})
        return f"[{len(self.sources)}]"
