"""Walks of the records model for `test_every_value_prints`: which fields are prose, a records
folder with its prose emptied, and every structured value of a typed report as a reader sees it.

The walks go over the pydantic model, not over a hand list of fields, so a field added to the
model is emptied (if it is prose) or expected in the outputs (if it is a value) without editing
the test. Only settings are left out, each named in `SETTINGS` with the reason.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from nenpo import dates
from nenpo.compose.context import events_as_printed
from nenpo.compose.labels import fill_blanks
from nenpo.records.files import ITEM_FOLDERS, MAIN_FILE
from nenpo.records.load import load_file
from nenpo.records.sheets.columns import kind_of_title
from nenpo.records.model import (
    Event,
    Photo,
    Paragraph,
    Person,
    Place,
    Report,
    ReportInfo,
    Session,
    Span,
    SuppliedTable,
    Venue,
    Visit,
)
from nenpo.records.validate import model_in

#: Fields that say how the report is written, not what it reports: they print as the form of other
#: values (or as document metadata), never as a value of their own.
SETTINGS: dict[tuple[type[BaseModel], str], str] = {
    (ReportInfo, "dates"): "the house style of dates: checked through every date formatted with it",
    (ReportInfo, "numbering"): "how numbers are given: checked through the headings (第1回…)",
    (ReportInfo, "honorifics"): "whether 氏/教授 print: checked through every person as printed",
    (ReportInfo, "fiscal_year"): "a year as an int: the year label (令和5年度) is checked instead",
    (ReportInfo, "until_fiscal_year"): "as fiscal_year: the year labels are checked instead",
    (ReportInfo, "issued"): "the documents' creation date (PDF/DOCX metadata), not body text",
    (Report, "labels"): "the template's fixed wording, overridden; not a value of the records",
    (Event, "fiscal_year"): "the event's 年度 as an int: the year section label is checked instead",
    (Event, "number"): "printed only inside the heading (第101回例会), checked there",
    (Visit, "more_places"): "a flag: checked as the など after the last place",
    (Photo, "path"): "the picture's file: checked as an embedded picture (tests/writers/test_figures.py)",
    (Photo, "alt"): "read in the picture's place, not printed: checked in the DOCX/HTML alt text",
    (SuppliedTable, "total"): "asks for the 合計 row: its sums are checked as the table's values",
}


def is_prose(field: FieldInfo) -> bool:
    """Whether a field holds paragraphs of prose (the `Paragraphs` type of the model)."""
    return bool(field.annotation == list[Paragraph])


def setting_reason(model: type[BaseModel], name: str) -> str | None:
    """Why a field is a setting (left out of the expected values), or None for a value."""
    for (owner, field_name), reason in SETTINGS.items():
        if field_name == name and issubclass(model, owner):
            return reason
    return None


# --- records with their prose emptied ---------------------------------------------------------

def strip_prose(model: type[BaseModel], data: Any) -> Any:
    """Raw records data (as loaded from YAML) for `model` with every prose field emptied, nested
    records and lists of them included."""
    if isinstance(data, list):
        return [strip_prose(model, item) for item in data]
    if not isinstance(data, dict):
        return data  # a record written as one text (`- 山田太郎`) has no prose
    out = {}
    for key, value in data.items():
        field = model.model_fields.get(key)
        if field is not None and is_prose(field):
            out[key] = []
        elif field is not None and (inner := model_in(field.annotation)) is not None:
            out[key] = strip_prose(inner, value)
        else:
            out[key] = value
    return out


def records_files(folder: Path) -> Iterator[tuple[Path, type[BaseModel]]]:
    """Each YAML file of a records folder with the record model its top level holds."""
    yield folder / MAIN_FILE, Report
    for name in ITEM_FOLDERS:
        item = model_in(Report.model_fields[name].annotation)
        assert item is not None
        for file in sorted((folder / name).glob("*.y*ml")) if (folder / name).is_dir() else []:
            yield file, item


def empty_prose(folder: Path) -> None:
    """Rewrite every records file of a folder with its prose fields emptied (read with nenpo's own
    YAML reader, written with plain PyYAML, which quotes any text YAML could read otherwise)."""
    for file, model in records_files(folder):
        data, _ = load_file(file, (), {})
        file.write_text(yaml.safe_dump(strip_prose(model, data), allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
    for book_file in sorted(folder.glob("*.xlsx")):
        book = openpyxl.load_workbook(book_file)
        for sheet in book.worksheets:
            kind = kind_of_title(sheet.title)
            prose_columns = {c.heading for c in kind.columns if c.shape == "paragraphs"} if kind else set()
            for column in sheet.iter_cols(min_row=1):
                if column[0].value in prose_columns:
                    for cell in column[1:]:
                        cell.value = None
        book.save(book_file)


def prose(value: Any) -> Iterator[str]:
    """Every paragraph of prose in a typed report."""
    if isinstance(value, BaseModel):
        for name, field in type(value).model_fields.items():
            if is_prose(field):
                yield from getattr(value, name)
            else:
                yield from prose(getattr(value, name))
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from prose(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from prose(item)


# --- every value as printed -------------------------------------------------------------------

@dataclass(frozen=True)
class Expected:
    """A text a reader must find in the report, and the field (or fields) it comes from; with a
    label, the text must follow that label (as 〇対象　市民 or 対象：市民 print it), which ties a
    value to its field where the same name is also printed elsewhere (主催 and the cover)."""

    where: str
    text: str
    label: str = ""

    def shown(self) -> str:
        return f"{self.label}：{self.text}" if self.label else self.text


@dataclass(frozen=True)
class Reading:
    """What formats a value: the report's house style, its honorifics setting and the labels."""

    style: dates.DateStyle
    honorifics: bool
    labels: Mapping[str, str]

    def label(self, name: str, **blanks: object) -> str:
        return fill_blanks(self.labels[name], blanks)


