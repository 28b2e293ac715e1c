"""禁則 (line-breaking rules) for Japanese text: the JLReq character classes, as data, in one place.

The classes are named after W3C "Requirements for Japanese Text Layout" (JLReq), appendix A
(cl-01 … cl-14), with the half-width and ASCII forms a secretariat actually types added where they
behave the same. Every other module asks this one: nothing else in the project may list brackets or
punctuation for line breaking.

The rules drawn from them:
- 行頭禁則 (JLReq 3.1.7): a line may not start with a closing bracket, hyphen, ？！, ・：；, 。．, 、，,
  an iteration mark, ー, a small kana or a postfixed abbreviation (％, ℃…): `NOT_STARTING`.
- 行末禁則 (JLReq 3.1.8): a line may not end with an opening bracket or a prefixed abbreviation
  (￥, ＄…): `NOT_ENDING`.
- 分割禁止 (JLReq 3.1.10): no break inside a Western word, a number (10.5, 1,000, 2019), a URL, or a
  run of ——, …… or ‥‥: `WESTERN` characters stick together, as do the members of an
  `INSEPARABLE_GROUPS` entry. A number and its kanji unit (2019年) may part, as Japanese allows.
- ぶら下げ (JLReq 3.8.2): only 、。，． may hang past the line end: `HANGING`.
- The space between marks, and what 追い込み (JLReq 3.8.3) may take of it, is spacing.py's, built on
  these classes.
- 和欧間 (JLReq 3.2.2): the space between Japanese and Latin letters or digits goes between a
  `JAPANESE_LETTER` and a `LATIN_ALNUM` character, not next to punctuation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Final


def _chars(*parts: str | tuple[int, int]) -> frozenset[str]:
    """A character set from literal strings and inclusive (first, last) code point ranges."""
    out: set[str] = set()
    for part in parts:
        if isinstance(part, tuple):
            out.update(chr(code) for code in range(part[0], part[1] + 1))
        else:
            out.update(part)
    return frozenset(out)


def _regex_class(ranges: Iterable[tuple[int, int]]) -> str:
    """A regex character class body for code point ranges, every end escaped as \\uXXXX or \\UXXXXXXXX."""

    def esc(code: int) -> str:
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"

    return "".join(esc(lo) if lo == hi else f"{esc(lo)}-{esc(hi)}" for lo, hi in ranges)


# --- JLReq appendix A --------------------------------------------------------------------------

OPENING_BRACKETS: Final = frozenset("‘“（〔［｛〈《「『【｟〘〖«〝")  # cl-01
CLOSING_BRACKETS: Final = frozenset("’”）〕］｝〉》」』】｠〙〗»〟")  # cl-02
HYPHENS: Final = frozenset("‐〜゠–～")  # cl-03, with U+FF5E ～ (how Windows types 〜)
DIVIDING_PUNCTUATION: Final = frozenset("？！‼⁇⁈⁉")  # cl-04
MIDDLE_DOTS: Final = frozenset("・：；")  # cl-05
FULL_STOPS: Final = frozenset("。．")  # cl-06
COMMAS: Final = frozenset("、，")  # cl-07
INSEPARABLE: Final = frozenset("—―…‥〳〴〵")  # cl-08, with U+2015 ― (JIS's dash in some mappings)
ITERATION_MARKS: Final = frozenset("ヽヾゝゞ々〻")  # cl-09
PROLONGED_SOUND_MARK: Final = frozenset("ー")  # cl-10
SMALL_KANA: Final = frozenset("ぁぃぅぇぉァィゥェォっゃゅょゎゕゖッャュョヮヵヶ") | _chars((0x31F0, 0x31FF))  # cl-11
PREFIXED_ABBREVIATIONS: Final = frozenset("￥＄￡＃€№")  # cl-12
POSTFIXED_ABBREVIATIONS: Final = frozenset(  # cl-13
    "°′″℃￠％‰㏋ℓ㌃㌍㌔㌘㌢㌣㌦㌧㌫㌶㌻㍉㍊㍍㍑㍗㎎㎏㎜㎝㎞㎡㏄"
)
IDEOGRAPHIC_SPACE: Final = "\u3000"  # cl-14: a full-width character like any other here

# --- Half-width and ASCII forms that behave like the classes above -----------------------------

HALFWIDTH_OPENING: Final = frozenset("([{｢")
HALFWIDTH_CLOSING: Final = frozenset(")]}｣")
HALFWIDTH_NOT_STARTING: Final = frozenset(",.:;?!%¢｡､･ｰｧｨｩｪｫｬｭｮｯ")
HALFWIDTH_NOT_ENDING: Final = frozenset("$£¥")

# Marks that belong to the character before them (voiced-sound marks, variation selectors incl.
# the ideographic variation sequences used in names) and joiners: never a break on either side.
COMBINING: Final = _chars("゛゜\u3099\u309a\u200d", (0x0300, 0x036F), (0xFE00, 0xFE0F), (0xE0100, 0xE01EF))
NO_BREAK: Final = frozenset("\u00a0\u2060\u202f\ufeff")

# --- The rules ---------------------------------------------------------------------------------

NOT_STARTING: Final = (
    CLOSING_BRACKETS | HYPHENS | DIVIDING_PUNCTUATION | MIDDLE_DOTS | FULL_STOPS | COMMAS
    | ITERATION_MARKS | PROLONGED_SOUND_MARK | SMALL_KANA | POSTFIXED_ABBREVIATIONS
    | HALFWIDTH_CLOSING | HALFWIDTH_NOT_STARTING | COMBINING | NO_BREAK
)
"""行頭禁則: characters that may not begin a line (JLReq 3.1.7)."""

NOT_ENDING: Final = OPENING_BRACKETS | PREFIXED_ABBREVIATIONS | HALFWIDTH_OPENING | HALFWIDTH_NOT_ENDING | NO_BREAK
"""行末禁則: characters that may not end a line (JLReq 3.1.8)."""

HANGING: Final = FULL_STOPS | COMMAS
"""ぶら下げ: the only characters that may hang past the end of a line."""

SPACES: Final = frozenset(" \t")
"""Western word spaces: a line may break at them, and they vanish at the break."""

INSEPARABLE_GROUPS: Final = ("—―", "…‥", "〳〴〵")
"""cl-08 characters that may not be parted from a neighbour of the same group (——, ……)."""

_GROUP_OF: Final[Mapping[str, int]] = {ch: n for n, group in enumerate(INSEPARABLE_GROUPS) for ch in group}

# Western text: ASCII (letters, digits and the punctuation inside words, numbers and URLs), Latin-1
# and Latin Extended letters, combining accents, Greek, Cyrillic, the hyphens and en dash of 7–11,
# ’ as an apostrophe, and the full-width digits and letters of ２０１９ and ＡＢＣ.
_WESTERN_RANGES: Final = (
    (0x21, 0x7E), (0xA1, 0x24F), (0x300, 0x4FF), (0x2010, 0x2013), (0x2019, 0x2019),
    (0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A),
)
WESTERN: Final = _chars(*_WESTERN_RANGES)
"""Characters of Western words, numbers and URLs: no break between two of them (JLReq 3.1.10)."""

_LATIN_ALNUM_RANGES: Final = (
    (0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A), (0xC0, 0xD6), (0xD8, 0xF6), (0xF8, 0x24F), (0x370, 0x3FF),
    (0x400, 0x4FF),
)
_JAPANESE_LETTER_RANGES: Final = (
    (0x3005, 0x3007), (0x303B, 0x303B), (0x3041, 0x3096), (0x309D, 0x309F), (0x30A1, 0x30FA),
    (0x30FC, 0x30FF), (0x31F0, 0x31FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
    (0xFF66, 0xFF9D), (0x20000, 0x3FFFF),
)
LATIN_ALNUM: Final = _chars(*_LATIN_ALNUM_RANGES)
"""Latin (and Greek, Cyrillic) letters and digits: the Western side of 和欧間 spacing."""

# --- Patterns built from the data above, for whole-paragraph scans -----------------------------

TIGHT_RUN: Final = re.compile(
    f"[{_regex_class(_WESTERN_RANGES)}]{{2,}}"
    + "".join(f"|[{re.escape(group)}]{{2,}}" for group in INSEPARABLE_GROUPS)
)
"""Runs set solid, never letter-spaced for justification: words, numbers, URLs, ——, ……."""

_JA = f"[{_regex_class(_JAPANESE_LETTER_RANGES)}]"
JAPANESE_LETTER: Final = re.compile(_JA)
"""Kana, kanji, 々〆〇, ー and small kana: the Japanese side of 和欧間 spacing (not punctuation)."""
_LA = f"[{_regex_class(_LATIN_ALNUM_RANGES)}]"
JAPANESE_LATIN_BOUNDARY: Final = re.compile(f"(?<={_JA})(?={_LA})|(?<={_LA})(?={_JA})")
"""Zero-width matches where Japanese letters meet Latin letters or digits (和欧間)."""


def may_start_line(ch: str) -> bool:
    """Whether `ch` may be the first character of a line (行頭禁則)."""
    return ch not in NOT_STARTING


def may_end_line(ch: str) -> bool:
    """Whether `ch` may be the last character of a line (行末禁則)."""
    return ch not in NOT_ENDING


def is_western(ch: str) -> bool:
    """Whether `ch` belongs to Western words, numbers and URLs, which break only at spaces."""
    return ch in WESTERN


def can_break_between(before: str, after: str) -> bool:
    """Whether a line may end with `before` and the next begin with `after`, two adjacent characters.

    Spaces are break opportunities themselves: for a break at a space, ask with the characters on
    either side of the spaces, which is what the line breaker does.
    """
    if after in NOT_STARTING or before in NOT_ENDING:
        return False
    if before in WESTERN and after in WESTERN:
        return False
    group = _GROUP_OF.get(before)
    return group is None or group != _GROUP_OF.get(after)
