"""Records → the workbook `nenpo export --xlsx` writes, and the one `nenpo new --xlsx` starts from.

The form of the workbook is records/sheets/columns.py's; each value is written in the form the
reader (records/sheets/read.py, with the cell forms of cells.py) reads back. What one cell cannot
hold goes to a sheet of its own: a programme to プログラム, places with their own dates or topics
to 訪問先, photos to 写真, people with a position or an unusual honorific to 名簿 (the cell then
names them by name alone). What no sheet can hold is refused here, naming the item and the field;
records/sheets/export.py reads the written book back and compares, so nothing is lost silently.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from nenpo import dates
from nenpo.errors import Location, NenpoError, Problem
from nenpo.messages import Text
from nenpo.records.load import field_path
from nenpo.records.model import Event, Person, Place, Report, Session, Span, Venue, Visit
from nenpo.records.sheets import cells
from nenpo.records.sheets.columns import (
    GUIDE_TITLE,
    KINDS,
    LIST_SEPARATOR,
    NO_HONORIFIC,
    PEOPLE,
    PHOTOS,
    PLACES,
    PROGRAMME,
    SESSIONS,
    VISITS,
    YES,
    Column,
    SheetKind,
)

Path_ = tuple[str | int, ...]
#: What a cell holds as openpyxl writes it: text, a whole number or a date cell.
CellValue = str | int | date

#: The name `nenpo new --xlsx` gives the workbook (any name ending .xlsx is read).
BOOK_NAME = "記録.xlsx"
#: The most characters Excel keeps in one cell.
MAX_CELL_CHARS = 32_767
#: Rows of a sheet that get the columns' data validation and input help: a year's sessions and more.
VALIDATED_ROWS = 1000
#: The first day Excel shows as a date cell (its serial 61; earlier serials are off by its 1900 leap day).
FIRST_DATE_CELL = date(1900, 3, 1)
#: How a date cell is shown.
DATE_FORMAT = "yyyy/m/d"
#: Joins the days of a span and the times of a time range, as columns.py's examples write it.
RANGE_JOINER = "～"
#: The fixed time stamp of every part of the workbook: the same records give the same bytes.
_STAMP = (1980, 1, 1, 0, 0, 0)
_STAMP_TEXT = "1980-01-01T00:00:00Z"

#: Shapes whose cells hold several lines: wrapped, top-aligned.
_WRAPPED = frozenset({"list", "paragraphs", "people", "venues", "places", "extra"})
#: The 訪問 example row's own cells where the columns' examples (shared with 研修) suit a session only.
_VISIT_EXAMPLE: dict[str, object] = {"number": None, "kind": "行政視察", "title": "先進市の窓口改革", "time": None,
                                     "participants": 10}


@dataclass(frozen=True)
class Unwritable:
    """A value no sheet of the workbook can hold as it is: where it is in the records, and why."""

    path: Path_
    heading: str
    reason: Text


#: What the reader refuses in a cell: control characters but the line end (Alt+Enter).
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")


@dataclass
class Book:
    """The rows of each sheet (kind name → rows of field → cell), and what could not be written."""

    rows: dict[str, list[dict[str, CellValue]]] = field(default_factory=lambda: {k.name: [] for k in KINDS})
    unwritable: list[Unwritable] = field(default_factory=list)

    def add(self, kind: SheetKind, row: dict[str, CellValue | None], path: Path_) -> None:
        """A row of `kind` for the record at `path` (its cells named by the record's fields); a
        text the reader would refuse or split otherwise is noted as unwritable at its field."""
        cells_ = {k: v for k, v in row.items() if v is not None}
        for column in kind.columns:
            text = cells_.get(column.field)
            if not isinstance(text, str):
                continue
            if found := _CONTROL.search(text):
                self.unwritable.append(Unwritable((*path, column.field), column.heading,
                                                  Text("export.control_character", code=f"U+{ord(found[0]):04X}")))
            elif column.shape == "list" and cells.split_items(text) != text.split("\n"):
                self.unwritable.append(Unwritable((*path, column.field), column.heading, Text("export.item_split")))
        self.rows[kind.name].append(cells_)


# --- values → cells -----------------------------------------------------------------------------


def day_cell(day: date) -> CellValue:
    """A date cell, or the date as text (2019/7/5) before the first day Excel shows as a date."""
    return day if day >= FIRST_DATE_CELL else _day_text(day)


def _day_text(day: date) -> str:
    return f"{day.year}/{day.month}/{day.day}"


def when_cell(span: Span | None) -> CellValue | None:
    """A day as a date cell, a span as text the dates module reads back (2019/10/8～2019/10/9)."""
    if span is None:
        return None
    if span.end is None:
        return day_cell(span.start)
    return f"{_day_text(span.start)}{RANGE_JOINER}{_day_text(span.end)}"


def time_cell(value: dates.TimeRange | None) -> str | None:
    """13:30～16:00, or 13:30～ with no end, as text."""
    if value is None:
        return None
    return dates.format_time_range(value).replace("〜", RANGE_JOINER)


def _items(values: Sequence[str]) -> str | None:
    return cells.write_items(values) if values else None


def _paragraphs(values: Sequence[str]) -> str | None:
    return cells.write_paragraphs(values) if values else None


def _extra(fields: dict[str, str]) -> str | None:
    return cells.write_extra(fields) if fields else None


def _one_item(text: str, at_separator: bool = True) -> bool:
    """True when a cell reads `text` back as one item (no line end, no 「、」 outside brackets)."""
    return cells.split_items(text, at_separator) == [text]


# --- people and 名簿 ----------------------------------------------------------------------------


def roster_entry(person: Person) -> dict[str, str]:
    """What a 名簿 row says of a person besides the name: an empty honorific written as なし."""
    entry: dict[str, str] = {}
    if person.honorific is not None:
        entry["honorific"] = person.honorific or NO_HONORIFIC
    if person.position is not None:
        entry["position"] = person.position
    if person.affiliation is not None:
        entry["affiliation"] = person.affiliation
    return entry


def _read_entry(entry: dict[str, str]) -> dict[str, str]:
    """A 名簿 row's values as the reader gives them to a person: なし is no honorific at all."""
    return {k: ("" if k == "honorific" and v == NO_HONORIFIC else v) for k, v in entry.items()}


def _person_read(text: str, roster: dict[str, dict[str, str]]) -> Person | None:
    """The person a cell item reads as once 名簿 has filled in what the item does not say."""
    read = cells.read_person(text)
    for key, value in _read_entry(roster.get(read["name"], {})).items():
        read.setdefault(key, value)
    try:
        return Person.model_validate(read)
    except ValueError:
        return None


def inline_person(person: Person) -> str | None:
    """`氏名敬称（所属）` when a cell reads exactly this person back from it with no 名簿 row."""
    if person.position is not None:
        return None
    text = cells.write_person(person.name, person.honorific, person.affiliation)
    return text if _one_item(text) and _person_read(text, {}) == person else None


def name_cell(name: str) -> str:
    """A person by name alone, for 名簿 to fill in the rest."""
    return cells.write_person(name, None, None)


@dataclass
class _People:
    """Every person the sheets name, the 名簿 rows some of them need, and the cell text of each."""

    roster: dict[str, dict[str, str]] = field(default_factory=dict)
    first: dict[str, Path_] = field(default_factory=dict)
    #: People already refused, so that their cell does not refuse them again.
    refused: set[Path_] = field(default_factory=set)

    def need(self, person: Person, path: Path_, heading: str, out: Book) -> None:
        """Give a person who cannot be written inline a 名簿 row (refused when the name has one
        already with other values, or cannot stand alone in a cell)."""
        if inline_person(person) is not None:
            return
        alone = name_cell(person.name)
        if not _one_item(alone) or cells.read_person(alone) != {"name": person.name}:
            self._refuse(path, heading, Text("export.name_unreadable", name=person.name), out)
        elif person.name in self.roster and self.roster[person.name] != roster_entry(person):
            self._refuse(path, heading, self._conflict(person.name), out)
        elif person.name not in self.roster:
            self.roster[person.name], self.first[person.name] = roster_entry(person), path

    def cell(self, people: Sequence[Person], path: Path_, heading: str, out: Book) -> str | None:
        """The cell naming `people`, one a line: each inline where it reads back so, else by name
        alone with its 名簿 row; a person neither gives back is refused (the same name with other values)."""
        lines = []
        for i, person in enumerate(people):
            text = next((t for t in (inline_person(person), name_cell(person.name))
                         if t is not None and _person_read(t, self.roster) == person), None)
            if text is not None:
                lines.append(text)
            elif (*path, i) not in self.refused:
                self._refuse((*path, i), heading, self._conflict(person.name), out)
        return "\n".join(lines) if lines else None

    def _conflict(self, name: str) -> Text:
        return Text("export.person_conflict", name=name, first=field_path(self.first[name]))

    def _refuse(self, path: Path_, heading: str, reason: Text, out: Book) -> None:
        self.refused.add(path)
        out.unwritable.append(Unwritable(path, heading, reason))


def _people_in(report: Report) -> Iterable[tuple[Person, Path_, str]]:
    """Every person of the sessions and visits, with where they are and their column's heading."""
    for i, session in enumerate(report.sessions):
        for j, person in enumerate(session.speakers):
            yield person, ("sessions", i, "speakers", j), _heading(SESSIONS, "speakers")
        for t, talk in enumerate(session.programme):
            for j, person in enumerate(talk.speakers):
                yield person, ("sessions", i, "programme", t, "speakers", j), _heading(PROGRAMME, "speakers")
    for i, visit in enumerate(report.visits):
        for j, person in enumerate(visit.members):
            yield person, ("visits", i, "members", j), _heading(VISITS, "members")


def _heading(kind: SheetKind, field_name: str) -> str:
    return next(c.heading for c in kind.columns if c.field == field_name)


# --- venues and places --------------------------------------------------------------------------


def inline_venue(venue: Venue) -> str | None:
    """`場所（施設、施設）` when a cell reads this venue back from it."""
    return _read_back(cells.write_venue(venue.place, venue.facilities), cells.read_venue, venue)


def inline_place(place: Place) -> str | None:
    """`都道府県市区町村（施設、施設）` when a cell reads this place back from it: a place with its own
    date, topics or other fields needs a 訪問先 row."""
    if place.date is not None or place.topics or place.extra:
        return None
    return _read_back(cells.write_place(place.prefecture, place.municipality, place.facilities), cells.read_place,
                      place)


def _read_back(text: str, read: Callable[[str], dict[str, Any]], value: Venue | Place) -> str | None:
    """`text`, when a one-line cell holding it reads back as `value`; else None."""
    if not _one_item(text, at_separator=False):
        return None
    try:
        return text if type(value).model_validate(read(text)) == value else None
    except ValueError:
        return None


# --- rows ---------------------------------------------------------------------------------------


def _event_cells(event: Event) -> dict[str, CellValue | None]:
    """The cells every session and visit row has (an empty cell says the default: 開催, not など)."""
    return {
        "fiscal_year": event.fiscal_year, "number": event.number, "kind": event.kind, "heading": event.heading,
        "title": event.title, "date": when_cell(event.date), "time": time_cell(event.time),
        "status": None if event.status == "開催" else event.status, "status_note": event.status_note,
        "postponed_to": when_cell(event.postponed_to), "mode": event.mode, "audience": event.audience,
        "participants": event.participants, "host": _items(event.host), "co_host": _items(event.co_host),
        "support": _items(event.support), "extra": _extra(event.extra),
    }


def _session_row(session: Session, i: int, no: int, people: _People, book: Book) -> dict[str, CellValue | None]:
    path: Path_ = ("sessions", i)
    venues = []
    for v, venue in enumerate(session.venues):
        text = inline_venue(venue)
        if text is None:
            book.unwritable.append(Unwritable((*path, "venues", v), _heading(SESSIONS, "venues"),
                                              Text("export.venue_unreadable", place=venue.place)))
        else:
            venues.append(text)
    for t, talk in enumerate(session.programme):
        book.add(PROGRAMME, {
            "no": no, "title": talk.title,
            "speakers": people.cell(talk.speakers, (*path, "programme", t, "speakers"),
                                    _heading(PROGRAMME, "speakers"), book)}, (*path, "programme", t))
    return {"no": no, **_event_cells(session), "venues": "\n".join(venues) or None,
            "speakers": people.cell(session.speakers, (*path, "speakers"), _heading(SESSIONS, "speakers"), book),
            "summary": _paragraphs(session.summary)}


def _visit_row(visit: Visit, i: int, no: int, people: _People, book: Book) -> dict[str, CellValue | None]:
    path: Path_ = ("visits", i)
    inline = [inline_place(place) for place in visit.places]
    places: str | None = None
    if all(text is not None for text in inline):
        places = "\n".join(t for t in inline if t is not None)
    else:
        for p, place in enumerate(visit.places):
            book.add(PLACES, {
                "no": no, "prefecture": place.prefecture, "municipality": place.municipality,
                "facilities": _items(place.facilities), "date": when_cell(place.date), "topics": _items(place.topics),
                "extra": _extra(place.extra)}, (*path, "places", p))
    return {"no": no, **_event_cells(visit), "places": places, "more_places": YES if visit.more_places else None,
            "held_at": visit.held_at, "purpose": visit.purpose, "group": visit.group,
            "members": people.cell(visit.members, (*path, "members"), _heading(VISITS, "members"), book),
            "topics": _items(visit.topics), "text": _paragraphs(visit.text)}


def _photo_rows(event: Event, path: Path_, no: int, book: Book) -> None:
    for j, photo in enumerate(event.photos):
        book.add(PHOTOS, {"no": no, "path": photo.path, "caption": photo.caption, "alt": photo.alt,
                          "credit": photo.credit}, (*path, "photos", j))


def _compact(row: dict[str, CellValue | None]) -> dict[str, CellValue]:
    return {k: v for k, v in row.items() if v is not None}


def plan_book(report: Report) -> Book:
    """The rows of every sheet for the sessions and visits of `report`, and what no sheet can hold.

    Sessions are numbered 1…n in the No. column, visits on from n+1, so that a No. names one row
    of the book."""
    book = Book()
    people = _People()
    for person, path, heading in _people_in(report):
        people.need(person, path, heading, book)
    for i, session in enumerate(report.sessions):
        no = i + 1
        book.add(SESSIONS, _session_row(session, i, no, people, book), ("sessions", i))
        _photo_rows(session, ("sessions", i), no, book)
    for i, visit in enumerate(report.visits):
        no = len(report.sessions) + i + 1
        book.add(VISITS, _visit_row(visit, i, no, people, book), ("visits", i))
        _photo_rows(visit, ("visits", i), no, book)
    for name, entry in people.roster.items():
        book.add(PEOPLE, {"name": name, **entry}, people.first[name])
    return book


# --- the workbook -------------------------------------------------------------------------------


def _no_location(path: Path_) -> Location:
    return Location(field=field_path(path) or None)


def unwritable_problems(book: Book, locate: Callable[[Path_], Location] = _no_location) -> list[Problem]:
    """Each value no sheet can hold, at its place in the records."""
    return [Problem(Text("export.unwritable", heading=u.heading, reason=u.reason), locate(u.path),
                    Text("export.unwritable_hint")) for u in book.unwritable]


def workbook_bytes(report: Report, locate: Callable[[Path_], Location] = _no_location) -> bytes:
    """The sessions and visits of `report` as a workbook: 説明, then 研修 and 訪問 if the report has
    them, then プログラム, 訪問先, 写真 and 名簿 where used.

    Raises NenpoError naming every value no sheet can hold (located by `locate`, a records path →
    its place in the user's files)."""
    book = plan_book(report)
    if book.unwritable:
        raise NenpoError(unwritable_problems(book, locate))
    kinds = [k for k in KINDS if book.rows[k.name] or (k is SESSIONS and report.sessions)
             or (k is VISITS and report.visits)]
    return render(book, kinds, locate)


def template_workbook_bytes(fiscal_year: int | None = None) -> bytes:
    """The workbook `nenpo new --xlsx` writes: every sheet with its headings, one example session
    (with a プログラム row and the speaker in 名簿) and one example visit, dated in `fiscal_year`
    when given. 訪問先 and 写真 have headings only: a photo example would name a file not there."""
    book = Book()
    session = {c.field: _example(c, fiscal_year) for c in SESSIONS.columns}
    session["speakers"] = None  # the example talk names the speaker, as the YAML skeleton does
    visit = {c.field: _example(c, fiscal_year) for c in VISITS.columns} | _VISIT_EXAMPLE | {"no": 2}
    book.rows[SESSIONS.name] = [_compact(session)]
    book.rows[VISITS.name] = [_compact(visit)]
    book.rows[PROGRAMME.name] = [_compact({c.field: _example(c, fiscal_year) for c in PROGRAMME.columns})]
    book.rows[PEOPLE.name] = [_compact({c.field: _example(c, fiscal_year) for c in PEOPLE.columns})]
    return render(book, list(KINDS))


def _example(column: Column, fiscal_year: int | None) -> CellValue | None:
    """A column's example as its cell holds it: a date in the 年度 when one is given."""
    value = column.example
    if value is None:
        return None
    if column.shape == "date":
        day = dates.parse_date(str(value))
        if fiscal_year is not None:
            day = day.replace(year=fiscal_year + 1 if day.month < 4 else fiscal_year)
        return day_cell(day)
    return value if isinstance(value, (int, str, date)) else str(value)


def render(book: Book, kinds: Sequence[SheetKind], locate: Callable[[Path_], Location] = _no_location) -> bytes:
    """The workbook's bytes: the 説明 sheet, then a sheet for each of `kinds` with its rows."""
    from openpyxl import Workbook

    workbook = Workbook()
    guide = workbook.active
    guide.title = GUIDE_TITLE
    write_guide(guide, kinds)
    problems: list[Problem] = []
    for kind in kinds:
        _write_sheet(workbook.create_sheet(kind.titles[0]), kind, book.rows[kind.name], problems)
    if problems:
        raise NenpoError(problems)
    workbook.properties.creator = "nenpo"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _fixed_stamps(buffer.getvalue())


def _fixed_stamps(raw: bytes) -> bytes:
    """The workbook with every time stamp fixed (zip entries, created and modified), so that the same
    records give the same bytes: an export can be compared and archived."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + _STAMP_TEXT.encode(), data)
            entry = zipfile.ZipInfo(info.filename, _STAMP)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, data)
    return out.getvalue()


def _write_sheet(sheet: Any, kind: SheetKind, rows: list[dict[str, CellValue]], problems: list[Problem]) -> None:
    """Headings (bold, filled, frozen, filtered), widths, rows, and each column's validation."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    fill = PatternFill("solid", fgColor="DDEBF7")
    for c, column in enumerate(kind.columns, start=1):
        cell = sheet.cell(1, c, column.heading)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center", vertical="center")
        sheet.column_dimensions[get_column_letter(c)].width = column.width
    for r, row in enumerate(rows, start=2):
        for c, column in enumerate(kind.columns, start=1):
            value = row.get(column.field)
            if value is None:
                continue
            try:
                _set(sheet.cell(r, c), column, value)
            except _CellRefused as exc:
                problems.append(Problem(Text("export.cell_refused", cell=f"{kind.titles[0]}!{get_column_letter(c)}{r}",
                                             heading=column.heading, reason=exc.reason),
                                        hint=Text("export.unwritable_hint")))
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(kind.columns))
    sheet.auto_filter.ref = f"A1:{last}{max(len(rows) + 1, 2)}"
    _validations(sheet, kind, max(VALIDATED_ROWS, len(rows) + 1))


