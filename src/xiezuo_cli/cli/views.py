"""How tasks and projects look to the clerk: table columns and the `show` screens."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from xiezuo_cli.amounts import money_text
from xiezuo_cli.dates import iso
from xiezuo_cli.facts import TargetFact, percent, project_facts, task_facts
from xiezuo_cli.ledger import Ledger
from xiezuo_cli.query import decisions_of_task

from .output import Column, Line, light_style, light_text

BAR_CELLS = 8


def bar(rate: Decimal | None, cells: int = BAR_CELLS) -> str:
    if rate is None:
        return "—"
    filled = max(0, min(cells, int(rate * cells + Decimal("0.5"))))
    return "█" * filled + "░" * (cells - filled) + " " + percent(rate)


def _units(ledger: Ledger, ids: list[str]) -> str:
    return "、".join(ledger.unit_label(u) for u in ids)


def _targets_cell(row: dict[str, Any]) -> str:
    """The target furthest behind, as a small bar (the others are in `task show`)."""
    rates = [t["rate"] for t in row["targets"] if t["rate"] is not None]
    if not rates:
        return ""
    return bar(min(rates), cells=4)


def short_reasons(reasons: list[str]) -> list[str]:
    """Reasons short enough for a table cell: the lag sentence names its target, `show` has it in full."""
    short = ["滞后序时进度" if "滞后序时进度" in r else r for r in reasons]
    return list(dict.fromkeys(short))


def task_columns(ledger: Ledger) -> list[Column]:
    from xiezuo_cli.enums import TaskStatus

    return [
        Column("编号", lambda r: r["id"], no_wrap=True),
        Column("任务", lambda r: r["title"], min_width=10),
        Column("牵头单位", lambda r: _units(ledger, r["lead"])),
        Column("完成时限", lambda r: iso(r["due"]), no_wrap=True),
        Column(
            "状态和预警",
            lambda r: f"{TaskStatus.parse(r['status']).label} {light_text(r['light'], short_reasons(r['reasons']))}",
            style=lambda r: light_style(r["light"]),
        ),
        Column("进度", _targets_cell),
    ]


def task_csv_columns(ledger: Ledger) -> list[Column]:
    from xiezuo_cli.enums import Light, TaskStatus

    return [
        Column("编号", lambda r: r["id"]),
        Column("任务", lambda r: r["title"]),
        Column("牵头单位", lambda r: _units(ledger, r["lead"])),
        Column("完成时限", lambda r: iso(r["due"])),
        Column("状态", lambda r: TaskStatus.parse(r["status"]).label),
        Column("预警灯", lambda r: Light.parse(r["light"]).label),
        Column("预警原因", lambda r: "；".join(r["reasons"])),
        Column("配合单位", lambda r: _units(ledger, r["support"])),
        Column("销号日期", lambda r: iso(r["closed"])),
        Column(
            "量化指标",
            lambda r: "；".join(
                f"{t['name']} {money_text(t['actual']) if t['actual'] is not None else '—'}/{money_text(t['target'])}"
                f"{t['unit']}（{percent(t['rate'])}）"
                for t in r["targets"]
            ),
        ),
    ]


def project_columns(ledger: Ledger) -> list[Column]:
    from xiezuo_cli.enums import ProjectStatus

    return [
        Column("编号", lambda r: r["id"], no_wrap=True),
        Column("项目", lambda r: r["name"], min_width=10),
        Column("实施地", lambda r: ledger.unit_label(r["county"]), no_wrap=True),
        Column("资金", lambda r: money_text(r["funds"]), justify="right", no_wrap=True),
        Column("已拨付", lambda r: money_text(r["disbursed"]), justify="right", no_wrap=True),
        Column("拨付率", lambda r: percent(r["disbursement_rate"]), justify="right", no_wrap=True),
        Column(
            "状态和预警",
            lambda r: f"{ProjectStatus.parse(r['status']).label} {light_text(r['light'], r['reasons'])}",
            style=lambda r: light_style(r["light"]),
        ),
    ]


def project_csv_columns(ledger: Ledger) -> list[Column]:
    from xiezuo_cli.enums import Light, ProjectStatus

    return [
        Column("编号", lambda r: r["id"]),
        Column("项目", lambda r: r["name"]),
        Column("实施地", lambda r: ledger.unit_label(r["county"])),
        Column("资金(万元)", lambda r: money_text(r["funds"])),
        Column("已拨付(万元)", lambda r: money_text(r["disbursed"])),
        Column("拨付率", lambda r: percent(r["disbursement_rate"])),
        Column("状态", lambda r: ProjectStatus.parse(r["status"]).label),
        Column("预警灯", lambda r: Light.parse(r["light"]).label),
        Column("预警原因", lambda r: "；".join(r["reasons"])),
        Column("年度", lambda r: str(r["year"])),
        Column("计划完工", lambda r: iso(r["due"])),
        Column("完工日期", lambda r: iso(r["completed"])),
    ]


def _target_lines(ledger: Ledger, fact: TargetFact) -> list[Line]:
    actual = money_text(fact.actual) if fact.actual is not None else "—"
    lines: list[Line] = [
        f"  · {fact.name}：{actual}/{money_text(fact.target)}{fact.unit}  {bar(fact.rate)}"
        + (f"（截至 {iso(fact.as_of)}）" if fact.as_of else "")
    ]
    for uid in sorted(set(fact.breakdown) | set(fact.by_unit)):
        got = fact.by_unit.get(uid)
        goal = fact.breakdown.get(uid)
        got_text = money_text(got) if got is not None else "—"
        goal_text = money_text(goal) if goal is not None else "—"
        lines.append(f"      {ledger.unit_label(uid)}：{got_text}/{goal_text}")
    return lines


def task_detail(ledger: Ledger, tid: str, today: date) -> list[Line]:
    task = ledger.tasks[tid]
    facts = task_facts(task, ledger.config, today)
    st = facts.standing
    lines: list[Line] = [
        (f"任务 {tid}：{task.title}", "bold"),
        f"文件：{ledger.path_of('tasks', tid)}",
        f"类型：{task.kind.label}"
        + (f"    类别：{task.category}" if task.category else "")
        + (f"    年度：{task.year}" if task.year else ""),
        f"牵头单位：{_units(ledger, task.lead)}"
        + (f"    配合单位：{_units(ledger, task.support)}" if task.support else ""),
    ]
    if task.source:
        lines.append(f"来源：{task.source}")
    due_text = iso(st.due) or "未定"
    if st.extended and task.due:
        due_text += f"（原定 {iso(task.due)}，已延期）"
    lines.append(
        f"状态：{task.status.label}    完成时限：{due_text}" + (f"    销号：{iso(task.closed)}" if task.closed else "")
    )
    if task.supervision:
        lines.append(f"督办：{task.supervision.label}")
    lines.append((f"预警：{light_text(st.light.value, st.reasons)}", light_style(st.light.value)))
    if task.description:
        lines.append("说明：" + task.description.strip().replace("\n", ""))
    if facts.targets:
        lines.append(("量化指标：", "bold"))
        for fact in facts.targets:
            lines.extend(_target_lines(ledger, fact))
    lines.extend(_task_history(ledger, tid))
    return lines


def _task_history(ledger: Ledger, tid: str) -> list[Line]:
    """Extensions, progress newest first with evidence, and the meeting decisions the task tracks."""
    task = ledger.tasks[tid]
    lines: list[Line] = []
    if task.extensions:
        lines.append(("延期：", "bold"))
        for ext in task.extensions:
            who = f"，{ledger.unit_label(ext.approved_by)}批准" if ext.approved_by else ""
            lines.append(f"  · {iso(ext.date)} 延期至 {iso(ext.new_due)}（{ext.reason or '未说明原因'}{who}）")
    if task.progress:
        lines.append((f"进展（共 {len(task.progress)} 条，新的在前）：", "bold"))
        for entry in sorted(task.progress, key=lambda p: p.date, reverse=True):
            who = f"【{ledger.unit_label(entry.by)}】" if entry.by else ""
            lines.append(f"  · {iso(entry.date)} {who}{entry.text}")
            lines.extend(f"      佐证材料：{path}" for path in entry.evidence)
    linked = decisions_of_task(ledger, tid)
    if linked:
        lines.append(("相关会议议定事项：", "bold"))
        for mid, number, text in linked:
            lines.append(f"  · {ledger.meetings[mid].title} 第{number}项：{text}")
    return lines


def project_detail(ledger: Ledger, pid: str, today: date) -> list[Line]:
    project = ledger.projects[pid]
    facts = project_facts(project, ledger.config, today)
    st = facts.standing
    lines: list[Line] = [
        (f"项目 {pid}：{project.name}", "bold"),
        f"文件：{ledger.path_of('projects', pid)}",
        f"年度：{project.year}"
        + (f"    计划：{project.plan}" if project.plan else "")
        + (f"    类别：{project.category}" if project.category else ""),
        f"实施地：{ledger.unit_name(project.county)}"
        + (f"    实施单位：{ledger.unit_name(project.implementer)}" if project.implementer else ""),
        f"状态：{project.status.label}    计划完工：{iso(project.due) or '未定'}"
        + (f"    完工：{iso(project.completed)}" if project.completed else ""),
        (f"预警：{light_text(st.light.value, st.reasons)}", light_style(st.light.value)),
        f"资金：{money_text(facts.total)} 万元    已拨付：{money_text(facts.disbursed)} 万元"
        f"    拨付率：{percent(facts.disbursement_rate)}",
    ]
    if project.supervision:
        lines.append(f"督办：{project.supervision.label}")
    if project.beneficiaries is not None:
        lines.append(f"受益（带动）脱贫人口：{project.beneficiaries} 人")
    for line in project.funding:
        lines.append(f"  · 资金来源：{line.source} {money_text(line.amount)} 万元")
    if project.disbursements:
        lines.append(("拨付：", "bold"))
        for d in sorted(project.disbursements, key=lambda d: d.date):
            lines.append(f"  · {iso(d.date)} {money_text(d.amount)} 万元" + (f"（{d.note}）" if d.note else ""))
    if project.changes:
        lines.append(("变更：", "bold"))
        for c in project.changes:
            who = f"，{ledger.unit_label(c.approved_by)}批准" if c.approved_by else ""
            lines.append(f"  · {iso(c.date)} {c.text}{who}")
    if project.progress:
        lines.append(("进展（新的在前）：", "bold"))
        for entry in sorted(project.progress, key=lambda p: p.date, reverse=True):
            lines.append(f"  · {iso(entry.date)} {entry.text}")
    return lines
