"""Find the ledger, read every file into validated models, index them by id, write files safely."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Finding, XiezuoError
from .models import ID_RE, KIND_MODELS, Config, Meeting, Model, Project, Task, Unit
from .validation import validate
from .yamlio import YamlProblem, decode, locate, parse

KINDS = ("units", "tasks", "projects", "meetings")
CONFIG_FILE = "xiezuo.yaml"


def find_root(explicit: str | None = None, cwd: Path | None = None) -> Path:
    """SPEC §1: --ledger, else $XIEZUO_LEDGER, else the nearest xiezuo.yaml upward, else ./ledger."""
    here = (cwd or Path.cwd()).resolve()
    given = explicit or os.environ.get("XIEZUO_LEDGER")
    if given:
        root = (here / given).resolve()
        if not (root / CONFIG_FILE).is_file():
            raise XiezuoError(f"{given} 不是台账目录：其中没有 {CONFIG_FILE}")
        return root
    for folder in (here, *here.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    fallback = here / "ledger"
    if (fallback / CONFIG_FILE).is_file():
        return fallback
    raise XiezuoError(
        f"找不到台账：当前目录及其上级都没有 {CONFIG_FILE}；请进入台账目录，或用 --ledger 指定，或先运行 xiezuo init"
    )


@dataclass(slots=True)
class SourceFile:
    kind: str
    id: str
    path: str  # posix, relative to the ledger root


def scan(root: Path) -> tuple[list[SourceFile], list[Finding]]:
    """Every entity file under the four kind folders, in a stable order."""
    files: list[SourceFile] = []
    findings: list[Finding] = []
    for kind in KINDS:
        for rel in sorted(_walk(root / kind, kind)):
            name = rel.rsplit("/", 1)[-1]
            if name.endswith(".yml"):
                findings.append(Finding(rel, "warning", "file-ignored", "扩展名应为 .yaml，此文件未被读取"))
                continue
            if not name.endswith(".yaml"):
                continue
            files.append(SourceFile(kind, name[: -len(".yaml")], rel))
    return files, findings


def _walk(folder: Path, prefix: str) -> Iterator[str]:
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        rel = f"{prefix}/{entry.name}"
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path), rel)
        elif entry.is_file():
            yield rel


@dataclass
class Ledger:
    """A loaded ledger: valid entities by id, with the findings of everything that was not valid."""

    root: Path
    config: Config
    units: dict[str, Unit] = field(default_factory=dict)
    tasks: dict[str, Task] = field(default_factory=dict)
    projects: dict[str, Project] = field(default_factory=dict)
    meetings: dict[str, Meeting] = field(default_factory=dict)
    paths: dict[tuple[str, str], str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def table(self, kind: str) -> dict[str, Any]:
        tables: dict[str, dict[str, Any]] = {
            "units": self.units,
            "tasks": self.tasks,
            "projects": self.projects,
            "meetings": self.meetings,
        }
        return tables[kind]

    def path_of(self, kind: str, entity_id: str) -> str:
        return self.paths[(kind, entity_id)]

    def unit_label(self, unit_id: str) -> str:
        unit = self.units.get(unit_id)
        return unit.label if unit else unit_id

    def unit_name(self, unit_id: str) -> str:
        unit = self.units.get(unit_id)
        return unit.name if unit else unit_id

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]


DEFAULT_CONFIG = Config.model_validate({"office": "（未配置）", "bulletin": {"title": "工作月度通报"}})


def read_entity(root: Path, kind: str, rel: str) -> tuple[Model | None, list[Finding]]:
    """Read and validate one file; problems come back as findings with a position."""
    try:
        text = decode((root / rel).read_bytes())
        data = parse(text)
    except YamlProblem as problem:
        return None, [Finding(rel, "error", problem.code, problem.message, (), problem.line, problem.col)]
    except OSError as exc:
        return None, [Finding(rel, "error", "io", f"无法读取文件：{exc.strerror}")]
    model, findings = validate(KIND_MODELS[kind] if kind in KIND_MODELS else Config, data, rel)
    return (model if isinstance(model, Model) else None), findings


def load_config(root: Path) -> tuple[Config, list[Finding]]:
    model, findings = read_entity(root, "config", CONFIG_FILE)
    if isinstance(model, Config):
        return model, findings
    return DEFAULT_CONFIG, findings


def load(root: Path) -> Ledger:
    """Read the whole ledger. Invalid files are left out of the indexes and reported as findings."""
    config, findings = load_config(root)
    ledger = Ledger(root=root, config=config, findings=findings)
    files, scan_findings = scan(root)
    ledger.findings.extend(scan_findings)
    for source in files:
        if not ID_RE.match(source.id):
            ledger.findings.append(
                Finding(
                    source.path,
                    "error",
                    "id-invalid",
                    f"文件名“{source.id}”不是有效编号（字母或数字开头，只含字母、数字和 . _ -，至多 64 个字符）",
                )
            )
            continue
        key = (source.kind, source.id)
        if key in ledger.paths:
            first = ledger.paths[key]
            ledger.findings.append(
                Finding(source.path, "error", "id-duplicate", f"编号“{source.id}”与 {first} 重复", (), 1, 1)
            )
            continue
        ledger.paths[key] = source.path
        model, file_findings = read_entity(root, source.kind, source.path)
        ledger.findings.extend(file_findings)
        if model is not None:
            ledger.table(source.kind)[source.id] = model
    return ledger


def resolve_lines(root: Path, findings: list[Finding]) -> None:
    """Fill in line and column of findings that carry only a key path (re-reads those files only)."""
    texts: dict[str, str | None] = {}
    for finding in findings:
        if finding.line or not finding.path:
            continue
        if finding.path not in texts:
            try:
                texts[finding.path] = decode((root / finding.path).read_bytes())
            except (OSError, YamlProblem):
                texts[finding.path] = None
        text = texts[finding.path]
        if text is not None:
            finding.line, finding.col = locate(text, finding.loc)
