"""Glyph positions read back from a PDF, and the JLReq checks a reader's eye makes on them.

Which reader: PDFium (pypdfium2, installed with pdfplumber), asked for each character's origin and
advance box. It applies the character spacing (Tc) after every glyph as the PDF says, so the glyphs
of a justified line land where they are drawn; pdfminer (and pdfplumber's character list) does not
add Tc after a string's last glyph and misplaces every glyph after a segment change. poppler's
`pdftotext -bbox` gives only word boxes, which cannot tell a pair of brackets at 1.5 em from one at
2 em, so it serves the line-edge checks only (tests/writers/test_pdf_linebreak.py).

Run as a script to print the figures of issue 15 for PDFs:
    python tests/typeset/pdf_glyphs.py out/okitama-r1.pdf [--model out/okitama-r1.json]
"""

from __future__ import annotations

import argparse
import ctypes
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from nenpo.typeset import kinsoku

MM = 72 / 25.4
PUNCTUATION = (kinsoku.OPENING_BRACKETS | kinsoku.CLOSING_BRACKETS | kinsoku.FULL_STOPS | kinsoku.COMMAS
               | kinsoku.MIDDLE_DOTS)
"""The classes whose neighbours JLReq 3.1.4 sets closer than two full-width glyphs."""
FULL_PAIR = 1.9
"""A pair of punctuation glyphs spanning this many em or more is set at full width (2 em)."""


@dataclass(frozen=True, slots=True)
class Glyph:
    """One drawn character: its origin and the end of its advance, in points from the page's left."""

    ch: str
    x: float
    end: float
    size: float


@dataclass(frozen=True, slots=True)
class PdfLine:
    """The glyphs drawn on one baseline of one page, left to right."""

    page: int
    baseline: float
    glyphs: tuple[Glyph, ...]

    @property
    def text(self) -> str:
        return "".join(g.ch for g in self.glyphs)

    @property
    def left(self) -> float:
        return self.glyphs[0].x

    @property
    def right(self) -> float:
        return self.glyphs[-1].end


def pdf_lines(pdf: Path) -> list[PdfLine]:
    """Every text line of the PDF in drawing order, split where the baseline changes or the next glyph
    lies more than an em away (the cells of a table row are lines of their own).

    Characters PDFium invents (spaces for gaps, line ends) are left out; so are blank glyphs.
    """
    document = pdfium.PdfDocument(str(pdf))
    lines: list[PdfLine] = []
    x, y, box = ctypes.c_double(), ctypes.c_double(), pdfium_c.FS_RECTF()
    try:
        for number in range(len(document)):
            textpage = document[number].get_textpage()
            raw = textpage.raw
            current: list[Glyph] = []
            baseline = None
            for i in range(textpage.count_chars()):
                if pdfium_c.FPDFText_IsGenerated(raw, i):
                    continue
                ch = chr(pdfium_c.FPDFText_GetUnicode(raw, i))
                if ch.isspace() and ch != "\u3000":
                    continue
                pdfium_c.FPDFText_GetCharOrigin(raw, i, x, y)
                pdfium_c.FPDFText_GetLooseCharBox(raw, i, box)
                glyph = Glyph(ch, x.value, box.right, pdfium_c.FPDFText_GetFontSize(raw, i))
                if (baseline is None or abs(y.value - baseline) > 0.5
                        or (current and not -glyph.size < glyph.x - current[-1].end < glyph.size)):
                    if current:
                        lines.append(PdfLine(number, baseline or 0.0, tuple(current)))
                    current, baseline = [], y.value
                current.append(glyph)
            if current:
                lines.append(PdfLine(number, baseline or 0.0, tuple(current)))
    finally:
        document.close()
    return lines


