"""The import contract (pyproject's [tool.importlinter]): the foundation at the bottom, the shell at the top, stages
importing only downward. Checked on the real tree, and shown to fail when a stage imports the shell."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ["core", "prompts", "ingest", "knowledge", "assistant", "matching", "eval", "web", "zhitu"]
LINT = Path(sys.executable).parent / "lint-imports"


def _lint(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(LINT), "--no-cache", "--config", str(root / "pyproject.toml")], cwd=root, env=env, check=False,
                          capture_output=True, text=True, timeout=300)


def _copy_tree(dest: Path) -> Path:
    for name in PACKAGES:
        shutil.copytree(REPO / name, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.pdf", "*.jsonl", "*.csv"))
    shutil.copy(REPO / "pyproject.toml", dest / "pyproject.toml")
    return dest


def test_the_layers_are_kept():
    result = _lint(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_a_stage_importing_the_shell_breaks_the_contract(tmp_path):
    root = _copy_tree(tmp_path)
    with open(root / "knowledge" / "retriever.py", "a", encoding="utf-8") as f:
        f.write("\n\ndef _sneaky():\n    from zhitu.compose import build_services\n\n    return build_services\n")
    result = _lint(root)
    assert result.returncode != 0
    assert "knowledge.retriever -> zhitu.compose" in result.stdout


def test_the_foundation_imports_nothing_above_it(tmp_path):
    root = _copy_tree(tmp_path)
    with open(root / "core" / "masking.py", "a", encoding="utf-8") as f:
        f.write("\n\nimport ingest  # noqa: E402,F401\n")
    result = _lint(root)
    assert result.returncode != 0 and "core.masking -> ingest" in result.stdout
