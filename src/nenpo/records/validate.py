"""Loaded records → a typed `Report`, or every problem found, at the user's line.

Errors stop the build; warnings (a session outside the report's 年度) are returned with the report.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from nenpo import dates
from nenpo.errors import InvalidValue, Location, NenpoError, Problem
from nenpo.messages import Text
from nenpo.records.load import Source
from nenpo.records.model import DateSettings, Photo, Report, Session, Visit

#: pydantic's error type → the catalog's name for what was expected.
_TYPE_NAMES = {
    "string_type": "type.text",
    "int_type": "type.integer",
    "int_parsing": "type.integer",
    "int_from_float": "type.integer",
    "bool_type": "type.bool",
    "bool_parsing": "type.bool",
    "list_type": "type.list",
    "dict_type": "type.mapping",
    "model_type": "type.mapping",
    "model_attributes_type": "type.mapping",
    "date_type": "type.date",
    "date_from_datetime_parsing": "type.date",
    "date_parsing": "type.date",
    "float_type": "type.number",
    "float_parsing": "type.number",
    "finite_number": "type.number",
    "int_parsing_size": "type.integer",
}
_BOUNDS = {"greater_than_equal": ("check.ge", "ge"), "less_than_equal": ("check.le", "le"),
           "greater_than": ("check.gt", "gt"), "less_than": ("check.lt", "lt"),
           "too_short": ("check.too_short", "min_length")}


def _known_fields(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The field names allowed at the mapping that contains `loc`, for a 「もしかして」 hint."""
    return list(getattr(_container(model, loc), "model_fields", {}))


