"""Break a paragraph into lines the JLReq way, and place its glyph runs for drawing.

Why not reportlab's own CJK wrapping: it walks the text a character at a time through its generic
fragment code, knows a short kinsoku list, and neither compresses punctuation (追い込み) nor keeps
Latin words solid when it justifies. Here the whole paragraph is one string with one width per
character (from a per-(font, character) cache); prefix sums give any stretch's width at once; and
the greedy pass looks only at the few characters around each line end. The cost is a handful of
C-level passes over the text plus a little Python per line.

How a line end is chosen, with p the first character that does not fit:
1. a break before p is allowed (`kinsoku.can_break_between`; spaces break and vanish) → break there;
2. otherwise p may not start a line, or p is inside a word, number, URL or ——:
   a. ぶら下げ, if asked: p is 、。，． and may end the line → it hangs past the edge;
   b. 追い込み (justified text only): the next allowed break still fits if the brackets, stops and
      middle dots on the line give up some of their blank half → they do, in proportion (the line's
      first glyph keeps its left side and its last its right side, so the edges stay exact);
   c. 追い出し: break at the last allowed place before p;
   d. no allowed place at all (one unit longer than the line): break inside it as late as possible,
      preferring a place only the word rule forbids, and mark the line `emergency`.
A justified line is then spread over its gaps (両端揃え); Latin words and —— are never letter-spaced,
their gaps go around them. The last line of a paragraph, and a line ended by "\\n", are not spread.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate, pairwise
from typing import Final, Literal

from nenpo.typeset import kinsoku

Align = Literal["justify", "left", "center", "right"]
Measure = Callable[[str, str], float]
"""measure(font, character) → the character's advance width in em (its width at size 1)."""

ALIGNS: Final = frozenset(("justify", "left", "center", "right"))
EPSILON: Final = 1e-6
FULL_WIDTH: Final = 0.99
"""A glyph at least this many em wide is full-width: its blank half may be compressed."""

_NOT_STARTING = kinsoku.NOT_STARTING
_NOT_ENDING = kinsoku.NOT_ENDING
_SPACES = kinsoku.SPACES
_HANGING = kinsoku.HANGING
_COMPRESSIBLE = kinsoku.COMPRESSIBLE
_can_break_between = kinsoku.can_break_between

# How a line was ended; decides how it is spread.
_EXPAND, _HANG, _COMPRESS, _EMERGENCY = range(4)


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text in one font and size. `font` is the caller's key, handed back to `measure`."""

    text: str
    font: str
    size: float


