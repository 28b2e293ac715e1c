"""An appendix's table kept in a sheet: the 収支 or 参加者数 table a secretariat already has in Excel.

report.yaml names the sheet (`table: {file: 記録.xlsx, sheet: 収支, total: true}`) and the loader
puts the sheet's rows in its place, every cell remembering where it came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from nenpo.errors import Location, NenpoError
from nenpo.messages import Text
from nenpo.records.sheets.read import Path_, Sheet, blank, csv_rows, open_workbook, sheet_rows


@dataclass
class SheetTable:
    """A table read from a sheet as an appendix shows it: the heading row, the rows below, where each
    cell came from (relative paths: `("header", 2)`, `("rows", 0, 3)`)."""

    header: list[Any]
    rows: list[list[Any]]
    positions: dict[Path_, Location]


def read_table(file: Path, title: str | None) -> SheetTable:
    """The table in sheet `title` of a workbook (its first sheet when None, the file itself for a
    CSV): the first filled row is the heading row, empty rows and columns after the table are left
    out. Raises NenpoError when the file or the sheet cannot be read."""
    if file.suffix.lower() == ".csv":
        sheet = Sheet(file, None, csv_rows(file))
    else:
        book = open_workbook(file)
        if title is None:
            ws = book.worksheets[0]
        elif title in book.sheetnames:
            ws = book[title]
        else:
            raise NenpoError.single(Text("sheets.no_such_sheet", title=title), Location(file),
                                    Text("sheets.no_such_sheet_hint", titles="、".join(book.sheetnames)))
        sheet = sheet_rows(file, ws)
    filled = [i for i, row in enumerate(sheet.rows) if not all(blank(c) for c in row)]
    if not filled:
        raise NenpoError.single(Text("sheets.empty_table"), Location(file, cell=sheet.title),
                                Text("sheets.empty_table_hint"))
    width = max(max((c for c, v in enumerate(sheet.rows[i]) if not blank(v)), default=0) for i in filled) + 1
    table = SheetTable([], [], {})
    head = filled[0]
    for index in range(head, filled[-1] + 1):
        cells_ = list(sheet.rows[index]) + [None] * width
        values = [_table_value(c) for c in cells_[:width]]
        if index == head:
            table.header = values
            for c in range(width):
                table.positions[("header", c)] = Location(file, cell=sheet.cell(index, c))
            continue
        if all(v == "" for v in values):
            continue
        for c in range(width):
            table.positions[("rows", len(table.rows), c)] = Location(file, cell=sheet.cell(index, c))
        table.positions[("rows", len(table.rows))] = Location(file, cell=sheet.cell(index, 0))
        table.rows.append(values)
    return table


def _table_value(raw: Any) -> Any:
    """A table cell as records hold it: numbers stay numbers, a date is written out, empty is ""."""
    if raw is None:
        return ""
    if isinstance(raw, datetime) and raw.time() == time(0):
        raw = raw.date()
    if isinstance(raw, date) and not isinstance(raw, datetime):
        return f"{raw.year}年{raw.month}月{raw.day}日"
    if isinstance(raw, (datetime, time)):
        return raw.isoformat(sep=" ", timespec="minutes")
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    return raw.strip() if isinstance(raw, str) else raw
