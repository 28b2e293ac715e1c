"""The page as a reader measures it (JLReq, issue 15): where the printed things are, read back from
the PDF with poppler.

- A line of body text holds a whole number of characters (JLReq 2.4.2), the text block centred.
- No table cell breaks a word of three characters or fewer (第1回 is never set 第 / 1 / 回).
- The 目次's leaders share one pitch and end at one x, whatever the level.
- A heading keeps with the first two lines of a long paragraph, not the whole paragraph (JLReq
  4.1.7): pages do not end with a paragraph's room left empty.
- The cover's title stands where its style's space before puts it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import RECORDS, SAMPLES, write
from docx import Document as open_docx
from docx.oxml.ns import qn
from pdf_layout import Page, Row, column_lines, empty_lines_at_foot, read_pages, toc_lines

from nenpo.build import build, find_template, prepare
from nenpo.document import model as dm
from nenpo.document.plan import column_widths, short_tokens, text_block
from nenpo.style import load_styles
from nenpo.typeset import kinsoku
from nenpo.writers.layout import text_widths
from nenpo.writers.pdf_text import Leaders

MM = 72 / 25.4
#: The blank half of a bracket or a stop, in em.
HALF = 0.5
#: Marks whose blank right half stands outside the block at the end of a line.
LINE_END_HALVES = kinsoku.CLOSING_BRACKETS | kinsoku.FULL_STOPS | kinsoku.COMMAS


@pytest.fixture(scope="module")
def samples(built: dict[str, dict[str, Path]]) -> dict[str, tuple[list[Page], object]]:
    """Each sample's PDF pages as poppler reads them, with the sample's prepared document."""
    return {name: (read_pages(built[name]["pdf"]), prepare(RECORDS / name)) for name in SAMPLES}


def _area(styles, page: Page) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """The top and the foot of the text area on a page, in poppler's coordinates."""
    margins = styles.page.margins
    return margins.top * MM, page.height - margins.bottom * MM


# --- the line measure -----------------------------------------------------------------------------

@pytest.mark.parametrize("sample", SAMPLES)
def test_a_full_line_of_body_text_is_forty_whole_characters_centred_between_the_margins(
    samples: dict[str, tuple[list[Page], object]], sample: str
) -> None:
    pages, prepared = samples[sample]
    styles = prepared.styles
    block = text_block(styles)
    assert (block.chars, block.width_pt) == (40, 420.0)  # 150 mm hold 40.5 characters of 10.5 pt: 40
    assert block.left_mm == pytest.approx(block.right_mm) == pytest.approx(30 + (150 - 420 / MM) / 2)
    body = [row for page in pages[1:] for row in page.rows
            if abs(row.size - 10.5) < 0.1 and len(row.text) >= 30 and "..." not in row.text]  # not the 目次
    assert len(body) > 40
    left, right = block.left_pt, block.left_pt + block.width_pt
    assert not [row.text for row in body if _ink_left(row) < left - 0.05]
    full = [row for row in body if abs(_ink_right(row) - right) < 0.3]
    assert len(full) > 30  # justified lines end at the block's right edge, 420 pt from its left
    assert not [row.text for row in body if _ink_right(row) > right + 0.05]


def _ink_left(row: Row) -> float:
    """Where a row's first glyph shows: an opening bracket at the head of a line is set with its
    blank left half outside the block (JLReq 3.1.5), its ink flush with the others."""
    return row.left + (HALF * row.size if row.text[0] in kinsoku.OPENING_BRACKETS else 0.0)


def _ink_right(row: Row) -> float:
    """Where a row's last glyph shows: a closing bracket or a stop at the end of a line keeps its
    blank right half outside the block."""
    return row.words[-1].right - (HALF * row.size if row.text[-1] in LINE_END_HALVES else 0.0)


