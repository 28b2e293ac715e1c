"""Line breaking as printed: the corpus set in PDFs at several widths, read back line by line.

Every line is checked as a reader sees it (poppler's reading of each line): no line starts with a
character JLReq forbids there, none ends with an opening bracket, every line but a paragraph's
last is flush with both margins, and no character is lost or moved.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from itertools import pairwise
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import ROOT

from nenpo.build import find_template
from nenpo.document.model import Document, Metadata, Paragraph, Run, Section
from nenpo.document.plan import text_block
from nenpo.style import load_styles
from nenpo.typeset import Run as TRun
from nenpo.typeset import break_lines, kinsoku
from nenpo.writers.pdf import register_fonts, render_pdf
from nenpo.writers.pdf_text import pdf_metrics

CORPUS = ROOT / "tests" / "fixtures" / "linebreak" / "paragraphs.txt"
MM = 72 / 25.4
SIZE = 10.5
CLOSING_MARKS = kinsoku.CLOSING_BRACKETS | kinsoku.FULL_STOPS | kinsoku.COMMAS


def _paragraphs() -> list[str]:
    return [line for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


def _styles(tmp_path: Path, side_mm: float, hanging: bool):
    template = tmp_path / "tpl"
    shutil.copytree(find_template("default"), template)
    style = template / "style.yaml"
    text = style.read_text(encoding="utf-8")
    text = re.sub(r"margins: \{[^}]*\}", f"margins: {{top: 35, bottom: 30, left: {side_mm}, right: {side_mm}}}", text)
    if hanging:
        text = text.replace("    hanging_punctuation: false", "    hanging_punctuation: true", 1)
        assert "hanging_punctuation: true" in text
    style.write_text(text, encoding="utf-8")
    return load_styles(style)


def _lines(pdf: Path) -> list[tuple[float, float, str]]:
    """(left edge, right edge, text) of every body line, in reading order, as poppler reads them.

    Not pdfplumber: pdfminer adds the character spacing (Tc) only between the characters of one
    string, not after the last, so it misplaces glyphs wherever a subset font changes mid-line.
    """
    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True).stdout
    root = ElementTree.fromstring(re.sub(rb"<!DOCTYPE[^>]*>", b"", out))
    ns = "{http://www.w3.org/1999/xhtml}"
    lines = []
    for page in root.iter(f"{ns}page"):
        foot = float(page.get("height", "0")) - 25 * MM
        rows: dict[float, list[tuple[float, float, str]]] = {}  # poppler may cut a spread line in pieces
        for word in page.iter(f"{ns}word"):
            if float(word.get("yMin", "0")) <= foot:
                rows.setdefault(round(float(word.get("yMax", "0")), 1), []).append(
                    (float(word.get("xMin", "0")), float(word.get("xMax", "0")), word.text or ""))
        for y in sorted(rows):
            words = sorted(rows[y])
            lines.append((words[0][0], max(w[1] for w in words), "".join(w[2] for w in words)))
    return lines


def _after_emergency(paragraphs: list[str], styles, width: float, hanging: bool) -> set[str]:
    """Lines that follow a last-resort break: a run no break may enter (ぁぃぅ… at length) that is
    wider than the whole line must be cut somewhere, and the breaker says where it did."""
    metrics, font, normal = pdf_metrics(), register_fonts(styles)["mincho"], styles["Normal"]
    after = set()
    for text in paragraphs:
        lines = break_lines([TRun(text, font, SIZE)], width, metrics, first_indent=SIZE, hanging=hanging,
                            latin_spacing=normal.latin_spacing)
        after |= {re.sub(r"\s+", "", b.text) for a, b in pairwise(lines) if a.emergency}
    return after


@pytest.mark.parametrize(("side_mm", "hanging"), [(30, False), (52, False), (71, False), (45, True)])
def test_the_corpus_prints_with_no_kinsoku_violation_and_flush_lines(
    tmp_path: Path, side_mm: float, hanging: bool
) -> None:
    paragraphs = _paragraphs()
    assert len(paragraphs) >= 200
    styles = _styles(tmp_path, side_mm, hanging)
    blocks = tuple(Paragraph((Run(text),)) for text in paragraphs)
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(render_pdf(Document((Section("body", blocks),), Metadata("改行", "nenpo")), styles))
    block = text_block(styles)  # whole characters between the margins, centred
    left, right = block.left_pt, block.left_pt + block.width_pt
    lines = _lines(pdf)
    # Which lines begin and end a paragraph, by their place in the text (not by their indent: a
    # line may start with a full-width space, which poppler does not report).
    ends, at = set(), 0
    for text in paragraphs:
        at += len(re.sub(r"\s+", "", text))
        ends.add(at)
    forced = _after_emergency(paragraphs, styles, block.width_pt, hanging)
    violations, at = [], 0
    for x0, x1, text in lines:
        first, at = at in ends or at == 0, at + len(text)
        last_of_paragraph = at in ends
        if text[0] in kinsoku.NOT_STARTING and not first and text not in forced:
            violations.append(f"starts with {text[0]}: {text}")
        if text[-1] in kinsoku.NOT_ENDING and not last_of_paragraph:
            violations.append(f"ends with {text[-1]}: {text}")
        # A line-head opening bracket is set flush, its blank half outside (JLReq 3.1.5); 追い込み may
        # give up the blank half of a line-end 」。、 (a quarter of ・), which then passes the margin (JLReq 3.1.9).
        head = SIZE / 2 if text[0] in kinsoku.OPENING_BRACKETS else 0.0
        tail = SIZE / 2 if text[-1] in CLOSING_MARKS else SIZE / 4 if text[-1] in kinsoku.MIDDLE_DOTS else 0.0
        if x0 < left - head - 0.05:
            violations.append(f"left of the margin: {text}")
        one_unit = not kinsoku.JAPANESE_LETTER.search(text) and " " not in text  # a URL: no gap to spread
        if not last_of_paragraph and not one_unit:
            hang = SIZE if hanging and text[-1] in kinsoku.HANGING else 0.0
            if not (abs(x1 - right) < 0.3 or abs(x1 - tail - right) < 0.3
                    or (hang and right < x1 <= right + hang + 0.05)):
                violations.append(f"not flush ({x1 - right:+.2f} pt): {text}")
        elif x1 > right + tail + 0.05 and not (hanging and text[-1] in kinsoku.HANGING):
            violations.append(f"past the margin: {text}")
    assert violations == []
    assert "".join(text for _, _, text in lines) == "".join(re.sub(r"\s+", "", p) for p in paragraphs)
