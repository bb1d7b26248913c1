"""Which files make up a ledger, with the stamps (size, mtime, inode) that tell whether they changed.

Kept free of Pydantic so that a check of an unchanged ledger starts fast.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import Finding, XiezuoError

KINDS = ("units", "tasks", "projects", "meetings")
CONFIG_FILE = "xiezuo.yaml"


@dataclass(slots=True)
class SourceFile:
    kind: str
    id: str
    path: str  # posix, relative to the ledger root
    stamp: tuple[int, int, int] = (0, 0, 0)  # size, mtime_ns, inode: what says the file is unchanged


def scan(root: Path) -> tuple[list[SourceFile], list[Finding]]:
    """Every entity file under the four kind folders, in a stable order."""
    files: list[SourceFile] = []
    findings: list[Finding] = []
    for kind in KINDS:
        for rel, stamp in sorted(_walk(root / kind, kind)):
            name = rel.rsplit("/", 1)[-1]
            if name.endswith(".yml"):
                findings.append(Finding(rel, "warning", "file-ignored", "扩展名应为 .yaml，此文件未被读取"))
                continue
            if not name.endswith(".yaml"):
                continue
            files.append(SourceFile(kind, name[: -len(".yaml")], rel, stamp))
    return files, findings


def _walk(folder: Path, prefix: str) -> Iterator[tuple[str, tuple[int, int, int]]]:
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        rel = f"{prefix}/{entry.name}"
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path), rel)
        elif entry.is_file():
            info = entry.stat()
            yield rel, (info.st_size, info.st_mtime_ns, info.st_ino)


def file_stamp(path: Path) -> tuple[int, int, int]:
    try:
        info = path.stat()
    except OSError:
        return (0, 0, 0)
    return (info.st_size, info.st_mtime_ns, info.st_ino)


def find_root(explicit: str | None = None, cwd: Path | None = None) -> Path:
    """SPEC §1: --ledger, else $XIEZUO_LEDGER, else the nearest xiezuo.yaml upward, else ./ledger."""
    here = (cwd or Path.cwd()).resolve()
    given = explicit or os.environ.get("XIEZUO_LEDGER")
    if given:
        root = (here / given).resolve()
        if not (root / CONFIG_FILE).is_file():
            raise XiezuoError(f"{given} 不是台账目录：其中没有 {CONFIG_FILE}")
        return root
    for folder in (here, *here.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    fallback = here / "ledger"
    if (fallback / CONFIG_FILE).is_file():
        return fallback
    raise XiezuoError(
        f"找不到台账：当前目录及其上级都没有 {CONFIG_FILE}；请进入台账目录，或用 --ledger 指定，或先运行 xiezuo init"
    )
