"""The last check's verdict under <ledger>/.xiezuo/, and the version that every cache entry carries.

Kept free of Pydantic: a check of an unchanged ledger reads only stamps and this small file.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

import msgspec

from . import __version__
from .errors import Finding
from .fileio import atomic_write


class FindingRecord(msgspec.Struct, array_like=True):
    path: str
    severity: str
    code: str
    message: str
    line: int
    col: int

    @classmethod
    def of(cls, f: Finding) -> FindingRecord:
        return cls(f.path, f.severity, f.code, f.message, f.line, f.col)

    def finding(self) -> Finding:
        return Finding(self.path, self.severity, self.code, self.message, (), self.line, self.col)  # type: ignore[arg-type]


class CheckResult(msgspec.Struct):
    version: str
    digest: str
    files: int
    findings: list[FindingRecord]
    evidence: list[str] = []  # evidence paths the entries name: their existence is part of the verdict
    present: list[bool] = []


def _version() -> str:
    """xiezuo's version and the sources that decide what a valid record is."""
    digest = hashlib.sha256(__version__.encode())
    here = Path(__file__).parent
    for name in ("models.py", "enums.py", "validation.py", "yamlio.py", "yamledit.py", "records.py", "cache.py"):
        with contextlib.suppress(OSError):
            digest.update((here / name).read_bytes())
    return digest.hexdigest()[:16]


VERSION = _version()
_CHECK = msgspec.msgpack.Decoder(CheckResult)


def ensure_folder(folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# xiezuo 的锁文件和缓存，不纳入版本管理\n*\n", "utf-8")


def _present(root: Path, paths: list[str]) -> list[bool]:
    return [(root / p).is_file() for p in paths]


def saved_check(root: Path, digest: str) -> tuple[int, list[Finding]] | None:
    """The findings of the last check when the ledger (and the evidence it names) is exactly as then."""
    try:
        result = _CHECK.decode((root / ".xiezuo" / "check.msgpack").read_bytes())
    except (OSError, msgspec.DecodeError, msgspec.ValidationError, ValueError):
        return None
    if result.version != VERSION or result.digest != digest or _present(root, result.evidence) != result.present:
        return None
    return result.files, [r.finding() for r in result.findings]


def save_check(root: Path, digest: str, files: int, findings: list[Finding], evidence: list[str]) -> None:
    result = CheckResult(
        VERSION, digest, files, [FindingRecord.of(f) for f in findings], evidence, _present(root, evidence)
    )
    with contextlib.suppress(OSError):
        ensure_folder(root / ".xiezuo")
        atomic_write(root / ".xiezuo" / "check.msgpack", msgspec.msgpack.encode(result))
