"""What every write command promises (SPEC §3 "Writing"): byte-for-byte preservation, validation before
writing, atomic writes, a lock against lost updates, --commit of exactly the files written, safe ids."""

from __future__ import annotations

import difflib
import os
import shutil
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLE, TODAY, Run, git, write_tree
from xiezuo_cli.yamledit import RoundTrip
from xiezuo_cli.yamlio import parse

Repo = Callable[[dict[str, str | bytes]], Path]

COMMENTED = (
    "# 劳务协作任务（注释要保留）\n"
    'title: "劳务协作：到沪就业"   # 标题带引号\n'
    "kind: key_task\n"
    "category: '劳务协作'\n"
    "year: 2024\n"
    "lead: [hrss]\n"
    "support:\n"
    "  - office\n"
    "start: 2024-01-01\n"
    "due: 2024-12-31\n"
    "status: in_progress\n"
    "targets:\n"
    "  - {key: jobs, name: 到沪就业, unit: 人, target: 100, breakdown: {yanshan: 60, guangnan: 40}}\n"
    "\n"
    "progress:\n"
    "  - date: 2024-03-31   # 一季度\n"
    "    text: '一季度到沪就业 20 人'\n"
    "    actual: {jobs: {yanshan: 12, guangnan: 8}}\n"
    "\n"
    "  # 以下为二季度\n"
    "  - date: 2024-05-31\n"
    '    text: "累计 30 人"\n'
    "    by: hrss\n"
    "    actual: {jobs: {yanshan: 18, guangnan: 12}}\n"
    "\n"
    "# 文件结尾的注释\n"
)
ADDED = (
    "  - date: 2024-06-28\n"
    "    text: 六月新增\n"
    "    by: hrss\n"
    "    actual: {jobs: {yanshan: 25, guangnan: 12}}\n"
)
UPDATED = COMMENTED.replace("\n\n# 文件结尾的注释\n", "\n" + ADDED + "\n# 文件结尾的注释\n")

FLOW = (
    "title: 流式进展\n"
    "kind: key_task\n"
    "lead: [hrss]   # 牵头\n"
    "status: in_progress   # 推进中\n"
    "due: 2024-12-31\n"
    "\n"
    "progress:\n"
    '  - {date: 2024-05-31, text: "五月"}   # 第一条\n'
    "  - {date: 2024-06-10, text: 六月}\n"
    "\n"
    "# 结尾\n"
)
FLOW_UPDATED = FLOW.replace("六月}\n", "六月}\n  - {date: 2024-06-28, text: 新增}\n")

UPDATE = ("task", "update", "t1", "--progress", "六月新增", "--actual", "jobs.yanshan=25", "--by", "hrss",
          "--date", "2024-06-28")





def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root except git's own and the lock folder."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and not {".git", ".xiezuo"} & set(p.relative_to(root).parts)
    }


def numstat(root: Path) -> dict[str, tuple[int, int]]:
    rows: dict[str, tuple[int, int]] = {}
    for line in git(root, "diff", "--numstat").splitlines():
        added, deleted, path = line.split("\t")
        rows[path] = (int(added), int(deleted))
    return rows


def status_lines(root: Path) -> set[str]:
    return set(git(root, "status", "--porcelain", "--untracked-files=all").splitlines())


# --- round trip and diffs that only add lines ----------------------------------------------------


@pytest.mark.parametrize("rel", sorted(str(p.relative_to(EXAMPLE)) for p in EXAMPLE.rglob("*.yaml")))
def test_unchanged_round_trip_is_byte_identical(rel: str) -> None:
    text = (EXAMPLE / rel).read_text("utf-8")
    assert RoundTrip(text).dump() == text


def test_progress_update_on_the_example_only_adds_lines(example_copy: Path, xiezuo: Run) -> None:
    result = xiezuo("--ledger", example_copy, "--today", TODAY, "task", "update", "2024-13",
                    "--progress", "累计到沪就业150人", "--actual", "to_shanghai=150", "--date", "2024-06-28")
    assert result.exit_code == 0, result.output
    stats = numstat(example_copy)
    assert set(stats) == {"tasks/2024/2024-13.yaml"}
    added, deleted = stats["tasks/2024/2024-13.yaml"]
    assert deleted == 0 and added == 3


