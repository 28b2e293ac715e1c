"""The DOCX writer does the same work for each block however long the report is.

python-docx's `Document.add_paragraph` and `add_table` look through every child of the body on
each call (for the closing `w:sectPr` they insert before), so a writer built on them took 6 s at
500 sessions and 68 s at 2,000. These tests count, never time: they count how often anything looks
through the body, the document or a table as a whole while a report is written, and ask that the
count be the same for a report twice as long.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from docx import Document as open_docx
from docx.oxml.document import CT_Body, CT_Document
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl

from nenpo.build import STYLE_FILE, find_template
from nenpo.document import model as dm
from nenpo.style import Styles, load_styles
from nenpo.writers.docx import render_docx
from nenpo.writers.layout import resolve_fonts

#: lxml's ways of looking at an element's children; each may visit all of them.
_LOOKS = ("find", "findall", "findtext", "iterfind", "xpath", "iterchildren", "getchildren", "iter",
          "itertext", "index", "__iter__", "__len__", "__getitem__", "__reversed__")
#: The elements whose children grow with the report: the body's blocks, and a long table's rows.
_GROWING = (CT_Body, CT_Document, CT_Tbl)


@contextmanager
def looks_through_growing_elements(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """Count each call of a `_LOOKS` method on a body, document or table element, by class and name."""
    counts: Counter[str] = Counter()

    def spy(cls: type, name: str, original: Callable[..., Any]) -> Callable[..., Any]:
        def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
            counts[f"{cls.__name__}.{name}"] += 1
            return original(self, *args, **kwargs)
        return counted

    with monkeypatch.context() as patch:
        for cls in _GROWING:
            for name in _LOOKS:
                patch.setattr(cls, name, spy(cls, name, getattr(cls, name)))
        yield counts


def _inlines(text: str, bold: bool = False) -> dm.Inlines:
    return (dm.Run(text, bold=bold),)


def _report(n: int) -> dm.Document:
    """A report of every kind of block, with n sessions: a heading, two paragraphs (one with a line
    break and emphasis) and a page break each, a 目次 listing them, and a table of n rows."""
    cover = dm.Section("cover", (dm.Paragraph(_inlines("令和元年度 年報"), "Title"),))
    blocks: list[dm.Block] = [dm.Toc(), dm.Heading(1, _inlines("集合研修"))]
    for i in range(1, n + 1):
        blocks += [
            dm.Heading(2, _inlines(f"第{i}回集合研修")),
            dm.Paragraph((dm.Run("講師: "), dm.Run(f"講師{i}", bold=True))),
            dm.Paragraph(_inlines(f"第{i}回の概要です。\n二行目です。")),
            dm.PageBreak(),
        ]
    header = (_inlines("回"), _inlines("テーマ"))
    rows = tuple((_inlines(str(i)), _inlines(f"テーマ{i}")) for i in range(1, n + 1))
    blocks.append(dm.Table(header, rows))
    body = dm.Section("body", tuple(blocks))
    return dm.Document((cover, body), dm.Metadata("令和元年度 年報", "置賜地域"))


@pytest.fixture(scope="module")
def styles() -> Styles:
    return load_styles(find_template("default") / STYLE_FILE)


def _write(n: int, styles: Styles, target: Path, monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    with looks_through_growing_elements(monkeypatch) as counts:
        target.write_bytes(render_docx(_report(n), styles))
    return counts


def test_writing_twice_the_blocks_looks_through_the_body_no_more_often(
        tmp_path: Path, styles: Styles, monkeypatch: pytest.MonkeyPatch) -> None:
    small = _write(40, styles, tmp_path / "small.docx", monkeypatch)
    large = _write(80, styles, tmp_path / "large.docx", monkeypatch)
    assert small  # the counter sees the writer's own look for the closing sectPr, so it is counting
    assert large == small
    # and the long report is whole, in order, its blocks before the section's properties
    doc = open_docx(str(tmp_path / "large.docx"))
    assert doc.element.body[-1].tag == qn("w:sectPr")
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert headings == [f"第{i}回集合研修" for i in range(1, 81)]
    assert [p.text for p in doc.paragraphs if p.style.name == "TOC 2"] == headings
    gothic = resolve_fonts(styles)[dm.EMPHASIS_FONT].word_name  # emphasis as every format sets it
    assert "講師80" in [r.text for p in doc.paragraphs for r in p.runs if r.font.name == gothic and not r.bold]
    assert [row.cells[1].text for row in doc.tables[0].rows][-2:] == ["テーマ79", "テーマ80"]


def test_the_count_grows_with_python_docx_add_paragraph(monkeypatch: pytest.MonkeyPatch) -> None:
    """The counter catches the quadratic call this writer avoids, so the test above can fail."""
    def looks(n: int) -> int:
        doc = open_docx()
        with looks_through_growing_elements(monkeypatch) as counts:
            for _ in range(n):
                doc.add_paragraph("段落")
        return sum(counts.values())

    assert looks(80) > looks(40) > 0
