"""The default template on a Windows PC with no download: its font folder holds BIZ UD明朝 and BIZ
UDゴシック (Windows 10 1809 and later) and no IPAex, and both samples build, the PDF embedding BIZ UD
and the DOCX naming it. The folder is laid out three ways: .ttf files as Google Fonts ships them,
.ttc collections named as Windows names them, and a collection under another name whose BIZ UD face
is not the first, found only by the names inside it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

import nenpo.writers.fonts as fonts
from conftest import RECORDS, pdffonts
from font_files import collection, installed
from nenpo.build import build

MINCHO, PMINCHO = installed("BIZUDMincho-Regular.ttf"), installed("BIZUDPMincho-Regular.ttf")
GOTHIC, PGOTHIC = installed("BIZUDGothic-Regular.ttf"), installed("BIZUDPGothic-Regular.ttf")


def _ttf(folder: Path) -> None:
    for font in (MINCHO, GOTHIC, installed("BIZUDGothic-Bold.ttf")):
        shutil.copy(font, folder)


def _windows_ttc(folder: Path) -> None:
    """Windows' own files: each collection holds the UD face, then the proportional UDP one."""
    (folder / "BIZ-UDMinchoM.ttc").write_bytes(collection([MINCHO.read_bytes(), PMINCHO.read_bytes()]))
    (folder / "BIZ-UDGothicR.ttc").write_bytes(collection([GOTHIC.read_bytes(), PGOTHIC.read_bytes()]))


def _ttc_by_name(folder: Path) -> None:
    """One collection under a name we do not know, the UDP faces first."""
    faces = [PMINCHO, PGOTHIC, MINCHO, GOTHIC]
    (folder / "morisawa.ttc").write_bytes(collection([font.read_bytes() for font in faces]))


LAYOUTS = {"ttf": _ttf, "windows-ttc": _windows_ttc, "ttc-by-name": _ttc_by_name}


@pytest.fixture
def windows_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "Windows" / "Fonts"
    folder.mkdir(parents=True)
    monkeypatch.setenv("NENPO_FONT_DIRS", str(folder))
    monkeypatch.setenv("NENPO_CACHE_DIR", str(tmp_path / "cache"))
    fonts.forget_folders()
    yield folder
    fonts.forget_folders()


def _east_asian_fonts(docx: Path) -> set[str]:
    """Every East Asian font the DOCX's styles and runs name."""
    document = Document(str(docx))
    elements = [document.styles.element, document.element]
    return {value for element in elements for r_fonts in element.iter(qn("w:rFonts"))
            if (value := r_fonts.get(qn("w:eastAsia")))}


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("sample", ["okitama-r1", "project-k"])
def test_the_default_template_builds_with_only_bizud_installed(windows_fonts: Path, tmp_path: Path,
                                                               layout: str, sample: str) -> None:
    LAYOUTS[layout](windows_fonts)
    built = build(RECORDS / sample, tmp_path / "out", "default", ("docx", "pdf"))
    pdf, docx = tmp_path / "out" / f"{sample}.pdf", tmp_path / "out" / f"{sample}.docx"
    assert set(built.files) >= {pdf, docx}
    embedded = pdffonts(pdf)
    assert {row["name"].split("+")[-1] for row in embedded} == {"BIZUDMincho-Regular", "BIZUDGothic-Regular"}
    assert all(row["emb"] == "yes" for row in embedded)
    assert _east_asian_fonts(docx) == {"BIZ UD明朝", "BIZ UDゴシック"}


def test_a_face_of_a_collection_gives_the_pdf_of_its_own_file(windows_fonts: Path, tmp_path: Path) -> None:
    """The UD face third in a collection embeds exactly as the UD .ttf does: the right face is read."""
    _ttf(windows_fonts)
    alone = build(RECORDS / "okitama-r1", tmp_path / "a", "default", ("pdf",)).files[0].read_bytes()
    for font in windows_fonts.iterdir():
        font.unlink()
    _ttc_by_name(windows_fonts)
    fonts.forget_folders()
    faces = build(RECORDS / "okitama-r1", tmp_path / "b", "default", ("pdf",)).files[0].read_bytes()
    assert faces == alone