def test_every_append_kind_of_write_only_adds_lines(example_copy: Path, xiezuo: Run) -> None:
    commands = [
        ("task", "update", "2024-02", "--extend", "2024-09-30", "--reason", "再次调整", "--date", "2024-06-28"),
        ("task", "update", "2024-04", "--progress", "续任人选获批", "--by", "jingan-org"),
        ("project", "disburse", "2024-GN-02", "--amount", "10", "--date", "2024-06-29", "--note", "第二批"),
        ("project", "update", "2024-WSS-02", "--progress", "灌溉系统安装完成", "--date", "2024-06-29"),
        ("meeting", "decide", "2024-03-plenary", "--text", "新增议定事项", "--lead", "jingan-edu"),
    ]
    for args in commands:
        result = xiezuo("--ledger", example_copy, "--today", TODAY, *args)
        assert result.exit_code == 0, (args, result.output)
    stats = numstat(example_copy)
    assert set(stats) == {"tasks/2024/2024-02.yaml", "tasks/2024/2024-04.yaml", "projects/2024/2024-GN-02.yaml",
                          "projects/2024/2024-WSS-02.yaml", "meetings/2024/2024-03-plenary.yaml"}
    assert all(deleted == 0 for _, deleted in stats.values()), stats
    # trailing comments and blank lines stay at the end of their block
    wss = (example_copy / "projects/2024/2024-WSS-02.yaml").read_text("utf-8")
    assert wss.endswith("    text: 灌溉系统安装完成\n# 6月调度会：要求7月底前完工，未完工前按滞后项目督办\n")
    plenary = (example_copy / "meetings/2024/2024-03-plenary.yaml").read_text("utf-8")
    assert plenary.endswith("    task: 2024-D-07\n\nrecorder: 陈思远\n")
    assert xiezuo("--ledger", example_copy, "check").exit_code == 0


def test_comments_quotes_flow_and_blank_lines_survive(repo: Repo, xiezuo: Run) -> None:
    root = repo({"tasks/t1.yaml": COMMENTED})
    result = xiezuo("--ledger", root, "--today", TODAY, *UPDATE)
    assert result.exit_code == 0, result.output
    after = (root / "tasks/t1.yaml").read_text("utf-8")
    assert after == UPDATED
    assert numstat(root) == {"tasks/t1.yaml": (4, 0)}


def test_flow_style_progress_gets_a_flow_entry(repo: Repo, xiezuo: Run) -> None:
    root = repo({"tasks/t1.yaml": FLOW})
    result = xiezuo("--ledger", root, "--today", TODAY, "task", "update", "t1", "--progress", "新增",
                    "--date", "2024-06-28")
    assert result.exit_code == 0, result.output
    assert (root / "tasks/t1.yaml").read_text("utf-8") == FLOW_UPDATED


def test_byte_order_mark_is_kept(repo: Repo, xiezuo: Run) -> None:
    root = repo({"tasks/t1.yaml": b"\xef\xbb\xbf" + FLOW.encode()})
    result = xiezuo("--ledger", root, "--today", TODAY, "task", "update", "t1", "--progress", "新增",
                    "--date", "2024-06-28")
    assert result.exit_code == 0, result.output
    assert (root / "tasks/t1.yaml").read_bytes() == b"\xef\xbb\xbf" + FLOW_UPDATED.encode()


def test_crlf_line_endings_survive(repo: Repo, xiezuo: Run) -> None:
    crlf = COMMENTED.replace("\n", "\r\n").encode()
    root = repo({"tasks/t1.yaml": crlf})
    result = xiezuo("--ledger", root, "--today", TODAY, *UPDATE)
    assert result.exit_code == 0, result.output
    assert (root / "tasks/t1.yaml").read_bytes() == UPDATED.replace("\n", "\r\n").encode()



def test_document_start_and_modeline_survive(repo: Repo, xiezuo: Run) -> None:
    head = "# yaml-language-server: $schema=../schema/task.schema.json\n---\n"
    root = repo({"tasks/t1.yaml": head + FLOW})
    result = xiezuo("--ledger", root, "--today", TODAY, "task", "update", "t1", "--progress", "新增",
                    "--date", "2024-06-28")
    assert result.exit_code == 0, result.output
    assert (root / "tasks/t1.yaml").read_text("utf-8") == head + FLOW_UPDATED


