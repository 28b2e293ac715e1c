"""Kanji beyond U+FFFF that the fonts have (𩸽, 𡈽, 𪚲, 𠀋) copy, search and read back as themselves.

Every such character of each bundled template's fonts, taken from the fonts' own character maps, is
written into a small records folder, built through the normal pipeline and read back with pdftotext,
pypdf and pdfplumber. ReportLab alone drew them right but wrote them to the text layer as ⧣, ℣, ⩫
and a space.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from conftest import write
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, makeToUnicodeCMap

from nenpo.build import STYLE_FILE, build, find_template
from nenpo.style import FontRole, load_styles
from nenpo.writers.fonts import ResolvedFont
from nenpo.glyphs import font_chars
from nenpo.writers.layout import resolve_fonts
from nenpo.writers.pdf_fonts import to_unicode_cmap

#: The fonts each bundled template names (a premise: the test is about these fonts).
TEMPLATE_FONTS = {
    "default": {"mincho": "IPAexMincho", "gothic": "IPAexGothic"},
    "kiroku": {"mincho": "BIZUDMincho", "gothic": "BIZUDGothic"},
}
REPORT = "report:\n  title: 年報\n  lead:\n    - はじめに。\norganisation:\n  name: 団体\n"
# The title is a heading (ゴシック) and a 目次 entry; the summary is body text (明朝).
SESSION = ('number: 1\nkind: 集合研修\ntitle: "《{chars}》"\ndate: 2019-07-05\n'
           'summary:\n  - "ほっけは〔{chars}〕"\n')
_FOOTER = re.compile(r"^\s*-?\s*\d+\s*-?\s*$", re.MULTILINE)


def template_fonts(template: str) -> dict[FontRole, ResolvedFont]:
    return resolve_fonts(load_styles(find_template(template) / STYLE_FILE))


def astral(font: ResolvedFont) -> str:
    """Every character beyond U+FFFF the font has a glyph for, in code point order."""
    return "".join(chr(code) for code in sorted(font_chars(font.path)) if code > 0xFFFF)


def build_pdf(folder: Path, chars: str, template: str, out: str = "out") -> Path:
    write(folder, "report.yaml", REPORT)
    write(folder, "sessions/01.yaml", SESSION.format(chars=chars))
    return next(p for p in build(folder, folder.parent / out, template=template).files if p.suffix == ".pdf")


def pdftotext_raw(pdf: Path) -> str:
    """The text in drawing order (`-raw`: table columns not interleaved), footers removed, no spaces."""
    out = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], check=True, capture_output=True).stdout
    return re.sub(r"\s+", "", _FOOTER.sub("", out.decode("utf-8")))


def pypdf_text(pdf: Path) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(pdf).pages))


def between(text: str, left: str, right: str) -> list[str]:
    return re.findall(f"{left}(.*?){right}", text)


def altered(got: str, want: str) -> list[str]:
    """The characters read back wrong, `U+29E3D→U+29E3`, or a length that differs."""
    wrong = [f"U+{ord(w):04X}→{' '.join(f'U+{ord(c):04X}' for c in g)}" for g, w in zip(got, want) if g != w]
    return wrong if len(got) == len(want) else [*wrong, f"{len(got)} characters read, {len(want)} written"]


# --- the premises ---------------------------------------------------------------------------


@pytest.mark.parametrize("template", sorted(TEMPLATE_FONTS))
def test_the_templates_fonts_have_hundreds_of_astral_kanji_the_same_in_both(template: str) -> None:
    fonts = template_fonts(template)
    assert {role: f.key for role, f in fonts.items()} == TEMPLATE_FONTS[template]
    chars = astral(fonts["mincho"])
    assert len(chars) > 300, len(chars)
    assert astral(fonts["gothic"]) == chars  # else the glyph check would refuse some of them
    assert {"𩸽", "𡈽", "𪚲", "𠀋"} <= set(chars)


# --- what a reader copies and searches ----------------------------------------------------------


@pytest.mark.parametrize("template", sorted(TEMPLATE_FONTS))
def test_every_astral_kanji_the_fonts_have_reads_back_as_itself(tmp_path: Path, template: str) -> None:
    fonts = template_fonts(template)
    chars = astral(fonts["mincho"])
    pdf = build_pdf(tmp_path / "r", chars, template)

    for reader, text in (("pdftotext", pdftotext_raw(pdf)), ("pypdf", pypdf_text(pdf))):
        headings, bodies = between(text, "《", "》"), between(text, "〔", "〕")
        assert len(headings) >= 2 and len(bodies) == 1, (reader, len(headings), len(bodies))  # 目次 and heading
        for got in [*headings, *bodies]:
            assert altered(got, chars) == [], reader
        assert "ほっけは〔" in text, reader  # BMP text in the same font subsets still reads right

    # Both fonts drew every one of them: the heading in ゴシック, the body in 明朝.
    drawn: dict[str, str] = {role: "" for role in fonts}
    with pdfplumber.open(pdf) as doc:
        for char in (c for page in doc.pages for c in page.chars if ord(c["text"][0]) > 0xFFFF):
            name = char["fontname"].split("+", 1)[-1]
            role = next(r for r, f in fonts.items() if name.startswith(f.key))
            drawn[role] += char["text"]
    for role in fonts:
        assert set(drawn[role]) == set(chars), role


def test_the_same_records_give_the_same_bytes(tmp_path: Path) -> None:
    chars = astral(template_fonts("default")["mincho"])
    first = build_pdf(tmp_path / "r", chars, "default", "one").read_bytes()
    assert build_pdf(tmp_path / "r", chars, "default", "two").read_bytes() == first


def test_a_plain_reportlab_font_registered_first_under_the_name_is_replaced(tmp_path: Path) -> None:
    """A benchmark or a host program may have registered ReportLab's own TTFont as IPAexMincho."""
    fonts = template_fonts("default")
    pdfmetrics.registerFont(TTFont(fonts["mincho"].key, str(fonts["mincho"].path)))
    pdf = build_pdf(tmp_path / "r", "𩸽", "default")
    assert between(pdftotext_raw(pdf), "〔", "〕") == ["𩸽"]


# --- the CMap itself ------------------------------------------------------------------------------


def test_the_cmap_writes_surrogate_pairs_and_is_reportlabs_for_the_bmp() -> None:
    bmp = [0, *range(0x20, 0x7F), ord("あ"), ord("\uffe5")]
    assert to_unicode_cmap("AAAAAA+F", bmp) == makeToUnicodeCMap("AAAAAA+F", bmp)
    cmap = to_unicode_cmap("AAAAAA+F", [0, 0x29E3D, 0x2000B, ord("あ")])
    assert "<01> <D867DE3D>\n<02> <D840DC0B>\n<03> <3042>" in cmap
