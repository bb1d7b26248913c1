"""Dates and months as the clerk types them: 2024-06-30, 2024/6/30, 2024年6月30日."""

from __future__ import annotations

import re
from datetime import date, timedelta

_FULLWIDTH = str.maketrans("０１２３４５６７８９／－．", "0123456789/-.")
_DATE = re.compile(r"^\s*(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?\s*$")
_MONTH = re.compile(r"^\s*(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*月?\s*$")


def parse_date(text: str) -> date:
    """Parse a typed date; ValueError with a Chinese message otherwise."""
    match = _DATE.match(text.translate(_FULLWIDTH))
    if match and 1900 <= int(match[1]) <= 2200:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    raise ValueError(f"“{text}”不是有效日期（可写作 2024-06-30、2024/6/30 或 2024年6月30日）")


def parse_month(text: str) -> tuple[int, int]:
    match = _MONTH.match(text.translate(_FULLWIDTH))
    if match and 1 <= int(match[2]) <= 12 and 1900 <= int(match[1]) <= 2200:
        return int(match[1]), int(match[2])
    raise ValueError(f"“{text}”不是有效月份（可写作 2024-06 或 2024年6月）")


def month_end(year: int, month: int) -> date:
    first_next = date(year + month // 12, month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def chinese(day: date) -> str:
    """2024-06-30 → 2024年6月30日."""
    return f"{day.year}年{day.month}月{day.day}日"


def iso(day: date | None) -> str:
    return day.isoformat() if day else ""
