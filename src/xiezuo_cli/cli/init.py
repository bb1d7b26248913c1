"""`xiezuo init [PATH] [--example]`."""

from __future__ import annotations

from pathlib import Path

import typer

from . import output

app = typer.Typer(add_completion=False, rich_markup_mode=None)


@app.command()
def init(
    path: str = typer.Argument(".", help="台账目录（默认当前目录）"),
    example: bool = typer.Option(False, "--example", help="带上示例数据（静安区—文山州）"),
    office: str = typer.Option("对口支援与合作交流工作领导小组办公室", "--office", help="办公室全称"),
    month: str = typer.Option("2024-01", "--first-month", help="通报第1期所在月份（YYYY-MM）"),
) -> None:
    """创建台账：xiezuo.yaml 和 units/ tasks/ projects/ meetings/ 目录；不在 git 仓库中时同时 git init。"""
    from xiezuo_cli.dates import parse_month
    from xiezuo_cli.errors import UsageError
    from xiezuo_cli.init import init_ledger

    try:
        year, mon = parse_month(month)
    except ValueError as exc:
        raise UsageError(f"--first-month：{exc}") from None
    if not path.strip():  # an empty argument must not silently mean "here"
        raise UsageError("请给出台账目录（如 xiezuo init 台账；当前目录写作 .）")
    for line in init_ledger(Path(path), example=example, office=office, month=f"{year:04d}-{mon:02d}"):
        output.info(line)
