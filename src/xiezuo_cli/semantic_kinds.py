"""Kind-specific readings of a change: projects (disbursements, funding), unit renames, meeting
decisions; tasks are read in semantic_tasks.py.

Each handler appends FieldChanges and returns the top-level keys it has dealt with; semantic.py
compares every other key generically.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from .amounts import money_text
from .dates import chinese
from .facts import disbursed, effective_due, percent, rate
from .models import Decision, Meeting, Project, Task, Unit
from .semantic import FieldChange, Labels, generic, match, money, plain, removals, show
from .semantic_tasks import date_change, progress_changes, status_change, task

Handler = Callable[[Any, Any, Labels, list[FieldChange]], set[str]]


def _disbursements(old: Project | None, new: Project, out: list[FieldChange]) -> None:
    before = old.disbursements if old else []
    pairs, added, removed = match(before, new.disbursements, lambda d: d.date)
    for j in sorted(added, key=lambda j: (new.disbursements[j].date, j)):
        d = new.disbursements[j]
        paid = disbursed(new, d.date)
        note = f"，{d.note}" if d.note else ""
        text = (
            f"新增拨付 {money(d.amount)}（{chinese(d.date)}{note}），累计拨付 {money(paid)}，"
            f"拨付率 {percent(rate(paid, new.total))}"
        )
        out.append(
            FieldChange(f"disbursements[{j}]", None, plain(d), text, "disbursement", label="拨付", amount=d.amount)
        )
    for i in removed:
        d = before[i]
        out.append(
            FieldChange(
                f"disbursements[{i}]",
                plain(d),
                None,
                f"删除拨付 {money(d.amount)}（{chinese(d.date)}）",
                "disbursement",
                label="拨付",
                amount=-d.amount,
                headline="删除拨付记录",
            )
        )
    for i, j in pairs:
        a, b = before[i], new.disbursements[j]
        if a.amount != b.amount:
            text = f"拨付（{chinese(b.date)}）金额：{money_text(a.amount)} → {money(b.amount)}"
            out.append(
                FieldChange(
                    f"disbursements[{j}].amount",
                    a.amount,
                    b.amount,
                    text,
                    "disbursement",
                    label="拨付",
                    amount=b.amount - a.amount,
                )
            )
        if a.note != b.note:
            out.append(
                FieldChange(
                    f"disbursements[{j}].note",
                    a.note,
                    b.note,
                    f"拨付（{chinese(b.date)}）备注：{show(a.note)} → {show(b.note)}",
                    label="拨付",
                )
            )


def _funding(old: Project | None, new: Project, out: list[FieldChange]) -> None:
    if old is None:
        lines = "、".join(f"{f.source} {money(f.amount)}" for f in new.funding)
        out.append(
            FieldChange(
                "funding", None, plain(new.funding), f"资金：{lines}；合计 {money(new.total)}", "funding", label="资金"
            )
        )
        return
    pairs, added, removed = match(old.funding, new.funding, lambda f: f.source)
    for j in added:
        f = new.funding[j]
        out.append(
            FieldChange(
                f"funding[{j}]", None, plain(f), f"新增资金：{f.source} {money(f.amount)}", "funding", label="资金"
            )
        )
    for i in removed:
        f = old.funding[i]
        out.append(
            FieldChange(
                f"funding[{i}]", plain(f), None, f"删除资金：{f.source} {money(f.amount)}", "funding", label="资金"
            )
        )
    for i, j in pairs:
        a, b = old.funding[i], new.funding[j]
        out.append(
            FieldChange(
                f"funding[{j}].amount",
                a.amount,
                b.amount,
                f"资金“{b.source}”：{money_text(a.amount)} → {money(b.amount)}",
                "funding",
                label="资金",
            )
        )
    if old.total != new.total:
        text = f"资金总额：{money_text(old.total)} → {money(new.total)}"
        out.append(FieldChange("funding", old.total, new.total, text, "funding", label="资金", headline=text))
    elif added or removed:
        out[-1].headline = "调整资金来源"


def project(old: Project | None, new: Project, labels: Labels, out: list[FieldChange]) -> set[str]:
    status_change("projects", old, new, out)
    date_change("completed", "完工日期", old.completed if old else None, new.completed, out, "closed")
    date_change("due", "计划完工", old.due if old else None, new.due, out, "due")
    _funding(old, new, out)
    _disbursements(old, new, out)
    progress_changes(old, new, labels, out)
    before = old.changes if old else []
    pairs, added, removed = match(before, new.changes, lambda c: c.date)
    for j in added:
        c = new.changes[j]
        by = f"（批准：{labels.unit(c.approved_by)}）" if c.approved_by else ""
        out.append(
            FieldChange(
                f"changes[{j}]",
                None,
                plain(c),
                f"新增变更（{chinese(c.date)}）：{c.text}{by}",
                "change",
                label="变更",
                headline="项目变更" if old else "",
            )
        )
    out += removals(
        lambda i, _: f"changes[{i}]",
        before,
        removed,
        lambda c: f"删除变更记录（{chinese(c.date)}）：{c.text}",
        "change",
        "变更",
        "删除变更记录",
    )
    for i, j in pairs:
        for change in generic(("changes", j), plain(before[i]), plain(new.changes[j]), labels):
            change.text = change.text.replace("变更", f"变更（{chinese(new.changes[j].date)}）", 1)
            out.append(change)
    return {"status", "completed", "due", "funding", "disbursements", "progress", "changes"}


def unit(old: Unit | None, new: Unit, labels: Labels, out: list[FieldChange]) -> set[str]:
    if old is not None and old.name != new.name:
        out.append(
            FieldChange(
                "name",
                old.name,
                new.name,
                f"单位更名：{old.name} → {new.name}",
                "rename",
                label="名称",
                headline=f"更名为{new.name}",
            )
        )
        return {"name"}
    return set()


def _decision_text(d: Decision, labels: Labels) -> str:
    parts = []
    if d.lead:
        parts.append(f"牵头：{labels.units(d.lead)}")
    if d.due:
        parts.append(f"时限：{chinese(d.due)}")
    if d.task:
        parts.append(f"跟踪任务：{d.task}")
    return d.text + (f"（{'；'.join(parts)}）" if parts else "")


def meeting(old: Meeting | None, new: Meeting, labels: Labels, out: list[FieldChange]) -> set[str]:
    before = old.decisions if old else []
    pairs, added, removed = match(before, new.decisions, lambda d: d.task or d.text)
    for j in added:
        d = new.decisions[j]
        out.append(
            FieldChange(
                f"decisions[{j}]",
                None,
                plain(d),
                f"新增议定事项：{_decision_text(d, labels)}",
                "decision",
                label="议定事项",
                headline="新增议定事项",
            )
        )
    out += removals(
        lambda i, _: f"decisions[{i}]",
        before,
        removed,
        lambda d: f"删除议定事项：{d.text}",
        "decision",
        "议定事项",
        "删除议定事项",
    )
    for i, j in pairs:
        for change in generic(("decisions", j), plain(before[i]), plain(new.decisions[j]), labels):
            change.text = change.text.replace("议定事项", f"议定事项{j + 1}", 1)
            change.headline = "修改议定事项"
            out.append(change)
    return {"decisions"}


HANDLERS: dict[str, Handler] = {"tasks": task, "projects": project, "units": unit, "meetings": meeting}


def brief(kind: str, model: BaseModel | None, labels: Labels) -> str:
    """A few words that say what an added entity is."""
    if isinstance(model, Task):
        due = effective_due(model)
        return f"{model.status.label}，牵头 {labels.units(model.lead)}" + (f"，时限 {chinese(due)}" if due else "")
    if isinstance(model, Project):
        return f"{labels.unit(model.county)}，资金 {money(model.total)}，{model.status.label}"
    if isinstance(model, Unit):
        return model.kind.label
    if isinstance(model, Meeting):
        return f"{model.kind.label}，{chinese(model.date)}"
    return ""
