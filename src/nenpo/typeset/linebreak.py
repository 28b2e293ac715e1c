"""Break a paragraph into lines the JLReq way, and place its glyph runs for drawing.

Why not reportlab's own CJK wrapping: it walks the text a character at a time through its generic
fragment code, knows a short kinsoku list, and neither compresses punctuation (追い込み) nor keeps
Latin words solid when it justifies. Here the whole paragraph is one string with one width per
character (from a per-(font, character) cache); prefix sums give any stretch's width at once; and
the greedy pass looks only at the few characters around each line end. The cost is a handful of
C-level passes over the text plus a little Python per line.

Spacing (`spacing.py` holds the rules as data): glyphs stay as wide as the font draws them; where
two punctuation marks meet (」「, 、「, 』」) the glyph after moves back over the blank half of the one
before (JLReq 3.1.4), and a 和欧間 space moves it on. Such a space belongs to its boundary and
vanishes when a line breaks there. A line that starts with an opening bracket sets it flush, its
blank half outside the line (JLReq 3.1.5, B.2 note 17).

How a line end is chosen, with p the first character that does not fit:
1. a break before p is allowed (`kinsoku.can_break_between`; spaces break and vanish) → break there;
2. otherwise p may not start a line, or p is inside a word, number, URL or ——:
   a. ぶら下げ, if asked: p is 、。，． and may end the line → it hangs past the edge;
   b. 追い込み (justified text only): the next allowed break still fits if the line gives up space
      in JLReq 3.8.3's order (`spacing.SQUEEZE_ORDER`: word spaces, the line-end mark's half em,
      middle dots' quarters, brackets' and commas' halves, 和欧間; never a full stop's) → it does;
   c. 追い出し: break at the last allowed place before p;
   d. no allowed place at all (one unit longer than the line): break inside it as late as possible,
      preferring a place only the word rule forbids, and mark the line `emergency`.
A justified line is then spread over its gaps (両端揃え); Latin words and —— are never letter-spaced,
their gaps go around them. The last line of a paragraph, and a line ended by "\\n", are not spread.
A last line of a few characters (「た。」) is pulled back by 追い込み of the lines before it when the
same order of squeezing can take it in (`spacing.SHORT_LAST_LINE`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate, pairwise
from typing import Final, Literal

from nenpo.typeset import kinsoku, spacing

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
_can_break_between = kinsoku.can_break_between
_CLASS_OF = spacing.CLASS_OF
_BLANK = spacing.BLANK
_MARK = re.compile(f"[{re.escape(''.join(sorted(_CLASS_OF)))}]")
_WORD_SPACE = re.compile("[ \t]")

_CLASSES = (spacing.OTHER, *sorted(set(_CLASS_OF.values())))
_PAIR_EM: Final = {
    (a, b): (
        spacing.adjustment(a, b),
        tuple((part.stage, part.em) for part in spacing.parts(a, b) if part.stage != spacing.RIGID),
    )
    for a in _CLASSES for b in _CLASSES
}
"""For two neighbouring classes at one size: the offset from the drawn blanks, and the squeezable
parts (stage, em) — JLReq's table read once."""

# How a line was ended; decides how it is spread.
_EXPAND, _HANG, _COMPRESS, _EMERGENCY = range(4)
_END = -1
"""Where a squeeze plan keeps what the line's last glyph gives up after itself."""


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
    line's end. `head` is the blank half of a line-initial opening bracket, set left of `left` so
    that the bracket's ink starts at the edge; `tail` the blank half of a line-final 」。、 that
    追い込み gave up, which passes the right edge (the ink ends there). `final` marks the last line
    of the paragraph or of a "\\n"-ended block. `emergency` marks a line ended inside an unbreakable
    unit because the unit is wider than a line.
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
    head: float = 0.0
    tail: float = 0.0

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


@dataclass(frozen=True, slots=True)
class _Plan:
    """How a squeezed line gives up space: points taken at boundaries (j: between text[j-1] and
    text[j]) and after the line's last glyph (`tail`)."""

    taken: dict[int, float]
    tail: float


_LineSpec = tuple[int, int, int, int, "_Plan | None", bool]
"""A line to make: (start, end, index, mode, squeeze plan, final)."""


