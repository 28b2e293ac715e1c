"""和暦 eras, weekdays, spans and 年度 as DOMAIN.md states them, and every date form people type.

The every-day tests compare with Java's JapaneseChronology (tests/fixtures/dates/README.md), read from
a compressed file, so they need no Java to run.
"""

from __future__ import annotations

import lzma
import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import NamedTuple

import pytest

from nenpo.dates import (
    END_OF_DAY,
    WEEKDAYS,
    DateStyle,
    TimeRange,
    Written,
    fiscal_year,
    fiscal_year_bounds,
    fiscal_year_label,
    format_date,
    format_span,
    from_kansuji,
    format_time_range,
    kansuji,
    parse_date,
    parse_fiscal_year,
    parse_span,
    parse_time_range,
    read_when,
)
from nenpo.errors import InvalidValue

PLAIN = DateStyle(weekday=False)
SEIREKI_DOT = DateStyle(calendar="西暦", weekday=False, span_joiner="・")
ASCII = DateStyle(ascii_parens=True)
KANJI = DateStyle(kanji=True)

FORMS_HINT = "2019-07-05、2019/7/5、2019年7月5日、令和元年7月5日、R1.7.5 のように書いてください。"


def refused(call: Callable[..., object], *args: object) -> InvalidValue:
    """The InvalidValue that `call(*args)` raises."""
    with pytest.raises(InvalidValue) as info:
        call(*args)
    return info.value


def hint(exc: InvalidValue) -> str | None:
    return exc.hint.render() if exc.hint else None


# --- era boundaries, to the day -----------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(1873, 1, 1), "明治6年1月1日"),
        (date(1912, 7, 29), "明治45年7月29日"),
        (date(1912, 7, 30), "大正元年7月30日"),
        (date(1926, 12, 24), "大正15年12月24日"),
        (date(1926, 12, 25), "昭和元年12月25日"),
        (date(1989, 1, 7), "昭和64年1月7日"),
        (date(1989, 1, 8), "平成元年1月8日"),
        (date(2019, 4, 30), "平成31年4月30日"),
        (date(2019, 5, 1), "令和元年5月1日"),
        (date(2020, 1, 1), "令和2年1月1日"),
        (date(2100, 12, 31), "令和82年12月31日"),
    ],
)
def test_era_boundaries_to_the_day(day: date, text: str) -> None:
    assert format_date(day, PLAIN) == text
    assert parse_date(text) == day


#: (last day of the old era, as written, as an initial form; first day of the new era, likewise)
BOUNDARIES = [
    (date(1912, 7, 29), "明治45年7月29日", "M45.7.29", date(1912, 7, 30), "大正元年7月30日", "T1.7.30"),
    (date(1926, 12, 24), "大正15年12月24日", "T15.12.24", date(1926, 12, 25), "昭和元年12月25日", "S1.12.25"),
    (date(1989, 1, 7), "昭和64年1月7日", "S64.1.7", date(1989, 1, 8), "平成元年1月8日", "H1.1.8"),
    (date(2019, 4, 30), "平成31年4月30日", "H31.4.30", date(2019, 5, 1), "令和元年5月1日", "R1.5.1"),
]


@pytest.mark.parametrize(("last", "last_text", "last_initial", "first", "first_text", "first_initial"), BOUNDARIES)
def test_era_changes_between_the_two_days_java_names(
    last: date, last_text: str, last_initial: str, first: date, first_text: str, first_initial: str
) -> None:
    java = java_days()
    old, new = java[(last - FIRST_DAY).days], java[(first - FIRST_DAY).days]
    assert (old.era, new.era, new.year) == (last_text[:2], first_text[:2], 1)
    assert [format_date(last, PLAIN), format_date(first, PLAIN)] == [last_text, first_text]
    for text in (last_text, last_initial):
        assert parse_date(text) == last
    for text in (first_text, first_initial, first_text.replace("元年", "1年")):
        assert parse_date(text) == first


@pytest.mark.parametrize(("last", "last_text", "last_initial", "first", "first_text", "first_initial"), BOUNDARIES)
def test_a_day_named_by_the_wrong_side_of_an_era_boundary_is_refused(
    last: date, last_text: str, last_initial: str, first: date, first_text: str, first_initial: str
) -> None:
    old_era, new_era = last_text[:2], first_text[:2]
    old_year = last_text[2:].split("年")[0]
    too_late = f"{old_era}{old_year}年{first.month}月{first.day}日"
    exc = refused(parse_date, too_late)
    assert (str(exc), hint(exc)) == (f"「{too_late}」は{old_era}ではありません。", f"その日は {first_text} です。")

    too_early = f"{new_era}元年{last.month}月{last.day}日"
    exc = refused(parse_date, too_early)
    assert str(exc) == f"「{too_early}」は{new_era}の始まり({format_date(first, DateStyle(weekday=False))})より前です。"
    assert hint(exc) is None


def test_first_year_of_an_era_is_gannen_never_1() -> None:
    for first_day in (date(1912, 7, 30), date(1926, 12, 25), date(1989, 1, 8), date(2019, 5, 1)):
        text = format_date(first_day, PLAIN)
        assert "元年" in text
        assert "1年" not in text


def test_seireki_style_writes_the_gregorian_year() -> None:
    assert format_date(date(2019, 7, 5), DateStyle(calendar="西暦")) == "2019年7月5日（金）"
    assert format_date(date(1989, 1, 7), DateStyle(calendar="西暦", weekday=False)) == "1989年1月7日"


# --- numbers in kanji ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "style", "text"),
    [
        (date(2020, 7, 12), DateStyle(kanji=True, weekday=False), "令和二年七月十二日"),
        (date(2019, 4, 30), DateStyle(kanji=True, weekday=False), "平成三十一年四月三十日"),
        (date(2019, 7, 5), DateStyle(kanji=True), "令和元年七月五日（金）"),
        (date(2019, 7, 5), DateStyle(kanji=True, calendar="西暦", weekday=False), "二〇一九年七月五日"),
        (date(1912, 7, 29), DateStyle(kanji=True, weekday=False), "明治四十五年七月二十九日"),
        (date(2100, 12, 31), DateStyle(kanji=True, weekday=False), "令和八十二年十二月三十一日"),
    ],
)
def test_dates_in_kanji_numerals(day: date, style: DateStyle, text: str) -> None:
    assert format_date(day, style) == text
    assert parse_date(text) == day


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (31, "三十一"), (100, "百"), (105, "百五"),
     (110, "百十"), (999, "九百九十九"), (1000, "一〇〇〇"), (2019, "二〇一九"), (2100, "二一〇〇")],
)
def test_kansuji_examples(n: int, text: str) -> None:
    assert kansuji(n) == text
    assert from_kansuji(text) == n


