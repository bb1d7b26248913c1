"""Numbers as the clerk types them (full-width digits, thousands separators), always Decimal."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－", "0123456789.,-")


def parse_decimal(text: str, what: str = "数值") -> Decimal:
    cleaned = text.translate(_FULLWIDTH).strip().replace(",", "").replace("万元", "").replace("万", "")
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
