"""The decisions every writer shares: the 目次 and its anchors, the page after the cover, page numbers."""

from __future__ import annotations

import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import pdfplumber
import pytest
from conftest import RECORDS
from docx import Document as open_docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from pypdf import PdfReader

from nenpo.build import bundled_templates, prepare, render_all
from nenpo.document.model import Document, Figure, Figures, Heading, Metadata, Picture, Run, Section, Table, plain
from nenpo.document.parse import parse
from nenpo.document.plan import (
    MAX_PAGE_SHARE,
    Box,
    PagePlan,
    TocEntry,
    anchor,
    body_cell,
    caption_inlines,
    caption_style,
    column_minimums,
    column_shares,
    column_widths,
    figure_boxes,
    figure_rows,
    format_number,
    heading_anchors,
    new_page_after,
    page_plan,
    short_tokens,
    text_block,
    text_width_pt,
    toc_entries,
)
from nenpo.errors import NenpoError
from nenpo.style import Styles, TableSpec, load_styles

MM = 72 / 25.4  # points in a millimetre
#: The text block of the default style: the 150 mm between its margins hold 40 whole characters of 10.5 pt.
TEXT_MM = 40 * 10.5 / MM

REPORT = """::: cover
{.Title}
令和元年度 報告書
:::

::: toc
:::

# はじめに

## 背景

### 細目

# 集合研修

## 第1回

::: appendix
# 資料
:::
"""


def document_of(markdown: str) -> Document:
    return Document(tuple(parse(markdown)), Metadata("令和元年度 報告書", "置賜広域行政事務組合"))


def styles_with(tmp_path: Path, page: str = "") -> Styles:
    """The default template's style sheet, with lines added under `page:`."""
    folder = tmp_path / "tpl"
    shutil.copytree(bundled_templates() / "default", folder)
    sheet = folder / "style.yaml"
    if page:
        text = sheet.read_text(encoding="utf-8")
        assert "\npage:\n" in text
        sheet.write_text(text.replace("\npage:\n", "\npage:\n" + page, 1), encoding="utf-8")
    return load_styles(sheet)


def test_the_toc_lists_levels_one_and_two_of_every_section_in_order() -> None:
    entries = toc_entries(document_of(REPORT))
    assert [(e.level, e.text, e.style) for e in entries] == [
        (1, "はじめに", "TOC 1"), (2, "背景", "TOC 2"), (1, "集合研修", "TOC 1"), (2, "第1回", "TOC 2"),
        (1, "資料", "TOC 1"),
    ]


def test_anchors_count_every_heading_so_a_level_three_heading_has_one_too() -> None:
    document = document_of(REPORT)
    anchors = heading_anchors(document)
    headings = [b for b in document.blocks if isinstance(b, Heading)]
    assert [anchors[id(h)] for h in headings] == [anchor(n) for n in range(1, 7)]
    assert [e.anchor for e in toc_entries(document)] == [anchor(n) for n in (1, 2, 4, 5, 6)]


def test_an_anchor_is_a_hidden_word_bookmark_name_and_an_html_id() -> None:
    name = anchor(123456)
    assert name == "_Toc123456"
    assert name.startswith("_") and name[1:].isalnum() and len(name) <= 40 and " " not in name


def test_two_headings_with_the_same_text_get_different_anchors() -> None:
    entries = toc_entries(document_of("# 同じ\n\n# 同じ\n"))
    assert [e.text for e in entries] == ["同じ", "同じ"]
    assert entries[0].anchor != entries[1].anchor


def test_the_outline_never_skips_a_level() -> None:
    entries = toc_entries(document_of("## 序\n\n# 本編\n\n## 節\n\n## 節二\n"))
    assert [(e.level, e.outline_level) for e in entries] == [(2, 0), (1, 0), (2, 1), (2, 1)]