def test_kansuji_round_trips_from_1_to_2100() -> None:
    """Below 100 against a spelling of the test's own; from 1000 on, digit by digit (二〇一九)."""
    digits = "〇一二三四五六七八九"
    for n in range(1, 2101):
        text = kansuji(n)
        assert from_kansuji(text) == n, text
        if n < 100:
            assert text == independent_kanji(n)
        elif n >= 1000:
            assert text == "".join(digits[int(c)] for c in str(n))
    assert from_kansuji("二千十九") == 2019


def test_kanji_span_parses_and_formats() -> None:
    assert parse_span("令和元年十月八日から九日") == (date(2019, 10, 8), date(2019, 10, 9))
    style = DateStyle(kanji=True, ascii_parens=True)
    assert format_span(date(2019, 10, 8), date(2019, 10, 9), style) == "令和元年十月八日(火)から九日(水)"


# --- weekdays ------------------------------------------------------------------------------


def test_weekday_in_full_width_parentheses_by_default() -> None:
    assert format_date(date(2019, 7, 5)) == "令和元年7月5日（金）"


def test_weekday_in_ascii_parentheses_as_seed_000_writes_it() -> None:
    assert format_date(date(2019, 7, 5), ASCII) == "令和元年7月5日(金)"


@pytest.mark.parametrize(
    ("day", "weekday"),
    [
        (date(2019, 7, 1), "月"),
        (date(2019, 7, 2), "火"),
        (date(2019, 7, 3), "水"),
        (date(2019, 7, 4), "木"),
        (date(2019, 7, 5), "金"),
        (date(2019, 7, 6), "土"),
        (date(2019, 7, 7), "日"),
    ],
)
def test_every_weekday_name(day: date, weekday: str) -> None:
    assert format_date(day, ASCII).endswith(f"({weekday})")


def test_no_weekday_when_the_style_says_so() -> None:
    assert format_date(date(2019, 7, 5), PLAIN) == "令和元年7月5日"


# --- spans ---------------------------------------------------------------------------------


def test_span_in_the_same_month_repeats_only_the_day() -> None:
    assert format_span(date(2019, 10, 8), date(2019, 10, 9), ASCII) == "令和元年10月8日(火)から9日(水)"


def test_span_across_months_repeats_the_month() -> None:
    assert format_span(date(2019, 10, 31), date(2019, 11, 1), ASCII) == "令和元年10月31日(木)から11月1日(金)"


def test_span_across_years_repeats_the_year() -> None:
    assert (
        format_span(date(2019, 12, 31), date(2020, 1, 1), ASCII)
        == "令和元年12月31日(火)から令和2年1月1日(水)"
    )


def test_span_across_an_era_boundary_repeats_the_year_with_the_new_era() -> None:
    assert format_span(date(2019, 4, 30), date(2019, 5, 1), PLAIN) == "平成31年4月30日から令和元年5月1日"


def test_span_in_seireki_with_a_dot_joiner_and_no_weekday() -> None:
    assert format_span(date(2012, 5, 26), date(2012, 5, 27), SEIREKI_DOT) == "2012年5月26日・27日"


def test_span_with_a_wave_dash_joiner() -> None:
    style = DateStyle(weekday=False, span_joiner="〜")
    assert format_span(date(2019, 10, 8), date(2019, 10, 9), style) == "令和元年10月8日〜9日"


def test_a_span_of_one_day_is_written_as_a_date() -> None:
    assert format_span(date(2019, 7, 5), None, ASCII) == "令和元年7月5日(金)"
    assert format_span(date(2019, 7, 5), date(2019, 7, 5), ASCII) == "令和元年7月5日(金)"


def test_span_ending_before_it_starts_is_refused_with_a_hint() -> None:
    exc = refused(format_span, date(2019, 10, 9), date(2019, 10, 8))
    assert str(exc) == "終わりの日 2019-10-08 が始まりの日 2019-10-09 より前です。"
    assert hint(exc) == "始まりと終わりを入れ替えるか、日付を確かめてください。"


# --- 年度 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "fy"),
    [
        (date(2019, 4, 1), 2019),
        (date(2019, 3, 31), 2018),
        (date(2020, 2, 21), 2019),
        (date(2020, 3, 31), 2019),
        (date(2020, 4, 1), 2020),
    ],
)
def test_fiscal_year_runs_from_april_to_march(day: date, fy: int) -> None:
    assert fiscal_year(day) == fy


def test_fiscal_year_bounds_are_april_first_to_march_31st() -> None:
    assert fiscal_year_bounds(2019) == (date(2019, 4, 1), date(2020, 3, 31))
    assert fiscal_year_bounds(2023) == (date(2023, 4, 1), date(2024, 3, 31))


def test_a_session_on_reiwa_2_february_belongs_to_reiwa_gannen_nendo() -> None:
    assert fiscal_year_label(fiscal_year(date(2020, 2, 21)), DateStyle()) == "令和元年度"


def test_fy2019_is_reiwa_gannen_nendo_in_retrospect_and_heisei_31_at_its_start() -> None:
    assert fiscal_year_label(2019) == "令和元年度"
    assert fiscal_year_label(2019, DateStyle(era_at_start=True)) == "平成31年度"


@pytest.mark.parametrize(
    ("fy", "label"),
    [
        (1989, "平成元年度"),
        (1988, "昭和63年度"),
        (2018, "平成30年度"),
        (2020, "令和2年度"),
        (1926, "大正15年度"),
        (1927, "昭和2年度"),
        (1912, "大正元年度"),
        (1872, "明治5年度"),
    ],
)
def test_fiscal_year_labels_in_wareki(fy: int, label: str) -> None:
    assert fiscal_year_label(fy) == label


