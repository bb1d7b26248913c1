"""`xiezuo check`: validate every file and print each finding as path:line:col.

Parsed by hand rather than through Typer: check runs in pre-commit hooks and CI on every change, and
an unchanged ledger is answered from the last verdict, so start-up is most of its time.
"""

from __future__ import annotations

from xiezuo_cli.errors import UsageError

from .context import ledger_root

FORMATS = ("text", "json", "github")
HELP = """\
用法：xiezuo check [选项]

  校验整个台账：YAML 语法、字段类型、引用的单位和任务、编号唯一及各项规则。
  每条问题输出为“文件:行:列: error|warning 代码: 说明”。有错误时退出码为 1。

选项：
  --format [text|json|github]  输出格式：text、json 或 github（工作流注释）  [默认：text]
  --strict                     有警告也以退出码 1 结束
  -h, --help                   显示本帮助并退出。
"""


def _options(args: list[str]) -> tuple[str, bool] | None:
    fmt, strict = "text", False
    items = iter(args)
    for arg in items:
        name, eq, value = arg.partition("=")
        if name in ("-h", "--help"):
            return None
        if name == "--strict" and not eq:
            strict = True
        elif name == "--format":
            value = value if eq else next(items, "")
            if value not in FORMATS:
                raise UsageError(f"--format 的值无效：“{value}”不在可选值 text、json、github 之中")
            fmt = value
        else:
            raise UsageError(f"没有这个选项：{arg}（运行 xiezuo check --help 查看用法）")
    return fmt, strict


def run_plain(args: list[str]) -> int:
    options = _options(args)
    if options is None:
        print(HELP, end="")
        return 0
    fmt, strict = options
    from xiezuo_cli.quickcheck import check_summary

    from . import output

    files, findings = check_summary(ledger_root(), output.progress_reporter())
    output.print_findings(findings, fmt)
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    if fmt != "json":
        summary = f"已检查 {files} 个文件：{errors} 个错误，{warnings} 个警告"
        (output.warn if findings else output.info)(summary)
    return 1 if errors or (strict and warnings) else 0
