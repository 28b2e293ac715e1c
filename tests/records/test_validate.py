"""Validation: every problem in Japanese, at the secretariat's own file and line, all at once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import write
from nenpo.errors import NenpoError, Problem
from nenpo.records.load import load_records
from nenpo.records.model import Report
from nenpo.records.validate import validate

REPO = Path(__file__).resolve().parents[2]

MINIMAL = "report:\n  title: 年報\n  lead:\n    - はじめに。\norganisation:\n  name: 団体\n"
#: One valid session, to be appended under `sessions:` (lines 8–13 after MINIMAL + "sessions:\n").
SESSION = (
    "  - number: 1\n"
    "    kind: 集合研修\n"
    "    title: 広域連携のこの先を考える\n"
    "    date: 2019-07-05\n"
    "    summary:\n"
    "      - まとめ。\n"
)


def problems_of(folder: Path) -> list[Problem]:
    with pytest.raises(NenpoError) as info:
        validate(load_records(folder))
    return info.value.problems


# --- one problem at a time -----------------------------------------------------------------


def test_a_minimal_report_validates(tmp_path: Path) -> None:
    write(tmp_path, "report.yaml", MINIMAL)
    report = validate(load_records(tmp_path)).report
    assert report.report.title == "年報"
    assert report.organisation.name == "団体"
    assert report.report.lead == ["はじめに。"]


def test_missing_required_field_is_named_with_file_and_line(tmp_path: Path) -> None:
    main = write(tmp_path, "report.yaml", "report:\n  lead: []\norganisation:\n  name: 団体\n")
    [problem] = problems_of(tmp_path)
    assert str(problem.message) == "必須の項目「title」がありません。"
    assert str(problem.hint) == "title: を書き足してください。"
    assert problem.location.field == "report.title"
    assert problem.format() == (
        f"{main}:2:3: report.title: 必須の項目「title」がありません。\n    → title: を書き足してください。"
    )


def test_missing_required_field_in_a_session_file_points_at_that_file(tmp_path: Path) -> None:
    write(tmp_path, "report.yaml", MINIMAL)
    one = write(tmp_path, "sessions/01.yaml", "# 第1回\nnumber: 1\nkind: 集合研修\ntitle: 題\n")
    [problem] = problems_of(tmp_path)
    assert str(problem.message) == "必須の項目「date」がありません。"
    assert "status: 中止" in str(problem.hint)  # only a cancelled or postponed session may be undated
    assert problem.location.file == one
    assert problem.location.line == 2
    assert problem.location.field == "sessions[1].date"


def test_unknown_field_suggests_the_nearest_one(tmp_path: Path) -> None:
    main = write(tmp_path, "report.yaml", MINIMAL.replace("  title: 年報", "  titel: 年報"))
    problems = problems_of(tmp_path)
    unknown = [p for p in problems if "titel" in str(p.message)]
    assert len(unknown) == 1
    assert str(unknown[0].message) == "「titel」という項目はありません。"
    assert str(unknown[0].hint) == "もしかして「title」ですか。"
    assert unknown[0].location.file == main
    assert unknown[0].location.line == 2
    assert unknown[0].format().startswith(f"{main}:2:3: report.titel: 「titel」という項目はありません。")


def test_unknown_field_deep_inside_a_session(tmp_path: Path) -> None:
    write(
        tmp_path,
        "report.yaml",
        MINIMAL
        + "sessions:\n"
        + SESSION
        + "    venue: 南陽市\n"
        + "    programme:\n      - title: 講話\n        speakers:\n          - name: 大杉覚\n"
        + "            affilation: 首都大学東京大学院\n",
    )
    problems = {p.location.field: p for p in problems_of(tmp_path)}
    assert str(problems["sessions[1].venue"].hint) == "もしかして「venues」ですか。"
    assert problems["sessions[1].venue"].location.line == 14
    speaker = problems["sessions[1].programme[1].speakers[1].affilation"]
    assert str(speaker.hint) == "もしかして「affiliation」ですか。"
    assert speaker.location.line == 19


def test_unknown_field_with_nothing_close_lists_the_fields_that_exist(tmp_path: Path) -> None:
    write(tmp_path, "report.yaml", MINIMAL + "zzz: 1\n")
    [problem] = problems_of(tmp_path)
    assert str(problem.message) == "「zzz」という項目はありません。"
    assert str(problem.hint) == (
        "ここに書ける項目: report, organisation, programme, theme, lecturers, sessions, visits, outcomes, appendices,"
        " labels"
    )


def test_wrong_type_says_what_to_write(tmp_path: Path) -> None:
    main = write(tmp_path, "report.yaml", MINIMAL.replace("  name: 団体\n", "  name: 団体\n  members: 米沢市\n"))
    [problem] = problems_of(tmp_path)
    assert str(problem.message) == "リスト(「- 」で始まる行)を書いてください(今は「米沢市」)。"
    assert problem.location.field == "organisation.members"
    assert (problem.location.file, problem.location.line) == (main, 7)


def test_a_number_that_is_not_a_number(tmp_path: Path) -> None:
    write(tmp_path, "report.yaml", MINIMAL + "sessions:\n" + SESSION.replace("number: 1", "number: 一"))
    [problem] = problems_of(tmp_path)
    assert str(problem.message) == "整数を書いてください(今は「一」)。"
    assert problem.location.field == "sessions[1].number"
    assert problem.location.line == 8


def test_a_value_out_of_the_allowed_choices(tmp_path: Path) -> None:
    write(tmp_path, "report.yaml", MINIMAL.replace("  title: 年報\n", "  title: 年報\n  dates:\n    calendar: 皇紀\n"))
    [problem] = problems_of(tmp_path)
    assert str(problem.message) == "「皇紀」は使えません。"
    assert "和暦" in (str(problem.hint) or "") and "西暦" in (str(problem.hint) or "")
    assert problem.location.line == 4


def test_an_empty_title_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "report.yaml", MINIMAL.replace("title: 年報", "title: '　'"))
    [problem] = problems_of(tmp_path)
    assert str(problem.message) == "空です。文字を書いてください。"
    assert problem.location.field == "report.title"


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "message", "hint"),
    [
        ("2019年2月30日", "「2019年2月30日」は存在しない日付です。", "2019年2月は28日までです。"),
        ("'2019-02-30'", "「2019-02-30」は存在しない日付です。", "2019年2月は28日までです。"),
        ("2019-13-01", "「2019-13-01」は存在しない日付です。", "月は1から12までです。"),
        ("平成31年5月1日", "「平成31年5月1日」は平成ではありません。", "その日は 令和元年5月1日 です。"),
        ("令和0年5月1日", "「令和0年5月1日」: 令和0年はありません。", "最初の年は 令和元年(1年)です。"),
        ("そのうち", "「そのうち」を日付として読めません。",
         "2019-07-05、2019/7/5、2019年7月5日、令和元年7月5日、R1.7.5、7月5日、2024/6/14〜6/15 のように書いてください。"),
    ],
)
def test_a_bad_date_gives_the_dates_message_at_its_line(tmp_path: Path, typed: str, message: str, hint: str) -> None:
    main = write(tmp_path, "report.yaml", MINIMAL + "sessions:\n" + SESSION.replace("2019-07-05", typed))
    [problem] = problems_of(tmp_path)
    assert str(problem.message) == message
    assert str(problem.hint) == hint
    assert problem.location.field == "sessions[1].date"
    assert (problem.location.file, problem.location.line) == (main, 11)


def test_an_unquoted_iso_date_that_does_not_exist_gives_the_dates_message(tmp_path: Path) -> None:
    """`date: 2019-02-30` unquoted is what people type; YAML's own date parsing must not crash."""
    main = write(tmp_path, "report.yaml", MINIMAL + "sessions:\n" + SESSION.replace("2019-07-05", "2019-02-30"))
    with pytest.raises(NenpoError) as info:
        validate(load_records(tmp_path))
    [problem] = info.value.problems
    assert "2019-02-30" in str(problem.message)
    assert "存在しない日付です" in str(problem.message)
    assert (problem.location.file, problem.location.line) == (main, 11)


