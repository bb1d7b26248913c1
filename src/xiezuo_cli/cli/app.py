"""The top-level command: global options, lazily loaded sub-commands, one error handler."""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from .. import __version__
from ..errors import UsageError, XiezuoError
from . import zh
from .context import SETTINGS

# name → (module, one-line help). Modules load only when their command runs.
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("init", "创建台账（不在 git 仓库中时同时 git init），可带示例数据"),
    "check": ("check", "校验整个台账：YAML 语法、字段、引用、编号和各项规则"),
    "task": ("task", "任务：查询、新增、更新进展、延期、销号"),
    "project": ("project", "项目：查询、新增、更新、拨付"),
    "unit": ("unit", "单位：查询、新增"),
    "meeting": ("meeting", "会议：查询、新增、登记议定事项"),
    "report": ("report", "生成月度通报和会议纪要（Markdown 或 Word）"),
    "diff": ("diff", "比较两个版本之间台账的实际变化（语义差异）"),
    "log": ("log", "查看某个条目在 git 中的变更历史"),
    "export": ("excel", "导出台账为 Excel 工作簿"),
    "import": ("excel_import", "从 Excel 工作簿导入台账"),
    "schema": ("schema", "输出各类文件的 JSON Schema，供编辑器校验和补全"),
}

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        import typer.main  # noqa: PLC0415

        module = importlib.import_module(f"{__package__}.{COMMANDS[cmd_name][0]}")
        command = typer.main.get_command(module.app)
        command.name = cmd_name
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("命令"):
            formatter.write_dl([(name, help_text) for name, (_, help_text) in COMMANDS.items()])


def _version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(f"xiezuo {__version__}")
        ctx.exit(0)


@click.group(cls=LazyGroup, context_settings=CONTEXT, invoke_without_command=False)
@click.option("--ledger", metavar="PATH", help="台账目录（默认：$XIEZUO_LEDGER、向上查找 xiezuo.yaml，或 ./ledger）")
@click.option("--today", metavar="DATE", help="把这一天当作“今天”计算逾期、预警（默认：$XIEZUO_TODAY 或系统日期）")
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_version, help="显示版本并退出")
def cli(ledger: str | None, today: str | None) -> None:
    """xiezuo（协作）：东西部协作和对口支援工作台账。

    台账是 git 仓库中的一组 YAML 文件；用本工具查询、更新台账，生成月度通报和会议纪要。
    """
    SETTINGS.ledger = ledger
    SETTINGS.today = today


def run(args: list[str]) -> int:
    """Run the CLI and turn every outcome into an exit code (0 ok, 1 user error, 2 usage, 130 Ctrl-C)."""
    zh.install()
    try:
        result: Any = cli.main(args, prog_name="xiezuo", standalone_mode=False)
        return result if isinstance(result, int) else 0
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except (click.Abort, KeyboardInterrupt):
        click.echo("已中止。", err=True)
        return 130
    except XiezuoError as exc:
        from .output import print_error  # noqa: PLC0415

        print_error(exc)
        return 2 if isinstance(exc, UsageError) else 1
    except BrokenPipeError:
        sys.stderr.close()
        return 1
    except Exception as exc:
        if type(exc).__name__ == "Exit" and isinstance(getattr(exc, "exit_code", None), int):
            return int(exc.exit_code)  # typer.Exit, raised by sub-commands
        if os.environ.get("XIEZUO_DEBUG"):
            raise
        click.echo(f"错误：程序内部错误（{type(exc).__name__}: {exc}）。设置 XIEZUO_DEBUG=1 可查看详细信息。", err=True)
        return 1
