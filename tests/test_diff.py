"""`xiezuo diff`: the ledger's change between git revisions, read as the office's work."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from conftest import Result, Run, git, write_tree
from xiezuo_cli.changeset import DiffResult
from xiezuo_cli.diffview import markdown
from xiezuo_cli.semantic import EntityChange, FieldChange
from xiezuo_cli.yamlio import parse

Repo = Callable[[dict[str, str | bytes]], Path]

TASK = """\
title: 完成劳务协作任务
kind: key_task
category: 劳务协作
lead: [hrss]
support: [yanshan, guangnan]
start: 2024-01-01
due: 2024-06-30
status: in_progress
targets:
  - key: workers
    name: 转移劳动力到上海务工
    unit: 人
    target: 150
    breakdown: {yanshan: 50, guangnan: 100}
progress:
  - date: 2024-03-15
    text: 已转移 40 人
    actual: {workers: {yanshan: 10, guangnan: 30}}
"""

PROJECT = """\
name: 砚山县冷链物流中心
year: 2024
county: yanshan
funding:
  - {source: 上海市财政援助资金, amount: 350}
disbursements:
  - {date: 2024-03-01, amount: 0.1, note: 勘察费}
status: in_progress
due: 2024-12-31
"""


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text("utf-8") + text, "utf-8")


def commit(root: Path, message: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-qm", message)
    return git(root, "rev-parse", "HEAD").strip()


def as_json(result: Result) -> list[dict[str, Any]]:
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout, parse_float=Decimal)
    assert isinstance(data, list)
    return data


def one(items: list[dict[str, Any]], entity_id: str) -> dict[str, Any]:
    found = [item for item in items if item["id"] == entity_id]
    assert len(found) == 1, items
    return found[0]


@pytest.fixture
def ledger(repo: Repo) -> Path:
    return repo({"tasks/t1.yaml": TASK, "projects/p1.yaml": PROJECT})


# --- what happened to the work -------------------------------------------------------------------


def test_closing_a_task_shows_the_status_transition_and_the_close_date(ledger: Path, xiezuo: Run) -> None:
    edit(ledger / "tasks/t1.yaml", "status: in_progress\n", "status: done\nclosed: 2024-06-20\n")
    result = xiezuo("--ledger", ledger, "diff")
    assert result.exit_code == 0, result.output
    assert "HEAD" in result.stdout and "工作区" in result.stdout
    assert "任务 t1 完成劳务协作任务" in result.stdout
    assert "状态：推进中 → 已完成（销号）" in result.stdout
    assert "销号日期：2024年6月20日" in result.stdout
    assert "销号任务 1 项" in result.stdout


def test_new_progress_entry_brings_its_figures_by_county_and_the_rate(ledger: Path, xiezuo: Run) -> None:
    append(
        ledger / "tasks/t1.yaml",
        "  - date: 2024-06-20\n"
        "    text: 累计转移 60 人\n"
        "    by: hrss\n"
        "    actual: {workers: {yanshan: 20, guangnan: 40}}\n",
    )
    out = xiezuo("--ledger", ledger, "diff").stdout
    assert "新增进展（2024年6月20日，区人社局）：累计转移 60 人" in out
    assert "转移劳动力到上海务工：累计 60人（砚山县 20、广南县 40），目标 150人，完成率 40%（此前 40人）" in out
    assert "新增进展 1 条" in out


def test_a_disbursement_gives_amount_cumulative_and_rate_exactly(ledger: Path, xiezuo: Run) -> None:
    edit(ledger / "projects/p1.yaml", "note: 勘察费}\n", "note: 勘察费}\n  - {date: 2024-06-30, amount: 0.2}\n")
    out = xiezuo("--ledger", ledger, "diff").stdout
    assert "新增拨付 0.2万元（2024年6月30日），累计拨付 0.3万元，拨付率 0.1%" in out
    assert "本次拨付 0.2万元" in out
    item = one(as_json(xiezuo("--ledger", ledger, "diff", "--format", "json")), "p1")
    assert item["kind"] == "project" and item["change"] == "modified"
    field = item["fields"][0]
    assert field["path"] == "disbursements[1]"
    assert field["old"] is None
    assert field["new"] == {"date": "2024-06-30", "amount": Decimal("0.2")}


def test_an_extension_says_from_which_deadline_to_which(ledger: Path, xiezuo: Run) -> None:
    append(
        ledger / "tasks/t1.yaml",
        "extensions:\n  - {date: 2024-06-25, new_due: 2024-09-30, reason: 汛期影响, approved_by: office}\n",
    )
    out = xiezuo("--ledger", ledger, "diff").stdout
    assert (
        "延期：完成时限由2024年6月30日延至2024年9月30日（登记于2024年6月25日；原因：汛期影响；批准：区合作交流办）"
        in out
    )
    assert "延期 1 次" in out


def test_a_moved_deadline_and_a_changed_target(ledger: Path, xiezuo: Run) -> None:
    edit(ledger / "tasks/t1.yaml", "due: 2024-06-30", "due: 2024-07-31")
    edit(
        ledger / "tasks/t1.yaml",
        "target: 150\n    breakdown: {yanshan: 50, guangnan: 100}",
        "target: 160\n    breakdown: {yanshan: 60, guangnan: 100}",
    )
    out = xiezuo("--ledger", ledger, "diff").stdout
    assert "完成时限：2024年6月30日 → 2024年7月31日（推迟31天）" in out
    assert "指标“转移劳动力到上海务工”目标值：150 → 160人" in out
    assert "指标“转移劳动力到上海务工”分解：砚山县 50 → 60" in out


def test_unit_rename_and_meeting_decision(repo: Repo, xiezuo: Run) -> None:
    meeting = "title: 联席会议\nkind: joint\ndate: 2024-05-16\n"
    root = repo({"meetings/m1.yaml": meeting})
    edit(root / "units/yanshan.yaml", "name: 砚山县", "name: 砚山市")
    append(
        root / "meetings/m1.yaml",
        "decisions:\n  - text: 9月底前完成劳务协作备忘录签订\n    lead: [hrss]\n    due: 2024-09-30\n",
    )
    out = xiezuo("--ledger", root, "diff").stdout
    assert "单位更名：砚山县 → 砚山市" in out
    assert "新增议定事项：9月底前完成劳务协作备忘录签订（牵头：区人社局；时限：2024年9月30日）" in out


def test_a_comment_only_edit_is_named_as_such(ledger: Path, xiezuo: Run) -> None:
    append(ledger / "tasks/t1.yaml", "# 6月调度会确认\n")
    out = xiezuo("--ledger", ledger, "diff").stdout
    assert "仅注释或格式变化" in out


# --- entities added, removed, moved --------------------------------------------------------------


def test_a_file_moved_to_a_sub_folder_is_a_move_not_a_delete_and_add(ledger: Path, xiezuo: Run) -> None:
    (ledger / "tasks/2024").mkdir()
    (ledger / "tasks/t1.yaml").rename(ledger / "tasks/2024/t1.yaml")
    edit(ledger / "tasks/2024/t1.yaml", "status: in_progress", "status: suspended")
    commit(ledger, "归档到 2024 目录")
    items = as_json(xiezuo("--ledger", ledger, "diff", "HEAD~1", "HEAD", "--format", "json"))
    assert [(i["kind"], i["id"], i["change"]) for i in items] == [("task", "t1", "moved")]
    assert items[0]["old_path"] == "tasks/t1.yaml" and items[0]["path"] == "tasks/2024/t1.yaml"
    assert [(f["path"], f["old"], f["new"]) for f in items[0]["fields"]] == [("status", "in_progress", "suspended")]
    text = xiezuo("--ledger", ledger, "diff", "HEAD~1", "HEAD").stdout
    assert "[移动] 任务 t1" in text and "tasks/t1.yaml → tasks/2024/t1.yaml" in text


def test_added_and_removed_entities(ledger: Path, xiezuo: Run) -> None:
    (ledger / "projects/p1.yaml").unlink()
    write_tree(
        ledger,
        {"tasks/t2.yaml": "title: 消费帮扶\nkind: key_task\nlead: [hrss]\ndue: 2024-12-31\nstatus: not_started\n"},
        base=False,
    )
    out = xiezuo("--ledger", ledger, "diff").stdout  # t2 is untracked: still part of the working tree
    assert "[新增] 任务 t2 消费帮扶" in out
    assert "新增任务：未启动，牵头 区人社局，时限 2024年12月31日" in out
    assert "[删除] 项目 p1 砚山县冷链物流中心" in out
    assert "任务 新增 1；项目 删除 1" in out


def test_identical_states_say_nothing_changed(ledger: Path, xiezuo: Run) -> None:
    result = xiezuo("--ledger", ledger, "diff")
    assert result.exit_code == 0
    assert "没有变化" in result.stdout
    assert as_json(xiezuo("--ledger", ledger, "diff", "--format", "json")) == []


# --- check findings the change brings or clears --------------------------------------------------


def test_a_change_that_introduces_a_check_error_reports_it_with_its_line(ledger: Path, xiezuo: Run) -> None:
    edit(ledger / "tasks/t1.yaml", "lead: [hrss]", "lead: [hrsss]")
    out = xiezuo("--ledger", ledger, "diff").stdout
    assert "新增错误 1 个" in out
    assert "tasks/t1.yaml:4:8: error ref-unit: 单位“hrsss”不存在" in out
    commit(ledger, "写错牵头单位")
    edit(ledger / "tasks/t1.yaml", "lead: [hrsss]", "lead: [hrss]")
    item = one(as_json(xiezuo("--ledger", ledger, "diff", "--format", "json")), "t1")
    assert [f["code"] for f in item["findings"]["fixed"]] == ["ref-unit"]
    assert item["findings"]["introduced"] == []


def test_removing_a_unit_flags_the_unchanged_task_that_names_it(ledger: Path, xiezuo: Run) -> None:
    (ledger / "units/guangnan.yaml").unlink()
    items = as_json(xiezuo("--ledger", ledger, "diff", "--format", "json"))
    assert one(items, "guangnan")["change"] == "removed"
    task = one(items, "t1")
    assert task["change"] == "affected"
    assert {f["code"] for f in task["findings"]["introduced"]} == {"ref-unit"}
    assert all("guangnan" in f["message"] for f in task["findings"]["introduced"])


def test_findings_unrelated_to_the_change_are_not_reported(repo: Repo, xiezuo: Run) -> None:
    root = repo({"tasks/t1.yaml": TASK.replace("lead: [hrss]", "lead: [nobody]"), "projects/p1.yaml": PROJECT})
    edit(root / "projects/p1.yaml", "status: in_progress", "status: approved")
    out = xiezuo("--ledger", root, "diff").stdout
    assert "本次变更没有带来新的问题" in out
    assert "nobody" not in out


def test_a_version_that_does_not_parse_is_reported_not_a_crash(ledger: Path, xiezuo: Run) -> None:
    (ledger / "tasks/t1.yaml").write_text("title: [未闭合\n", "utf-8")
    result = xiezuo("--ledger", ledger, "diff")
    assert result.exit_code == 0, result.output
    assert "无法读取：YAML 语法错误" in result.stdout or "yaml-syntax" in result.stdout
    item = one(as_json(xiezuo("--ledger", ledger, "diff", "--format", "json")), "t1")
    assert item["change"] == "modified"
    assert item["problems"]["new"] and item["problems"]["old"] is None
    assert [f["code"] for f in item["findings"]["introduced"]] == ["yaml-syntax"]


def test_an_unreadable_file_is_reported_as_unreadable_not_missing(
    ledger: Path, xiezuo: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = ledger / "tasks/t1.yaml"
    target.write_text(target.read_text("utf-8").replace("in_progress", "suspended"), "utf-8")
    original = Path.read_bytes

    def denied(self: Path) -> bytes:
        if self == target:
            raise PermissionError(13, "Permission denied")
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", denied)  # tests may run as root, who reads anything
    item = one(as_json(xiezuo("--ledger", ledger, "diff", "--format", "json")), "t1")
    messages = [f["message"] for f in item["findings"]["introduced"]]
    assert messages == ["无法读取文件：没有读取权限"]


def test_a_link_to_nothing_is_described_as_check_describes_it(ledger: Path, xiezuo: Run, tmp_path: Path) -> None:
    target = ledger / "tasks/t1.yaml"
    target.unlink()
    try:
        target.symlink_to(tmp_path / "不存在.yaml")
    except OSError:
        pytest.skip("symbolic links need a privilege here")
    item = one(as_json(xiezuo("--ledger", ledger, "diff", "--format", "json")), "t1")
    messages = [f["message"] for f in item["findings"]["introduced"]]
    assert messages == ["无法读取文件：符号链接指向的文件不存在"]
    checked = xiezuo("--ledger", ledger, "check").stdout
    assert "tasks/t1.yaml: error io: 无法读取文件：符号链接指向的文件不存在" in checked


def test_an_unreadable_unit_file_leaves_its_id_as_the_label(
    ledger: Path, xiezuo: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = ledger / "tasks/t1.yaml"
    path.write_text(path.read_text("utf-8") + "  - {date: 2024-06-20, text: 对接岗位, by: hrss}\n", "utf-8")
    unit = next(ledger.glob("units/**/hrss.yaml"))
    original = Path.read_bytes

    def denied(self: Path) -> bytes:
        if self == unit:
            raise PermissionError(13, "Permission denied")
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    result = xiezuo("--ledger", ledger, "diff")
    assert result.exit_code == 0, result.output
    assert "新增进展（2024年6月20日，hrss）：对接岗位" in result.stdout


# --- revisions -----------------------------------------------------------------------------------


def test_two_dots_compare_two_commits(ledger: Path, xiezuo: Run) -> None:
    edit(ledger / "tasks/t1.yaml", "status: in_progress", "status: suspended")
    first = commit(ledger, "暂缓")
    edit(ledger / "projects/p1.yaml", "status: in_progress", "status: approved")
    commit(ledger, "项目状态")
    out = xiezuo("--ledger", ledger, "diff", f"{first}..HEAD").stdout
    assert f"{first[:7]}" in out
    assert "项目 p1" in out and "任务 t1" not in out
    both = xiezuo("--ledger", ledger, "diff", "HEAD~2..").stdout  # an empty side is HEAD, as in git
    assert "任务 t1" in both and "项目 p1" in both


def test_three_dots_diff_from_the_merge_base(ledger: Path, xiezuo: Run) -> None:
    git(ledger, "checkout", "-q", "-b", "feature")
    edit(ledger / "tasks/t1.yaml", "status: in_progress", "status: suspended")
    commit(ledger, "暂缓任务")
    git(ledger, "checkout", "-q", "main")
    edit(ledger / "projects/p1.yaml", "status: in_progress", "status: approved")
    commit(ledger, "主线改项目")
    three = as_json(xiezuo("--ledger", ledger, "diff", "main...feature", "--format", "json"))
    assert [(i["id"], i["change"]) for i in three] == [("t1", "modified")]
    two = as_json(xiezuo("--ledger", ledger, "diff", "main..feature", "--format", "json"))
    assert sorted(i["id"] for i in two) == ["p1", "t1"]


def test_one_revision_compares_it_with_the_working_tree(ledger: Path, xiezuo: Run) -> None:
    edit(ledger / "tasks/t1.yaml", "status: in_progress", "status: suspended")
    commit(ledger, "暂缓")
    edit(ledger / "projects/p1.yaml", "status: in_progress", "status: approved")
    ids = sorted(i["id"] for i in as_json(xiezuo("--ledger", ledger, "diff", "HEAD~1", "--format", "json")))
    assert ids == ["p1", "t1"]


def test_a_ledger_in_a_sub_folder_of_the_repository(tmp_path: Path, xiezuo: Run) -> None:
    top = tmp_path / "office"
    write_tree(top / "ledger", {"tasks/t1.yaml": TASK})
    (top / "README.md").write_text("办公室仓库\n", "utf-8")
    git(top, "init", "-q", "-b", "main")
    commit(top, "台账")
    edit(top / "ledger/tasks/t1.yaml", "status: in_progress", "status: suspended")
    (top / "README.md").write_text("改了说明\n", "utf-8")
    items = as_json(xiezuo("--ledger", top / "ledger", "diff", "--format", "json"))
    assert [(i["id"], i["path"]) for i in items] == [("t1", "tasks/t1.yaml")]


def test_unknown_revision_is_one_chinese_sentence(ledger: Path, xiezuo: Run) -> None:
    result = xiezuo("--ledger", ledger, "diff", "no-such-branch")
    assert result.exit_code == 1
    assert "找不到版本“no-such-branch”" in result.stderr
    assert "Traceback" not in result.output


def test_not_a_git_repository(tmp_path: Path, xiezuo: Run) -> None:
    root = write_tree(tmp_path / "plain", {"tasks/t1.yaml": TASK})
    result = xiezuo("--ledger", root, "diff")
    assert result.exit_code == 1
    assert "不在 git 仓库中" in result.stderr


def test_a_repository_without_commits(tmp_path: Path, xiezuo: Run) -> None:
    root = write_tree(tmp_path / "fresh", {"tasks/t1.yaml": TASK})
    git(root, "init", "-q")
    result = xiezuo("--ledger", root, "diff")
    assert result.exit_code == 1
    assert "还没有任何提交" in result.stderr


def test_too_many_revisions_is_a_usage_error(ledger: Path, xiezuo: Run) -> None:
    result = xiezuo("--ledger", ledger, "diff", "HEAD", "HEAD", "HEAD")
    assert result.exit_code == 2
    assert "最多给出两个版本" in result.stderr


# --- formats -------------------------------------------------------------------------------------


def test_json_lists_changes_with_field_paths_and_exact_numbers(ledger: Path, xiezuo: Run) -> None:
    edit(ledger / "tasks/t1.yaml", "status: in_progress\n", "status: done\nclosed: 2024-06-20\n")
    edit(ledger / "projects/p1.yaml", "amount: 350}", "amount: 350.55}")
    items = as_json(xiezuo("--ledger", ledger, "diff", "--format", "json"))
    task = one(items, "t1")
    assert set(task) >= {"kind", "id", "change", "fields", "summary"}
    assert task["kind"] == "task" and task["summary"].startswith("推进中 → 已完成")
    assert [(f["path"], f["old"], f["new"]) for f in task["fields"]] == [
        ("status", "in_progress", "done"),
        ("closed", None, "2024-06-20"),
    ]
    project = one(items, "p1")
    amounts = {f["path"]: (f["old"], f["new"]) for f in project["fields"]}
    assert amounts["funding[0].amount"] == (Decimal("350"), Decimal("350.55"))
    raw = xiezuo("--ledger", ledger, "diff", "--format", "json").stdout
    assert "350.55" in raw and "350.55000" not in raw


def test_markdown_has_a_summary_table_then_details_with_pipes_escaped(ledger: Path, xiezuo: Run) -> None:
    edit(ledger / "tasks/t1.yaml", "title: 完成劳务协作任务", "title: 劳务协作|稳岗就业")
    append(ledger / "tasks/t1.yaml", "  - date: 2024-06-20\n    text: 累计转移 60 人\n    actual: {workers: 60}\n")
    out = xiezuo("--ledger", ledger, "diff", "--format", "markdown").stdout
    lines = out.splitlines()
    header = lines.index("| 类别 | 编号 | 名称 | 变化 | 摘要 |")
    assert lines[header + 1] == "| --- | --- | --- | --- | --- |"
    row = lines[header + 2]
    assert row.startswith("| 任务 | t1 | 劳务协作\\|稳岗就业 | 修改 |")
    assert row.count("|") - row.count("\\|") == 6
    assert "新增进展 1 条" in row
    details = out.index("#### 任务 t1")
    assert details > out.index("| 类别 |")
    assert "- 新增进展（2024年6月20日）：累计转移 60 人" in out
    assert "  - 转移劳动力到上海务工：累计 60人，目标 150人，完成率 40%（此前 40人）" in out
    assert "<" not in out  # no raw HTML


def test_markdown_of_a_huge_change_stays_within_a_comment() -> None:
    changes = [
        EntityChange(
            "tasks",
            f"T{i:05d}",
            "modified",
            f"tasks/T{i:05d}.yaml",
            title="劳务协作" * 5,
            fields=[FieldChange("status", "in_progress", "done", "状态：推进中 → 已完成（销号）" * 4)],
        )
        for i in range(5000)
    ]
    out = markdown(DiffResult("HEAD", "工作区", changes))
    assert len(out) < 65_000
    assert "请在本地运行 xiezuo diff 查看" in out
    assert "| 任务 | T00000 |" in out


# --- pull-request integration --------------------------------------------------------------------


def test_init_writes_a_ci_workflow_that_checks_and_posts_the_diff(tmp_path: Path, xiezuo: Run) -> None:
    result = xiezuo("init", tmp_path / "new")
    assert result.exit_code == 0, result.output
    workflow = (tmp_path / "new/.github/workflows/xiezuo.yml").read_text("utf-8")
    steps = parse(workflow)["jobs"]["ledger"]["steps"]
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "pip install xiezuo" in runs
    assert "xiezuo check --format github" in runs
    assert 'xiezuo diff "origin/$BASE...HEAD" --format markdown' in runs
    assert "gh pr comment" in runs
    assert any(step.get("env", {}).get("BASE") == "${{ github.base_ref }}" for step in steps)


def test_pre_commit_hook_manifest() -> None:
    manifest = parse((Path(__file__).parent.parent / ".pre-commit-hooks.yaml").read_text("utf-8"))
    hook = one(manifest, "xiezuo-check")
    assert hook["entry"] == "xiezuo check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    assert hook["files"] == r"\.ya?ml$"


def test_the_markdown_posted_in_ci_runs_as_a_subprocess(ledger: Path) -> None:
    git(ledger, "checkout", "-q", "-b", "pr")
    edit(ledger / "tasks/t1.yaml", "status: in_progress\n", "status: done\nclosed: 2024-06-20\n")
    commit(ledger, "销号")
    proc = subprocess.run(
        ["xiezuo", "diff", "main...HEAD", "--format", "markdown"],
        cwd=ledger,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "销号任务 1 项" in proc.stdout
