"""The 「項目　値」 lines of an event: every structured value, in the order templates print them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nenpo.compose.env import environment
from nenpo.compose.labels import Labels
from nenpo.dates import DateStyle
from nenpo.records.model import Session, Visit

TEMPLATE = "{% for d in e|details(short=short) %}{{ d.label }}={{ d.text }}\n{% endfor %}"


def lines(tmp_path: Path, event: Any, short: bool = False, **context: Any) -> list[str]:
    env = environment(tmp_path)
    rendered = env.from_string(TEMPLATE).render(e=event, short=short, date_style=DateStyle(), **context)
    return rendered.replace("\\", "").splitlines()


def test_every_field_of_a_session_is_a_line(tmp_path: Path) -> None:
    session = Session.model_validate({
        "kind": "講座", "date": "2023-02-11 10:00〜12:00", "status": "延期", "status_note": "講師の都合により",
        "postponed_to": "2023-03-04", "venues": ["オンライン"], "mode": "オンライン", "audience": "市民",
        "host": "大学", "co_host": ["市", "町"], "support": "県", "participants": 112,
        "speakers": [{"name": "長谷川 真理", "affiliation": "大学"}, {"name": "吉田 健", "position": "市 主査"}],
        "programme": [{"title": "演題", "speakers": ["木村 和夫"]}, {"speakers": [{"name": "森", "honorific": "准教授"}]}],
        "extra": {"配布資料": "スライド", "受講料": 0},
    })
    assert lines(tmp_path, session) == [
        "日時=令和5年2月11日（土）10:00〜12:00",
        "状況=延期（講師の都合により、令和5年3月4日（土）に延期）",
        "場所=オンライン",
        "形式=オンライン",
        "対象=市民",
        "主催=大学",
        "共催=市、町",
        "後援=県",
        "参加者=112名",
        "講師=長谷川 真理氏（大学）、市 主査 吉田 健氏",
        "=「演題」木村 和夫氏",
        "=森准教授",
        "配布資料=スライド",
        "受講料=0",
    ]


def test_labels_and_omitted_honorifics(tmp_path: Path) -> None:
    session = Session.model_validate({"kind": "講座", "date": "2023-02-11", "participants": 3,
                                      "speakers": ["山田"]})
    labels = Labels({"date": "期日", "participants": "出席者", "participants_count": "{count}人",
                     "speakers": "講師", "honorific": "様"})
    assert lines(tmp_path, session, labels=labels) == ["期日=令和5年2月11日（土）", "出席者=3人", "講師=山田様"]
    assert lines(tmp_path, session, labels=labels, honorifics=False)[-1] == "講師=山田"


def test_a_visit_lists_every_place_with_what_was_seen_there(tmp_path: Path) -> None:
    visit = Visit.model_validate({
        "kind": "行政視察", "title": "視察", "date": "2024-10-08から2024-10-09", "group": "総務常任委員会",
        "purpose": "調査のため", "members": [{"position": "委員長", "name": "高橋"}, "中村"], "topics": "DXについて",
        "places": [{"prefecture": "石川県", "municipality": "金沢市", "facilities": "市役所", "date": "2024-10-08",
                    "topics": ["窓口について"], "extra": {"対応者": "DX推進課"}}, "富山市"],
        "more_places": True, "held_at": "東京", "participants": 5, "extra": {"随行": "2名"},
    })
    assert lines(tmp_path, visit) == [
        "月日=令和6年10月8日（火）から9日（水）",
        "訪問先=石川県金沢市「市役所」　令和6年10月8日（火）　視察項目：窓口について　対応者：DX推進課",
        "訪問先=富山市など",
        "場所=於：東京",
        "団体=総務常任委員会",
        "メンバー=委員長 高橋、中村",
        "目的=調査のため",
        "視察項目=DXについて",
        "参加者=5名",
        "随行=2名",
    ]


def test_a_short_visit_leaves_what_its_heading_shows(tmp_path: Path) -> None:
    visit = Visit.model_validate({"places": ["厚木市", {"municipality": "横浜市", "facilities": "市庁舎"}],
                                  "date": "2008-12-14", "time": "13時〜", "participants": 9})
    assert lines(tmp_path, visit, short=True) == ["時刻=13:00〜", "訪問先=横浜市「市庁舎」", "参加者=9名"]


def test_a_heading_that_shows_the_date_and_time_leaves_only_their_line_out(tmp_path: Path) -> None:
    session = Session.model_validate({"kind": "例会", "date": "2023-06-17 13:30〜16:00", "status": "延期",
                                      "extra": {"月日": "free fields are never taken for the date line"}})
    env = environment(tmp_path)
    rendered = env.from_string("{% for d in e|details(when_in_heading=true) %}{{ d.label }}={{ d.text }}\n"
                               "{% endfor %}").render(e=session, date_style=DateStyle())
    assert rendered.replace("\\", "").splitlines() == ["状況=延期", "月日=free fields are never taken for the date line"]


def test_nado_follows_the_last_place_not_what_was_seen_there(tmp_path: Path) -> None:
    visit = Visit.model_validate({"title": "視察", "date": "2024-10-08", "more_places": True,
                                  "places": [{"municipality": "金沢市", "extra": {"対応者": "市民課長"}}]})
    assert lines(tmp_path, visit)[1] == "訪問先=金沢市など　対応者：市民課長"


def test_numbering_counts_only_events_of_a_kind(tmp_path: Path) -> None:
    from nenpo.compose.context import events_as_printed
    from nenpo.records.model import Report

    report = Report.model_validate({
        "report": {"title": "年報", "numbering": "通し"}, "organisation": {"name": "会"},
        "sessions": [{"kind": "例会", "date": "2023-06-01"}, {"title": "題だけ", "date": "2023-07-01"},
                     {"kind": "例会", "date": "2023-08-01"}],
        "visits": [{"places": ["金沢市"], "date": "2023-09-01"}],
    })
    sessions, visits = events_as_printed(report)
    assert [s.number for s in sessions] == [1, None, 2] and visits[0].number is None
