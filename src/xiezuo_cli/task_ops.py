"""Write operations on tasks: add, update (progress, actuals, status, deadline, extension), close."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from .amounts import money_text, parse_decimal
from .dates import iso
from .edit import Transaction
from .enums import TASK_FINISHED, TaskKind, TaskStatus
from .errors import XiezuoError
from .facts import effective_due
from .ids import ID_RE, next_id
from .models import Task
from .yamledit import append_item, delete_key, new_map, new_seq, set_key, siblings_flow

TASK_ORDER = list(Task.model_fields)
PROGRESS_ORDER = ["date", "text", "by", "actual", "evidence"]


@dataclass
class NewTask:
    title: str
    lead: list[str]
    kind: TaskKind = TaskKind.KEY_TASK
    support: list[str] = field(default_factory=list)
    due: date | None = None
    category: str | None = None
    source: str | None = None
    year: int | None = None
    start: date | None = None
    status: TaskStatus = TaskStatus.NOT_STARTED
    id: str | None = None


def add_task(tx: Transaction, new: NewTask, today: date) -> tuple[str, str]:
    """Create a task file; returns (id, summary)."""
    year = new.year or (new.due or today).year
    if new.id:
        tid, folder = new.id, f"tasks/{year}"
    else:
        same_kind = [(t, tx.ledger.paths[("tasks", t)]) for t, task in tx.ledger.tasks.items() if task.kind is new.kind]
        prefix, folder = (
            (f"{year}-D-", f"tasks/{year}/decisions")
            if new.kind is TaskKind.DECISION
            else (f"{year}-", f"tasks/{year}")
        )
        generated = next_id(same_kind, "tasks", year, prefix, folder)
        tid, folder = generated.id, generated.folder
    data: dict[str, Any] = {"title": new.title, "kind": new.kind.value}
    if new.category:
        data["category"] = new.category
    data["year"] = year
    if new.source:
        data["source"] = new.source
    data["lead"] = new_seq(list(new.lead), flow=True)
    if new.support:
        data["support"] = new_seq(list(new.support), flow=True)
    if new.start:
        data["start"] = new.start
    if new.due:
        data["due"] = new.due
    data["status"] = new.status.value
    if new.status in TASK_FINISHED:
        data["closed"] = today
    tx.create("tasks", tid, folder, new_map(data))
    return tid, f"新增任务 {tid}：{new.title}"


@dataclass
class TaskUpdate:
    status: TaskStatus | None = None
    due: date | None = None
    progress: str | None = None
    actuals: list[str] = field(default_factory=list)
    on: date | None = None
    by: str | None = None
    extend: date | None = None
    reason: str | None = None
    approved_by: str | None = None


def update_task(tx: Transaction, tid: str, change: TaskUpdate, today: date) -> str:
    """Apply an update; returns the Chinese summary of what changed."""
    doc = tx.edit("tasks", tid)
    task: Task = tx.ledger.tasks[tid]
    on = change.on or today
    said: list[str] = []
    if change.progress is not None or change.actuals:
        actual = build_actual(task, change.actuals, on)
        text = change.progress or "更新量化指标完成数：" + "，".join(
            f"{_target_name(task, k)} {_figure(v)}" for k, v in actual.items()
        )
        _append_progress(doc, on, text, change.by, actual)
        said.append(f"新增进展（{iso(on)}）")
    if change.status is not None and change.status is not task.status:
        set_key(doc, "status", change.status.value, TASK_ORDER)
        if change.status in TASK_FINISHED:
            set_key(doc, "closed", on, TASK_ORDER)
        else:
            delete_key(doc, "closed")
        said.append(f"状态 {task.status.label} → {change.status.label}")
    if change.due is not None and task.extensions:
        raise XiezuoError(
            f"任务 {tid} 已延期至 {iso(effective_due(task))}，完成时限以最后一次延期为准；"
            "调整时限请用 --extend 并说明原因"
        )
    if change.due is not None:
        set_key(doc, "due", change.due, TASK_ORDER)
        said.append(f"完成时限改为 {iso(change.due)}")
    if change.extend is not None:
        if not change.reason:
            raise XiezuoError("延期必须用 --reason 说明原因")
        current = effective_due(task)
        if current is not None and change.extend <= current:
            raise XiezuoError(f"延期后的完成时限 {iso(change.extend)} 应晚于当前完成时限 {iso(current)}")
        item: dict[str, Any] = {"date": on, "new_due": change.extend, "reason": change.reason}
        if change.approved_by:
            item["approved_by"] = change.approved_by
        append_item(doc, "extensions", new_map(item, flow=True), TASK_ORDER)
        said.append(f"延期至 {iso(change.extend)}")
    if not said:
        raise XiezuoError("没有要更新的内容：请给出 --progress、--actual、--status、--due 或 --extend")
    return f"任务 {tid}：" + "；".join(said)


def close_task(tx: Transaction, tid: str, on: date, note: str | None, cancel: bool) -> str:
    """销号: status done (or cancelled), closed set, the note appended as a progress entry."""
    doc = tx.edit("tasks", tid)
    task: Task = tx.ledger.tasks[tid]
    if task.status in TASK_FINISHED:
        raise XiezuoError(f"任务 {tid} 已于 {iso(task.closed)} {task.status.label}，不能重复销号")
    if task.start is not None and on < task.start:
        raise XiezuoError(f"销号日期 {iso(on)} 早于任务 {tid} 的开始日期 {iso(task.start)}，未写入（请检查 --date）")
    status = TaskStatus.CANCELLED if cancel else TaskStatus.DONE
    set_key(doc, "status", status.value, TASK_ORDER)
    set_key(doc, "closed", on, TASK_ORDER)
    if note:
        _append_progress(doc, on, note, None, {})
    return f"任务 {tid}：{'取消' if cancel else '销号'}（{iso(on)}）"


def _append_progress(doc: Any, on: date, text: str, by: str | None, actual: dict[str, Any]) -> None:
    entry: dict[str, Any] = {"date": on, "text": text}
    if by:
        entry["by"] = by
    if actual:
        entry["actual"] = new_map(
            {k: new_map(v, flow=True) if isinstance(v, dict) else v for k, v in actual.items()}, flow=True
        )
    append_item(doc, "progress", new_map(entry, flow=siblings_flow(doc, "progress")), TASK_ORDER)


def build_actual(task: Task, specs: list[str], on: date) -> dict[str, Decimal | dict[str, Decimal]]:
    """KEY=N (a total) and KEY.UNIT=N (per unit; other units carry their latest figure forward)."""
    totals: dict[str, Decimal] = {}
    per_unit: dict[str, dict[str, Decimal]] = {}
    keys = {t.key for t in task.targets}
    for spec in specs:
        name, sep, number = spec.partition("=")
        if not sep:
            raise XiezuoError(f"--actual “{spec}”格式应为 指标=数值 或 指标.单位=数值")
        key, dot, unit = name.strip().partition(".")
        if dot and not ID_RE.match(unit):
            raise XiezuoError(f"--actual “{spec}”：“{unit}”不是有效的单位编号（格式为 指标.单位=数值）")
        if key not in keys:
            known = "、".join(sorted(keys)) or "（本任务没有量化指标）"
            raise XiezuoError(f"指标“{key}”不是任务的量化指标，可选：{known}")
        try:
            value = parse_decimal(number, "完成数")
        except ValueError as exc:
            raise XiezuoError(str(exc)) from None
        if value < 0:
            raise XiezuoError(f"完成数不能为负数：{spec}")
        if dot:
            per_unit.setdefault(key, {})[unit] = value
        else:
            totals[key] = value
    both = set(totals) & set(per_unit)
    if both:
        raise XiezuoError(f"指标“{sorted(both)[0]}”不能同时给出合计和分县数")
    actual: dict[str, Decimal | dict[str, Decimal]] = dict(totals)
    for key, given in per_unit.items():
        actual[key] = {**_latest_by_unit(task, key, on), **given}
    return actual


def _latest_by_unit(task: Task, key: str, on: date) -> dict[str, Decimal]:
    latest: dict[str, Decimal] = {}
    latest_date: date | None = None
    for entry in task.progress:
        value = entry.actual.get(key)
        if isinstance(value, dict) and entry.date <= on and (latest_date is None or entry.date >= latest_date):
            latest, latest_date = dict(value), entry.date
    return latest


def _target_name(task: Task, key: str) -> str:
    return next((f"{t.name}" for t in task.targets if t.key == key), key)


def _figure(value: Decimal | dict[str, Decimal]) -> str:
    if isinstance(value, dict):
        return money_text(sum(value.values(), Decimal(0)))
    return money_text(value)
