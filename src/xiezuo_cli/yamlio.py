"""Reading ledger YAML (the only module that imports PyYAML).

Reads go through PyYAML's C parser with a safe constructor that turns floats into Decimal (from the
scalar's text, never through a binary float) and refuses aliases, duplicate keys and unknown tags.
Writes go through yamledit (ruamel.yaml's round trip).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from yaml.cyaml import CParser  # type: ignore[attr-defined]

from .errors import Loc

if not getattr(yaml, "__with_libyaml__", False):  # pragma: no cover - depends on the wheel
    raise ImportError("PyYAML 缺少 libyaml C 扩展，无法快速读取台账；请重新安装 PyYAML")

_TIMESTAMP = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:(?:[Tt]|[ \t]+)(?P<H>\d{1,2}):(?P<M>\d{2}):(?P<S>\d{2})(?:\.\d*)?"
    r"(?:[ \t]*(?:Z|[-+]\d{1,2}(?::?\d{2})?))?)?$"
)

_PROBLEMS_ZH = {
    "mapping values are not allowed here": "此处不允许出现“键: 值”（可能缺少缩进或引号）",
    "could not find expected ':'": "找不到应有的冒号“:”",
    "found character '\\t' that cannot start any token": "不能用制表符（Tab）缩进",
    "expected <block end>, but found '<block sequence start>'": "列表缩进不一致",
    "expected <block end>, but found '<block mapping start>'": "缩进不一致",
    "found unexpected end of stream": "文件意外结束（引号或括号未闭合）",
    "did not find expected key": "找不到应有的键（缩进不一致？）",
    "did not find expected ',' or '}'": "流式映射 {…} 缺少逗号或右花括号",
    "did not find expected ',' or ']'": "流式列表 […] 缺少逗号或右方括号",
    "found undefined alias": "引用了未定义的别名",
    "mapping values are not allowed in this context": "此处不允许出现“键: 值”（文字中的冒号后有空格时请加引号）",
    "did not find expected node content": "缺少内容（括号或引号未闭合？）",
    "expected a single document in the stream": "一个文件只能有一个 YAML 文档（不要用 ---）",
    "but found another document": "一个文件只能有一个 YAML 文档（不要用 ---）",
    "found a tab character that violates indentation": "不能用制表符（Tab）缩进",
    "found a tab character where an indentation space is expected": "不能用制表符（Tab）缩进",
}


class YamlProblem(Exception):
    """A file that cannot be read as ledger YAML; carries a 1-based position when known."""

    def __init__(self, code: str, message: str, line: int = 0, col: int = 0) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.col = col


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"
_SCALARS = yaml.constructor.SafeConstructor()  # only its int and bool helpers, which are pure
_MAX_INT_BITS = 14_000  # about Python's 4,300 decimal digits: a longer number could not even be printed
_RESOLVED: dict[str, str] = {}  # plain scalar text → implicit tag; keys repeat in every file


_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_ScalarNode, _SequenceNode, _MappingNode = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode


class FastLoader(CParser, yaml.resolver.Resolver):
    """libyaml's parser and composer; the Python side only resolves plain scalars (memoised)."""

    def __init__(self, stream: str | bytes) -> None:
        CParser.__init__(self, stream)
        yaml.resolver.Resolver.__init__(self)

    # The composer calls these two around every node, for path resolvers, which the ledger never uses.
    # Builtins that take the same arguments and do nothing that matters cost a third of a Python no-op:
    # 10 µs a file, a few tenths of a second on a cold province ledger.
    descend_resolver = staticmethod(slice)  # type: ignore[assignment]  # (parent, index)
    ascend_resolver = staticmethod(tuple)  # type: ignore[assignment]  # ()

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        """The implicit tag of a node, as PyYAML's Resolver gives it (the ledger has no path resolvers)."""
        if kind is _ScalarNode:
            if not implicit[0]:
                return _STR  # quoted
            tag = _RESOLVED.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
                if len(_RESOLVED) < 50_000:
                    _RESOLVED[value] = tag
            return tag
        return _SEQ if kind is _SequenceNode else _MAP


def _build(node: yaml.Node, seen: set[int] | None) -> Any:
    """Python values of a composed node tree: YAML 1.1 types, floats as Decimal, no aliases, no tags.

    A direct walk is twice as fast as PyYAML's generator-based constructor, which matters at 35,000 files.
    `seen` tracks nodes met twice (aliases); None when the text has no anchor (&), hence no alias.
    """
    if seen is not None:
        if id(node) in seen:
            line, col = _mark(node)
            raise YamlProblem("yaml-alias", "台账文件不允许使用 YAML 锚点和别名（&/*）", line, col)
        seen.add(id(node))
    kind = type(node)
    if kind is _ScalarNode:
        return node.value if node.tag == _STR else _scalar(node)
    if kind is _MappingNode and node.tag == _MAP:
        return _mapping(node, seen)
    if kind is _SequenceNode and node.tag == _SEQ:
        return [_build(item, seen) for item in node.value]
    return _undefined(node)


