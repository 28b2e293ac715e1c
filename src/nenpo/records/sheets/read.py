"""Sessions and visits kept in a spreadsheet: the workbooks and CSV files at the top of a records folder.

Many secretariats keep the year's sessions in Excel already. A workbook holds one sheet per kind
(records/sheets/columns.py): each row of 研修 or 訪問 is one session or visit, プログラム, 訪問先 and
写真 rows add to the row with the same No., and 名簿 fills in the people named in the other sheets.
Every value remembers its cell (`研修!C7`) and its column's heading, so validation points at the cell
the way it points at a YAML line.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from nenpo.errors import InvalidValue, Location, NenpoError, Problem
from nenpo.messages import Text
from nenpo.records.files import read_regular
from nenpo.records.sheets import cells
from nenpo.records.sheets.columns import GUIDE_TITLE, KINDS, NO_HONORIFIC, Column, SheetKind, kind_of_title
from nenpo.records.sheets.xml import SheetXml, scan_sheet_xml

Path_ = tuple[str | int, ...]

#: Rows a sheet may hold: a year has dozens of sessions; a million rows is the wrong file.
MAX_ROWS = 20_000
#: Rows above the heading row that may hold a title (「令和6年度 研修一覧」) and nothing else.
MAX_TITLE_ROWS = 5
#: What a cell of a formula Excel could not calculate holds.
FORMULA_ERRORS = frozenset({"#REF!", "#DIV/0!", "#N/A", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"})
#: Characters that never print: a tab copied from Excel, a line feed is allowed (Alt+Enter).
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")
#: How an .xlsx file spells a character XML cannot hold (`_x000D_` for a carriage return): Excel
#: writes it so, and openpyxl hands the cell's text over with the spelling left in.
_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
#: A workbook Excel encrypted with a password: an OLE2 file (as an old .xls) holding this stream.
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
#: Files of other programs that are zip archives too, by a member only they hold, and what to call them.
_OTHER_ZIPS = (("word/", Text("sheets.kind_word")), ("ppt/", Text("sheets.kind_powerpoint")),
               ("Index/Document.iwa", Text("sheets.kind_numbers")), ("Index.zip", Text("sheets.kind_numbers")),
               ("content.xml", Text("sheets.kind_opendocument")))
#: The day Excel counts its date serial numbers from (45550 is 2024-09-15).
_EXCEL_EPOCH = date(1899, 12, 30)
#: Serial numbers that are surely dates of records (1960 to 2100), not counts.
_SERIALS = range(21916, 73051)
#: A count typed with its unit (12名, 約30人, 第3回, 2019年度): refused with the unit named.
_UNIT = re.compile(r"^\s*(?:約|第)?\s*[0-9０-９]+\s*(?P<unit>名|人|回|件|団体|か所|箇所|年度)\s*$")
#: A count with thousands separators, as Excel writes a cell formatted so into a CSV (`"1,200"`).
_THOUSANDS = re.compile(r"^[0-9]{1,3}(?:,[0-9]{3})+$")

_PEOPLE_FIELDS = ("speakers", "members")


@dataclass
class Sheet:
    """One sheet as read: its rows of values, merged cells filled down, and its hidden rows."""

    file: Path
    #: None for a CSV file.
    title: str | None
    rows: list[tuple[Any, ...]]
    hidden: list[int] = field(default_factory=list)
    #: Merged ranges as 0-based (top row, left column) → (bottom row, right column), for the header check.
    merged: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)

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
    chosen: list[tuple[SheetKind, str]] = []
    passed: list[str] = []
    for title in book.titles:
        if title in skip or title.strip() == GUIDE_TITLE:
            continue
        kind = kind_of_title(title)
        (chosen.append((kind, title)) if kind else passed.append(title))
    notices: list[Problem] = []
    if not chosen and (by_name := kind_of_title(file.stem)) is not None and passed:
        chosen, passed = [(by_name, passed[0])], passed[1:]
    names = "、".join(k.titles[0] for k in KINDS)
    for title in passed:
        if book.extent(title).rows:
            notices.append(Problem(Text("sheets.sheet_not_read", title=title), Location(file),
                                   Text("sheets.sheet_not_read_hint", names=names), "warning"))
    if not chosen and not passed and not skip:  # nothing but 説明: a workbook left empty
        notices.append(Problem(Text("sheets.no_known_sheet"), Location(file),
                               Text("sheets.no_known_sheet_hint", names=names), "warning"))
    return [(kind, book.sheet(title)) for kind, title in chosen], notices


class Uncalculated:
    """A formula cell that holds no result: the file was written by a program, never opened in Excel."""


UNCALCULATED = Uncalculated()


@dataclass
class Workbook:
    """An opened workbook: its sheets' names, and each sheet's cells on demand."""

    file: Path
    raw: bytes
    book: Any
    _scans: dict[str, SheetXml] = field(default_factory=dict)

    @property
    def titles(self) -> list[str]:
        return list(self.book.sheetnames)

    def extent(self, title: str) -> SheetXml:
        """What the sheet's XML says: how far its cells reach, merged ranges, hidden rows."""
        if title not in self._scans:
            self._scans[title] = scan_sheet_xml(self.raw, title)
        return self._scans[title]

    def sheet(self, title: str) -> Sheet:
        """The sheet's values, a range merged down a column giving its value to every row of it;
        refused when a stray value lies far beyond any table (XFD1048576) before a cell is read."""
        return sheet_rows(self, title)


