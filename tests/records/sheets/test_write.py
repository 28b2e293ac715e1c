"""The workbook nenpo writes (`nenpo new --xlsx`, `nenpo export --xlsx`): its sheets, headings, widths,
validation and 説明 as Excel shows them, and each value in the cell form the reader takes back."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import openpyxl
import pytest

from nenpo.errors import NenpoError
from nenpo.records.model import Person, Photo, Place, Report, Session, Talk, Visit
from nenpo.records.sheets import cells
from nenpo.records.sheets.columns import (
    GUIDE_TITLE,
    KINDS,
    NO_HONORIFIC,
    PEOPLE,
    PHOTOS,
    PLACES,
    PROGRAMME,
    SESSIONS,
    VISITS,
)
from nenpo.records.sheets.write import template_workbook_bytes, workbook_bytes

BASE: dict[str, Any] = {"report": {"title": "年報", "fiscal_year": 2019}, "organisation": {"name": "団体"}}


def report(**lists: Any) -> Report:
    return Report.model_validate(BASE | lists)


def book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def rows(sheet: Any) -> list[dict[str, Any]]:
    """A sheet's data rows as heading → value, empty cells left out."""
    values = list(sheet.iter_rows(values_only=True))
    header = values[0]
    return [{h: v for h, v in zip(header, row, strict=True) if v is not None} for row in values[1:]]


def validation(sheet: Any, heading: str) -> Any:
    """The data validation over a heading's column."""
    column = next(c.column_letter for c in sheet[1] if c.value == heading)
    found = [dv for dv in sheet.data_validations.dataValidation if f"{column}2:{column}1000" in str(dv.sqref)]
    assert len(found) == 1, heading
    return found[0]


# --- the form of the workbook ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def template() -> openpyxl.Workbook:
    return book(template_workbook_bytes(2025))


def test_the_template_has_the_guide_then_every_sheet_with_its_headings(template: openpyxl.Workbook) -> None:
    assert template.sheetnames == [GUIDE_TITLE, "研修", "訪問", "プログラム", "訪問先", "写真", "名簿"]
    for kind in KINDS:
        sheet = template[kind.titles[0]]
        header = sheet[1]
        assert tuple(c.value for c in header) == kind.headings
        assert all(c.font.bold and c.fill.fgColor.rgb.endswith("DDEBF7") for c in header)
        assert sheet.freeze_panes == "A2"  # the headings stay in view while scrolling
        assert sheet.auto_filter.ref.startswith("A1:")
        widths = [sheet.column_dimensions[c.column_letter].width for c in header]
        assert widths == [c.width for c in kind.columns]


def test_the_template_has_one_example_session_and_visit_dated_in_its_year(template: openpyxl.Workbook) -> None:
    session, = rows(template["研修"])
    assert session["No."] == 1 and session["題"] == SESSIONS.column("題").example
    assert session["日付"] == datetime(2025, 6, 14)
    assert template["研修"]["G2"].number_format == "yyyy/m/d"
    assert session["会場"] == "南陽市（赤湯公民館）" and session["参加者数"] == 25
    assert "講師" not in session  # the example talk names the speaker, as the YAML skeleton does
    visit, = rows(template["訪問"])
    assert visit["No."] == 2 and visit["種類"] == "行政視察" and visit["訪問先"] == "石川県金沢市（金沢市役所）"
    talk, = rows(template["プログラム"])
    assert talk == {"No.": 1, "演題": "地域防災の基本", "講師": "山田太郎氏（南陽市総務課）"}
    person, = rows(template["名簿"])
    assert person == {"氏名": "山田太郎", "敬称": "氏", "所属": "南陽市総務課"}
    assert rows(template["訪問先"]) == [] and rows(template["写真"]) == []  # a photo would name a missing file


def test_excel_offers_lists_and_checks_numbers_and_dates_while_typing(template: openpyxl.Workbook) -> None:
    sheet = template["研修"]
    status = validation(sheet, "状況")
    assert (status.type, status.formula1, status.errorStyle) == ("list", '"開催,中止,延期"', "stop")
    assert status.prompt == SESSIONS.column("状況").note and status.errorTitle
    count = validation(sheet, "参加者数")
    assert (count.type, count.operator, count.formula1) == ("whole", "greaterThanOrEqual", "1")
    number = validation(sheet, "回")
    assert (number.type, number.formula1) == ("whole", "1")
    year = validation(sheet, "年度")
    assert (year.type, year.operator, year.formula1, year.formula2) == ("whole", "between", "1873", "2100")
    for heading in ("日付", "延期後の日付"):
        day = validation(sheet, heading)
        # a warning, not a stop: 令和6年6月14日 typed as text is still taken after it
        assert (day.type, day.errorStyle) == ("date", "warning")
        assert "令和6年6月14日" in day.error
    more = validation(template["訪問"], "など")
    assert (more.type, more.formula1) == ("list", '"はい,いいえ"')
    title = validation(sheet, "題")  # no rule, the column's note as help on the cell
    assert title.type is None and title.prompt == SESSIONS.column("題").note
    assert all(len(dv.prompt or "") <= 255 and len(dv.promptTitle or "") <= 32
               for kind in KINDS for dv in template[kind.titles[0]].data_validations.dataValidation)