def test_fiscal_year_label_in_seireki_and_in_kanji() -> None:
    assert fiscal_year_label(2019, DateStyle(calendar="西暦")) == "2019年度"
    assert fiscal_year_label(2019, DateStyle(calendar="西暦", era_at_start=True)) == "2019年度"
    assert fiscal_year_label(2020, DateStyle(kanji=True)) == "令和二年度"
    assert fiscal_year_label(2019, DateStyle(kanji=True, era_at_start=True)) == "平成三十一年度"


def test_a_fiscal_year_wholly_before_1873_is_refused() -> None:
    exc = refused(fiscal_year_label, 1871)
    assert str(exc) == "「1871-10-01」は明治6年1月1日(1873-01-01)より前で、扱えません。"


# --- parsing: every form people type -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2019-07-05",
        "2019/7/5",
        "2019/07/05",
        "2019.7.5",
        "2019年7月5日",
        "令和元年7月5日",
        "令和1年7月5日",
        "R1.7.5",
        "r1.7.5",
        "R元.7.5",
        "R1/7/5",
        "２０１９年７月５日",
        "令和元年７月５日",
        "Ｒ１．７．５",
        "２０１９－０７－０５",
        "令和元年7月5日(金)",
        "令和元年7月5日（金）",
        "令和元年7月5日(金曜日)",
        "  2019-07-05  ",
        "2019年 7月 5日",
        "令和元年七月五日",
        "二〇一九年七月五日",
        "二○一九年七月五日",  # ○ (maru) as IMEs offer it for 〇
    ],
)
def test_parse_date_reads_every_form(text: str) -> None:
    assert parse_date(text) == date(2019, 7, 5)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("H31.4.30", date(2019, 4, 30)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("平成三十一年四月三十日", date(2019, 4, 30)),
        ("令和二年七月十二日", date(2020, 7, 12)),
        ("S64.1.7", date(1989, 1, 7)),
        ("平成元年1月8日", date(1989, 1, 8)),
        ("大正元年7月30日", date(1912, 7, 30)),
        ("昭和元年12月25日", date(1926, 12, 25)),
        ("T15.12.24", date(1926, 12, 24)),
        ("明治6年1月1日", date(1873, 1, 1)),
    ],
)
def test_parse_date_at_era_boundaries_and_in_kanji(text: str, day: date) -> None:
    assert parse_date(text) == day


def test_parse_date_passes_a_date_through() -> None:
    assert parse_date(date(2019, 7, 5)) == date(2019, 7, 5)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2019-02-30", "2019年2月は28日までです。"),
        ("2020-02-30", "2020年2月は29日までです。"),
        ("1900-02-29", "1900年2月は28日までです。"),
        ("令和元年2月30日", "2019年2月は28日までです。"),
        ("2019-04-31", "2019年4月は30日までです。"),
        ("2019-13-01", "月は1から12までです。"),
        ("9999-12-32", "9999年12月は31日までです。"),
    ],
)
def test_a_day_that_does_not_exist_says_how_long_the_month_is(text: str, why: str) -> None:
    exc = refused(parse_date, text)
    assert (str(exc), hint(exc)) == (f"「{text}」は存在しない日付です。", why)


def test_a_day_that_does_not_exist_in_english() -> None:
    exc = refused(parse_date, "2019-02-30")
    assert exc.text.render("en") == "“2019-02-30” is not a real date."
    assert exc.hint is not None
    assert exc.hint.render("en") == "2/2019 has 28 days."


def test_era_year_zero_is_refused_with_the_rule() -> None:
    exc = refused(parse_date, "令和0年1月1日")
    assert (str(exc), hint(exc)) == ("「令和0年1月1日」: 令和0年はありません。", "最初の年は 令和元年(1年)です。")
    assert exc.text.render("en") == "“令和0年1月1日”: there is no year 0 of 令和."
    assert exc.hint is not None
    assert exc.hint.render("en") == "The first year is 令和元年 (year 1)."


def test_heisei_31_may_first_names_the_right_era() -> None:
    exc = refused(parse_date, "平成31年5月1日")
    assert (str(exc), hint(exc)) == ("「平成31年5月1日」は平成ではありません。", "その日は 令和元年5月1日 です。")
    assert exc.text.render("en") == "“平成31年5月1日” is not in the 平成 era."
    assert exc.hint is not None
    assert exc.hint.render("en") == "That day is 令和元年5月1日."


def test_showa_64_january_8_names_heisei_gannen() -> None:
    exc = refused(parse_date, "昭和64年1月8日")
    assert (str(exc), hint(exc)) == ("「昭和64年1月8日」は昭和ではありません。", "その日は 平成元年1月8日 です。")


def test_an_era_year_past_the_end_of_the_era_names_the_right_one() -> None:
    exc = refused(parse_date, "大正16年1月1日")
    assert (str(exc), hint(exc)) == ("「大正16年1月1日」は大正ではありません。", "その日は 昭和2年1月1日 です。")


def test_a_date_before_an_era_began() -> None:
    exc = refused(parse_date, "令和元年4月30日")
    assert str(exc) == "「令和元年4月30日」は令和の始まり(令和元年5月1日)より前です。"
    assert hint(exc) is None


@pytest.mark.parametrize("text", ["1872-12-31", "明治5年12月2日", "1868年1月25日", "1872-02-30", "0000-01-01"])
def test_dates_before_the_gregorian_calendar_are_refused(text: str) -> None:
    exc = refused(parse_date, text)
    assert str(exc) == f"「{text}」は明治6年1月1日(1873-01-01)より前で、扱えません。"
    assert hint(exc) is None


@pytest.mark.parametrize("text", ["hello", "7月5日", "2019-7", "令和元年", "X1.7.5", "十二月", ""])
def test_unreadable_text_names_the_forms_that_work(text: str) -> None:
    exc = refused(parse_date, text)
    assert (str(exc), hint(exc)) == (f"「{text}」を日付として読めません。", FORMS_HINT)


def test_unreadable_text_in_english() -> None:
    exc = refused(parse_date, "hello")
    assert exc.text.render("en") == "Cannot read “hello” as a date."
    assert exc.hint is not None
    assert exc.hint.render("en") == "Write it like 2019-07-05, 2019/7/5, 2019年7月5日, 令和元年7月5日 or R1.7.5."


