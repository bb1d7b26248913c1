"""Filters, sorting and rows for the list commands. Pure: a ledger and a date in, plain data out."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from .enums import Light, ProjectStatus, Supervision, TaskKind, TaskStatus, UnitKind
from .facts import ProjectFacts, TaskFacts, effective_due, project_facts, task_facts, task_finished
from .ledger import Ledger

if TYPE_CHECKING:
    from .models import Project, Task
    from .tables import TaskHead


@dataclass
class TaskFilter:
    status: TaskStatus | None = None
    kind: TaskKind | None = None
    unit: str | None = None
    category: str | None = None
    year: int | None = None
    overdue: bool = False
    due_within: int | None = None
    light: Light | None = None
    supervised: bool = False
    open: bool = False


@dataclass
class ProjectFilter:
    county: str | None = None
    year: int | None = None
    status: ProjectStatus | None = None
    behind: bool = False
    supervised: bool = False
    light: Light | None = None
    open: bool = False


def _supervised(level: Supervision | None) -> bool:
    return level is not None and level is not Supervision.NONE


def _task_matches(task: Task | TaskHead, f: TaskFilter, today: date) -> bool:
    """The filters that need no derived facts but the deadline: checked first, as they are cheap."""
    if not (
        (f.status is None or task.status is f.status)
        and (f.kind is None or task.kind is f.kind)
        and (f.unit is None or f.unit in task.lead or f.unit in task.support)
        and (f.category is None or task.category == f.category)
        and (f.year is None or task.year == f.year)
        and (not f.supervised or _supervised(task.supervision))
    ):
        return False
    if not (f.open or f.overdue or f.due_within is not None):
        return True
    if task_finished(task, today):
        return False
    due = effective_due(task)
    if f.overdue and not (due is not None and due < today):
        return False
    return f.due_within is None or (due is not None and 0 <= (due - today).days <= f.due_within)


def tasks(ledger: Ledger, f: TaskFilter, today: date) -> Iterator[tuple[str, Task, TaskFacts]]:
    """Matching tasks, in id order. The cheap filters look at heads, so only the tasks they keep are decoded."""
    if f == TaskFilter(light=f.light):  # no cheap filter: every task is read anyway
        chosen = sorted(ledger.tasks)
    else:
        heads = ledger.tasks.heads()
        chosen = sorted(tid for tid, head in heads.items() if _task_matches(head, f, today))
    for tid in chosen:
        task = ledger.tasks[tid]
        facts = task_facts(task, ledger.config, today)
        if f.light is None or facts.standing.light is f.light:
            yield tid, task, facts


def projects(ledger: Ledger, f: ProjectFilter, today: date) -> Iterator[tuple[str, Project, ProjectFacts]]:
    for pid in sorted(ledger.projects):
        project = ledger.projects[pid]
        facts = project_facts(project, ledger.config, today)
        standing = facts.standing
        checks = [
            f.county is None or project.county == f.county,
            f.year is None or project.year == f.year,
            f.status is None or project.status is f.status,
            not f.behind or standing.overdue,
            not f.supervised or _supervised(project.supervision),
            f.light is None or standing.light is f.light,
            not f.open or not standing.finished,
        ]
        if all(checks):
            yield pid, project, facts


def task_row(tid: str, task: Task, facts: TaskFacts) -> dict[str, Any]:
    """SPEC §3 fields of `task list --format json`, plus the reasons of the light."""
    standing = facts.standing
    return {
        "id": tid,
        "title": task.title,
        "kind": task.kind.value,
        "category": task.category,
        "status": task.status.value,
        "lead": list(task.lead),
        "support": list(task.support),
        "due": standing.due,
        "closed": task.closed,
        "overdue": standing.overdue,
        "light": standing.light.value,
        "reasons": list(standing.reasons),
        "targets": [
            {"key": t.key, "name": t.name, "unit": t.unit, "target": t.target, "actual": t.actual, "rate": t.rate}
            for t in facts.targets
        ],
    }


def project_row(pid: str, project: Project, facts: ProjectFacts) -> dict[str, Any]:
    """SPEC §3 fields of `project list --format json`."""
    standing = facts.standing
    return {
        "id": pid,
        "name": project.name,
        "year": project.year,
        "county": project.county,
        "status": project.status.value,
        "funds": facts.total,
        "disbursed": facts.disbursed,
        "disbursement_rate": facts.disbursement_rate,
        "due": project.due,
        "completed": project.completed,
        "behind": standing.overdue,
        "light": standing.light.value,
        "reasons": list(standing.reasons),
    }


def units(ledger: Ledger, kind: UnitKind | None) -> Iterator[tuple[str, Any]]:
    for uid in sorted(ledger.units):
        unit = ledger.units[uid]
        if kind is None or unit.kind is kind:
            yield uid, unit


def unit_tasks(ledger: Ledger, uid: str) -> list[str]:
    return sorted(tid for tid, t in ledger.tasks.items() if uid in t.lead or uid in t.support)


def unit_projects(ledger: Ledger, uid: str) -> list[str]:
    return sorted(pid for pid, p in ledger.projects.items() if uid in (p.county, p.implementer))


def decisions_of_task(ledger: Ledger, tid: str) -> list[tuple[str, int, str]]:
    """(meeting id, decision number, text) of meeting decisions tracked by a task."""
    found = []
    for mid in sorted(ledger.meetings):
        for number, decision in enumerate(ledger.meetings[mid].decisions, 1):
            if decision.task == tid:
                found.append((mid, number, decision.text))
    return found
