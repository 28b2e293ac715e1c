"""Dates as Japanese reports write them: 和暦 eras, weekdays, spans and fiscal years (年度).

The one place that knows the era table. Records hand in `datetime.date` values or text in the
forms people type (2019-07-05, 2019/7/5, 2019年7月5日, 令和元年7月5日, R1.7.5, 令和二年七月五日), and
lists hand in what they write under a year heading (7月5日(金), 2024/6/14～6/15, 13:30〜16:00);
templates get them back as 令和元年7月5日(金), 2012年5月26日・27日 or 令和元年度 through the compose
filters, in figures or in kanji (漢数字) as the house style says.
"""

from __future__ import annotations

import re
import unicodedata
from calendar import monthrange
from dataclasses import dataclass, replace
from datetime import date, datetime, time
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


_FISCAL_YEAR = re.compile(r"^(?:(?P<western>\d{4})|(?P<era>明治|大正|昭和|平成|令和|[MTSHR])\s*(?P<year>元|\d{1,2}))\s*(?:年度)?$")


def parse_fiscal_year(text: str) -> int | None:
    """The 年度 a text names, by the Western year it begins in: 2019, 2019年度, 令和元年度, R1 → 2019
    (平成31年度 too: 年度 2019 began under 平成). None for any other text."""
    match = _FISCAL_YEAR.match(unicodedata.normalize("NFKC", text).strip())
    if match is None:
        return None
    if match["western"]:
        return int(match["western"])
    era = ERA_BY_NAME[match["era"]]
    return era.start.year + _era_year(match["year"]) - 1


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
    (令和元年度); `kanji` writes the numbers in kanji (令和二年七月十二日), times too (十三時三十分);
    `clock` writes a time of day as 13:30 or as 13時30分.
    """

    calendar: Calendar = "和暦"
    weekday: bool = True
    span_joiner: str = "から"
    ascii_parens: bool = False
    kanji: bool = False
    era_at_start: bool = False
    clock: Literal["13:30", "13時30分"] = "13:30"

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


# --- times of day --------------------------------------------------------------------------

#: 24:00, the end of a day, as the end of a time range: `time` stops at 23:59:59.999999, which
#: stands for it here (and sorts after every other time, as 24:00 should).
END_OF_DAY = time.max


@dataclass(frozen=True)
class TimeRange:
    """A time of day or a span of it: 13:30〜16:00, 十三時三十分〜.

    `end` is None when no end is written (13:30, 13時〜); an end of 24:00 is `END_OF_DAY`.
    """

    start: time
    end: time | None = None


def _clock_text(t: time, style: DateStyle) -> str:
    """13:30, 13時30分 or 十三時三十分; a whole hour in the 時 forms is 16時, never 16時0分."""
    hour, minute = (24, 0) if t == END_OF_DAY else (t.hour, t.minute)
    if style.kanji:
        return f"{kansuji(hour)}時" + (f"{kansuji(minute)}分" if minute else "")
    if style.clock == "13時30分":
        return f"{hour}時" + (f"{minute}分" if minute else "")
    return f"{hour}:{minute:02d}"


def format_time_range(value: TimeRange, style: DateStyle = DateStyle()) -> str:
    """13:30〜16:00, 13:30〜 (no end written), 13時30分〜16時 or 十三時三十分〜十六時, per the style."""
    end = "" if value.end is None else _clock_text(value.end, style)
    return f"{_clock_text(value.start, style)}〜{end}"


# --- parsing -------------------------------------------------------------------------------

#: A time of day after a date, which parse_date and parse_span refuse before reading further:
#: `2019-07-05 10:00`, `2019-07-05T10:00:00+09:00`, `13時30分`.
_TIME_OF_DAY = re.compile(r"(?:^|[\dT\s日])[0-9０-９]{1,2}[:：][0-9０-９]{2}|[\d０-９]\s*時")

#: Days written with a Gregorian year: 2019-07-05, 2019/7/5, 2019.7.5, 2019年7月5日.
_WESTERN_DAYS = (
    re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)"),
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"),
)
#: Days written with an era: 令和元年7月5日, R1.7.5, r元/7/5.
_ERA_DAYS = (
    re.compile(r"(明治|大正|昭和|平成|令和)\s*(元|\d{1,2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"),
    re.compile(r"([MTSHR])\s*(元|\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)", re.IGNORECASE),
)
#: The end of a span written with an era that leaves the era out: 令和元年12月28日から2年1月5日.
_ERA_YEAR_DAY = re.compile(r"(元|\d{1,2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
#: Days without a year, as lists under a year heading write them: 7月5日, 7/5.
_MONTH_DAYS = (
    re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*日"),
    re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})(?![\d/])"),
)
#: The end of a span that gives only the day: から9日, ～13 (not the hour of a time: 13:00, 13時).
_DAY_ONLY = re.compile(r"(\d{1,2})\s*日|(\d{1,2})(?!\d|\s*[:/.年月日時])")
#: Where a day seems to begin, to tell a span of days with times in it from other trailing text.
_DAY_AHEAD = re.compile(r"\d{4}\s*[-/.年]|(?:明治|大正|昭和|平成|令和|[MTSHR]\s*[元\d])|\d{1,2}\s*[月/日]", re.IGNORECASE)
#: (金), (金曜), (金曜日), and a holiday as lists mark it: (土・祝), (月祝), (祝).
_WEEKDAY = re.compile(r"\s*\(\s*(?:([月火水木金土日])\s*(?:曜\s*日?)?\s*(?:[・･,、]?\s*祝\s*日?)?|祝\s*日?)\s*\)")
#: What joins the two days of a span (after NFKC, which makes ～ a ~): ISO hyphens never reach it,
#: since a day is read whole before a joiner is looked for.
_JOINER = re.compile(r"\s*(?:から|[〜~\-‐−–—・])\s*")
_TIME_JOINER = re.compile(r"\s*(?:から|[〜~\-‐−–—])\s*")
_BEFORE_TIME = re.compile(r"\s*T?\s*")
#: The offset after an ISO time as YAML's timestamps write it (2019-07-05T10:00:00+09:00): the time
#: as written is the local time the report prints, so the offset is read and set aside.
_ZONE = re.compile(r"\s*(?:Z|\+\d{2}:?\d{2})")
#: 13:30, 9:30, 10:00:00 (seconds only as 00), 13時, 13時30分, 13時半, 午後1時30分.
_CLOCK = re.compile(r"(午前|午後)?\s*(\d{1,2})(?::(\d{2})(?::00)?(?!\d)|\s*時\s*(?:(半)|(\d{1,2})\s*分)?)")

_WEEKDAY_NAMES = (Text("date.monday"), Text("date.tuesday"), Text("date.wednesday"), Text("date.thursday"),
                  Text("date.friday"), Text("date.saturday"), Text("date.sunday"))


def _normalise(text: str) -> str:
    """Full-width to ASCII (NFKC, so （金） is (金) and ～ is ~), kanji numbers to figures, runs of spaces to one."""
    t = unicodedata.normalize("NFKC", text).strip().replace("○", "〇")  # IMEs offer ○ for 〇
    t = _KANJI_NUMBER.sub(lambda m: str(from_kansuji(m[0])), t)
    return re.sub(r"\s+", " ", t)


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


@dataclass(frozen=True)
class Written:
    """What one date field says: a day or span of days, perhaps a time of day, and whether a year was
    supplied by the 年度 (for the notice the model layer prints the first time)."""

    start: date
    end: date | None
    time: TimeRange | None
    yearless: bool


@dataclass(frozen=True)
class _Day:
    """A day read from a field's text: where its text stops, and how its year was written."""

    value: date
    stop: int
    western: bool = False  # with a Gregorian year: 2019/7/5, 2019年7月5日
    era: Era | None = None  # with an era: 令和元年7月5日, R1.7.5
    yearless: bool = False  # its year came from the 年度


