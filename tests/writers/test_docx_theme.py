"""The DOCX names only the style sheet's fonts, colours and rules: in its theme, in every style
(linked character styles included), in its defaults and in its font table."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from conftest import RECORDS

from nenpo.build import build, find_template
from nenpo.style import load_styles

TEMPLATES = ("default", "kiroku")
#: The Word names of each template's 明朝 and ゴシック.
FONTS = {"default": ("IPAex明朝", "IPAexゴシック"), "kiroku": ("BIZ UD明朝", "BIZ UDゴシック")}
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def docx(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The Okitama sample's DOCX with each bundled template."""
    out = tmp_path_factory.mktemp("docx-theme")
    return {t: build(RECORDS / "okitama-r1", out / t, template=t, formats=("docx",)).files[0] for t in TEMPLATES}


def _part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


@pytest.mark.parametrize("template", TEMPLATES)
def test_the_theme_names_the_reports_fonts_for_headings_and_body(docx: dict[str, Path], template: str) -> None:
    mincho, gothic = FONTS[template]
    theme = _part(docx[template], "word/theme/theme1.xml")
    for scheme, font in (("majorFont", gothic), ("minorFont", mincho)):
        node = theme.find(f".//{A}{scheme}")
        assert node.find(f"{A}ea").get("typeface") == font
        assert node.find(f"{A}latin").get("typeface") == font
        assert node.find(f"{A}font[@script='Jpan']").get("typeface") == font
    assert "ＭＳ" not in etree.tostring(theme, encoding="unicode")


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_style_and_the_defaults_name_only_the_reports_fonts(docx: dict[str, Path], template: str) -> None:
    mincho, gothic = FONTS[template]
    styles = _part(docx[template], "word/styles.xml")
    named = {value for fonts in styles.iter(f"{W}rFonts") for key, value in fonts.attrib.items()}
    assert named == {mincho, gothic}
    themed = [key for fonts in styles.iter(f"{W}rFonts") for key in fonts.attrib if key.lower().endswith("theme")]
    assert not themed, "a style still takes its font from the theme"
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert defaults.get(qn("w:eastAsia")) == mincho


@pytest.mark.parametrize("template", TEMPLATES)
def test_linked_character_styles_look_like_their_paragraph_styles(docx: dict[str, Path], template: str) -> None:
    doc = Document(str(docx[template]))
    for name in ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3"):
        paragraph = doc.styles[name]
        character = doc.styles[f"{name} Char"]
        assert character.font.name == paragraph.font.name
        assert character.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == FONTS[template][1], name
        assert character.font.size == paragraph.font.size, name
        assert character.font.color.rgb == paragraph.font.color.rgb, name
        assert character.font.bold == paragraph.font.bold, name


@pytest.mark.parametrize("template", TEMPLATES)
def test_no_part_lists_a_font_the_report_does_not_use(docx: dict[str, Path], template: str) -> None:
    with zipfile.ZipFile(docx[template]) as archive:
        names = archive.namelist()
    assert "word/stylesWithEffects.xml" not in names
    table = _part(docx[template], "word/fontTable.xml")
    assert [f.get(qn("w:name")) for f in table.iter(f"{W}font")] == list(FONTS[template])


@pytest.mark.parametrize("template", TEMPLATES)
def test_no_border_or_colour_the_style_sheet_did_not_ask_for(docx: dict[str, Path], template: str) -> None:
    styles = _part(docx[template], "word/styles.xml")
    text = etree.tostring(styles, encoding="unicode")
    assert "pBdr" not in text, "a paragraph rule (python-docx's blue line under Title)"
    assert not re.search(r"w:theme(Color|Shade|Tint|Fill)=", text), "a theme colour"
    sheet = load_styles(find_template(template) / "style.yaml")
    asked = {s.color.lstrip("#").upper() for s in sheet.paragraphs.values()}
    colours = {c.get(qn("w:val")).upper() for c in styles.iter(f"{W}color")}
    assert colours <= asked, colours - asked
    doc = Document(str(docx[template]))
    for name in ("Title", "Heading 1"):
        assert str(doc.styles[name].font.color.rgb) == sheet[name].color.lstrip("#").upper()


@pytest.mark.parametrize("template", TEMPLATES)
def test_table_rules_and_padding_are_the_style_sheets(docx: dict[str, Path], template: str) -> None:
    sheet = load_styles(find_template(template) / "style.yaml")
    grid = Document(str(docx[template])).styles["Table Grid"].element.find(qn("w:tblPr"))
    rules = {side.get(qn("w:sz")) for side in grid.find(qn("w:tblBorders"))}
    assert rules == {str(round(sheet.table.border * 8))}
    padding = {side.get(qn("w:w")) for side in grid.find(qn("w:tblCellMar"))}
    assert padding == {str(round(sheet.table.padding * 20))}


def test_table_columns_have_the_pdfs_widths_in_the_grid_as_in_each_cell(docx: dict[str, Path]) -> None:
    """LibreOffice sizes columns by the table grid: left equal, the 回 column came out three times
    wider than in the PDF and the tables ran onto another page."""
    table = Document(str(docx["default"])).tables[0]
    grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.iterchildren(qn("w:gridCol"))]
    cells = [cell.width.twips for cell in table.rows[1].cells]
    assert grid == cells
    assert grid[0] < grid[1] / 2  # 回 is narrow, 日付 wide, as column_fractions decided
