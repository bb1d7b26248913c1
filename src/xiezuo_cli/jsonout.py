"""JSON text with exact decimals: 73.4 stays 73.4, never 73.40000000000001."""

from __future__ import annotations

import functools
from typing import Any


@functools.cache
def _encoder() -> Any:
    import msgspec

    return msgspec.json.Encoder(decimal_format="number")


def dumps(value: Any, indent: int = 2) -> str:
    """JSON of plain data (dict, list, str, Decimal, int, bool, None, date, Enum), decimals as numbers."""
    import msgspec

    encoded: bytes = _encoder().encode(value)
    return msgspec.json.format(encoded, indent=indent).decode("utf-8")