def test_trailing_spaces_on_untouched_lines_survive(repo: Repo, xiezuo: Run) -> None:
    text = FLOW.replace("kind: key_task\n", "kind: key_task   \n")
    root = repo({"tasks/t1.yaml": text})
    result = xiezuo("--ledger", root, "--today", TODAY, "task", "update", "t1", "--progress", "新增",
                    "--date", "2024-06-28")
    assert result.exit_code == 0, result.output
    assert numstat(root) == {"tasks/t1.yaml": (1, 0)}

def test_close_changes_only_status_and_adds_the_rest(repo: Repo, xiezuo: Run) -> None:
    root = repo({"tasks/t1.yaml": COMMENTED})
    result = xiezuo("--ledger", root, "--today", TODAY, "task", "close", "t1", "--date", "2024-06-29",
                    "--note", "完成销号")
    assert result.exit_code == 0, result.output
    after = (root / "tasks/t1.yaml").read_text("utf-8")
    before_lines = COMMENTED.splitlines()
    after_lines = after.splitlines()
    ops = difflib.SequenceMatcher(a=before_lines, b=after_lines, autojunk=False).get_opcodes()
    replaced = [before_lines[i1:i2] for tag, i1, i2, _, _ in ops if tag in ("replace", "delete")]
    assert replaced == [["status: in_progress"]]
    assert "closed: 2024-06-29" in after_lines and "status: done" in after_lines
    assert after.endswith("    text: 完成销号\n\n# 文件结尾的注释\n")


# --- validation before writing -------------------------------------------------------------------


REFUSALS = [
    (("task", "add", "--title", "x", "--lead", "nosuch"), "nosuch"),
    (("task", "update", "2024-13", "--progress", "x", "--by", "nosuch"), "nosuch"),
    (("task", "update", "2024-13", "--status", "finished"), "finished"),
    (("task", "update", "2024-13", "--status", "完成了"), "完成了"),
    (("project", "disburse", "2024-QB-02", "--amount", "119.71"), "超出"),
    (("task", "close", "2024-01"), "重复销号"),
    (("task", "update", "2024-13", "--actual", "bogus=3"), "bogus"),
    (("task", "update", "2024-13", "--actual", "to_shanghai=很多"), "很多"),
    (("task", "update", "2024-13", "--actual", "nearby.nosuch=3"), "nosuch"),
    (("task", "update", "2024-13", "--extend", "2024-12-31"), "--reason"),
    (("task", "update", "2024-13", "--progress", "x", "--date", "2024-13-45"), "2024-13-45"),
    (("task", "update", "2024-13", "--progress", "x", "--date", "下个月"), "下个月"),
    (("task", "add", "--title", "x", "--lead", "jingan-office", "--due", "2024-13-45"), "2024-13-45"),
    (("task", "update", "2099-01", "--progress", "x"), "2099-01"),
    (("task", "close", "2099-01"), "2099-01"),
    (("project", "disburse", "2099-XX-01", "--amount", "1"), "2099-XX-01"),
]


@pytest.mark.parametrize(("args", "named"), REFUSALS, ids=[" ".join(a[:3]) + f" [{n}]" for a, n in REFUSALS])
def test_refusals_say_why_in_chinese_and_write_nothing(
    ledger_copy: Path, xiezuo: Run, args: tuple[str, ...], named: str
) -> None:
    before = snapshot(ledger_copy)
    result = xiezuo("--ledger", ledger_copy, "--today", TODAY, *args)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    message = result.stderr.strip()
    assert message.startswith("错误：")
    assert "\n" not in message  # one sentence
    assert named in message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message.removeprefix("错误："))
    assert "Traceback" not in result.output
    assert snapshot(ledger_copy) == before


def test_unknown_task_id_on_update(ledger_copy: Path, xiezuo: Run) -> None:
    result = xiezuo("--ledger", ledger_copy, "--today", TODAY, "task", "update", "2024-99", "--progress", "x")
    assert result.exit_code == 1
    assert result.stderr.strip() == "错误：任务“2024-99”不存在"
    assert not list(ledger_copy.rglob("2024-99*"))


