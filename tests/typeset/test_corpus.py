"""The typesetting corpus (tests/typeset/corpus/*.yaml): each JLReq rule by example, set by the line
breaker and printed in a PDF through the writer's `JapaneseParagraph`, then read back glyph by glyph.

What every case must show in both: the expected lines (if given), the expected spans between
neighbouring glyphs, where the first glyph starts; and what holds everywhere: no 禁則 violation,
every line of a justified paragraph but its last flush with the right edge within 0.5 pt, no two
punctuation marks at 2 em.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from pdf_glyphs import FULL_PAIR, PdfLine, is_flush, pdf_lines, punctuation_pairs
from reportlab.pdfgen.canvas import Canvas

from nenpo.build import find_template
from nenpo.style import load_styles
from nenpo.typeset import Line, Run, kinsoku
from nenpo.writers.pdf import register_fonts
from nenpo.writers.pdf_text import JapaneseParagraph, TextSettings, pdf_metrics

CORPUS = Path(__file__).resolve().parent / "corpus"
PAGE = (595.2756, 841.8898)  # A4
MARGIN = 60.0
TOLERANCE = 0.5  # pt: what a reader's eye cannot tell


@dataclass(frozen=True)
class Case:
    """One paragraph of the corpus and what it must show."""

    rule: str
    name: str
    text: str
    width: float  # pt
    size: float
    align: str
    first_indent: float  # em
    left_indent: float  # em
    lines: tuple[str, ...] | None
    spans: dict[str, float]
    first_x: float | None
    last_longer_than: int | None

    @property
    def id(self) -> str:
        return f"{self.rule}: {self.name}"


def load_cases() -> list[Case]:
    cases = []
    for path in sorted(CORPUS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for raw in data["cases"]:
            size = float(raw.get("size", 10.5))
            width = float(raw["width_pt"]) if "width_pt" in raw else float(raw["width"]) * size
            lines = raw.get("lines")
            cases.append(Case(
                rule=path.stem, name=raw["name"], text=raw["text"], width=width, size=size,
                align=raw.get("align", "justify"), first_indent=float(raw.get("first_indent", 0)),
                left_indent=float(raw.get("left_indent", 0)), lines=tuple(lines) if lines else None,
                spans={str(k): float(v) for k, v in (raw.get("spans") or {}).items()},
                first_x=raw.get("first_x"), last_longer_than=raw.get("last_longer_than"),
            ))
    return cases


CASES = load_cases()


@pytest.fixture(scope="module")
def setting(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, TextSettings]:
    """The default template's body style and the fonts it names, registered for the PDF."""
    template = tmp_path_factory.mktemp("tpl") / "default"
    shutil.copytree(find_template("default"), template)
    styles = load_styles(template / "style.yaml")
    return {"Normal": styles["Normal"]}, TextSettings(register_fonts(styles), pdf_metrics())


def style_of(case: Case, base):
    return dataclasses.replace(
        base, size=case.size, leading=case.size * 1.75, align=case.align, first_line_indent=case.first_indent,
        left_indent=case.left_indent, space_before=0.0, space_after=0.0, hanging_punctuation=False,
        latin_spacing=0.25,
    )


def broken(case: Case, styles: dict, settings: TextSettings) -> list[Line]:
    """The case as the line breaker sets it, with the PDF's own fonts and metrics."""
    style = style_of(case, styles["Normal"])
    paragraph = JapaneseParagraph([Run(case.text, settings.fonts["mincho"], case.size)], style, settings)
    return paragraph.lines(case.width + case.left_indent * case.size)


@pytest.fixture(scope="module")
def printed(setting, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[PdfLine]]:
    """Every case drawn in one PDF by `JapaneseParagraph`, and its lines read back from it."""
    styles, settings = setting
    pdf = tmp_path_factory.mktemp("corpus") / "corpus.pdf"
    canvas = Canvas(str(pdf), pagesize=PAGE)
    placed: list[tuple[Case, int, float, float]] = []  # case, page, top, bottom
    page, top = 0, PAGE[1] - MARGIN
    for case in CASES:
        style = style_of(case, styles["Normal"])
        paragraph = JapaneseParagraph([Run(case.text, settings.fonts["mincho"], case.size)], style, settings)
        _, height = paragraph.wrap(case.width + case.left_indent * case.size, PAGE[1])
        if top - height < MARGIN:
            canvas.showPage()
            page, top = page + 1, PAGE[1] - MARGIN
        paragraph.drawOn(canvas, MARGIN, top - height)
        placed.append((case, page, top, top - height))
        top -= height + case.size * 2
    canvas.save()
    lines = pdf_lines(pdf)
    out: dict[str, list[PdfLine]] = {}
    for case, number, upper, lower in placed:
        out[case.id] = [line for line in lines if line.page == number and lower < line.baseline < upper]
    return out