def _era_year(text: str) -> int:
    return 1 if text == "元" else int(text)


def _full_day(s: str, pos: int, original: str) -> _Day | None:
    """A day with its year at `pos`: 2019-07-05, 2019年7月5日, 令和元年7月5日, R1.7.5."""
    for form in _WESTERN_DAYS:
        if m := form.match(s, pos):
            return _Day(_checked(int(m[1]), int(m[2]), int(m[3]), original), m.end(), western=True)
    for form in _ERA_DAYS:
        if m := form.match(s, pos):
            era = ERA_BY_NAME[m[1].upper()]
            return _Day(from_era(era, _era_year(m[2]), int(m[3]), int(m[4]), original), m.end(), era=era)
    return None


def _month_day_at(s: str, pos: int) -> re.Match[str] | None:
    for form in _MONTH_DAYS:
        if m := form.match(s, pos):
            return m
    return None


def _start_day(s: str, original: str, fiscal_year: int | None, yearless: bool) -> _Day | None:
    """The first day of a field; without a year (7月5日) only when `yearless`, its year from the 年度:
    April to December in the 年度's first year, January to March in the next."""
    if day := _full_day(s, 0, original):
        return day
    if not yearless or not (m := _month_day_at(s, 0)):
        return None
    if fiscal_year is None:
        raise InvalidValue(Text("date.no_year", text=original.strip()), Text("date.no_year_hint"))
    month = int(m[1])
    year = fiscal_year + 1 if 1 <= month <= 3 else fiscal_year
    return _Day(_checked(year, month, int(m[2]), original), m.end(), yearless=True)


