"""Numbers as the clerk types them (full-width digits, thousands separators), always Decimal."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_FULLWIDTH = str.maketrans("０１２３４５６７８９．－＋", "0123456789.-+")


_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


def parse_decimal(text: str, what: str = "数值", *, money: bool = False) -> Decimal:
    """A typed number; money may end in 万元 (the ledger's unit). Commas only as thousands separators."""
    cleaned = text.translate(_FULLWIDTH).strip()
    if money:
        cleaned = cleaned.removesuffix("万元").removesuffix("万").strip()
    if "," in cleaned:
        if not _THOUSANDS.match(cleaned):
            raise ValueError(f"{what}“{text}”不是数字（逗号只能用作千位分隔）")
        cleaned = cleaned.replace(",", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"{what}“{text}”不是数字") from None
    if not value.is_finite():
        raise ValueError(f"{what}“{text}”不是有限的数字")
    return value


def money_text(value: Decimal) -> str:
    """Exact decimal text without trailing zeros: 213.40 → 213.4, 200.00 → 200."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"
