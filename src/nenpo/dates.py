"""Dates as Japanese reports write them: 和暦 eras, weekdays, spans and fiscal years (年度).

The one place that knows the era table. Records hand in `datetime.date` values or text in the
forms people type (2019-07-05, 2019/7/5, 2019年7月5日, 令和元年7月5日, R1.7.5); templates get
them back as 令和元年7月5日(金), 2012年5月26日・27日 or 令和元年度 through the compose filters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Literal

WEEKDAYS = "月火水木金土日"

#: Japan counts in the Gregorian calendar from this day (明治6年1月1日); earlier dates are lunisolar.
GREGORIAN_START = date(1873, 1, 1)


@dataclass(frozen=True)
class Era:
    """A Japanese era: its name, the initial used in abbreviations (R1.7.5), and its first day."""

    name: str
    initial: str
    start: date

    def year_of(self, d: date) -> int:
        """The era year (1 = 元年) of a date that falls in this era."""
        return d.year - self.start.year + 1


ERAS: tuple[Era, ...] = (
    Era("明治", "M", date(1868, 1, 25)),
    Era("大正", "T", date(1912, 7, 30)),
    Era("昭和", "S", date(1926, 12, 25)),
    Era("平成", "H", date(1989, 1, 8)),
    Era("令和", "R", date(2019, 5, 1)),
)
ERA_BY_NAME = {e.name: e for e in ERAS} | {e.initial: e for e in ERAS}


def era_of(d: date) -> Era:
    """The era in force on a date (from 1873-01-01 on)."""
    if d < GREGORIAN_START:
        raise ValueError(f"{d.isoformat()} は明治6年1月1日(1873-01-01)より前で、扱えません。")
    for era in reversed(ERAS):
        if d >= era.start:
            return era
    raise AssertionError("unreachable: 明治 covers every day from GREGORIAN_START")


def era_year_text(year: int) -> str:
    """`元` for the first year of an era, the number otherwise, as formal text writes it."""
    return "元" if year == 1 else str(year)


Calendar = Literal["和暦", "西暦"]


@dataclass(frozen=True)
class DateStyle:
    """A house style for writing dates; a report states its own in its records."""

    calendar: Calendar = "和暦"
    weekday: bool = True
    span_joiner: str = "から"
    ascii_parens: bool = False

    def paren(self, text: str) -> str:
        return f"({text})" if self.ascii_parens else f"（{text}）"


def _year_text(d: date, style: DateStyle) -> str:
    if style.calendar == "西暦":
        return f"{d.year}年"
    era = era_of(d)
    return f"{era.name}{era_year_text(era.year_of(d))}年"


def _weekday(d: date, style: DateStyle) -> str:
    return style.paren(WEEKDAYS[d.weekday()]) if style.weekday else ""


def format_date(d: date, style: DateStyle = DateStyle()) -> str:
    """令和元年7月5日（金） or 2019年7月5日（金）, per the style."""
    return f"{_year_text(d, style)}{d.month}月{d.day}日{_weekday(d, style)}"


def format_span(start: date, end: date | None, style: DateStyle = DateStyle()) -> str:
    """A date or a span, repeating only what changes: 10月8日（火）から9日（水）."""
    head = format_date(start, style)
    if end is None or end == start:
        return head
    if end < start:
        raise ValueError(f"終わりの日 {end.isoformat()} が始まりの日 {start.isoformat()} より前です。")
    if _year_text(end, style) != _year_text(start, style):
        tail = format_date(end, style)
    elif end.month != start.month:
        tail = f"{end.month}月{end.day}日{_weekday(end, style)}"
    else:
        tail = f"{end.day}日{_weekday(end, style)}"
    return f"{head}{style.span_joiner}{tail}"


def fiscal_year(d: date) -> int:
    """The 年度 a date belongs to, named by the Gregorian year in which it begins (1 April)."""
    return d.year if d.month >= 4 else d.year - 1


def fiscal_year_label(fy: int, calendar: Calendar = "和暦", era_at_start: bool = False) -> str:
    """令和元年度 / 2019年度.

    A fiscal year is named by the era that covers most of it (the era in force on 1 October), so
    FY2019 is 令和元年度 as retrospective reports call it; `era_at_start=True` names it by the era in
    force on 1 April instead (平成31年度, as budgets of the time did).
    """
    if calendar == "西暦":
        return f"{fy}年度"
    anchor = date(fy, 4, 1) if era_at_start else date(fy, 10, 1)
    era = era_of(anchor)
    return f"{era.name}{era_year_text(fy - era.start.year + 1)}年度"


# --- parsing -------------------------------------------------------------------------------

_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_KANJI_WESTERN = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_KANJI_ERA = re.compile(r"(明治|大正|昭和|平成|令和)(元|\d{1,2})年(\d{1,2})月(\d{1,2})日")
_INITIAL_ERA = re.compile(r"([MTSHR])(元|\d{1,2})[.\-/](\d{1,2})[.\-/](\d{1,2})", re.IGNORECASE)
_WEEKDAY_SUFFIX = re.compile(r"\s*\([月火水木金土日]\)\s*$")


def _normalise(text: str) -> str:
    """Full-width digits and punctuation to ASCII (NFKC), spaces and a trailing weekday dropped."""
    t = unicodedata.normalize("NFKC", text).strip()
    t = _WEEKDAY_SUFFIX.sub("", t)
    return re.sub(r"\s+", "", t)


def _checked(y: int, m: int, d: int, original: str) -> date:
    try:
        value = date(y, m, d)
    except ValueError:
        raise ValueError(f"「{original}」は存在しない日付です。") from None
    if value < GREGORIAN_START:
        raise ValueError(f"「{original}」は明治6年1月1日(1873-01-01)より前で、扱えません。")
    return value


def from_era(era: Era, year: int, month: int, day: int, original: str) -> date:
    """The Gregorian date of an era date, refusing era years the era did not have."""
    if year < 1:
        raise ValueError(f"「{original}」: {era.name}{year}年はありません。元年(1年)から数えます。")
    value = _checked(era.start.year + year - 1, month, day, original)
    if value < era.start:
        raise ValueError(f"「{original}」は{era.name}の始まり({format_date(era.start)})より前です。")
    actual = era_of(value)
    if actual != era:
        right = format_date(value, DateStyle(weekday=False))
        raise ValueError(f"「{original}」は{era.name}ではありません。その日は{right}です。")
    return value


def parse_date(text: str | date) -> date:
    """A date from the forms people type; ValueError with a Japanese message otherwise."""
    if isinstance(text, date):
        return text
    t = _normalise(text)
    if m := _ISO.fullmatch(t) or _KANJI_WESTERN.fullmatch(t):
        return _checked(int(m[1]), int(m[2]), int(m[3]), text)
    if m := _KANJI_ERA.fullmatch(t):
        year = 1 if m[2] == "元" else int(m[2])
        return from_era(ERA_BY_NAME[m[1]], year, int(m[3]), int(m[4]), text)
    if m := _INITIAL_ERA.fullmatch(t):
        year = 1 if m[2] == "元" else int(m[2])
        return from_era(ERA_BY_NAME[m[1].upper()], year, int(m[3]), int(m[4]), text)
    raise ValueError(
        f"「{text}」を日付として読めません。2019-07-05、2019/7/5、令和元年7月5日、R1.7.5 のように書いてください。"
    )


_SPAN_JOINERS = re.compile(r"から|〜|~|・")
_PARTIAL_TAIL = re.compile(r"(?:(\d{1,2})月)?(\d{1,2})日")


def parse_span(text: str) -> tuple[date, date | None]:
    """A date or a span: `2019-10-08から2019-10-09`, `令和元年10月8日から9日`, `2012年5月26日・27日`."""
    t = _normalise(text)
    parts = _SPAN_JOINERS.split(t, maxsplit=1) if not _ISO.fullmatch(t) else [t]
    if len(parts) == 1:
        return parse_date(text), None
    start = parse_date(parts[0])
    tail = parts[1]
    if m := _PARTIAL_TAIL.fullmatch(tail):
        month = int(m[1]) if m[1] else start.month
        end = _checked(start.year, month, int(m[2]), text)
    else:
        end = parse_date(tail)
    if end < start:
        raise ValueError(f"「{text}」は終わりの日が始まりの日より前です。")
    return start, end
