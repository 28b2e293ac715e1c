"""Typesetting measured from a finished PDF with poppler: what a reader of the printed page sees.

Issue 15 sets the same text with nenpo and with Typst and compares them; these functions read any
PDF (either one) and count, per JLReq:

- 禁則 violations: a line that starts with a character of kinsoku's NOT_STARTING or ends with one
  of NOT_ENDING;
- justified lines not flush: a line of a justified paragraph or list item, other than the last of
  its paragraph, whose right edge is more than 0.5 pt from the column's edge (a line-end 、。」 may
  end at its glyph's edge or half an em short of it, the blank half dropped; 、。 may hang);
- punctuation pairs at full width: two consecutive brackets or stops (、「 」、 』」 。「) spanning
  1.9 em or more (the first's advance plus the second's em), where JLReq 3.1.4 sets them in 1.5 em;
- the spread of inter-character adjustments: in those justified lines, the extra space in each gap
  between two full-width letters (not punctuation, whose blank halves are JLReq's to adjust);
- empty lines at page feet: (bottom of the text area − the last baseline) / the body's line pitch,
  on every page that does not end where a forced page break follows.

Where the glyphs are: `pdftotext -bbox-layout` gives each word's box and text, and
`pdftocairo -svg -noshrink -nocenter` each glyph's origin as poppler draws it (with character
spacing and TJ adjustments applied); the glyphs of a poppler line, in order, are paired with the
line's characters. Not pdfminer, which misplaces the glyphs of justified lines.

Which lines belong to which paragraph: the document model (`nenpo build --format model`) lists the
blocks in order; each heading and paragraph is found as a run of consecutive lines whose text, with
white space removed, is the block's text. Lines of tables and of the 目次 are no paragraph's.
"""

from __future__ import annotations

import statistics
import subprocess
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from nenpo.document import plan
from nenpo.style import PT_PER_MM, ParagraphStyle, Styles
from nenpo.typeset import kinsoku, spacing

#: Flush means within this of the column's edge (pt).
FLUSH_TOLERANCE = 0.5
#: A pair of punctuation marks spanning at least this (em) is set at full width (2 em, not 1.5).
FULL_WIDTH_PAIR = 1.9
#: Brackets and stops whose pairs JLReq 3.1.4 sets in 1.5 em.
PAIRED = kinsoku.OPENING_BRACKETS | kinsoku.CLOSING_BRACKETS | kinsoku.FULL_STOPS | kinsoku.COMMAS
#: Pieces of text whose baselines differ by at most this (pt) stand on one line: poppler cuts a line
#: in two at an ideographic space or a wide gap, and a paragraph's line is found whole again.
_SAME_LINE = 0.3


# --- what poppler reads --------------------------------------------------------------------------

@dataclass(frozen=True)
class Glyph:
    """One character as drawn: its origin (x, baseline y, from the top of the page) and size (em)."""

    char: str
    x: float
    y: float
    size: float
    #: The text has a space (or an ideographic space) before it: not a gap justification made.
    space_before: bool = False


@dataclass
class Line:
    """A line of text: its characters with their origins, and its right edge (the end of the last glyph's
    advance, as poppler boxes it). `glyphs` is empty when poppler's glyphs and characters disagreed."""

    page: int
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    glyphs: list[Glyph] = field(default_factory=list)

    @property
    def baseline(self) -> float:
        """The baseline: the glyphs', else 0.12 em above the box's foot (a Japanese em box)."""
        return self.glyphs[0].y if self.glyphs else self.bottom - 0.12 * self.size


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line]


_XHTML = "{http://www.w3.org/1999/xhtml}"
_SVG = "{http://www.w3.org/2000/svg}"
_XLINK = "{http://www.w3.org/1999/xlink}href"


