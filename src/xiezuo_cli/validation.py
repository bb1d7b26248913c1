"""Turn Pydantic validation errors into Chinese findings that name the field."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import Finding, Loc

FIELD_LABELS = {
    "name": "名称",
    "short": "简称",
    "kind": "类型",
    "side": "帮扶/受援",
    "parent": "上级单位",
    "pairs": "结对单位",
    "liaison": "联络员",
    "title": "标题",
    "category": "类别",
    "year": "年度",
    "source": "来源",
    "lead": "牵头单位",
    "support": "配合单位",
    "start": "开始日期",
    "due": "完成时限",
    "status": "状态",
    "closed": "销号日期",
    "supervision": "督办级别",
    "description": "说明",
    "targets": "量化指标",
    "key": "指标代码",
    "unit": "计量单位",
    "target": "目标值",
    "breakdown": "分解",
    "progress": "进展",
    "date": "日期",
    "text": "内容",
    "by": "报送单位",
    "actual": "完成数",
    "evidence": "佐证材料",
    "extensions": "延期",
    "new_due": "新完成时限",
    "reason": "原因",
    "approved_by": "批准单位",
    "plan": "计划",
    "county": "实施地",
    "implementer": "实施单位",
    "funding": "资金",
    "amount": "金额",
    "disbursements": "拨付",
    "note": "备注",
    "completed": "完工日期",
    "beneficiaries": "受益人数",
    "changes": "变更",
    "number": "纪要号",
    "place": "地点",
    "chair": "主持",
    "attendees": "出席",
    "invited": "列席",
    "topics": "议题",
    "decisions": "议定事项",
    "task": "跟踪任务",
    "recorder": "记录",
    "office": "办公室名称",
    "bulletin": "通报设置",
    "first_month": "起始月份",
    "distribution": "分送",
    "due_soon_days": "临期天数",
    "stale_days": "无进展天数",
    "lag_tolerance": "序时进度容差",
    "categories": "类别清单",
    "auto_commit": "自动提交",
    "tags": "标签",
}


def field_label(loc: Loc) -> str:
    names = [str(step) for step in loc if isinstance(step, str)]
    if not names:
        return "内容"
    last = names[-1]
    label = FIELD_LABELS.get(last)
    return f"{last}（{label}）" if label else last


def _shown(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _message(error: Any) -> str:
    kind: str = error["type"]
    loc: Loc = tuple(error["loc"])
    value = error.get("input")
    ctx = error.get("ctx") or {}
    field = field_label(loc)
    simple = {
        "missing": f"缺少必填字段 {field}",
        "extra_forbidden": f"未知字段 {field}（拼写错误？）",
        "int_type": f"{field} 应为整数",
        "int_parsing": f"{field} 应为整数，而不是“{_shown(value)}”",
        "int_from_float": f"{field} 应为整数，而不是“{_shown(value)}”",
        "string_type": f"{field} 应为文字",
        "list_type": f"{field} 应为列表（[…] 或 - 开头的各行）",
        "dict_type": f"{field} 应为映射（键: 值）",
        "model_type": f"{field} 应为映射（键: 值）",
        "model_attributes_type": f"{field} 应为映射（键: 值）",
        "bool_type": f"{field} 应为 true 或 false",
        "bool_parsing": f"{field} 应为 true 或 false",
        "decimal_type": f"{field} 应为数值，而不是“{_shown(value)}”",
        "decimal_parsing": f"{field} 应为数值，而不是“{_shown(value)}”",
        "finite_number": f"{field} 应为有限数值",
        "date_type": f"{field}“{_shown(value)}”不是日期（应为 YYYY-MM-DD）",
        "date_parsing": f"{field}“{_shown(value)}”不是日期（应为 YYYY-MM-DD）",
        "date_from_datetime_parsing": f"{field}“{_shown(value)}”不是日期（应为 YYYY-MM-DD）",
        "date_from_datetime_inexact": f"{field} 应为日期，不带时刻",
        "string_too_short": f"{field} 不能为空",
    }
    if kind.startswith("date") and isinstance(value, int | float):  # Pydantic reads a number as a timestamp
        return f"{field}“{_shown(value)}”不是日期（应为 YYYY-MM-DD）"
    if kind in simple:
        return simple[kind]
    if kind == "enum":
        return f"{field}“{_shown(value)}”不是有效值，可选：{_choices(str(ctx.get('expected', '')))}"
    if kind == "greater_than_equal":
        limit = ctx.get("ge")
        return f"{field} 不能为负数" if str(limit) == "0" else f"{field} 应不小于 {limit}"
    if kind == "decimal_max_places":
        return f"{field} 最多保留 {ctx.get('decimal_places', 4)} 位小数，而不是“{_shown(value)}”"
    if kind in ("decimal_max_digits", "decimal_whole_digits"):
        return f"{field}“{_shown(value)}”位数过多"
    if kind == "less_than_equal":
        return f"{field} 应不大于 {ctx.get('le')}"
    if kind == "too_short":
        return f"{field} 至少需要 {ctx.get('min_length', 1)} 项"
    if kind == "string_pattern_mismatch":
        return f"{field}“{_shown(value)}”不是有效编号（字母或数字开头，只含字母、数字和 . _ -，至多 64 个字符）"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return f"{field}：{error['msg']}"


def _choices(expected: str) -> str:
    """Pydantic's list of codes ('done' or 'cancelled') as the enum's codes with their Chinese labels."""
    from .enums import LabeledEnum

    codes = set(re.findall(r"'([^']*)'", expected))
    for enum in LabeledEnum.__subclasses__():
        if {m.value for m in enum} == codes:
            return enum.choices()
    return expected


def model_findings(path: str, exc: ValidationError) -> list[Finding]:
    findings = []
    union_places: set[Loc] = set()
    for error in exc.errors(include_url=False):
        loc: Loc = tuple(step for step in error["loc"] if not _is_union_tag(step))
        if len(loc) != len(error["loc"]):  # one error per branch of a union: the first says it
            if loc in union_places:
                continue
            union_places.add(loc)
        findings.append(Finding(path, "error", "schema", _message({**error, "loc": loc}), loc))
    return findings


def _is_union_tag(step: str | int) -> bool:
    # Pydantic adds the member type to the loc of union errors ("decimal", "dict[str,...]").
    return isinstance(step, str) and (step in ("decimal", "function-after[...]") or "[" in step)


def validate(model: type[BaseModel], data: Any, path: str) -> tuple[BaseModel | None, list[Finding]]:
    if not isinstance(data, dict):
        what = "文件是空的" if data is None else "文件内容不是“键: 值”形式的映射"
        return None, [Finding(path, "error", "schema", what, (), 1, 1)]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, model_findings(path, exc)
