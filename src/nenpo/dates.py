"""Dates as Japanese reports write them: 和暦 eras, weekdays, spans and fiscal years (年度).

The one place that knows the era table. Records hand in `datetime.date` values or text in the
forms people type (2019-07-05, 2019/7/5, 2019年7月5日, 令和元年7月5日, R1.7.5, 令和二年七月五日);
templates get them back as 令和元年7月5日(金), 2012年5月26日・27日 or 令和元年度 through the compose
filters, in figures or in kanji (漢数字) as the house style says.
"""

from __future__ import annotations

import re
import unicodedata
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from nenpo.errors import InvalidValue
from nenpo.messages import Text

WEEKDAYS = "月火水木金土日"

#: Japan counts in the Gregorian calendar from this day (明治6年1月1日); earlier dates are lunisolar.
GREGORIAN_START = date(1873, 1, 1)
#: The last day nenpo reads, the end of 年度 2100: far beyond any report, and a year 9999 typed by
#: mistake is refused here rather than overflowing when its 年度 (ending the next March) is worked out.
LAST_DAY = date(2101, 3, 31)


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
        raise InvalidValue(Text("date.before_gregorian", text=d.isoformat()))
    for era in reversed(ERAS):
        if d >= era.start:
            return era
    raise AssertionError("unreachable: 明治 covers every day from GREGORIAN_START")


# --- numbers in kanji ----------------------------------------------------------------------

KANJI_DIGITS = "〇一二三四五六七八九"
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}


def kansuji(n: int) -> str:
    """A count in kanji as dates write it: 十二, 三十一, 百五; a year of four digits digit by digit (二〇一九)."""
    if n >= 1000:
        return "".join(KANJI_DIGITS[int(c)] for c in str(n))
    out = ""
    for value, unit in ((100, "百"), (10, "十")):
        q, n = divmod(n, value)
        if q:
            out += ("" if q == 1 else KANJI_DIGITS[q]) + unit
    return out + (KANJI_DIGITS[n] if n or not out else "")


def from_kansuji(text: str) -> int:
    """十二 → 12, 三十一 → 31, 二〇一九 → 2019."""
    if not any(c in _KANJI_UNITS for c in text):
        return int("".join(str(KANJI_DIGITS.index(c)) for c in text))
    total, digit = 0, None
    for c in text:
        if c in _KANJI_UNITS:
            total += (1 if digit is None else digit) * _KANJI_UNITS[c]
            digit = None
        else:
            digit = KANJI_DIGITS.index(c)
    return total + (digit or 0)


_KANJI_NUMBER = re.compile(f"[{KANJI_DIGITS}十百千]+")


def era_year_text(year: int, kanji: bool = False) -> str:
    """`元` for the first year of an era, the number otherwise, as formal text writes it."""
    if year == 1:
        return "元"
    return kansuji(year) if kanji else str(year)


Calendar = Literal["和暦", "西暦"]


@dataclass(frozen=True)
class DateStyle:
    """A house style for writing dates; a report states its own in its records.

    `era_at_start` names a 年度 by the era of its first day (平成31年度) rather than of most of it
    (令和元年度); `kanji` writes the numbers in kanji (令和二年七月十二日).
    """

    calendar: Calendar = "和暦"
    weekday: bool = True
    span_joiner: str = "から"
    ascii_parens: bool = False
    kanji: bool = False
    era_at_start: bool = False

    def paren(self, text: str) -> str:
        return f"({text})" if self.ascii_parens else f"（{text}）"

    def number(self, n: int) -> str:
        return kansuji(n) if self.kanji else str(n)


def _year_text(d: date, style: DateStyle) -> str:
    if style.calendar == "西暦":
        return f"{style.number(d.year)}年"
    era = era_of(d)
    return f"{era.name}{era_year_text(era.year_of(d), style.kanji)}年"


def _weekday(d: date, style: DateStyle) -> str:
    return style.paren(WEEKDAYS[d.weekday()]) if style.weekday else ""


def _month_day(d: date, style: DateStyle) -> str:
    return f"{style.number(d.month)}月{style.number(d.day)}日{_weekday(d, style)}"


def format_date(d: date, style: DateStyle = DateStyle()) -> str:
    """令和元年7月5日（金）, 2019年7月5日（金） or 令和元年七月五日（金）, per the style."""
    return f"{_year_text(d, style)}{_month_day(d, style)}"


def format_span(start: date, end: date | None, style: DateStyle = DateStyle()) -> str:
    """A date or a span, repeating only what changes: 10月8日（火）から9日（水）."""
    head = format_date(start, style)
    if end is None or end == start:
        return head
    if end < start:
        raise InvalidValue(Text("date.end_before_start", end=end.isoformat(), start=start.isoformat()),
                           Text("date.end_before_start_hint"))
    if _year_text(end, style) != _year_text(start, style):
        tail = format_date(end, style)
    elif end.month != start.month:
        tail = _month_day(end, style)
    else:
        tail = f"{style.number(end.day)}日{_weekday(end, style)}"
    return f"{head}{style.span_joiner}{tail}"


def fiscal_year(d: date) -> int:
    """The 年度 a date belongs to, named by the Gregorian year in which it begins (1 April)."""
    return d.year if d.month >= 4 else d.year - 1


def fiscal_year_bounds(fy: int) -> tuple[date, date]:
    """The first and last day of a 年度: 1 April to 31 March."""
    return date(fy, 4, 1), date(fy + 1, 3, 31)