class _CellRefused(Exception):
    def __init__(self, reason: Text) -> None:
        super().__init__(reason.key)
        self.reason = reason


def _set(cell: Any, column: Column, value: CellValue) -> None:
    """One cell's value and look: text stays text (never a formula), a date a date cell."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment

    if isinstance(value, str):
        if len(value) > MAX_CELL_CHARS:
            raise _CellRefused(Text("export.too_long", chars=len(value), limit=MAX_CELL_CHARS))
        if found := ILLEGAL_CHARACTERS_RE.search(value):
            raise _CellRefused(Text("export.control_character", code=f"U+{ord(found[0]):04X}"))
        cell.value = value
        cell.data_type = "s"  # 「=」 at the start is text a person typed, not a formula
    else:
        cell.value = value
    if isinstance(value, date):
        cell.number_format = DATE_FORMAT
    cell.alignment = Alignment(wrap_text=column.shape in _WRAPPED, vertical="top")


# --- data validation ----------------------------------------------------------------------------


def _short(text: str, limit: int) -> str:
    """Excel's limits: 32 characters for a title, 255 for a message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _validations(sheet: Any, kind: SheetKind, last_row: int) -> None:
    """What Excel checks while typing (a list to choose from, a whole number in range, a date), each
    with the column's note as the help shown on the cell; other columns show the note alone."""
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.datetime import to_excel
    from openpyxl.worksheet.datavalidation import DataValidation

    for c, column in enumerate(kind.columns, start=1):
        letter = get_column_letter(c)
        shape, rule = column.shape, None
        if shape in ("choice", "yesno") and column.choices:
            rule = DataValidation(type="list", formula1='"' + ",".join(column.choices) + '"',
                                  errorStyle="stop" if shape == "choice" else "warning",
                                  error=_short(Text("export.dv_choice", choices="、".join(column.choices),
                                                    note=column.note).render("ja"), 255))
        elif shape == "year":  # a warning only: 令和6年度 typed as text is read too
            rule = DataValidation(type="whole", operator="between", formula1="1873", formula2="2100",
                                  errorStyle="warning", error=_short(Text("export.dv_year", note=column.note).render("ja"), 255))
        elif shape in ("number", "key"):
            rule = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="1",
                                  error=_short(Text("export.dv_count", note=column.note).render("ja"), 255))
        elif shape == "date":
            rule = DataValidation(type="date", operator="between", formula1=str(int(to_excel(FIRST_DATE_CELL))),
                                  formula2=str(int(to_excel(dates.LAST_DAY))), errorStyle="warning",
                                  error=_short(Text("export.dv_date", note=column.note).render("ja"), 255))
        if rule is None:
            rule = DataValidation(showErrorMessage=False)
        else:
            rule.showErrorMessage = True
            rule.errorTitle = _short(Text("export.dv_error_title", heading=column.heading).render("ja"), 32)
        rule.allow_blank = True
        rule.showInputMessage = True
        rule.promptTitle = _short(column.heading, 32)
        rule.prompt = _short(column.note, 255)
        rule.add(f"{letter}2:{letter}{last_row}")
        sheet.add_data_validation(rule)