# --- parsing spans -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2019-07-05", date(2019, 7, 5), None),
        ("令和元年7月5日(金)", date(2019, 7, 5), None),
        ("令和元年10月8日から9日", date(2019, 10, 8), date(2019, 10, 9)),
        ("令和元年10月8日(火)から9日(水)", date(2019, 10, 8), date(2019, 10, 9)),
        ("令和元年10月8日（火）から9日（水）", date(2019, 10, 8), date(2019, 10, 9)),
        ("令和元年十月八日から九日", date(2019, 10, 8), date(2019, 10, 9)),
        ("2012年5月26日・27日", date(2012, 5, 26), date(2012, 5, 27)),
        ("2019-10-08から2019-10-09", date(2019, 10, 8), date(2019, 10, 9)),
        ("2019-10-31から11月1日", date(2019, 10, 31), date(2019, 11, 1)),
        ("令和元年10月8日〜9日", date(2019, 10, 8), date(2019, 10, 9)),
        ("令和元年10月8日～9日", date(2019, 10, 8), date(2019, 10, 9)),
        ("2019/10/8~2019/10/9", date(2019, 10, 8), date(2019, 10, 9)),
        ("令和元年12月28日から令和2年1月3日", date(2019, 12, 28), date(2020, 1, 3)),
        ("平成31年4月30日から令和元年5月1日", date(2019, 4, 30), date(2019, 5, 1)),
        ("平成31年4月30日から5月1日", date(2019, 4, 30), date(2019, 5, 1)),
    ],
)
def test_parse_span_forms(text: str, start: date, end: date | None) -> None:
    assert parse_span(text) == (start, end)


def test_parse_span_refuses_an_end_before_the_start() -> None:
    exc = refused(parse_span, "2019-10-09から8日")
    assert (str(exc), hint(exc)) == (
        "「2019-10-09から8日」は終わりの日(2019-10-08)が始まりの日(2019-10-09)より前です。",
        "始まりと終わりを入れ替えるか、日付を確かめてください。",
    )
    assert exc.text.render("en") == "In “2019-10-09から8日” the end (2019-10-08) is before the start (2019-10-09)."


def test_parse_span_refuses_a_tail_day_that_does_not_exist() -> None:
    exc = refused(parse_span, "2019年2月28日から30日")
    assert (str(exc), hint(exc)) == ("「2019年2月28日から30日」は存在しない日付です。", "2019年2月は28日までです。")


def test_parse_span_reports_an_unreadable_end() -> None:
    exc = refused(parse_span, "2019-10-08からそのうち")
    assert (str(exc), hint(exc)) == ("「そのうち」を日付として読めません。", FORMS_HINT)


# --- every day from 1873-01-01 to 2100-12-31, against Java's JapaneseChronology -------------

FIXTURE = Path(__file__).parent / "fixtures" / "dates" / "java-japanese-chronology.txt.xz"
FIRST_DAY, LAST_DAY = date(1873, 1, 1), date(2100, 12, 31)
DAY_COUNT = 83_275
JAVA_LINE = re.compile(r"(明治|大正|昭和|平成|令和)(\d+)年(\d+)月(\d+)日([月火水木金土日])")
#: The initials of the R1.7.5 form, written out here rather than taken from the module's era table.
INITIALS = {"明治": "M", "大正": "T", "昭和": "S", "平成": "H", "令和": "R"}


class JavaDay(NamedTuple):
    """One line of the Java reference: era, era year (1, never 元), month, day and weekday."""

    era: str
    year: int
    month: int
    day: int
    weekday: str


@cache
def all_days() -> list[date]:
    return [FIRST_DAY + timedelta(days=i) for i in range(DAY_COUNT)]


@cache
def java_days() -> list[JavaDay]:
    with lzma.open(FIXTURE, "rt", encoding="utf-8") as f:
        lines = f.read().splitlines()
    days = []
    for line in lines:
        m = JAVA_LINE.fullmatch(line)
        assert m, line
        days.append(JavaDay(m[1], int(m[2]), int(m[3]), int(m[4]), m[5]))
    return days


def independent_kanji(n: int) -> str:
    """1 to 99 in kanji, spelled out here: 十二, 二十, 三十一."""
    digits = "〇一二三四五六七八九"
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else digits[tens]) + "十" if tens else "") + (digits[ones] if ones else "")


def wareki_year(year: int, kanji: bool = False) -> str:
    if year == 1:
        return "元"
    return independent_kanji(year) if kanji else str(year)


def test_java_reference_has_one_line_per_day_from_1873_to_2100() -> None:
    java = java_days()
    assert len(java) == DAY_COUNT == (LAST_DAY - FIRST_DAY).days + 1
    assert java[0] == JavaDay("明治", 6, 1, 1, "水")
    assert java[-1] == JavaDay("令和", 82, 12, 31, "金")
    for d, j in zip(all_days(), java, strict=True):
        assert (j.month, j.day) == (d.month, d.day), (d, j)


def test_every_day_has_the_era_era_year_and_weekday_java_gives_and_parses_back() -> None:
    for d, j in zip(all_days(), java_days(), strict=True):
        text = format_date(d)
        assert text == f"{j.era}{wareki_year(j.year)}年{j.month}月{j.day}日（{j.weekday}）", (d, j)
        assert parse_date(text) == d, text


def test_every_day_in_kanji_numerals_matches_java_and_parses_back() -> None:
    for d, j in zip(all_days(), java_days(), strict=True):
        text = format_date(d, KANJI)
        expected = (f"{j.era}{wareki_year(j.year, kanji=True)}年"
                    f"{independent_kanji(j.month)}月{independent_kanji(j.day)}日（{j.weekday}）")
        assert text == expected, (d, j)
        assert parse_date(text) == d, text


@pytest.mark.parametrize("style", [DateStyle(calendar="西暦"), PLAIN], ids=["seireki", "no-weekday"])
def test_every_day_round_trips_through_format_and_parse(style: DateStyle) -> None:
    for d in all_days():
        text = format_date(d, style)
        assert parse_date(text) == d, text


def test_every_day_parses_in_the_initial_form_built_from_java() -> None:
    for d, j in zip(all_days(), java_days(), strict=True):
        text = f"{INITIALS[j.era]}{j.year}.{j.month}.{j.day}"
        assert parse_date(text) == d, text


def java_era_on(day: date) -> tuple[str, int]:
    """Era and era year on a day, from the Java data; 1872 is before it, and in the era of its first line."""
    java = java_days()
    if day < FIRST_DAY:
        first = java[0]
        assert first.year > FIRST_DAY.year - day.year  # that era had begun by `day`'s year
        return first.era, first.year - (FIRST_DAY.year - day.year)
    j = java[(day - FIRST_DAY).days]
    return j.era, j.year