# --- atomic writes -------------------------------------------------------------------------------


def _leftovers(root: Path) -> list[str]:
    return [str(p.relative_to(root)) for p in root.rglob("*")
            if ".git" not in p.relative_to(root).parts and (p.name.endswith(".tmp") or (p.name.startswith(".")
                                                            and p.name not in (".xiezuo", ".gitignore", "lock")))]


def test_no_temporary_files_are_left_and_modes_are_kept(repo: Repo, xiezuo: Run) -> None:
    root = repo({"tasks/t1.yaml": COMMENTED, "tasks/t2.yaml": FLOW})
    (root / "tasks/t1.yaml").chmod(0o640)
    (root / "tasks/t2.yaml").chmod(0o604)
    for args in (UPDATE, ("task", "update", "t2", "--progress", "x"), ("task", "close", "t2"),
                 ("task", "add", "--title", "新任务", "--lead", "hrss")):
        result = xiezuo("--ledger", root, "--today", TODAY, *args)
        assert result.exit_code == 0, result.output
    assert _leftovers(root) == []
    assert stat.S_IMODE((root / "tasks/t1.yaml").stat().st_mode) == 0o640
    assert stat.S_IMODE((root / "tasks/t2.yaml").stat().st_mode) == 0o604


def test_new_files_get_the_usual_mode(repo: Repo, xiezuo: Run) -> None:
    root = repo({})
    old = os.umask(0o022)
    try:
        result = xiezuo("--ledger", root, "--today", TODAY, "task", "add", "--title", "新任务", "--lead", "hrss",
                        "--id", "t9")
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    created = next(root.rglob("t9.yaml"))
    assert stat.S_IMODE(created.stat().st_mode) == 0o644


def test_a_failed_rename_leaves_the_old_file_and_no_temp(
    repo: Repo, xiezuo: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xiezuo_cli import fileio

    root = repo({"tasks/t1.yaml": COMMENTED})

    def broken_replace(src: Any, dst: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fileio.os, "replace", broken_replace)
    result = xiezuo("--ledger", root, "--today", TODAY, *UPDATE)
    assert result.exit_code == 1
    assert (root / "tasks/t1.yaml").read_text("utf-8") == COMMENTED
    assert _leftovers(root) == []


# --- the lock ------------------------------------------------------------------------------------

WRITER = textwrap.dedent("""\
    import sys
    from xiezuo_cli.cli.app import run
    root, tag = sys.argv[1], sys.argv[2]
    failed = 0
    for n in range(50):
        failed += run(["--ledger", root, "--today", "2024-06-30", "task", "update", "t1",
                       "--progress", f"{tag}-{n}", "--date", "2024-06-28"]) != 0
        if n % 10 == 0:  # new ids are generated under the lock too
            failed += run(["--ledger", root, "--today", "2024-06-30", "task", "add", "--title", f"{tag}-{n}",
                           "--lead", "hrss"]) != 0
    sys.exit(1 if failed else 0)
""")


def test_concurrent_writers_lose_no_update(repo: Repo, xiezuo: Run) -> None:
    root = repo({"tasks/t1.yaml": FLOW})
    env = {**os.environ, "NO_COLOR": "1"}
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(root), tag], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE) for tag in ("a", "b")]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode("utf-8", "replace")[-2000:]
    data = parse((root / "tasks/t1.yaml").read_text("utf-8"))
    texts = [entry["text"] for entry in data["progress"]]
    expected = {f"{tag}-{n}" for tag in ("a", "b") for n in range(50)}
    assert expected <= set(texts)
    assert len(texts) == 2 + 100
    added = sorted(p.name for p in (root / "tasks").rglob("*.yaml") if p.name != "t1.yaml")
    assert len(added) == 10  # 2 × 5 adds, each under its own id
    titles = {parse(p.read_text("utf-8"))["title"] for p in (root / "tasks").rglob("*.yaml") if p.name != "t1.yaml"}
    assert titles == {f"{tag}-{n}" for tag in ("a", "b") for n in range(0, 50, 10)}
    check = xiezuo("--ledger", root, "check")
    assert check.exit_code == 0, check.output


