"""What the meeting minutes (会议纪要) say: the meeting, its decisions and where each one stands now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .dates import chinese
from .enums import Light
from .errors import XiezuoError
from .facts import task_facts
from .ids import ID_RE
from .ledger import Ledger
from .models import Decision
from .report_common import Line, deadline_text, distribution, task_status_as_of, unit_labels

Day = date  # the Minutes field named `date` shadows the type inside the class body


@dataclass(frozen=True, slots=True)
class DecisionItem:
    text: str
    lead: str
    deadline: str
    task_id: str
    tracking: str


@dataclass(frozen=True, slots=True)
class Minutes:
    id: str
    title: str
    kind: str
    number: str
    date: date
    place: str
    chair: str
    attendees: str
    invited: str
    recorder: str
    topics: list[str]
    decisions: list[DecisionItem]
    office: str
    issuer: str
    as_of: Day
    distribution: list[Line]


def participants(ledger: Ledger, entries: list[str]) -> str:
    """Unit ids become full names; free text (文山州党政代表团随行人员) is kept as written."""
    names = [ledger.unit_name(e) if e in ledger.units and ID_RE.match(e) else e for e in entries]
    return "、".join(names)


def tracking(ledger: Ledger, decision: Decision, today: date) -> str:
    """Where the tracking task stands today: 已完成（2024年6月14日销号）, 推进中（黄灯：10天内到期）…"""
    if decision.task is None:
        return ""
    task = ledger.tasks.get(decision.task)
    if task is None:
        return "跟踪任务未找到"
    facts = task_facts(task, ledger.config, today)
    status = task_status_as_of(task, facts)
    if facts.standing.finished and task.closed is not None:
        return f"{status.label}（{chinese(task.closed)}销号）"
    if facts.standing.light in (Light.RED, Light.YELLOW):
        return f"{status.label}（{facts.standing.light.label}：{'；'.join(facts.standing.reasons)}）"
    return status.label


def _decision(ledger: Ledger, decision: Decision, today: date) -> DecisionItem:
    task = ledger.tasks.get(decision.task) if decision.task else None
    lead = decision.lead or (task.lead if task else [])
    if task is not None:
        deadline = deadline_text(task_facts(task, ledger.config, today).standing, decision.due or task.due)
    else:
        deadline = chinese(decision.due) if decision.due else ""
    return DecisionItem(
        text=decision.text,
        lead=unit_labels(ledger, lead),
        deadline=deadline,
        task_id=decision.task or "",
        tracking=tracking(ledger, decision, today),
    )


def minutes_context(ledger: Ledger, meeting_id: str, today: date) -> Minutes:
    meeting = ledger.meetings.get(meeting_id)
    if meeting is None:
        known = "、".join(sorted(ledger.meetings)) or "（台账中还没有会议）"
        raise XiezuoError(f"没有编号为“{meeting_id}”的会议；现有会议：{known}")
    config = ledger.config
    title = meeting.title if meeting.title.endswith("纪要") else meeting.title + "纪要"
    return Minutes(
        id=meeting_id,
        title=title,
        kind=meeting.kind.label,
        number=meeting.number or "",
        date=meeting.date,
        place=meeting.place or "",
        chair=meeting.chair or "",
        attendees=participants(ledger, meeting.attendees),
        invited=participants(ledger, meeting.invited),
        recorder=meeting.recorder or "",
        topics=list(meeting.topics),
        decisions=[_decision(ledger, d, today) for d in meeting.decisions],
        office=config.office,
        issuer=config.short or config.office,
        as_of=today,
        distribution=distribution(config),
    )
