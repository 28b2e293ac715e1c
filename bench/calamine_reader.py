"""Prototype (issue 14): what nenpo's workbook reader needs, read with python-calamine plus one XML scan.

Not used by nenpo; bench/sheets.py times it against openpyxl. The reader needs, from a workbook,
every sheet's name, one sheet's cell values (formulas as their cached values, dates as dates), its
merged ranges with the top-left value filling every cell of a range, its hidden rows (to warn that
they were read) and its error cells (#REF!, to refuse them at their cell).

python-calamine 0.9 gives the names, the values and the merged ranges. It does not give hidden rows
(calamine has no row properties: tafia/calamine#237, #417), and it reads an error cell as "", the
same as an empty cell (dimastbk/python-calamine#105). Both are attributes in the sheet's own XML —
`<row r="7" hidden="1">` and `<c r="C7" t="e"><v>#REF!</v></c>` — so one pass over that part of the
zip gets them without building a tree (`scan_sheet_xml`, 10–30 ms for 5,000 rows). The same pass
measures how far the sheet's cells reach, which must be known before calamine is called: calamine
holds a sheet as one dense grid from A1 to its last cell, and a failed allocation aborts the process.

    python bench/calamine_reader.py bench/work/sheets/sessions-5000.xlsx 研修
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any


@dataclass(frozen=True)
class CellError:
    """An error a formula left in a cell (`#REF!`, `#DIV/0!`, `#N/A` …), distinct from text and from empty."""

    code: str


@dataclass
class Grid:
    """One sheet as the reader needs it; rows and columns 0-based, row 0 being the sheet's row 1."""

    title: str
    titles: list[str]
    #: Cell values: str, float, int, bool, date, datetime, time, CellError, or None for an empty cell.
    rows: list[list[Any]]
    #: Merged ranges as (first row, first column, last row, last column), inclusive.
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    hidden_rows: set[int] = field(default_factory=set)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)


#: Rows a sheet may span (nenpo's reader refuses more), and cells: calamine holds a sheet as one dense
#: grid from A1 to its last cell, so one stray value in XFD5001 costs 5,001 × 16,384 cells (3 GiB),
#: and one in XFD1048576 makes it ask for 512 GiB and abort the process (SIGABRT, no exception).
MAX_ROWS = 20_000
MAX_CELLS = 2_000_000


class SheetTooLarge(ValueError):
    """The sheet's last cell lies beyond MAX_ROWS or MAX_CELLS: refused before calamine sees it."""

    def __init__(self, rows: int, columns: int) -> None:
        super().__init__(f"the sheet spans {rows} rows × {columns} columns")
        self.rows, self.columns = rows, columns


def read_grid(raw: bytes, title: str | None = None) -> Grid:
    """The sheet `title` (else the first) of the workbook `raw`: values, merged fill, hidden rows, errors.

    Raises SheetTooLarge when the sheet's XML puts a cell beyond the limits, before calamine builds
    its grid; python_calamine.CalamineError (ZipError, XmlError …) for a file that is no workbook.
    """
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(raw))  # reads the workbook part, no sheet yet
    try:
        titles = list(book.sheet_names)
        title = title if title in titles else titles[0]
        xml = scan_sheet_xml(raw, title)
        if xml.rows > MAX_ROWS or xml.rows * xml.columns > MAX_CELLS:
            raise SheetTooLarge(xml.rows, xml.columns)
        sheet = book.get_sheet_by_name(title)
        # skip_empty_area=False: row 0 is the sheet's row 1 even when the data starts lower down
        rows = [[None if cell == "" else cell for cell in row] for row in sheet.to_python(skip_empty_area=False)]
        merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or []]
    finally:
        book.close()
    for (row, column), code in xml.errors.items():
        _put(rows, row, column, CellError(code))
    fill_merged(rows, merged)
    return Grid(title, titles, rows, merged, xml.hidden_rows, xml.errors)


def _put(rows: list[list[Any]], row: int, column: int, value: Any) -> None:
    """Set one cell, growing the grid when the cell lies beyond the data (a merge over blank cells)."""
    while len(rows) <= row:
        rows.append([])
    line = rows[row]
    if len(line) <= column:
        line.extend([None] * (column + 1 - len(line)))
    line[column] = value


def fill_merged(rows: list[list[Any]], merged: list[tuple[int, int, int, int]]) -> None:
    """Give every cell of a merged range the value of its top-left cell, as a person reads the sheet."""
    for r0, c0, r1, c1 in merged:
        value = rows[r0][c0] if r0 < len(rows) and c0 < len(rows[r0]) else None
        for row in range(r0, r1 + 1):
            for column in range(c0, c1 + 1):
                if (row, column) != (r0, c0):
                    _put(rows, row, column, value)


# -- the sheet's XML: hidden rows and error cells ------------------------------------------------

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
        found.rows, found.columns = _extent(xml)
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
    for c0, r0, c1, r1 in _MERGE.findall(xml, _last_row_end(xml)):
        first = (int(r0) - 1, _column_index(c0))
        last = (int(r1) - 1, _column_index(c1)) if c1 else first
        found.merged.append((*first, *last))
    return found


def _extent(xml: bytes) -> tuple[int, int]:
    """The last row (of the last <row>: rows come in order) and the last column (of each row's last
    cell: cells come in order) the sheet's cells reach, counted from 1."""
    last_row = xml.rfind(b"<row", 0, _last_row_end(xml))  # not <rowBreaks>, which follows the data
    if last_row == -1:
        if _TAG.search(xml):
            raise ValueError("rows written with a prefix (<x:row>)")  # walk instead
        return 0, 0
    rows = int(_R.search(_TAG.match(xml, last_row).group(2)).group(2))
    columns = 0
    for row_end in _ROW_END.finditer(xml):
        cell = xml.rfind(b"<c ", 0, row_end.start())
        if cell != -1 and xml.rfind(b"<row", cell, row_end.start()) == -1:  # a cell of this very row
            columns = max(columns, _column_index(_R.search(_TAG.match(xml, cell).group(2)).group(1)) + 1)
    if rows and not columns:  # only empty rows, or cells written with a prefix (<x:c>): walk instead
        raise ValueError("no <c  cell found")
    return rows, columns


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


def main(argv: list[str]) -> int:
    """Print what the prototype reads from a workbook: sheets, size, merged ranges, hidden rows, errors."""
    grid = read_grid(Path(argv[0]).read_bytes(), argv[1] if len(argv) > 1 else None)
    print(f"sheets {grid.titles}; read {grid.title!r}: {len(grid.rows)} rows")
    print(f"merged {len(grid.merged)} {grid.merged[:3]}; hidden {len(grid.hidden_rows)} {sorted(grid.hidden_rows)[:5]}; "
          f"errors {len(grid.errors)} {list(grid.errors.items())[:3]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
