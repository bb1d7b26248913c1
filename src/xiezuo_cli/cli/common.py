"""Helpers shared by the sub-commands: parsing typed values, loading, the write wrapper."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, TypeVar

import typer

from xiezuo_cli.errors import XiezuoError

from . import output
from .context import ledger_root, today

if TYPE_CHECKING:
    from xiezuo_cli.edit import Transaction
    from xiezuo_cli.enums import LabeledEnum
    from xiezuo_cli.ledger import Ledger

E = TypeVar("E", bound="LabeledEnum")


class Fmt(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FORMAT_OPTION = typer.Option(Fmt.table, "--format", help="输出格式：table（表格）、json 或 csv（Excel 可直接打开）")
COMMIT_OPTION = typer.Option(False, "--commit", help="写入后用 git 提交本次修改的文件（只提交这些文件）")


def enum_value(cls: type[E], text: str | None, option: str) -> E | None:
    if text is None:
        return None
    try:
        return cls.parse(text)
    except ValueError as exc:
        raise XiezuoError(f"{option}：{exc}") from None


def date_value(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    from xiezuo_cli.dates import parse_date

    try:
        return parse_date(text)
    except ValueError as exc:
        raise XiezuoError(f"{option}：{exc}") from None


def load() -> Ledger:
    from xiezuo_cli.rules import load_valid

    return load_valid(ledger_root())


def require(ledger: Ledger, kind: str, entity_id: str) -> None:
    from xiezuo_cli.models import KIND_LABELS

    if entity_id not in ledger.table(kind):
        raise XiezuoError(f"{KIND_LABELS[kind]}“{entity_id}”不存在")


def write(action: Callable[[Transaction], str], commit: bool, kinds: tuple[str, ...] = ("units",)) -> None:
    """Run one write under the lock: edit, validate, write atomically, optionally commit.

    kinds: whose records the action needs besides units (the entity it edits is always read).
    """
    from xiezuo_cli.commit import commit_files, ensure_repository
    from xiezuo_cli.edit import transaction

    root = ledger_root()
    with transaction(root, kinds) as tx:
        auto = tx.ledger.config.auto_commit
        if commit or auto:
            ensure_repository(root, "要求提交（--commit）" if commit else "xiezuo.yaml 设置了 auto_commit: true")
        summary = action(tx)
        written = tx.write()
        if not written:
            output.warn("内容没有变化，未写入文件")
            return
        output.info(summary)
        for rel in written:
            output.info(f"  已写入 {rel}")
        if commit or auto:
            sha = commit_files(root, written, summary)
            output.info(f"  已提交 {sha}")


def now() -> date:
    return today()