def open_workbook(file: Path) -> Workbook:
    """The workbook in `file` with formulas as last calculated, or an error that says what the file is."""
    import openpyxl  # imported here: only folders with a workbook pay for it

    raw = read_regular(file)
    if not raw:
        raise NenpoError.single(Text("sheets.empty_file"), Location(file), Text("sheets.corrupt_hint"))
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        if _ENCRYPTED in raw:
            raise NenpoError.single(Text("sheets.encrypted"), Location(file), Text("sheets.encrypted_hint"))
        raise NenpoError.single(Text("sheets.old_excel"), Location(file), Text("sheets.old_excel_hint"))
    _refuse_other_zip(file, raw)
    if _is_text(raw):
        names = "、".join(f"{k.titles[0]}.csv" for k in KINDS)
        raise NenpoError.single(Text("sheets.other_document", suffix=file.suffix, kind=Text("sheets.kind_text")),
                                Location(file), Text("sheets.text_as_workbook_hint", names=names))
    _japanese_date_formats()
    try:
        book = Workbook(file, raw, openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True))
        for title in book.titles:
            book.extent(title)  # a sheet part missing or unreadable is a damaged file
    except Exception:  # noqa: BLE001 - any failure of a damaged zip or XML means one thing to the user
        raise NenpoError.single(Text("sheets.corrupt"), Location(file), Text("sheets.corrupt_hint")) from None
    return book


#: The number formats a Japanese Excel writes by id alone (令和元年7月5日, 2019年7月5日, 7月5日, 13時30分):
#: openpyxl does not know these ids and would give the day as its serial number (43651).
_JAPANESE_DATE_FORMATS = {**dict.fromkeys((27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58),
                                          "yyyy/m/d"), 32: "h:mm", 33: "h:mm:ss"}


def _japanese_date_formats() -> None:
    """Teach openpyxl's reader the ids (only id → code: the writer must keep writing its own codes)."""
    from openpyxl.styles import numbers

    for number, code in _JAPANESE_DATE_FORMATS.items():
        numbers.BUILTIN_FORMATS.setdefault(number, code)



def _refuse_other_zip(file: Path, raw: bytes) -> None:
    """Raise NenpoError naming what `file` is when it is a zip archive but not a workbook (a Word
    file renamed .xlsx); a file that is no zip at all is left to openpyxl, which finds it damaged."""
    try:
        names = zipfile.ZipFile(io.BytesIO(raw)).namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return
    if any(name.lower() == "xl/workbook.xml" for name in names):
        return
    kind = next((kind for member, kind in _OTHER_ZIPS if any(n.startswith(member) for n in names)),
                Text("sheets.kind_zip"))
    raise NenpoError.single(Text("sheets.other_document", suffix=file.suffix, kind=kind), Location(file),
                            Text("sheets.other_document_hint"))


def _is_text(raw: bytes) -> bool:
    """Whether a file's start reads as text (a CSV or a web page saved under a workbook's name): no
    zip's signature, no control character but tabs and line ends, and UTF-8 or CP932."""
    head = raw[:4096]
    if raw.startswith(b"PK") or not head.strip() or re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", head):
        return False
    for encoding in ("utf-8", "cp932"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=len(raw) <= len(head))
            return True
        except UnicodeDecodeError:
            continue
    return False


