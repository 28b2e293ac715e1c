"""A TrueType font for the PDF whose text layer reads back every character it draws.

ReportLab (5.x) draws a character beyond U+FFFF right (𩸽 ほっけ, 𡈽, 𪚲, 𠀋: 308 such kanji
of JIS X 0213 in IPAex, 314 characters in BIZ UD), but its ToUnicode CMap (`makeToUnicodeCMap` in
`reportlab/pdfbase/ttfonts.py`) writes each code point as `<%04X>`: five hex digits for these, not the
UTF-16BE surrogate pair a CMap needs. Viewers then copy, search and read aloud 𩸽 as ⧣ and 𠀋 as a
space. `UnicodeTTFont` lets ReportLab make its font objects and then gives every subset that holds
such a character a CMap written in UTF-16BE; a subset of BMP characters only keeps ReportLab's CMap,
which is the same text. Same subsets in, same bytes out.

A font file is read once per process (`loaded`), for the glyph check and the PDF alike, and what
ReportLab parsed is kept in the user's cache folder (nenpo/cache.py) for later runs: a Japanese font
takes 60 ms a file to parse and 15 ms to load. An entry is keyed by the file's path, size and
modification time, the face of a collection, and the ReportLab, Python and nenpo code that made it;
one that cannot be read is parsed again. The folder is the user's own, as Python's bytecode is.
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from copy import copy
from functools import lru_cache
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import reportlab
from reportlab.pdfbase.ttfonts import TTFont

from nenpo.cache import cache_dir, read_entry, write_entry

#: The last code point a single UTF-16 unit (four hex digits) can carry.
_BMP_LAST = 0xFFFF


def utf16_hex(code: int) -> str:
    """A code point as a CMap destination string: UTF-16BE in hex, a surrogate pair above U+FFFF."""
    return chr(code).encode("utf-16-be").hex().upper()


def to_unicode_cmap(font_name: str, subset: list[int]) -> str:
    """The ToUnicode CMap of one 8-bit font subset: code `i` reads as the character `subset[i]`.

    The same program as ReportLab's `makeToUnicodeCMap`, only with every destination in UTF-16BE
    (PDF 32000-1 §9.10.3), so that for BMP characters the two are identical.
    """
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({font_name})",
        f"/Ordering ({font_name})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{font_name} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{index:02X}> <{utf16_hex(code)}>" for index, code in enumerate(subset)),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(lines)


class UnicodeTTFont(TTFont):
    """ReportLab's TTFont, with a ToUnicode CMap that is right for characters beyond U+FFFF."""

    def addObjects(self, doc: Any) -> None:
        """Make the font's PDF objects (ReportLab), then rewrite the CMap of each subset that holds a
        character beyond U+FFFF. ReportLab forgets the document's subsets as it finishes, so they and
        their PDF names are taken first."""
        state = self.state.get(doc)
        if state is None:  # no text drawn in this document: nothing to correct
            super().addObjects(doc)
            return
        subsets = [(self.getSubsetInternalName(n, doc)[1:], list(subset))
                   for n, subset in enumerate(state.subsets)]
        super().addObjects(doc)
        fonts = doc.idToObject["BasicFonts"].dict
        for name, subset in subsets:
            if max(subset, default=0) <= _BMP_LAST:
                continue
            font = fonts[name]
            doc.idToObject[font.ToUnicode.name].content = to_unicode_cmap(font.BaseFont, subset)


class _Scale:
    """Font units to PDF's thousandths of an em: what ReportLab keeps as a lambda, which cannot be
    stored (TTFontFile.extractInfo's `_pdfScale`), as an object that can."""

    def __init__(self, factor: float) -> None:
        self.factor = factor

    def __call__(self, value: float) -> float:
        return value if self.factor == 1 else value * self.factor


def loaded(path: Path, subfont: int = 0) -> UnicodeTTFont:
    """The font of a file (a face of a collection), parsed once per process and, across runs, kept
    in the cache folder. Its name is "" until it is registered; a file changed on disk is read again."""
    stat = path.stat()
    return _loaded(str(path.resolve()), stat.st_mtime_ns, stat.st_size, subfont)


@lru_cache(maxsize=16)
def _loaded(path: str, mtime_ns: int, size: int, subfont: int) -> UnicodeTTFont:
    folder = cache_dir("fonts")
    entry = folder / _entry_name(path, mtime_ns, size, subfont) if folder is not None else None
    if entry is not None and (data := read_entry(entry)) is not None:
        try:
            font = pickle.loads(data)
        except Exception:  # noqa: BLE001 - a damaged or foreign entry: parse the file again
            font = None
        if isinstance(font, UnicodeTTFont):
            font.state = WeakKeyDictionary()
            return font
    font = UnicodeTTFont("", path, subfontIndex=subfont)
    font.face._pdfScale = _Scale(1000 / font.face.unitsPerEm)
    if entry is not None:
        state, font.state = font.state, None
        try:
            write_entry(entry, pickle.dumps(font, protocol=pickle.HIGHEST_PROTOCOL))
        finally:
            font.state = state
    return font


def _entry_name(path: str, mtime_ns: int, size: int, subfont: int) -> str:
    key = f"{path}\0{mtime_ns}\0{size}\0{subfont}\0{reportlab.Version}\0{sys.version_info[:2]}\0{_code()}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


@lru_cache(maxsize=1)
def _code() -> str:
    """This module's own source, whose class the entries hold."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def registered_as(font: UnicodeTTFont, name: str) -> UnicodeTTFont:
    """The loaded font under the name the PDF knows it by: the same parsed face, and a state of its
    own, when the file is already known by another name."""
    if font.fontName in ("", name):
        font.fontName = name
        return font
    twin = copy(font)
    twin.fontName, twin.state = name, WeakKeyDictionary()
    return twin