def test_dates_in_every_typed_form_validate(tmp_path: Path) -> None:
    text = MINIMAL + "visits:\n"
    for typed in ("2019-07-05", "2019/7/5", "令和元年7月5日", "R1.7.5", "令和元年10月8日から9日"):
        text += f"  - places:\n      - municipality: 南陽市\n    date: {typed}\n    text: [訪問。]\n"
    write(tmp_path, "report.yaml", text)
    report = validate(load_records(tmp_path)).report
    assert [v.date.start for v in report.visits] == [date(2019, 7, 5)] * 4 + [date(2019, 10, 8)]
    assert report.visits[-1].date.end == date(2019, 10, 9)


def test_end_before_start_is_refused_at_the_date(tmp_path: Path) -> None:
    main = write(
        tmp_path,
        "report.yaml",
        MINIMAL + "sessions:\n" + SESSION.replace("2019-07-05", "{start: 2019-10-09, end: 2019-10-08}"),
    )
    [problem] = problems_of(tmp_path)
    assert str(problem.message) == "終わりの日 2019-10-08 が始まりの日 2019-10-09 より前です。"
    assert (problem.location.file, problem.location.line) == (main, 11)


def test_end_before_start_in_a_span_text(tmp_path: Path) -> None:
    write(tmp_path, "report.yaml", MINIMAL + "sessions:\n" + SESSION.replace("2019-07-05", "令和元年10月9日から8日"))
    [problem] = problems_of(tmp_path)
    assert str(problem.message) == "「令和元年10月9日から8日」は終わりの日(2019-10-08)が始まりの日(2019-10-09)より前です。"


