"""The workbook layout: which sheets and which columns, for export and import alike. No openpyxl here.

One sheet per kind (任务, 项目, 单位, 会议), one row per entity; detail sheets hold the lists an entity
row cannot (量化指标, 完成数, 进展, 延期, 资金来源, 拨付明细, 项目进展, 项目变更, 议定事项), keyed by the
entity id and the item's sequence number in the file (1-based). Derived columns are shown, never read.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .enums import LabeledEnum, MeetingKind, ProjectStatus, Side, Supervision, TaskKind, TaskStatus, UnitKind
from .models import (
    Change,
    Decision,
    Disbursement,
    Extension,
    Funding,
    Liaison,
    Meeting,
    Model,
    Progress,
    Project,
    ProjectProgress,
    Target,
    Task,
    Unit,
)


class T(Enum):
    """How a column's cells are written and read."""

    ID = "id"  # an entity id (the key of a row)
    SEQ = "seq"  # a 1-based sequence number (the key of a detail row)
    TEXT = "text"
    LONG = "long"  # multi-line text, wrapped
    INT = "int"
    QTY = "qty"  # non-negative quantity
    MONEY = "money"  # 万元, shown with two decimals
    DATE = "date"
    ENUM = "enum"  # Chinese label in the sheet, code in the file
    UNIT = "unit"  # one unit id
    UNITS = "units"  # unit ids joined by 、
    WORDS = "words"  # free-text list joined by 、 (or by line breaks when an item holds a separator)
    PEOPLE = "people"  # unit ids or free text (meeting attendees)
    TASK = "task"  # a task id
    SLUG = "slug"  # a target key
    RATE = "rate"  # derived fraction shown as a percentage
    FLAG = "flag"  # derived yes/no


@dataclass(frozen=True)
class Column:
    header: str
    path: tuple[str, ...] = ()
    form: T = T.TEXT
    enum: type[LabeledEnum] | None = None
    derived: bool = False
    width: int = 0  # the widest the column grows to fit its content (0: the default); wrapped columns use it as is
    note: str = ""  # shown as the header's comment
    one_per_line: bool = False  # a list written one item per line

    @property
    def editable(self) -> bool:
        return not self.derived and self.form not in (T.ID, T.SEQ)


@dataclass(frozen=True)
class SheetDef:
    name: str
    kind: str
    list_key: str | None  # None: one row per entity; else the list each row is an item of
    model: type[Model]  # the model of one row (entity or list item)
    id_header: str
    columns: tuple[Column, ...]
    unit_columns: str = ""  # "breakdown" / "actual": one extra column per unit
    flow_items: bool = False  # new items are written `- {a: 1, b: 2}`
    seq_header: str = "序号"


def _derived(header: str, kind: T = T.TEXT, width: int = 0) -> Column:
    return Column(header, (), kind, derived=True, width=width, note="自动计算，只读；导入时忽略")


_UNITS_NOTE = "单位编号（见“单位”表），多个用“、”分隔"
_WORDS_NOTE = "多项用“、”分隔，或每项一行"

TASKS = SheetDef("任务", "tasks", None, Task, "编号", (
    Column("任务名称", ("title",), T.LONG, width=30),
    Column("类型", ("kind",), T.ENUM, TaskKind),
    Column("类别", ("category",)),
    Column("牵头单位", ("lead",), T.UNITS, width=26, note=_UNITS_NOTE),
    Column("配合单位", ("support",), T.UNITS, width=26, note=_UNITS_NOTE),
    Column("开始日期", ("start",), T.DATE),
    Column("完成时限", ("due",), T.DATE),
    Column("状态", ("status",), T.ENUM, TaskStatus),
    Column("销号日期", ("closed",), T.DATE, note="状态为已完成或已取消时必填"),
    Column("督办级别", ("supervision",), T.ENUM, Supervision),
    Column("年度", ("year",), T.INT),
    Column("来源", ("source",), note="文件号，或会议编号"),
    Column("任务说明", ("description",), T.LONG, width=44),
    Column("标签", ("tags",), T.WORDS, note=_WORDS_NOTE),
    _derived("现行时限", T.DATE),
    _derived("是否逾期", T.FLAG),
    _derived("预警灯"),
    _derived("预警原因", T.LONG, width=30),
))

