"""The global options (--ledger, --today) as the running command sees them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from xiezuo_cli.dates import parse_date
from xiezuo_cli.errors import UsageError


@dataclass
class Settings:
    ledger: str | None = None
    today: str | None = None


SETTINGS = Settings()


def today() -> date:
    """--today, else $XIEZUO_TODAY, else the real date."""
    text = SETTINGS.today if SETTINGS.today is not None else os.environ.get("XIEZUO_TODAY")
    if text is None or (not text.strip() and SETTINGS.today is None):
        return date.today()
    try:
        return parse_date(text)
    except ValueError as exc:
        raise UsageError(f"--today：{exc}") from None


def ledger_root() -> Path:
    from xiezuo_cli.scan import find_root

    return find_root(SETTINGS.ledger)
