"""The only module that imports openpyxl: write the export workbook, read a workbook's cell values.

Decimal money becomes a float only here, at the boundary (ledger amounts have at most 4 decimals, so
the float's repr gives the same digits back); everything above this module sees Decimal.
"""

from __future__ import annotations

import io
import math
import unicodedata
import zipfile
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError, InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .errors import XiezuoError
from .excel_export import Table
from .excel_layout import README, README_SHEET, Column, T

Grid = list[tuple[Any, ...]]

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
DERIVED_HEADER_FILL = PatternFill("solid", fgColor="BFBFBF")
DERIVED_FILL = PatternFill("solid", fgColor="EDEDED")
LIGHT_FILLS = {
    "红灯": PatternFill("solid", fgColor="FFC7CE"),
    "黄灯": PatternFill("solid", fgColor="FFEB9C"),
    "绿灯": PatternFill("solid", fgColor="C6EFCE"),
}
THIN = Side(style="thin", color="BFBFBF")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FORMATS = {T.DATE: "yyyy-mm-dd", T.MONEY: "0.00", T.RATE: "0.0%", T.INT: "0", T.SEQ: "0"}
TEXT_FORMAT_TYPES = (T.ID, T.TEXT, T.UNIT, T.UNITS, T.TASK, T.SLUG, T.WORDS, T.PEOPLE, T.ENUM)
MAX_WIDTH = 40
WRAPPED = (T.LONG, T.WORDS, T.PEOPLE, T.UNITS)
FONT = "Calibri"
LAST_ROW = 1048576
POINTS_PER_LINE = 16  # a line of 11-point CJK text, with leading


def display_width(text: str) -> float:
    """Width in Excel character units: CJK and full-width characters take two."""
    return sum(2.0 if unicodedata.east_asian_width(ch) in "WF" else 1.0 for ch in text)


def cell_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    return value


def _text_of(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal | float | int):
        return f"{value:.2f}" if isinstance(value, Decimal | float) else str(value)
    return str(value)


def _width(column: Column, values: list[Any]) -> float:
    if column.width and column.form in WRAPPED and column.form is not T.UNITS:
        return column.width
    cap = column.width or MAX_WIDTH
    longest = display_width(column.header) + 2.5
    for value in values:
        if value is not None and longest < cap:
            longest = max(longest, max(display_width(line) for line in _text_of(value).split("\n")) + 1.5)
    return max(6.0, min(longest, cap))


def _write_header(ws: Worksheet, columns: Sequence[Column]) -> None:
    for index, column in enumerate(columns, 1):
        cell = ws.cell(row=1, column=index, value=column.header)
        cell.font = Font(name=FONT, size=11, bold=True, color="595959" if column.derived else "000000")
        cell.fill = DERIVED_HEADER_FILL if column.derived else HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BORDER
        if column.note:
            note = Comment(column.note, "xiezuo")
            note.width, note.height = 220, 70
            cell.comment = note


class Styles:
    """One named style per kind of cell, registered once: assigning it is far cheaper than setting a
    cell's font, fill, border and alignment one by one (a large ledger has hundreds of thousands)."""

    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        self.names: dict[tuple[T, bool, str], str] = {}

    def of(self, column: Column, value: Any) -> str:
        light = value if column.derived and isinstance(value, str) and value in LIGHT_FILLS else ""
        key = (column.form, column.derived, light)
        if key not in self.names:
            style = NamedStyle(name=f"xiezuo-{len(self.names) + 1}")
            style.number_format = FORMATS.get(column.form, "@" if column.form in TEXT_FORMAT_TYPES else "General")
            style.alignment = Alignment(vertical="top", wrap_text=column.form in WRAPPED or None)
            style.font = Font(name=FONT, size=11, color="595959" if column.derived else None)
            if column.derived:
                style.fill = LIGHT_FILLS.get(light, DERIVED_FILL)
            self.wb.add_named_style(style)
            self.names[key] = style.name
        return self.names[key]


def _write_cell(ws: Worksheet, styles: Styles, row: int, index: int, column: Column, value: Any) -> None:
    try:
        cell = ws.cell(row=row, column=index, value=cell_value(value))
    except IllegalCharacterError:
        raise XiezuoError(f"{ws.title}表第{row}行“{column.header}”含有 Excel 不允许的控制字符，无法导出") from None
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text, never a formula
    cell.style = styles.of(column, value)


