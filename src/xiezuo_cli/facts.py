"""Derived facts as of a date (SPEC §2). Pure functions: no I/O, no clock."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

import msgspec

from .enums import PROJECT_FINISHED, TASK_FINISHED, Light

if TYPE_CHECKING:
    from .models import Config, Extension, Project, Target, Task
    from .tables import ProjectHead, TaskHead

ZERO = Decimal(0)
ONE = Decimal(1)
RATE_STEP = Decimal("0.0001")


def rate(part: Decimal | None, whole: Decimal) -> Decimal | None:
    """part / whole as a fraction rounded to 4 places (0.6667); None when whole is 0."""
    if whole == 0:
        return None
    value = ((part or ZERO) / whole).quantize(RATE_STEP, rounding=ROUND_HALF_UP).normalize()
    return value.quantize(Decimal(1)) if value.as_tuple().exponent > 0 else value  # type: ignore[operator]


def percent(value: Decimal | None) -> str:
    """0.6425 → '64.3%'; None → '—'."""
    if value is None:
        return "—"
    shown = (value * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = format(shown, "f")
    return (text[:-2] if text.endswith(".0") else text) + "%"


class TargetFact(msgspec.Struct, frozen=True):
    key: str
    name: str
    unit: str
    target: Decimal
    actual: Decimal | None
    by_unit: dict[str, Decimal]
    rate: Decimal | None
    as_of: date | None
    breakdown: dict[str, Decimal]


class Standing(msgspec.Struct, frozen=True):
    """Where a task or project stands as of a date: finished, deadline, overdue and the light."""

    finished: bool
    due: date | None
    extended: bool
    overdue: bool
    overdue_days: int
    light: Light
    reasons: tuple[str, ...] = ()
    last_progress: date | None = None


class TaskFacts(msgspec.Struct, frozen=True):
    standing: Standing
    targets: list[TargetFact] = msgspec.field(default_factory=list)


class ProjectFacts(msgspec.Struct, frozen=True):
    standing: Standing
    total: Decimal
    disbursed: Decimal
    disbursement_rate: Decimal | None


def effective_due(task: Task | Project | TaskHead) -> date | None:
    """The deadline after extensions: the new_due of the latest extension, else due."""
    extensions: list[Extension] = getattr(task, "extensions", [])  # projects have none
    latest = None
    for extension in extensions:
        if latest is None or extension.date >= latest.date:
            latest = extension
    return latest.new_due if latest is not None else task.due


def task_finished(task: Task | TaskHead, today: date) -> bool:
    return task.status in TASK_FINISHED and task.closed is not None and task.closed <= today


def project_finished(project: Project | ProjectHead, today: date) -> bool:
    return project.status in PROJECT_FINISHED and project.completed is not None and project.completed <= today


def target_fact(task: Task, target: Target, today: date) -> TargetFact:
    """The actual of a target is taken from the latest progress entry dated ≤ today that mentions it."""
    latest = None
    for entry in task.progress:  # the last of the latest date wins, as in the file's order
        if entry.date <= today and target.key in entry.actual and (latest is None or entry.date >= latest.date):
            latest = entry
    actual: Decimal | None = None
    by_unit: dict[str, Decimal] = {}
    as_of: date | None = None
    if latest is not None:
        value = latest.actual[target.key]
        as_of = latest.date
        if isinstance(value, dict):
            by_unit = dict(value)
            actual = sum(value.values(), ZERO)
        else:
            actual = value
    return TargetFact(
        key=target.key,
        name=target.name,
        unit=target.unit,
        target=target.target,
        actual=actual,
        by_unit=by_unit,
        rate=rate(actual, target.target),
        as_of=as_of,
        breakdown=dict(target.breakdown),
    )


def _start_of(task: Task) -> date | None:
    if task.start is not None:
        return task.start
    return date(task.year, 1, 1) if task.year else None


def _lagging(task: Task, facts: list[TargetFact], due: date | None, today: date, tolerance: Decimal) -> list[str]:
    start = _start_of(task)
    if not facts or start is None or due is None or due <= start or today <= start:
        return []
    elapsed = min(Decimal((today - start).days) / Decimal((due - start).days), ONE)
    lagging = [f for f in facts if f.rate is not None and elapsed - f.rate > tolerance]
    if not lagging:
        return []
    schedule = percent(rate(elapsed, ONE))
    return [f"“{f.name}”完成{percent(f.rate)}，滞后序时进度{schedule}" for f in lagging]


def _standing(
    *,
    finished: bool,
    due: date | None,
    extended: bool,
    progress_dates: list[date],
    today: date,
    config: Config,
    lag_reasons: list[str],
) -> Standing:
    past = [d for d in progress_dates if d <= today]
    last = max(past) if past else None
    if finished:
        return Standing(True, due, extended, False, 0, Light.DONE, (), last)
    reasons: list[str] = []
    if due is not None and due < today:
        days = (today - due).days
        reasons.append(f"逾期{days}天")
        light = Light.RED
    else:
        days = 0
        light = Light.GREEN
        if due is not None and (due - today).days <= config.due_soon_days:
            left = (due - today).days
            reasons.append("今日到期" if left == 0 else f"{left}天内到期")
        if last is None:
            reasons.append("尚无进展记录")
        elif (today - last).days > config.stale_days:
            reasons.append(f"{(today - last).days}天无进展")
        reasons.extend(lag_reasons)
        if reasons:
            light = Light.YELLOW
    if reasons and extended and due is not None:
        reasons.append(f"已延期至{due.year}年{due.month}月{due.day}日")
    return Standing(False, due, extended, light == Light.RED, days, light, tuple(reasons), last)


def task_facts(task: Task, config: Config, today: date) -> TaskFacts:
    targets = [target_fact(task, target, today) for target in task.targets]
    due = effective_due(task)
    finished = task_finished(task, today)
    lag = [] if finished else _lagging(task, targets, due, today, config.lag_tolerance)
    standing = _standing(
        finished=finished,
        due=due,
        extended=bool(task.extensions),
        progress_dates=[p.date for p in task.progress],
        today=today,
        config=config,
        lag_reasons=lag,
    )
    return TaskFacts(standing, targets)


def disbursed(project: Project, today: date) -> Decimal:
    return sum((d.amount for d in project.disbursements if d.date <= today), ZERO)


def project_facts(project: Project, config: Config, today: date) -> ProjectFacts:
    paid = disbursed(project, today)
    total = project.total
    standing = _standing(
        finished=project_finished(project, today),
        due=project.due,
        extended=False,
        progress_dates=[p.date for p in project.progress],
        today=today,
        config=config,
        lag_reasons=[],
    )
    return ProjectFacts(standing, total, paid, rate(paid, total))
