"""Paragraphs in the PDF, set by nenpo's own Japanese line breaker (`nenpo.typeset`).

A platypus flowable that asks `break_lines` for positioned segments and draws them: one text
object per line, each segment at its place with the character spacing that justifies it. Pages
are split between lines, never leaving one line of a paragraph alone at the foot of a page
(orphan) or at the top of the next (widow).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from nenpo.document import model as dm
from nenpo.document import plan
from nenpo.style import FontRole, ParagraphStyle
from nenpo.typeset import Line, Metrics, Run, Segment, break_lines

#: Where the baseline sits in a Japanese em box: 0.88 em below its top (0.12 em of descent).
_ASCENT = 0.88


def pdf_metrics() -> Metrics:
    """Advance widths from the registered TrueType fonts, cached per (font, character) for a document."""
    return Metrics(lambda font, ch: pdfmetrics.stringWidth(ch, font, 1.0))


@dataclass(frozen=True)
class TextSettings:
    """What every paragraph of a document shares: its fonts per role and one metrics cache."""

    fonts: dict[FontRole, str]
    metrics: Metrics


def runs_of(inlines: dm.Inlines, style: ParagraphStyle, settings: TextSettings) -> list[Run]:
    """Document runs → line-breaker runs; bold is set in ゴシック, as Japanese type has no bold 明朝."""
    regular, bold = settings.fonts[style.font], settings.fonts[dm.EMPHASIS_FONT]
    return [Run(r.text, bold if r.bold else regular, style.size) for r in inlines if r.text]


def line_operators(canvas: Canvas, segments: Sequence[Segment], left: float, baseline: float) -> str:
    """One line's text object: each segment at its place, in its font and size, with its character
    spacing; the operators ReportLab's text object writes for the same calls (beginText, then per
    segment setTextOrigin, setFont, setCharSpace, textOut), byte for byte, without its
    per-call bookkeeping, which was a third of a long PDF's drawing time.

    A font that is not a TrueType font embedded in subsets (none of nenpo's) goes through ReportLab's
    own text object."""
    doc = canvas._doc
    code = ["BT", "1 0 0 1 0 0 Tm"]
    for segment in segments:
        font = pdfmetrics.getFont(segment.font)
        if not font._dynamicFont:
            text = canvas.beginText()
            text.setTextOrigin(left + segment.x, baseline)
            text.setFont(segment.font, segment.size)
            text.setCharSpace(segment.char_space)
            text.textOut(segment.text)
            code.extend(text._code[2:])
            continue
        code.append(f"1 0 0 1 {fp_str(left + segment.x, baseline)} Tm {fp_str(segment.char_space)} Tc")
        shown, current = [], -1
        for subset, chars in font.splitString(segment.text, doc):
            if subset != current:
                shown.append(_select(canvas, font, subset, segment.size))
                current = subset
            shown.append(f"({canvas._escape(chars)}) Tj")
        code.append(" ".join(shown))
    code.append("ET")
    return " ".join(code)


def _select(canvas: Canvas, font: Any, subset: int, size: float) -> str:
    """The operators that select a font subset at a size ("/F1+3 10.5 Tf 12.6 TL"), made once per
    document: a long Japanese text switches subsets hundreds of thousands of times."""
    made: dict[tuple[str, int, float], str] = canvas.__dict__.setdefault("_nenpo_selects", {})
    key = (font.fontName, subset, size)
    if key not in made:
        made[key] = f"{font.getSubsetInternalName(subset, canvas._doc)} {fp_str(size)} Tf {fp_str(size * 1.2)} TL"
    return made[key]


class JapaneseParagraph(Flowable):
    """A paragraph in a style.yaml style, broken into lines per JLReq and split between pages."""

    def __init__(self, runs: Sequence[Run], style: ParagraphStyle, settings: TextSettings,
                 lines: list[Line] | None = None, first: bool = True):
        super().__init__()
        self.runs, self.style, self.settings = list(runs), style, settings
        self.first = first  # False for the part of a split paragraph that goes on the next page
        self._lines = lines
        self._width: float | None = None
        self._part = lines is not None  # a part of a split paragraph keeps the lines it was given
        self.keepWithNext = style.keep_with_next
        self.spaceBefore = style.space_before if first else 0.0
        self.spaceAfter = style.space_after

    # --- layout ----------------------------------------------------------------------------

    @property
    def indent(self) -> float:
        return self.style.left_indent * self.style.size

    def lines(self, width: float) -> list[Line]:
        """The paragraph's lines at a column width (kept: platypus asks several times)."""
        if self._lines is None or (self._width != width and not self._part):
            style = self.style
            self._lines = break_lines(
                self.runs, max(width - self.indent, style.size), self.settings.metrics,
                first_indent=style.first_line_indent * style.size if self.first else 0.0,
                align=style.align, hanging=style.hanging_punctuation, latin_spacing=style.latin_spacing,
            ) if self.runs else []
            self._width = width
        return self._lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = len(self.lines(availWidth)) * self.style.leading
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        lines = self.lines(availWidth)
        fit = min(int((availHeight + 1e-6) // self.style.leading), len(lines) - 1)
        if len(lines) - fit == 1:
            fit -= 1  # no widow: the last line does not go to the next page alone
        if fit < 2 and len(lines) > 1:
            return []  # no orphan: the first line does not stay behind alone; the paragraph moves on
        if fit < 1:
            return []
        head, tail = self._part_of(lines[:fit], self.first), self._part_of(lines[fit:], False)
        head.spaceAfter = 0.0
        return [head, tail]

    def _part_of(self, lines: list[Line], first: bool) -> JapaneseParagraph:
        """One part of this paragraph split between pages, holding some of its lines."""
        return JapaneseParagraph(self.runs, self.style, self.settings, lines, first)

    # --- drawing ---------------------------------------------------------------------------

    def draw(self) -> None:
        canvas, style = self.canv, self.style
        leading, left = style.leading, self.indent
        canvas.setFillColor(colors.HexColor(style.color))
        for index, line in enumerate(self.lines(self.width)):
            top = self.height - index * leading
            size = max((s.size for s in line.segments), default=style.size)
            baseline = top - (leading - size) / 2 - _ASCENT * size
            canvas._code.append(line_operators(canvas, line.segments, left, baseline))

    @property
    def plain_text(self) -> str:
        return "".join(r.text for r in self.runs)


class JapaneseHeading(JapaneseParagraph):
    """A heading that marks its anchor (`key`, a named destination) once laid out, and reports
    itself to the 目次 and the bookmarks when it has an `entry` there.

    A heading too long for what is left of a page (large type on a small page) is split like a
    paragraph; its first part is still the heading, so the 目次 and the bookmark point at it.
    """

    def __init__(self, runs: Sequence[Run], style: ParagraphStyle, settings: TextSettings, key: str,
                 entry: plan.TocEntry | None = None, lines: list[Line] | None = None):
        super().__init__(runs, style, settings, lines)
        self.key, self.entry = key, entry

    def _part_of(self, lines: list[Line], first: bool) -> JapaneseParagraph:
        if first:
            return JapaneseHeading(self.runs, self.style, self.settings, self.key, self.entry, lines)
        return super()._part_of(lines, first)


@dataclass(frozen=True)
class Leaders:
    """The 目次's dot leaders, one look for every level: the dot in one font and size, one pitch,
    and a fixed gap before the page numbers (whose column is as wide as the widest number)."""

    font: str
    size: float
    pitch: float  # from one dot to the next
    gap: float  # at least this much after the entry's text, and exactly this much before the numbers

    #: The pitch and the gaps in em of the leaders' size: a dot every half em, as Word's dot tab
    #: leader in a 明朝 whose period is half an em wide.
    PITCH_EMS = 0.5
    GAP_EMS = 0.5

    @classmethod
    def of(cls, font: str, size: float) -> Leaders:
        return cls(font, size, cls.PITCH_EMS * size, cls.GAP_EMS * size)


class TocEntry(JapaneseParagraph):
    """One line of the 目次: the heading's text, dot leaders, and its page number at the right.

    The text is set like any paragraph, in a column that stops short of the numbers; the leaders
    run from the end of its last line to the number. The number is filled in once the page the
    heading landed on is known (`label`), with the width of the widest number of the 目次
    (`number_room`). The leaders of every entry end at one x, `gap` before that column, and lie
    on one grid from there (a dot every `pitch`, in the same columns from entry to entry), starting
    at the first grid place at least `gap` after the text. An entry is not split across pages,
    unless it is taller than a whole page (`page_height`): then its last part carries the leaders
    and the number.
    """

    LEADER = "."

    def __init__(self, runs: Sequence[Run], style: ParagraphStyle, settings: TextSettings, number_width: float,
                 leaders: Leaders, page_height: float = float("inf"), lines: list[Line] | None = None,
                 first: bool = True):
        super().__init__(runs, style, settings, lines, first)
        self.number_width, self.leaders, self.page_height = number_width, leaders, page_height
        self.label = ""
        self.number_room = 0.0  # the widest page number of the 目次, known when the labels are

    @property
    def number_font(self) -> str:
        return self.settings.fonts[self.style.font]

    def label_width(self) -> float:
        return pdfmetrics.stringWidth(self.label, self.number_font, self.style.size)

    def lines(self, width: float) -> list[Line]:
        return super().lines(width - self.number_width)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        lines = self.lines(availWidth)
        if len(lines) * self.style.leading <= self.page_height:
            return []  # it fits on a page of its own: it moves there whole
        fit = min(int((availHeight + 1e-6) // self.style.leading), len(lines) - 1)
        if fit < 1:
            return []
        head = JapaneseParagraph(self.runs, self.style, self.settings, lines[:fit], self.first)
        head.spaceAfter = 0.0
        tail = TocEntry(self.runs, self.style, self.settings, self.number_width, self.leaders, self.page_height,
                        lines[fit:], False)
        tail.label, tail.number_room = self.label, self.number_room
        return [head, tail]

    def leader_places(self, text_end: float) -> list[float]:
        """The left edge of every dot, left to right, for an entry whose text ends at `text_end`."""
        leaders = self.leaders
        dot = pdfmetrics.stringWidth(self.LEADER, leaders.font, leaders.size)
        last = self.width - max(self.number_room, self.label_width()) - leaders.gap - dot
        first = text_end + leaders.gap
        if last < first:
            return []
        count = int((last - first) / leaders.pitch + 1e-6) + 1
        return [last - k * leaders.pitch for k in reversed(range(count))]

    def draw(self) -> None:
        super().draw()
        lines = self.lines(self.width)
        if not lines:
            return
        style, canvas, leaders = self.style, self.canv, self.leaders
        size = style.size
        last = lines[-1]
        end = self.indent + max((s.x + pdfmetrics.stringWidth(s.text, s.font, s.size) + s.char_space * len(s.text)
                                 for s in last.segments), default=0.0)
        baseline = self.height - (len(lines) - 1) * style.leading - (style.leading - size) / 2 - _ASCENT * size
        if places := self.leader_places(end):  # one run of dots, spaced to the pitch (Tc): one text operator
            dots = canvas.beginText(places[0], baseline)
            dots.setFont(leaders.font, leaders.size)
            dots.setCharSpace(leaders.pitch - pdfmetrics.stringWidth(self.LEADER, leaders.font, leaders.size))
            dots.textOut(self.LEADER * len(places))
            dots.setCharSpace(0)  # Tc is graphics state: it would outlive the text object and space the number
            canvas.drawText(dots)
        canvas.setFont(self.number_font, size)
        canvas.drawString(self.width - self.label_width(), baseline, self.label)
