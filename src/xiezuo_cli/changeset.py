"""The ledger between two states — two commits, or a commit and the working tree — read as the
office's work: which entity was added, removed, moved or changed and how (semantic.py), and which
`check` findings the change brings or clears (changecheck.py).

Only the files git reports as changed are parsed, read straight from git objects.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .changecheck import context, findings
from .changestate import State, Version, entity_of, kind_of, prepare, read_version, references
from .errors import Finding, UsageError
from .history import FileChange, History, UnreadableFile
from .ledger import CONFIG_FILE, KINDS
from .models import Unit
from .semantic import EntityChange, Labels, diff_entity, title_of, unit_refs
from .semantic_kinds import brief

ORDER = {"tasks": 0, "projects": 1, "meetings": 2, "units": 3, "config": 4, "file": 5}
WORKTREE = "工作区"


@dataclass
class DiffResult:
    old_label: str
    new_label: str
    changes: list[EntityChange]
    introduced: list[Finding] = field(default_factory=list)
    fixed: list[Finding] = field(default_factory=list)

    def totals(self) -> Totals:
        return Totals.of(self)


@dataclass
class Totals:
    counts: Counter[tuple[str, str]]
    closed: int
    completed: int
    progress: int
    disbursed: Decimal
    extensions: int
    errors: int
    warnings: int
    fixed: int

    @classmethod
    def of(cls, result: DiffResult) -> Totals:
        fields = [(c.kind, f) for c in result.changes for f in c.fields]
        return cls(
            counts=Counter((c.kind, c.change) for c in result.changes),
            closed=sum(1 for kind, f in fields if kind == "tasks" and f.topic == "close"),
            completed=sum(1 for kind, f in fields if kind == "projects" and f.topic == "close"),
            progress=sum(f.count for _, f in fields),
            disbursed=sum((f.amount for _, f in fields if f.amount is not None), Decimal(0)),
            extensions=sum(1 for _, f in fields if f.topic == "extension" and f.new is not None),
            errors=sum(1 for f in result.introduced if f.severity == "error"),
            warnings=sum(1 for f in result.introduced if f.severity == "warning"),
            fixed=len(result.fixed),
        )


# --- states ---------------------------------------------------------------------------------------


def resolve(hist: History, revs: list[str]) -> tuple[str, str | None, str, str]:
    """(old sha, new sha or None for the working tree, old label, new label) from the arguments."""
    if len(revs) > 2:
        raise UsageError("最多给出两个版本：xiezuo diff [版本A [版本B]]，或 A..B、A...B")
    if len(revs) == 2 and any(".." in r for r in revs):
        raise UsageError("A..B 或 A...B 的写法只能单独给出，不能再加第二个版本")
    if not revs:
        revs = ["HEAD"]
    if len(revs) == 1 and ".." in revs[0]:
        three = "..." in revs[0]
        a, b = revs[0].split("..." if three else "..", 1)
        a, b = a or "HEAD", b or "HEAD"
        sha_a, sha_b = hist.commit(a), hist.commit(b)
        if three:
            base = hist.merge_base(sha_a, sha_b, (a, b))
            return base, sha_b, f"{a} 与 {b} 的分叉点（{base[:7]}）", f"{b}（{sha_b[:7]}）"
        return sha_a, sha_b, f"{a}（{sha_a[:7]}）", f"{b}（{sha_b[:7]}）"
    old = hist.commit(revs[0])
    if len(revs) == 1:
        return old, None, f"{revs[0]}（{old[:7]}）", WORKTREE
    new = hist.commit(revs[1])
    return old, new, f"{revs[0]}（{old[:7]}）", f"{revs[1]}（{new[:7]}）"


def diff(root: Path, revs: list[str]) -> DiffResult:
    hist = History(root)
    try:
        old_rev, new_rev, old_label, new_label = resolve(hist, revs)
        return compare(hist, old_rev, new_rev, old_label, new_label)
    finally:
        hist.close()


def compare(hist: History, old_rev: str, new_rev: str | None, old_label: str, new_label: str) -> DiffResult:
    old, new = State(hist, old_rev), State(hist, new_rev)
    files = hist.changes(old_rev, new_rev)
    prepare(old, new, files)
    changed = {c.path for c in files}
    pairs: dict[tuple[str, str], list[FileChange]] = {}
    others: list[EntityChange] = []
    for change in files:
        key = entity_of(change.path)
        if key is not None:
            pairs.setdefault(key, []).append(change)
        elif change.path == CONFIG_FILE:
            pairs[("config", CONFIG_FILE)] = [change]
        elif not any(p.startswith(".") for p in change.path.split("/")):
            kind = {"A": "added", "D": "removed"}.get(change.status, "modified")
            others.append(EntityChange("file", change.path, kind, change.path))
    for key, entries in pairs.items():
        for entry in entries:
            if entry.status != "A":
                old.load(key[0], entry.path, entry.old_blob)
            if entry.status != "D":
                new.load(key[0], entry.path, entry.new_blob)
    configs = _configs(old, new, changed)
    wanted = {key for key in pairs if key[0] in KINDS}
    for state in (old, new):
        wanted |= set().union(*(references(v.model) for v in state.versions.values()))
    _lookup(old, new, wanted)
    around = context(old, new, pairs, others, configs)
    shared = {rel: new.load(kind_of(rel), rel) for rel in sorted(around - changed)}
    keys = {key for rel in shared if (key := entity_of(rel)) is not None}
    _lookup(old, new, keys.union(*(references(v.model) for v in shared.values())))
    labels = _labels(old, new)
    entities = [_entity_change(key, entries, old, new, labels) for key, entries in pairs.items()]
    result = DiffResult(old_label, new_label, [e for e in entities if e is not None] + others)
    result.introduced, result.fixed = findings(result.changes, old, new, shared, configs)
    result.changes.sort(key=lambda c: (ORDER.get(c.kind, 9), c.id))
    return result


def _lookup(old: State, new: State, keys: set[tuple[str, str]]) -> None:
    old.lookup(keys)
    new.lookup(keys)


def _configs(old: State, new: State, changed: set[str]) -> tuple[Version, Version]:
    after = new.load("config", CONFIG_FILE)
    before = old.load("config", CONFIG_FILE) if CONFIG_FILE in changed else after
    for version in (before, after):
        if version.text is None and version.model is None and any(f.code == "io" for f in version.findings):
            version.findings = []  # no ledger yet on that side: nothing to report about its settings
    return before, after


def _entity_change(
    key: tuple[str, str], entries: list[FileChange], old: State, new: State, labels: Labels
) -> EntityChange | None:
    gone = sorted(e.path for e in entries if e.status != "A")
    come = sorted(e.path for e in entries if e.status != "D")
    before = old.versions[gone[0]] if gone else None
    after = new.versions[come[0]] if come else None
    return entity_change(key[0], key[1], before, after, labels)


def entity_change(
    kind: str, entity_id: str, before: Version | None, after: Version | None, labels: Labels
) -> EntityChange | None:
    """What happened to one entity between two versions of its file (None: absent on that side)."""
    if after is None:
        if before is None:
            return None
        return EntityChange(
            kind, entity_id, "removed", before.path, title=title_of(before.model), old_problem=before.problem
        )
    if before is None:
        change = EntityChange(
            kind,
            entity_id,
            "added",
            after.path,
            title=title_of(after.model),
            new_problem=after.problem,
            brief=brief(kind, after.model, labels),
        )
        change.fields = diff_entity(kind, None, after.model, labels) if after.model is not None else []
        return change
    what = "modified" if before.path == after.path else "moved"
    change = EntityChange(
        kind,
        entity_id,
        what,
        after.path,
        before.path if what == "moved" else None,
        title=title_of(after.model) or title_of(before.model),
        old_problem=before.problem,
        new_problem=after.problem,
    )
    if before.model is not None and after.model is not None:
        change.fields = diff_entity(kind, before.model, after.model, labels)
    return change


def _labels(old: State, new: State) -> Labels:
    """Short names of the units the changed entities name (their files are read, a few at most)."""
    models = [v.model for state in (old, new) for v in state.versions.values() if v.model is not None]
    wanted = set().union(*(unit_refs(m) for m in models)) if models else set()
    names: dict[str, str] = {}
    for state in (old, new):
        for rel, version in state.versions.items():
            key = entity_of(rel)
            if key and key[0] == "units" and isinstance(version.model, Unit):
                names.setdefault(key[1], version.model.label)
    for unit_id in sorted(wanted - names.keys()):
        found: str | None = new.index().get(("units", unit_id))
        state = new
        if found is None:
            found, state = old.index().get(("units", unit_id)), old
        if found is not None:
            # Read aside, not into the state: these files take no part in the findings.
            try:
                model = read_version("units", found, state.read(found)).model
            except UnreadableFile:
                continue  # the unit keeps its id as its label
            if isinstance(model, Unit):
                names[unit_id] = model.label
    return Labels(names)


# --- which unchanged files a change can affect ---------------------------------------------------
