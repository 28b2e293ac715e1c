"""What the writers share beside the document plan: the font file per role, and the printed width
of a text in a paragraph style.

The decisions about the 目次, anchors, page numbering and a table's columns are the document's
(nenpo.document.plan).
"""

from __future__ import annotations

from nenpo.document.model import EMPHASIS_FONT
from nenpo.document.plan import TextWidth
from nenpo.errors import Location
from nenpo.style import FontRole, Styles
from nenpo.typeset import Metrics, Run, break_lines
from nenpo.writers.fonts import ResolvedFont, find_first

#: Wider than any text a width is asked of: the text is set on one line at its natural width.
_UNBOUNDED = 1e9


def resolve_fonts(styles: Styles) -> dict[FontRole, ResolvedFont]:
    """The font file for each role (明朝, ゴシック) named in the style sheet: of a list, the first
    one found (a problem names the line of style.yaml that lists it)."""
    return {role: find_first(font_candidates(styles, role), [styles.source.parent], styles.locate("fonts", role))
            for role in ("mincho", "gothic")}


def font_candidates(styles: Styles, role: FontRole) -> list[tuple[str, Location]]:
    """The fonts a style lists for a role, each with the line of style.yaml that names it."""
    value = getattr(styles.fonts, role)
    if isinstance(value, str):
        return [(value, styles.locate("fonts", role))]
    return [(name, styles.locate("fonts", role, i)) for i, name in enumerate(value)]


def text_widths(styles: Styles, fonts: dict[FontRole, str] | None = None, metrics: Metrics | None = None) -> TextWidth:
    """The printed width of a text in a paragraph style, measured as the PDF sets it: the real
    fonts' advance widths and the line breaker's 和欧間, so that the PDF, the DOCX and the HTML
    size a table's columns alike (plan.column_widths). The PDF writer passes its own registered
    fonts and metrics cache; the others get them here (reportlab reads the TrueType widths)."""
    if fonts is None or metrics is None:
        from nenpo.writers.pdf import register_fonts  # reportlab, only for a document with tables
        from nenpo.writers.pdf_text import pdf_metrics

        fonts, metrics = register_fonts(styles), pdf_metrics()
    known, widths = fonts, metrics

    def width(text: str, style_name: str, bold: bool) -> float:
        style = styles[style_name]
        font = known[EMPHASIS_FONT if bold else style.font]
        lines = break_lines([Run(text, font, style.size)], _UNBOUNDED, widths, align="left",
                            latin_spacing=style.latin_spacing)
        return max((line.width for line in lines), default=0.0)

    return width
