"""The record cache under <ledger>/.xiezuo/: every file parsed and validated, as msgspec records.

A file's entry is trusted while its size, mtime and inode are unchanged and the cache was written by
the same xiezuo (version and schema sources hashed). Anything unreadable is rebuilt, never trusted.
Files that must be parsed are parsed in worker processes when there are many of them.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from .checkcache import VERSION, FindingRecord, ensure_folder
from .errors import Finding
from .fileio import atomic_write
from .records import RECORD_TYPES, to_record

if TYPE_CHECKING:
    from .ledger import Progress, SourceFile

UnitRecord, TaskRecord, ProjectRecord, MeetingRecord = (
    RECORD_TYPES[k] for k in ("units", "tasks", "projects", "meetings")
)
PARALLEL_THRESHOLD = 400  # below this, worker start-up costs more than it saves
BATCH = 250


class Entry(msgspec.Struct, array_like=True):
    path: str
    stamp: tuple[int, int, int]
    kind: str
    unit: UnitRecord | None = None  # type: ignore[valid-type]
    task: TaskRecord | None = None  # type: ignore[valid-type]
    project: ProjectRecord | None = None  # type: ignore[valid-type]
    meeting: MeetingRecord | None = None  # type: ignore[valid-type]
    findings: list[FindingRecord] = []

    @property
    def record(self) -> Any:
        return {"units": self.unit, "tasks": self.task, "projects": self.project, "meetings": self.meeting}[self.kind]


class Store(msgspec.Struct):
    version: str
    entries: list[Entry]


def _entry(source_kind: str, path: str, stamp: tuple[int, int, int], record: Any, findings: list[Finding]) -> Entry:
    entry = Entry(path, stamp, source_kind, findings=[FindingRecord.of(f) for f in findings])
    if record is not None:
        setattr(entry, source_kind.rstrip("s"), record)
    return entry


def _parse_batch(root: str, batch: list[tuple[str, str, tuple[int, int, int]]]) -> bytes:
    """Worker: read and validate files, return their entries as msgpack."""
    from .ledger import read_entity

    gc.disable()
    out = []
    for kind, path, stamp in batch:
        model, findings = read_entity(Path(root), kind, path)
        out.append(_entry(kind, path, stamp, to_record(kind, model) if model is not None else None, findings))
    return msgspec.msgpack.encode(out)


_ENTRIES = msgspec.msgpack.Decoder(list[Entry])
_STORE = msgspec.msgpack.Decoder(Store)


class RecordCache:
    def __init__(self, root: Path, entries: dict[str, Entry], persistent: bool) -> None:
        self.root = root
        self.entries = entries
        self.persistent = persistent
        self.dirty = False

    @property
    def folder(self) -> Path:
        return self.root / ".xiezuo"

    @classmethod
    def empty(cls, root: Path) -> RecordCache:
        return cls(root, {}, persistent=False)

    @classmethod
    def open(cls, root: Path) -> RecordCache:
        path = root / ".xiezuo" / "records.msgpack"
        entries: dict[str, Entry] = {}
        with contextlib.suppress(OSError, msgspec.DecodeError, msgspec.ValidationError, ValueError):
            enabled = gc.isenabled()
            gc.disable()
            try:
                store = _STORE.decode(path.read_bytes())
            finally:
                if enabled:
                    gc.enable()
            if store.version == VERSION:
                entries = {e.path: e for e in store.entries}
        return cls(root, entries, persistent=True)

    def read(self, files: list[SourceFile], progress: Progress | None) -> dict[str, tuple[Any, list[Finding]]]:
        """(record, file findings) for every file: from the cache when unchanged, else parsed now."""
        stale = [
            f for f in files if (e := self.entries.get(f.path)) is None or tuple(e.stamp) != f.stamp or e.kind != f.kind
        ]
        if stale:
            self.dirty = True
            for entry in self._parse(stale, progress):
                self.entries[entry.path] = entry
        wanted = {f.path for f in files}
        if len(wanted) != len(self.entries):
            self.dirty = True
            self.entries = {p: e for p, e in self.entries.items() if p in wanted}
        return {p: (e.record, [r.finding() for r in e.findings]) for p, e in self.entries.items()}

    def _fresh(self, source: SourceFile) -> bool:
        entry = self.entries.get(source.path)
        return entry is not None and tuple(entry.stamp) == source.stamp and entry.kind == source.kind

    def _parse(self, files: list[SourceFile], progress: Progress | None) -> Iterable[Entry]:
        items = [(f.kind, f.path, f.stamp) for f in files]
        workers = min(os.cpu_count() or 1, 8)
        if len(items) < PARALLEL_THRESHOLD or workers < 2:
            from .ledger import read_entity

            for done, (kind, path, stamp) in enumerate(items, 1):
                model, findings = read_entity(self.root, kind, path)
                yield _entry(kind, path, stamp, to_record(kind, model) if model is not None else None, findings)
                if progress and done % BATCH == 0:
                    progress(done, len(items))
            return
        batches = [items[i : i + BATCH] for i in range(0, len(items), BATCH)]
        done = 0
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for payload in pool.map(_parse_batch, [str(self.root)] * len(batches), batches):
                entries = _ENTRIES.decode(payload)
                done += len(entries)
                if progress:
                    progress(done, len(items))
                yield from entries

    def save(self) -> None:
        if not (self.persistent and self.dirty):
            return
        store = Store(VERSION, sorted(self.entries.values(), key=lambda e: e.path))
        with contextlib.suppress(OSError):
            ensure_folder(self.folder)
            atomic_write(self.folder / "records.msgpack", msgspec.msgpack.encode(store))
