"""The PDF at the edges of what style.yaml allows and records hold: the smallest text area, a title
longer than a page, a table that cannot fit. Each builds, or is a located error; never a crash."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

from pypdf import PdfReader

from conftest import RECORDS, normalise, pdf_pages, write_bytes
from nenpo.build import find_template
from nenpo.cli import main

DEFAULT_MARGINS = "  margins: {top: 35, bottom: 30, left: 30, right: 30}"
LONG_TITLE = "広域連携のこの先を考える" * 200  # 2,400 characters: its 目次 entry is taller than a page


def _template(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    template = tmp_path / "tpl"
    shutil.copytree(find_template("default"), template)
    style = template / "style.yaml"
    text = style.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    style.write_text(text, encoding="utf-8")
    return template


def _long_title_records(tmp_path: Path) -> Path:
    records = tmp_path / "records"
    shutil.copytree(RECORDS / "okitama-r1", records)
    session = records / "sessions" / "01.yaml"
    text = session.read_text(encoding="utf-8")
    assert text.count("title: 広域連携のこの先を考える\n") == 1
    session.write_text(text.replace("title: 広域連携のこの先を考える\n", f"title: {LONG_TITLE}\n"), encoding="utf-8")
    return records


def _build(records: Path, template: Path, out: Path, formats: str = "docx,pdf") -> tuple[int, str]:
    err = io.StringIO()
    code = main(["build", str(records), "-o", str(out), "--template", str(template), "--format", formats],
                io.StringIO(), err)
    return code, err.getvalue()


def test_the_smallest_text_area_allowed_builds_both_formats(tmp_path: Path) -> None:
    # 50 × 50 mm: four-column tables, the 目次 and the headings all in a column of 14 characters
    template = _template(tmp_path, (DEFAULT_MARGINS, "  margins: {top: 123.5, bottom: 123.5, left: 80, right: 80}"))
    code, printed = _build(RECORDS / "okitama-r1", template, tmp_path / "out")
    assert code == 0, printed
    pdf = tmp_path / "out" / "okitama-r1.pdf"
    text = normalise("".join(pdf_pages(pdf)))
    for heading in ("はじめに", "集合研修", "研修の一覧", "講師の一覧"):
        assert text.count(heading) >= 2, heading  # in the 目次 and in the body
    assert len(PdfReader(pdf).outline) >= 4


def test_a_contents_entry_taller_than_a_page_runs_on_and_ends_with_its_page_number(tmp_path: Path) -> None:
    records = _long_title_records(tmp_path)
    code, printed = _build(records, find_template("default"), tmp_path / "out", "pdf")
    assert code == 0, printed
    pages = pdf_pages(tmp_path / "out" / "records.pdf")
    contents = normalise("".join(pages[1:6]))
    assert normalise(f"第1回集合研修「{LONG_TITLE}」") in re.sub(r"-\d+-", "", contents)
    # its number follows its last line; the entries after it are all there
    assert re.search(re.escape(normalise(LONG_TITLE[-12:])) + r"」\.+\d+第2回集合研修", contents)


def test_a_heading_split_between_pages_keeps_its_contents_entry_and_bookmark(tmp_path: Path) -> None:
    # a 40 pt Heading 2 of 2,400 characters fills many pages; its first part is still the heading
    template = _template(tmp_path, ("    size: 12.5\n    leading: 20\n", "    size: 40\n    leading: 60\n"))
    code, printed = _build(_long_title_records(tmp_path), template, tmp_path / "out", "pdf")
    assert code == 0, printed
    pdf = tmp_path / "out" / "records.pdf"
    assert any(title.startswith("第1回集合研修「広域連携") for title in _bookmarks(PdfReader(pdf).outline))
    contents = re.sub(r"-\d+-", "", normalise("".join(pdf_pages(pdf)[1:6])))
    assert re.search(re.escape(normalise(LONG_TITLE[-12:])) + r"」\.+\d+第2回集合研修", contents)


def _bookmarks(outline: list) -> list[str]:  # type: ignore[type-arg]
    """Every bookmark title, nested ones included."""
    return [title for item in outline
            for title in (_bookmarks(item) if isinstance(item, list) else [item.title])]


def test_a_table_that_cannot_fit_on_any_page_is_a_located_error(tmp_path: Path) -> None:
    # 100 pt table text in 200 pt lines: the header row and two lines of a row are taller than the page
    template = _template(tmp_path, ("  Table:\n    size: 9.5\n    leading: 14\n",
                                    "  Table:\n    size: 100\n    leading: 200\n"))
    write_bytes(tmp_path / "out", "okitama-r1.pdf", b"last year's PDF")
    code, printed = _build(RECORDS / "okitama-r1", template, tmp_path / "out", "pdf")
    assert code == 1
    assert printed.splitlines() == [
        f"{template / 'style.yaml'}:5:12: page.margins: 「回」で始まる部分が1ページに収まりません(本文の部分は 150.0 × 232.0 mm)。",
        "    → style.yaml で文字の大きさ (size)・行送り (leading)・インデント・表の余白 (padding) を小さくするか、"
        "page の余白 (margins) を小さくしてください。",
        "1件の誤りがあります。",
    ]
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == {"okitama-r1.pdf": b"last year's PDF"}


def test_a_table_of_many_narrow_columns_keeps_room_for_text_inside_the_padding(tmp_path: Path) -> None:
    # 80 columns in 150 mm: each under 5 pt wide, less than the 3 pt padding on both sides
    records = tmp_path / "wide"
    shutil.copytree(RECORDS / "okitama-r1", records)
    header = ", ".join(f'"列{i}"' for i in range(80))
    row = ", ".join(['"いちばん長い欄の値"'] + ['"x"'] * 79)
    with (records / "report.yaml").open("a", encoding="utf-8") as fh:
        fh.write(f"\nappendices:\n  - title: 広い表\n    table:\n      header: [{header}]\n      rows:\n        - [{row}]\n")
    code, printed = _build(records, find_template("default"), tmp_path / "out", "pdf")
    assert code == 0, printed
    text = normalise("".join(pdf_pages(tmp_path / "out" / "wide.pdf")))
    assert "広い表" in text and "ちばん長い欄の値" in text  # set a character a line, in the first column


def test_a_keep_with_next_paragraph_taller_than_a_page_before_a_page_break_is_laid_out(tmp_path: Path) -> None:
    # reportlab keeps such a paragraph "together" with nothing and, as it is taller than a page,
    # used to split it into itself again forever
    template = _template(
        tmp_path,
        ("  programme:               # 研修の日時・場所・プログラム\n",
         "  programme:               # 研修の日時・場所・プログラム\n    keep_with_next: true\n    size: 60\n"
         "    leading: 200\n"),
        ("    space_before: 8\n    keep_with_next: true\n",
         "    space_before: 8\n    keep_with_next: true\n    page_break_before: true\n"),
    )
    code, printed = _build(RECORDS / "okitama-r1", template, tmp_path / "out", "pdf")
    assert code == 0, printed
    assert "地域活性化センター" in normalise("".join(pdf_pages(tmp_path / "out" / "okitama-r1.pdf")))
