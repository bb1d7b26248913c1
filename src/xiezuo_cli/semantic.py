"""Semantic diff of two versions of one entity: what happened to the office's work, in Chinese.

Pure functions over validated models: no git, no I/O. The kind-specific readings (status, deadlines,
progress with figures, disbursements…) live in semantic_kinds.py; every field they do not claim is
compared generically, path by path, so nothing that changed goes unreported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import BaseModel

from .amounts import money_text
from .dates import chinese
from .validation import FIELD_LABELS

KIND_NAMES = {"units": "unit", "tasks": "task", "projects": "project", "meetings": "meeting", "config": "config"}
KIND_ZH = {"units": "单位", "tasks": "任务", "projects": "项目", "meetings": "会议", "config": "设置", "file": "文件"}
CHANGE_ZH = {
    "added": "新增",
    "removed": "删除",
    "moved": "移动",
    "modified": "修改",
    "affected": "受影响",
}
# Fields whose values are unit ids: shown with the unit's short name.
UNIT_FIELDS = frozenset(
    {
        "lead",
        "support",
        "by",
        "approved_by",
        "county",
        "implementer",
        "parent",
        "pairs",
        "attendees",
        "invited",
    }
)
LABEL_OVERRIDES = {("projects", "due"): "计划完工", ("projects", "start"): "开工日期"}


@dataclass(slots=True)
class FieldChange:
    """One meaningful change: a field path, old and new values (plain data), and a Chinese line."""

    path: str
    old: Any
    new: Any
    text: str
    topic: str = "field"  # status close closed due extension progress target disbursement funding …
    details: list[str] = field(default_factory=list)
    label: str = ""  # the field's Chinese name, for the one-line summary
    headline: str = ""  # a few words for the summary table, when this change deserves its own
    amount: Decimal | None = None  # money disbursed (signed) by this change
    count: int = 0  # progress entries added by this change


@dataclass(slots=True)
class EntityChange:
    """What happened to one entity (or to another file of the ledger) between two states."""

    kind: str  # units/tasks/projects/meetings/config/file
    id: str
    change: str  # added/removed/moved/modified/affected
    path: str
    old_path: str | None = None
    title: str = ""
    fields: list[FieldChange] = field(default_factory=list)
    old_problem: str | None = None  # the old version could not be read (parse or schema error)
    new_problem: str | None = None
    introduced: list[Any] = field(default_factory=list)  # check findings this change brings
    fixed: list[Any] = field(default_factory=list)  # check findings this change removes
    brief: str = ""  # for an added entity: the few facts that say what it is

    @property
    def summary(self) -> str:
        return summarize(self)


# --- shown values --------------------------------------------------------------------------------


class Labels:
    """Unit ids → short names, for the Chinese lines."""

    def __init__(self, names: Mapping[str, str] | None = None) -> None:
        self.names = dict(names or {})

    def unit(self, unit_id: str) -> str:
        return self.names.get(unit_id, unit_id)

    def units(self, ids: Iterable[str]) -> str:
        return "、".join(self.unit(i) for i in ids) or "（无）"


def money(value: Decimal) -> str:
    return f"{money_text(value)}万元"


def show(value: Any, labels: Labels | None = None, unit_ids: bool = False) -> str:
    """A value as a clerk reads it: labels for enums, 2024年6月30日, exact numbers."""
    if value is None or value == [] or value == {}:
        return "（空）"
    if isinstance(value, Enum):
        return str(getattr(value, "label", value.value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, date):
        return chinese(value)
    if isinstance(value, Decimal):
        return money_text(value)
    if isinstance(value, BaseModel):
        return show(value.model_dump(exclude_defaults=True), labels)
    if isinstance(value, list):
        return "、".join(show(v, labels, unit_ids) for v in value)
    if isinstance(value, dict):
        return "，".join(f"{label_of(str(k))}：{show(v, labels, str(k) in UNIT_FIELDS)}" for k, v in value.items())
    text = str(value)
    if unit_ids and labels is not None:
        return labels.unit(text)
    return text if len(text) <= 60 else text[:60] + "…"


def label_of(key: str, kind: str = "") -> str:
    return LABEL_OVERRIDES.get((kind, key)) or FIELD_LABELS.get(key, key)


def path_label(path: tuple[str | int, ...], kind: str = "") -> str:
    names = [label_of(step, kind) for step in path if isinstance(step, str)]
    return "·".join(names) or "内容"


def dump(model: BaseModel | None) -> dict[str, Any]:
    if model is None:
        return {}
    return model.model_dump(mode="python", exclude_defaults=True)


def plain(value: Any) -> Any:
    """Model instances as dicts, so old/new values serialise as plain data."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="python", exclude_defaults=True)
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