# --- --commit and auto_commit --------------------------------------------------------------------


def _dirty(root: Path) -> None:
    """Unrelated work in progress: a staged change, an unstaged change and an untracked file."""
    staged = root / "units/east/jingan-edu.yaml"
    staged.write_text(staged.read_text("utf-8") + "# 已暂存的修改\n", "utf-8")
    git(root, "add", "units/east/jingan-edu.yaml")
    unstaged = root / "tasks/2024/2024-01.yaml"
    unstaged.write_text(unstaged.read_text("utf-8") + "# 未暂存的修改\n", "utf-8")
    (root / "草稿.txt").write_text("未跟踪\n", "utf-8")


def test_commit_commits_exactly_the_written_file(example_copy: Path, xiezuo: Run) -> None:
    _dirty(example_copy)
    before = status_lines(example_copy)
    cached_before = git(example_copy, "diff", "--cached")
    unstaged_before = git(example_copy, "diff", "--", "tasks/2024/2024-01.yaml")
    result = xiezuo("--ledger", example_copy, "--today", TODAY, "task", "update", "2024-13",
                    "--progress", "新增到沪就业13人", "--date", "2024-06-28", "--commit")
    assert result.exit_code == 0, result.output
    assert git(example_copy, "log", "-1", "--format=%s").strip() == "任务 2024-13：新增进展（2024-06-28）"
    assert git(example_copy, "show", "--name-only", "--format=", "HEAD").split() == ["tasks/2024/2024-13.yaml"]
    assert git(example_copy, "rev-list", "--count", "HEAD").strip() == "2"
    assert status_lines(example_copy) == before
    assert git(example_copy, "diff", "--cached") == cached_before
    assert git(example_copy, "diff", "--", "tasks/2024/2024-01.yaml") == unstaged_before
    committed = git(example_copy, "show", "HEAD:tasks/2024/2024-13.yaml")
    assert committed == (example_copy / "tasks/2024/2024-13.yaml").read_text("utf-8")
    assert "新增到沪就业13人" in committed


def test_commit_of_new_files_and_of_a_decision(example_copy: Path, xiezuo: Run) -> None:
    _dirty(example_copy)
    before = status_lines(example_copy)
    added = xiezuo("--ledger", example_copy, "--today", TODAY, "task", "add", "--title", "新任务",
                   "--lead", "jingan-office", "--commit")
    assert added.exit_code == 0, added.output
    assert git(example_copy, "log", "-1", "--format=%s").strip().startswith("新增任务 2024-19")
    assert git(example_copy, "show", "--name-only", "--format=", "HEAD").split() == ["tasks/2024/2024-19.yaml"]
    decided = xiezuo("--ledger", example_copy, "--today", TODAY, "meeting", "decide", "2024-05-joint-wenshan",
                     "--text", "新议定事项", "--lead", "jingan-hrss", "--commit")
    assert decided.exit_code == 0, decided.output
    subject = git(example_copy, "log", "-1", "--format=%s").strip()
    assert "2024-05-joint-wenshan" in subject and "2024-D-07" in subject
    assert sorted(git(example_copy, "show", "--name-only", "--format=", "HEAD").split()) == [
        "meetings/2024/2024-05-joint-wenshan.yaml", "tasks/2024/decisions/2024-D-07.yaml"]
    assert status_lines(example_copy) == before


def test_auto_commit_in_config(example_copy: Path, xiezuo: Run) -> None:
    config = example_copy / "xiezuo.yaml"
    config.write_text(config.read_text("utf-8").replace("auto_commit: false", "auto_commit: true"), "utf-8")
    git(example_copy, "commit", "-qam", "开启自动提交")
    result = xiezuo("--ledger", example_copy, "--today", TODAY, "task", "close", "2024-14", "--date", "2024-06-29")
    assert result.exit_code == 0, result.output
    assert git(example_copy, "log", "-1", "--format=%s").strip() == "任务 2024-14：销号（2024-06-29）"
    assert git(example_copy, "show", "--name-only", "--format=", "HEAD").split() == ["tasks/2024/2024-14.yaml"]
    assert status_lines(example_copy) == set()