#: Columns a sheet of records may span: the widest sheet has 21; a value in XFD is a stray one.
MAX_COLUMNS = 200


def sheet_rows(book: Workbook, title: str) -> Sheet:
    """A worksheet's values (see Workbook.sheet)."""
    scan = book.extent(title)
    file = book.file
    if scan.rows > MAX_ROWS:
        raise NenpoError.single(Text("sheets.too_many_rows", last=scan.rows, limit=MAX_ROWS),
                                Location(file, cell=f"{title}!{scan.far_row_cell or f'A{scan.rows}'}"),
                                Text("sheets.too_many_rows_hint"))
    if scan.columns > MAX_COLUMNS:
        raise NenpoError.single(Text("sheets.too_many_columns", last=column_letter(scan.columns - 1), limit=MAX_COLUMNS),
                                Location(file, cell=f"{title}!{scan.far_column_cell}"),
                                Text("sheets.too_many_columns_hint"))
    ws = book.book[title]
    width = max(scan.columns, 1)
    rows = [[_ooxml_unescape(v) if isinstance(v, str) else v for v in row]
            for row in ws.iter_rows(min_row=1, max_row=scan.rows, min_col=1, max_col=width, values_only=True)]
    sheet = Sheet(file, title, [])
    for row, column in scan.uncalculated:
        if row < len(rows) and column < len(rows[row]):
            rows[row][column] = UNCALCULATED
    for top, left, bottom, right in scan.merged:
        sheet.merged[(top, left)] = (bottom, right)
        value = rows[top][left] if top < len(rows) and left < len(rows[top]) else None
        for r in range(top + 1, min(bottom + 1, len(rows))):
            if left < len(rows[r]):
                rows[r][left] = value
    sheet.rows = [tuple(row) for row in rows]
    sheet.hidden = sorted(r for r in scan.hidden_rows if r < len(rows))
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
        raise NenpoError.single(Text("sheets.too_many_rows", last=len(rows), limit=MAX_ROWS), Location(file),
                                Text("sheets.too_many_rows_hint"))
    return rows


def _ooxml_unescape(text: str) -> str:
    """A cell's text with Excel's `_x000D_` spelling of a character turned back into the character
    (a carriage return, or a control character that is then refused at its cell)."""
    return _OOXML_ESCAPE.sub(lambda m: chr(int(m[1], 16)), text) if "_x" in text else text


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
    numbered = _Numbered()
    for name in ("sessions", "visits"):
        items = out.items.setdefault(name, [])
        for row in rows[name]:
            at = starts.get(name, 0) + len(items)
            no = row.values.pop("no", None)
            if no is not None:
                if no in numbered.rows:
                    first, here = numbered.at[no], row.where["no"]
                    hint = (Text("sheets.duplicate_no_hint", first=_first_at(first, here)) if first.file == here.file
                            else Text("sheets.duplicate_no_across_files_hint", first=_first_at(first, here)))
                    out.problems.append(Problem(Text("sheets.duplicate_no", no=no), here, hint))
                else:
                    numbered.rows[no], numbered.at[no] = (name, at, row.values), row.where["no"]
            _place(out, (name, at), row)
            items.append(row.values)
    for kind_name, field_name in (("programme", "programme"), ("places", "places"), ("photos", "photos")):
        kind = next(k for k in KINDS if k.name == kind_name)
        for row in rows[kind_name]:
            _add_detail(out, kind, field_name, row, numbered)
    for name in ("sessions", "visits"):
        for item in out.items.get(name, []):
            _fill_people(item, roster)
    return out


@dataclass
class _Numbered:
    """The rows of 研修 and 訪問 by their No., for the detail sheets' rows to add to."""

    #: No. → (list name, index in the list, the row's values).
    rows: dict[int, tuple[str, int, dict[str, Any]]] = field(default_factory=dict)
    at: dict[int, Location] = field(default_factory=dict)
    #: Visits (by id) whose places come from 訪問先 rows, and those whose places were found twice.
    places_from_sheet: set[int] = field(default_factory=set)
    places_twice: set[int] = field(default_factory=set)