def test_every_day_belongs_to_the_fiscal_year_that_began_on_the_last_first_of_april() -> None:
    for d in all_days():
        fy = d.year if d >= date(d.year, 4, 1) else d.year - 1
        assert fiscal_year(d) == fy, d
        first, last = fiscal_year_bounds(fy)
        assert first == date(fy, 4, 1) and last == date(fy + 1, 4, 1) - timedelta(days=1)
        assert first <= d <= last


def test_every_fiscal_year_label_agrees_with_the_era_java_gives_on_1_october_or_1_april() -> None:
    """年度 1872 (which holds 1873-01-01) to 2100, by the era on 1 October, or on 1 April with era_at_start."""
    assert fiscal_year(FIRST_DAY) == 1872
    for fy in range(1872, 2101):
        for style, anchor in ((DateStyle(), date(fy, 10, 1)), (DateStyle(era_at_start=True), date(fy, 4, 1))):
            era, year = java_era_on(anchor)
            assert fiscal_year_label(fy, style) == f"{era}{wareki_year(year)}年度", (fy, style)
            kanji = DateStyle(kanji=True, era_at_start=style.era_at_start)
            assert fiscal_year_label(fy, kanji) == f"{era}{wareki_year(year, kanji=True)}年度", (fy, style)
        assert fiscal_year_label(fy, DateStyle(calendar="西暦")) == f"{fy}年度"


SPAN_STYLES = [ASCII, SEIREKI_DOT, PLAIN, DateStyle(kanji=True, span_joiner="〜"), DateStyle(calendar="西暦")]
SPAN_LENGTHS = [1, 2, 27, 31, 45, 366]


def test_spans_round_trip_across_every_month_and_year_and_a_sample_of_lengths() -> None:
    """Every turn of a month (so of every year and era), and every 7th day with lengths from 1 to 366 days."""
    days = all_days()
    spans = [(d - timedelta(days=1), d) for d in days[1:] if d.day == 1]
    spans += [(last, first) for last, _, _, first, _, _ in BOUNDARIES]
    spans += [(d, min(d + timedelta(days=SPAN_LENGTHS[i % len(SPAN_LENGTHS)]), LAST_DAY))
              for i, d in enumerate(days[::7])]
    for i, (start, end) in enumerate(spans):
        text = format_span(start, end, SPAN_STYLES[i % len(SPAN_STYLES)])
        assert parse_span(text) == (start, None if end == start else end), text


# --- what lists write: read_when -------------------------------------------------------------

WHEN_HINT = "2019-07-05、2019/7/5、2019年7月5日、令和元年7月5日、R1.7.5、7月5日、2024/6/14〜6/15 のように書いてください。"
JULY_5 = date(2019, 7, 5)


def when(start: date, end: date | None = None, clock: TimeRange | None = None, yearless: bool = False) -> Written:
    return Written(start, end, clock, yearless)


@pytest.mark.parametrize(
    "text",
    ["2019-07-05", "2019/7/5", "2019年7月5日", "令和元年7月5日", "R1.7.5", "令和元年七月五日", "２０１９／７／５",
     "令和元年7月5日(金)", "令和元年7月5日（金）", "2019/7/5(金曜)", "2019/7/5 (金曜日)", "R1.7.5 （金）"],
)
def test_read_when_reads_every_form_parse_date_reads(text: str) -> None:
    assert read_when(text) == when(JULY_5)
    assert read_when(text, 2019) == when(JULY_5)  # a written year is kept, and is no year from the 年度


def test_read_when_passes_a_date_through() -> None:
    assert read_when(JULY_5) == when(JULY_5)


@pytest.mark.parametrize("text", ["7月5日", "7/5", "七月五日", "７月５日", "07/05", "7月5日(金)", "7/5（金）", "7月 5日"])
def test_a_day_without_a_year_takes_it_from_the_fiscal_year(text: str) -> None:
    assert read_when(text, 2019) == when(JULY_5, yearless=True)


@pytest.mark.parametrize(
    ("text", "day"),
    [("4月1日", date(2019, 4, 1)), ("12月31日", date(2019, 12, 31)), ("1月1日", date(2020, 1, 1)),
     ("2月29日", date(2020, 2, 29)), ("3月31日", date(2020, 3, 31)), ("2/21", date(2020, 2, 21))],
)
def test_january_to_march_without_a_year_are_in_the_second_year_of_the_fiscal_year(text: str, day: date) -> None:
    assert read_when(text, 2019) == when(day, yearless=True)


def test_every_day_of_a_fiscal_year_written_without_its_year_reads_back() -> None:
    """令和元年度: 2019-04-01 … 2020-03-31, as 7月5日, 7/5, 七月五日 and 7月5日(金)."""
    first, last = fiscal_year_bounds(2019)
    day = first
    while day <= last:
        weekday = WEEKDAYS[day.weekday()]
        for text in (f"{day.month}月{day.day}日", f"{day.month}/{day.day}",
                     f"{kansuji(day.month)}月{kansuji(day.day)}日", f"{day.month}月{day.day}日({weekday})"):
            assert read_when(text, 2019) == when(day, yearless=True), text
        day += timedelta(days=1)


def test_a_day_without_a_year_that_the_fiscal_year_does_not_have() -> None:
    exc = refused(read_when, "2月29日", 2018)
    assert (str(exc), hint(exc)) == ("「2月29日」は存在しない日付です。", "2019年2月は28日までです。")


@pytest.mark.parametrize("text", ["7月5日", "7/5", "七月五日", "7月5日(金)", "7月5日〜7日", "7/5 13:30"])
def test_a_day_without_a_year_and_no_fiscal_year_asks_for_either(text: str) -> None:
    exc = refused(read_when, text)
    assert str(exc) == f"「{text}」には年が書かれていません。"
    assert hint(exc) == "report.fiscal_year(年度)を書くか、令和元年7月5日 のように年から書いてください。いくつもの年度の報告書では、その回・訪問の fiscal_year: に年度を書きます。"
    assert exc.hint is not None
    assert exc.hint.render("en") == "Write report.fiscal_year (the 年度), or write the year, as in 令和元年7月5日; in a report over several years, write the event's own fiscal_year:."


