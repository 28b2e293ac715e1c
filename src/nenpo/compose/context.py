"""Typed records → what a template sees: the records themselves plus what is derived from them.

Derived values (the year label, the lecturer index) are computed here, in Python, so that
templates stay declarative and every template derives them the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nenpo import dates
from nenpo.records.model import Person, Report


@dataclass
class LecturerEntry:
    """One row of the lecturer table: a person and the sessions they spoke at."""

    name: str
    honorific: str
    affiliation: str | None
    sessions: list[int] = field(default_factory=list)


def fiscal_years(report: Report) -> list[int]:
    """The 年度 the report covers, by starting year: the one stated, or those of its dates."""
    if report.report.fiscal_year is not None:
        return [report.report.fiscal_year]
    return sorted({dates.fiscal_year(d) for d in report.all_days})


def year_label(report: Report) -> str:
    """The 年度 the report covers as the records write it: stated, or derived from its dates."""
    info = report.report
    return info.year_label or dates.fiscal_years_label(fiscal_years(report), info.dates.style())


def lecturer_index(report: Report) -> list[LecturerEntry]:
    """Everyone who spoke, in order of first appearance, with the affiliation given anywhere."""
    entries: dict[str, LecturerEntry] = {}

    def note(person: Person, session: int | None) -> None:
        entry = entries.setdefault(
            person.name, LecturerEntry(person.name, person.honorific, person.affiliation)
        )
        if entry.affiliation is None and person.affiliation:
            entry.affiliation = person.affiliation
        if session is not None and session not in entry.sessions:
            entry.sessions.append(session)

    if report.lecturers:
        for person in report.lecturers.people:
            note(person, None)
    for session in report.sessions:
        for talk in session.programme:
            for person in talk.speakers:
                note(person, session.number)
    return [e for e in entries.values() if e.sessions or report.lecturers]


def template_context(report: Report) -> dict[str, Any]:
    """The variables a content template can use (listed in the template README)."""
    return {
        "report": report.report,
        "organisation": report.organisation,
        "programme": report.programme,
        "theme": report.theme,
        "lecturers": report.lecturers,
        "sessions": report.sessions,
        "visits": report.visits,
        "outcomes": report.outcomes,
        "appendices": report.appendices,
        "year_label": year_label(report),
        "fiscal_years": fiscal_years(report),
        "lecturer_index": lecturer_index(report),
        "date_style": report.report.dates.style(),
    }
