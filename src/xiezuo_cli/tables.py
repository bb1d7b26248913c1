"""A kind's records by id, each decoded from the cache's bytes when first read, and the small "heads"
that filters read instead of whole records."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator, MutableMapping
from typing import Any, Generic, TypeVar

import msgspec

from .enums import ProjectStatus, Supervision, TaskKind, TaskStatus
from .records import RECORD_TYPES


class _ExtensionHead(msgspec.Struct):
    date: dt.date
    new_due: dt.date


class TaskHead(msgspec.Struct, tag="tasks", tag_field="kind_"):
    """The fields of a task that filters and scopes look at, decoded without the rest (a quarter of the cost)."""

    kind: TaskKind
    lead: list[str]
    status: TaskStatus
    category: str | None = None
    year: int | None = None
    support: list[str] = msgspec.field(default_factory=list)
    start: dt.date | None = None
    due: dt.date | None = None
    closed: dt.date | None = None
    supervision: Supervision | None = None
    extensions: list[_ExtensionHead] = msgspec.field(default_factory=list)


class ProjectHead(msgspec.Struct, tag="projects", tag_field="kind_"):
    year: int
    county: str
    status: ProjectStatus
    implementer: str | None = None
    due: dt.date | None = None
    completed: dt.date | None = None
    supervision: Supervision | None = None


class TaskSpan(msgspec.Struct, tag="tasks", tag_field="kind_"):
    """When a task is live: what decides whether a bulletin covers it."""

    year: int | None = None
    start: dt.date | None = None
    closed: dt.date | None = None


class ProjectSpan(msgspec.Struct, tag="projects", tag_field="kind_"):
    year: int
    status: ProjectStatus
    completed: dt.date | None = None


_DECODERS = {kind: msgspec.msgpack.Decoder(record) for kind, record in RECORD_TYPES.items()}
_HEADS = {"tasks": TaskHead, "projects": ProjectHead}
_HEAD_DECODERS: dict[type[msgspec.Struct], msgspec.msgpack.Decoder[Any]] = {}
_VERSIONS = itertools.count(1)
T = TypeVar("T")
H = TypeVar("H", bound=msgspec.Struct)


def decode_record(kind: str, data: msgspec.Raw) -> msgspec.Struct:
    record: msgspec.Struct = _DECODERS[kind].decode(data)
    return record


class Table(MutableMapping[str, T], Generic[T]):
    """A kind's records by id, each decoded from the cache's bytes the first time it is read.

    A command that reads a tenth of a province's ledger decodes a tenth of it; `heads()` gives every
    record's filter fields for a quarter of the cost of decoding it whole.
    """

    def __init__(self, kind: str, reread: Callable[[str, str], Any] | None = None) -> None:
        self.kind = kind
        self._items: dict[str, Any] = {}  # id → record, or its msgpack bytes (msgspec.Raw) until first read
        self._reread = reread  # (kind, id) → the record read from its file, when cached bytes do not decode
        self._version = next(_VERSIONS)

    def __getitem__(self, key: str) -> T:
        value = self._items[key]
        if type(value) is msgspec.Raw:
            try:
                value = _DECODERS[self.kind].decode(value)
            except (msgspec.DecodeError, msgspec.ValidationError):
                if self._reread is None:
                    raise
                value = self._reread(self.kind, key)  # a damaged cache is never trusted
            self._items[key] = value
        return value  # type: ignore[no-any-return]

    def __setitem__(self, key: str, value: T | msgspec.Raw) -> None:
        self._items[key] = value
        self._version = next(_VERSIONS)

    def __delitem__(self, key: str) -> None:
        del self._items[key]
        self._version = next(_VERSIONS)

    def state(self) -> int:
        """Equal while this table is the same and unchanged (unique across tables): a key for what is
        derived from it."""
        return self._version

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def fill(self, items: dict[str, Any], reread: Callable[[str, str], Any] | None = None) -> None:
        """Add many records at once: id → record or its msgpack (msgspec.Raw); `reread` reads a record from its
        file when its bytes turn out damaged."""
        self._items.update(items)
        self._reread = reread or self._reread
        self._version = next(_VERSIONS)

    def copy(self) -> Table[T]:
        """A shallow copy (what is not decoded yet stays so)."""
        other: Table[T] = Table(self.kind, self._reread)
        other._items = dict(self._items)
        return other

    def heads(self, head: type[H] | None = None) -> dict[str, Any]:
        """id → a few fields of each record (by default TaskHead or ProjectHead; TaskSpan…), or the
        record itself where it is decoded already: it has every field of any head."""
        head = head or _HEADS.get(self.kind)  # type: ignore[assignment]
        if head is None:
            return {key: self[key] for key in self._items}
        decoder = _HEAD_DECODERS.get(head)
        if decoder is None:
            decoder = _HEAD_DECODERS[head] = msgspec.msgpack.Decoder(head)
        try:
            return {key: decoder.decode(v) if type(v) is msgspec.Raw else v for key, v in self._items.items()}
        except (msgspec.DecodeError, msgspec.ValidationError):
            if self._reread is None:
                raise
            return {key: self[key] for key in self._items}  # some bytes are damaged: read those files again
