"""Shared fixtures and helpers: inline ledgers (write_tree), a CLI runner, copies of the example ledger,
JSON lists from the CLI, and stable output settings."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from xiezuo_cli.cli.app import run

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "ledger"

CONFIG = """\
office: 测试区对口支援与合作交流工作领导小组办公室
short: 区合作交流办
bulletin:
  title: 东西部协作和对口支援工作月度通报
  first_month: 2024-01
  distribution:
    报: [市合作交流办]
    发: [各成员单位]
categories: [劳务协作, 产业合作]
"""

UNITS = {
    "units/office.yaml": "name: 区合作交流办\nkind: office\nside: east\n",
    "units/hrss.yaml": "name: 区人力资源和社会保障局\nshort: 区人社局\nkind: member\nside: east\n",
    "units/wenshan.yaml": "name: 文山州\nkind: prefecture\nside: west\n",
    "units/yanshan.yaml": "name: 砚山县\nkind: county\nside: west\nparent: wenshan\n",
    "units/guangnan.yaml": "name: 广南县\nkind: county\nside: west\nparent: wenshan\n",
}


@pytest.fixture(autouse=True)
def _stable_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("GIT_AUTHOR_NAME", "测试员")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "clerk@example.org")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "测试员")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "clerk@example.org")
    monkeypatch.delenv("XIEZUO_LEDGER", raising=False)
    monkeypatch.delenv("XIEZUO_TODAY", raising=False)
    monkeypatch.delenv("XIEZUO_DEBUG", raising=False)


def write_tree(root: Path, files: dict[str, str | bytes], *, base: bool = True) -> Path:
    """Write a small ledger: the base config and units (unless base=False) plus the given files."""
    tree: dict[str, str | bytes] = {"xiezuo.yaml": CONFIG, **UNITS} if base else {}
    tree.update(files)
    for rel, content in tree.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), "utf-8")
    return root


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@pytest.fixture
def xiezuo(capfd: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run the CLI in-process as a user would: xiezuo('--ledger', p, 'check')."""

    def invoke(*args: str | Path) -> Result:
        capfd.readouterr()
        code = run([str(a) for a in args])
        out, err = capfd.readouterr()
        return Result(code, out, err)

    return invoke


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """A git repository holding a small ledger, with everything committed."""

    def make(files: dict[str, str | bytes]) -> Path:
        root = write_tree(tmp_path / "repo", files)
        git(root, "init", "-q", "-b", "main")
        git(root, "add", "-A")
        git(root, "commit", "-qm", "初始台账")
        return root

    return make


@pytest.fixture
def ledger_copy(tmp_path: Path) -> Path:
    """A plain copy of the example ledger (no git: quicker, for writes that need no history)."""
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root)
    return root


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A git repository holding a copy of the shipped example ledger."""
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "示例台账")
    return root


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("NO_COLOR", "1")


# --- helpers for tests that drive the CLI on the example ledger ------------------------------------

Run = Callable[..., Result]
TODAY = "2024-06-30"  # the example ledger's "today": its data runs to the end of June 2024


def flat(text: str) -> str:
    """Terminal output without its spaces and line breaks (rich wraps table cells)."""
    return re.sub(r"\s+", "", text)


def list_json(xiezuo: Run, *args: str, command: str, ledger: Path = EXAMPLE, today: str = TODAY) -> str:
    """`xiezuo COMMAND list … --format json`, which must succeed."""
    result = xiezuo("--ledger", ledger, "--today", today, command, "list", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return result.stdout


def list_rows(
    xiezuo: Run, *args: str, command: str, ledger: Path = EXAMPLE, today: str = TODAY
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(
        list_json(xiezuo, *args, command=command, ledger=ledger, today=today), parse_float=Decimal
    )
    return rows


def list_ids(xiezuo: Run, *args: str, command: str, ledger: Path = EXAMPLE, today: str = TODAY) -> set[str]:
    return {row["id"] for row in list_rows(xiezuo, *args, command=command, ledger=ledger, today=today)}


def read_yaml(root: Path, rel: str) -> dict[str, Any]:
    """A ledger file's data, as xiezuo reads it."""
    from xiezuo_cli.yamlio import parse

    data: dict[str, Any] = parse((root / rel).read_text("utf-8"))
    return data
