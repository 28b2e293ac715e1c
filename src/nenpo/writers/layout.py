"""Decisions both writers make the same way: fonts per role, page numbers, column widths.

Kept below the writers so that the PDF and the DOCX cannot drift apart.
"""

from __future__ import annotations

import unicodedata

from nenpo.document.model import Document, Inlines, Table, plain
from nenpo.errors import Location
from nenpo.style import FontRole, Styles
from nenpo.writers.fonts import ResolvedFont, find_font


def resolve_fonts(styles: Styles) -> dict[FontRole, ResolvedFont]:
    """The font file for each role (明朝, ゴシック) named in the style sheet."""
    here = [styles.source.parent]
    return {
        "mincho": find_font(styles.fonts.mincho, here, Location(styles.source, field="fonts.mincho")),
        "gothic": find_font(styles.fonts.gothic, here, Location(styles.source, field="fonts.gothic")),
    }


def page_number_parts(fmt: str) -> tuple[str, str]:
    """`- {n} -` → ("- ", " -"): the text before and after the number."""
    before, _, after = fmt.partition("{n}")
    return before, after


def displayed_page(physical: int, document: Document) -> int | None:
    """The number printed on a physical page (1-based); the cover has none and is not counted."""
    if document.has_cover:
        return None if physical == 1 else physical - 1
    return physical


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

