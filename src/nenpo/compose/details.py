"""The facts of one event as 「項目　値」 lines, in the order every template prints them.

A session's or visit's structured values (when, where, how, who) are many and mostly optional; if
each template chose which to print, a value could be typed and never shown. Here they are turned
into lines once, labelled from the template's labels table, so every template prints every value
(the free fields last, as typed) and only lays the lines out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from jinja2 import pass_context
from jinja2.runtime import Context

from nenpo.compose import filters as f
from nenpo.records.model import Event, Place, Session, Visit


@dataclass(frozen=True)
class Detail:
    """One line: a label (empty for a programme item, which is its own label) and its text."""

    label: str
    text: str


def _place_text(ctx: Context, p: Place, more: bool = False) -> str:
    """石川県金沢市「金沢市役所」　令和6年10月8日（火）　視察項目：…　項目：値; `more` puts など after the
    place itself (not after what was seen there) for a visit with more places than written."""
    parts = [f.facilities(p) + (f._label(ctx, "more_places") if more else "")]
    if p.date is not None:
        parts.append(f.date_filter(ctx, p.date))
    if p.topics:
        parts.append(f"{f._label(ctx, 'topics')}：{'、'.join(p.topics)}")
    parts += [f"{key}：{value}" for key, value in p.extra.items()]
    return "　".join(parts)


def _common(ctx: Context, e: Event) -> Iterator[Detail]:
    if e.mode:
        yield Detail(f._label(ctx, "mode"), e.mode)
    if e.audience:
        yield Detail(f._label(ctx, "audience"), e.audience)
    for name, names in (("host", e.host), ("co_host", e.co_host), ("support", e.support)):
        if names:
            yield Detail(f._label(ctx, name), "、".join(names))
    if e.participants is not None:
        yield Detail(f._label(ctx, "participants"), f.count(ctx, e.participants))


def _when(ctx: Context, e: Event, in_heading: bool = False) -> Iterator[Detail]:
    if in_heading:  # the heading shows the date and time (`e|when`)
        pass
    elif e.date is not None:
        yield Detail(f._label(ctx, "datetime" if e.time else "date"), f.when(ctx, e))
    elif e.time is not None:
        yield Detail(f._label(ctx, "time"), f.time_filter(ctx, e.time))
    if e.status != "開催":
        yield Detail(f._label(ctx, "status"), f.status(ctx, e))


def _session(ctx: Context, s: Session, when_in_heading: bool) -> Iterator[Detail]:
    yield from _when(ctx, s, when_in_heading and s.date is not None)
    if s.venues:
        yield Detail(f._label(ctx, "place"), "、".join(f.venue(v) for v in s.venues))
    yield from _common(ctx, s)
    if s.speakers:
        yield Detail(f._label(ctx, "speakers"), f.people(ctx, s.speakers))
    for talk in s.programme:
        title = f"「{talk.title}」" if talk.title else ""
        yield Detail("", title + f.people(ctx, talk.speakers))


def _visit(ctx: Context, v: Visit, short: bool, when_in_heading: bool) -> Iterator[Detail]:
    if not short:
        yield from _when(ctx, v, when_in_heading and v.date is not None)
    else:  # the heading shows the date
        if v.time is not None:
            yield Detail(f._label(ctx, "time"), f.time_filter(ctx, v.time))
        if v.status != "開催":
            yield Detail(f._label(ctx, "status"), f.status(ctx, v))
    for i, p in enumerate(v.places):
        if short and not (p.facilities or p.date or p.topics or p.extra):
            continue
        last = v.more_places and i == len(v.places) - 1 and not short
        yield Detail(f._label(ctx, "places"), _place_text(ctx, p, last))
    if v.held_at and not short:
        yield Detail(f._label(ctx, "place"), f.fill(ctx, f._label(ctx, "held_at"), place=v.held_at))
    if v.group:
        yield Detail(f._label(ctx, "group"), v.group)
    if v.members:
        yield Detail(f._label(ctx, "members"), f.people(ctx, v.members, honorific=""))
    if v.purpose:
        yield Detail(f._label(ctx, "purpose"), v.purpose)
    if v.topics:
        yield Detail(f._label(ctx, "topics"), "、".join(v.topics))
    yield from _common(ctx, v)


@pass_context
def details(ctx: Context, e: Event, short: bool = False, when_in_heading: bool = False) -> list[Detail]:
    """The lines that describe an event, free fields last. `short` is for a visit whose heading
    already names its places and date (as a visit log heads each entry), `when_in_heading` for an
    event whose heading ends with its date and time (`e|when`): those are not repeated."""
    lines = list(_session(ctx, e, when_in_heading) if isinstance(e, Session)
                 else _visit(ctx, e, short, when_in_heading) if isinstance(e, Visit) else _when(ctx, e))
    return lines + [Detail(key, value) for key, value in e.extra.items()]
