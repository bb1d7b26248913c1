"""Round-trip editing of one ledger file with ruamel.yaml (the only module that imports it).

ruamel keeps comments, key order, quoting and flow style; the helpers below insert keys where the
schema puts them and append to lists so that git shows only added lines. Imported only by writes.
"""

from __future__ import annotations

import itertools
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ruamel.yaml import YAML


def _guess_indent(text: str) -> tuple[int, int, int]:
    """(mapping, sequence, offset) indentation as written in the file, for ruamel's emitter."""
    mapping, sequence, offset = 2, 4, 2
    lines = text.splitlines()
    for prev, cur in itertools.pairwise(lines):
        stripped_prev = prev.rstrip()
        if not stripped_prev.endswith(":") or stripped_prev.lstrip().startswith("#"):
            continue
        base = len(prev) - len(prev.lstrip())
        indent = len(cur) - len(cur.lstrip())
        if cur.lstrip().startswith("- "):
            offset = max(indent - base, 0)
            sequence = offset + 2
            break
    for prev, cur in itertools.pairwise(lines):
        stripped_prev = prev.rstrip()
        if stripped_prev.endswith(":") and not cur.lstrip().startswith(("- ", "#")) and cur.strip():
            base = len(prev) - len(prev.lstrip())
            if prev.lstrip().startswith("- "):
                base += 2
            step = len(cur) - len(cur.lstrip()) - base
            if step > 0:
                mapping = step
                break
    return mapping, sequence, offset


def _round_trip_yaml(text: str) -> YAML:
    from ruamel.yaml import YAML

    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = 4096
    rt.allow_unicode = True
    mapping, sequence, offset = _guess_indent(text)
    rt.indent(mapping=mapping, sequence=sequence, offset=offset)
    rt.representer.add_representer(Decimal, _represent_decimal)
    # One date object may be written twice (closed and a progress date): never emit &anchors.
    rt.representer.ignore_aliases = lambda _data: True
    return rt


def _represent_decimal(representer: Any, value: Decimal) -> Any:
    if value == value.to_integral_value():
        return representer.represent_scalar("tag:yaml.org,2002:int", str(int(value)))
    return representer.represent_scalar("tag:yaml.org,2002:float", format(value.normalize(), "f"))


_DOCUMENT_START = re.compile(r"\A((?:[ \t]*(?:#[^\n]*)?\n)*---[ \t]*(?:#[^\n]*)?\n)")


class RoundTrip:
    """A file loaded for editing; dump() gives the new text with everything else kept.

    ruamel keeps comments, quoting and flow style; what it would still normalise is put back here:
    a leading `---` with the comments above it (a yaml-language-server modeline), and the exact text
    of every line the edit did not touch (trailing spaces, for one).
    """

    def __init__(self, text: str) -> None:
        self.original = text
        header = _DOCUMENT_START.match(text)
        self._header = header.group(1) if header else ""
        body = text[len(self._header) :]
        self._yaml = _round_trip_yaml(body)
        self.data: Any = self._yaml.load(body) if body.strip() else None

    def dump(self) -> str:
        import io

        buf = io.StringIO()
        self._yaml.dump(self.data, buf)
        return _keep_untouched_lines(self.original, self._header + buf.getvalue())


def _keep_untouched_lines(before: str, after: str) -> str:
    """Lines that differ only in trailing white space are written as they were."""
    if not before:
        return after
    import difflib

    old = before.splitlines(keepends=True)
    new = after.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(None, [line.rstrip() for line in old], [line.rstrip() for line in new], False)
    out: list[str] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        out.extend(old[i1:i2] if op == "equal" else new[j1:j2])
    if out and old and out[-1] is old[-1] and not old[-1].endswith("\n") and new and new[-1].endswith("\n"):
        out[-1] += "\n"  # ruamel ends the file with a newline; keep it when lines were appended
    return "".join(out)


def new_map(items: dict[str, Any] | None = None, flow: bool = False) -> Any:
    """A ruamel mapping to insert into a round-trip document (flow style: `{a: 1}`)."""
    from ruamel.yaml.comments import CommentedMap

    mapping = CommentedMap(items or {})
    if flow:
        mapping.fa.set_flow_style()
    return mapping