def _words(pdf: Path) -> list[tuple[float, float, list[list[tuple[float, float, float, float, str]]]]]:
    """Per page: width, height and poppler's lines, each a list of words (xMin, yMin, xMax, yMax, text)."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    root = ET.fromstring(xml)
    pages = []
    for page in root.iter(f"{_XHTML}page"):
        lines = []
        for line in page.iter(f"{_XHTML}line"):
            words = [(float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), float(w.get("yMax")),
                      w.text or "") for w in line.iter(f"{_XHTML}word")]
            if words:
                lines.append(words)
        pages.append((float(page.get("width")), float(page.get("height")), lines))
    return pages


def _glyphs(pdf: Path) -> list[list[tuple[float, float]]]:
    """Per page: the origin (x, y from the top) of every glyph that draws something, in drawing order."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "pages.svg"
        subprocess.run(["pdftocairo", "-svg", "-noshrink", "-nocenter", str(pdf), str(out)], check=True,
                       capture_output=True)
        root = ET.parse(out).getroot()
    blank = {s.get("id") for s in root.iter(f"{_SVG}symbol")
             if all(not (p.get("d") or "").strip() for p in s.iter(f"{_SVG}path"))}
    pages = []
    for page in root.iter(f"{_SVG}page"):
        pages.append([(float(u.get("x", 0)), float(u.get("y", 0))) for u in page.iter(f"{_SVG}use")
                      if (u.get(_XLINK) or "").lstrip("#") not in blank])
    if not pages:  # a one-page PDF: cairo writes no <page>
        pages = [[(float(u.get("x", 0)), float(u.get("y", 0))) for u in root.iter(f"{_SVG}use")
                  if (u.get(_XLINK) or "").lstrip("#") not in blank]]
    return pages


def _place(pieces: list[list[tuple[float, float, float, float, str]]],
           origins: list[tuple[float, float]]) -> list[Line]:
    """poppler's lines of one page, each with the glyph origins that are its characters'.

    A glyph belongs to the line whose box holds its baseline and which starts last at or before its
    origin (a line's box starts at its first glyph's origin; a squeezed 、「 lets the next piece of a
    line start inside the last one's box). A line whose
    number of glyphs differs from its number of characters gets none."""
    boxes = [(min(w[0] for w in ws), min(w[1] for w in ws), max(w[2] for w in ws), max(w[3] for w in ws))
             for ws in pieces]
    owned: list[list[tuple[float, float]]] = [[] for _ in pieces]
    for x, y in origins:
        best = None
        for i, (x0, top, x1, bottom) in enumerate(boxes):
            if top - 0.5 <= y <= bottom + 0.5 and x0 - 0.05 <= x < x1 and (best is None or x0 > boxes[best][0]):
                best = i
        if best is not None:
            owned[best].append((x, y))
    lines = []
    for words, (x0, top, x1, bottom), glyphs in zip(pieces, boxes, owned, strict=True):
        size = max(w[3] - w[1] for w in words)
        chars = [c for w in sorted(words) for c in w[4] if not c.isspace()]
        placed = ([Glyph(c, x, y, size) for c, (x, y) in zip(chars, sorted(glyphs), strict=True)]
                  if len(glyphs) == len(chars) else [])
        lines.append(Line(0, "".join(w[4] for w in sorted(words)), x0, x1, top, bottom, size, placed))
    return lines


def read_pages(pdf: Path) -> list[Page]:
    """The lines of every page of a PDF, as poppler cuts them (a table's cells apart, a line with
    a wide gap in two pieces), with their glyphs' origins, top to bottom."""
    pages = []
    for number, ((width, height, pieces), origins) in enumerate(zip(_words(pdf), _glyphs(pdf), strict=True), 1):
        lines = _place(pieces, origins)
        for line in lines:
            line.page = number
        pages.append(Page(number, width, height, sorted(lines, key=lambda p: (round(p.baseline, 1), p.x0))))
    return pages


# --- which lines are which paragraph's -----------------------------------------------------------

def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


@dataclass(frozen=True)
class BlockLines:
    """A heading or paragraph of the model and the lines it was set in."""

    style: str
    kind: str  # "paragraph" (justified), "list" (hanging indent), "heading", "other"
    lines: tuple[Line, ...]
    forced_break: bool = False  # the style starts a new page


