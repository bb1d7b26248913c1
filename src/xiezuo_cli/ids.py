"""New ids that follow the pattern the ledger already uses for that kind and year."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
ID_RE = re.compile(ID_PATTERN)  # a file name without .yaml, a unit id, a county key in a breakdown
SLUG_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]*$")  # a target's key

_NUMBERED = re.compile(r"^(?P<prefix>.*?)(?P<number>\d+)$")


@dataclass(frozen=True)
class NewId:
    id: str
    folder: str  # where siblings live, relative to the ledger root


def next_id(
    existing: Iterable[tuple[str, str]], kind: str, year: int, default_prefix: str, default_folder: str
) -> NewId:
    """existing: (id, path) of entities of the same kind (and task kind).

    Picks the most common numbered prefix that contains the year, else the most common prefix of
    another year with the year swapped in, else default_prefix; the number is one past the highest.
    """
    pairs = list(existing)
    numbered = [(m["prefix"], m["number"], path) for ident, path in pairs if (m := _NUMBERED.match(ident))]
    year_text = str(year)
    this_year = [item for item in numbered if year_text in item[0]]
    if this_year:
        prefix = Counter(p for p, _, _ in this_year).most_common(1)[0][0]
    else:
        other = [re.sub(r"(19|20)\d\d", year_text, p, count=1) for p, _, _ in numbered if re.search(r"(19|20)\d\d", p)]
        prefix = Counter(other).most_common(1)[0][0] if other else default_prefix
    same = [(n, path) for p, n, path in numbered if p == prefix]
    width = max((len(n) for n, _ in same), default=2)
    highest = max((int(n) for n, _ in same), default=0)
    folder = _folder_of(same, default_folder, kind, year_text, pairs)
    taken = {ident for ident, _ in pairs}
    number = highest + 1
    while f"{prefix}{number:0{width}d}" in taken:
        number += 1
    return NewId(f"{prefix}{number:0{width}d}", folder)


def _folder_of(same: list[tuple[str, str]], default: str, kind: str, year: str, pairs: list[tuple[str, str]]) -> str:
    if same:
        path = max(same, key=lambda item: int(item[0]))[1]
        return path.rsplit("/", 1)[0]
    swapped = Counter(re.sub(r"/(19|20)\d\d(?=/|$)", f"/{year}", path.rsplit("/", 1)[0], count=1) for _, path in pairs)
    if swapped:
        folder = swapped.most_common(1)[0][0]
        if f"/{year}" in folder:
            return folder
    return default if default.startswith(kind) else kind
