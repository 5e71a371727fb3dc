"""Rewrite a follow-up ("那硕士呢？") into a standalone question using the session history.

Slot substitution: the previous user question keeps its context (district, programme, topic) and the slot the
follow-up names (education level, district, programme, college) replaces the one of the same kind."""

from __future__ import annotations

import re

import prompts
from assistant.lexicon import routes, slots
from assistant.records import Turn
from assistant.scope import asked_benefits, unknown_programme
from core.places import find_places, same_place, short_name
from knowledge.query import Vocabulary, analyse, background, question_parts, type_words
from knowledge.tokenize import normalise, place_names

_TRAILING = re.compile(r"[呢吗呀啊吧？?。！!，,\s]+$")


def _slot_values(vocab: Vocabulary) -> dict[str, list[str]]:
    return {
        "education": slots()["education"],
        "district": sorted(vocab.districts, key=len, reverse=True),
        "programme": sorted(vocab.programmes, key=len, reverse=True),
        "college": sorted(vocab.colleges, key=len, reverse=True),
        "title": sorted(vocab.titles, key=len, reverse=True),  # 他们家叉车司机呢: the other posting of that employer
    }


def _find(text: str, values: list[str]) -> str | None:
    for v in values:
        if v and v in text:
            return v
    return None


def without_acknowledgement(message: str) -> str:
    """The message after a leading acknowledgement of the previous answer (好的 那…, 哦哦 那…): 好的 is no ask."""
    text = message.strip()
    starts = tuple(slots()["followup_starts"])
    for ack in sorted(routes()["acknowledgements"], key=len, reverse=True):
        if text.startswith(ack):
            rest = text[len(ack):]
            after = rest.lstrip(" ，,。.!！~～、")
            if after and (after != rest or after.startswith(starts)):
                return after
            if after.startswith(tuple(routes()["acknowledgements"])):  # 哦哦明白了。那…: one acknowledgement after another
                return without_acknowledgement(after)
    return text


def is_follow_up(message: str, vocab: Vocabulary) -> bool:
    text = without_acknowledgement(message)
    starts = slots()["followup_starts"]
    short = len(_TRAILING.sub("", text)) <= 10
    # 它电话多少 / 他们家叉车司机呢: a word that points back at the previous answer's posting or employer
    refers = any(w in text.replace("其它", "") for w in slots()["followup_refs"])
    # 我才干了一年多，那某区那边的呢？工资多少: a part of its own turns to the earlier question (那…呢)
    # (琅嵴那边呢？我是大专，能去不: a part that only names a place the documents cover, turning to it)
    turns = any(p.endswith("呢") and (p.startswith(tuple(starts)) or len(p) <= 8 and analyse(p, vocab).places_known(vocab))
                for p in re.split(r"[，,。？?！!\s]+", text))
    return short or refers or turns or any(text.startswith(s) for s in starts) or text.endswith(("呢", "呢？", "呢?"))


def programme_follow_up(message: str, previous: str, vocab: Vocabulary) -> bool:
    """After a question about a programme, a message asking one of a programme's fields (毕业了一般干啥 今年招多少人)
    that names no programme and holds no word of a policy or a posting asks about that programme."""
    fields = {w for words in slots()["programme_fields"].values() for w in words}
    if not any(w in message for w in fields) or analyse(message, vocab).programmes:
        return False
    types = type_words()
    if any(w in message for w in types["policy"]) or any(w in message and w not in fields for w in types["job"]):
        return False
    return bool(analyse(previous, vocab).programmes)


def standalone(message: str, history: list[Turn], vocab: Vocabulary) -> str:
    """The question to retrieve for. Unchanged when there is no history or the message stands on its own."""
    previous = next((t.content for t in reversed(history) if t.role == "user"), None)
    if not previous:
        return message
    if not is_follow_up(message, vocab) and not programme_follow_up(message, previous, vocab):
        return in_place(message, history, vocab)
    core = _TRAILING.sub("", without_acknowledgement(message))
    for s in sorted(slots()["followup_starts"], key=len, reverse=True):
        if core.startswith(s):
            core = core[len(s):]
            break
    earlier = [d for d in find_places(previous) if d in vocab.policy_districts]
    if earlier and any(not vocab.covers(p) and not vocab.near(p) for p in [*find_places(core), *place_names(core)]):
        return message  # 澹浦区… → 那武汉那边呢: a place no document names; the earlier district must not answer for it
    rewritten, replaced, swapped = previous, False, previous
    for slot, values in _slot_values(vocab).items():
        new = _find(core, values) or (slot == "programme" and _programme_part(core, previous, vocab))
        if not new:
            continue
        old = _find(previous, values)
        if old and old != new:
            rewritten, swapped = rewritten.replace(old, new), swapped.replace(old, new)
            replaced = True
        elif not old:
            rewritten = f"{new} {rewritten}"
            replaced = True
    # 那租房补贴呢 after 生活补贴一个月多少: the benefit the follow-up names in place of the earlier one, its figure asked
    # again (一个月多少 stays beside 能领多久)
    kept = False
    if (new_b := asked_benefits(core)) and (old_b := asked_benefits(swapped)) and new_b[0][0] not in old_b[0][0] \
            and old_b[0][0] not in new_b[0][0]:
        rewritten, swapped = rewritten.replace(old_b[0][0], new_b[0][0]), swapped.replace(old_b[0][0], new_b[0][0])
        replaced = kept = True
    if replaced and len(core) <= 12:
        return rewritten
    # 那新能源汽车那个专业呢？招几个人: a slot the follow-up names in place of the earlier one replaces it, the follow-up's
    # ask follows; one only added (我博士 of a story) stays in the follow-up's own words
    previous = swapped
    asks = [w for k in ("asks_amount", "asks_time", "asks_place", "asks_condition") for w in slots()[k]]
    asks += slots()["programme_fields"]["招生人数"]  # 招多少人 is an ask whole: no 招人 left to read as a job question
    if any(w in core for w in asks) and not kept:
        # The follow-up brings its own question (去哪里办？): keep the earlier topic, drop the earlier ask.
        for w in sorted(asks, key=len, reverse=True):
            previous = previous.replace(w, "")
        previous = re.sub(r"(要|有|是|需要)?(什么|多少|哪些)?[？?]*$", "", previous)
    rewritten = f"{elsewhere(previous, core, vocab)} {core}".strip()
    if place := answered_place(rewritten, history, vocab):
        rewritten = f"{place} {rewritten}"
    return rewritten