# --- the report as a whole -----------------------------------------------------------------


def test_duplicate_session_numbers(tmp_path: Path) -> None:
    write(tmp_path, "report.yaml", MINIMAL)
    session_file = "number: 1\nkind: 集合研修\ntitle: 題\ndate: 2019-07-05\nsummary: [まとめ。]\n"
    write(tmp_path, "sessions/01.yaml", session_file)
    write(tmp_path, "sessions/02.yaml", session_file)
    [problem] = problems_of(tmp_path)
    assert str(problem.message) == "第1回が2回あります。"
    assert problem.location.file == tmp_path / "sessions" / "02.yaml"
    assert (problem.location.line, problem.location.field) == (1, "sessions[2].number")
    assert str(problem.hint) == f"もう一方は {tmp_path / 'sessions' / '01.yaml'}:1:9 です。回の番号を確かめてください。"


def test_every_problem_is_collected_in_one_error(tmp_path: Path) -> None:
    main = write(
        tmp_path,
        "report.yaml",
        "report:\n"
        "  titel: 年報\n"
        "  lead: []\n"
        "organisation:\n"
        "  name: 団体\n"
        "  members: 米沢市\n"
        "visits:\n"
        "  - places: []\n"
        "    date: 2019年2月30日\n"
        "    participants: 0\n"
        "    text: [訪問。]\n",
    )
    with pytest.raises(NenpoError) as info:
        validate(load_records(main.parent))
    found = {(p.location.field, p.location.line) for p in info.value.problems}
    assert found == {
        ("report.title", 2),
        ("report.titel", 2),
        ("organisation.members", 6),
        ("visits[1].places", 8),
        ("visits[1].date", 9),
        ("visits[1].participants", 10),
    }
    text = str(info.value)
    assert text.count(str(main)) == 6
    assert "必須の項目「title」がありません。" in text
    assert "もしかして「title」ですか。" in text
    assert "「2019年2月30日」は存在しない日付です。" in text
    assert "値 0 が範囲の外です(1 以上)。" in text


def test_problems_across_report_yaml_and_session_files_are_collected(tmp_path: Path) -> None:
    main = write(tmp_path, "report.yaml", MINIMAL.replace("  name: 団体\n", "  nam: 団体\n"))
    one = write(tmp_path, "sessions/01.yaml", "number: 1\nkind: 研修\ntitle: 題\ndate: 平成31年5月1日\nsumary: [a]\n")
    problems = problems_of(tmp_path)
    where = {(p.location.file, p.location.line, p.location.field) for p in problems}
    assert (main, 6, "organisation.nam") in where
    assert (one, 4, "sessions[1].date") in where
    assert (one, 5, "sessions[1].sumary") in where
    assert any(str(p.hint) == "もしかして「summary」ですか。" for p in problems)


# --- the two sample folders ----------------------------------------------------------------


def test_okitama_sample_validates_with_four_sessions() -> None:
    source = load_records(REPO / "records" / "okitama-r1")
    report = validate(source).report
    assert source.notices == []
    assert [s.number for s in report.sessions] == [1, 2, 3, 4]
    assert report.sessions[0].date.start == date(2019, 7, 5)
    assert report.organisation.name == "置賜広域行政事務組合"
    assert report.report.dates.ascii_parens is True


def test_project_k_sample_validates_with_eleven_visits() -> None:
    source = load_records(REPO / "records" / "project-k")
    report = validate(source).report
    assert len(report.visits) == 11
    assert report.sessions == []
    assert report.visits[0].date.start == date(2012, 5, 26)
    assert report.visits[0].date.end == date(2012, 5, 27)
    assert report.report.dates.calendar == "西暦"


