"""The read path's YAML: YAML 1.1 values as PyYAML gives them, exact decimals, no anchors, aliases or tags."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import yaml

from xiezuo_cli.yamlio import YamlProblem, parse

SAMPLES = [
    "year: 2024\ncount: 0\nneg: -7\nbig: 1_000\noctal: 010\nhex: 0x1F\nsexagesimal: 1:30\n",
    "a: yes\nb: No\nc: on\nd: ~\ne: null\nf: ''\ng: '2024'\nh: \"12\"\n",
    "due: 2024-06-30\nwhen: 2024-06-30 08:15:00\nbad: 2020-13-45\nmonth: 2024-06\n",
    "amount: 0.1\nother: 73.40\nsci: 1e3\n",
    "2024: 数字键\ntrue: 布尔键\n'x': 引号键\n",
    "nested:\n  - {a: 1, b: [x, y]}\n  - - 1\n    - 2\n",
    "text: R&D 与产销对接\n",
]


def _pyyaml(text: str) -> Any:
    """What PyYAML's safe loader gives, with floats made exact for the comparison."""
    data = yaml.load(text, Loader=yaml.CSafeLoader)
    return _exact(data)


def _exact(value: Any) -> Any:
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, dict):
        return {k: _exact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_exact(v) for v in value]
    return value


@pytest.mark.parametrize("text", SAMPLES)
def test_values_are_those_of_pyyaml_except_floats_and_impossible_dates(text: str) -> None:
    ours = parse(text)
    if "bad:" in text:  # PyYAML raises on 2020-13-45; the ledger keeps the text for the schema to report
        assert ours["bad"] == "2020-13-45" and ours["due"] == dt.date(2024, 6, 30)
        assert ours["when"] == dt.datetime(2024, 6, 30, 8, 15)
        return
    assert ours == _pyyaml(text)


def test_integers_follow_yaml_1_1() -> None:
    data = parse("a: 010\nb: 0\nc: 1_000\nd: 0x1F\ne: 1:30\nf: +5\n")
    assert data == {"a": 8, "b": 0, "c": 1000, "d": 31, "e": 90, "f": 5}


def test_decimals_come_from_the_text() -> None:
    data = parse("a: 0.1\nb: 0.2\nc: 73.40\n")
    assert data["a"] + data["b"] == Decimal("0.3") and str(data["c"]) == "73.40"


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("a: &x [1]\nb: *x\n", "yaml-alias", 1),  # the reused node is reported where it is defined
        ("base: &b {x: 1}\nother:\n  <<: *b\n", "yaml-alias", 3),
        ("a: 1\na: 2\n", "yaml-duplicate-key", 2),
        ("a: !!python/name:os.system x\n", "yaml-tag", 1),
        ("a: !custom 1\n", "yaml-tag", 1),
        ("? [a, b]\n: 1\n", "yaml-syntax", 1),
    ],
)
def test_refused_constructs_name_their_line(text: str, code: str, line: int) -> None:
    with pytest.raises(YamlProblem) as caught:
        parse(text)
    assert (caught.value.code, caught.value.line) == (code, line)


def test_a_number_too_long_to_read_is_a_problem_with_its_line() -> None:
    with pytest.raises(YamlProblem) as caught:
        parse("title: 任务\nyear: " + "9" * 5000 + "\n")
    assert (caught.value.code, caught.value.line, caught.value.col) == ("yaml-syntax", 2, 7)
    assert "5000 位" in caught.value.message


def test_a_hexadecimal_number_too_long_to_print_is_a_problem_too() -> None:
    with pytest.raises(YamlProblem) as caught:
        parse("target: 0x" + "7" * 5000 + "\n")
    assert (caught.value.code, caught.value.line) == ("yaml-syntax", 1)
