"""Find — and on Debian/Ubuntu install — the two system programs the tests drive: Chromium and PostgreSQL.

`make test` runs this first (with the system Python, standard library only). The test fixtures import
``chromium_path()`` and ``pg_bindir()`` from here, so the lookup the Makefile checks is the one the tests use.

  python3 scripts/testdeps.py            install what is missing (apt-get, as root or with sudo), or name it and exit 1
  python3 scripts/testdeps.py --check    only report; exit 1 when something is missing

Lookups: Chromium from ``ZHITU_CHROMIUM`` (a path), else ``chromium`` (Debian) or ``chromium-browser`` (Ubuntu) on
PATH; PostgreSQL's ``pg_ctl`` from ``ZHITU_PG_BIN`` (a folder), else Debian's ``/usr/lib/postgresql/*/bin``, else PATH.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path


def chromium_path() -> Path | None:
    """The Chromium binary the browser tests launch, or None."""
    given = os.environ.get("ZHITU_CHROMIUM")
    if given:
        return Path(given) if os.access(given, os.X_OK) else None
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def pg_bindir() -> Path | None:
    """The folder holding PostgreSQL's initdb and pg_ctl, or None."""
    given = os.environ.get("ZHITU_PG_BIN")
    if given:
        return Path(given) if (Path(given) / "pg_ctl").exists() else None
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("pg_ctl")
    return Path(on_path).parent if on_path else None


def _is_ubuntu() -> bool:
    try:
        return "ubuntu" in Path("/etc/os-release").read_text().lower()
    except OSError:
        return False


def missing_packages() -> list[str]:
    """The apt packages that would provide what is missing."""
    missing = []
    if chromium_path() is None:
        missing.append("chromium-browser" if _is_ubuntu() else "chromium")
    if pg_bindir() is None:
        missing.append("postgresql")
    return missing


def _apt_prefix() -> list[str] | None:
    """How to run apt-get here: directly as root, through sudo without a password, or not at all."""
    apt = os.environ.get("ZHITU_APT_GET", "apt-get")
    if shutil.which(apt) is None:
        return None
    if os.geteuid() == 0:
        return [apt]
    if shutil.which("sudo") and subprocess.run(["sudo", "-n", "true"], capture_output=True, check=False).returncode == 0:
        return ["sudo", apt]
    return None


def main(argv: list[str]) -> int:
    missing = missing_packages()
    if not missing:
        print(f"test dependencies: chromium {chromium_path()}, postgresql {pg_bindir()}")
        return 0
    apt = None if "--check" in argv else _apt_prefix()
    if apt is None:
        print(f"make test needs {' and '.join(missing)}: install the package(s) {' '.join(missing)} "
              "(or point ZHITU_CHROMIUM at a Chromium binary / ZHITU_PG_BIN at PostgreSQL's bin folder)", file=sys.stderr)
        return 1
    # CJK fonts make the browser screenshots readable; not required for the tests to pass.
    fonts = [] if Path("/usr/share/fonts/opentype/noto").is_dir() else ["fonts-noto-cjk"]
    print(f"installing test dependencies with apt-get: {' '.join(missing + fonts)}", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*apt, "update", "-qq"], check=True, env=env)
    subprocess.run([*apt, "install", "-y", "-qq", *missing, *fonts], check=True, env=env, stdout=subprocess.DEVNULL)
    still = missing_packages()
    if still:
        print(f"apt-get installed {' '.join(missing)} but {' '.join(still)} is still not found", file=sys.stderr)
        return 1
    return main(["--check"])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
