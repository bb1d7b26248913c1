"""Derived facts (SPEC §2), hand-computed from seed 001's labour-cooperation task (Chuxiong, 2020)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from xiezuo_cli.enums import Light
from xiezuo_cli.facts import effective_due, percent, project_facts, task_facts
from xiezuo_cli.models import Config, Project, Task

CONFIG = Config.model_validate({"office": "楚雄州沪滇扶贫协作领导小组办公室", "bulletin": {"title": "通报"}})

COUNTIES = {"shuangbai": 15, "mouding": 15, "nanhua": 50, "yaoan": 10, "dayao": 20, "yongren": 15, "wuding": 25}


def labour_task(**changes: object) -> Task:
    data: dict[str, object] = {
        "title": "完成劳务协作任务",
        "kind": "key_task",
        "year": 2020,
        "lead": ["cx-hrss"],
        "start": date(2020, 7, 6),
        "due": date(2020, 10, 30),
        "status": "in_progress",
        "targets": [
            {
                "key": "to_shanghai",
                "name": "转移贫困劳动力到上海务工",
                "unit": "人",
                "target": 150,
                "breakdown": COUNTIES,
            }
        ],
        "progress": [
            {"date": date(2020, 9, 20), "text": "累计转移 131 人", "actual": {"to_shanghai": 131}},
            {
                "date": date(2020, 8, 15),
                "text": "已转移到沪务工 96 人",
                "actual": {"to_shanghai": {"shuangbai": 10, "nanhua": 40, "wuding": 20, "dayao": 26}},
            },
        ],
    }
    data.update(changes)
    return Task.model_validate(data)


def test_actual_comes_from_latest_entry_as_of_the_date() -> None:
    august = task_facts(labour_task(), CONFIG, date(2020, 8, 31)).targets[0]
    assert august.actual == 96
    assert august.by_unit == {"shuangbai": 10, "nanhua": 40, "wuding": 20, "dayao": 26}
    assert august.rate == Decimal("0.64")
    september = task_facts(labour_task(), CONFIG, date(2020, 9, 30)).targets[0]
    assert september.actual == 131 and september.by_unit == {}
    assert september.rate == Decimal("0.8733")
    assert percent(september.rate) == "87.3%"
    before = task_facts(labour_task(), CONFIG, date(2020, 8, 1)).targets[0]
    assert before.actual is None and before.rate == 0


def test_green_when_on_schedule() -> None:
    # 2020-09-30: 86 of 116 days elapsed = 74.1%; rate 87.3% is ahead; last progress 10 days ago.
    standing = task_facts(labour_task(), CONFIG, date(2020, 9, 30)).standing
    assert standing.light is Light.GREEN and standing.reasons == ()


def test_yellow_when_due_soon() -> None:
    standing = task_facts(labour_task(), CONFIG, date(2020, 10, 16)).standing
    assert standing.light is Light.YELLOW
    assert "14天内到期" in standing.reasons


def test_yellow_when_stale() -> None:
    task = labour_task(due=date(2020, 12, 31), targets=[], progress=[{"date": date(2020, 8, 15), "text": "进展"}])
    standing = task_facts(task, CONFIG, date(2020, 9, 20)).standing
    assert standing.reasons == ("36天无进展",)


def test_yellow_when_behind_schedule() -> None:
    # 2020-09-20: 76 of 116 days = 65.5% elapsed; 96/150 = 64% is within 0.1 — but 50/150 is not.
    task = labour_task(progress=[{"date": date(2020, 9, 15), "text": "进展", "actual": {"to_shanghai": 50}}])
    standing = task_facts(task, CONFIG, date(2020, 9, 20)).standing
    assert standing.light is Light.YELLOW
    assert standing.reasons == ("“转移贫困劳动力到上海务工”完成33.3%，滞后序时进度65.5%",)
    on_track = task_facts(labour_task(), CONFIG, date(2020, 8, 31)).standing  # 64% vs 48.3% elapsed
    assert on_track.light is Light.GREEN


def test_red_when_overdue_and_extension_moves_the_deadline() -> None:
    standing = task_facts(labour_task(), CONFIG, date(2020, 11, 2)).standing
    assert standing.light is Light.RED and standing.overdue and standing.reasons == ("逾期3天",)
    extended = labour_task(
        extensions=[
            {"date": date(2020, 10, 25), "new_due": date(2020, 11, 15), "reason": "疫情影响"},
            {"date": date(2020, 10, 28), "new_due": date(2020, 11, 30), "reason": "再次延期"},
        ]
    )
    assert effective_due(extended) == date(2020, 11, 30)
    later = task_facts(extended, CONFIG, date(2020, 11, 2)).standing
    assert not later.overdue and later.due == date(2020, 11, 30)
    assert task_facts(extended, CONFIG, date(2020, 12, 1)).standing.reasons == ("逾期1天", "已延期至2020年11月30日")


def test_finished_only_from_the_closing_date_on() -> None:
    task = labour_task(status="done", closed=date(2020, 10, 20))
    assert task_facts(task, CONFIG, date(2020, 10, 20)).standing.light is Light.DONE
    assert task_facts(task, CONFIG, date(2020, 10, 19)).standing.finished is False


@pytest.mark.parametrize(
    ("today", "paid", "rate"),
    [
        (date(2020, 6, 29), Decimal(0), Decimal(0)),
        (date(2020, 6, 30), Decimal("0.1"), Decimal("0.0005")),
        (date(2020, 7, 31), Decimal("0.3"), Decimal("0.0014")),
    ],
)
def test_disbursed_as_of_a_date_is_exact(today: date, paid: Decimal, rate: Decimal) -> None:
    project = Project.model_validate(
        {
            "name": "楚雄州卫生信息化应用能力提升试点项目",
            "year": 2020,
            "county": "chuxiong",
            "funding": [
                {"source": "上海市级财政援助资金", "amount": Decimal("73.4")},
                {"source": "州级配套", "amount": 140},
            ],
            "disbursements": [
                {"date": date(2020, 6, 30), "amount": Decimal("0.1")},
                {"date": date(2020, 7, 1), "amount": Decimal("0.2")},
            ],
            "status": "in_progress",
            "due": date(2020, 8, 30),
        }
    )
    facts = project_facts(project, CONFIG, today)
    assert facts.total == Decimal("213.4")
    assert facts.disbursed == paid
    assert str(facts.disbursed) == str(paid)
    assert facts.disbursement_rate == rate
