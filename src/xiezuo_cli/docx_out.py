"""Markdown → Word: pandoc with the reference document, then a python-docx pass for what pandoc cannot place.

pandoc lays out the text with the styles of reference.docx (templates/build_reference.py). This pass
then, by reading the text of the document (so it works for a ledger's own templates too):

- 报头: centres the issue line (第6期 / 〔2024〕2号) after the title, and sets the line
  "发文机关　　2024年6月30日" with the office on the left, the date on the right and a red rule under it;
- tables: every border drawn, the header row bold and centred and repeated on each page;
- 版记: the closing lines "报：… / 送：… / 发：… / XX　　2024年6月30日印发" become a ruled block at the
  foot of the last page (GB/T 9704-2012 §7.4: thick rules first and last, thin rules between).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .errors import XiezuoError

PANDOC_FORMAT = "markdown+east_asian_line_breaks-subscript"

_ISSUE = re.compile(r"^(第\s*\d+\s*期|.{0,20}〔\d{4}〕\s*\d+\s*号)$")
_DATELINE = re.compile(r"^(?P<left>\S.*?)\u3000{2,}(?P<right>\d{4}年\d{1,2}月\d{1,2}日)$")
_DISTRIBUTION = re.compile(r"^(报|送|发|抄送|抄报|主送|分送)：")
_IMPRINT = re.compile(r"^(?P<left>\S.*?)\u3000{2,}(?P<right>\d{4}年\d{1,2}月\d{1,2}日印发)$")

BODY_HALF_POINTS = 32
SMALL_HALF_POINTS = 28
CHAR_TWIPS = 280  # one 四号 character
RED = "FF0000"
TOTAL_LABELS = ("合计", "总计")


def convert(markdown: str, target: Path, reference: Path) -> None:
    """Write the Word document for this Markdown to target (a temporary file the caller renames)."""
    import pypandoc

    try:
        pypandoc.convert_text(
            markdown,
            "docx",
            format=PANDOC_FORMAT,
            extra_args=["--columns=1", f"--reference-doc={reference}", "--shift-heading-level-by=-1"],
            outputfile=str(target),
        )
    except (RuntimeError, OSError) as exc:
        raise XiezuoError(f"pandoc 无法生成 Word 文档：{exc}") from None
    finish(target)


def finish(path: Path) -> None:
    """The python-docx pass over a document pandoc wrote."""
    import docx

    document = docx.Document(str(path))
    width = _text_width(document)
    _masthead(document, width)
    for table in document.tables:
        _table(table)
    _colophon(document, width)
    document.save(str(path))


# --- XML helpers ---------------------------------------------------------------------------------


def _xml(fragment: str) -> Any:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    return parse_xml(_with_ns(fragment, nsdecls("w")))


def _with_ns(fragment: str, declaration: str) -> str:
    """Declare the w: namespace on the root element of a fragment."""
    head, sep, rest = fragment.partition(">")
    if head.endswith("/"):
        return f"{head[:-1]} {declaration}/>{rest}"
    return f"{head} {declaration}{sep}{rest}"


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return str(qn(tag))


def _replace(parent: Any, tag: str, element: Any) -> None:
    """Put element in parent instead of any existing child with this tag (keeps schema order roughly)."""
    for old in parent.findall(_qn(tag)):
        parent.remove(old)
    parent.append(element)


def _ppr(paragraph: Any) -> Any:
    return paragraph._p.get_or_add_pPr()


_PPR_ORDER = [
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr",
    "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
    "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
    "w:sectPr", "w:pPrChange",
]


def _set_ppr(paragraph: Any, *children: str) -> None:
    """Replace paragraph properties, keeping the child order the schema requires (Word is strict)."""
    ppr = _ppr(paragraph)
    for child in children:
        element = _xml(child)
        for old in ppr.findall(element.tag):
            ppr.remove(old)
        ppr.append(element)
    rank = {_qn(tag): i for i, tag in enumerate(_PPR_ORDER)}
    for child in sorted(ppr, key=lambda c: rank.get(c.tag, len(rank))):
        ppr.remove(child)
        ppr.append(child)


def _text_width(document: Any) -> int:
    """Width of the text block in twips."""
    section = document.sections[0]
    emu = section.page_width - section.left_margin - section.right_margin
    return int(emu / 635)


def _two_sided(paragraph: Any, left: str, right: str, half_points: int | None, right_pos: int) -> None:
    """Left text, a right-aligned tab, right text: 发文机关 on the left, date on the right."""
    p = paragraph._p
    for run in list(p.findall(_qn("w:r"))):
        p.remove(run)
    size = f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>' if half_points else ""
    for text in (left, None, right):
        body = "<w:tab/>" if text is None else f'<w:t xml:space="preserve">{_escape(text)}</w:t>'
        p.append(_xml(f'<w:r><w:rPr><w:rFonts w:hint="eastAsia"/>{size}</w:rPr>{body}</w:r>'))
    _set_ppr(paragraph, f'<w:tabs><w:tab w:val="right" w:pos="{right_pos}"/></w:tabs>')


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _width_in_chars(text: str) -> float:
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


# --- 报头 ----------------------------------------------------------------------------------------


def _masthead(document: Any, width: int) -> None:
    paragraphs = document.paragraphs
    titles = [i for i, p in enumerate(paragraphs[:3]) if p.style is not None and p.style.name == "Title"]
    if not titles:
        return
    for paragraph in paragraphs[titles[0] + 1 : titles[0] + 3]:
        text = paragraph.text.strip()
        dateline = _DATELINE.match(text)
        if _ISSUE.match(text):
            _set_ppr(
                paragraph,
                '<w:spacing w:before="289" w:after="0"/>',
                '<w:ind w:firstLine="0" w:firstLineChars="0"/>',
                '<w:jc w:val="center"/>',
            )
        elif dateline:
            chars = _width_in_chars(dateline["left"]) + _width_in_chars(dateline["right"]) + 2
            fit = int(width / 20 * 2 / chars)  # half-points that still fit on one line
            half_points = max(21, min(BODY_HALF_POINTS, fit))
            _two_sided(paragraph, dateline["left"], dateline["right"], half_points, width)
            _set_ppr(
                paragraph,
                f'<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="4" w:color="{RED}"/></w:pBdr>',
                '<w:spacing w:before="0" w:after="578"/>',
                '<w:ind w:left="0" w:right="0" w:firstLine="0" w:firstLineChars="0"/>',
                '<w:jc w:val="left"/>',
            )
            return
        else:
            return


# --- tables --------------------------------------------------------------------------------------

_CELL_BORDER = 'w:val="single" w:sz="4" w:space="0" w:color="000000"'


def _table(table: Any) -> None:
    tbl_pr = table._tbl.tblPr
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    borders = "".join(f"<w:{side} {_CELL_BORDER}/>" for side in sides)
    _replace(tbl_pr, "w:tblBorders", _xml(f"<w:tblBorders>{borders}</w:tblBorders>"))
    _order_tbl_pr(tbl_pr)
    if not table.rows:
        return
    header = table.rows[0]
    tr_pr = header._tr.get_or_add_trPr()
    if tr_pr.find(_qn("w:tblHeader")) is None:
        tr_pr.append(_xml("<w:tblHeader/>"))
    for cell in header.cells:
        for paragraph in cell.paragraphs:
            _set_ppr(paragraph, '<w:jc w:val="center"/>')
            for run in paragraph.runs:
                run.bold = True
    for row in table.rows:
        total = row.cells[0].text.strip() in TOTAL_LABELS
        for cell in row.cells:
            tc_pr = cell._tc.get_or_add_tcPr()
            _replace(tc_pr, "w:vAlign", _xml('<w:vAlign w:val="center"/>'))
            if total:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.bold = True


def _order_tbl_pr(tbl_pr: Any) -> None:
    """CT_TblPr has a fixed child order; Word refuses a file that breaks it."""
    order = ["w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
             "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd",
             "w:tblLayout", "w:tblCellMar", "w:tblLook"]
    rank = {_qn(tag): i for i, tag in enumerate(order)}
    children = sorted(tbl_pr, key=lambda child: rank.get(child.tag, len(order)))
    for child in children:
        tbl_pr.remove(child)
        tbl_pr.append(child)


# --- 版记 ----------------------------------------------------------------------------------------


def _colophon(document: Any, width: int) -> None:
    """The closing distribution lines as a ruled block anchored at the foot of the last page."""
    # Anchored to the page horizontally: LibreOffice keeps a full-width table anchored to the margin
    # in the text flow instead of floating it.
    left = int(document.sections[0].left_margin / 635)
    body = document.element.body
    blocks = [child for child in body if child.tag != _qn("w:sectPr")]
    lines: list[Any] = []
    for element in reversed(blocks):
        if element.tag in (_qn("w:bookmarkStart"), _qn("w:bookmarkEnd")):
            continue
        if element.tag != _qn("w:p"):
            break
        text = "".join(t.text or "" for t in element.iter(_qn("w:t"))).strip()
        if not text:
            continue
        if _DISTRIBUTION.match(text) or (_IMPRINT.match(text) and not lines):
            lines.insert(0, (element, text))
        else:
            break
    if not lines:
        return
    rows = []
    for element, text in lines:
        rows.append(_colophon_row(text, width))
        body.remove(element)
    table = _xml(
        "<w:tbl><w:tblPr>"
        '<w:tblpPr w:leftFromText="0" w:rightFromText="0" w:topFromText="0" w:bottomFromText="0" '
        f'w:vertAnchor="margin" w:horzAnchor="page" w:tblpX="{left}" w:tblpYSpec="bottom"/>'
        '<w:tblOverlap w:val="never"/>'
        f'<w:tblW w:w="{width}" w:type="dxa"/><w:jc w:val="center"/><w:tblInd w:w="0" w:type="dxa"/>'
        '<w:tblBorders><w:top w:val="single" w:sz="8" w:space="0" w:color="000000"/>'
        '<w:left w:val="nil"/><w:bottom w:val="single" w:sz="8" w:space="0" w:color="000000"/>'
        '<w:right w:val="nil"/><w:insideH w:val="single" w:sz="6" w:space="0" w:color="000000"/>'
        '<w:insideV w:val="nil"/></w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
        'w:noHBand="1" w:noVBand="1"/>'
        f'</w:tblPr><w:tblGrid><w:gridCol w:w="{width}"/></w:tblGrid>{"".join(rows)}</w:tbl>'
    )
    section = body.find(_qn("w:sectPr"))
    anchor = _xml(
        '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
        '<w:ind w:firstLine="0" w:firstLineChars="0"/><w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>'
    )
    if section is not None:
        section.addprevious(table)
        section.addprevious(anchor)
    else:
        body.append(table)
        body.append(anchor)


def _colophon_row(text: str, width: int) -> str:
    """One line of the 版记: 四号, one character in from each side; the table draws the rules
    (thick above the first line and below the last, thin between)."""
    size = SMALL_HALF_POINTS
    run_pr = f'<w:rPr><w:rFonts w:hint="eastAsia"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'
    imprint = _IMPRINT.match(text)
    if imprint:
        runs = (
            f'<w:r>{run_pr}<w:t xml:space="preserve">{_escape(imprint["left"])}</w:t></w:r>'
            f"<w:r>{run_pr}<w:tab/></w:r>"
            f'<w:r>{run_pr}<w:t xml:space="preserve">{_escape(imprint["right"])}</w:t></w:r>'
        )
        tabs = f'<w:tabs><w:tab w:val="right" w:pos="{width - CHAR_TWIPS}"/></w:tabs>'
    else:
        runs = f'<w:r>{run_pr}<w:t xml:space="preserve">{_escape(text)}</w:t></w:r>'
        tabs = ""
    paragraph = (
        f'<w:p><w:pPr><w:pStyle w:val="Normal"/>{tabs}<w:spacing w:before="0" w:after="0" w:line="560" '
        f'w:lineRule="exact"/><w:ind w:left="{CHAR_TWIPS}" w:right="{CHAR_TWIPS}" '
        'w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="left"/></w:pPr>'
        f"{runs}</w:p>"
    )
    cell = f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{paragraph}</w:tc>'
    return f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cell}</w:tr>"
