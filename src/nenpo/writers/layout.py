"""What the writers share beside the document plan: the font file per role, and column widths.

The decisions about the 目次, anchors and page numbering are the document's (nenpo.document.plan).
"""

from __future__ import annotations

import unicodedata

from nenpo.document.model import Inlines, Table, plain
from nenpo.document.plan import page_number_parts  # noqa: F401 - the glyph check imports it from here
from nenpo.style import FontRole, Styles
from nenpo.writers.fonts import ResolvedFont, find_font


def resolve_fonts(styles: Styles) -> dict[FontRole, ResolvedFont]:
    """The font file for each role (明朝, ゴシック) named in the style sheet."""
    here = [styles.source.parent]
    return {
        "mincho": find_font(styles.fonts.mincho, here, styles.locate("fonts", "mincho")),
        "gothic": find_font(styles.fonts.gothic, here, styles.locate("fonts", "gothic")),
    }


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

