"""msgspec mirrors of the validated models (models.py), for the cache and every read-only command.

A record is a msgspec Struct with exactly the fields (and the few properties) of its Pydantic model, so
code that reads entities works on either. Loading 35,000 Structs from msgpack takes a fraction of a
second; validating or unpickling 35,000 Pydantic models takes seconds. Records are only ever built from
data that a Pydantic model validated first.

They are written out here rather than derived from the models at import time so that reading the
ledger never imports Pydantic (0.15 s at start-up); tests/test_records.py fails when the two drift.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, MutableMapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import msgspec

from .enums import MeetingKind, ProjectStatus, Side, Supervision, TaskKind, TaskStatus, UnitKind

if TYPE_CHECKING:
    from pydantic import BaseModel


class _Part(msgspec.Struct, kw_only=True, omit_defaults=True):
    """A nested record (a target, a progress entry…)."""


class _Record(msgspec.Struct, kw_only=True, omit_defaults=True, tag_field="kind_"):
    """A file's record, tagged with its kind so that one cache entry can hold any of them."""


class LiaisonRecord(_Part):
    name: str
    office: str | None = None
    phone: str | None = None
    mobile: str | None = None
    email: str | None = None


class UnitRecord(_Record, tag="units"):
    name: str
    kind: UnitKind
    short: str | None = None
    side: Side | None = None
    parent: str | None = None
    pairs: list[str] = msgspec.field(default_factory=list)
    liaison: LiaisonRecord | None = None
    tags: list[str] = msgspec.field(default_factory=list)

    @property
    def label(self) -> str:
        return self.short or self.name


class TargetRecord(_Part):
    key: str
    name: str
    target: Decimal
    unit: str = ""
    breakdown: dict[str, Decimal] = msgspec.field(default_factory=dict)


class ProgressRecord(_Part):
    date: dt.date
    text: str
    by: str | None = None
    actual: dict[str, Decimal | dict[str, Decimal]] = msgspec.field(default_factory=dict)
    evidence: list[str] = msgspec.field(default_factory=list)


class ExtensionRecord(_Part):
    date: dt.date
    new_due: dt.date
    reason: str | None = None
    approved_by: str | None = None


class TaskRecord(_Record, tag="tasks"):
    title: str
    kind: TaskKind
    lead: list[str]
    status: TaskStatus
    category: str | None = None
    year: int | None = None
    source: str | None = None
    support: list[str] = msgspec.field(default_factory=list)
    start: dt.date | None = None
    due: dt.date | None = None
    closed: dt.date | None = None
    supervision: Supervision | None = None
    description: str | None = None
    targets: list[TargetRecord] = msgspec.field(default_factory=list)
    progress: list[ProgressRecord] = msgspec.field(default_factory=list)
    extensions: list[ExtensionRecord] = msgspec.field(default_factory=list)
    tags: list[str] = msgspec.field(default_factory=list)


class FundingRecord(_Part):
    source: str
    amount: Decimal


class DisbursementRecord(_Part):
    date: dt.date
    amount: Decimal
    note: str | None = None


class ProjectProgressRecord(_Part):
    date: dt.date
    text: str
    by: str | None = None
    evidence: list[str] = msgspec.field(default_factory=list)


class ChangeRecord(_Part):
    date: dt.date
    text: str
    approved_by: str | None = None


class ProjectRecord(_Record, tag="projects"):
    name: str
    year: int
    county: str
    funding: list[FundingRecord]
    status: ProjectStatus
    plan: str | None = None
    category: str | None = None
    implementer: str | None = None
    disbursements: list[DisbursementRecord] = msgspec.field(default_factory=list)
    start: dt.date | None = None
    due: dt.date | None = None
    completed: dt.date | None = None
    beneficiaries: int | None = None
    supervision: Supervision | None = None
    progress: list[ProjectProgressRecord] = msgspec.field(default_factory=list)
    changes: list[ChangeRecord] = msgspec.field(default_factory=list)
    tags: list[str] = msgspec.field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.funding), Decimal(0))


class DecisionRecord(_Part):
    text: str
    lead: list[str] = msgspec.field(default_factory=list)
    due: dt.date | None = None
    task: str | None = None


class MeetingRecord(_Record, tag="meetings"):
    title: str
    kind: MeetingKind
    date: dt.date
    number: str | None = None
    place: str | None = None
    chair: str | None = None
    attendees: list[str] = msgspec.field(default_factory=list)
    invited: list[str] = msgspec.field(default_factory=list)
    topics: list[str] = msgspec.field(default_factory=list)
    decisions: list[DecisionRecord] = msgspec.field(default_factory=list)
    recorder: str | None = None


class BulletinRecord(_Part):
    title: str
    first_month: str | None = None
    distribution: dict[str, list[str]] = msgspec.field(default_factory=dict)


class ConfigRecord(_Record, tag="config"):
    office: str
    bulletin: BulletinRecord
    short: str | None = None
    due_soon_days: int = 15
    stale_days: int = 30
    lag_tolerance: Decimal = Decimal("0.1")
    categories: list[str] | None = None
    auto_commit: bool = False


RECORD_TYPES: dict[str, type[msgspec.Struct]] = {
    "units": UnitRecord,
    "tasks": TaskRecord,
    "projects": ProjectRecord,
    "meetings": MeetingRecord,
    "config": ConfigRecord,
}
NO_RECORD = msgspec.Raw(b"\xc0")  # msgpack nil: a file that did not validate


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

    def __delitem__(self, key: str) -> None:
        del self._items[key]

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


DEFAULT_CONFIG = ConfigRecord(office="（未配置）", bulletin=BulletinRecord(title="工作月度通报"))


def to_record(kind: str, model: BaseModel, data: Any = None) -> msgspec.Struct:
    """A validated model as its record.

    From the data the model was validated from when msgspec takes it as it is (five times faster);
    from the model's own values when the file used what only Pydantic accepts (Chinese enum labels,
    numbers for text…).
    """
    if data is not None:
        try:
            return msgspec.convert(data, RECORD_TYPES[kind], strict=False)
        except msgspec.ValidationError:
            pass
    return msgspec.convert(
        model.model_dump(mode="python", exclude_defaults=True), RECORD_TYPES[kind], from_attributes=False
    )
