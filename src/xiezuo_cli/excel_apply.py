"""Compare an entity's data before and after an import, and apply the difference to its YAML file.

Only keys whose values really changed are touched (Decimal vs Decimal, date vs date, lists item by
item, text without surrounding spaces), in place, so comments, quoting and flow style survive and a
one-cell edit is a one-line diff.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from .amounts import money_text
from .enums import LabeledEnum
from .excel_layout import ACTUALS, DETAIL_SHEETS, ITEM_MODELS, MAIN_OF, NESTED_MODELS, SheetDef
from .models import KIND_LABELS, KIND_MODELS
from .yamledit import append_item, delete_key, is_flow, new_map, new_seq, set_key, siblings_flow, text_value

if TYPE_CHECKING:
    from .edit import Transaction
    from .excel_import import EntityPlan, Plan
    from .ledger import Ledger

Path = tuple[str | int, ...]
FLOW_LISTS = {(s.kind, s.list_key) for s in DETAIL_SHEETS if s.flow_items}


@dataclass(frozen=True)
class Op:
    action: Literal["set", "delete", "append"]
    path: Path  # set/delete: the key; append: the list
    old: Any
    new: Any


def _empty(value: Any) -> bool:
    return value is None or value == [] or value == {} or value == ""


def _number(value: Any) -> bool:
    return isinstance(value, int | Decimal) and not isinstance(value, bool)


def _text(value: str) -> str:
    return value.replace("\r\n", "\n").strip()


def same(old: Any, new: Any) -> bool:
    if isinstance(old, str) and isinstance(new, str):
        return _text(old) == _text(new)
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(same(a, b) for a, b in zip(old, new, strict=True))
    if _number(old) and _number(new):
        return Decimal(old) == Decimal(new)
    return bool(old == new)


def diff(old: Any, new: Any, path: Path = ()) -> list[Op]:
    """Leaf-level changes from old to new; list items are matched by position, new ones appended."""
    ops: list[Op] = []
    if isinstance(old, dict) and isinstance(new, dict):
        for key, value in new.items():
            if key in old:
                ops += diff(old[key], value, (*path, key))
            elif isinstance(value, list) and value and all(isinstance(x, dict) for x in value):
                ops += [Op("append", (*path, key), None, item) for item in value]  # a new block list
            elif not _empty(value):
                ops.append(Op("set", (*path, key), None, value))
        ops += [Op("delete", (*path, k), v, None) for k, v in old.items() if k not in new and not _empty(v)]
    elif isinstance(old, list) and isinstance(new, list) and any(isinstance(x, dict) for x in old + new):
        for index, (before, after) in enumerate(zip(old, new, strict=False)):
            ops += diff(before, after, (*path, index))
        ops += [Op("append", path, None, item) for item in new[len(old):]]
    elif not same(old, new):
        ops.append(Op("set", path, old, new))
    return ops


# --- writing ---------------------------------------------------------------------------------------


def order_for(kind: str, key_path: Path) -> list[str]:
    """The schema's key order for the mapping that holds the last key of key_path."""
    names = [step for step in key_path[:-1] if isinstance(step, str)]
    if not names:
        return list(KIND_MODELS[kind].model_fields)
    if len(names) == 1:
        model = ITEM_MODELS.get((kind, names[0])) or NESTED_MODELS.get((kind, names[0]))
        if model is not None:
            return list(model.model_fields)
    return []


def to_yaml(value: Any, in_flow: bool = True) -> Any:
    if isinstance(value, LabeledEnum):
        return value.value
    if isinstance(value, str):
        return value if in_flow else text_value(value)
    if isinstance(value, list):
        return new_seq([to_yaml(v) for v in value], flow=True)
    if isinstance(value, dict):
        return new_map({k: to_yaml(v) for k, v in value.items()}, flow=True)
    return value


def _ordered(item: dict[str, Any], order: list[str]) -> list[tuple[str, Any]]:
    rank = {name: i for i, name in enumerate(order)}
    return sorted(((k, v) for k, v in item.items() if not _empty(v)), key=lambda kv: rank.get(kv[0], len(rank)))


def item_yaml(kind: str, list_key: str, item: dict[str, Any], flow: bool) -> Any:
    """A new list item; a multi-line text cannot live in a flow mapping, so such an item is a block."""
    flow = flow and not any(isinstance(v, str) and "\n" in v for v in item.values())
    order = list(ITEM_MODELS[(kind, list_key)].model_fields)
    return new_map({k: to_yaml(v, flow) for k, v in _ordered(item, order)}, flow=flow)


def entity_yaml(kind: str, data: dict[str, Any]) -> Any:
    """A new entity file's mapping in the house style: id lists and small items in flow style."""
    out: dict[str, Any] = {}
    for key, value in _ordered(data, list(KIND_MODELS[kind].model_fields)):
        if isinstance(value, list) and value and isinstance(value[0], dict):
            flow = (kind, key) in FLOW_LISTS
            out[key] = new_seq([item_yaml(kind, key, item, flow) for item in value])
        else:
            out[key] = to_yaml(value, in_flow=False)
    return new_map(out)


