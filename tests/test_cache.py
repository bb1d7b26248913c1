"""The cache under .xiezuo/: reused when nothing changed, never trusted blindly."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result, write_tree
from xiezuo_cli import cache as record_cache
from xiezuo_cli import checkcache
from xiezuo_cli.ledger import load
from xiezuo_cli.rules import check

TASK = "title: 劳务协作\nkind: key_task\nlead: [hrss]\ndue: 2024-10-30\nstatus: in_progress\n"


def _ledger(tmp_path: Path) -> Path:
    return write_tree(tmp_path, {"tasks/2024/a.yaml": TASK, "tasks/2024/b.yaml": TASK})


def test_edit_behind_the_tools_back_is_seen(tmp_path: Path, xiezuo: Callable[..., Result]) -> None:
    root = _ledger(tmp_path)
    assert xiezuo("--ledger", root, "check").exit_code == 0
    assert (root / ".xiezuo" / "records-tasks.msgpack").is_file() and (root / ".xiezuo" / "check.msgpack").is_file()
    path = root / "tasks/2024/a.yaml"
    stat = path.stat()
    path.write_text(TASK.replace("[hrss]", "[ghost]"), "utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same mtime: size still differs
    result = xiezuo("--ledger", root, "check")
    assert result.exit_code == 1 and "tasks/2024/a.yaml:3:8: error ref-unit" in result.stdout
    path.write_text(TASK, "utf-8")
    assert xiezuo("--ledger", root, "check").exit_code == 0


def test_same_size_edit_is_seen_through_mtime(tmp_path: Path) -> None:
    root = _ledger(tmp_path)
    assert check(root).tasks["a"].due.isoformat() == "2024-10-30"
    path = root / "tasks/2024/a.yaml"
    path.write_text(TASK.replace("2024-10-30", "2024-11-30"), "utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert check(root).tasks["a"].due.isoformat() == "2024-11-30"


def test_unchanged_files_come_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _ledger(tmp_path)
    load(root)
    parsed: list[str] = []
    original = record_cache.RecordCache._parse

    def spy(self: record_cache.RecordCache, files: list, progress: object) -> object:  # type: ignore[type-arg]
        parsed.extend(f.path for f in files)
        return original(self, files, progress)  # type: ignore[arg-type]

    monkeypatch.setattr(record_cache.RecordCache, "_parse", spy)
    (root / "tasks/2024/b.yaml").write_text(TASK.replace("劳务协作", "消费协作"), "utf-8")
    ledger = load(root)
    assert parsed == ["tasks/2024/b.yaml"]
    assert ledger.tasks["b"].title == "消费协作" and ledger.tasks["a"].title == "劳务协作"


def test_corrupt_cache_is_rebuilt(tmp_path: Path, xiezuo: Callable[..., Result]) -> None:
    root = _ledger(tmp_path)
    xiezuo("--ledger", root, "check")
    (root / ".xiezuo" / "records-tasks.msgpack").write_bytes(b"\x00garbage")
    (root / ".xiezuo" / "check.msgpack").write_bytes(b"\xff")
    result = xiezuo("--ledger", root, "check")
    assert result.exit_code == 0 and "Traceback" not in result.output
    assert len(load(root).tasks) == 2


def test_other_version_invalidates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _ledger(tmp_path)
    load(root)
    monkeypatch.setattr(record_cache, "VERSION", "another-version")
    cache = record_cache.RecordCache.open(root, ["tasks"])
    assert cache.columns["tasks"].stamps == {}
    monkeypatch.setattr(checkcache, "VERSION", "another-version")
    assert checkcache.saved_check(root, "x") is None


def test_deleted_evidence_is_noticed_by_a_warm_check(tmp_path: Path, xiezuo: Callable[..., Result]) -> None:
    task = TASK + "progress:\n  - {date: 2024-05-01, text: 进展, evidence: [attachments/台账.xlsx]}\n"
    root = write_tree(tmp_path, {"tasks/t.yaml": task, "attachments/台账.xlsx": b"PK"})
    assert xiezuo("--ledger", root, "check").exit_code == 0
    (root / "attachments" / "台账.xlsx").unlink()
    result = xiezuo("--ledger", root, "check")
    assert result.exit_code == 1 and "evidence-missing" in result.stdout


def test_cache_folder_ignores_itself(tmp_path: Path) -> None:
    root = _ledger(tmp_path)
    load(root)
    assert (root / ".xiezuo" / ".gitignore").read_text("utf-8").strip().endswith("*")


def test_parallel_cold_path_matches_serial(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {f"tasks/{i:03d}.yaml": TASK.replace("劳务协作", f"任务{i}") for i in range(60)}
    files["tasks/bad.yaml"] = "title: [\n"
    root = write_tree(tmp_path, files)
    monkeypatch.setattr(record_cache, "PARALLEL_THRESHOLD", 10)
    monkeypatch.setattr(record_cache, "BATCH", 16)
    parallel = load(root, use_cache=False)
    monkeypatch.setattr(record_cache, "PARALLEL_THRESHOLD", 10_000)
    serial = load(root, use_cache=False)
    assert parallel.tasks == serial.tasks and len(parallel.tasks) == 60
    assert [f.format() for f in parallel.findings] == [f.format() for f in serial.findings]


def test_records_from_data_equal_records_from_models() -> None:
    """The fast path (msgspec straight from the parsed data) gives exactly the model's record."""
    from conftest import EXAMPLE
    from xiezuo_cli.ledger import read_entity_data
    from xiezuo_cli.records import to_record
    from xiezuo_cli.scan import scan

    files, _ = scan(EXAMPLE)
    assert len(files) > 80
    for source in files:
        model, data, findings = read_entity_data(EXAMPLE, source.kind, source.path)
        assert model is not None and not findings
        assert to_record(source.kind, model, data) == to_record(source.kind, model), source.path


