"""`xiezuo report monthly`: the bulletin's figures, sections and Markdown, checked on an inline ledger.

Every figure below is computed by hand from the ledger in LEDGER, as of 2024-06-30.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import EXAMPLE, Run, write_tree

LEDGER: dict[str, str | bytes] = {
    # Yellow: 70 of 200 (35%) while 181/365 (49.6%) of the year has gone; progress in May and June.
    "tasks/t1.yaml": """\
        title: 到沪就业~稳岗
        kind: key_task
        category: 劳务协作
        year: 2024
        lead: [hrss]
        start: 2024-01-01
        due: 2024-12-31
        status: in_progress
        targets:
          - {key: to_sh, name: 到沪就业|含返岗, unit: 人, target: 200}
        progress:
          - {date: 2024-06-12, text: 六月进展甲, by: hrss, actual: {to_sh: {yanshan: 40, guangnan: 30}}}
          - {date: 2024-05-10, text: 五月进展, actual: {to_sh: 50}}
        """,
    # Red: due 2024-06-10, 20 days overdue on 2024-06-30.
    "tasks/t2.yaml": """\
        title: 园区共建
        kind: key_task
        category: 产业合作
        year: 2024
        lead: [office]
        due: 2024-06-10
        status: in_progress
        progress:
          - {date: 2024-06-01, text: 六月进展乙}
        """,
    # Finished in March: counted as done, not listed under 二 in June.
    "tasks/t3.yaml": """\
        title: 三月办结的任务
        kind: key_task
        category: 劳务协作
        year: 2024
        lead: [hrss]
        due: 2024-03-31
        status: done
        closed: 2024-03-31
        progress:
          - {date: 2024-03-20, text: 三月进展}
        """,
    # Yellow (due in 15 days) and due next month.
    "tasks/t4.yaml": """\
        title: 组织企业考察
        kind: decision
        category: 产业合作
        year: 2024
        lead: [office]
        due: 2024-07-15
        status: in_progress
        progress:
          - {date: 2024-06-20, text: 已征集企业}
        """,
    # 73.4 + 140 = 213.4 of funding; 0.1 + 0.2 = 0.3 disbursed.
    "projects/p1.yaml": """\
        name: 砚山县产业项目
        year: 2024
        county: yanshan
        funding:
          - {source: 市级资金, amount: 73.4}
          - {source: 区级资金, amount: 140}
        disbursements:
          - {date: 2024-05-01, amount: 0.1}
          - {date: 2024-06-02, amount: 0.2}
        status: in_progress
        due: 2024-12-31
        progress:
          - {date: 2024-06-02, text: 开工}
        """,
    # Completed this month.
    "projects/p2.yaml": """\
        name: 广南县学校项目
        year: 2024
        county: guangnan
        funding: [{source: 市级资金, amount: 100}]
        disbursements: [{date: 2024-03-01, amount: 100}]
        status: completed
        completed: 2024-06-15
        """,
    # Behind: due 2024-06-01; its July disbursement is after the report date.
    "projects/p3.yaml": """\
        name: 广南县滞后项目
        year: 2024
        county: guangnan
        implementer: office
        funding: [{source: 市级资金, amount: 50}]
        disbursements: [{date: 2024-07-05, amount: 10}]
        status: in_progress
        due: 2024-06-01
        progress:
          - {date: 2024-06-20, text: 推进中}
        """,
    # Cancelled in April: left out of the figures.
    "projects/p4.yaml": """\
        name: 已取消项目
        year: 2024
        county: yanshan
        funding: [{source: 市级资金, amount: 30}]
        status: cancelled
        completed: 2024-04-01
        """,
}


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "ledger", LEDGER)


def bulletin(xiezuo: Run, root: Path, *args: str, today: str = "2024-07-03") -> str:
    result = xiezuo("--ledger", root, "--today", today, "report", "monthly", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def section(text: str, heading: str) -> str:
    """The Markdown between a ## heading and the next one (or the end)."""
    start = text.index(f"## {heading}")
    rest = text[start + 3 :]
    end = rest.find("\n## ")
    return rest if end < 0 else rest[:end]


def test_masthead_issue_office_and_date(xiezuo: Run, ledger: Path) -> None:
    text = bulletin(xiezuo, ledger, "--month", "2024-06")
    lines = text.splitlines()
    assert lines[0] == "# 东西部协作和对口支援工作月度通报"
    assert "第6期" in lines[:5]
    assert "测试区对口支援与合作交流工作领导小组办公室　　2024年6月30日" in lines[:6]


def test_issue_option_and_first_month(xiezuo: Run, ledger: Path) -> None:
    assert "\n第9期\n" in bulletin(xiezuo, ledger, "--month", "2024-06", "--issue", "9")
    assert "\n第13期\n" in bulletin(xiezuo, ledger, "--month", "2025-01", today="2025-02-01")
    early = xiezuo("--ledger", ledger, "--today", "2024-07-03", "report", "monthly", "--month", "2023-12")
    assert early.exit_code == 1
    assert "--issue" in early.stderr and "first_month" in early.stderr


