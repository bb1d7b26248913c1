"""Pydantic schemas of the four entity kinds and of xiezuo.yaml (SPEC §1)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .enums import (
    MeetingKind,
    ProjectStatus,
    Side,
    Supervision,
    TaskKind,
    TaskStatus,
    UnitKind,
)
from .ids import ID_PATTERN, SLUG_RE

Id = Annotated[str, Field(pattern=ID_PATTERN)]
# Amounts (万元) and counts: never negative, at most 4 decimals and 12 integer digits — beyond that a
# figure is a typo, and Decimal arithmetic (28 digits) would start to round.
LIMIT = Decimal("999999999999.9999")
Money = Annotated[Decimal, Field(ge=0, le=LIMIT, decimal_places=4, allow_inf_nan=False)]
Quantity = Annotated[Decimal, Field(ge=0, le=LIMIT, decimal_places=4, allow_inf_nan=False)]
Year = Annotated[int, Field(ge=1900, le=2200)]
Text = Annotated[str, Field(min_length=1)]


# Pydantic deep-copies a mutable default for every instance that lacks the field (6 copies a file, 8 µs);
# a factory makes a fresh one for free. The schema still shows the default to editors.
EMPTY_LIST: Any = Field(default_factory=list, json_schema_extra={"default": []})
EMPTY_DICT: Any = Field(default_factory=dict, json_schema_extra={"default": {}})


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, use_enum_values=False, validate_default=False)


class Liaison(Model):
    name: Text
    office: str | None = None
    phone: str | None = None
    mobile: str | None = None
    email: str | None = None


class Unit(Model):
    name: Text
    short: str | None = None
    kind: UnitKind
    side: Side | None = None
    parent: Id | None = None
    pairs: list[Id] = EMPTY_LIST
    liaison: Liaison | None = None
    tags: list[str] = EMPTY_LIST

    @property
    def label(self) -> str:
        return self.short or self.name


class Target(Model):
    key: Annotated[str, Field(pattern=SLUG_RE.pattern)]
    name: Text
    unit: str = ""
    target: Quantity
    breakdown: dict[Id, Quantity] = EMPTY_DICT


Actual = Quantity | dict[Id, Quantity]


class Progress(Model):
    date: dt.date
    text: Text
    by: Id | None = None
    actual: dict[str, Actual] = EMPTY_DICT
    evidence: list[str] = EMPTY_LIST


class Extension(Model):
    date: dt.date
    new_due: dt.date
    reason: str | None = None
    approved_by: Id | None = None


class Task(Model):
    title: Text
    kind: TaskKind
    category: str | None = None
    year: Year | None = None
    source: str | None = None
    lead: Annotated[list[Id], Field(min_length=1)]
    support: list[Id] = EMPTY_LIST
    start: dt.date | None = None
    due: dt.date | None = None
    status: TaskStatus
    closed: dt.date | None = None
    supervision: Supervision | None = None
    description: str | None = None
    targets: list[Target] = EMPTY_LIST
    progress: list[Progress] = EMPTY_LIST
    extensions: list[Extension] = EMPTY_LIST
    tags: list[str] = EMPTY_LIST

    @model_validator(mode="after")
    def _closed_iff_finished(self) -> Task:
        finished = self.status in (TaskStatus.DONE, TaskStatus.CANCELLED)
        if finished and self.closed is None:
            raise ValueError(f"状态为“{self.status.label}”的任务必须填写销号日期 closed")
        if not finished and self.closed is not None:
            raise ValueError(f"状态为“{self.status.label}”的任务不应有销号日期 closed")
        return self


class Funding(Model):
    source: Text
    amount: Money


class Disbursement(Model):
    date: dt.date
    amount: Money
    note: str | None = None


class ProjectProgress(Model):
    date: dt.date
    text: Text
    by: Id | None = None
    evidence: list[str] = EMPTY_LIST


class Change(Model):
    date: dt.date
    text: Text
    approved_by: Id | None = None


class Project(Model):
    name: Text
    year: Year
    plan: str | None = None
    category: str | None = None
    county: Id
    implementer: Id | None = None
    funding: Annotated[list[Funding], Field(min_length=1)]
    disbursements: list[Disbursement] = EMPTY_LIST
    status: ProjectStatus
    start: dt.date | None = None
    due: dt.date | None = None
    completed: dt.date | None = None
    beneficiaries: Annotated[int, Field(ge=0, le=10**10)] | None = None
    supervision: Supervision | None = None
    progress: list[ProjectProgress] = EMPTY_LIST
    changes: list[Change] = EMPTY_LIST
    tags: list[str] = EMPTY_LIST

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.funding), Decimal(0))

    @model_validator(mode="after")
    def _completed_once_finished(self) -> Project:
        finished = self.status in (
            ProjectStatus.COMPLETED,
            ProjectStatus.ACCEPTED,
            ProjectStatus.AUDITED,
            ProjectStatus.CANCELLED,
        )
        if finished and self.completed is None:
            raise ValueError(f"状态为“{self.status.label}”的项目必须填写完工日期 completed")
        return self


class Decision(Model):
    text: Text
    lead: list[Id] = EMPTY_LIST
    due: dt.date | None = None
    task: Id | None = None


class Meeting(Model):
    title: Text
    kind: MeetingKind
    number: str | None = None
    date: dt.date
    place: str | None = None
    chair: str | None = None
    attendees: list[str] = EMPTY_LIST
    invited: list[str] = EMPTY_LIST
    topics: list[str] = EMPTY_LIST
    decisions: list[Decision] = EMPTY_LIST
    recorder: str | None = None


class Bulletin(Model):
    title: Text
    first_month: str | None = None
    distribution: dict[str, list[str]] = EMPTY_DICT

    @field_validator("first_month", mode="before")
    @classmethod
    def _month(cls, value: Any) -> Any:
        if isinstance(value, dt.date):
            return f"{value.year:04d}-{value.month:02d}"
        if isinstance(value, str) and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value.strip()):
            raise ValueError(f"“{value}”不是 YYYY-MM 形式的月份")
        return value


class Config(Model):
    office: Text
    short: str | None = None
    bulletin: Bulletin
    due_soon_days: Annotated[int, Field(ge=0, le=3650)] = 15  # at most ten years
    stale_days: Annotated[int, Field(ge=1, le=3650)] = 30
    lag_tolerance: Annotated[Decimal, Field(ge=0, le=1)] = Decimal("0.1")
    categories: list[str] | None = None
    auto_commit: bool = False


KIND_MODELS: dict[str, type[Model]] = {
    "units": Unit,
    "tasks": Task,
    "projects": Project,
    "meetings": Meeting,
}
KIND_LABELS = {"units": "单位", "tasks": "任务", "projects": "项目", "meetings": "会议", "config": "配置"}
