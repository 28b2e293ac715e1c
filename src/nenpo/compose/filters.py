"""Japanese filters for templates: dates in the report's house style, people, places.

Each returns plain text (escaped on output like any record text) unless it says otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context

from nenpo import dates
from nenpo.compose.escape import Markdown, escape
from nenpo.records.model import Person, Place, Span, Venue, Visit


def _style(ctx: Context) -> dates.DateStyle:
    style = ctx.get("date_style")
    return style if isinstance(style, dates.DateStyle) else dates.DateStyle()


def _span(value: Span | date | str) -> tuple[date, date | None]:
    if isinstance(value, Span):
        return value.start, value.end
    if isinstance(value, date):
        return value, None
    return dates.parse_span(value)


@pass_context
def date_filter(ctx: Context, value: Span | date | str) -> str:
    """A date or span in the report's style: 令和元年10月8日（火）から9日（水）."""
    return dates.format_span(*_span(value), _style(ctx))


@pass_context
def wareki(ctx: Context, value: Span | date | str) -> str:
    """Always 和暦, whatever the report's calendar."""
    return dates.format_span(*_span(value), replace(_style(ctx), calendar="和暦"))


@pass_context
def seireki(ctx: Context, value: Span | date | str) -> str:
    """Always 西暦, whatever the report's calendar."""
    return dates.format_span(*_span(value), replace(_style(ctx), calendar="西暦"))


@pass_context
def nendo(ctx: Context, value: int | date | list[int], calendar: dates.Calendar | None = None) -> str:
    """The 年度 of a date, of a fiscal year given by its starting year (令和元年度), or of a list of
    them (`fiscal_years`: 2007年度〜2012年度); `calendar` ("和暦" or "西暦") overrides the records'."""
    style = _style(ctx) if calendar is None else replace(_style(ctx), calendar=calendar)
    if isinstance(value, (list, tuple)):
        return dates.fiscal_years_label([int(v) for v in value], style)
    fy = dates.fiscal_year(value) if isinstance(value, date) else int(value)
    return dates.fiscal_year_label(fy, style)


@pass_context
def person(ctx: Context, p: Person, affiliation: bool = True) -> str:
    """大杉覚教授（首都大学東京大学院）; without the parentheses when no affiliation is given."""
    text = f"{p.name}{p.honorific}"
    return text + _style(ctx).paren(p.affiliation) if affiliation and p.affiliation else text


@pass_context
def people(ctx: Context, ps: Iterable[Person], affiliation: bool = True) -> str:
    """Several people joined by 、 as a programme lists them."""
    return "、".join(person(ctx, p, affiliation) for p in ps)


def venue(v: Venue) -> str:
    """南陽市「赤湯公民館」; several facilities inside one pair of brackets."""
    return f"{v.place}「{'、'.join(v.facilities)}」" if v.facilities else v.place


def place(p: Place) -> str:
    """神奈川県厚木市."""
    return f"{p.prefecture or ''}{p.municipality}"


@pass_context
def places(ctx: Context, v: Visit) -> str:
    """The first place of a visit, with など when there were more, and (於:…) when held elsewhere."""
    text = place(v.places[0]) + ("など" if len(v.places) > 1 else "")
    return text + _style(ctx).paren(f"於：{v.held_at}") if v.held_at else text


def paragraphs(texts: Iterable[str]) -> Markdown:
    """Paragraphs of record text as Markdown paragraphs (each escaped), one blank line apart."""
    return Markdown("".join(f"{escape(t)}\n\n" for t in texts))


def join_numbers(values: Iterable[Any], sep: str = "、") -> str:
    """1、2、4: for lists of session numbers in tables."""
    return sep.join(str(v) for v in values)


FILTERS: dict[str, Callable[..., Any]] = {
    "date": date_filter,
    "wareki": wareki,
    "seireki": seireki,
    "nendo": nendo,
    "person": person,
    "people": people,
    "venue": venue,
    "place": place,
    "places": places,
    "join_numbers": join_numbers,
    "paragraphs": paragraphs,
}