def test_a_new_page_follows_the_cover_only() -> None:
    sections = document_of(REPORT).sections
    assert [(s.kind, new_page_after(s)) for s in sections] == [
        ("cover", True), ("body", False), ("appendix", False)]
    assert not new_page_after(Section("body", ()))


def test_the_cover_has_no_number_and_the_rest_counts_on_from_one(tmp_path: Path) -> None:
    plan = page_plan(document_of(REPORT), styles_with(tmp_path))
    assert plan.cover and plan.first_number == 0 and not plan.roman_toc
    labels = plan.labels(toc_first=2, toc_count=2)
    assert [labels.label(p) for p in range(1, 7)] == [None, "1", "2", "3", "4", "5"]
    assert plan.number_text("3") == "- 3 -"


def test_a_roman_toc_counts_i_ii_and_the_body_starts_again_at_one(tmp_path: Path) -> None:
    plan = page_plan(document_of(REPORT), styles_with(tmp_path, "  toc_numbering: roman\n"))
    assert plan.roman_toc
    labels = plan.labels(toc_first=2, toc_count=3)
    assert [labels.label(p) for p in range(1, 8)] == [None, "i", "ii", "iii", "1", "2", "3"]


def test_roman_numbering_needs_a_toc(tmp_path: Path) -> None:
    plan = page_plan(document_of("# はじめに\n"), styles_with(tmp_path, "  toc_numbering: roman\n"))
    assert not plan.roman_toc and not plan.cover and plan.first_number == 1
    assert [plan.labels().label(p) for p in (1, 2)] == ["1", "2"]


@pytest.mark.parametrize(("line", "header"), [
    ('  header: "{title}"\n', "令和元年度 報告書"),
    ('  header: "{title}(案)"\n', "令和元年度 報告書(案)"),
    ("", None),
])
def test_the_running_header_names_the_report(tmp_path: Path, line: str, header: str | None) -> None:
    styles = styles_with(tmp_path, line)
    plan = page_plan(document_of(REPORT), styles)
    assert plan.header == header
    assert plan.header_size < plan.number_size == styles["Normal"].size


def test_no_page_numbers_when_the_style_says_none(tmp_path: Path) -> None:
    styles = styles_with(tmp_path)
    text = styles.source.read_text(encoding="utf-8").replace('page_number: "- {n} -"', "page_number: null")
    styles.source.write_text(text, encoding="utf-8")
    plan = page_plan(document_of(REPORT), load_styles(styles.source))
    assert plan.number_parts is None


# --- the three formats follow the plan ---------------------------------------------------------

#: Each sample with a template: the bundled ones, and the default with a roman 目次 and a header.
ROMAN = '  toc_numbering: roman\n  header: "{title}"\n'
FORMAT_CASES = [("okitama-r1", "default", ""), ("project-k", "default", ""), ("okitama-r1", "default", ROMAN),
                ("project-k", "kiroku", "")]


@dataclass(frozen=True)
class Formats:
    """One sample rendered in all three formats, and the plan they were to follow."""

    entries: tuple[TocEntry, ...]
    anchors: list[str]  # every heading's, in document order
    plan: PagePlan
    pdf: PdfReader
    footers: list[str]  # the number printed at the foot of each PDF page ("" for none)
    headers: list[str]
    docx: DocxDocument
    html: lxml.html.HtmlElement


