"""Both bundled templates with both samples: a proper Word document, and Word's page count
(LibreOffice's rendering of the DOCX) close to our own PDF's."""

from __future__ import annotations

import re

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import RECORDS, SAMPLES
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from nenpo.build import build, find_template
from nenpo.style import load_styles

TEMPLATES = ("default", "kiroku")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], dict[str, Path]]:
    """Every sample built with every template, and each DOCX converted to PDF by LibreOffice."""
    result: dict[tuple[str, str], dict[str, Path]] = {}
    for template in TEMPLATES:
        out = tmp_path_factory.mktemp(template)
        for sample in SAMPLES:
            files = build(RECORDS / sample, out, template).files
            result[(sample, template)] = {p.suffix[1:]: p for p in files}
    soffice = shutil.which("libreoffice") or shutil.which("soffice")
    assert soffice, "LibreOffice is required (bash scripts/test installs libreoffice-writer-nogui)"
    profile, converted = tmp_path_factory.mktemp("lo-profile"), tmp_path_factory.mktemp("lo")
    for (sample, template), files in result.items():
        target = converted / template
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(target), str(files["docx"])], check=True, capture_output=True, timeout=300)
        files["word"] = target / f"{sample}.pdf"
    return result


CASES = [(s, t) for t in TEMPLATES for s in SAMPLES]
IDS = [f"{s}-{t}" for s, t in CASES]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_docx_renders_in_word_on_about_as_many_pages_as_our_pdf(outputs, case) -> None:
    files = outputs[case]
    ours, word = len(PdfReader(files["pdf"]).pages), len(PdfReader(files["word"]).pages)
    assert abs(word - ours) <= 0.2 * ours, f"{case}: our PDF {ours} pages, the DOCX in LibreOffice {word}"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_every_paragraph_has_a_named_style_carrying_the_east_asian_font_and_ja_jp(outputs, case) -> None:
    doc = Document(str(outputs[case]["docx"]))
    styles = load_styles(find_template(case[1]) / "style.yaml")
    used = {p.style.name for p in doc.paragraphs}
    assert used <= set(styles.paragraphs)
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for rpr in [defaults, *(doc.styles[name].element.rPr for name in used)]:
        assert rpr.find(qn("w:rFonts")).get(qn("w:eastAsia"))
        assert rpr.find(qn("w:lang")).get(qn("w:eastAsia")) == "ja-JP"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_footer_has_a_page_field_and_the_toc_field_lists_every_heading(outputs, case) -> None:
    doc = Document(str(outputs[case]["docx"]))
    footer = doc.sections[0].footer._element
    assert [t.text.strip() for t in footer.iter(qn("w:instrText"))] == ["PAGE"]
    body = doc.element.body
    assert any(t.text.strip().startswith("TOC ") for t in body.iter(qn("w:instrText")))
    headings = [p.text for p in doc.paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    toc = [p.text for p in doc.paragraphs if p.style.name in ("TOC 1", "TOC 2")]
    # each entry: the heading, a tab (the dot leader) and the page our PDF gives it
    assert [entry.rsplit("\t", 1)[0] for entry in toc] == headings and headings
    assert all(re.fullmatch(r"\d+", entry.rsplit("\t", 1)[1]) for entry in toc)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_two_builds_give_the_same_docx_bytes(outputs, case, tmp_path: Path) -> None:
    again = build(RECORDS / case[0], tmp_path, case[1], ("docx",)).files[0]
    assert again.read_bytes() == outputs[case]["docx"].read_bytes()