def _end_day(s: str, pos: int, start: _Day, original: str) -> _Day | None:
    """The last day of a span, which may leave out what it shares with the first: 2024/6/14～6/15,
    R6/9/12～13, 令和元年12月28日から2年1月5日. A month before the first day's is in the next year."""
    if day := _full_day(s, pos, original):
        return day
    if start.era is not None and (m := _ERA_YEAR_DAY.match(s, pos)):
        value = from_era(start.era, _era_year(m[1]), int(m[2]), int(m[3]), original)
        return replace(start, value=value, stop=m.end())
    first = start.value
    if m := _month_day_at(s, pos):
        month = int(m[1])
        year = first.year + 1 if month < first.month else first.year
        return replace(start, value=_checked(year, month, int(m[2]), original), stop=m.end())
    if m := _DAY_ONLY.match(s, pos):
        return replace(start, value=_checked(first.year, first.month, int(m[1] or m[2]), original), stop=m.end())
    return None


def _past_weekday(s: str, day: _Day, original: str, style: DateStyle) -> int:
    """Where the text goes on after a day and its weekday, if one is written: (金), (金曜), (金曜日).
    A weekday that is not the day's is refused, naming the right one."""
    m = _WEEKDAY.match(s, day.stop)
    if m is None:
        return day.stop
    actual = day.value.weekday()
    if m[1] is not None and WEEKDAYS.index(m[1]) != actual:
        raise InvalidValue(Text("date.wrong_weekday", text=original.strip(), right=format_date(day.value, style),
                                weekday=_WEEKDAY_NAMES[actual]),
                           Text("date.wrong_weekday_hint"))
    return m.end()


def _clock(m: re.Match[str], as_end: bool) -> time:
    """The time one clock of a range says; 24:00 only as an end, 午前/午後 in twelve hours."""
    ampm, hour = m[1], int(m[2])
    minute = 30 if m[4] else int(m[3] or m[5] or 0)
    written = m[0].strip()
    if ampm:
        if hour > (12 if ampm == "午後" else 11) or minute > 59:
            raise InvalidValue(Text("date.time_out_of_range", text=written), Text("date.time_ampm_hint"))
        if ampm == "午後" and hour < 12:
            hour += 12
    if minute > 59 or hour > 24 or (hour == 24 and (minute or not as_end)):
        raise InvalidValue(Text("date.time_out_of_range", text=written), Text("date.time_range_hint"))
    return END_OF_DAY if hour == 24 else time(hour, minute)


def _time_range_at(s: str, pos: int) -> tuple[TimeRange, int] | None:
    """A time of day or a span of it at `pos` (13:30, 13:30〜16:00, 13時〜), and where its text stops."""
    first = _CLOCK.match(s, pos)
    if first is None:
        return None
    second, stop = None, first.end()
    if joiner := _TIME_JOINER.match(s, stop):
        second = _CLOCK.match(s, joiner.end())
        if second is not None:
            stop = second.end()
        elif not s[joiner.end():].strip():  # 13時〜: the end is left open
            stop = len(s)
    start = _clock(first, as_end=False)
    end = None if second is None else _clock(second, as_end=True)
    if end is not None and end < start and first[1] == "午後" and second is not None and second[1] is None \
            and end.hour < 12:  # 午後1時半〜3時: the end is in the afternoon too
        end = end.replace(hour=end.hour + 12)
    if end is not None and end < start:
        raise InvalidValue(Text("date.time_reversed", text=s[first.start():stop].strip()),
                           Text("date.time_reversed_hint"))
    return TimeRange(start, end), stop