def test_the_guide_explains_each_sheet_and_every_heading(template: openpyxl.Workbook) -> None:
    text = "\n".join(str(v) for row in template[GUIDE_TITLE].iter_rows(values_only=True) for v in row if v)
    for words in ("Alt+Enter", "report.yaml", "nenpo check", "1行が1段落", "「、」"):
        assert words in text
    for kind in KINDS:
        assert f"■ {kind.titles[0]}のシート" in text and kind.note in text
        for column in kind.columns:
            assert column.heading in text and column.note in text


def test_the_same_records_give_the_same_bytes() -> None:
    records = report(sessions=[{"number": 1, "kind": "研修", "date": "2019-07-05"}])
    assert workbook_bytes(records) == workbook_bytes(records)
    assert template_workbook_bytes(2019) == template_workbook_bytes(2019)


# --- values in their cells ------------------------------------------------------------------------


SESSION = {
    "number": 2, "kind": "集合研修", "title": "港区を歩く", "fiscal_year": 2019,
    "date": {"start": "2019-10-08", "end": "2019-10-09"}, "time": "13:30〜16:00",
    "venues": [{"place": "東京都港区", "facilities": ["芝の家", "ご近所ラボ新橋"]}, "オンライン(Zoom)"],
    "speakers": [{"name": "大杉覚", "honorific": "教授", "affiliation": "首都大学東京"},
                 {"name": "白石直也", "position": "元課長"}, {"name": "前神有里", "honorific": ""}],
    "programme": [{"title": "芝の取組", "speakers": [{"name": "白石直也", "position": "元課長"}]}],
    "participants": 25, "host": ["置賜広域行政事務組合", "港区"], "summary": ["一つ目。", "二つ目。"],
    "extra": {"受講料": "無料"}, "photos": [{"path": "photos/01.jpg", "caption": "まち歩き"}],
}
VISIT = {
    "title": "北陸の視察", "date": "2019-11-05〜2019-11-06", "more_places": True,
    "places": [{"prefecture": "石川県", "municipality": "金沢市", "date": "2019-11-05", "topics": ["窓口"]},
               {"municipality": "富山市", "facilities": ["富山市役所"]}],
    "members": [{"name": "高橋一郎", "position": "委員長"}, "中村美和"], "status": "延期",
    "postponed_to": "2020-01-20", "text": ["報告です。"],
}


@pytest.fixture(scope="module")
def exported() -> openpyxl.Workbook:
    return book(workbook_bytes(report(sessions=[{"kind": "講演会", "date": "2019-07-05"}, SESSION], visits=[VISIT])))


def test_an_export_has_the_sheets_its_records_use(exported: openpyxl.Workbook) -> None:
    assert exported.sheetnames == [GUIDE_TITLE, "研修", "訪問", "プログラム", "訪問先", "写真", "名簿"]
    only_sessions = book(workbook_bytes(report(sessions=[{"kind": "講演会", "date": "2019-07-05"}])))
    assert only_sessions.sheetnames == [GUIDE_TITLE, "研修"]


def test_each_value_is_written_in_the_form_its_column_reads(exported: openpyxl.Workbook) -> None:
    first, second = rows(exported["研修"])
    assert first == {"No.": 1, "種類": "講演会", "日付": datetime(2019, 7, 5)}  # 開催 is the empty default
    assert second["No."] == 2 and second["回"] == 2 and second["年度"] == 2019
    assert second["日付"] == "2019/10/8～2019/10/9" and second["時刻"] == "13:30～16:00"
    assert second["会場"] == "東京都港区（芝の家、ご近所ラボ新橋）\nオンライン(Zoom)（）"
    assert second["主催"] == "置賜広域行政事務組合\n港区" and second["まとめ"] == "一つ目。\n二つ目。"
    assert second["その他"] == "受講料：無料" and second["参加者数"] == 25
    # inline where the cell reads the person back; by name alone where 名簿 says the rest
    assert second["講師"] == "大杉覚教授（首都大学東京）\n白石直也\n前神有里"
    assert rows(exported["プログラム"]) == [{"No.": 2, "演題": "芝の取組", "講師": "白石直也"}]
    assert rows(exported["写真"]) == [{"No.": 2, "ファイル": "photos/01.jpg", "説明": "まち歩き"}]


