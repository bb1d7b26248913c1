"""The `check` findings a change brings or clears.

They are computed on a partial ledger of each state: every id it names is looked up in the
listing (cheap, no parsing), and besides the changed files only the files a change can affect are
parsed — units paired with a changed unit, tasks and meetings linked to a changed one, files that
mention an id that appeared or disappeared or an attachment that changed, and tasks whose category
becomes (in)valid when xiezuo.yaml changes. Findings that do not depend on the change are the same
in both states and cancel out, so only the difference is reported.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from pydantic import BaseModel

from .changestate import State, Version, entity_of
from .errors import Finding
from .history import FileChange
from .ledger import CONFIG_FILE, DEFAULT_CONFIG, KINDS, Ledger
from .models import Config, Meeting, Progress, Project, ProjectProgress, Task, Unit
from .rules import RULES, evidence
from .semantic import EntityChange, title_of
from .yamlio import locate


def context(
    old: State,
    new: State,
    pairs: dict[tuple[str, str], list[FileChange]],
    others: list[EntityChange],
    configs: tuple[Version, Version],
) -> set[str]:
    found: set[str] = set()
    appeared: dict[str, list[str]] = {"units": [], "tasks": [], "meetings": []}
    for kind, entity_id in pairs:
        if kind in appeared and ((kind, entity_id) in old.index()) != ((kind, entity_id) in new.index()):
            appeared[kind].append(entity_id)
    for state in (old, new):
        for version in list(state.versions.values()):
            found |= _linked(version.model, old, new)
    grep = new.hist.grep
    found |= grep(new.rev, appeared["units"], KINDS)
    found |= grep(new.rev, appeared["meetings"], ("tasks",))
    found |= grep(new.rev, appeared["tasks"], ("meetings",))
    attachments = [c.path for c in others if c.change != "modified"]
    found |= grep(new.rev, attachments, ("tasks", "projects"), whole_word=False)
    found |= _category_files(new, configs)
    return {rel for rel in found if entity_of(rel) is not None}


def _linked(model: BaseModel | None, old: State, new: State) -> set[str]:
    """Files whose findings depend on this entity: paired units, decision tasks, source meetings."""
    wanted: list[tuple[str, str]] = []
    if isinstance(model, Unit):
        wanted += [("units", u) for u in model.pairs]
    elif isinstance(model, Meeting):
        wanted += [("tasks", d.task) for d in model.decisions if d.task]
    elif isinstance(model, Task) and model.source:
        wanted.append(("meetings", model.source))
    return {rel for key in wanted for rel in (new.index().get(key), old.index().get(key)) if rel}


_CATEGORY = re.compile(r"^category:\s*(.*?)\s*(?:#.*)?$")


def _category_files(new: State, configs: tuple[Version, Version]) -> set[str]:
    before, after = (c.model.categories if isinstance(c.model, Config) else None for c in configs)
    if before == after:
        return set()
    found = set()
    for rel, line in new.hist.grep_lines(new.rev, r"^category:", ("tasks",)):
        match = _CATEGORY.match(line.strip())
        value = match.group(1).strip("'\"") if match else ""
        if (before is not None and value not in before) != (after is not None and value not in after):
            found.add(rel)
    return found


# --- findings ------------------------------------------------------------------------------------


def findings(
    changes: list[EntityChange], old: State, new: State, shared: dict[str, Version], configs: tuple[Version, Version]
) -> tuple[list[Finding], list[Finding]]:
    """(introduced, fixed) findings, each hung on its file's change; unchanged files that gain or
    lose findings are added to `changes` as 'affected'."""
    before = _check(old, shared, configs[0])
    after = _check(new, shared, configs[1])
    introduced = _minus(after, before)
    fixed = _minus(before, after)
    for state, found in ((new, introduced), (old, fixed)):
        for finding in found:
            version = state.versions.get(finding.path) or shared.get(finding.path)
            if not finding.line and version is not None and version.text is not None:
                finding.line, finding.col = locate(version.text, finding.loc)
    _attach(changes, introduced, fixed, old, new, shared)
    return introduced, fixed


def _minus(a: list[Finding], b: list[Finding]) -> list[Finding]:
    left = Counter(_finding_key(f) for f in b)
    out = []
    for f in a:
        key = _finding_key(f)
        if left[key]:
            left[key] -= 1
        else:
            out.append(f)
    return out


def _finding_key(f: Finding) -> tuple[str, str, str, str]:
    key = entity_of(f.path)
    return (f"{key[0]}:{key[1]}" if key else f.path, f.severity, f.code, f.message)


def _check(state: State, shared: dict[str, Version], config: Version) -> list[Finding]:
    """Findings of a partial ledger: every id from the listing, only the loaded files parsed."""
    model = config.model if isinstance(config.model, Config) else DEFAULT_CONFIG
    ledger = Ledger(root=state.hist.root, config=model, findings=[*config.findings, *state.listing.findings])
    ledger.paths = dict(state.listing.paths)
    loaded = {**shared, **state.versions}
    for rel, version in loaded.items():
        key = entity_of(rel)
        if key is None or ledger.paths.get(key) != rel:
            continue
        ledger.findings.extend(version.findings)
        if version.model is not None:
            ledger.table(key[0])[key[1]] = version.model
    for rule in RULES:
        if rule is evidence:
            ledger.findings.extend(_evidence_in(ledger, state.exists))
        else:
            ledger.findings.extend(rule(ledger))
    return ledger.findings


def _evidence_in(ledger: Ledger, exists: Callable[[str], bool]) -> Iterator[Finding]:
    """The evidence rule, asking the state (a commit's files, or the disk) whether a file exists."""
    entities: list[tuple[str, str, Task | Project]] = [("tasks", i, t) for i, t in ledger.tasks.items()]
    entities += [("projects", i, p) for i, p in ledger.projects.items()]
    for kind, entity_id, entity in entities:
        path = ledger.path_of(kind, entity_id)
        entries: list[Progress | ProjectProgress] = [*entity.progress]
        for p, entry in enumerate(entries):
            for e, rel in enumerate(entry.evidence):
                norm = posixpath.normpath(rel)
                loc = ("progress", p, "evidence", e)
                if rel.startswith("/") or norm == ".." or norm.startswith("../"):
                    yield Finding(path, "error", "evidence-outside", f"佐证材料“{rel}”不在台账目录内", loc)
                elif not exists(norm):
                    yield Finding(path, "error", "evidence-missing", f"佐证材料“{rel}”不存在", loc)


def _attach(
    changes: list[EntityChange],
    introduced: list[Finding],
    fixed: list[Finding],
    old: State,
    new: State,
    shared: dict[str, Version],
) -> None:
    by_path: dict[str, EntityChange] = {}
    for change in changes:
        by_path.setdefault(change.path, change)
        if change.old_path:
            by_path.setdefault(change.old_path, change)
    lists: list[tuple[list[Finding], Callable[[EntityChange], list[Any]]]] = [
        (introduced, lambda c: c.introduced),
        (fixed, lambda c: c.fixed),
    ]
    for found, target in lists:
        for finding in found:
            change = by_path.get(finding.path) or _affected(finding.path, old, new, shared)
            if finding.path not in by_path:
                by_path[finding.path] = change
                changes.append(change)
            target(change).append(finding)


def _affected(path: str, old: State, new: State, shared: dict[str, Version]) -> EntityChange:
    """An unchanged file whose findings changed because of other files."""
    key = entity_of(path)
    kind, entity_id = key if key else ("config" if path == CONFIG_FILE else "file", path)
    version = shared.get(path) or new.versions.get(path) or old.versions.get(path)
    return EntityChange(kind, entity_id, "affected", path, title=title_of(version.model) if version else "")
