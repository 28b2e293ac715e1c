"""Small reports whose every field the default template prints, and the texts each output must show.

A generated report is a tree of records (dicts and lists, as YAML holds them) whose text leaves are
`str` (a one-line value), `Para` (a paragraph, maybe over several lines) or `Lookalike` (a plain
value YAML 1.1 would read as a boolean or a number). Next to it, `Expected` lists every text the
reader of the report must find, each named by its field: what the template prints of each field.

Fields the default template does not print are left out of `Expected` (and mostly out of the
records): `organisation.members`, `plan.name`, `programme.name`, `partners[].name`, and every
place of a visit after the first (the heading says 「など」). `theme.title` is printed nowhere in
the body; it is the files' subject, checked with the metadata.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from hypothesis import strategies as st
from nenpo.document.plan import format_number
from nenpo.records.model import _table_cell
from nenpo.style import TableSpec
from roundtrip_text import OFF, YAML11_LOOKALIKES, Lookalike, Para, paras, texts

#: Days inside 令和元年度 (2019-04-01..2020-03-31), so no warning is raised about the 年度.
DAYS = (date(2019, 4, 1), date(2019, 7, 5), date(2019, 10, 8), date(2020, 1, 20), date(2020, 3, 31))
HONORIFICS = ("氏", "教授", "准教授", "さん", "様", "先生", "議員")

Leaf = str | Para | Lookalike


def text_of(value: Leaf) -> str:
    """The text a leaf must read as in the report."""
    if isinstance(value, Para):
        return value.text
    if isinstance(value, Lookalike):
        return value.text
    return value


def table_text(rows: list[list[Leaf]], row: int, column: int) -> str:
    """A table cell as printed: in a column whose every cell reads as a number ("7863"), the number
    grouped as the default style sets it (7,863); any other cell as typed."""
    typed = [_table_cell(text_of(r[column])) for r in rows]
    if all(not isinstance(v, str) for v in typed if v != ""):
        value = typed[row]
        return format_number(str(value), TableSpec()) if value != "" else ""
    return text_of(rows[row][column])


@dataclass(frozen=True)
class Field:
    """One field's text as it must appear, and where it was written (for the failure message)."""

    where: str
    text: str


@dataclass
class Expected:
    """What the outputs must show: body texts, bookmark texts, and the files' properties."""

    body: list[Field] = field(default_factory=list)
    #: Texts that are part of a level 1–2 heading, so of a PDF bookmark.
    bookmarks: list[Field] = field(default_factory=list)
    title: str = ""
    author: str = ""
    subject: str = ""

    def add(self, where: str, value: Leaf, bookmark: bool = False) -> None:
        self.body.append(Field(where, text_of(value)))
        if bookmark:
            self.bookmarks.append(Field(where, text_of(value)))


@dataclass
class Generated:
    """A report's records and the texts its outputs must show."""

    records: dict[str, Any]
    expected: Expected


@lru_cache(maxsize=None)
def names(min_pieces: int = 1, max_pieces: int = 3) -> st.SearchStrategy[Leaf]:
    """A one-line value (a title, a name, a table cell), once in a while a YAML 1.1 lookalike."""
    plain: st.SearchStrategy[Leaf] = texts(min_pieces, max_pieces)
    if "yaml11" in OFF:
        return plain
    # Rarely: a report with one is refused as a whole while YAML 1.1 reads it, hiding the rest.
    return st.one_of([plain] * 29 + [st.sampled_from(YAML11_LOOKALIKES).map(Lookalike)])


@lru_cache(maxsize=None)
def paragraph_lists(min_size: int = 0, max_size: int = 2) -> st.SearchStrategy[list[Para]]:
    return st.lists(paras(), min_size=min_size, max_size=max_size)


