"""`xiezuo report monthly` and `xiezuo report minutes`: Markdown to the screen, or --out FILE.md / FILE.docx."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from . import output
from .context import ledger_root, today

app = typer.Typer(add_completion=False, rich_markup_mode=None, help="生成月度通报和会议纪要（Markdown 或 Word）。")

OUT_HELP = "写入文件：.md 为 Markdown，.docx 为 Word 公文格式；不给则把 Markdown 输出到屏幕"


def _emit(markdown: str, out: Path | None, root: Path) -> None:
    if out is None:
        sys.stdout.write(markdown)
        sys.stdout.flush()
        return
    from xiezuo_cli.report import write_report

    write_report(markdown, out, root)
    output.info(f"已写入 {out}")


@app.command()
def monthly(
    month: str | None = typer.Option(None, "--month", metavar="YYYY-MM", help="通报月份（默认：“今天”所在月份）"),
    out: Path | None = typer.Option(None, "--out", metavar="FILE", help=OUT_HELP),
    issue: str | None = typer.Option(None, "--issue", metavar="N", help="期数（默认按 bulletin.first_month 推算）"),
) -> None:
    """月度通报：总体情况、重点任务进展、帮扶项目推进、督办预警、下月工作安排。

    数据截至该月最后一天；若“今天”在该月之内，则截至今天。
    """
    from xiezuo_cli.dates import parse_month
    from xiezuo_cli.errors import UsageError
    from xiezuo_cli.report import MONTHLY, render
    from xiezuo_cli.report_context import monthly_context
    from xiezuo_cli.rules import load_valid

    now = today()
    if month is None:
        year, mon = now.year, now.month
    else:
        try:
            year, mon = parse_month(month)
        except ValueError as exc:
            raise UsageError(f"--month：{exc}") from None
    number: int | None = None
    if issue is not None:
        text = issue.strip()
        if not text.isdecimal() or int(text) < 1:
            raise UsageError(f"--issue：期数应为正整数，而不是“{issue}”")
        number = int(text)
    root = ledger_root()
    ledger = load_valid(root)
    context = monthly_context(ledger, year, mon, now, number)
    _emit(render(root, MONTHLY, context), out, root)


@app.command()
def minutes(
    meeting_id: str = typer.Argument(..., metavar="MEETING_ID", help="会议编号（meetings/ 下的文件名）"),
    out: Path | None = typer.Option(None, "--out", metavar="FILE", help=OUT_HELP),
) -> None:
    """会议纪要：时间、地点、主持、出席和列席单位、议题、议定事项及其跟踪任务的当前进展。"""
    from xiezuo_cli.report import MINUTES, render
    from xiezuo_cli.report_minutes import minutes_context
    from xiezuo_cli.rules import load_valid

    now = today()
    root = ledger_root()
    ledger = load_valid(root)
    context = minutes_context(ledger, meeting_id, now)
    _emit(render(root, MINUTES, context), out, root)
