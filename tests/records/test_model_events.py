"""The event model: what sessions and visits accept beyond a numbered, titled, dated session."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest
from pydantic import ValidationError

from nenpo.errors import InvalidValue
from nenpo.records.model import Report, Session, Visit


def refused(model: Any, data: dict[str, Any], context: dict[str, Any] | None = None) -> tuple[str, tuple[Any, ...]]:
    """The first error's message and where it points (the loc plus the InvalidValue's own `at`)."""
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data, context=context)
    err = caught.value.errors(include_url=False)[0]
    error = err.get("ctx", {}).get("error")
    if isinstance(error, InvalidValue):
        return str(error.text), (*err["loc"], *error.at)
    return err["type"], tuple(err["loc"])


def test_an_event_needs_little_more_than_a_kind_and_a_date() -> None:
    s = Session.model_validate({"kind": "講演会", "date": "2023-07-08"})
    assert (s.number, s.title, s.status, s.mode, s.host, s.extra) == (None, None, "開催", None, [], {})
    assert refused(Session, {"date": "2023-07-08"})[0] == "回・種類・見出し・題のどれもない回です。"


def test_a_cancelled_event_may_be_undated_but_a_held_one_may_not() -> None:
    assert Session.model_validate({"kind": "例会", "status": "中止"}).days == ()
    assert refused(Session, {"kind": "例会"}) == ("必須の項目「date」がありません。", ("date",))
    message, where = refused(Session, {"kind": "例会", "date": "2023-07-08", "postponed_to": "2023-08-01"})
    assert "status が「開催」です" in message and where == ("postponed_to",)


def test_a_date_without_a_year_is_read_in_the_context_year_or_the_events_own() -> None:
    s = Session.model_validate({"kind": "例会", "date": "2月17日(土) 13:30〜16:00"}, context={"fiscal_year": 2023})
    assert (s.date.start, s.time.start, s.time.end) == (date(2024, 2, 17), time(13, 30), time(16, 0))
    own = Session.model_validate({"kind": "例会", "fiscal_year": 2019, "date": "7月5日"}, context={"fiscal_year": 2023})
    assert own.date.start == date(2019, 7, 5) and own.year == 2019
    message, where = refused(Session, {"kind": "例会", "date": "7月5日"})
    assert "年が書かれていません" in message and where == ("date",)


def test_a_time_is_written_once() -> None:
    message, where = refused(Session, {"kind": "例会", "date": "2023-07-08 13:00", "time": "13:00〜"})
    assert message == "時刻が日付と time: の両方に書かれています。" and where == ("date",)
    assert refused(Session, {"kind": "例会", "date": "2023-07-08", "time": "16:00〜13:30"})[1] == ("time",)


def test_an_unreadable_date_does_not_hide_the_events_other_mistakes() -> None:
    with pytest.raises(ValidationError) as caught:
        Visit.model_validate({"places": [], "date": "2019年2月30日", "participants": 0})
    assert {err["loc"] for err in caught.value.errors()} == {("places",), ("date",), ("participants",)}


def test_names_one_or_many_but_not_several_in_one_text() -> None:
    s = Session.model_validate({"kind": "例会", "date": "2023-07-08", "host": "学会", "support": ["市", "町"]})
    assert (s.host, s.support) == (["学会"], ["市", "町"])
    message, where = refused(Visit, {"places": ["金沢市"], "date": "2024-10-08", "members": "山田、佐藤、鈴木"})
    assert message == "3つの名前が1つの文字列に書かれています。" and where[0] == "members"
    assert refused(Session, {"kind": "例会", "date": "2023-07-08", "co_host": "A市,B町"})[0].startswith("2つの名前")


def test_people_places_and_venues_written_as_plain_text() -> None:
    v = Visit.model_validate({"places": "金沢市", "date": "2024-10-08", "members": ["山田 太郎"]})
    assert (v.places[0].municipality, v.members[0].name, v.members[0].position) == ("金沢市", "山田 太郎", None)
    s = Session.model_validate({"kind": "講座", "date": "2023-07-08", "venues": "オンライン(Zoom)",
                                "programme": [{"speakers": "森"}]})
    assert (s.venues[0].place, s.programme[0].title, s.programme[0].speakers[0].name) == ("オンライン(Zoom)", None, "森")
    assert refused(Session, {"kind": "講座", "date": "2023-07-08", "programme": [{}]})[0] == "演題も講師もない項目です。"


def test_a_place_visited_on_a_day_outside_the_visit_is_refused_at_that_place() -> None:
    message, where = refused(Visit, {"date": "R6/10/8～10", "places": [{"municipality": "金沢市", "date": "R6/10/11"}]})
    assert message == "訪問先の日付が、訪問の日付の範囲の外です。" and where == ("places", 0, "date")


def test_status_and_mode_are_choices() -> None:
    assert refused(Session, {"kind": "例会", "date": "2023-07-08", "status": "キャンセル"}) == ("literal_error", ("status",))
    assert refused(Session, {"kind": "例会", "date": "2023-07-08", "mode": "Zoom"}) == ("literal_error", ("mode",))


def _report(**info: Any) -> dict[str, Any]:
    return {"report": {"title": "年報", **info}, "organisation": {"name": "会"}}


def test_a_report_over_several_years_states_its_first_and_knows_each_events_year() -> None:
    assert refused(Report, _report(until_fiscal_year=2021))[1] == ("report", "until_fiscal_year")
    assert "より前です" in refused(Report, _report(fiscal_year=2021, until_fiscal_year=2020))[0]
    undated = {**_report(fiscal_year=2020, until_fiscal_year=2021), "sessions": [{"kind": "例会", "status": "中止"}]}
    assert refused(Report, undated)[1] == ("sessions", 0, "fiscal_year")
    undated["sessions"][0]["fiscal_year"] = 2021
    assert Report.model_validate(undated).sessions[0].year == 2021


@pytest.mark.parametrize(("typed", "name", "honorific"), [
    ("大杉覚教授", "大杉覚", "教授"), ("坂倉杏介准教授", "坂倉杏介", "准教授"), ("前神有里氏", "前神有里", "氏"),
    ("山田 太郎", "山田 太郎", None), ("教授", "教授", None),
])
def test_a_speaker_typed_as_text_keeps_the_honorific_typed_with_the_name(typed: str, name: str,
                                                                         honorific: str | None) -> None:
    s = Session.model_validate({"kind": "講座", "date": "2023-07-08", "speakers": [typed]})
    assert (s.speakers[0].name, s.speakers[0].honorific) == (name, honorific)


def test_a_time_where_only_a_day_belongs_is_refused_at_that_date() -> None:
    message, where = refused(Visit, {"date": "2024-10-08", "places": [{"municipality": "金沢市",
                                                                      "date": "2024-10-08 13:00"}]})
    assert message == "「2024-10-08 13:00」に時刻があります。ここには日付だけを書きます。" and where == ("places", 0, "date")
    message, where = refused(Session, {"kind": "例会", "status": "延期", "postponed_to": "2024-10-08 13:00"})
    assert "時刻があります" in message and where == ("postponed_to",)
    message, where = refused(Session, {"kind": "例会", "date": {"start": "2024-10-08T10:00:00+09:00"}})
    assert "時刻があります" in message and where == ("date", "start")


def test_an_events_own_year_must_agree_with_its_date() -> None:
    message, where = refused(Visit, {"fiscal_year": 2025, "date": "2019-08-24", "places": ["金沢市"]})
    assert message == "日付 2019-08-24 は 2019年度ですが、fiscal_year は 2025 です。" and where == ("fiscal_year",)
    assert Visit.model_validate({"fiscal_year": 2019, "date": "2020-03-31", "places": ["金沢市"]}).year == 2019


def test_a_free_field_holding_something_other_than_text_is_refused_at_the_field() -> None:
    message, where = refused(Session, {"kind": "例会", "date": "2023-07-08", "extra": {"資料": ["a", None]}})
    assert message == "string_type" and where == ("extra", "資料")
    assert Session.model_validate({"kind": "例会", "date": "2023-07-08",
                                   "extra": {"資料": ["a", 2]}}).extra == {"資料": "a、2"}
