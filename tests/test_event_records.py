"""Issue 11 end to end: events as real bodies write them, read back from the PDF and the DOCX.

Dates as lists write them (no year, a weekday that is checked, short spans), wording a report
overrides without touching the template, numbering per 年度 and a section per 年度.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from conftest import RECORDS, docx_text, normalise, pdf_body_text, write

from nenpo.build import build, check
from nenpo.cli import main


def _okitama_with_first_date(tmp_path: Path, date: str) -> Path:
    folder = tmp_path / "okitama-r1"
    shutil.copytree(RECORDS / "okitama-r1", folder)
    session = folder / "sessions" / "01.yaml"
    session.write_text(session.read_text(encoding="utf-8").replace("date: 2019-07-05", f"date: {date}"),
                       encoding="utf-8")
    return folder


def _texts(paths: list[Path]) -> dict[str, str]:
    files = {p.suffix[1:]: p for p in paths}
    return {"pdf": normalise(pdf_body_text(files["pdf"])), "docx": normalise(docx_text(files["docx"]))}


def test_a_date_without_a_year_is_read_within_the_reports_year(tmp_path: Path) -> None:
    """okitama-r1 states no fiscal_year: its other dates all fall in 令和元年度, which decides 7月5日."""
    folder = _okitama_with_first_date(tmp_path, "7月5日")
    built = build(folder, tmp_path / "out")
    for fmt, text in _texts(built.files).items():
        assert normalise("〇月日 令和元年7月5日(金)") in text, fmt
    [notice] = built.notices
    assert notice.severity == "warning" and notice.location.line == 8
    assert "令和元年度の日付として 令和元年7月5日(金) と読みました" in str(notice.message)


def test_a_weekday_that_does_not_match_is_an_error_naming_the_right_one(tmp_path: Path) -> None:
    folder = _okitama_with_first_date(tmp_path, "7月5日(土)")
    out, err = io.StringIO(), io.StringIO()
    assert main(["check", str(folder)], out, err) == 1
    first = err.getvalue().splitlines()[0]
    assert first.startswith(f"{folder / 'sessions' / '01.yaml'}:8:7: sessions[1].date:")
    assert "令和元年7月5日は金曜日です" in first


@pytest.mark.parametrize(("written", "start", "end"), [
    ("2024/6/14～6/15", "2024-06-14", "2024-06-15"),
    ("R6/9/12～13", "2024-09-12", "2024-09-13"),
    ("2024/6/14-15", "2024-06-14", "2024-06-15"),
    ("令和6年12月27日(金)〜1月6日(月)", "2024-12-27", "2025-01-06"),
])
def test_spans_as_lists_write_them_are_read_in_records(tmp_path: Path, written: str, start: str, end: str) -> None:
    write(tmp_path, "report.yaml", "report:\n  title: 年報\norganisation:\n  name: 会\n"
          f"sessions:\n  - kind: 研修\n    date: {written}\n")
    session = check(tmp_path).report.sessions[0]
    assert (session.date.start.isoformat(), session.date.end.isoformat()) == (start, end)


def test_a_time_typed_with_the_date_prints_as_the_reports_clock(tmp_path: Path) -> None:
    write(tmp_path / "r", "report.yaml", "report:\n  title: 年報\n  fiscal_year: 2023\n  dates:\n"
          "    clock: 13時30分\norganisation:\n  name: 会\n"
          "sessions:\n  - kind: 例会\n    number: 3\n    date: 6月17日(土) 13:30〜16:00\n")
    texts = _texts(build(tmp_path / "r", tmp_path / "out").files)
    for fmt, text in texts.items():
        assert normalise("〇日時 令和5年6月17日（土）13時30分〜16時") in text, fmt
        assert normalise("第3回例会") in text, fmt


LABELLED = """\
report:
  title: 行政視察報告書
  fiscal_year: 2024
organisation:
  name: あおば市議会
labels:
  visits_section: 視察の記録
  date: 期日
  places: 視察先
  members: 参加委員
  summary_heading: "〈{heading}の概要〉"
sessions:
  - kind: 勉強会
    number: 1
    date: 2024-05-10
    summary: [議会改革について学んだ。]
visits:
  - title: 北陸の視察
    date: R6/10/8～10
    places:
      - 金沢市
      - 富山市
    members:
      - {position: 委員長, name: 高橋 一郎}