def _render(tmp_path: Path, sample: str, template: str, page: str) -> Formats:
    folder = tmp_path / "tpl"
    shutil.copytree(bundled_templates() / template, folder)
    if page:
        sheet = folder / "style.yaml"
        sheet.write_text(sheet.read_text(encoding="utf-8").replace("\npage:\n", "\npage:\n" + page, 1),
                         encoding="utf-8")
    prepared = prepare(RECORDS / sample, folder, ("docx", "pdf", "html"))
    out = render_all(prepared, ("docx", "pdf", "html"))
    document, styles = prepared.document, prepared.styles
    footers, headers = [], []
    with pdfplumber.open(io.BytesIO(out["pdf"])) as pdf:
        for p in pdf.pages:
            foot = p.within_bbox((0, p.height - styles.page.margins.bottom * MM, p.width, p.height))
            head = p.within_bbox((0, 0, p.width, styles.page.margins.top * MM))
            footers.append((foot.extract_text() or "").strip())
            headers.append((head.extract_text() or "").strip())
    anchors = heading_anchors(document)
    return Formats(toc_entries(document), [anchors[id(b)] for b in document.blocks if isinstance(b, Heading)],
                   page_plan(document, styles), PdfReader(io.BytesIO(out["pdf"])), footers, headers,
                   open_docx(io.BytesIO(out["docx"])), lxml.html.document_fromstring(out["html"]))


@pytest.fixture(scope="module", params=FORMAT_CASES, ids=lambda case: "-".join(filter(None, case[:2])) +
                ("-roman" if case[2] else ""))
