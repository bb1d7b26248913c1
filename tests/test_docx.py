"""--out FILE.docx: the Word document is opened with python-docx and checked as a clerk would look at it:
page, fonts, sizes, spacing, masthead, tables, page numbers and the 版记 — with real pandoc."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from conftest import REPO, Run, write_tree
from test_report_minutes import LEDGER as MINUTES_LEDGER
from test_report_monthly import LEDGER

Document = docx.document.Document


@pytest.fixture(scope="module")
def bulletin_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One bulletin for the whole module: pandoc takes a moment."""
    from xiezuo_cli.cli.app import run

    root = write_tree(tmp_path_factory.mktemp("ledger"), {**LEDGER, **MINUTES_LEDGER})
    out = root.parent / "通报.docx"
    assert run(["--ledger", str(root), "--today", "2024-07-03", "report", "monthly", "--month", "2024-06",
                "--out", str(out)]) == 0
    return out


@pytest.fixture
def doc(bulletin_docx: Path) -> Document:
    return docx.Document(str(bulletin_docx))


def fonts(element: object) -> dict[str, str]:
    """The w:rFonts attributes of a style or run, by local name."""
    rpr = element.find(qn("w:rPr"))  # type: ignore[attr-defined]
    node = rpr.find(qn("w:rFonts")) if rpr is not None else None
    assert node is not None, "no w:rFonts"
    return {key.split("}")[1]: value for key, value in node.attrib.items()}


def near(length: int | None, expected: int, tolerance: int = Mm(0.1)) -> bool:
    return length is not None and abs(length - expected) <= tolerance


def test_page_is_a4_with_gbt9704_margins(doc: Document) -> None:
    section = doc.sections[0]
    assert near(section.page_width, Mm(210)) and near(section.page_height, Mm(297))
    assert near(section.top_margin, Mm(37))
    assert near(section.bottom_margin, Mm(35))
    assert near(section.left_margin, Mm(28))
    assert near(section.right_margin, Mm(26))


def test_body_style_fangsong_16pt_fixed_spacing_two_char_indent(doc: Document) -> None:
    for name in ("Body Text", "First Paragraph"):
        style = doc.styles[name]
        fmt = style.paragraph_format
        assert style.font.size == Pt(16)
        assert fonts(style.element)["eastAsia"] == "仿宋_GB2312"
        assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
        assert fmt.line_spacing == Pt(28.95)
        ind = style.element.find(qn("w:pPr")).find(qn("w:ind"))
        assert ind.get(qn("w:firstLineChars")) == "200"
        assert ind.get(qn("w:firstLine")) == "640"
    normal = doc.styles["Normal"]
    assert normal.font.size == Pt(16)
    body = "仿宋_GB2312"
    assert fonts(normal.element) == {"ascii": body, "hAnsi": body, "eastAsia": body, "cs": body, "hint": "eastAsia"}


@pytest.mark.parametrize(
    ("style", "font", "size", "bold"),
    [
        ("Title", "方正小标宋简体", 22, False),
        ("Heading 1", "黑体", 16, False),
        ("Heading 2", "楷体_GB2312", 16, False),
        ("Heading 3", "仿宋", 16, True),
    ],
)
def test_title_and_heading_fonts(doc: Document, style: str, font: str, size: int, bold: bool) -> None:
    definition = doc.styles[style]
    attrs = fonts(definition.element)
    assert attrs["eastAsia"] == font and attrs["ascii"] == font
    assert not any(key.endswith("Theme") or key == "cstheme" for key in attrs), "theme fonts would win"
    assert definition.font.size == Pt(size)
    assert bool(definition.font.bold) is bold


def test_no_theme_fonts_in_document_defaults(doc: Document) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    attrs = fonts(defaults)
    assert attrs["eastAsia"] == "仿宋_GB2312"
    assert not any("heme" in key for key in attrs)


