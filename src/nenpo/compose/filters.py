"""Japanese filters for templates: dates in the report's house style, people, places.

Each returns plain text (escaped on output like any record text) unless it says otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context

from nenpo import dates
from nenpo.compose.escape import Markdown, escape
from nenpo.compose.figures import FigureRegistry
from nenpo.compose.labels import default_labels, fill_blanks
from nenpo.records.model import Event, Person, Photo, Place, Span, Venue, Visit


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


def _labels(ctx: Context) -> Mapping[str, str]:
    """The rendering's labels; the default template's when rendered without any (a filter's own test)."""
    labels = ctx.get("labels")
    return labels if isinstance(labels, Mapping) else default_labels()


def _label(ctx: Context, name: str) -> str:
    return _labels(ctx)[name]


@pass_context
def fill(ctx: Context, phrase: str, **values: Any) -> str:
    """A label's named blanks filled in: `【{heading}のまとめ】` with heading=… → 【第1回集合研修のまとめ】."""
    return fill_blanks(phrase, {k: "" if v is None else v for k, v in values.items()})


def _honorific(ctx: Context, p: Person, default: str | None) -> str:
    if ctx.get("honorifics") is False:
        return ""
    if p.honorific is not None:
        return p.honorific
    return _label(ctx, "honorific") if default is None else default


@pass_context
def person(ctx: Context, p: Person, affiliation: bool = True, honorific: str | None = None) -> str:
    """大杉覚教授（首都大学東京大学院）, 元東京都立大学客員准教授 大島朗伸氏; without the parentheses when no
    affiliation is given. The honorific is the person's own, else `honorific` (the label of that
    name when not given), and none at all when the report omits honorifics (敬称略)."""
    text = f"{p.position} " if p.position else ""
    text += f"{p.name}{_honorific(ctx, p, honorific)}"
    return text + _style(ctx).paren(p.affiliation) if affiliation and p.affiliation else text


@pass_context
def people(ctx: Context, ps: Iterable[Person], affiliation: bool = True, honorific: str | None = None) -> str:
    """Several people joined by 、 as a programme lists them."""
    return "、".join(person(ctx, p, affiliation, honorific) for p in ps)


def venue(v: Venue) -> str:
    """南陽市「赤湯公民館」; several facilities inside one pair of brackets."""
    return f"{v.place}「{'、'.join(v.facilities)}」" if v.facilities else v.place


def place(p: Place) -> str:
    """神奈川県厚木市."""
    return f"{p.prefecture or ''}{p.municipality}"


def facilities(p: Place) -> str:
    """石川県金沢市「金沢市役所、金沢21世紀美術館」: a place with the facilities visited there."""
    return f"{place(p)}「{'、'.join(p.facilities)}」" if p.facilities else place(p)


@pass_context
def places(ctx: Context, v: Visit) -> str:
    """Every place of a visit (神奈川県厚木市、横浜市), など when the records say there were more,
    and （於：東京） when it was held elsewhere."""
    text = "、".join(place(p) for p in v.places) + (_label(ctx, "more_places") if v.more_places else "")
    if v.held_at:
        text += _style(ctx).paren(fill(ctx, _label(ctx, "held_at"), place=v.held_at))
    return text


@pass_context
def number(ctx: Context, e: Event) -> str:
    """第3回 (the label `number`), or nothing for an event without a number."""
    if e.number is None:
        return ""
    return fill(ctx, _label(ctx, "number"), number=_style(ctx).number(e.number))


@pass_context
def heading(ctx: Context, e: Event) -> str:
    """An event's heading: its own (令和5年度通常総会), or its number and kind (第3回例会, 講演会)."""
    return e.heading or f"{number(ctx, e)}{e.kind or ''}"


@pass_context
def time_filter(ctx: Context, value: dates.TimeRange | None) -> str:
    """A time of day or span in the report's style: 13:30〜16:00, 13時30分〜16時."""
    return "" if value is None else dates.format_time_range(value, _style(ctx))


@pass_context
def when(ctx: Context, e: Event) -> str:
    """An event's date and time as one line: 令和元年7月5日（金）13:30〜16:00; empty when undated."""
    text = date_filter(ctx, e.date) if e.date is not None else ""
    return text + (time_filter(ctx, e.time) if e.time is not None else "")


@pass_context
def status(ctx: Context, e: Event) -> str:
    """中止（台風接近のため）, 延期（令和2年3月7日（土）に延期）; empty for an event held as planned."""
    if e.status == "開催":
        return ""
    notes = [n for n in (e.status_note, e.postponed_to and fill(
        ctx, _label(ctx, "postponed_to"), date=date_filter(ctx, e.postponed_to))) if n]
    return e.status + (_style(ctx).paren("、".join(notes)) if notes else "")


@pass_context
def count(ctx: Context, n: int | None) -> str:
    """45名 (the label `participants_count`)."""
    return "" if n is None else fill(ctx, _label(ctx, "participants_count"), count=n)


def kinds(events: Iterable[Event], sep: str = "・") -> str:
    """The kinds of a list of events, each once, in order: 総会・例会・現地見学会."""
    return sep.join(dict.fromkeys(e.kind for e in events if e.kind))


@pass_context
def photos(ctx: Context, items: Iterable[Photo] | None) -> Markdown:
    """An event's (or an appendix's) photos as a row-by-row block, numbered 写真1, 写真2 … in the
    order the template places them; nothing for none."""
    return _registry(ctx).markdown(list(items or []), "photos")


@pass_context
def logo(ctx: Context, item: Photo | None) -> Markdown:
    """The cover's logo, at the width the style sheet gives it; nothing when there is none."""
    return _registry(ctx).markdown([item] if item else [], "logo")


def _registry(ctx: Context) -> FigureRegistry:
    registry = ctx.get("figure_registry")
    if not isinstance(registry, FigureRegistry):
        raise RuntimeError("photos need the build's figure registry in the context")
    return registry


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
    "facilities": facilities,
    "fill": fill,
    "number": number,
    "heading": heading,
    "time": time_filter,
    "when": when,
    "status": status,
    "count": count,
    "kinds": kinds,
    "photos": photos,
    "logo": logo,
    "join_numbers": join_numbers,
    "paragraphs": paragraphs,
}
