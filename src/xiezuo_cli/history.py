"""The only module that imports git (GitPython): ledger files at revisions, what changed, history.

Everything is read straight from git objects through one persistent `git cat-file --batch`
process (no checkout, no temporary work tree). Paths handed out are relative to the ledger root,
which may be a sub-folder of the repository.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import XiezuoError, unreadable

if TYPE_CHECKING:
    import git

ZERO = "0" * 40
_GLOB_SPECIAL = re.compile(r"([*?\[\]\\])")


@dataclass(frozen=True, slots=True)
class FileChange:
    """One changed file. A blob of None means: absent on that side (old) or read from disk (new)."""

    status: str  # A added, D deleted, M modified
    path: str  # relative to the ledger root, posix
    old_blob: str | None
    new_blob: str | None


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    date: str  # ISO 8601 author date
    author: str
    email: str
    subject: str
    parent: str | None
    changes: list[FileChange] = field(default_factory=list)


def _import_git() -> Any:
    try:
        import git
    except ImportError:
        raise XiezuoError("找不到 git 程序，请先安装 git") from None
    return git


class UnreadableFile(Exception):
    """A working-tree file that exists (or is a link) but cannot be read; the message says why, as `check` does."""


class History:
    """The git repository that holds a ledger, seen from the ledger root."""

    def __init__(self, root: Path) -> None:
        gitmod = _import_git()
        self._errors: tuple[type[Exception], ...] = (gitmod.GitCommandError,)
        self._exe = str(gitmod.Git.GIT_PYTHON_GIT_EXECUTABLE or "git")
        try:
            self.repo: git.Repo = gitmod.Repo(root, search_parent_directories=True)
        except (gitmod.InvalidGitRepositoryError, gitmod.NoSuchPathError):
            raise XiezuoError(
                f"台账目录 {root} 不在 git 仓库中，无法读取历史版本（请先 git init 并提交台账）"
            ) from None
        if self.repo.bare or self.repo.working_tree_dir is None:
            raise XiezuoError(f"{root} 所在的 git 仓库没有工作区，无法比较版本")
        top = Path(self.repo.working_tree_dir).resolve()
        self.root = root.resolve()
        rel = self.root.relative_to(top).as_posix()
        self.prefix = "" if rel == "." else rel + "/"

    def close(self) -> None:
        self.repo.close()

    # --- revisions ------------------------------------------------------------------------------

    def has_commits(self) -> bool:
        return bool(self.repo.head.is_valid())

    def commit(self, rev: str) -> str:
        """Full sha of the commit a revision names; a clear Chinese error otherwise."""
        if rev == "HEAD" and not self.has_commits():
            raise XiezuoError("仓库中还没有任何提交，无法比较版本（请先提交台账）")
        if not rev or rev.startswith("-") or any(ch.isspace() for ch in rev):
            raise XiezuoError(f"找不到版本“{rev}”：它不是本仓库中的分支、标签或提交")
        try:
            return str(self.repo.git.rev_parse("--verify", "--quiet", f"{rev}^{{commit}}")).strip()
        except self._errors:
            raise XiezuoError(f"找不到版本“{rev}”：它不是本仓库中的分支、标签或提交") from None

    def merge_base(self, a: str, b: str, names: tuple[str, str]) -> str:
        try:
            return str(self.repo.git.merge_base(a, b)).strip()
        except self._errors:
            raise XiezuoError(f"版本“{names[0]}”和“{names[1]}”没有共同的祖先提交，无法用 A...B 比较") from None

    # --- paths ----------------------------------------------------------------------------------

    def _spec(self, folder: str = "") -> str:
        """A literal pathspec for a folder of the ledger ('' = the whole ledger)."""
        target = (self.prefix + folder).rstrip("/")
        return f":(literal){target}" if target else "."

    def _rel(self, repo_path: str) -> str | None:
        if not repo_path.startswith(self.prefix):
            return None
        return repo_path[len(self.prefix) :]

    def _run(self, *args: str, ok_codes: tuple[int, ...] = ()) -> str:
        try:
            return str(self.repo.git.execute([self._exe, *args], strip_newline_in_stdout=False))
        except self._errors as exc:
            if getattr(exc, "status", None) in ok_codes:
                return ""
            raise XiezuoError(f"git 命令执行失败：{' '.join(args[:2])}（{_short(exc)}）") from None

    # --- changes --------------------------------------------------------------------------------

    def changes(self, old: str | None, new: str | None, folders: tuple[str, ...] = ("",)) -> list[FileChange]:
        """Files of the ledger that differ between two commits; new=None is the working tree
        (tracked changes plus untracked files that are not ignored); old=None is the empty tree."""
        specs = [self._spec(f) for f in folders]
        if new is None:
            base = old or self._empty_tree()
            raw = self._run("diff", "--raw", "-z", "--no-abbrev", "--no-renames", "--no-ext-diff", base, "--", *specs)
            found = self._parse_raw(raw, worktree=True)
            seen = {c.path for c in found}
            untracked = self._run("ls-files", "-z", "--others", "--exclude-standard", "--", *specs)
            for repo_path in untracked.split("\0"):
                rel = self._rel(repo_path) if repo_path else None
                if rel is not None and rel not in seen:
                    found.append(FileChange("A", rel, None, None))
            return found
        raw = self._run(
            "diff-tree",
            "-r",
            "--raw",
            "-z",
            "--no-abbrev",
            "--no-renames",
            old or self._empty_tree(),
            new,
            "--",
            *specs,
        )
        return self._parse_raw(raw, worktree=False)

    def _empty_tree(self) -> str:
        return str(self.repo.git.hash_object("-t", "tree", "/dev/null")).strip()

    def _parse_raw(self, raw: str, *, worktree: bool) -> list[FileChange]:
        tokens = raw.split("\0")
        found: list[FileChange] = []
        i = 0
        while i + 1 < len(tokens):
            meta, path = tokens[i].strip(), tokens[i + 1]
            i += 2
            if not meta.startswith(":"):
                i -= 1  # not a raw line: resynchronise on the next token
                continue
            change = _raw_change(meta, path, worktree)
            rel = self._rel(path)
            if change is not None and rel is not None:
                found.append(FileChange(change[0], rel, change[1], change[2]))
        return found

    # --- reading files --------------------------------------------------------------------------

    def read_blob(self, sha: str) -> bytes:
        _, _, _, data = self.repo.git.get_object_data(sha)
        return bytes(data)

    def read(self, rev: str | None, rel: str) -> bytes | None:
        """A ledger file at a revision (None: the working tree); None when it does not exist."""
        if rev is None:
            path = self.root / rel
            try:
                return path.read_bytes()
            except OSError as exc:
                link = path.is_symlink()
                if isinstance(exc, FileNotFoundError | NotADirectoryError) and not link:
                    return None
                raise UnreadableFile(unreadable(exc, link)) from None
        try:
            _, kind, _, data = self.repo.git.get_object_data(f"{rev}:{self.prefix}{rel}")
        except ValueError:
            return None
        return bytes(data) if kind in (b"blob", "blob") else None

    def listing(self, rev: str, folder: str = "") -> list[str]:
        """Every file of the ledger (or of one folder of it) at a commit, relative to the ledger
        root; empty if the folder did not exist then. Lists the subtree itself: no path filtering."""
        inside = (self.prefix + folder).rstrip("/")
        tree = f"{rev}:{inside}" if inside else rev
        try:
            out = str(self.repo.git.execute([self._exe, "ls-tree", "-r", "-z", "--name-only", tree]))
        except self._errors:
            return []
        lead = folder.rstrip("/") + "/" if folder else ""
        return [lead + rel for rel in out.split("\0") if rel]

    def grep(self, rev: str | None, words: list[str], folders: tuple[str, ...], *, whole_word: bool = True) -> set[str]:
        """Files under the folders that contain any of the strings (fixed strings, case-sensitive)."""
        if not words:
            return set()
        args = ["grep", "-l", "-z", "-I", "-F"] + (["-w"] if whole_word else [])
        for word in words:
            args += ["-e", word]
        args += ["--untracked"] if rev is None else [rev]
        out = self._run(*args, "--", *[self._spec(f) for f in folders], ok_codes=(1,))
        return self._grep_paths(out.split("\0"), rev)

    def grep_lines(self, rev: str | None, pattern: str, folders: tuple[str, ...]) -> list[tuple[str, str]]:
        """(file, line) for every line matching an extended regular expression."""
        args = ["grep", "-z", "-I", "-E", "-e", pattern]
        args += ["--untracked"] if rev is None else [rev]
        out = self._run(*args, "--", *[self._spec(f) for f in folders], ok_codes=(1,))
        found = []
        for line in out.split("\n"):
            name, sep, text = line.partition("\0")
            if not sep:
                continue
            paths = self._grep_paths([name], rev)
            if paths:
                found.append((paths.pop(), text))
        return found

    def _grep_paths(self, names: list[str], rev: str | None) -> set[str]:
        strip = f"{rev}:" if rev else ""
        found = set()
        for name in names:
            if not name:
                continue
            rel = self._rel(name[len(strip) :] if strip and name.startswith(strip) else name)
            if rel is not None:
                found.add(rel)
        return found

    # --- history --------------------------------------------------------------------------------

    def log(self, folder: str, name: str, start: str = "HEAD") -> list[Commit]:
        """Commits reachable from start that touched a file called `name` anywhere under the folder
        (so moves between sub-folders are followed), newest first, with those files' changes."""
        spec = f":(glob){_glob_escape(self.prefix + folder)}/**/{_glob_escape(name)}"
        fmt = "%x01%H%x00%P%x00%aI%x00%an%x00%ae%x00%s"
        out = self._run("log", "-z", "--raw", "--no-abbrev", "--no-renames", f"--format={fmt}", start, "--", spec)
        commits = []
        for record in out.split("\x01")[1:]:
            tokens = record.split("\0")
            sha, parents, date, author, email, subject = tokens[:6]
            entries = self._parse_raw("\0".join(tokens[6:]), worktree=False)
            commits.append(Commit(sha, date, author, email, subject, parents.split(" ")[0] or None, entries))
        return commits

    def renamed_from(self, commit: Commit, folder: str, path: str) -> FileChange | None:
        """If the commit created `path` by renaming another file of the folder: that file (deleted)."""
        base = commit.parent or self._empty_tree()
        out = self._run(
            "diff-tree", "-r", "-z", "--raw", "--no-abbrev", "-M", base, commit.sha, "--", self._spec(folder)
        )
        tokens = out.split("\0")
        i = 0
        while i < len(tokens):
            meta = tokens[i].strip()
            if not meta.startswith(":"):
                i += 1
                continue
            if meta.split()[-1].startswith("R"):
                old_rel = self._rel(tokens[i + 1]) if i + 2 < len(tokens) else None
                if old_rel is not None and self._rel(tokens[i + 2]) == path:
                    return FileChange("D", old_rel, meta.split()[2], None)
                i += 3
            else:
                i += 2
        return None


def _raw_change(meta: str, path: str, worktree: bool) -> tuple[str, str | None, str | None] | None:
    """(status, old blob, new blob) of one `git diff --raw` line; None for submodules."""
    parts = meta[1:].split()
    if len(parts) < 5:
        return None
    old_mode, new_mode, old_sha, new_sha, status = parts[:5]
    if "160000" in (old_mode, new_mode):
        return None
    old_blob = None if old_sha == ZERO else old_sha
    # In the working tree the new side is always read from disk: git leaves unhashed files at zero.
    new_blob = None if new_sha == ZERO or worktree else new_sha
    if status.startswith("D"):
        return "D", old_blob, None
    if status.startswith("A") or old_blob is None:
        return "A", None, new_blob
    return "M", old_blob, new_blob


def _glob_escape(text: str) -> str:
    return _GLOB_SPECIAL.sub(r"\\\1", text)


def _short(exc: Exception) -> str:
    text = str(getattr(exc, "stderr", "") or exc).strip().strip("'").strip()
    return text.splitlines()[-1] if text else type(exc).__name__