def _mapping(node: yaml.Node, seen: set[int] | None) -> dict[Any, Any]:
    out: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        if type(key_node) is _ScalarNode and key_node.tag == _STR and seen is None:
            key = key_node.value  # the usual key: plain text
        else:
            if key_node.tag == _MERGE:
                line, col = _mark(key_node)
                raise YamlProblem("yaml-alias", "台账文件不允许使用 YAML 合并键（<<）", line, col)
            key = _build(key_node, seen)
        try:
            duplicate = key in out
        except TypeError:  # an unhashable key such as [a, b]
            line, col = _mark(key_node)
            raise YamlProblem("yaml-syntax", "键必须是文字或数字", line, col) from None
        if duplicate:
            line, col = _mark(key_node)
            raise YamlProblem("yaml-duplicate-key", f"键“{key}”重复出现", line, col)
        out[key] = _build(value_node, seen)
    return out


def _scalar(node: Any) -> Any:
    tag = node.tag
    text: str = node.value
    if tag == _STR:
        return text
    if tag == _INT:
        try:
            if text.isascii() and text.isdigit() and (text[0] != "0" or text == "0"):
                return int(text)  # the usual case; the constructor handles 0o17, 0x1F, 1_000 and 1:30
            value: int = _SCALARS.construct_yaml_int(node)
            if value.bit_length() <= _MAX_INT_BITS:
                return value
        except ValueError:  # beyond Python's 4,300-digit limit for reading a number
            pass
        line, col = _mark(node)
        raise YamlProblem("yaml-syntax", f"数字位数过多（{len(text)} 位），无法读取", line, col)
    if tag == _FLOAT:
        return _decimal(text)
    if tag == _TIMESTAMP_TAG:
        return _timestamp(text)
    if tag == _BOOL:
        return _SCALARS.construct_yaml_bool(node)
    if tag == _NULL:
        return None
    return _undefined(node)


def _decimal(text: str) -> Decimal | str:
    try:
        value = Decimal(text.replace("_", ""))
    except InvalidOperation:
        return text
    # Infinity and NaN are left as text, for the schema to report with its field name.
    return value if value.is_finite() else text


_DATES: dict[str, dt.date | dt.datetime | str] = {}  # the same few hundred dates recur in every file


def _timestamp(text: str) -> dt.date | dt.datetime | str:
    value = _DATES.get(text)
    if value is None:
        value = _parse_timestamp(text)
        if len(_DATES) < 50_000:
            _DATES[text] = value
    return value


def _parse_timestamp(text: str) -> dt.date | dt.datetime | str:
    match = _TIMESTAMP.match(text)
    try:
        if match is None:
            raise ValueError(text)
        day = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
        if match["H"] is None:
            return day
        return dt.datetime(day.year, day.month, day.day, int(match["H"]), int(match["M"]), int(match["S"]))
    except ValueError:
        return text  # an impossible date such as 2020-13-45: the schema reports it by field name


def _undefined(node: yaml.Node) -> Any:
    line, col = _mark(node)
    raise YamlProblem("yaml-tag", f"不支持的 YAML 标签“{node.tag}”（台账不执行任何代码）", line, col)


def decode(data: bytes) -> str:
    """UTF-8 text of a file (a BOM is allowed); a non-UTF-8 file is a problem with its line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise YamlProblem("encoding", "文件不是 UTF-8 编码（请另存为 UTF-8）", line, 1) from None
    if "\x00" in text:
        raise YamlProblem("encoding", "文件含有空字符，不是文本文件", 1, 1)
    return text


def parse(text: str) -> Any:
    """Parse one YAML document safely; raise YamlProblem with a position on any failure."""
    loader = FastLoader(text)
    try:
        node = loader.get_single_node()
        return None if node is None else _build(node, set() if "&" in text else None)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_problem(exc) from None
    except yaml.YAMLError as exc:
        raise YamlProblem("yaml-syntax", f"YAML 语法错误：{exc}") from None
    except RecursionError:
        raise YamlProblem("yaml-depth", "YAML 嵌套层级过深", 1, 1) from None
    finally:
        loader.dispose()


def _syntax_problem(exc: yaml.MarkedYAMLError) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    problem = (exc.problem or exc.context or "").strip()
    zh = _PROBLEMS_ZH.get(problem)
    if zh is None and problem.startswith("found character"):
        zh = "出现了不能作为开头的字符（请给文字加引号）"
    detail = f"{zh}（{problem}）" if zh else problem
    line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    return YamlProblem("yaml-syntax", f"YAML 语法错误：{detail}", line, col)


def locate(text: str, loc: Loc) -> tuple[int, int]:
    """1-based (line, col) of the deepest node along a key path; (0, 0) if the text has no nodes."""
    try:
        node = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return 0, 0
    if node is None:
        return 1, 1
    best = _mark(node)
    for step in loc:
        child = _child(node, step)
        if child is None:
            break
        key_node, node = child
        best = _mark(key_node if _is_last(loc, step) and key_node is not None else node)
    return best


def _is_last(loc: Loc, step: str | int) -> bool:
    return loc[-1] is step


def _child(node: yaml.Node, step: str | int) -> tuple[yaml.Node | None, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(step):
                return key_node, value_node
    elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
        item = node.value[step]
        return None, item
    return None
