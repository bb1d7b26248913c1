"""Which files make up a ledger, with the stamps (size, mtime, inode) that tell whether they changed.

Kept free of Pydantic so that a check of an unchanged ledger starts fast.
"""

from __future__ import annotations

import os
import subprocess
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
    stamp: str = ""  # what says the file is unchanged: its git blob id, or its size, mtime and inode


def scan(root: Path) -> tuple[list[SourceFile], list[Finding]]:
    """Every entity file under the four kind folders, in a stable order, with its stamp.

    In a git work tree the stamps come from git (the blob id of every unchanged tracked file, a
    stat for edited and untracked ones), which is an order of magnitude faster than a stat walk.
    """
    listing = _git_listing(root)
    if listing is None:
        listing = dict(item for kind in KINDS for item in _walk(root / kind, kind))
    files: list[SourceFile] = []
    findings: list[Finding] = []
    for rel in sorted(listing):
        name = rel.rsplit("/", 1)[-1]
        if name.endswith(".yml"):
            findings.append(Finding(rel, "warning", "file-ignored", "扩展名应为 .yaml，此文件未被读取"))
        elif name.endswith(".yaml"):
            files.append(SourceFile(rel.split("/", 1)[0], name[: -len(".yaml")], rel, listing[rel]))
    return files, findings


def _walk(folder: Path, prefix: str) -> Iterator[tuple[str, str]]:
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
            yield rel, f"s{info.st_size}:{info.st_mtime_ns}:{info.st_ino}"


def file_stamp(path: Path) -> str:
    try:
        info = path.stat()
    except OSError:
        return ""
    return f"s{info.st_size}:{info.st_mtime_ns}:{info.st_ino}"


def _git_top(root: Path) -> Path | None:
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            return folder
    return None


def _git(root: Path, *args: str) -> bytes | None:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except OSError:
        return None
    return result.stdout if result.returncode == 0 else None


def _git_listing(root: Path) -> dict[str, str] | None:
    """rel path → stamp of the ledger's entity files, from git; None outside a work tree or on failure."""
    if os.environ.get("XIEZUO_NO_GIT") or _git_top(root) is None:
        return None
    tracked = _git(root, "ls-files", "-s", "-z", "--", *KINDS)
    changed = _git(root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames", "--", *KINDS)
    prefix = _git(root, "rev-parse", "--show-prefix")
    if tracked is None or changed is None or prefix is None:
        return None
    listing: dict[str, str] = {}
    for record in tracked.decode("utf-8", "surrogateescape").split("\0"):
        if record:
            meta, _, rel = record.partition("\t")
            mode, blob, stage = meta.split(" ")
            if stage == "0" and mode != "160000" and not _hidden(rel):
                listing[rel] = "g" + blob
    top = prefix.decode("utf-8", "surrogateescape").strip()
    for record in changed.decode("utf-8", "surrogateescape").split("\0"):
        if len(record) > 3 and record[3:].startswith(top):
            rel = record[3 + len(top) :]
            stamp = file_stamp(root / rel)
            if stamp and not _hidden(rel) and (root / rel).is_file():
                listing[rel] = stamp
            else:
                listing.pop(rel, None)
    return listing


def _hidden(rel: str) -> bool:
    return any(part.startswith(".") for part in rel.split("/"))


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
