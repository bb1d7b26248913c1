"""Commit exactly the files a command wrote, leaving the user's other staged and unstaged work alone."""

from __future__ import annotations

import subprocess
from pathlib import Path

from .errors import XiezuoError


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
    except FileNotFoundError:
        raise XiezuoError("找不到 git 命令，无法提交；请先安装 git") from None


def ensure_repository(root: Path, reason: str) -> None:
    """Refuse before anything is written when a commit is wanted but the ledger is not in git."""
    result = _git(root, "rev-parse", "--is-inside-work-tree")
    if result.returncode != 0 or result.stdout.strip() != "true":
        raise XiezuoError(f"{reason}，但台账目录 {root} 不在 git 仓库中；未做任何修改（可先运行 git init）")


def commit_files(root: Path, paths: list[str], message: str) -> str:
    """git commit --only the given ledger-relative paths; returns the short commit id."""
    if not paths:
        return ""
    absolute = [str((root / p).resolve()) for p in paths]
    untracked = [p for p in absolute if _git(root, "ls-files", "--error-unmatch", "--", p).returncode != 0]
    if untracked:
        added = _git(root, "add", "--", *untracked)
        if added.returncode != 0:
            raise XiezuoError(f"文件已写入，但 git add 失败：{added.stderr.strip()}")
    result = _git(root, "commit", "-q", "--only", "-m", message, "--", *absolute)
    if result.returncode != 0:
        raise XiezuoError(f"文件已写入，但 git 提交失败：{(result.stderr or result.stdout).strip()}")
    return _git(root, "rev-parse", "--short", "HEAD").stdout.strip()
