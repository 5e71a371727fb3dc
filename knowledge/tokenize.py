"""Chinese tokenisation with jieba, initialised once per process with the corpus user dictionary."""

from __future__ import annotations

import logging
import re
import threading
from functools import cache, lru_cache
from pathlib import Path

from core.places import fold_text, not_place_word, short_name

DATA = Path(__file__).resolve().parent / "data"
_lock = threading.Lock()
_tokenizer = None
_pos_tokenizer = None

_KEEP = re.compile(r"[\w\u4e00-\u9fff]")


def normalise(text: str) -> str:
    """NFKC, lower-case: the form both the index and the queries are tokenised from."""
    return fold_text(text)


def data_rows(name: str) -> list[list[str]]:
    """The rows of a tab-separated word list in knowledge/data: each row's non-empty cells, stripped; blank lines and
    comment lines (#) left out."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    rows = ([c.strip() for c in line.split("\t") if c.strip()] for line in lines if not line.lstrip().startswith("#"))
    return [row for row in rows if row]


@cache
def _typos() -> tuple[tuple[str, str], ...]:
    return tuple((row[0], row[1]) for row in data_rows("typos.tsv") if len(row) == 2)


def without_typos(text: str) -> str:
    """``text`` with the misspellings users write for the words of employment rules folded (生活补帖 → 生活补贴:
    typos.tsv)."""
    for wrong, right in _typos():
        text = text.replace(wrong, right)
    return text


def tokenizer():
    """The process-wide jieba tokenizer, loaded on first use (about 1 s), never per request."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                tok = jieba.Tokenizer()
                tok.initialize()
                userdict = DATA / "userdict.txt"
                if userdict.exists():
                    tok.load_userdict(str(userdict))
                _tokenizer = tok
    return _tokenizer


def cut(text: str) -> list[str]:
    """Tokens of ``text`` for matching: search-mode jieba cut, punctuation and blanks dropped. A measure word after
    a figure in digits is the figure's (雇了4个人: 4, 个, 人 — as jieba cuts 三个人 — not 个人 of 个人创业担保贷款)."""
    out: list[str] = []
    before = ""  # the token right before, kept or not (0.5%，个人: 个人 follows a comma, not the figure)
    for t in tokenizer().cut_for_search(normalise(text), HMM=False):
        after_figure, before = before[-1:].isdigit(), t
        if not (t.strip() and _KEEP.search(t)):
            continue
        if len(t) > 1 and t[0] in _MEASURES and after_figure:
            out.append(t[0])
            t = t[1:]
        out.append(t)
    return out


_MEASURES = "个名位"  # 4名员工, 3位老师: what jieba joins to the next character after digits


def boundaries(text: str) -> set[int]:
    """Offsets in ``text`` where precise-mode jieba puts a word boundary (0 and ``len(text)`` included)."""
    out, pos = {0}, 0
    for token in tokenizer().cut(text, HMM=False):
        pos += len(token)
        out.add(pos)
    return out


def add_words(words: list[str]) -> None:
    """Teach the tokenizer extra words (programme names, districts, job titles found in the corpus)."""
    tok = tokenizer()
    for w in words:
        if w and len(w) > 1:
            tok.add_word(w, freq=50000)


def _pos():
    global _pos_tokenizer
    if _pos_tokenizer is None:
        base = tokenizer()  # outside the lock: it takes the lock itself
        with _lock:
            if _pos_tokenizer is None:
                from jieba.posseg import POSTokenizer

                _pos_tokenizer = POSTokenizer(base)
    return _pos_tokenizer


def rare_place(word: str) -> bool:
    """A place name jieba's general lexicon hardly knows (counted fewer than ``rare_in_lexicon`` times in
    core/data/place_words.json): 成都, 荆州 and 西湖 are well known; a small town's name is not. A name written with
    the very sound of an ingested place is a slip for it when the lexicon hardly knows the name."""
    return (tokenizer().FREQ.get(word) or 0) < _rare_limit()


@lru_cache(maxsize=1)
def _rare_limit() -> int:
    import json

    from core.places import PLACE_WORDS

    return int(json.loads(PLACE_WORDS.read_text(encoding="utf-8"))["rare_in_lexicon"])


