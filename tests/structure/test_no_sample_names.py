"""The documents define the world: no place, college or employer of the sample corpus appears in code or data files
outside the sample corpus (knowledge/corpus*), tests, scripts, benchmarks and the blind sets. The names are read from
the sample corpus files at test time, so a name added to the corpus is checked too."""

from __future__ import annotations

from pathlib import Path

from core.places import short_name
from ingest.pipeline import iter_files, parse_document

REPO = Path(__file__).resolve().parents[2]
EXEMPT = ("knowledge/corpus", "tests/", "scripts/", "benchmarks/", "eval/blind/", ".git/", ".venv/")
CHECKED = (".py", ".json", ".jsonl", ".txt", ".tsv", ".csv", ".yaml", ".yml", ".toml", ".ini", ".html", ".md")


def sample_names() -> set[str]:
    names: set[str] = set()
    for path in iter_files([REPO / "knowledge" / "corpus"]):
        doc = parse_document(path.name, path.read_bytes())
        for chunk in doc.chunks:
            meta = chunk.metadata
            places = [meta.get("district"), meta.get("city"), *str(meta.get("places") or "").split("、")]
            for place in filter(None, places):
                names.update({str(place), short_name(str(place))})
            names.update(str(meta[k]) for k in ("college", "company") if meta.get(k))
    return {n for n in names if len(n) >= 2}


def offending_files(names: set[str], root: Path = REPO) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if not path.is_file() or rel.startswith(EXEMPT) or path.suffix not in CHECKED:
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        hits = sorted(n for n in names if n in text)
        if hits:
            found[rel] = hits[:5]
    return found


def test_names_come_from_the_sample_corpus():
    names = sample_names()
    # what the sample is about: districts, the city, colleges and employers, all read from its files
    assert len(names) > 30 and any(n.endswith("区") for n in names) and any(n.endswith("学院") for n in names)


def test_no_sample_name_outside_the_corpus_tests_and_scripts():
    assert offending_files(sample_names()) == {}


def test_the_check_finds_a_name_put_in_a_data_file(tmp_path):
    names = sample_names()
    district = min(n for n in names if n.endswith("区"))
    (tmp_path / "assistant" / "data").mkdir(parents=True)
    (tmp_path / "assistant" / "data" / "slots.json").write_text(f'{{"generic": ["{district}"]}}', encoding="utf-8")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text(f"Q = '{district}'", encoding="utf-8")
    assert offending_files(names, tmp_path) == {"assistant/data/slots.json": sorted([district, short_name(district)])}
