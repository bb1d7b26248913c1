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
from .records import NO_RECORD, decode_record, to_record

if TYPE_CHECKING:
    from .ledger import Progress
    from .scan import SourceFile

PARALLEL_THRESHOLD = 400  # below this, starting workers costs more than it saves
BATCH = 250


class Entry(msgspec.Struct, array_like=True):
    path: str
    stamp: str
    kind: str
    record: msgspec.Raw = NO_RECORD  # the record's msgpack, decoded when a command reads it (records.Table)
    findings: list[FindingRecord] = []


class Store(msgspec.Struct):
    version: str
    entries: list[Entry]


_ENTRIES = msgspec.msgpack.Decoder(list[Entry])
_STORE = msgspec.msgpack.Decoder(Store)


def _entry(kind: str, path: str, stamp: str, model: Any, data: Any, findings: list[Finding]) -> Entry:
    record = msgspec.Raw(msgspec.msgpack.encode(to_record(kind, model, data))) if model is not None else NO_RECORD
    return Entry(path, stamp, kind, record, [FindingRecord.of(f) for f in findings])


def _parse_batch(root: str, batch: list[tuple[str, str, str]]) -> bytes:
    """Worker: read and validate files, return their entries as msgpack."""
    from .ledger import read_entity_data

    gc.disable()
    out = [_entry(kind, path, stamp, *read_entity_data(Path(root), kind, path)) for kind, path, stamp in batch]
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

    def __init__(self, root: Path, entries: dict[str, dict[str, Entry]], persistent: bool) -> None:
        self.root = root
        self.entries = entries  # kind → path → entry
        self.persistent = persistent
        self.dirty: set[str] = set()
        self.decoded: dict[str, msgspec.Struct] = {}  # path → record, for entries parsed in worker processes

    @classmethod
    def empty(cls, root: Path, kinds: Iterable[str]) -> RecordCache:
        return cls(root, {kind: {} for kind in kinds}, persistent=False)

    @classmethod
    def open(cls, root: Path, kinds: Iterable[str]) -> RecordCache:
        entries: dict[str, dict[str, Entry]] = {}
        for kind in kinds:
            entries[kind] = {}
            with contextlib.suppress(OSError, msgspec.DecodeError, msgspec.ValidationError, ValueError), _no_gc():
                store = _STORE.decode(_path(root, kind).read_bytes())
                if store.version == VERSION:
                    entries[kind] = {e.path: e for e in store.entries}
        return cls(root, entries, persistent=True)

    def read(self, files: dict[str, list[SourceFile]], progress: Progress | None) -> dict[str, dict[str, Entry]]:
        """kind → path → entry of the given files (by kind): from the cache when a file's stamp is
        unchanged, else parsed now. Entries of files that are gone are dropped."""
        stale: list[SourceFile] = []
        for kind, group in files.items():
            cached = self.entries[kind]
            stale += [f for f in group if not f.stamp or (e := cached.get(f.path)) is None or e.stamp != f.stamp]
        if stale:
            with _no_gc():
                for entry in self._parse(stale, progress):
                    self.entries[entry.kind][entry.path] = entry
                    self.dirty.add(entry.kind)
        for kind, cached in self.entries.items():
            group = files.get(kind, [])
            if len(cached) != len(group):
                wanted = {f.path for f in group}
                self.entries[kind] = {p: e for p, e in cached.items() if p in wanted}
                self.dirty.add(kind)
        return self.entries

    def _parse(self, files: list[SourceFile], progress: Progress | None) -> Iterable[Entry]:
        items = [(f.kind, f.path, f.stamp) for f in files]
        workers = min(os.cpu_count() or 1, 8)
        if len(items) < PARALLEL_THRESHOLD or workers < 2:
            from .ledger import read_entity_data

            for done, (kind, path, stamp) in enumerate(items, 1):
                yield _entry(kind, path, stamp, *read_entity_data(self.root, kind, path))
                if progress and done % BATCH == 0:
                    progress(done, len(items))
            return
        batches = [items[i : i + BATCH] for i in range(0, len(items), BATCH)]
        done = 0
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for payload in pool.map(_parse_batch, [str(self.root)] * len(batches), batches):
                entries = _ENTRIES.decode(payload)
                for entry in entries:  # decoded now, while the workers parse on: a cold load reads them all anyway
                    if entry.record != NO_RECORD:
                        self.decoded[entry.path] = decode_record(entry.kind, entry.record)
                done += len(entries)
                if progress:
                    progress(done, len(items))
                yield from entries

    def save(self) -> None:
        if not self.persistent:
            return
        for kind in sorted(self.dirty):
            store = Store(VERSION, sorted(self.entries[kind].values(), key=lambda e: e.path))
            with contextlib.suppress(OSError):
                ensure_folder(self.root / ".xiezuo")
                atomic_write(_path(self.root, kind), msgspec.msgpack.encode(store))
        self.dirty.clear()


def discard(root: Path, kind: str) -> None:
    """Drop a kind's cache file (found damaged): the next command rebuilds it."""
    with contextlib.suppress(OSError):
        _path(root, kind).unlink()


def _path(root: Path, kind: str) -> Path:
    return root / ".xiezuo" / f"records-{kind}.msgpack"
