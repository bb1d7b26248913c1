"""`check` of an unchanged ledger without loading it: the fingerprint matches the last verdict, so reuse it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .checkcache import saved_check
from .errors import Finding
from .scan import survey


def check_summary(root: Path, progress: Callable[[int, int], None] | None = None) -> tuple[int, list[Finding]]:
    """(files checked, findings) — from the last check when no file changed, else a full check."""
    saved = saved_check(root, survey(root, listing_wanted=False).fingerprint)
    if saved is not None:
        return saved
    from .rules import check  # loads Pydantic and the records: only when needed

    ledger = check(root, progress)
    return len(ledger.paths) + 1, ledger.findings
