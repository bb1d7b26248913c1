"""`xiezuo unit …` and `xiezuo meeting …` through the real CLI: queries, unit add --pair, meeting add/decide."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from conftest import EXAMPLE, TODAY, Run, flat
from xiezuo_cli.yamlio import parse

COUNTIES = {"wenshan-city", "yanshan", "qiubei", "guangnan"}








def load(root: Path, rel: str) -> dict[str, Any]:
    data: dict[str, Any] = parse((root / rel).read_text("utf-8"))
    return data


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and ".git" not in p.relative_to(root).parts and ".xiezuo" not in p.relative_to(root).parts}


# --- unit list / show ----------------------------------------------------------------------------


def test_unit_list_kind_accepts_code_and_label(xiezuo: Run) -> None:
    for kind in ("county", "县市区"):
        result = xiezuo("--ledger", EXAMPLE, "--today", TODAY, "unit", "list", "--kind", kind, "--format", "json")
        assert result.exit_code == 0, result.output
        rows = json.loads(result.stdout)
        assert {r["id"] for r in rows} == COUNTIES
        yanshan = next(r for r in rows if r["id"] == "yanshan")
        assert (yanshan["name"], yanshan["kind"], yanshan["parent"]) == ("砚山县", "county", "wenshan")


def test_unit_list_csv_and_table(xiezuo: Run) -> None:
    out = xiezuo("--ledger", EXAMPLE, "--today", TODAY, "unit", "list", "--kind", "county", "--format", "csv")
    assert out.exit_code == 0, out.output
    assert out.stdout.startswith("\ufeff")
    rows_csv = list(csv.reader(io.StringIO(out.stdout.lstrip("\ufeff"))))
    assert rows_csv[0][:4] == ["编号", "名称", "简称", "类型"]
    assert {r[0] for r in rows_csv[1:]} == COUNTIES
    assert {r[3] for r in rows_csv[1:]} == {"县市区"}
    table = xiezuo("--ledger", EXAMPLE, "--today", TODAY, "unit", "list", "--kind", "县市区")
    assert table.exit_code == 0, table.output
    assert "砚山县" in flat(table.stdout) and "文山州" in flat(table.stdout)  # the parent's short name
    assert "共4条" in flat(table.stdout)


def test_unit_list_every_unit_with_liaisons(xiezuo: Run) -> None:
    result = xiezuo("--ledger", EXAMPLE, "--today", TODAY, "unit", "list", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in json.loads(result.stdout)}
    assert len(rows) == len(list((EXAMPLE / "units").rglob("*.yaml")))
    assert rows["jingan"]["pairs"] == ["wenshan", "kashgar", "yiling"]
    assert rows["jingan-hrss"]["liaison"]["name"] == "李振华"
    table = xiezuo("--ledger", EXAMPLE, "--today", TODAY, "unit", "list", "--kind", "member")
    assert table.exit_code == 0, table.output
    assert "区人社局" in flat(table.stdout) and "李振华" in flat(table.stdout)


def test_unit_list_unknown_kind(xiezuo: Run) -> None:
    result = xiezuo("--ledger", EXAMPLE, "--today", TODAY, "unit", "list", "--kind", "planet")
    assert result.exit_code == 1
    assert result.stderr.startswith("错误：")


def test_unit_show_lists_tasks_with_roles_and_lights(xiezuo: Run) -> None:
    result = xiezuo("--ledger", EXAMPLE, "--today", TODAY, "unit", "show", "jingan-hrss")
    assert result.exit_code == 0, result.output
    text = flat(result.stdout)
    assert "上海市静安区人力资源和社会保障局" in text
    assert "任务（5）" in text
    assert "2024-13[牵头]牢牢稳住劳务协作基本盘●绿" in text
    assert "2024-06[配合]组织开展干部人才培训●黄" in text
    assert "2024-14[牵头]组织劳动就业技能培训●黄10天内到期" in text
    assert "2024-07[配合]保持财政资金支持力度✓完成" in text


def test_unit_show_lists_projects_of_a_county(xiezuo: Run) -> None:
    result = xiezuo("--ledger", EXAMPLE, "--today", TODAY, "unit", "show", "wenshan-city")
    assert result.exit_code == 0, result.output
    text = flat(result.stdout)
    assert "项目（2）" in text
    assert "2024-WSS-01文山市马塘镇塘子寨乡村振兴示范村提升项目（二期）●绿" in text
    assert "2024-WSS-02" in text and "●红逾期15天" in text
    ys = flat(xiezuo("--ledger", EXAMPLE, "--today", TODAY, "unit", "show", "yanshan").stdout)
    assert "2024-YS-02砚山县人民医院远程诊疗能力提升项目✓完成" in ys


def test_unit_show_unknown(xiezuo: Run) -> None:
    result = xiezuo("--ledger", EXAMPLE, "--today", TODAY, "unit", "show", "nosuch")
    assert result.exit_code == 1
    assert "nosuch" in result.stderr and "不存在" in result.stderr


# --- unit add ------------------------------------------------------------------------------------


def test_unit_add_records_the_pair_on_both_sides(ledger_copy: Path, xiezuo: Run) -> None:
    result = xiezuo("--ledger", ledger_copy, "--today", TODAY, "unit", "add", "--id", "malipo", "--name", "麻栗坡县",
                    "--short", "麻栗坡", "--kind", "县市区", "--side", "west", "--parent", "wenshan",
                    "--pair", "jingan-pengpu")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "malipo"
    created = list(ledger_copy.rglob("malipo.yaml"))
    assert len(created) == 1
    assert created[0].parent.name == "west"  # beside the other west units
    data = load(ledger_copy, str(created[0].relative_to(ledger_copy)))
    assert data == {"name": "麻栗坡县", "short": "麻栗坡", "kind": "county", "side": "west", "parent": "wenshan",
                    "pairs": ["jingan-pengpu"]}
    partner = load(ledger_copy, "units/east/jingan-pengpu.yaml")
    assert "malipo" in partner["pairs"]
    check = xiezuo("--ledger", ledger_copy, "check", "--strict")
    assert check.exit_code == 0, check.output
    show = flat(xiezuo("--ledger", ledger_copy, "--today", TODAY, "unit", "show", "jingan-pengpu").stdout)
    assert "结对：" in show and "麻栗坡县" in show


def test_unit_add_appends_to_an_existing_pairs_list(ledger_copy: Path, xiezuo: Run) -> None:
    result = xiezuo("--ledger", ledger_copy, "--today", TODAY, "unit", "add", "--id", "xichou", "--name", "西畴县",
                    "--kind", "county", "--side", "west", "--parent", "wenshan", "--pair", "jingan")
    assert result.exit_code == 0, result.output
    jingan = load(ledger_copy, "units/east/jingan.yaml")
    assert jingan["pairs"] == ["wenshan", "kashgar", "yiling", "xichou"]
    text = (ledger_copy / "units/east/jingan.yaml").read_text("utf-8")
    assert "# 东西部协作：文山州一市三县；对口支援：喀什、三峡库区夷陵" in text
    assert xiezuo("--ledger", ledger_copy, "check", "--strict").exit_code == 0


def test_unit_add_refusals_change_nothing(ledger_copy: Path, xiezuo: Run) -> None:
    before = snapshot(ledger_copy)
    cases = [
        ("--id", "jingan-hrss", "--name", "重复", "--kind", "member"),  # duplicate id
        ("--id", "new-unit", "--name", "新单位", "--kind", "member", "--pair", "nosuch"),  # unknown partner
        ("--id", "new-unit", "--name", "新单位", "--kind", "member", "--parent", "nosuch"),  # unknown parent
        ("--id", "new-unit", "--name", "新单位", "--kind", "星球"),  # unknown kind
        ("--id", "../evil", "--name", "越界", "--kind", "member"),  # escapes the ledger
    ]
    for args in cases:
        result = xiezuo("--ledger", ledger_copy, "--today", TODAY, "unit", "add", *args)
        assert result.exit_code == 1, args
        assert result.stderr.startswith("错误："), args
        assert "Traceback" not in result.output
    assert snapshot(ledger_copy) == before
    assert not (ledger_copy.parent / "evil.yaml").exists()


# --- meeting list / show -------------------------------------------------------------------------


def test_meeting_list(xiezuo: Run) -> None:
    result = xiezuo("--ledger", EXAMPLE, "--today", TODAY, "meeting", "list", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["id"] for r in rows] == ["2024-03-plenary", "2024-05-joint-wenshan"]  # by date
    joint = rows[1]
    assert (joint["kind"], joint["date"], joint["number"], joint["decisions"]) == ("joint", "2024-05-16",
                                                                                   "〔2024〕2号", 3)
    table = flat(xiezuo("--ledger", EXAMPLE, "--today", TODAY, "meeting", "list").stdout)
    assert "全体会议" in table and "联席会议" in table and "1/3已完成" in table
    out = xiezuo("--ledger", EXAMPLE, "--today", TODAY, "meeting", "list", "--format", "csv").stdout
    assert out.startswith("\ufeff编号,")


def test_meeting_show(xiezuo: Run) -> None:
    result = xiezuo("--ledger", EXAMPLE, "--today", TODAY, "meeting", "show", "2024-05-joint-wenshan")
    assert result.exit_code == 0, result.output
    text = flat(result.stdout)
    assert "联席会议" in text and "〔2024〕2号" in text and "2024年5月16日" in text
    assert "静安区政府第一会议室" in text
    assert "议题3：研究广南县乡镇卫生院项目取消后的资金安排" in text
    assert "议定事项2：前方工作组会同广南县，8月底前完成替代项目论证和申报" in text
    assert "跟踪任务2024-D-04：已完成" in text
    assert "跟踪任务2024-D-05：推进中" in text
    missing = xiezuo("--ledger", EXAMPLE, "--today", TODAY, "meeting", "show", "2024-13-joint")
    assert missing.exit_code == 1 and "不存在" in missing.stderr


# --- meeting add / decide ------------------------------------------------------------------------


def test_meeting_add(ledger_copy: Path, xiezuo: Run) -> None:
    result = xiezuo("--ledger", ledger_copy, "--today", TODAY, "meeting", "add", "--title", "劳务协作专题会议",
                    "--kind", "专题会议", "--date", "2024/6/20", "--place", "区人社局会议室", "--chair", "副区长",
                    "--attendee", "jingan-hrss", "--attendee", "ws-hrss", "--topic", "研究下半年劳务协作")
    assert result.exit_code == 0, result.output
    mid = result.stdout.strip()
    assert mid == "2024-06-topical"
    data = load(ledger_copy, f"meetings/2024/{mid}.yaml")
    assert data["title"] == "劳务协作专题会议"
    assert data["kind"] == "topical"
    assert str(data["date"]) == "2024-06-20"
    assert data["attendees"] == ["jingan-hrss", "ws-hrss"]
    assert data["topics"] == ["研究下半年劳务协作"]
    assert xiezuo("--ledger", ledger_copy, "check").exit_code == 0
    listed = json.loads(xiezuo("--ledger", ledger_copy, "--today", TODAY, "meeting", "list", "--format",
                               "json").stdout)
    assert listed[-1]["id"] == mid



def test_meeting_add_second_of_a_kind_in_a_month(ledger_copy: Path, xiezuo: Run) -> None:
    result = xiezuo("--ledger", ledger_copy, "--today", TODAY, "meeting", "add", "--title", "第二次全体会议",
                    "--kind", "plenary", "--date", "2024-03-28")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "2024-03-plenary-2"
    assert (ledger_copy / "meetings/2024/2024-03-plenary-2.yaml").exists()
    assert load(ledger_copy, "meetings/2024/2024-03-plenary.yaml")["title"].startswith("2024年静安区")

def test_meeting_add_refuses_bad_input(ledger_copy: Path, xiezuo: Run) -> None:
    before = snapshot(ledger_copy)
    for args in (("--kind", "茶话会", "--date", "2024-06-20"), ("--kind", "topical", "--date", "下个月"),
                 ("--kind", "topical", "--date", "2024-06-20", "--id", "../x")):
        result = xiezuo("--ledger", ledger_copy, "--today", TODAY, "meeting", "add", "--title", "会议", *args)
        assert result.exit_code == 1, args
        assert result.stderr.startswith("错误：")
    assert snapshot(ledger_copy) == before


def test_meeting_decide_adds_decision_and_task_linked_both_ways(ledger_copy: Path, xiezuo: Run) -> None:
    result = xiezuo("--ledger", ledger_copy, "--today", TODAY, "meeting", "decide", "2024-05-joint-wenshan",
                    "--text", "区人社局牵头，9月底前举办第二期劳务协作专场招聘会", "--lead", "jingan-hrss",
                    "--due", "2024-09-30")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "2024-D-07"
    task = load(ledger_copy, "tasks/2024/decisions/2024-D-07.yaml")
    assert task["kind"] == "decision"
    assert task["source"] == "2024-05-joint-wenshan"
    assert task["lead"] == ["jingan-hrss"]
    assert str(task["due"]) == "2024-09-30"
    meeting = load(ledger_copy, "meetings/2024/2024-05-joint-wenshan.yaml")
    decision = meeting["decisions"][-1]
    assert len(meeting["decisions"]) == 4
    assert decision["text"] == "区人社局牵头，9月底前举办第二期劳务协作专场招聘会"
    assert decision["lead"] == ["jingan-hrss"]
    assert decision["task"] == "2024-D-07"
    check = xiezuo("--ledger", ledger_copy, "check", "--strict")
    assert check.exit_code == 0, check.output
    show = flat(xiezuo("--ledger", ledger_copy, "--today", TODAY, "task", "show", "2024-D-07").stdout)
    assert "相关会议议定事项" in show and "第4项：区人社局牵头" in show
    minutes = flat(xiezuo("--ledger", ledger_copy, "--today", TODAY, "meeting", "show",
                          "2024-05-joint-wenshan").stdout)
    assert "议定事项4：区人社局牵头" in minutes and "跟踪任务2024-D-07：未启动" in minutes



def test_meeting_decide_keeps_a_long_text_whole(ledger_copy: Path, xiezuo: Run) -> None:
    text = "区合作交流办牵头，会同区商务委、区国资委和前方工作组，" * 4 + "年底前完成"
    result = xiezuo("--ledger", ledger_copy, "--today", TODAY, "meeting", "decide", "2024-03-plenary",
                    "--text", text, "--lead", "jingan-office", "--due", "2024-12-31")
    assert result.exit_code == 0, result.output
    tid = result.stdout.strip()
    task = load(ledger_copy, f"tasks/2024/decisions/{tid}.yaml")
    assert task["source"] == "2024-03-plenary"
    assert text in (task["title"], task.get("description"))
    assert load(ledger_copy, "meetings/2024/2024-03-plenary.yaml")["decisions"][-1]["text"] == text
    assert xiezuo("--ledger", ledger_copy, "check").exit_code == 0

def test_meeting_decide_refusals_change_nothing(ledger_copy: Path, xiezuo: Run) -> None:
    before = snapshot(ledger_copy)
    for meeting, lead in (("2024-13-none", "jingan-hrss"), ("2024-03-plenary", "nosuch")):
        result = xiezuo("--ledger", ledger_copy, "--today", TODAY, "meeting", "decide", meeting,
                        "--text", "事项", "--lead", lead)
        assert result.exit_code == 1, (meeting, lead)
        assert result.stderr.startswith("错误：")
    assert snapshot(ledger_copy) == before