def test_a_grid_of_fewer_characters_narrows_the_block_in_the_pdf_and_the_docx(tmp_path: Path) -> None:
    """`page.grid: {chars: 38}`: both formats set 38 characters a line (399 pt), centred; the DOCX's
    character grid is the body's size, and its line grid the body's leading."""
    template = tmp_path / "tpl"
    shutil.copytree(find_template("default"), template)
    style = template / "style.yaml"
    text = style.read_text(encoding="utf-8")
    style.write_text(text.replace("  footer_distance: 15\n", "  footer_distance: 15\n  grid: {chars: 38, lines: 36}\n", 1),
                     encoding="utf-8")
    block = text_block(load_styles(style))
    assert (block.chars, block.width_pt) == (38, 399.0)
    files = {p.suffix: p for p in build(RECORDS / "okitama-r1", tmp_path / "out", template).files}
    rows = [row for page in read_pages(files[".pdf"])[2:] for row in page.rows if abs(row.size - 10.5) < 0.1]
    assert max(_ink_right(row) for row in rows) == pytest.approx(block.left_pt + 399, abs=0.05)
    section = open_docx(str(files[".docx"])).sections[-1]
    assert section.page_width.twips - section.left_margin.twips - section.right_margin.twips == 399 * 20
    grid = section._sectPr.find(qn("w:docGrid"))
    assert (grid.get(qn("w:type")), grid.get(qn("w:linePitch")), grid.get(qn("w:charSpace"))) == (
        "linesAndChars", "360", "0")


# --- tables: no short word broken -------------------------------------------------------------------

@pytest.mark.parametrize("sample", SAMPLES)
def test_no_table_cell_breaks_a_word_of_three_characters_or_fewer(
    samples: dict[str, tuple[list[Page], object]], sample: str
) -> None:
    pages, prepared = samples[sample]
    styles, document = prepared.styles, prepared.document
    tables = [b for b in document.blocks if isinstance(b, dm.Table)]
    assert tables
    pad = styles.table.padding
    broken = []
    for table in tables:
        x = text_block(styles).left_pt  # tables stand at the left of the text block
        for column, width in enumerate(column_widths(table, styles, text_widths(styles))):
            lines = column_lines(pages, x + pad, x + width - pad)
            rows = [table.header, *table.rows]
            words = {t for row in rows if column < len(row) for run in row[column] for t in short_tokens(run.text)}
            broken += [(column, w) for w in words if not any(w in line for line in lines)]
            x += width
    assert not broken


def test_the_first_column_of_the_sessions_table_holds_dai_1_kai_on_one_line(
    samples: dict[str, tuple[list[Page], object]]
) -> None:
    """The issue's case: the 回 column was 19 pt, and 第1回 stood 第 / 1 / 回."""
    pages, prepared = samples["okitama-r1"]
    table = next(b for b in prepared.document.blocks if isinstance(b, dm.Table))
    first = column_widths(table, prepared.styles, text_widths(prepared.styles))[0]
    # 第 and 回 a full em, 1 0.62 em, two quarter-em 和欧間 at 9.5 pt, and 3 pt of padding a side
    assert first >= (2 + 0.618 + 0.5) * 9.5 + 6
    left = text_block(prepared.styles).left_pt
    lines = column_lines(pages, left, left + first)
    assert {"第1回", "第2回", "第3回", "第4回"} <= set(lines)


# --- the 目次 ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("sample", SAMPLES)
def test_toc_leaders_share_one_pitch_and_end_at_one_x_for_every_level(
    samples: dict[str, tuple[list[Page], object]], sample: str
) -> None:
    pages, prepared = samples[sample]
    lines = [line for page in pages for line in toc_lines(page)]
    size = prepared.styles["TOC 1"].size
    levels = {round(line.left + (HALF * size if line.text[0] in kinsoku.OPENING_BRACKETS else 0)) for line in lines}
    assert len(levels) == 2  # TOC 1 and TOC 2, two em further in
    leaders = Leaders.of("", prepared.styles["TOC 1"].size)
    assert {round(line.pitch, 2) for line in lines} == {leaders.pitch}
    assert max(line.dots_end for line in lines) - min(line.dots_end for line in lines) < 0.01
    for line in lines:
        assert leaders.gap - 0.01 <= line.gap < leaders.gap + leaders.pitch + 0.01, line
        assert line.number_left - line.dots_end >= leaders.gap - 0.01, line


