"""Every character the PDF will draw, checked against the fonts before anything is laid out.

ReportLab draws a character its font lacks as the font's empty glyph (a box or a blank: 「𠮷」 in
IPAex and BIZ UD, 「髙」 or 「﨑」 in smaller fonts), without a word; so it does an invisible
character (U+200B, a variation selector) that the font has no glyph for. This check finds them first and
names each one with the record field it was written in, so the build stops with an error the
secretariat can act on instead of a report with holes in it.

Any record text can end up in a heading or a bold run (a session title is both a heading and a
目次 entry), so a character must be in *both* fonts of the style sheet; a problem names the
font(s) that lack it. A variation selector or combining mark the font lacks is reported together
with the character before it (`葛󠄀`, `U+845B U+E0100`): ReportLab would draw it as a box of
its own after the base character, and the base character alone is what the user can write.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from nenpo.document.model import Block, Document, Heading, Paragraph, Table, Toc
from nenpo.errors import Location, NenpoError, Problem
from nenpo.messages import Text
from nenpo.records.load import Path_, Source, read_text
from nenpo.style import FontRole, Styles
from nenpo.writers.fonts import ResolvedFont, reading
from nenpo.document.plan import page_number_parts
from nenpo.writers.layout import resolve_fonts

#: Characters the writer turns into line breaks or space and never draws with a glyph.
NOT_DRAWN = frozenset("\n\r\t")
#: YAML's line breaks, so that line numbers agree with the loader's.
_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")


def is_attached(char: str) -> bool:
    """A variation selector or combining mark: it changes the character before it, drawn as one."""
    code = ord(char)
    return (0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or 0x180B <= code <= 0x180F
            or unicodedata.category(char) in ("Mn", "Me"))


@lru_cache(maxsize=16)
def _cmap(path: str, mtime_ns: int, size: int, face: int) -> frozenset[int]:
    from nenpo.writers.pdf_fonts import loaded  # the font the PDF will embed, parsed once

    chars = loaded(Path(path), face).face.charToGlyph
    return frozenset(code for code, glyph in chars.items() if glyph)


def font_chars(path: Path, face: int = 0) -> frozenset[int]:
    """The code points a TrueType font (.ttf, or a face of a .ttc, the first unless told) has a
    glyph for: the same parsed font the PDF writer registers.

    Read once per file and process; a file changed on disk is read again.
    """
    stat = path.stat()
    return _cmap(str(path), stat.st_mtime_ns, stat.st_size, face)


def font_label(font: ResolvedFont) -> str:
    """How a problem names a font: its name and its file, `IPAex明朝 (ipaexm.ttf)`."""
    return f"{font.word_name} ({font.path.name})"


def codes(unit: str) -> str:
    """`U+9AD9`, or `U+845B U+E0100` for a character with its selector."""
    return " ".join(f"U+{ord(c):04X}" for c in unit)


def _block_texts(block: Block) -> Iterator[str]:
    """Every text a writer draws from one block: heading, paragraph, table cells, the 目次 title."""
    if isinstance(block, (Heading, Paragraph)):
        yield from (run.text for run in block.inlines)
    elif isinstance(block, Table):
        for row in (block.header, *block.rows):
            for cell in row:
                yield from (run.text for run in cell)
    elif isinstance(block, Toc):
        yield block.title


def document_texts(document: Document) -> Iterator[str]:
    """Every text the writers draw from the document."""
    for block in document.blocks:
        yield from _block_texts(block)


def _missing_units(texts: Iterable[str], lacking: Mapping[str, list[ResolvedFont]]) -> dict[str, list[ResolvedFont]]:
    """The characters (with their base, for a selector or mark) of `texts` that some font lacks."""
    units: dict[str, list[ResolvedFont]] = {}
    attached = {c for c in lacking if is_attached(c)}
    singles = lacking.keys() - attached
    for text in texts:
        for char in singles.intersection(text):
            units.setdefault(char, lacking[char])
        if attached and not attached.isdisjoint(text):
            for i, char in enumerate(text):
                if char in attached:
                    units.setdefault(text[max(i - 1, 0):i + 1], lacking[char])
    return units


class _Files:
    """Text of the user's files, to turn a value's start into the exact column of a character."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.texts: dict[Path, tuple[str, list[int]]] = {}
        self.starts: dict[Path, list[tuple[int, int]]] | None = None

    def text(self, file: Path) -> tuple[str, list[int]]:
        """A file's text (decoded as the loader decoded it) and the offset of each line."""
        if file not in self.texts:
            try:
                text = read_text(file)[0]
            except (OSError, NenpoError):
                text = ""
            self.texts[file] = (text, [0, *(m.end() for m in _LINE_BREAK.finditer(text))])
        return self.texts[file]

    def find(self, unit: str, where: Location) -> Location:
        """Where `unit` is written inside the value that starts at `where`, or `where` itself.

        The value ends where the next key or value of the same file starts; a character written
        as an escape (`"\\u9AD9"`) is not found and the value's own position is kept.
        """
        if where.file is None or where.line is None or where.column is None:
            return where
        text, lines = self.text(where.file)
        if where.line > len(lines):
            return where
        begin = lines[where.line - 1] + where.column - 1
        end = len(text)
        starts = self._starts(where.file)
        following = bisect.bisect_right(starts, (where.line, where.column))
        if following < len(starts) and starts[following][0] <= len(lines):
            line, column = starts[following]
            end = lines[line - 1] + column - 1
        at = text.find(unit, begin, max(end, begin))
        if at < 0:
            return where
        line = _line_of(lines, at)
        return Location(where.file, line, at - lines[line - 1] + 1, where.field)

    def _starts(self, file: Path) -> list[tuple[int, int]]:
        """Where each key and value of a file starts, in order (grouped for all files at once)."""
        if self.starts is None:
            grouped: dict[Path, set[tuple[int, int]]] = {}
            for loc in self.source.positions.values():
                if loc.file is not None and loc.line is not None and loc.column is not None:
                    grouped.setdefault(loc.file, set()).add((loc.line, loc.column))
            self.starts = {f: sorted(starts) for f, starts in grouped.items()}
        return self.starts.get(file, [])