def test_title_masthead_and_headings_in_the_text(doc: Document) -> None:
    paragraphs = doc.paragraphs
    assert paragraphs[0].style.name == "Title"
    assert paragraphs[0].text == "东西部协作和对口支援工作月度通报"
    assert doc.styles["Title"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert paragraphs[1].text == "第6期"
    assert paragraphs[1].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    dateline = paragraphs[2]
    assert dateline.text == "测试区对口支援与合作交流工作领导小组办公室\t2024年6月30日"
    border = dateline._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert border.get(qn("w:color")) == "FF0000"
    headings = [(p.style.name, p.text) for p in paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 1", "一、总体情况") in headings
    assert ("Heading 2", "（一）重点任务") in headings
    assert ("Heading 3", "1.到沪就业～稳岗") in headings
    assert [text for style, text in headings if style == "Heading 1"] == [
        "一、总体情况", "二、重点任务进展", "三、帮扶项目推进", "四、督办预警", "五、下月工作安排",
    ]
    texts = [p.text for p in paragraphs]
    assert "6月12日，六月进展甲。（区人社局）" in texts
    assert all(p.style.name in ("Body Text", "First Paragraph") for p in paragraphs if p.text.startswith("6月12日"))


def test_county_table(doc: Document) -> None:
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "县（市、区）")
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows == [
        ["县（市、区）", "项目数", "安排资金", "已拨付", "拨付率", "已完工", "滞后"],
        ["广南县", "2", "150", "100", "66.7%", "1", "1"],
        ["砚山县", "1", "213.4", "0.3", "0.1%", "0", "0"],
        ["合计", "3", "363.4", "100.3", "27.6%", "1", "1"],
    ]
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        assert borders.find(qn(f"w:{side}")).get(qn("w:val")) == "single", side
    header = table.rows[0]
    assert all(run.bold for cell in header.cells for p in cell.paragraphs for run in p.runs)
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(run.bold for cell in table.rows[-1].cells for p in cell.paragraphs for run in p.runs)  # 合计
    body_cell = table.rows[2].cells[2].paragraphs[0]
    assert body_cell.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert not any(run.bold for run in body_cell.runs)
    compact = doc.styles[body_cell.style.name]
    assert compact.font.size == Pt(14)
    assert compact.paragraph_format.line_spacing == 1.0  # single-spaced cells
    assert compact.paragraph_format.first_line_indent == 0


def test_page_numbers_odd_right_even_left(doc: Document) -> None:
    settings = doc.settings.element
    assert settings.find(qn("w:evenAndOddHeaders")) is not None
    section = doc.sections[0]
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == (WD_ALIGN_PARAGRAPH.RIGHT if side == "right" else WD_ALIGN_PARAGRAPH.LEFT)
        xml = paragraph._p.xml
        assert "PAGE" in "".join(t.text or "" for t in paragraph._p.iter(qn("w:instrText")))
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert 'w:eastAsia="宋体"' in xml and 'w:val="28"' in xml  # 宋体 14 pt


def test_colophon_block_at_the_foot_of_the_last_page(doc: Document) -> None:
    body = doc.element.body
    colophon = doc.tables[-1]
    assert [row.cells[0].text for row in colophon.rows] == [
        "报：市合作交流办。",
        "发：各成员单位。",
        "区合作交流办\t2024年6月30日印发",
    ]
    position = colophon._tbl.tblPr.find(qn("w:tblpPr"))
    assert position.get(qn("w:tblpYSpec")) == "bottom" and position.get(qn("w:vertAnchor")) == "margin"
    borders = colophon._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders.find(qn("w:top")).get(qn("w:sz")) == "8"
    assert borders.find(qn("w:bottom")).get(qn("w:sz")) == "8"
    assert borders.find(qn("w:insideH")).get(qn("w:sz")) == "6"
    # Nothing of the distribution is left in the body text.
    assert not any(p.text.startswith(("报：", "发：")) for p in doc.paragraphs)
    blocks = [child.tag for child in body if child.tag not in (qn("w:bookmarkStart"), qn("w:bookmarkEnd"))]
    assert blocks[-3:] == [qn("w:tbl"), qn("w:p"), qn("w:sectPr")]


def test_minutes_docx(xiezuo: Run, tmp_path: Path) -> None:
    root = write_tree(tmp_path / "ledger", MINUTES_LEDGER)
    out = tmp_path / "纪要.docx"
    result = xiezuo("--ledger", root, "--today", "2024-06-30", "report", "minutes", "m1", "--out", out)
    assert result.exit_code == 0, result.output
    assert "已写入" in result.stderr
    document = docx.Document(str(out))
    paragraphs = document.paragraphs
    assert (paragraphs[0].style.name, paragraphs[0].text) == ("Title", "2024年劳务协作专题会议纪要")
    assert paragraphs[1].text == "〔2024〕3号"
    assert paragraphs[1].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    texts = [p.text for p in paragraphs]
    assert "出席：区合作交流办、区人力资源和社会保障局、文山州代表团" in texts
    assert "现将会议议定事项纪要如下：" in texts
    assert any(text.startswith("一、区人社局牵头") for text in texts)
    assert document.tables[-1].rows[0].cells[0].text == "报：市合作交流办。"


def test_ledger_reference_docx_wins(xiezuo: Run, tmp_path: Path) -> None:
    root = write_tree(tmp_path / "ledger", LEDGER)
    reference = docx.Document(str(REPO / "templates" / "reference.docx"))
    reference.sections[0].left_margin = Mm(40)
    (root / "templates").mkdir()
    reference.save(str(root / "templates" / "reference.docx"))
    out = tmp_path / "own.docx"
    result = xiezuo("--ledger", root, "--today", "2024-07-03", "report", "monthly", "--out", out)
    assert result.exit_code == 0, result.output
    assert near(docx.Document(str(out)).sections[0].left_margin, Mm(40))


def test_md_out_is_the_same_markdown(xiezuo: Run, tmp_path: Path) -> None:
    root = write_tree(tmp_path / "ledger", LEDGER)
    out = tmp_path / "通报.MD"
    result = xiezuo("--ledger", root, "--today", "2024-07-03", "report", "monthly", "--out", out)
    assert result.exit_code == 0, result.output
    shown = xiezuo("--ledger", root, "--today", "2024-07-03", "report", "monthly")
    assert out.read_text("utf-8") == shown.stdout


@pytest.mark.parametrize("target", ["missing-dir/通报.docx", "file.txt/通报.docx", "file.txt/通报.md", "."])
def test_unwritable_output_is_a_chinese_error(xiezuo: Run, tmp_path: Path, target: str) -> None:
    root = write_tree(tmp_path / "ledger", LEDGER)
    (tmp_path / "file.txt").write_text("x", "utf-8")
    result = xiezuo("--ledger", root, "--today", "2024-07-03", "report", "monthly", "--out", tmp_path / target)
    if target == ".":
        assert result.exit_code == 2 and "不支持的文件类型" in result.stderr
        return
    assert result.exit_code == 1
    assert "无法写入" in result.stderr
    assert "Traceback" not in result.output


def test_failed_conversion_leaves_old_file_and_no_temporary(
    xiezuo: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import xiezuo_cli.docx_out as docx_out

    root = write_tree(tmp_path / "ledger", LEDGER)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "通报.docx"
    target.write_bytes(b"old")

    def broken(markdown: str, path: Path, reference: Path) -> None:
        path.write_bytes(b"half a document")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(docx_out, "convert", broken)
    result = xiezuo("--ledger", root, "--today", "2024-07-03", "report", "monthly", "--out", target)
    assert result.exit_code == 1
    assert "磁盘空间不足" in result.stderr
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in out_dir.iterdir()) == ["通报.docx"]


def test_reference_docx_is_what_the_script_builds(tmp_path: Path) -> None:
    out = tmp_path / "reference.docx"
    subprocess.run([sys.executable, str(REPO / "templates" / "build_reference.py"), str(out)], check=True,
                   capture_output=True)
    assert out.read_bytes() == (REPO / "templates" / "reference.docx").read_bytes(), (
        "templates/reference.docx is stale: run python templates/build_reference.py and commit it"
    )


def test_preview_script_is_executable() -> None:
    script = REPO / "scripts" / "preview.sh"
    assert script.stat().st_mode & 0o111
    assert (REPO / "scripts" / "fonts.conf").is_file()
    if shutil.which("sh"):
        result = subprocess.run(["sh", str(script)], capture_output=True, text=True, check=False)
        assert result.returncode == 2 and "用法" in result.stderr


def test_output_in_a_folder_that_takes_no_files_says_so(xiezuo: Run, tmp_path: Path) -> None:
    if not Path("/proc/self").is_dir():
        pytest.skip("needs /proc")
    root = write_tree(tmp_path / "ledger", LEDGER)
    result = xiezuo("--ledger", root, "--today", "2024-07-03", "report", "monthly", "--out", "/proc/通报.md")
    assert result.exit_code == 1
    assert "无法写入 /proc/通报.md：该目录中不能创建文件" in result.stderr
    missing = xiezuo("--ledger", root, "--today", "2024-07-03", "report", "monthly", "--out", tmp_path / "无/通报.md")
    assert "所在目录不存在" in missing.stderr