def formats(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Formats:
    return _render(tmp_path_factory.mktemp("formats"), *request.param)


def _outline(reader: PdfReader, items: list, depth: int = 0) -> list[tuple[int, str, int]]:  # type: ignore[type-arg]
    flat = []
    for item in items:
        if isinstance(item, list):
            flat += _outline(reader, item, depth + 1)
        else:
            flat.append((depth, item.title, reader.get_destination_page_number(item)))
    return flat


def test_the_toc_and_the_anchors_are_the_same_in_pdf_docx_and_html(formats: Formats) -> None:
    entries = formats.entries
    assert len(entries) > 5
    texts = [e.text for e in entries]
    # PDF: the outline lists the entries; every heading's anchor is a named destination, on its page
    outline = _outline(formats.pdf, formats.pdf.outline)
    assert [title for _, title, _ in outline] == texts
    assert [depth for depth, _, _ in outline] == [e.outline_level for e in entries]
    destinations = {name.lstrip("/"): formats.pdf.get_destination_page_number(d)
                    for name, d in formats.pdf.named_destinations.items()}
    assert list(destinations) == formats.anchors
    assert [page for _, _, page in outline] == [destinations[e.anchor] for e in entries]
    # DOCX: each heading is bookmarked by its anchor; each 目次 line links to its entry's anchor
    paragraphs = formats.docx.paragraphs
    marks = [m.get(qn("w:name")) for p in paragraphs if p.style.name.startswith("Heading")
             for m in p._p.iter(qn("w:bookmarkStart"))]
    assert marks == formats.anchors
    lines = [p for p in paragraphs if p.style.name in ("TOC 1", "TOC 2")]
    assert [(p.style.name, p.text.partition("\t")[0]) for p in lines] == [(e.style, e.text) for e in entries]
    assert [p._p.find(f".//{qn('w:hyperlink')}").get(qn("w:anchor")) for p in lines] == [e.anchor for e in entries]
    # HTML: each heading's id is its anchor; the 目次 links to them
    html = formats.html
    assert [h.get("id") for h in html.xpath("//main//*[self::h1 or self::h2 or self::h3 or self::h4]")] \
        == formats.anchors
    links = html.xpath("//nav[@class='toc']//a")
    assert [(a.get("href"), a.text_content()) for a in links] == [(f"#{e.anchor}", e.text) for e in entries]


def test_the_page_numbers_are_the_plan_in_the_pdf_and_the_docx(formats: Formats) -> None:
    plan, footers = formats.plan, formats.footers
    # PDF: the cover shows no number and no header; the rest follow the plan's labels
    toc_first = next(n for n, text in enumerate(formats.pdf.pages, start=1)
                     if text.extract_text().lstrip().removeprefix(plan.header or "").lstrip().startswith("目次"))
    first_heading = min(formats.pdf.get_destination_page_number(d) for d in formats.pdf.named_destinations.values())
    labels = plan.labels(toc_first, first_heading + 1 - toc_first)
    expected = [labels.label(n) for n in range(1, len(footers) + 1)]
    assert footers == [plan.number_text(label) if label else "" for label in expected]
    assert formats.headers == [(plan.header or "") if label else "" for label in expected]
    assert (expected[0] is None) == plan.cover
    # DOCX: the 目次 shows the numbers the PDF prints at each heading's page
    pdf_pages = [expected[formats.pdf.get_destination_page_number(d)] for d in
                 (formats.pdf.named_destinations[f"/{e.anchor}"] for e in formats.entries)]
    lines = [p for p in formats.docx.paragraphs if p.style.name in ("TOC 1", "TOC 2")]
    assert [p.text.rpartition("\t")[2] for p in lines] == pdf_pages
    # DOCX: the same numbering, as Word sections: the cover page 0 with no footer, roman 目次 or not
    sections = formats.docx.sections
    first = sections[0]
    assert first.different_first_page_header_footer == plan.cover
    number = first._sectPr.find(qn("w:pgNumType"))
    if plan.cover or plan.roman_toc:
        assert number.get(qn("w:start")) == str(plan.first_number)
        assert (number.get(qn("w:fmt")) == "lowerRoman") == plan.roman_toc
    assert len(sections) == (2 if plan.roman_toc else 1)
    if plan.roman_toc:
        body = sections[1]._sectPr.find(qn("w:pgNumType"))
        assert body.get(qn("w:start")) == "1" and body.get(qn("w:fmt")) is None
    assert first.footer.paragraphs[0].text == plan.number_text("1")
    assert first.header.paragraphs[0].text == (plan.header or "")


# --- figures: the size of every picture, decided once ------------------------------------------


def _figure(width_px: int, height_px: int, label: str = "写真1", caption: str = "グループワークの様子") -> Figure:
    picture = Picture(bytes([width_px % 256, height_px % 256]) * 4, "jpeg", width_px, height_px)
    return Figure(picture, label, (Run(caption),) if caption else (), "alt")


def test_photos_fill_their_cell_and_keep_their_aspect(tmp_path: Path) -> None:
    styles = styles_with(tmp_path)  # per_row 2, gap 4 mm, at most 70 mm high, a column of 40 字
    spec, column = styles.figures, text_width_pt(styles)
    assert column == pytest.approx(40 * 10.5)  # 150 mm between the margins hold 40 whole characters
    wide, tall = _figure(4000, 3000), _figure(3000, 4000)
    boxes = figure_boxes(Figures((wide, tall), per_row=2), column, spec)
    cell = (420 - 4 * MM) / 2  # 72.1 mm
    assert boxes[0].width == pytest.approx(cell)  # a landscape photo as wide as its cell
    assert boxes[0].height == pytest.approx(cell * 3 / 4)
    assert boxes[1].height == pytest.approx(70 * MM)  # a portrait one as tall as the style allows
    assert boxes[1].width == pytest.approx(70 * MM * 3 / 4)
    one = figure_boxes(Figures((wide,), per_row=1), column, spec)[0]
    assert one.height == pytest.approx(70 * MM) and one.width == pytest.approx(70 * MM * 4 / 3)


def test_three_to_a_row_share_the_column_less_two_gaps(tmp_path: Path) -> None:
    styles = styles_with(tmp_path)
    square = _figure(500, 500)
    boxes = figure_boxes(Figures((square,) * 4, per_row=3), text_width_pt(styles), styles.figures)
    assert [b.width for b in boxes] == pytest.approx([(420 - 2 * 4 * MM) / 3] * 4)
    assert figure_rows(Figures((square,) * 4, per_row=3)) == [(0, 1, 2), (3,)]


def test_the_logo_is_the_style_width_never_wider_than_the_column(tmp_path: Path) -> None:
    styles = styles_with(tmp_path)
    logo = Figures((_figure(600, 200, "", ""),), per_row=2, kind="logo")
    box = figure_boxes(logo, text_width_pt(styles), styles.figures)[0]
    assert (box.width, box.height) == pytest.approx((30 * MM, 10 * MM))
    narrow = figure_boxes(logo, 20 * MM, styles.figures)[0]
    assert narrow.width == pytest.approx(20 * MM)
    assert figure_rows(Figures((logo.figures[0],) * 2, per_row=2, kind="logo")) == [(0,), (1,)]


def test_the_pixels_a_box_needs_at_the_style_dpi() -> None:
    assert Box(72, 36).pixels(200) == (200, 100)
    assert Box(0.1, 0.1).pixels(200) == (1, 1)


def test_a_caption_is_its_number_and_its_text() -> None:
    assert plain(caption_inlines(_figure(4, 3))) == "写真1\u3000グループワークの様子"
    assert plain(caption_inlines(_figure(4, 3, label=""))) == "グループワークの様子"
    assert plain(caption_inlines(_figure(4, 3, caption=""))) == "写真1"
    assert caption_inlines(_figure(4, 3, label="", caption="")) == ()


def test_a_caption_style_the_sheet_lacks_is_named_at_its_line(tmp_path: Path) -> None:
    styles = styles_with(tmp_path)
    assert caption_style(styles) == "Caption"
    sheet = styles.source
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("caption_style: Caption", "caption_style: Kapution"),
                     encoding="utf-8")
    with pytest.raises(NenpoError) as raised:
        caption_style(load_styles(sheet))
    (problem,) = raised.value.problems
    assert "Kapution" in problem.message.render("ja") and problem.location.line is not None


