"""The top-level command: global options, lazily loaded sub-commands, one error handler.

The dispatcher is plain Python so that `xiezuo --help` imports nothing heavy; each sub-command is a
Typer app imported only when it runs.
"""

from __future__ import annotations

import gc
import importlib
import io
import os
import re
import sys
from contextlib import redirect_stdout
from typing import Any

from xiezuo_cli import __version__
from xiezuo_cli.errors import UsageError, XiezuoError

from .context import SETTINGS

# name → (module in this package, one-line help).
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

HELP = """\
用法：xiezuo [全局选项] 命令 [参数]…

  xiezuo（协作）：东西部协作和对口支援工作台账。
  台账是 git 仓库中的一组 YAML 文件；用本工具查询、更新台账，生成月度通报和会议纪要。

全局选项（写在命令之前）：
  --ledger PATH   台账目录（默认：$XIEZUO_LEDGER、向上查找 xiezuo.yaml，或 ./ledger）
  --today DATE    把这一天当作“今天”计算逾期和预警（默认：$XIEZUO_TODAY 或系统日期）
  --version       显示版本并退出
  -h, --help      显示本帮助并退出

命令：
{commands}

运行“xiezuo 命令 --help”查看某个命令的用法，例如 xiezuo task list --help。
"""

# Typer's vendored click prints these few words in English.
_HELP_WORDS = [
    (r"^Usage: ", "用法："),
    (r"^Options:$", "选项："),
    (r"^Arguments:$", "参数："),
    (r"^Commands:$", "命令："),
    (r"Show this message and exit\.", "显示本帮助并退出。"),
    (r"\[required\]", "[必填]"),
    (r"\[default:\s+([^\]]*)\]", r"[默认：\1]"),
    (r"\[x>=(\d+)\]", r"[≥\1]"),
    (r"\[OPTIONS\]", "[选项]"),
    (r"COMMAND \[ARGS\]\.\.\.", "命令 [参数]…"),
]
# Typer's type hints after option names (<str>, <path>…) mean nothing to a clerk; blanking them keeps columns aligned.
_TYPE_HINT = re.compile(r" <(?:str|path|int|int range|integer|list\[str\]|text)>")


def _top_help() -> str:
    width = max(len(name) for name in COMMANDS)
    lines = [f"  {name.ljust(width)}  {text}" for name, (_, text) in COMMANDS.items()]
    return HELP.format(commands="\n".join(lines))


def _split_globals(args: list[str]) -> tuple[list[str], str | None]:
    """Consume the global options; returns (the rest, an immediate action: help/version)."""
    rest = list(args)
    while rest and rest[0].startswith("-"):
        arg = rest.pop(0)
        name, eq, value = arg.partition("=")
        if name in ("-h", "--help"):
            return rest, "help"
        if name == "--version":
            return rest, "version"
        if name not in ("--ledger", "--today"):
            raise UsageError(f"没有这个全局选项：{name}（全局选项只有 --ledger、--today、--version、--help）")
        if not eq:
            if not rest:
                raise UsageError(f"选项 {name} 需要一个值")
            value = rest.pop(0)
        setattr(SETTINGS, name[2:], value)
    return rest, None


def _pull_globals(args: list[str]) -> list[str]:
    """Accept --ledger and --today after the command too (`xiezuo check --ledger X`)."""
    rest: list[str] = []
    items = iter(args)
    for arg in items:
        name, eq, value = arg.partition("=")
        if name in ("--ledger", "--today") and "--" not in rest:
            if not eq:
                value = next(items, "")
                if not value:
                    raise UsageError(f"选项 {name} 需要一个值")
            setattr(SETTINGS, name[2:], value)
        else:
            rest.append(arg)
    return rest


