"""Enumerated values: English codes in files, Chinese labels for people; both accepted as input."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Self


class LabeledEnum(StrEnum):
    """A str enum whose members carry a Chinese label; the label is accepted wherever the code is."""

    label: str

    def __new__(cls, code: str, label: str) -> Self:
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label
        return member

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if isinstance(value, str):
            text = value.strip()
            for member in cls:
                if text in (member.value, member.label):
                    return member
        return None

    @classmethod
    def choices(cls) -> str:
        return "、".join(f"{m.value}（{m.label}）" for m in cls)

    @classmethod
    def parse(cls, value: str) -> Self:
        """Parse a code or label; raise ValueError with the Chinese list of choices."""
        member = cls._missing_(value)
        if member is None:
            raise ValueError(f"“{value}”不是有效值，可选：{cls.choices()}")
        return member  # type: ignore[no-any-return]

    def __str__(self) -> str:
        return self.value


class UnitKind(LabeledEnum):
    LEADING_GROUP = ("leading_group", "领导小组")
    OFFICE = ("office", "办公室")
    MEMBER = ("member", "成员单位")
    PROVINCE = ("province", "省")
    PREFECTURE = ("prefecture", "州市")
    COUNTY = ("county", "县市区")
    DISTRICT = ("district", "区")
    TOWNSHIP = ("township", "乡镇街道")
    VILLAGE = ("village", "村")
    FRONT_OFFICE = ("front_office", "前方工作机构")
    DEPARTMENT = ("department", "部门")
    ENTERPRISE = ("enterprise", "企业")
    SOCIAL_ORG = ("social_org", "社会组织")
    SCHOOL = ("school", "学校")
    HOSPITAL = ("hospital", "医院")
    OTHER = ("other", "其他")


class Side(LabeledEnum):
    EAST = ("east", "帮扶方")
    WEST = ("west", "受援方")


class TaskKind(LabeledEnum):
    KEY_TASK = ("key_task", "重点任务")
    DECISION = ("decision", "议定事项")
    RECTIFICATION = ("rectification", "问题整改")
    COORDINATION = ("coordination", "协调事项")


class TaskStatus(LabeledEnum):
    NOT_STARTED = ("not_started", "未启动")
    IN_PROGRESS = ("in_progress", "推进中")
    DONE = ("done", "已完成")
    SUSPENDED = ("suspended", "暂缓")
    CANCELLED = ("cancelled", "已取消")


class ProjectStatus(LabeledEnum):
    PLANNED = ("planned", "储备")
    APPROVED = ("approved", "已批复")
    IN_PROGRESS = ("in_progress", "在建")
    COMPLETED = ("completed", "已完工")
    ACCEPTED = ("accepted", "已验收")
    AUDITED = ("audited", "已审计")
    CANCELLED = ("cancelled", "已取消")


class Supervision(LabeledEnum):
    NONE = ("none", "无")
    COUNTY = ("county", "县级")
    PREFECTURE = ("prefecture", "州级")
    PROVINCE = ("province", "省级")


class MeetingKind(LabeledEnum):
    JOINT = ("joint", "联席会议")
    PLENARY = ("plenary", "全体会议")
    TOPICAL = ("topical", "专题会议")
    LIAISON = ("liaison", "联络员会议")
    OTHER = ("other", "其他会议")


class Light(LabeledEnum):
    RED = ("red", "红灯")
    YELLOW = ("yellow", "黄灯")
    GREEN = ("green", "绿灯")
    DONE = ("done", "已完成")


TASK_FINISHED = frozenset({TaskStatus.DONE, TaskStatus.CANCELLED})
PROJECT_FINISHED = frozenset(
    {ProjectStatus.COMPLETED, ProjectStatus.ACCEPTED, ProjectStatus.AUDITED, ProjectStatus.CANCELLED}
)