_REFUSALS = ("refusal", "not_covered", "not_stated", "not_in_catalogue", "no_postings")


def answered_place(question: str, history: list[Turn], vocab: Vocabulary) -> str:
    """The one covered place the last answer is from (按《北京市引进毕业生管理办法》…), when the rewritten follow-up
    names no covered place ('' otherwise): the conversation was answered for that place, so a place the earlier story
    names that no document writes (我们是X的一家公司: where the company sits) is inside it, not a reason to refuse.
    A refusal (whose text lists covered places) gives none."""
    last = next((t.content for t in reversed(history) if t.role == "assistant"), "")
    if not last or analyse(question, vocab).places_known(vocab):
        return ""
    # a refusal opens with its template's fixed words (抱歉，我手头的资料里没有关于「)
    if any(last.startswith(prompts.load(name).split("{", 1)[0].strip()) for name in _REFUSALS):
        return ""
    covered = [p for p in find_places(last) if p in vocab.policy_places]
    return covered[0] if len(set(covered)) == 1 else ""


def _programme_part(core: str, previous: str, vocab: Vocabulary) -> str:
    """A programme the follow-up names by a part of its name (那养老那个专业呢, 那五年一贯制的那个), after a question
    about a programme: the one catalogue row that part names ('' when none does, or the part is of a name the
    catalogue does not hold: 那数据分析专业呢 is not 大数据与会计)."""
    if not analyse(previous, vocab).programmes:
        return ""
    own = analyse(core, vocab)
    return "" if unknown_programme(own, vocab) else vocab.programme_by_part(core)


def elsewhere(previous: str, core: str, vocab: Vocabulary) -> str:
    """The earlier question without its places when the follow-up names another place (岚屿区大专生租房补贴 → 那我男朋友在
    青苇区那边上班…他能领多少): the follow-up moves there, and the earlier place's documents must not answer it."""
    # a place written without its suffix counts where the follow-up asks of it (天津落户也卡26吗), not in its story
    # (公司在X: a part of the earlier place, maybe)
    asking = [p for p, asks in question_parts(core) if asks]
    own = analyse(core, vocab).places or [w for w in place_names(core) if not vocab.covers(w) and any(w in p for p in asking)] \
        or [place for _, place in vocab.near_stem(normalise(core), [])]  # 那章湄那边的呢: a slip of a covered place's name
    before = analyse(previous, vocab).places
    if not own or any(same_place(p, q) for p in own for q in before):
        return previous
    # as the earlier question wrote them: a zone by its rest too (高新区 of 某某高新区)
    forms = {f for p in before for f in (p, short_name(p)) if len(f) >= 2} | {
        a for a, p in vocab.short_forms() if p in before and len(a) >= 2}
    for form in sorted(forms, key=len, reverse=True):
        previous = previous.replace(form, "")
    return previous


def in_place(message: str, history: list[Turn], vocab: Vocabulary) -> str:
    """A message that names no place, after turns that did, asks about the place the conversation is in (准备去沐川区当
    老师… → 津贴一个月具体多少钱): that place leads it, so no other place's document answers it. The latest user turn
    naming a place (not only as background: 我河南的) gives it; a message naming a place or a college of its own is
    unchanged (the college's catalogue is its scope)."""
    own = analyse(message, vocab)
    if own.places or own.colleges or place_names(message):
        return message
    for turn in reversed(history):
        if turn.role != "user":
            continue
        places = [p for p in analyse(turn.content, vocab).places if not background(turn.content, p)]
        if places:
            return f"{' '.join(places)} {without_acknowledgement(message)}"  # (明白了。那… asks nothing of 明白)
    return message
