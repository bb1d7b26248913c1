"""Write operations on projects, units and meetings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from .amounts import money_text
from .dates import iso
from .edit import Transaction
from .enums import PROJECT_FINISHED, MeetingKind, ProjectStatus, Side, TaskKind, UnitKind
from .errors import XiezuoError
from .ids import next_id
from .models import Meeting, Project, Unit
from .task_ops import NewTask, add_task
from .yamledit import append_item, new_map, new_seq, set_key, siblings_flow

PROJECT_ORDER = list(Project.model_fields)
UNIT_ORDER = list(Unit.model_fields)
MEETING_ORDER = list(Meeting.model_fields)


@dataclass
class NewProject:
    name: str
    county: str
    year: int
    amount: Decimal
    source: str = "财政援助资金"
    due: date | None = None
    start: date | None = None
    implementer: str | None = None
    category: str | None = None
    plan: str | None = None
    status: ProjectStatus = ProjectStatus.PLANNED
    id: str | None = None


def add_project(tx: Transaction, new: NewProject, today: date) -> tuple[str, str]:
    if new.amount < 0:
        raise XiezuoError("资金金额不能为负数")
    if new.id:
        pid, folder = new.id, f"projects/{new.year}"
    else:
        paths = tx.ledger.paths
        same_county = [(p, paths[("projects", p)]) for p, pr in tx.ledger.projects.items() if pr.county == new.county]
        every = [(p, paths[("projects", p)]) for p in tx.ledger.projects]
        generated = next_id(same_county or [], "projects", new.year, f"{new.year}-P-", f"projects/{new.year}")
        if not same_county:
            folder = next_id(every, "projects", new.year, "", f"projects/{new.year}").folder
            generated = type(generated)(generated.id, folder)
        pid, folder = generated.id, generated.folder
    data: dict[str, Any] = {"name": new.name, "year": new.year}
    for key in ("plan", "category"):
        if getattr(new, key):
            data[key] = getattr(new, key)
    data["county"] = new.county
    if new.implementer:
        data["implementer"] = new.implementer
    data["funding"] = new_seq([new_map({"source": new.source, "amount": new.amount}, flow=True)])
    data["status"] = new.status.value
    if new.start:
        data["start"] = new.start
    if new.due:
        data["due"] = new.due
    if new.status in PROJECT_FINISHED:
        data["completed"] = today
    tx.create("projects", pid, folder, new_map(data))
    return pid, f"新增项目 {pid}：{new.name}（{money_text(new.amount)} 万元）"


@dataclass
class ProjectUpdate:
    status: ProjectStatus | None = None
    completed: date | None = None
    progress: str | None = None
    on: date | None = None
    due: date | None = None


def update_project(tx: Transaction, pid: str, change: ProjectUpdate, today: date) -> str:
    doc = tx.edit("projects", pid)
    project: Project = tx.ledger.projects[pid]
    on = change.on or today
    said: list[str] = []
    if change.progress:
        entry = new_map({"date": on, "text": change.progress}, flow=siblings_flow(doc, "progress"))
        append_item(doc, "progress", entry, PROJECT_ORDER)
        said.append(f"新增进展（{iso(on)}）")
    if change.status is not None and change.status is not project.status:
        set_key(doc, "status", change.status.value, PROJECT_ORDER)
        said.append(f"状态 {project.status.label} → {change.status.label}")
        if change.status in PROJECT_FINISHED and project.completed is None and change.completed is None:
            set_key(doc, "completed", on, PROJECT_ORDER)
            said.append(f"完工 {iso(on)}")
    if change.completed is not None:
        set_key(doc, "completed", change.completed, PROJECT_ORDER)
        said.append(f"完工 {iso(change.completed)}")
    if change.due is not None:
        set_key(doc, "due", change.due, PROJECT_ORDER)
        said.append(f"计划完工改为 {iso(change.due)}")
    if not said:
        raise XiezuoError("没有要更新的内容：请给出 --status、--completed、--due 或 --progress")
    return f"项目 {pid}：" + "；".join(said)


def disburse(tx: Transaction, pid: str, amount: Decimal, on: date, note: str | None) -> str:
    """Append a disbursement; refuses to go beyond the funding total."""
    doc = tx.edit("projects", pid)
    project: Project = tx.ledger.projects[pid]
    if amount <= 0:
        raise XiezuoError("拨付金额必须大于 0")
    paid = sum((d.amount for d in project.disbursements), Decimal(0))
    if paid + amount > project.total:
        raise XiezuoError(
            f"项目 {pid} 资金总额 {money_text(project.total)} 万元，已拨付 {money_text(paid)} 万元，"
            f"再拨付 {money_text(amount)} 万元将超出 {money_text(paid + amount - project.total)} 万元，未写入"
        )
    item: dict[str, Any] = {"date": on, "amount": amount}
    if note:
        item["note"] = note
    append_item(doc, "disbursements", new_map(item, flow=True), PROJECT_ORDER)
    total = paid + amount
    return f"项目 {pid}：拨付 {money_text(amount)} 万元（{iso(on)}），累计 {money_text(total)} 万元"


@dataclass
class NewUnit:
    id: str
    name: str
    kind: UnitKind
    short: str | None = None
    side: Side | None = None
    parent: str | None = None
    pairs: list[str] = field(default_factory=list)


def add_unit(tx: Transaction, new: NewUnit) -> str:
    data: dict[str, Any] = {"name": new.name}
    if new.short:
        data["short"] = new.short
    data["kind"] = new.kind.value
    if new.side:
        data["side"] = new.side.value
    if new.parent:
        data["parent"] = new.parent
    if new.pairs:
        data["pairs"] = new_seq(list(new.pairs), flow=True)
    siblings = [p for (k, _), p in tx.ledger.paths.items() if k == "units"]
    folder = _common_folder(siblings, new, tx)
    tx.create("units", new.id, folder, new_map(data))
    for other in new.pairs:  # pairing is recorded on both sides
        if other in tx.ledger.units and new.id not in tx.ledger.units[other].pairs:
            partner = tx.edit("units", other)
            if "pairs" in partner:
                partner["pairs"].append(new.id)
            else:
                set_key(partner, "pairs", new_seq([new.id], flow=True), UNIT_ORDER)
    return f"新增单位 {new.id}：{new.name}"


def _common_folder(siblings: list[str], new: NewUnit, tx: Transaction) -> str:
    """Put the unit beside units of the same side (units/east, units/west) when the ledger does so."""
    if new.side:
        same_side = [
            tx.ledger.paths[("units", uid)].rsplit("/", 1)[0]
            for uid, unit in tx.ledger.units.items()
            if unit.side is new.side
        ]
        if same_side:
            return max(set(same_side), key=same_side.count)
    return "units" if not siblings else min((p.rsplit("/", 1)[0] for p in siblings), key=len)


@dataclass
class NewMeeting:
    title: str
    kind: MeetingKind
    on: date
    number: str | None = None
    place: str | None = None
    chair: str | None = None
    attendees: list[str] = field(default_factory=list)
    invited: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    recorder: str | None = None
    id: str | None = None


def add_meeting(tx: Transaction, new: NewMeeting) -> tuple[str, str]:
    mid = new.id or _meeting_id(tx, new)
    data: dict[str, Any] = {"title": new.title, "kind": new.kind.value}
    if new.number:
        data["number"] = new.number
    data["date"] = new.on
    for key in ("place", "chair"):
        if getattr(new, key):
            data[key] = getattr(new, key)
    for key in ("attendees", "invited", "topics"):
        if getattr(new, key):
            data[key] = new_seq(list(getattr(new, key)), flow=True)
    if new.recorder:
        data["recorder"] = new.recorder
    folders = [p.rsplit("/", 1)[0] for (k, _), p in tx.ledger.paths.items() if k == "meetings"]
    year_folder = f"meetings/{new.on.year}"
    folder = year_folder if any(f == year_folder for f in folders) or any("/20" in f for f in folders) else "meetings"
    tx.create("meetings", mid, folder, new_map(data))
    return mid, f"新增会议 {mid}：{new.title}"


def _meeting_id(tx: Transaction, new: NewMeeting) -> str:
    base = f"{new.on.year:04d}-{new.on.month:02d}-{new.kind.value}"
    candidate, n = base, 2
    while ("meetings", candidate) in tx.ledger.paths:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


@dataclass
class NewDecision:
    text: str
    lead: list[str]
    due: date | None = None
    task_id: str | None = None
    category: str | None = None


def decide(tx: Transaction, mid: str, new: NewDecision, today: date) -> tuple[str, str]:
    """Add a meeting decision and the decision task that tracks it, linked both ways."""
    doc = tx.edit("meetings", mid)
    meeting: Meeting = tx.ledger.meetings[mid]
    title = new.text if len(new.text) <= 60 else new.text[:60] + "…"
    tid, _ = add_task(
        tx,
        NewTask(
            title=title,
            lead=new.lead,
            kind=TaskKind.DECISION,
            due=new.due,
            source=mid,
            year=meeting.date.year,
            category=new.category,
            id=new.task_id,
            start=meeting.date,
        ),
        today,
    )
    task_doc = tx.edit_new("tasks", tid)
    if len(new.text) > 60:
        set_key(
            task_doc,
            "description",
            new.text,
            [
                "title",
                "kind",
                "category",
                "year",
                "source",
                "lead",
                "support",
                "start",
                "due",
                "status",
                "closed",
                "supervision",
                "description",
            ],
        )
    decision: dict[str, Any] = {"text": new.text, "lead": new_seq(list(new.lead), flow=True)}
    if new.due:
        decision["due"] = new.due
    decision["task"] = tid
    append_item(doc, "decisions", new_map(decision), MEETING_ORDER)
    number = len(meeting.decisions) + 1
    return tid, f"会议 {mid}：新增议定事项第{number}项，跟踪任务 {tid}"
