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
    try:
        validate(load_records(folder))
    except NenpoError as exc:
        return "\n".join(p.format() for p in exc.problems)
    return ""


def test_a_workbook_of_sessions_builds_a_report_with_them(tmp_path: Path) -> None:
    folder = tmp_path / "r"
    write(folder, "report.yaml", MAIN)
    workbook(folder / "sessions.xlsx", [
        ["回", "種類", "題", "日付", "会場", "講師", "参加者数", "まとめ"],
        [1, "集合研修", "地域の防災を考える", datetime(2019, 5, 10), "南陽市\n長井市", "山田太郎", 25,
         "防災を学んだ。\n\n次回も続ける。"],
        [None] * 8,
        [2, "集合研修", "観光のこれから", "令和元年6月14日", "米沢市", None, 23, None],
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
    assert "sessions.xlsx:研修!C7: 日付: 「5月32日」は存在しない日付です。" in printed


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
    assert source.data["visits"] == [{"date": datetime(2019, 8, 1).date(), "places": [{"municipality": "陸前高田市"},
                                                                                    {"municipality": "気仙沼市"}],
                                      "purpose": "復興の視察", "text": ["一つ目。", "二つ目。"]}]
    assert source.locate(("visits", 0, "purpose")).prefix().endswith("visits.xlsx:訪問!C2")


def test_the_readme_lists_every_sheet_and_column_as_the_reader_knows_them() -> None:
    from conftest import ROOT
    from nenpo.records.sheets.columns import KINDS

    readme = (ROOT / "templates" / "default" / "README.md").read_text(encoding="utf-8")
    section = readme.split("### 表計算(Excel・CSV)で書く", 1)[1].split("\n### ", 1)[0]
    listed: dict[str, list[tuple[str, str, str]]] = {}
    for part in section.split("#### シート「")[1:]:
        title = part.split("」", 1)[0]
        rows = [[c.strip() for c in line.strip("|").split("|")] for line in part.splitlines() if line.startswith("|")]
        listed[title] = [(r[0], r[1].strip("`"), r[2]) for r in rows[2:]]
    assert listed == {k.titles[0]: [(c.heading, c.field, c.note) for c in k.columns] for k in KINDS}


def _book(path: Path, sheets: dict[str, list[list[object]]]) -> openpyxl.Workbook:
    """A workbook of the named sheets, in order, saved at `path` (returned to be changed and saved again)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return book


def test_detail_sheets_and_the_people_list_fill_in_the_rows_with_their_no(tmp_path: Path) -> None:
    folder = tmp_path / "r"
    write(folder, "report.yaml", MAIN)
    _book(folder / "記録.xlsx", {
        "説明": [["このシートは読みません"]],
        "研修": [["No.", "回", "題", "日付", "会場"],
                 [1, 1, "防災", datetime(2019, 5, 10), "南陽市（赤湯公民館、えくぼプラザ）"]],
        "訪問": [["No.", "日付", "目的"], [2, "R1.8.1", "復興の視察"]],
        "プログラム": [["No.", "演題", "講師"], [1, "地域防災の基本", "山田太郎"], [1, "避難所の運営", "佐藤花子教授（東北大学、災害研）"]],
        "訪問先": [["No.", "都道府県", "市区町村", "施設", "日付", "視察項目"],
                  [2, "岩手県", "陸前高田市", "市役所、仮設庁舎", "R1.8.1", "復興計画\n庁舎の再建"]],
        "写真": [["No.", "ファイル", "説明"], [1, "photos/01.jpg", "講義の様子"]],
        "名簿": [["氏名", "敬称", "肩書き", "所属"], ["山田太郎", "なし", "防災士", "南陽市総務課"]],
    })
    source = load_records(folder)
    assert not source.problems, source.problems
    session, visit = source.data["sessions"][0], source.data["visits"][0]
    assert session["venues"] == [{"place": "南陽市", "facilities": ["赤湯公民館", "えくぼプラザ"]}]
    assert session["programme"] == [
        {"title": "地域防災の基本", "speakers": [{"name": "山田太郎", "honorific": "", "position": "防災士",
                                                  "affiliation": "南陽市総務課"}]},
        {"title": "避難所の運営", "speakers": [{"name": "佐藤花子", "honorific": "教授", "affiliation": "東北大学、災害研"}]}]
    assert session["photos"] == [{"path": "photos/01.jpg", "caption": "講義の様子"}]
    assert visit["places"] == [{"prefecture": "岩手県", "municipality": "陸前高田市", "facilities": ["市役所", "仮設庁舎"],
                                "date": "R1.8.1", "topics": ["復興計画", "庁舎の再建"]}]
    assert source.locate(("sessions", 0, "programme", 1, "speakers", 0, "name")).prefix().endswith("記録.xlsx:プログラム!C3")
    assert "No." not in session


def test_a_workbook_named_for_a_kind_is_read_from_its_first_sheet(tmp_path: Path) -> None:
    folder = tmp_path / "r"
    write(folder, "report.yaml", MAIN)
    _book(folder / "研修.xlsx", {"Sheet1": [["題", "日付"], ["防災", datetime(2019, 5, 10)]]})
    source = load_records(folder)
    assert not source.problems and source.data["sessions"][0]["title"] == "防災"


def test_a_sheet_of_another_name_is_named_in_a_warning(tmp_path: Path) -> None:
    folder = tmp_path / "r"
    write(folder, "report.yaml", MAIN)
    _book(folder / "記録.xlsx", {"研修": [["題", "日付"], ["防災", datetime(2019, 5, 10)]],
                                 "集計": [["参加者", "合計"], [1, 2]]})
    source = load_records(folder)
    warned = "\n".join(p.format() for p in source.notices)
    assert "シート「集計」は読みません。" in warned and "研修、訪問、プログラム" in warned


def test_a_cell_merged_down_gives_its_value_to_every_row_and_hidden_rows_are_read_with_a_warning(tmp_path: Path) -> None:
    folder = tmp_path / "r"
    write(folder, "report.yaml", MAIN)
    path = folder / "記録.xlsx"
    book = _book(path, {"研修": [["令和元年度 研修の一覧"], [], ["回", "題", "日付", "会場"],
                                 [1, "防災", datetime(2019, 5, 10), "南陽市"], [2, "観光", datetime(2019, 6, 10), None],
                                 [3, "福祉", datetime(2019, 7, 10), None]]})
    book["研修"].merge_cells("D4:D6")
    book["研修"].row_dimensions[6].hidden = True
    book.save(path)
    source = load_records(folder)
    assert not source.problems, source.problems
    assert [s["venues"] for s in source.data["sessions"]] == [[{"place": "南陽市"}]] * 3
    assert "非表示の行(6 行目)も読みました。" in "\n".join(p.format() for p in source.notices)


@pytest.mark.parametrize(("row", "expected"), [
    ([1, "防災", 45550, None], "記録.xlsx:研修!C2: 日付: 日付が数(45550)になっています。\n    → Excel の日付の通し番号なら 2024/9/15 です。"),
    ([1, "防災", "45550", None], "記録.xlsx:研修!C2: 日付: 日付が数(45550)になっています。"),
    ([1, "防災", datetime(2019, 5, 10), "12名"], "記録.xlsx:研修!D2: 参加者数: 「12名」は数ではありません。\n    → 数字だけを書いてください(「名」は要りません)。"),
    ([1, "防\t災", datetime(2019, 5, 10), None], "記録.xlsx:研修!B2: 題: セルに印刷できない文字(U+0009。タブなど)があります。"),
    ([1, "#REF!", datetime(2019, 5, 10), None], "記録.xlsx:研修!B2: 題: 式の結果がエラー(#REF!)です。"),
    ([1, datetime(2019, 6, 14), datetime(2019, 5, 10), None], "記録.xlsx:研修!B2: 題: 題の列に日付が入っています。"),
    ([None, "防災", None, None], "記録.xlsx:研修!C2: 日付: 必須の項目「日付」がありません。"),
])
def test_a_bad_cell_is_reported_at_its_cell_under_its_heading(tmp_path: Path, row: list[object], expected: str) -> None:
    folder = tmp_path / "r"
    write(folder, "report.yaml", MAIN)
    _book(folder / "記録.xlsx", {"研修": [["回", "題", "日付", "参加者数"], row]})
    printed = messages(folder)
    assert expected in printed
    assert printed.count("記録.xlsx:") == 1, printed  # a refused date is not also reported missing


def test_detail_rows_must_name_a_row_that_exists(tmp_path: Path) -> None:
    folder = tmp_path / "r"
    write(folder, "report.yaml", MAIN)
    _book(folder / "記録.xlsx", {"研修": [["No.", "題", "日付"], [1, "防災", datetime(2019, 5, 10)],
                                          [1, "観光", datetime(2019, 6, 10)]],
                                 "プログラム": [["No.", "演題"], [3, "基本"], [None, "応用"]]})
    printed = messages(folder)
    assert "記録.xlsx:研修!A3: No.: No. 1 が2回あります。\n    → 最初は 研修!A2 です。" in printed
    assert "記録.xlsx:プログラム!A2: No.: No. 3 の行がありません。" in printed
    assert "記録.xlsx:プログラム!A3: No. がありません。" in printed


def test_a_merged_heading_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "r"
    write(folder, "report.yaml", MAIN)
    path = folder / "記録.xlsx"
    book = _book(path, {"研修": [["題", "日付", None], ["防災", datetime(2019, 5, 10), None]]})
    book["研修"].merge_cells("B1:C1")
    book.save(path)
    assert "記録.xlsx:研修!B1: 見出し「日付」のセルが結合されています。" in messages(folder)


def test_a_renamed_xls_is_named_as_what_it_is(tmp_path: Path) -> None:
    folder = tmp_path / "r"
    write(folder, "report.yaml", MAIN)
    write_bytes(folder, "記録.xlsx", b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    assert "記録.xlsx: 古い Excel の形式(.xls)のファイルです。" in messages(folder)


def test_a_formula_never_calculated_in_a_records_sheet_is_refused_at_its_cell(tmp_path: Path) -> None:
    folder = tmp_path / "r"
    write(folder, "report.yaml", MAIN)
    _book(folder / "記録.xlsx", {"説明": [["読みません"]], "研修": [["題", "日付", "参加者数"], ["防災", datetime(2019, 5, 10), "=20+3"]]})
    assert "記録.xlsx:研修!C2: 参加者数: 式の結果が保存されていません。" in messages(folder)


def test_counts_typed_with_the_ime_or_separators_are_numbers_and_a_windows_line_end_is_a_line_end(tmp_path: Path) -> None:
    folder = tmp_path / "r"
    write(folder, "report.yaml", MAIN)
    write_bytes(folder, "研修.csv", ("回,題,日付,参加者数,まとめ\r\n"
                                     "１,防災,2019-05-10,\"1,200\",\"一段落目。\r\n二段落目。\"\r\n").encode("cp932"))
    _book(folder / "記録.xlsx", {"研修": [["回", "題", "日付", "まとめ"],
                                          [2, "観光", datetime(2019, 6, 14), "一段落目。_x000D_\n二段落目。"]]})
    source = load_records(folder)
    assert not source.problems, source.problems
    first, second = source.data["sessions"]
    assert (first["number"], first["participants"]) == (1, 1200)
    assert first["summary"] == second["summary"] == ["一段落目。", "二段落目。"]


def _rewrite(path: Path, part: str, old: str, new: str) -> None:
    """Change one part of a saved workbook, as another program would have written it."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    assert old.encode() in parts[part], parts[part][:2000]
    parts[part] = parts[part].replace(old.encode(), new.encode())
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)


def test_a_date_in_a_japanese_excel_format_is_read_as_a_date(tmp_path: Path) -> None:
    """A Japanese Excel saves 令和元年7月5日 with the built-in format 58, which openpyxl does not know."""
    folder = tmp_path / "r"
    write(folder, "report.yaml", MAIN)
    path = folder / "記録.xlsx"
    book = _book(path, {"研修": [["題", "日付"], ["防災", datetime(2019, 7, 5)]]})
    book["研修"]["B2"].number_format = "[$-ja-JP]ggge年m月d日"
    book.save(path)
    _rewrite(path, "xl/styles.xml", 'numFmtId="164"', 'numFmtId="58"')
    source = load_records(folder)
    assert not source.problems, source.problems
    assert source.data["sessions"][0]["date"] == datetime(2019, 7, 5).date()


def test_a_stray_value_in_the_last_column_is_refused_at_its_cell_before_the_cells_are_read(tmp_path: Path) -> None:
    folder = tmp_path / "r"
    write(folder, "report.yaml", MAIN)
    path = folder / "記録.xlsx"
    book = _book(path, {"研修": [["題", "日付"], ["防災", datetime(2019, 7, 5)]]})
    book["研修"]["XFD1048576"] = "x"
    book.save(path)
    assert "記録.xlsx:研修!XFD1048576: 行が多すぎます(1048576 行目まであります。20000 行まで)。" in messages(folder)
    book = _book(path, {"研修": [["題", "日付"], ["防災", datetime(2019, 7, 5)]]})
    book["研修"]["XFD3"] = "x"
    book.save(path)
    assert "記録.xlsx:研修!XFD3: 列が多すぎます(XFD 列まであります。200 列まで)。" in messages(folder)
