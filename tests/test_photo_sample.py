"""Issue 13 end to end: the koza-series sample's photos and logo, read back from every format.

Each photo is embedded once at no more than the style's dpi, with its number and caption under it
and its alt text where the format keeps one; LibreOffice's rendering of the DOCX shows the pictures.
"""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import lxml.html
import pytest
from conftest import RECORDS, docx_text, normalise, pdf_body_text
from docx import Document as open_docx

from nenpo.build import build, check
from nenpo.style import load_styles
from nenpo.build import bundled_templates

SAMPLE = RECORDS / "koza-series"


@pytest.fixture(scope="module", params=["default", "kiroku"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Path]]:
    out = tmp_path_factory.mktemp(f"photos-{request.param}")
    files = build(SAMPLE, out, request.param, ("docx", "pdf", "html")).files
    return request.param, {p.suffix[1:]: p for p in files}


def _photos() -> list:
    report = check(SAMPLE).report
    return [p for s in report.sessions for p in s.photos]


def test_the_sample_has_photos_and_a_logo() -> None:
    assert len(_photos()) == 5 and check(SAMPLE).report.organisation.logo is not None


def test_each_picture_is_in_the_pdf_once_at_no_more_than_the_styles_dpi(built: tuple[str, dict[str, Path]]) -> None:
    template, files = built
    dpi = load_styles(bundled_templates() / template / "style.yaml").figures.dpi
    rows = subprocess.run(["pdfimages", "-list", str(files["pdf"])], capture_output=True, text=True, check=True).stdout
    images = [line.split() for line in rows.splitlines()[2:] if line.split()[2] == "image"]
    assert len(images) == 6  # five photos and the logo, each one image object
    assert len({row[10] for row in images}) == 6  # distinct objects
    for row in images:
        assert int(row[12]) <= dpi + 1 and int(row[13]) <= dpi + 1, row


def test_captions_and_numbers_are_under_the_photos_in_pdf_docx_and_html(built: tuple[str, dict[str, Path]]) -> None:
    _, files = built
    captions = [f"写真{i}" + (p.caption or "") for i, p in enumerate(_photos(), 1)]
    pdf, docx = normalise(pdf_body_text(files["pdf"])), normalise(docx_text(files["docx"]))
    html = normalise(lxml.html.document_fromstring(files["html"].read_bytes()).text_content())
    for caption in captions:
        for name, text in (("pdf", pdf), ("docx", docx), ("html", html)):
            assert normalise(caption) in text, (name, caption)
    assert normalise("（撮影：地域連携センター）") in pdf


def test_the_docx_holds_real_pictures_with_alt_text(built: tuple[str, dict[str, Path]]) -> None:
    _, files = built
    doc = open_docx(str(files["docx"]))
    assert len(doc.inline_shapes) == 6
    with zipfile.ZipFile(files["docx"]) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        body = z.read("word/document.xml").decode("utf-8")
    assert len(media) == 6
    assert 'descr="参加者が机を囲んで話し合っている様子"' in body
    assert 'descr="会場の市民交流センター 多目的ホール"' in body  # no alt: the caption is read instead
    html = lxml.html.document_fromstring(files["html"].read_bytes())
    assert len(html.xpath("//img")) == 6
    assert "参加者が机を囲んで話し合っている様子" in [img.get("alt") for img in html.xpath("//img")]