def _walk(doc: Any, path: Path) -> Any:
    node = doc
    for step in path:
        node = node[step]
    return node


def _set(parent: Any, key: str | int, value: Any, order: list[str]) -> None:
    current = parent.get(key) if isinstance(parent, dict) else None
    if isinstance(value, list) and isinstance(current, list) and not any(isinstance(v, dict) for v in value):
        # Replace the items in place: the sequence keeps its flow style and its comments.
        while len(current) > len(value):
            del current[-1]
        for index, item in enumerate(value):
            if index < len(current):
                current[index] = to_yaml(item)
            else:
                current.append(to_yaml(item))
        return
    set_key(parent, str(key), to_yaml(value, in_flow=is_flow(parent)), order)


def apply_ops(doc: Any, kind: str, ops: list[Op]) -> None:
    for op in ops:
        parent = _walk(doc, op.path[:-1])
        key = op.path[-1]
        if op.action == "append":
            container = parent.get(key)
            flow = siblings_flow(parent, str(key)) if container else (kind, key) in FLOW_LISTS
            append_item(parent, str(key), item_yaml(kind, str(key), op.new, flow), order_for(kind, op.path))
        elif op.action == "delete":
            delete_key(parent, str(key))
        else:
            _set(parent, key, op.new, order_for(kind, op.path))


def apply_plan(tx: Transaction, plan: Plan) -> None:
    for entity in plan.changed:
        if entity.created:
            tx.create(entity.kind, entity.eid, entity.rel.rsplit("/", 1)[0], entity_yaml(entity.kind, entity.new))
        else:
            apply_ops(tx.edit(entity.kind, entity.eid), entity.kind, entity.ops)


# --- describing ------------------------------------------------------------------------------------


def shown(value: Any) -> str:
    if _empty(value):
        return "（空）"
    if isinstance(value, LabeledEnum):
        return value.label
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return money_text(value)
    if isinstance(value, list):
        return "、".join(shown(v) for v in value)
    if isinstance(value, dict):
        return "、".join(f"{k}:{shown(v)}" for k, v in value.items())
    text = " ".join(str(value).split())
    return text if len(text) <= 30 else text[:30] + "…"


def _detail(kind: str, list_key: str) -> SheetDef:
    return next(s for s in DETAIL_SHEETS if s.kind == kind and s.list_key == list_key and s is not ACTUALS)


def _header(sheet: SheetDef, path: tuple[Any, ...]) -> str:
    return next((c.header for c in sheet.columns if c.path == path), "·".join(str(p) for p in path))


def field_name(ledger: Ledger, kind: str, path: Path) -> str:
    if len(path) < 2 or not isinstance(path[1], int):
        return _header(MAIN_OF[kind], path)
    list_key, index, rest = str(path[0]), path[1] + 1, path[2:]
    if rest[:1] == ("actual",):
        unit = f" {ledger.unit_label(str(rest[2]))}" if len(rest) > 2 else ""
        key = f" {rest[1]}" if len(rest) > 1 else ""
        return f"完成数（进展第{index}条{key}{unit}）"
    if rest[:1] == ("breakdown",) and len(rest) > 1:
        return f"量化指标第{index}条 {ledger.unit_label(str(rest[1]))}分解"
    sheet = _detail(kind, list_key)
    return f"{sheet.name}第{index}条{_header(sheet, tuple(rest))}"


def describe(ledger: Ledger, entity: EntityPlan) -> str:
    label = KIND_LABELS[entity.kind]
    if entity.created:
        title = entity.new.get("title") or entity.new.get("name") or ""
        return f"新增{label} {entity.eid}：{shown(title)}"
    parts = []
    counts: dict[Any, int] = {}
    for op in entity.ops:
        if op.action == "append":
            sheet = _detail(entity.kind, str(op.path[0]))
            counts[op.path] = counts.get(op.path, len(entity.old.get(str(op.path[0]), []))) + 1
            brief = "，".join(shown(v) for v in list(op.new.values())[:2])
            parts.append(f"新增{sheet.name}第{counts[op.path]}条（{brief}）")
        else:
            parts.append(f"{field_name(ledger, entity.kind, op.path)} {shown(op.old)} → {shown(op.new)}")
    return f"{label} {entity.eid}：" + "；".join(parts)


def summary(ledger: Ledger, plan: Plan, source: str) -> str:
    changed = plan.changed
    created = sum(1 for e in changed if e.created)
    head = f"从 Excel 导入 {source}：修改 {len(changed) - created} 个条目，新增 {created} 个"
    return head + "\n\n" + "\n".join(describe(ledger, e) for e in changed)