def fiscal_year_label(fy: int, style: DateStyle = DateStyle()) -> str:
    """令和元年度 / 2019年度.

    A fiscal year is named by the era that covers most of it (the era in force on 1 October), so
    FY2019 is 令和元年度 as retrospective reports call it; a style with `era_at_start` names it by the
    era in force on 1 April instead (平成31年度, as budgets of the time did).
    """
    if style.calendar == "西暦":
        return f"{style.number(fy)}年度"
    first, last = fiscal_year_bounds(fy)
    anchor = first if style.era_at_start else date(fy, 10, 1)
    # FY1872 begins before the Gregorian calendar but ends in it (1873-01-01 … 03-31): 明治 throughout.
    era = era_of(max(anchor, GREGORIAN_START) if last >= GREGORIAN_START else anchor)
    return f"{era.name}{era_year_text(fy - era.start.year + 1, style.kanji)}年度"


def fiscal_years_label(years: list[int], style: DateStyle = DateStyle()) -> str:
    """The 年度 a report covers: 令和元年度, or 2007年度〜2012年度 when it spans several."""
    if not years:
        return ""
    first, last = fiscal_year_label(min(years), style), fiscal_year_label(max(years), style)
    return first if first == last else f"{first}〜{last}"


# --- parsing -------------------------------------------------------------------------------

_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_KANJI_WESTERN = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_KANJI_ERA = re.compile(r"(明治|大正|昭和|平成|令和)(元|\d{1,2})年(\d{1,2})月(\d{1,2})日")
_INITIAL_ERA = re.compile(r"([MTSHR])(元|\d{1,2})[.\-/](\d{1,2})[.\-/](\d{1,2})", re.IGNORECASE)
#: A time of day after a date: `2019-07-05 10:00`, `2019-07-05T10:00:00+09:00`, `13時30分`.
_TIME_OF_DAY = re.compile(r"(?:^|[\dT\s日])[0-9０-９]{1,2}[:：][0-9０-９]{2}|[\d０-９]\s*時")
_WEEKDAY_SUFFIX = re.compile(r"\s*\([月火水木金土日](?:曜日?)?\)\s*$")


def _normalise(text: str) -> str:
    """Full-width to ASCII (NFKC), kanji numbers to figures, spaces and a trailing weekday dropped."""
    t = unicodedata.normalize("NFKC", text).strip().replace("○", "〇")  # IMEs offer ○ for 〇
    t = _WEEKDAY_SUFFIX.sub("", t)
    t = _KANJI_NUMBER.sub(lambda m: str(from_kansuji(m[0])), t)
    return re.sub(r"\s+", "", t)


def _in_range(value: date, original: str) -> date:
    """A date nenpo can work with: from 明治6年 (1873) to the end of 年度 2100."""
    if value < GREGORIAN_START:
        raise InvalidValue(Text("date.before_gregorian", text=original))
    if value > LAST_DAY:
        raise InvalidValue(Text("date.too_late", text=original, last=LAST_DAY.isoformat()), Text("date.too_late_hint"))
    return value


def _checked(y: int, m: int, d: int, original: str) -> date:
    try:
        value = date(y, m, d)
    except ValueError:
        if y < GREGORIAN_START.year:  # also year 0 (0000-01-01), which `date` cannot hold
            raise InvalidValue(Text("date.before_gregorian", text=original)) from None
        raise InvalidValue(Text("date.nonexistent", text=original), _nonexistent_hint(y, m)) from None
    return _in_range(value, original)


def _nonexistent_hint(year: int, month: int) -> Text:
    if not 1 <= month <= 12:
        return Text("date.month_hint")
    return Text("date.day_hint", year=year, month=month, last=monthrange(year, month)[1])


def from_era(era: Era, year: int, month: int, day: int, original: str) -> date:
    """The Gregorian date of an era date, refusing era years the era did not have."""
    if year < 1:
        raise InvalidValue(Text("date.era_year_zero", text=original, era=era.name),
                           Text("date.era_year_zero_hint", era=era.name))
    value = _checked(era.start.year + year - 1, month, day, original)
    if value < era.start:
        start = format_date(era.start, DateStyle(weekday=False))
        raise InvalidValue(Text("date.before_era", text=original, era=era.name, start=start))
    actual = era_of(value)
    if actual != era:
        right = format_date(value, DateStyle(weekday=False))
        raise InvalidValue(Text("date.wrong_era", text=original, era=era.name),
                           Text("date.wrong_era_hint", right=right))
    return value


def parse_date(text: str | date) -> date:
    """A date from the forms people type; InvalidValue saying what is wrong otherwise."""
    if isinstance(text, datetime):
        raise InvalidValue(Text("date.has_time", text=text.isoformat(" ")), Text("date.has_time_hint"))
    if isinstance(text, date):  # YAML reads an unquoted 2019-07-05 as a date already
        return _in_range(text, text.isoformat())
    if _TIME_OF_DAY.search(text):
        raise InvalidValue(Text("date.has_time", text=text), Text("date.has_time_hint"))
    t = _normalise(text)
    if m := _ISO.fullmatch(t) or _KANJI_WESTERN.fullmatch(t):
        return _checked(int(m[1]), int(m[2]), int(m[3]), text)
    if m := _KANJI_ERA.fullmatch(t):
        year = 1 if m[2] == "元" else int(m[2])
        return from_era(ERA_BY_NAME[m[1]], year, int(m[3]), int(m[4]), text)
    if m := _INITIAL_ERA.fullmatch(t):
        year = 1 if m[2] == "元" else int(m[2])
        return from_era(ERA_BY_NAME[m[1].upper()], year, int(m[3]), int(m[4]), text)
    raise InvalidValue(Text("date.unreadable", text=text), Text("date.forms_hint"))


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
        raise InvalidValue(Text("date.span_reversed", text=text, end=end.isoformat(), start=start.isoformat()),
                           Text("date.end_before_start_hint"))
    return start, end
