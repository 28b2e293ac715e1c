"""Decisions every writer shares, made once over the document model so the formats cannot drift.

The PDF, the DOCX and the HTML each set the 目次, mark the headings and number the pages in their own
way, but *what* they set is decided here: which headings the 目次 lists and at what depth, the one
anchor a heading has in every format (PDF named destination, DOCX bookmark, HTML id), whether a new
page starts after the cover, how each page is numbered (cover unnumbered, 目次 in roman or counted
with the body) and what the running header (柱) says; how big each picture is; and, for a table,
each column's width, each cell's alignment and how its numbers are written. The style sheet is
read for what style.yaml decides (the page number's format, roman 目次, the header, figures, the
table's `number_format` and `columns`).
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from nenpo.document.model import Document, Figure, Figures, Heading, Inlines, Run, Section, Table, Toc, plain
from nenpo.errors import NenpoError, Problem
from nenpo.messages import Text
from nenpo.style import PT_PER_MM, ColumnSpec, FiguresSpec, Styles, TableSpec

#: The deepest heading level the 目次 and the PDF's bookmarks list.
TOC_DEPTH = 2

#: What the page number and the running header are set in, relative to the Normal style's size.
HEADER_SCALE = 0.85


def anchor(number: int) -> str:
    """The anchor of the number-th heading of a document (1-based), the same in every format.

    Valid as all three need it: a Word bookmark name (a leading underscore hides it from an editor's
    bookmark list; letters, digits and `_` only, at most 40), a PDF destination and an HTML id."""
    return f"_Toc{number:06d}"


def heading_anchors(document: Document) -> dict[int, str]:
    """Every heading's anchor, keyed by the `id()` of the heading block in this document: numbered in
    document order over all headings, so an anchor stays put when the 目次 depth changes."""
    headings = [b for b in document.blocks if isinstance(b, Heading)]
    return {id(h): anchor(n) for n, h in enumerate(headings, start=1)}


@dataclass(frozen=True)
class TocEntry:
    """One line of the 目次, and one bookmark of the PDF's outline.

    `level` is the heading's level (1 to TOC_DEPTH), which names the entry's style (`TOC 1`, `TOC 2`);
    `outline_level` is its depth in a bookmark tree (0-based), which may not skip a level: a level-2
    heading with no level-1 heading before it is at the top."""

    level: int
    text: str
    anchor: str
    inlines: Inlines
    outline_level: int

    @property
    def style(self) -> str:
        return f"TOC {self.level}"


def toc_entries(document: Document) -> tuple[TocEntry, ...]:
    """The headings the 目次 lists (levels 1 to TOC_DEPTH, every section), in order, with anchors."""
    anchors = heading_anchors(document)
    entries: list[TocEntry] = []
    outline = -1
    for block in document.blocks:
        if isinstance(block, Heading) and block.level <= TOC_DEPTH:
            outline = min(block.level - 1, outline + 1)
            entries.append(TocEntry(block.level, block.text, anchors[id(block)], block.inlines, outline))
    return tuple(entries)


def has_toc(document: Document) -> bool:
    """Whether the template placed a 目次."""
    return any(isinstance(b, Toc) for b in document.blocks)


def new_page_after(section: Section) -> bool:
    """Whether a paged format starts a new page after this section: after the cover, always."""
    return section.kind == "cover"


_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def roman(n: int) -> str:
    """Lower-case roman numerals (i, ii, iv, xii), as front matter is numbered."""
    out = ""
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out += letters * count
    return out


def page_number_parts(fmt: str) -> tuple[str, str]:
    """`- {n} -` → ("- ", " -"): the text before and after the number."""
    before, _, after = fmt.partition("{n}")
    return before, after


def header_text(fmt: str | None, title: str) -> str | None:
    """The running header (柱) of a page, from the style's format."""
    return fmt.replace("{title}", title) if fmt else None


@dataclass(frozen=True)
class PageLabels:
    """The number each physical page shows: none on the cover, and the 目次 either counted with
    the body or in roman numerals with the body starting again at 1 (known once laid out)."""

    has_cover: bool
    toc_first: int | None = None  # physical page (1-based) where the 目次 starts
    toc_count: int = 0
    roman_toc: bool = False

    def label(self, physical: int) -> str | None:
        if self.has_cover and physical == 1:
            return None
        if self.roman_toc and self.toc_first is not None:
            if self.toc_first <= physical < self.toc_first + self.toc_count:
                return roman(physical - self.toc_first + 1)
            if physical >= self.toc_first + self.toc_count:
                return str(physical - (self.toc_first + self.toc_count) + 1)
        return str(physical - 1 if self.has_cover else physical)