def ids(cases: list[Case]) -> Iterator[str]:
    return (case.id for case in cases)


def test_the_corpus_covers_every_rule() -> None:
    rules = {case.rule for case in CASES}
    assert rules >= {"pairs", "squeeze", "line_head", "lists", "short_last_line"}
    assert len(CASES) >= 25


@pytest.mark.parametrize("case", CASES, ids=list(ids(CASES)))
def test_the_line_breaker_sets_the_case(case: Case, setting) -> None:
    lines = broken(case, *setting)
    texts = [line.text for line in lines]
    if case.lines is not None:
        assert texts == list(case.lines)
    if case.last_longer_than is not None:
        assert len(texts[-1]) > case.last_longer_than
    for before, after in zip(lines, lines[1:]):
        assert kinsoku.may_end_line(before.text[-1]) and kinsoku.may_start_line(after.text[0]), texts
    for line in lines:
        if line.final and not line.justified:
            continue
        if case.align == "justify":
            assert line.justified, line.text


@pytest.mark.parametrize("case", CASES, ids=list(ids(CASES)))
def test_the_pdf_shows_the_case(case: Case, printed: dict[str, list[PdfLine]]) -> None:
    lines = printed[case.id]
    texts = [line.text for line in lines]
    assert "".join(texts) == case.text.replace(" ", "")
    if case.lines is not None:
        assert texts == list(case.lines)
    if case.last_longer_than is not None:
        assert len(texts[-1]) > case.last_longer_than
    # 禁則
    for before, after in zip(texts, texts[1:]):
        assert kinsoku.may_end_line(before[-1]), f"ends with {before[-1]}: {before}"
        assert kinsoku.may_start_line(after[0]), f"starts with {after[0]}: {after}"
    # spans between neighbours, and no punctuation pair at 2 em unless the case says so
    em = case.size
    seen = {pair: False for pair in case.spans}
    for line in lines:
        for a, b in zip(line.glyphs, line.glyphs[1:]):
            pair = a.ch + b.ch
            if pair in case.spans:
                seen[pair] = True
                assert (b.end - a.x) / em == pytest.approx(case.spans[pair], abs=TOLERANCE / em), pair
    assert all(seen.values()), f"pairs not found: {[p for p, s in seen.items() if not s]}"
    full = [pair for pair, span in punctuation_pairs(lines) if span >= FULL_PAIR and pair not in case.spans]
    assert full == []
    # the first glyph, and the right edge of every line a justified paragraph spreads
    left = MARGIN + case.left_indent * em
    first_line_left = left + case.first_indent * em
    if case.first_x is not None:
        assert (lines[0].left - first_line_left) / em == pytest.approx(case.first_x, abs=TOLERANCE / em)
    if case.align == "justify":
        right = MARGIN + case.left_indent * em + case.width
        for line in lines[:-1]:
            assert is_flush(line, right, TOLERANCE), f"{line.right - right:+.2f} pt: {line.text}"
    for line in lines:
        assert line.left >= MARGIN + min(0.0, case.left_indent + case.first_indent) * em - em / 2 - TOLERANCE


def test_a_pair_at_full_width_would_be_seen(setting, tmp_path: Path) -> None:
    """The reader tells 2 em from 1.5 em: the same pair drawn by reportlab's plain drawString."""
    _, settings = setting
    pdf = tmp_path / "plain.pdf"
    canvas = Canvas(str(pdf), pagesize=PAGE)
    canvas.setFont(settings.fonts["mincho"], 10.5)
    canvas.drawString(MARGIN, 500, "事業は、「遠隔」を")
    canvas.save()
    assert [(pair, round(span, 2)) for pair, span in punctuation_pairs(pdf_lines(pdf))] == [("、「", 2.0)]


def test_corpus_text_has_no_stray_markup() -> None:
    for case in CASES:
        assert not re.search(r"[<>*#{}]", case.text), case.id
