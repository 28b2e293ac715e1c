"""Sessions and visits kept in a spreadsheet: the workbooks and CSV files at the top of a records folder.

Many secretariats keep the year's sessions in Excel already. A workbook holds one sheet per kind
(records/sheets/columns.py): each row of 研修 or 訪問 is one session or visit, プログラム, 訪問先 and
写真 rows add to the row with the same No., and 名簿 fills in the people named in the other sheets.
Every value remembers its cell (`研修!C7`) and its column's heading, so validation points at the cell
the way it points at a YAML line.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from nenpo.errors import InvalidValue, Location, NenpoError, Problem
from nenpo.messages import Text
from nenpo.records.files import read_regular
from nenpo.records.sheets import cells
from nenpo.records.sheets.columns import GUIDE_TITLE, KINDS, NO_HONORIFIC, PEOPLE, Column, SheetKind, kind_of_title

Path_ = tuple[str | int, ...]

#: Rows a sheet may hold: a year has dozens of sessions; a million rows is the wrong file.
MAX_ROWS = 20_000
#: Rows above the heading row that may hold a title (「令和6年度 研修一覧」) and nothing else.
MAX_TITLE_ROWS = 5
#: What a cell of a formula Excel could not calculate holds.
FORMULA_ERRORS = frozenset({"#REF!", "#DIV/0!", "#N/A", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"})
#: Characters that never print: a tab copied from Excel, a line feed is allowed (Alt+Enter).
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")
#: The day Excel counts its date serial numbers from (45550 is 2024-09-15).
_EXCEL_EPOCH = date(1899, 12, 30)
#: Serial numbers that are surely dates of records (1960 to 2100), not counts.
_SERIALS = range(21916, 73051)
_UNIT = re.compile(r"^\s*([0-9０-９]+)\s*(名|人|回|件|団体|か所|箇所)\s*$")

_PEOPLE_FIELDS = ("speakers", "members")


@dataclass
class Sheet:
    """One sheet as read: its rows of values, merged cells filled down, and its hidden rows."""

    file: Path
    #: None for a CSV file.
    title: str | None
    rows: list[tuple[Any, ...]]
    hidden: list[int] = field(default_factory=list)
    #: (row, column) of the top-left cell of a range merged across columns, for the header check.
    merged_across: set[tuple[int, int]] = field(default_factory=set)

    def cell(self, row: int, column: int) -> str:
        """`研修!C7` (or `C7` in a CSV) for 0-based row and column."""
        ref = f"{column_letter(column)}{row + 1}"
        return f"{self.title}!{ref}" if self.title is not None else ref


@dataclass
class SheetRecords:
    """The items the spreadsheets of a folder add to each list, where each value came from, and what
    is wrong with them."""

    items: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    positions: dict[Path_, Location] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)
    #: Paths of values refused at their cell: validation does not report them missing as well.
    refused: set[Path_] = field(default_factory=set)


def column_letter(index: int) -> str:
    """`A` for the first column (0), `AA` for the 27th: how a spreadsheet names columns."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def csv_kind(file: Path) -> SheetKind | None:
    """The kind of sheet a CSV file holds, by its name (`研修.csv`, `sessions.csv`), or None."""
    return kind_of_title(file.stem)


# --- reading the files --------------------------------------------------------------------------


def read_workbook(file: Path, skip: frozenset[str] = frozenset()) -> tuple[list[tuple[SheetKind, Sheet]], list[Problem]]:
    """The sheets of a workbook nenpo reads, each with its kind, and notices of the sheets it passed
    over. `skip` names sheets read elsewhere (an appendix's table).

    A sheet is read by its name (研修, 訪問, …); a workbook named for a kind (`研修.xlsx`) with no sheet
    so named is read from its first sheet. Raises NenpoError when the file cannot be read at all.
    """
    if file.suffix.lower() == ".csv":
        kind = csv_kind(file)
        return ([(kind, Sheet(file, None, csv_rows(file)))] if kind else []), []
    book = open_workbook(file)
    chosen: list[tuple[SheetKind, Any]] = []
    passed: list[Any] = []
    for sheet in book.worksheets:
        if sheet.title in skip or sheet.title.strip() == GUIDE_TITLE:
            continue
        kind = kind_of_title(sheet.title)
        (chosen.append((kind, sheet)) if kind else passed.append(sheet))
    notices: list[Problem] = []
    if not chosen and (by_name := kind_of_title(file.stem)) is not None and passed:
        chosen, passed = [(by_name, passed[0])], passed[1:]
    names = "、".join(k.titles[0] for k in KINDS)
    for sheet in passed:
        if sheet.max_row > 1 or sheet.max_column > 1 or sheet.cell(1, 1).value is not None:
            notices.append(Problem(Text("sheets.sheet_not_read", title=sheet.title), Location(file),
                                   Text("sheets.sheet_not_read_hint", names=names), "warning"))
    if not chosen and not passed and not skip:  # nothing but 説明: a workbook left empty
        notices.append(Problem(Text("sheets.no_known_sheet"), Location(file),
                               Text("sheets.no_known_sheet_hint", names=names), "warning"))
    return [(kind, sheet_rows(file, sheet)) for kind, sheet in chosen], notices