def test_commit_outside_a_repository_is_refused_and_writes_nothing(
    tmp_path: Path, xiezuo: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    root = write_tree(tmp_path / "plain", {"tasks/t1.yaml": FLOW})
    before = snapshot(root)
    result = xiezuo("--ledger", root, "--today", TODAY, "task", "update", "t1", "--progress", "x", "--commit")
    assert result.exit_code == 1
    assert "git" in result.stderr and result.stderr.startswith("错误：")
    assert snapshot(root) == before
    config = root / "xiezuo.yaml"
    config.write_text(config.read_text("utf-8") + "auto_commit: true\n", "utf-8")
    before = snapshot(root)
    auto = xiezuo("--ledger", root, "--today", TODAY, "task", "add", "--title", "x", "--lead", "hrss")
    assert auto.exit_code == 1
    assert "auto_commit" in auto.stderr
    assert snapshot(root) == before


# --- ids that would leave the ledger -------------------------------------------------------------


def test_ids_that_escape_the_ledger_are_refused(repo: Repo, tmp_path: Path, xiezuo: Run) -> None:
    root = repo({"tasks/t1.yaml": FLOW, "meetings/m1.yaml": "title: 专题会\nkind: topical\ndate: 2024-06-01\n"})
    outside = tmp_path / "outside"
    before = snapshot(tmp_path)
    bad_ids = ["../x", "../../x", str(outside), "/abs", "a b", "tasks/x", "..", ".hidden", "x" * 65]
    for bad in bad_ids:
        for args in (("task", "add", "--title", "x", "--lead", "hrss", "--id", bad),
                     ("project", "add", "--name", "x", "--county", "yanshan", "--year", "2024", "--amount", "1",
                      "--id", bad),
                     ("meeting", "add", "--title", "x", "--kind", "other", "--date", "2024-06-01", "--id", bad),
                     ("unit", "add", "--id", bad, "--name", "x", "--kind", "other"),
                     ("meeting", "decide", "m1", "--text", "x", "--lead", "hrss", "--task-id", bad)):
            result = xiezuo("--ledger", root, "--today", TODAY, *args)
            assert result.exit_code == 1, (bad, args, result.output)
            assert result.stderr.startswith("错误："), (bad, args)
    assert snapshot(tmp_path) == before
    assert not outside.exists() and not Path("/abs.yaml").exists()


# --- the installed command, as a separate process ------------------------------------------------


def _cli(*args: str | Path) -> subprocess.CompletedProcess[bytes]:
    exe = shutil.which("xiezuo")
    cmd = [exe] if exe else [sys.executable, "-c", "from xiezuo_cli.cli import main; main()"]
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run([*cmd, *map(str, args)], capture_output=True, env=env, timeout=60, check=False)


def test_subprocess_write_and_query(ledger_copy: Path) -> None:
    added = _cli("--ledger", ledger_copy, "--today", TODAY, "task", "add", "--title", "进程外新增",
                 "--lead", "jingan-hrss")
    assert added.returncode == 0, added.stderr.decode()
    assert added.stdout == b"2024-19\n"
    listed = _cli("--ledger", ledger_copy, "--today", TODAY, "task", "list", "--unit", "jingan-hrss",
                  "--format", "csv")
    assert listed.returncode == 0
    assert listed.stdout.startswith(b"\xef\xbb\xbf\xe7\xbc\x96\xe5\x8f\xb7")  # BOM + 编号
    assert "进程外新增" in listed.stdout.decode("utf-8-sig")


def test_subprocess_refusal_via_python_main(ledger_copy: Path) -> None:
    before = snapshot(ledger_copy)
    result = subprocess.run(
        [sys.executable, "-c", "from xiezuo_cli.cli import main; main()", "--ledger", str(ledger_copy),
         "--today", TODAY, "task", "update", "2024-13", "--progress", "x", "--date", "下个月"],
        capture_output=True, timeout=60, check=False,
    )
    assert result.returncode == 1
    assert result.stdout == b""
    err = result.stderr.decode("utf-8")
    assert err.startswith("错误：") and "下个月" in err and "Traceback" not in err
    assert snapshot(ledger_copy) == before
