"""The write path: round-trip edits of single files, validated against the whole ledger, then written
atomically under the ledger lock. Only the files a command changes are parsed with ruamel."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .errors import Finding, XiezuoError
from .fileio import atomic_write, ledger_lock
from .ids import ID_RE
from .ledger import CONFIG_FILE, KINDS, Ledger, load, read_entity
from .models import KIND_LABELS, KIND_MODELS, Model
from .rules import run_rules
from .validation import validate
from .yamledit import RoundTrip, dump_new
from .yamlio import YamlProblem, decode, parse


@dataclass
class _Pending:
    kind: str
    entity_id: str
    rel: str
    doc: RoundTrip
    original: bytes | None  # None for a new file
    crlf: bool = False
    bom: bool = False

    def text(self) -> str:
        body = self.doc.dump() if self.original is not None else dump_new(self.doc.data)
        if self.crlf:
            body = body.replace("\n", "\r\n")
        return ("\ufeff" if self.bom else "") + body


def check_id(entity_id: str, kind: str) -> None:
    """Refuse ids that would leave the ledger or break the naming rule."""
    if not ID_RE.match(entity_id) or entity_id in (".", ".."):
        raise XiezuoError(
            f"{KIND_LABELS[kind]}编号“{entity_id}”无效：须以字母或数字开头，只含字母、数字和 . _ -，至多 64 个字符"
        )


@dataclass
class Transaction:
    """Edits to one or more entity files, applied all together or not at all."""

    root: Path
    ledger: Ledger
    pending: dict[str, _Pending] = field(default_factory=dict)

    def edit(self, kind: str, entity_id: str) -> Any:
        """The round-trip document of an existing entity, for in-place changes."""
        check_id(entity_id, kind)
        rel = self.ledger.paths.get((kind, entity_id))
        if rel is None:
            raise XiezuoError(f"{KIND_LABELS[kind]}“{entity_id}”不存在")
        if (kind, entity_id) in self.ledger.duplicates:
            raise XiezuoError(f"{KIND_LABELS[kind]}编号“{entity_id}”有多个文件，请先处理重复（运行 xiezuo check 查看）")
        if entity_id not in self.ledger.table(kind):
            self._read(kind, entity_id, rel)
        if rel not in self.pending:
            raw = (self.root / rel).read_bytes()
            try:
                text = decode(raw)
            except YamlProblem as problem:
                raise XiezuoError(f"{rel}：{problem.message}") from None
            crlf = b"\r\n" in raw
            self.pending[rel] = _Pending(
                kind, entity_id, rel, RoundTrip(text.replace("\r\n", "\n") if crlf else text), raw, crlf,
                raw.startswith(b"\xef\xbb\xbf"),
            )
        return self.pending[rel].doc.data

    def _read(self, kind: str, entity_id: str, rel: str) -> None:
        """An entity of a kind the transaction did not load: read and validate its file now."""
        model, findings = read_entity(self.root, kind, rel)
        if model is None:
            first = findings[0].format() if findings else rel
            raise XiezuoError(f"{KIND_LABELS[kind]}“{entity_id}”的文件有错误，请先修正：{first}")
        self.ledger.table(kind)[entity_id] = model

    def create(self, kind: str, entity_id: str, folder: str, data: dict[str, Any]) -> str:
        """Add a new entity file under folder (relative to the ledger root); returns its path."""
        check_id(entity_id, kind)
        existing = self.ledger.paths.get((kind, entity_id)) or self.ledger.folded.get((kind, entity_id.casefold()))
        if existing is not None:
            raise XiezuoError(f"{KIND_LABELS[kind]}编号“{entity_id}”已存在：{existing}")
        parts = PurePosixPath(folder).parts
        if not parts or parts[0] != kind or ".." in parts:
            raise XiezuoError(f"新文件必须位于 {kind}/ 目录下")
        rel = f"{folder.rstrip('/')}/{entity_id}.yaml"
        if (self.root / rel).exists() or rel in self.pending:
            raise XiezuoError(f"{rel} 已经存在（不是台账能读取的条目文件），未覆盖")
        doc = RoundTrip("")
        doc.data = data
        self.pending[rel] = _Pending(kind, entity_id, rel, doc, None)
        self.ledger.paths[(kind, entity_id)] = rel
        self.ledger.folded[(kind, entity_id.casefold())] = rel
        return rel

    def edit_new(self, kind: str, entity_id: str) -> Any:
        """The mapping of a file created earlier in this transaction."""
        rel = self.ledger.paths[(kind, entity_id)]
        return self.pending[rel].doc.data

    def validate(self) -> list[tuple[_Pending, str]]:
        """Dump, re-read and validate every pending file, then run the cross-file rules."""
        texts = []
        problems: list[Finding] = []
        for item in self.pending.values():
            text = item.text()
            try:
                data = parse(text)
            except YamlProblem as problem:  # pragma: no cover - ruamel always emits valid YAML
                raise XiezuoError(f"{item.rel}：写入后无法读取（{problem.message}）") from None
            model, findings = validate(KIND_MODELS[item.kind], data, item.rel)
            problems.extend(findings)
            if isinstance(model, Model):
                self.ledger.table(item.kind)[item.entity_id] = model
            texts.append((item, text))
        if not problems:
            touched = set(self.pending)
            problems = [f for f in run_rules(self.ledger) if f.path in touched and f.severity == "error"]
        if problems:
            raise XiezuoError(
                problems[0].message if len(problems) == 1 else "修改后的内容未通过校验，未写入任何文件",
                problems if len(problems) > 1 else [],
            )
        return texts

    def write(self) -> list[str]:
        """Validate, then write every changed file atomically; returns the paths written."""
        written = []
        for item, text in self.validate():
            data = text.encode("utf-8")
            if item.original is not None and data == item.original:
                continue
            atomic_write(self.root / item.rel, data)
            written.append(item.rel)
        return written


@contextmanager
def transaction(root: Path, kinds: Iterable[str] = KINDS) -> Iterator[Transaction]:
    """Hold the ledger lock while the ledger is read, edited, validated and written.

    Every id is known; records are loaded for the given kinds (units at least, for references),
    and any other entity the transaction edits is read from its file.
    """
    with ledger_lock(root):
        ledger = load(root, kinds={"units", *kinds})
        broken = [f for f in ledger.findings if f.path == CONFIG_FILE and f.severity == "error"]
        if broken:
            raise XiezuoError("xiezuo.yaml 有错误，请先修正后再写入", broken)
        yield Transaction(root, ledger)