def test_parse_date_and_parse_span_still_want_the_year() -> None:
    for call in (parse_date, parse_span):
        exc = refused(call, "7月5日")
        assert (str(exc), hint(exc)) == ("「7月5日」を日付として読めません。", FORMS_HINT)


# --- weekdays are checked --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("令和元年7月5日(土)", "「令和元年7月5日(土)」の曜日が違います。令和元年7月5日は金曜日です。"),
        ("令和元年7月5日（木曜日）", "「令和元年7月5日（木曜日）」の曜日が違います。令和元年7月5日は金曜日です。"),
        ("R1.7.5(月)", "「R1.7.5(月)」の曜日が違います。令和元年7月5日は金曜日です。"),
        ("2019/7/5(日)", "「2019/7/5(日)」の曜日が違います。2019年7月5日は金曜日です。"),
        ("2019-07-06(金)", "「2019-07-06(金)」の曜日が違います。2019年7月6日は土曜日です。"),
        ("令和元年10月8日(火)から9日(木)", "「令和元年10月8日(火)から9日(木)」の曜日が違います。令和元年10月9日は水曜日です。"),
        ("令和元年10月8日(水)から9日(水)", "「令和元年10月8日(水)から9日(水)」の曜日が違います。令和元年10月8日は火曜日です。"),
    ],
)
def test_a_wrong_weekday_is_refused_naming_the_right_one(text: str, message: str) -> None:
    for call in (read_when, parse_span):
        exc = refused(call, text)
        assert (str(exc), hint(exc)) == (message, "日付と曜日のどちらが正しいか確かめてください。")


def test_parse_date_checks_the_weekday_too() -> None:
    exc = refused(parse_date, "令和元年7月5日(土)")
    assert str(exc) == "「令和元年7月5日(土)」の曜日が違います。令和元年7月5日は金曜日です。"


def test_a_wrong_weekday_on_a_day_without_a_year_names_the_year_the_fiscal_year_gave() -> None:
    exc = refused(read_when, "2月21日(土)", 2019)
    assert str(exc) == "「2月21日(土)」の曜日が違います。令和2年2月21日は金曜日です。"


def test_a_wrong_weekday_in_english() -> None:
    exc = refused(read_when, "令和元年7月5日(土)")
    assert exc.text.render("en") == "In “令和元年7月5日(土)” the weekday is wrong: 令和元年7月5日 is a Friday."


def test_every_weekday_is_named_in_both_languages() -> None:
    names = []
    for offset in range(7):  # 2019-07-01 is a Monday
        day = date(2019, 7, 1 + offset)
        wrong = WEEKDAYS[(day.weekday() + 1) % 7]
        exc = refused(read_when, f"2019/7/{day.day}({wrong})")
        names.append((str(exc).split("は")[-1], exc.text.render("en").split(" is a ")[-1]))
    assert names == [("月曜日です。", "Monday."), ("火曜日です。", "Tuesday."), ("水曜日です。", "Wednesday."),
                     ("木曜日です。", "Thursday."), ("金曜日です。", "Friday."), ("土曜日です。", "Saturday."),
                     ("日曜日です。", "Sunday.")]


# --- spans as lists write them ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2024/6/14～6/15", date(2024, 6, 14), date(2024, 6, 15)),
        ("2024/6/14〜6/15", date(2024, 6, 14), date(2024, 6, 15)),
        ("2024/6/14 ~ 6/15", date(2024, 6, 14), date(2024, 6, 15)),
        ("R6/9/12～13", date(2024, 9, 12), date(2024, 9, 13)),
        ("R6.9.12(木)～13(金)", date(2024, 9, 12), date(2024, 9, 13)),
        ("令和元年10月8日(火)から9日(水)", date(2019, 10, 8), date(2019, 10, 9)),
        ("2024/6/14-15", date(2024, 6, 14), date(2024, 6, 15)),
        ("2024/6/14‐15", date(2024, 6, 14), date(2024, 6, 15)),
        ("2024/6/14−15", date(2024, 6, 14), date(2024, 6, 15)),
        ("2024/6/14–15", date(2024, 6, 14), date(2024, 6, 15)),
        ("2024/6/14—15", date(2024, 6, 14), date(2024, 6, 15)),
        ("2024/6/14－15", date(2024, 6, 14), date(2024, 6, 15)),
        ("2012年5月26日・27日", date(2012, 5, 26), date(2012, 5, 27)),
        ("2019年12月28日〜1月5日", date(2019, 12, 28), date(2020, 1, 5)),
        ("令和元年12月28日から2年1月5日", date(2019, 12, 28), date(2020, 1, 5)),
        ("2019-10-31から11月1日", date(2019, 10, 31), date(2019, 11, 1)),
        ("2019-10-08-2019-10-09", date(2019, 10, 8), date(2019, 10, 9)),
    ],
)
def test_spans_whose_end_leaves_out_what_it_shares_with_the_start(text: str, start: date, end: date) -> None:
    assert read_when(text) == when(start, end)
    assert parse_span(text) == (start, end)


@pytest.mark.parametrize("text", ["2019-07-05", "２０１９－０７－０５", "2019-7-5", "2019-07-05(金)"])
def test_an_iso_day_is_one_day_not_a_span_at_its_hyphens(text: str) -> None:
    assert read_when(text) == when(JULY_5)
    assert parse_span(text) == (JULY_5, None)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("7月5日〜7日", date(2019, 7, 5), date(2019, 7, 7)),
        ("7/5～7/6", date(2019, 7, 5), date(2019, 7, 6)),
        ("7/5-6", date(2019, 7, 5), date(2019, 7, 6)),
        ("12月28日〜1月5日", date(2019, 12, 28), date(2020, 1, 5)),
        ("3月30日から4月2日", date(2020, 3, 30), date(2020, 4, 2)),
        ("10月8日(火)から9日(水)", date(2019, 10, 8), date(2019, 10, 9)),
    ],
)
def test_spans_without_a_year_take_it_from_the_fiscal_year(text: str, start: date, end: date) -> None:
    assert read_when(text, 2019) == when(start, end, yearless=True)


def test_a_span_ending_before_it_starts_is_refused() -> None:
    exc = refused(read_when, "7月9日〜8日", 2019)
    assert str(exc) == "「7月9日〜8日」は終わりの日(2019-07-08)が始まりの日(2019-07-09)より前です。"


