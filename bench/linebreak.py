"""Time nenpo's JLReq line breaker against reportlab's own CJK wrapping on the same paragraphs.

Both break N paragraphs (default 1,000: the line-breaking corpus, which holds every sample
paragraph of `records/` and ones crafted around the rules, repeated) at the body width of A4 with
30 mm margins (150 mm = 425.2 pt) in 10.5 pt IPAex明朝 with its real metrics:
- nenpo: `break_lines` with `TTFont.stringWidth` per character as the measure, through a fresh
  `Metrics` cache each repetition (so filling the cache is timed too), justified, 和欧間 ¼ em;
- reportlab: `Paragraph(text, ParagraphStyle(..., wordWrap="CJK")).wrap(425.2, 10**6)`, as a writer
  calls it; also its `wrap` alone, with the paragraphs parsed beforehand.
The aim (issue): nenpo no slower than 2× reportlab. This is a measurement, not a test.

    python bench/linebreak.py
    python bench/linebreak.py --count 5000 --repeat 7
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from itertools import cycle, islice
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph

from nenpo.typeset import Metrics, Run, break_lines

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "fixtures" / "linebreak" / "paragraphs.txt"
WIDTH = 150 / 25.4 * 72  # 425.2 pt
SIZE, LEADING = 10.5, 18.0
FONT = "IPAexMincho"


def find_font() -> Path:
    """IPAex明朝 from the Debian package's place, else wherever fontconfig knows it."""
    known = Path("/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf")
    if known.is_file():
        return known
    listing = subprocess.run(["fc-list"], capture_output=True, text=True, check=False).stdout
    for row in listing.splitlines():
        if "ipaexm" in row.lower():
            return Path(row.split(":")[0])
    sys.exit("IPAex明朝 (ipaexm.ttf) is not installed: apt-get install fonts-ipaexfont-mincho")


def paragraphs(count: int) -> list[str]:
    """`count` paragraphs: the corpus, repeated."""
    corpus = [line for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return list(islice(cycle(corpus), count))


def timed(work: Callable[[], int], repeat: int) -> tuple[list[float], int]:
    """Seconds per repetition of `work`, and what its last run returned (a line count)."""
    times, lines = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        lines = work()
        times.append(time.perf_counter() - start)
    return times, lines


def main(argv: list[str] | None = None) -> int:
    """Run both breakers, print their times and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="paragraphs (default 1000)")
    parser.add_argument("--repeat", type=int, default=5, help="repetitions; the best is reported (default 5)")
    args = parser.parse_args(argv)

    font = TTFont(FONT, str(find_font()))
    pdfmetrics.registerFont(font)
    texts = paragraphs(args.count)
    style = ParagraphStyle("Body", fontName=FONT, fontSize=SIZE, leading=LEADING, wordWrap="CJK")
    marked_up = [escape(text) for text in texts]

    def measure(_: str, ch: str) -> float:
        return font.stringWidth(ch, 1)

    def nenpo() -> int:
        metrics = Metrics(measure)
        return sum(len(break_lines([Run(t, FONT, SIZE)], WIDTH, metrics, latin_spacing=0.25)) for t in texts)

    def reportlab() -> int:
        total = 0
        for text in marked_up:
            paragraph = Paragraph(text, style)
            paragraph.wrap(WIDTH, 10**6)
            total += len(paragraph.blPara.lines)
        return total

    parsed = [Paragraph(text, style) for text in marked_up]

    def reportlab_wrap() -> int:
        total = 0
        for paragraph in parsed:
            paragraph.wrap(WIDTH, 10**6)
            total += len(paragraph.blPara.lines)
        return total

    rows = [
        ("nenpo break_lines", *timed(nenpo, args.repeat)),
        ("reportlab Paragraph() + wrap (CJK)", *timed(reportlab, args.repeat)),
        ("reportlab wrap only (CJK)", *timed(reportlab_wrap, args.repeat)),
    ]
    print(f"{args.count} paragraphs, {sum(map(len, texts)):,} characters, {WIDTH:.1f} pt, {SIZE} pt {FONT}")
    print(f"python {platform.python_version()}, {platform.platform()}, best of {args.repeat}")
    print(f"{'':38}{'best s':>9}{'median s':>10}{'lines':>8}")
    for name, times, lines in rows:
        print(f"{name:38}{min(times):9.3f}{statistics.median(times):10.3f}{lines:8}")
    ours = min(rows[0][1])
    for name, times, _ in rows[1:]:
        print(f"nenpo / {name}: {ours / min(times):.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
