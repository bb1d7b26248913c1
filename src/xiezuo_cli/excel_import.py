"""Import a workbook: read every row, check every cell, compare with the ledger, then plan the edits.

Nothing is written unless every cell of every sheet is valid and every changed entity still passes the
schema and the cross-file rules; errors name the sheet, row and column (任务!F12). Columns are found by
their header text, in any order; a missing column leaves its field alone, a cleared cell clears it.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import msgspec
from pydantic import BaseModel, ValidationError

from .errors import Loc, XiezuoError
from .excel_apply import Op, diff
from .excel_layout import ACTUALS, DETAIL_SHEETS, MAIN_OF, MAIN_SHEETS, SheetDef
from .excel_sheets import Grid, Reader, Row
from .ledger import Ledger
from .models import KIND_LABELS, KIND_MODELS, Model
from .rules import run_rules
from .validation import model_findings

MAX_SHOWN = 60


@dataclass
class EntityPlan:
    kind: str
    eid: str
    old: dict[str, Any]
    new: dict[str, Any]
    refs: dict[Loc, str]
    created: bool
    ops: list[Op] = field(default_factory=list)
    model: Model | None = None
    rel: str = ""


@dataclass
class Plan:
    entities: list[EntityPlan] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> list[EntityPlan]:
        return [e for e in self.entities if e.created or e.ops]


def plain(entity: Any) -> Any:
    """A cached record or a model as nested dicts and lists, without the fields left at their defaults
    (so the keys are those of the file, give or take an explicit `tags: []`)."""
    if isinstance(entity, BaseModel):
        return entity.model_dump(mode="python", exclude_defaults=True)
    if isinstance(entity, msgspec.Struct):
        out = {}
        for info in msgspec.structs.fields(entity):
            value = getattr(entity, info.name)
            default = info.default if info.default_factory is msgspec.NODEFAULT else info.default_factory()
            if default is msgspec.NODEFAULT or value != default:
                out[info.name] = plain(value)
        return out
    if isinstance(entity, list):
        return [plain(v) for v in entity]
    if isinstance(entity, dict):
        return {k: plain(v) for k, v in entity.items()}
    return entity


def _empty(value: Any) -> bool:
    return value is None or value == [] or value == {} or value == ""


def _put(target: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for step in path[:-1]:
        child = target.get(step)
        if not isinstance(child, dict):
            child = target[step] = {}
        target = child
    if value is None:
        if not _empty(target.get(path[-1])):
            del target[path[-1]]
    else:
        target[path[-1]] = value


def _overlay(target: dict[str, Any], row: Row, prefix: Loc, refs: dict[Loc, str]) -> None:
    for path, value in row.values.items():
        refs[prefix + path] = row.refs[path]
        _put(target, path, value)
    for nested in ("liaison", "breakdown"):
        if target.get(nested) == {}:
            del target[nested]


class Planner:
    """Turns the rows of all sheets into one plan per entity, checking as it goes."""

    def __init__(self, reader: Reader, today: date) -> None:
        self.reader = reader
        self.ledger = reader.ledger
        self.today = today
        self.errors = reader.errors
        self.main: dict[tuple[str, str], Row] = {}
        self.details: dict[tuple[str, str], dict[str, list[Row]]] = {}

    def collect(self) -> None:
        for sheet in MAIN_SHEETS:
            for row in self.reader.rows(sheet):
                if row.eid is None:
                    continue
                key = (sheet.kind, row.eid)
                if key in self.main:
                    self.errors.append(f"{row.ref}：编号“{row.eid}”重复（另见第 {self.main[key].number} 行）")
                    continue
                self.main[key] = row
        for sheet in DETAIL_SHEETS:
            seen: dict[tuple[str, int, Any], Row] = {}
            for row in self.reader.rows(sheet):
                if row.eid is None:
                    continue
                unique = (row.eid, row.seq or 0, row.values.get(("key",)) if sheet is ACTUALS else None)
                if row.seq is not None and unique in seen:
                    self.errors.append(f"{row.ref}：{row.eid} 的第 {row.seq} 条重复（另见第 {seen[unique].number} 行）")
                    continue
                seen[unique] = row
                self.details.setdefault((sheet.kind, row.eid), {}).setdefault(sheet.name, []).append(row)

    def plan(self) -> Plan:
        self.collect()
        plan = Plan(warnings=self.reader.warnings)
        for kind, eid in list(self.main) + [k for k in self.details if k not in self.main]:
            entity = self._entity(kind, eid)
            if entity is not None:
                plan.entities.append(entity)
        if not self.errors:
            self._validate(plan)
        if self.errors:
            raise_errors(self.errors)
        return plan

    def _entity(self, kind: str, eid: str) -> EntityPlan | None:
        main = self.main.get((kind, eid))
        details = self.details.get((kind, eid), {})
        first = main or next(iter(details.values()))[0]
        model = self.ledger.table(kind).get(eid)
        label = KIND_LABELS[kind]
        if model is None and (kind, eid) in self.ledger.paths:
            path = self.ledger.paths[(kind, eid)]
            self.errors.append(f"{first.ref}：{label}“{eid}”的文件 {path} 有错误，请先修正（运行 xiezuo check）")
            return None
        if model is None and main is None:
            self.errors.append(f"{first.ref}：{label}“{eid}”不存在（新增{label}请同时在“{MAIN_OF[kind].name}”表中加一行）")
            return None
        old = plain(model) if model is not None else {}
        entity = EntityPlan(kind, eid, old, copy.deepcopy(old), {(): first.ref}, created=model is None)
        if main is not None:
            _overlay(entity.new, main, (), entity.refs)
        for sheet in DETAIL_SHEETS:
            rows = details.get(sheet.name, [])
            if rows and sheet is not ACTUALS:
                self._items(entity, sheet, rows)
        self._actuals(entity, details.get(ACTUALS.name, []))
        entity.ops = diff(entity.old, entity.new)
        return entity

    def _items(self, entity: EntityPlan, sheet: SheetDef, rows: list[Row]) -> None:
        assert sheet.list_key is not None
        items: list[dict[str, Any]] = entity.new.setdefault(sheet.list_key, [])
        existing = len(items)
        updates = [r for r in rows if r.seq is not None and r.seq <= existing]
        added = sorted((r for r in rows if r.seq is None or r.seq > existing),
                       key=lambda r: (r.seq is None, r.seq or 0, r.number))
        for row in updates:
            assert row.seq is not None
            index = row.seq - 1
            entity.refs[(sheet.list_key, index)] = row.ref
            _overlay(items[index], row, (sheet.list_key, index), entity.refs)
        for row in added:
            items.append({})
            index = len(items) - 1
            entity.refs[(sheet.list_key, index)] = row.ref
            _overlay(items[index], row, (sheet.list_key, index), entity.refs)

    def _actuals(self, entity: EntityPlan, rows: list[Row]) -> None:
        progress: list[dict[str, Any]] = entity.new.get("progress", [])
        for row in rows:
            key = row.values.get(("key",))
            if row.seq is None or key is None:
                continue  # reported while reading
            if row.seq > len(progress):
                self.errors.append(f"{row.ref}：任务 {entity.eid} 没有第 {row.seq} 条进展（请先在“进展”表中添加）")
                continue
            loc: Loc = ("progress", row.seq - 1, "actual", key)
            entity.refs[loc] = row.refs.get(("total",), row.refs[("key",)])
            value = self._actual_value(row, progress[row.seq - 1].get("actual", {}).get(key), loc, entity.refs)
            if value is ...:
                continue
            item = progress[row.seq - 1]
            actual = item.setdefault("actual", {})
            if value is None:
                actual.pop(key, None)
            else:
                actual[key] = value
            if not actual:
                del item["actual"]

    def _actual_value(self, row: Row, current: Any, loc: Loc, refs: dict[Loc, str]) -> Any:
        """The new actual of one target in one progress entry: a total, per-unit figures, None to remove,
        or ... when the row says nothing or is wrong."""
        units = {path[1]: value for path, value in row.values.items() if path[0] == "actual"}
        if ("total",) not in row.values and not units:
            return ...
        per_unit = dict(current) if isinstance(current, dict) else {}
        for uid, value in units.items():
            refs[(*loc, uid)] = row.refs[("actual", uid)]
            if value is None:
                per_unit.pop(uid, None)
            else:
                per_unit[uid] = value
        total = row.values.get(("total",))
        if per_unit:
            summed = sum(per_unit.values())
            if total is not None and total != summed:
                self.errors.append(f"{row.refs[('total',)]}：合计 {total} 与各单位完成数之和 {summed} 不一致")
                return ...
            return per_unit
        return total

    def _validate(self, plan: Plan) -> None:
        """Schema of every changed entity, then the cross-file rules on a copy of the ledger."""
        trial = replace(self.ledger, units=self.ledger.units.copy(), tasks=self.ledger.tasks.copy(),
                        projects=self.ledger.projects.copy(), meetings=self.ledger.meetings.copy(),
                        paths=dict(self.ledger.paths), findings=[])
        for entity in plan.changed:
            entity.rel = self.ledger.paths.get((entity.kind, entity.eid)) or new_path(self.ledger, entity, self.today)
            try:
                entity.model = KIND_MODELS[entity.kind].model_validate(entity.new)
            except ValidationError as exc:
                for finding in model_findings(entity.rel, exc):
                    self.errors.append(f"{locate(entity, finding.loc)}：{finding.message}")
                continue
            trial.table(entity.kind)[entity.eid] = entity.model
            trial.paths[(entity.kind, entity.eid)] = entity.rel
        if self.errors:
            return
        touched = {e.rel: e for e in plan.changed}
        before = {(f.path, f.code, f.message) for f in run_rules(self.ledger)}
        for finding in run_rules(trial):
            owner = touched.get(finding.path)
            if owner is None:
                continue
            text = f"{locate(owner, finding.loc)}：{finding.message}"
            if finding.severity == "error":
                self.errors.append(text)
            elif (finding.path, finding.code, finding.message) not in before:
                plan.warnings.append(text)


ROOT_FIELD = {"tasks": ("closed",), "projects": ("completed",)}  # what a whole-entity check is about


def locate(entity: EntityPlan, loc: Loc) -> str:
    """The cell behind a key path: the longest prefix that a cell set, else the entity's row."""
    if not loc and ROOT_FIELD.get(entity.kind, ()) in entity.refs:
        return entity.refs[ROOT_FIELD[entity.kind]]
    for end in range(len(loc), 0, -1):
        ref = entity.refs.get(tuple(loc[:end]))
        if ref is not None:
            return ref
    # A finding about a whole list (累计拨付超过资金总额): the changed cell inside it, if any.
    inside = [path for path in entity.refs if loc and len(path) > len(loc) and path[: len(loc)] == loc]
    changed = {op.path for op in entity.ops}
    best = next((p for p in inside if p in changed), inside[-1] if inside else ())
    return entity.refs[best]