def test_an_unreadable_end_of_a_span_is_named_with_the_forms_lists_use() -> None:
    exc = refused(read_when, "2019-10-08からそのうち")
    assert (str(exc), hint(exc)) == ("「そのうち」を日付として読めません。", WHEN_HINT)


@pytest.mark.parametrize("text", ["hello", "2019-7", "令和元年", "十二月", "", "13:30", "7月5日ごろ", "2019/7/5 午後"])
def test_read_when_names_the_forms_lists_use_when_it_cannot_read_a_field(text: str) -> None:
    exc = refused(read_when, text, 2019)
    assert (str(exc), hint(exc)) == (f"「{text}」を日付として読めません。", WHEN_HINT)
    assert exc.hint is not None
    assert exc.hint.render("en") == ("Write it like 2019-07-05, 2019/7/5, 2019年7月5日, 令和元年7月5日, R1.7.5, 7月5日 "
                                     "or 2024/6/14〜6/15.")


def test_spans_of_a_fiscal_year_round_trip_through_format_and_read_when() -> None:
    """Every span of 1 to 3 days starting in 令和元年度, in each house style, with and without weekday."""
    styles = [ASCII, SEIREKI_DOT, PLAIN, KANJI, DateStyle(calendar="西暦", span_joiner="〜"),
              DateStyle(weekday=False, span_joiner="～"), DateStyle(span_joiner="-")]
    first, last = fiscal_year_bounds(2019)
    day, i = first, 0
    while day <= last:
        for length in (0, 1, 2):
            end = day + timedelta(days=length)
            text = format_span(day, end, styles[i % len(styles)])
            assert read_when(text) == when(day, end if length else None), text
            i += 1
        day += timedelta(days=1)


# --- times of day ------------------------------------------------------------------------------

T1330_1600 = TimeRange(time(13, 30), time(16, 0))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("13:30", TimeRange(time(13, 30))),
        ("13:30〜", TimeRange(time(13, 30))),
        ("13:30〜16:00", T1330_1600),
        ("13:30～16:00", T1330_1600),
        ("13:30 - 16:00", T1330_1600),
        ("１３：３０〜１６：００", T1330_1600),
        ("9:30-12:00", TimeRange(time(9, 30), time(12, 0))),
        ("09:30から12:00", TimeRange(time(9, 30), time(12, 0))),
        ("13時30分〜16時", T1330_1600),
        ("13時半〜16時", T1330_1600),
        ("13時〜", TimeRange(time(13, 0))),
        ("十三時三十分〜十六時", T1330_1600),
        ("午後1時30分〜午後4時", T1330_1600),
        ("午前9時30分〜午後5時", TimeRange(time(9, 30), time(17, 0))),
        ("午前0時〜午前6時", TimeRange(time(0, 0), time(6, 0))),
        ("午後0時〜午後12時30分", TimeRange(time(12, 0), time(12, 30))),
        ("0:00〜24:00", TimeRange(time(0, 0), END_OF_DAY)),
        ("18時〜24時", TimeRange(time(18, 0), END_OF_DAY)),
        ("13:30〜13:30", TimeRange(time(13, 30), time(13, 30))),
    ],
)
def test_parse_time_range_reads_every_form(text: str, value: TimeRange) -> None:
    assert parse_time_range(text) == value


@pytest.mark.parametrize(
    ("text", "message", "why"),
    [
        ("16:00〜13:30", "「16:00〜13:30」は終わりの時刻が始まりより前です。", "始まりと終わりを入れ替えるか、時刻を確かめてください。"),
        ("25:00", "「25:00」という時刻はありません。", "時は0から24まで(24時は終わりの時刻だけ)、分は0から59までです。"),
        ("13:60", "「13:60」という時刻はありません。", "時は0から24まで(24時は終わりの時刻だけ)、分は0から59までです。"),
        ("24:00〜", "「24:00」という時刻はありません。", "時は0から24まで(24時は終わりの時刻だけ)、分は0から59までです。"),
        ("22:00〜24:30", "「24:30」という時刻はありません。", "時は0から24まで(24時は終わりの時刻だけ)、分は0から59までです。"),
        ("午後13時", "「午後13時」という時刻はありません。",
         "午前は0時から11時まで、午後は0時から12時までです。13:30 のように24時間で書くこともできます。"),
        ("午前12時", "「午前12時」という時刻はありません。",
         "午前は0時から11時まで、午後は0時から12時までです。13:30 のように24時間で書くこともできます。"),
        ("1時半ごろ", "「1時半ごろ」を時刻として読めません。", "13:30、13:30〜16:00、13時30分〜16時、午後1時30分 のように書いてください。"),
        ("13:5", "「13:5」を時刻として読めません。", "13:30、13:30〜16:00、13時30分〜16時、午後1時30分 のように書いてください。"),
        ("", "「」を時刻として読めません。", "13:30、13:30〜16:00、13時30分〜16時、午後1時30分 のように書いてください。"),
    ],
)
def test_parse_time_range_refuses_what_is_no_time(text: str, message: str, why: str) -> None:
    exc = refused(parse_time_range, text)
    assert (str(exc), hint(exc)) == (message, why)


def test_a_reversed_time_in_english() -> None:
    exc = refused(parse_time_range, "16:00〜13:30")
    assert exc.text.render("en") == "In “16:00〜13:30” the end time is before the start."


@pytest.mark.parametrize(
    ("value", "style", "text"),
    [
        (T1330_1600, DateStyle(), "13:30〜16:00"),
        (TimeRange(time(13, 30)), DateStyle(), "13:30〜"),
        (TimeRange(time(9, 5), time(12, 0)), DateStyle(), "9:05〜12:00"),
        (T1330_1600, DateStyle(clock="13時30分"), "13時30分〜16時"),
        (TimeRange(time(13, 0)), DateStyle(clock="13時30分"), "13時〜"),
        (T1330_1600, DateStyle(kanji=True), "十三時三十分〜十六時"),
        (TimeRange(time(0, 0), time(9, 5)), DateStyle(kanji=True), "〇時〜九時五分"),
        (TimeRange(time(18, 0), END_OF_DAY), DateStyle(), "18:00〜24:00"),
        (TimeRange(time(18, 0), END_OF_DAY), DateStyle(clock="13時30分"), "18時〜24時"),
    ],
)
def test_format_time_range_per_style(value: TimeRange, style: DateStyle, text: str) -> None:
    assert format_time_range(value, style) == text
    assert parse_time_range(text) == value