PROJECTS = SheetDef("项目", "projects", None, Project, "编号", (
    Column("项目名称", ("name",), T.LONG, width=30),
    Column("年度", ("year",), T.INT),
    Column("所属计划", ("plan",), T.LONG, width=22),
    Column("类别", ("category",)),
    Column("实施地", ("county",), T.UNIT, note="单位编号（见“单位”表）"),
    Column("实施单位", ("implementer",), T.UNIT, note="单位编号（见“单位”表）"),
    Column("状态", ("status",), T.ENUM, ProjectStatus),
    Column("开始日期", ("start",), T.DATE),
    Column("计划完工", ("due",), T.DATE),
    Column("完工日期", ("completed",), T.DATE, note="已完工、已验收、已审计、已取消时必填"),
    Column("受益人数", ("beneficiaries",), T.INT),
    Column("督办级别", ("supervision",), T.ENUM, Supervision),
    Column("标签", ("tags",), T.WORDS, note=_WORDS_NOTE),
    _derived("资金总额（万元）", T.MONEY),
    _derived("已拨付（万元）", T.MONEY),
    _derived("拨付率", T.RATE),
    _derived("是否滞后", T.FLAG),
    _derived("预警灯"),
    _derived("预警原因", T.LONG, width=30),
))

UNITS = SheetDef("单位", "units", None, Unit, "编号", (
    Column("单位名称", ("name",), width=44),
    Column("简称", ("short",)),
    Column("类型", ("kind",), T.ENUM, UnitKind),
    Column("帮扶/受援", ("side",), T.ENUM, Side),
    Column("上级单位", ("parent",), T.UNIT, note="单位编号"),
    Column("结对单位", ("pairs",), T.UNITS, width=26, note=_UNITS_NOTE),
    Column("联络员", ("liaison", "name")),
    Column("联络员处室", ("liaison", "office")),
    Column("联络员电话", ("liaison", "phone")),
    Column("联络员手机", ("liaison", "mobile")),
    Column("联络员邮箱", ("liaison", "email")),
    Column("标签", ("tags",), T.WORDS, note=_WORDS_NOTE),
))

MEETINGS = SheetDef("会议", "meetings", None, Meeting, "编号", (
    Column("会议名称", ("title",), T.LONG, width=30),
    Column("类型", ("kind",), T.ENUM, MeetingKind),
    Column("纪要号", ("number",)),
    Column("日期", ("date",), T.DATE),
    Column("地点", ("place",)),
    Column("主持", ("chair",), T.LONG, width=20),
    Column("出席", ("attendees",), T.PEOPLE, width=40, note="单位编号或文字，多项用“、”分隔"),
    Column("列席", ("invited",), T.PEOPLE, width=30, note="单位编号或文字，多项用“、”分隔"),
    Column("议题", ("topics",), T.WORDS, width=40, note="每个议题一行", one_per_line=True),
    Column("记录", ("recorder",)),
))

TARGETS = SheetDef("量化指标", "tasks", "targets", Target, "任务编号", (
    Column("指标代码", ("key",), T.SLUG, note="英文字母、数字、下划线，任务内唯一"),
    Column("指标名称", ("name",), T.LONG, width=28),
    Column("计量单位", ("unit",)),
    Column("目标值", ("target",), T.QTY),
    _derived("累计完成", T.QTY),
    _derived("完成率", T.RATE),
), unit_columns="breakdown")

ACTUALS = SheetDef("完成数", "tasks", "progress", Progress, "任务编号", (
    Column("指标代码", ("key",), T.SLUG),
    Column("合计", ("total",), T.QTY, note="累计完成数；分县填写时可不填，填了须等于分县之和"),
    _derived("进展日期", T.DATE),
    _derived("指标名称", T.LONG, width=24),
), unit_columns="actual", seq_header="进展序号")

PROGRESS = SheetDef("进展", "tasks", "progress", Progress, "任务编号", (
    Column("日期", ("date",), T.DATE),
    Column("进展情况", ("text",), T.LONG, width=60),
    Column("报送单位", ("by",), T.UNIT, note="单位编号"),
    Column("佐证材料", ("evidence",), T.WORDS, note="台账目录下的文件路径，多项用“、”分隔"),
))

