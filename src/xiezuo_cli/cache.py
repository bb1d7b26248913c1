"""The record cache under <ledger>/.xiezuo/: every file parsed and validated, as msgspec records.

An entry is trusted while the file's stamp (git blob id, or size + mtime + inode) is unchanged and the
cache was written by the same xiezuo (version and schema sources hashed). Anything unreadable is
rebuilt, never trusted. Files that must be parsed are parsed in worker processes when there are many.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from .checkcache import VERSION, FindingRecord, ensure_folder
from .errors import Finding
from .fileio import atomic_write
from .records import NO_RECORD, to_record
from .tables import decode_record

if TYPE_CHECKING:
    from .ledger import Progress
    from .scan import SourceFile

PARALLEL_THRESHOLD = 400  # below this, starting workers costs more than it saves
BATCH = 250


class Entry(msgspec.Struct, array_like=True):
    """One parsed file, as a worker process sends it back."""

    path: str
    stamp: str
    kind: str
    record: msgspec.Raw = NO_RECORD  # the record's msgpack, decoded when a command reads it (tables.Table)
    findings: list[FindingRecord] = []


class Store(msgspec.Struct, array_like=True):
    """One kind's cache file, by column: three lists decode much faster than 25,000 small objects."""

    version: str
    paths: list[str]
    stamps: list[str]
    records: list[msgspec.Raw]  # NO_RECORD for a file that did not validate
    findings: dict[str, list[FindingRecord]] = {}  # path → findings, for the files that have any


class Column:
    """One kind's entries in memory: by path, its stamp, its record (bytes, or decoded) and its findings."""

    def __init__(self, store: Store | None = None) -> None:
        self.stamps: dict[str, str] = dict(zip(store.paths, store.stamps, strict=True)) if store else {}
        self.records: dict[str, Any] = dict(zip(store.paths, store.records, strict=True)) if store else {}
        self.findings: dict[str, list[FindingRecord]] = dict(store.findings) if store else {}

    def put(self, entry: Entry, record: Any) -> None:
        self.stamps[entry.path] = entry.stamp
        self.records[entry.path] = record
        if entry.findings:
            self.findings[entry.path] = entry.findings
        else:
            self.findings.pop(entry.path, None)

    def keep(self, wanted: set[str]) -> None:
        self.stamps = {p: s for p, s in self.stamps.items() if p in wanted}
        self.records = {p: r for p, r in self.records.items() if p in wanted}
        self.findings = {p: f for p, f in self.findings.items() if p in wanted}

    def store(self) -> Store:
        paths = sorted(self.stamps)
        return Store(
            VERSION,
            paths,
            [self.stamps[p] for p in paths],
            [self.records[p] for p in paths],
            {p: self.findings[p] for p in paths if p in self.findings},
        )


_ENTRIES = msgspec.msgpack.Decoder(list[Entry])
_STORE = msgspec.msgpack.Decoder(Store)


def _entry(kind: str, path: str, stamp: str, model: Any, data: Any, findings: list[Finding]) -> Entry:
    record = msgspec.Raw(msgspec.msgpack.encode(to_record(kind, model, data))) if model is not None else NO_RECORD
    return Entry(path, stamp, kind, record, [FindingRecord.of(f) for f in findings])


def _parse_batch(root: str, batch: list[tuple[str, str, str]]) -> bytes:
    """Worker: read and validate files, return their entries as msgpack."""
    from .ledger import read_entity_data

    gc.disable()
    base = Path(root)
    out = [_entry(kind, path, stamp, *read_entity_data(base, kind, path)) for kind, path, stamp in batch]
    return msgspec.msgpack.encode(out)


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Building many small objects that live as long as the command: the cyclic collector would
    scan them again and again for nothing, so it is off meanwhile and they are frozen afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


class RecordCache:
    """Entries per kind, one file each (records-tasks.msgpack …), so a command reads only the kinds it needs."""

    def __init__(self, root: Path, columns: dict[str, Column], persistent: bool) -> None:
        self.root = root
        self.columns = columns  # kind → its entries
        self.persistent = persistent
        self.dirty: set[str] = set()

    @classmethod
    def empty(cls, root: Path, kinds: Iterable[str]) -> RecordCache:
        return cls(root, {kind: Column() for kind in kinds}, persistent=False)

    @classmethod
    def open(cls, root: Path, kinds: Iterable[str]) -> RecordCache:
        columns: dict[str, Column] = {}
        for kind in kinds:
            columns[kind] = Column()
            with contextlib.suppress(OSError, msgspec.DecodeError, msgspec.ValidationError, ValueError), _no_gc():
                store = _STORE.decode(_path(root, kind).read_bytes())
                if store.version == VERSION:
                    columns[kind] = Column(store)
        return cls(root, columns, persistent=True)

    def read(self, files: dict[str, list[SourceFile]], progress: Progress | None) -> dict[str, Column]:
        """The entries of the given files (by kind): from the cache when a file's stamp is unchanged,
        else parsed now. Entries of files that are gone are dropped."""
        stale: list[SourceFile] = []
        for kind, group in files.items():
            stamps = self.columns[kind].stamps
            stale += [f for f in group if not f.stamp or stamps.get(f.path) != f.stamp]
        if stale:
            with _no_gc():
                for entry, record in self._parse(stale, progress):
                    self.columns[entry.kind].put(entry, record)
                    self.dirty.add(entry.kind)
        for kind, column in self.columns.items():
            group = files.get(kind, [])
            if len(column.stamps) != len(group):
                column.keep({f.path for f in group})
                self.dirty.add(kind)
        return self.columns

    def _parse(self, files: list[SourceFile], progress: Progress | None) -> Iterable[tuple[Entry, Any]]:
        """(entry, record) of each file: the record as msgpack, or decoded already."""
        items = [(f.kind, f.path, f.stamp) for f in files]
        workers = min(os.cpu_count() or 1, 8)
        if len(items) < PARALLEL_THRESHOLD or workers < 2:
            from .ledger import read_entity_data

            for done, (kind, path, stamp) in enumerate(items, 1):
                entry = _entry(kind, path, stamp, *read_entity_data(self.root, kind, path))
                yield entry, entry.record
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
                for entry in entries:  # decoded now, while the workers parse on: a cold load reads them all anyway
                    has_record = entry.record != NO_RECORD
                    yield entry, decode_record(entry.kind, entry.record) if has_record else NO_RECORD

    def save(self) -> None:
        if not self.persistent:
            return
        for kind in sorted(self.dirty):
            with contextlib.suppress(OSError):
                ensure_folder(self.root / ".xiezuo")
                atomic_write(_path(self.root, kind), msgspec.msgpack.encode(self.columns[kind].store()))
        self.dirty.clear()


def discard(root: Path, kind: str) -> None:
    """Drop a kind's cache file (found damaged): the next command rebuilds it."""
    with contextlib.suppress(OSError):
        _path(root, kind).unlink()


def _path(root: Path, kind: str) -> Path:
    return root / ".xiezuo" / f"records-{kind}.msgpack"
