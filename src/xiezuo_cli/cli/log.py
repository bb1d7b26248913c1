"""`xiezuo log ID`: the history of one entity from git."""

from __future__ import annotations

import sys
from enum import StrEnum

import typer

from . import output
from .context import ledger_root

app = typer.Typer(add_completion=False, rich_markup_mode=None)


class LogFormat(StrEnum):
    text = "text"
    json = "json"


class LogKind(StrEnum):
    task = "task"
    project = "project"
    unit = "unit"
    meeting = "meeting"


@app.command()
def log(
    id: str = typer.Argument(..., metavar="ID", help="条目编号（文件名去掉 .yaml）"),
    kind: LogKind | None = typer.Option(
        None, "--kind", help="条目类别：task、project、unit 或 meeting（编号重名时必填）"
    ),
    fmt: LogFormat = typer.Option(LogFormat.text, "--format", help="输出格式：text 或 json"),
) -> None:
    """查看某个条目在 git 中的变更历史：每次提交的日期、作者、说明和实际变化，新的在前。

    条目文件移到其他子目录、或改了编号（文件改名）时，历史会接续追踪。
    """
    from xiezuo_cli.diffview import log_json, log_lines
    from xiezuo_cli.entitylog import entity_log
    from xiezuo_cli.jsonout import dumps

    history = entity_log(ledger_root(), id, f"{kind.value}s" if kind else None)
    if fmt is LogFormat.json:
        sys.stdout.write(dumps(log_json(history)) + "\n")
        return
    out = output.console()
    for text, style in log_lines(history):
        out.print(text, style=style or None, markup=False, highlight=False, soft_wrap=True)
