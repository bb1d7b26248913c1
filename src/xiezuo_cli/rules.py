"""Cross-file checks. Each rule is a small function (ledger) -> findings, listed in RULES."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .checkcache import save_check, saved_check
from .errors import Finding, Loc, XiezuoError
from .ids import ID_RE
from .ledger import KINDS, Ledger, Progress, load, resolve_lines

Rule = Callable[[Ledger], Iterator[Finding]]


def _error(ledger: Ledger, kind: str, entity_id: str, code: str, message: str, loc: Loc) -> Finding:
    return Finding(ledger.path_of(kind, entity_id), "error", code, message, loc)


def _warning(ledger: Ledger, kind: str, entity_id: str, code: str, message: str, loc: Loc) -> Finding:
    return Finding(ledger.path_of(kind, entity_id), "warning", code, message, loc)


def _unit_refs(ledger: Ledger) -> Iterator[tuple[str, str, str, Loc]]:
    """(kind, id, unit id, loc) for every place that names a unit."""
    yield from _unit_refs_of_units(ledger)
    yield from _unit_refs_of_tasks(ledger)
    yield from _unit_refs_of_projects(ledger)
    yield from _unit_refs_of_meetings(ledger)


def _unit_refs_of_units(ledger: Ledger) -> Iterator[tuple[str, str, str, Loc]]:
    for uid, unit in ledger.units.items():
        if unit.parent:
            yield "units", uid, unit.parent, ("parent",)
        for i, other in enumerate(unit.pairs):
            yield "units", uid, other, ("pairs", i)


def _unit_refs_of_tasks(ledger: Ledger) -> Iterator[tuple[str, str, str, Loc]]:
    for tid, task in ledger.tasks.items():
        for role in ("lead", "support"):
            for i, ref in enumerate(getattr(task, role)):
                yield "tasks", tid, ref, (role, i)
        for t, target in enumerate(task.targets):
            for ref in target.breakdown:
                yield "tasks", tid, ref, ("targets", t, "breakdown", ref)
        for p, entry in enumerate(task.progress):
            if entry.by:
                yield "tasks", tid, entry.by, ("progress", p, "by")
            for key, value in entry.actual.items():
                for ref in value if isinstance(value, dict) else ():
                    yield "tasks", tid, ref, ("progress", p, "actual", key, ref)
        for e, ext in enumerate(task.extensions):
            if ext.approved_by:
                yield "tasks", tid, ext.approved_by, ("extensions", e, "approved_by")


def _unit_refs_of_projects(ledger: Ledger) -> Iterator[tuple[str, str, str, Loc]]:
    for pid, project in ledger.projects.items():
        yield "projects", pid, project.county, ("county",)
        if project.implementer:
            yield "projects", pid, project.implementer, ("implementer",)
        for p, entry in enumerate(project.progress):
            if entry.by:
                yield "projects", pid, entry.by, ("progress", p, "by")
        for c, change in enumerate(project.changes):
            if change.approved_by:
                yield "projects", pid, change.approved_by, ("changes", c, "approved_by")


def _unit_refs_of_meetings(ledger: Ledger) -> Iterator[tuple[str, str, str, Loc]]:
    for mid, meeting in ledger.meetings.items():
        for role in ("attendees", "invited"):
            for i, ref in enumerate(getattr(meeting, role)):
                if ID_RE.match(ref) and ref.isascii():
                    yield "meetings", mid, ref, (role, i)
        for d, decision in enumerate(meeting.decisions):
            for i, ref in enumerate(decision.lead):
                yield "meetings", mid, ref, ("decisions", d, "lead", i)


def unknown_units(ledger: Ledger) -> Iterator[Finding]:
    for kind, entity_id, ref, loc in _unit_refs(ledger):
        if ref not in ledger.units and (("units", ref) not in ledger.paths):
            yield _error(ledger, kind, entity_id, "ref-unit", f"单位“{ref}”不存在（units/ 下没有 {ref}.yaml）", loc)


def one_sided_pairs(ledger: Ledger) -> Iterator[Finding]:
    for uid, unit in ledger.units.items():
        for i, other in enumerate(unit.pairs):
            partner = ledger.units.get(other)
            if partner is not None and uid not in partner.pairs:
                yield _warning(
                    ledger,
                    "units",
                    uid,
                    "pair-one-sided",
                    f"与“{other}”的结对只在一方登记（{other} 的 pairs 中没有 {uid}）",
                    ("pairs", i),
                )


def categories(ledger: Ledger) -> Iterator[Finding]:
    allowed = ledger.config.categories
    if allowed is None:
        return
    for tid, task in ledger.tasks.items():
        if task.category is not None and task.category not in allowed:
            yield _error(
                ledger,
                "tasks",
                tid,
                "category",
                f"类别“{task.category}”不在 xiezuo.yaml 的类别清单中（{'、'.join(allowed)}）",
                ("category",),
            )


def targets_and_actuals(ledger: Ledger) -> Iterator[Finding]:
    for tid, task in ledger.tasks.items():
        keys: set[str] = set()
        for t, target in enumerate(task.targets):
            if target.key in keys:
                yield _error(
                    ledger, "tasks", tid, "target-key-duplicate", f"指标代码“{target.key}”重复", ("targets", t, "key")
                )
            keys.add(target.key)
            if target.breakdown and sum(target.breakdown.values()) != target.target:
                total = sum(target.breakdown.values())
                yield _warning(
                    ledger,
                    "tasks",
                    tid,
                    "breakdown-sum",
                    f"“{target.name}”分解合计 {total} 与目标值 {target.target} 不一致",
                    ("targets", t, "breakdown"),
                )
        for p, entry in enumerate(task.progress):
            for key in entry.actual:
                if key not in keys:
                    yield _error(
                        ledger,
                        "tasks",
                        tid,
                        "actual-key",
                        f"完成数中的指标“{key}”不是本任务的量化指标",
                        ("progress", p, "actual", key),
                    )


def disbursements(ledger: Ledger) -> Iterator[Finding]:
    for pid, project in ledger.projects.items():
        paid = sum((d.amount for d in project.disbursements), start=project.total * 0)
        if paid > project.total:
            yield _error(
                ledger,
                "projects",
                pid,
                "disbursement-exceeds",
                f"累计拨付 {paid} 万元超过资金总额 {project.total} 万元",
                ("disbursements",),
            )


def evidence(ledger: Ledger) -> Iterator[Finding]:
    root = ledger.root.resolve()
    places = [("tasks", tid, [p.evidence for p in t.progress]) for tid, t in ledger.tasks.items()]
    places += [("projects", pid, [p.evidence for p in pr.progress]) for pid, pr in ledger.projects.items()]
    for kind, entity_id, lists in places:
        for p, paths in enumerate(lists):
            for e, rel in enumerate(paths):
                loc: Loc = ("progress", p, "evidence", e)
                target = (root / rel).resolve()
                if Path(rel).is_absolute() or not target.is_relative_to(root):
                    yield _error(ledger, kind, entity_id, "evidence-outside", f"佐证材料“{rel}”不在台账目录内", loc)
                elif not target.is_file():
                    yield _error(ledger, kind, entity_id, "evidence-missing", f"佐证材料“{rel}”不存在", loc)


def meeting_links(ledger: Ledger) -> Iterator[Finding]:
    for mid, meeting in ledger.meetings.items():
        for d, decision in enumerate(meeting.decisions):
            if decision.task is None:
                continue
            task = ledger.tasks.get(decision.task)
            loc: Loc = ("decisions", d, "task")
            if task is None and ("tasks", decision.task) not in ledger.paths:
                yield _error(ledger, "meetings", mid, "ref-task", f"跟踪任务“{decision.task}”不存在", loc)
            elif task is not None and task.source != mid:
                yield _warning(
                    ledger,
                    "meetings",
                    mid,
                    "decision-link",
                    f"跟踪任务“{decision.task}”的来源 source 不是本会议“{mid}”",
                    loc,
                )


def task_sources(ledger: Ledger) -> Iterator[Finding]:
    for tid, task in ledger.tasks.items():
        source = task.source
        if source and source.isascii() and ID_RE.match(source) and not source.isdigit():
            if source not in ledger.meetings and ("meetings", source) not in ledger.paths:
                yield _error(ledger, "tasks", tid, "ref-meeting", f"来源会议“{source}”不存在", ("source",))


def dates_in_order(ledger: Ledger) -> Iterator[Finding]:
    """Extensions move a deadline later; work starts before its deadline and before it is closed or
    completed; a unit is not its own parent."""
    for tid, task in ledger.tasks.items():
        previous = task.due
        for e, ext in enumerate(task.extensions):
            if previous is not None and ext.new_due <= previous:
                yield _warning(
                    ledger,
                    "tasks",
                    tid,
                    "extension-earlier",
                    f"延期后的完成时限 {ext.new_due} 不晚于此前的 {previous}",
                    ("extensions", e, "new_due"),
                )
            previous = ext.new_due
        if task.start and task.due and task.start > task.due:
            yield _warning(
                ledger, "tasks", tid, "dates-order", f"开始日期 {task.start} 晚于完成时限 {task.due}", ("start",)
            )
        if task.start and task.closed and task.closed < task.start:
            yield _warning(
                ledger, "tasks", tid, "dates-order", f"销号日期 {task.closed} 早于开始日期 {task.start}", ("closed",)
            )
    for pid, project in ledger.projects.items():
        if project.start and project.completed and project.completed < project.start:
            message = f"完工日期 {project.completed} 早于开工日期 {project.start}"
            yield _warning(ledger, "projects", pid, "dates-order", message, ("completed",))
    for uid, unit in ledger.units.items():
        if unit.parent == uid:
            yield _error(ledger, "units", uid, "ref-unit", "上级单位不能是单位自己", ("parent",))


RULES: list[Rule] = [
    unknown_units,
    one_sided_pairs,
    categories,
    targets_and_actuals,
    disbursements,
    evidence,
    meeting_links,
    task_sources,
    dates_in_order,
]


def run_rules(ledger: Ledger) -> list[Finding]:
    findings: list[Finding] = []
    for rule in RULES:
        findings.extend(rule(ledger))
    return findings


def _evidence_paths(ledger: Ledger) -> list[str]:
    paths = {rel for t in ledger.tasks.values() for p in t.progress for rel in p.evidence}
    paths |= {rel for pr in ledger.projects.values() for p in pr.progress for rel in p.evidence}
    return sorted(paths)


def check(root: Path, progress: Progress | None = None, kinds: Iterable[str] = KINDS) -> Ledger:
    """Load the ledger (records of the given kinds) and its findings, sorted and located.

    When nothing changed since the last check, its findings are reused; otherwise every rule runs,
    which needs every kind.
    """
    ledger = load(root, progress=progress, kinds=kinds)
    digest = ledger.fingerprint
    saved = saved_check(root, digest)
    if saved is not None:
        ledger.findings = saved[1]
        return ledger
    if ledger.loaded != frozenset(KINDS):
        ledger = load(root, progress=progress)
    ledger.findings.extend(run_rules(ledger))
    resolve_lines(root, ledger.findings)
    ledger.findings.sort(key=lambda f: f.sort_key)
    save_check(root, digest, len(ledger.paths) + 1, ledger.findings, _evidence_paths(ledger))
    return ledger


def load_valid(root: Path, progress: Progress | None = None, kinds: Iterable[str] = KINDS) -> Ledger:
    """The checked ledger for commands that read it; refuses while the ledger has errors."""
    ledger = check(root, progress, kinds)
    errors = ledger.errors
    if errors:
        raise XiezuoError(f"台账有 {len(errors)} 处错误，请先修正（运行 xiezuo check 查看）", errors)
    return ledger