class Uncalculated:
    """A formula cell that holds no result: the file was written by a program, never opened in Excel."""


UNCALCULATED = Uncalculated()


def open_workbook(file: Path) -> Any:
    """The workbook in `file` with formulas as last calculated (a formula never calculated holds
    UNCALCULATED), or an error that says what the file is."""
    import openpyxl  # imported here: only folders with a workbook pay for it

    raw = read_regular(file)
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise NenpoError.single(Text("sheets.old_excel"), Location(file), Text("sheets.old_excel_hint"))
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), data_only=True)
    except Exception as exc:  # noqa: BLE001 - any failure of a damaged zip or XML means one thing to the user
        raise NenpoError.single(Text("sheets.corrupt", detail=type(exc).__name__), Location(file),
                                Text("sheets.corrupt_hint")) from None
    for title, refs in _uncalculated(raw, book).items():
        book[title]._nenpo_uncalculated = refs  # sheet_rows puts UNCALCULATED in their place
    return book


_FORMULA_WITHOUT_VALUE = re.compile(rb'<c r="([A-Z]+[0-9]+)"[^>]*>\s*<f[^>]*(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v></v>)?\s*</c>')


def _uncalculated(raw: bytes, book: Any) -> dict[str, list[str]]:
    """The cells, by sheet, of formulas saved without a result: openpyxl reads them as empty."""
    import zipfile

    found: dict[str, list[str]] = {}
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        for ws in book.worksheets:
            part = _part_of(archive, book, ws.title)
            if part is None or part not in archive.namelist():
                continue
            refs = [m.decode() for m in _FORMULA_WITHOUT_VALUE.findall(archive.read(part))]
            if refs:
                found[ws.title] = refs
    return found


def _part_of(archive: Any, book: Any, title: str) -> str | None:
    """The zip member holding the sheet called `title` (xl/worksheets/sheet1.xml)."""
    workbook = archive.read("xl/workbook.xml").decode("utf-8")
    rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    for match in re.finditer(r"<(?:\w+:)?sheet\b[^>]*>", workbook):
        tag = match[0]
        name = re.search(r'name="([^"]*)"', tag)
        rid = re.search(r'r:id="([^"]*)"', tag) or re.search(r'\bid="([^"]*)"', tag)
        if name is None or rid is None or _unescape(name[1]) != title:
            continue
        target = re.search(r'<Relationship\b[^>]*Id="%s"[^>]*Target="([^"]*)"' % re.escape(rid[1]), rels) or \
            re.search(r'<Relationship\b[^>]*Target="([^"]*)"[^>]*Id="%s"' % re.escape(rid[1]), rels)
        if target is None:
            return None
        path = target[1].lstrip("/")
        return path if path.startswith("xl/") else f"xl/{path}"
    return None


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def sheet_rows(file: Path, ws: Any) -> Sheet:
    """A worksheet's values; a range merged down a column gives its value to every row of it."""
    if ws.max_row > MAX_ROWS:
        raise NenpoError.single(Text("sheets.too_many_rows", limit=MAX_ROWS), Location(file, cell=ws.title),
                                Text("sheets.too_many_rows_hint"))
    rows = [list(row) for row in ws.iter_rows(values_only=True)]
    sheet = Sheet(file, ws.title, [])
    for merged in ws.merged_cells.ranges:
        top, left = merged.min_row - 1, merged.min_col - 1
        if merged.max_col > merged.min_col:
            sheet.merged_across.add((top, left))
        value = rows[top][left] if top < len(rows) and left < len(rows[top]) else None
        for r in range(top + 1, min(merged.max_row, len(rows))):
            if left < len(rows[r]):
                rows[r][left] = value
    from openpyxl.utils.cell import coordinate_to_tuple

    for ref in getattr(ws, "_nenpo_uncalculated", ()):
        r, c = coordinate_to_tuple(ref)
        if r - 1 < len(rows) and c - 1 < len(rows[r - 1]):
            rows[r - 1][c - 1] = UNCALCULATED
    sheet.rows = [tuple(row) for row in rows]
    sheet.hidden = [r - 1 for r, dim in ws.row_dimensions.items() if dim.hidden and r - 1 < len(rows)]
    return sheet


