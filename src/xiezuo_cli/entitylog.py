"""The history of one entity from git: every commit that touched its file, newest first, with the
semantic change of that commit. Moves between sub-folders are followed (the id is the file name,
so the file keeps its name); a rename that changed the id is followed too, like `git log --follow`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .changeset import entity_change
from .changestate import Version, entity_of, read_version
from .errors import XiezuoError
from .history import Commit, FileChange, History
from .ids import ID_RE
from .ledger import KINDS
from .models import Unit
from .semantic import KIND_ZH, EntityChange, Labels, unit_refs

MAX_RENAMES = 20


@dataclass(slots=True)
class LogEntry:
    commit: Commit
    change: EntityChange


@dataclass
class EntityLog:
    kind: str
    id: str
    title: str
    entries: list[LogEntry] = field(default_factory=list)


def entity_log(root: Path, entity_id: str, kind: str | None = None) -> EntityLog:
    if not ID_RE.match(entity_id):
        raise XiezuoError(f"“{entity_id}”不是有效编号（字母或数字开头，只含字母、数字和 . _ -）")
    hist = History(root)
    try:
        if not hist.has_commits():
            raise XiezuoError("仓库中还没有任何提交，没有历史可查")
        kind, segments = _find(hist, root, entity_id, kind)
        return _build(hist, kind, entity_id, segments)
    finally:
        hist.close()


Segment = tuple[str, list[Commit], dict[str, FileChange]]  # (file id, commits, rename sources by commit)


def _find(hist: History, root: Path, entity_id: str, kind: str | None) -> tuple[str, list[Segment]]:
    kinds = [kind] if kind else list(KINDS)
    found = {k: commits for k in kinds if (commits := hist.log(k, f"{entity_id}.yaml"))}
    if not found:
        what = KIND_ZH.get(kind, "条目") if kind else "条目"
        pending = any(next((root / k).rglob(f"{entity_id}.yaml"), None) for k in kinds if (root / k).is_dir())
        hint = "（它还没有提交过）" if pending else ""
        raise XiezuoError(f"在 git 历史中找不到编号为“{entity_id}”的{what}{hint}")
    if len(found) > 1:
        names = "、".join(KIND_ZH[k] for k in found)
        raise XiezuoError(f"编号“{entity_id}”同时是{names}的编号，请用 --kind 指定要看哪一个")
    kind, commits = next(iter(found.items()))
    segments: list[Segment] = [(entity_id, commits, {})]
    name = entity_id
    for _ in range(MAX_RENAMES):
        oldest = segments[-1][1][-1]
        mine = _touching(oldest, kind, name)
        if not mine or any(c.status != "A" for c in mine):
            break
        source = hist.renamed_from(oldest, kind, mine[0].path)
        key = entity_of(source.path) if source else None
        if source is None or key is None or key[1] == name or oldest.parent is None:
            break
        segments[-1][2][oldest.sha] = source
        name = key[1]
        earlier = hist.log(kind, f"{name}.yaml", start=oldest.parent)
        if not earlier:
            break
        segments.append((name, earlier, {}))
    return kind, segments


def _touching(commit: Commit, kind: str, name: str) -> list[FileChange]:
    return [c for c in commit.changes if entity_of(c.path) == (kind, name)]


def _build(hist: History, kind: str, entity_id: str, segments: list[Segment]) -> EntityLog:
    steps: list[tuple[Commit, Version | None, Version | None]] = []
    for name, commits, renames in segments:
        for commit in commits:
            mine = _touching(commit, kind, name)
            gone = sorted((c for c in mine if c.status != "A"), key=lambda c: c.path)
            come = sorted((c for c in mine if c.status != "D"), key=lambda c: c.path)
            if commit.sha in renames:
                gone = [renames[commit.sha]]
            if not gone and not come:
                continue
            before = _version(hist, kind, gone[0].path, gone[0].old_blob) if gone else None
            after = _version(hist, kind, come[0].path, come[0].new_blob) if come else None
            steps.append((commit, before, after))
    labels = _labels(hist, [v for _, a, b in steps for v in (a, b) if v is not None])
    log = EntityLog(kind, entity_id, "")
    for commit, before, after in steps:
        change = entity_change(kind, entity_id, before, after, labels)
        if change is None:
            continue
        if before is not None and after is not None and entity_of(before.path) != entity_of(after.path):
            change.change = "renamed"
            change.old_path = before.path
        log.entries.append(LogEntry(commit, change))
        if not log.title:
            log.title = change.title
    return log


def _version(hist: History, kind: str, rel: str, blob: str | None) -> Version:
    return read_version(kind, rel, hist.read_blob(blob) if blob else None)


def _labels(hist: History, versions: list[Version]) -> Labels:
    wanted: set[str] = set()
    for version in versions:
        if version.model is not None:
            wanted |= unit_refs(version.model)
    if not wanted:
        return Labels()
    index: dict[str, str] = {}
    for rel in hist.listing("HEAD", "units"):
        key = entity_of(rel)
        if key is not None and key[1] in wanted:
            index.setdefault(key[1], rel)
    names: dict[str, str] = {}
    for unit_id, rel in index.items():
        model = read_version("units", rel, hist.read("HEAD", rel)).model
        if isinstance(model, Unit):
            names[unit_id] = model.label
    return Labels(names)