def punctuation_pairs(lines: Iterable[PdfLine]) -> Iterator[tuple[str, float]]:
    """Every two adjacent full-width punctuation glyphs on a line: (the pair, its span in em).

    The span runs from the first glyph's origin to the end of the second's advance: 2 em when both
    keep their blank halves, 1.5 em when JLReq 3.1.4 collapses the blank between them.
    """
    for line in lines:
        for a, b in zip(line.glyphs, line.glyphs[1:]):
            if a.ch in PUNCTUATION and b.ch in PUNCTUATION and a.end - a.x >= 0.99 * a.size:
                yield a.ch + b.ch, (b.end - a.x) / a.size


def _blank_right(glyph: Glyph) -> float:
    """The blank a line-final closing bracket, stop or comma (half) or middle dot (quarter) may give
    up (JLReq 3.1.9)."""
    if glyph.end - glyph.x < 0.99 * glyph.size:
        return 0.0
    if glyph.ch in kinsoku.MIDDLE_DOTS:
        return glyph.size / 4
    closing = kinsoku.CLOSING_BRACKETS | kinsoku.FULL_STOPS | kinsoku.COMMAS
    return glyph.size / 2 if glyph.ch in closing else 0.0


def is_flush(line: PdfLine, right: float, tolerance: float = 0.5) -> bool:
    """Whether the line ends at `right`: its last glyph's advance does, or, when 追い込み gave up the
    blank of a line-final 」。、・, its ink does."""
    last = line.glyphs[-1]
    return abs(line.right - right) <= tolerance or abs(line.right - _blank_right(last) - right) <= tolerance


def block_texts(model: Path) -> list[str]:
    """The text of every paragraph, heading, list item, table cell and 目次 entry of a model JSON
    (`nenpo build --format model`), spaces removed."""
    texts: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("inlines"), list):
                texts.append("".join(run.get("text", "") for run in node["inlines"] if isinstance(run, dict)))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(model.read_text(encoding="utf-8")))
    return [re.sub(r"\s+", "", text) for text in texts if text.strip()]


def unflush_lines(lines: list[PdfLine], blocks: list[str], left: float, right: float, em: float) -> list[PdfLine]:
    """Body lines that are not a block's last line yet stop short of (or run past) the right margin.

    A line is a block's last when its text ends some block's text (a heuristic: a short line that
    happens to end another paragraph counts as last). Only lines of the body column are looked at:
    starting within 2.5 em of the left margin and ending within 6 em of the right one, which leaves
    out table cells and centred lines; 目次 lines are left out too (their leaders stop short).
    """
    endings = set()
    for text in blocks:
        for k in range(1, len(text) + 1):
            endings.add(text[-k:])
    out = []
    for line in lines:
        text = re.sub(r"\s+", "", line.text)
        if text in endings or "..." in text or not (left - em <= line.left <= left + 2.5 * em) or line.right < right - 6 * em:
            continue
        if not is_flush(line, right):
            out.append(line)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", type=Path, nargs="+")
    parser.add_argument("--margins", default=None,
                        help="left,right sides of the text block in mm (default: the default template's, 30.9 mm each)")
    parser.add_argument("--size", type=float, default=10.5, help="body size in pt")
    args = parser.parse_args(argv)
    if args.margins is None:
        from nenpo.build import find_template
        from nenpo.document.plan import text_block
        from nenpo.style import load_styles

        block = text_block(load_styles(find_template("default") / "style.yaml"))
        left_mm, right_mm = block.left_mm, block.right_mm
    else:
        left_mm, right_mm = (float(v) for v in args.margins.split(","))
    for pdf in args.pdf:
        lines = pdf_lines(pdf)
        width = 595.2756
        left, right = left_mm * MM, width - right_mm * MM
        pairs = list(punctuation_pairs(lines))
        full = [p for p, span in pairs if span >= FULL_PAIR]
        print(f"{pdf.name}: {len(lines)} lines; punctuation pairs {len(pairs)}, at 2 em {len(full)}: {' '.join(full)}")
        model = pdf.with_suffix(".json")
        if model.is_file():
            bad = unflush_lines(lines, block_texts(model), left, right, args.size)
            print(f"  body lines not flush (±0.5 pt): {len(bad)}")
            for line in bad:
                print(f"    p{line.page + 1} {line.right - right:+.2f} pt  {line.text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