def new_path(ledger: Ledger, entity: EntityPlan, today: date) -> str:
    """Where a new entity's file goes: beside its siblings of the same year (and task kind, or side)."""
    data = entity.new
    year: int | None = data.get("year")
    for field_name in ("date", "due", "start"):
        if year is None and isinstance(data.get(field_name), date):
            year = data[field_name].year
    if entity.kind == "units":
        year = None
    elif year is None:
        year = today.year
    group = {"tasks": "kind", "units": "side"}.get(entity.kind)
    folders = []
    for (kind, eid), rel in ledger.paths.items():
        model = ledger.table(kind).get(eid)
        if kind != entity.kind or model is None:
            continue
        if group and getattr(model, group) != data.get(group):
            continue
        folder = rel.rsplit("/", 1)[0]
        folders.append(re.sub(r"(?<=/)(19|20)\d\d(?=/|$)", str(year), folder) if year else folder)
    default = f"{entity.kind}/{year}" if year else entity.kind
    folder = Counter(folders).most_common(1)[0][0] if folders else default
    return f"{folder}/{entity.eid}.yaml"


def raise_errors(errors: list[str]) -> None:
    shown = errors[:MAX_SHOWN]
    more = f"\n  ……另有 {len(errors) - len(shown)} 处" if len(errors) > len(shown) else ""
    raise XiezuoError(
        f"工作簿中有 {len(errors)} 处错误，未导入任何内容：\n" + "\n".join(f"  {e}" for e in shown) + more
    )


def plan_import(ledger: Ledger, workbook: dict[str, Grid], today: date) -> Plan:
    """Read, check and compare; raises XiezuoError naming every bad cell."""
    reader = Reader(ledger, workbook)
    return Planner(reader, today).plan()
