"""The measures of issue 15's side-by-side benchmark (bench/typeset_measure.py), on a PDF whose
glyphs stand where the test put them: what poppler reads back must be what was drawn."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from nenpo.style import load_styles
from nenpo.writers.layout import resolve_fonts

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from typeset_measure import (  # noqa: E402
    Geometry,
    foot_gaps,
    gap_extras,
    group_lines,
    is_flush,
    kinsoku_violations,
    pair_spans,
    read_pages,
)

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdftocairo") is None,
                                reason="poppler-utils is not installed")

STYLES = load_styles(ROOT / "templates" / "default" / "style.yaml")
GEOMETRY = Geometry.of(STYLES)
SIZE, PITCH = 10.5, 18.0
PAGE_HEIGHT = 841.8898
FONT = "MeasureMincho"


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(resolve_fonts(STYLES)["mincho"].path)))
    return FONT


def _draw(canvas: Canvas, row: int, glyphs: list[tuple[str, float]]) -> float:
    """Characters at the x (pt) given, on the text area's row-th line; returns the baseline (from the top)."""
    baseline = GEOMETRY.top + (PITCH - SIZE) / 2 + 0.88 * SIZE + row * PITCH
    for char, x in glyphs:
        canvas.setFont(_font(), SIZE)
        canvas.drawString(x, PAGE_HEIGHT - baseline, char)
    return baseline


def _solid(text: str, x: float = GEOMETRY.left, advance: float = SIZE) -> list[tuple[str, float]]:
    return [(ch, x + i * advance) for i, ch in enumerate(text)]


def _pdf(tmp_path: Path, pages: list[list[list[tuple[str, float]]]]) -> Path:
    path = tmp_path / "drawn.pdf"
    canvas = Canvas(str(path), pagesize=(595.2756, PAGE_HEIGHT), invariant=1)
    for page in pages:
        for row, glyphs in enumerate(page):
            _draw(canvas, row, glyphs)
        canvas.showPage()
    canvas.save()
    return path


def test_glyph_origins_come_back_where_they_were_drawn(tmp_path: Path) -> None:
    stretched = _solid("あいうえお", advance=11.0)
    pages = read_pages(_pdf(tmp_path, [[stretched]]))
    (line,) = pages[0].lines
    assert line.text == "あいうえお"
    assert [(g.char, round(g.x, 2)) for g in line.glyphs] == [(ch, round(x, 2)) for ch, x in stretched]
    assert gap_extras([line]) == pytest.approx([0.5 / SIZE] * 4, abs=1e-3)


def test_a_line_may_not_start_with_a_closing_bracket_nor_end_with_an_opening_one(tmp_path: Path) -> None:
    pages = read_pages(_pdf(tmp_path, [[_solid("」さしす"), _solid("たちつ「"), _solid("なにぬね")]]))
    assert [line.text for line in kinsoku_violations(pages[0].lines)] == ["」さしす", "たちつ「"]


def test_a_pair_of_brackets_spans_two_ems_at_full_width_and_one_and_a_half_when_one_gives_way(
        tmp_path: Path) -> None:
    left = GEOMETRY.left
    full = _solid("あ、「い")
    half = [("か", left), ("、", left + SIZE), ("「", left + 1.5 * SIZE), ("き", left + 2.5 * SIZE)]
    pages = read_pages(_pdf(tmp_path, [[full, half]]))
    spans = [(pair, round(span, 2)) for _, pair, span in pair_spans(pages[0].lines)]
    assert spans == [("、「", 2.0), ("、「", 1.5)]


def test_a_justified_line_is_flush_at_the_edge_or_with_its_last_blank_half_past_it(tmp_path: Path) -> None:
    edge, count = GEOMETRY.right, 40
    start = edge - count * SIZE
    flush = _solid("あ" * count, x=start)
    short = _solid("あ" * (count - 1), x=start)
    comma_past = _solid("あ" * (count - 1) + "、", x=start + SIZE / 2)  # 、 ends half an em past the edge
    lines = read_pages(_pdf(tmp_path, [[flush, short, comma_past]]))[0].lines
    assert [is_flush(line, edge) for line in lines] == [True, False, True]


def test_paragraph_lines_are_found_whole_across_pages_and_the_foot_is_measured(tmp_path: Path) -> None:
    first, second, third = "あ" * 40, "い" * 40, "う" * 10
    other = "え" * 5
    rows = 36  # a full page: 36 lines of 18 pt
    page_one = [_solid(other)] * (rows - 3) + [_solid(first), _solid(second)]
    page_two = [_solid(third)]
    model = {"sections": [{"kind": "body", "blocks": [
        {"type": "Paragraph", "style": "Normal", "inlines": [{"text": other * (rows - 3)}]},
        {"type": "Paragraph", "style": "Normal", "inlines": [{"text": first + second + third}]},
    ]}]}
    layout = group_lines(read_pages(_pdf(tmp_path, [page_one, page_two, [_solid(other)]])), model, STYLES, GEOMETRY)
    assert not layout.unmatched
    assert [[line.text for line in block.lines][-3:] for block in layout.blocks][1] == [first, second, third]
    gaps = foot_gaps(layout, GEOMETRY, cover=False)
    last_baseline = GEOMETRY.top + (PITCH - SIZE) / 2 + 0.88 * SIZE + (rows - 2) * PITCH
    # pages 1 and 2 end early (page 2 after one line); page 3 is the last, whose foot is free
    assert sorted(gaps) == [1, 2]
    assert gaps[1] == pytest.approx((GEOMETRY.bottom - last_baseline) / PITCH, abs=0.01)
    assert gaps[2] > 30
