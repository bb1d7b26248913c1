"""One side of a comparison — a commit, or the working tree — as far as a diff needs it: the
versions of the files it read, and the paths of the ids it asked about, from a single listing of
the commit (no parsing) with the other side's file names derived from the changes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import BaseModel

from .errors import Finding
from .history import FileChange, History, UnreadableFile
from .ids import ID_RE
from .ledger import KINDS
from .models import KIND_MODELS, Config, Meeting, Task
from .semantic import unit_refs
from .validation import validate
from .yamlio import YamlProblem, decode, locate, parse


@dataclass(slots=True)
class Version:
    """One file as it stands in one state: the parsed model (None if it did not parse) and findings."""

    path: str
    model: BaseModel | None
    findings: list[Finding]
    text: str | None

    @property
    def problem(self) -> str | None:
        if self.model is not None:
            return None
        first = next((f for f in self.findings if f.severity == "error"), None)
        if first is None:
            return "无法读取"
        if not first.line and self.text is not None and first.loc:
            first.line, first.col = locate(self.text, first.loc)
        return first.message + (f"（第{first.line}行）" if first.line else "")


def read_version(kind: str, rel: str, data: bytes | None) -> Version:
    if data is None:
        return Version(rel, None, [Finding(rel, "error", "io", "文件不存在")], None)
    try:
        text = decode(data)
        parsed = parse(text)
    except YamlProblem as p:
        return Version(rel, None, [Finding(rel, "error", p.code, p.message, (), p.line, p.col)], None)
    model, findings = validate(KIND_MODELS.get(kind, Config), parsed, rel)
    return Version(rel, model, findings, text)


def entity_of(rel: str) -> tuple[str, str] | None:
    """(kind, id) of an entity file path, as the loader sees it; None for other files."""
    parts = rel.split("/")
    if len(parts) < 2 or parts[0] not in KINDS or not parts[-1].endswith(".yaml"):
        return None
    if any(p.startswith(".") for p in parts):
        return None
    return parts[0], parts[-1][: -len(".yaml")]


@dataclass
class Listing:
    """The files of one state as the loader would see them, without reading any: the path of each
    (kind, id), the findings a listing alone gives (bad names, duplicates)."""

    files: list[str]
    paths: dict[tuple[str, str], str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.files.sort()
        for rel in self.files:
            kind, _, rest = rel.partition("/")
            if kind not in KINDS or not rest or "/." in "/" + rel:
                continue
            name = rest.rpartition("/")[2]
            if not name.endswith(".yaml"):
                if name.endswith(".yml"):
                    self.findings.append(Finding(rel, "warning", "file-ignored", "扩展名应为 .yaml，此文件未被读取"))
                continue
            self._add(kind, name[: -len(".yaml")], rel)

    def _add(self, kind: str, entity_id: str, rel: str) -> None:
        if not ID_RE.match(entity_id):
            self.findings.append(
                Finding(
                    rel,
                    "error",
                    "id-invalid",
                    f"文件名“{entity_id}”不是有效编号（字母或数字开头，只含字母、数字和 . _ -，至多 64 个字符）",
                )
            )
        elif (kind, entity_id) in self.paths:
            first = self.paths[(kind, entity_id)]
            self.findings.append(Finding(rel, "error", "id-duplicate", f"编号“{entity_id}”与 {first} 重复", (), 1, 1))
        else:
            self.paths[(kind, entity_id)] = rel


class State:
    """One side of the comparison: a commit, or the working tree (rev None).

    Ids are looked up on demand in an index of file names built from one listing of the new state
    (`git ls-tree`, or the disk as `check` scans it); the old state's index is the new one with the
    changed files swapped back, since every other file is the same on both sides.
    """

    def __init__(self, hist: History, rev: str | None) -> None:
        self.hist = hist
        self.rev = rev
        self.versions: dict[str, Version] = {}
        self.listing = Listing([])
        self.exists: Callable[[str], bool] = lambda rel: False
        self.named: Callable[[str], list[str]] = lambda name: []
        self._looked: set[tuple[str, str]] = set()

    def index(self) -> dict[tuple[str, str], str]:
        return self.listing.paths

    def lookup(self, keys: set[tuple[str, str]]) -> None:
        """Make the paths of these (kind, id) known, with duplicates, as the loader would see them."""
        fresh = keys - self._looked
        if not fresh:
            return
        self._looked |= fresh
        files = set(self.listing.files)
        for kind, entity_id in fresh:
            files.update(rel for rel in self.named(f"{entity_id}.yaml") if rel.startswith(kind + "/"))
        self.listing = Listing(sorted(files))

    def read(self, rel: str, blob: str | None = None) -> bytes | None:
        if blob is not None:
            return self.hist.read_blob(blob)
        return self.hist.read(self.rev, rel)

    def load(self, kind: str, rel: str, blob: str | None = None) -> Version:
        if rel not in self.versions:
            try:
                self.versions[rel] = read_version(kind, rel, self.read(rel, blob))
            except UnreadableFile as exc:
                self.versions[rel] = Version(rel, None, [Finding(rel, "error", "io", str(exc))], None)
        return self.versions[rel]


def prepare(old: State, new: State, files: list[FileChange]) -> None:
    """One listing of the side that is a commit (`git ls-tree`, no parsing); the other side's file
    names follow from the changes, since every other file is the same on both sides."""
    added = {c.path for c in files if c.status == "A"}
    removed = {c.path for c in files if c.status == "D"}
    if new.rev is None:
        base, other, plus, minus = old, new, added, removed
    else:
        base, other, plus, minus = new, old, removed, added
    assert base.rev is not None
    listed = base.hist.listing(base.rev)
    present: set[str] = set()

    def in_base(rel: str) -> bool:
        if not present:
            present.update(listed)
        return rel in present

    names: dict[str, list[str]] = {}
    for rel in listed:
        names.setdefault(rel[rel.rfind("/") + 1 :], []).append(rel)
    swapped: dict[str, list[str]] = {}
    for rel in plus | minus:
        name = rel[rel.rfind("/") + 1 :]
        if name not in swapped:
            swapped[name] = [r for r in names.get(name, []) if r not in minus]
        if rel in plus:
            swapped[name].append(rel)
    base.named = lambda name: names.get(name, [])
    other.named = lambda name: swapped[name] if name in swapped else names.get(name, [])
    base.exists = in_base
    other.exists = lambda rel: rel in plus or (rel not in minus and in_base(rel))
    if new.rev is None:
        root = new.hist.root
        new.exists = lambda rel: (root / rel).is_file()  # as `xiezuo check` sees the working tree
    new.listing = Listing([c.path for c in files if c.status != "D"])
    old.listing = Listing([c.path for c in files if c.status != "A"])


def references(model: BaseModel | None) -> set[tuple[str, str]]:
    """The (kind, id) an entity names: units everywhere, a task's source meeting, decision tasks."""
    if model is None:
        return set()
    found = {("units", u) for u in unit_refs(model)}
    if isinstance(model, Task) and model.source:
        found.add(("meetings", model.source))
    if isinstance(model, Meeting):
        found |= {("tasks", d.task) for d in model.decisions if d.task}
    return found


def kind_of(rel: str) -> str:
    key = entity_of(rel)
    return key[0] if key else "config"


# --- the diff -------------------------------------------------------------------------------------
