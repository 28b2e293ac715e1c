"""Joining the lines of one paragraph as its language needs.

A secretariat wraps a long paragraph over several lines of a records file. YAML joins such lines
with a space, right for English and wrong for Japanese (「テーマに 事業」); joining them with nothing
is right for Japanese and glues English words (「wordsacross」). The join depends on the characters
on either side: nothing where either is Japanese (full-width), one space between Latin words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable


def is_wide(char: str) -> bool:
    """A character set on the full-width grid: kana, kanji, full-width punctuation and symbols (○ ※ …)."""
    width = unicodedata.east_asian_width(char)
    return width in ("W", "F") or (width == "A" and ord(char) >= 0x2000)


def joiner(before: str, after: str) -> str:
    """What goes between two lines of one paragraph, given the last and first characters at the join."""
    if not before or not after:
        return ""
    return "" if is_wide(before[-1]) or is_wide(after[0]) else " "


def join_lines(lines: Iterable[str]) -> str:
    """Lines of one paragraph (already stripped of their indentation) joined as one line of text."""
    out = ""
    for line in lines:
        if not line:
            continue
        out = line if not out else out + joiner(out, line) + line
    return out


_BLANK = re.compile(r"^[ \t]*$")


def fold_plain(raw: str) -> str:
    """A plain or `>`-folded YAML scalar's raw lines folded as YAML does, but joined by `joiner`.

    `raw` is the scalar's text as written (its first line without the key, continuation lines with
    their indentation). Lines are stripped; a run of n blank lines keeps n line breaks, as YAML does.
    """
    lines = raw.splitlines()
    paragraphs: list[list[str]] = [[]]
    breaks: list[int] = []
    blank = 0
    for line in lines:
        if _BLANK.match(line):
            blank += 1
            continue
        if blank and paragraphs[-1]:
            paragraphs.append([])
            breaks.append(blank)
        blank = 0
        paragraphs[-1].append(line.strip(" \t"))
    out = join_lines(paragraphs[0])
    for gap, lines_ in zip(breaks, paragraphs[1:], strict=True):
        out += "\n" * gap + join_lines(lines_)
    return out
