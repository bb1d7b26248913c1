"""`xiezuo unit …`: list, show, add."""

from __future__ import annotations

import typer

from . import output
from .common import COMMIT_OPTION, FORMAT_OPTION, Fmt, enum_value, load, now, require, write

app = typer.Typer(add_completion=False, rich_markup_mode=None, no_args_is_help=True, help="单位：查询、新增。")


@app.command("list")
def list_units(
    kind: str | None = typer.Option(None, "--kind", help="类型，如 county 县市区、member 成员单位、prefecture 州市"),
    fmt: Fmt = FORMAT_OPTION,
) -> None:
    """列出单位。"""
    from xiezuo_cli import query
    from xiezuo_cli.enums import UnitKind

    from .output import Column

    ledger = load()
    rows = [
        {
            "id": uid,
            "name": u.name,
            "short": u.short,
            "kind": u.kind.value,
            "side": u.side.value if u.side else None,
            "parent": u.parent,
            "pairs": list(u.pairs),
            "liaison": _liaison(u.liaison),
        }
        for uid, u in query.units(ledger, enum_value(UnitKind, kind, "--kind"))
    ]
    columns = [
        Column("编号", lambda r: r["id"], no_wrap=True),
        Column("名称", lambda r: r["name"]),
        Column("简称", lambda r: r["short"] or ""),
        Column("类型", lambda r: UnitKind.parse(r["kind"]).label, no_wrap=True),
        Column("上级", lambda r: ledger.unit_label(r["parent"]) if r["parent"] else ""),
        Column("结对", lambda r: "、".join(ledger.unit_label(p) for p in r["pairs"])),
        Column("联络员", lambda r: " ".join(str(v) for v in (r["liaison"] or {}).values())),
    ]
    output.emit(rows, columns, fmt.value)


def _liaison(liaison: object) -> dict[str, str] | None:
    if liaison is None:
        return None
    fields = ("name", "office", "phone", "mobile", "email")
    return {k: v for k in fields if (v := getattr(liaison, k, None))}


@app.command("show")
def show(unit_id: str = typer.Argument(..., metavar="ID", help="单位编号")) -> None:
    """显示单位，以及它牵头或配合的任务、在当地实施或由它实施的项目（带预警灯）。"""
    from xiezuo_cli import query
    from xiezuo_cli.facts import project_facts, task_facts

    from .output import light_style, light_text

    ledger = load()
    require(ledger, "units", unit_id)
    unit = ledger.units[unit_id]
    today = now()
    lines: list[output.Line] = [(f"单位 {unit_id}：{unit.name}", "bold"), f"类型：{unit.kind.label}"]
    if unit.short:
        lines.append(f"简称：{unit.short}")
    if unit.side:
        lines.append(f"帮扶/受援：{unit.side.label}")
    if unit.parent:
        lines.append(f"上级单位：{ledger.unit_name(unit.parent)}")
    if unit.pairs:
        lines.append("结对：" + "、".join(ledger.unit_name(p) for p in unit.pairs))
    if unit.liaison:
        li = unit.liaison
        lines.append("联络员：" + " ".join(x for x in (li.name, li.office, li.phone, li.mobile, li.email) if x))
    tasks = query.unit_tasks(ledger, unit_id)
    lines.append((f"任务（{len(tasks)}）：", "bold"))
    for tid in tasks:
        task = ledger.tasks[tid]
        st = task_facts(task, ledger.config, today).standing
        role = "牵头" if unit_id in task.lead else "配合"
        lines.append(
            (f"  {tid} [{role}] {task.title}  {light_text(st.light.value, st.reasons)}", light_style(st.light.value))
        )
    projects = query.unit_projects(ledger, unit_id)
    lines.append((f"项目（{len(projects)}）：", "bold"))
    for pid in projects:
        project = ledger.projects[pid]
        st = project_facts(project, ledger.config, today).standing
        lines.append((f"  {pid} {project.name}  {light_text(st.light.value, st.reasons)}", light_style(st.light.value)))
    output.print_lines(lines)


@app.command("add")
def add(
    unit_id: str = typer.Option(..., "--id", help="单位编号（英文字母、数字和 - ，如 jingan-edu）"),
    name: str = typer.Option(..., "--name", help="全称"),
    kind: str = typer.Option(..., "--kind", help="类型，如 member 成员单位、county 县市区"),
    short: str | None = typer.Option(None, "--short", help="简称"),
    side: str | None = typer.Option(None, "--side", help="east 帮扶方 或 west 受援方"),
    parent: str | None = typer.Option(None, "--parent", help="上级单位编号"),
    pair: list[str] = typer.Option([], "--pair", help="结对单位编号（双方同时登记），可多次给出"),
    commit: bool = COMMIT_OPTION,
) -> None:
    """新增单位。"""
    from xiezuo_cli.enums import Side, UnitKind
    from xiezuo_cli.project_ops import NewUnit, add_unit

    new = NewUnit(
        id=unit_id,
        name=name.strip(),
        kind=enum_value(UnitKind, kind, "--kind") or UnitKind.OTHER,
        short=short,
        side=enum_value(Side, side, "--side"),
        parent=parent,
        pairs=pair,
    )
    write(lambda tx: add_unit(tx, new), commit)
    typer.echo(unit_id)