def test_a_visit_follows_the_sessions_numbers_and_its_dated_places_get_rows(exported: openpyxl.Workbook) -> None:
    visit, = rows(exported["訪問"])
    assert visit["No."] == 3 and visit["など"] == "はい" and visit["状況"] == "延期"
    assert visit["延期後の日付"] == datetime(2020, 1, 20)
    assert "訪問先" not in visit  # a place with its own date is a 訪問先 row; so then are all of them
    assert rows(exported[PLACES.titles[0]]) == [
        {"No.": 3, "都道府県": "石川県", "市区町村": "金沢市", "日付": datetime(2019, 11, 5), "視察項目": "窓口"},
        {"No.": 3, "市区町村": "富山市", "施設": "富山市役所"},
    ]
    assert visit["メンバー"] == "高橋一郎\n中村美和"
    assert rows(exported[PEOPLE.titles[0]]) == [
        {"氏名": "白石直也", "肩書き": "元課長"},
        {"氏名": "前神有里", "敬称": NO_HONORIFIC},
        {"氏名": "高橋一郎", "肩書き": "委員長"},
    ]


def test_text_that_looks_like_a_formula_stays_text() -> None:
    data = workbook_bytes(report(sessions=[{"kind": "講演会", "title": "=SUM(A1:A3)", "date": "2019-07-05"}]))
    cell = book(data)["研修"]["F2"]
    assert (cell.value, cell.data_type) == ("=SUM(A1:A3)", "s")


def test_a_day_before_excels_first_date_is_written_as_text() -> None:
    data = workbook_bytes(report(sessions=[{"kind": "講演会", "date": "1899-07-05"}]))
    assert rows(book(data)["研修"])[0]["日付"] == "1899/7/5"


def test_the_same_name_with_other_attributes_is_refused_at_both_places() -> None:
    records = report(visits=[{"date": "2019-07-05", "places": ["金沢市"], "members": [{"name": "山田", "position": "委員長"}]},
                             {"date": "2019-08-05", "places": ["富山市"], "members": [{"name": "山田", "position": "委員"}]}])
    with pytest.raises(NenpoError) as caught:
        workbook_bytes(records)
    problem, = caught.value.problems
    assert problem.location.field == "visits[2].members[1]"
    assert "「メンバー」の列" in problem.format() and "visits[1].members[1]" in problem.format()


def test_a_plain_name_where_another_of_that_name_has_a_roster_row_is_refused() -> None:
    records = report(visits=[{"date": "2019-07-05", "places": ["金沢市"], "members": [{"name": "山田", "position": "委員長"}]},
                             {"date": "2019-08-05", "places": ["富山市"], "members": ["山田"]}])
    with pytest.raises(NenpoError) as caught:
        workbook_bytes(records)
    assert [p.location.field for p in caught.value.problems] == ["visits[2].members[1]"]


def test_a_name_no_cell_reads_back_is_refused() -> None:
    records = report(sessions=[{"kind": "講演会", "date": "2019-07-05", "speakers": [{"name": "田中先生", "honorific": "議員"}]}])
    with pytest.raises(NenpoError) as caught:
        workbook_bytes(records)
    assert "田中先生" in caught.value.problems[0].format()


@pytest.mark.parametrize("head", ["オンライン(Zoom)", "山田（太郎）", "南陽市"])
def test_a_head_ending_in_brackets_is_kept_whole_by_an_empty_pair(head: str) -> None:
    assert cells.read_venue(cells.write_venue(head, [])) == {"place": head}
    assert cells.read_person(cells.write_person(head, None, None)) == {"name": head}
    assert cells.read_place(cells.write_place(None, head, [])) == {"municipality": head}
    assert cells.read_venue(cells.write_venue(head, ["館"])) == {"place": head, "facilities": ["館"]}


def test_visits_sheet_and_sessions_sheet_share_no_numbers() -> None:
    records = report(sessions=[{"kind": "a", "date": "2019-07-05"}, {"kind": "b", "date": "2019-07-06"}],
                     visits=[{"date": "2019-07-07", "places": ["金沢市"]}])
    workbook = book(workbook_bytes(records))
    numbers = [r["No."] for r in rows(workbook[SESSIONS.titles[0]]) + rows(workbook[VISITS.titles[0]])]
    assert numbers == [1, 2, 3]


@pytest.mark.parametrize(("model", "kind", "detail"), [
    (Session, SESSIONS, {"programme", "photos"}), (Visit, VISITS, {"photos"}), (Place, PLACES, set()),
    (Talk, PROGRAMME, set()), (Photo, PHOTOS, set()), (Person, PEOPLE, set()),
])
def test_every_field_of_the_records_has_a_column_or_a_sheet(model: type, kind: Any, detail: set[str]) -> None:
    """A field added to the records without a place in the workbook would be lost by an export."""
    columns = {c.field for c in kind.columns} - {"no"}
    assert set(model.model_fields) == columns | detail
