"""The development question set agrees with the shipped corpus.

Every expected fact must occur, after the eval's normalisation (NFKC, no whitespace, no commas), inside one
passage of one of its expected sources: a policy article (page headers and footers removed), a programme
section, or a posting row. Forbidden facts must be real figures from elsewhere in the corpus.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path

from pypdf import PdfReader

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "knowledge/corpus"
DEV = REPO / "knowledge/corpus_sets/dev.jsonl"
KEYS = {"id", "question", "history", "category", "expected_sources", "expected_facts", "forbidden_facts",
        "expect_escalation", "expect_refusal"}
MINIMUM = {"policy": 35, "programme": 25, "job": 20, "followup": 8, "out_of_scope": 15, "escalation": 10}
ARTICLE = re.compile(r"(?=第[一二三四五六七八九十百]+条)")
PAGE_FURNITURE = re.compile(r"^(南江市\S*(人力资源和社会保障局)|第 \d+ 页 共 \d+ 页)$", re.MULTILINE)


def norm(text: str) -> str:
    return re.sub(r"[\s,]", "", unicodedata.normalize("NFKC", text))


def load() -> list[dict]:
    return [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]


@cache
def corpus_files() -> dict[str, Path]:
    return {p.name: p for p in CORPUS.rglob("*") if p.is_file()}


@cache
def passages(name: str) -> tuple[str, ...]:
    """The normalised retrievable units of one corpus file."""
    path = corpus_files()[name]
    if path.suffix == ".pdf":
        text = "\n".join(PAGE_FURNITURE.sub("", page.extract_text()) for page in PdfReader(path).pages)
        parts = ARTICLE.split(text)
    elif path.suffix == ".md":
        parts = re.split(r"(?m)^(?=## )", path.read_text(encoding="utf-8"))
    elif path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as fh:
            parts = [" ".join(row.values()) for row in csv.DictReader(fh)]
    elif path.suffix == ".jsonl":
        parts = [" ".join(json.loads(line).values()) for line in path.read_text(encoding="utf-8").splitlines()]
    else:
        raise AssertionError(f"unexpected corpus file {name}")
    return tuple(norm(p) for p in parts if p.strip())


ROWS = load()


def test_size_ids_and_schema():
    assert len(ROWS) >= 110
    ids = [r["id"] for r in ROWS]
    assert len(set(ids)) == len(ids), [i for i, n in Counter(ids).items() if n > 1]
    for r in ROWS:
        assert set(r) <= KEYS, (r["id"], set(r) - KEYS)
        assert isinstance(r["question"], str) and r["question"].strip()
        assert r["category"] in MINIMUM
        for turn in r["history"]:
            assert set(turn) == {"role", "content"} and turn["role"] in {"user", "assistant"}
        for key in ("expected_sources", "expected_facts", "forbidden_facts"):
            assert all(isinstance(x, str) and x for x in r[key]), (r["id"], key)
        assert isinstance(r["expect_escalation"], bool) and isinstance(r["expect_refusal"], bool)


def test_category_counts_and_flags():
    counts = Counter(r["category"] for r in ROWS)
    for category, minimum in MINIMUM.items():
        assert counts[category] >= minimum, (category, counts[category])
    for r in ROWS:
        answerable = r["category"] in {"policy", "programme", "job", "followup"}
        assert r["expect_refusal"] == (r["category"] == "out_of_scope"), r["id"]
        assert r["expect_escalation"] == (r["category"] == "escalation"), r["id"]
        assert bool(r["expected_sources"]) == answerable, r["id"]
        assert bool(r["expected_facts"]) == answerable, r["id"]
        assert bool(r["history"]) == (r["category"] == "followup"), r["id"]


def test_every_dev_row_is_grounded_in_the_corpus():
    """One check over every row (a data check, not a product test): each expected fact is in one passage of an
    expected source; each forbidden fact is a real figure of another document, never in an answering passage.
    Lists every bad row at once."""
    files = corpus_files()
    bad: list[str] = []
    for row in ROWS:
        bad += [f"{row['id']}: {s} is not in knowledge/corpus" for s in row["expected_sources"] if s not in files]
        units = [p for s in row["expected_sources"] if s in files for p in passages(s)]
        bad += [f"{row['id']}: expected {f!r} not found" for f in row["expected_facts"]
                if not any(norm(f) in u for u in units)]
        answering = [u for u in units if any(norm(f) in u for f in row["expected_facts"])]
        others = [n for n in files if n not in row["expected_sources"]]
        for fact in row["forbidden_facts"]:
            if norm(fact) in {norm(f) for f in row["expected_facts"]}:
                bad.append(f"{row['id']}: forbidden {fact!r} is also expected")
            if not any(norm(fact) in u for n in others for u in passages(n)):
                bad.append(f"{row['id']}: forbidden {fact!r} is no figure of another document")
            if any(norm(fact) in u for u in answering):
                bad.append(f"{row['id']}: forbidden {fact!r} is in an answering passage")
    assert not bad, "\n".join(bad)
