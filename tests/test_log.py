"""`xiezuo log ID`: one entity's history from git, following moves and renames."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import Result, Run, git, write_tree

Repo = Callable[[dict[str, str | bytes]], Path]

TASK = """\
title: 选派援滇干部
kind: key_task
lead: [hrss]
due: 2024-06-15
status: in_progress
targets:
  - {key: cadres, name: 选派干部, unit: 人, target: 8}
"""


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-qm", message)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def history(root: Path) -> Path:
    """t1 is created, gets progress, moves to tasks/2024/, is closed; another task changes meanwhile."""
    task = root / "tasks/t1.yaml"
    task.write_text(
        task.read_text("utf-8") + "progress:\n  - date: 2024-05-10\n    text: 已到岗 6 人\n"
        "    actual: {cadres: {yanshan: 2, guangnan: 4}}\n",
        "utf-8",
    )
    commit(root, "任务 t1：新增进展（2024-05-10）")
    (root / "tasks/2024").mkdir()
    task.rename(root / "tasks/2024/t1.yaml")
    commit(root, "按年度归档任务")
    (root / "tasks/t2.yaml").write_text(TASK.replace("选派援滇干部", "其他任务"), "utf-8")
    commit(root, "新增任务 t2")
    edit(root / "tasks/2024/t1.yaml", "status: in_progress\n", "status: done\nclosed: 2024-06-10\n")
    commit(root, "任务 t1：销号")
    return root


def as_json(result: Result) -> list[dict[str, Any]]:
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, list)
    return data


def test_log_follows_the_entity_across_a_move_newest_first(repo: Repo, xiezuo: Run) -> None:
    root = history(repo({"tasks/t1.yaml": TASK}))
    entries = as_json(xiezuo("--ledger", root, "log", "t1", "--format", "json"))
    assert [e["message"] for e in entries] == [
        "任务 t1：销号",
        "按年度归档任务",
        "任务 t1：新增进展（2024-05-10）",
        "初始台账",
    ]
    assert [e["change"] for e in entries] == ["modified", "moved", "modified", "added"]
    moved = entries[1]
    assert (moved["old_path"], moved["path"]) == ("tasks/t1.yaml", "tasks/2024/t1.yaml")
    assert moved["fields"] == []
    assert entries[0]["fields"][0] == {
        "path": "status",
        "old": "in_progress",
        "new": "done",
        "text": "状态：推进中 → 已完成（销号）",
        "details": [],
    }
    assert all(e["author"] == "测试员" and e["email"] == "clerk@example.org" for e in entries)
    assert all(len(e["commit"]) == 40 and e["date"][:4].isdigit() for e in entries)
    assert all(e["kind"] == "task" and e["id"] == "t1" for e in entries)


def test_log_text_shows_date_author_message_and_the_change(repo: Repo, xiezuo: Run) -> None:
    root = history(repo({"tasks/t1.yaml": TASK}))
    result = xiezuo("--ledger", root, "log", "t1")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "任务 t1 选派援滇干部：4 次提交" in out
    assert out.index("任务 t1：销号") < out.index("按年度归档任务") < out.index("初始台账")
    assert "测试员" in out
    assert "[移动] tasks/t1.yaml → tasks/2024/t1.yaml" in out
    assert "新增进展（2024年5月10日）：已到岗 6 人" in out
    assert "选派干部：累计 6人（砚山县 2、广南县 4），目标 8人，完成率 75%" in out
    assert "其他任务" not in out  # t2's commit did not touch t1


def test_log_follows_a_rename_of_the_id(repo: Repo, xiezuo: Run) -> None:
    root = repo({"tasks/old-id.yaml": TASK})
    (root / "tasks/old-id.yaml").rename(root / "tasks/new-id.yaml")
    commit(root, "改编号")
    entries = as_json(xiezuo("--ledger", root, "log", "new-id", "--format", "json"))
    assert [(e["change"], e["path"]) for e in entries] == [
        ("renamed", "tasks/new-id.yaml"),
        ("added", "tasks/old-id.yaml"),
    ]
    assert entries[0]["old_path"] == "tasks/old-id.yaml"


def test_log_of_a_removed_entity_ends_with_its_removal(repo: Repo, xiezuo: Run) -> None:
    root = repo(
        {
            "projects/p1.yaml": "name: 冷链项目\nyear: 2024\ncounty: yanshan\n"
            "funding:\n  - {source: 市级, amount: 10}\nstatus: planned\n"
        }
    )
    (root / "projects/p1.yaml").unlink()
    commit(root, "撤销项目")
    entries = as_json(xiezuo("--ledger", root, "log", "p1", "--format", "json"))
    assert [e["change"] for e in entries] == ["removed", "added"]
    assert entries[0]["summary"] == "删除项目"


def test_kind_picks_between_entities_sharing_an_id(repo: Repo, xiezuo: Run) -> None:
    root = repo({"tasks/yanshan.yaml": TASK})
    result = xiezuo("--ledger", root, "log", "yanshan")
    assert result.exit_code == 1
    assert "请用 --kind 指定" in result.stderr
    unit = as_json(xiezuo("--ledger", root, "log", "yanshan", "--kind", "unit", "--format", "json"))
    assert [e["kind"] for e in unit] == ["unit"]
    task = as_json(xiezuo("--ledger", root, "log", "yanshan", "--kind", "task", "--format", "json"))
    assert task[0]["title"] == "选派援滇干部"


def test_unknown_id_is_exit_1_with_a_chinese_message(repo: Repo, xiezuo: Run) -> None:
    root = repo({"tasks/t1.yaml": TASK})
    result = xiezuo("--ledger", root, "log", "t9")
    assert result.exit_code == 1
    assert "找不到编号为“t9”的条目" in result.stderr
    (root / "tasks/t9.yaml").write_text(TASK, "utf-8")
    pending = xiezuo("--ledger", root, "log", "t9")
    assert pending.exit_code == 1
    assert "还没有提交过" in pending.stderr
    bad = xiezuo("--ledger", root, "log", "../x")
    assert bad.exit_code == 1 and "不是有效编号" in bad.stderr


def test_log_outside_git_is_a_clear_error(tmp_path: Path, xiezuo: Run) -> None:
    root = write_tree(tmp_path / "plain", {"tasks/t1.yaml": TASK})
    result = xiezuo("--ledger", root, "log", "t1")
    assert result.exit_code == 1
    assert "不在 git 仓库中" in result.stderr
    assert "Traceback" not in result.output
