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
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nenpo.records.sheets.xml import scan_sheet_xml


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


def main(argv: list[str]) -> int:
    """Print what the prototype reads from a workbook: sheets, size, merged ranges, hidden rows, errors."""
    grid = read_grid(Path(argv[0]).read_bytes(), argv[1] if len(argv) > 1 else None)
    print(f"sheets {grid.titles}; read {grid.title!r}: {len(grid.rows)} rows")
    print(f"merged {len(grid.merged)} {grid.merged[:3]}; hidden {len(grid.hidden_rows)} {sorted(grid.hidden_rows)[:5]}; "
          f"errors {len(grid.errors)} {list(grid.errors.items())[:3]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
