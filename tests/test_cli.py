"""The command surface: help in Chinese for every command, version, ledger discovery, init, schema."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import EXAMPLE, REPO, Result, write_tree
from xiezuo_cli.cli.app import COMMANDS


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_top_level_help_lists_every_command(xiezuo: Callable[..., Result]) -> None:
    result = xiezuo("--help")
    assert result.exit_code == 0
    assert "用法：xiezuo" in result.stdout
    for name in COMMANDS:
        assert f"  {name} " in result.stdout


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_chinese_help(name: str, xiezuo: Callable[..., Result]) -> None:
    result = xiezuo(name, "--help")
    assert result.exit_code == 0, result.output
    assert "用法：" in result.stdout and _has_chinese(result.stdout)
    assert "Usage:" not in result.stdout


def test_version_and_usage_errors(xiezuo: Callable[..., Result]) -> None:
    assert xiezuo("--version").stdout.startswith("xiezuo ")
    unknown = xiezuo("nonsense")
    assert unknown.exit_code == 2 and "没有这个命令" in unknown.stderr
    option = xiezuo("--ledger", EXAMPLE, "task", "list", "--bogus")
    assert option.exit_code == 2 and "没有这个选项：--bogus" in option.stderr
    missing = xiezuo("--ledger", EXAMPLE, "task", "show")
    assert missing.exit_code == 2 and "缺少参数" in missing.stderr


def test_ledger_discovery(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, xiezuo: Callable[..., Result]) -> None:
    root = write_tree(tmp_path / "office", {})
    (root / "tasks" / "2024").mkdir(parents=True)
    monkeypatch.chdir(root / "tasks" / "2024")
    assert xiezuo("check").exit_code == 0  # found by walking up
    monkeypatch.chdir(tmp_path)
    missing = xiezuo("check")
    assert missing.exit_code == 1 and "找不到台账" in missing.stderr
    monkeypatch.setenv("XIEZUO_LEDGER", str(root))
    assert xiezuo("check").exit_code == 0
    monkeypatch.delenv("XIEZUO_LEDGER")
    monkeypatch.chdir(REPO)
    assert "已检查" in xiezuo("check").stderr  # ./ledger, the example
    wrong = xiezuo("--ledger", tmp_path / "nowhere", "check")
    assert wrong.exit_code == 1 and "不是台账目录" in wrong.stderr


def test_today_option_accepts_chinese_dates(xiezuo: Callable[..., Result]) -> None:
    a = xiezuo("--ledger", EXAMPLE, "--today", "2024年6月30日", "task", "list", "--format", "json")
    b = xiezuo("--ledger", EXAMPLE, "--today", "2024/6/30", "task", "list", "--format", "json")
    assert a.exit_code == 0 and a.stdout == b.stdout
    bad = xiezuo("--ledger", EXAMPLE, "--today", "下个月", "task", "list")
    assert bad.exit_code == 2 and "不是有效日期" in bad.stderr


def test_init_creates_a_checked_ledger_in_git(tmp_path: Path, xiezuo: Callable[..., Result]) -> None:
    target = tmp_path / "new"
    result = xiezuo("init", target, "--office", "测试县协作办")
    assert result.exit_code == 0, result.output
    assert (target / ".git").is_dir()
    assert "office: 测试县协作办" in (target / "xiezuo.yaml").read_text("utf-8")
    assert xiezuo("--ledger", target, "check").exit_code == 0
    again = xiezuo("init", target)
    assert again.exit_code == 1 and "已经是台账" in again.stderr


def test_init_example_copies_the_example(tmp_path: Path, xiezuo: Callable[..., Result]) -> None:
    target = tmp_path / "demo"
    assert xiezuo("init", target, "--example").exit_code == 0
    assert (target / "tasks" / "2024" / "2024-13.yaml").is_file()
    assert xiezuo("--ledger", target, "check").exit_code == 0


def test_schema_describes_each_kind(tmp_path: Path, xiezuo: Callable[..., Result]) -> None:
    assert xiezuo("schema", "--out", tmp_path).exit_code == 0
    task = json.loads((tmp_path / "task.schema.json").read_text("utf-8"))
    assert set(task["required"]) == {"title", "kind", "lead", "status"}
    assert task["additionalProperties"] is False
    status = task["$defs"]["TaskStatus"]["enum"]
    assert "in_progress" in status and "推进中" in status
    assert {p.name for p in tmp_path.iterdir()} == {
        "xiezuo.schema.json",
        "unit.schema.json",
        "task.schema.json",
        "project.schema.json",
        "meeting.schema.json",
    }


def test_subprocess_entry_point_exit_codes(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"tasks/t.yaml": "title: [\n"})
    cmd = [sys.executable, "-c", "from xiezuo_cli.cli import main; main()", "--ledger", str(root), "check"]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "tasks/t.yaml:2:1: error yaml-syntax" in result.stdout
    assert "Traceback" not in result.stderr