# --- the 説明 sheet -----------------------------------------------------------------------------

#: Widths of the 説明 sheet's columns: heading, note, example.
_GUIDE_WIDTHS = (18, 72, 30)


def _guide_paragraphs() -> list[Text]:
    return [Text("export.guide_what"), Text("export.guide_names"), Text("export.guide_several"),
            Text("export.guide_dates"), Text("export.guide_prose"), Text("export.guide_yaml"),
            Text("export.guide_check")]


def _units(text: str) -> int:
    """Width of a text in Excel's units: two for a full-width character."""
    return sum(1 if ord(ch) < 0x2E80 else 2 for ch in text)


def _height(text: str, width: int) -> float:
    """A row height that shows all of `text` wrapped in `width` units (Excel does not fit merged rows)."""
    lines = sum(max(1, -(-_units(line) // max(width - 2, 1))) for line in text.splitlines() or [""])
    return 16.5 * lines


def write_guide(sheet: Any, kinds: Sequence[SheetKind]) -> None:
    """The 説明 sheet in Japanese: what the book is, how to write in it, then each sheet's note and
    a table of its columns (見出し, 説明, 例)."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    for c, width in enumerate(_GUIDE_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = width
    total = sum(_GUIDE_WIDTHS)
    wrap = Alignment(wrap_text=True, vertical="top")
    row = 1
    sheet.cell(row, 1, Text("export.guide_title").render("ja")).font = Font(bold=True, size=14)
    row += 2
    for paragraph in _guide_paragraphs():
        text = paragraph.render("ja")
        sheet.cell(row, 1, text).alignment = wrap
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(_GUIDE_WIDTHS))
        sheet.row_dimensions[row].height = _height(text, total)
        row += 1
    fill = PatternFill("solid", fgColor="DDEBF7")
    for kind in kinds:
        row += 1
        sheet.cell(row, 1, Text("export.guide_sheet", title=kind.titles[0]).render("ja")).font = Font(bold=True, size=12)
        row += 1
        note = f"{kind.note}{Text('export.guide_also_named', names='、'.join(kind.titles[1:])).render('ja')}" \
            if len(kind.titles) > 1 else kind.note
        sheet.cell(row, 1, note).alignment = wrap
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(_GUIDE_WIDTHS))
        sheet.row_dimensions[row].height = _height(note, total)
        row += 1
        headings = (Text("export.guide_heading"), Text("export.guide_note"), Text("export.guide_example"))
        for c, heading in enumerate(headings, start=1):
            cell = sheet.cell(row, c, heading.render("ja"))
            cell.font, cell.fill = Font(bold=True), fill
        for column in kind.columns:
            row += 1
            example = column.example
            shown = LIST_SEPARATOR.join(column.choices) if example is None else str(example)
            values = (column.heading, column.note, shown)
            for c, value in enumerate(values, start=1):
                if value:
                    cell = sheet.cell(row, c, value)
                    cell.data_type = "s"
                    cell.alignment = wrap
            sheet.row_dimensions[row].height = max(_height(v, w) for v, w in zip(values, _GUIDE_WIDTHS, strict=True))