def _line_of(lines: list[int], offset: int) -> int:
    """The 1-based line of an offset, given the offset where each line starts."""
    return bisect.bisect_right(lines, offset)


def _strings(value: Any, path: Path_) -> Iterator[tuple[Path_, str]]:
    """Every string of the records with its path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, (*path, i))


def _label_texts(template: Path) -> list[tuple[Path, str]]:
    """The wording a template prints from data (its labels.yaml, and the default's it words over)."""
    from nenpo.compose.labels import LABELS_FILE, base_labels

    texts = []
    for file in (template.parent / LABELS_FILE, base_labels()):
        try:
            texts.append((file, file.read_text(encoding="utf-8-sig")))
        except (OSError, UnicodeDecodeError):
            continue
    return texts


def _in_labels(unit: str, texts: list[tuple[Path, str]]) -> Location | None:
    """The first place a unit is written in the labels files."""
    for file, text in texts:
        at = text.find(unit)
        if at >= 0:
            line = text.count("\n", 0, at) + 1
            return Location(file, line, at - (text.rfind("\n", 0, at) + 1) + 1)
    return None


def _in_blocks(unit: str, document: Document) -> Location | None:
    """The template line that wrote the first block holding a unit (the block's origin)."""
    for block in document.blocks:
        if any(unit in text for text in _block_texts(block)):
            return _column_on_line(unit, block.origin)
    return None


def _column_on_line(unit: str, origin: Location | None) -> Location | None:
    """Where the block's template lines write the unit literally: its own line or one of the few
    after it (a 目次's title is on the line after its `::: toc`), with the column; else the origin."""
    if origin is None or origin.file is None or origin.line is None:
        return origin
    try:
        lines = origin.file.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return origin
    for number in range(origin.line, min(len(lines), origin.line + 3) + 1):
        if (at := lines[number - 1].find(unit)) >= 0:
            return Location(origin.file, number, at + 1)
    return origin


def missing_glyphs(
    source: Source,
    document: Document,
    fonts: Mapping[FontRole, ResolvedFont],
    template: Path,
    extra: Iterable[tuple[str, Location]] = (),
) -> list[Problem]:
    """One problem per character the fonts lack and per record field it is written in.

    `template` is the template's main file: a character of the document found in no record came
    from the template's wording (its labels) or its own text, found at the template line that
    wrote the block holding it. `extra` is other text the writer
    draws, with where it is set (the page-number format of style.yaml). Problems are in reading
    order; none when every character is in every font (the usual case, checked on the set of
    characters alone).
    """
    unique = list({(f.path, f.face): f for f in fonts.values()}.values())
    tables = [(f, font_chars(f.path, f.face)) for f in unique]
    texts = list(document_texts(document))
    extras = list(extra)
    drawn: set[str] = set()
    for text in [*texts, *(t for t, _ in extras)]:
        drawn.update(text)
    lacking = {c: [f for f, chars in tables if ord(c) not in chars] for c in drawn - NOT_DRAWN}
    lacking = {c: fs for c, fs in lacking.items() if fs}
    if not lacking:
        return []

    in_document = _missing_units(texts, lacking)
    problems: dict[tuple[str, Location], Problem] = {}

    def report(unit: str, where: Location, missing_from: list[ResolvedFont]) -> None:
        font = " / ".join(font_label(f) for f in missing_from)
        message = Text("font.missing_glyph", char=unit, code=codes(unit), font=font)
        problems.setdefault((unit, where), Problem(message, where, Text("font.missing_glyph_hint")))

    files = _Files(source)
    singles = {u for u in in_document if len(u) == 1}
    sequences = [u for u in in_document if len(u) > 1]
    found: set[str] = set()
    for path, value in _strings(source.data, ()):
        here = singles.intersection(value)
        here.update(u for u in sequences if u in value)
        for unit in sorted(here, key=value.index):
            report(unit, files.find(unit, source.locate(path)), in_document[unit])
            found.add(unit)

    literal = [u for u in in_document if u not in found]
    if literal:
        labels = _label_texts(template)
        for unit in literal:
            where = _in_labels(unit, labels) or _in_blocks(unit, document) or Location(template)
            report(unit, where, in_document[unit])

    for text, where in extras:
        for unit, missing_from in _missing_units([text], lacking).items():
            report(unit, where, missing_from)
    return sorted(problems.values(), key=reading_order)


def reading_order(problem: Problem) -> tuple[str, int, int]:
    """File by file, top to bottom, as the user will work through them."""
    loc = problem.location
    return (str(loc.file or ""), loc.line or 0, loc.column or 0)


#: Characters every Japanese text face has (あ, ア, 日, 。): a font without them is not one.
_JAPANESE_PROBES = frozenset(map(ord, "あア日。"))


def check_glyphs(source: Source, document: Document, styles: Styles, template: Path) -> None:
    """Raise a NenpoError naming every character of the PDF its fonts lack (before any writer runs)."""
    fonts = resolve_fonts(styles)
    chars: dict[FontRole, frozenset[int]] = {}
    for role, font in fonts.items():
        with reading(font):  # a damaged font fails here, before anything is laid out
            chars[role] = font_chars(font.path, font.face)
    # A Latin font named by mistake would lack every Japanese character: say that once.
    not_japanese = [Problem(Text("font.not_japanese", font=font_label(font)), font.where,
                            Text("font.not_japanese_hint"))
                    for role, font in fonts.items() if not _JAPANESE_PROBES <= chars[role]]
    if not_japanese:
        raise NenpoError(not_japanese)
    extra: list[tuple[str, Location]] = []
    if styles.page.page_number:
        before, after = page_number_parts(styles.page.page_number)
        extra.append((f"{before}0123456789{after}", styles.locate("page", "page_number")))
    problems = missing_glyphs(source, document, fonts, template, extra)
    if problems:
        raise NenpoError(problems)