def _usage_message(exc: Exception) -> str:
    kind = type(exc).__name__
    if kind == "NoSuchOption":
        guess = getattr(exc, "possibilities", None)
        hint = f"（是否想用 {'、'.join(guess)}？）" if guess else ""
        return f"没有这个选项：{getattr(exc, 'option_name', '')}{hint}"
    if kind == "MissingParameter":
        param = getattr(exc, "param", None)
        opts = getattr(param, "opts", None) or [getattr(param, "name", "")]
        shown = opts[0] if opts and str(opts[0]).startswith("-") else str(getattr(param, "name", "")).upper()
        return f"缺少{'选项' if str(shown).startswith('-') else '参数'} {shown}"
    if kind == "BadParameter":
        param = getattr(exc, "param", None)
        opts = getattr(param, "opts", None) or [""]
        message = getattr(exc, "message", str(exc))
        message = re.sub(
            r"'([^']*)' is not one of (.*)\.", r"“\1”不在可选值 \2 之中", message.replace("Value error, ", "")
        )
        message = re.sub(r"'([^']*)' is not a valid integer\.?", r"“\1”不是整数", message)
        message = re.sub(r"Input should be greater than or equal to (\S+)", r"应不小于 \1", message)
        message = re.sub(r"Input should be a valid integer.*", "应为整数", message)
        return f"{opts[0]} 的值无效：{message}"
    if kind == "BadOptionUsage" and "requires an argument" in str(exc):
        return f"选项 {getattr(exc, 'option_name', '')} 需要一个值"
    text = str(getattr(exc, "message", exc))
    text = re.sub(r"Got unexpected extra arguments? \((.*)\)", r"多余的参数：\1", text)
    return text.replace("Missing command.", "缺少子命令")


def _run_command(name: str, rest: list[str]) -> int:
    module = importlib.import_module(f"{__package__}.{COMMANDS[name][0]}")
    if hasattr(module, "run_plain"):  # a command that parses its few options itself, for speed
        code: int = module.run_plain(rest)
        return code
    import typer.main

    command = typer.main.get_command(module.app)
    wants_help = any(a in ("-h", "--help") for a in rest) or (not rest and hasattr(command, "commands"))
    if not wants_help:
        result: Any = command.main(rest, prog_name=f"xiezuo {name}", standalone_mode=False)
        return result if isinstance(result, int) else 0
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        try:
            command.main(rest or ["--help"], prog_name=f"xiezuo {name}", standalone_mode=False)
        except Exception as exc:
            if type(exc).__name__ != "Exit":
                raise
    text = buffer.getvalue()
    for pattern, replacement in _HELP_WORDS:
        text = re.sub(pattern, replacement, text, flags=re.MULTILINE)
    text = _TYPE_HINT.sub(lambda match: " " * len(match.group(0)), text)
    sys.stdout.write(text)
    return 0


def run(args: list[str]) -> int:
    """Run the CLI; every outcome becomes an exit code (0 ok, 1 user error, 2 usage, 130 Ctrl-C)."""
    from .output import print_error

    # A command builds up to a few hundred thousand small, acyclic objects (the records it reads) that live
    # until it exits; at the default threshold (700) the cyclic collector would rescan them hundreds of times.
    gc.set_threshold(100_000, 20, 20)
    SETTINGS.ledger = SETTINGS.today = None
    try:
        rest, action = _split_globals(args)
        if action == "help" or (action is None and not rest):
            sys.stdout.write(_top_help())
            return 0 if action == "help" else 2
        if action == "version":
            sys.stdout.write(f"xiezuo {__version__}\n")
            return 0
        name = rest[0]
        rest = [name, *_pull_globals(rest[1:])]
        if name not in COMMANDS:
            raise UsageError(f"没有这个命令：{name}（运行 xiezuo --help 查看全部命令）")
        return _run_command(name, rest[1:])
    except XiezuoError as exc:
        print_error(exc)
        return 2 if isinstance(exc, UsageError) else 1
    except KeyboardInterrupt:
        sys.stderr.write("已中止。\n")
        return 130
    except BrokenPipeError:
        return 1
    except Exception as exc:
        return _unexpected(exc, args)


def _unexpected(exc: Exception, args: list[str]) -> int:
    kind = type(exc).__name__
    if kind == "Exit":
        return int(getattr(exc, "exit_code", 0))
    if kind == "Abort":
        sys.stderr.write("已中止。\n")
        return 130
    code = getattr(exc, "exit_code", None)
    if isinstance(code, int) and hasattr(exc, "format_message"):  # typer's click usage errors
        name = next((a for a in args if a in COMMANDS), "")
        sys.stderr.write(f"错误：{_usage_message(exc)}\n运行“xiezuo {name} --help”查看用法。\n".replace("  ", " "))
        return code
    if os.environ.get("XIEZUO_DEBUG"):
        raise exc
    sys.stderr.write(f"错误：程序内部错误（{kind}: {exc}）。设置 XIEZUO_DEBUG=1 可查看详细信息。\n")
    return 1