@dataclass(frozen=True)
class PagePlan:
    """How the pages of a paged format are numbered and headed.

    The cover (when the document has one) is page 0: it shows no number and no header, and the
    body starts on the next page. With `roman_toc`, the pages up to the end of the 目次 count i, ii …
    and the body starts again at 1; otherwise every page after the cover counts on from 1."""

    cover: bool
    roman_toc: bool
    number_format: str | None
    header: str | None
    number_size: float
    header_size: float
    number_align: str = "center"
    header_align: str = "right"

    @property
    def first_number(self) -> int:
        """The number of the first physical page (the cover's 0, never shown)."""
        return 0 if self.cover else 1

    @property
    def number_parts(self) -> tuple[str, str] | None:
        """The text before and after the number at the foot, or None for no page numbers."""
        return page_number_parts(self.number_format) if self.number_format is not None else None

    def number_text(self, label: str) -> str:
        """What the foot of a page says for its label: `- 3 -`."""
        before, after = self.number_parts or ("", "")
        return f"{before}{label}{after}"

    def labels(self, toc_first: int | None = None, toc_count: int = 0) -> PageLabels:
        """The label of every physical page, once the 目次's place in the layout is known."""
        return PageLabels(self.cover, toc_first, toc_count, self.roman_toc)


def page_plan(document: Document, styles: Styles) -> PagePlan:
    """The page plan of a document under a style sheet."""
    size = styles["Normal"].size
    return PagePlan(
        cover=document.has_cover,
        roman_toc=styles.page.toc_numbering == "roman" and has_toc(document),
        number_format=styles.page.page_number,
        header=header_text(styles.page.header, document.metadata.title),
        number_size=size,
        header_size=size * HEADER_SCALE,
    )


# --- figures: photos in rows, the cover's logo ------------------------------------------------

#: Between a figure's number and its caption: 「写真1　グループワークの様子」.
LABEL_SEPARATOR = "\u3000"


@dataclass(frozen=True)
class Box:
    """The printed size of a picture, in points."""

    width: float
    height: float

    def pixels(self, dpi: int) -> tuple[int, int]:
        """The pixels a picture needs to print in this box at `dpi` (at least 1 × 1): what the
        picture is downsampled to before it is embedded."""
        return max(1, int(self.width / 72 * dpi)), max(1, int(self.height / 72 * dpi))


@dataclass(frozen=True)
class TextBlock:
    """The text area's width and place across the page (版面), the same in every format.

    A line holds a whole number of body characters (JLReq 2.4.2: the line length is a multiple of
    the character size), so that every full line of body text sets the same characters on one
    grid: the room between the style's margins, 150 mm = 40.5 characters of 10.5 pt, is cut down
    to 40 characters (420 pt), and to the characters of Word's grid (`page.grid.chars`) when that
    asks for fewer. The block is centred in the room, as jlreq and a designer's 基本版面 place
    it: each side margin grows by half of what is left over (about 0.9 mm each here)."""

    chars: int  # body characters a line holds
    width_pt: float
    left_mm: float  # the side margins, from the paper's edges
    right_mm: float

    @property
    def left_pt(self) -> float:
        return self.left_mm * PT_PER_MM

    @property
    def right_pt(self) -> float:
        return self.right_mm * PT_PER_MM


def text_block(styles: Styles) -> TextBlock:
    """The text block of a style sheet: whole body characters (the Normal style's size) a line."""
    page, size = styles.page, styles["Normal"].size
    room = page.text_width_mm * PT_PER_MM
    chars = math.floor(room / size + 1e-6)
    if page.grid is not None:
        chars = min(chars, page.grid.chars)
    if chars < 1:  # type larger than the text area (style.py refuses it): the room as it is
        return TextBlock(0, room, page.margins.left, page.margins.right)
    width = chars * size
    spare_mm = (room - width) / PT_PER_MM
    return TextBlock(chars, width, page.margins.left + spare_mm / 2, page.margins.right + spare_mm / 2)


def text_width_pt(styles: Styles) -> float:
    """The width of the text area (the column every writer sets text, tables and figures in), in
    points: whole body characters (`text_block`)."""
    return text_block(styles).width_pt


def text_height_pt(styles: Styles) -> float:
    """The height of the text area, in points."""
    return styles.page.text_height_mm * PT_PER_MM