def _read(text: str, fiscal_year: int | None, *, yearless: bool, span: bool, hint: Text) -> Written:
    """Everything one date field says: a first day (and weekday), perhaps a last day (and weekday),
    perhaps a time of day; read from the start of the text on, so that nothing is split blindly."""
    s = _normalise(text)
    start = _start_day(s, text, fiscal_year, yearless)
    if start is None:
        raise InvalidValue(Text("date.unreadable", text=text), hint)
    style = DateStyle("西暦" if start.western else "和暦", weekday=False)
    pos = _past_weekday(s, start, text, style)
    end = None
    if span and (joiner := _JOINER.match(s, pos)):
        end = _end_day(s, joiner.end(), start, text)
        if end is None:
            raise InvalidValue(Text("date.unreadable", text=s[joiner.end():]), hint)
        pos = _past_weekday(s, end, text, style)
    lead = _BEFORE_TIME.match(s, pos)  # spaces or the T of 2019-07-05T13:30
    times = _time_range_at(s, lead.end() if lead else pos)
    if times is not None:
        pos = times[1]
        if times[0].end is None and (zone := _ZONE.match(s, pos)):
            if zone[0].strip().replace(":", "") != "+0900":  # the report prints the time as written
                raise InvalidValue(Text("date.not_japan_time", text=text.strip(), zone=zone[0].strip()),
                                   Text("date.not_japan_time_hint"))
            pos = zone.end()
    if pos < len(s):
        joiner = _JOINER.match(s, pos)
        if times is not None and span and joiner and _DAY_AHEAD.match(s, joiner.end()):
            raise InvalidValue(Text("date.span_with_time", text=text.strip()), Text("date.span_with_time_hint"))
        raise InvalidValue(Text("date.unreadable", text=text), hint)
    if end is not None and end.value < start.value:
        raise InvalidValue(
            Text("date.span_reversed", text=text, end=end.value.isoformat(), start=start.value.isoformat()),
            Text("date.end_before_start_hint"))
    if times is not None and _exported_midnight(times[0], s):
        times = None
    return Written(start.value, None if end is None else end.value, None if times is None else times[0],
                   start.yearless or (end is not None and end.yearless))


_SECONDS = re.compile(r"\d:\d{2}:\d{2}")


def _exported_midnight(value: TimeRange, s: str) -> bool:
    """00:00:00 alone, with its seconds, is what a spreadsheet or a database writes for a date that
    has no time (2019-07-05 00:00:00): no event begins at midnight, so it says no time at all."""
    return value == TimeRange(time(0, 0)) and bool(_SECONDS.search(s))


def _has_time(text: str) -> InvalidValue:
    return InvalidValue(Text("date.has_time", text=text), Text("date.has_time_hint"))


def parse_date(text: str | date) -> date:
    """A date from the forms people type; InvalidValue saying what is wrong otherwise.

    One day with its year, a weekday after it checked; a time of day is refused (see read_when).
    """
    if isinstance(text, datetime):
        raise _has_time(text.isoformat(" "))
    if isinstance(text, date):  # YAML reads an unquoted 2019-07-05 as a date already
        return _in_range(text, text.isoformat())
    if _TIME_OF_DAY.search(text):
        raise _has_time(text)
    written = _read(text, None, yearless=False, span=False, hint=Text("date.forms_hint"))
    if written.time is not None:  # 午後一時, which the quick look above does not see
        raise _has_time(text)
    return written.start


def parse_span(text: str) -> tuple[date, date | None]:
    """A date or a span: `2019-10-08から2019-10-09`, `令和元年10月8日から9日`, `2012年5月26日・27日`.

    The first day has its year; a time of day is refused (see read_when).
    """
    if _TIME_OF_DAY.search(text):
        raise _has_time(text)
    written = _read(text, None, yearless=False, span=True, hint=Text("date.forms_hint"))
    if written.time is not None:
        raise _has_time(text)
    return written.start, written.end


def read_when(text: str | date | datetime, fiscal_year: int | None = None) -> Written:
    """What a date field of a list says, in every form people type there: a day or a span of days,
    with or without the year (7月5日 takes it from `fiscal_year`, the 年度's first Western year),
    weekdays checked, and a time of day after the day (7月5日(金) 13:30〜16:00)."""
    if isinstance(text, datetime):  # YAML reads 2019-07-05 13:30 as a datetime
        clock = text.time()
        if clock.second or clock.microsecond:
            raise InvalidValue(Text("date.time_unreadable", text=text.isoformat(" ")), Text("date.time_forms_hint"))
        written = TimeRange(clock)
        return Written(_in_range(text.date(), text.isoformat(" ")), None,
                       None if _exported_midnight(written, "0:00:00") else written, False)
    if isinstance(text, date):
        return Written(_in_range(text, text.isoformat()), None, None, False)
    return _read(text, fiscal_year, yearless=True, span=True, hint=Text("date.when_forms_hint"))


def parse_time_range(text: str) -> TimeRange:
    """A time field of its own: 13:30, 13:30〜16:00, 13時〜, 十三時三十分〜十六時, 午後1時30分〜午後4時."""
    s = _normalise(text)
    found = _time_range_at(s, 0)
    if found is None or found[1] < len(s):
        raise InvalidValue(Text("date.time_unreadable", text=text), Text("date.time_forms_hint"))
    return found[0]