# --- generic comparison --------------------------------------------------------------------------


def generic(path: tuple[str | int, ...], old: Any, new: Any, labels: Labels, kind: str = "") -> list[FieldChange]:
    """Field-path changes between two plain values, described as "字段：旧 → 新"."""
    if old == new:
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[FieldChange] = []
        for key in [*old, *(k for k in new if k not in old)]:
            out += generic((*path, key), old.get(key), new.get(key), labels, kind)
        return out
    if isinstance(old, list | type(None)) and isinstance(new, list | type(None)) and (old or new):
        return _generic_list(path, old or [], new or [], labels, kind)
    label = path_label(path, kind)
    units = any(isinstance(step, str) and step in UNIT_FIELDS for step in path[-1:])
    if old is None:
        text = f"{label}：{show(new, labels, units)}"
    elif new is None:
        text = f"删除{label}（原为 {show(old, labels, units)}）"
    else:
        text = f"{label}：{show(old, labels, units)} → {show(new, labels, units)}"
    return [FieldChange(dotted(path), old, new, text, label=label)]


def _generic_list(
    path: tuple[str | int, ...], old: list[Any], new: list[Any], labels: Labels, kind: str
) -> list[FieldChange]:
    label = path_label(path, kind)
    units = isinstance(path[-1], str) and path[-1] in UNIT_FIELDS
    if all(not isinstance(v, dict | list) for v in [*old, *new]):
        if not old:
            return [FieldChange(dotted(path), None, new, f"{label}：{show(new, labels, units)}", label=label)]
        added = [v for v in new if v not in old]
        removed = [v for v in old if v not in new]
        parts = []
        if added:
            parts.append("增加 " + "、".join(show(v, labels, units) for v in added))
        if removed:
            parts.append("去掉 " + "、".join(show(v, labels, units) for v in removed))
        if not parts:
            parts.append(f"顺序调整为 {show(new, labels, units)}")
        return [FieldChange(dotted(path), old, new, f"{label}：{'；'.join(parts)}", label=label)]
    out: list[FieldChange] = []
    for i in range(max(len(old), len(new))):
        a = old[i] if i < len(old) else None
        b = new[i] if i < len(new) else None
        if a is None or b is None:
            verb = "新增" if a is None else "删除"
            text = f"{verb}{label}：{show(b if a is None else a, labels)}"
            out.append(FieldChange(dotted((*path, i)), a, b, text, label=label))
        else:
            out += generic((*path, i), a, b, labels, kind)
    return out


def dotted(path: tuple[str | int, ...]) -> str:
    text = ""
    for step in path:
        if isinstance(step, int):
            text += f"[{step}]"
        elif step.startswith("[") or not text:
            text += step
        else:
            text += "." + step
    return text


def removals(
    path: Callable[[int, Any], str],
    before: list[Any],
    removed: list[int],
    text: Callable[[Any], str],
    topic: str,
    label: str,
    headline: str,
) -> list[FieldChange]:
    """One change for each list item the new version no longer has (a progress entry, a decision…)."""
    return [
        FieldChange(path(i, before[i]), plain(before[i]), None, text(before[i]), topic, label=label, headline=headline)
        for i in removed
    ]