#: The share of the text area's height a picture may take at most, whatever the style's maximum:
#: its caption (a few lines) must fit under it on the same page.
MAX_PAGE_SHARE = 0.75


def fit(width_px: int, height_px: int, max_width: float, max_height: float) -> Box:
    """A picture scaled to the largest box within `max_width` × `max_height` that keeps its aspect."""
    width_px, height_px = max(width_px, 1), max(height_px, 1)
    scale = min(max_width / width_px, max_height / height_px)
    return Box(width_px * scale, height_px * scale)


def cell_width(column_width: float, per_row: int, gap: float) -> float:
    """The width of one cell of a row of `per_row` pictures with `gap` between neighbours."""
    per_row = max(per_row, 1)
    return (column_width - (per_row - 1) * gap) / per_row


def figure_boxes(figures: Figures, column_width: float, spec: FiguresSpec,
                 text_height: float = float("inf")) -> tuple[Box, ...]:
    """The printed size of each picture of a Figures block, in points, the same in every format.

    A photo fits its cell (the column less the gaps, divided by `per_row`) and the style's maximum
    height; the logo is `logo_width_mm` wide, never wider than the column nor taller than the
    maximum height. Both keep the picture's aspect, and take at most MAX_PAGE_SHARE of the text
    area's height (`text_height`), so that a picture with its caption always fits on a page."""
    max_height = min(spec.max_height_mm * PT_PER_MM, text_height * MAX_PAGE_SHARE)
    if figures.kind == "logo":
        width = min(spec.logo_width_mm * PT_PER_MM, column_width)
        return tuple(fit(f.picture.width_px, f.picture.height_px, width, max_height) for f in figures.figures)
    cell = cell_width(column_width, figures.per_row, spec.gap_mm * PT_PER_MM)
    return tuple(fit(f.picture.width_px, f.picture.height_px, cell, max_height) for f in figures.figures)


def figure_rows(figures: Figures) -> list[tuple[int, ...]]:
    """The indexes of the pictures in each row of the grid: `per_row` to a row, the last one short
    (a logo stands alone)."""
    count = len(figures.figures)
    per_row = 1 if figures.kind == "logo" else max(figures.per_row, 1)
    return [tuple(range(start, min(start + per_row, count))) for start in range(0, count, per_row)]


def caption_inlines(figure: Figure) -> Inlines:
    """What is set under a picture: its number and its caption (「写真1　グループワークの様子」), either
    alone when the other is empty, or nothing."""
    caption = tuple(r for r in figure.caption if r.text)
    if not figure.label:
        return caption
    return (Run(figure.label), *((Run(LABEL_SEPARATOR), *caption) if caption else ()))


def caption_style(styles: Styles) -> str:
    """The paragraph style captions are set in (`figures.caption_style`), which the style sheet must
    define once a document shows a picture."""
    name = styles.figures.caption_style
    if name not in styles.paragraphs:
        raise NenpoError.single(Text("style.undefined", name=name), styles.locate("figures", "caption_style"),
                                Text("style.undefined_hint"))
    return name


# --- numbers in tables --------------------------------------------------------------------------

#: A number cell as the template writes it (records give digits; a template may group them).
_NUMBER = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_FULL_WIDTH = str.maketrans("0123456789,.-", "０１２３４５６７８９，．－")


def format_number(text: str, spec: TableSpec) -> str:
    """A number's text as the style writes it: 1,234 (半角), １，２３４ (全角) or 1234 (なし)."""
    whole, dot, fraction = text.replace(",", "").partition(".")
    sign, digits = ("-", whole[1:]) if whole.startswith("-") else ("", whole)
    grouped = digits if spec.number_format == "なし" else f"{int(digits):,}"
    result = f"{sign}{grouped}{dot}{fraction}"
    return result.translate(_FULL_WIDTH) if spec.number_format == "全角" else result


def body_cell(table: Table, row: int, column: int, spec: TableSpec) -> tuple[Inlines, str]:
    """A body cell's runs and alignment ("left", "right" or "center"), decided once for every writer:
    in a column of numbers (`----:`) a number is grouped and aligned as the style says; the total
    row is set in the emphasis face; everything else is text, left-aligned. A column's own `align`
    in the style (`table.columns`, by its heading) is that column's, numbers and text alike."""
    inlines = table.rows[row][column] if column < len(table.rows[row]) else ()
    bold = table.total and row == len(table.rows) - 1
    numbers = column < len(table.align) and table.align[column] == "right"
    own = column_spec(table, column, spec)
    text = plain(inlines)
    if numbers and _NUMBER.fullmatch(text.strip()):
        return (Run(format_number(text.strip(), spec), bold),), own.align or spec.number_align
    if bold:
        inlines = tuple(Run(r.text, True) for r in inlines)
    return inlines, own.align or "left"