EXTENSIONS = SheetDef("延期", "tasks", "extensions", Extension, "任务编号", (
    Column("申请日期", ("date",), T.DATE),
    Column("延期至", ("new_due",), T.DATE),
    Column("延期原因", ("reason",), T.LONG, width=40),
    Column("批准单位", ("approved_by",), T.UNIT, note="单位编号"),
), flow_items=True)

FUNDING = SheetDef("资金来源", "projects", "funding", Funding, "项目编号", (
    Column("资金来源", ("source",), width=36),
    Column("金额（万元）", ("amount",), T.MONEY),
), flow_items=True)

DISBURSEMENTS = SheetDef("拨付明细", "projects", "disbursements", Disbursement, "项目编号", (
    Column("拨付日期", ("date",), T.DATE),
    Column("金额（万元）", ("amount",), T.MONEY),
    Column("备注", ("note",), width=20),
), flow_items=True)

PROJECT_PROGRESS = SheetDef("项目进展", "projects", "progress", ProjectProgress, "项目编号", (
    Column("日期", ("date",), T.DATE),
    Column("进展情况", ("text",), T.LONG, width=60),
    Column("报送单位", ("by",), T.UNIT, note="单位编号"),
    Column("佐证材料", ("evidence",), T.WORDS, note="台账目录下的文件路径，多项用“、”分隔"),
))

CHANGES = SheetDef("项目变更", "projects", "changes", Change, "项目编号", (
    Column("日期", ("date",), T.DATE),
    Column("变更内容", ("text",), T.LONG, width=60),
    Column("批准单位", ("approved_by",), T.UNIT, note="单位编号"),
), flow_items=True)

DECISIONS = SheetDef("议定事项", "meetings", "decisions", Decision, "会议编号", (
    Column("事项内容", ("text",), T.LONG, width=60),
    Column("牵头单位", ("lead",), T.UNITS, width=26, note=_UNITS_NOTE),
    Column("完成时限", ("due",), T.DATE),
    Column("跟踪任务", ("task",), T.TASK, note="任务编号"),
))

MAIN_SHEETS = (TASKS, PROJECTS, UNITS, MEETINGS)
DETAIL_SHEETS = (TARGETS, ACTUALS, PROGRESS, EXTENSIONS, FUNDING, DISBURSEMENTS, PROJECT_PROGRESS, CHANGES, DECISIONS)
SHEETS = MAIN_SHEETS + DETAIL_SHEETS
BY_NAME = {sheet.name: sheet for sheet in SHEETS}
MAIN_OF = {sheet.kind: sheet for sheet in MAIN_SHEETS}
README_SHEET = "说明"
# Item models by (kind, list key), for the key order of new items.
ITEM_MODELS: dict[tuple[str, str], type[Model]] = {
    (s.kind, s.list_key): s.model for s in DETAIL_SHEETS if s.list_key and s is not ACTUALS
}
NESTED_MODELS: dict[tuple[str, str], type[Model]] = {("units", "liaison"): Liaison}

README = [
    "本工作簿由 xiezuo export xlsx 导出，可修改后用 xiezuo import xlsx 导回台账。",
    "“任务”“项目”“单位”“会议”每行一个条目，按“编号”对应台账文件；其余各表是条目的明细，按编号和序号对应。",
    "新增条目：在主表末尾加一行并填写新编号；新增明细：加一行，序号填下一个数字（或留空）。导入不删除任何条目或明细。",
    "灰色列（预警灯、逾期、拨付率等）由程序计算，只读，导入时忽略。",
    "日期可写作 2024-06-30、2024/6/30 或 2024年6月30日；金额单位为万元。",
    "单位列填单位编号（见“单位”表），多个用“、”分隔；状态、类型等从下拉列表中选择。",
    "导入前先检查全部单元格：任何一处有误，整个导入都不执行，并指出出错的表、行和列。",
    "可先用 xiezuo import xlsx 文件 --dry-run 查看将要修改的内容。",
]

SEPARATORS = "、,，;；"  # between the items of a list in one cell


def key_columns(sheet: SheetDef) -> list[Column]:
    keys = [Column(sheet.id_header, (), T.ID, width=22)]
    if sheet.list_key:
        keys.append(Column(sheet.seq_header, (), T.SEQ, width=8))
    return keys
