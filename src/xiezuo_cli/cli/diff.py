"""`xiezuo diff [REV_A [REV_B]]`: the ledger's semantic change between two versions."""

from __future__ import annotations

import sys
from enum import StrEnum

import typer

from . import output
from .context import ledger_root

app = typer.Typer(add_completion=False, rich_markup_mode=None)


class DiffFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


@app.command()
def diff(
    revs: list[str] | None = typer.Argument(None, metavar="版本", help="两个 git 版本，或 A..B、A...B"),
    fmt: DiffFormat = typer.Option(
        DiffFormat.text, "--format", help="输出格式：text、markdown（贴到合并请求）或 json", show_default=False
    ),
) -> None:
    """比较两个版本之间台账的实际变化：哪些任务销号、哪个时限推迟、拨付了多少资金……

    不给版本时比较 HEAD 与工作区；给一个版本时比较该版本与工作区；A..B 比较 A 与 B；
    A...B 比较 A、B 的分叉点与 B（即合并请求带来的变化）。最后列出本次变更新增或修正的校验问题。
    """
    from xiezuo_cli.changeset import diff as semantic_diff
    from xiezuo_cli.diffview import json_items, markdown, text_lines
    from xiezuo_cli.jsonout import dumps

    result = semantic_diff(ledger_root(), list(revs or []))
    if fmt is DiffFormat.json:
        sys.stdout.write(dumps(json_items(result)) + "\n")
    elif fmt is DiffFormat.markdown:
        sys.stdout.write(markdown(result))
    else:
        output.print_lines(text_lines(result))