def test_month_defaults_to_today_and_stops_at_today(xiezuo: Run, ledger: Path) -> None:
    text = bulletin(xiezuo, ledger, today="2024-06-15")
    assert "测试区对口支援与合作交流工作领导小组办公室　　2024年6月15日" in text
    # Entries dated after "today" have not happened yet.
    assert "六月进展甲" in text
    assert "已征集企业" not in text


def test_overview_figures(xiezuo: Run, ledger: Path) -> None:
    overview = section(bulletin(xiezuo, ledger, "--month", "2024-06"), "一、总体情况")
    assert "台账共有任务4项（重点任务3项、议定事项1项），其中推进中3项、已完成1项" in overview
    assert "已完成1项，完成率25%；逾期未完成1项" in overview
    # Targets: 40 + 30 = 70 of 200; the | in the name is escaped inside the table cell.
    assert "| 1 | 到沪就业\\|含返岗 | 人 | 200 | 70 | 35% |" in overview
    # Projects: cancelled p4 left out; 213.4 + 100 + 50 = 363.4; 0.3 + 100 = 100.3; 100.3 / 363.4 = 27.6%.
    assert "帮扶项目3个" in overview
    assert "安排资金363.4万元，已拨付100.3万元，拨付率27.6%；已完工（含已验收、已审计）1个，滞后1个" in overview
    assert "另有已取消项目1个" in overview


def test_county_table_exact_money(xiezuo: Run, ledger: Path) -> None:
    projects = section(bulletin(xiezuo, ledger, "--month", "2024-06"), "三、帮扶项目推进")
    rows = [line for line in projects.splitlines() if line.startswith("|")]
    assert rows[0] == "| 县（市、区） | 项目数 | 安排资金 | 已拨付 | 拨付率 | 已完工 | 滞后 |"
    assert rows[1].count("---:") == 6  # every figure right-aligned
    assert rows[2:] == [
        "| 广南县 | 2 | 150 | 100 | 66.7% | 1 | 1 |",
        "| 砚山县 | 1 | 213.4 | 0.3 | 0.1% | 0 | 0 |",
        "| 合计 | 3 | 363.4 | 100.3 | 27.6% | 1 | 1 |",
    ]
    assert "6月拨付资金0.2万元；本月完工项目1个：广南县学校项目（广南县）。" in projects
    assert "0.30000000000000004" not in projects


def test_progress_shows_only_the_month(xiezuo: Run, ledger: Path) -> None:
    progress = section(bulletin(xiezuo, ledger, "--month", "2024-06"), "二、重点任务进展")
    assert progress.index("### （一）劳务协作") < progress.index("### （二）产业合作")  # xiezuo.yaml order
    assert "#### 1.到沪就业～稳岗" in progress
    assert "6月12日，六月进展甲。（区人社局）" in progress
    assert "五月进展" not in progress
    assert "三月办结的任务" not in progress  # finished before the month
    assert "到沪就业|含返岗完成70人，目标200人，完成率35%。" in progress.replace("\\|", "|")
    may = section(bulletin(xiezuo, ledger, "--month", "2024-05"), "二、重点任务进展")
    assert "5月10日，五月进展。" in may
    assert "六月进展甲" not in may


def test_red_then_yellow_with_reasons(xiezuo: Run, ledger: Path) -> None:
    alerts = section(bulletin(xiezuo, ledger, "--month", "2024-06"), "四、督办预警")
    red = alerts[: alerts.index("### （二）黄灯事项")]
    yellow = alerts[alerts.index("### （二）黄灯事项") :]
    assert "### （一）红灯事项（2项）" in red
    # Most overdue first: p3 is 29 days late, t2 20 days.
    assert "1.广南县滞后项目（项目p3）：逾期29天。所在地：广南县（实施单位：区合作交流办）" in red
    assert "2.园区共建（任务t2）：逾期20天。牵头单位：区合作交流办；完成时限：2024年6月10日。" in red
    assert "### （二）黄灯事项（2项）" in yellow
    assert "组织企业考察（任务t4）：15天内到期" in yellow
    assert "滞后序时进度49.6%" in yellow and "到沪就业～稳岗（任务t1）" in yellow
    assert "园区共建" not in yellow


def test_next_month_and_distribution(xiezuo: Run, ledger: Path) -> None:
    text = bulletin(xiezuo, ledger, "--month", "2024-06")
    plan = section(text, "五、下月工作安排")
    assert "2024年7月到期事项1项" in plan
    assert "1.组织企业考察（任务t4；牵头单位：区合作交流办；7月15日到期）。" in plan
    assert text.endswith("报：市合作交流办。\n\n发：各成员单位。\n\n区合作交流办　　2024年6月30日印发\n")


def test_same_inputs_give_identical_bytes(xiezuo: Run, ledger: Path, tmp_path: Path) -> None:
    first = bulletin(xiezuo, ledger, "--month", "2024-06")
    second = bulletin(xiezuo, ledger, "--month", "2024-06")
    assert first == second
    out = tmp_path / "bulletin.md"
    args = ("--today", "2024-07-03", "report", "monthly", "--month", "2024-06", "--out", out)
    result = xiezuo("--ledger", ledger, *args)
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == first.encode("utf-8")


