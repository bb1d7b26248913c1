"""`xiezuo import xlsx FILE [--dry-run] [--commit]`: bring an edited workbook back into the ledger."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from . import output
from .common import COMMIT_OPTION, now, write

if TYPE_CHECKING:
    from xiezuo_cli.edit import Transaction

app = typer.Typer(add_completion=False, rich_markup_mode=None, no_args_is_help=True, help="导入台账。")

NOTHING = "工作簿与台账一致，没有要导入的修改。"


@app.callback()
def main() -> None:
    """从其他格式导入台账。"""


@app.command("xlsx")
def xlsx(
    file: Path = typer.Argument(..., metavar="FILE", help="由 xiezuo export xlsx 导出并修改过的工作簿"),
    dry_run: bool = typer.Option(False, "--dry-run", help="只列出将要修改的内容，不写入任何文件"),
    commit: bool = COMMIT_OPTION,
) -> None:
    """从 Excel 工作簿导入：按编号对照台账，只修改真正变化的字段；新增的行新增条目或明细。

    先检查全部单元格，任何一处有误（指出表、行、列）都不写入任何文件。导入不删除条目和明细；清空的单元格清除该字段。
    """
    from xiezuo_cli.edit import transaction
    from xiezuo_cli.excel import read_workbook
    from xiezuo_cli.scan import KINDS

    from .context import ledger_root

    workbook = read_workbook(file)
    if not dry_run:
        write(lambda tx: _apply(tx, workbook, file.name), commit, kinds=KINDS)
        return
    with transaction(ledger_root()) as tx:
        said = _apply(tx, workbook, file.name)
        tx.validate()  # the same checks as a real import, without writing
    if said == NOTHING:
        typer.echo(NOTHING)
    else:
        typer.echo("试运行（--dry-run），未写入任何文件。将要导入：\n" + said.split("\n\n", 1)[1])


def _apply(tx: Transaction, workbook: dict[str, Any], name: str) -> str:
    """Plan the import against the locked ledger and edit the files in the transaction."""
    from xiezuo_cli.excel_apply import apply_plan, summary
    from xiezuo_cli.excel_import import plan_import

    plan = plan_import(tx.ledger, workbook, now())
    for warning in plan.warnings:
        output.warn(f"提示：{warning}")
    if not plan.changed:
        return NOTHING
    apply_plan(tx, plan)
    return summary(tx.ledger, plan, name)
