"""Starter questions for the chat page, written from what is ingested: templates (prompts/starter_questions.txt)
whose slots are filled with the knowledge base's own policies, places, colleges, programmes and job titles."""

from __future__ import annotations

import re
from collections import Counter

from core.places import find_places

_SLOT = re.compile(r"\{(\w+)\}")
# Words around the topic of a policy title: 关于印发《…》的通知, place names, 暂行/实施 办法.
_TITLE_TAIL = re.compile(r"(?:若干措施|实施细则|实施办法|管理办法|暂行办法|试行办法|办法|细则|措施|规定|意见|方案|通知|政策)$")


def policy_topic(title: str) -> str:
    """关于印发《X区青年人才生活补贴实施办法》的通知 → 青年人才生活补贴 (the places and the kind of document removed)."""
    inner = re.search(r"《([^》]+)》", title)
    topic = inner.group(1) if inner else title
    topic = re.sub(r"[（(][^）)]*[）)]", "", topic)
    for place in find_places(topic):
        topic = topic.replace(place, "")
    topic = re.sub(r"^\d{4}年", "", topic)
    topic = re.sub(r"^(?:关于|支持|促进)", "", topic)
    return _TITLE_TAIL.sub("", topic).strip()


def slot_values(kb) -> dict[str, str]:
    """One value per slot, from the ingested documents (a slot with nothing to fill is absent)."""
    values: dict[str, str] = {}
    policies = [d for d in kb.documents() if d.doc_type == "policy"]
    scopes = kb.scopes()
    for doc in policies:
        topic = policy_topic(doc.title)
        places = scopes.get(doc.source, {}).get("places", [])
        if 2 <= len(topic) <= 16:
            values.setdefault("policy_topic", topic)
            if places and "policy_place" not in values:
                values["policy_place"] = places[0]
                values["policy_topic"] = topic
    programmes = Counter()
    for m in kb.vectors.iter_metadata("programme"):
        if kb.is_live(m) and m.get("college") and m.get("programme"):
            programmes[(m["college"], m["programme"])] += 1
    if programmes:
        values["college"], values["programme"] = programmes.most_common(1)[0][0]
    titles = Counter(p["title"] for p in kb.postings() if p.get("title"))
    if titles:
        values["job"] = titles.most_common(1)[0][0]
    return values


def starter_questions(kb, templates: list[str], limit: int = 4) -> list[str]:
    """The templates whose every slot the knowledge base can fill, filled; nothing when the knowledge base is empty."""
    values = slot_values(kb) if not kb.is_empty() else {}
    out: list[str] = []
    for template in templates:
        slots = _SLOT.findall(template)
        if template.strip() and all(s in values for s in slots):
            question = _SLOT.sub(lambda m: values[m.group(1)], template.strip())
            if question not in out:
                out.append(question)
    return out[:limit]
