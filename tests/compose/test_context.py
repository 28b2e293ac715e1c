"""Values derived from the records for templates: the 年度 label and the lecturer index."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nenpo.compose.context import LecturerEntry, lecturer_index, template_context, year_label
from nenpo.dates import DateStyle
from nenpo.records.load import load_records
from nenpo.records.model import Report
from nenpo.records.validate import validate

REPO = Path(__file__).resolve().parents[2]


def _row(e: LecturerEntry) -> tuple[str, str, str | None, list[int | str]]:
    return (e.name, e.honorific, e.affiliation, e.sessions)


def _index(r: Report) -> list[LecturerEntry]:
    """The lecturer index of a report whose sessions are printed as written."""
    return lecturer_index(r, list(r.sessions))


def report(info: dict[str, Any] | None = None, **rest: Any) -> Report:
    return Report.model_validate(
        {"report": {"title": "年報", "lead": [], **(info or {})}, "organisation": {"name": "団体"}, **rest}
    )


def session(number: int, day: str, speakers: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "number": number,
        "kind": "集合研修",
        "title": f"第{number}回の題",
        "date": day,
        "programme": [{"title": "講話", "speakers": speakers or []}],
    }


def visit(day: str) -> dict[str, Any]:
    return {"places": [{"municipality": "南陽市"}], "date": day, "text": ["訪問。"]}


# --- year_label ----------------------------------------------------------------------------


def test_year_label_derived_from_the_dates() -> None:
    r = report(sessions=[session(1, "2019-07-05"), session(2, "2020-02-21")])
    assert year_label(r) == "令和元年度"


def test_year_label_counts_visits_and_span_ends() -> None:
    r = report(visits=[visit("2020-03-31から2020-04-01")])
    assert year_label(r) == "令和元年度〜令和2年度"


def test_year_label_stated_in_the_records_wins() -> None:
    r = report({"year_label": "平成31年度"}, sessions=[session(1, "2019-07-05")])
    assert year_label(r) == "平成31年度"


def test_year_label_from_a_stated_fiscal_year() -> None:
    assert year_label(report({"fiscal_year": 2019})) == "令和元年度"
    assert year_label(report({"fiscal_year": 1989})) == "平成元年度"
    assert year_label(report({"fiscal_year": 2019, "dates": {"calendar": "西暦"}})) == "2019年度"


def test_a_stated_fiscal_year_wins_over_the_dates() -> None:
    r = report({"fiscal_year": 2018}, sessions=[session(1, "2019-07-05")])
    assert year_label(r) == "平成30年度"


def test_year_label_of_several_years_in_seireki() -> None:
    r = report(
        {"dates": {"calendar": "西暦", "weekday": False, "span_joiner": "・"}},
        visits=[visit("2012-05-26"), visit("2010-07-17"), visit("2007-11-10")],
    )
    assert year_label(r) == "2007年度〜2012年度"


def test_year_label_of_several_years_in_wareki_across_an_era() -> None:
    r = report(sessions=[session(1, "2018-07-05"), session(2, "2019-07-05")])
    assert year_label(r) == "平成30年度〜令和元年度"


def test_year_label_of_a_report_without_dates_is_empty() -> None:
    assert year_label(report()) == ""


def test_year_label_of_the_project_k_sample() -> None:
    assert year_label(validate(load_records(REPO / "records" / "project-k")).report) == "2007年度〜2012年度"


def test_year_label_of_the_okitama_sample() -> None:
    assert year_label(validate(load_records(REPO / "records" / "okitama-r1")).report) == "令和元年度"


# --- lecturer_index ------------------------------------------------------------------------

OSUGI = {"name": "大杉覚", "honorific": "教授", "affiliation": "首都大学東京大学院"}
MAEGAMI = {"name": "前神有里", "affiliation": "地域活性化センター人材育成プロデューサー"}


def test_lecturers_in_order_of_first_appearance_with_their_sessions() -> None:
    r = report(
        sessions=[
            session(1, "2019-07-05", [{"name": "片桐研二"}, OSUGI]),
            session(2, "2019-08-26", [MAEGAMI, OSUGI]),
            session(3, "2019-10-08", [OSUGI]),
        ]
    )
    assert [_row(e) for e in _index(r)] == [
        ("片桐研二", "氏", None, [1]),
        ("大杉覚", "教授", "首都大学東京大学院", [1, 2, 3]),
        ("前神有里", "氏", "地域活性化センター人材育成プロデューサー", [2]),
    ]


def test_the_lecturers_list_comes_first_in_the_order() -> None:
    r = report(
        lecturers={"people": [OSUGI, MAEGAMI], "text": ["講師の紹介。"]},
        sessions=[session(1, "2019-07-05", [{"name": "片桐研二"}, MAEGAMI])],
    )
    assert [(e.name, e.sessions) for e in _index(r)] == [
        ("大杉覚", []),
        ("前神有里", [1]),
        ("片桐研二", [1]),
    ]


def test_affiliation_given_anywhere_fills_the_entry() -> None:
    r = report(
        lecturers={"people": [{"name": "大杉覚", "honorific": "教授"}], "text": []},
        sessions=[
            session(1, "2019-07-05", [{"name": "大杉覚", "honorific": "教授"}]),
            session(2, "2019-08-26", [OSUGI]),
        ],
    )
    [entry] = _index(r)
    assert entry.affiliation == "首都大学東京大学院"
    assert entry.sessions == [1, 2]


def test_the_first_affiliation_given_is_kept() -> None:
    r = report(
        sessions=[
            session(1, "2019-07-05", [OSUGI]),
            session(2, "2019-08-26", [{**OSUGI, "affiliation": "東京都立大学"}]),
        ]
    )
    assert _index(r)[0].affiliation == "首都大学東京大学院"


def test_a_session_is_listed_once_for_a_speaker_who_gives_two_talks() -> None:
    s = session(4, "2020-02-21", [OSUGI])
    s["programme"].append({"title": "講評", "speakers": [OSUGI]})
    assert _index(report(sessions=[s]))[0].sessions == [4]


def test_no_lecturers_no_sessions_no_index() -> None:
    assert _index(report()) == []


def test_okitama_sample_index() -> None:
    index = _index(validate(load_records(REPO / "records" / "okitama-r1")).report)
    assert _row(index[0]) == ("大杉覚", "教授", "首都大学東京大学院", [1, 2, 3, 4])
    assert index[1].name == "前神有里"
    assert index[1].sessions == [2, 3, 4]


# --- the whole context ---------------------------------------------------------------------


def test_template_context_carries_the_date_style_and_derived_values() -> None:
    r = report({"dates": {"ascii_parens": True}}, sessions=[session(1, "2019-07-05", [OSUGI])])
    context = template_context(r)
    assert context["date_style"] == DateStyle(ascii_parens=True)
    assert context["year_label"] == "令和元年度"
    assert context["fiscal_years"] == [2019]
    assert [e.name for e in context["lecturer_index"]] == ["大杉覚"]
    assert context["sessions"][0].title == "第1回の題"
    assert set(context) == {
        "report", "organisation", "programme", "theme", "lecturers", "sessions", "visits",
        "outcomes", "appendices", "year_label", "fiscal_years", "lecturer_index", "date_style",
        "years", "by_year", "labels", "honorifics",
    }
