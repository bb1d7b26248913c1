"""`xiezuo check`: validate every file and print each finding as path:line:col."""

from __future__ import annotations

from enum import StrEnum

import typer

from . import output
from .context import ledger_root

app = typer.Typer(add_completion=False, rich_markup_mode=None)


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


@app.command()
def check(
    fmt: CheckFormat = typer.Option(CheckFormat.text, "--format", help="输出格式：text、json 或 github（工作流注释）"),
    strict: bool = typer.Option(False, "--strict", help="有警告也以退出码 1 结束"),
) -> None:
    """校验整个台账：YAML 语法、字段类型、引用的单位和任务、编号唯一及各项规则。

    每条问题输出为“文件:行:列: error|warning 代码: 说明”。有错误时退出码为 1。
    """
    from xiezuo_cli.quickcheck import check_summary

    files, findings = check_summary(ledger_root(), output.progress_reporter())
    output.print_findings(findings, fmt.value)
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    if fmt is not CheckFormat.json:
        summary = f"已检查 {files} 个文件：{errors} 个错误，{warnings} 个警告"
        if fmt is CheckFormat.github:
            typer.echo(summary, err=True)
        else:
            (output.warn if findings else output.info)(summary)
    if errors or (strict and warnings):
        raise typer.Exit(1)