def _row_height(columns: Sequence[Column], values: Sequence[Any], widths: list[float]) -> float:
    """Excel does not grow rows for wrapped text by itself: estimate the lines (a little generously)."""
    lines = 1
    for column, value, width in zip(columns, values, widths, strict=True):
        if column.form in WRAPPED and isinstance(value, str):
            room = max(width - 1.0, 1.0)
            count = sum(max(1, math.ceil(display_width(part) / room)) for part in value.split("\n"))
            lines = max(lines, count)
    return min(lines, 15) * POINTS_PER_LINE + 4


def _validations(ws: Worksheet, columns: Sequence[Column], categories: list[str] | None) -> None:
    for index, column in enumerate(columns, 1):
        choices: list[str] | None = None
        if column.form is T.ENUM and column.enum is not None:
            choices = [member.label for member in column.enum]
        elif column.header == "类别" and ws.title == "任务" and categories:
            choices = categories
        if not choices:
            continue
        formula = '"' + ",".join(choices) + '"'
        if len(formula) > 255 or any("," in c or '"' in c for c in choices):
            continue  # Excel's inline list limit; the import still checks every value
        letter = get_column_letter(index)
        rule = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
                              errorTitle="无效的值", error="请从下拉列表中选择")
        rule.add(f"{letter}2:{letter}{LAST_ROW}")
        ws.add_data_validation(rule)


def _write_table(wb: Workbook, styles: Styles, table: Table, categories: list[str] | None) -> None:
    ws = wb.create_sheet(table.sheet.name)
    columns = table.columns
    _write_header(ws, columns)
    widths = [_width(c, [row[i] for row in table.rows]) for i, c in enumerate(columns)]
    for number, row in enumerate(table.rows, 2):
        for index, (column, value) in enumerate(zip(columns, row, strict=True), 1):
            if value is not None or column.derived:  # blank cells cost time and are the column's format anyway
                _write_cell(ws, styles, number, index, column, value)
        ws.row_dimensions[number].height = _row_height(columns, row, widths)
    for index, (column, width) in enumerate(zip(columns, widths, strict=True), 1):
        dimension = ws.column_dimensions[get_column_letter(index)]
        dimension.width = round(width, 1)
        if column.form in TEXT_FORMAT_TYPES and not column.derived:
            dimension.number_format = "@"  # new rows typed in Excel stay text (2024-12 is an id, not a date)
    header_lines = max(math.ceil(display_width(c.header) * 1.3 / max(w - 1.0, 1.0))  # bold, and breaks at words
                       for c, w in zip(columns, widths, strict=True))
    ws.row_dimensions[1].height = max(2, header_lines) * POINTS_PER_LINE + 4
    keys = 2 if table.sheet.list_key else 1
    ws.freeze_panes = ws.cell(row=2, column=keys + 1)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(len(table.rows) + 1, 2)}"
    _validations(ws, columns, categories)
    _page_setup(ws)


def _page_setup(ws: Worksheet) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.print_options.gridLines = True


def _write_readme(wb: Workbook) -> None:
    ws = wb.create_sheet(README_SHEET)
    ws.column_dimensions["A"].width = 110
    for number, line in enumerate(README, 1):
        cell = ws.cell(row=number, column=1, value=line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.cell(row=1, column=1).font = Font(name=FONT, size=11, bold=True)
    _page_setup(ws)


def workbook_bytes(tables: list[Table], categories: list[str] | None) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    styles = Styles(wb)
    for table in tables:
        _write_table(wb, styles, table, categories)
    _write_readme(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def read_workbook(path: Path) -> dict[str, Grid]:
    """Every sheet's cell values (formulas as their last computed values), by sheet name."""
    if not path.is_file():
        raise XiezuoError(f"找不到工作簿文件：{path}")
    try:
        wb = load_workbook(path, data_only=True, read_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise XiezuoError(f"{path.name} 不是有效的 Excel 工作簿（.xlsx）：{exc}") from None
    try:
        sheets: dict[str, Grid] = {}
        for ws in wb.worksheets:
            sheets[ws.title] = [tuple(row) for row in ws.iter_rows(values_only=True)]
        return sheets
    finally:
        wb.close()
