#!/usr/bin/env python3
"""Set-up and start-up in one command, on a machine with nothing but Python 3.

    python3 run.py dashboard   # start the dashboard on seeds/ (http://localhost:8501)
    python3 run.py test        # run the whole test suite (pytest, AppTest, real browser)
    python3 run.py bench generate --articles 1000 --out /tmp/corpus   # the benchmark (python -m bench ...)

Each creates ./.venv and installs the project into it when pyproject.toml changed since the last
install (``bench`` and ``test`` add the extras they need: wordfreq, playwright, psutil). ``test``
and ``bench`` also install Debian's chromium for the browser measures when it is missing.
Extra arguments go to streamlit, pytest or ``python -m bench``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"


def sh(*cmd: str, **kw) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, **kw)


def ensure_venv(extras: str) -> None:
    stamp = VENV / f".installed-{extras or 'base'}"
    wanted = hashlib.sha1((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted:
        return
    if not PYTHON.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    sh(str(PYTHON), "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    target = f".[{extras}]" if extras else "."
    sh(str(PYTHON), "-m", "pip", "install", "--quiet", "-e", target, cwd=ROOT)
    stamp.write_text(wanted)


def ensure_chromium() -> None:
    if shutil.which("chromium") or Path("/usr/bin/chromium").exists():
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        sh("apt-get", "update", "-qq", env=env)
        sh("apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium", "fonts-dejavu-core", env=env)
    else:
        print("chromium is missing: install Debian's 'chromium' package for the browser test", file=sys.stderr)


def main(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("", [])
    if command == "dashboard":
        ensure_venv("")
        return subprocess.call([str(PYTHON), "-m", "streamlit", "run", "dashboard.py", *rest], cwd=ROOT)
    if command == "test":
        ensure_venv("test")
        ensure_chromium()
        return subprocess.call([str(PYTHON), "-m", "pytest", *rest], cwd=ROOT)
    if command == "bench":
        ensure_venv("bench")
        ensure_chromium()
        return subprocess.call([str(PYTHON), "-m", "bench", *rest], cwd=ROOT)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