def _first_at(first: Location, here: Location) -> str:
    """Where an earlier cell is, as a hint names it: `研修!A2`, or `前期.xlsx:研修!A2` in another file."""
    if first.file == here.file or first.file is None:
        return first.cell or ""
    return f"{first.file.name}:{first.cell}"


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


def _add_detail(out: SheetRecords, kind: SheetKind, field_name: str, row: _Row, numbered: _Numbered) -> None:
    """A プログラム, 訪問先 or 写真 row added to the session or visit whose No. it names."""
    no = row.values.pop("no", None)
    if no is None:
        if "no" not in row.refused:  # a No. refused at its cell (`A`, `1-1`) was reported there
            out.problems.append(Problem(Text("sheets.detail_without_no"), row.first,
                                        Text("sheets.detail_without_no_hint")))
        return
    target = numbered.rows.get(no)
    if target is None or target[0] not in kind.adds_to:
        hint = Text("sheets.unknown_no_hint", sheets="・".join(_main_titles(kind)))
        message = (Text("sheets.unknown_no", no=no) if target is None
                   else Text("sheets.no_of_other_sheet", no=no, sheet=_title_of(target[0])))
        out.problems.append(Problem(message, row.where["no"], hint))
        return
    name, at, item = target
    entries = item.setdefault(field_name, [])
    if field_name == "places":
        if entries and id(item) not in numbered.places_from_sheet:
            if id(item) not in numbered.places_twice:  # once for the visit, not again for each of its rows
                numbered.places_twice.add(id(item))
                out.problems.append(Problem(Text("sheets.places_twice"), row.where["no"],
                                            Text("sheets.places_twice_hint")))
            return
        numbered.places_from_sheet.add(id(item))
    _place(out, (name, at, field_name, len(entries)), row)
    entries.append(row.values)


def _main_titles(kind: SheetKind) -> list[str]:
    return [k.titles[0] for k in KINDS if k.name in kind.adds_to]


def _title_of(name: str) -> str:
    """The sheet title of a kind by its name (`sessions` → 研修)."""
    return next(k.titles[0] for k in KINDS if k.name == name)


def _roster(rows: list[_Row], problems: list[Problem]) -> dict[str, dict[str, Any]]:
    """名簿: each person's honorific, position and affiliation by name."""
    roster: dict[str, dict[str, Any]] = {}
    first: dict[str, Location] = {}
    for row in rows:
        person = dict(row.values)
        name = person.get("name")
        if name is None:
            problems.append(Problem(Text("sheets.person_without_name"), row.first, Text("sheets.person_without_name_hint")))
            continue
        if name in roster:
            problems.append(Problem(Text("sheets.person_twice", name=name), row.where["name"],
                                    Text("sheets.person_twice_hint", first=_first_at(first[name], row.where["name"]))))
            continue
        if person.get("honorific") == NO_HONORIFIC:
            person["honorific"] = ""
        roster[name], first[name] = person, row.where["name"]
    return roster


def _fill_people(item: dict[str, Any], roster: dict[str, dict[str, Any]]) -> None:
    """Give each person named in a row what 名簿 says of them, where the cell itself says nothing."""
    groups = [item.get(f) for f in _PEOPLE_FIELDS] + [talk.get("speakers") for talk in item.get("programme", [])
                                                      if isinstance(talk, dict)]
    for people in groups:
        for person in people or []:
            for key, value in roster.get(person.get("name"), {}).items():
                person.setdefault(key, value)


@dataclass
class _Header:
    """The heading row of a sheet as read: which column each heading names, and what was refused."""

    row: int
    columns: dict[int, Column] = field(default_factory=dict)
    #: Columns whose heading was refused (unknown, repeated, merged): their values are not refused again.
    refused: set[int] = field(default_factory=set)
    #: Fields a refused heading stood for (日付け for 日付, a merged 日付): not reported missing in every row.
    meant: set[str] = field(default_factory=set)
    #: The last row of the heading: a heading cell merged down over two rows makes the heading two rows tall.
    last: int = 0
    #: A heading merged across columns was refused: the columns under it may hold anything (日時 over 日付, 時刻).
    merged_across: bool = False


