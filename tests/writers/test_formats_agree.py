"""The three formats say the same thing the same way: emphasis, lists and the 目次, read back from
the PDF (pdfplumber), the DOCX (python-docx) and the HTML (lxml) of one build."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import lxml.html
import pdfplumber
import pytest
from conftest import RECORDS, normalise
from docx import Document as open_docx

from nenpo.build import build, bundled_templates
from nenpo.document.model import EMPHASIS_FONT
from nenpo.style import load_styles
from nenpo.writers.layout import resolve_fonts

EXTRA = "\n本文に**強調した語**があります。\n\n- 一つ目の項目\n- 二つ目の項目\n\n3. 三番目から\n4. 四番目\n\n"


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("agree")
    template = root / "tpl"
    shutil.copytree(bundled_templates() / "default", template)
    intro = template / "partials" / "introduction.md.j2"
    intro.write_text(intro.read_text(encoding="utf-8").replace("{{ report.lead|paragraphs }}\n",
                                                               "{{ report.lead|paragraphs }}\n" + EXTRA), encoding="utf-8")
    built = build(RECORDS / "okitama-r1", root / "out", template, ("docx", "pdf", "html"))
    return {p.suffix[1:]: p for p in built.files} | {"template": template}


def _emphasis_family(outputs: dict[str, Path]) -> str:
    return resolve_fonts(load_styles(outputs["template"] / "style.yaml"))[EMPHASIS_FONT].family


def test_emphasis_is_the_same_typeface_in_all_three(outputs: dict[str, Path]) -> None:
    with pdfplumber.open(outputs["pdf"]) as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
    text = "".join(c["text"] for c in chars)
    at = text.index("強調した語")
    pdf_fonts = {re.sub(r"^[A-Z]{6}\+", "", c["fontname"]) for c in chars[at:at + 5]}
    body_fonts = {re.sub(r"^[A-Z]{6}\+", "", c["fontname"]) for c in chars[at - 3:at]}
    assert len(pdf_fonts) == 1 and pdf_fonts != body_fonts  # the emphasised word alone changes face
    assert "Gothic" in pdf_fonts.pop()
    doc = open_docx(str(outputs["docx"]))
    [run] = [r for p in doc.paragraphs for r in p.runs if r.text == "強調した語"]
    assert "ゴシック" in run.font.name and not run.bold
    tree = lxml.html.document_fromstring(outputs["html"].read_bytes())
    assert [s.text_content() for s in tree.xpath("//strong")] == ["強調した語"]
    css = "\n".join(tree.xpath("//style/text()"))
    assert re.search(r"strong \{ font-family: var\(--gothic\); font-weight: normal; \}", css)


def test_lists_show_the_same_markers_and_numbers_in_all_three(outputs: dict[str, Path]) -> None:
    expected = ["・一つ目の項目", "・二つ目の項目", "3.三番目から", "4.四番目"]
    import subprocess

    pdf = normalise(subprocess.run(["pdftotext", str(outputs["pdf"]), "-"], capture_output=True, check=True).stdout.decode())
    docx = [p.text for p in open_docx(str(outputs["docx"])).paragraphs if p.style.name == "List"]
    html = [p.text_content() for p in lxml.html.document_fromstring(outputs["html"].read_bytes()).xpath("//p[@class='s-List']")]
    assert docx == expected and html == expected
    for item in expected:
        assert normalise(item) in pdf


def test_the_toc_lists_the_same_headings_in_all_three(outputs: dict[str, Path]) -> None:
    doc = open_docx(str(outputs["docx"]))
    docx = [p.text.rsplit("\t", 1)[0] for p in doc.paragraphs if p.style.name in ("TOC 1", "TOC 2")]
    tree = lxml.html.document_fromstring(outputs["html"].read_bytes())
    html = [a.text_content() for a in tree.xpath("//nav//a")]
    with pdfplumber.open(outputs["pdf"]) as pdf:
        outline = [entry["title"] for entry in _outline(pdf.doc)]
    assert docx == html == outline and len(docx) > 5


def _outline(doc: object) -> list[dict[str, str]]:
    from pdfminer.pdftypes import resolve1  # pdfplumber's own reader

    entries = []
    for level, title, *_ in doc.get_outlines():  # type: ignore[attr-defined]
        entries.append({"level": level, "title": resolve1(title) if not isinstance(title, str) else title})
    return entries
