"""Read the sheets of a workbook into rows of ledger values, checking every cell and header.

Columns are found by their header text, in any order; unknown headers, duplicate headers and bad
cells are collected as messages that name the sheet, row and column (任务!F12).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .errors import XiezuoError
from .excel_cells import CellProblem, Cells, ascii_form, text_of
from .excel_layout import (
    ACTUALS,
    BY_NAME,
    DETAIL_SHEETS,
    MAIN_OF,
    MAIN_SHEETS,
    README_SHEET,
    Column,
    SheetDef,
    T,
    key_columns,
)
from .ledger import Ledger

Grid = list[tuple[Any, ...]]


def letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _norm(header: str) -> str:
    return re.sub(r"\s+", "", ascii_form(header))


@dataclass
class Row:
    sheet: SheetDef
    number: int
    ref: str  # the id cell, e.g. 进展!A7
    eid: str | None = None
    seq: int | None = None
    values: dict[tuple[str, ...], Any] = field(default_factory=dict)
    refs: dict[tuple[str, ...], str] = field(default_factory=dict)


class Reader:
    """Reads the sheets of one workbook against one ledger, collecting every problem."""

    def __init__(self, ledger: Ledger, workbook: dict[str, Grid]) -> None:
        self.ledger = ledger
        self.workbook = workbook
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.sheets: dict[str, tuple[SheetDef, Grid]] = {}
        for name, grid in workbook.items():
            sheet = BY_NAME.get(name.strip())
            if sheet is not None:
                self.sheets[sheet.name] = (sheet, grid)
            elif name.strip() != README_SHEET and any(text_of(v) is not None for row in grid for v in row):
                self.warnings.append(f"工作表“{name}”不是台账的表，已忽略")
        if not any(s.name in self.sheets for s in MAIN_SHEETS + DETAIL_SHEETS):
            raise XiezuoError(
                "工作簿中没有台账的工作表（任务、项目、单位、会议……），请使用 xiezuo export xlsx 导出的工作簿"
            )
        new_units = self._new_entities("units", ("单位名称", "简称"))
        self.cells = Cells(ledger, new_units, set(self._new_entities("tasks", ())))

    def _new_entities(self, kind: str, names: tuple[str, ...]) -> dict[str, list[str]]:
        """Ids in a main sheet that the ledger does not have yet, with the texts of the given columns
        (so that a unit added in this workbook can be named by its name or short name elsewhere)."""
        sheet = MAIN_OF[kind]
        grid = self.sheets.get(sheet.name, (sheet, []))[1]
        headers = [_norm(text_of(v) or "") for v in grid[0]] if grid else []
        if _norm(sheet.id_header) not in headers:
            return {}
        index = headers.index(_norm(sheet.id_header))
        wanted = [headers.index(_norm(n)) for n in names if _norm(n) in headers]
        found: dict[str, list[str]] = {}
        for row in grid[1:]:
            ident = ascii_form((text_of(row[index]) if index < len(row) else None) or "")
            if ident and ident not in self.ledger.table(kind):
                found[ident] = [t for i in wanted if i < len(row) and (t := text_of(row[i]))]
        return found

    def rows(self, sheet: SheetDef) -> list[Row]:
        if sheet.name not in self.sheets:
            return []
        grid = self.sheets[sheet.name][1]
        if not grid:
            return []
        columns = self._header(sheet, grid)
        if columns is None:
            return []
        rows = []
        for number, cells in enumerate(grid[1:], 2):
            row = self._row(sheet, columns, number, cells)
            if row is not None:
                rows.append(row)
        return rows

    def _header(self, sheet: SheetDef, grid: Grid) -> dict[int, Column] | None:
        known = {_norm(c.header): c for c in key_columns(sheet) + list(sheet.columns)}
        known.setdefault(_norm("编号"), key_columns(sheet)[0])
        columns: dict[int, Column] = {}
        seen: dict[str, str] = {}
        for index, raw in enumerate(grid[0]):
            ref = f"{sheet.name}!{letter(index)}1"
            text = text_of(raw)
            if text is None:
                if any(index < len(r) and text_of(r[index]) is not None for r in grid[1:]):
                    self.errors.append(f"{ref}：这一列有内容，但没有列标题")
                continue
            column = known.get(_norm(text)) or self._unit_column(sheet, text, ref)
            if column is None:
                continue
            if column.header in seen:
                self.errors.append(f"{ref}：列“{text}”与 {seen[column.header]} 重复")
                continue
            seen[column.header] = ref
            columns[index] = column
        required = key_columns(sheet) + ([sheet.columns[0]] if sheet is ACTUALS else [])
        for key in required:
            if key.header not in seen:
                self.errors.append(f"{sheet.name}!1：缺少“{key.header}”列")
                return None
        return columns

    def _unit_column(self, sheet: SheetDef, text: str, ref: str) -> Column | None:
        """Unit columns of 量化指标 / 完成数: “砚山县（yanshan）”, a unit id, or a unit's unique name."""
        if not sheet.unit_columns:
            self.errors.append(f"{ref}：不认识的列“{text}”（请使用导出时的列标题）")
            return None
        match = re.fullmatch(r"(.*)\(\s*([^()]+?)\s*\)", ascii_form(text))
        token = match[2] if match else text
        try:
            uid = self.cells.unit(token, "列标题")
        except CellProblem as problem:
            self.errors.append(f"{ref}：不认识的列“{text}”（{problem}）")
            return None
        return Column(text, (sheet.unit_columns, uid), T.QTY)

    def _row(self, sheet: SheetDef, columns: dict[int, Column], number: int, cells: tuple[Any, ...]) -> Row | None:
        def raw(index: int) -> Any:
            return cells[index] if index < len(cells) else None

        if all(text_of(raw(i)) is None for i, c in columns.items() if not c.derived):
            return None
        id_index = next(i for i, c in columns.items() if c.form is T.ID)
        row = Row(sheet, number, f"{sheet.name}!{letter(id_index)}{number}")
        for index, column in columns.items():
            if column.derived:
                continue
            ref = f"{sheet.name}!{letter(index)}{number}"
            try:
                value = self.cells.read(raw(index), column)
            except CellProblem as problem:
                self.errors.append(f"{ref}：{problem}")
                continue
            if column.form is T.ID:
                row.eid = value
            elif column.form is T.SEQ:
                row.seq = value
            else:
                row.values[column.path] = value
                row.refs[column.path] = ref
        if row.eid is None and text_of(raw(id_index)) is None:
            self.errors.append(f"{row.ref}：{sheet.id_header}不能为空")
        if sheet is ACTUALS:
            self._check_actual_row(row, columns)
        return row

    def _check_actual_row(self, row: Row, columns: dict[int, Column]) -> None:
        seq_index = next(i for i, c in columns.items() if c.form is T.SEQ)
        if row.seq is None:
            self.errors.append(f"{row.sheet.name}!{letter(seq_index)}{row.number}：{row.sheet.seq_header}不能为空")
        if ("key",) in row.values and row.values[("key",)] is None:
            self.errors.append(f"{row.refs[('key',)]}：指标代码不能为空")
