"""Build templates/reference.docx: the Word styles pandoc uses for bulletins and minutes.

Laid out after GB/T 9704-2012 (党政机关公文格式): A4; margins top 37 mm, bottom 35 mm, left 28 mm,
right 26 mm (版心 156 × 225 mm, 22 lines of 28.95 pt); body 仿宋_GB2312 三号 (16 pt) with a two-character
first-line indent; title 方正小标宋简体 二号 (22 pt) centred; headings 黑体 / 楷体_GB2312 / 仿宋 bold, all
三号; tables fully bordered with 四号 (14 pt) single-spaced cells and a bold header row; page numbers
"— 1 —" in 宋体 四号, odd pages right and even pages left, one character in from the edge.

Run it after changing a style and commit both this script and the document it writes:

    python templates/build_reference.py            # writes templates/reference.docx
    python templates/build_reference.py OUT.docx

Every style is written from scratch, with a complete w:rFonts (no theme attributes), because pandoc
keeps docDefaults and theme fonts that otherwise win over the East Asian font. The zip is written with
fixed timestamps so that rebuilding an unchanged script gives a byte-identical file.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm

HERE = Path(__file__).resolve().parent

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
H3_FONT = "仿宋"
PAGE_FONT = "宋体"

BODY_SIZE = 32  # half-points: 三号 16 pt
TITLE_SIZE = 44  # 二号 22 pt
SMALL_SIZE = 28  # 四号 14 pt
LINE = 579  # twips: fixed 28.95 pt, 22 lines in the 225 mm text block
INDENT = 'w:firstLineChars="200" w:firstLine="640"'  # two characters of 16 pt; both, for Word and LibreOffice
NO_INDENT = 'w:firstLineChars="0" w:firstLine="0"'
PAGE_INDENT = 280  # one 四号 character, between the page number and the edge of the text block


def fonts(name: str) -> str:
    return f'<w:rFonts w:ascii="{name}" w:hAnsi="{name}" w:eastAsia="{name}" w:cs="{name}" w:hint="eastAsia"/>'


def size(half_points: int) -> str:
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


def paragraph_style(style_id: str, name: str, ppr: str, rpr: str, based_on: str | None = "Normal",
                    next_style: str | None = None, default: bool = False) -> str:
    attrs = ' w:default="1"' if default else ""
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    following = f'<w:next w:val="{next_style}"/>' if next_style else ""
    return (
        f'<w:style {nsdecls("w")} w:type="paragraph"{attrs} w:styleId="{style_id}"><w:name w:val="{name}"/>'
        f"{based}{following}<w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )


def heading(level: int, font: str, bold: bool) -> str:
    weight = "<w:b/><w:bCs/>" if bold else '<w:b w:val="0"/><w:bCs w:val="0"/>'
    return paragraph_style(
        f"Heading{level}", f"heading {level}",
        f'<w:keepNext/><w:keepLines/><w:spacing w:before="0" w:after="0" w:line="{LINE}" w:lineRule="exact"/>'
        f'<w:ind {INDENT}/><w:jc w:val="both"/><w:outlineLvl w:val="{level - 1}"/>',
        f'{fonts(font)}{weight}<w:color w:val="000000"/>{size(BODY_SIZE)}',
        next_style="BodyText",
    )


BORDER = 'w:val="single" w:sz="4" w:space="0" w:color="000000"'

STYLES = [
    paragraph_style(
        "Normal", "Normal",
        f'<w:widowControl/><w:spacing w:before="0" w:after="0" w:line="{LINE}" w:lineRule="exact"/>'
        '<w:jc w:val="both"/>',
        f'{fonts(BODY_FONT)}<w:color w:val="000000"/>{size(BODY_SIZE)}', based_on=None, default=True,
    ),
    # Body Text and First Paragraph (pandoc's paragraph styles) spell everything out, so that Word's
    # style dialog shows 仿宋_GB2312 三号, fixed 28.95 pt and the two-character indent on the style itself.
    paragraph_style(
        "BodyText", "Body Text", f'<w:spacing w:before="0" w:after="0" w:line="{LINE}" w:lineRule="exact"/>'
        f'<w:ind {INDENT}/><w:jc w:val="both"/>', f"{fonts(BODY_FONT)}{size(BODY_SIZE)}", next_style="BodyText",
    ),
    paragraph_style(
        "FirstParagraph", "First Paragraph",
        f'<w:spacing w:before="0" w:after="0" w:line="{LINE}" w:lineRule="exact"/><w:ind {INDENT}/>'
        '<w:jc w:val="both"/>', f"{fonts(BODY_FONT)}{size(BODY_SIZE)}", based_on="BodyText", next_style="BodyText",
    ),
    paragraph_style(
        "Compact", "Compact",
        f'<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:ind {NO_INDENT}/>'
        '<w:jc w:val="left"/>',
        size(SMALL_SIZE),
    ),
    paragraph_style(
        "Title", "Title",
        f'<w:keepNext/><w:spacing w:before="0" w:after="0" w:line="720" w:lineRule="exact"/>'
        f'<w:ind {NO_INDENT}/><w:jc w:val="center"/><w:outlineLvl w:val="9"/>',
        f'{fonts(TITLE_FONT)}<w:b w:val="0"/><w:bCs w:val="0"/><w:color w:val="FF0000"/>{size(TITLE_SIZE)}',
        next_style="BodyText",
    ),
    paragraph_style(
        "Subtitle", "Subtitle", f'<w:ind {NO_INDENT}/><w:jc w:val="center"/>', fonts(H2_FONT),
        next_style="BodyText",
    ),
    paragraph_style("Date", "Date", f'<w:ind {NO_INDENT}/><w:jc w:val="center"/>', "", next_style="BodyText"),
    heading(1, H1_FONT, bold=False),
    heading(2, H2_FONT, bold=False),
    heading(3, H3_FONT, bold=True),
    heading(4, BODY_FONT, bold=False),
    heading(5, BODY_FONT, bold=False),
    heading(6, BODY_FONT, bold=False),
    paragraph_style(
        "Footer", "footer",
        f'<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:ind {NO_INDENT}/>',
        f"{fonts(PAGE_FONT)}{size(SMALL_SIZE)}",
    ),
    paragraph_style(
        "Header", "header",
        f'<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:ind {NO_INDENT}/>',
        size(SMALL_SIZE),
    ),
    f'<w:style {nsdecls("w")} w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
    '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>',
    f'<w:style {nsdecls("w")} w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
    '<w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
    '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
    '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>',
    f'<w:style {nsdecls("w")} w:type="table" w:styleId="Table"><w:name w:val="Table"/>'
    '<w:basedOn w:val="TableNormal"/><w:qFormat/>'
    f'<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:ind {NO_INDENT}/></w:pPr>'
    f"<w:rPr>{size(SMALL_SIZE)}</w:rPr>"
    f'<w:tblPr><w:jc w:val="center"/><w:tblBorders><w:top {BORDER}/><w:left {BORDER}/><w:bottom {BORDER}/>'
    f"<w:right {BORDER}/><w:insideH {BORDER}/><w:insideV {BORDER}/></w:tblBorders>"
    '<w:tblCellMar><w:top w:w="45" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
    '<w:bottom w:w="45" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>'
    '<w:tcPr><w:vAlign w:val="center"/></w:tcPr>'
    '<w:tblStylePr w:type="firstRow"><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr>'
    "</w:tblStylePr></w:style>",
]

DOC_DEFAULTS = (
    f"<w:docDefaults {nsdecls('w')}><w:rPrDefault><w:rPr>{fonts(BODY_FONT)}{size(BODY_SIZE)}"
    '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
    f'<w:pPrDefault><w:pPr><w:spacing w:before="0" w:after="0" w:line="{LINE}" w:lineRule="exact"/></w:pPr>'
    "</w:pPrDefault></w:docDefaults>"
)


def page_number(paragraph: docx.text.paragraph.Paragraph, odd: bool) -> None:
    """— 1 —: right-aligned on odd pages, left on even pages, one character in from the edge."""
    side = "right" if odd else "left"
    jc = "right" if odd else "left"
    for old in paragraph._p.findall(qn("w:pPr")):
        paragraph._p.remove(old)
    paragraph._p.insert(0, parse_xml(
        f'<w:pPr {nsdecls("w")}><w:pStyle w:val="Footer"/><w:ind w:{side}="{PAGE_INDENT}" {NO_INDENT}/>'
        f'<w:jc w:val="{jc}"/></w:pPr>'
    ))
    rpr = f"<w:rPr>{fonts(PAGE_FONT)}{size(SMALL_SIZE)}</w:rPr>"
    runs = [
        f'<w:r {nsdecls("w")}>{rpr}<w:t xml:space="preserve">— </w:t></w:r>',
        f'<w:r {nsdecls("w")}>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {nsdecls("w")}>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
        f'<w:r {nsdecls("w")}>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>',
        f'<w:r {nsdecls("w")}>{rpr}<w:t>1</w:t></w:r>',
        f'<w:r {nsdecls("w")}>{rpr}<w:fldChar w:fldCharType="end"/></w:r>',
        f'<w:r {nsdecls("w")}>{rpr}<w:t xml:space="preserve"> —</w:t></w:r>',
    ]
    for run in runs:
        paragraph._p.append(parse_xml(run))


def build() -> bytes:
    document = docx.Document()
    styles = document.styles.element
    for child in list(styles):
        if child.tag in (qn("w:style"), qn("w:docDefaults")):
            styles.remove(child)
    styles.insert(0, parse_xml(DOC_DEFAULTS))
    for xml in STYLES:
        styles.append(parse_xml(xml))

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(24)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is not None:  # no line grid: it would snap table cells to 28.95 pt lines in LibreOffice
        section._sectPr.remove(grid)

    document.settings.odd_and_even_pages_header_footer = True
    section.different_first_page_header_footer = False
    section.header.is_linked_to_previous = False
    section.even_page_header.is_linked_to_previous = False
    page_number(section.footer.paragraphs[0], odd=True)
    page_number(section.even_page_footer.paragraphs[0], odd=False)

    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    document.add_paragraph("正文", style="Body Text")

    settings = document.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    _drop_unused_parts(document)

    props = document.core_properties
    props.author = props.last_modified_by = "xiezuo"
    props.title = props.subject = props.comments = props.keywords = ""
    props.revision = 1
    from datetime import datetime

    props.created = props.modified = datetime(2024, 1, 1)
    return _fixed_zip(document)


def _drop_unused_parts(document: docx.document.Document) -> None:
    """python-docx's template carries a thumbnail, custom XML and Word 2010 style effects: none apply."""
    unused = ("stylesWithEffects", "customXml", "thumbnail")
    part = document.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype.rsplit("/", 1)[-1] in unused:
            part.rels.pop(rel_id)
    package_rels = part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype.rsplit("/", 1)[-1] in unused:
            package_rels.pop(rel_id)


def _fixed_zip(document: docx.document.Document) -> bytes:
    """The package with every member dated 1980-01-01, so a rebuild is byte-identical."""
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else HERE / "reference.docx"
    target.write_bytes(build())
    print(f"已写入 {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