def _container(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The record model of the mapping that contains `loc`.

    List indexes and the keys of a mapping of models (style.yaml's `paragraphs`) are stepped over.
    """
    current: Any = model
    keyed = False  # the previous part was a dict[str, Model]: this part is a key, not a field
    for part in loc[:-1]:
        if isinstance(part, int) or keyed:
            keyed = False
            continue
        fields = getattr(current, "model_fields", {})
        if part not in fields:
            return None
        annotation = fields[part].annotation
        keyed = getattr(annotation, "__origin__", None) is dict
        current = model_in(annotation)
        if current is None:
            return None
    return current if isinstance(current, type) else None


def _other_kind(container: type[BaseModel] | None, name: str) -> Text | None:
    """For a visit's field in a session (`places`, `text`) or a session's in a visit (`venues`,
    `summary`): the item was written in the wrong folder or list, which a 「もしかして」 would hide."""
    pairs = {Session: (Visit, "visits"), Visit: (Session, "sessions")}
    if container not in pairs:
        return None
    other, folder = pairs[container]
    if name in other.model_fields and name not in container.model_fields:
        return Text("check.field_of_other_kind", name=name, folder=folder)
    return None


def model_in(annotation: Any) -> type[BaseModel] | None:
    """The record model inside a field's type (list[Session], Plan | None, …), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        if (found := model_in(arg)) is not None:
            return found
    return None


def _shown(value: Any) -> str:
    """A value as the user wrote it (a mapping as its `key: value` pairs, a list as its items, never
    Python's notation), cut short if long."""
    if isinstance(value, dict):
        text = "、".join(f"{k}: {_shown(v)}" for k, v in value.items())
    elif isinstance(value, list):
        text = "[" + "、".join(_shown(v) for v in value) + "]"
    else:
        text = str(int(value) if isinstance(value, float) and value.is_integer() else value)
    return text if len(text) <= 40 else text[:39] + "…"


def explain(err: ErrorDetails, model: type[BaseModel], typed: str | None = None) -> tuple[Text, Text | None]:
    """A pydantic error as the catalog's message and hint (also used for style.yaml); `typed` is the
    value as the user typed it (`1.50`, `.inf`) where YAML read it as something else."""
    known = _known_fields(model, tuple(err["loc"]))
    kind = err["type"]
    name = str(err["loc"][-1]) if err["loc"] else ""
    ctx = err.get("ctx", {})
    if kind == "missing":
        return Text("check.missing", name=name), Text("check.missing_hint", name=name)
    if kind == "extra_forbidden":
        if (other := _other_kind(_container(model, tuple(err["loc"])), name)) is not None:
            return Text("check.unknown", name=name), other
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
        hint = Text("check.did_you_mean", close=close[0]) if close else Text("check.allowed", names=", ".join(known))
        return Text("check.unknown", name=name), hint
    if kind == "value_error" and isinstance(error := ctx.get("error"), InvalidValue):
        return error.text, error.hint
    if kind in _BOUNDS:
        key, limit = _BOUNDS[kind]
        value = len(err["input"]) if kind == "too_short" else err["input"]
        # 31 for 平成31年度: an era year where the Western year belongs
        hint = Text("check.fiscal_year_hint") if name == "fiscal_year" and isinstance(value, int) and value < 100 else None
        return Text("check.out_of_range", value=_shown(value), bound=Text(key, limit=_shown(ctx.get(limit, "")))), hint
    if kind == "string_pattern_mismatch":
        return Text("check.pattern", value=_shown(err["input"])), Text("check.pattern_hint", pattern=ctx.get("pattern", ""))
    if kind.startswith("literal"):
        choices = ", ".join(re.findall(r"'([^']*)'", str(ctx.get("expected", ""))))
        return Text("check.not_allowed", value=_shown(err["input"])), Text("check.choose", choices=choices)
    if kind == "int_parsing_size":
        return Text("check.too_many_digits", digits=len(str(err["input"]).strip())), None
    if kind in _TYPE_NAMES and err["input"] is None:  # `key:` with nothing after it, or only a # comment
        return Text("check.empty"), Text("check.empty_hint")
    value = err["input"]
    shown = _shown(typed if typed is not None else value)
    if kind in _TYPE_NAMES:
        # A number where text belongs (a table cell 300000, a title 2019): quoting keeps it as typed.
        hint = (Text("check.quote_number_hint", value=shown)
                if kind == "string_type" and isinstance(value, (int, float)) and not isinstance(value, bool) else None)
        return Text("check.wrong_type", expected=Text(_TYPE_NAMES[kind]), value=shown), hint
    return Text("check.invalid", value=shown), None


def _path_of(err: ErrorDetails) -> tuple[str | int, ...]:
    """The path of the value an error is about; a model's own check may name a field below it."""
    loc = tuple(err["loc"])
    if isinstance(error := err.get("ctx", {}).get("error"), InvalidValue):
        loc = (*loc, *error.at)
    return loc


def _where(err: ErrorDetails, source: Source) -> Location:
    """An unknown field is pointed at by its key; anything else by its value."""
    loc = _path_of(err)
    return source.locate_key(loc) if err["type"] == "extra_forbidden" else source.locate(loc)


def _stated_years(source: Source) -> tuple[int, int] | None:
    """The first and last 年度 the records state (report.fiscal_year, until_fiscal_year), if valid."""
    info = source.data.get("report")
    if not isinstance(info, dict):
        return None
    first, until = info.get("fiscal_year"), info.get("until_fiscal_year", info.get("fiscal_year"))
    if not all(isinstance(y, int) and not isinstance(y, bool) and 1873 <= y <= 2100 for y in (first, until)):
        return None
    return (first, until) if first <= until else None


def _date_style(source: Source) -> dates.DateStyle:
    info = source.data.get("report")
    try:
        return DateSettings.model_validate(info.get("dates", {}) if isinstance(info, dict) else {}).style()
    except ValidationError:
        return dates.DateStyle()


def _event_items(source: Source) -> Iterator[tuple[str, int, dict[str, Any]]]:
    """(folder, index, raw item) of every session and visit written as a mapping."""
    for folder in ("sessions", "visits"):
        items = source.data.get(folder)
        for i, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict):
                yield folder, i, item


def _own_year(item: dict[str, Any]) -> int | None:
    year = item.get("fiscal_year")
    return year if isinstance(year, int) and not isinstance(year, bool) else None


def _written(item: dict[str, Any], years: tuple[int, int] | None) -> dates.Written | None:
    """The raw date of an item as read within its 年度, or None when it cannot be read (an error
    reported by validation itself)."""
    value = item.get("date")
    single = years[0] if years and years[0] == years[1] else None
    try:
        if isinstance(value, dict):  # start: and end:
            start, end = (dates.read_when(value[k], _own_year(item) or single) if isinstance(value.get(k), (str, date))
                          else None for k in ("start", "end"))
            if start is None:
                return None
            return dates.Written(start.start, end.start if end else None, None,
                                 start.yearless or bool(end and end.yearless))
        if isinstance(value, (str, date)):
            return dates.read_when(value, _own_year(item) or single)
    except InvalidValue:
        pass
    return None


def _cross_checks(source: Source) -> list[Problem]:
    """Rules across records: each session number once per kind (and per 年度, where numbers restart
    each year), counting the numbers nenpo gives (`numbering: 通し`, `年度ごと`) as the report prints
    them, so that [第1回, (none), 第2回] is caught rather than printed as 第1回, 第2回, 第2回.

    Run on the loaded data, not the typed report, so that these problems are listed together with
    the field errors of the same run.
    """
    problems = []
    years = _stated_years(source)
    info = source.data.get("report")
    numbering = info.get("numbering") if isinstance(info, dict) else None
    first: dict[tuple[Any, ...], int] = {}
    counters: dict[tuple[Any, ...], int] = {}
    for _, i, session in (e for e in _event_items(source) if e[0] == "sessions"):
        number = session.get("number")
        written = _written(session, years)
        year = _own_year(session) or (dates.fiscal_year(written.start) if written else None)
        given = isinstance(number, int) and not isinstance(number, bool)
        kind = session.get("kind")
        if numbering in ("通し", "年度ごと") and isinstance(kind, str):
            count_key = (kind, year if numbering == "年度ごと" else None)
            number = number if given else counters.get(count_key, 0) + 1
            counters[count_key] = number
        elif not given:
            continue
        key = (kind, number, year if (years and years[0] != years[1]) or numbering == "年度ごと" else None)
        if key in first:
            where = source.locate(("sessions", first[key], "number"))
            problems.append(Problem(
                Text("check.duplicate_session", number=number), source.locate(("sessions", i, "number")),
                Text("check.duplicate_session_hint", where=where.prefix())))
        else:
            first[key] = i
    return problems


def _what(folder: str, i: int, item: dict[str, Any]) -> Text:
    number = item.get("number")
    if folder == "sessions" and isinstance(number, int) and not isinstance(number, bool):
        return Text("check.session", number=number)
    return Text("check.visit", number=i + 1) if folder == "visits" else Text("check.item", number=i + 1)


def _outside_year(source: Source) -> list[Problem]:
    """Warnings for sessions and visits dated outside the 年度 the records state, and a notice the
    first time a date without a year is read within the 年度.

    Worked out from the loaded data item by item, so the warnings are shown even in a run that
    also finds errors elsewhere.
    """
    years = _stated_years(source)
    derived = _report_year(source) if years is None else None
    if years is None and derived is None:
        return []
    stated = years is not None
    years = years or (derived, derived)
    style = _date_style(source)
    first, last = dates.fiscal_year_bounds(years[0])[0], dates.fiscal_year_bounds(years[1])[1]
    label = dates.fiscal_years_label(list(years), style)
    warnings = []
    told_yearless = False
    for folder, i, item in _event_items(source):
        written = _written(item, years)
        if written is None:
            continue
        if written.yearless and not told_yearless:
            told_yearless = True
            warnings.append(Problem(
                Text("check.yearless_read", text=str(item.get("date")),
                     label=dates.fiscal_year_label(_own_year(item) or years[0], style),
                     shown=dates.format_span(written.start, written.end, style)),
                source.locate((folder, i, "date")), Text("check.yearless_read_hint"), "warning"))
        outside = [d for d in (written.start, written.end) if d is not None and not first <= d <= last]
        if not outside or not stated:
            continue
        warnings.append(Problem(
            Text("check.outside_year", what=_what(folder, i, item), day=outside[0].isoformat(), label=label,
                 first=first.isoformat(), last=last.isoformat()),
            source.locate((folder, i, "date")), Text("check.outside_year_hint"), "warning"))
    return warnings


def _written_years(source: Source) -> set[int]:
    """The 年度 of every event date written with its year."""
    found = set()
    for _, _, item in _event_items(source):
        written = _written(item, None)
        if written is not None and not written.yearless:
            found.add(dates.fiscal_year(written.start))
    return found


def _report_year(source: Source) -> int | None:
    """The one 年度 in which dates without a year are read: the one the records state, or else the
    one every date written with its year falls in (none when they span several)."""
    years = _stated_years(source)
    if years is not None:
        return years[0] if years[0] == years[1] else None
    info = source.data.get("report")
    if isinstance(info, dict) and "fiscal_year" in info:
        return None  # stated but unusable: reported as an error of its own
    written = _written_years(source)
    return written.pop() if len(written) == 1 else None


def _context(source: Source) -> dict[str, Any]:
    """What validation needs beyond the values: the one 年度 in which dates without a year are read."""
    year = _report_year(source)
    return {"fiscal_year": year} if year is not None else {}


def _decimals_as_typed(source: Source) -> dict[str, Any]:
    """The records with each table cell YAML read as a decimal (`1.50`, read 1.5) given as it was
    typed, so that the cell keeps its digits; only the lists and mappings on the way are copied."""
    found: dict[tuple[str | int, ...], str] = {}
    for path, text in source.typed.items():
        if len(path) == 6 and path[0] == "appendices" and path[2:4] == ("table", "rows"):
            value: Any = source.data
            for part in path:
                ok = isinstance(value, dict) and part in value or (
                    isinstance(value, list) and isinstance(part, int) and part < len(value))
                value = value[part] if ok else None  # type: ignore[index]
            if isinstance(value, float):
                found[path] = text
    if not found:
        return source.data
    copies: dict[tuple[str | int, ...], Any] = {(): dict(source.data)}

    def copied(path: tuple[str | int, ...]) -> Any:
        if path not in copies:
            parent = copied(path[:-1])
            original = parent[path[-1]]
            parent[path[-1]] = copies[path] = dict(original) if isinstance(original, dict) else list(original)
        return copies[path]

    for path, text in found.items():
        copied(path[:-1])[path[-1]] = text
    return copies[()]


def _photos(report: Report) -> Iterator[tuple[tuple[str | int, ...], Photo]]:
    """Every photo and the logo of the typed report, with the field path of each."""
    if report.organisation.logo is not None:
        yield ("organisation", "logo"), report.organisation.logo
    for folder in ("sessions", "visits", "appendices"):
        for i, item in enumerate(getattr(report, folder)):
            for j, photo in enumerate(item.photos):
                yield (folder, i, "photos", j), photo


def _image_problems(report: Report, source: Source) -> list[Problem]:
    """Each photo or logo file that is outside the records folder, missing, not an image we read,
    damaged or too large, at the line of its `path` (or of the item, written as a path alone).
    A file named several times is checked once and reported at each place."""
    photos = list(_photos(report))
    if not photos:
        return []
    from nenpo.records.images import check_image  # Pillow and its HEIF reader, only for records with pictures

    root = source.files[0].parent
    found: dict[str, InvalidValue | None] = {}
    problems = []
    for where, photo in photos:
        if photo.path not in found:
            try:
                check_image(photo.path, root)
                found[photo.path] = None
            except InvalidValue as exc:
                found[photo.path] = exc
        if (error := found[photo.path]) is not None:
            problems.append(Problem(error.text, source.locate((*where, "path")), error.hint))
    return problems


_CELL = re.compile(r"^(?:(?P<sheet>.*)!)?(?P<column>[A-Z]+)(?P<row>\d+)$")


def _reading_order(problem: Problem) -> tuple[str, int, int, int, int]:
    """File by file, top to bottom, as the user will work through them: in a spreadsheet, row by
    row and left to right within each sheet (sheets stay in the order they were read)."""
    loc = problem.location
    row = column = 0
    if loc.cell is not None and (cell := _CELL.match(loc.cell)) is not None:
        row = int(cell["row"])
        column = int.from_bytes(cell["column"].encode(), "big")  # A < Z < AA: longer names are larger
        column += len(cell["column"]) << 24
    return (str(loc.file or ""), loc.line or 0, loc.column or 0, row, column)


def _in_reading_order(problems: list[Problem]) -> list[Problem]:
    """Problems sorted by _reading_order, the sheets of a workbook kept in the order first met."""
    sheets: dict[tuple[str, str], int] = {}
    for problem in problems:
        loc = problem.location
        if loc.cell is not None and "!" in loc.cell:
            sheets.setdefault((str(loc.file), loc.cell.split("!", 1)[0]), len(sheets))

    def key(problem: Problem) -> tuple[str, int, int, int, int, int]:
        loc = problem.location
        sheet = sheets.get((str(loc.file), loc.cell.split("!", 1)[0]), 0) if loc.cell and "!" in loc.cell else 0
        file, line, column, row, cell_column = _reading_order(problem)
        return (file, line, column, sheet, row, cell_column)

    return sorted(problems, key=key)


@dataclass(frozen=True)
class Validated:
    """A report that passed validation, and the warnings it raised."""

    report: Report
    warnings: list[Problem] = field(default_factory=list)


def _sheet_hint(hint: Text | None, heading: str) -> Text:
    """The hint for a value missing from a spreadsheet cell, in the sheet's words (its 状況 column,
    not the YAML's `status:`)."""
    if hint is not None and hint.key == "check.date_unless_cancelled_hint":
        return Text("sheets.date_unless_cancelled_hint")
    return Text("sheets.missing_hint", name=heading)


def validate(source: Source) -> Validated:
    """The typed report and its warnings, or a NenpoError listing every problem and warning
    with its file, line and field, in reading order."""
    problems = list(source.problems)
    warnings = _in_reading_order([*source.notices, *_outside_year(source)])
    report = None
    if source.main_read:
        try:
            report = Report.model_validate(_decimals_as_typed(source), context=_context(source))
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                message, hint = explain(err, Report, source.typed.get(tuple(err["loc"])))
                where = _where(err, source)
                if message.key == "check.missing" and where.cell is not None and where.field is not None:
                    if _path_of(err) in source.refused:
                        continue  # already refused at its spreadsheet cell
                    message = Text("check.missing", name=where.field)  # the column's heading, as the sheet shows it
                    hint = _sheet_hint(hint, where.field)
                problems.append(Problem(message, where, hint))
        problems.extend(_cross_checks(source))
        if report is not None:
            problems.extend(_image_problems(report, source))
    if problems or report is None:
        raise NenpoError(_in_reading_order([*problems, *warnings]))
    return Validated(report, warnings)
