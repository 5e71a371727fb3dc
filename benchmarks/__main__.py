"""Run every ``benchmarks/bench_*.py`` module's ``main()`` and store one JSON summary under benchmarks/results/.

``python -m benchmarks`` (what ``make bench`` runs) or ``python -m benchmarks ingest retrieval`` for a subset.
A benchmark that raises is recorded as ``{"error": ...}`` and the others still run.
"""

from __future__ import annotations

import importlib
import json
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def discover(only: list[str]) -> list[str]:
    names = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if only:
        wanted = {n if n.startswith("bench_") else f"bench_{n}" for n in only}
        unknown = wanted - set(names)
        if unknown:
            raise SystemExit(f"unknown benchmark(s): {', '.join(sorted(unknown))}; have {', '.join(names)}")
        names = [n for n in names if n in wanted]
    return names


def main(argv: list[str] | None = None) -> dict:
    argv = sys.argv[1:] if argv is None else argv
    summary: dict = {"started": datetime.now(UTC).isoformat(timespec="seconds"), "results": {}}
    for name in discover(argv):
        print(f"== {name}", file=sys.stderr, flush=True)
        started = time.perf_counter()
        try:
            result = importlib.import_module(f"benchmarks.{name}").main([])
        except SystemExit as exc:  # argparse or a benchmark giving up
            result = {"error": f"SystemExit: {exc.code}"}
        except Exception as exc:  # noqa: BLE001 - one broken benchmark must not hide the others
            traceback.print_exc()
            result = {"error": f"{type(exc).__name__}: {exc}"}
        summary["results"][name.removeprefix("bench_")] = result
        print(f"   {name} took {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"summary-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    out.write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    (RESULTS / "latest.json").write_text(out.read_text(encoding="utf-8"), encoding="utf-8")
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    print(f"written to {out}", file=sys.stderr)
    return summary


if __name__ == "__main__":
    main()