def test_chinese_labels_take_the_model_path(tmp_path: Path) -> None:
    from xiezuo_cli.ledger import read_entity_data
    from xiezuo_cli.records import to_record

    root = write_tree(tmp_path, {"tasks/t.yaml": TASK.replace("in_progress", "推进中").replace("key_task", "重点任务")})
    model, data, _ = read_entity_data(root, "tasks", "tasks/t.yaml")
    assert model is not None
    record = to_record("tasks", model, data)
    assert record.status.value == "in_progress" and record.kind.label == "重点任务"  # type: ignore[attr-defined]


def test_settings_come_from_the_cache_and_an_edit_is_seen(tmp_path: Path, xiezuo: Callable[..., Result]) -> None:
    """xiezuo.yaml is cached like the other files: an edited office name reaches the next bulletin,
    and a broken one is reported (not the cached settings)."""
    root = _ledger(tmp_path)
    first = load(root).config.office
    assert first and first != "（未配置）"
    assert (root / ".xiezuo" / "records-config.msgpack").is_file()
    config = root / "xiezuo.yaml"
    config.write_text(config.read_text("utf-8").replace(first, "文山州东西部协作办公室"), "utf-8")
    assert load(root).config.office == "文山州东西部协作办公室"
    config.write_text("office: [\n", "utf-8")
    result = xiezuo("--ledger", root, "check")
    assert result.exit_code == 1 and "xiezuo.yaml:" in result.stdout and "yaml-syntax" in result.stdout
    config.unlink()
    assert load(root).config.office == "（未配置）"


def test_a_damaged_record_inside_a_sound_cache_file_is_read_from_its_file(
    tmp_path: Path, xiezuo: Callable[..., Result]
) -> None:
    """Records are decoded when first read: bytes that no longer decode are not trusted and not a crash."""
    import msgspec

    root = _ledger(tmp_path)
    assert xiezuo("--ledger", root, "check").exit_code == 0
    store_path = root / ".xiezuo" / "records-tasks.msgpack"
    store = msgspec.msgpack.decode(store_path.read_bytes(), type=record_cache.Store)
    damaged = msgspec.Raw(msgspec.msgpack.encode({"kind_": "tasks", "title": 5}))  # well-formed, wrong content
    store.records = [damaged for _ in store.records]
    store_path.write_bytes(msgspec.msgpack.encode(store))
    result = xiezuo("--ledger", root, "--today", "2024-06-30", "task", "list", "--format", "json")
    assert result.exit_code == 0 and "Traceback" not in result.output and "内部错误" not in result.output
    assert result.stdout.count("劳务协作") == 2
    assert not store_path.exists()  # dropped: the next command rebuilds it
    assert xiezuo("--ledger", root, "task", "show", "a").exit_code == 0 and store_path.exists()


def test_damaged_settings_in_the_cache_are_read_from_xiezuo_yaml(
    tmp_path: Path, xiezuo: Callable[..., Result]
) -> None:
    import msgspec

    root = _ledger(tmp_path)
    office = load(root).config.office
    store_path = root / ".xiezuo" / "records-config.msgpack"
    store = msgspec.msgpack.decode(store_path.read_bytes(), type=record_cache.Store)
    store.records = [msgspec.Raw(msgspec.msgpack.encode(5))]
    store_path.write_bytes(msgspec.msgpack.encode(store))
    result = xiezuo("--ledger", root, "task", "list", "--format", "json")
    assert result.exit_code == 0 and "内部错误" not in result.output
    assert load(root).config.office == office