# --- keep with next: a heading and two lines, not a whole paragraph ------------------------------

SENTENCE = ("地域の担い手が減るなかで、行政と住民がともに考える場をどのように設けるかについて、"
            "参加者それぞれの経験をもとに意見を交わしました。")


def _long_paragraphs(folder: Path, visits: int = 14) -> Path:
    """Visits each headed by its place and date (Heading 2) and told in two long paragraphs."""
    lines = ["report:", "  title: 長い段落の試験", "  issued: 2020-03-31", "organisation:", "  name: 試験の会",
             "visits:"]
    for n in range(visits):
        lines += ["  - places:", "      - prefecture: 山形県", f"        municipality: 市{n + 1}",
                  f"    date: 2019-{n % 12 + 1:02d}-{n % 27 + 1:02d}", "    text:"]
        lines += [f'      - "{SENTENCE * count}"' for count in (3 + 7 * n % 11, 9 + 5 * n % 13)]
    write(folder, "report.yaml", "\n".join(lines) + "\n")
    return folder


@pytest.fixture(scope="module")
def stress(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Page], object]:
    root = tmp_path_factory.mktemp("stress")
    [pdf] = build(_long_paragraphs(root / "records"), root / "out", formats=("pdf",)).files
    return read_pages(pdf), load_styles(find_template("default") / "style.yaml")


def test_long_paragraphs_after_headings_leave_no_page_foot_empty(stress: tuple[list[Page], object]) -> None:
    """At every page foot, less room is left than the next page's first lines needed: at most two
    lines where the text flows on (a paragraph is split two lines or more on each side), and less
    than a heading with its space and two lines where a heading opens the next page."""
    pages, styles = stress
    normal, heading, part = styles["Normal"], styles["Heading 2"], styles["Heading 1"]
    with_heading = (heading.space_before + heading.leading + heading.space_after + 2 * normal.leading) / normal.leading
    feet = []
    for page, after in zip(pages[2:-1], pages[3:], strict=False):  # after the cover and the 目次
        top, foot = _area(styles, page)
        empty = empty_lines_at_foot(page, top, foot, normal.leading, normal.size)
        opens = after.within(*_area(styles, after))[0]
        if abs(opens.size - part.size) < 0.1:
            continue  # a part (資料) starts a page of its own
        heads = abs(opens.size - heading.size) < 0.1
        feet.append((page.number, round(empty, 1), heads))
        assert empty < (with_heading if heads else 2.0), feet
    assert len(feet) >= 12
    assert max(empty for _, empty, _ in feet) < with_heading


def test_a_heading_stands_on_its_page_with_at_least_two_lines_of_what_follows(
    stress: tuple[list[Page], object]
) -> None:
    pages, styles = stress
    heading = styles["Heading 2"]
    headings = 0
    for page in pages[2:]:
        rows = page.within(*_area(styles, page))
        for index, row in enumerate(rows):
            if abs(row.size - heading.size) < 0.1:
                headings += 1
                following = rows[index + 1:index + 3]  # a paragraph's lines, or a table's rows
                assert len(following) == 2 and all(r.size < heading.size - 0.1 for r in following), row.text
    assert headings >= 14


# --- the cover ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("template", ["default", "kiroku"])
def test_the_cover_title_stands_below_its_space_before(tmp_path: Path, template: str) -> None:
    [pdf] = build(RECORDS / "okitama-r1", tmp_path, template, ("pdf",)).files
    styles = load_styles(find_template(template) / "style.yaml")
    title = styles["Title"]
    assert title.space_before >= 100
    cover = read_pages(pdf)[0]
    first = cover.rows[0]
    assert re.sub(r"\s", "", first.text) in "令和元年度広域連携事業報告書"
    # the line's box starts at the top margin plus the space before; the glyphs sit centred in it
    top = styles.page.margins.top * MM + title.space_before + (title.leading - title.size) / 2
    assert first.words[0].top == pytest.approx(top, abs=0.5)
