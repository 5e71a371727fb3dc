"""Regenerate the generated parts of the sample corpus under knowledge/corpus/.

- policies: every ``knowledge/corpus_src/policies/<stem>.md`` → ``knowledge/corpus/policies/<stem>.pdf``
- jobs: the seeded postings built from ``knowledge/corpus_src/jobs/occupations.json`` →
  ``knowledge/corpus/jobs/postings_2026q3.csv`` and ``postings_2026q4.jsonl``

The programme catalogues (``knowledge/corpus/programmes/*.md``) are written by hand and are not touched.
Output is deterministic: running this twice gives identical bytes.

    python scripts/make_corpus.py [--root DIR]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pdfgen import render_policy_pdf

REPO = Path(__file__).resolve().parent.parent
COLUMNS = ["id", "title", "company", "district", "salary", "education", "experience", "skills", "description",
           "posted_at"]
SEED = 2026


def build_policies(root: Path) -> list[Path]:
    """Render every policy source to a PDF; return the written paths."""
    out_dir = root / "knowledge/corpus/policies"
    written = []
    for src in sorted((root / "knowledge/corpus_src/policies").glob("*.md")):
        out = out_dir / f"{src.stem}.pdf"
        render_policy_pdf(src.read_text(encoding="utf-8"), out)
        written.append(out)
    return written


def _salary(rng: random.Random, low: int, high: int) -> str:
    """A monthly range inside [low, high], on 500-yuan steps."""
    span = rng.choice((1000, 1500, 2000, 2000, 3000)) if high < 12000 else rng.choice((3000, 4000, 5000))
    span = min(span, high - low)
    start = rng.randrange(low, high - span + 1, 500)
    return f"{start}-{start + span}元/月"


def generate_postings(spec: dict, seed: int = SEED) -> list[dict[str, str]]:
    """Expand the occupation spec into postings, deterministically for a given seed.

    Each occupation lists ``titles``, ``companies`` (name, district) and ``variants`` (description
    templates); salary, skills subset, education, experience and date are drawn with the seeded RNG.
    """
    rng = random.Random(seed)
    rows: list[dict[str, str]] = []
    for occ in spec["occupations"]:
        titles, variants = occ["titles"], occ["variants"]
        for n, entry in enumerate(occ["companies"]):
            company, district = entry[0], entry[1]
            # Every company posts once; every other company also posts the sibling title (a second opening).
            # An explicit variant list pins descriptions that only fit that company's trade.
            default = [n] if len(titles) == 1 or n % 2 else [n, n + 1]
            pinned = entry[2] if len(entry) > 2 else None
            for pos, k in enumerate(pinned or default):
                if "variant_titles" in occ:  # the description decides the title (主播 vs 直播运营)
                    title = occ["variant_titles"][k % len(variants)]
                else:
                    title = titles[(n + pos) % len(titles)]
                low, high = occ["salary"]
                skills = list(occ["skills"])
                rng.shuffle(skills)
                rows.append({
                    "title": title,
                    "company": company,
                    "district": district,
                    "salary": _salary(rng, low, high),
                    "education": rng.choice(occ["education"]),
                    "experience": rng.choice(occ["experience"]),
                    "skills": "、".join(skills[: rng.randint(3, min(5, len(skills)))]),
                    "description": variants[k % len(variants)].format(company=company, district=district)
                    + f"工作地点：{district}。",
                })
    rng.shuffle(rows)
    quarters = ((dt.date(2026, 7, 1), 92), (dt.date(2026, 10, 1), 61))  # Q3: Jul–Sep; Q4 so far: Oct–Nov
    for i, row in enumerate(rows):
        start, days = quarters[i % 2]
        row["posted_at"] = (start + dt.timedelta(days=rng.randrange(days))).isoformat()
    rows.sort(key=lambda r: (r["posted_at"], r["company"], r["title"]))
    for i, row in enumerate(rows, start=1):  # ids grow with the posting date, as in a real job board
        row["id"] = f"J{i:04d}"
    return [{c: row[c] for c in COLUMNS} for row in rows]


def build_postings(root: Path) -> list[Path]:
    """Write the Q3 CSV (posted July–September) and the Q4 JSONL (October–November)."""
    spec = json.loads((root / "knowledge/corpus_src/jobs/occupations.json").read_text(encoding="utf-8"))
    rows = generate_postings(spec)
    q3 = sorted((r for r in rows if r["posted_at"] < "2026-10-01"), key=lambda r: r["id"])
    q4 = sorted((r for r in rows if r["posted_at"] >= "2026-10-01"), key=lambda r: r["id"])
    out_dir = root / "knowledge/corpus/jobs"
    out_dir.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(q3)
    csv_path = out_dir / "postings_2026q3.csv"
    csv_path.write_text(buf.getvalue(), encoding="utf-8")
    jsonl_path = out_dir / "postings_2026q4.jsonl"
    jsonl_path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in q4), encoding="utf-8")
    return [csv_path, jsonl_path]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=REPO, help="repository root (default: this checkout)")
    args = parser.parse_args(argv)
    for path in build_policies(args.root) + build_postings(args.root):
        print(path.relative_to(args.root))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
