"""What the monthly bulletin says, computed from the facts as of a date (SPEC §4).

The templates only loop and format; every figure, filter and sort order is decided here, so a
ledger's own template can change the wording without redoing the arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import msgspec

from .dates import month_end
from .enums import PROJECT_FINISHED, Light, ProjectStatus, TaskKind, TaskStatus
from .errors import XiezuoError
from .facts import ProjectFacts, TaskFacts, project_facts, rate, task_facts
from .ledger import Ledger
from .report_common import (
    ZERO,
    Count,
    Line,
    TargetRow,
    deadline_text,
    distribution,
    project_status_as_of,
    task_status_as_of,
    task_target_rows,
    unit_labels,
)
from .tables import ProjectSpan, TaskSpan

if TYPE_CHECKING:
    from .models import Config, Project, Task

UNCATEGORISED = "其他"
COMPLETED = frozenset({ProjectStatus.COMPLETED, ProjectStatus.ACCEPTED, ProjectStatus.AUDITED})


@dataclass(frozen=True, slots=True)
class TaskOverview:
    total: int
    by_kind: list[Count]
    by_status: list[Count]
    done: int
    overdue: int
    completion_rate: Decimal | None


@dataclass(frozen=True, slots=True)
class ProjectOverview:
    total: int
    by_status: list[Count]
    cancelled: int
    funding: Decimal
    disbursed: Decimal
    disbursement_rate: Decimal | None
    completed: int
    behind: int
    month_disbursed: Decimal
    completed_in_month: list[str]


# Rows built thousands of times for a province are msgspec Structs: ten times cheaper to build than
# frozen dataclasses. Monthly stays a dataclass: render() passes its fields to the template.
class Entry(msgspec.Struct, frozen=True):
    date: date
    text: str
    by: str
    evidence: str


class TaskItem(msgspec.Struct, frozen=True):
    id: str
    title: str
    kind: str
    status: str
    lead: str
    deadline: str
    light: str
    targets: list[TargetRow]
    entries: list[Entry]


@dataclass(frozen=True, slots=True)
class Category:
    name: str
    tasks: list[TaskItem]


class CountyRow(msgspec.Struct, frozen=True):
    name: str
    projects: int
    funding: Decimal
    disbursed: Decimal
    rate: Decimal | None
    completed: int
    behind: int


class Alert(msgspec.Struct, frozen=True):
    kind: str
    id: str
    title: str
    reasons: str
    owner_role: str
    owner: str
    deadline: str
    supervision: str


class DueItem(msgspec.Struct, frozen=True):
    kind: str
    id: str
    title: str
    owner_role: str
    owner: str
    due: date


@dataclass(frozen=True, slots=True)
class Monthly:
    title: str
    issue: int | None
    office: str
    issuer: str
    date: date
    year: int
    month: int
    tasks: TaskOverview
    targets: list[TargetRow]
    projects: ProjectOverview
    categories: list[Category]
    counties: list[CountyRow]
    county_total: CountyRow
    red: list[Alert]
    yellow: list[Alert]
    next_year: int
    next_month: int
    next_due: list[DueItem]
    distribution: list[Line]


# --- monthly bulletin ---------------------------------------------------------------------------


def as_of_date(year: int, month: int, today: date) -> date:
    """The month's last day, or today while the month is still running (SPEC §2)."""
    last = month_end(year, month)
    return today if date(year, month, 1) <= today <= last else last


def issue_number(config: Config, year: int, month: int) -> int | None:
    first = config.bulletin.first_month
    if first is None:
        return None
    first_year, first_month = (int(part) for part in first.split("-"))
    number = (year - first_year) * 12 + (month - first_month) + 1
    if number < 1:
        raise XiezuoError(
            f"{year}年{month}月早于通报第1期所在月份（xiezuo.yaml 中 bulletin.first_month: {first}），"
            "无法计算期数；请用 --issue 指定期数"
        )
    return number


def _in_scope(start: date | None, year: int | None, finished_on: date | None, as_of: date) -> bool:
    """This year's work plus what was carried over unfinished from earlier years."""
    if start is not None and start > as_of:
        return False
    if year is not None and year > as_of.year:
        return False
    return finished_on is None or finished_on >= date(as_of.year, 1, 1)


def _counts(labels: list[str], order: list[str]) -> list[Count]:
    return [Count(label, labels.count(label)) for label in order if label in labels]


@dataclass(frozen=True, slots=True)
class _Scope:
    tasks: dict[str, tuple[Task, TaskFacts]]
    projects: dict[str, tuple[Project, ProjectFacts]]


