"""ruff and mypy --strict run with the test suite, so CI holds them."""

from __future__ import annotations

import shutil
import subprocess
import sys

from conftest import REPO


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True, check=False)


def test_ruff_passes() -> None:
    result = _run("ruff", "check", "src", "tests", "benchmarks", "templates")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_passes() -> None:
    result = _run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_git_is_available() -> None:
    assert shutil.which("git"), "git is needed by xiezuo diff/log/--commit"
