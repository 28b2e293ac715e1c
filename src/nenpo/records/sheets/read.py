"""Sessions and visits typed in a spreadsheet: `sessions.xlsx`, `visits.csv` beside report.yaml.

Many secretariats keep the year's sessions in Excel already. Each row is one session or visit, the
first row holds Japanese column headings (COLUMNS says which field each names), and every value
remembers its cell (`研修!C7`), so validation points at the cell the way it points at a YAML line.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from nenpo.errors import Location, NenpoError, Problem
from nenpo.messages import Text
from nenpo.records.files import read_regular

Path_ = tuple[str | int, ...]

#: Column heading → record field, per list. The one table of headings (templates/default/README.md lists it).
COLUMNS: dict[str, dict[str, str]] = {
    "sessions": {
        "回": "number", "種類": "kind", "見出し": "heading", "題": "title", "日付": "date", "時刻": "time",
        "状況": "status", "形式": "mode", "会場": "venues", "講師": "speakers", "対象": "audience",
        "参加者数": "participants", "主催": "host", "共催": "co_host", "後援": "support", "まとめ": "summary",
    },
    "visits": {
        "日付": "date", "訪問先": "places", "題": "title", "目的": "purpose", "参加者数": "participants",
        "報告": "text",
    },
}
#: Fields holding several values in one cell, split at 「、」 or a line end.
LIST_FIELDS = frozenset({"venues", "speakers", "places"})
#: Fields holding paragraphs: each line of the cell (blank lines between them or not) is one paragraph.
PARAGRAPH_FIELDS = frozenset({"summary", "text"})
#: Fields holding a count: `25` typed in a CSV (always text) is the number 25.
NUMBER_FIELDS = frozenset({"number", "participants"})
#: Sheet names chosen over the first sheet of a workbook.
SHEET_NAMES: dict[str, tuple[str, ...]] = {"sessions": ("研修", "回"), "visits": ("訪問",)}
#: Rows a sheet may hold: a year has dozens of sessions; a million rows is the wrong file.
MAX_ROWS = 20_000

_LIST_SPLIT = re.compile(r"[、\n]")


@dataclass
class SheetRecords:
    """The items of one spreadsheet, where each value came from, and what is wrong with it."""

    items: list[dict[str, Any]] = field(default_factory=list)
    positions: dict[Path_, Location] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def read_sheet(file: Path, name: str, start: int) -> SheetRecords:
    """The rows of `file` as items of the list `name`, the first numbered `start` in positions.

    Raises NenpoError at the file when it cannot be read at all (corrupt, wrong encoding).
    """
    if file.suffix.lower() == ".csv":
        sheet, rows = None, _csv_rows(file)
    else:
        sheet, rows = _xlsx_rows(file, name)
    return _records(file, name, start, sheet, rows)


def _xlsx_rows(file: Path, name: str) -> tuple[str, list[tuple[Any, ...]]]:
    """The chosen sheet's title and its rows of cached values (formulas as last calculated)."""
    import openpyxl  # imported here: only folders with a workbook pay for it

    raw = read_regular(file)
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any failure of a damaged zip or XML means one thing to the user
        raise NenpoError.single(Text("sheets.corrupt", detail=type(exc).__name__), Location(file),
                                Text("sheets.corrupt_hint")) from None
    try:
        titles = book.sheetnames
        title = next((t for t in titles if t.strip() in SHEET_NAMES[name]), titles[0])
        rows = []
        for row in book[title].iter_rows(values_only=True):
            rows.append(row)
            if len(rows) > MAX_ROWS:
                raise NenpoError.single(Text("sheets.too_many_rows", limit=MAX_ROWS), Location(file),
                                        Text("sheets.too_many_rows_hint"))
        return title, rows
    finally:
        book.close()


def _csv_rows(file: Path) -> list[tuple[Any, ...]]:
    """The rows of a CSV saved as UTF-8 (with or without a BOM) or as CP932, Excel's default on Windows."""
    raw = read_regular(file)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            # CP932 byte 0x8160 is JIS's WAVE DASH, which Windows decodes as FULLWIDTH TILDE.
            text = raw.decode("cp932").replace("\uff5e", "\u301c")
        except UnicodeDecodeError:
            raise NenpoError.single(Text("load.undecodable"), Location(file), Text("sheets.resave_hint")) from None
    rows = [tuple(row) for row in csv.reader(io.StringIO(text, newline=""))]
    if len(rows) > MAX_ROWS:
        raise NenpoError.single(Text("sheets.too_many_rows", limit=MAX_ROWS), Location(file),
                                Text("sheets.too_many_rows_hint"))
    return rows


