"""One family of user-facing errors, and the Finding record every validation returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]
Loc = tuple[str | int, ...]


class XiezuoError(Exception):
    """An error the user can act on: printed as one Chinese sentence, exit code 1."""

    def __init__(self, message: str, findings: list[Finding] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.findings = findings or []


class UsageError(XiezuoError):
    """A malformed request (bad option value): exit code 2."""


def unreadable(exc: OSError, link: bool) -> str:
    """Why a ledger file could not be read, in the words `check` and `diff` both use."""
    if isinstance(exc, PermissionError):
        return "无法读取文件：没有读取权限"
    if isinstance(exc, FileNotFoundError):
        return "无法读取文件：符号链接指向的文件不存在" if link else "无法读取文件：文件不存在"
    return f"无法读取文件（{exc.strerror}）"


@dataclass(slots=True)
class Finding:
    """One problem found in the ledger, located at path:line:col (1-based; 0 when unknown).

    `loc` is the key path inside the file; the line is resolved from it lazily, because the
    fast loader keeps no positions.
    """

    path: str
    severity: Severity
    code: str
    message: str
    loc: Loc = ()
    line: int = 0
    col: int = 0
    extra: dict[str, str] = field(default_factory=dict)

    def format(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}:{self.col or 1}"
        return f"{where}: {self.severity} {self.code}: {self.message}"

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.col, self.code)
