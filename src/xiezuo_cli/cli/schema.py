"""`xiezuo schema [--out DIR]`."""

from __future__ import annotations

from pathlib import Path

import typer

from . import output

app = typer.Typer(add_completion=False, rich_markup_mode=None)


@app.command()
def schema(
    out: Path | None = typer.Option(None, "--out", help="写入此目录（每类一个 .schema.json）；不给则输出到屏幕"),
) -> None:
    """输出 xiezuo.yaml 和单位、任务、项目、会议文件的 JSON Schema，供编辑器校验和补全。

    在 YAML 文件第一行写 “# yaml-language-server: $schema=../schema/task.schema.json” 即可启用。
    """
    from xiezuo_cli.schema import schemas

    files = schemas()
    if out is None:
        for name, text in files.items():
            typer.echo(f"# {name}\n{text}")
        return
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (out / name).write_text(text, "utf-8")
    except OSError as exc:
        from xiezuo_cli.errors import XiezuoError

        raise XiezuoError(f"无法写入 {out}：{exc.strerror or exc}") from None
    output.info(f"已写入 {len(files)} 个文件到 {out}")
