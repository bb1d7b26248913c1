"""`xiezuo task list|show|add|update|close` through the real CLI, on the example ledger and small inline ones."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from functools import partial
from pathlib import Path

import pytest

from conftest import EXAMPLE, TODAY, Run, flat, list_ids, list_rows, read_yaml, write_tree

TASK_FIELDS = {"id", "title", "kind", "category", "status", "lead", "support", "due", "closed", "overdue", "light",
               "targets"}
TARGET_FIELDS = {"key", "name", "unit", "target", "actual", "rate"}
FINISHED = {"2024-01", "2024-03", "2024-07", "2024-D-02", "2024-D-04"}








task_rows = partial(list_rows, command="task")
task_ids = partial(list_ids, command="task")
load_task = read_yaml


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)











# --- task list -----------------------------------------------------------------------------------


def test_list_json_has_exactly_the_spec_fields(xiezuo: Run) -> None:
    rows = task_rows(xiezuo)
    assert len(rows) == 24
    for row in rows:
        assert TASK_FIELDS <= set(row), row["id"]
        # the only extra field is the light's reasons in words (SPEC §2: every light carries its reason)
        assert set(row) - TASK_FIELDS <= {"reasons"}
        for target in row["targets"]:
            assert set(target) == TARGET_FIELDS


def test_list_json_values_of_a_task_with_targets(xiezuo: Run) -> None:
    row = next(r for r in task_rows(xiezuo) if r["id"] == "2024-13")
    assert row["title"] == "牢牢稳住劳务协作基本盘"
    assert row["kind"] == "key_task"
    assert row["category"] == "劳务协作"
    assert row["status"] == "in_progress"
    assert row["lead"] == ["jingan-hrss"]
    assert row["support"] == ["jingan-front", "ws-hrss"]
    assert row["due"] == "2024-11-30"
    assert row["closed"] is None
    assert row["overdue"] is False
    assert row["light"] == "green"
    assert row["targets"][0] == {"key": "to_shanghai", "name": "帮助农村劳动力（含脱贫劳动力）到上海就业", "unit": "人",
                                 "target": 200, "actual": 137, "rate": Decimal("0.685")}
    nearby = row["targets"][1]
    assert (nearby["key"], nearby["target"], nearby["actual"]) == ("nearby", 3000, 1547)


def test_list_json_finished_and_overdue_tasks(xiezuo: Run) -> None:
    rows = {r["id"]: r for r in task_rows(xiezuo)}
    done = rows["2024-01"]
    assert (done["status"], done["closed"], done["light"], done["overdue"]) == ("done", "2024-03-20", "done", False)
    late = rows["2024-04"]
    assert (late["overdue"], late["light"], late["due"]) == (True, "red", "2024-06-15")
    # the extended task is judged against its new deadline
    assert rows["2024-02"]["due"] == "2024-07-31"
    assert rows["2024-02"]["overdue"] is False


def test_list_shows_finished_tasks_and_open_leaves_them_out(xiezuo: Run) -> None:
    every = task_ids(xiezuo)
    assert FINISHED <= every
    assert task_ids(xiezuo, "--open") == every - FINISHED


@pytest.mark.parametrize(("option", "values", "expected"), [
    ("--status", ("done", "已完成"), FINISHED),
    ("--status", ("suspended", "暂缓"), {"2024-10"}),
    ("--status", ("not_started", "未启动"), {"2024-18"}),
    ("--kind", ("decision", "议定事项"), {f"2024-D-0{n}" for n in range(1, 7)}),
    ("--light", ("red", "红灯"), {"2024-04"}),
    ("--light", ("yellow", "黄灯"), {"2024-06", "2024-09", "2024-11", "2024-12", "2024-14", "2024-16", "2024-18"}),
    ("--light", ("done", "已完成"), FINISHED),
])
def test_list_enum_filters_accept_codes_and_chinese_labels(
    xiezuo: Run, option: str, values: tuple[str, str], expected: set[str]
) -> None:
    code, label = values
    assert task_ids(xiezuo, option, code) == expected
    assert task_ids(xiezuo, option, label) == expected


def test_list_kind_key_task_excludes_decisions(xiezuo: Run) -> None:
    ids = task_ids(xiezuo, "--kind", "重点任务")
    assert len(ids) == 18
    assert not any(i.startswith("2024-D-") for i in ids)


def test_list_unit_matches_lead_or_support(xiezuo: Run) -> None:
    # ws-hrss supports 2024-13 and 2024-14 and leads 2024-D-04
    assert task_ids(xiezuo, "--unit", "ws-hrss") == {"2024-13", "2024-14", "2024-D-04"}
    # jingan-hrss leads 2024-13, 2024-14, 2024-D-04 and supports 2024-06, 2024-07
    assert task_ids(xiezuo, "--unit", "jingan-hrss") == {"2024-06", "2024-07", "2024-13", "2024-14", "2024-D-04"}
    assert task_ids(xiezuo, "--unit", "jingan-hrss", "--open") == {"2024-06", "2024-13", "2024-14"}


def test_list_category_overdue_due_within(xiezuo: Run) -> None:
    assert task_ids(xiezuo, "--category", "劳务协作") == {"2024-13", "2024-14", "2024-D-04"}
    assert task_ids(xiezuo, "--overdue") == {"2024-04"}
    # 2024-14 is due 2024-07-10; 2024-02 (extended) and 2024-D-03 on 2024-07-31, 31 days after 2024-06-30
    assert task_ids(xiezuo, "--due-within", "10") == {"2024-14"}
    assert task_ids(xiezuo, "--due-within", "30") == {"2024-14"}
    assert task_ids(xiezuo, "--due-within", "31") == {"2024-14", "2024-02", "2024-D-03"}
    # finished tasks due today are not "due within"
    assert task_ids(xiezuo, "--due-within", "0") == set()


def test_list_overdue_depends_on_today(xiezuo: Run) -> None:
    assert task_ids(xiezuo, "--overdue", today="2024-06-10") == set()
    assert task_ids(xiezuo, "--overdue", today="2024-07-15") == {"2024-04", "2024-14"}



def test_overdue_starts_the_day_after_the_deadline(xiezuo: Run) -> None:
    # 2024-04 is due 2024-06-15
    assert "2024-04" not in task_ids(xiezuo, "--overdue", today="2024-06-15")
    assert "2024-04" in task_ids(xiezuo, "--overdue", today="2024-06-16")
    row = next(r for r in task_rows(xiezuo, today="2024-06-15") if r["id"] == "2024-04")
    assert (row["overdue"], row["light"]) == (False, "yellow")

INLINE = {
    "tasks/t-2023.yaml": """\
        title: 2023年产业合作
        kind: key_task
        category: 产业合作
        year: 2023
        lead: [office]
        due: 2023-12-31
        status: done
        closed: 2023-12-20
        supervision: county
        """,
    "tasks/t-2024.yaml": """\
        title: 2024年劳务协作
        kind: coordination
        category: 劳务协作
        year: 2024
        lead: [hrss]
        support: [yanshan]
        due: 2024-12-31
        status: in_progress
        supervision: none
        progress:
          - {date: 2024-06-20, text: 推进中}
        """,
    "tasks/t-2024b.yaml": """\
        title: 2024年问题整改
        kind: rectification
        year: 2024
        lead: [guangnan]
        due: 2024-09-30
        status: in_progress
        supervision: province
        progress:
          - {date: 2024-06-20, text: 整改中}
        """,
}


def test_list_year_and_supervised_filters(tmp_path: Path, xiezuo: Run) -> None:
    root = write_tree(tmp_path, INLINE)
    assert task_ids(xiezuo, "--year", "2023", ledger=root) == {"t-2023"}
    assert task_ids(xiezuo, "--year", "2024", ledger=root) == {"t-2024", "t-2024b"}
    # supervision: none is not supervised
    assert task_ids(xiezuo, "--supervised", ledger=root) == {"t-2023", "t-2024b"}
    assert task_ids(xiezuo, "--supervised", "--open", ledger=root) == {"t-2024b"}
    assert task_ids(xiezuo, "--kind", "问题整改", ledger=root) == {"t-2024b"}
    assert task_ids(xiezuo, "--kind", "coordination", "--unit", "yanshan", ledger=root) == {"t-2024"}


def test_list_supervised_on_example(xiezuo: Run) -> None:
    assert task_ids(xiezuo, "--supervised") == {"2024-13"}


def test_list_refuses_unknown_filter_values(xiezuo: Run) -> None:
    for args in (("--unit", "nosuch"), ("--status", "finished"), ("--kind", "任务"), ("--light", "blue")):
        result = xiezuo("--ledger", EXAMPLE, "--today", TODAY, "task", "list", *args)
        assert result.exit_code == 1, args
        assert result.stderr.startswith("错误：") and has_chinese(result.stderr)
        assert "Traceback" not in result.output


def test_list_csv_has_bom_and_chinese_headers(xiezuo: Run) -> None:
    result = xiezuo("--ledger", EXAMPLE, "--today", TODAY, "task", "list", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert rows[0][:5] == ["编号", "任务", "牵头单位", "完成时限", "状态"]
    assert len(rows) == 1 + 24
    by_id = {row[0]: row for row in rows[1:]}
    assert by_id["2024-13"][4] == "推进中"
    assert "区人社局" in by_id["2024-13"][2]


def test_list_table_shows_chinese_labels_and_lights(xiezuo: Run) -> None:
    result = xiezuo("--ledger", EXAMPLE, "--today", TODAY, "task", "list", "--status", "in_progress", "--light", "red")
    assert result.exit_code == 0
    text = flat(result.stdout)
    assert "2024-04" in text and "推进中" in text and "逾期15天" in text
    assert "2024-13" not in text
    assert "共1条" in text


# --- task show -----------------------------------------------------------------------------------


def test_show_targets_progress_and_evidence(xiezuo: Run) -> None:
    result = xiezuo("--ledger", EXAMPLE, "--today", TODAY, "task", "show", "2024-13")
    assert result.exit_code == 0
    out = result.stdout
    text = flat(out)
    assert "牢牢稳住劳务协作基本盘" in text
    assert "推进中" in text and "2024-11-30" in text
    # targets with actual/target and per-county actual/target
    assert "137/200人" in text
    assert "1547/3000人" in text
    assert "砚山县：356/700" in text and "广南县：471/850" in text
    # progress newest first
    assert out.index("2024-06-20") < out.index("2024-05-31") < out.index("2024-03-31")
    assert "佐证材料：attachments/2024/劳务协作台账-5月.md" in text


def test_show_extension_and_related_meeting_decisions(xiezuo: Run) -> None:
    ext = xiezuo("--ledger", EXAMPLE, "--today", TODAY, "task", "show", "2024-02")
    assert ext.exit_code == 0
    text = flat(ext.stdout)
    assert "2024-07-31（原定2024-05-31，已延期）" in text
    assert "2024-05-24延期至2024-07-31" in text
    decision = xiezuo("--ledger", EXAMPLE, "--today", TODAY, "task", "show", "2024-D-05")
    assert decision.exit_code == 0
    text = flat(decision.stdout)
    assert "相关会议议定事项" in text
    assert "东西部协作联席会议第2项：前方工作组会同广南县，8月底前完成替代项目论证和申报" in text


def test_show_unknown_task(xiezuo: Run) -> None:
    result = xiezuo("--ledger", EXAMPLE, "--today", TODAY, "task", "show", "2099-01")
    assert result.exit_code == 1
    assert "2099-01" in result.stderr and "不存在" in result.stderr


# --- task add ------------------------------------------------------------------------------------


def test_add_prints_generated_id_following_the_ledger(ledger_copy: Path, xiezuo: Run) -> None:
    result = xiezuo("--ledger", ledger_copy, "--today", TODAY, "task", "add", "--title", "新增劳务协作任务",
                    "--lead", "jingan-hrss", "--lead", "ws-hrss", "--support", "jingan-front",
                    "--due", "2024年9月30日", "--category", "劳务协作", "--source", "静合组办〔2024〕3号")
    assert result.exit_code == 0, result.output
    assert result.stdout == "2024-19\n"
    path = ledger_copy / "tasks/2024/2024-19.yaml"
    data = load_task(ledger_copy, "tasks/2024/2024-19.yaml")
    assert path.exists()
    assert data["title"] == "新增劳务协作任务"
    assert data["kind"] == "key_task"
    assert data["lead"] == ["jingan-hrss", "ws-hrss"]
    assert data["support"] == ["jingan-front"]
    assert str(data["due"]) == "2024-09-30"
    assert data["status"] == "not_started"
    assert data["source"] == "静合组办〔2024〕3号"
    assert "id" not in data
    assert xiezuo("--ledger", ledger_copy, "check").exit_code == 0
    assert "2024-19" in task_ids(xiezuo, "--unit", "ws-hrss", ledger=ledger_copy)


def test_add_decision_gets_the_decision_pattern(ledger_copy: Path, xiezuo: Run) -> None:
    result = xiezuo("--ledger", ledger_copy, "--today", TODAY, "task", "add", "--title", "议定事项",
                    "--lead", "jingan-office", "--kind", "议定事项")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "2024-D-07"
    assert (ledger_copy / "tasks/2024/decisions/2024-D-07.yaml").exists()
    second = xiezuo("--ledger", ledger_copy, "--today", TODAY, "task", "add", "--title", "第二项",
                    "--lead", "jingan-office", "--kind", "decision")
    assert second.stdout.strip() == "2024-D-08"



def test_add_in_a_new_year_follows_the_pattern_with_that_year(ledger_copy: Path, xiezuo: Run) -> None:
    key = xiezuo("--ledger", ledger_copy, "--today", TODAY, "task", "add", "--title", "明年任务",
                 "--lead", "jingan-office", "--due", "2025-01-15")
    assert key.exit_code == 0, key.output
    assert key.stdout.strip() == "2025-01"
    assert load_task(ledger_copy, "tasks/2025/2025-01.yaml")["year"] == 2025
    decision = xiezuo("--ledger", ledger_copy, "--today", TODAY, "task", "add", "--title", "明年议定",
                      "--lead", "jingan-office", "--kind", "decision", "--due", "2025-03-01")
    assert decision.stdout.strip() == "2025-D-01"
    assert (ledger_copy / "tasks/2025/decisions/2025-D-01.yaml").exists()

def test_add_with_explicit_id_and_refuses_a_duplicate(ledger_copy: Path, xiezuo: Run) -> None:
    result = xiezuo("--ledger", ledger_copy, "--today", TODAY, "task", "add", "--title", "专项",
                    "--lead", "jingan-office", "--id", "2024-ZX-01")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "2024-ZX-01"
    assert list(ledger_copy.rglob("2024-ZX-01.yaml"))
    again = xiezuo("--ledger", ledger_copy, "--today", TODAY, "task", "add", "--title", "重复",
                   "--lead", "jingan-office", "--id", "2024-13")
    assert again.exit_code == 1
    assert "已存在" in again.stderr
    assert load_task(ledger_copy, "tasks/2024/2024-13.yaml")["title"] == "牢牢稳住劳务协作基本盘"


def test_add_refuses_unknown_category(ledger_copy: Path, xiezuo: Run) -> None:
    result = xiezuo("--ledger", ledger_copy, "--today", TODAY, "task", "add", "--title", "x",
                    "--lead", "jingan-office", "--category", "不存在的类别")
    assert result.exit_code == 1
    assert has_chinese(result.stderr)
    assert not (ledger_copy / "tasks/2024/2024-19.yaml").exists()


# --- task update ---------------------------------------------------------------------------------


def test_update_progress_appends_an_entry_dated_date(ledger_copy: Path, xiezuo: Run) -> None:
    result = xiezuo("--ledger", ledger_copy, "--today", TODAY, "task", "update", "2024-14",
                    "--progress", "第二期培训班开班", "--date", "2024/6/28", "--by", "jingan-hrss")
    assert result.exit_code == 0, result.output
    progress = load_task(ledger_copy, "tasks/2024/2024-14.yaml")["progress"]
    last = progress[-1]
    assert str(last["date"]) == "2024-06-28"
    assert last["text"] == "第二期培训班开班"
    assert last["by"] == "jingan-hrss"


def test_update_progress_defaults_to_today(ledger_copy: Path, xiezuo: Run) -> None:
    result = xiezuo("--ledger", ledger_copy, "--today", TODAY, "task", "update", "2024-18", "--progress", "启动")
    assert result.exit_code == 0, result.output
    last = load_task(ledger_copy, "tasks/2024/2024-18.yaml")["progress"][-1]
    assert str(last["date"]) == TODAY


def test_update_actual_total(ledger_copy: Path, xiezuo: Run) -> None:
    result = xiezuo("--ledger", ledger_copy, "--today", TODAY, "task", "update", "2024-13",
                    "--progress", "累计到沪就业150人", "--actual", "to_shanghai=150", "--date", "2024-06-28")
    assert result.exit_code == 0, result.output
    last = load_task(ledger_copy, "tasks/2024/2024-13.yaml")["progress"][-1]
    assert last["actual"] == {"to_shanghai": 150}
    row = next(r for r in task_rows(xiezuo, ledger=ledger_copy) if r["id"] == "2024-13")
    assert row["targets"][0]["actual"] == 150
    assert row["targets"][0]["rate"] == Decimal("0.75")


def test_update_actual_per_county_carries_the_others_forward(ledger_copy: Path, xiezuo: Run) -> None:
    # latest per-county figures of `nearby`: wenshan-city 402, yanshan 356, qiubei 318, guangnan 471 (2024-05-31)
    result = xiezuo("--ledger", ledger_copy, "--today", TODAY, "task", "update", "2024-13",
                    "--actual", "nearby.yanshan=400", "--actual", "nearby.qiubei=350", "--date", "2024-06-28")
    assert result.exit_code == 0, result.output
    last = load_task(ledger_copy, "tasks/2024/2024-13.yaml")["progress"][-1]
    assert last["actual"] == {"nearby": {"wenshan-city": 402, "yanshan": 400, "qiubei": 350, "guangnan": 471}}
    assert last["text"]  # a progress text is written even without --progress
    row = next(r for r in task_rows(xiezuo, ledger=ledger_copy) if r["id"] == "2024-13")
    nearby = next(t for t in row["targets"] if t["key"] == "nearby")
    assert nearby["actual"] == 402 + 400 + 350 + 471
    show = flat(xiezuo("--ledger", ledger_copy, "--today", TODAY, "task", "show", "2024-13").stdout)
    assert "砚山县：400/700" in show and "丘北县：350/650" in show and "文山市：402/800" in show


def test_update_status_with_chinese_label_and_due(ledger_copy: Path, xiezuo: Run) -> None:
    result = xiezuo("--ledger", ledger_copy, "--today", TODAY, "task", "update", "2024-18",
                    "--status", "推进中", "--due", "2024-11-30")
    assert result.exit_code == 0, result.output
    data = load_task(ledger_copy, "tasks/2024/2024-18.yaml")
    assert data["status"] == "in_progress"
    assert str(data["due"]) == "2024-11-30"
    done = xiezuo("--ledger", ledger_copy, "--today", TODAY, "task", "update", "2024-18", "--status", "done",
                  "--date", "2024-06-29")
    assert done.exit_code == 0, done.output
    data = load_task(ledger_copy, "tasks/2024/2024-18.yaml")
    assert (data["status"], str(data["closed"])) == ("done", "2024-06-29")
    assert xiezuo("--ledger", ledger_copy, "check").exit_code == 0


def test_update_extend_moves_the_deadline(ledger_copy: Path, xiezuo: Run) -> None:
    assert "2024-04" in task_ids(xiezuo, "--overdue", ledger=ledger_copy)
    result = xiezuo("--ledger", ledger_copy, "--today", TODAY, "task", "update", "2024-04",
                    "--extend", "2024-09-30", "--reason", "续任人选待市委组织部批复", "--approved-by", "jingan-office")
    assert result.exit_code == 0, result.output
    ext = load_task(ledger_copy, "tasks/2024/2024-04.yaml")["extensions"][-1]
    assert str(ext["new_due"]) == "2024-09-30"
    assert ext["reason"] == "续任人选待市委组织部批复"
    assert ext["approved_by"] == "jingan-office"
    assert str(ext["date"]) == TODAY
    assert "2024-04" not in task_ids(xiezuo, "--overdue", ledger=ledger_copy)
    show = flat(xiezuo("--ledger", ledger_copy, "--today", TODAY, "task", "show", "2024-04").stdout)
    assert "2024-09-30（原定2024-06-15，已延期）" in show
    assert "延期至2024-09-30（续任人选待市委组织部批复" in show


def test_update_with_nothing_to_do_is_refused(ledger_copy: Path, xiezuo: Run) -> None:
    before = (ledger_copy / "tasks/2024/2024-13.yaml").read_bytes()
    result = xiezuo("--ledger", ledger_copy, "--today", TODAY, "task", "update", "2024-13")
    assert result.exit_code == 1
    assert has_chinese(result.stderr)
    assert (ledger_copy / "tasks/2024/2024-13.yaml").read_bytes() == before


# --- task close ----------------------------------------------------------------------------------


def test_close_sets_done_closed_and_note(ledger_copy: Path, xiezuo: Run) -> None:
    result = xiezuo("--ledger", ledger_copy, "--today", TODAY, "task", "close", "2024-14",
                    "--date", "2024-06-29", "--note", "培训任务全部完成，经审核销号")
    assert result.exit_code == 0, result.output
    data = load_task(ledger_copy, "tasks/2024/2024-14.yaml")
    assert data["status"] == "done"
    assert str(data["closed"]) == "2024-06-29"
    assert data["progress"][-1]["text"] == "培训任务全部完成，经审核销号"
    assert str(data["progress"][-1]["date"]) == "2024-06-29"
    row = next(r for r in task_rows(xiezuo, ledger=ledger_copy) if r["id"] == "2024-14")
    assert (row["light"], row["closed"]) == ("done", "2024-06-29")
    assert "2024-14" not in task_ids(xiezuo, "--open", ledger=ledger_copy)


def test_close_cancel(ledger_copy: Path, xiezuo: Run) -> None:
    result = xiezuo("--ledger", ledger_copy, "--today", TODAY, "task", "close", "2024-10", "--cancel")
    assert result.exit_code == 0, result.output
    data = load_task(ledger_copy, "tasks/2024/2024-10.yaml")
    assert (data["status"], str(data["closed"])) == ("cancelled", TODAY)
    assert "2024-10" in task_ids(xiezuo, "--status", "已取消", ledger=ledger_copy)


def test_close_before_the_start_is_refused(ledger_copy: Path, xiezuo: Run) -> None:
    path = ledger_copy / "tasks/2024/2024-18.yaml"  # starts 2024-07-01
    before = path.read_bytes()
    result = xiezuo("--ledger", ledger_copy, "--today", TODAY, "task", "close", "2024-18", "--date", "2024-06-30")
    assert result.exit_code == 1
    assert "销号日期 2024-06-30 早于任务 2024-18 的开始日期 2024-07-01，未写入" in result.stderr
    assert path.read_bytes() == before