def csv_rows(file: Path) -> list[tuple[Any, ...]]:
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


# --- from rows to records -----------------------------------------------------------------------


@dataclass
class _Row:
    """One data row of a sheet: its values by field, where each came from."""

    sheet: Sheet
    index: int
    values: dict[str, Any]
    where: dict[str, Location]
    first: Location
    #: Fields whose cell is empty or was refused: a missing value is reported at that cell.
    empty: dict[str, Location] = field(default_factory=dict)
    refused: set[str] = field(default_factory=set)


def read_sheets(files: list[Path], starts: dict[str, int], skip: dict[Path, frozenset[str]] | None = None
                ) -> SheetRecords:
    """The items every workbook and CSV file of a folder adds to the report's lists, `starts[name]`
    being the number of items the YAML already holds (the first sheet item's index)."""
    out = SheetRecords()
    rows: dict[str, list[_Row]] = {k.name: [] for k in KINDS}
    for file in files:
        try:
            sheets, notices = read_workbook(file, (skip or {}).get(file, frozenset()))
        except NenpoError as exc:
            out.problems.extend(exc.problems)
            continue
        out.notices.extend(notices)
        for kind, sheet in sheets:
            rows[kind.name].extend(_rows(kind, sheet, out))
    roster = _roster(rows["people"], out.problems)
    by_no: dict[int, tuple[str, int, dict[str, Any]]] = {}
    no_at: dict[int, Location] = {}
    for name in ("sessions", "visits"):
        items = out.items.setdefault(name, [])
        for row in rows[name]:
            at = starts.get(name, 0) + len(items)
            no = row.values.pop("no", None)
            if no is not None:
                if no in by_no:
                    out.problems.append(Problem(Text("sheets.duplicate_no", no=no), row.where["no"],
                                                Text("sheets.duplicate_no_hint", first=no_at[no].cell or "")))
                else:
                    by_no[no], no_at[no] = (name, at, row.values), row.where["no"]
            _place(out, (name, at), row)
            items.append(row.values)
    places_from_sheet: set[int] = set()
    for kind_name, field_name in (("programme", "programme"), ("places", "places"), ("photos", "photos")):
        kind = next(k for k in KINDS if k.name == kind_name)
        for row in rows[kind_name]:
            _add_detail(out, kind, field_name, row, by_no, places_from_sheet)
    for name in ("sessions", "visits"):
        for item in out.items.get(name, []):
            _fill_people(item, roster)
    return out


def _place(out: SheetRecords, path: Path_, row: _Row) -> None:
    """Note where each value of a row (and each item of a list value) came from."""
    out.positions[path] = row.first
    for key, where in row.empty.items():
        out.positions[(*path, key)] = where
    out.refused.update((*path, key) for key in row.refused)
    for key, value in row.values.items():
        where = row.where[key]
        out.positions[(*path, key)] = where
        if isinstance(value, list):
            for i in range(len(value)):
                out.positions[(*path, key, i)] = where


def _add_detail(out: SheetRecords, kind: SheetKind, field_name: str, row: _Row,
                by_no: dict[int, tuple[str, int, dict[str, Any]]], places_from_sheet: set[int]) -> None:
    """A プログラム, 訪問先 or 写真 row added to the session or visit whose No. it names."""
    no = row.values.pop("no", None)
    if no is None:
        out.problems.append(Problem(Text("sheets.detail_without_no"), row.first,
                                    Text("sheets.detail_without_no_hint")))
        return
    target = by_no.get(no)
    if target is None or target[0] not in kind.adds_to:
        out.problems.append(Problem(Text("sheets.unknown_no", no=no), row.where["no"],
                                    Text("sheets.unknown_no_hint", sheets="・".join(_main_titles(kind)))))
        return
    name, at, item = target
    entries = item.setdefault(field_name, [])
    if field_name == "places":
        if entries and id(item) not in places_from_sheet:
            out.problems.append(Problem(Text("sheets.places_twice"), row.where["no"], Text("sheets.places_twice_hint")))
            return
        places_from_sheet.add(id(item))
    _place(out, (name, at, field_name, len(entries)), row)
    entries.append(row.values)


