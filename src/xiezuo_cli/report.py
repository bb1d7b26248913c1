"""Reports: the Jinja environment, Markdown that survives Word and pandoc, and writing the output.

Templates come from the ledger's own templates/ first, then the built-in ones (ChoiceLoader), and
only loop and format: the figures come from report_context / report_minutes, built from the facts.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import fields
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from .amounts import money_text
from .dates import chinese
from .errors import UsageError, XiezuoError
from .facts import percent
from .resources import templates_dir

MONTHLY = "monthly.md.j2"
MINUTES = "minutes.md.j2"
REFERENCE = "reference.docx"
CN_DIGITS = "零一二三四五六七八九"

# Characters pandoc's Markdown reads as markup anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]<$^|])")
_AT = re.compile(r"(?<![A-Za-z0-9])@")
_ENTITY = re.compile(r"&(?=#?\w+;)")
# …and at the start of a line: headings, quotes, lists, tables, definition lists, title blocks.
_LINE_START = re.compile(r"^([#>+=:%-]|\(?[0-9A-Za-z]{1,9}[.)](?=\s|$))")


# --- filters -------------------------------------------------------------------------------------


def one_line(value: object) -> str:
    """Join a multi-line text into one line: no space between Chinese characters, one otherwise."""
    parts = [part.strip() for part in str(value).replace("\r", "\n").split("\n")]
    text = ""
    for part in parts:
        if not part:
            continue
        if text and (text[-1].isascii() or part[0].isascii()):
            text += " "
        text += part
    return re.sub(r"[ \t]+", " ", text)


_ORDINARY = re.compile(r"[^\\`*_\[\]<$^|@&~\r\n\t]*")  # nothing to escape or fold


@functools.lru_cache(maxsize=1 << 16)
def md(value: object) -> str:
    """Plain text as inline Markdown: markup characters escaped, one line, no ~ (pandoc strikeout).

    Cached: a province's bulletin repeats the same unit names and figures thousands of times."""
    text = str(value)
    if _ORDINARY.fullmatch(text) and "  " not in text:
        stripped = text.strip()
        if _LINE_START.match(stripped) is None:
            return stripped  # the common case: nothing to escape or fold (a bulletin has ~10⁵ of these)
    return escape(text)


def escape(value: object) -> str:
    """md() without its shortcut for ordinary text."""
    text = one_line(value).replace("~", "～")
    text = _INLINE.sub(r"\\\1", text)
    text = _AT.sub(r"\\@", text)
    text = _ENTITY.sub(r"\\&", text)
    start = _LINE_START.match(text)
    if start is None:
        return text
    marker = start.group(0)
    if marker[0] in "#>+=:%-":
        return "\\" + text
    # 1. or (1) at the start would open a Markdown list: 1\. keeps it text.
    return marker[:-1] + "\\" + text[len(marker) - 1 :]


def cell(value: object) -> str:
    """A table cell: Markdown-escaped (| included), on one line."""
    if isinstance(value, Decimal):
        return money_text(value)
    return md(value)


def num(value: Decimal | int | None) -> str:
    """Exact decimal: 213.4, 0.3, 200 (never 2E+2 or 213.40000000000001)."""
    if value is None:
        return "—"
    return money_text(Decimal(value))


def pct(value: Decimal | None) -> str:
    return percent(value)


def cdate(value: date | None) -> str:
    return chinese(value) if value else ""


def mdate(value: date) -> str:
    """6月18日."""
    return f"{value.month}月{value.day}日"


def numbered(number: int, text: str) -> str:
    """1.制定… ; 4．8月底前… (a full-width point when the text starts with a digit, which would read as 4.8)."""
    return f"{number}{'．' if text[:1].isdigit() else '.'}{text}"


def cn(value: int) -> str:
    """Chinese numeral for section numbers: 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一."""
    if value < 1 or value > 99:
        return str(value)
    tens, ones = divmod(value, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN_DIGITS[tens] + "十")
    return head + (CN_DIGITS[ones] if ones else "")


def counts(items: Iterable[Any], unit: str = "项") -> str:
    """[Count('推进中', 16), Count('已完成', 5)] → 推进中16项、已完成5项."""
    return "、".join(f"{item.label}{item.count}{unit}" for item in items)


def sentence(value: object) -> str:
    """Markdown-escaped text ending with Chinese punctuation: adds 。 unless it already ends a sentence."""
    text = md(value)
    return text if not text or text[-1] in "。！？；…”）)" else text + "。"


FILTERS: dict[str, Callable[..., str]] = {
    "md": md,
    "cell": cell,
    "num": num,
    "money": num,
    "pct": pct,
    "cdate": cdate,
    "mdate": mdate,
    "cn": cn,
    "numbered": numbered,
    "counts": counts,
    "sentence": sentence,
}