@dataclass
class Layout:
    """A PDF's lines grouped as the document model's blocks, and which pages hold the 目次."""

    pages: list[Page]
    blocks: list[BlockLines]
    toc_pages: set[int]
    unmatched: list[str]  # the start of each block not found in the PDF
    lines: list[Line]  # every line: rows of matched blocks joined, other pieces as poppler cut them


def _rows(pages: Sequence[Page]) -> list[list[Line]]:
    """Pieces grouped by baseline, page by page, top to bottom."""
    rows: list[list[Line]] = []
    for page in pages:
        for piece in page.lines:
            last = rows[-1] if rows else None
            if last and last[0].page == piece.page and abs(last[0].baseline - piece.baseline) <= _SAME_LINE:
                last.append(piece)
            else:
                rows.append([piece])
    return rows


def _joined(row: Sequence[Line]) -> Line:
    """Pieces on one baseline as one line (glyphs kept only if every piece had its glyphs)."""
    glyphs = [g for p in row for g in p.glyphs] if all(p.glyphs for p in row) else []
    return Line(row[0].page, "".join(p.text for p in row), min(p.x0 for p in row), max(p.x1 for p in row),
                min(p.top for p in row), max(p.bottom for p in row), max(p.size for p in row), glyphs)


def _same(a: str, b: str) -> bool:
    """Equal texts, give or take one character in ten that the PDF maps to another code point."""
    if len(a) != len(b):
        return False
    return sum(x != y for x, y in zip(a, b, strict=True)) <= max(1, len(a) // 10) - (len(a) < 4)


def _match(rows: list[list[Line]], start: int, text: str) -> int | None:
    """The index after the rows, from `start`, whose texts make up `text`; None if they do not."""
    done, index = 0, start
    while done < len(text) and index < len(rows):
        row = _norm("".join(p.text for p in rows[index]))
        if not row or not _same(row, text[done:done + len(row)]):
            return None
        done, index = done + len(row), index + 1
    return index if done == len(text) else None


def _with_spaces(lines: tuple[Line, ...], text: str) -> tuple[Line, ...]:
    """The lines of a block with each glyph marked when its text has a space before it (poppler
    drops spaces, and an ideographic space looks like a wide gap)."""
    flags, pending = [], False
    for ch in unicodedata.normalize("NFKC", text):
        if ch.isspace():
            pending = True
        else:
            flags.append(pending)
            pending = False
    offset = 0
    for line in lines:
        if line.glyphs:
            line.glyphs = [replace(g, space_before=flags[offset + k]) for k, g in enumerate(line.glyphs)]
        offset += len(_norm(line.text))
    return lines


def _kind(style: ParagraphStyle | None) -> str:
    """What a paragraph style makes of its lines: justified ("paragraph"), a list item with a hanging
    indent ("list", justified or not), or anything else."""
    if style is None:
        return "other"
    if style.first_line_indent < 0:
        return "list"
    return "paragraph" if style.align == "justify" else "other"


@dataclass(frozen=True)
class Geometry:
    """The text area (版面) of every page, in points from the page's top left, and the body's line pitch."""

    left: float
    right: float
    top: float
    bottom: float
    pitch: float

    @classmethod
    def of(cls, styles: Styles) -> Geometry:
        """The text area a nenpo style sheet gives its pages."""
        page, block = styles.page, plan.text_block(styles)  # whole characters a line, centred
        mm = PT_PER_MM
        return cls(block.left_pt, block.left_pt + block.width_pt, page.margins.top * mm,
                   (page.height_mm - page.margins.bottom) * mm, styles["Normal"].leading)

    def holds(self, line: Line) -> bool:
        """Whether a line stands in the text area (not a page number or a running header)."""
        return self.top - 1 <= line.baseline <= self.bottom + 1


def group_lines(pages: list[Page], model: dict, styles: Styles, geometry: Geometry, *,
                window: int = 400) -> Layout:
    """Find each heading and paragraph of the model among the PDF's lines in the text area, in order.

    `styles` is nenpo's Styles (for each paragraph style's alignment and indent). A block is looked
    for from the line after the last block found, up to `window` rows on; one not found is listed
    in `unmatched` and the search goes on from the same place."""
    pages = [Page(p.number, p.width, p.height, [line for line in p.lines if geometry.holds(line)]) for p in pages]
    rows = _rows(pages)
    cursor, blocks, unmatched, used = 0, [], [], set()
    toc_page: int | None = None
    for section in model["sections"]:
        for block in section["blocks"]:
            kind = block["type"]
            if kind == "Toc":
                title = _norm(block.get("title") or "目次")
                for i in range(cursor, min(cursor + window, len(rows))):
                    if _norm("".join(p.text for p in rows[i])) == title:
                        toc_page, cursor = rows[i][0].page, i + 1
                        break
                continue
            if kind not in ("Heading", "Paragraph"):
                continue
            name = block.get("style") or (f"Heading {min(block['level'], 3)}" if kind == "Heading" else "Normal")
            text = _norm("".join(r["text"] for r in block["inlines"]))
            if not text:
                continue
            style = styles[name] if name in styles.paragraphs else None
            for i in range(cursor, min(cursor + window, len(rows))):
                end = _match(rows, i, text)
                if end is not None:
                    lines = _with_spaces(tuple(_joined(r) for r in rows[i:end]),
                                         "".join(r["text"] for r in block["inlines"]))
                    used.update(range(i, end))
                    blocks.append(BlockLines(name, "heading" if kind == "Heading" else _kind(style), lines,
                                             bool(style and style.page_break_before)))
                    cursor = end
                    break
            else:
                unmatched.append(text[:20])
    toc_pages: set[int] = set()
    if toc_page is not None:
        after = [b.lines[0].page for b in blocks if b.lines[0].page > toc_page]
        toc_pages = set(range(toc_page, min(after) if after else toc_page + 1))
    lines = [line for b in blocks for line in b.lines] + [p for i, r in enumerate(rows) if i not in used for p in r]
    lines.sort(key=lambda line: (line.page, round(line.baseline, 1), line.x0))
    return Layout(pages, blocks, toc_pages, unmatched, lines)


# --- the measures ----------------------------------------------------------------------------

def _ends(line: Line) -> tuple[str, str]:
    text = "".join(line.text.split())
    return (text[0], text[-1]) if text else ("", "")


def kinsoku_violations(lines: Iterable[Line]) -> list[Line]:
    """Lines that start with a character that may not start one, or end with one that may not end one."""
    found = []
    for line in lines:
        first, last = _ends(line)
        if first and (first in kinsoku.NOT_STARTING or last in kinsoku.NOT_ENDING):
            found.append(line)
    return found


def is_flush(line: Line, edge: float, tolerance: float = FLUSH_TOLERANCE) -> bool:
    """Whether a justified line ends at the column's edge: its last glyph's advance ends there, or
    the glyph's blank half (、。」) stands past it, or (ぶら下げ) a 、。 hangs wholly past it."""
    _, last = _ends(line)
    blank = spacing.BLANK.get(spacing.CLASS_OF.get(last, spacing.OTHER), (0.0, 0.0))[1] * line.size
    ends = [line.x1, line.x1 - blank]
    if last in kinsoku.HANGING:
        ends.append(line.x1 - line.size)
    return any(abs(end - edge) <= tolerance for end in ends)


def justified_lines(layout: Layout, kind: str) -> list[Line]:
    """The lines of every paragraph of a kind ("paragraph", "list") but the last of each."""
    return [line for b in layout.blocks if b.kind == kind for line in b.lines[:-1]]


def pair_spans(lines: Iterable[Line]) -> list[tuple[Line, str, float]]:
    """Every two consecutive brackets or stops in the lines (、「 」、 』」 。「), with their span in em:
    the first's advance (origin to origin) plus the second's em. Each has a blank half, so the span is
    2 em when neither gives it up, and JLReq 3.1.4's 1.5 em when one of them does; whatever follows
    the pair (the line's end, another bracket) does not change it."""
    spans = []
    for line in lines:
        for a, b in zip(line.glyphs, line.glyphs[1:]):
            if a.char in PAIRED and b.char in PAIRED and not b.space_before:
                spans.append((line, a.char + b.char, (b.x - a.x) / a.size + 1.0))
    return spans


def _letter(ch: str) -> bool:
    """A full-width character that is no bracket or stop: its advance is one em, set solid."""
    return unicodedata.east_asian_width(ch) in "WF" and ch not in spacing.CLASS_OF


def gap_extras(lines: Iterable[Line]) -> list[float]:
    """The space (em) added to, or taken from, each gap between two full-width letters of the lines."""
    extras = []
    for line in lines:
        for a, b in zip(line.glyphs, line.glyphs[1:]):
            if _letter(a.char) and _letter(b.char) and not b.space_before:
                extras.append((b.x - a.x) / a.size - 1.0)
    return extras


def foot_gaps(layout: Layout, geometry: Geometry, cover: bool) -> dict[int, float]:
    """Per page, the empty lines at its foot: (bottom of the text area − last baseline) / line pitch.

    Not counted: the cover, the 目次, the last page, and a page followed by a forced page break (a
    style with page_break_before starts the next page), whose foot is meant to stay empty."""
    starts = {}
    for block in layout.blocks:
        starts.setdefault(block.lines[0].page, block)  # the first block that starts on each page
    last_page = max((p.number for p in layout.pages), default=0)
    gaps = {}
    for page in layout.pages:
        lines = [line for line in layout.lines if line.page == page.number]
        if not lines or page.number in layout.toc_pages or (cover and page.number == 1) or page.number == last_page:
            continue
        following = starts.get(page.number + 1)
        if following is not None and following.forced_break:
            first_line = min((line for line in layout.lines if line.page == page.number + 1),
                             key=lambda line: line.baseline, default=None)
            if first_line is following.lines[0] or (first_line is not None
                                                    and abs(first_line.baseline - following.lines[0].baseline) < 0.5):
                continue
        gaps[page.number] = (geometry.bottom - max(line.baseline for line in lines)) / geometry.pitch
    return gaps


@dataclass(frozen=True)
class Measures:
    """What one PDF shows: the counts and spreads issue 15 compares."""

    lines: int
    kinsoku: list[Line]
    paragraph_lines: int
    paragraph_not_flush: list[Line]
    list_lines: int
    list_not_flush: list[Line]
    pairs: int
    full_pairs: list[tuple[Line, str, float]]
    extras: list[float]
    foot: dict[int, float]
    unmatched: list[str]
    without_glyphs: int

    @property
    def extra_p95(self) -> float:
        return _percentile(self.extras, 95)

    @property
    def extra_max(self) -> float:
        return max(self.extras, default=0.0)

    @property
    def extra_min(self) -> float:
        return min(self.extras, default=0.0)

    @property
    def foot_max(self) -> float:
        return max(self.foot.values(), default=0.0)


def _percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def measure(pdf: Path, model: dict, styles: Styles) -> Measures:
    """Every measure of one PDF, set from the document `model` (the JSON of `--format model`) with
    the nenpo style sheet `styles`."""
    geometry = Geometry.of(styles)
    layout = group_lines(read_pages(pdf), model, styles, geometry)
    body = [line for line in layout.lines if line.page not in layout.toc_pages]
    paragraphs, items = justified_lines(layout, "paragraph"), justified_lines(layout, "list")
    spans = pair_spans(body)
    return Measures(
        lines=len(body),
        kinsoku=kinsoku_violations(body),
        paragraph_lines=len(paragraphs),
        paragraph_not_flush=[line for line in paragraphs if not is_flush(line, geometry.right)],
        list_lines=len(items),
        list_not_flush=[line for line in items if not is_flush(line, geometry.right)],
        pairs=len(spans),
        full_pairs=[s for s in spans if s[2] >= FULL_WIDTH_PAIR],
        extras=gap_extras(paragraphs + items),
        foot=foot_gaps(layout, geometry, bool(model["sections"]) and model["sections"][0]["kind"] == "cover"),
        unmatched=layout.unmatched,
        without_glyphs=sum(1 for line in body if not line.glyphs),
    )
