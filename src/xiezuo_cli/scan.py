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

import msgspec

from .errors import Finding, XiezuoError

KINDS = ("units", "tasks", "projects", "meetings")
CONFIG_FILE = "xiezuo.yaml"


class SourceFile(msgspec.Struct, array_like=True):
    kind: str
    id: str
    path: str  # posix, relative to the ledger root
    stamp: str = ""  # what says the file is unchanged: its git blob id, or its size, mtime and inode


class _Listing(msgspec.Struct, array_like=True):
    """The files git tracks, as of an index (keyed by a hash of `git ls-files -s`), in .xiezuo/listing.msgpack:
    parsing 35,000 index lines costs more than decoding this."""

    key: str
    files: list[SourceFile]
    ignored: list[str]


@dataclass(slots=True)
class Survey:
    """The ledger's files, what was passed over, and one fingerprint of the state of them all."""

    files: list[SourceFile]
    findings: list[Finding]
    fingerprint: str
    config_stamp: str = ""  # of xiezuo.yaml


def scan(root: Path) -> tuple[list[SourceFile], list[Finding]]:
    found = survey(root)
    return found.files, found.findings


class RunningGit:
    """The three git commands of a survey, started early so that their run overlaps other work."""

    def __init__(self, root: Path) -> None:
        self.top = None if os.environ.get("XIEZUO_NO_GIT") else _git_top(root)
        self.running: list[subprocess.Popen[bytes]] = []
        if self.top is None:
            return
        commands = [
            ["ls-files", "-s", "-z", "--", *KINDS],
            # Untracked files come from ls-files, ignored ones included: status without them is twice as fast.
            ["status", "--porcelain=v1", "-z", "--untracked-files=no", "--no-renames", "--", *KINDS],
            ["ls-files", "-o", "-z", "--", *KINDS],
        ]
        try:  # all at once: together they take as long as the slowest
            for args in commands:
                self.running.append(
                    subprocess.Popen(["git", "-C", str(root), *args], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
                )
        except OSError:
            self.top = None

    def answers(self) -> tuple[bytes, bytes, bytes] | None:
        outputs = [process.communicate()[0] for process in self.running]
        if self.top is None or any(process.returncode != 0 for process in self.running):
            return None
        tracked, changed, untracked = outputs
        return tracked, changed, untracked


def survey(root: Path, *, listing_wanted: bool = True, git: RunningGit | None = None) -> Survey:
    """Every entity file under the four kind folders, in a stable order, with its stamp.

    In a git work tree the stamps come from git (the blob id of every unchanged tracked file, a stat
    for edited and untracked ones), an order of magnitude faster than a stat walk; the fingerprint
    then hashes git's raw answers, so an unchanged ledger is recognised without parsing them.
    """
    config = file_stamp(root / CONFIG_FILE)
    raw = _git_raw(root, git or RunningGit(root))
    if raw is None:
        listing = dict(item for kind in KINDS for item in _walk(root / kind, kind))
        state = "\n".join(f"{path}\0{listing[path]}" for path in sorted(listing)).encode("utf-8", "surrogateescape")
        fingerprint = _hash(config, state)
    else:
        tracked, changed, untracked, prefix = raw
        changes = _changes(root, changed, prefix)
        if b"120000 " in tracked:  # git's blob of a symbolic link is the link's text: stamp the file it points to
            for rel in _LINKS.findall(tracked.decode("utf-8", "surrogateescape")):
                changes.setdefault(rel, path_stamp(root / rel))
        for rel in untracked.decode("utf-8", "surrogateescape").split("\0"):
            if rel:  # new files, and files git ignores, are ledger files too: stamped by a stat
                changes[rel] = path_stamp(root / rel)
        fingerprint = _hash(config, tracked, changed, untracked, repr(sorted(changes.items())).encode())
        if not listing_wanted:
            return Survey([], [], fingerprint, config)
        key = hashlib.sha256(tracked).hexdigest()
        cached = _saved_listing(root, key)
        if cached is None:
            cached = _Listing(key, *_classify(_listing(tracked, {})))
            _save_listing(root, cached)
        files, ignored = _apply_changes(cached, changes) if changes else (cached.files, cached.ignored)
        return Survey(files, [_ignored(rel) for rel in ignored], fingerprint, config)
    files, ignored = _classify(listing)
    return Survey(files, [_ignored(rel) for rel in ignored], fingerprint, config)


def _classify(listing: dict[str, str]) -> tuple[list[SourceFile], list[str]]:
    """Entity files (.yaml) in path order, and the .yml files that are passed over."""
    files: list[SourceFile] = []
    ignored: list[str] = []
    for rel in sorted(listing):
        name = rel.rsplit("/", 1)[-1]
        if name.lower().endswith((".yml", ".yaml")) and not name.endswith(".yaml"):
            ignored.append(rel)
        elif name.endswith(".yaml"):
            files.append(SourceFile(rel.split("/", 1)[0], name[: -len(".yaml")], rel, listing[rel]))
    return files, ignored


def _apply_changes(cached: _Listing, changes: dict[str, str]) -> tuple[list[SourceFile], list[str]]:
    """The tracked listing with git status applied: edited files get a stat stamp, new ones come, gone ones go."""
    listing = {f.path: f.stamp for f in cached.files}
    listing.update((rel, "") for rel in cached.ignored)
    for rel, stamp in changes.items():
        if stamp and not _hidden(rel):
            listing[rel] = stamp
        else:
            listing.pop(rel, None)
    return _classify(listing)


def _ignored(rel: str) -> Finding:
    return Finding(rel, "warning", "file-ignored", "扩展名应为小写的 .yaml，此文件未被读取")


def _listing_path(root: Path) -> Path:
    return root / ".xiezuo" / "listing.msgpack"


def _saved_listing(root: Path, key: str) -> _Listing | None:
    try:
        saved = msgspec.msgpack.decode(_listing_path(root).read_bytes(), type=_Listing)
    except (OSError, msgspec.DecodeError, msgspec.ValidationError):
        return None
    return saved if saved.key == key else None


def _save_listing(root: Path, listing: _Listing) -> None:
    from .checkcache import ensure_folder
    from .fileio import atomic_write

    try:
        ensure_folder(root / ".xiezuo")
        atomic_write(_listing_path(root), msgspec.msgpack.encode(listing))
    except OSError:
        pass  # a read-only ledger still works, only slower


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
        elif entry.is_symlink():
            yield rel, LINK_TO_NOTHING  # or to a folder: listed, so that reading it reports why


LINK_TO_NOTHING = "link-to-nothing"  # the stamp of a symbolic link whose target is missing (or a folder)


def path_stamp(path: Path) -> str:
    """The stamp of a ledger file as found on disk: its stat (a link's target's); "" when it is gone."""
    if path.is_file():
        return file_stamp(path)
    return LINK_TO_NOTHING if path.is_symlink() else ""


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


def _git_raw(root: Path, git: RunningGit) -> tuple[bytes, bytes, bytes, str] | None:
    """git's own listing of the entity folders: tracked files with their blob ids, what status says has
    changed, the untracked files, ignored ones too (relative to the ledger), and the ledger's path in the repository."""
    answers = git.answers()
    if answers is None or git.top is None:
        return None
    prefix = "" if git.top == root else root.relative_to(git.top).as_posix() + "/"
    return (*answers, prefix)


def _changes(root: Path, changed: bytes, prefix: str) -> dict[str, str]:
    """Edited, added and deleted tracked files (status paths are relative to the repository): rel → stamp."""
    out: dict[str, str] = {}
    for record in changed.decode("utf-8", "surrogateescape").split("\0"):
        if len(record) > 3 and record[3:].startswith(prefix):
            rel = record[3 + len(prefix) :]
            out[rel] = path_stamp(root / rel)
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
_LINKS = re.compile(r"120000 [0-9a-f]+ 0\t([^\0]*)\0")


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
