"""How a semantic diff and an entity's history are shown: terminal lines, Markdown for a pull
request comment, JSON. Pure: strings in, strings out."""

from __future__ import annotations

from typing import Any

from .changeset import ORDER, DiffResult, Totals
from .entitylog import EntityLog
from .errors import Finding
from .semantic import CHANGE_ZH, KIND_NAMES, KIND_ZH, EntityChange, money

Line = tuple[str, str]  # (text, style)
MARKDOWN_LIMIT = 60_000  # GitHub refuses comments over 65,536 characters
CHANGE_ZH_ALL = {**CHANGE_ZH, "renamed": "改编号"}
STYLES = {
    "added": "green",
    "removed": "red",
    "moved": "cyan",
    "modified": "yellow",
    "affected": "magenta",
    "renamed": "cyan",
}


# --- shared pieces --------------------------------------------------------------------------------


def heading(change: EntityChange) -> str:
    kind = KIND_ZH.get(change.kind, change.kind)
    title = f" {change.title}" if change.title else ""
    return f"{kind} {change.id}{title}" if change.kind != "file" else f"文件 {change.id}"


def count_line(totals: Totals) -> str:
    parts = []
    for kind in sorted({k for k, _ in totals.counts}, key=lambda k: ORDER.get(k, 9)):
        words = [f"{CHANGE_ZH[c]} {totals.counts[(kind, c)]}" for c in CHANGE_ZH if totals.counts[(kind, c)]]
        parts.append(f"{KIND_ZH.get(kind, kind)} " + "、".join(words))
    return "；".join(parts)


def work_line(totals: Totals) -> str:
    parts = []
    if totals.closed:
        parts.append(f"销号任务 {totals.closed} 项")
    if totals.completed:
        parts.append(f"完工项目 {totals.completed} 个")
    if totals.progress:
        parts.append(f"新增进展 {totals.progress} 条")
    if totals.extensions:
        parts.append(f"延期 {totals.extensions} 次")
    if totals.disbursed:
        parts.append(f"本次拨付 {money(totals.disbursed)}")
    return "；".join(parts) or "无销号、进展或拨付"


def check_line(totals: Totals) -> str:
    if not (totals.errors or totals.warnings or totals.fixed):
        return "本次变更没有带来新的问题"
    parts = []
    if totals.errors or totals.warnings:
        parts.append(f"新增错误 {totals.errors} 个、警告 {totals.warnings} 个")
    if totals.fixed:
        parts.append(f"修正问题 {totals.fixed} 个")
    return "；".join(parts)


# --- text -----------------------------------------------------------------------------------------


def text_lines(result: DiffResult) -> list[Line]:
    lines: list[Line] = [(f"台账变更：{result.old_label} → {result.new_label}", "bold")]
    if not result.changes:
        lines.append(("两个版本之间台账没有变化。", ""))
        return lines
    totals = result.totals()
    lines += [
        (f"变更条目：{count_line(totals)}", ""),
        (f"工作情况：{work_line(totals)}", ""),
        (f"校验结果：{check_line(totals)}", "red" if totals.errors else ""),
    ]
    for change in result.changes:
        lines.append(("", ""))
        lines += change_lines(change)
    return lines


def change_lines(change: EntityChange, indent: str = "  ") -> list[Line]:
    tag = CHANGE_ZH_ALL.get(change.change, change.change)
    where = change.path if not change.old_path else f"{change.old_path} → {change.path}"
    lines: list[Line] = [(f"[{tag}] {heading(change)}  （{where}）", f"bold {STYLES.get(change.change, '')}".strip())]
    # The summary says what the lines below do not: a file's fate, a brief of what was added.
    if change.change in ("added", "removed", "affected") or change.kind == "file" or not change.fields:
        lines.append((indent + change.summary, ""))
    if change.change != "removed":
        for f in change.fields:
            lines.append((f"{indent}· {f.text}", ""))
            lines += [(f"{indent}    {d}", "dim") for d in f.details]
    for finding in change.introduced:
        lines.append((f"{indent}✗ 新增问题 {finding.format()}", "red" if finding.severity == "error" else "yellow"))
    for finding in change.fixed:
        lines.append((f"{indent}✓ 已修正 {finding.format()}", "green"))
    return lines


# --- markdown -------------------------------------------------------------------------------------


def md(text: str) -> str:
    """Text safe inside Markdown: no HTML, no emphasis by accident; one line."""
    out = text.replace("\\", "\\\\").replace("\n", " ")
    for ch in "`*_[]<>|#":
        out = out.replace(ch, "\\" + ch)
    return out


