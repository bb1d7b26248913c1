"""Pieces the bulletin and the minutes share: distribution lines, unit labels, deadlines, as-of statuses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import msgspec

from .dates import chinese
from .enums import PROJECT_FINISHED, TASK_FINISHED, ProjectStatus, TaskStatus
from .facts import ProjectFacts, Standing, TaskFacts
from .ledger import Ledger

if TYPE_CHECKING:
    from .models import Config, Project, Task

ZERO = Decimal(0)


class Count(msgspec.Struct, frozen=True):
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class Line:
    """A distribution line of the 版记: 报：市合作交流办，区委办。"""

    role: str
    units: str


class TargetRow(msgspec.Struct, frozen=True):
    task_id: str
    task: str
    name: str
    unit: str
    target: Decimal
    actual: Decimal
    rate: Decimal | None


def distribution(config: Config) -> list[Line]:
    return [Line(role, "，".join(units)) for role, units in config.bulletin.distribution.items() if units]


def unit_labels(ledger: Ledger, ids: list[str]) -> str:
    return "、".join(ledger.unit_label(uid) for uid in ids)


def deadline_text(standing: Standing, original: date | None) -> str:
    """2024年9月30日, or 2024年11月30日（原定2024年10月30日，已延期） when extended."""
    if standing.due is None:
        return "未定"
    text = chinese(standing.due)
    if standing.extended and original is not None and original != standing.due:
        text += f"（原定{chinese(original)}，已延期）"
    return text


def task_status_as_of(task: Task, facts: TaskFacts) -> TaskStatus:
    """A task closed after the report date was still under way on that date."""
    if task.status in TASK_FINISHED and not facts.standing.finished:
        return TaskStatus.IN_PROGRESS
    return task.status


def project_status_as_of(project: Project, facts: ProjectFacts) -> ProjectStatus:
    if project.status in PROJECT_FINISHED and not facts.standing.finished:
        return ProjectStatus.IN_PROGRESS
    return project.status


def task_target_rows(task_id: str, task: Task, facts: TaskFacts) -> list[TargetRow]:
    return [TargetRow(task_id, task.title, t.name, t.unit, t.target, t.actual or ZERO, t.rate) for t in facts.targets]
