"""records.py mirrors models.py field for field; reading the ledger never imports Pydantic."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import types
import typing
from pathlib import Path
from typing import Any

import msgspec
import pytest
from pydantic import BaseModel

from xiezuo_cli import models, records, tables
from xiezuo_cli.enums import UnitKind

PAIRS = [
    (models.Unit, records.UnitRecord),
    (models.Liaison, records.LiaisonRecord),
    (models.Task, records.TaskRecord),
    (models.Target, records.TargetRecord),
    (models.Progress, records.ProgressRecord),
    (models.Extension, records.ExtensionRecord),
    (models.Project, records.ProjectRecord),
    (models.Funding, records.FundingRecord),
    (models.Disbursement, records.DisbursementRecord),
    (models.ProjectProgress, records.ProjectProgressRecord),
    (models.Change, records.ChangeRecord),
    (models.Meeting, records.MeetingRecord),
    (models.Decision, records.DecisionRecord),
    (models.Config, records.ConfigRecord),
    (models.Bulletin, records.BulletinRecord),
]
RECORD_OF = {model: record for model, record in PAIRS}


def _plain(annotation: Any) -> Any:
    """A model field's annotation as its record should declare it: no constraints, models → records."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _plain(typing.get_args(annotation)[0])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return RECORD_OF[annotation]
    if origin in (types.UnionType, typing.Union):
        return frozenset(_flatten(_plain(a) for a in typing.get_args(annotation)))
    if origin in (list, dict):
        return (origin, *(_plain(a) for a in typing.get_args(annotation)))
    return annotation


def _flatten(items: Any) -> Any:
    for item in items:
        yield from item if isinstance(item, frozenset) else (item,)


def _record_type(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin in (types.UnionType, typing.Union):
        return frozenset(_flatten(_record_type(a) for a in typing.get_args(annotation)))
    if origin in (list, dict):
        return (origin, *(_record_type(a) for a in typing.get_args(annotation)))
    return annotation


@pytest.mark.parametrize(("model", "record"), PAIRS, ids=[m.__name__ for m, _ in PAIRS])
def test_record_has_the_fields_types_and_defaults_of_its_model(model: type[BaseModel], record: Any) -> None:
    hints = typing.get_type_hints(record)
    fields = {f.name: f for f in msgspec.structs.fields(record)}
    assert set(fields) == set(model.model_fields)
    for name, info in model.model_fields.items():
        assert _record_type(hints[name]) == _plain(info.annotation), f"{model.__name__}.{name}"
        field = fields[name]
        if info.is_required():
            assert field.required, f"{model.__name__}.{name} is required"
        else:
            default = info.get_default(call_default_factory=True)
            ours = field.default_factory() if field.default_factory is not msgspec.NODEFAULT else field.default
            assert ours == default, f"{model.__name__}.{name} default"


def test_records_keep_the_models_properties() -> None:
    unit = records.UnitRecord(name="上海市静安区人力资源和社会保障局", short="区人社局", kind=UnitKind.MEMBER)
    assert unit.label == "区人社局"
    assert records.UnitRecord(name="文山市", kind=UnitKind.COUNTY).label == "文山市"
    funding = [{"source": "东西部协作资金", "amount": "0.1"}, {"source": "区级配套", "amount": "0.2"}]
    data = {"name": "广南县农特产品产销对接项目", "year": 2024, "county": "guangnan", "status": "planned"}
    project = msgspec.convert({**data, "funding": funding}, records.ProjectRecord, strict=False)
    assert str(project.total) == "0.3"


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)


def test_reading_commands_never_import_pydantic(example_copy: Path) -> None:
    """On a warm cache, task list, project list and the bulletin run without Pydantic (0.15 s at start-up)."""
    ledger = str(example_copy)
    first = _python(f"import sys; from xiezuo_cli.cli.app import run; sys.exit(run(['--ledger', {ledger!r}, 'check']))")
    assert first.returncode == 0, first.stderr
    commands = [["task", "list", "--format", "json"], ["project", "list"], ["report", "monthly"]]
    script = (
        "import sys\n"
        "from xiezuo_cli.cli.app import run\n"
        f"for args in {commands!r}:\n"
        f"    assert run(['--ledger', {ledger!r}, '--today', '2024-06-30', *args]) == 0, args\n"
        "    assert 'pydantic' not in sys.modules, args\n"
    )
    done = _python(script)
    assert done.returncode == 0, done.stderr
    assert "沪" in done.stdout or "通报" in done.stdout


@pytest.mark.parametrize(
    ("head", "record"),
    [
        (tables.TaskHead, records.TaskRecord),
        (tables.ProjectHead, records.ProjectRecord),
        (tables.TaskSpan, records.TaskRecord),
        (tables.ProjectSpan, records.ProjectRecord),
    ],
)
def test_heads_have_a_subset_of_the_record_fields_with_the_same_types(head: Any, record: Any) -> None:
    head_hints, record_hints = typing.get_type_hints(head), typing.get_type_hints(record)
    required = {f.name for f in msgspec.structs.fields(record) if f.required}
    for field in msgspec.structs.fields(head):
        assert field.name in record_hints
        assert field.required == (field.name in required), field.name
        if field.name == "extensions":  # only the dates that decide the deadline
            assert [f.name for f in msgspec.structs.fields(tables._ExtensionHead)] == ["date", "new_due"]
            continue
        assert head_hints[field.name] == record_hints[field.name], field.name
    assert head.__struct_config__.tag == record.__struct_config__.tag


def test_table_decodes_a_record_when_it_is_first_read() -> None:
    task = {
        "title": "选派援外干部挂职",
        "kind": "key_task",
        "lead": ["jingan-org"],
        "status": "in_progress",
        "year": 2024,
        "due": "2024-06-15",
        "progress": [{"date": "2024-06-01", "text": "8名干部到岗"}],
    }
    raw = msgspec.Raw(msgspec.msgpack.encode(msgspec.convert(task, records.TaskRecord, strict=False)))
    table: tables.Table[Any] = tables.Table("tasks")
    table["2024-04"] = raw
    table["2024-05"] = raw
    heads = table.heads()
    assert isinstance(heads["2024-04"], tables.TaskHead) and heads["2024-04"].due == dt.date(2024, 6, 15)
    assert table["2024-04"].progress[0].text == "8名干部到岗"
    assert isinstance(table._items["2024-05"], msgspec.Raw)  # not read, not decoded
    copy = table.copy()
    del copy["2024-04"]
    assert sorted(table) == ["2024-04", "2024-05"] and list(copy) == ["2024-05"] and "2024-05" in copy
    assert isinstance(table.heads()["2024-04"], records.TaskRecord)  # decoded already: the record serves as head


def test_unit_labels_follow_changes_to_the_units() -> None:
    from xiezuo_cli.ledger import DEFAULT_CONFIG, Ledger

    ledger = Ledger(root=Path(), config=DEFAULT_CONFIG)
    ledger.units["hrss"] = records.UnitRecord(
        name="上海市静安区人力资源和社会保障局", short="区人社局", kind=UnitKind.MEMBER
    )
    assert ledger.unit_label("hrss") == "区人社局"
    ledger.units["hrss"] = records.UnitRecord(name="区人力资源和社会保障局", short="人社局", kind=UnitKind.MEMBER)
    assert ledger.unit_label("hrss") == "人社局" and ledger.unit_label("nobody") == "nobody"
    ledger.units = ledger.units.copy()
    del ledger.units["hrss"]
    assert ledger.unit_label("hrss") == "hrss"
