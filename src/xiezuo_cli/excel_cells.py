"""Cell values as clerks leave them, turned into ledger values — or a Chinese reason why not.

Spaces around a value, full-width digits, dates typed as 2024年6月30日 or 2024/6/30 and numbers stored
as text are normalised; anything that could mean two things is refused, never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from .amounts import parse_decimal
from .dates import parse_date
from .excel_layout import SEPARATORS, Column, T
from .ids import ID_RE, SLUG_RE
from .ledger import Ledger

PLACES = Decimal("0.0001")
FLOAT_NOISE = Decimal("1e-9")
_SPLIT = re.compile(f"[{SEPARATORS}]")
_SPLIT_IDS = re.compile(f"[{SEPARATORS}\\s]+")
DATE_HINT = "（可写作 2024-06-30、2024/6/30 或 2024年6月30日）"


class CellProblem(ValueError):
    """A cell that cannot be read; the message starts with the column's header."""


def ascii_form(text: str) -> str:
    """Full-width letters, digits and punctuation as ASCII (for ids and codes only)."""
    return unicodedata.normalize("NFKC", text).strip()


def text_of(value: Any) -> str | None:
    """Any cell as trimmed text; None for a blank cell."""
    if value is None:
        return None
    if isinstance(value, bool):
        text = "是" if value else "否"
    elif isinstance(value, datetime):
        text = value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    elif isinstance(value, date):
        text = value.isoformat()
    elif isinstance(value, float):
        text = str(int(value)) if value.is_integer() else repr(value)
    else:
        text = str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return text or None


def split_list(text: str) -> list[str]:
    parts = text.split("\n") if "\n" in text else _SPLIT.split(text)
    return [p.strip() for p in parts if p.strip()]


class Cells:
    """Reads the cells of one import: knows the ledger's units and tasks, and the ones being added."""

    def __init__(self, ledger: Ledger, new_units: dict[str, list[str]], new_tasks: set[str]) -> None:
        """new_units: id → name and short name of the units this workbook adds."""
        self.ledger = ledger
        self.unit_ids = set(ledger.units) | set(new_units)
        self.task_ids = set(ledger.tasks) | new_tasks
        self.by_name: dict[str, list[str]] = {}
        names = {uid: [unit.name, unit.short] for uid, unit in ledger.units.items()} | new_units
        for uid, texts in names.items():
            for name in dict.fromkeys(t for t in texts if t):
                self.by_name.setdefault(name, []).append(uid)

    def read(self, value: Any, column: Column) -> Any:
        """The ledger value of a cell (None when blank); raises CellProblem."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        kind = column.form
        header = column.header
        if kind in (T.QTY, T.MONEY, T.INT, T.SEQ):
            number = self.number(value, header, money=kind is T.MONEY)
            if kind in (T.INT, T.SEQ):
                if number != number.to_integral_value():
                    raise CellProblem(f"{header}“{text_of(value)}”不是整数")
                if kind is T.SEQ and number < 1:
                    raise CellProblem(f"{header}应为 1 起的序号，而不是“{text_of(value)}”")
                return int(number)
            return number
        if kind is T.DATE:
            return self.date(value, header)
        if isinstance(value, datetime | date) and kind is not T.TEXT and kind is not T.LONG:
            raise CellProblem(f"{header}应为文字，而 Excel 把“{text_of(value)}”存成了日期（请把单元格设为文本格式）")
        text = text_of(value)
        assert text is not None
        return self._text(text, column)

    def _text(self, text: str, column: Column) -> Any:
        kind, header = column.form, column.header
        if kind is T.ENUM:
            assert column.enum is not None
            try:
                return column.enum.parse(text)
            except ValueError:
                labels = "、".join(m.label for m in column.enum)
                raise CellProblem(f"{header}“{text}”不是有效值，可选：{labels}") from None
        if kind is T.ID:
            return self.identifier(text, header)
        if kind is T.SLUG:
            slug = ascii_form(text)
            if not SLUG_RE.match(slug):
                raise CellProblem(f"{header}“{text}”无效：只能用英文字母、数字、下划线和连字符")
            return slug
        if kind is T.UNIT:
            return self.unit(text, header)
        if kind is T.UNITS:
            return [self.unit(part, header) for part in _SPLIT_IDS.split(text) if part.strip()]
        if kind is T.PEOPLE:
            return [self.person(part, header) for part in split_list(text)]
        if kind is T.WORDS:
            return split_list(text)
        if kind is T.TASK:
            tid = self.identifier(text, header)
            if tid not in self.task_ids:
                raise CellProblem(f"{header}“{text}”不存在（请填写“任务”表中的编号）")
            return tid
        return text

    @staticmethod
    def number(value: Any, header: str, money: bool = False) -> Decimal:
        if isinstance(value, bool) or isinstance(value, datetime | date | time):
            raise CellProblem(f"{header}“{text_of(value)}”不是数字")
        if isinstance(value, int):
            number = Decimal(value)
        elif isinstance(value, float):
            number = Decimal(repr(value))
        else:
            try:
                number = parse_decimal(str(value), header, money=money)
            except ValueError as exc:
                raise CellProblem(str(exc)) from None
        if not number.is_finite():
            raise CellProblem(f"{header}“{text_of(value)}”不是数字")
        if number < 0:
            raise CellProblem(f"{header}不能为负数（“{text_of(value)}”）")
        rounded = number.quantize(PLACES) if number.adjusted() < 20 else number
        if rounded != number:
            # A float such as 0.30000000000000004 is 0.3; a typed 1.23456 has more places than the ledger keeps.
            if not isinstance(value, float) or abs(rounded - number) > FLOAT_NOISE:
                raise CellProblem(f"{header}“{text_of(value)}”小数位过多（最多 4 位）")
            number = rounded
        number = number.normalize()
        return number.quantize(Decimal(1)) if number == number.to_integral_value() else number

    @staticmethod
    def date(value: Any, header: str) -> date:
        if isinstance(value, datetime):
            if value.time() != time():
                raise CellProblem(f"{header}“{text_of(value)}”带有时刻，应只填日期")
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return parse_date(value)
            except ValueError:
                pass
        raise CellProblem(f"{header}“{text_of(value)}”不是日期{DATE_HINT}")

    @staticmethod
    def identifier(text: str, header: str) -> str:
        ident = ascii_form(text)
        if not ID_RE.match(ident) or ident in (".", ".."):
            raise CellProblem(f"{header}“{text}”不是有效编号（字母或数字开头，只含字母、数字和 . _ -）")
        return ident

    def unit(self, text: str, header: str) -> str:
        uid = ascii_form(text)
        if uid in self.unit_ids:
            return uid
        matches = self.by_name.get(text.strip(), [])
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise CellProblem(f"{header}“{text}”不唯一（{'、'.join(sorted(matches))}），请填写单位编号")
        raise CellProblem(f"{header}“{text}”不存在（请填写“单位”表中的编号）")

    def person(self, text: str, header: str) -> str:
        """A unit id, or free text (a name, “各街道分管领导”); an unknown id-like word is an error."""
        uid = ascii_form(text)
        if uid in self.unit_ids:
            return uid
        if uid.isascii() and ID_RE.match(uid):
            raise CellProblem(f"{header}“{text}”不是已有的单位编号（请填写“单位”表中的编号，或写单位全称）")
        return text.strip()
