"""`xiezuo task …`: list, show, add, update, close."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from . import output
from .common import COMMIT_OPTION, FORMAT_OPTION, Fmt, date_value, enum_value, load, now, require, write

if TYPE_CHECKING:
    from xiezuo_cli.edit import Transaction

app = typer.Typer(
    add_completion=False, rich_markup_mode=None, no_args_is_help=True, help="任务：查询、新增、更新进展、延期、销号。"
)


@app.command("list")
def list_tasks(
    status: str | None = typer.Option(
        None,
        "--status",
        help="状态：not_started 未启动、in_progress 推进中、done 已完成、suspended 暂缓、cancelled 已取消",
    ),
    kind: str | None = typer.Option(
        None, "--kind", help="类型：key_task 重点任务、decision 议定事项、rectification 问题整改、coordination 协调事项"
    ),
    unit: str | None = typer.Option(None, "--unit", help="单位编号：牵头或配合单位中有它"),
    category: str | None = typer.Option(None, "--category", help="类别，如 劳务协作"),
    year: int | None = typer.Option(None, "--year", help="年度"),
    overdue: bool = typer.Option(False, "--overdue", help="只看逾期的"),
    due_within: int | None = typer.Option(None, "--due-within", min=0, help="只看 N 天内到期且未完成的"),
    light: str | None = typer.Option(None, "--light", help="预警灯：red 红灯、yellow 黄灯、green 绿灯、done 已完成"),
    supervised: bool = typer.Option(False, "--supervised", help="只看列入督办的"),
    open_only: bool = typer.Option(False, "--open", help="不含已完成、已取消的"),
    fmt: Fmt = FORMAT_OPTION,
) -> None:
    """列出任务（含已完成的；--open 只看未完成的），带预警灯和量化指标进度。"""
    from xiezuo_cli import query
    from xiezuo_cli.enums import Light, TaskKind, TaskStatus

    from .views import task_columns, task_csv_columns

    ledger = load()
    if unit is not None:
        require(ledger, "units", unit)
    flt = query.TaskFilter(
        status=enum_value(TaskStatus, status, "--status"),
        kind=enum_value(TaskKind, kind, "--kind"),
        unit=unit,
        category=category,
        year=year,
        overdue=overdue,
        due_within=due_within,
        light=enum_value(Light, light, "--light"),
        supervised=supervised,
        open=open_only,
    )
    rows = [query.task_row(tid, t, f) for tid, t, f in query.tasks(ledger, flt, now())]
    output.emit(rows, task_columns(ledger), fmt.value, csv_columns=task_csv_columns(ledger))


@app.command("show")
def show(task_id: str = typer.Argument(..., metavar="ID", help="任务编号")) -> None:
    """显示任务的全部内容：量化指标（分县完成/目标）、进展（新的在前）、延期、佐证材料、相关会议议定事项。"""
    from .views import task_detail

    ledger = load()
    require(ledger, "tasks", task_id)
    output.print_lines(task_detail(ledger, task_id, now()))


@app.command("add")
def add(
    title: str = typer.Option(..., "--title", help="任务名称"),
    lead: list[str] = typer.Option(..., "--lead", help="牵头（责任）单位编号，可多次给出"),
    support: list[str] = typer.Option([], "--support", help="配合单位编号，可多次给出"),
    due: str | None = typer.Option(None, "--due", help="完成时限，如 2024-09-30"),
    kind: str = typer.Option("key_task", "--kind", help="类型（默认 key_task 重点任务）"),
    category: str | None = typer.Option(None, "--category", help="类别（须在 xiezuo.yaml 的类别清单中）"),
    source: str | None = typer.Option(None, "--source", help="来源：文件号或会议编号"),
    year: int | None = typer.Option(None, "--year", help="年度（默认取完成时限或今天的年份）"),
    start: str | None = typer.Option(None, "--start", help="开始日期（计算序时进度用）"),
    status: str = typer.Option("not_started", "--status", help="状态（默认 not_started 未启动）"),
    task_id: str | None = typer.Option(None, "--id", help="指定编号；不给则按台账已有编号规则生成"),
    commit: bool = COMMIT_OPTION,
) -> None:
    """新增任务，输出新任务的编号。"""
    from xiezuo_cli.enums import TaskKind, TaskStatus
    from xiezuo_cli.task_ops import NewTask, add_task

    new = NewTask(
        title=title.strip(),
        lead=lead,
        kind=enum_value(TaskKind, kind, "--kind") or TaskKind.KEY_TASK,
        support=support,
        due=date_value(due, "--due"),
        category=category,
        source=source,
        year=year,
        start=date_value(start, "--start"),
        status=enum_value(TaskStatus, status, "--status") or TaskStatus.NOT_STARTED,
        id=task_id,
    )
    created: list[str] = []

    def action(tx: Transaction) -> str:
        tid, summary = add_task(tx, new, now())
        created.append(tid)
        return summary

    write(action, commit, kinds=("tasks",))
    typer.echo(created[0])


@app.command("update")
def update(
    task_id: str = typer.Argument(..., metavar="ID", help="任务编号"),
    status: str | None = typer.Option(None, "--status", help="新状态"),
    due: str | None = typer.Option(None, "--due", help="修改完成时限（延期请用 --extend）"),
    progress: str | None = typer.Option(None, "--progress", help="新增一条进展的内容"),
    actual: list[str] = typer.Option(
        [], "--actual", help="累计完成数：指标=数值，或 指标.单位=数值（分县），可多次给出"
    ),
    on: str | None = typer.Option(None, "--date", help="进展或延期的日期（默认今天）"),
    by: str | None = typer.Option(None, "--by", help="报送单位编号"),
    extend: str | None = typer.Option(
        None, "--extend", metavar="NEW_DUE", help="延期到新的完成时限（须同时给出 --reason）"
    ),
    reason: str | None = typer.Option(None, "--reason", help="延期原因"),
    approved_by: str | None = typer.Option(None, "--approved-by", help="批准延期的单位编号"),
    commit: bool = COMMIT_OPTION,
) -> None:
    """更新任务：新增进展和累计完成数、改状态、改完成时限、延期。"""
    from xiezuo_cli.enums import TaskStatus
    from xiezuo_cli.task_ops import TaskUpdate, update_task

    change = TaskUpdate(
        status=enum_value(TaskStatus, status, "--status"),
        due=date_value(due, "--due"),
        progress=progress.strip() if progress is not None else None,
        actuals=actual,
        on=date_value(on, "--date"),
        by=by,
        extend=date_value(extend, "--extend"),
        reason=reason,
        approved_by=approved_by,
    )
    if change.progress == "":
        from xiezuo_cli.errors import XiezuoError

        raise XiezuoError("--progress 的内容不能为空")
    write(lambda tx: update_task(tx, task_id, change, now()), commit)


@app.command("close")
def close(
    task_id: str = typer.Argument(..., metavar="ID", help="任务编号"),
    on: str | None = typer.Option(None, "--date", help="销号日期（默认今天）"),
    note: str | None = typer.Option(None, "--note", help="销号说明，记为一条进展"),
    cancel: bool = typer.Option(False, "--cancel", help="取消任务（状态记为已取消）而不是完成"),
    commit: bool = COMMIT_OPTION,
) -> None:
    """销号：状态改为已完成（或 --cancel 已取消），记下销号日期。"""
    from xiezuo_cli.task_ops import close_task

    when = date_value(on, "--date") or now()
    write(lambda tx: close_task(tx, task_id, when, note, cancel), commit)
