"""Regression tests for defects found by trying to break the CLI."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import EXAMPLE, Result, git, write_tree
from xiezuo_cli.amounts import parse_decimal

TASK = "title: 劳务协作\nkind: key_task\nlead: [hrss]\ndue: 2024-10-30\nstatus: in_progress\n"


def _example_repo(tmp_path: Path) -> Path:
    root = tmp_path / "l"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".xiezuo"))
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "示例")
    return root


def test_a_ledger_that_git_ignores_is_still_read(tmp_path: Path, xiezuo: Callable[..., Result]) -> None:
    outer = tmp_path / "outer"
    outer.mkdir()
    git(outer, "init", "-q")
    (outer / ".gitignore").write_text("ledger/\n", "utf-8")
    shutil.copytree(EXAMPLE, outer / "ledger", ignore=shutil.ignore_patterns(".xiezuo"))
    result = xiezuo("--ledger", outer / "ledger", "check")
    assert "已检查 87 个文件" in result.stderr


def test_create_never_overwrites_what_is_on_disk(tmp_path: Path, xiezuo: Callable[..., Result]) -> None:
    root = _example_repo(tmp_path)
    (root / "tasks" / "2024" / "dirx.yaml").mkdir()
    result = xiezuo(
        "--ledger", root, "task", "add", "--title", "t", "--lead", "jingan-org", "--id", "dirx", "--year", "2024"
    )
    assert result.exit_code == 1 and "已经存在" in result.stderr and "Traceback" not in result.output


def test_ids_that_differ_only_in_case_are_duplicates(tmp_path: Path, xiezuo: Callable[..., Result]) -> None:
    root = write_tree(tmp_path, {"tasks/a/T1.yaml": TASK, "tasks/b/t1.yaml": TASK})
    result = xiezuo("--ledger", root, "check")
    assert result.exit_code == 1 and "仅大小写不同" in result.stdout
    clash = xiezuo(
        "--ledger",
        _example_repo(tmp_path),
        "task",
        "add",
        "--title",
        "t",
        "--lead",
        "jingan-org",
        "--id",
        "2024-d-01",
        "--kind",
        "decision",
    )
    assert clash.exit_code == 1 and "已存在" in clash.stderr


def test_writes_refuse_a_duplicated_id_and_a_broken_config(tmp_path: Path, xiezuo: Callable[..., Result]) -> None:
    root = _example_repo(tmp_path)
    (root / "tasks" / "other").mkdir()
    shutil.copy(root / "tasks" / "2024" / "2024-05.yaml", root / "tasks" / "other" / "2024-05.yaml")
    before = (root / "tasks" / "2024" / "2024-05.yaml").read_bytes()
    result = xiezuo("--ledger", root, "task", "update", "2024-05", "--progress", "x", "--date", "2024-06-30")
    assert result.exit_code == 1 and "有多个文件" in result.stderr
    assert (root / "tasks" / "2024" / "2024-05.yaml").read_bytes() == before
    (root / "tasks" / "other" / "2024-05.yaml").unlink()
    with (root / "xiezuo.yaml").open("a", encoding="utf-8") as config:
        config.write("office: [\n")
    broken = xiezuo("--ledger", root, "task", "update", "2024-05", "--progress", "x", "--date", "2024-06-30")
    assert broken.exit_code == 1 and "xiezuo.yaml 有错误" in broken.stderr
    assert (root / "tasks" / "2024" / "2024-05.yaml").read_bytes() == before


def test_deadline_rules_hold_with_extensions(tmp_path: Path, xiezuo: Callable[..., Result]) -> None:
    root = _example_repo(tmp_path)
    due = xiezuo("--ledger", root, "task", "update", "2024-02", "--due", "2024-08-31")
    assert due.exit_code == 1 and "请用 --extend" in due.stderr
    earlier = xiezuo("--ledger", root, "task", "update", "2024-02", "--extend", "2024-07-01", "--reason", "x")
    assert earlier.exit_code == 1 and "应晚于当前完成时限 2024-07-31" in earlier.stderr
    assert git(root, "status", "--porcelain", "--", "tasks") == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("task", "update", "2024-04", "--actual", "cadres=1e30"), "应不大于"),
        (("task", "update", "2024-04", "--actual", "cadres..x=1"), "不是有效的单位编号"),
        (("task", "update", "2024-04", "--actual", "cadres=5万"), "不是数字"),
        (("project", "disburse", "2024-GN-02", "--amount", "0.00005"), "最多保留 4 位小数"),
        (("project", "disburse", "2024-GN-02", "--amount", "1,5"), "千位分隔"),
        (("report", "monthly", "--month", "9999-12"), "不是有效月份"),
    ],
)
def test_odd_figures_are_refused_in_chinese(
    args: tuple[str, ...], message: str, tmp_path: Path, xiezuo: Callable[..., Result]
) -> None:
    root = _example_repo(tmp_path)
    result = xiezuo("--ledger", root, "--today", "2024-06-30", *args)
    assert result.exit_code in (1, 2) and message in result.stderr, result.output
    assert "程序内部错误" not in result.output
    assert git(root, "status", "--porcelain", "--", "tasks", "projects") == ""


def test_huge_figures_in_files_are_findings(tmp_path: Path, xiezuo: Callable[..., Result]) -> None:
    task = TASK.replace("status: in_progress", "status: in_progress\nyear: 99999999999999999999")
    task += "targets:\n  - {key: c, name: 人, target: 1e30}\n"
    root = write_tree(tmp_path, {"tasks/t.yaml": task})
    result = xiezuo("--ledger", root, "check")
    assert result.exit_code == 1 and "程序内部错误" not in result.output
    assert "year（年度） 应不大于 2200" in result.stdout and "target（目标值） 应不大于" in result.stdout


def test_numbers_as_typed() -> None:
    assert parse_decimal("1,200") == 1200
    assert parse_decimal("２００万元", money=True) == 200
    with pytest.raises(ValueError, match="不是数字"):
        parse_decimal("5万")


def test_init_refuses_an_empty_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, xiezuo: Callable[..., Result]
) -> None:
    monkeypatch.chdir(tmp_path)
    result = xiezuo("init", "")
    assert result.exit_code == 2 and "请给出台账目录" in result.stderr
    assert list(tmp_path.iterdir()) == []