def keep_whole(table: Table, spec: TableSpec) -> bool:
    """A short table (at most the style's `keep_whole_rows` body rows) is never split across pages."""
    return len(table.rows) <= spec.keep_whole_rows


# --- the columns of a table: widths and alignment ------------------------------------------------

#: The narrowest (mm) a column may get whose width the style leaves to its text, beside set ones.
MIN_COLUMN_MM = 10.0
_UNSET = ColumnSpec()


def column_count(table: Table) -> int:
    """The number of columns: the header's, or the longest row's in a table without one."""
    return len(table.header) or max((len(r) for r in table.rows), default=1)


def column_spec(table: Table, column: int, spec: TableSpec) -> ColumnSpec:
    """What style.yaml says of a column (`table.columns`, keyed by the column's heading text)."""
    if column >= len(table.header):
        return _UNSET
    return spec.columns.get(plain(table.header[column]).strip(), _UNSET)


def text_columns(text: str) -> float:
    """Width of a text in 字: full-width characters count 1, others ½."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in text)


def near_columns(document: Document, styles: Styles) -> list[Problem]:
    """Warnings for the style's columns (`table.columns`) that name no column of the document's
    tables but come close to one (`金額` where the heading is `金額(円)`): set for nothing, surely
    meant for that one. A name far from every heading is left alone: a template serves many years,
    and a table may be missing from one of them."""
    headings = sorted({plain(h).strip() for b in document.blocks if isinstance(b, Table) for h in b.header})
    found: list[Problem] = []
    for name in styles.table.columns:
        close = difflib.get_close_matches(name, headings, n=1, cutoff=0.5) if name not in headings else []
        if close:
            where = styles.lines.locate_key(("table", "columns", name))
            found.append(Problem(Text("style.column_not_found", name=name), where,
                                 Text("check.did_you_mean", close=close[0]), "warning"))
    return found


def column_shares(table: Table) -> list[float]:
    """Each column's share of the table's width by its text: the longest cell, within 3 and 30 字."""
    def cell(row: tuple[Inlines, ...], i: int) -> float:
        return text_columns(plain(row[i])) if i < len(row) else 0.0

    widest = [max([cell(table.header, i), *(cell(r, i) for r in table.rows)], default=1.0)
              for i in range(column_count(table))]
    clamped = [min(max(w, 3.0), 30.0) for w in widest]
    total = sum(clamped)
    return [w / total for w in clamped]


#: The printed width in points of a text set in a paragraph style (by name), in the style's font or,
#: `bold`, in the emphasis font, 和欧間 included. The writers measure with the real fonts
#: (writers/layout.py `text_widths`), so that every format gets the same columns.
TextWidth = Callable[[str, str, bool], float]

#: The longest token (characters) a table cell never breaks: 第1回, 中止, 2名, 1、 of 「1、2、3」.
SHORT_TOKEN = 3
#: Room (pt) beyond a short token's width, against rounding: Word keeps a cell's width in twips.
_TOKEN_SLACK = 0.5
#: Where a cell's text may be cut into tokens: white space, and after the marks that list items.
_TOKEN_END = re.compile(r"[\s\u3000]+|(?<=[、，,・])")


def short_tokens(text: str) -> list[str]:
    """The words of a cell's text of at most SHORT_TOKEN characters, which a column must hold on
    one line: the text cut at white space and after 、，,・ (the items of 「1、2、3」 are words)."""
    return [t for t in _TOKEN_END.split(text) if t and len(t) <= SHORT_TOKEN]


def estimated_width(text: str, style: str, bold: bool, styles: Styles) -> float:
    """A text's width when no font is at hand to measure it: 1 em a full-width character, ½ em
    any other (IPAex's digits are 0.62 em: an estimate, not what a writer with the fonts uses)."""
    return text_columns(text) * styles[style].size


def column_minimums(table: Table, styles: Styles, measure: TextWidth | None = None) -> list[float]:
    """Each column's narrowest width in points: its widest short token (`short_tokens`) in the
    cell's style (the header's `Table Header`, the body's `table.style`, a total row in the emphasis
    font), with the cell's padding on both sides. A column of 「第1回」 is never set 第 / 1 / 回."""
    size = measure or (lambda text, style, bold: estimated_width(text, style, bold, styles))
    columns = column_count(table)
    widest = [0.0] * columns
    for column in range(columns):
        cells: list[tuple[Inlines, str]] = []
        if column < len(table.header):
            cells.append((table.header[column], "Table Header"))
        cells += [(body_cell(table, row, column, styles.table)[0], table.style) for row in range(len(table.rows))]
        for inlines, style in cells:
            for run in inlines:
                for token in short_tokens(run.text):
                    widest[column] = max(widest[column], size(token, style, run.bold))
    return [w + 2 * styles.table.padding + _TOKEN_SLACK if w else 0.0 for w in widest]


def column_widths(table: Table, styles: Styles, measure: TextWidth | None = None) -> tuple[float, ...]:
    """Each column's width in points, the same in the PDF, the DOCX and the HTML.

    A column whose heading style.yaml names with a `width` (`table.columns`) gets that width (mm,
    or a share of the text area); the others share what is left by the length of their text, as a
    table the style says nothing about shares the whole text area, but none narrower than its
    short tokens need (`column_minimums`, measured by `measure`: the writers pass the real fonts'
    widths). A table whose every column is set is as wide as its columns. Set widths that leave the
    others less than MIN_COLUMN_MM each, or pass the text area, are an error at the style.yaml line
    of the width that passed it."""
    spec, text_mm = styles.table, text_width_pt(styles) / PT_PER_MM
    columns = column_count(table)
    set_mm = [column_spec(table, c, spec).width_on(text_mm) for c in range(columns)]
    free = [c for c in range(columns) if set_mm[c] is None]
    _check_widths(table, styles, set_mm)
    rest = max(text_mm - sum(w for w in set_mm if w is not None), len(free) * MIN_COLUMN_MM) * PT_PER_MM
    shares = column_shares(table)
    minimums = column_minimums(table, styles, measure) if free else []
    shared = _share(rest, {c: shares[c] for c in free}, {c: minimums[c] for c in free})
    return tuple(w * PT_PER_MM if w is not None else shared[c] for c, w in enumerate(set_mm))


def _share(room: float, shares: dict[int, float], minimums: dict[int, float]) -> dict[int, float]:
    """`room` shared by `shares`, each part at least its minimum: a column below its minimum gets
    it, and the others share what is left, again by their shares. Minimums that need more than
    the room shrink together (a token must break somewhere)."""
    need = sum(minimums.values())
    if need >= room:
        return {c: room * m / need for c, m in minimums.items()} if need else {c: 0.0 for c in shares}
    widths: dict[int, float] = {}
    left = dict(shares)
    while left:
        total = sum(left.values())
        rest = room - sum(widths.values())
        tentative = {c: rest * share / total for c, share in left.items()}
        short = [c for c, w in tentative.items() if w < minimums[c]]
        if not short:
            return {**widths, **tentative}
        for c in short:
            widths[c] = minimums[c]
            del left[c]
    return widths


def _check_widths(table: Table, styles: Styles, set_mm: list[float | None]) -> None:
    """The set widths of one table, and MIN_COLUMN_MM for each other column, within the room between
    the margins (the text block may be a little narrower: whole characters)."""
    text_mm = styles.page.text_width_mm
    names = [plain(h).strip() for h in table.header]
    free = [names[c] for c, width in enumerate(set_mm) if width is None]
    room = text_mm - len(free) * MIN_COLUMN_MM
    total = 0.0
    for c, width in enumerate(set_mm):
        if width is None:
            continue
        total += width
        if total > room + 1e-6:
            parts = " + ".join(f"{names[i]} {_mm(w)} mm" for i, w in enumerate(set_mm) if w is not None)
            message = Text("style.columns_too_wide", columns="・".join(names), widths=parts,
                           total=_mm(sum(w for w in set_mm if w is not None)), width=_mm(text_mm))
            hint = (Text("style.columns_too_wide_free_hint", free="・".join(free), min=_mm(MIN_COLUMN_MM)) if free
                    else Text("style.columns_too_wide_hint"))
            raise NenpoError.single(message, styles.locate("table", "columns", names[c], "width"), hint)


def _mm(value: float) -> str:
    """A length in millimetres as people write it: 25, 37.5 (to a tenth)."""
    return f"{round(value, 1):g}"
