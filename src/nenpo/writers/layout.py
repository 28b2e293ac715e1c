"""What the writers share beside the document plan: the font file per role.

The decisions about the 目次, anchors, page numbering and a table's columns are the document's
(nenpo.document.plan).
"""

from __future__ import annotations

from nenpo.style import FontRole, Styles
from nenpo.writers.fonts import ResolvedFont, find_font


def resolve_fonts(styles: Styles) -> dict[FontRole, ResolvedFont]:
    """The font file for each role (明朝, ゴシック) named in the style sheet."""
    here = [styles.source.parent]
    return {
        "mincho": find_font(styles.fonts.mincho, here, styles.locate("fonts", "mincho")),
        "gothic": find_font(styles.fonts.gothic, here, styles.locate("fonts", "gothic")),
    }
