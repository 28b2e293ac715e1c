"""The DOCX agrees with the PDF: its 目次 shows the PDF's page numbers before any field update,
and LibreOffice lays it out on as many pages as our PDF has."""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx import Document

from conftest import RECORDS, SAMPLES, normalise, pdf_pages, pdffonts
from pdf_layout import read_pages
from test_build import seed_expectations

from nenpo.build import build

TEMPLATES = ("default", "kiroku")
#: The fonts each template names, as they appear in a PDF.
PDF_FONTS = {"default": {"IPAexMincho", "IPAexGothic"}, "kiroku": {"BIZUDMincho-Regular", "BIZUDGothic-Regular"}}
CASES = [(sample, template) for sample in SAMPLES for template in TEMPLATES]
#: A 目次 line's page number: after its dot leaders, at the end of the line.
_TOC_NUMBER = re.compile(r"\.\s*(\d+|[ivxlcdm]+)\s*$")


@dataclass(frozen=True)
class Rendered:
    """One sample × template: our PDF, our DOCX, and LibreOffice's PDF of the DOCX."""

    pdf: Path
    docx: Path
    libreoffice: Path


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Rendered]:
    """Every sample built with every bundled template, and each DOCX as LibreOffice renders it,
    as an editor's Word would (one soffice run for all of them: the suite stays fast)."""
    soffice = shutil.which("libreoffice") or shutil.which("soffice")
    assert soffice, "LibreOffice is required (bash scripts/test installs libreoffice-writer-nogui)"
    root = tmp_path_factory.mktemp("agreement")
    converted, profile = root / "lo", root / "profile"
    result, docs = {}, []
    for sample, template in CASES:
        files = {p.suffix: p for p in build(RECORDS / sample, root / template, template=template).files}
        docx = root / "docx" / f"{sample}-{template}.docx"  # one folder, names that do not clash
        docx.parent.mkdir(exist_ok=True)
        shutil.copy(files[".docx"], docx)
        docs.append(str(docx))
        result[sample, template] = Rendered(files[".pdf"], docx, converted / f"{docx.stem}.pdf")
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(converted), *docs],
        check=True, capture_output=True, timeout=300,
    )
    return result


def toc_numbers(pdf: Path) -> list[str]:
    """The page numbers a reader sees in a PDF's 目次, in order."""
    pages = pdf_pages(pdf)
    start = next(i for i, page in enumerate(pages) if any(line.strip() == "目次" for line in page.splitlines()))
    numbers: list[str] = []
    for page in pages[start:]:
        found = [m[1] for line in page.splitlines() if (m := _TOC_NUMBER.search(line))]
        if not found:
            break
        numbers += found
    return numbers


#: A page's footer: its number alone, bare (kiroku) or between dashes (default).
_FOOTER = re.compile(r"^\s*-?\s*(\d+|[ivxlcdm]+)\s*-?\s*$")


def body_text(pdf: Path) -> str:
    """A PDF's text without each page's number at its foot (which would split a sentence in two)."""
    pages = []
    for page in pdf_pages(pdf):
        lines = page.rstrip().splitlines()
        if lines and _FOOTER.match(lines[-1]):
            lines.pop()
        pages.append("\n".join(lines))
    return "\n".join(pages)


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)[1])


@pytest.mark.parametrize(("sample", "template"), CASES)
def test_the_docx_toc_holds_the_page_numbers_of_the_pdf(
    rendered: dict[tuple[str, str], Rendered], sample: str, template: str
) -> None:
    ours = rendered[sample, template]
    entries = [p.text for p in Document(str(ours.docx)).paragraphs if p.style.name in ("TOC 1", "TOC 2")]
    in_docx = [text.rpartition("\t")[2] for text in entries]
    in_pdf = toc_numbers(ours.pdf)
    assert len(in_pdf) == len(entries) > 0
    assert in_docx == in_pdf


@pytest.mark.parametrize(("sample", "template"), CASES)
def test_libreoffice_shows_the_same_toc_without_updating_fields(
    rendered: dict[tuple[str, str], Rendered], sample: str, template: str
) -> None:
    ours = rendered[sample, template]
    assert toc_numbers(ours.libreoffice) == toc_numbers(ours.pdf)


@pytest.mark.parametrize(("sample", "template"), CASES)
def test_libreoffice_lays_the_docx_out_on_as_many_pages_as_our_pdf(
    rendered: dict[tuple[str, str], Rendered], sample: str, template: str
) -> None:
    ours = rendered[sample, template]
    assert page_count(ours.libreoffice) == page_count(ours.pdf)


@pytest.mark.parametrize(("sample", "template"), CASES)
def test_libreoffice_renders_the_docx_in_the_named_fonts_with_every_sentence_of_our_pdf(
    rendered: dict[tuple[str, str], Rendered], sample: str, template: str
) -> None:
    """Every seed sentence our PDF prints (kiroku words a few lines its own way), LibreOffice prints too."""
    ours = rendered[sample, template]
    families = {re.sub(r"^[A-Z]{6}\+", "", r["name"]) for r in pdffonts(ours.libreoffice)}
    assert families == PDF_FONTS[template], families
    theirs, printed = normalise(body_text(ours.libreoffice)), normalise(body_text(ours.pdf))
    for kind, items in seed_expectations(sample).items():
        expected = [i for i in items if normalise(i) in printed]
        assert len(expected) >= len(items) * 0.9, f"our PDF lacks {kind}"
        missing = [i for i in expected if normalise(i) not in theirs]
        assert not missing, f"{kind}: {missing[:3]}"


@pytest.mark.parametrize(("sample", "template"), CASES)
def test_libreoffice_sets_the_docx_lines_and_cover_where_our_pdf_sets_them(
    rendered: dict[tuple[str, str], Rendered], sample: str, template: str
) -> None:
    """The same text block (whole characters a line, centred: plan.text_block) and the cover's
    title below its space before, within a fraction of a point."""
    ours = rendered[sample, template]
    placed = {}
    for name, pdf in (("pdf", ours.pdf), ("libreoffice", ours.libreoffice)):
        pages = read_pages(pdf)
        rows = [r for page in pages[1:] for r in page.rows if len(r.text) >= 30 and "..." not in r.text]
        lefts, rights = [round(r.left, 1) for r in rows], [round(r.words[-1].right, 1) for r in rows]
        placed[name] = (statistics.mode(lefts), statistics.mode(rights), pages[0].rows[0].words[0].top)
    assert placed["libreoffice"] == pytest.approx(placed["pdf"], abs=0.5)


def test_the_pdf_is_laid_out_once_for_both_formats_and_a_docx_alone_still_gets_page_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import nenpo.writers.pdf as pdf_writer

    calls: list[int] = []
    real = pdf_writer.lay_out

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(pdf_writer, "lay_out", counting)
    both = {p.suffix: p for p in build(RECORDS / "okitama-r1", tmp_path / "both").files}
    assert len(calls) == 1
    alone = build(RECORDS / "okitama-r1", tmp_path / "alone", formats=("docx",)).files[0]
    numbers = [p.text.rpartition("\t")[2] for p in Document(str(alone)).paragraphs if p.style.name == "TOC 1"]
    assert numbers and all(n.isdigit() for n in numbers)
    assert alone.read_bytes() == both[".docx"].read_bytes()  # the same DOCX, numbers included
