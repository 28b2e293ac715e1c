"""Space between punctuation marks, and the order in which a line gives space up: JLReq as data.

JLReq sets a bracket, stop, comma or middle dot as a half-width glyph plus a conditional space
(appendix B, Table 1): a half em after 」、。, a half em before 「, a quarter em on either side of
・. The fonts draw them as full-width glyphs whose blank half is that space. Set side by side as
drawn, two marks keep both blanks and span 2 em (」「, 、「, 』」, 。」); JLReq 3.1.4 keeps one half em
or none, so the pair spans 1.5 em. `PAIRS` gives, for two neighbouring classes, the space JLReq
puts between their glyphs' inked halves, as parts of (em, who owns it, squeeze stage): the line
breaker places the glyphs that far apart — the collapse is a negative adjustment between glyphs
that stay 1 em wide.

When a line must take in more than fits (追い込み), JLReq 3.8.3 (appendix D, Table 3) takes the space
back stage by stage (`SQUEEZE_ORDER`), each stage wholly before the next, its places shrinking
together in proportion to their size. The half em after a full stop inside a line is never taken.

The classes are JLReq's cl-01 … cl-14 (kinsoku.py holds their members); a mark counts only when
its glyph is full-width. Every other character (kana, kanji, Latin letters, digits, ？！, the
half-width ( ) a secretariat types) is `OTHER`, with no conditional space of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

from nenpo.typeset import kinsoku

OTHER: Final = 0
OPENING: Final = 1  # cl-01 「（【『〔“
CLOSING: Final = 2  # cl-02 」）】』〕”
MIDDLE_DOT: Final = 5  # cl-05 ・：；
FULL_STOP: Final = 6  # cl-06 。．
COMMA: Final = 7  # cl-07 、，
IDEOGRAPHIC_SPACE: Final = 14  # cl-14 U+3000

CLASS_OF: Final[Mapping[str, int]] = {
    **{ch: OPENING for ch in kinsoku.OPENING_BRACKETS},
    **{ch: CLOSING for ch in kinsoku.CLOSING_BRACKETS},
    **{ch: MIDDLE_DOT for ch in kinsoku.MIDDLE_DOTS},
    **{ch: FULL_STOP for ch in kinsoku.FULL_STOPS},
    **{ch: COMMA for ch in kinsoku.COMMAS},
    kinsoku.IDEOGRAPHIC_SPACE: IDEOGRAPHIC_SPACE,
}
"""The spacing class of each full-width punctuation mark (and the ideographic space)."""

BLANK: Final[Mapping[int, tuple[float, float]]] = {
    OPENING: (0.5, 0.0),
    CLOSING: (0.0, 0.5),
    MIDDLE_DOT: (0.25, 0.25),
    FULL_STOP: (0.0, 0.5),
    COMMA: (0.0, 0.5),
}
"""The blank (em, left and right) a full-width glyph of the class draws around its inked half."""

Owner = Literal["before", "after"]
RIGID: Final = 0
"""The stage of a space that is never squeezed (the half em after a full stop inside a line)."""


@dataclass(frozen=True, slots=True)
class Part:
    """Part of the space between two glyphs: `em` of the size of the glyph that owns it (the one
    before or after), given up at squeeze stage `stage` (RIGID: never)."""

    em: float
    owner: Owner
    stage: int


def _half_after(stage: int) -> tuple[Part, ...]:
    return (Part(0.5, "before", stage),)


_HALF_BEFORE = (Part(0.5, "after", 5),)  # before an opening bracket
_DOT_BEFORE = (Part(0.25, "before", 4),)  # a middle dot's own quarter on its right
_DOT_AFTER = (Part(0.25, "after", 4),)  # a middle dot's own quarter on its left
_SOLID: tuple[Part, ...] = ()

PAIRS: Final[Mapping[tuple[int, int], tuple[Part, ...]]] = {
    # after an opening bracket: solid, except a middle dot keeps its quarter
    (OPENING, OPENING): _SOLID, (OPENING, CLOSING): _SOLID, (OPENING, MIDDLE_DOT): _DOT_AFTER,
    (OPENING, FULL_STOP): _SOLID, (OPENING, COMMA): _SOLID, (OPENING, IDEOGRAPHIC_SPACE): _SOLID,
    (OPENING, OTHER): _SOLID,
    # after a closing bracket: its half em, which stands for the next opening bracket's too;
    # nothing before another closing mark; a middle dot's quarter replaces it
    (CLOSING, OPENING): _half_after(5), (CLOSING, CLOSING): _SOLID, (CLOSING, MIDDLE_DOT): _DOT_AFTER,
    (CLOSING, FULL_STOP): _SOLID, (CLOSING, COMMA): _SOLID, (CLOSING, IDEOGRAPHIC_SPACE): _SOLID,
    (CLOSING, OTHER): _half_after(5),
    # around a middle dot: its quarters (two dots: a quarter each)
    (MIDDLE_DOT, OPENING): _DOT_BEFORE, (MIDDLE_DOT, CLOSING): _DOT_BEFORE,
    (MIDDLE_DOT, MIDDLE_DOT): (*_DOT_BEFORE, *_DOT_AFTER), (MIDDLE_DOT, FULL_STOP): _DOT_BEFORE,
    (MIDDLE_DOT, COMMA): _DOT_BEFORE, (MIDDLE_DOT, IDEOGRAPHIC_SPACE): _DOT_BEFORE,
    (MIDDLE_DOT, OTHER): _DOT_BEFORE,
    # after a full stop: its half em, never squeezed inside a line (JLReq 3.1.4)
    (FULL_STOP, OPENING): _half_after(RIGID), (FULL_STOP, CLOSING): _SOLID,
    (FULL_STOP, MIDDLE_DOT): (*_half_after(RIGID), *_DOT_AFTER), (FULL_STOP, FULL_STOP): _SOLID,
    (FULL_STOP, COMMA): _SOLID, (FULL_STOP, IDEOGRAPHIC_SPACE): _half_after(RIGID),
    (FULL_STOP, OTHER): _half_after(RIGID),
    # after a comma: its half em, squeezed like a closing bracket's
    (COMMA, OPENING): _half_after(5), (COMMA, CLOSING): _SOLID, (COMMA, MIDDLE_DOT): (*_half_after(5), *_DOT_AFTER),
    (COMMA, FULL_STOP): _SOLID, (COMMA, COMMA): _SOLID, (COMMA, IDEOGRAPHIC_SPACE): _half_after(5),
    (COMMA, OTHER): _half_after(5),
    # after an ideographic space: it is the space, so an opening bracket gives up its own
    (IDEOGRAPHIC_SPACE, OPENING): _SOLID, (IDEOGRAPHIC_SPACE, MIDDLE_DOT): _DOT_AFTER,
    # after anything else: the next mark's own space
    (OTHER, OPENING): _HALF_BEFORE, (OTHER, MIDDLE_DOT): _DOT_AFTER,
}
"""JLReq Table 1 (space between glyphs, em) with Table 3's squeeze stage for each part, for two
neighbouring classes; a pair not listed has no space between its glyphs."""

LINE_HEAD_OPENING: Final = 0.0
"""Space before an opening bracket at the head of a line, em (JLReq B.2 note 17: none). With the
paragraph indent of one em this is JLReq 3.1.5 pattern ①, as JIS X 4051 and jlreq set it: the
bracket's ink starts at the indent on a paragraph's first line and at the margin on every other."""

LINE_END: Final[Mapping[int, tuple[float, int]]] = {
    CLOSING: (0.5, 2),
    FULL_STOP: (0.5, 2),
    COMMA: (0.5, 2),
    MIDDLE_DOT: (0.25, 3),
}
"""Space after a mark that ends a line (em, squeeze stage; JLReq 3.1.9): kept, else given up whole."""


@dataclass(frozen=True, slots=True)
class Stage:
    """One step of 追い込み: which space gives way, down to what, and whether only all of it can go."""

    number: int
    what: str
    whole: bool = False


SQUEEZE_ORDER: Final = (
    Stage(1, "欧文間隔 (Western word spaces), down to WORD_SPACE_MIN"),
    Stage(2, "the half em after a line-end closing bracket, full stop or comma", whole=True),
    Stage(3, "the quarters around a line-end middle dot", whole=True),
    Stage(4, "the quarters around middle dots"),
    Stage(5, "the half em after closing brackets and commas and before opening brackets"),
    Stage(6, "和欧間 (between Japanese and Latin letters or digits), down to LATIN_SPACING_MIN"),
)
"""JLReq 3.8.3 in order: a stage is used up before the next is touched; within a stage every place
gives the same share of its size; a `whole` stage gives all or nothing (JLReq 3.1.9)."""

EXPAND_ORDER: Final = (
    Stage(1, "欧文間隔 (Western word spaces), up to WORD_SPACE_MAX"),
    Stage(6, "和欧間 (between Japanese and Latin letters or digits), up to LATIN_SPACING_MAX"),
)
"""JLReq 3.8.3's order for spreading a justified line that falls short: the spaces around Latin text
widen first, each stage up to its maximum and every place by the same share; only what is left goes
into the gaps between letters (字間), evenly, so kana and kanji stay solid where Latin text can take it."""

WORD_SPACE_MAX: Final = 0.5
"""A Western word space widened at stage 1 grows to at most this, em (JLReq 3.8.3)."""
LATIN_SPACING_MAX: Final = 0.5
"""A 和欧間 widened at stage 6 grows to at most this, em (JLReq 3.8.3)."""

WORD_SPACE_MIN: Final = 0.25
"""A Western word space squeezed at stage 1 keeps this much, em (JLReq 3.8.3)."""
LATIN_SPACING_MIN: Final = 0.5
"""A 和欧間 squeezed at stage 6 keeps this share of itself (¼ em → ⅛ em, JLReq Table 3)."""

SHORT_LAST_LINE: Final = 3
"""A paragraph's last line of at most this many characters (「た。」) is pulled back into the lines
before it when 追い込み within the stages above can take it in."""
PULL_BACK_LINES: Final = 2
"""How many lines before a short last line may share the squeeze that pulls it back."""
PULL_BACK_SHARE: Final = 0.5
"""The pull-back is a small squeeze: each place gives at most this share of its space (a comma
keeps at least a quarter em), except the line-end mark's half em, which goes whole or not at all…"""
PULL_BACK_MAX: Final = 2.0
"""…and no line gives up more than this many em for it."""


def parts(before: int, after: int) -> tuple[Part, ...]:
    """The space between glyphs of classes `before` and `after` (JLReq Table 1)."""
    return PAIRS.get((before, after), _SOLID)


def adjustment(before: int, after: int) -> float:
    """How far (em) the glyphs of two neighbouring classes move from where their full-width boxes
    put them: the space JLReq wants minus the blanks the two glyphs draw; 0 or negative."""
    wanted = sum(part.em for part in parts(before, after))
    return wanted - BLANK.get(before, (0.0, 0.0))[1] - BLANK.get(after, (0.0, 0.0))[0]
