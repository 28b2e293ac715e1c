"""An appendix's table kept in a sheet: the 収支 or 参加者数 table a secretariat already has in Excel.

report.yaml names the sheet (`table: {file: 記録.xlsx, sheet: 収支, total: true}`) and the loader
puts the sheet's rows in its place, every cell remembering where it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nenpo.errors import InvalidValue, Location, NenpoError, Problem
from nenpo.messages import Text

if TYPE_CHECKING:  # the reader (and openpyxl) is imported only when a report names a sheet
    from nenpo.records.sheets.read import Path_, Sheet


@dataclass
class SheetTable:
    """A table read from a sheet as an appendix shows it: the heading row, the rows below, where each
    cell came from (relative paths: `("header", 2)`, `("rows", 0, 3)`)."""

    header: list[Any]
    rows: list[list[Any]]
    positions: dict[Path_, Location]
    #: The sheet's name (None for a CSV), so that the records do not read it again.
    title: str | None = None


def read_table(file: Path, title: str | None) -> SheetTable:
    """The table in sheet `title` of a workbook (its first sheet when None, the file itself for a
    CSV): the first filled row of more than one cell is the heading row (a one-cell title above it
    is passed over), empty rows and columns after the table are left out. Raises NenpoError when the file or the sheet cannot be read."""
    from nenpo.records.sheets.read import Sheet, blank, csv_rows, open_workbook

    if file.suffix.lower() == ".csv":
        sheet = Sheet(file, None, csv_rows(file))
    else:
        book = open_workbook(file)
        if title is None:
            title = book.titles[0]
        elif title not in book.titles:
            raise NenpoError.single(Text("sheets.no_such_sheet", title=title), Location(file),
                                    Text("sheets.no_such_sheet_hint", titles="、".join(book.titles)))
        sheet = book.sheet(title)
        _shown_decimals(book.book[title], sheet)
    filled = [i for i, row in enumerate(sheet.rows) if not all(blank(c) for c in row)]
    if not filled:
        raise NenpoError.single(Text("sheets.empty_table"), Location(file, cell=sheet.title),
                                Text("sheets.empty_table_hint"))
    while len(filled) > 1 and _count(sheet.rows[filled[0]]) == 1 < _count(sheet.rows[filled[1]]):
        filled = filled[1:]  # a title above the table (「令和6年度の経費」): the appendix has its own
    width = max(max((c for c, v in enumerate(sheet.rows[i]) if not blank(v)), default=0) for i in filled) + 1
    table = SheetTable([], [], {}, sheet.title)
    head = filled[0]
    problems: list[Problem] = []
    for index in range(head, filled[-1] + 1):
        cells_ = list(sheet.rows[index]) + [None] * width
        values = []
        for c, raw in enumerate(cells_[:width]):
            try:
                values.append(_table_value(raw))
            except InvalidValue as exc:
                problems.append(Problem(exc.text, Location(file, cell=sheet.cell(index, c)), exc.hint))
                values.append("")
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
    if problems:
        raise NenpoError(problems)
    return table


#: A number format that shows a fixed count of decimals: `0.00`, `#,##0.0`, `0.00"円"`.
_DECIMALS = re.compile(r"0\.(0+)")


def _shown_decimals(ws: Any, sheet: Sheet) -> None:
    """A fraction the sheet shows with a fixed count of decimals (1.50 under `0.00`) keeps them: the
    cell stores 1.5, and a secretariat's table says 1.50."""
    for r, row in enumerate(ws.iter_rows(max_row=len(sheet.rows), max_col=max(map(len, sheet.rows), default=1))):
        for c, cell in enumerate(row):
            if isinstance(cell.value, float) and (shown := _DECIMALS.search(cell.number_format or "")):
                values = list(sheet.rows[r])
                values[c] = f"{cell.value:.{len(shown[1])}f}"
                sheet.rows[r] = tuple(values)


def _count(row: tuple[Any, ...]) -> int:
    from nenpo.records.sheets.read import blank

    return sum(not blank(c) for c in row)


def _table_value(raw: Any) -> Any:
    """A table cell as records hold it: numbers stay numbers, a date is written out, empty is "";
    a formula never calculated, or one whose result is an error (#REF!), is refused."""
    from nenpo.records.sheets.read import FORMULA_ERRORS, UNCALCULATED

    if raw is UNCALCULATED:
        raise InvalidValue(Text("sheets.formula_not_calculated"), Text("sheets.formula_not_calculated_hint"))
    if isinstance(raw, str) and raw.strip() in FORMULA_ERRORS:
        raise InvalidValue(Text("sheets.formula_error", error=raw.strip()), Text("sheets.formula_error_hint"))
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


#: The keys of an appendix's `table:` that names a sheet in place of writing the rows.
REFERENCE_KEYS = frozenset({"file", "sheet", "total"})


@dataclass
class TablesRead:
    """What reading the appendices' tables from sheets gave: sheets the records must not read as
    sessions or visits, and the problems met."""

    skip: dict[Path, frozenset[str]]
    #: CSV files read as a table, never as records.
    claimed: set[Path]
    problems: list[Problem]


def read_appendix_tables(data: dict[str, Any], positions: dict[Path_, Location], folder: Path) -> TablesRead:
    """Replace each appendix `table: {file: 記録.xlsx, sheet: 収支}` in `data` with the sheet's rows,
    noting in `positions` the cell each value came from."""
    done = TablesRead({}, set(), [])
    appendices = data.get("appendices")
    if not isinstance(appendices, list):
        return done
    for i, appendix in enumerate(appendices):
        table = appendix.get("table") if isinstance(appendix, dict) else None
        if not isinstance(table, dict) or "file" not in table:
            continue
        at: Path_ = ("appendices", i, "table")
        where = positions.get((*at, "file"), positions.get(at, Location()))
        extra = sorted(set(table) - REFERENCE_KEYS)
        name, title = table.get("file"), table.get("sheet")
        if extra:
            done.problems.append(Problem(Text("sheets.table_reference_extra", names="、".join(extra)),
                                         positions.get((*at, extra[0]), where), Text("sheets.table_reference_extra_hint")))
            continue
        if not isinstance(name, str) or not isinstance(title, (str, type(None))):
            done.problems.append(Problem(Text("sheets.table_reference_type"), where, Text("sheets.table_reference_extra_hint")))
            continue
        file = (folder / name)
        if Path(name).is_absolute() or not file.resolve().is_relative_to(folder.resolve()):
            done.problems.append(Problem(Text("image.outside", path=name), where, Text("sheets.table_inside_hint")))
            continue
        if not file.is_file():
            done.problems.append(Problem(Text("sheets.table_file_missing", path=name), where,
                                         Text("sheets.table_inside_hint")))
            continue
        try:
            read = read_table(file, title)
        except NenpoError as exc:
            done.problems.extend(exc.problems)
            continue
        if read.title is None:
            done.claimed.add(file)
        else:
            done.skip[file] = done.skip.get(file, frozenset()) | {read.title}
        table_data: dict[str, Any] = {"header": read.header, "rows": read.rows}
        if "total" in table:
            table_data["total"] = table["total"]
        appendix["table"] = table_data
        for path, location in read.positions.items():
            positions[(*at, *path)] = location
        positions[(*at, "header")] = read.positions.get(("header", 0), where)
        positions[(*at, "rows")] = read.positions.get(("rows", 0), where)
    return done

