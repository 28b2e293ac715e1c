"""The layout of a PDF page as poppler reads it: rows of word boxes, for tests that measure where
things were printed (the space left at a page's foot, the 目次's leaders, a table cell's lines).

Poppler (`pdftotext -bbox-layout`), not pdfminer, which misplaces the glyphs of justified lines.
Coordinates are poppler's: points from the top left of the page.
"""

from __future__ import annotations

import re
import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

_NS = "{http://www.w3.org/1999/xhtml}"
LEADER = "."


@dataclass(frozen=True)
class Word:
    left: float
    top: float
    right: float
    bottom: float
    text: str

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True)
class Row:
    """The words printed on one baseline, left to right."""

    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return "".join(w.text for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def left(self) -> float:
        return self.words[0].left

    @property
    def size(self) -> float:
        """The type size of the row (the tallest word box: poppler's boxes are one em tall)."""
        return max(w.height for w in self.words)


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    width: float
    height: float
    rows: tuple[Row, ...]  # top to bottom

    def within(self, top: float, bottom: float) -> list[Row]:
        """The rows whose words lie between two heights (the text area, without the page number)."""
        return [r for r in self.rows if r.bottom <= bottom + 0.5 and min(w.top for w in r.words) >= top - 0.5]


def read_pages(pdf: Path) -> list[Page]:
    """Every page's rows of words, as poppler places them."""
    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True).stdout
    root = ElementTree.fromstring(re.sub(rb"<!DOCTYPE[^>]*>", b"", out))
    pages = []
    for number, page in enumerate(root.iter(f"{_NS}page"), start=1):
        rows: dict[float, list[Word]] = {}  # poppler may cut a row into several lines and blocks
        for w in page.iter(f"{_NS}word"):
            word = Word(*(float(w.get(k, "0")) for k in ("xMin", "yMin", "xMax", "yMax")), w.text or "")
            rows.setdefault(round(word.bottom, 1), []).append(word)
        pages.append(Page(number, float(page.get("width", "0")), float(page.get("height", "0")),
                          tuple(Row(tuple(sorted(rows[y], key=lambda w: w.left))) for y in sorted(rows))))
    return pages


def empty_lines_at_foot(page: Page, top: float, foot: float, leading: float, size: float) -> float:
    """How many body lines (`leading` apart, `size` tall) would still fit below the last line of
    text on a page whose text area runs from `top` to `foot`: 0 for a full page."""
    rows = page.within(top, foot)
    if not rows:
        return (foot - top) / leading
    last = rows[-1].bottom + (leading - size) / 2  # the foot of the last line's slot
    return max(0.0, (foot - last) / leading)


@dataclass(frozen=True)
class TocLine:
    """One 目次 entry as printed: where its text starts and ends, its leaders, its number."""

    text: str
    left: float  # the entry text's left edge
    text_end: float  # the right edge of the entry's text
    dots: tuple[float, ...]  # each leader dot's left edge
    dots_end: float  # the last dot's right edge
    number_left: float

    @property
    def pitch(self) -> float:
        return statistics.median(b - a for a, b in zip(self.dots, self.dots[1:], strict=False))

    @property
    def gap(self) -> float:
        """From the end of the text to the first dot."""
        return self.dots[0] - self.text_end


def toc_lines(page: Page) -> list[TocLine]:
    """The rows of a 目次 page that carry leaders (at least three dots before a page number)."""
    found = []
    for row in page.rows:
        dots = [w for w in row.words if w.text == LEADER]
        if len(dots) < 3:
            continue
        first = row.words.index(dots[0])
        text = row.words[:first]
        number = row.words[-1]
        found.append(TocLine("".join(w.text for w in text), text[0].left if text else dots[0].left,
                             max((w.right for w in text), default=dots[0].left),
                             tuple(d.left for d in dots), dots[-1].right, number.left))
    return found


def column_lines(pages: list[Page], left: float, right: float) -> list[str]:
    """The text of every row printed between two x positions (a table's column, its rules
    excluded), each row's words within those bounds joined left to right."""
    lines = []
    for page in pages:
        for row in page.rows:
            inside = [w for w in row.words if w.left >= left - 0.5 and w.right <= right + 0.5]
            if inside:
                lines.append("".join(w.text for w in inside))
    return lines
