"""Decisions both writers make the same way: fonts per role, page numbers, headers, column widths.

Kept below the writers so that the PDF and the DOCX cannot drift apart.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from nenpo.document.model import Inlines, Table, plain
from nenpo.style import FontRole, Styles
from nenpo.writers.fonts import ResolvedFont, find_font


def resolve_fonts(styles: Styles) -> dict[FontRole, ResolvedFont]:
    """The font file for each role (明朝, ゴシック) named in the style sheet."""
    here = [styles.source.parent]
    return {
        "mincho": find_font(styles.fonts.mincho, here, styles.locate("fonts", "mincho")),
        "gothic": find_font(styles.fonts.gothic, here, styles.locate("fonts", "gothic")),
    }


def page_number_parts(fmt: str) -> tuple[str, str]:
    """`- {n} -` → ("- ", " -"): the text before and after the number."""
    before, _, after = fmt.partition("{n}")
    return before, after


_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def roman(n: int) -> str:
    """Lower-case roman numerals (i, ii, iv, xii), as front matter is numbered."""
    out = ""
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out += letters * count
    return out


@dataclass(frozen=True)
class PageLabels:
    """The number each physical page shows: none on the cover, and the 目次 either counted with
    the body or in roman numerals with the body starting again at 1."""

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


def header_text(fmt: str | None, title: str) -> str | None:
    """The running header (柱) of a page, from the style's format."""
    return fmt.replace("{title}", title) if fmt else None


def text_width(text: str) -> float:
    """Width in 字: full-width characters count 1, others ½."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in text)


def column_fractions(table: Table) -> list[float]:
    """Each column's share of the table width, from the longest cell, within sensible bounds."""
    columns = len(table.header) or max((len(r) for r in table.rows), default=1)

    def cell(row: tuple[Inlines, ...], i: int) -> float:
        return text_width(plain(row[i])) if i < len(row) else 0.0

    widest = [max([cell(table.header, i), *(cell(r, i) for r in table.rows)], default=1.0)
              for i in range(columns)]
    clamped = [min(max(w, 3.0), 30.0) for w in widest]
    total = sum(clamped)
    return [w / total for w in clamped]

