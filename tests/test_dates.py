"""和暦 eras, weekdays, spans and 年度 as DOMAIN.md states them, and every date form people type."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nenpo.dates import (
    DateStyle,
    fiscal_year,
    fiscal_year_label,
    format_date,
    format_span,
    parse_date,
    parse_span,
)

PLAIN = DateStyle(weekday=False)
SEIREKI_DOT = DateStyle(calendar="西暦", weekday=False, span_joiner="・")
ASCII = DateStyle(ascii_parens=True)


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


def test_first_year_of_an_era_is_gannen_never_1() -> None:
    for first_day in (date(1912, 7, 30), date(1926, 12, 25), date(1989, 1, 8), date(2019, 5, 1)):
        text = format_date(first_day, PLAIN)
        assert "元年" in text
        assert "1年" not in text


def test_seireki_style_writes_the_gregorian_year() -> None:
    assert format_date(date(2019, 7, 5), DateStyle(calendar="西暦")) == "2019年7月5日（金）"
    assert format_date(date(1989, 1, 7), DateStyle(calendar="西暦", weekday=False)) == "1989年1月7日"


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


def test_span_ending_before_it_starts_is_refused_in_japanese() -> None:
    with pytest.raises(ValueError, match="終わりの日 2019-10-08 が始まりの日 2019-10-09 より前です。"):
        format_span(date(2019, 10, 9), date(2019, 10, 8))


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


def test_a_session_on_reiwa_2_february_belongs_to_reiwa_gannen_nendo() -> None:
    assert fiscal_year_label(fiscal_year(date(2020, 2, 21))) == "令和元年度"


def test_fy2019_is_reiwa_gannen_nendo_in_retrospect_and_heisei_31_at_its_start() -> None:
    assert fiscal_year_label(2019) == "令和元年度"
    assert fiscal_year_label(2019, era_at_start=True) == "平成31年度"


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
    ],
)
def test_fiscal_year_labels_in_wareki(fy: int, label: str) -> None:
    assert fiscal_year_label(fy) == label


def test_fiscal_year_label_in_seireki() -> None:
    assert fiscal_year_label(2019, "西暦") == "2019年度"
    assert fiscal_year_label(2019, "西暦", era_at_start=True) == "2019年度"


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
        "２０１９－０７－０５",
        "令和元年7月5日(金)",
        "令和元年7月5日（金）",
        "  2019-07-05  ",
        "2019年 7月 5日",
    ],
)
def test_parse_date_reads_every_form(text: str) -> None:
    assert parse_date(text) == date(2019, 7, 5)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("H31.4.30", date(2019, 4, 30)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("S64.1.7", date(1989, 1, 7)),
        ("平成元年1月8日", date(1989, 1, 8)),
        ("大正元年7月30日", date(1912, 7, 30)),
        ("昭和元年12月25日", date(1926, 12, 25)),
        ("T15.12.24", date(1926, 12, 24)),
        ("明治6年1月1日", date(1873, 1, 1)),
    ],
)
def test_parse_date_at_era_boundaries(text: str, day: date) -> None:
    assert parse_date(text) == day


def test_parse_date_passes_a_date_through() -> None:
    assert parse_date(date(2019, 7, 5)) == date(2019, 7, 5)


def test_a_day_that_does_not_exist() -> None:
    with pytest.raises(ValueError) as info:
        parse_date("2019-02-30")
    assert str(info.value) == "「2019-02-30」は存在しない日付です。"


def test_era_year_zero_is_refused_with_the_rule() -> None:
    with pytest.raises(ValueError) as info:
        parse_date("令和0年1月1日")
    assert str(info.value) == "「令和0年1月1日」: 令和0年はありません。元年(1年)から数えます。"


def test_heisei_31_may_first_names_the_right_era() -> None:
    with pytest.raises(ValueError) as info:
        parse_date("平成31年5月1日")
    assert str(info.value) == "「平成31年5月1日」は平成ではありません。その日は令和元年5月1日です。"


def test_showa_64_january_8_names_heisei_gannen() -> None:
    with pytest.raises(ValueError) as info:
        parse_date("昭和64年1月8日")
    assert "その日は平成元年1月8日です。" in str(info.value)


def test_a_date_before_an_era_began() -> None:
    with pytest.raises(ValueError) as info:
        parse_date("令和元年4月30日")
    assert "「令和元年4月30日」は令和の始まり" in str(info.value)
    assert "令和元年5月1日" in str(info.value)


@pytest.mark.parametrize("text", ["1872-12-31", "明治5年12月2日", "1868年1月25日"])
def test_dates_before_the_gregorian_calendar_are_refused(text: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_date(text)
    assert str(info.value) == f"「{text}」は明治6年1月1日(1873-01-01)より前で、扱えません。"


@pytest.mark.parametrize("text", ["hello", "7月5日", "2019-7", "令和元年", "X1.7.5", ""])
def test_unreadable_text_names_the_forms_that_work(text: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_date(text)
    assert str(info.value) == (
        f"「{text}」を日付として読めません。"
        "2019-07-05、2019/7/5、令和元年7月5日、R1.7.5 のように書いてください。"
    )


# --- parsing spans -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2019-07-05", date(2019, 7, 5), None),
        ("令和元年7月5日(金)", date(2019, 7, 5), None),
        ("令和元年10月8日から9日", date(2019, 10, 8), date(2019, 10, 9)),
        ("令和元年10月8日(火)から9日(水)", date(2019, 10, 8), date(2019, 10, 9)),
        ("令和元年10月8日（火）から9日（水）", date(2019, 10, 8), date(2019, 10, 9)),
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
    with pytest.raises(ValueError) as info:
        parse_span("2019-10-09から8日")
    assert str(info.value) == "「2019-10-09から8日」は終わりの日が始まりの日より前です。"


def test_parse_span_refuses_a_tail_day_that_does_not_exist() -> None:
    with pytest.raises(ValueError) as info:
        parse_span("2019年2月28日から30日")
    assert str(info.value) == "「2019年2月28日から30日」は存在しない日付です。"


def test_parse_span_reports_an_unreadable_end() -> None:
    with pytest.raises(ValueError) as info:
        parse_span("2019-10-08からそのうち")
    assert "「そのうち」を日付として読めません。" in str(info.value)


# --- properties: formatting and parsing agree with an independent calendar ------------------

#: The era table, written out again here so the test does not trust the module's own.
ERA_TABLE = [
    (date(2019, 5, 1), "令和"),
    (date(1989, 1, 8), "平成"),
    (date(1926, 12, 25), "昭和"),
    (date(1912, 7, 30), "大正"),
    (date(1868, 1, 25), "明治"),
]


def independent_era(d: date) -> tuple[str, int]:
    for start, name in ERA_TABLE:
        if d >= start:
            return name, d.year - start.year + 1
    raise AssertionError(d)


def zeller_weekday(d: date) -> str:
    """Zeller's congruence for the Gregorian calendar: 0 = Saturday."""
    y, m = d.year, d.month
    if m < 3:
        m += 12
        y -= 1
    k, j = y % 100, y // 100
    h = (d.day + (13 * (m + 1)) // 5 + k + k // 4 + j // 4 + 5 * j) % 7
    return "土日月火水木金"[h]


DAYS = st.dates(min_value=date(1873, 1, 1), max_value=date(2100, 12, 31))


@settings(max_examples=400, deadline=None)
@given(DAYS)
def test_wareki_round_trip_weekday_and_era_year(d: date) -> None:
    text = format_date(d, PLAIN)
    assert parse_date(text) == d

    name, year = independent_era(d)
    year_text = "元" if year == 1 else str(year)
    assert text == f"{name}{year_text}年{d.month}月{d.day}日"

    with_weekday = format_date(d, ASCII)
    assert with_weekday == f"{text}({zeller_weekday(d)})"
    assert parse_date(with_weekday) == d


@settings(max_examples=300, deadline=None)
@given(DAYS)
def test_seireki_and_initial_forms_round_trip(d: date) -> None:
    assert parse_date(format_date(d, DateStyle(calendar="西暦", weekday=False))) == d
    name, year = independent_era(d)
    initial = {"明治": "M", "大正": "T", "昭和": "S", "平成": "H", "令和": "R"}[name]
    assert parse_date(f"{initial}{year}.{d.month}.{d.day}") == d


@settings(max_examples=300, deadline=None)
@given(DAYS, st.integers(min_value=0, max_value=400), st.sampled_from([ASCII, SEIREKI_DOT, PLAIN]))
def test_span_round_trip(d: date, length: int, style: DateStyle) -> None:
    end = date.fromordinal(min(d.toordinal() + length, date(2100, 12, 31).toordinal()))
    assert parse_span(format_span(d, end, style)) == (d, None if end == d else end)