def atoms(value: Any, where: str, reading: Reading) -> Iterator[Expected]:
    """Every value inside a typed record, each as printed on its own: texts as written, numbers as
    digits, dates and times in the report's style, free fields as key and value. Prose and settings
    are left out; a value `None`, an empty text and the status 開催 (held as planned, which prints
    nothing) are no value."""
    if isinstance(value, Span):
        yield Expected(where, dates.format_span(value.start, value.end, reading.style))
    elif isinstance(value, dates.TimeRange):
        yield Expected(where, dates.format_time_range(value, reading.style))
    elif isinstance(value, SuppliedTable):
        for c, name in enumerate(value.header):
            yield Expected(f"{where}.header[{c}]", name)
        rows = [*value.rows, *([value.totals] if value.totals else [])]
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                if cell is not None and cell != "":
                    shown = f"{cell:,}" if isinstance(cell, (int, float)) else str(cell)
                    yield Expected(f"{where}.rows[{r}][{c}]", shown)  # numbers grouped, as the default style sets them
    elif isinstance(value, BaseModel):
        model = type(value)
        for name, field in model.model_fields.items():
            if is_prose(field) or setting_reason(model, name):
                continue
            if model is Person and name == "honorific" and not reading.honorifics:
                continue  # 敬称略: the report prints no honorific at all (and says so)
            if isinstance(value, Event) and name == "status" and value.status == "開催":
                continue
            yield from atoms(getattr(value, name), f"{where}.{name}", reading)
    elif isinstance(value, bool):
        raise AssertionError(f"{where}: a new flag; say how it prints or name it in SETTINGS")
    elif isinstance(value, int):
        yield Expected(where, str(value))
    elif isinstance(value, str):
        if value:
            yield Expected(where, value)
    elif isinstance(value, date):
        yield Expected(where, dates.format_date(value, reading.style))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from atoms(item, f"{where}[{i}]", reading)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield Expected(f"{where} key", key)
            yield from atoms(item, f"{where}[{key}]", reading)
    elif value is not None:
        raise AssertionError(f"{where}: a value of a new type {type(value).__name__}; say how it prints")


def person(p: Person, reading: Reading, default_honorific: str) -> str:
    """委員長 高橋 一郎, 森 裕子准教授（あさひ野大学人文学部）: position, name, honorific and
    affiliation; the honorific is the person's own, else `default_honorific`, and none at all
    when the report omits them (敬称略)."""
    honorific = (p.honorific if p.honorific is not None else default_honorific) if reading.honorifics else ""
    text = f"{p.position} " if p.position else ""
    text += p.name + honorific
    return text + reading.style.paren(p.affiliation) if p.affiliation else text


def venue(v: Venue) -> str:
    """みどり野市「北部公民館」: the place with its facilities."""
    return f"{v.place}「{'、'.join(v.facilities)}」" if v.facilities else v.place


def place(p: Place) -> str:
    """石川県金沢市: prefecture and municipality."""
    return f"{p.prefecture or ''}{p.municipality}"


def _last_of_place(p: Place, reading: Reading) -> str:
    """The last thing printed on a place's line (after which など follows)."""
    if p.extra:
        return list(p.extra.values())[-1]
    if p.topics:
        return p.topics[-1]
    if p.date is not None:
        return dates.format_span(p.date.start, p.date.end, reading.style)
    return f"{place(p)}「{'、'.join(p.facilities)}」" if p.facilities else place(p)


def _when(e: Event, reading: Reading) -> str:
    text = dates.format_span(e.date.start, e.date.end, reading.style) if e.date else ""
    return text + (dates.format_time_range(e.time, reading.style) if e.time else "")


def _status(e: Event, reading: Reading) -> str:
    notes = [e.status_note] if e.status_note else []
    if e.postponed_to is not None:
        notes.append(reading.label("postponed_to", date=dates.format_span(
            e.postponed_to.start, e.postponed_to.end, reading.style)))
    return e.status + (reading.style.paren("、".join(notes)) if notes else "")