def _rows(kind: SheetKind, sheet: Sheet, out: SheetRecords) -> list[_Row]:
    """The data rows of a sheet, each value read in its column's shape; problems at their cells."""
    index = _header_row(kind, sheet)
    if index is None:
        return []
    header = _header_columns(kind, sheet, index, out.problems)
    if sheet.hidden:
        shown = "、".join(str(r + 1) for r in sheet.hidden[:10]) + ("…" if len(sheet.hidden) > 10 else "")
        out.notices.append(Problem(Text("sheets.hidden_rows_read", rows=shown), Location(sheet.file, cell=sheet.title),
                                   Text("sheets.hidden_rows_read_hint"), "warning"))
    rows = [row for i in range(header.last + 1, len(sheet.rows)) if (row := _row(kind, sheet, header, i, out))]
    _refuse_missing_date_column(kind, sheet, header, rows, out.problems)
    return rows


def _refuse_missing_date_column(kind: SheetKind, sheet: Sheet, header: _Header, rows: list[_Row],
                                problems: list[Problem]) -> None:
    """A 研修 or 訪問 sheet with no 日付 column: one error at its heading row rather than one in each row,
    unless every row is cancelled or postponed (which needs no date), or a heading merged across columns
    (日時 over 日付 and 時刻) was refused already."""
    date = kind.column("日付")
    status = kind.column("状況")
    if date is None or status is None or kind.adds_to or any(c.field == date.field for c in header.columns.values()):
        return
    dated = [r for r in rows if r.values.get(status.field) not in status.choices[1:]]  # not 中止 or 延期
    if header.merged_across or date.field in header.meant or not dated:
        return
    width = max((i + 1 for i, c in enumerate(sheet.rows[header.row]) if not blank(c)), default=0)
    problems.append(Problem(Text("sheets.missing_column", name=date.heading),
                            Location(sheet.file, cell=sheet.cell(header.row, width)),
                            Text("sheets.missing_date_column_hint", columns="、".join(kind.headings))))
    for row in rows:
        row.refused.add(date.field)


def _row(kind: SheetKind, sheet: Sheet, header: _Header, index: int, out: SheetRecords) -> _Row | None:
    """One data row of a sheet, or None for an empty row or one whose every value was refused."""
    columns, refused = header.columns, header.refused
    cells_ = sheet.rows[index]
    if all(blank(c) for c in cells_):
        return None
    row = _Row(sheet, index, {}, {}, Location(sheet.file, cell=sheet.cell(index, 0)))
    for column_index, column in columns.items():
        row.empty[column.field] = Location(sheet.file, field=column.heading, cell=sheet.cell(index, column_index))
    for column in kind.columns:  # a column the sheet lacks: a value it needs is reported at the row
        if column.field not in row.empty:
            row.empty[column.field] = Location(sheet.file, field=column.heading, cell=row.first.cell)
    row.refused.update(header.meant)
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
    cell_refused = row.refused - header.meant
    return row if row.values or not cell_refused else None  # a row whose every value was refused adds nothing more


def blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _header_row(kind: SheetKind, sheet: Sheet) -> int | None:
    """The heading row: the first row naming a column of the kind, after at most a few title rows
    (「令和6年度 研修一覧」, 「作成：事務局」 and a date) that name none; the first non-empty row when
    no row names a column (so its headings are refused)."""
    first: int | None = None
    for index, row in enumerate(sheet.rows):
        filled = [c for c in row if not blank(c)]
        if not filled:
            continue
        if first is None:
            first = index
        if any(isinstance(c, str) and kind.column(c.strip()) is not None for c in filled):
            return index
        if index - first >= MAX_TITLE_ROWS:
            break
    return first


