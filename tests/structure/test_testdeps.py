"""`make test` on a machine without Chromium or PostgreSQL: scripts/testdeps.py says what it installs, or exactly
what is missing. Run in a subprocess with both lookups pointed at an empty folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "testdeps.py"


def _run(tmp_path, *args, **env):
    empty = tmp_path / "empty"
    empty.mkdir(exist_ok=True)
    full_env = {**os.environ, "ZHITU_CHROMIUM": str(empty / "chromium"), "ZHITU_PG_BIN": str(empty), **env}
    return subprocess.run([sys.executable, str(SCRIPT), *args], env=full_env, capture_output=True, text=True,
                          timeout=60, check=False)


def test_without_a_package_manager_it_names_what_to_install_in_one_line(tmp_path):
    result = _run(tmp_path, ZHITU_APT_GET=str(tmp_path / "no-apt-get"))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "postgresql" in lines[0] and "chromium" in lines[0]
    assert "ZHITU_CHROMIUM" in lines[0] and "ZHITU_PG_BIN" in lines[0]


def test_check_only_reports_and_never_installs(tmp_path):
    result = _run(tmp_path, "--check")
    assert result.returncode == 1 and "install the package(s)" in result.stderr


def test_present_programs_are_found_and_named(tmp_path):
    chromium = tmp_path / "bin" / "chromium"
    chromium.parent.mkdir()
    chromium.write_text("#!/bin/sh\n")
    chromium.chmod(0o755)
    (tmp_path / "bin" / "pg_ctl").write_text("#!/bin/sh\n")
    result = _run(tmp_path, "--check", ZHITU_CHROMIUM=str(chromium), ZHITU_PG_BIN=str(tmp_path / "bin"))
    assert result.returncode == 0, result.stderr
    assert str(chromium) in result.stdout and str(tmp_path / "bin") in result.stdout


def test_only_the_missing_one_is_named(tmp_path):
    (tmp_path / "pg").mkdir()
    (tmp_path / "pg" / "pg_ctl").write_text("")
    result = _run(tmp_path, "--check", ZHITU_PG_BIN=str(tmp_path / "pg"))
    assert result.returncode == 1
    assert "chromium" in result.stderr and "postgresql" not in result.stderr.split(":")[0]