def _labelled(e: Event, where: str, reading: Reading) -> Iterator[Expected]:
    """The values an event prints as 「項目　値」 lines, each after its label."""
    for name in ("mode", "audience", "group", "purpose"):
        if (value := getattr(e, name, None)) is not None:
            yield Expected(f"{where}.{name}", value, reading.labels[name])
    for name in ("host", "co_host", "support"):
        if names := getattr(e, name):
            yield Expected(f"{where}.{name}", "、".join(names), reading.labels[name])
    if e.participants is not None:
        yield Expected(f"{where}.participants", reading.label("participants_count", count=e.participants),
                       reading.labels["participants"])
    if e.status != "開催":
        yield Expected(f"{where}.status", _status(e, reading), reading.labels["status"])
    for key, value in e.extra.items():
        yield Expected(f"{where}.extra[{key}]", value, key)


def _session_values(s: Session, where: str, reading: Reading) -> Iterator[Expected]:
    """A session's venues, speakers and programme as printed."""
    if s.venues:
        yield Expected(f"{where}.venues", "、".join(venue(v) for v in s.venues), reading.labels["place"])
    honorific = reading.labels["honorific"]  # what a speaker without an own honorific gets
    for i, p in enumerate(s.speakers):
        label = reading.labels["speakers"] if i == 0 else ""
        yield Expected(f"{where}.speakers[{i}]", person(p, reading, honorific), label)
    for i, talk in enumerate(s.programme):
        for j, p in enumerate(talk.speakers):
            shown = person(p, reading, honorific)
            yield Expected(f"{where}.programme[{i}].speakers[{j}]",
                           f"「{talk.title}」{shown}" if talk.title and j == 0 else shown)


def _visit_values(v: Visit, where: str, reading: Reading) -> Iterator[Expected]:
    """A visit's places (with facilities and topics), など, and members as printed."""
    topics_label = reading.labels["topics"]
    for i, p in enumerate(v.places):
        yield Expected(f"{where}.places[{i}]", place(p))
        if p.facilities:
            yield Expected(f"{where}.places[{i}].facilities", f"{place(p)}「{'、'.join(p.facilities)}」")
        if p.topics:
            yield Expected(f"{where}.places[{i}].topics", "、".join(p.topics), topics_label)
        for key, value in p.extra.items():
            yield Expected(f"{where}.places[{i}].extra[{key}]", value, key)
    if v.more_places:
        yield Expected(f"{where}.more_places", _last_of_place(v.places[-1], reading) + reading.labels["more_places"])
    if v.held_at:
        yield Expected(f"{where}.held_at", reading.label("held_at", place=v.held_at))
    if v.topics:
        yield Expected(f"{where}.topics", "、".join(v.topics), topics_label)
    for i, p in enumerate(v.members):
        label = reading.labels["members"] if i == 0 else ""
        yield Expected(f"{where}.members[{i}]", person(p, reading, ""), label)


def event_values(e: Event, where: str, reading: Reading) -> Iterator[Expected]:
    """An event's values joined as a reader reads them: heading, date with time, labelled values,
    status with its notes, count, people with position and honorific, places and venues."""
    heading = e.heading or (reading.label("number", number=reading.style.number(e.number)) if e.number else "")
    heading += "" if e.heading else (e.kind or "")
    if heading:
        yield Expected(f"{where} heading", heading)
    if e.date is not None and e.time is not None:
        yield Expected(f"{where} date and time", _when(e, reading))
    yield from _labelled(e, where, reading)
    if isinstance(e, Session):
        yield from _session_values(e, where, reading)
    if isinstance(e, Visit):
        yield from _visit_values(e, where, reading)


def year_labels(report: Report, reading: Reading) -> Iterator[Expected]:
    """The 年度 the report covers (cover), and each 年度's section label when it has several."""
    info = report.report
    if info.year_label:
        yield Expected("report.year_label", info.year_label)
        return
    if info.fiscal_year is not None:
        years = list(range(info.fiscal_year, (info.until_fiscal_year or info.fiscal_year) + 1))
    else:
        years = sorted({dates.fiscal_year(d) for d in report.all_days})
    yield Expected("report.fiscal_year", dates.fiscal_years_label(years, reading.style))
    if info.until_fiscal_year is not None and info.until_fiscal_year != info.fiscal_year:
        for fy in sorted({e.year for e in report.events if e.year is not None}):
            yield Expected(f"fiscal_year {fy} section", dates.fiscal_year_label(fy, reading.style))


def printed_values(report: Report, labels: Mapping[str, str]) -> list[Expected]:
    """Every structured value of a report as a reader must find it in the PDF and the DOCX: each
    value on its own, and the values a reader reads together (a person, a heading, a status)."""
    reading = Reading(report.report.dates.style(), report.report.honorifics, labels)
    found = list(atoms(report, "report", reading))
    found += year_labels(report, reading)
    sessions, visits = events_as_printed(report)  # with the numbers `numbering` gives
    for folder, events in (("sessions", sessions), ("visits", visits)):
        for i, e in enumerate(events):
            found += event_values(e, f"{folder}[{i}]", reading)
    return found