def test_a_picture_never_takes_more_than_its_share_of_the_page(tmp_path: Path) -> None:
    styles = styles_with(tmp_path)
    tower = Figures((_figure(100, 1000),), per_row=1)
    free = figure_boxes(tower, text_width_pt(styles), styles.figures)[0]
    assert free.height == pytest.approx(70 * MM)
    short_page = figure_boxes(tower, text_width_pt(styles), styles.figures, text_height=80 * MM)[0]
    assert short_page.height == pytest.approx(80 * MM * MAX_PAGE_SHARE)
    assert short_page.width == pytest.approx(short_page.height / 10)


# --- table columns (style.yaml `table.columns`) and numbers -----------------------------------


def styles_with_columns(tmp_path: Path, columns: str) -> Styles:
    """The default template's style sheet with `columns:` lines added under `table:`."""
    folder = tmp_path / "tpl"
    shutil.copytree(bundled_templates() / "default", folder)
    sheet = folder / "style.yaml"
    text = sheet.read_text(encoding="utf-8")
    assert "\ntable:\n" in text
    sheet.write_text(text.replace("\ntable:\n", "\ntable:\n  columns:\n" + columns, 1), encoding="utf-8")
    return load_styles(sheet)


def table_of(header: list[str], rows: list[list[str]], align: tuple[str, ...] = ()) -> Table:
    return Table(tuple((Run(h),) for h in header), tuple(tuple((Run(c),) for c in row) for row in rows),
                 align=align)


AMOUNTS_TABLE = table_of(["項目", "金額", "備考"], [["旅費", "300000", "往復"], ["謝金", "1.50", "講師3名"]],
                         ("", "right", ""))


def test_a_column_gets_the_width_the_style_sets_and_the_others_share_the_rest(tmp_path: Path) -> None:
    styles = styles_with_columns(tmp_path, "    金額: {width: 40mm}\n    備考: {width: 30%}\n")
    widths = [w / MM for w in column_widths(AMOUNTS_TABLE, styles)]
    assert widths == pytest.approx([TEXT_MM - 40 - 0.3 * TEXT_MM, 40, 0.3 * TEXT_MM])  # 30% of the text width


