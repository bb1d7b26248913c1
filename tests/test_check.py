"""`xiezuo check`: every rule with a failing and a passing inline ledger, and every kind of bad input."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import EXAMPLE, Result, write_tree

TASK = """\
title: 完成劳务协作任务
kind: key_task
category: 劳务协作
year: 2024
lead: [hrss]
due: 2024-10-30
status: in_progress
"""

PROJECT = """\
name: 砚山县就业帮扶车间
year: 2024
county: yanshan
funding:
  - {source: 上海市财政援助资金, amount: 73.4}
  - {source: 区级财政资金, amount: 140}
disbursements:
  - {date: 2024-05-20, amount: 0.1}
  - {date: 2024-06-18, amount: 0.2}
status: in_progress
"""


def run_check(xiezuo: Callable[..., Result], root: Path, *extra: str) -> Result:
    return xiezuo("--ledger", root, "check", *extra)


def test_example_ledger_passes(xiezuo: Callable[..., Result]) -> None:
    result = run_check(xiezuo, EXAMPLE)
    assert result.exit_code == 0, result.output
    assert "0 个错误，0 个警告" in result.output


def test_clean_inline_ledger_passes(tmp_path: Path, xiezuo: Callable[..., Result]) -> None:
    root = write_tree(tmp_path, {"tasks/2024/a.yaml": TASK, "projects/p.yaml": PROJECT})
    result = run_check(xiezuo, root)
    assert result.exit_code == 0, result.output


# (file contents, expected "path:line" prefix, expected code, a word of the message)
BAD_FILES = {
    "broken yaml": (
        {"tasks/t.yaml": "title: [未闭合\nkind: key_task\n"},
        "tasks/t.yaml:2",
        "yaml-syntax",
        "YAML 语法错误",
    ),
    "wrong type": ({"tasks/t.yaml": TASK.replace("year: 2024", "year: 明年")}, "tasks/t.yaml:4", "schema", "整数"),
    "unknown unit": (
        {"tasks/t.yaml": TASK.replace("[hrss]", "[hrss, nobody]")},
        "tasks/t.yaml:5",
        "ref-unit",
        "nobody",
    ),
    "bad date": ({"tasks/t.yaml": TASK.replace("2024-10-30", "2020-13-45")}, "tasks/t.yaml:6", "schema", "2020-13-45"),
    "negative amount": (
        {"projects/p.yaml": PROJECT.replace("amount: 140", "amount: -140")},
        "projects/p.yaml:6",
        "schema",
        "负数",
    ),
    "unknown enum": ({"tasks/t.yaml": TASK.replace("in_progress", "进行中")}, "tasks/t.yaml:7", "schema", "进行中"),
    "done without closed": (
        {"tasks/t.yaml": TASK.replace("in_progress", "done")},
        "tasks/t.yaml:1",
        "schema",
        "closed",
    ),
    "unknown key": ({"tasks/t.yaml": TASK + "yaer: 2020\n"}, "tasks/t.yaml:8", "schema", "yaer"),
    "python tag": (
        {"tasks/t.yaml": TASK + "x: !!python/object/apply:os.system [echo 被执行]\n"},
        "tasks/t.yaml:8",
        "yaml-tag",
        "python/object/apply",
    ),
    "category": (
        {"tasks/t.yaml": TASK.replace("category: 劳务协作", "category: 消费协作")},
        "tasks/t.yaml:3",
        "category",
        "消费协作",
    ),
    "disbursement beyond funding": (
        {"projects/p.yaml": PROJECT.replace("amount: 0.2}", "amount: 300}")},
        "projects/p.yaml:7",
        "disbursement-exceeds",
        "超过",
    ),
    "not utf-8": ({"tasks/t.yaml": "title: 任务\n".encode("gbk")}, "tasks/t.yaml:1", "encoding", "UTF-8"),
    "duplicate key": ({"tasks/t.yaml": TASK + "status: done\n"}, "tasks/t.yaml:8", "yaml-duplicate-key", "status"),
    "bad id": ({"tasks/坏 编号.yaml": TASK}, "tasks/坏 编号.yaml", "id-invalid", "编号"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_input_is_located(case: str, tmp_path: Path, xiezuo: Callable[..., Result]) -> None:
    files, where, code, word = BAD_FILES[case]
    root = write_tree(tmp_path, files)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    result = run_check(xiezuo, root)
    assert result.exit_code == 1, result.output
    line = next((ln for ln in result.stdout.splitlines() if f" {code}: " in ln), "")
    assert line.startswith(where), result.output
    assert word in line
    assert "Traceback" not in result.output
    assert before == {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and ".xiezuo" not in p.parts}


def test_python_tag_is_never_executed(tmp_path: Path, xiezuo: Callable[..., Result]) -> None:
    marker = tmp_path / "pwned"
    root = write_tree(
        tmp_path / "l", {"tasks/t.yaml": TASK + f"x: !!python/object/apply:os.system ['touch {marker}']\n"}
    )
    run_check(xiezuo, root)
    assert not marker.exists()


def test_billion_laughs_is_refused_quickly(tmp_path: Path, xiezuo: Callable[..., Result]) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    root = write_tree(tmp_path, {"tasks/bomb.yaml": "\n".join(lines) + "\n"})
    start = time.monotonic()
    result = run_check(xiezuo, root)
    assert time.monotonic() - start < 2
    assert result.exit_code == 1
    assert "tasks/bomb.yaml:" in result.stdout and "yaml-alias" in result.stdout


def test_duplicate_id_across_subfolders(tmp_path: Path, xiezuo: Callable[..., Result]) -> None:
    root = write_tree(tmp_path, {"tasks/2023/a.yaml": TASK, "tasks/2024/a.yaml": TASK})
    result = run_check(xiezuo, root)
    assert result.exit_code == 1
    assert "tasks/2024/a.yaml:1:1: error id-duplicate: 编号“a”与 tasks/2023/a.yaml 重复" in result.stdout


def test_all_findings_in_one_run(tmp_path: Path, xiezuo: Callable[..., Result]) -> None:
    root = write_tree(
        tmp_path,
        {
            "tasks/a.yaml": TASK.replace("[hrss]", "[nobody]"),
            "tasks/b.yaml": "title: [\n",
            "projects/p.yaml": PROJECT.replace("yanshan", "nowhere"),
        },
    )
    result = run_check(xiezuo, root)
    assert result.stdout.count(" error ") == 3
    assert "3 个错误" in result.stderr


WARNINGS = {
    "breakdown-sum": {
        "tasks/t.yaml": TASK
        + "targets:\n  - {key: w, name: 务工, target: 150, breakdown: {yanshan: 15, guangnan: 13}}\n"
    },
    "pair-one-sided": {"units/yanshan.yaml": "name: 砚山县\nkind: county\npairs: [hrss]\n"},
}


@pytest.mark.parametrize("code", sorted(WARNINGS))
def test_warnings_pass_unless_strict(code: str, tmp_path: Path, xiezuo: Callable[..., Result]) -> None:
    root = write_tree(tmp_path, WARNINGS[code])
    relaxed = run_check(xiezuo, root)
    assert relaxed.exit_code == 0
    assert f"warning {code}:" in relaxed.stdout
    assert run_check(xiezuo, root, "--strict").exit_code == 1


REFERENCE_ERRORS = {
    "actual-key": TASK
    + "targets:\n  - {key: w, name: 务工, target: 10}\nprogress:\n  - {date: 2024-05-01, text: 进展, actual: {x: 1}}\n",
    "evidence-missing": TASK + "progress:\n  - {date: 2024-05-01, text: 进展, evidence: [attachments/无.xlsx]}\n",
    "evidence-outside": TASK + "progress:\n  - {date: 2024-05-01, text: 进展, evidence: [../../etc/passwd]}\n",
    "ref-meeting": TASK.replace("year: 2024", "year: 2024\nsource: 2024-03-plenary"),
    "target-key-duplicate": TASK + "targets:\n  - {key: w, name: 甲, target: 1}\n  - {key: w, name: 乙, target: 2}\n",
}


@pytest.mark.parametrize("code", sorted(REFERENCE_ERRORS))
def test_reference_rules(code: str, tmp_path: Path, xiezuo: Callable[..., Result]) -> None:
    root = write_tree(tmp_path, {"tasks/t.yaml": REFERENCE_ERRORS[code]})
    result = run_check(xiezuo, root)
    assert result.exit_code == 1
    assert f"error {code}:" in result.stdout
    assert result.stdout.startswith("tasks/t.yaml:")


def test_evidence_and_meeting_links_that_resolve(tmp_path: Path, xiezuo: Callable[..., Result]) -> None:
    task = TASK.replace("kind: key_task", "kind: decision").replace("year: 2024", "year: 2024\nsource: m1")
    task += "progress:\n  - {date: 2024-05-01, text: 进展, evidence: [attachments/台账.xlsx]}\n"
    meeting = (
        "title: 全体会议\nkind: plenary\ndate: 2024-03-15\nattendees: [office, 区长]\n"
        "decisions:\n  - {text: 做好劳务协作, lead: [hrss], due: 2024-10-30, task: t}\n"
    )
    root = write_tree(tmp_path, {"tasks/t.yaml": task, "meetings/m1.yaml": meeting, "attachments/台账.xlsx": b"PK"})
    assert run_check(xiezuo, root).exit_code == 0
    broken = meeting.replace("task: t", "task: t9").replace("[office, 区长]", "[office, ghost]")
    root2 = write_tree(
        tmp_path / "b", {"tasks/t.yaml": task, "meetings/m1.yaml": broken, "attachments/台账.xlsx": b"PK"}
    )
    result = run_check(xiezuo, root2)
    assert "meetings/m1.yaml:4:" in result.stdout and "ghost" in result.stdout
    assert "error ref-task: 跟踪任务“t9”不存在" in result.stdout


def test_json_and_github_formats(tmp_path: Path, xiezuo: Callable[..., Result]) -> None:
    root = write_tree(tmp_path, {"tasks/t.yaml": TASK.replace("[hrss]", "[nobody]")})
    findings = json.loads(run_check(xiezuo, root, "--format", "json").stdout)
    assert findings == [
        {
            "path": "tasks/t.yaml",
            "line": 5,
            "col": 8,
            "severity": "error",
            "code": "ref-unit",
            "message": "单位“nobody”不存在（units/ 下没有 nobody.yaml）",
        }
    ]
    github = run_check(xiezuo, root, "--format", "github").stdout
    assert github.startswith("::error file=tasks/t.yaml,line=5,col=8,title=ref-unit::单位“nobody”不存在")


def test_invalid_config_is_reported(tmp_path: Path, xiezuo: Callable[..., Result]) -> None:
    root = write_tree(tmp_path, {"xiezuo.yaml": "office: 办公室\nbulletin: {title: 通报, first_month: 2024-13}\n"})
    result = run_check(xiezuo, root)
    assert result.exit_code == 1
    assert result.stdout.startswith("xiezuo.yaml:2:")


CLOSED_EARLY = "start: 2024-03-01\nstatus: done\nclosed: 2024-02-01"
COMPLETED_EARLY = "status: completed\nstart: 2024-03-01\ncompleted: 2024-01-31"


@pytest.mark.parametrize(
    ("files", "where", "message"),
    [
        (
            {"tasks/t.yaml": TASK.replace("status: in_progress", CLOSED_EARLY)},
            "tasks/t.yaml:9:1",
            "销号日期 2024-02-01 早于开始日期 2024-03-01",
        ),
        (
            {"projects/p.yaml": PROJECT.replace("status: in_progress", COMPLETED_EARLY)},
            "projects/p.yaml:12:1",
            "完工日期 2024-01-31 早于开工日期 2024-03-01",
        ),
        (
            {"tasks/t.yaml": TASK + "extensions:\n  - {date: 2024-09-01, new_due: 2024-10-01, reason: 汛期}\n"},
            "tasks/t.yaml:9:",
            "延期后的完成时限 2024-10-01 不晚于此前的 2024-10-30",
        ),
    ],
)
def test_dates_out_of_order_are_warned_with_their_line(
    files: dict[str, str], where: str, message: str, tmp_path: Path, xiezuo: Callable[..., Result]
) -> None:
    result = run_check(xiezuo, write_tree(tmp_path, files))
    assert result.exit_code == 0, result.output
    line = next(line for line in result.stdout.splitlines() if message in line)
    assert line.startswith(where) and "warning" in line, line


def _commit_all(root: Path) -> None:
    import subprocess

    who = ["-c", "user.name=测试", "-c", "user.email=t@example.org"]
    for args in (["init", "-q"], ["add", "-A"], [*who, "commit", "-qm", "台账"]):
        subprocess.run(["git", *args], cwd=root, check=True)


def _link(link: Path, target: Path) -> None:
    try:
        link.symlink_to(target)
    except OSError:
        pytest.skip("symbolic links need a privilege here")


@pytest.mark.parametrize("mode", ["tracked", "untracked", "no-git"])
def test_a_link_to_nothing_is_reported(
    mode: str, tmp_path: Path, xiezuo: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_tree(tmp_path / "l", {"tasks/t.yaml": TASK})
    if mode == "untracked":
        _commit_all(root)
    _link(root / "tasks" / "gone.yaml", tmp_path / "elsewhere" / "gone.yaml")
    if mode == "tracked":
        _commit_all(root)
    if mode == "no-git":
        monkeypatch.setenv("XIEZUO_NO_GIT", "1")
    result = run_check(xiezuo, root)
    assert result.exit_code == 1
    assert "tasks/gone.yaml: error io: 无法读取文件：符号链接指向的文件不存在" in result.stdout
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "gone.yaml").write_text(TASK, "utf-8")  # the target appears
    assert run_check(xiezuo, root).exit_code == 0


def test_an_edit_of_a_linked_file_is_seen(tmp_path: Path, xiezuo: Callable[..., Result]) -> None:
    """git's blob of a link is the link's text: the cache must look at the file it points to."""
    target = tmp_path / "共享" / "t.yaml"
    target.parent.mkdir()
    target.write_text(TASK, "utf-8")
    root = write_tree(tmp_path / "l", {})
    (root / "tasks").mkdir()
    _link(root / "tasks" / "t.yaml", target)
    _commit_all(root)
    assert run_check(xiezuo, root).exit_code == 0
    target.write_text(TASK.replace("[hrss]", "[nobody]"), "utf-8")
    result = run_check(xiezuo, root)
    assert result.exit_code == 1 and "error ref-unit" in result.stdout


def test_a_setting_too_large_is_a_schema_error(tmp_path: Path, xiezuo: Callable[..., Result]) -> None:
    root = write_tree(tmp_path, {"tasks/t.yaml": TASK})
    config = root / "xiezuo.yaml"
    config.write_text(config.read_text("utf-8") + "due_soon_days: 99999999999999999999999\n", "utf-8")
    result = run_check(xiezuo, root)
    assert result.exit_code == 1 and "Traceback" not in result.output and "内部错误" not in result.output
    assert "xiezuo.yaml:" in result.stdout and "error schema" in result.stdout


def test_no_git_inside_a_git_work_tree(
    tmp_path: Path, xiezuo: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_tree(tmp_path, {"tasks/t.yaml": TASK})
    _commit_all(root)
    monkeypatch.setenv("XIEZUO_NO_GIT", "1")
    result = run_check(xiezuo, root)
    assert result.exit_code == 0, result.output
    (root / "tasks" / "t.yaml").write_text(TASK.replace("[hrss]", "[nobody]"), "utf-8")
    assert run_check(xiezuo, root).exit_code == 1