def place_names(text: str) -> list[str]:
    """Words jieba's general lexicon tags as place names (ns): 成都, 深圳 — places written without a suffix, which
    core.places cannot see. Generic Chinese geography, nothing of any corpus; loaded on first use. Generic words the
    lexicon tags so (立马, 海鲜: place_words.json ``not_place_words``) are none."""
    return list(dict.fromkeys(w for w, flag in tagged(text) if flag == "ns" and len(w) >= 2 and not not_place_word(w)))


def attributive(text: str, word: str) -> bool:
    """Every time ``text`` writes ``word`` it stands right before a common noun it describes and after no preposition
    (临街商铺: a shop on the street): a word jieba's lexicon tags as a place but that names no place where the user is
    (在杭州公司上班 and 杭州那边 name one)."""
    pairs = tagged(text)
    at = [i for i, (w, _) in enumerate(pairs) if w == word]
    return bool(at) and all(i + 1 < len(pairs) and pairs[i + 1][1] == "n" and not (i and pairs[i - 1][1] == "p")
                            for i in at)


def side_names(text: str, sides: list[str], name_tags: list[str]) -> list[str]:
    """Words written right before one of ``sides`` (那边, 那里) at the start of a part or after 那 (邹坪那边有没有招电工的,
    那龙岗那边呢) that the tokenizer reads as a name: a word tagged one of ``name_tags`` (龙岗: nr), or characters it
    knows no word for (苕岭), never a pronoun or a common noun (那孩子那边, 我们那边)."""
    found = []
    for m in re.finditer(rf"(?:^|[\s，,。？?！!；;]|那)(?!那)([\u4e00-\u9fff]{{2,4}}?)(?:{'|'.join(map(re.escape, sides))})",
                         normalise(text)):
        words = tagged(m.group(1))
        tags = [t for _, t in words]
        if any(t in name_tags for t in tags) or len(words) == len(m.group(1)) and not any(
                t.startswith(("r", "p", "c", "u", "d", "m")) for t in tags):
            found.append(m.group(1))
    return found


@lru_cache(maxsize=4096)
def tagged(text: str) -> tuple[tuple[str, str], ...]:
    """(word, part-of-speech tag) of ``text`` (normalised), by jieba's general lexicon."""
    return tuple((p.word, p.flag) for p in _pos().cut(normalise(text), HMM=False))


# jieba's tags of words that are never part of a place name: verbs, adverbs, pronouns, prepositions, conjunctions,
# particles (听说, 直接, 我们, 还是).
_NOT_IN_NAME = ("v", "d", "ad", "r", "p", "c", "u", "y", "e")


def reads_as_name(text: str, name: str) -> bool:
    """Whether ``name`` (a place core.places found by its suffix) reads as a name where ``text`` writes it: some
    mention starts where jieba starts a word and holds no word of two characters or more that jieba tags as a verb,
    adverb, pronoun, preposition, conjunction or particle. 直接找市人社局 → 接找市 starts inside 直接; 听说去县里 → 听说去县
    holds 听说. A name jieba does not know (栖棠区, split into single characters) still reads as one; a name whose
    part before the suffix is one lexicon word of those kinds (报到市人社局 → 报到) does not."""
    stem = short_name(name)
    if stem != name and (_pos().word_tag_tab.get(stem) or "").startswith(_NOT_IN_NAME):
        return False
    spans, pos = [], 0
    for word, flag in tagged(text):
        spans.append((pos, pos + len(word), word, flag))
        pos += len(word)
    starts = {s for s, _, _, _ in spans}
    found = list(re.finditer(re.escape(fold_text(name)), normalise(text)))
    return not found or any(
        m.start() in starts and not any(s >= m.start() and e <= m.end() and len(w) >= 2 and f.startswith(_NOT_IN_NAME)
                                        and f != "vn" for s, e, w, f in spans)
        for m in found)


# single characters that never stand inside a place name where a document writes one (由, 向, 各, 其); a classical
# pronoun's morpheme (兹, rg) does: 兹岗县
_NOT_IN_DOC_NAME = ("p", "r", "c", "u", "d")
_IN_NAME_TAGS = ("rg",)


