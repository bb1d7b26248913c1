"""Find the ledger, read every file into validated models, index them by id, write files safely."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import msgspec

from . import records
from .errors import Finding, XiezuoError, unreadable
from .ids import ID_RE
from .records import NO_RECORD, ConfigRecord
from .scan import CONFIG_FILE, KINDS, RunningGit, SourceFile, find_root, scan, survey
from .tables import Table

if TYPE_CHECKING:  # at run time a read-only command holds records (records.py) and never imports Pydantic
    from .cache import Column
    from .models import Config, Meeting, Model, Project, Task, Unit

__all__ = [
    "CONFIG_FILE",
    "DEFAULT_CONFIG",
    "KINDS",
    "Ledger",
    "Progress",
    "SourceFile",
    "find_root",
    "load",
    "read_entity",
    "scan",
]

DEFAULT_CONFIG = cast("Config", records.DEFAULT_CONFIG)  # a record stands in for the model wherever it is read
Progress = Callable[[int, int], None]  # (files done, files to parse)


@dataclass
class Ledger:
    """A loaded ledger: valid entities by id, with the findings of everything that was not valid."""

    root: Path
    config: Config
    units: Table[Unit] = field(default_factory=lambda: Table("units"))
    tasks: Table[Task] = field(default_factory=lambda: Table("tasks"))
    projects: Table[Project] = field(default_factory=lambda: Table("projects"))
    meetings: Table[Meeting] = field(default_factory=lambda: Table("meetings"))
    paths: dict[tuple[str, str], str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    fingerprint: str = ""  # of every file's state (scan.survey): equal fingerprints, unchanged ledger
    loaded: frozenset[str] = frozenset(KINDS)  # the kinds whose records are in the tables
    folded: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, id.casefold()) → path
    duplicates: set[tuple[str, str]] = field(default_factory=set)  # (kind, id) with more than one file
    _labels: tuple[object, dict[str, str]] | None = field(default=None, init=False, repr=False, compare=False)

    def table(self, kind: str) -> Table[Any]:
        tables: dict[str, Table[Any]] = {
            "units": self.units,
            "tasks": self.tasks,
            "projects": self.projects,
            "meetings": self.meetings,
        }
        return tables[kind]

    def path_of(self, kind: str, entity_id: str) -> str:
        return self.paths[(kind, entity_id)]

    def unit_label(self, unit_id: str) -> str:
        state = self.units.state()  # units are few; a report asks for their labels 10⁴ times
        if self._labels is None or self._labels[0] != state:
            self._labels = (state, {uid: unit.label for uid, unit in self.units.items()})
        return self._labels[1].get(unit_id, unit_id)

    def unit_name(self, unit_id: str) -> str:
        unit = self.units.get(unit_id)
        return unit.name if unit else unit_id

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]


def read_entity(root: Path, kind: str, rel: str) -> tuple[Model | None, list[Finding]]:
    """Read and validate one file; problems come back as findings with a position."""
    model, _, findings = read_entity_data(root, kind, rel)
    return model, findings


def read_entity_data(root: Path, kind: str, rel: str) -> tuple[Model | None, Any, list[Finding]]:
    """read_entity, also giving the parsed data the model was validated from."""
    from .models import KIND_MODELS, Config, Model
    from .validation import validate
    from .yamlio import YamlProblem, decode, locate, parse

    try:
        text = decode((root / rel).read_bytes())
        data = parse(text)
    except YamlProblem as problem:
        return None, None, [Finding(rel, "error", problem.code, problem.message, (), problem.line, problem.col)]
    except OSError as exc:
        return None, None, [Finding(rel, "error", "io", unreadable(exc, (root / rel).is_symlink()))]
    model, findings = validate(KIND_MODELS[kind] if kind in KIND_MODELS else Config, data, rel)
    for finding in findings:
        if not finding.line:
            finding.line, finding.col = locate(text, finding.loc)
    return (model if isinstance(model, Model) else None), data, findings


def load(
    root: Path, *, use_cache: bool = True, progress: Progress | None = None, kinds: Iterable[str] = KINDS
) -> Ledger:
    """Read the ledger. Invalid files are left out of the indexes and reported as findings.

    Every file's id and stamp are known; records are loaded for the given kinds only (a task list
    needs no projects). Unchanged files come from the cache under .xiezuo/; changed ones are parsed
    (in parallel when there are many) and the cache is brought up to date.
    """
    from .cache import RecordCache

    git = RunningGit(root)
    loaded = frozenset(kinds)
    kinds_read = [*loaded, "config"]
    cache = RecordCache.open(root, kinds_read) if use_cache else RecordCache.empty(root, kinds_read)  # while git runs
    found = survey(root, git=git)
    ledger = Ledger(root=root, config=DEFAULT_CONFIG, fingerprint=found.fingerprint, loaded=loaded)
    config = SourceFile("config", "xiezuo", CONFIG_FILE, found.config_stamp)
    ledger.findings.extend(found.findings)
    groups: dict[str, list[SourceFile]] = {kind: [] for kind in sorted(loaded)}  # in path order
    for source in _register(ledger, found.files):
        if source.kind in groups:
            groups[source.kind].append(source)
    columns = cache.read({**groups, "config": [config]}, progress)
    _settings(ledger, columns["config"])
    for kind, group in groups.items():
        column = columns[kind]
        by_path = column.records
        ledger.table(kind).fill(
            {s.id: record for s in group if (record := by_path[s.path]) != NO_RECORD},
            reread=lambda kind, entity_id: _reread(root, kind, ledger.paths[(kind, entity_id)]),
        )
        if column.findings:
            ledger.findings.extend(f.finding() for s in group for f in column.findings.get(s.path, ()))
    cache.save()
    return ledger


def _settings(ledger: Ledger, column: Column) -> None:
    """xiezuo.yaml's settings (the defaults when it is invalid) and its findings, first."""
    ledger.findings[:0] = [f.finding() for f in column.findings.get(CONFIG_FILE, [])]
    setting = column.records.get(CONFIG_FILE, NO_RECORD)
    if setting == NO_RECORD:
        return
    try:
        decoded = setting if isinstance(setting, ConfigRecord) else msgspec.msgpack.decode(setting, type=ConfigRecord)
    except (msgspec.DecodeError, msgspec.ValidationError):  # damaged cache: read xiezuo.yaml itself
        decoded = _reread(ledger.root, "config", CONFIG_FILE)
    ledger.config = cast("Config", decoded)