def test_a_bare_number_is_millimetres_and_the_unset_columns_keep_their_proportions(tmp_path: Path) -> None:
    table = table_of(["回", "題", "講師"], [["1", "地域づくりと広域連携の将来", "山田太郎"]])
    styles = styles_with_columns(tmp_path, "    講師: {width: 30}\n")
    auto = column_shares(table)
    widths = [w / MM for w in column_widths(table, styles)]
    assert widths[2] == pytest.approx(30)
    assert widths[0] / widths[1] == pytest.approx(auto[0] / auto[1])
    assert sum(widths) == pytest.approx(TEXT_MM)


def test_a_table_whose_every_column_is_set_is_as_wide_as_its_columns(tmp_path: Path) -> None:
    styles = styles_with_columns(tmp_path, "    項目: {width: 30mm}\n    金額: {width: 25mm}\n    備考: {width: 20%}\n")
    assert [w / MM for w in column_widths(AMOUNTS_TABLE, styles)] == pytest.approx([30, 25, 0.2 * TEXT_MM])


def test_a_style_without_columns_shares_the_text_width_by_the_text(tmp_path: Path) -> None:
    styles = styles_with(tmp_path)
    widths = column_widths(AMOUNTS_TABLE, styles)
    assert [w / sum(widths) for w in widths] == pytest.approx(column_shares(AMOUNTS_TABLE))
    assert sum(widths) == pytest.approx(text_width_pt(styles))


def test_widths_that_pass_the_text_width_are_an_error_at_the_width_that_passed_it(tmp_path: Path) -> None:
    styles = styles_with_columns(tmp_path, "    金額: {width: 80mm}\n    備考: {width: 65mm}\n")
    with pytest.raises(NenpoError) as raised:
        column_widths(AMOUNTS_TABLE, styles)
    [problem] = raised.value.problems
    lines = styles.source.read_text(encoding="utf-8").splitlines()
    assert problem.location.file == styles.source
    assert "備考: {width: 65mm}" in lines[problem.location.line - 1]
    assert "金額 80 mm + 備考 65 mm = 145 mm" in str(problem.message)  # 項目 needs 10 mm of the 150
    assert "幅を書いていない欄(項目)" in str(problem.hint)


def test_widths_that_fit_when_every_column_is_set_pass(tmp_path: Path) -> None:
    styles = styles_with_columns(tmp_path, "    項目: {width: 50mm}\n    金額: {width: 50mm}\n    備考: {width: 50mm}\n")
    assert sum(column_widths(AMOUNTS_TABLE, styles)) / MM == pytest.approx(150)


def test_a_column_aligned_in_the_style_is_aligned_so_numbers_and_text_alike(tmp_path: Path) -> None:
    styles = styles_with_columns(tmp_path, "    金額: {align: center}\n    備考: {align: right}\n")
    spec = styles.table
    assert body_cell(AMOUNTS_TABLE, 0, 1, spec) == ((Run("300,000"),), "center")
    assert body_cell(AMOUNTS_TABLE, 1, 2, spec) == ((Run("講師3名"),), "right")
    assert body_cell(AMOUNTS_TABLE, 1, 0, spec) == ((Run("謝金"),), "left")  # a column the style leaves alone
    plain_spec = styles_with(tmp_path / "plain").table
    assert body_cell(AMOUNTS_TABLE, 0, 1, plain_spec) == ((Run("300,000"),), "right")


@pytest.mark.parametrize(("form", "typed", "shown"), [
    ("半角", "1.50", "1.50"), ("半角", "1234.50", "1,234.50"), ("半角", "-1234567.125", "-1,234,567.125"),
    ("全角", "1234.50", "１，２３４．５０"), ("なし", "1,234.50", "1234.50"),
])
def test_decimals_keep_their_digits_and_the_whole_part_is_grouped(form: str, typed: str, shown: str) -> None:
    assert format_number(typed, TableSpec(number_format=form)) == shown