class _Composer:
    """One paragraph being broken: its text, widths and prefix sums, its spacing, and the style asked for."""

    __slots__ = (
        "align",
        "cum",
        "first_indent",
        "hanging",
        "kind",
        "latin",
        "one_size",
        "run_starts",
        "runs",
        "site_at",
        "sites",
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
        self.text = "".join(run.text for run in self.runs)
        self.run_starts: list[int] = []
        w: list[float] = []
        for run in self.runs:
            self.run_starts.append(len(w))
            w += metrics.points(run.font, run.size, run.text)
        self.w = w
        sizes = {run.size for run in self.runs}
        self.one_size = sizes.pop() if len(sizes) == 1 else 0.0
        self.spacing: dict[int, float] = {}
        """Boundary j → points added between text[j-1] and text[j] (negative where marks meet)."""
        self.sites: dict[int, list[tuple[int, float]]] = {}
        """Boundary j → (squeeze stage, points it may give up) for the space there."""
        self.latin: set[int] = set()
        """Boundaries j where Japanese meets Latin text (和欧間), for widening a line that falls short."""
        self.kind: dict[int, int] = {}
        """Character index → its spacing class, for full-width punctuation marks."""
        if self.text:
            self.mark_punctuation()
            self.add_latin_spacing(latin_spacing)
            self.add_word_spaces()
        folded = w
        if self.spacing:
            folded = w.copy()
            for j, extra in self.spacing.items():
                folded[j - 1] += extra  # a boundary's space rides on the character before it
        self.spacing_at = sorted(self.spacing)
        self.site_at = sorted(self.sites)
        self.cum = list(accumulate(folded, initial=0.0))
        self.widths = widths
        self.first_indent = first_indent
        self.align = align
        self.hanging = hanging and align in ("justify", "left")

    # --- spacing -------------------------------------------------------------------------------

    def mark_punctuation(self) -> None:
        """Classify the full-width marks and set the space JLReq wants on both sides of each."""
        text, w, kind, size = self.text, self.w, self.kind, self.one_size
        for match in _MARK.finditer(text):
            i = match.start()
            if w[i] >= FULL_WIDTH * (size or self.size_at(i)):
                kind[i] = _CLASS_OF[text[i]]
        if not kind:
            return
        n, boundaries = len(text), set()
        for i in kind:
            if i > 0 and text[i - 1] != "\n":
                boundaries.add(i)
            if i + 1 < n and text[i + 1] != "\n":
                boundaries.add(i + 1)
        if not size:
            for j in boundaries:
                self.set_pair(j)
            return
        spaces, sites, get = self.spacing, self.sites, kind.get
        for j in boundaries:  # one size, the usual case: JLReq's table in em, scaled (and first here)
            offset, stages = _PAIR_EM[get(j - 1, 0), get(j, 0)]
            if offset:
                spaces[j] = offset * size
            if stages:
                sites[j] = [(stage, em * size) for stage, em in stages]

    def set_pair(self, j: int) -> None:
        """The space between text[j-1] and text[j] from JLReq's table, as an offset from the blanks
        their glyphs draw, and the parts of it that 追い込み may take: for a paragraph of several
        sizes, where each part is an em of the glyph that owns it."""
        kind = self.kind
        pair = kind.get(j - 1, spacing.OTHER), kind.get(j, spacing.OTHER)
        size_before, size_after = self.size_at(j - 1), self.size_at(j)
        wanted, sites = 0.0, []
        for part in spacing.parts(*pair):
            points = part.em * (size_before if part.owner == "before" else size_after)
            wanted += points
            if part.stage != spacing.RIGID:
                sites.append((part.stage, points))
        before, after = pair
        drawn = _BLANK.get(before, (0.0, 0.0))[1] * size_before + _BLANK.get(after, (0.0, 0.0))[0] * size_after
        if abs(wanted - drawn) > EPSILON:
            self.spacing[j] = self.spacing.get(j, 0.0) + wanted - drawn
        if sites:
            self.sites.setdefault(j, []).extend(sites)

    def add_latin_spacing(self, latin_spacing: float) -> None:
        """和欧間: `latin_spacing` em where Japanese letters meet Latin letters or digits (stage 6)."""
        if not latin_spacing:
            return
        text, japanese = self.text, kinsoku.JAPANESE_LETTER
        for match in kinsoku.JAPANESE_LATIN_BOUNDARY.finditer(text):
            j = match.start()
            side = j - 1 if japanese.match(text, j - 1) else j
            extra = latin_spacing * self.size_at(side)
            self.spacing[j] = self.spacing.get(j, 0.0) + extra
            self.sites.setdefault(j, []).append((6, extra * (1 - spacing.LATIN_SPACING_MIN)))
            self.latin.add(j)

    def add_word_spaces(self) -> None:
        """Western word spaces wider than the minimum may give up the rest (stage 1)."""
        text, w = self.text, self.w
        for match in _WORD_SPACE.finditer(text):
            i = match.start()
            spare = w[i] - spacing.WORD_SPACE_MIN * self.size_at(i)
            if spare > EPSILON and i > 0:  # taken before the space, so no glyph lands left of it
                self.sites.setdefault(i, []).append((1, spare))

    # --- measuring -----------------------------------------------------------------------------

    def size_at(self, i: int) -> float:
        """The font size of character i."""
        if self.one_size:
            return self.one_size
        return self.runs[bisect_right(self.run_starts, i) - 1].size

    def natural(self, a: int, b: int) -> float:
        """The natural width of text[a:b], with the spaces between its glyphs, not those at its ends."""
        if b <= a:
            return 0.0
        return self.cum[b] - self.cum[a] - self.spacing.get(b, 0.0)

    def available(self, k: int) -> float:
        """The width of line k (0-based)."""
        width = self.widths[min(k, len(self.widths) - 1)]
        return width - self.first_indent if k == 0 else width

    def head(self, s: int) -> float:
        """How much of a line starting at s lies outside it: an opening bracket's blank half."""
        if self.kind.get(s) != spacing.OPENING:
            return 0.0
        return (_BLANK[spacing.OPENING][0] - spacing.LINE_HEAD_OPENING) * self.size_at(s)

    def fit(self, s: int, hi: int, avail: float) -> int:
        """The largest p ≤ hi with text[s:p] no wider than `avail`."""
        cum, spaces = self.cum, self.spacing
        target = cum[s] + avail + EPSILON
        p = max(s, bisect_right(cum, target, s, hi + 1) - 1)
        if p < hi and cum[p + 1] - spaces.get(p + 1, 0.0) <= target:
            p += 1
        while p > s and cum[p] - spaces.get(p, 0.0) > target:
            p -= 1  # marks that meet at p overlap only while both are on the line
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
        hi, first = self.rstrip(s, stop), len(lines)
        while True:
            k = len(lines)
            avail = self.available(k) + self.head(s)
            if self.natural(s, hi) <= avail + EPSILON:
                lines.append(self.line(s, hi, k, _EXPAND, None, final=True))
                break
            p = self.fit(s, hi, avail)
            if p > s and self.break_ok(p, s, hi):
                end, following, mode, plan = self.rstrip(s, p), self.lstrip(p, hi), _EXPAND, None
            else:
                end, following, mode, plan = self.resolve(s, p, hi, avail)
            lines.append(self.line(s, end, k, mode, plan, final=following >= hi))
            if following >= hi:
                break
            s = following
        self.pull_back(lines, first, hi)

    def resolve(self, s: int, p: int, hi: int, avail: float) -> tuple[int, int, int, _Plan | None]:
        """Where to end a line whose natural end p is no place to break: (end, next start, mode, plan)."""
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

    def push_in(self, s: int, p: int, hi: int, avail: float) -> tuple[int, int, int, _Plan | None] | None:
        """追い込み: the line up to the next allowed break, if giving up space makes it fit."""
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
        plan = self.squeeze(s, end, need)
        if plan is None:
            return None
        return end, self.lstrip(q, hi), _COMPRESS, plan

    def squeeze(self, s: int, end: int, need: float, share: float = 1.0) -> _Plan | None:
        """Take `need` points out of the line text[s:end] in JLReq 3.8.3's order, or None if it cannot.

        A stage is used up before the next is touched; within one, every place gives the same share
        of what it may give (at most `share` of it). A `whole` stage (the line-end mark's half em)
        gives all or nothing, so the line may come out short: it is then spread like any justified
        line.
        """
        by_stage: dict[int, list[tuple[int, float]]] = {}
        sites = self.sites
        for j in self.site_at[bisect_right(self.site_at, s):bisect_left(self.site_at, end)]:
            for stage, points in sites[j]:
                by_stage.setdefault(stage, []).append((j, points))
        last = end - 1
        cls = self.kind.get(last)
        if cls in spacing.LINE_END:
            em, stage = spacing.LINE_END[cls]
            size = self.size_at(last)
            by_stage.setdefault(stage, []).append((_END, em * size))
            if cls == spacing.MIDDLE_DOT:  # its left quarter goes with its right one, at the same stage
                quarter = (last, _BLANK[cls][0] * size)
                if quarter in by_stage.get(4, ()):
                    by_stage[4].remove(quarter)
                    by_stage[stage].append(quarter)
        taken: dict[int, float] = {}
        tail = 0.0
        for stage in spacing.SQUEEZE_ORDER:
            items = by_stage.get(stage.number)
            if not items:
                continue
            full = sum(points for _, points in items)
            given = full if stage.whole else min(full * share, need)
            part = given / full
            for j, points in items:
                if j == _END:
                    tail += points * part
                else:
                    taken[j] = taken.get(j, 0.0) + points * part
            need -= given
            if need <= EPSILON:
                return _Plan(taken, tail)
        return None

    def emergency_break(self, s: int, p: int) -> int:
        """Where to cut a unit too long for any line: as late as possible, at a place only the word or
        —— rule forbids if there is one, else anywhere; at least one character goes on the line."""
        text = self.text
        for j in range(p, s, -1):
            if text[j - 1] not in _NOT_ENDING and text[j] not in _NOT_STARTING:
                return j
        return p if p > s else s + 1

    # --- a short last line ---------------------------------------------------------------------

    def pull_back(self, lines: list[Line], first: int, hi: int) -> None:
        """Pull a block's last line of a few characters back into the lines before it, set again
        with 追い込み, when that fits; the lines sharing the squeeze share it as evenly as they can."""
        count = len(lines) - first
        if self.align != "justify" or count < 2:
            return
        last = lines[-1]
        if len(self.text[last.start:last.end].strip(" \t")) > spacing.SHORT_LAST_LINE:
            return
        for before in range(1, min(spacing.PULL_BACK_LINES, count - 1) + 1):
            if any(line.emergency for line in lines[-1 - before:]):
                return
            k = len(lines) - 1 - before
            found = self.reset(lines[k].start, hi, k, before)
            if found is not None:
                lines[k:] = [self.line(*spec[:5], final=spec[5]) for spec in found[1]]
                return

    def reset(self, s: int, hi: int, k: int, count: int) -> tuple[float, list[_LineSpec]] | None:
        """text[s:hi] set in `count` lines from line k, squeezed as needed, the last one final:
        (the largest squeeze of a line in em, the lines to make), the way with the least such, or None.

        A line may end at its greedy end (no squeeze) or later (squeezed, by at most
        `spacing.PULL_BACK_MAX` em); ending earlier only leaves more for the lines after it.
        """
        size = self.size_at(s)
        avail = self.available(k) + self.head(s)
        if count == 1:
            need = self.natural(s, hi) - avail
            if need <= EPSILON:
                return 0.0, [(s, hi, k, _EXPAND, None, True)]
            plan = self.squeeze(s, hi, need, spacing.PULL_BACK_SHARE) if need <= spacing.PULL_BACK_MAX * size else None
            return None if plan is None else (need / size, [(s, hi, k, _COMPRESS, plan, True)])
        best: tuple[float, list[_LineSpec]] | None = None
        greedy = self.fit(s, hi, avail)
        natural_end = next((j for j in range(greedy, s, -1) if self.break_ok(j, s, hi)), None)
        for j in range(natural_end or greedy + 1, hi):
            if j != natural_end and not self.break_ok(j, s, hi):
                continue
            end, following = self.rstrip(s, j), self.lstrip(j, hi)
            need = self.natural(s, end) - avail
            if need > spacing.PULL_BACK_MAX * size:
                break
            plan = None
            if need > EPSILON:
                plan = self.squeeze(s, end, need, spacing.PULL_BACK_SHARE)
                if plan is None:
                    continue  # a longer line may end in a mark that gives more
            rest = self.reset(following, hi, k + 1, count - 1)
            if rest is None:
                continue
            score = max(need / size, rest[0])
            if best is None or score < best[0]:
                best = score, [(s, end, k, _EXPAND if plan is None else _COMPRESS, plan, False), *rest[1]]
        return best

    # --- placing -------------------------------------------------------------------------------

    def line(self, s: int, end: int, k: int, mode: int, plan: _Plan | None, *, final: bool) -> Line:
        """Line k holding text[s:end], spread or placed as `mode` and the alignment say."""
        avail, left = self.available(k), (self.first_indent if k == 0 else 0.0)
        natural = self.natural(s, end)
        head = self.head(s) if end > s else 0.0
        hang_at = end - 1 if mode == _HANG else -1
        taken = plan.taken if plan else {}
        tail = plan.tail if plan else 0.0
        pieces = self.pieces(s, end, taken, hang_at)
        content = pieces if hang_at < 0 else pieces[:-1]
        gaps = sum(internal + trailing for _, _, _, internal, trailing in content)
        gaps -= content[-1][4] if content else 0
        content_width = self.natural(s, end if hang_at < 0 else hang_at) - head - sum(taken.values()) - tail
        char_space, offset, justified = 0.0, 0.0, False
        if mode == _EXPAND and plan is None and self.align == "justify" and not final:
            widened = self.widen(s, end, avail - content_width)
            if widened:
                taken = widened
                pieces = self.pieces(s, end, taken, hang_at)
                content = pieces
                gaps = sum(internal + trailing for _, _, _, internal, trailing in content)
                gaps -= content[-1][4] if content else 0
                content_width -= sum(taken.values())
        if mode == _COMPRESS or (self.align == "justify" and not final):
            slack = avail - content_width
            if gaps > 0 and slack >= -EPSILON:
                char_space, justified = max(slack, 0.0) / gaps, True
            elif abs(slack) <= EPSILON:
                justified = True
        elif self.align == "right":
            offset = avail - content_width
        elif self.align == "center":
            slack = avail - content_width  # the ink centred, the glyphs' boxes within the line
            offset = min((slack + self.end_blank(end)) / 2, slack)
        segments = self.segments(pieces, end, taken, hang_at, left + offset - head, char_space)
        hang = 0.0
        if hang_at >= 0:
            hang = max(0.0, segments[-1].x + self.w[hang_at] - (left + avail))
        return Line(
            segments=segments, start=s, end=end, left=left, available=avail, width=natural,
            justified=justified, hang=hang, final=final, emergency=mode == _EMERGENCY, head=head, tail=tail,
        )

    def widen(self, s: int, end: int, slack: float) -> dict[int, float]:
        """Where a justified line that falls short by `slack` widens first (JLReq 3.8.3): its word
        spaces, then its 和欧間, each stage up to its maximum and every place by the same share, as
        boundary → points given (negative: room added). Empty when the line has no such places."""
        if slack <= EPSILON:
            return {}
        text, w = self.text, self.w
        stages = (
            [(i + 1, spacing.WORD_SPACE_MAX * self.size_at(i) - w[i])
             for i in range(s + 1, end - 1) if text[i] == " "],
            [(j, spacing.LATIN_SPACING_MAX * self.size_at(j) - self.spacing.get(j, 0.0))
             for j in self.latin if s < j < end],
        )
        given: dict[int, float] = {}
        for places in stages:
            room = [(j, cap) for j, cap in places if cap > EPSILON]
            total = sum(cap for _, cap in room)
            if not total:
                continue
            share = min(1.0, slack / total)
            for j, cap in room:
                given[j] = given.get(j, 0.0) - cap * share
            slack -= total * share
            if slack <= EPSILON:
                break
        return given

    def end_blank(self, end: int) -> float:
        """The blank a line-final closing bracket, stop, comma or middle dot draws after its ink."""
        cls = self.kind.get(end - 1)
        return _BLANK[cls][1] * self.size_at(end - 1) if cls in _BLANK else 0.0

    def pieces(
        self, s: int, end: int, taken: dict[int, float], hang_at: int,
    ) -> list[tuple[int, int, bool, int, int]]:
        """text[s:end] cut where font, spacing, solid runs, squeezing or hanging change:
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
        if taken:
            cuts.update(taken)
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
        self, pieces: list[tuple[int, int, bool, int, int]], end: int, taken: dict[int, float], hang_at: int,
        x: float, char_space: float,
    ) -> tuple[Segment, ...]:
        """The pieces as segments from `x`, each gap widened by `char_space` and moved by the spacing
        at its boundary (less what 追い込み took there); a hanging piece goes right after the
        content's last glyph."""
        text, runs, runs_at, spaces = self.text, self.runs, self.run_starts, self.spacing
        out: list[Segment] = []
        pen = edge = x
        for a, b, solid, internal, trailing in pieces:
            run = runs[bisect_right(runs_at, a) - 1]
            if a == hang_at:
                out.append(Segment(text[a:b], run.font, run.size, edge + spaces.get(a, 0.0), 0.0))
                break
            out.append(Segment(text[a:b], run.font, run.size, pen, 0.0 if solid else char_space))
            edge = pen + self.natural(a, b) + char_space * internal
            pen = edge + char_space * trailing
            if b < end:
                pen += spaces.get(b, 0.0) - taken.get(b, 0.0)
        return tuple(out)