def _reread(root: Path, kind: str, rel: str) -> Any:
    """The record of a file whose cached bytes do not decode: read from the file, and the damaged cache dropped."""
    from .cache import discard
    from .records import to_record

    discard(root, kind)
    model, data, findings = read_entity_data(root, kind, rel)
    if model is None:
        reason = findings[0].message if findings else "未知原因"
        raise XiezuoError(f"缓存已损坏，且无法重新读取 {rel}：{reason}（请运行 xiezuo check）", findings)
    return to_record(kind, model, data)


def _register(ledger: Ledger, files: list[SourceFile]) -> list[SourceFile]:
    """Index every file by id; the files with an invalid or duplicate id are left out, with a finding."""
    paths = {(f.kind, f.id): f.path for f in files}
    folded = {(kind, entity_id.casefold()): path for (kind, entity_id), path in paths.items()}
    if len(folded) == len(files) and all(map(ID_RE.match, (f.id for f in files))):
        ledger.paths, ledger.folded = paths, folded  # the usual ledger: one pass in C, no per-file Python
        return files
    return [source for source in files if _index(ledger, source)]


def _index(ledger: Ledger, source: SourceFile) -> bool:
    """Register the file's id; False (with a finding) for an invalid or duplicate id."""
    if not ID_RE.match(source.id):
        message = f"文件名“{source.id}”不是有效编号（字母或数字开头，只含字母、数字和 . _ -，至多 64 个字符）"
        ledger.findings.append(Finding(source.path, "error", "id-invalid", message))
        return False
    key = (source.kind, source.id)
    folded = (source.kind, source.id.casefold())
    first = ledger.paths.get(key) or ledger.folded.get(folded)
    if first is not None:
        # Ids that differ only in case are one file on Windows and macOS: as bad as a duplicate.
        message = f"编号“{source.id}”与 {first} 重复" + ("（仅大小写不同）" if key not in ledger.paths else "")
        ledger.findings.append(Finding(source.path, "error", "id-duplicate", message, (), 1, 1))
        ledger.duplicates.add((source.kind, first.rsplit("/", 1)[-1][: -len(".yaml")]))
        return False
    ledger.paths[key] = source.path
    ledger.folded[folded] = source.path
    return True


def resolve_lines(root: Path, findings: list[Finding]) -> None:
    """Fill in line and column of findings that carry only a key path (re-reads those files only)."""
    from .yamlio import YamlProblem, decode, locate

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
