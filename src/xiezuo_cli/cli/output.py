"""The only module that imports rich: tables, JSON and CSV, findings and errors."""

from __future__ import annotations

import csv
import io
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from rich.console import Console

from xiezuo_cli.errors import Finding, XiezuoError
from xiezuo_cli.jsonout import dumps

Format = Literal["table", "json", "csv"]
Row = dict[str, Any]
LIGHT_STYLES = {
    "red": ("●红", "bold red"),
    "yellow": ("●黄", "bold yellow"),
    "green": ("●绿", "green"),
    "done": ("✓完成", "dim"),
}


def console(err: bool = False) -> Console:
    from rich.console import Console

    width = None if sys.stdout.isatty() else int(os.environ.get("COLUMNS", "120"))
    return Console(stderr=err, width=width, highlight=False, soft_wrap=False)


@dataclass(frozen=True)
class Column:
    header: str
    text: Callable[[Row], str]
    justify: Literal["left", "right", "center"] = "left"
    style: Callable[[Row], str] | None = None
    no_wrap: bool = False
    min_width: int | None = None


def emit(
    rows: Sequence[Row],
    columns: Sequence[Column],
    fmt: Format,
    title: str | None = None,
    csv_columns: Sequence[Column] | None = None,
) -> None:
    """Print rows as a rich table, a JSON list of objects (the rows as given) or CSV with a BOM.

    csv_columns: for spreadsheets, where each fact gets its own column (the table packs them)."""
    if fmt == "json":
        sys.stdout.write(dumps(list(rows)) + "\n")
    elif fmt == "csv":
        columns = csv_columns or columns
        write_csv([[c.header for c in columns], *[[c.text(r) for c in columns] for r in rows]])
    elif not rows:
        sys.stdout.write("没有符合条件的记录（共 0 条）\n")
    else:
        from rich.table import Table
        from rich.text import Text

        out = console()
        table = Table(title=title, header_style="bold", show_lines=False, expand=False)
        for col in columns:
            table.add_column(
                col.header, justify=col.justify, no_wrap=col.no_wrap, overflow="fold", min_width=col.min_width
            )
        for row in rows:
            table.add_row(*[Text(c.text(row), style=c.style(row) if c.style else "") for c in columns])
        out.print(table)
        out.print(f"共 {len(rows)} 条", style="dim")


def write_csv(cells: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(cells)
    sys.stdout.buffer.write(buf.getvalue().encode("utf-8-sig"))
    sys.stdout.flush()


def light_text(light: str, reasons: Sequence[str] = ()) -> str:
    mark = LIGHT_STYLES.get(light, (light, ""))[0]
    return f"{mark} {'；'.join(reasons)}".strip()


def light_style(light: str) -> str:
    return LIGHT_STYLES.get(light, ("", ""))[1]


Line = str | tuple[str, str]


def print_lines(lines: Sequence[Line]) -> None:
    """Print lines; a (text, style) pair is styled (bold, red, …) on a terminal, plain text otherwise."""
    if not sys.stdout.isatty():
        sys.stdout.write("".join((line if isinstance(line, str) else line[0]) + "\n" for line in lines))
        return
    from rich.text import Text

    out = console()
    for line in lines:
        text, style = (line, "") if isinstance(line, str) else line
        out.print(Text(text, style=style))


def print_findings(findings: Sequence[Finding], fmt: str) -> None:
    from rich.text import Text

    if fmt == "json":
        sys.stdout.write(
            dumps(
                [
                    {
                        "path": f.path,
                        "line": f.line,
                        "col": f.col,
                        "severity": f.severity,
                        "code": f.code,
                        "message": f.message,
                    }
                    for f in findings
                ]
            )
            + "\n"
        )
        return
    for f in findings:
        if fmt == "github":
            level = "error" if f.severity == "error" else "warning"
            message = f.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            sys.stdout.write(f"::{level} file={f.path},line={f.line or 1},col={f.col or 1},title={f.code}::{message}\n")
        else:
            console().print(Text(f.format(), style="red" if f.severity == "error" else "yellow"), soft_wrap=True)


def print_error(exc: XiezuoError) -> None:
    from rich.text import Text

    err = console(err=True)
    err.print(Text(f"错误：{exc.message}", style="bold red"), soft_wrap=True)
    shown = exc.findings[:20]
    for f in shown:
        err.print(Text("  " + f.format(), style="red" if f.severity == "error" else "yellow"), soft_wrap=True)
    if len(exc.findings) > len(shown):
        err.print(f"  ……另有 {len(exc.findings) - len(shown)} 条，运行 xiezuo check 查看全部")


def _say(message: str, style: str) -> None:
    if not sys.stderr.isatty():  # plain text: no need to load rich
        sys.stderr.write(message + "\n")
        return
    from rich.text import Text

    console(err=True).print(Text(message, style=style))


def info(message: str) -> None:
    _say(message, "green")


def warn(message: str) -> None:
    _say(message, "yellow")


class _ProgressBar:
    """A rich progress bar on stderr for cold loads, shown only on a terminal and only after a pause."""

    def __init__(self) -> None:
        from rich.progress import Progress

        self._bar = Progress(console=console(err=True), transient=True)
        self._task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self._task is None:
            self._bar.start()
            self._task = self._bar.add_task("正在读取台账文件", total=total)
        self._bar.update(self._task, completed=done, total=total)
        if done >= total:
            self._bar.stop()


def progress_reporter() -> Callable[[int, int], None] | None:
    return _ProgressBar() if sys.stderr.isatty() else None
