"""Reading a change to a task: status and closing, deadlines and extensions, progress with the
figures it brings, targets and their breakdown. The status, date and progress readings serve
projects too (semantic_kinds.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from .amounts import money_text
from .dates import chinese
from .enums import PROJECT_FINISHED, TASK_FINISHED
from .facts import ZERO, percent, rate
from .models import Progress, Project, Task
from .semantic import FieldChange, Labels, generic, match, plain, removals


def status_change(kind: str, old: Task | Project | None, new: Task | Project, out: list[FieldChange]) -> None:
    finished = TASK_FINISHED if kind == "tasks" else PROJECT_FINISHED
    if old is not None and old.status == new.status:
        return
    if old is None:
        out.append(FieldChange("status", None, new.status, f"状态：{new.status.label}", "status", label="状态"))
        return
    text = f"{old.status.label} → {new.status.label}"
    topic = "status"
    if new.status in finished and old.status not in finished:
        topic = "close"
        if kind == "tasks":
            text += "（取消）" if new.status.value == "cancelled" else "（销号）"
    out.append(FieldChange("status", old.status, new.status, f"状态：{text}", topic, label="状态", headline=text))


def date_change(name: str, label: str, old: date | None, new: date | None, out: list[FieldChange], topic: str) -> None:
    if old == new:
        return
    if old is None:
        text = f"{label}：{chinese(new)}" if new else ""
    elif new is None:
        text = f"删除{label}（原为{chinese(old)}）"
    else:
        days = (new - old).days
        shift = f"推迟{days}天" if days > 0 else f"提前{-days}天"
        text = f"{label}：{chinese(old)} → {chinese(new)}（{shift}）"
    headline = text if topic == "due" and old is not None else ""
    out.append(FieldChange(name, old, new, text, topic, label=label, headline=headline))


def _extensions(old: Task | None, new: Task, labels: Labels, out: list[FieldChange]) -> None:
    before = old.extensions if old else []
    pairs, added, removed = match(before, new.extensions, lambda e: e.date)
    for j in sorted(added, key=lambda j: (new.extensions[j].date, j)):
        ext = new.extensions[j]
        prev = _due_before(new, j)
        parts = [f"登记于{chinese(ext.date)}"]
        if ext.reason:
            parts.append(f"原因：{ext.reason}")
        if ext.approved_by:
            parts.append(f"批准：{labels.unit(ext.approved_by)}")
        was = f"由{chinese(prev)}" if prev else ""
        verb = "调整为" if prev and ext.new_due < prev else "延至"  # an "extension" that brings it forward
        text = f"延期：完成时限{was}{verb}{chinese(ext.new_due)}（{'；'.join(parts)}）"
        out.append(
            FieldChange(
                f"extensions[{j}]",
                None,
                plain(ext),
                text,
                "extension",
                label="延期",
                headline=f"延期至{chinese(ext.new_due)}",
            )
        )
    out += removals(
        lambda i, _: f"extensions[{i}]",
        before,
        removed,
        lambda ext: f"删除延期记录（延至{chinese(ext.new_due)}）",
        "extension",
        "延期",
        "删除延期记录",
    )
    for i, j in pairs:
        for change in generic(("extensions", j), plain(before[i]), plain(new.extensions[j]), labels):
            change.text = change.text.replace("延期", f"延期（{chinese(new.extensions[j].date)}）", 1)
            out.append(change)


def _due_before(task: Task, index: int) -> date | None:
    """The deadline in force just before extension `index` was granted."""
    this = task.extensions[index]
    earlier = [(e.date, k, e) for k, e in enumerate(task.extensions) if (e.date, k) < (this.date, index)]
    return max(earlier, key=lambda t: (t[0], t[1]))[2].new_due if earlier else task.due


def progress_changes(old: Task | Project | None, new: Task | Project, labels: Labels, out: list[FieldChange]) -> None:
    before: list[Any] = list(old.progress) if old else []
    after: list[Any] = list(new.progress)
    pairs, added, removed = match(before, after, lambda p: p.date)
    for j in sorted(added, key=lambda j: (after[j].date, j)):
        entry = after[j]
        by = f"，{labels.unit(entry.by)}" if entry.by else ""
        details = _figures(new, j, labels) if isinstance(new, Task) else []
        if entry.evidence:
            details.append("佐证材料：" + "、".join(entry.evidence))
        out.append(
            FieldChange(
                f"progress[{j}]",
                None,
                plain(entry),
                f"新增进展（{chinese(entry.date)}{by}）：{entry.text}",
                "progress",
                details,
                label="进展",
                count=1,
            )
        )
    out += removals(
        lambda i, _: f"progress[{i}]",
        before,
        removed,
        lambda p: f"删除进展（{chinese(p.date)}）：{p.text}",
        "progress",
        "进展",
        "删除进展",
    )
    for i, j in pairs:
        for change in generic(("progress", j), plain(before[i]), plain(after[j]), labels):
            change.text = change.text.replace("进展", f"进展（{chinese(after[j].date)}）", 1)
            change.headline = "修改进展"
            out.append(change)


def _figures(task: Task, index: int, labels: Labels) -> list[str]:
    """The figures a progress entry brings: cumulative actual per target, by county, rate, before."""
    entry: Progress = task.progress[index]
    targets = {t.key: t for t in task.targets}
    lines = []
    for key, value in entry.actual.items():
        target = targets.get(key)
        unit = target.unit if target else ""
        total = sum(value.values(), ZERO) if isinstance(value, dict) else value
        line = f"{target.name if target else key}：累计 {money_text(total)}{unit}"
        if isinstance(value, dict):
            line += "（" + "、".join(f"{labels.unit(u)} {money_text(v)}" for u, v in value.items()) + "）"
        if target is not None:
            line += f"，目标 {money_text(target.target)}{unit}，完成率 {percent(rate(total, target.target))}"
        previous = _previous_actual(task, index, key)
        if previous is not None:
            line += f"（此前 {money_text(previous)}{unit}）"
        lines.append(line)
    return lines


def _previous_actual(task: Task, index: int, key: str) -> Decimal | None:
    this = task.progress[index]
    earlier = [
        (p.date, k, p)
        for k, p in enumerate(task.progress)
        if key in p.actual and k != index and (p.date, k) < (this.date, index)
    ]
    if not earlier:
        return None
    value = max(earlier, key=lambda t: (t[0], t[1]))[2].actual[key]
    return sum(value.values(), ZERO) if isinstance(value, dict) else value


def _targets(old: Task | None, new: Task, labels: Labels, out: list[FieldChange]) -> None:
    before = old.targets if old else []
    pairs, added, removed = match(before, new.targets, lambda t: t.key)
    for j in added:
        t = new.targets[j]
        text = f"新增量化指标：{t.name}，目标 {money_text(t.target)}{t.unit}"
        details = ["分解：" + _by_unit(t.breakdown, labels, t.unit)] if t.breakdown else []
        out.append(
            FieldChange(
                f"targets[{t.key}]",
                None,
                plain(t),
                text,
                "target",
                details,
                label="量化指标",
                headline="新增量化指标" if old else "",
            )
        )
    out += removals(
        lambda _, t: f"targets[{t.key}]",
        before,
        removed,
        lambda t: f"删除量化指标：{t.name}",
        "target",
        "量化指标",
        "删除量化指标",
    )
    for i, j in pairs:
        a, b = before[i], new.targets[j]
        name = f"指标“{b.name}”"
        if a.target != b.target:
            out.append(
                FieldChange(
                    f"targets[{b.key}].target",
                    a.target,
                    b.target,
                    f"{name}目标值：{money_text(a.target)} → {money_text(b.target)}{b.unit}",
                    "target",
                    label="量化指标",
                    headline="调整目标值",
                )
            )
        if a.breakdown != b.breakdown:
            out.append(
                FieldChange(
                    f"targets[{b.key}].breakdown",
                    dict(a.breakdown),
                    dict(b.breakdown),
                    f"{name}分解：{_breakdown_change(a.breakdown, b.breakdown, labels)}",
                    "target",
                    label="量化指标",
                    headline="调整指标分解",
                )
            )
        for key in ("name", "unit"):
            if getattr(a, key) != getattr(b, key):
                text = f"{name}{'名称' if key == 'name' else '计量单位'}：{getattr(a, key)} → {getattr(b, key)}"
                out.append(
                    FieldChange(
                        f"targets[{b.key}].{key}",
                        getattr(a, key),
                        getattr(b, key),
                        text,
                        "target",
                        label="量化指标",
                        headline="调整量化指标",
                    )
                )


def _by_unit(values: dict[str, Decimal], labels: Labels, unit: str = "") -> str:
    return "、".join(f"{labels.unit(u)} {money_text(v)}{unit}" for u, v in values.items())


def _breakdown_change(a: dict[str, Decimal], b: dict[str, Decimal], labels: Labels) -> str:
    parts = []
    for u in [*a, *(k for k in b if k not in a)]:
        if u not in b:
            parts.append(f"去掉{labels.unit(u)}（原 {money_text(a[u])}）")
        elif u not in a:
            parts.append(f"{labels.unit(u)} 新增 {money_text(b[u])}")
        elif a[u] != b[u]:
            parts.append(f"{labels.unit(u)} {money_text(a[u])} → {money_text(b[u])}")
    return "；".join(parts)


def task(old: Task | None, new: Task, labels: Labels, out: list[FieldChange]) -> set[str]:
    status_change("tasks", old, new, out)
    date_change("closed", "销号日期", old.closed if old else None, new.closed, out, "closed")
    date_change("due", "完成时限", old.due if old else None, new.due, out, "due")
    _extensions(old, new, labels, out)
    _targets(old, new, labels, out)
    progress_changes(old, new, labels, out)
    return {"status", "closed", "due", "extensions", "targets", "progress"}
