"""`xiezuo export xlsx FILE`: the ledger as an Excel workbook."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from . import output
from .common import load, now

app = typer.Typer(add_completion=False, rich_markup_mode=None, no_args_is_help=True, help="导出台账。")


@app.callback()
def main() -> None:
    """导出台账为其他格式。"""


@app.command("xlsx")
def xlsx(file: Path = typer.Argument(..., metavar="FILE", help="要写入的工作簿，如 台账.xlsx")) -> None:
    """导出为 Excel 工作簿：任务、项目、单位、会议各一张表（中文列标题），另有量化指标、进展、拨付明细等明细表。

    灰色列（预警灯、逾期、拨付率等）按 --today 计算，只读；修改后可用 xiezuo import xlsx 导回。
    """
    from xiezuo_cli.errors import XiezuoError
    from xiezuo_cli.excel import workbook_bytes
    from xiezuo_cli.excel_export import export_tables
    from xiezuo_cli.fileio import atomic_write

    if file.suffix.lower() != ".xlsx":
        raise XiezuoError(f"导出文件名应以 .xlsx 结尾：{file}")
    ledger = load()
    data = workbook_bytes(export_tables(ledger, now()), ledger.config.categories)
    existed = file.exists()
    try:
        atomic_write(file, data)
        if not existed:  # a workbook is for sharing: the usual permissions, not the temporary file's 0600
            umask = os.umask(0)
            os.umask(umask)
            file.chmod(0o666 & ~umask)
    except OSError as exc:
        raise XiezuoError(f"无法写入 {file}：{exc.strerror}") from None
    kinds = (("tasks", "任务"), ("projects", "项目"), ("units", "单位"), ("meetings", "会议"))
    counts = "、".join(f"{label} {len(ledger.table(kind))} 个" for kind, label in kinds)
    output.info(f"已导出 {file}（{counts}）")