# --- environment and rendering -------------------------------------------------------------------


def template_dirs(root: Path) -> list[Path]:
    own = root / "templates"
    return [own, templates_dir()] if own.is_dir() else [templates_dir()]


def environment(root: Path) -> Any:
    import jinja2

    loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(d), encoding="utf-8") for d in template_dirs(root)])
    cache_dir = root / ".xiezuo" / "templates"
    with contextlib.suppress(OSError):
        cache_dir.mkdir(parents=True, exist_ok=True)
    env = jinja2.Environment(
        loader=loader,
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(cache_dir)) if cache_dir.is_dir() else None,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    return env


def render(root: Path, name: str, context: object) -> str:
    """Render a template with the fields of a context dataclass as its variables, then tidy the text."""
    import jinja2

    variables = {f.name: getattr(context, f.name) for f in fields(context)}  # type: ignore[arg-type]
    try:
        template = environment(root).get_template(name)
        text = template.render(**variables)
    except jinja2.TemplateNotFound:
        raise XiezuoError(f"找不到报告模板 {name}（台账 templates/ 和内置模板中都没有）") from None
    except jinja2.TemplateSyntaxError as exc:
        where = _template_path(exc.filename, root)
        raise XiezuoError(f"报告模板 {where} 第 {exc.lineno} 行语法错误：{exc.message}") from None
    except jinja2.UndefinedError as exc:
        raise XiezuoError(f"报告模板 {name} 引用了不存在的字段：{exc.message}") from None
    except jinja2.TemplateError as exc:
        raise XiezuoError(f"报告模板 {name} 出错：{exc}") from None
    return tidy(text)


def _template_path(filename: str | None, root: Path) -> str:
    if not filename:
        return "（未知）"
    path = Path(filename)
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.name


_TABLE_GAP = re.compile(r"^(\|[^\n]*)\n\n(?=\|)", re.MULTILINE)


def tidy(text: str) -> str:
    """One paragraph per line, each followed by one empty line (rows of a table stay together); no
    trailing blanks, no ~, one final newline. Templates need not count their empty lines."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ").split("\n")
    spaced = "\n\n".join(line for line in map(str.rstrip, lines) if line)
    return _TABLE_GAP.sub(r"\1\n", spaced).replace("~", "～") + "\n"


# --- output --------------------------------------------------------------------------------------


def reference_doc(root: Path) -> Path:
    """The ledger's own templates/reference.docx wins over the built-in one."""
    for folder in template_dirs(root):
        candidate = folder / REFERENCE
        if candidate.is_file():
            return candidate
    raise XiezuoError(f"找不到 Word 参考文档 {REFERENCE}（台账 templates/ 和内置模板中都没有）")


def write_report(markdown: str, out: Path, root: Path) -> None:
    """--out FILE.md writes the Markdown, --out FILE.docx the Word document; atomically either way."""
    suffix = out.suffix.lower()
    if suffix == ".md":
        write_atomic(out, lambda tmp: tmp.write_bytes(markdown.encode("utf-8")))
    elif suffix == ".docx":
        from .docx_out import convert

        reference = reference_doc(root)
        write_atomic(out, lambda tmp: convert(markdown, tmp, reference))
    else:
        raise UsageError(f"--out：不支持的文件类型“{out.suffix or out.name}”，请用 .md（Markdown）或 .docx（Word）")


_REASONS = {
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.ENOENT: "所在目录不存在",
    errno.ENOTDIR: "路径中有一段不是目录",
    errno.EISDIR: "这是一个目录",
    errno.EROFS: "文件系统只读",
    errno.ENOSPC: "磁盘空间不足",
}


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(target: Path, produce: Callable[[Path], object]) -> None:
    """Write through a temporary file beside the target, fsync it and rename it into place."""
    if target.is_dir():
        raise XiezuoError(f"无法写入 {target}：这是一个目录")
    tmp: Path | None = None
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(handle)
        tmp = Path(name)
        produce(tmp)
        with tmp.open("rb+") as stream:
            os.fsync(stream.fileno())
        tmp.chmod(0o666 & ~_umask())
        tmp.replace(target)
        tmp = None
    except OSError as exc:
        reason = _REASONS.get(exc.errno or 0, exc.strerror or str(exc))
        if exc.errno == errno.ENOENT and target.parent.is_dir():
            reason = "该目录中不能创建文件"  # such as /proc, or a folder removed meanwhile
        raise XiezuoError(f"无法写入 {target}：{reason}") from None
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