def test_every_minute_of_the_day_round_trips_in_each_clock_style() -> None:
    styles = [DateStyle(), DateStyle(clock="13時30分"), DateStyle(kanji=True)]
    for minutes in range(24 * 60):
        start = time(*divmod(minutes, 60))
        for value in (TimeRange(start), TimeRange(start, END_OF_DAY)):
            for style in styles:
                text = format_time_range(value, style)
                assert parse_time_range(text) == value, text


def test_date_style_keeps_its_positional_fields_and_adds_clock_last() -> None:
    style = DateStyle("西暦", False, "・", True, True, True, "13時30分")
    assert (style.calendar, style.era_at_start, style.clock) == ("西暦", True, "13時30分")
    assert DateStyle().clock == "13:30"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("7月5日 13:30", TimeRange(time(13, 30))),
        ("7月5日13:30〜16:00", T1330_1600),
        ("7/5 9:30-12:00", TimeRange(time(9, 30), time(12, 0))),
        ("7月5日(金) 13時30分〜16時", T1330_1600),
        ("7月5日（金）13時〜", TimeRange(time(13, 0))),
        ("七月五日 十三時三十分〜十六時", T1330_1600),
        ("7月5日 午後1時30分〜午後4時", T1330_1600),
    ],
)
def test_a_time_of_day_after_a_day_without_a_year(text: str, value: TimeRange) -> None:
    assert read_when(text, 2019) == when(JULY_5, clock=value, yearless=True)


@pytest.mark.parametrize(
    "text", ["2019-07-05 13:30", "2019-07-05T13:30", "2019-07-05T13:30:00", "2019-07-05T13:30:00+09:00",
             "2019-07-05 13:30:00", "令和元年7月5日(金)13:30", "R1.7.5 13:30〜"],
)
def test_a_time_of_day_after_a_day_with_its_year(text: str) -> None:
    assert read_when(text) == when(JULY_5, clock=TimeRange(time(13, 30)))


def test_a_yaml_datetime_is_a_day_and_a_time() -> None:
    assert read_when(datetime(2019, 7, 5, 13, 30)) == when(JULY_5, clock=TimeRange(time(13, 30)))


def test_the_same_hours_on_each_day_of_a_span() -> None:
    assert read_when("2024/6/14～6/15 13:00〜16:00") == when(date(2024, 6, 14), date(2024, 6, 15),
                                                             TimeRange(time(13, 0), time(16, 0)))


@pytest.mark.parametrize("text", ["6月14日13:00〜6月15日12:00", "6月14日 13:00から15日", "6/14 13:00-6/15 12:00"])
def test_a_time_inside_a_span_of_days_is_refused_with_what_to_write(text: str) -> None:
    exc = refused(read_when, text, 2024)
    assert str(exc) == f"「{text}」: 何日かにわたる期間の途中には時刻を書けません。"
    assert hint(exc) == ("日は 6月14日〜15日 のように書き、時刻は本文に書いてください"
                         "(毎日同じ時刻なら 6月14日〜15日 13:00〜16:00)。")


def test_a_reversed_time_after_a_day_names_the_times() -> None:
    exc = refused(read_when, "7月5日 16:00〜13:30", 2019)
    assert str(exc) == "「16:00〜13:30」は終わりの時刻が始まりより前です。"


@pytest.mark.parametrize("text", ["2019/7/5 午後一時", "2019/7/5 13:30", "令和元年7月5日 十三時"])
def test_parse_date_and_parse_span_still_refuse_a_time_of_day(text: str) -> None:
    for call in (parse_date, parse_span):
        exc = refused(call, text)
        assert (str(exc), hint(exc)) == (f"「{text}」には時刻が付いています。日付だけを書いてください。",
                                         "例: 2019-07-05。時刻を残すときは本文の段落に書いてください。")


@pytest.mark.parametrize("written", ["2月11日(土・祝)", "2月11日（土祝）", "2月11日(祝)", "2月11日(土曜日・祝日)"])
def test_a_holiday_mark_after_the_weekday_is_read(written: str) -> None:
    assert read_when(written, 2022).start == date(2023, 2, 11)


def test_a_holiday_mark_does_not_hide_a_wrong_weekday() -> None:
    with pytest.raises(InvalidValue) as caught:
        read_when("2月11日(金・祝)", 2022)
    assert "土曜日" in str(caught.value.text)


@pytest.mark.parametrize("written", ["2019-07-05 00:00:00", "2019-07-05T00:00:00+09:00", "2019/7/5 0:00:00"])
def test_midnight_with_seconds_as_exports_write_it_is_no_time(written: str) -> None:
    assert read_when(written) == Written(date(2019, 7, 5), None, None, False)
    assert read_when(datetime(2019, 7, 5)).time is None


def test_midnight_typed_as_a_time_is_kept() -> None:
    assert read_when("2019-07-05 0:00〜2:00").time == TimeRange(time(0, 0), time(2, 0))


@pytest.mark.parametrize("written", ["2019-07-05T01:00:00Z", "2019-07-05T01:00:00+00:00"])
def test_a_time_in_another_zone_is_refused_rather_than_printed_as_japan_time(written: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        read_when(written)
    assert "日本時間ではありません" in str(caught.value.text)
    assert read_when("2019-07-05T10:00:00+09:00").time == TimeRange(time(10, 0))


def test_an_afternoon_end_without_its_own_mark_stays_in_the_afternoon() -> None:
    assert parse_time_range("午後1時半〜3時") == TimeRange(time(13, 30), time(15, 0))
    assert parse_time_range("午後1時〜午後4時") == TimeRange(time(13, 0), time(16, 0))
    with pytest.raises(InvalidValue):
        parse_time_range("16:00〜13:30")


@pytest.mark.parametrize(("text", "year"), [
    ("2019", 2019), ("2019年度", 2019), ("令和元年度", 2019), ("令和1年度", 2019), ("R1", 2019), ("Ｒ１年度", 2019),
    ("平成31年度", 2019), ("H30", 2018), ("２０１９", 2019), ("2019年", None), ("今年度", None), ("令和元年", None),
])
def test_a_fiscal_year_is_read_from_the_ways_people_write_it(text: str, year: int | None) -> None:
    assert parse_fiscal_year(text) == year
