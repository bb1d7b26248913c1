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
from decimal import Decimal
from typing import TYPE_CHECKING, Any

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
