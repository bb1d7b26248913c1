"""`xiezuo meeting …`: list, show, add, decide."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from . import output
from .common import COMMIT_OPTION, FORMAT_OPTION, Fmt, date_value, enum_value, load, now, require, write

if TYPE_CHECKING:
    from xiezuo_cli.edit import Transaction

app = typer.Typer(
    add_completion=False, rich_markup_mode=None, no_args_is_help=True, help="会议：查询、新增、登记议定事项。"
)


@app.command("list")
def list_meetings(fmt: Fmt = FORMAT_OPTION) -> None:
    """列出会议（按日期），含议定事项数和其中已完成的数目。"""
    from xiezuo_cli.dates import iso
    from xiezuo_cli.facts import task_finished

    from .output import Column

    ledger = load()
    today = now()
    rows = []
    for mid, m in sorted(ledger.meetings.items(), key=lambda item: (item[1].date, item[0])):
        tracked = [ledger.tasks[d.task] for d in m.decisions if d.task is not None and d.task in ledger.tasks]
        done = sum(1 for task in tracked if task_finished(task, today))
        rows.append(
            {
                "id": mid,
                "title": m.title,
                "kind": m.kind.value,
                "number": m.number,
                "date": m.date,
                "place": m.place,
                "decisions": len(m.decisions),
                "decisions_done": done,
            }
        )
    from xiezuo_cli.enums import MeetingKind

    columns = [
        Column("编号", lambda r: r["id"], no_wrap=True),
        Column("日期", lambda r: iso(r["date"]), no_wrap=True),
        Column("会议", lambda r: r["title"]),
        Column("类型", lambda r: MeetingKind.parse(r["kind"]).label, no_wrap=True),
        Column("纪要号", lambda r: r["number"] or ""),
        Column("议定事项", lambda r: f"{r['decisions_done']}/{r['decisions']} 已完成", justify="right", no_wrap=True),
    ]
    output.emit(rows, columns, fmt.value)


@app.command("show")
def show(meeting_id: str = typer.Argument(..., metavar="ID", help="会议编号")) -> None:
    """显示会议：时间、地点、主持、出席、议题和议定事项（含跟踪任务的状态）。"""
    from xiezuo_cli.dates import chinese, iso
    from xiezuo_cli.facts import task_facts

    from .output import light_style, light_text

    ledger = load()
    require(ledger, "meetings", meeting_id)
    m = ledger.meetings[meeting_id]

    def names(ids: list[str]) -> str:
        return "、".join(ledger.unit_name(x) for x in ids)

    lines: list[output.Line] = [(f"会议 {meeting_id}：{m.title}", "bold"), f"类型：{m.kind.label}"]
    if m.number:
        lines.append(f"纪要号：{m.number}")
    lines.append(f"时间：{chinese(m.date)}" + (f"    地点：{m.place}" if m.place else ""))
    if m.chair:
        lines.append(f"主持：{m.chair}")
    if m.attendees:
        lines.append(f"出席：{names(m.attendees)}")
    if m.invited:
        lines.append(f"列席：{names(m.invited)}")
    for i, topic in enumerate(m.topics, 1):
        lines.append(f"议题{i}：{topic}")
    for i, d in enumerate(m.decisions, 1):
        lines.append((f"议定事项{i}：{d.text}", "bold"))
        lines.append(f"    牵头：{names(d.lead) or '—'}    时限：{iso(d.due) or '—'}")
        if d.task and d.task in ledger.tasks:
            task = ledger.tasks[d.task]
            st = task_facts(task, ledger.config, now()).standing
            lines.append(
                (
                    f"    跟踪任务 {d.task}：{task.status.label}  {light_text(st.light.value, st.reasons)}",
                    light_style(st.light.value),
                )
            )
    output.print_lines(lines)


@app.command("add")
def add(
    title: str = typer.Option(..., "--title", help="会议名称"),
    kind: str = typer.Option(
        ..., "--kind", help="joint 联席会议、plenary 全体会议、topical 专题会议、liaison 联络员会议、other 其他会议"
    ),
    on: str = typer.Option(..., "--date", help="会议日期"),
    number: str | None = typer.Option(None, "--number", help="纪要号，如 〔2024〕3号"),
    place: str | None = typer.Option(None, "--place", help="地点"),
    chair: str | None = typer.Option(None, "--chair", help="主持"),
    attendee: list[str] = typer.Option([], "--attendee", help="出席：单位编号或文字，可多次给出"),
    invited: list[str] = typer.Option([], "--invited", help="列席：单位编号或文字，可多次给出"),
    topic: list[str] = typer.Option([], "--topic", help="议题，可多次给出"),
    recorder: str | None = typer.Option(None, "--recorder", help="记录人"),
    meeting_id: str | None = typer.Option(None, "--id", help="指定编号；不给则为 年-月-类型"),
    commit: bool = COMMIT_OPTION,
) -> None:
    """新增会议，输出会议编号。"""
    from xiezuo_cli.enums import MeetingKind
    from xiezuo_cli.project_ops import NewMeeting, add_meeting

    when = date_value(on, "--date")
    assert when is not None
    new = NewMeeting(
        title=title.strip(),
        kind=enum_value(MeetingKind, kind, "--kind") or MeetingKind.OTHER,
        on=when,
        number=number,
        place=place,
        chair=chair,
        attendees=attendee,
        invited=invited,
        topics=topic,
        recorder=recorder,
        id=meeting_id,
    )
    created: list[str] = []

    def action(tx: Transaction) -> str:
        mid, summary = add_meeting(tx, new)
        created.append(mid)
        return summary

    write(action, commit)
    typer.echo(created[0])


@app.command("decide")
def decide(
    meeting_id: str = typer.Argument(..., metavar="MEETING_ID", help="会议编号"),
    text: str = typer.Option(..., "--text", help="议定事项内容"),
    lead: list[str] = typer.Option(..., "--lead", help="牵头单位编号，可多次给出"),
    due: str | None = typer.Option(None, "--due", help="完成时限"),
    category: str | None = typer.Option(None, "--category", help="跟踪任务的类别"),
    task_id: str | None = typer.Option(None, "--task-id", help="跟踪任务的编号；不给则自动生成"),
    commit: bool = COMMIT_OPTION,
) -> None:
    """登记一项议定事项，同时新增跟踪它的任务（类型：议定事项，来源：本会议），输出任务编号。"""
    from xiezuo_cli.project_ops import NewDecision
    from xiezuo_cli.project_ops import decide as do_decide

    new = NewDecision(text=text.strip(), lead=lead, due=date_value(due, "--due"), task_id=task_id, category=category)
    created: list[str] = []

    def action(tx: Transaction) -> str:
        tid, summary = do_decide(tx, meeting_id, new, now())
        created.append(tid)
        return summary

    write(action, commit, kinds=("tasks",))
    typer.echo(created[0])