def _header_columns(kind: SheetKind, sheet: Sheet, row: int, problems: list[Problem]) -> _Header:
    """Which column each heading names, and the headings refused (unknown, repeated or merged across
    columns, each a problem at its cell) with the fields they stood for.

    A heading cell merged down over the row below makes the heading two rows tall (a heading above
    a pair of sub-headings, say); the data begin below it."""
    header = _Header(row, last=row)
    seen: dict[str, str] = {}
    listed = "、".join(kind.headings)
    for index, raw in enumerate(sheet.rows[row]):
        if blank(raw) or index in header.refused:
            continue
        heading = str(raw).strip()
        where = Location(sheet.file, cell=sheet.cell(row, index))
        column = kind.column(heading)
        close = difflib.get_close_matches(heading, list(kind.headings), n=1, cutoff=0.5) if column is None else []
        meant = column or (kind.column(close[0]) if close else None)
        bottom, right = sheet.merged.get((row, index), (row, index))
        header.last = max(header.last, bottom)
        if right > index:
            header.merged_across = True
            header.refused.update(range(index, right + 1))
            header.meant.update([meant.field] if meant else [])
            problems.append(Problem(Text("sheets.merged_header", name=heading), where, Text("sheets.merged_header_hint")))
            continue
        if column is None:
            header.refused.add(index)
            header.meant.update([meant.field] if meant else [])
            hint = (Text("sheets.unknown_header_close_hint", close=close[0], columns=listed) if close
                    else Text("sheets.unknown_header_hint", columns=listed))
            problems.append(Problem(Text("sheets.unknown_header", name=heading), where, hint))
            continue
        if heading in seen:
            header.refused.add(index)
            problems.append(Problem(Text("sheets.duplicate_header", name=heading), where,
                                    Text("sheets.duplicate_header_hint", first=seen[heading])))
            continue
        seen[heading] = sheet.cell(row, index)
        header.columns[index] = column
    _check_tall_heading(sheet, header, problems)
    for r in range(row + 1, header.last + 1):  # sub-headings under a refused heading (日付 and 時刻 under 日時)
        named = (kind.column(raw.strip()) for i, raw in enumerate(sheet.rows[r])
                 if i in header.refused and isinstance(raw, str))
        header.meant.update(c.field for c in named if c is not None)
    header.meant -= {c.field for c in header.columns.values()}  # 日付け beside 日付: every row has its 日付
    return header


def _check_tall_heading(sheet: Sheet, header: _Header, problems: list[Problem]) -> None:
    """A heading cell merged down by mistake over a row of records: the row would be taken for part
    of the heading, so the merge is refused at the heading cell and the row read as records."""
    merged_down = {left for (top, left), (bottom, _) in sheet.merged.items() if top == header.row and bottom > top}
    for index in range(header.row + 1, header.last + 1):
        cells_ = sheet.rows[index] if index < len(sheet.rows) else ()
        if any(not blank(c) and i in header.columns and i not in merged_down for i, c in enumerate(cells_)):
            for left in sorted(merged_down):
                problems.append(Problem(Text("sheets.merged_header", name=str(sheet.rows[header.row][left]).strip()),
                                        Location(sheet.file, cell=sheet.cell(header.row, left)),
                                        Text("sheets.merged_header_hint")))
                header.refused.add(left)
                if (column := header.columns.pop(left, None)) is not None:
                    header.meant.add(column.field)
            header.last = header.row
            return


# --- one cell -----------------------------------------------------------------------------------


def read_cell(column: Column, raw: Any) -> Any:
    """A cell's value in the shape its column takes. Raises InvalidValue for
    a value that has no reading there."""
    if raw is UNCALCULATED:
        raise InvalidValue(Text("sheets.formula_not_calculated"), Text("sheets.formula_not_calculated_hint"))
    if isinstance(raw, str):
        text = raw.replace("\r\n", "\n").replace("\r", "\n").strip()  # a line end saved by Windows or an old Mac
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
    if shape == "year":
        return raw if isinstance(raw, int) else str(raw)  # the model reads 令和6年度 and refuses the rest
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
    """A count as a number: `25` in a CSV (always text) is 25, and so are `２５` (typed with the IME)
    and `1,200` (a cell formatted with separators, saved as CSV); `12名` is refused with its unit named."""
    if isinstance(raw, str):
        digits = unicodedata.normalize("NFKC", raw).strip()
        if digits.isascii() and digits.isdigit():
            return int(digits)
        if _THOUSANDS.match(digits):
            return int(digits.replace(",", ""))
        if (unit := _UNIT.match(raw)) is not None:
            raise InvalidValue(Text("sheets.number_with_unit", text=raw),
                               Text("sheets.number_with_unit_hint", unit=unit["unit"]))
    if column.shape == "key" and not isinstance(raw, int):
        raise InvalidValue(Text("sheets.bad_no", text=str(raw)), Text("sheets.bad_no_hint"))
    return raw