class _Builder:
    """Draws one report's records and notes, for each printed field, the text to find."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw
        self.expected = Expected()

    def name(self, where: str, bookmark: bool = False, min_pieces: int = 2, max_pieces: int = 4) -> Leaf:
        value = self.draw(names(min_pieces, max_pieces))
        self.expected.add(where, value, bookmark)
        return value

    def paragraphs(self, where: str, min_size: int = 0, max_size: int = 2) -> list[Para]:
        values = self.draw(paragraph_lists(min_size, max_size))
        for i, para in enumerate(values, start=1):
            self.expected.add(f"{where}[{i}]", para)
        return values

    def person(self, where: str, name: Leaf) -> dict[str, Any]:
        person: dict[str, Any] = {"name": name}
        honorific = self.draw(st.one_of(st.none(), st.sampled_from(HONORIFICS), names(1, 2)))
        if honorific is not None:
            person["honorific"] = honorific
        # The name and its honorific are printed together, always: 大杉覚教授.
        self.expected.add(f"{where}.name+honorific", text_of(name) + text_of(honorific or "氏"))
        if self.draw(st.booleans()):
            person["affiliation"] = self.name(f"{where}.affiliation")
        return person


@st.composite
def reports(draw: st.DrawFn) -> Generated:
    """A small report (a few pages) with every part of the default template."""
    b = _Builder(draw)
    info: dict[str, Any] = {"title": b.name("report.title")}
    if draw(st.booleans()):
        info["subtitle"] = b.name("report.subtitle")
    if draw(st.booleans()):
        info["year_label"] = b.name("report.year_label")
    info["issued"] = date(2020, 3, 31)
    info["lead"] = b.paragraphs("report.lead", 1)
    records: dict[str, Any] = {"report": info}

    organisation: dict[str, Any] = {"name": b.name("organisation.name")}
    members = draw(st.lists(names(1, 2), max_size=2))  # not printed by the default template
    if members:
        organisation["members"] = members
    if draw(st.booleans()):
        organisation["plan"] = {"name": draw(names(1, 2)), "text": b.paragraphs("organisation.plan.text", 1, 1)}
    records["organisation"] = organisation

    if draw(st.booleans()):
        programme: dict[str, Any] = {"name": draw(names(1, 2))}
        programme["history"] = b.paragraphs("programme.history", 0, 1)
        programme["funding"] = b.paragraphs("programme.funding", 0, 1)
        if draw(st.booleans()):
            programme["partners"] = [{"name": draw(names(1, 2)),
                                      "text": b.paragraphs("programme.partners[1].text", 1, 1)}]
        records["programme"] = programme

    theme_title = None
    if draw(st.booleans()):
        theme_title = draw(names(2, 4))
        records["theme"] = {"title": theme_title, "text": b.paragraphs("theme.text", 1, 1)}

    # Every person has a name of their own: the 講師の一覧 lists each name once.
    people = draw(st.lists(names(1, 2), max_size=5, unique_by=text_of))
    lecturers = people[: draw(st.integers(0, min(2, len(people))))]
    speakers = people[len(lecturers):]
    if lecturers or draw(st.booleans()):
        records["lecturers"] = {
            "people": [b.person(f"lecturers.people[{i}]", n) for i, n in enumerate(lecturers, start=1)],
            "text": b.paragraphs("lecturers.text", 0, 1),
        }

    sessions = []
    kinds = [b.name("sessions[1].kind", bookmark=True)]
    for number in range(1, draw(st.integers(1, 2)) + 1):
        where = f"sessions[{number}]"
        if number > 1:
            kinds.append(kinds[0] if draw(st.booleans()) else b.name(f"{where}.kind", bookmark=True))
        session: dict[str, Any] = {"number": number, "kind": kinds[-1],
                                   "title": b.name(f"{where}.title", bookmark=True, min_pieces=2, max_pieces=5),
                                   "date": draw(st.sampled_from(DAYS))}
        venues = []
        for v in range(1, draw(st.integers(0, 2)) + 1):
            venue: dict[str, Any] = {"place": b.name(f"{where}.venues[{v}].place")}
            facilities = [b.name(f"{where}.venues[{v}].facilities[{f}]")
                          for f in range(1, draw(st.integers(0, 2)) + 1)]
            if facilities:
                venue["facilities"] = facilities
            venues.append(venue)
        if venues:
            session["venues"] = venues
        talks = []
        for t in range(1, draw(st.integers(0, 2)) + 1):
            talk: dict[str, Any] = {"title": b.name(f"{where}.programme[{t}].title", min_pieces=2, max_pieces=5)}
            mine = speakers[:draw(st.integers(0, min(2, len(speakers))))]
            speakers = speakers[len(mine):]
            if mine:
                talk["speakers"] = [b.person(f"{where}.programme[{t}].speakers[{s}]", n)
                                    for s, n in enumerate(mine, start=1)]
            talks.append(talk)
        if talks:
            session["programme"] = talks
        session["summary"] = b.paragraphs(f"{where}.summary", 0, 2)
        sessions.append(session)
    records["sessions"] = sessions

    visits = []
    for i in range(1, draw(st.integers(0, 2)) + 1):
        where = f"visits[{i}]"
        places = []
        for p in range(1, draw(st.integers(1, 2)) + 1):
            place: dict[str, Any] = {}
            prefecture = draw(st.one_of(st.none(), names(1, 2)))
            if prefecture is not None:
                place["prefecture"] = prefecture
            place["municipality"] = draw(names(1, 2))
            if p == 1:  # only the first place is printed (with など when there are more)
                b.expected.add(f"{where}.places[1]",
                               text_of(prefecture or "") + text_of(place["municipality"]), bookmark=True)
            places.append(place)
        visit: dict[str, Any] = {"places": places}
        if draw(st.booleans()):
            visit["held_at"] = b.name(f"{where}.held_at", bookmark=True)
        visit["date"] = draw(st.sampled_from(DAYS))
        if draw(st.booleans()):
            visit["participants"] = draw(st.integers(1, 40))
        visit["text"] = b.paragraphs(f"{where}.text", 1, 2)
        visits.append(visit)
    if visits:
        records["visits"] = visits

    outcomes = [{"title": b.name(f"outcomes[{i}].title", bookmark=True),
                 "text": b.paragraphs(f"outcomes[{i}].text", 0, 2)}
                for i in range(1, draw(st.integers(0, 2)) + 1)]
    if outcomes:
        records["outcomes"] = outcomes

    appendices = []
    for i in range(1, draw(st.integers(0, 2)) + 1):
        where = f"appendices[{i}]"
        appendix: dict[str, Any] = {"title": b.name(f"{where}.title", bookmark=True),
                                    "text": b.paragraphs(f"{where}.text", 0, 1)}
        if draw(st.booleans()):
            columns = draw(st.integers(1, 3))
            header = [b.name(f"{where}.table.header[{c}]", min_pieces=1, max_pieces=3) for c in range(1, columns + 1)]
            rows = [[draw(names(1, 3)) for _ in range(columns)] for _ in range(draw(st.integers(0, 3)))]
            for r, row in enumerate(rows, start=1):
                for c, cell in enumerate(row, start=1):
                    b.expected.body.append(Field(f"{where}.table.rows[{r}][{c}]", table_text(rows, r - 1, c - 1)))
            appendix["table"] = {"header": header, "rows": rows}
        appendices.append(appendix)
    if appendices:
        records["appendices"] = appendices

    b.expected.title = text_of(info["title"])
    b.expected.author = text_of(organisation["name"])
    b.expected.subject = text_of(theme_title) if theme_title is not None else text_of(info.get("subtitle", ""))
    return Generated(records, b.expected)