@dataclass(frozen=True, slots=True)
class Segment:
    """Glyphs drawn in one go: from `x` points right of the column's left edge, with `char_space`
    points added after every character (PDF Tc), which is how justification widens its gaps."""

    text: str
    font: str
    size: float
    x: float
    char_space: float = 0.0


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a paragraph, ready to draw.

    `start`/`end` are offsets into the paragraph's text (all runs joined); spaces dropped at a break
    and "\\n" lie between lines. `left` is where the line box begins (the first-line indent, else 0)
    and `available` its width, so a justified line's glyphs end exactly at `left + available`.
    `width` is the natural width of the line's text. `hang` is how far a hanging 、。 reaches past the
    line's end. `final` marks the last line of the paragraph or of a "\\n"-ended block.
    `emergency` marks a line ended inside an unbreakable unit because the unit is wider than a line.
    """

    segments: tuple[Segment, ...]
    start: int
    end: int
    left: float
    available: float
    width: float
    justified: bool
    hang: float = 0.0
    final: bool = False
    emergency: bool = False

    @property
    def text(self) -> str:
        """The characters on the line."""
        return "".join(segment.text for segment in self.segments)


class Metrics:
    """Advance widths per (font, character), asked of `measure` once each and kept for later paragraphs.

    Keep one per document (or per font set): building it per paragraph throws the cache away.
    """

    __slots__ = ("_em", "_measure", "_points")

    def __init__(self, measure: Measure) -> None:
        self._measure = measure
        self._em: dict[str, dict[str, float]] = {}
        self._points: dict[tuple[str, float], dict[str, float]] = {}

    def em(self, font: str, ch: str) -> float:
        """The advance width of `ch` in `font`, in em."""
        table = self._em.get(font)
        if table is None:
            table = self._em[font] = {"\n": 0.0}
        width = table.get(ch)
        if width is None:
            width = table[ch] = float(self._measure(font, ch))
        return width

    def points(self, font: str, size: float, text: str) -> list[float]:
        """The advance width of every character of `text` in `font` at `size`, in points."""
        table = self._points.get((font, size))
        if table is None:
            table = self._points[(font, size)] = {}
        try:
            return list(map(table.__getitem__, text))
        except KeyError:
            for ch in set(text).difference(table):
                table[ch] = self.em(font, ch) * size
            return list(map(table.__getitem__, text))


def break_lines(
    runs: Sequence[Run],
    width: float | Sequence[float],
    metrics: Metrics | Measure,
    *,
    first_indent: float = 0.0,
    align: Align = "justify",
    hanging: bool = False,
    latin_spacing: float = 0.0,
) -> list[Line]:
    """Break a paragraph into lines and position its glyphs.

    `width` is the column width in points, or one width per line (the last repeats). The first line
    starts `first_indent` points in and is that much shorter. `align` places lines: "justify" spreads
    every line but the last flush to both edges. `hanging` lets 、。，． hang past the right edge
    (justify and left only) instead of being pushed in or out. `latin_spacing` is the space in em
    put between Japanese letters and Latin letters or digits (JLReq suggests 0.25). A "\\n" in a run
    ends a line there. Pass a shared `Metrics` so every character is measured once per document.
    """
    if align not in ALIGNS:
        raise ValueError(f"align must be one of {sorted(ALIGNS)}, not {align!r}")
    widths = (float(width),) if isinstance(width, (int, float)) else tuple(float(w) for w in width)
    if not widths:
        raise ValueError("width: give at least one line width")
    if not isinstance(metrics, Metrics):
        metrics = Metrics(metrics)
    composer = _Composer(runs, metrics, widths, float(first_indent), align, hanging, float(latin_spacing))
    return composer.compose()


class _Composer:
    """One paragraph being broken: its text, widths and prefix sums, and the style asked for."""

    __slots__ = (
        "align",
        "cum",
        "first_indent",
        "hanging",
        "run_starts",
        "runs",
        "spacing",
        "spacing_at",
        "text",
        "w",
        "widths",
    )

    def __init__(
        self, runs: Sequence[Run], metrics: Metrics, widths: tuple[float, ...], first_indent: float,
        align: str, hanging: bool, latin_spacing: float,
    ) -> None:
        self.runs = [run for run in runs if run.text]
        self.text = text = "".join(run.text for run in self.runs)
        self.run_starts: list[int] = []
        w: list[float] = []
        for run in self.runs:
            self.run_starts.append(len(w))
            w += metrics.points(run.font, run.size, run.text)
        self.w = w
        self.spacing: dict[int, float] = {}
        folded = w
        if latin_spacing and text:
            japanese = kinsoku.JAPANESE_LETTER
            for match in kinsoku.JAPANESE_LATIN_BOUNDARY.finditer(text):
                j = match.start()
                side = j - 1 if japanese.match(text, j - 1) else j
                self.spacing[j] = latin_spacing * self.size_at(side)
            if self.spacing:
                folded = w.copy()
                for j, extra in self.spacing.items():
                    folded[j - 1] += extra  # a boundary's space rides on the character before it
        self.spacing_at = sorted(self.spacing)
        self.cum = list(accumulate(folded, initial=0.0))
        self.widths = widths
        self.first_indent = first_indent
        self.align = align
        self.hanging = hanging and align in ("justify", "left")

    # --- measuring -----------------------------------------------------------------------------

    def size_at(self, i: int) -> float:
        """The font size of character i."""
        return self.runs[bisect_right(self.run_starts, i) - 1].size

    def natural(self, a: int, b: int) -> float:
        """The natural width of text[a:b], with the 和欧間 spaces inside it, not those at its ends."""
        if b <= a:
            return 0.0
        return self.cum[b] - self.cum[a] - self.spacing.get(b, 0.0)

    def available(self, k: int) -> float:
        """The width of line k (0-based)."""
        width = self.widths[min(k, len(self.widths) - 1)]
        return width - self.first_indent if k == 0 else width

    def fit(self, s: int, hi: int, avail: float) -> int:
        """The largest p ≤ hi with text[s:p] no wider than `avail`."""
        cum = self.cum
        target = cum[s] + avail + EPSILON
        p = max(s, bisect_right(cum, target, s, hi + 1) - 1)
        if p < hi and cum[p + 1] - self.spacing.get(p + 1, 0.0) <= target:
            p += 1
        return p

    # --- break opportunities -------------------------------------------------------------------

    def rstrip(self, s: int, p: int) -> int:
        """p moved back over the spaces before it, not past s."""
        text = self.text
        while p > s and text[p - 1] in _SPACES:
            p -= 1
        return p

    def lstrip(self, p: int, hi: int) -> int:
        """p moved forward over the spaces at it, not past hi."""
        text = self.text
        while p < hi and text[p] in _SPACES:
            p += 1
        return p

    def break_ok(self, j: int, s: int, hi: int) -> bool:
        """Whether the line started at s may end before text[j] (0 < j < hi), spaces there vanishing."""
        text = self.text
        before, after = text[j - 1], text[j]
        if before not in _SPACES and after not in _SPACES:
            return _can_break_between(before, after)
        i, k = self.rstrip(s, j), self.lstrip(j, hi)
        if i == s:
            return False  # only spaces before: the line would be empty
        if k >= hi:
            return True
        return text[i - 1] not in _NOT_ENDING and text[k] not in _NOT_STARTING

    # --- composing -----------------------------------------------------------------------------

    def compose(self) -> list[Line]:
        """Every line of the paragraph, block by block ("\\n" ends a block)."""
        text, lines = self.text, []
        if not text:
            return lines
        start = 0
        while True:
            newline = text.find("\n", start)
            self.block(start, len(text) if newline < 0 else newline, lines)
            if newline < 0:
                return lines
            start = newline + 1

    def block(self, s: int, stop: int, lines: list[Line]) -> None:
        """Append the lines of text[s:stop], a stretch without "\\n"; its trailing spaces are dropped."""
        hi = self.rstrip(s, stop)
        while True:
            k = len(lines)
            avail = self.available(k)
            if self.natural(s, hi) <= avail + EPSILON:
                lines.append(self.line(s, hi, k, _EXPAND, None, final=True))
                return
            p = self.fit(s, hi, avail)
            if p > s and self.break_ok(p, s, hi):
                end, following, mode, shrinks = self.rstrip(s, p), self.lstrip(p, hi), _EXPAND, None
            else:
                end, following, mode, shrinks = self.resolve(s, p, hi, avail)
            lines.append(self.line(s, end, k, mode, shrinks, final=following >= hi))
            if following >= hi:
                return
            s = following

    def resolve(
        self, s: int, p: int, hi: int, avail: float,
    ) -> tuple[int, int, int, list[tuple[int, float, float]] | None]:
        """Where to end a line whose natural end p is no place to break: (end, next start, mode, shrinks)."""
        text = self.text
        if self.hanging and p > s and text[p] in _HANGING and (p + 1 >= hi or self.break_ok(p + 1, s, hi)):
            return p + 1, self.lstrip(p + 1, hi), _HANG, None
        if self.align == "justify":
            pushed_in = self.push_in(s, p, hi, avail)
            if pushed_in is not None:
                return pushed_in
        for j in range(p - 1, s, -1):
            if self.break_ok(j, s, hi):
                return self.rstrip(s, j), self.lstrip(j, hi), _EXPAND, None
        j = self.emergency_break(s, p)
        end = self.rstrip(s, j)
        return (end if end > s else j), self.lstrip(j, hi), _EMERGENCY, None

    def push_in(
        self, s: int, p: int, hi: int, avail: float,
    ) -> tuple[int, int, int, list[tuple[int, float, float]] | None] | None:
        """追い込み: the line up to the next allowed break, if compressing punctuation makes it fit."""
        cum, limit = self.cum, 2 * avail  # at most half of every glyph can go
        q = p + 1
        while q < hi and not self.break_ok(q, s, hi):
            q += 1
            if cum[q] - cum[s] > limit:
                return None
        end = self.rstrip(s, q)
        need = self.natural(s, end) - avail
        if need <= EPSILON:
            return end, self.lstrip(q, hi), _EXPAND, None
        shrinkable, total = self.capacity(s, end)
        if total + EPSILON < need:
            return None
        ratio = need / total
        shrinks = [(i, left * ratio, right * ratio) for i, left, right in shrinkable]
        return end, self.lstrip(q, hi), _COMPRESS, shrinks

    def capacity(self, s: int, end: int) -> tuple[list[tuple[int, float, float]], float]:
        """Blank space (points, left and right) each full-width bracket or stop in text[s:end] can give up.

        The line's first character keeps its left side and its last its right side, so the glyphs
        still meet the column edges.
        """
        text, w = self.text, self.w
        found: list[tuple[int, float, float]] = []
        total = 0.0
        for match in kinsoku.COMPRESSIBLE_CHAR.finditer(text, s, end):
            i = match.start()
            size = self.size_at(i)
            if w[i] < FULL_WIDTH * size:
                continue
            left, right = _COMPRESSIBLE[text[i]]
            left = 0.0 if i == s else left * size
            right = 0.0 if i == end - 1 else right * size
            if left or right:
                found.append((i, left, right))
                total += left + right
        return found, total

    def emergency_break(self, s: int, p: int) -> int:
        """Where to cut a unit too long for any line: as late as possible, at a place only the word or
        —— rule forbids if there is one, else anywhere; at least one character goes on the line."""
        text = self.text
        for j in range(p, s, -1):
            if text[j - 1] not in _NOT_ENDING and text[j] not in _NOT_STARTING:
                return j
        return p if p > s else s + 1

    # --- placing -------------------------------------------------------------------------------

    def line(
        self, s: int, end: int, k: int, mode: int, shrinks: list[tuple[int, float, float]] | None, *, final: bool,
    ) -> Line:
        """Line k holding text[s:end], spread or placed as `mode` and the alignment say."""
        avail, left = self.available(k), (self.first_indent if k == 0 else 0.0)
        natural = self.natural(s, end)
        hang_at = end - 1 if mode == _HANG else -1
        pieces = self.pieces(s, end, shrinks, hang_at)
        content = pieces if hang_at < 0 else pieces[:-1]
        gaps = sum(internal + trailing for _, _, _, internal, trailing in content)
        gaps -= content[-1][4] if content else 0
        shrunk = sum(a + b for _, a, b in shrinks) if shrinks else 0.0
        content_width = self.natural(s, end if hang_at < 0 else hang_at) - shrunk
        char_space, offset, justified = 0.0, 0.0, False
        if mode == _COMPRESS:
            justified = True
        elif self.align == "justify":
            slack = avail - content_width
            if not final and gaps > 0 and slack >= -EPSILON:
                char_space, justified = slack / gaps, True
            elif not final and abs(slack) <= EPSILON:
                justified = True
        elif self.align == "right":
            offset = avail - content_width
        elif self.align == "center":
            offset = (avail - content_width) / 2
        segments = self.segments(pieces, end, shrinks, hang_at, left + offset, char_space)
        hang = 0.0
        if hang_at >= 0:
            hang = max(0.0, segments[-1].x + self.w[hang_at] - (left + avail))
        return Line(
            segments=segments, start=s, end=end, left=left, available=avail, width=natural,
            justified=justified, hang=hang, final=final, emergency=mode == _EMERGENCY,
        )

    def pieces(
        self, s: int, end: int, shrinks: list[tuple[int, float, float]] | None, hang_at: int,
    ) -> list[tuple[int, int, bool, int, int]]:
        """text[s:end] cut where font, spacing, solid runs, compression or hanging change:
        (start, stop, solid, gaps inside, gap after) for each piece."""
        if end <= s:
            return []
        text, runs_at, spacing_at = self.text, self.run_starts, self.spacing_at
        cuts: set[int] = set(runs_at[bisect_right(runs_at, s):bisect_left(runs_at, end)])
        if spacing_at:
            cuts.update(spacing_at[bisect_right(spacing_at, s):bisect_left(spacing_at, end)])
        solid = [match.span() for match in kinsoku.TIGHT_RUN.finditer(text, s, end)]
        for a, b in solid:
            cuts.add(a)
            cuts.add(b)
        if shrinks:
            for i, _, _ in shrinks:
                cuts.add(i)
                cuts.add(i + 1)
        if hang_at >= 0:
            cuts.add(hang_at)
        if not cuts and not solid:
            return [(s, end, False, end - s - 1, 1)]
        cuts.discard(s)
        cuts.discard(end)
        bounds = [s, *sorted(cuts), end]
        out: list[tuple[int, int, bool, int, int]] = []
        n = 0
        for a, b in pairwise(bounds):
            while n < len(solid) and solid[n][1] <= a:
                n += 1
            if n < len(solid) and solid[n][0] <= a:
                out.append((a, b, True, 0, 1 if b == solid[n][1] else 0))
            else:
                out.append((a, b, False, b - a - 1, 1))
        return out

    def segments(
        self, pieces: list[tuple[int, int, bool, int, int]], end: int,
        shrinks: list[tuple[int, float, float]] | None, hang_at: int, x: float, char_space: float,
    ) -> tuple[Segment, ...]:
        """The pieces as segments from `x`, each gap widened by `char_space`; a hanging piece goes
        right after the content's last glyph."""
        text, runs, runs_at, spacing = self.text, self.runs, self.run_starts, self.spacing
        squeeze = {i: (left, right) for i, left, right in shrinks} if shrinks else {}
        out: list[Segment] = []
        pen = edge = x
        for a, b, solid, internal, trailing in pieces:
            run = runs[bisect_right(runs_at, a) - 1]
            if a == hang_at:
                out.append(Segment(text[a:b], run.font, run.size, edge, 0.0))
                break
            left, right = squeeze.get(a, (0.0, 0.0))
            start = pen - left
            natural = self.natural(a, b)
            space = 0.0 if solid else char_space
            out.append(Segment(text[a:b], run.font, run.size, start, space))
            edge = start + natural - right + char_space * internal
            pen = edge + char_space * trailing + (spacing.get(b, 0.0) if b < end else 0.0)
        return tuple(out)
