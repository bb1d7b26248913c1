"""Command-line entry point. Sub-commands are imported only when they run, so `--help` stays fast."""

from __future__ import annotations

import sys


def main() -> None:
    from .app import run

    sys.exit(run(sys.argv[1:]))