def _scope(ledger: Ledger, as_of: date) -> _Scope:
    """What the bulletin covers; chosen on the records' heads, so only those records are decoded."""
    spans = ledger.tasks.heads(TaskSpan)
    task_ids = sorted(tid for tid, span in spans.items() if _in_scope(span.start, span.year, span.closed, as_of))
    project_ids = sorted(
        pid
        for pid, head in ledger.projects.heads(ProjectSpan).items()
        if _in_scope(None, head.year, head.completed if head.status in PROJECT_FINISHED else None, as_of)
    )
    config = ledger.config
    tasks = {tid: (task, task_facts(task, config, as_of)) for tid in task_ids for task in (ledger.tasks[tid],)}
    projects = {pid: (p, project_facts(p, config, as_of)) for pid in project_ids for p in (ledger.projects[pid],)}
    return _Scope(tasks, projects)


def _task_overview(scope: _Scope) -> TaskOverview:
    statuses = [task_status_as_of(task, facts) for task, facts in scope.tasks.values()]
    kinds = [task.kind.label for task, _ in scope.tasks.values()]
    done = statuses.count(TaskStatus.DONE)
    counted = len(statuses) - statuses.count(TaskStatus.CANCELLED)
    return TaskOverview(
        total=len(statuses),
        by_kind=_counts(kinds, [k.label for k in TaskKind]),
        by_status=_counts([s.label for s in statuses], [s.label for s in TaskStatus]),
        done=done,
        overdue=sum(1 for _, facts in scope.tasks.values() if facts.standing.overdue),
        completion_rate=rate(Decimal(done), Decimal(counted)),
    )


def _project_overview(ledger: Ledger, scope: _Scope, first: date, as_of: date) -> ProjectOverview:
    live = [(p, f) for p, f in scope.projects.values() if project_status_as_of(p, f) is not ProjectStatus.CANCELLED]
    statuses = [project_status_as_of(p, f).label for p, f in live]
    funding = sum((f.total for _, f in live), ZERO)
    paid = sum((f.disbursed for _, f in live), ZERO)
    month_paid = sum((d.amount for p, _ in live for d in p.disbursements if first <= d.date <= as_of), ZERO)
    completed_in_month = [
        f"{p.name}（{ledger.unit_label(p.county)}）"
        for p, f in live
        if p.status in COMPLETED and f.standing.finished and p.completed is not None and p.completed >= first
    ]
    return ProjectOverview(
        total=len(live),
        by_status=_counts(statuses, [s.label for s in ProjectStatus]),
        cancelled=len(scope.projects) - len(live),
        funding=funding,
        disbursed=paid,
        disbursement_rate=rate(paid, funding),
        completed=sum(1 for p, f in live if p.status in COMPLETED and f.standing.finished),
        behind=sum(1 for _, f in live if f.standing.overdue),
        month_disbursed=month_paid,
        completed_in_month=completed_in_month,
    )


def _entries(ledger: Ledger, task: Task, first: date, as_of: date) -> list[Entry]:
    chosen = sorted((p for p in task.progress if first <= p.date <= as_of), key=lambda p: p.date)
    return [
        Entry(
            p.date,
            p.text,
            ledger.unit_label(p.by) if p.by else "",
            "、".join(path.rsplit("/", 1)[-1] for path in p.evidence),
        )
        for p in chosen
    ]


def _categories(
    ledger: Ledger, scope: _Scope, rows: dict[str, list[TargetRow]], first: date, as_of: date
) -> list[Category]:
    grouped: dict[str, list[TaskItem]] = {}
    rank = {kind: number for number, kind in enumerate(TaskKind)}
    ordered = sorted(scope.tasks.items(), key=lambda pair: (rank[pair[1][0].kind], pair[0]))
    for tid, (task, facts) in ordered:
        if task.closed is not None and facts.standing.finished and task.closed < first:
            continue  # finished in an earlier month: nothing to report
        item = TaskItem(
            id=tid,
            title=task.title,
            kind=task.kind.label,
            status=task_status_as_of(task, facts).label,
            lead=unit_labels(ledger, task.lead),
            deadline=deadline_text(facts.standing, task.due),
            light=facts.standing.light.label,
            targets=rows[tid],
            entries=_entries(ledger, task, first, as_of),
        )
        grouped.setdefault(task.category or UNCATEGORISED, []).append(item)
    order = [c for c in (ledger.config.categories or []) if c in grouped]
    order += sorted(c for c in grouped if c not in order and c != UNCATEGORISED)
    if UNCATEGORISED in grouped and UNCATEGORISED not in order:
        order.append(UNCATEGORISED)
    return [Category(name, grouped[name]) for name in order]


