"""Supply–demand warnings over 100k registrations and 10k postings: ≤ 2 s (issue 18), memory reported.

Registrations are stored in a real SQLite database through ``knowledge.seekers.SeekerStore`` (as `zhitu ingest
--type seeker` stores them): aims and programmes drawn from the occupation table with suffixes and 1 % one-off
free-text aims, districts written both as ``X区`` and ``某市X区``, registration dates over twelve months. Postings
are the synthetic ones of bench_matching with a 招聘人数. Ingest (parsing a 100k-row
export and storing it) is reported too. Timed, cold (a new service each run, so nothing is
cached): ``MatchingService.gaps()`` — the SQL grouping, classifying every group and posting into one occupation
and district, and the counting — and ``gaps(by_month=True)``. Memory: the Python heap peak during a cold run
(tracemalloc) and the process's peak RSS. The machine's load is reported beside the wall times (on a shared
machine the CPU time of the run is the steadier figure). Run: ``python -m benchmarks.bench_gaps [--seekers N] [--postings M]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
DISTRICTS = ["云溪区", "南港区", "青禾区", "东湖区", "北岸区", "西山区", "临江区", "高新区"]
EDUCATION = ["初中", "高中", "中专", "大专", "本科"]


def synthetic_registrations(n: int, seed: int = 11) -> list:
    from ingest.records import SeekerRecord
    from matching.skills import load_occupations

    rng = random.Random(seed)
    occs = [o for o in load_occupations().occupations if o.title_keywords]
    out = []
    for i in range(n):
        occ = rng.choice(occs)
        if rng.random() < 0.01:
            intent = f"想找离家近的工作{i}"
        else:
            intent = rng.choice(occ.title_keywords) + rng.choice(["", "", "学徒", "助理", "相关工作"])
        major = rng.choice(occ.majors) if occ.majors and rng.random() < 0.7 else ""
        district = rng.choice(DISTRICTS)
        if rng.random() < 0.4:
            district = "南江市" + district
        if rng.random() < 0.05:
            district = ""
        out.append(SeekerRecord(
            row=i + 1, ref=f"R{i:06d}", intent=intent, major=major, education=rng.choice(EDUCATION),
            district=district, skills="沟通能力", registered_at=f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        ))
    return out


def _export_csv(records) -> bytes:
    """A registration export as people send it: Chinese headers, personal columns that ingest must drop."""
    lines = ["人员编号,姓名,联系电话,意向岗位,所学专业,文化程度,期望工作地区,技能特长,登记日期"]
    for r in records:
        lines.append(f"{r.ref},求职者{r.row},139{r.row:08d},{r.intent},{r.major},{r.education},{r.district},"
                     f"{r.skills},{r.registered_at}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def run(n_seekers: int = 100_000, n_postings: int = 10_000, repeats: int = 5) -> dict:
    from benchmarks.bench_matching import synthetic_postings
    from core.db import make_engine, migrate
    from ingest.pipeline import parse_document
    from knowledge.seekers import SeekerStore
    from matching.service import MatchingService
    from matching.training import CorpusPassages

    rng = random.Random(3)
    postings = synthetic_postings(n_postings)
    for p in postings:
        p["openings"] = rng.choice(["", "1", "2", "3", "5", "10人"])
        if rng.random() < 0.4:
            p["district"] = "南江市" + p["district"]
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'zhitu.db'}")
        migrate(engine)
        store = SeekerStore(engine)
        records = synthetic_registrations(n_seekers)
        export = _export_csv(records)
        t0 = time.perf_counter()
        doc = parse_document("registrations.csv", export)  # what `zhitu ingest --type seeker` parses
        parse_s = time.perf_counter() - t0
        assert len(doc.seekers) == n_seekers
        t0 = time.perf_counter()
        with engine.begin() as conn:
            store.replace(conn, "registrations.csv", doc.seekers)
        store_s = time.perf_counter() - t0
        passages = CorpusPassages(REPO / "knowledge" / "corpus")

        def service() -> MatchingService:
            return MatchingService(lambda: postings, passages, store, shortage_ratio=1.5, surplus_ratio=0.8)

        rows = service().gaps()  # warm-up (imports, SQLite page cache)
        assert sum(r.seekers for r in rows if r.district == "全市") == n_seekers
        assert sum(r.openings for r in rows if r.district == "全市") >= n_postings
        times, cpu, monthly = [], [], []
        for _ in range(repeats):
            s = service()
            t, c = time.perf_counter(), time.process_time()
            s.gaps()
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
            s = service()
            t = time.perf_counter()
            s.gaps(by_month=True)
            monthly.append(time.perf_counter() - t)
        tracemalloc.start()
        service().gaps()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        engine.dispose()
    return {
        "benchmark": "supply-demand gaps, cold",
        "registrations": n_seekers,
        "postings": n_postings,
        "rows": len(rows),
        "ingest_parse_s": round(parse_s, 2),
        "ingest_store_s": round(store_s, 2),
        "median_s": round(statistics.median(times), 3),
        "max_s": round(max(times), 3),
        "cpu_median_s": round(statistics.median(cpu), 3),
        "load_average_1min": round(os.getloadavg()[0], 1),
        "by_month_median_s": round(statistics.median(monthly), 3),
        "heap_peak_mb": round(peak / 1048576, 1),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "target_s": 2.0,
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seekers", type=int, default=100_000)
    parser.add_argument("--postings", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    result = run(args.seekers, args.postings, args.repeats)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return result


if __name__ == "__main__":
    main()