def test_markdown_survives_word_and_pandoc(xiezuo: Run) -> None:
    text = bulletin(xiezuo, EXAMPLE, "--month", "2024-06")
    assert "~" not in text
    assert not re.search(r"<[A-Za-z/!]", text), "no raw HTML"
    assert not re.search(r"^\s*\d+[.)] ", text, re.MULTILINE), "no Markdown ordered lists"
    assert not re.search(r"^\s*[-*+] ", text, re.MULTILINE), "no Markdown bullet lists"
    assert "\n\n\n" not in text and not re.search(r"[ \t]$", text, re.MULTILINE)
    for line in text.splitlines():
        if line.startswith("|"):
            cells = re.split(r"(?<!\\)\|", line)[1:-1]
            assert len(cells) <= 7, line
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## 一、总体情况",
        "## 二、重点任务进展",
        "## 三、帮扶项目推进",
        "## 四、督办预警",
        "## 五、下月工作安排",
    ]


@pytest.mark.parametrize("month", ["2024-13", "June", "2024-6-31"])
def test_bad_month_is_a_usage_error(xiezuo: Run, ledger: Path, month: str) -> None:
    result = xiezuo("--ledger", ledger, "report", "monthly", "--month", month)
    assert result.exit_code == 2
    assert "--month" in result.stderr and "不是有效月份" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("issue", ["0", "abc", "-3"])
def test_bad_issue_is_a_usage_error(xiezuo: Run, ledger: Path, issue: str) -> None:
    result = xiezuo("--ledger", ledger, "--today", "2024-07-03", "report", "monthly", f"--issue={issue}")
    assert result.exit_code == 2
    assert "期数应为正整数" in result.stderr


def test_ledger_template_overrides_file_by_file(xiezuo: Run, tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "own",
        {**LEDGER, "templates/monthly.md.j2": "# 本办{{ title }}\n\n第{{ issue }}期，红灯{{ red | length }}项。\n"},
    )
    text = bulletin(xiezuo, root, "--month", "2024-06")
    assert text == "# 本办东西部协作和对口支援工作月度通报\n\n第6期，红灯2项。\n"
    # No minutes template in the ledger: the built-in one is used.
    root.joinpath("meetings").mkdir()
    root.joinpath("meetings/m1.yaml").write_text("title: 专题会议\nkind: topical\ndate: 2024-06-01\n", "utf-8")
    result = xiezuo("--ledger", root, "--today", "2024-07-03", "report", "minutes", "m1")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# 专题会议纪要\n")


def test_broken_ledger_template_is_a_clear_error(xiezuo: Run, tmp_path: Path) -> None:
    root = write_tree(tmp_path / "own", {**LEDGER, "templates/monthly.md.j2": "# {{ title\n"})
    result = xiezuo("--ledger", root, "--today", "2024-07-03", "report", "monthly")
    assert result.exit_code == 1
    assert "templates/monthly.md.j2" in result.stderr and "语法错误" in result.stderr
    unknown = write_tree(tmp_path / "own2", {**LEDGER, "templates/monthly.md.j2": "{{ no_such_field }}\n"})
    result = xiezuo("--ledger", unknown, "--today", "2024-07-03", "report", "monthly")
    assert result.exit_code == 1
    assert "no_such_field" in result.stderr


def test_example_ledger_bulletin(xiezuo: Run) -> None:
    text = bulletin(xiezuo, EXAMPLE, "--month", "2024-06")
    assert "\n第6期\n" in text
    assert "| 合计 |" in text
    assert "（项目2024-WSS-02）：逾期15天" in text
    # A title that starts with a digit gets a full-width point: 4．8月底前… does not read as 4.8.
    assert "\n#### 4．8月底前完成广南县卫生院项目取消后的替代项目申报\n" in text
    assert "\n#### 1.落实调研互访\n" in text


def test_empty_ledger_reads_well(xiezuo: Run, tmp_path: Path) -> None:
    text = bulletin(xiezuo, write_tree(tmp_path / "empty", {}), "--month", "2024-06")
    assert "（）" not in text and "其中。" not in text
    assert "台账中尚无任务。" in text
    assert "2024年度尚无在实施的帮扶项目。" in text
    assert "2024年7月无到期事项。" in text
    assert "|" not in text


@pytest.mark.parametrize(
    "text",
    [
        "6月底两地对账，累计到沪就业150人",
        "1. 开头像列表",
        "(1) 括号编号",
        "a) 字母编号",
        "2024.6 月报",
        "# 井号开头",
        "- 减号开头",
        "  前后空格　",
        "　全角空格开头",
        "中间  两个空格",
        "第一行\n第二行",
        "R&D 与 a_b、*星号*、[方括号]、<尖括号>、|竖线|、~波浪~、@某人",
        "ABC公司",
        "100%完成",
        "",
    ],
)
def test_markdown_shortcut_gives_what_full_escaping_gives(text: str) -> None:
    from xiezuo_cli.report import escape, md

    md.cache_clear()
    assert md(text) == escape(text)
