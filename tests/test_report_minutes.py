"""`xiezuo report minutes`: the 纪要 of a meeting with its decisions and where each one stands."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLE, Run, write_tree

LEDGER: dict[str, str | bytes] = {
    "meetings/m1.yaml": """\
        title: 2024年劳务协作专题会议
        kind: topical
        number: 〔2024〕3号
        date: 2024-05-20
        place: 区政府第二会议室
        chair: 副区长
        attendees: [office, hrss, 文山州代表团]
        invited: [wenshan]
        topics: [研究劳务协作, 部署技能培训]
        recorder: 李四
        decisions:
          - {text: 区人社局牵头，6月底前签订对账备忘录, lead: [hrss], due: 2024-06-30, task: d1}
          - {text: 前方工作组8月底前完成培训计划, lead: [office], due: 2024-06-10, task: d2}
          - {text: 各县做好宣传发动, due: 2024-09-30, task: d3}
          - {text: 加强信息报送}
        """,
    "tasks/d1.yaml": """\
        title: 签订对账备忘录
        kind: decision
        source: m1
        lead: [hrss]
        due: 2024-06-30
        status: done
        closed: 2024-06-14
        """,
    "tasks/d2.yaml": """\
        title: 完成培训计划
        kind: decision
        source: m1
        lead: [office]
        due: 2024-06-10
        status: in_progress
        progress: [{date: 2024-06-05, text: 起草中}]
        """,
    "tasks/d3.yaml": """\
        title: 宣传发动
        kind: decision
        source: m1
        lead: [yanshan, guangnan]
        due: 2024-08-31
        status: in_progress
        extensions: [{date: 2024-08-20, new_due: 2024-09-30, reason: 汛期}]
        progress: [{date: 2024-06-25, text: 已部署}]
        """,
}


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "ledger", LEDGER)


def minutes(xiezuo: Run, root: Path, meeting: str = "m1", *args: str, today: str = "2024-06-30") -> str:
    result = xiezuo("--ledger", root, "--today", today, "report", "minutes", meeting, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_header_and_meeting_details(xiezuo: Run, ledger: Path) -> None:
    lines = minutes(xiezuo, ledger).splitlines()
    assert lines[:5] == [
        "# 2024年劳务协作专题会议纪要",
        "",
        "〔2024〕3号",
        "",
        "测试区对口支援与合作交流工作领导小组办公室　　2024年5月20日",
    ]
    for expected in (
        "时间：2024年5月20日",
        "地点：区政府第二会议室",
        "主持：副区长",
        "记录：李四",
        "议题：",
        "1.研究劳务协作。",
        "2.部署技能培训。",
    ):
        assert expected in lines


def test_attendees_are_full_unit_names_and_free_text_is_kept(xiezuo: Run, ledger: Path) -> None:
    lines = minutes(xiezuo, ledger).splitlines()
    assert "出席：区合作交流办、区人力资源和社会保障局、文山州代表团" in lines
    assert "列席：文山州" in lines


def test_decisions_numbered_with_lead_deadline_and_tracking(xiezuo: Run, ledger: Path) -> None:
    text = minutes(xiezuo, ledger)
    body = text[text.index("现将会议议定事项纪要如下：") :]
    assert "一、区人社局牵头，6月底前签订对账备忘录。牵头单位：区人社局；完成时限：2024年6月30日。" in body
    assert "跟踪任务d1：截至2024年6月30日，已完成（2024年6月14日销号）。" in body
    assert "二、前方工作组8月底前完成培训计划。牵头单位：区合作交流办；完成时限：2024年6月10日。" in body
    assert "跟踪任务d2：截至2024年6月30日，推进中（红灯：逾期20天）。" in body
    # No lead on the decision: the tracking task's lead units are shown.
    assert "三、各县做好宣传发动。牵头单位：砚山县、广南县；完成时限：2024年9月30日。" in body
    assert "四、加强信息报送。\n" in body
    assert body.count("跟踪任务") == 3
    assert body.index("一、") < body.index("二、") < body.index("三、") < body.index("四、")


def test_tracking_is_as_of_today(xiezuo: Run, ledger: Path) -> None:
    before = minutes(xiezuo, ledger, today="2024-06-01")
    assert "跟踪任务d1：截至2024年6月1日，推进中" in before  # closed on 6-14, not yet done
    after = minutes(xiezuo, ledger, today="2024-09-01")
    # d3's task was extended on 8-20 to 9-30, the date the meeting set.
    assert "三、各县做好宣传发动。牵头单位：砚山县、广南县；完成时限：2024年9月30日。" in after
    assert "跟踪任务d3：截至2024年9月1日，推进中（黄灯：" in after
    assert "已延期至2024年9月30日" in after


def test_distribution_at_the_end(xiezuo: Run, ledger: Path) -> None:
    text = minutes(xiezuo, ledger)
    assert text.endswith("报：市合作交流办。\n\n发：各成员单位。\n\n区合作交流办　　2024年6月30日印发\n")


def test_identical_output_and_md_file(xiezuo: Run, ledger: Path, tmp_path: Path) -> None:
    text = minutes(xiezuo, ledger)
    assert minutes(xiezuo, ledger) == text
    out = tmp_path / "纪要.md"
    minutes(xiezuo, ledger, "m1", "--out", str(out))
    assert out.read_text("utf-8") == text


def test_unknown_meeting_is_exit_1(xiezuo: Run, ledger: Path) -> None:
    result = xiezuo("--ledger", ledger, "report", "minutes", "no-such-meeting")
    assert result.exit_code == 1
    assert "没有编号为“no-such-meeting”的会议" in result.stderr
    assert "m1" in result.stderr  # the meetings that do exist
    assert "Traceback" not in result.output


def test_missing_meeting_id_is_usage_error(xiezuo: Run, ledger: Path) -> None:
    result = xiezuo("--ledger", ledger, "report", "minutes")
    assert result.exit_code == 2


def test_minimal_meeting(xiezuo: Run, tmp_path: Path) -> None:
    bare = "title: 联络员会议纪要\nkind: liaison\ndate: 2024-02-02\n"
    root = write_tree(tmp_path / "l", {"meetings/bare.yaml": bare})
    text = minutes(xiezuo, root, "bare")
    assert text.startswith("# 联络员会议纪要\n\n测试区对口支援与合作交流工作领导小组办公室　　2024年2月2日\n")
    assert "本次会议无议定事项。" in text
    assert "地点：" not in text and "出席：" not in text


def test_example_ledger_minutes(xiezuo: Run) -> None:
    text = minutes(xiezuo, EXAMPLE, "2024-05-joint-wenshan", today="2024-07-02")
    assert "出席：上海市静安区、文山壮族苗族自治州" in text
    assert "文山州党政代表团随行人员" in text
    assert "跟踪任务2024-D-04：截至2024年7月2日，已完成（2024年6月14日销号）。" in text