def _counties(ledger: Ledger, scope: _Scope) -> tuple[list[CountyRow], CountyRow]:
    by_county: dict[str, list[tuple[Project, ProjectFacts]]] = {}
    for project, facts in scope.projects.values():
        if project_status_as_of(project, facts) is not ProjectStatus.CANCELLED:
            by_county.setdefault(project.county, []).append((project, facts))
    unit_order = list(ledger.units)
    counties = sorted(by_county, key=lambda uid: (unit_order.index(uid) if uid in unit_order else len(unit_order), uid))
    rows = [_county_row(ledger.unit_label(uid), by_county[uid]) for uid in counties]
    total = _county_row("合计", [pair for uid in counties for pair in by_county[uid]])
    return rows, total


def _county_row(name: str, projects: list[tuple[Project, ProjectFacts]]) -> CountyRow:
    funding = sum((f.total for _, f in projects), ZERO)
    paid = sum((f.disbursed for _, f in projects), ZERO)
    return CountyRow(
        name=name,
        projects=len(projects),
        funding=funding,
        disbursed=paid,
        rate=rate(paid, funding),
        completed=sum(1 for p, f in projects if p.status in COMPLETED and f.standing.finished),
        behind=sum(1 for _, f in projects if f.standing.overdue),
    )


def _alerts(ledger: Ledger, scope: _Scope) -> dict[Light, list[Alert]]:
    """Red and yellow items, most overdue first, then by deadline and id."""
    found: dict[Light, list[tuple[int, date, str, Alert]]] = {Light.RED: [], Light.YELLOW: []}
    for tid, (task, tf) in scope.tasks.items():
        standing = tf.standing
        if standing.light in found:
            alert = Alert(
                "任务",
                tid,
                task.title,
                "；".join(standing.reasons),
                "牵头单位",
                unit_labels(ledger, task.lead),
                deadline_text(standing, task.due),
                _supervision(task),
            )
            found[standing.light].append((-standing.overdue_days, standing.due or date.max, tid, alert))
    for pid, (project, pf) in scope.projects.items():
        standing = pf.standing
        if standing.light in found:
            owner = ledger.unit_label(project.county)
            if project.implementer:
                owner += f"（实施单位：{ledger.unit_label(project.implementer)}）"
            alert = Alert(
                "项目",
                pid,
                project.name,
                "；".join(standing.reasons),
                "所在地",
                owner,
                deadline_text(standing, project.due),
                _supervision(project),
            )
            found[standing.light].append((-standing.overdue_days, standing.due or date.max, pid, alert))
    return {light: [row[3] for row in sorted(rows, key=lambda row: row[:3])] for light, rows in found.items()}


def _supervision(item: Task | Project) -> str:
    level = item.supervision
    return "" if level is None or level.value == "none" else f"{level.label}督办"


def _next_due(ledger: Ledger, scope: _Scope, year: int, month: int) -> list[DueItem]:
    first, last = date(year, month, 1), month_end(year, month)
    items: list[DueItem] = []
    for tid, (task, tf) in scope.tasks.items():
        due = tf.standing.due
        if not tf.standing.finished and due is not None and first <= due <= last:
            items.append(DueItem("任务", tid, task.title, "牵头单位", unit_labels(ledger, task.lead), due))
    for pid, (project, pf) in scope.projects.items():
        due = pf.standing.due
        if not pf.standing.finished and due is not None and first <= due <= last:
            items.append(DueItem("项目", pid, project.name, "所在地", ledger.unit_label(project.county), due))
    return sorted(items, key=lambda item: (item.due, item.kind != "任务", item.id))


def monthly_context(ledger: Ledger, year: int, month: int, today: date, issue: int | None = None) -> Monthly:
    as_of = as_of_date(year, month, today)
    first = date(year, month, 1)
    scope = _scope(ledger, as_of)
    counties, county_total = _counties(ledger, scope)
    next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    config = ledger.config
    rows = {tid: task_target_rows(tid, task, facts) for tid, (task, facts) in scope.tasks.items()}
    alerts = _alerts(ledger, scope)
    return Monthly(
        title=config.bulletin.title,
        issue=issue if issue is not None else issue_number(config, year, month),
        office=config.office,
        issuer=config.short or config.office,
        date=as_of,
        year=year,
        month=month,
        tasks=_task_overview(scope),
        targets=[row for task_rows in rows.values() for row in task_rows],
        projects=_project_overview(ledger, scope, first, as_of),
        categories=_categories(ledger, scope, rows, first, as_of),
        counties=counties,
        county_total=county_total,
        red=alerts[Light.RED],
        yellow=alerts[Light.YELLOW],
        next_year=next_year,
        next_month=next_month,
        next_due=_next_due(ledger, scope, next_year, next_month),
        distribution=distribution(config),
    )