def column_letter(index: int) -> str:
    """`A` for the first column (0), `AA` for the 27th: how a spreadsheet names columns."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _cell(sheet: str | None, row: int, column: int) -> str:
    """`研修!C7` (or `C7` in a CSV) for 0-based row and column."""
    ref = f"{column_letter(column)}{row + 1}"
    return f"{sheet}!{ref}" if sheet else ref


def _records(file: Path, name: str, start: int, sheet: str | None, rows: list[tuple[Any, ...]]) -> SheetRecords:
    out = SheetRecords()
    rows_left = _without_empty(rows)
    header = next(rows_left, None)
    if header is None:
        return out
    header_row, header_cells = header
    fields, refused = _header_fields(file, name, sheet, header_row, header_cells, out.problems)
    for row_index, cells in rows_left:
        item: dict[str, Any] = {}
        at = start + len(out.items)
        out.positions[(name, at)] = Location(file, cell=_cell(sheet, row_index, 0))
        for column, raw in enumerate(cells):
            value = _value(raw)
            if value is None:
                continue
            key = fields.get(column)
            where = Location(file, cell=_cell(sheet, row_index, column))
            if key is None:
                if column not in refused:  # a heading already refused: no more errors below it
                    out.problems.append(Problem(Text("sheets.no_header"), where, Text("sheets.no_header_hint")))
                continue
            item[key] = _shaped(key, value)
            out.positions[(name, at, key)] = where
            if isinstance(item[key], list):
                for i in range(len(item[key])):
                    out.positions[(name, at, key, i)] = where
        out.items.append(item)
    return out


def _without_empty(rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """Rows with their 0-based index, leaving out rows whose every cell is empty."""
    for index, row in enumerate(rows):
        if any(_value(cell) is not None for cell in row):
            yield index, row


def _header_fields(file: Path, name: str, sheet: str | None, row: int, cells: tuple[Any, ...],
                   problems: list[Problem]) -> tuple[dict[int, str], set[int]]:
    """Column index → field for each heading, and the columns whose heading was refused (an unknown
    or repeated heading, a problem at its cell), so that their values are not refused again."""
    columns = COLUMNS[name]
    fields: dict[int, str] = {}
    refused: set[int] = set()
    seen: dict[str, str] = {}
    for column, raw in enumerate(cells):
        heading = _value(raw)
        if heading is None:
            continue
        heading = str(heading).strip()
        where = Location(file, cell=_cell(sheet, row, column))
        if heading not in columns:
            refused.add(column)
            close = difflib.get_close_matches(heading, list(columns), n=1, cutoff=0.5)
            listed = "、".join(columns)
            hint = (Text("sheets.unknown_header_close_hint", close=close[0], columns=listed) if close
                    else Text("sheets.unknown_header_hint", columns=listed))
            problems.append(Problem(Text("sheets.unknown_header", name=heading), where, hint))
            continue
        if heading in seen:
            refused.add(column)
            problems.append(Problem(Text("sheets.duplicate_header", name=heading), where,
                                    Text("sheets.duplicate_header_hint", first=seen[heading])))
            continue
        seen[heading] = _cell(sheet, row, column)
        fields[column] = columns[heading]
    return fields, refused


def _value(raw: Any) -> Any:
    """A cell's value as records hold it: text stripped, an empty cell None, a date cell a date."""
    if raw is None:
        return None
    if isinstance(raw, str):
        return raw.strip() or None
    if isinstance(raw, datetime):
        return raw.date() if raw.time() == time(0) else raw.strftime("%Y-%m-%d %H:%M")
    if isinstance(raw, time):
        return raw.strftime("%H:%M")
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    return raw


def _shaped(key: str, value: Any) -> Any:
    """A cell's value in the shape its field takes: lists split, paragraphs one per line, counts numbers."""
    if isinstance(value, (date, int, float)) and not isinstance(value, bool):
        return value
    text = str(value)
    if key in LIST_FIELDS:
        return [part.strip() for part in _LIST_SPLIT.split(text) if part.strip()]
    if key in PARAGRAPH_FIELDS:
        return [line.strip() for line in text.splitlines() if line.strip()]
    if key in NUMBER_FIELDS and text.isascii() and text.isdigit():
        return int(text)
    return text
