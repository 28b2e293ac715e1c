"""Reading a built report back as a reader gets it, and finding a field's text in it.

- DOCX (python-docx): every paragraph and table cell, compared exactly: Word keeps a paragraph's
  text in one piece, so nothing may differ, not even a space.
- PDF (poppler's `pdftotext -raw`, the text in the order it is drawn, so a table cell's lines stay
  together): white space is the layout's, so a field is found with any white space between its
  characters, but a space the secretariat typed must still be white space (a line break will do)
  for poppler or, failing that, for pypdf (poppler drops a space a squeezed bracket overlaps).
  No Unicode normalisation: 全角 and 半角 are different characters. The page-number footer
  (`- 3 -`), drawn last on each page, is removed, so a paragraph split across pages reads on.
  A table row split across pages is interrupted by the other cells of its row and the repeated
  header, so a field is also found as a head that ends a line on one page and a tail that starts
  a line on the next.
- The PDF's bookmarks and both files' title, author and subject, exactly.
"""

from __future__ import annotations

import difflib
import logging
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any


def nearest(text: str, parts: Iterable[str]) -> str:
    """The part of a document most like `text` (its longest common run, with a little around it):
    what a reader finds where a field should be, for the failure message."""
    best, best_size = "", 0
    for part in parts:
        match = difflib.SequenceMatcher(None, part, text, autojunk=False).find_longest_match()
        if match.size > best_size:
            start = max(match.a - match.b - 5, 0)
            best, best_size = part[start:match.a - match.b + len(text) + 5], match.size
    return best


@dataclass(frozen=True)
class DocxText:
    """A .docx as python-docx reads it."""

    text: str
    title: str
    author: str
    subject: str

    @classmethod
    def read(cls, path: Path) -> DocxText:
        from docx import Document

        doc = Document(str(path))
        parts = [p.text for p in doc.paragraphs]
        for table in doc.tables:
            parts += [cell.text for row in table.rows for cell in row.cells]
        props = doc.core_properties
        return cls("\n".join(parts), props.title or "", props.author or "", props.subject or "")

    def has(self, text: str) -> bool:
        return text in self.text

    def nearest(self, text: str) -> str:
        return nearest(text, self.text.split("\n"))


def _footer(page_index: int) -> str | None:
    """The footer of a page of a report with a cover: none on the cover, then `- 1 -`, `- 2 -` …"""
    return None if page_index == 0 else f"- {page_index} -"


def _without_footers(pages: list[str]) -> list[str]:
    """Pages without the page-number footer, the last line each page draws."""
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    cleaned = []
    for index, page in enumerate(pages):
        lines = page.rstrip().split("\n")
        if lines and (footer := _footer(index)) is not None and lines[-1].strip() == footer:
            lines.pop()
        cleaned.append("\n".join(lines))
    return cleaned


def poppler_pages(path: Path) -> list[str]:
    """Each page's text in drawing order as poppler reads it, without its footer."""
    out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True)
    return _without_footers(out.stdout.decode("utf-8").split("\f"))


def pattern(text: str, spaces: bool) -> str:
    """A pattern for `text` laid out on a page: white space may come between any two characters;
    with `spaces`, a typed run of white space must be white space (a line break will do)."""
    parts = []
    for chunk in re.findall(r"\s+|\S", text):
        if chunk.isspace():
            if spaces:
                parts.append(r"\s+")
        else:
            parts.append(re.escape(chunk))
    return r"\s*".join(parts)


@dataclass(frozen=True)
class PdfText:
    """A PDF as a reader's viewer gives its text, its bookmarks and its properties."""

    path: Path
    pages: tuple[str, ...]
    bookmarks: tuple[str, ...]
    title: str
    author: str
    subject: str
    #: The pages as pypdf reads them, when already known; else read from `path` when first needed.
    pypdf_text: tuple[str, ...] | None = None

    @classmethod
    def read(cls, path: Path) -> PdfText:
        from pypdf import PdfReader

        reader = PdfReader(str(path))
        meta = reader.metadata or {}
        return cls(path, tuple(poppler_pages(path)), tuple(_titles(reader.outline)),
                   str(meta.get("/Title", "")), str(meta.get("/Author", "")), str(meta.get("/Subject", "")))

    @cached_property
    def text(self) -> str:
        return "\n".join(self.pages)

    @cached_property
    def pypdf_pages(self) -> tuple[str, ...]:
        """The pages as pypdf reads them (from the characters drawn, not from their places)."""
        if self.pypdf_text is not None:
            return self.pypdf_text
        from pypdf import PdfReader

        # pypdf logs a line for every entry of a ToUnicode map it cannot read; the test reports the
        # characters those entries lose, and a thousand examples' worth of log lines fill memory.
        quiet = logging.getLogger("pypdf")
        level = quiet.level
        quiet.setLevel(logging.ERROR)
        try:
            return tuple(_without_footers([page.extract_text() for page in PdfReader(str(self.path)).pages]))
        finally:
            quiet.setLevel(level)

    def missing(self, text: str) -> str | None:
        """None when a reader finds `text`; else what is wrong with it.

        Its characters must be in poppler's text in order. Poppler places a space by the gap it sees
        between glyphs, so a typed space may also be found by pypdf, which reads the characters drawn.
        """
        if not self._found(text, self.pages, spaces=False):
            return "not found"
        if self._found(text, self.pages, spaces=True) or self._found(text, self.pypdf_pages, spaces=True):
            return None
        return "found, but a typed space is missing"

    def nearest(self, text: str) -> str:
        return nearest(text, [line for page in self.pages for line in page.split("\n")])

    @staticmethod
    def _found(text: str, pages: tuple[str, ...], spaces: bool) -> bool:
        if re.search(pattern(text, spaces), "\n".join(pages)):
            return True
        # A table cell split across two pages: its head ends a line on one page and its tail
        # starts a line on the next (the rest of its row and the repeated header come between).
        cuts = [m.start() for m in re.finditer(r"(?<=\S)\s*(?=\S)", text)]
        for page, following in zip(pages, pages[1:], strict=False):
            for cut in cuts:
                head, tail = text[:cut].rstrip(), text[cut:].lstrip()
                if (re.search(pattern(head, spaces) + r"[^\S\n]*(\n|$)", page)
                        and re.search(r"(?m)^[^\S\n]*" + pattern(tail, spaces), following)):
                    return True
        return False


def _titles(outline: Any) -> list[str]:
    """Every bookmark title, depth first."""
    titles: list[str] = []
    for item in outline:
        if isinstance(item, list):
            titles += _titles(item)
        else:
            titles.append(str(item.title))
    return titles
