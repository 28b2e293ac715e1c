"""Sessions and visits typed in a spreadsheet: read into the report, and mistakes shown at their cell."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from conftest import normalise, pdf_pages, write, write_bytes
from nenpo.build import build
from nenpo.errors import NenpoError
from nenpo.records.load import load_records
from nenpo.records.validate import validate

MAIN = "report:\n  title: 年報\n  fiscal_year: 2019\n  lead:\n    - はじめに。\norganisation:\n  name: 団体\n"
CSV_TEXT = "回,種類,題,日付,会場,講師,参加者数,まとめ\n1,集合研修,地域の防災を考える,2019-05-10,南陽市、長井市,山田太郎,25,防災を学んだ。\n"


def workbook(path: Path, rows: list[list[object]], title: str = "研修") -> Path:
    """A workbook whose first sheet (named `title`) holds `rows`, written as Excel would."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def pdf_text(folder: Path, out: Path) -> str:
    built = build(folder, out, formats=("pdf",))
    return normalise("".join(pdf_pages(built.files[0])))


def messages(folder: Path) -> str:
    """Everything wrong with a records folder as the CLI prints it."""
    source = load_records(folder)
    problems = list(source.problems)
    try:
        validate(source)
    except NenpoError as exc:
        problems += exc.problems
    return "\n".join(p.format() for p in problems)


def test_a_workbook_of_sessions_builds_a_report_with_them(tmp_path: Path) -> None:
    folder = tmp_path / "r"
    write(folder, "report.yaml", MAIN)
    workbook(folder / "sessions.xlsx", [
        ["回", "種類", "題", "日付", "会場", "講師", "参加者数", "まとめ"],
        [1, "集合研修", "地域の防災を考える", datetime(2019, 5, 10), "南陽市\n長井市", "山田太郎", 25,
         "防災を学んだ。\n\n次回も続ける。"],
        [None] * 8,
        [2, "集合研修", "観光のこれから", "令和元年6月14日", "米沢市", None, "=20+3", None],
    ])
    text = pdf_text(folder, tmp_path / "out")
    for expected in ("地域の防災を考える", "観光のこれから", "南陽市", "長井市", "山田太郎", "次回も続ける"):
        assert expected in text


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp932"])
def test_a_csv_saved_by_excel_builds_a_report_with_its_sessions(tmp_path: Path, encoding: str) -> None:
    folder = tmp_path / "r"
    write(folder, "report.yaml", MAIN)
    write_bytes(folder, "sessions.csv", CSV_TEXT.encode(encoding))
    text = pdf_text(folder, tmp_path / "out")
    assert "地域の防災を考える" in text and "山田太郎" in text


def test_a_bad_date_is_reported_at_its_cell(tmp_path: Path) -> None:
    folder = tmp_path / "r"
    write(folder, "report.yaml", MAIN)
    rows: list[list[object]] = [["回", "題", "日付"]]
    rows += [[n, f"題{n}", datetime(2019, 5, n)] for n in range(1, 6)]
    rows.append([6, "題6", "5月32日"])
    workbook(folder / "sessions.xlsx", rows)
    printed = messages(folder)
    assert "sessions.xlsx:研修!C7: sessions[6].date:" in printed


def test_a_misspelt_heading_is_named_with_the_heading_meant(tmp_path: Path) -> None:
    folder = tmp_path / "r"
    write(folder, "report.yaml", MAIN)
    workbook(folder / "sessions.xlsx", [["回", "題", "日付け"], [1, "題", datetime(2019, 5, 1)]], title="Sheet1")
    printed = messages(folder)
    assert "sessions.xlsx:Sheet1!C1: 列の見出し「日付け」は使えません。" in printed
    assert "もしかして「日付」ですか。" in printed and "参加者数" in printed


def test_an_old_excel_file_is_refused_with_a_hint_to_save_as_xlsx(tmp_path: Path) -> None:
    folder = tmp_path / "r"
    write(folder, "report.yaml", MAIN)
    write_bytes(folder, "sessions.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    printed = messages(folder)
    assert "sessions.xls: .xls 形式の表は読めません。" in printed
    assert "「sessions.xlsx」" in printed


def test_a_damaged_workbook_is_an_error_at_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "r"
    write(folder, "report.yaml", MAIN)
    write_bytes(folder, "visits.xlsx", b"PK\x03\x04 not really a zip")
    printed = messages(folder)
    assert "visits.xlsx: 表計算のファイル(.xlsx)として読めません" in printed


def test_visits_from_a_sheet_named_houmon_split_places(tmp_path: Path) -> None:
    folder = tmp_path / "r"
    write(folder, "report.yaml", MAIN)
    book = openpyxl.Workbook()
    book.active.title = "メモ"
    sheet = book.create_sheet("訪問")
    sheet.append(["日付", "訪問先", "目的", "報告"])
    sheet.append([datetime(2019, 8, 1), "陸前高田市、気仙沼市", "復興の視察", "一つ目。\n二つ目。"])
    book.save(folder / "visits.xlsx")
    source = load_records(folder)
    assert not source.problems
    assert source.data["visits"] == [{"date": datetime(2019, 8, 1).date(), "places": ["陸前高田市", "気仙沼市"],
                                      "purpose": "復興の視察", "text": ["一つ目。", "二つ目。"]}]
    assert source.locate(("visits", 0, "purpose")).prefix().endswith("visits.xlsx:訪問!C2")


def test_the_readme_lists_every_column_heading_and_its_field() -> None:
    from conftest import ROOT
    from nenpo.records.sheets.read import COLUMNS

    readme = (ROOT / "templates" / "default" / "README.md").read_text(encoding="utf-8")
    section = readme.split("### 表計算(Excel・CSV)で書く", 1)[1].split("\n### ", 1)[0]
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in section.splitlines() if line.startswith("|")]
    listed = {"sessions": {r[0]: r[1].split("`")[1] for r in rows[2:] if r[0]},
              "visits": {r[3]: r[4].split("`")[1] for r in rows[2:] if r[3]}}
    assert listed == COLUMNS