@pytest.mark.parametrize(("line", "hint_word"), [("    金額: {width: 25cm}\n", "25mm"),
                                                 ("    金額: {width: 0}\n", "25mm"),
                                                 ("    金額: {width: 160mm}\n", "余白")])
def test_a_bad_column_width_is_an_error_at_its_line(tmp_path: Path, line: str, hint_word: str) -> None:
    with pytest.raises(NenpoError) as raised:
        styles_with_columns(tmp_path, line)
    [problem] = raised.value.problems
    text = (tmp_path / "tpl" / "style.yaml").read_text(encoding="utf-8").splitlines()
    assert text[problem.location.line - 1] == line.rstrip("\n")
    assert hint_word in str(problem.hint)


def test_an_unknown_key_of_a_column_is_refused_at_its_line(tmp_path: Path) -> None:
    with pytest.raises(NenpoError) as raised:
        styles_with_columns(tmp_path, "    金額:\n      align: right\n      colour: red\n")
    [problem] = raised.value.problems
    assert "colour" in str(problem.message)
    assert "align, width" in str(problem.hint)


# --- the text block and the narrowest column ------------------------------------------------------

def test_the_text_block_is_whole_characters_centred_between_the_margins(tmp_path: Path) -> None:
    block = text_block(styles_with(tmp_path))  # 150 mm between 30 mm margins: 40.5 characters of 10.5 pt
    assert (block.chars, block.width_pt) == (40, 420)
    assert block.left_mm == block.right_mm == pytest.approx(30 + (150 - 420 / MM) / 2)
    narrower = text_block(styles_with(tmp_path / "grid", "  grid: {chars: 30, lines: 36}\n"))
    assert (narrower.chars, narrower.width_pt) == (30, 315)  # Word's grid asks for fewer: both formats set 30
    wider = text_block(styles_with(tmp_path / "wide", "  grid: {chars: 60, lines: 36}\n"))
    assert wider.chars == 40  # more than the margins hold: the margins win


def test_short_tokens_are_the_words_a_cell_never_breaks() -> None:
    assert short_tokens("第1回") == ["第1回"]
    assert short_tokens("1、2、3、4") == ["1、", "2、", "3、", "4"]
    assert short_tokens("令和元年7月5日(金)") == []  # long: it may break anywhere
    assert short_tokens("川村 直樹") == ["川村", "直樹"]
    assert short_tokens("所属・役職") == ["所属・", "役職"]


def test_a_column_is_never_narrower_than_its_widest_short_word(tmp_path: Path) -> None:
    styles = styles_with(tmp_path)
    long = "東京都港区「芝公園区民協働スペース、芝の家、ご近所ラボ新橋」" * 2
    table = table_of(["回", "日付", "会場", "テーマ"], [["第1回", long, long, long], ["第12回", "", "", ""]])
    widths = {"第1回": 30.0, "第12回": 40.0, "回": 9.5}  # as a writer measures them, padding aside

    def measure(text: str, style: str, bold: bool) -> float:
        return widths.get(text, 100.0 if len(text) <= 3 else 0.0)

    assert column_minimums(table, styles, measure)[0] == pytest.approx(30 + 2 * styles.table.padding + 0.5)
    shares = column_shares(table)
    assert shares[0] * 420 < 15  # by its text alone, 第1回's column would get 3 of 93 字
    widths = column_widths(table, styles, measure)
    assert widths[0] == pytest.approx(30 + 6.5)
    assert widths[1] == widths[2] == widths[3] == pytest.approx((420 - 36.5) / 3)  # the rest by their shares


def test_minimums_wider_than_the_table_share_it_by_their_size(tmp_path: Path) -> None:
    styles = styles_with(tmp_path)
    table = table_of(["a", "b"], [["第1回", "第2回"]])
    widths = column_widths(table, styles, lambda text, style, bold: 400.0)
    assert widths == pytest.approx((210, 210))
