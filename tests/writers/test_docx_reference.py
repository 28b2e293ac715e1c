"""Styles editors change: in Word through the template's reference.docx, or in style.yaml."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pdfplumber
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from conftest import RECORDS, write_bytes
from docx_bombs import zip_bomb
from nenpo.build import build, find_template
from nenpo.cli import main


def _template(tmp_path: Path) -> Path:
    template = tmp_path / "tpl"
    shutil.copytree(find_template("default"), template)
    return template


def _footer_fields(docx: Path) -> list[str]:
    doc = Document(str(docx))
    footer = doc.sections[0].footer._element
    return [el.text.strip() for el in footer.iter(qn("w:instrText"))]


def test_a_style_changed_in_reference_docx_is_the_style_of_the_next_build(tmp_path: Path) -> None:
    template = _template(tmp_path)
    first = build(RECORDS / "okitama-r1", tmp_path / "a", template, ("docx", "pdf")).files[0]
    # The editor opens the built report in Word, changes two styles, and saves it as reference.docx.
    edited = Document(str(first))
    heading = edited.styles["Heading 1"]
    heading.font.size = Pt(20)
    heading.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    edited.styles["Normal"].paragraph_format.space_after = Pt(4)
    edited.save(str(template / "reference.docx"))

    docx, pdf = build(RECORDS / "okitama-r1", tmp_path / "b", template, ("docx", "pdf")).files
    out = Document(str(docx))
    assert out.styles["Heading 1"].font.size == Pt(20)
    assert out.styles["Heading 1"].font.color.rgb == RGBColor(0xC0, 0x00, 0x00)
    assert out.styles["Normal"].paragraph_format.space_after == Pt(4)
    # the reference's own text is gone: the content is this build's, once
    assert [p.text for p in out.paragraphs] == [p.text for p in Document(str(first)).paragraphs]
    assert _footer_fields(docx) == ["PAGE"]
    # the PDF does not read reference.docx: its headings keep style.yaml's size
    with pdfplumber.open(pdf) as doc:
        sizes = {round(c["size"], 1) for c in doc.pages[2].chars if "Gothic" in c["fontname"]}
    assert 15.0 in sizes and 20.0 not in sizes


def test_a_build_with_a_reference_docx_is_byte_identical_twice(tmp_path: Path) -> None:
    template = _template(tmp_path)
    first = build(RECORDS / "project-k", tmp_path / "a", template, ("docx",)).files[0]
    shutil.copy(first, template / "reference.docx")
    a = build(RECORDS / "project-k", tmp_path / "b", template, ("docx",)).files[0]
    b = build(RECORDS / "project-k", tmp_path / "c", template, ("docx",)).files[0]
    assert a.read_bytes() == b.read_bytes()


def test_a_change_in_style_yaml_shows_in_both_outputs(tmp_path: Path) -> None:
    template = _template(tmp_path)
    style = template / "style.yaml"
    text = style.read_text(encoding="utf-8")
    assert "  Heading 1:\n    font: gothic\n    size: 15\n" in text
    style.write_text(text.replace("  Heading 1:\n    font: gothic\n    size: 15\n",
                                  "  Heading 1:\n    font: gothic\n    size: 17\n"), encoding="utf-8")
    docx, pdf = build(RECORDS / "okitama-r1", tmp_path / "out", template, ("docx", "pdf")).files
    assert Document(str(docx)).styles["Heading 1"].font.size == Pt(17)
    with pdfplumber.open(pdf) as doc:
        text_chars = doc.pages[2].chars
        heading = [c for c in text_chars if c["text"] == "は"][0]  # はじめに, the first Heading 1
    assert heading["size"] == 17


def test_a_reference_docx_that_is_no_word_file_is_a_clear_error(tmp_path: Path) -> None:
    template = _template(tmp_path)
    (template / "reference.docx").write_text("not a zip", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = main(["build", str(RECORDS / "okitama-r1"), "-o", str(tmp_path / "out"), "--template", str(template),
                 "--format", "docx"], out, err)
    assert code == 1
    assert err.getvalue().splitlines()[0] == (
        f"{template / 'reference.docx'}: reference.docx を Word の文書 (.docx) として開けません。")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


# --- a reference.docx too large to be one is refused before it is read -------------------------


def _refused(tmp_path: Path, template: Path) -> list[str]:
    """Build both formats with a previous report in the output folder; the lines printed, having
    checked the exit code, that nothing crashed, and that the previous report is untouched."""
    out = tmp_path / "out"
    write_bytes(out, "okitama-r1.docx", b"last year's DOCX")
    err = io.StringIO()
    code = main(["build", str(RECORDS / "okitama-r1"), "-o", str(out), "--template", str(template)],
                io.StringIO(), err)
    printed = err.getvalue()
    assert code == 1, printed
    assert "Traceback" not in printed and "内部エラー" not in printed
    assert {p.name: p.read_bytes() for p in out.iterdir()} == {"okitama-r1.docx": b"last year's DOCX"}
    return printed.splitlines()


def test_a_reference_docx_of_200_mb_is_refused_by_its_size_before_it_is_read(tmp_path: Path) -> None:
    template = _template(tmp_path)
    with (template / "reference.docx").open("wb") as fh:
        fh.truncate(200 * 2**20)  # sparse: nothing is written to disk
    assert _refused(tmp_path, template) == [
        f"{template / 'reference.docx'}: reference.docx が大きすぎます(200.0 MB。20 MB まで)。",
        "    → reference.docx はスタイルを伝えるだけの文書です。Word で本文や画像を消して保存し直すか、このファイルを消してください。",
        "1件の誤りがあります。",
    ]


def test_a_zip_bomb_is_refused_by_the_sizes_its_directory_declares(tmp_path: Path) -> None:
    template = _template(tmp_path)
    zip_bomb(template / "reference.docx", 200)
    assert (template / "reference.docx").stat().st_size < 2**20
    with zipfile.ZipFile(template / "reference.docx") as bomb:  # a real zip: it unpacks as it says
        with bomb.open("word/styles.xml") as styles:
            assert len(styles.read(3 * 2**20)) == 3 * 2**20
    lines = _refused(tmp_path, template)
    assert lines[0] == (f"{template / 'reference.docx'}: reference.docx は展開すると 200 MB・"
                        f"{len(zipfile.ZipFile(template / 'reference.docx').namelist())} 個の部品になり、"
                        "Word の文書として大きすぎます(100 MB まで)。")
    assert lines[1] == ("    → Word で開いて「名前を付けて保存」→「Word 文書 (*.docx)」で保存し直すか、"
                        "このファイルを消してください。")


def test_a_zip_of_thousands_of_parts_is_refused(tmp_path: Path) -> None:
    template = _template(tmp_path)
    with zipfile.ZipFile(template / "reference.docx", "w") as archive:
        for i in range(3000):
            archive.writestr(f"word/media/part{i}.xml", b"")
    assert _refused(tmp_path, template)[0] == (
        f"{template / 'reference.docx'}: reference.docx は展開すると 0 MB・3,000 個の部品になり、"
        "Word の文書として大きすぎます(100 MB まで)。")
