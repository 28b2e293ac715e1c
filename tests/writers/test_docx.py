"""The DOCX as an editor opens it in Word: styles with Japanese fonts, page set-up, fields."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _rpr_fonts_and_lang(rpr) -> tuple[str | None, str | None]:  # type: ignore[no-untyped-def]
    fonts = rpr.find(qn("w:rFonts"))
    lang = rpr.find(qn("w:lang"))
    return (fonts.get(qn("w:eastAsia")) if fonts is not None else None,
            lang.get(qn("w:eastAsia")) if lang is not None else None)


@pytest.fixture(scope="module")
def okitama(built: dict[str, dict[str, Path]]):  # type: ignore[no-untyped-def]
    return Document(str(built["okitama-r1"]["docx"]))


def test_doc_defaults_and_styles_carry_the_east_asian_font_and_ja_jp(okitama) -> None:  # type: ignore[no-untyped-def]
    defaults = okitama.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert _rpr_fonts_and_lang(defaults) == ("IPAex明朝", "ja-JP")
    expected = {"Normal": "IPAex明朝", "Title": "IPAexゴシック", "Heading 1": "IPAexゴシック",
                "Heading 2": "IPAexゴシック", "TOC 1": "IPAexゴシック", "Table": "IPAex明朝"}
    for name, font in expected.items():
        rpr = okitama.styles[name].element.rPr
        assert _rpr_fonts_and_lang(rpr) == (font, "ja-JP"), name
        slots = rpr.find(qn("w:rFonts"))
        assert {slots.get(qn(s)) for s in ("w:ascii", "w:hAnsi", "w:cs")} == {font}, name
    assert okitama.styles["Normal"].font.size.pt == 10.5


def test_a4_with_word_japanese_default_margins_and_a_page_footer(okitama) -> None:  # type: ignore[no-untyped-def]
    section = okitama.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin)] == [35, 30]
    # the 150 mm between 30 mm margins hold 40.5 characters: 40 of them, centred (JLReq 2.4.2)
    assert section.left_margin.twips == section.right_margin.twips == 1753
    assert section.page_width.twips - section.left_margin.twips - section.right_margin.twips == 40 * 10.5 * 20
    footer_xml = section.footer._element.xml
    assert "PAGE" in "".join(t.text for t in section.footer._element.iter(f"{W}instrText"))
    assert re.search(r"<w:t[^>]*>- </w:t>", footer_xml) and re.search(r"<w:t[^>]*> -</w:t>", footer_xml)
    assert section.different_first_page_header_footer  # the cover shows no number
    assert not "".join(t.text for t in section.first_page_footer._element.iter(f"{W}instrText"))
    assert section._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "0"


def test_headings_use_word_heading_styles_and_the_toc_field_lists_them(okitama) -> None:  # type: ignore[no-untyped-def]
    headings = [(p.style.name, p.text) for p in okitama.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 1", "集合研修") in headings
    assert ("Heading 2", "第2回集合研修「港区と置賜の遠隔自治体間連携を考える」") in headings
    instr = "".join(t.text for t in okitama.element.body.iter(f"{W}instrText"))
    assert 'TOC \\o "1-2"' in instr
    entries = [p for p in okitama.paragraphs if p.style.name in ("TOC 1", "TOC 2")]
    assert [p.text.partition("\t")[0] for p in entries] == [
        text for style, text in headings if style in ("Heading 1", "Heading 2")]
    # each entry links to its heading's bookmark, and its page number is a PAGEREF to it (Word can update)
    marked = [p._p.find(qn("w:bookmarkStart")).get(qn("w:name")) for p in okitama.paragraphs
              if p.style.name in ("Heading 1", "Heading 2")]
    assert [p._p.find(f".//{W}hyperlink").get(qn("w:anchor")) for p in entries] == marked
    assert "PAGEREF " + marked[-1] in "".join(t.text for t in entries[-1]._p.iter(f"{W}instrText"))
    assert okitama.settings.element.find(qn("w:updateFields")).get(qn("w:val")) == "true"


def test_every_paragraph_uses_a_style_of_the_template(okitama) -> None:  # type: ignore[no-untyped-def]
    used = {p.style.name for p in okitama.paragraphs}
    assert used <= {"Normal", "Title", "Subtitle", "cover", "Heading 1", "Heading 2", "TOC Heading",
                    "TOC 1", "TOC 2", "programme", "summary-heading"}
    assert {"programme", "summary-heading", "Title"} <= used


def test_tables_repeat_their_header_row(okitama) -> None:  # type: ignore[no-untyped-def]
    sessions = okitama.tables[0]
    assert [c.text for c in sessions.rows[0].cells] == ["回", "日付", "会場", "テーマ"]
    assert sessions.rows[1].cells[1].text == "令和元年7月5日(金)"
    assert sessions.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    lecturers = okitama.tables[1]
    rows = {r.cells[0].text: (r.cells[1].text, r.cells[2].text) for r in lecturers.rows[1:]}
    assert rows["大杉覚教授"] == ("首都大学東京大学院", "1、2、3、4")


def test_core_properties(okitama) -> None:  # type: ignore[no-untyped-def]
    props = okitama.core_properties
    assert (props.title, props.author, props.language) == ("令和元年度 広域連携事業報告書", "置賜広域行政事務組合", "ja-JP")
    assert props.created.date().isoformat() == "2020-03-31"


def test_hanging_punctuation_and_latin_spacing_follow_the_style(okitama) -> None:  # type: ignore[no-untyped-def]
    """The default style asks for 和欧間 (Word's autoSpaceDE/DN) and no ぶら下げ (overflowPunct off)."""
    ppr = okitama.styles["Normal"].element.pPr
    values = {tag: ppr.find(qn(f"w:{tag}")).get(qn("w:val")) for tag in ("overflowPunct", "autoSpaceDE", "autoSpaceDN")}
    assert values == {"overflowPunct": "0", "autoSpaceDE": "1", "autoSpaceDN": "1"}
    order = [child.tag.split("}")[1] for child in ppr]
    assert order.index("overflowPunct") < order.index("autoSpaceDE") < order.index("autoSpaceDN") < order.index("spacing")


def test_no_document_grid_unless_the_style_asks_for_one(okitama) -> None:  # type: ignore[no-untyped-def]
    """Word sets the exact line spacing of every style without a grid; LibreOffice, given one,
    would set a line fewer than the PDF on every page with a heading."""
    grid = okitama.sections[-1]._sectPr.find(qn("w:docGrid"))
    assert grid is None or grid.get(qn("w:type")) in (None, "default")


def test_punctuation_is_compressed_as_the_pdf_compresses_it(okitama) -> None:  # type: ignore[no-untyped-def]
    """文字間隔の調整「句読点のみを詰める」: Word may narrow the blank halves of punctuation and
    brackets to justify a line, as the PDF's line breaker does."""
    control = okitama.settings.element.find(qn("w:characterSpacingControl"))
    assert control.get(qn("w:val")) == "compressPunctuation"


def test_a_title_longer_than_words_file_information_holds_is_cut_there_not_a_crash(tmp_path: Path) -> None:
    from conftest import write

    from nenpo.build import build

    title = "長い題名" * 80  # 320 characters: python-docx refuses a core property over 255
    write(tmp_path / "r", "report.yaml", f"report:\n  title: {title}\norganisation:\n  name: 団体\n")
    files = build(tmp_path / "r", tmp_path / "out", formats=("docx",)).files
    doc = Document(str(files[0]))
    assert len(doc.core_properties.title) == 255 and doc.core_properties.title.endswith("…")
    assert any(title in p.text for p in doc.paragraphs)  # the cover keeps all of it


def test_word_sets_a_line_head_opening_bracket_half_width_as_the_pdf_does(tmp_path: Path) -> None:
    """w:topLinePunct (行頭の約物を半角にする) in the paragraph defaults: the PDF sets 「 at a line's
    head flush (JLReq 3.1.5), and Word should not indent it by its blank half."""
    from conftest import RECORDS

    from nenpo.build import build

    built = build(RECORDS / "okitama-r1", tmp_path, formats=("docx",))
    defaults = Document(str(built.files[0])).styles.element.find(qn("w:docDefaults"))
    assert defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:topLinePunct')}") is not None