def match(
    old: list[Any], new: list[Any], key: Callable[[Any], Any]
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pair list items across versions: identical items drop out, then items with the same key
    are pairs (modified); the rest were added or removed. Returns (pairs, added, removed) as indexes."""
    left = list(range(len(old)))
    right = list(range(len(new)))
    for j in list(right):
        for i in left:
            if old[i] == new[j]:
                left.remove(i)
                right.remove(j)
                break
    pairs = []
    for j in list(right):
        for i in left:
            if key(old[i]) == key(new[j]):
                pairs.append((i, j))
                left.remove(i)
                right.remove(j)
                break
    return pairs, right, left


# --- entry points --------------------------------------------------------------------------------


def diff_entity(kind: str, old: BaseModel | None, new: BaseModel | None, labels: Labels) -> list[FieldChange]:
    """The meaningful changes between two versions of an entity (old may be None: an added one)."""
    from .semantic_kinds import HANDLERS

    if new is None:
        return []
    special: list[FieldChange] = []
    handler = HANDLERS.get(kind)
    claimed = handler(old, new, labels, special) if handler is not None else set()
    a, b = dump(old), dump(new)
    first: list[str] = [k for k in ("title", "name") if (k in a or k in b) and k not in claimed]
    changes: list[FieldChange] = []
    for key in first:
        changes += generic((key,), a.get(key), b.get(key), labels, kind)
    rest: list[FieldChange] = []
    for key in [*a, *(k for k in b if k not in a)]:
        if key not in claimed and key not in first:
            rest += generic((key,), a.get(key), b.get(key), labels, kind)
    # A change leads with what happened to the work; a new entity reads in its file's order.
    return changes + (special + rest if old is not None else rest + special)


def unit_refs(value: Any, key: str = "") -> set[str]:
    """Every unit id a model (or part of one) names: for labels in the Chinese lines."""
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="python")
    found: set[str] = set()
    if isinstance(value, dict):
        if key == "breakdown":
            found.update(str(k) for k in value)
        for k, v in value.items():
            if key == "actual" and isinstance(v, dict):
                found.update(str(u) for u in v)
            found |= unit_refs(v, str(k))
    elif isinstance(value, list):
        for item in value:
            found |= unit_refs(item, key)
    elif isinstance(value, str) and key in UNIT_FIELDS:
        found.add(value)
    return found


def title_of(model: BaseModel | None) -> str:
    if model is None:
        return ""
    return str(getattr(model, "title", None) or getattr(model, "name", None) or getattr(model, "office", ""))


def summarize(change: EntityChange) -> str:
    """A short line for the summary table: what happened, in a few words."""
    if change.kind == "file":
        return {"added": "新增文件", "removed": "删除文件", "modified": "文件内容变化"}.get(change.change, "")
    parts: list[str] = []
    if change.change == "added":
        parts.append(f"新增{KIND_ZH.get(change.kind, '')}" + (f"：{change.brief}" if change.brief else ""))
    elif change.change == "removed":
        parts.append(f"删除{KIND_ZH.get(change.kind, '')}")
    elif change.change in ("moved", "renamed"):
        verb = "移动" if change.change == "moved" else "改编号"
        parts.append(f"{verb}：{change.old_path} → {change.path}")
    if change.new_problem:
        parts.append(f"无法读取：{change.new_problem}")
    elif change.old_problem and change.change != "removed":
        parts.append("原版本无法读取，现已可读")
    if change.change in ("modified", "moved", "renamed"):
        words = headlines(change.fields)
        if not words and not change.old_problem and not change.new_problem and change.change == "modified":
            words = ["仅注释或格式变化"]
        parts += words
    if change.change == "affected":
        parts.append("内容未变，校验结果因其他文件的改动而变化")
    return "；".join(parts)


def headlines(fields: list[FieldChange]) -> list[str]:
    """Summary words: the changes that carry a headline, counts of progress, money, other fields."""
    out: list[str] = []
    other: list[str] = []
    for f in fields:
        if f.headline:
            if f.headline not in out:
                out.append(f.headline)
        elif f.topic == "field" and f.label and f.label not in other:
            other.append(f.label)
    progress = sum(f.count for f in fields)
    if progress:
        out.append(f"新增进展 {progress} 条")
    paid = [f.amount for f in fields if f.amount is not None]
    if paid:
        out.append(f"拨付 {money(sum(paid, Decimal(0)))}")
    if other:
        out.append("修改" + "、".join(other[:4]) + ("等" if len(other) > 4 else ""))
    return out
