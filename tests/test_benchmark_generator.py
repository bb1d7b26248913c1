"""The benchmark generator writes a valid, deterministic ledger with a 20-file second commit."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from conftest import REPO, Result


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("xiezuo_bench_generate", REPO / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout


def test_small_ledger_passes_check_and_has_twenty_changed_files(
    tmp_path: Path, xiezuo: Callable[..., Result]
) -> None:
    generate = _generator()
    root = tmp_path / "ledger"
    assert generate.main([str(root), "--files", "60", "--seed", "3"]) == 0

    files = [p for p in root.rglob("*.yaml") if ".git" not in p.parts]
    assert len(files) == 60
    assert sorted({p.relative_to(root).parts[0] for p in files}) == [
        "meetings", "projects", "tasks", "units", "xiezuo.yaml"
    ]
    result = xiezuo("--ledger", root, "check")
    assert result.exit_code == 0, result.output
    assert "0 个错误，0 个警告" in result.output

    assert _git(root, "rev-list", "--count", "HEAD").strip() == "2"
    changed = _git(root, "diff", "--name-only", "HEAD~1", "HEAD").split()
    assert len(changed) == 20
    assert _git(root, "status", "--porcelain").strip() == ""  # the marker is git-excluded

    marker = json.loads((root / ".bench.json").read_text("utf-8"))
    assert (marker["files"], marker["seed"], marker["written"]) == (60, 3, 60)
    assert (root / marker["open_task_path"]).is_file()
    assert marker["open_task_path"] not in changed


def test_same_seed_gives_the_same_commits(tmp_path: Path) -> None:
    generate = _generator()
    heads = []
    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        generate.main([str(tmp_path / name), "--files", "80", "--seed", str(seed)])
        heads.append(_git(tmp_path / name, "rev-parse", "HEAD").strip())
    assert heads[0] == heads[1]
    assert heads[0] != heads[2]
