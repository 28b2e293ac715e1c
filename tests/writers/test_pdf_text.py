"""The PDF paragraph flowable: page splits without orphans or widows, headings kept with text."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import pdf_pages
from nenpo.document.model import Heading
from nenpo.build import build, find_template
from nenpo.document.model import Run
from nenpo.style import load_styles
from nenpo.writers.pdf import register_fonts
from nenpo.writers.pdf_text import JapaneseParagraph, TextSettings, pdf_metrics, runs_of

WIDTH = 150 * 72 / 25.4


@pytest.fixture(scope="module")
def normal():  # noqa: ANN201
    styles = load_styles(find_template("default") / "style.yaml")
    settings = TextSettings(register_fonts(styles), pdf_metrics())
    style = styles["Normal"]

    def make(lines: int) -> JapaneseParagraph:
        text = "あ" * (39 + 40 * (lines - 1))  # 39 after the 1字 indent, then 40 a line
        paragraph = JapaneseParagraph(runs_of((Run(text),), style, settings), style, settings)
        assert paragraph.wrap(WIDTH, 10_000)[1] == lines * style.leading
        return paragraph

    return make, style.leading


@pytest.mark.parametrize(
    ("lines", "room", "expected"),
    [
        (5, 4, (3, 2)),  # 4 would fit, but the 5th line would be a widow: 3 stay, 2 go
        (5, 3, (3, 2)),
        (5, 2, (2, 3)),
        (5, 1, None),  # one line alone at the foot would be an orphan: the paragraph moves on
        (2, 1, None),
        (3, 2, None),  # 2 + 1 would leave a widow; 1 + 2 an orphan
        (4, 2, (2, 2)),
    ],
)
def test_a_paragraph_splits_without_an_orphan_or_a_widow(normal, lines: int, room: int,  # noqa: ANN001
                                                         expected: tuple[int, int] | None) -> None:
    make, leading = normal
    paragraph = make(lines)
    parts = paragraph.split(WIDTH, room * leading + 1)
    if expected is None:
        assert parts == []
    else:
        assert tuple(p.wrap(WIDTH, 10_000)[1] / leading for p in parts) == expected
        assert parts[1].first is False and parts[1].spaceBefore == 0


def test_the_parts_of_a_split_paragraph_keep_their_lines_and_text(normal) -> None:  # noqa: ANN001
    make, leading = normal
    paragraph = make(6)
    head, tail = paragraph.split(WIDTH, 3 * leading)
    whole = "".join(line.text for line in paragraph.lines(WIDTH))
    assert "".join(line.text for line in head.lines(WIDTH) + tail.lines(WIDTH)) == whole
    assert head.lines(WIDTH)[0].left > 0 and tail.lines(WIDTH)[0].left == 0  # only the first line is indented


def test_no_page_ends_with_a_heading(tmp_path: Path) -> None:
    from test_pdf_structure import _synthetic

    records = _synthetic(tmp_path, 100)
    pdf = build(records, tmp_path / "out", formats=("pdf",)).files[0]
    from nenpo.build import check, compose

    document = compose(check(records).report, find_template("default"),
                       load_styles(find_template("default") / "style.yaml"))
    headings = {b.text.replace(" ", "") for b in document.blocks if isinstance(b, Heading)}
    for index, page in enumerate(pdf_pages(pdf)[1:], start=2):
        body = [line.strip().replace(" ", "") for line in page.splitlines() if line.strip()][:-1]  # minus the footer
        assert body and body[-1] not in headings, f"page {index} ends with the heading {body[-1]}"


def _reportlab_line(canvas, segments, left: float, baseline: float) -> str:  # noqa: ANN001
    """What ReportLab's own text object writes for the calls the line drawer stands in for."""
    text = canvas.beginText()
    for segment in segments:
        text.setTextOrigin(left + segment.x, baseline)
        text.setFont(segment.font, segment.size)
        text.setCharSpace(segment.char_space)
        text.textOut(segment.text)
    return text.getCode()


@given(st.lists(st.tuples(st.sampled_from(["mincho", "gothic", "Helvetica"]),
                          st.text(alphabet="あア漢字「」、。（）ABC 12()\\𩸽", min_size=0, max_size=30),
                          st.floats(6, 30), st.floats(0, 400), st.floats(-1, 3)),
                min_size=1, max_size=5),
       st.floats(0, 50), st.floats(0, 800))
@settings(max_examples=200, deadline=None)
def test_a_line_is_drawn_with_the_operators_reportlab_writes(segments, left: float, baseline: float) -> None:  # noqa: ANN001
    """Byte for byte, including the font subsets it assigns, for nenpo's fonts and a standard one."""
    from reportlab.pdfgen.canvas import Canvas

    from nenpo.typeset import Segment
    from nenpo.writers.pdf_text import line_operators

    styles = load_styles(find_template("default") / "style.yaml")
    names = register_fonts(styles)
    line = [Segment(text, names.get(font, font), size, x, space) for font, text, size, x, space in segments]
    ours, theirs = Canvas(io.BytesIO()), Canvas(io.BytesIO())
    for _ in range(2):  # the second line reuses the subsets the first one assigned
        assert line_operators(ours, line, left, baseline) == _reportlab_line(theirs, line, left, baseline)