def names_place(text: str, name: str) -> bool:
    """Whether a document's ``text`` writes ``name`` (found by its suffix) as a place: some mention starts and ends
    where jieba starts and ends words (跨镇区域 ends inside 区域), holds no function character (应向市, 贷款由区,
    各园区) and is not one general word that is no place name (主城区 is a noun, 浦东新区 a place name)."""
    spans, pos = [], 0
    for word, flag in tagged(text):
        spans.append((pos, pos + len(word), word, flag))
        pos += len(word)
    starts = {s for s, _, _, _ in spans}
    ends = {e for _, e, _, _ in spans}
    for m in re.finditer(re.escape(fold_text(name)), normalise(text)):
        inner = [(s, e, w, f) for s, e, w, f in spans if s >= m.start() and e <= m.end()]
        if (m.start() in starts and m.end() in ends and reads_as_name(text, name)
                and not any(len(w) == 1 and f.startswith(_NOT_IN_DOC_NAME) and f not in _IN_NAME_TAGS
                            for _, _, w, f in inner)
                and not (len(inner) == 1 and not inner[0][3].startswith("ns") and not _proper_stem(inner[0][2]))):
            return True
    return False


def _proper_stem(word: str) -> bool:
    """A word jieba reads as one common noun (越秀区: n) whose name before its suffix it reads as one proper name (越秀:
    nr): a place name all the same, unlike 主城区 (主城: n) or 示范区 (示范: v)."""
    stem = short_name(word)
    words = tagged(stem) if stem != word else ()
    return len(words) == 1 and words[0][1].startswith(("nr", "ns", "nz", "nt"))


@lru_cache(maxsize=1)
def _abroad() -> tuple[str, ...]:
    import json

    return tuple(json.loads((DATA / "abroad.json").read_text(encoding="utf-8"))["names"])


def abroad(word: str) -> bool:
    """A country or region outside the mainland (knowledge/data/abroad.json), or a place in one: where a user studied
    or worked, never the place a question about these documents asks about."""
    return any(word.startswith(n) or n.startswith(word) and len(word) >= 2 for n in _abroad())


# jieba's tags of words that never name a topic on their own: time and position words (下半年, 下去), verbs (错过,
# 提取; a verbal noun, vn, still can), adverbs, pronouns, numerals, measures, prepositions, conjunctions, particles.
_NO_TOPIC = ("t", "f", "v", "d", "r", "m", "q", "p", "c", "u", "y", "e", "o", "x")


def no_topic_words(text: str) -> frozenset[str]:
    """Words of ``text`` jieba's general lexicon tags as no topic of their own (下半年, 错过, 下去)."""
    return frozenset(w for w, flag in tagged(text) if flag.startswith(_NO_TOPIC) and flag != "vn")


def time_words(text: str) -> frozenset[str]:
    """Words of ``text`` jieba tags as a time, a numeral or a measure (去年, 现在, 一笔): when the story happened or how
    much of it, never what is asked about."""
    return frozenset(w for w, flag in tagged(text) if flag[:1] in ("t", "m", "q"))


def filler_words(text: str) -> frozenset[str]:
    """Pronouns, short adverbs and A-not-A forms of ``text`` (这块, 哪些, 分别, 最少, 是不是), and an adjective used
    as an adverb before a verb (直接没戏; not 积分 of 居住证积分, which jieba tags the same): they fill a question, they
    name nothing a clause must write. Verbs and time words are not among them: jieba tags 求职, 引进 and 留学 as verbs,
    and they are what many questions are about; a longer adverb (一次性) qualifies the thing asked."""
    pairs = tagged(text)
    return frozenset(w for i, (w, flag) in enumerate(pairs) if flag.startswith("r") or asking_form(w) or len(w) <= 2 and (
        flag.startswith("d") or flag == "ad" and i + 1 < len(pairs) and pairs[i + 1][1].startswith("v")))


def asking_form(word: str) -> bool:
    """An A-not-A form (是不是, 有没有, 能不能): how a question asks, never what about."""
    return bool(A_NOT_A.fullmatch(word))


A_NOT_A = re.compile(r"([\u4e00-\u9fff])[不没]\1")  # 给不给, 算不算, 有没有