def markdown(result: DiffResult) -> str:
    lines = [f"### 台账变更：{md(result.old_label)} → {md(result.new_label)}", ""]
    if not result.changes:
        return "\n".join([*lines, "两个版本之间台账没有变化。", ""])
    totals = result.totals()
    lines += [
        f"- **变更条目**：{md(count_line(totals))}",
        f"- **工作情况**：{md(work_line(totals))}",
        f"- **校验结果**：{md(check_line(totals))}",
        "",
        "| 类别 | 编号 | 名称 | 变化 | 摘要 |",
        "| --- | --- | --- | --- | --- |",
    ]
    size = sum(len(line) + 1 for line in lines)
    shown = 0
    for change in result.changes:
        row = (
            f"| {KIND_ZH.get(change.kind, change.kind)} | {md(change.id)} | {md(change.title)} | "
            f"{CHANGE_ZH_ALL.get(change.change, change.change)} | {md(change.summary)} |"
        )
        if size + len(row) > MARKDOWN_LIMIT // 2:
            break
        lines.append(row)
        size += len(row) + 1
        shown += 1
    if shown < len(result.changes):
        lines.append(f"\n另有 {len(result.changes) - shown} 项未列出，请在本地运行 xiezuo diff 查看。")
    details = _md_details(result, MARKDOWN_LIMIT - size)
    lines += details
    return "\n".join(lines) + "\n"


def _md_details(result: DiffResult, budget: int) -> list[str]:
    out: list[str] = []
    skipped = 0
    for change in result.changes:
        block = _md_block(change)
        if not block:
            continue
        size = sum(len(line) + 1 for line in block)
        if size > budget:
            skipped += 1
            continue
        budget -= size
        out += block
    findings = _md_findings(result)
    if skipped:
        out += ["", f"（另有 {skipped} 项的明细因篇幅所限未列出，请在本地运行 xiezuo diff 查看。）"]
    return out + findings


def _md_block(change: EntityChange) -> list[str]:
    items: list[str] = []
    if change.change != "removed":
        for f in change.fields:
            items.append(f"- {md(f.text)}")
            items += [f"  - {md(d)}" for d in f.details]
    items += [f"- ❌ 新增问题：{_md_finding(f)}" for f in change.introduced]
    items += [f"- ✅ 已修正：{_md_finding(f)}" for f in change.fixed]
    if not items:
        return []
    where = f"`{change.path}`" if not change.old_path else f"`{change.old_path}` → `{change.path}`"
    tag = CHANGE_ZH_ALL.get(change.change, change.change)
    return ["", f"#### {md(heading(change))}（{tag}）", "", where, "", *items]


def _md_finding(f: Finding) -> str:
    where = f.path + (f":{f.line}:{f.col or 1}" if f.line else "")
    level = "错误" if f.severity == "error" else "警告"
    return f"`{where}` {level} {f.code}：{md(f.message)}"


def _md_findings(result: DiffResult) -> list[str]:
    if not result.introduced and not result.fixed:
        return []
    lines = ["", "#### 校验", ""]
    lines += [f"- ❌ 新增问题：{_md_finding(f)}" for f in result.introduced]
    lines += [f"- ✅ 已修正：{_md_finding(f)}" for f in result.fixed]
    return lines


# --- json -----------------------------------------------------------------------------------------


def finding_json(f: Finding) -> dict[str, Any]:
    return {"path": f.path, "line": f.line, "col": f.col, "severity": f.severity, "code": f.code, "message": f.message}


def change_json(change: EntityChange) -> dict[str, Any]:
    item: dict[str, Any] = {
        "kind": KIND_NAMES.get(change.kind, change.kind),
        "id": change.id,
        "change": change.change,
        "path": change.path,
        "old_path": change.old_path,
        "title": change.title,
        "summary": change.summary,
        "fields": [
            {"path": f.path, "old": f.old, "new": f.new, "text": f.text, "details": f.details} for f in change.fields
        ],
        "problems": {"old": change.old_problem, "new": change.new_problem},
        "findings": {
            "introduced": [finding_json(f) for f in change.introduced],
            "fixed": [finding_json(f) for f in change.fixed],
        },
    }
    return item


def json_items(result: DiffResult) -> list[dict[str, Any]]:
    return [change_json(c) for c in result.changes]


# --- an entity's history --------------------------------------------------------------------------


def log_lines(log: EntityLog) -> list[Line]:
    kind = KIND_ZH.get(log.kind, log.kind)
    lines: list[Line] = [(f"{kind} {log.id} {log.title}：{len(log.entries)} 次提交（新的在前）", "bold")]
    for entry in log.entries:
        c, change = entry.commit, entry.change
        lines.append(("", ""))
        lines.append((f"{c.sha[:7]}  {c.date[:10]}  {c.author}  {c.subject}", "bold yellow"))
        tag = CHANGE_ZH_ALL.get(change.change, change.change)
        where = change.path if not change.old_path else f"{change.old_path} → {change.path}"
        lines.append((f"  [{tag}] {where}", STYLES.get(change.change, "")))
        if change.change in ("added", "removed") or not change.fields:
            lines.append((f"  {change.summary}", ""))
        for problem, label in ((change.old_problem, "原版本"), (change.new_problem, "新版本")):
            if problem and change.change != "removed":
                lines.append((f"  {label}无法读取：{problem}", "red"))
        if change.change not in ("added", "removed"):
            for f in change.fields:
                lines.append((f"  · {f.text}", ""))
                lines += [(f"      {d}", "dim") for d in f.details]
    return lines


def log_json(log: EntityLog) -> list[dict[str, Any]]:
    items = []
    for entry in log.entries:
        c = entry.commit
        item = {"commit": c.sha, "date": c.date, "author": c.author, "email": c.email, "message": c.subject}
        item |= {k: v for k, v in change_json(entry.change).items() if k != "findings"}
        items.append(item)
    return items
