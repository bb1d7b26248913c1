"""Create a new ledger folder, optionally with the example data, inside a git repository."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .ci_templates import write_ci
from .errors import XiezuoError
from .ledger import CONFIG_FILE, KINDS
from .resources import example_ledger

BLANK_CONFIG = """\
# xiezuo 台账设置，字段说明见 README
office: {office}
short: {short}
bulletin:
  title: 东西部协作和对口支援工作月度通报
  first_month: {month}
  distribution:
    报: []
    送: []
    发: [各成员单位]
due_soon_days: 15
stale_days: 30
lag_tolerance: 0.1
auto_commit: false
"""

GITIGNORE = "# xiezuo 的本地缓存和锁文件\n.xiezuo/\n"


def init_ledger(target: Path, *, example: bool, office: str, month: str) -> list[str]:
    """Create the ledger at target; returns what was done, in words for the clerk."""
    done: list[str] = []
    if shutil.which("git") is None:
        raise XiezuoError("找不到 git：台账要放在 git 仓库里，请先安装 git；未做任何改动")
    if (target / CONFIG_FILE).exists():
        raise XiezuoError(f"{target} 已经是台账（已有 {CONFIG_FILE}），未做任何改动")
    if target.exists() and not target.is_dir():
        raise XiezuoError(f"{target} 不是目录")
    try:
        done += _write_files(target, example=example, office=office, month=month)
    except OSError as exc:
        raise XiezuoError(f"无法在 {target} 创建台账：{exc.strerror or exc}") from None
    if not _inside_git(target):
        result = subprocess.run(
            ["git", "init", "-q", str(target)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
        if result.returncode != 0:
            raise XiezuoError(f"台账文件已创建，但 git init 失败：{result.stderr.strip()}")
        done.append("已初始化 git 仓库")
    if (target / ".git").exists():
        done += write_ci(target)
    return done


def _write_files(target: Path, *, example: bool, office: str, month: str) -> list[str]:
    done: list[str] = []
    if example:
        source = example_ledger()
        if not (source / CONFIG_FILE).is_file():
            raise XiezuoError("找不到随程序提供的示例台账，安装可能不完整")
        shutil.copytree(source, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".xiezuo"))
        done.append(f"已复制示例台账到 {target}")
    else:
        target.mkdir(parents=True, exist_ok=True)
        short = office if len(office) <= 12 else "合作交流办"
        (target / CONFIG_FILE).write_text(BLANK_CONFIG.format(office=office, short=short, month=month), "utf-8")
        for kind in KINDS:
            (target / kind).mkdir(exist_ok=True)
            (target / kind / ".gitkeep").touch()
        done.append(f"已创建台账 {target}")
    gitignore = target / ".gitignore"
    if not gitignore.exists():
        gitignore.write_text(GITIGNORE, "utf-8")
    return done


def _inside_git(folder: Path) -> bool:
    try:
        result = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--is-inside-work-tree"],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
    except FileNotFoundError:
        raise XiezuoError("找不到 git，请先安装 git") from None
    return result.returncode == 0 and result.stdout.strip() == "true"