def _main_titles(kind: SheetKind) -> list[str]:
    return [k.titles[0] for k in KINDS if k.name in kind.adds_to]


def _roster(rows: list[_Row], problems: list[Problem]) -> dict[str, dict[str, Any]]:
    """名簿: each person's honorific, position and affiliation by name."""
    roster: dict[str, dict[str, Any]] = {}
    first: dict[str, str] = {}
    for row in rows:
        person = dict(row.values)
        name = person.get("name")
        if name is None:
            problems.append(Problem(Text("sheets.person_without_name"), row.first, Text("sheets.person_without_name_hint")))
            continue
        if name in roster:
            problems.append(Problem(Text("sheets.person_twice", name=name), row.where["name"],
                                    Text("sheets.person_twice_hint", first=first[name])))
            continue
        if person.get("honorific") == NO_HONORIFIC:
            person["honorific"] = ""
        roster[name], first[name] = person, row.where["name"].cell or ""
    return roster


def _fill_people(item: dict[str, Any], roster: dict[str, dict[str, Any]]) -> None:
    """Give each person named in a row what 名簿 says of them, where the cell itself says nothing."""
    groups = [item.get(f) for f in _PEOPLE_FIELDS] + [talk.get("speakers") for talk in item.get("programme", [])
                                                      if isinstance(talk, dict)]
    for people in groups:
        for person in people or []:
            for key, value in roster.get(person.get("name"), {}).items():
                person.setdefault(key, value)


def _rows(kind: SheetKind, sheet: Sheet, out: SheetRecords) -> Iterator[_Row]:
    """The data rows of a sheet, each value read in its column's shape; problems at their cells."""
    header = _header_row(kind, sheet)
    if header is None:
        return
    columns, refused = _header_columns(kind, sheet, header, out.problems)
    if sheet.hidden:
        shown = "、".join(str(r + 1) for r in sheet.hidden[:10]) + ("…" if len(sheet.hidden) > 10 else "")
        out.notices.append(Problem(Text("sheets.hidden_rows_read", rows=shown), Location(sheet.file, cell=sheet.title),
                                   Text("sheets.hidden_rows_read_hint"), "warning"))
    for index in range(header + 1, len(sheet.rows)):
        cells_ = sheet.rows[index]
        if all(blank(c) for c in cells_):
            continue
        row = _Row(sheet, index, {}, {}, Location(sheet.file, cell=sheet.cell(index, 0)))
        for column_index, column in columns.items():
            row.empty[column.field] = Location(sheet.file, field=column.heading, cell=sheet.cell(index, column_index))
        for column_index, raw in enumerate(cells_):
            if blank(raw):
                continue
            where = Location(sheet.file, cell=sheet.cell(index, column_index))
            column = columns.get(column_index)
            if column is None:
                if column_index not in refused:
                    out.problems.append(Problem(Text("sheets.no_header"), where, Text("sheets.no_header_hint")))
                continue
            where = Location(sheet.file, field=column.heading, cell=where.cell)
            try:
                row.values[column.field] = read_cell(column, raw)
            except InvalidValue as exc:
                out.problems.append(Problem(exc.text, where, exc.hint))
                row.refused.add(column.field)
                continue
            row.where[column.field] = where
            del row.empty[column.field]
        if row.values or not row.refused:  # a row whose every value was refused adds nothing more to say
            yield row


def blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _header_row(kind: SheetKind, sheet: Sheet) -> int | None:
    """The heading row: the first row naming a column of the kind, after at most a few title rows of
    one cell each; the first non-empty row when no row names a column (so its headings are refused)."""
    first: int | None = None
    for index, row in enumerate(sheet.rows):
        filled = [c for c in row if not blank(c)]
        if not filled:
            continue
        if first is None:
            first = index
        if any(isinstance(c, str) and kind.column(c.strip()) is not None for c in filled):
            return index
        if len(filled) > 1 or index - first >= MAX_TITLE_ROWS:
            break
    return first