"""


@pytest.mark.parametrize("template", ["default", "kiroku"])
def test_labels_overridden_in_the_records_print_in_both_formats(tmp_path: Path, template: str) -> None:
    write(tmp_path / "r", "report.yaml", LABELLED)
    texts = _texts(build(tmp_path / "r", tmp_path / "out", template).files)
    for fmt, text in texts.items():
        for words in ("視察の記録", "視察先", "金沢市", "富山市", "参加委員", "委員長高橋一郎"):
            assert normalise(words) in text, (fmt, words)
        assert "訪問の記録" not in text and "メンバー" not in text, fmt
        if template == "default":
            assert normalise("〇期日 令和6年10月8日（火）から10日（木）") in text, fmt
            assert "〈第1回勉強会の概要〉" in text and "【" not in text, fmt


def test_an_unknown_label_is_refused_at_its_records_line_with_a_suggestion(tmp_path: Path) -> None:
    write(tmp_path / "r", "report.yaml", LABELLED.replace("  visits_section:", "  visit_section:"))
    out, err = io.StringIO(), io.StringIO()
    assert main(["build", str(tmp_path / "r"), "-o", str(tmp_path / "out")], out, err) == 1
    lines = err.getvalue().splitlines()
    assert lines[0] == f"{tmp_path / 'r' / 'report.yaml'}:7:3: labels.visit_section: ラベル「visit_section」はテンプレートにありません。"
    assert lines[1].strip() == "→ もしかして「visits_section」ですか。"
    assert not (tmp_path / "out").exists()


def test_a_label_with_a_blank_the_template_cannot_fill_is_refused(tmp_path: Path) -> None:
    write(tmp_path / "r", "report.yaml", LABELLED.replace("〈{heading}の概要〉", "〈{heading}：{title}の概要〉"))
    out, err = io.StringIO(), io.StringIO()
    assert main(["build", str(tmp_path / "r"), "-o", str(tmp_path / "out")], out, err) == 1
    assert "labels.summary_heading: ラベル summary_heading に、テンプレートが埋められない {title} があります。" in err.getvalue()
    assert "{heading}" in err.getvalue()


SERIES = """\
report:
  title: 講座の記録
  fiscal_year: 2022
  until_fiscal_year: 2023
  numbering: 年度ごと
organisation:
  name: 大学
sessions:
  - {kind: 講座, fiscal_year: 2022, title: 一, date: 6月18日}
  - {kind: 講座, fiscal_year: 2022, title: 二, date: 2月11日}
  - {kind: 講座, fiscal_year: 2023, title: 三, date: 7月8日}
  - {kind: 講座, fiscal_year: 2023, title: 四, status: 中止, status_note: 台風のため}
"""


def test_a_report_over_several_years_has_a_section_and_numbering_per_year(tmp_path: Path) -> None:
    write(tmp_path / "r", "report.yaml", SERIES)
    built = build(tmp_path / "r", tmp_path / "out")
    from docx import Document

    doc = Document(str(next(p for p in built.files if p.suffix == ".docx")))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:6] == [("Heading 1", "令和4年度"), ("Heading 2", "第1回講座「一」"), ("Heading 2", "第2回講座「二」"),
                            ("Heading 1", "令和5年度"), ("Heading 2", "第1回講座「三」"),
                            ("Heading 2", "第2回講座「四」（中止）")]
    texts = _texts(built.files)
    for fmt, text in texts.items():
        assert normalise("令和4年度〜令和5年度") in text, fmt  # the cover
        assert normalise("令和5年2月11日") in text, fmt  # 2月 of 令和4年度 is in the next calendar year
        assert normalise("〇状況 中止（台風のため）") in text, fmt


def test_an_undated_event_in_a_report_over_several_years_needs_its_year(tmp_path: Path) -> None:
    write(tmp_path / "r", "report.yaml", SERIES.replace("{kind: 講座, fiscal_year: 2023, title: 四,", "{kind: 講座, title: 四,"))
    out, err = io.StringIO(), io.StringIO()
    assert main(["check", str(tmp_path / "r")], out, err) == 1
    assert "sessions[4].fiscal_year: この行事がどの年度のものか分かりません(日付がありません)。" in err.getvalue()


def test_nenpo_check_checks_the_labels_against_the_template(tmp_path: Path) -> None:
    write(tmp_path / "r", "report.yaml", LABELLED.replace("  visits_section:", "  visit_section:"))
    for argv in (["check", str(tmp_path / "r")], ["check", str(tmp_path / "r"), "--template", "kiroku"]):
        out, err = io.StringIO(), io.StringIO()
        assert main(argv, out, err) == 1
        assert "ラベル「visit_section」はテンプレートにありません。" in err.getvalue()
