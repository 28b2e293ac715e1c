"""What a sheet's own XML says that openpyxl's read-only mode does not: how far its cells reach,
its merged ranges and hidden rows, and its formulas saved without a result.

The reader reads values in read-only mode (fast, little memory), which has no merged ranges and no
row properties, and which would build every cell out to one stray value typed in column XFD. One
pass over the sheet's part of the zip gets what is missing without building a tree (10–30 ms for
5,000 rows, bench/sheets.py), before any cell is read, so a far stray value is refused first.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

_SHEET = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"[^>]*>')
_RID = re.compile(rb'\b(?:\w+:)?id="([^"]*)"')
_REL = re.compile(rb'<(?:\w+:)?Relationship\b[^>]*>')
_ATTR = re.compile(rb'\b(Id|Target)="([^"]*)"')
#: A row or cell start tag (`<c\b` skips <cols>, <col>, <cfRule>); group 1 the name, group 2 the attributes.
_TAG = re.compile(rb'<(?:\w+:)?(row|c)\b([^>]*)>')
_R = re.compile(rb"""\br=["']([A-Z]*)(\d*)["']""")
_HIDDEN = re.compile(rb"""\bhidden=["'](?:1|true)["']""")
_ERROR = re.compile(rb"""\bt=["']e["']""")
_VALUE = re.compile(rb'<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>')
_CELL_END = re.compile(rb'</(?:\w+:)?c>')
_ROW_END = re.compile(rb"</(?:\w+:)?row>")
_FORMULA_WITHOUT_VALUE = re.compile(
    rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]+)(\d+)"[^>]*>\s*<(?:\w+:)?f\b[^>]*(?:/>|>[^<]*</(?:\w+:)?f>)\s*'
    rb'(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v></(?:\w+:)?v>)?\s*</(?:\w+:)?c>')
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


@dataclass
class SheetXml:
    """What the sheet's XML says that calamine does not: hidden rows, error cells; and merged ranges,
    for a reader (openpyxl's read-only mode) that has no other way to them."""

    hidden_rows: set[int] = field(default_factory=set)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    #: How far the sheet's cells reach (its last row and its last column, counted from 1), empty or not.
    rows: int = 0
    columns: int = 0
    #: The first cell of the last row, and the cell furthest right (`A30000`, `XFD7`): a stray value.
    far_row_cell: str = ""
    far_column_cell: str = ""
    #: Formula cells saved without a result (a workbook a program wrote, never calculated), 0-based.
    uncalculated: set[tuple[int, int]] = field(default_factory=set)


def sheet_part(book: zipfile.ZipFile, title: str) -> str:
    """The zip member holding the sheet named `title` (xl/workbook.xml → its relationship → the part)."""
    workbook = book.read("xl/workbook.xml")
    rid = None
    for match in _SHEET.finditer(workbook):
        if _xml_text(match.group(1)) == title:
            found = _RID.search(match.group(0))
            rid = found.group(1) if found else None
            break
    if rid is None:
        raise KeyError(title)
    for rel in _REL.finditer(book.read("xl/_rels/workbook.xml.rels")):
        attrs = dict(_ATTR.findall(rel.group(0)))
        if attrs.get(b"Id") == rid:
            target = attrs[b"Target"].decode()
            return target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
    raise KeyError(title)


def _xml_text(raw: bytes) -> str:
    """An attribute's text with XML's five entities and character references resolved."""
    import html

    return html.unescape(raw.decode("utf-8"))


def scan_sheet_xml(raw: bytes, title: str) -> SheetXml:
    """The 0-based hidden rows, error cells (row, column) → code and merged ranges of the sheet `title`.

    Hidden rows and error cells are a few among thousands, so the XML is searched (bytes.find, no
    regular expression over every cell) for the attributes `hidden=` and `t="e"`, and only the tags
    holding them are read. Excel, LibreOffice and openpyxl write each row's and cell's position
    (`r="7"`, `r="C7"`); should one of those tags lack it (allowed, rare), the sheet is walked tag by
    tag instead, counting rows and cells as readers do.
    """
    with zipfile.ZipFile(io.BytesIO(raw)) as book:
        xml = book.read(sheet_part(book, title))
    found = SheetXml()
    try:
        _extent(xml, found)
        for tag in _tags_with(xml, (b" hidden=",), b"row"):
            if _HIDDEN.search(tag.group(2)):  # hidden="1" (Excel) or hidden="true" (LibreOffice), not "0"
                found.hidden_rows.add(int(_R.search(tag.group(2)).group(2)) - 1)
        for tag in _tags_with(xml, (b' t="e"', b" t='e'"), b"c"):
            if tag.group(2).endswith(b"/"):
                continue  # an error type with no value: nothing to read there
            ref = _R.search(tag.group(2))
            found.errors[(int(ref.group(2)) - 1, _column_index(ref.group(1)))] = _error_code(xml, tag)
    except (AttributeError, ValueError):  # a tag without its position
        found = SheetXml()
        _walk(xml, found)
    for column, row in _FORMULA_WITHOUT_VALUE.findall(xml):
        found.uncalculated.add((int(row) - 1, _column_index(column)))
    for c0, r0, c1, r1 in _MERGE.findall(xml, _last_row_end(xml)):
        first = (int(r0) - 1, _column_index(c0))
        last = (int(r1) - 1, _column_index(c1)) if c1 else first
        found.merged.append((*first, *last))
    return found