def _header_columns(kind: SheetKind, sheet: Sheet, row: int, problems: list[Problem]
                    ) -> tuple[dict[int, Column], set[int]]:
    """Column index → column for each heading, and the columns whose heading was refused (an unknown,
    repeated or merged heading, a problem at its cell), so that their values are not refused again."""
    columns: dict[int, Column] = {}
    refused: set[int] = set()
    seen: dict[str, str] = {}
    listed = "、".join(kind.headings)
    for index, raw in enumerate(sheet.rows[row]):
        if blank(raw):
            continue
        heading = str(raw).strip()
        where = Location(sheet.file, cell=sheet.cell(row, index))
        column = kind.column(heading)
        if (row, index) in sheet.merged_across:
            refused.add(index)
            problems.append(Problem(Text("sheets.merged_header", name=heading), where, Text("sheets.merged_header_hint")))
            continue
        if column is None:
            refused.add(index)
            close = difflib.get_close_matches(heading, list(kind.headings), n=1, cutoff=0.5)
            hint = (Text("sheets.unknown_header_close_hint", close=close[0], columns=listed) if close
                    else Text("sheets.unknown_header_hint", columns=listed))
            problems.append(Problem(Text("sheets.unknown_header", name=heading), where, hint))
            continue
        if heading in seen:
            refused.add(index)
            problems.append(Problem(Text("sheets.duplicate_header", name=heading), where,
                                    Text("sheets.duplicate_header_hint", first=seen[heading])))
            continue
        seen[heading] = sheet.cell(row, index)
        columns[index] = column
    return columns, refused


# --- one cell -----------------------------------------------------------------------------------


def read_cell(column: Column, raw: Any) -> Any:
    """A cell's value in the shape its column takes. Raises InvalidValue for
    a value that has no reading there."""
    if raw is UNCALCULATED:
        raise InvalidValue(Text("sheets.formula_not_calculated"), Text("sheets.formula_not_calculated_hint"))
    if isinstance(raw, str):
        text = raw.strip()
        if text in FORMULA_ERRORS:
            raise InvalidValue(Text("sheets.formula_error", error=text), Text("sheets.formula_error_hint"))
        if (control := _CONTROL.search(text)) is not None:
            code = f"U+{ord(control[0]):04X}"
            raise InvalidValue(Text("sheets.control_character", code=code), Text("sheets.control_character_hint"))
        raw = text
    shape = column.shape
    if isinstance(raw, datetime) and raw.time() == time(0):
        raw = raw.date()
    if shape == "date":
        return _date_cell(raw)
    if shape == "time":
        if isinstance(raw, (time, datetime)):
            return raw.strftime("%H:%M")
        return str(raw)
    if isinstance(raw, (date, datetime, time)):
        raise InvalidValue(Text("sheets.date_in_text_column", heading=column.heading), Text("sheets.date_in_text_column_hint"))
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if shape in ("key", "number"):
        return _number_cell(column, raw)
    if shape == "yesno":
        return cells.read_yesno(raw)
    text = str(raw)
    if shape == "list":
        return cells.split_items(text)
    if shape == "paragraphs":
        return cells.read_paragraphs(text)
    if shape == "people":
        return [cells.read_person(item) for item in cells.split_items(text)]
    if shape == "venues":
        return [cells.read_venue(item) for item in cells.split_items(text)]
    if shape == "places":
        return [cells.read_place(item) for item in cells.split_items(text)]
    if shape == "extra":
        return cells.read_extra(text)
    return text


def _date_cell(raw: Any) -> Any:
    """A date cell as a date; a serial number (45550) refused with the day it stands for."""
    if isinstance(raw, datetime):
        return raw.strftime("%Y-%m-%d %H:%M")
    if isinstance(raw, date):
        return raw
    serial = raw if isinstance(raw, (int, float)) and not isinstance(raw, bool) else None
    if isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) == 5:
        serial = int(raw)
    if serial is not None and int(serial) in _SERIALS:
        day = _EXCEL_EPOCH + timedelta(days=int(serial))
        shown = f"{day.year}/{day.month}/{day.day}"
        raise InvalidValue(Text("sheets.date_serial", serial=str(raw)), Text("sheets.date_serial_hint", day=shown))
    return raw


def _number_cell(column: Column, raw: Any) -> Any:
    """A count as a number: `25` in a CSV (always text) is 25; `12名` is refused with its unit named."""
    if isinstance(raw, str):
        if raw.isascii() and raw.isdigit():
            return int(raw)
        if (unit := _UNIT.match(raw)) is not None:
            raise InvalidValue(Text("sheets.number_with_unit", text=raw), Text("sheets.number_with_unit_hint", unit=unit[2]))
    if column.shape == "key" and not isinstance(raw, int):
        raise InvalidValue(Text("sheets.bad_no", text=str(raw)), Text("sheets.bad_no_hint"))
    return raw

