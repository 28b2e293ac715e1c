"""The PDF's structure from the real layout: the 目次, page labels, running header, dates."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import RECORDS, ROOT, normalise, pdf_pages
from nenpo.build import build, find_template
from nenpo.document.plan import roman


def _template(tmp_path: Path, page_options: str) -> Path:
    """A copy of the default template with extra `page:` options in its style.yaml."""
    template = tmp_path / "tpl"
    shutil.copytree(find_template("default"), template)
    style = template / "style.yaml"
    text = style.read_text(encoding="utf-8").replace("page:\n", f"page:\n{page_options}", 1)
    style.write_text(text, encoding="utf-8")
    return template


def _toc(pages: list[str], first: int, count: int) -> list[tuple[str, str]]:
    """(title, printed page label) of every 目次 entry on the 目次 pages; a title that wraps has its
    first line(s) without leaders."""
    entries, pending = [], ""
    for page in pages[first:first + count]:
        for line in page.splitlines():
            text = normalise(line)
            if not text or text == "目次" or re.fullmatch(r"-[0-9ivxlc]+-", text):
                continue
            if m := re.match(r"^\s*(\S.*?)[\s.]*\.\s*([0-9ivxlc]+)\s*$", line):
                entries.append((pending + normalise(m[1]).rstrip("."), m[2]))
                pending = ""
            else:
                pending += text
    return entries


def _find(pages: list[str], title: str, after: tuple[int, int]) -> tuple[int, int]:
    """(page, line) of the first line after `after` that starts the heading (which may wrap);
    reading on from the previous heading, so that two visits with the same title are told apart."""
    for index in range(after[0], len(pages)):
        lines = [normalise(line) for line in pages[index].splitlines()]
        for j, line in enumerate(lines):
            if (index, j) <= after:
                continue
            if line and title.startswith(line) and "".join(lines[j:j + 3]).startswith(title):
                return index, j
    raise AssertionError(f"heading {title} not found")


def _page_of(pages: list[str], title: str, after: int) -> int:
    return _find(pages, title, (after, -1))[0]


def _footer_label(page: str) -> str | None:
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    m = re.fullmatch(r"-\s*([0-9ivxlc]+)\s*-", lines[-1]) if lines else None
    return m[1] if m else None


def _synthetic(tmp_path: Path, sessions: int) -> Path:
    spec = importlib.util.spec_from_file_location("make_records", ROOT / "bench" / "make_records.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_records", module)
    spec.loader.exec_module(module)
    return module.write_records(sessions, tmp_path / f"records-{sessions}", 0, force=True)


def test_toc_numbers_match_where_headings_land_in_a_100_session_report(tmp_path: Path) -> None:
    pdf = build(_synthetic(tmp_path, 100), tmp_path / "out", formats=("pdf",)).files[0]
    pages = pdf_pages(pdf)
    toc_pages = [i for i, p in enumerate(pages) if " . . ." in p]
    assert "目次" in pages[1] and toc_pages == list(range(1, 1 + len(toc_pages)))
    assert len(toc_pages) >= 3  # 100 sessions and 100 visits need several pages
    entries = _toc(pages, toc_pages[0], len(toc_pages))
    assert len(entries) > 200
    at = (toc_pages[-1] + 1, -1)
    for title, label in entries:
        at = _find(pages, title, at)
        assert _footer_label(pages[at[0]]) == label, title


def test_the_toc_may_count_in_roman_numerals_and_the_body_starts_at_one(tmp_path: Path) -> None:
    template = _template(tmp_path, "  toc_numbering: roman\n")
    pdf = build(_synthetic(tmp_path, 100), tmp_path / "out", template, ("pdf",)).files[0]
    pages = pdf_pages(pdf)
    toc_count = sum(1 for p in pages if " . . ." in p)
    assert _footer_label(pages[0]) is None
    assert [_footer_label(p) for p in pages[1:1 + toc_count]] == [roman(n) for n in range(1, toc_count + 1)]
    assert toc_count > 4 and roman(toc_count) not in ("", "i")
    assert _footer_label(pages[1 + toc_count]) == "1"
    entries = _toc(pages, 1, toc_count)
    assert entries[0][1] == "1"
    for title, label in entries[:20]:
        assert _footer_label(pages[_page_of(pages, title, 1 + toc_count)]) == label


def test_a_running_header_shows_on_every_page_but_the_cover(tmp_path: Path) -> None:
    template = _template(tmp_path, '  header: "{title}"\n')
    pdf = build(RECORDS / "okitama-r1", tmp_path / "out", template, ("pdf",)).files[0]
    pages = pdf_pages(pdf)
    heading = "令和元年度 広域連携事業報告書"
    assert heading not in pages[0].splitlines()[0]
    for page in pages[1:]:
        first = next(line for line in page.splitlines() if line.strip())
        assert first.strip() == heading


def test_the_creation_date_is_the_issued_date_of_the_records(built: dict[str, dict[str, Path]]) -> None:
    info = PdfReader(built["okitama-r1"]["pdf"]).metadata
    assert info["/CreationDate"] == "D:20200331000000+09'00'"
    assert info["/ModDate"] == info["/CreationDate"]


def test_a_report_without_a_toc_block_has_no_reserved_pages(tmp_path: Path) -> None:
    template = _template(tmp_path, "")
    content = template / "report.md.j2"
    content.write_text(re.sub(r"::: toc\n.*?\n:::\n", "", content.read_text(encoding="utf-8"), flags=re.S),
                       encoding="utf-8")
    pdf = build(RECORDS / "okitama-r1", tmp_path / "out", template, ("pdf",)).files[0]
    pages = pdf_pages(pdf)
    assert not any(" . . ." in p for p in pages)
    assert _footer_label(pages[1]) == "1" and "はじめに" in pages[1]


@pytest.mark.parametrize("name", ["okitama-r1", "project-k"])
def test_the_layout_runs_once(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from nenpo.writers import pdf as pdf_writer

    calls = []
    original = pdf_writer._ReportDoc.build

    def counting(self, *args, **kwargs):  # noqa: ANN001, ANN202
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(pdf_writer._ReportDoc, "build", counting)
    monkeypatch.setattr(pdf_writer._ReportDoc, "multiBuild", lambda *a, **k: pytest.fail("multiBuild"))
    build(RECORDS / name, tmp_path / "out", formats=("pdf",))
    assert calls == [1]


def test_the_docx_follows_the_same_page_options_as_word_renders_them(tmp_path: Path) -> None:
    """Roman 目次 numbers, the body from 1 and the running header, as LibreOffice lays the DOCX out."""
    soffice = shutil.which("libreoffice") or shutil.which("soffice")
    assert soffice, "LibreOffice is required (bash scripts/test installs libreoffice-writer-nogui)"
    template = _template(tmp_path, '  toc_numbering: roman\n  header: "{title}"\n')
    docx = build(RECORDS / "okitama-r1", tmp_path / "out", template, ("docx",)).files[0]
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path / "lo"), str(docx)],
                   check=True, capture_output=True, timeout=300)
    pages = pdf_pages(tmp_path / "lo" / "okitama-r1.pdf")
    assert _footer_label(pages[0]) is None and "令和元年度 広域連携事業報告書" not in pages[0].splitlines()[0]
    assert _footer_label(pages[1]) == "i" and "目次" in normalise(pages[1])
    assert _footer_label(pages[2]) == "1" and "はじめに" in normalise(pages[2])
    for page in pages[1:]:
        assert next(line for line in page.splitlines() if line.strip()).strip() == "令和元年度 広域連携事業報告書"
