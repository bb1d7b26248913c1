"""Which files make up a ledger, with the stamps that tell whether they changed.

Kept free of Pydantic so that a check of an unchanged ledger starts fast.
"""

from __future__ import annotations

import hashlib
import os
import re
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


@dataclass(slots=True)
class Survey:
    """The ledger's files, what was passed over, and one fingerprint of the state of them all."""

    files: list[SourceFile]
    findings: list[Finding]
    fingerprint: str


def scan(root: Path) -> tuple[list[SourceFile], list[Finding]]:
    found = survey(root)
    return found.files, found.findings


def survey(root: Path, *, listing_wanted: bool = True) -> Survey:
    """Every entity file under the four kind folders, in a stable order, with its stamp.

    In a git work tree the stamps come from git (the blob id of every unchanged tracked file, a stat
    for edited and untracked ones), an order of magnitude faster than a stat walk; the fingerprint
    then hashes git's raw answers, so an unchanged ledger is recognised without parsing them.
    """
    config = file_stamp(root / CONFIG_FILE)
    raw = _git_raw(root)
    if raw is None:
        listing = dict(item for kind in KINDS for item in _walk(root / kind, kind))
        state = "\n".join(f"{path}\0{listing[path]}" for path in sorted(listing)).encode("utf-8", "surrogateescape")
        fingerprint = _hash(config, state)
    else:
        tracked, changed, prefix = raw
        changes = _changes(root, changed, prefix)
        fingerprint = _hash(config, tracked, changed, repr(sorted(changes.items())).encode())
        listing = _listing(tracked, changes) if listing_wanted else {}
    files: list[SourceFile] = []
    findings: list[Finding] = []
    for rel in sorted(listing):
        name = rel.rsplit("/", 1)[-1]
        if name.endswith(".yml"):
            findings.append(Finding(rel, "warning", "file-ignored", "扩展名应为 .yaml，此文件未被读取"))
        elif name.endswith(".yaml"):
            files.append(SourceFile(rel.split("/", 1)[0], name[: -len(".yaml")], rel, listing[rel]))
    return Survey(files, findings, fingerprint)


def _hash(config: str, *parts: bytes) -> str:
    from .checkcache import VERSION

    digest = hashlib.sha256(f"{VERSION}\0{config}\0".encode())
    for part in parts:
        digest.update(part)
        digest.update(b"\0\0")
    return digest.hexdigest()


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


def _git_raw(root: Path) -> tuple[bytes, bytes, str] | None:
    """git's own listing of the entity folders: (ls-files -s, status), and the ledger's path in the repo."""
    top = _git_top(root)
    if os.environ.get("XIEZUO_NO_GIT") or top is None:
        return None
    tracked = _git(root, "ls-files", "-s", "-z", "--", *KINDS)
    changed = _git(root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames", "--", *KINDS)
    if tracked is None or changed is None:
        return None
    prefix = "" if top == root else root.relative_to(top).as_posix() + "/"
    return tracked, changed, prefix


def _changes(root: Path, changed: bytes, prefix: str) -> dict[str, str]:
    """Edited, added and untracked files (status paths are relative to the repository): rel → stamp."""
    out: dict[str, str] = {}
    for record in changed.decode("utf-8", "surrogateescape").split("\0"):
        if len(record) > 3 and record[3:].startswith(prefix):
            rel = record[3 + len(prefix) :]
            out[rel] = file_stamp(root / rel) if (root / rel).is_file() else ""
    return out


def _listing(tracked: bytes, changes: dict[str, str]) -> dict[str, str]:
    """rel path → stamp of every entity file: blob ids from the index, overridden by what status says."""
    text = tracked.decode("utf-8", "surrogateescape")
    listing = {rel: "g" + blob for blob, rel in _LS_FILES.findall(text)}
    for rel, stamp in changes.items():
        if stamp:
            listing[rel] = stamp
        else:
            listing.pop(rel, None)
    return {rel: stamp for rel, stamp in listing.items() if not _hidden(rel)}


# `git ls-files -s -z`: "<mode> <blob> <stage>\t<path>\0"; stage 0 only (no conflicts), no submodules.
_LS_FILES = re.compile(r"(?:100644|100755|120000) ([0-9a-f]+) 0\t([^\0]*)\0")


def _hidden(rel: str) -> bool:
    return rel.startswith(".") or "/." in rel


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
