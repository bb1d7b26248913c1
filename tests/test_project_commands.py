"""`xiezuo project list|show|add|update|disburse` through the real CLI: filters, exact money, writes."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from functools import partial
from pathlib import Path

import pytest

from conftest import EXAMPLE, TODAY, Run, flat, list_ids, list_json, list_rows, read_yaml, write_tree

PROJECT_FIELDS = {"id", "name", "year", "county", "status", "funds", "disbursed", "disbursement_rate", "due",
                  "completed", "behind", "light"}
ALL = {"2024-GN-01", "2024-GN-02", "2024-GN-03", "2024-QB-01", "2024-QB-02", "2024-WSS-01", "2024-WSS-02",
       "2024-YS-01", "2024-YS-02", "2024-YS-03"}
FINISHED = {"2024-GN-01", "2024-GN-03", "2024-YS-02"}

project_json = partial(list_json, command="project")
project_rows = partial(list_rows, command="project")
project_ids = partial(list_ids, command="project")
load_project = read_yaml




















# --- project list --------------------------------------------------------------------------------


def test_list_json_fields(xiezuo: Run) -> None:
    rows = project_rows(xiezuo)
    assert {r["id"] for r in rows} == ALL
    for row in rows:
        assert PROJECT_FIELDS <= set(row), row["id"]
        assert set(row) - PROJECT_FIELDS <= {"reasons"}
    gn01 = next(r for r in rows if r["id"] == "2024-GN-01")
    assert gn01 == {**gn01, "name": "广南县职业高级中学实训基地建设项目", "year": 2024, "county": "guangnan",
                    "status": "accepted", "funds": 200, "disbursed": 200, "disbursement_rate": 1,
                    "due": "2024-05-31", "completed": "2024-05-24", "behind": False, "light": "done"}


def test_list_json_money_is_exact(xiezuo: Run) -> None:
    raw = project_json(xiezuo)
    assert "0.30000000000000004" not in raw
    assert "213.40000000000001" not in raw and "213.39999999999998" not in raw
    rows = {r["id"]: r for r in json.loads(raw, parse_float=Decimal)}
    # 73.4 + 140 funding; 73.4 + 70 disbursed
    assert rows["2024-GN-02"]["funds"] == Decimal("213.4")
    assert rows["2024-GN-02"]["disbursed"] == Decimal("143.4")
    # 0.1 + 0.2 disbursed
    assert rows["2024-QB-02"]["disbursed"] == Decimal("0.3")
    assert rows["2024-QB-02"]["disbursement_rate"] == Decimal("0.0025")
    assert re.search(r'"funds": 213\.4\b', raw)
    assert re.search(r'"disbursed": 0\.3\b', raw)


def test_list_disbursed_counts_only_up_to_today(xiezuo: Run) -> None:
    rows = {r["id"]: r for r in project_rows(xiezuo, today="2024-06-10")}
    # the 2024-06-12 instalment of WSS-01 is not yet paid on 2024-06-10
    assert rows["2024-WSS-01"]["disbursed"] == 200
    assert rows["2024-QB-02"]["disbursed"] == Decimal("0.1")


@pytest.mark.parametrize(("args", "expected"), [
    (("--county", "yanshan"), {"2024-YS-01", "2024-YS-02", "2024-YS-03"}),
    (("--county", "wenshan-city"), {"2024-WSS-01", "2024-WSS-02"}),
    (("--year", "2024"), ALL),
    (("--year", "2023"), set()),
    (("--status", "in_progress"), {"2024-GN-02", "2024-QB-01", "2024-WSS-01", "2024-WSS-02", "2024-YS-03"}),
    (("--status", "在建"), {"2024-GN-02", "2024-QB-01", "2024-WSS-01", "2024-WSS-02", "2024-YS-03"}),
    (("--status", "已取消"), {"2024-GN-03"}),
    (("--status", "approved"), {"2024-QB-02", "2024-YS-01"}),
    (("--behind",), {"2024-WSS-02"}),
    (("--supervised",), {"2024-WSS-01", "2024-YS-01"}),
    (("--light", "red"), {"2024-WSS-02"}),
    (("--light", "黄灯"), {"2024-QB-02"}),
    (("--light", "done"), FINISHED),
    (("--open",), ALL - FINISHED),
    (("--county", "guangnan", "--open"), {"2024-GN-02"}),
])
def test_list_filters(xiezuo: Run, args: tuple[str, ...], expected: set[str]) -> None:
    assert project_ids(xiezuo, *args) == expected


def test_list_year_filter_on_an_inline_ledger(tmp_path: Path, xiezuo: Run) -> None:
    root = write_tree(tmp_path, {
        "projects/p23.yaml": "name: 旧项目\nyear: 2023\ncounty: yanshan\nfunding:\n  - {source: 财政, amount: 10}\n"
                             "status: audited\ncompleted: 2023-12-01\n",
        "projects/p24.yaml": "name: 新项目\nyear: 2024\ncounty: guangnan\nfunding:\n  - {source: 财政, amount: 10}\n"
                             "status: planned\nsupervision: none\n",
    })
    assert project_ids(xiezuo, "--year", "2023", ledger=root) == {"p23"}
    assert project_ids(xiezuo, "--year", "2024", ledger=root) == {"p24"}
    assert project_ids(xiezuo, "--supervised", ledger=root) == set()


def test_list_unknown_county_is_refused(xiezuo: Run) -> None:
    result = xiezuo("--ledger", EXAMPLE, "--today", TODAY, "project", "list", "--county", "nosuch")
    assert result.exit_code == 1
    assert result.stderr.startswith("错误：") and "nosuch" in result.stderr


def test_list_csv(xiezuo: Run) -> None:
    result = xiezuo("--ledger", EXAMPLE, "--today", TODAY, "project", "list", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert rows[0][:4] == ["编号", "项目", "实施地", "资金(万元)"]
    by_id = {row[0]: row for row in rows[1:]}
    assert set(by_id) == ALL
    assert by_id["2024-GN-02"][3] == "213.4"
    assert by_id["2024-GN-02"][4] == "143.4"
    assert by_id["2024-QB-02"][4] == "0.3"


def test_list_table(xiezuo: Run) -> None:
    result = xiezuo("--ledger", EXAMPLE, "--today", TODAY, "project", "list", "--county", "guangnan")
    assert result.exit_code == 0
    text = flat(result.stdout)
    assert "213.4" in text and "143.4" in text
    assert "在建" in text and "已验收" in text and "已取消" in text
    assert "共3条" in text


# --- project show --------------------------------------------------------------------------------


def test_show_funding_disbursements_progress(xiezuo: Run) -> None:
    result = xiezuo("--ledger", EXAMPLE, "--today", TODAY, "project", "show", "2024-GN-02")
    assert result.exit_code == 0
    out, text = result.stdout, flat(result.stdout)
    assert "广南县农特产品产销对接项目" in text
    assert "资金：213.4万元" in text and "已拨付：143.4万元" in text
    assert "2023年结转上海市财政援助资金73.4万元" in text
    assert "2024-03-2873.4万元（结转资金拨付）" in text
    assert "在建" in text
    assert out.index("2024-03-28") < out.index("2024-06-05")


def test_show_changes_and_progress_newest_first(xiezuo: Run) -> None:
    result = xiezuo("--ledger", EXAMPLE, "--today", TODAY, "project", "show", "2024-GN-01")
    assert result.exit_code == 0
    out = result.stdout
    progress = out[out.index("进展"):]
    assert progress.index("2024-06-13") < progress.index("2024-05-24")
    changed = flat(xiezuo("--ledger", EXAMPLE, "--today", TODAY, "project", "show", "2024-QB-01").stdout)
    assert "变更" in changed and "建设地点由双龙营镇普者黑村调整为仙人洞村" in changed


def test_show_unknown_project(xiezuo: Run) -> None:
    result = xiezuo("--ledger", EXAMPLE, "--today", TODAY, "project", "show", "2024-XX-01")
    assert result.exit_code == 1
    assert "2024-XX-01" in result.stderr and "不存在" in result.stderr


# --- project add / update / disburse -------------------------------------------------------------


def test_add_generates_the_county_pattern_and_prints_it(ledger_copy: Path, xiezuo: Run) -> None:
    result = xiezuo("--ledger", ledger_copy, "--today", TODAY, "project", "add", "--name", "砚山县新项目",
                    "--county", "yanshan", "--year", "2024", "--amount", "73.4", "--source", "上海市财政援助资金",
                    "--due", "2024-12-31")
    assert result.exit_code == 0, result.output
    assert result.stdout == "2024-YS-04\n"
    data = load_project(ledger_copy, "projects/2024/2024-YS-04.yaml")
    assert data["name"] == "砚山县新项目"
    assert data["county"] == "yanshan"
    assert data["year"] == 2024
    assert data["funding"] == [{"source": "上海市财政援助资金", "amount": Decimal("73.4")}]
    assert data["status"] == "planned"
    assert xiezuo("--ledger", ledger_copy, "check").exit_code == 0
    assert "2024-YS-04" in project_ids(xiezuo, "--county", "yanshan", ledger=ledger_copy)


def test_add_refuses_bad_input(ledger_copy: Path, xiezuo: Run) -> None:
    for county, amount, named in (("nosuch", "10", "nosuch"), ("yanshan", "-5", "负"), ("yanshan", "十万", "十万")):
        result = xiezuo("--ledger", ledger_copy, "--today", TODAY, "project", "add", "--name", "x",
                        "--county", county, "--year", "2024", "--amount", amount)
        assert result.exit_code == 1, (county, amount)
        assert result.stderr.startswith("错误：") and named in result.stderr
    assert len(list((ledger_copy / "projects").rglob("*.yaml"))) == 10


def test_disburse_is_exact_decimal(ledger_copy: Path, xiezuo: Run) -> None:
    add = xiezuo("--ledger", ledger_copy, "--today", TODAY, "project", "add", "--name", "小额项目",
                 "--county", "qiubei", "--year", "2024", "--amount", "1", "--id", "2024-QB-09")
    assert add.exit_code == 0, add.output
    for amount, on in (("0.1", "2024-06-01"), ("0.2", "2024-06-02")):
        paid = xiezuo("--ledger", ledger_copy, "--today", TODAY, "project", "disburse", "2024-QB-09",
                      "--amount", amount, "--date", on, "--note", "测试")
        assert paid.exit_code == 0, paid.output
    raw = project_json(xiezuo, "--county", "qiubei", ledger=ledger_copy)
    assert "0.30000000000000004" not in raw
    row = next(r for r in json.loads(raw, parse_float=Decimal) if r["id"] == "2024-QB-09")
    assert row["disbursed"] == Decimal("0.3")
    assert row["disbursement_rate"] == Decimal("0.3")
    text = (ledger_copy / "projects/2024/2024-QB-09.yaml").read_text("utf-8")
    assert "amount: 0.1" in text and "amount: 0.2" in text


def test_disburse_appends_and_up_to_exactly_the_total(ledger_copy: Path, xiezuo: Run) -> None:
    # GN-02: 213.4 funded, 143.4 paid; 70 more is exactly the total
    result = xiezuo("--ledger", ledger_copy, "--today", TODAY, "project", "disburse", "2024-GN-02",
                    "--amount", "70", "--date", "2024-06-29", "--note", "尾款")
    assert result.exit_code == 0, result.output
    last = load_project(ledger_copy, "projects/2024/2024-GN-02.yaml")["disbursements"][-1]
    assert last == {"date": last["date"], "amount": 70, "note": "尾款"}
    assert str(last["date"]) == "2024-06-29"
    row = next(r for r in project_rows(xiezuo, ledger=ledger_copy) if r["id"] == "2024-GN-02")
    assert row["disbursed"] == Decimal("213.4") and row["disbursement_rate"] == 1


def test_disburse_beyond_funding_or_not_positive_is_refused(ledger_copy: Path, xiezuo: Run) -> None:
    path = ledger_copy / "projects/2024/2024-GN-02.yaml"
    before = path.read_bytes()
    for amount in ("70.01", "0", "-5"):
        result = xiezuo("--ledger", ledger_copy, "--today", TODAY, "project", "disburse", "2024-GN-02",
                        "--amount", amount)
        assert result.exit_code in (1, 2), amount
        assert result.stderr.startswith("错误：")
        assert "Traceback" not in result.output
    over = xiezuo("--ledger", ledger_copy, "--today", TODAY, "project", "disburse", "2024-GN-02", "--amount", "70.01")
    assert over.exit_code == 1
    assert "超出" in over.stderr
    assert path.read_bytes() == before


def test_update_status_completed_and_progress(ledger_copy: Path, xiezuo: Run) -> None:
    result = xiezuo("--ledger", ledger_copy, "--today", TODAY, "project", "update", "2024-WSS-02",
                    "--status", "已完工", "--completed", "2024-06-28", "--progress", "灌溉系统安装完成，项目完工",
                    "--date", "2024-06-28")
    assert result.exit_code == 0, result.output
    data = load_project(ledger_copy, "projects/2024/2024-WSS-02.yaml")
    assert data["status"] == "completed"
    assert str(data["completed"]) == "2024-06-28"
    assert data["progress"][-1]["text"] == "灌溉系统安装完成，项目完工"
    assert "2024-WSS-02" not in project_ids(xiezuo, "--behind", ledger=ledger_copy)
    assert "2024-WSS-02" in project_ids(xiezuo, "--light", "done", ledger=ledger_copy)
    assert xiezuo("--ledger", ledger_copy, "check").exit_code == 0


def test_update_unknown_status_or_project(ledger_copy: Path, xiezuo: Run) -> None:
    path = ledger_copy / "projects/2024/2024-YS-03.yaml"
    before = path.read_bytes()
    bad = xiezuo("--ledger", ledger_copy, "--today", TODAY, "project", "update", "2024-YS-03", "--status", "完成了")
    assert bad.exit_code == 1 and bad.stderr.startswith("错误：")
    missing = xiezuo("--ledger", ledger_copy, "--today", TODAY, "project", "update", "2024-YS-99", "--progress", "x")
    assert missing.exit_code == 1 and "不存在" in missing.stderr
    assert path.read_bytes() == before
    assert not list(ledger_copy.rglob("2024-YS-99*"))
