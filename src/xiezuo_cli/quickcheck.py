"""`check` of an unchanged ledger without loading it: the stamps match the last verdict, so reuse it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .checkcache import saved_check, state_digest
from .errors import Finding
from .scan import CONFIG_FILE, file_stamp, scan


def digest_of(stamps: dict[str, str], scan_findings: list[Finding]) -> str:
    """The state digest of a ledger: every file's stamp, and the files that were passed over."""
    every = dict(stamps)
    for f in scan_findings:
        every.setdefault(f.path, "")
    return state_digest(every)


def check_summary(root: Path, progress: Callable[[int, int], None] | None = None) -> tuple[int, list[Finding]]:
    """(files checked, findings) — from the last check when no file changed, else a full check."""
    files, scan_findings = scan(root)
    stamps = {source.path: source.stamp for source in files}
    stamps[CONFIG_FILE] = file_stamp(root / CONFIG_FILE)
    saved = saved_check(root, digest_of(stamps, scan_findings))
    if saved is not None:
        return saved
    from .rules import check

    ledger = check(root, progress)
    return len(ledger.paths) + 1, ledger.findings
