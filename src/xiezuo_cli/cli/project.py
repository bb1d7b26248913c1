"""`xiezuo project …`: list, show, add, update, disburse."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from . import output
from .common import COMMIT_OPTION, FORMAT_OPTION, Fmt, date_value, enum_value, load, now, require, write

if TYPE_CHECKING:
    from xiezuo_cli.edit import Transaction

app = typer.Typer(
    add_completion=False, rich_markup_mode=None, no_args_is_help=True, help="项目：查询、新增、更新、拨付。"
)


def _amount(text: str, option: str) -> object:
    from xiezuo_cli.amounts import parse_decimal
    from xiezuo_cli.errors import XiezuoError

    try:
        return parse_decimal(text, option, money=True)
    except ValueError as exc:
        raise XiezuoError(str(exc)) from None


@app.command("list")
def list_projects(
    county: str | None = typer.Option(None, "--county", help="实施地（县市区）单位编号"),
    year: int | None = typer.Option(None, "--year", help="计划年度"),
    status: str | None = typer.Option(
        None,
        "--status",
        help="状态：planned 储备、approved 已批复、in_progress 在建、completed 已完工、"
        "accepted 已验收、audited 已审计、cancelled 已取消",
    ),
    behind: bool = typer.Option(False, "--behind", help="只看滞后（逾期未完工）的"),
    supervised: bool = typer.Option(False, "--supervised", help="只看列入督办的"),
    light: str | None = typer.Option(None, "--light", help="预警灯：red、yellow、green、done"),
    open_only: bool = typer.Option(False, "--open", help="不含已完工、已验收、已审计、已取消的"),
    fmt: Fmt = FORMAT_OPTION,
) -> None:
    """列出项目：资金、已拨付、拨付率、状态和预警灯（金额单位：万元）。"""
    from xiezuo_cli import query
    from xiezuo_cli.enums import Light, ProjectStatus

    from .views import project_columns, project_csv_columns

    ledger = load()
    if county is not None:
        require(ledger, "units", county)
    flt = query.ProjectFilter(
        county=county,
        year=year,
        status=enum_value(ProjectStatus, status, "--status"),
        behind=behind,
        supervised=supervised,
        light=enum_value(Light, light, "--light"),
        open=open_only,
    )
    rows = [query.project_row(pid, p, f) for pid, p, f in query.projects(ledger, flt, now())]
    output.emit(
        rows,
        project_columns(ledger),
        fmt.value,
        title="帮扶项目（金额单位：万元）",
        csv_columns=project_csv_columns(ledger),
    )


@app.command("show")
def show(project_id: str = typer.Argument(..., metavar="ID", help="项目编号")) -> None:
    """显示项目的全部内容：资金来源、拨付明细、变更、进展和预警。"""
    from .views import project_detail

    ledger = load()
    require(ledger, "projects", project_id)
    output.print_lines(project_detail(ledger, project_id, now()))


@app.command("add")
def add(
    name: str = typer.Option(..., "--name", help="项目名称"),
    county: str = typer.Option(..., "--county", help="实施地（受援县市区）单位编号"),
    year: int = typer.Option(..., "--year", help="计划年度"),
    amount: str = typer.Option(..., "--amount", help="资金（万元）"),
    source: str = typer.Option("财政援助资金", "--source", help="资金来源"),
    due: str | None = typer.Option(None, "--due", help="计划完工日期"),
    start: str | None = typer.Option(None, "--start", help="开工日期"),
    implementer: str | None = typer.Option(None, "--implementer", help="实施单位编号"),
    category: str | None = typer.Option(None, "--category", help="类别，如 产业、教育、医疗"),
    plan: str | None = typer.Option(None, "--plan", help="所属计划"),
    status: str = typer.Option("planned", "--status", help="状态（默认 planned 储备）"),
    project_id: str | None = typer.Option(None, "--id", help="指定编号；不给则按台账已有编号规则生成"),
    commit: bool = COMMIT_OPTION,
) -> None:
    """新增项目，输出新项目的编号。"""
    from decimal import Decimal

    from xiezuo_cli.enums import ProjectStatus
    from xiezuo_cli.project_ops import NewProject, add_project

    value = _amount(amount, "资金")
    assert isinstance(value, Decimal)
    new = NewProject(
        name=name.strip(),
        county=county,
        year=year,
        amount=value,
        source=source,
        due=date_value(due, "--due"),
        start=date_value(start, "--start"),
        implementer=implementer,
        category=category,
        plan=plan,
        status=enum_value(ProjectStatus, status, "--status") or ProjectStatus.PLANNED,
        id=project_id,
    )
    created: list[str] = []

    def action(tx: Transaction) -> str:
        pid, summary = add_project(tx, new, now())
        created.append(pid)
        return summary

    write(action, commit, kinds=("projects",))
    typer.echo(created[0])


@app.command("update")
def update(
    project_id: str = typer.Argument(..., metavar="ID", help="项目编号"),
    status: str | None = typer.Option(None, "--status", help="新状态"),
    completed: str | None = typer.Option(None, "--completed", help="完工日期"),
    due: str | None = typer.Option(None, "--due", help="修改计划完工日期"),
    progress: str | None = typer.Option(None, "--progress", help="新增一条进展"),
    on: str | None = typer.Option(None, "--date", help="进展日期（默认今天）"),
    commit: bool = COMMIT_OPTION,
) -> None:
    """更新项目：状态、完工日期、计划完工日期、进展。"""
    from xiezuo_cli.enums import ProjectStatus
    from xiezuo_cli.project_ops import ProjectUpdate, update_project

    change = ProjectUpdate(
        status=enum_value(ProjectStatus, status, "--status"),
        completed=date_value(completed, "--completed"),
        progress=progress.strip() if progress else None,
        on=date_value(on, "--date"),
        due=date_value(due, "--due"),
    )
    write(lambda tx: update_project(tx, project_id, change, now()), commit)


@app.command("disburse")
def disburse(
    project_id: str = typer.Argument(..., metavar="ID", help="项目编号"),
    amount: str = typer.Option(..., "--amount", help="本次拨付金额（万元）"),
    on: str | None = typer.Option(None, "--date", help="拨付日期（默认今天）"),
    note: str | None = typer.Option(None, "--note", help="备注，如 第二批"),
    commit: bool = COMMIT_OPTION,
) -> None:
    """登记一笔拨付；累计拨付不能超过资金总额。"""
    from decimal import Decimal

    from xiezuo_cli.project_ops import disburse as do_disburse

    value = _amount(amount, "拨付金额")
    assert isinstance(value, Decimal)
    when = date_value(on, "--date") or now()
    write(lambda tx: do_disburse(tx, project_id, value, when, note), commit)
