"""`xiezuo export xlsx` / `xiezuo import xlsx`: the workbook a clerk hands out and takes back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from conftest import TODAY, Result, Run, git, write_tree
from xiezuo_cli.excel_cells import Cells
from xiezuo_cli.excel_layout import DETAIL_SHEETS, MAIN_OF, Column, T
from xiezuo_cli.ledger import load
from xiezuo_cli.models import KIND_MODELS, Liaison
from xiezuo_cli.yamlio import parse


def export(xiezuo: Run, root: Path, out: Path) -> Path:
    result = xiezuo("--ledger", root, "--today", TODAY, "export", "xlsx", out)
    assert result.exit_code == 0, result.output
    return out


def run_import(xiezuo: Run, root: Path, book: Path, *flags: str) -> Result:
    return xiezuo("--ledger", root, "--today", TODAY, "import", "xlsx", book, *flags)


def headers(ws: Any) -> list[str]:
    return [c.value for c in ws[1]]


def find_row(ws: Any, entity_id: str, seq: int | None = None) -> int:
    for row in range(2, ws.max_row + 1):
        if ws.cell(row, 1).value == entity_id and (seq is None or ws.cell(row, 2).value == seq):
            return row
    raise AssertionError(f"{ws.title} has no row {entity_id} {seq}")


def set_cell(book: Path, sheet: str, entity_id: str, header: str, value: Any, seq: int | None = None) -> str:
    """Change one cell as a clerk would; returns its reference (任务!H7)."""
    wb = openpyxl.load_workbook(book)
    ws = wb[sheet]
    row = find_row(ws, entity_id, seq)
    column = headers(ws).index(header) + 1
    ws.cell(row, column).value = value
    wb.save(book)
    return f"{sheet}!{openpyxl.utils.get_column_letter(column)}{row}"


def append_row(book: Path, sheet: str, values: dict[str, Any]) -> int:
    wb = openpyxl.load_workbook(book)
    ws = wb[sheet]
    names = headers(ws)
    row = ws.max_row + 1
    for header, value in values.items():
        ws.cell(row, names.index(header) + 1).value = value
    wb.save(book)
    return row


def actual_row(ws: Any, task: str, seq: int, key: str) -> int:
    return next(r for r in range(2, ws.max_row + 1)
                if (ws.cell(r, 1).value, ws.cell(r, 2).value, ws.cell(r, 3).value) == (task, seq, key))


def status(root: Path) -> str:
    return git(root, "status", "--porcelain")


def numstat(root: Path) -> list[str]:
    return git(root, "diff", "--numstat").splitlines()


def file_data(root: Path, rel: str) -> Any:
    return parse((root / rel).read_text("utf-8"))


# --- export ----------------------------------------------------------------------------------------


def test_export_has_a_sheet_per_kind_with_chinese_headers_and_real_types(xiezuo: Run, example_copy: Path,
                                                                          tmp_path: Path) -> None:
    book = export(xiezuo, example_copy, tmp_path / "台账.xlsx")
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames[:4] == ["任务", "项目", "单位", "会议"]
    for name in ("量化指标", "完成数", "进展", "延期", "资金来源", "拨付明细", "项目进展", "项目变更", "议定事项"):
        assert name in wb.sheetnames
    tasks = wb["任务"]
    assert tasks.freeze_panes == "B2"
    names = headers(tasks)
    assert names[:3] == ["编号", "任务名称", "类型"]
    row = find_row(tasks, "2024-05")
    due = tasks.cell(row, names.index("完成时限") + 1)
    assert due.is_date and due.value.date() == dt.date(2024, 12, 31)
    assert tasks.cell(row, names.index("状态") + 1).value == "推进中"
    assert tasks.cell(row, names.index("牵头单位") + 1).value == "jingan-edu、jingan-health"
    # Enum columns offer their labels in a drop-down.
    lists = [v.formula1 for v in tasks.data_validations.dataValidation]
    assert '"未启动,推进中,已完成,暂缓,已取消"' in lists
    # Derived columns are grey and say they are read-only.
    light = tasks.cell(1, names.index("预警灯") + 1)
    assert light.fill.fgColor.rgb.endswith("BFBFBF") and "只读" in light.comment.text
    assert tasks.column_dimensions["B"].width > tasks.column_dimensions["A"].width

    funding = wb["资金来源"]
    row = find_row(funding, "2024-GN-02", 2)
    amount = funding.cell(row, headers(funding).index("金额（万元）") + 1)
    assert amount.value == 73.4 and amount.number_format == "0.00"
    projects = wb["项目"]
    row = find_row(projects, "2024-GN-02")
    assert projects.cell(row, headers(projects).index("资金总额（万元）") + 1).value == 213.4


def test_export_keeps_county_breakdowns_and_per_county_actuals(xiezuo: Run, example_copy: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(export(xiezuo, example_copy, tmp_path / "b.xlsx"))
    targets = wb["量化指标"]
    names = headers(targets)
    row = find_row(targets, "2024-13", 1)
    assert targets.cell(row, names.index("指标代码") + 1).value == "to_shanghai"
    assert targets.cell(row, names.index("砚山县（yanshan）") + 1).value == 50
    actuals = wb["完成数"]
    names = headers(actuals)
    row = actual_row(actuals, "2024-13", 2, "nearby")
    assert actuals.cell(row, names.index("广南县（guangnan）") + 1).value == 471
    assert actuals.cell(row, names.index("合计") + 1).value == 1547


def test_export_refuses_a_name_that_is_not_xlsx(xiezuo: Run, example_copy: Path, tmp_path: Path) -> None:
    result = xiezuo("--ledger", example_copy, "export", "xlsx", tmp_path / "台账.csv")
    assert result.exit_code == 1 and ".xlsx" in result.stderr


# --- round trip --------------------------------------------------------------------------------------


def test_unedited_export_imports_as_a_no_op(xiezuo: Run, example_copy: Path, tmp_path: Path) -> None:
    book = export(xiezuo, example_copy, tmp_path / "台账.xlsx")
    result = run_import(xiezuo, example_copy, book)
    assert result.exit_code == 0, result.output
    assert status(example_copy) == ""
    dry = run_import(xiezuo, example_copy, book, "--dry-run")
    assert dry.exit_code == 0 and "没有要导入的修改" in dry.stdout


def test_one_cell_edit_is_a_one_line_diff(xiezuo: Run, example_copy: Path, tmp_path: Path) -> None:
    book = export(xiezuo, example_copy, tmp_path / "台账.xlsx")
    set_cell(book, "任务", "2024-05", "完成时限", dt.datetime(2024, 11, 30))
    result = run_import(xiezuo, example_copy, book)
    assert result.exit_code == 0, result.output
    assert numstat(example_copy) == ["1\t1\ttasks/2024/2024-05.yaml"]
    assert "due: 2024-11-30" in git(example_copy, "diff")


def test_funding_amount_edit_keeps_the_comment_and_exact_decimal(xiezuo: Run, example_copy: Path,
                                                                 tmp_path: Path) -> None:
    book = export(xiezuo, example_copy, tmp_path / "台账.xlsx")
    set_cell(book, "资金来源", "2024-GN-02", "金额（万元）", 80.35, seq=2)
    result = run_import(xiezuo, example_copy, book)
    assert result.exit_code == 0, result.output
    assert numstat(example_copy) == ["1\t1\tprojects/2024/2024-GN-02.yaml"]
    text = (example_copy / "projects/2024/2024-GN-02.yaml").read_text("utf-8")
    line = next(line for line in text.splitlines() if "2023年结转" in line)
    assert "amount: 80.35}" in line and line.endswith("# 依据2023年项目计划结转")


def test_dry_run_lists_the_change_in_chinese_and_writes_nothing(xiezuo: Run, example_copy: Path,
                                                                tmp_path: Path) -> None:
    book = export(xiezuo, example_copy, tmp_path / "台账.xlsx")
    set_cell(book, "任务", "2024-05", "状态", "已完成")
    set_cell(book, "任务", "2024-05", "销号日期", "2024年6月28日")
    result = run_import(xiezuo, example_copy, book, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "任务 2024-05" in result.stdout
    assert "状态 推进中 → 已完成" in result.stdout
    assert "销号日期 （空） → 2024-06-28" in result.stdout
    assert status(example_copy) == ""


def test_import_with_commit_commits_the_files_it_wrote(xiezuo: Run, example_copy: Path, tmp_path: Path) -> None:
    book = export(xiezuo, example_copy, tmp_path / "台账.xlsx")
    set_cell(book, "项目", "2024-YS-01", "受益人数", 1300)
    result = run_import(xiezuo, example_copy, book, "--commit")
    assert result.exit_code == 0, result.output
    assert status(example_copy) == ""
    message = git(example_copy, "log", "-1", "--format=%B")
    assert message.startswith("从 Excel 导入 台账.xlsx") and "项目 2024-YS-01：受益人数" in message
    assert git(example_copy, "show", "--name-only", "--format=").split() == ["projects/2024/2024-YS-01.yaml"]


def test_added_rows_append_items_and_create_entities(xiezuo: Run, example_copy: Path, tmp_path: Path) -> None:
    book = export(xiezuo, example_copy, tmp_path / "台账.xlsx")
    append_row(book, "进展", {"任务编号": "2024-13", "序号": 4, "日期": "2024/6/28",
                             "进展情况": "广南县专场招聘会新增到沪就业9人", "报送单位": "jingan-hrss"})
    append_row(book, "完成数", {"任务编号": "2024-13", "进展序号": 4, "指标代码": "to_shanghai", "合计": 146})
    append_row(book, "拨付明细", {"项目编号": "2024-QB-01", "拨付日期": dt.datetime(2024, 6, 29), "金额（万元）": 60,
                               "备注": "第二批"})
    append_row(book, "项目", {"编号": "2024-YS-09", "项目名称": "砚山县劳务车间", "年度": 2024, "实施地": "yanshan",
                            "状态": "储备"})
    append_row(book, "资金来源", {"项目编号": "2024-YS-09", "序号": 1, "资金来源": "上海市财政援助资金",
                               "金额（万元）": "50"})
    before = (example_copy / "tasks/2024/2024-13.yaml").read_text("utf-8")
    result = run_import(xiezuo, example_copy, book)
    assert result.exit_code == 0, result.output
    after = (example_copy / "tasks/2024/2024-13.yaml").read_text("utf-8")
    assert after.startswith(before)  # only lines added at the end
    task = file_data(example_copy, "tasks/2024/2024-13.yaml")
    assert task["progress"][-1] == {"date": dt.date(2024, 6, 28), "text": "广南县专场招聘会新增到沪就业9人",
                                    "by": "jingan-hrss", "actual": {"to_shanghai": 146}}
    project = file_data(example_copy, "projects/2024/2024-QB-01.yaml")
    assert project["disbursements"][-1] == {"date": dt.date(2024, 6, 29), "amount": 60, "note": "第二批"}
    created = file_data(example_copy, "projects/2024/2024-YS-09.yaml")
    assert created["status"] == "planned" and created["funding"] == [{"source": "上海市财政援助资金", "amount": 50}]
    check = xiezuo("--ledger", example_copy, "check")
    assert check.exit_code == 0, check.output


def test_cleared_cell_removes_the_key_and_per_unit_figure_edit(xiezuo: Run, example_copy: Path,
                                                               tmp_path: Path) -> None:
    book = export(xiezuo, example_copy, tmp_path / "台账.xlsx")
    set_cell(book, "任务", "2024-13", "督办级别", None)
    wb = openpyxl.load_workbook(book)
    ws = wb["完成数"]
    names = headers(ws)
    row = actual_row(ws, "2024-13", 2, "to_shanghai")
    ws.cell(row, names.index("砚山县（yanshan）") + 1).value = 33
    ws.cell(row, names.index("合计") + 1).value = None
    wb.save(book)
    result = run_import(xiezuo, example_copy, book)
    assert result.exit_code == 0, result.output
    diff = git(example_copy, "diff", "-U0")
    assert "-supervision: prefecture   # 文山州列入州级挂牌督办" in diff
    assert "yanshan: 33" in diff
    assert numstat(example_copy) == ["1\t2\ttasks/2024/2024-13.yaml"]


# --- bad cells ---------------------------------------------------------------------------------------


BAD_CELLS = [
    ("任务", "2024-05", None, "完成时限", "下个月", "完成时限“下个月”不是日期"),
    ("量化指标", "2024-05", 1, "目标值", "八人", "目标值“八人”不是数字"),
    ("任务", "2024-05", None, "牵头单位", "jingan-edu、nobody", "牵头单位“nobody”不存在"),
    ("任务", "2024-05", None, "状态", "进行中", "状态“进行中”不是有效值"),
    ("资金来源", "2024-GN-02", 2, "金额（万元）", -5, "金额（万元）不能为负数"),
    ("拨付明细", "2024-GN-02", 1, "金额（万元）", "1.23456", "金额（万元）“1.23456”小数位过多"),
]


@pytest.mark.parametrize(("sheet", "entity", "seq", "header", "value", "message"), BAD_CELLS)
def test_bad_cell_is_refused_with_its_location_and_nothing_written(
    xiezuo: Run, example_copy: Path, tmp_path: Path,
    sheet: str, entity: str, seq: int | None, header: str, value: Any, message: str,
) -> None:
    book = export(xiezuo, example_copy, tmp_path / "台账.xlsx")
    set_cell(book, "任务", "2024-01", "任务名称", "加强组织领导（已改）")  # a good edit that must not land
    ref = set_cell(book, sheet, entity, header, value, seq)
    result = run_import(xiezuo, example_copy, book)
    assert result.exit_code == 1
    assert f"{ref}：{message}" in result.stderr
    assert "Traceback" not in result.output
    assert status(example_copy) == ""


def test_every_bad_cell_is_listed_at_once(xiezuo: Run, example_copy: Path, tmp_path: Path) -> None:
    book = export(xiezuo, example_copy, tmp_path / "台账.xlsx")
    first = set_cell(book, "任务", "2024-02", "开始日期", "2024-02-30")
    second = set_cell(book, "项目", "2024-QB-01", "实施地", "不存在县")
    result = run_import(xiezuo, example_copy, book, "--dry-run")
    assert result.exit_code == 1
    assert "2 处错误" in result.stderr and first in result.stderr and second in result.stderr


def test_schema_problem_points_at_the_cell(xiezuo: Run, example_copy: Path, tmp_path: Path) -> None:
    book = export(xiezuo, example_copy, tmp_path / "台账.xlsx")
    set_cell(book, "任务", "2024-05", "状态", "已完成")  # done, but no closing date
    closed = set_cell(book, "任务", "2024-05", "销号日期", None)
    result = run_import(xiezuo, example_copy, book)
    assert result.exit_code == 1
    assert f"{closed}：状态为“已完成”的任务必须填写销号日期" in result.stderr
    assert status(example_copy) == ""


def test_cross_file_rule_problem_is_refused(xiezuo: Run, example_copy: Path, tmp_path: Path) -> None:
    book = export(xiezuo, example_copy, tmp_path / "台账.xlsx")
    set_cell(book, "拨付明细", "2024-GN-02", "金额（万元）", 500, seq=2)  # beyond the funding total
    result = run_import(xiezuo, example_copy, book)
    assert result.exit_code == 1
    assert "拨付明细!" in result.stderr and "超过资金总额" in result.stderr
    assert status(example_copy) == ""


def test_unknown_column_and_detail_row_of_a_missing_entity_are_refused(xiezuo: Run, example_copy: Path,
                                                                        tmp_path: Path) -> None:
    book = export(xiezuo, example_copy, tmp_path / "台账.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb["任务"]
    ws.cell(1, ws.max_column + 1).value = "完成时间"
    ws.cell(2, ws.max_column).value = "2024-07-01"
    wb.save(book)
    append_row(book, "进展", {"任务编号": "2099-99", "日期": "2024-06-01", "进展情况": "无此任务"})
    result = run_import(xiezuo, example_copy, book)
    assert result.exit_code == 1
    assert "不认识的列“完成时间”" in result.stderr
    assert "任务“2099-99”不存在" in result.stderr
    assert status(example_copy) == ""


# --- layout freedom and messy cells ------------------------------------------------------------------


def test_reordered_and_missing_columns_import(xiezuo: Run, example_copy: Path, tmp_path: Path) -> None:
    book = export(xiezuo, example_copy, tmp_path / "台账.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb["任务"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    names = rows[0]
    keep = ["完成时限", "状态", "编号", "任务名称"]  # reversed order, most columns left out
    wb.remove(ws)
    new = wb.create_sheet("任务", 0)
    for row in rows:
        new.append([row[names.index(h)] for h in keep])
    for row in range(2, new.max_row + 1):
        if new.cell(row, 3).value == "2024-06":
            new.cell(row, 1).value = dt.datetime(2024, 9, 30)
    wb.save(book)
    result = run_import(xiezuo, example_copy, book)
    assert result.exit_code == 0, result.output
    assert numstat(example_copy) == ["1\t1\ttasks/2024/2024-06.yaml"]


def test_messy_cells_are_normalised(xiezuo: Run, example_copy: Path, tmp_path: Path) -> None:
    book = export(xiezuo, example_copy, tmp_path / "台账.xlsx")
    set_cell(book, "任务", "2024-05", "完成时限", " 2024年11月30日 ")
    set_cell(book, "任务", "2024-05", "配合单位", " jingan-front ，jingan-org ")
    set_cell(book, "任务", "2024-05", "状态", " 推进中 ")  # unchanged once trimmed
    set_cell(book, "资金来源", "2024-GN-02", "金额（万元）", "７３.４", seq=2)  # unchanged: full-width 73.4
    set_cell(book, "资金来源", "2024-GN-02", "金额（万元）", " 150 ", seq=1)
    set_cell(book, "量化指标", "2024-05", "目标值", "１０", seq=1)
    set_cell(book, "拨付明细", "2024-GN-01", "拨付日期", "2024/2/28", seq=1)  # unchanged
    result = run_import(xiezuo, example_copy, book)
    assert result.exit_code == 0, result.output
    task = file_data(example_copy, "tasks/2024/2024-05.yaml")
    assert task["due"] == dt.date(2024, 11, 30)
    assert task["support"] == ["jingan-front", "jingan-org"]
    assert task["targets"][0]["target"] == 10
    project = file_data(example_copy, "projects/2024/2024-GN-02.yaml")
    assert [f["amount"] for f in project["funding"]] == [150, Decimal("73.4")]
    assert sorted(numstat(example_copy)) == ["1\t1\tprojects/2024/2024-GN-02.yaml", "3\t3\ttasks/2024/2024-05.yaml"]


def test_cells_reader_normalises_and_refuses_ambiguity(tmp_path: Path) -> None:
    ledger = load(write_tree(tmp_path, {}), use_cache=False)
    cells = Cells(ledger, {}, set())
    money = Column("金额", ("amount",), T.MONEY)
    assert cells.read(73.4, money) == Decimal("73.4")
    assert cells.read(0.1 + 0.2, money) == Decimal("0.3")  # float noise from a formula
    assert cells.read("1,200", money) == Decimal(1200)
    assert cells.read("200万元", money) == Decimal(200)
    day = Column("日期", ("date",), T.DATE)
    assert cells.read("2024年6月30日", day) == dt.date(2024, 6, 30)
    assert cells.read("２０２４/６/３０", day) == dt.date(2024, 6, 30)
    assert cells.read(dt.datetime(2024, 6, 30), day) == dt.date(2024, 6, 30)
    units = Column("牵头单位", ("lead",), T.UNITS)
    assert cells.read("区人社局", units) == ["hrss"]  # a unique short name is the unit
    assert cells.read("ｈｒｓｓ、office", units) == ["hrss", "office"]
    for bad, column in ((dt.datetime(2024, 6, 30, 15, 0), day), (45473, day), ("6/30", day),
                        ("约50", money), (True, money)):
        with pytest.raises(ValueError, match=column.header):
            cells.read(bad, column)


def test_new_unit_task_and_meeting_are_written_in_the_house_style(xiezuo: Run, example_copy: Path,
                                                                   tmp_path: Path) -> None:
    book = export(xiezuo, example_copy, tmp_path / "台账.xlsx")
    append_row(book, "单位", {"编号": "qiubei-edu", "单位名称": "丘北县教育体育局", "简称": "丘北县教体局",
                            "类型": "部门", "帮扶/受援": "受援方", "上级单位": "qiubei", "联络员": "王五",
                            "联络员电话": "0876-1234567"})
    append_row(book, "任务", {"编号": "2024-19", "任务名称": "教育结对", "类型": "议定事项", "类别": "人才支援",
                            "牵头单位": "jingan-edu、丘北县教体局", "完成时限": "2024年12月31日", "状态": "推进中",
                            "来源": "2024-07-topical", "任务说明": "第一行\n第二行"})
    append_row(book, "量化指标", {"任务编号": "2024-19", "序号": 1, "指标代码": "pairs", "指标名称": "结对学校",
                                "计量单位": "对", "目标值": 4, "丘北县（qiubei）": 2, "砚山县（yanshan）": 2})
    append_row(book, "进展", {"任务编号": "2024-19", "序号": 1, "日期": "2024-06-20",
                             "进展情况": "已结对2对\n另有1对在洽谈", "报送单位": "qiubei-edu"})
    append_row(book, "完成数", {"任务编号": "2024-19", "进展序号": 1, "指标代码": "pairs", "合计": 2,
                              "丘北县（qiubei）": 1, "砚山县（yanshan）": 1})
    append_row(book, "会议", {"编号": "2024-07-topical", "会议名称": "教育协作专题会", "类型": "专题会议",
                            "日期": dt.datetime(2024, 6, 25), "出席": "jingan-edu、qiubei-edu、各校校长",
                            "议题": "结对学校名单\n下半年交流安排"})
    append_row(book, "议定事项", {"会议编号": "2024-07-topical", "事项内容": "9月前完成结对签约",
                                "牵头单位": "jingan-edu", "完成时限": "2024-09-30", "跟踪任务": "2024-19"})
    result = run_import(xiezuo, example_copy, book)
    assert result.exit_code == 0, result.output
    assert "新增任务 2024-19" in result.stderr and "新增单位 qiubei-edu" in result.stderr
    assert (example_copy / "units/west/qiubei-edu.yaml").read_text("utf-8") == (
        "name: 丘北县教育体育局\nshort: 丘北县教体局\nkind: department\nside: west\nparent: qiubei\n"
        "liaison: {name: 王五, phone: 0876-1234567}\n"
    )
    task = (example_copy / "tasks/2024/decisions/2024-19.yaml").read_text("utf-8")
    assert "lead: [jingan-edu, qiubei-edu]\n" in task
    assert "description: |\n  第一行\n  第二行\n" in task
    assert "    breakdown: {yanshan: 2, qiubei: 2}\n" in task or "    breakdown: {qiubei: 2, yanshan: 2}\n" in task
    assert "    text: |\n      已结对2对\n      另有1对在洽谈\n" in task
    meeting = file_data(example_copy, "meetings/2024/2024-07-topical.yaml")
    assert meeting["attendees"] == ["jingan-edu", "qiubei-edu", "各校校长"]
    assert meeting["topics"] == ["结对学校名单", "下半年交流安排"]
    assert meeting["decisions"] == [{"text": "9月前完成结对签约", "lead": ["jingan-edu"], "due": dt.date(2024, 9, 30),
                                     "task": "2024-19"}]
    check = xiezuo("--ledger", example_copy, "check")
    assert check.exit_code == 0, check.output


def test_first_extension_is_added_as_a_block_list(xiezuo: Run, example_copy: Path, tmp_path: Path) -> None:
    book = export(xiezuo, example_copy, tmp_path / "台账.xlsx")
    append_row(book, "延期", {"任务编号": "2024-05", "申请日期": "2024-06-30", "延期至": "2025-01-31",
                             "延期原因": "人选调整", "批准单位": "jingan-office"})
    result = run_import(xiezuo, example_copy, book)
    assert result.exit_code == 0, result.output
    assert "新增延期第1条" in result.stderr
    text = (example_copy / "tasks/2024/2024-05.yaml").read_text("utf-8")
    assert text.endswith(
        "extensions:\n  - {date: 2024-06-30, new_due: 2025-01-31, reason: 人选调整, approved_by: jingan-office}\n"
    )


LABELLED = {
    "tasks/t1.yaml": """\
        # 任务文件用中文标签写状态和类型
        title: 劳务协作
        kind: 重点任务
        lead: [hrss]
        support: []
        due: 2024-09-30
        status: 推进中   # 月度调度
        description: |
          第一行
          第二行
        targets:
          - {key: jobs, name: 就业, unit: 人, target: 10.50}
        progress:
          - {date: 2024-05-01, text: 开始, actual: {jobs: 3}}
        """,
    "projects/p1.yaml": """\
        name: 车间
        year: 2024
        county: yanshan
        funding:
          - {source: 市级资金, amount: 100.10}
        status: 在建
        """,
}


def test_a_hand_written_ledger_with_labels_and_comments_round_trips(xiezuo: Run, repo: Callable[..., Path],
                                                                     tmp_path: Path) -> None:
    root = repo(LABELLED)
    book = export(xiezuo, root, tmp_path / "台账.xlsx")
    result = run_import(xiezuo, root, book)
    assert result.exit_code == 0, result.output
    assert status(root) == ""
    set_cell(book, "任务", "t1", "状态", "暂缓")
    result = run_import(xiezuo, root, book)
    assert result.exit_code == 0, result.output
    changed = [line for line in git(root, "diff", "-U0").splitlines() if line[:1] in "+-" and line[1:2] != line[:1]]
    assert changed[0] == "-status: 推进中   # 月度调度" and len(changed) == 2
    assert changed[1].startswith("+status: suspended") and changed[1].endswith("# 月度调度")


def test_a_file_that_is_not_a_workbook_is_refused(xiezuo: Run, example_copy: Path, tmp_path: Path) -> None:
    fake = tmp_path / "台账.xlsx"
    fake.write_text("不是工作簿", "utf-8")
    result = run_import(xiezuo, example_copy, fake)
    assert result.exit_code == 1 and "不是有效的 Excel 工作簿" in result.stderr
    missing = run_import(xiezuo, example_copy, tmp_path / "无.xlsx")
    assert missing.exit_code == 1 and "找不到工作簿文件" in missing.stderr
    assert "Traceback" not in result.output + missing.output


def test_every_field_of_every_kind_has_a_place_in_the_workbook() -> None:
    """Nothing is lost on the way out: a field added to the schema must get a column."""
    for kind, model in KIND_MODELS.items():
        main = MAIN_OF[kind]
        covered = {c.path[0] for c in main.columns if c.path}
        details = [s for s in DETAIL_SHEETS if s.kind == kind]
        covered |= {s.list_key for s in details}
        assert covered == set(model.model_fields), kind
        for list_key in {s.list_key for s in details}:
            sheets = [s for s in details if s.list_key == list_key]
            # 完成数 rows name a target (key) and give its total or per-unit figures: the progress entry's actual.
            item_fields = {c.path[0] for s in sheets if not s.unit_columns or s.unit_columns == "breakdown"
                           for c in s.columns if c.path and not c.derived}
            item_fields |= {s.unit_columns for s in sheets if s.unit_columns}
            assert item_fields == set(sheets[0].model.model_fields), (kind, list_key)
    liaison = {c.path[1] for c in MAIN_OF["units"].columns if c.path[:1] == ("liaison",)}
    assert liaison == set(Liaison.model_fields)