def _extent(xml: bytes, found: SheetXml) -> None:
    """The last row (of the last <row>: rows come in order) and the last column (of each row's last
    cell: cells come in order) the sheet's cells reach, counted from 1, and the cells that reach so far."""
    last_row = xml.rfind(b"<row", 0, _last_row_end(xml))  # not <rowBreaks>, which follows the data
    if last_row == -1:
        if _TAG.search(xml):
            raise ValueError("rows written with a prefix (<x:row>)")  # walk instead
        return
    row_tag = _TAG.match(xml, last_row)
    found.rows = int(_R.search(row_tag.group(2)).group(2))
    first_cell = _TAG.search(xml, row_tag.end())
    if first_cell is not None and first_cell.group(1) == b"c" and (ref := _R.search(first_cell.group(2))):
        found.far_row_cell = (ref.group(1) + ref.group(2)).decode()
    for row_end in _ROW_END.finditer(xml):
        cell = xml.rfind(b"<c ", 0, row_end.start())
        if cell != -1 and xml.rfind(b"<row", cell, row_end.start()) == -1:  # a cell of this very row
            ref = _R.search(_TAG.match(xml, cell).group(2))
            if (column := _column_index(ref.group(1)) + 1) > found.columns:
                found.columns, found.far_column_cell = column, (ref.group(1) + ref.group(2)).decode()
    if found.rows and not found.columns:  # only empty rows, or cells written with a prefix (<x:c>): walk instead
        raise ValueError("no <c  cell found")


def _tags_with(xml: bytes, needles: tuple[bytes, ...], name: bytes) -> list[re.Match[bytes]]:
    """The start tags named `name` (`row`, `c`) that hold one of `needles`, in document order."""
    tags: dict[int, re.Match[bytes]] = {}
    for needle in needles:
        at = xml.find(needle)
        while at != -1:
            start = xml.rfind(b"<", 0, at)
            tag = _TAG.match(xml, start)
            if tag and tag.group(1) == name and tag.end() > at:
                tags[start] = tag
            at = xml.find(needle, at + len(needle))
    return [tags[k] for k in sorted(tags)]


def _walk(xml: bytes, found: SheetXml) -> None:
    """Hidden rows and error cells of a sheet some of whose rows or cells lack `r`, tag by tag."""
    row = column = -1
    for match in _TAG.finditer(xml):
        name, attrs = match.group(1), match.group(2)
        ref = _R.search(attrs)
        if name == b"row":
            row = int(ref.group(2)) - 1 if ref and ref.group(2) else row + 1
            column = -1
            found.rows = max(found.rows, row + 1)
            if _HIDDEN.search(attrs):
                found.hidden_rows.add(row)
            continue
        column = _column_index(ref.group(1)) if ref and ref.group(1) else column + 1
        found.columns = max(found.columns, column + 1)
        if _ERROR.search(attrs) and not attrs.endswith(b"/"):
            found.errors[(row, column)] = _error_code(xml, match)


def _error_code(xml: bytes, start: re.Match[bytes]) -> str:
    """The code (`#REF!`) in the <v> of the error cell whose start tag is `start`."""
    end = _CELL_END.search(xml, start.end())
    value = _VALUE.search(xml, start.end(), end.start() if end else len(xml))
    return _xml_text(value.group(1)) if value else "#VALUE!"


def _last_row_end(xml: bytes) -> int:
    """Where <sheetData> ends: merged ranges are listed after it, so the search for them starts there."""
    end = xml.rfind(b"sheetData>")
    return max(end, 0)


def _column_index(letters: bytes) -> int:
    """0 for A, 26 for AA."""
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index - 1


