"""Typed records → what a template sees: the records themselves plus what is derived from them.

Derived values (the year label, the sections per 年度, numbers the records leave to nenpo, the
lecturer index) are computed here, in Python, so that templates stay declarative and every
template derives them the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from nenpo import dates
from nenpo.compose.labels import Labels
from nenpo.records.model import Event, Person, Report, Session, Visit

E = TypeVar("E", bound=Event)


@dataclass
class LecturerEntry:
    """One row of the lecturer table: a person and the sessions they spoke at (by number, or by
    heading for a session without one)."""

    person: Person
    sessions: list[int | str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.person.name

    @property
    def honorific(self) -> str:
        return self.person.honorific if self.person.honorific is not None else "氏"

    @property
    def affiliation(self) -> str | None:
        return self.person.affiliation


@dataclass(frozen=True)
class Year:
    """The events of one 年度 (or of the whole report when it is not divided by 年度)."""

    fiscal_year: int | None
    label: str
    sessions: list[Session]
    visits: list[Visit]


def fiscal_years(report: Report) -> list[int]:
    """The 年度 the report covers, by starting year: those stated, or those of its dates."""
    info = report.report
    if info.fiscal_year is not None:
        return list(range(info.fiscal_year, (info.until_fiscal_year or info.fiscal_year) + 1))
    return sorted({dates.fiscal_year(d) for d in report.all_days})


def year_label(report: Report) -> str:
    """The 年度 the report covers as the records write it: stated, or derived from its dates."""
    info = report.report
    return info.year_label or dates.fiscal_years_label(fiscal_years(report), info.dates.style())


def divided_by_year(report: Report) -> bool:
    """Whether the report has a section per 年度: it states more than one."""
    info = report.report
    return info.until_fiscal_year is not None and info.until_fiscal_year != info.fiscal_year


def _numbered(events: list[E], per_year: bool) -> list[E]:
    """Events of a kind with a number where the records gave none: counted per kind in the order
    written (and per 年度 when `per_year`); a number the records give sets the count for those after it."""
    counters: dict[tuple[str | None, int | None], int] = {}
    out = []
    for e in events:
        if e.kind is None:  # 第1回 alone says nothing: only events of a kind are counted
            out.append(e)
            continue
        key = (e.kind, e.year if per_year else None)
        n = e.number if e.number is not None else counters.get(key, 0) + 1
        counters[key] = n
        out.append(e if e.number is not None else e.model_copy(update={"number": n}))
    return out


def events_as_printed(report: Report) -> tuple[list[Session], list[Visit]]:
    """Sessions and visits with the numbers the report prints (see `ReportInfo.numbering`)."""
    how = report.report.numbering
    if how == "記録のまま":
        return list(report.sessions), list(report.visits)
    per_year = how == "年度ごと"
    return _numbered(list(report.sessions), per_year), _numbered(list(report.visits), per_year)


def years(report: Report, sessions: list[Session], visits: list[Visit]) -> list[Year]:
    """The report's events by 年度: one group for a report of one 年度 (or none stated), else one
    per 年度 that has events, in order (an event outside the stated years still gets its own)."""
    style = report.report.dates.style()
    if not divided_by_year(report):
        return [Year(report.report.fiscal_year, year_label(report), sessions, visits)]
    found = sorted({e.year for e in (*sessions, *visits) if e.year is not None})
    return [Year(fy, dates.fiscal_year_label(fy, style), [s for s in sessions if s.year == fy],
                 [v for v in visits if v.year == fy]) for fy in found]


def lecturer_index(report: Report, sessions: list[Session]) -> list[LecturerEntry]:
    """Everyone who spoke, in order of first appearance, with the affiliation given anywhere."""
    entries: dict[str, LecturerEntry] = {}

    def note(person: Person, session: Session | None) -> None:
        entry = entries.setdefault(person.name, LecturerEntry(person))
        if entry.person.affiliation is None and person.affiliation:
            entry.person = entry.person.model_copy(update={"affiliation": person.affiliation})
        if entry.person.position is None and person.position:
            entry.person = entry.person.model_copy(update={"position": person.position})
        if session is None:
            return
        ref = session.number if session.number is not None else (session.heading or session.kind or session.title)
        if ref is not None and ref not in entry.sessions:
            entry.sessions.append(ref)

    if report.lecturers:
        for person in report.lecturers.people:
            note(person, None)
    for session in sessions:
        for person in (*session.speakers, *(p for talk in session.programme for p in talk.speakers)):
            note(person, session)
    return [e for e in entries.values() if e.sessions or report.lecturers]


def template_context(report: Report, labels: Labels | None = None) -> dict[str, Any]:
    """The variables a content template can use (listed in the template README)."""
    sessions, visits = events_as_printed(report)
    return {
        "report": report.report,
        "organisation": report.organisation,
        "programme": report.programme,
        "theme": report.theme,
        "lecturers": report.lecturers,
        "sessions": sessions,
        "visits": visits,
        "outcomes": report.outcomes,
        "appendices": report.appendices,
        "year_label": year_label(report),
        "fiscal_years": fiscal_years(report),
        "years": years(report, sessions, visits),
        "by_year": divided_by_year(report),
        "lecturer_index": lecturer_index(report, sessions),
        "date_style": report.report.dates.style(),
        "labels": labels if labels is not None else Labels(),
        "honorifics": report.report.honorifics,
    }
