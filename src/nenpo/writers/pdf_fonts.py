"""A TrueType font for the PDF whose text layer reads back every character it draws.

ReportLab (5.x) draws a character beyond U+FFFF right (𩸽 ほっけ, 𡈽, 𪚲, 𠀋: 308 such kanji
of JIS X 0213 in IPAex, 314 characters in BIZ UD), but its ToUnicode CMap (`makeToUnicodeCMap` in
`reportlab/pdfbase/ttfonts.py`) writes each code point as `<%04X>`: five hex digits for these, not the
UTF-16BE surrogate pair a CMap needs. Viewers then copy, search and read aloud 𩸽 as ⧣ and 𠀋 as a
space. `UnicodeTTFont` lets ReportLab make its font objects and then gives every subset that holds
such a character a CMap written in UTF-16BE; a subset of BMP characters only keeps ReportLab's CMap,
which is the same text. Same subsets in, same bytes out.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.ttfonts import TTFont

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