def new_seq(items: list[Any] | None = None, flow: bool = False) -> Any:
    """A ruamel sequence to insert into a round-trip document (flow style: `[a, b]`)."""
    from ruamel.yaml.comments import CommentedSeq

    seq = CommentedSeq(items or [])
    if flow:
        seq.fa.set_flow_style()
    return seq


def text_value(text: str) -> Any:
    """Text for a block mapping: multi-line text as a literal block (`|`), one line as it is."""
    if "\n" not in text:
        return text
    from ruamel.yaml.scalarstring import LiteralScalarString

    return LiteralScalarString(text if text.endswith("\n") else text + "\n")


def dump_new(data: dict[str, Any]) -> str:
    """Text of a brand-new file in the ledger's house style."""
    doc = RoundTrip("")
    doc.data = data
    return doc.dump()


# --- round-trip editing helpers ------------------------------------------------------------------


def is_flow(node: Any) -> bool:
    fa = getattr(node, "fa", None)
    return bool(fa is not None and fa.flow_style())


def set_key(mapping: Any, key: str, value: Any, order: list[str]) -> None:
    """Set key, inserting a new key where the schema's field order puts it (keeps everything else)."""
    if key in mapping:
        mapping[key] = value
        return
    rank = order.index(key) if key in order else len(order)
    position = len(mapping)
    for index, existing in enumerate(mapping):
        if existing in order and order.index(existing) > rank:
            position = index
            break
    if position == len(mapping):
        tail = _detach_trailing(mapping)
        mapping[key] = value
        if tail:
            _attach_trailing(mapping, tail)
        return
    mapping.insert(position, key, value)


def delete_key(mapping: Any, key: str) -> None:
    if key in mapping:
        del mapping[key]


def append_item(mapping: Any, key: str, item: Any, order: list[str]) -> None:
    """Append to the sequence under key (created if missing) so that git shows only added lines."""
    seq = mapping.get(key)
    if seq is None or not hasattr(seq, "append"):
        set_key(mapping, key, new_seq([item]), order)
        return
    tail = _detach_trailing(seq)
    seq.append(item)
    if tail:
        _attach_trailing(seq, tail)


def siblings_flow(mapping: Any, key: str) -> bool:
    """True when the existing items of a sequence are written `- {a: 1, b: 2}`."""
    seq: Any = mapping.get(key) if mapping is not None else None
    return bool(seq) and is_flow(seq[-1])


def _is_map(node: Any) -> bool:
    return isinstance(node, dict)


def _is_seq(node: Any) -> bool:
    return isinstance(node, list)


def _holder(node: Any) -> tuple[list[Any], int] | None:
    """The comment slot that carries what follows the last line of a block collection."""
    if is_flow(node) or not node or not hasattr(node, "ca"):
        return None
    if _is_map(node):
        last = list(node.keys())[-1]
        entry = node.ca.items.get(last)
        if entry and len(entry) > 2 and entry[2] is not None:
            return entry, 2
        return _holder(node[last])
    if _is_seq(node):
        index = len(node) - 1
        entry = node.ca.items.get(index)
        if entry and entry[0] is not None:
            return entry, 0
        return _holder(node[index])
    return None


def _detach_trailing(node: Any) -> str:
    """Cut blank lines and comments that follow the collection's last line; return them."""
    found = _holder(node)
    if found is None:
        return ""
    entry, slot = found
    token = entry[slot]
    value: str = token.value
    first_newline = value.find("\n")
    if first_newline < 0 or first_newline == len(value) - 1:
        return ""
    tail = value[first_newline + 1 :]
    head = value[: first_newline + 1]
    if head.strip():
        token.value = head
    else:
        entry[slot] = None
    return tail


def _attach_trailing(node: Any, tail: str) -> None:
    """Put blank lines and comments after the (new) last line of a block collection."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    token = CommentToken("\n" + tail, CommentMark(0), None)
    while True:
        if _is_map(node):
            last_key = list(node.keys())[-1]
            child = node[last_key]
            if child and (_is_map(child) or _is_seq(child)) and not is_flow(child):
                node = child
                continue
            node.ca.items[last_key] = [None, None, token, None]
            return
        child = node[-1]
        if child and (_is_map(child) or _is_seq(child)) and not is_flow(child):
            node = child
            continue
        node.ca.items[len(node) - 1] = [token, None, None, None]
        return