def test_model_validate_accepts_the_same_data_as_python() -> None:
    report = Report.model_validate(
        {"report": {"title": " 年報 ", "lead": ["一行目\n  二行目"]}, "organisation": {"name": "団体"}}
    )
    assert report.report.title == "年報"
    assert report.report.lead == ["一行目二行目"]


# --- warnings, cross-checks and house styles -----------------------------------------------


def test_a_session_outside_the_stated_fiscal_year_is_a_warning_at_its_date(tmp_path: Path) -> None:
    write(tmp_path, "report.yaml", MINIMAL.replace("  title: 年報\n", "  title: 年報\n  fiscal_year: 2019\n"))
    session = write(tmp_path, "sessions/02.yaml",
                    "number: 1\nkind: 集合研修\ntitle: 広域連携のこの先を考える\ndate: 令和2年4月1日\nsummary: [まとめ。]\n")
    validated = validate(load_records(tmp_path))
    [warning] = validated.warnings
    assert warning.severity == "warning"
    assert (warning.location.file, warning.location.line, warning.location.field) == (session, 4, "sessions[1].date")
    assert str(warning.message) == "第1回の日付 2020-04-01 は令和元年度(2019-04-01〜2020-03-31)の外です。"
    assert validated.report.sessions[0].title == "広域連携のこの先を考える"


def test_the_last_day_of_march_is_inside_the_fiscal_year(tmp_path: Path) -> None:
    write(tmp_path, "report.yaml", MINIMAL.replace("  title: 年報\n", "  title: 年報\n  fiscal_year: 2019\n")
          + "sessions:\n" + SESSION.replace("2019-07-05", "2019-04-01から2020-03-31"))
    assert validate(load_records(tmp_path)).warnings == []


def test_without_a_stated_fiscal_year_nothing_is_outside(tmp_path: Path) -> None:
    write(tmp_path, "report.yaml", MINIMAL + "sessions:\n" + SESSION.replace("2019-07-05", "2030-01-01"))
    assert validate(load_records(tmp_path)).warnings == []


def test_duplicate_numbers_are_listed_with_the_field_errors_of_the_same_run(tmp_path: Path) -> None:
    write(tmp_path, "report.yaml", MINIMAL + "sessions:\n" + SESSION + SESSION.replace("2019-07-05", "2019-02-30"))
    messages = [str(p.message) for p in problems_of(tmp_path)]
    assert sorted(messages) == sorted(["第1回が2回あります。", "「2019-02-30」は存在しない日付です。"])


def test_kanji_numerals_and_the_fiscal_year_era_are_house_style_settings(tmp_path: Path) -> None:
    write(tmp_path, "report.yaml", MINIMAL.replace(
        "  title: 年報\n", "  title: 年報\n  dates:\n    numerals: 漢数字\n    fiscal_year_era: 4月1日\n"))
    style = validate(load_records(tmp_path)).report.report.dates.style()
    assert (style.kanji, style.era_at_start) == (True, True)


def test_a_title_of_half_width_spaces_is_refused_as_empty(tmp_path: Path) -> None:
    write(tmp_path, "report.yaml", MINIMAL.replace("  title: 年報", '  title: "  "'))
    [problem] = problems_of(tmp_path)
    assert (problem.location.field, str(problem.message)) == ("report.title", "空です。文字を書いてください。")


def test_a_mapping_or_list_where_text_belongs_is_shown_as_typed_not_as_python(tmp_path: Path) -> None:
    write(tmp_path, "report.yaml", MINIMAL + "sessions:\n" + SESSION + "    extra:\n      備考:\n        雨天: 中止\n")
    [problem] = problems_of(tmp_path)
    assert str(problem.message) == "文字を書いてください(今は「雨天: 中止」)。"
    assert problem.location.field == "sessions[1].extra.備考"


def test_a_number_nenpo_gives_that_a_written_one_repeats_is_a_duplicate(tmp_path: Path) -> None:
    write(tmp_path, "report.yaml", MINIMAL.replace("  title: 年報\n", "  title: 年報\n  numbering: 通し\n")
          + "sessions:\n  - {kind: 例会, number: 1, date: 2019-05-01}\n  - {kind: 例会, date: 2019-06-01}\n"
          "  - {kind: 例会, number: 2, date: 2019-07-01}\n  - {kind: 総会, number: 2, date: 2019-07-02}\n")
    [problem] = problems_of(tmp_path)
    assert str(problem.message) == "第2回が2回あります。"
    assert problem.location.field == "sessions[3].number"
