"""Files shipped with xiezuo: report templates and the example ledger.

In a wheel they sit inside the package (hatch force-include); in a source checkout they are the
repository's top-level templates/ and ledger/.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_REPO = _PACKAGE.parent.parent


def _shipped(packaged: str, in_repo: str) -> Path:
    inside = _PACKAGE / packaged
    return inside if inside.is_dir() else _REPO / in_repo


def templates_dir() -> Path:
    return _shipped("templates", "templates")


def example_ledger() -> Path:
    return _shipped("example", "ledger")
