"""The rows of an export: every sheet of the workbook as plain values (Decimal, date, str, int, None)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from .enums import LabeledEnum
from .excel_layout import ACTUALS, SEPARATORS, SHEETS, TARGETS, Column, SheetDef, T, key_columns
from .facts import project_facts, target_fact, task_facts
from .ledger import Ledger
from .models import Project, Task


@dataclass
class Table:
    sheet: SheetDef
    columns: list[Column]  # the key column(s) first, then the sheet's columns with unit columns spliced in
    rows: list[list[Any]] = field(default_factory=list)


def unit_header(ledger: Ledger, uid: str) -> str:
    return f"{ledger.unit_label(uid)}（{uid}）"


def unit_columns_of(ledger: Ledger) -> list[str]:
    """Units named in any target breakdown or per-unit actual, in order of first appearance."""
    seen: dict[str, None] = {}
    for task in ledger.tasks.values():
        for target in task.targets:
            seen.update(dict.fromkeys(target.breakdown))
        for entry in task.progress:
            for value in entry.actual.values():
                if isinstance(value, dict):
                    seen.update(dict.fromkeys(value))
    return list(seen)


def sheet_columns(sheet: SheetDef, unit_ids: list[str], ledger: Ledger) -> list[Column]:
    columns = key_columns(sheet)
    own = list(sheet.columns)
    if sheet.unit_columns:
        # Unit columns go after the last editable column, before the derived ones.
        split = next((i for i, c in enumerate(own) if c.derived), len(own))
        path_key = "breakdown" if sheet.unit_columns == "breakdown" else "actual"
        units = [Column(unit_header(ledger, u), (path_key, u), T.QTY, width=13) for u in unit_ids]
        own = own[:split] + units + own[split:]
    return columns + own


def cell_of(value: Any, column: Column) -> Any:
    """A ledger value as a cell value: labels for enums, joined lists, Decimal/date kept."""
    if value is None:
        return None
    if isinstance(value, LabeledEnum):
        return value.label
    if column.form in (T.UNITS, T.WORDS, T.PEOPLE):
        items = [str(v) for v in value]
        return ("\n".join(items) if column.one_per_line else join_list(items)) if items else None
    if column.form == T.LONG and isinstance(value, str):
        return value.rstrip("\n")
    return value


def join_list(items: list[str]) -> str:
    if any(ch in item for item in items for ch in SEPARATORS + "\n"):
        return "\n".join(items)
    return "、".join(items)


def get_path(obj: Any, path: tuple[str, ...]) -> Any:
    for step in path:
        if obj is None:
            return None
        obj = obj.get(step) if isinstance(obj, dict) else getattr(obj, step, None)
    return obj


def _flag(value: bool) -> str:
    return "是" if value else "否"


def _task_derived(ledger: Ledger, task: Task, today: date) -> list[Any]:
    st = task_facts(task, ledger.config, today).standing
    return [st.due, _flag(st.overdue), st.light.label, "；".join(st.reasons) or None]


def _project_derived(ledger: Ledger, project: Project, today: date) -> list[Any]:
    pf = project_facts(project, ledger.config, today)
    st = pf.standing
    return [pf.total, pf.disbursed, pf.disbursement_rate, _flag(st.overdue), st.light.label,
            "；".join(st.reasons) or None]


DerivedFn = Callable[[Ledger, Any, date], list[Any]]
MAIN_DERIVED: dict[str, DerivedFn] = {"tasks": _task_derived, "projects": _project_derived}


def _main_rows(ledger: Ledger, table: Table, today: date) -> None:
    sheet = table.sheet
    derive = MAIN_DERIVED.get(sheet.kind)
    for eid, entity in ledger.table(sheet.kind).items():
        row = [eid] + [cell_of(get_path(entity, c.path), c) for c in sheet.columns if not c.derived]
        if derive:
            row += derive(ledger, entity, today)
        table.rows.append(row)


def _target_rows(ledger: Ledger, table: Table, today: date) -> None:
    for tid, task in ledger.tasks.items():
        for i, target in enumerate(task.targets, 1):
            fact = target_fact(task, target, today)
            row: list[Any] = [tid, i]
            for col in table.columns[2:]:
                if col.derived:
                    row.append(fact.actual if col.header == "累计完成" else fact.rate)
                else:
                    row.append(cell_of(get_path(target, col.path), col))
            table.rows.append(row)


def _actual_rows(ledger: Ledger, table: Table, today: date) -> None:
    for tid, task in ledger.tasks.items():
        names = {t.key: t.name for t in task.targets}
        for i, entry in enumerate(task.progress, 1):
            for key, value in entry.actual.items():
                per_unit = value if isinstance(value, dict) else {}
                total = sum(per_unit.values(), Decimal(0)) if isinstance(value, dict) else value
                row: list[Any] = [tid, i]
                for col in table.columns[2:]:
                    if col.header == "指标代码":
                        row.append(key)
                    elif col.header == "合计":
                        row.append(total)
                    elif col.header == "进展日期":
                        row.append(entry.date)
                    elif col.header == "指标名称":
                        row.append(names.get(key))
                    else:
                        row.append(per_unit.get(col.path[-1]))
                table.rows.append(row)


def _item_rows(ledger: Ledger, table: Table, today: date) -> None:
    sheet = table.sheet
    assert sheet.list_key is not None
    for eid, entity in ledger.table(sheet.kind).items():
        for i, item in enumerate(getattr(entity, sheet.list_key), 1):
            table.rows.append([eid, i] + [cell_of(get_path(item, c.path), c) for c in sheet.columns])


def export_tables(ledger: Ledger, today: date) -> list[Table]:
    """Every sheet of the workbook with its rows, as plain values (Decimal, date, str, int, None)."""
    unit_ids = unit_columns_of(ledger)
    tables = []
    for sheet in SHEETS:
        table = Table(sheet, sheet_columns(sheet, unit_ids, ledger))
        if sheet.list_key is None:
            _main_rows(ledger, table, today)
        elif sheet is TARGETS:
            _target_rows(ledger, table, today)
        elif sheet is ACTUALS:
            _actual_rows(ledger, table, today)
        else:
            _item_rows(ledger, table, today)
        tables.append(table)
    return tables
