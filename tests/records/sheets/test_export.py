"""`nenpo export RECORDS --xlsx FILE` and `nenpo new DIR --xlsx`: building from the exported workbook
gives the report the YAML gives, for every sample; what the workbook cannot hold is refused at its
place in the records, and nothing is written."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest

from conftest import RECORDS, normalise, pdf_pages, write
from nenpo.build import build, check
from nenpo.cli import main
from nenpo.errors import Location, NenpoError
from nenpo.records.model import Report
from nenpo.records.sheets.export import differences, export_workbook, round_trip
from nenpo.records.sheets.write import BOOK_NAME

SAMPLES = sorted(p.name for p in RECORDS.iterdir() if (p / "report.yaml").is_file())
MAIN = "report:\n  title: 年報\n  fiscal_year: 2019\norganisation:\n  name: 団体\n"
SESSION = "number: 1\nkind: 集合研修\ntitle: 地域の防災\ndate: 2019-07-05\nsummary:\n  - 学んだ。\n"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def without_items(text: str) -> str:
    """report.yaml with its `sessions:` and `visits:` taken out, as a secretariat moving them to the
    workbook would: each key's lines up to the next top-level key."""
    kept, skipping = [], False
    for line in text.splitlines(keepends=True):
        if re.match(r"(?:sessions|visits)\s*:", line):
            skipping = True
            continue
        if skipping and re.match(r"[^\s#]", line):
            skipping = False
        if not skipping:
            kept.append(line)
    return "".join(kept)


def pdf_text(folder: Path, out: Path) -> str:
    return normalise("".join(pdf_pages(build(folder, out, formats=("pdf",)).files[0])))


def records(tmp_path: Path, session: str = SESSION) -> Path:
    folder = tmp_path / "r"
    write(folder, "report.yaml", MAIN)
    write(folder, "sessions/01.yaml", session)
    return folder


# --- every sample, through the workbook -----------------------------------------------------------


@pytest.mark.parametrize("sample", SAMPLES)
def test_building_from_the_export_gives_the_same_report_text(sample: str, tmp_path: Path) -> None:
    source = RECORDS / sample
    folder = tmp_path / sample  # the same folder name: the same output name
    folder.mkdir()
    write(folder, "report.yaml", without_items((source / "report.yaml").read_text(encoding="utf-8")))
    for image in source.rglob("*"):
        if image.suffix.lower() in (".png", ".jpg", ".jpeg", ".csv"):  # the logo, the photos, the tables the records name
            (folder / image.relative_to(source)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(image, folder / image.relative_to(source))
    code, _, err = run("export", str(source), "--xlsx", str(folder / "年報.xlsx"))
    assert code == 0, err
    exported = check(folder).report
    original = check(source).report
    assert (exported.sessions, exported.visits) == (original.sessions, original.visits)
    assert pdf_text(folder, tmp_path / "from-xlsx") == pdf_text(source, tmp_path / "from-yaml")


def test_the_samples_cover_every_detail_sheet(tmp_path: Path) -> None:
    """The samples' exports together use 訪問先, プログラム, 写真 and 名簿, so the test above crosses each."""
    import openpyxl

    used: set[str] = set()
    for sample in SAMPLES:
        data = export_workbook(RECORDS / sample).data
        used |= set(openpyxl.load_workbook(io.BytesIO(data), read_only=True).sheetnames)
    assert {"研修", "訪問", "プログラム", "訪問先", "写真", "名簿"} <= used


# --- faithful or nothing --------------------------------------------------------------------------


def test_a_difference_read_back_is_named_by_item_and_column() -> None:
    base = {"report": {"title": "年報"}, "organisation": {"name": "団体"}}
    original = Report.model_validate(base | {"sessions": [{"kind": "a", "date": "2019-07-05", "title": "山田、佐藤"}]})
    back = Report.model_validate(base | {"sessions": [{"kind": "a", "date": "2019-07-05", "title": "山田"}]})
    problem, = differences(original, back, lambda path: Location(field=str(path)))
    assert problem.location.field == "('sessions', 0, 'title')"
    assert "「題」の列: この値は表に書けません" in problem.format() and "「山田」" in problem.format()
    fewer = Report.model_validate(base)
    problem, = differences(original, fewer, lambda path: Location())
    assert "0件" in problem.format()


def test_values_a_cell_would_not_give_back_stop_the_export_at_their_lines(tmp_path: Path) -> None:
    session = SESSION.replace("title: 地域の防災", 'title: "地域の\\t防災"') + "host: [置賜広域、港区]\n"
    folder = records(tmp_path, session)
    target = tmp_path / "x.xlsx"
    code, out, err = run("export", str(folder), "--xlsx", str(target))
    assert code == 1 and not target.exists() and out == ""
    assert "sessions/01.yaml:3:8: sessions[1].title: 「題」の列: この値は表に書けません" in err and "U+0009" in err
    assert "sessions/01.yaml:7:7: sessions[1].host: 「主催」の列: この値は表に書けません" in err
    assert "2件の誤り" in err


def test_a_cell_the_reader_refuses_is_named_with_the_item_its_row_came_from(tmp_path: Path) -> None:
    """What the writer does not foresee is still caught by reading the book back."""
    import openpyxl

    folder = records(tmp_path)
    original = check(folder)
    book = openpyxl.Workbook()
    book.active.title = "研修"
    book.active.append(["No.", "種類", "日付"])
    book.active.append([1, "集合研修", "2019/2/30"])
    data = io.BytesIO()
    book.save(data)
    problem, = round_trip(original.report, data.getvalue(), folder, original.source.locate)
    assert problem.location == original.source.locate(("sessions", 0))
    assert "この値は表に書けません。書き出した表の 研修!C2 を読み戻すと誤りになります" in problem.format()


def test_records_with_errors_are_refused_as_check_refuses_them(tmp_path: Path) -> None:
    folder = records(tmp_path, SESSION.replace("2019-07-05", "2019-02-30"))
    target = tmp_path / "x.xlsx"
    code, _, err = run("export", str(folder), "--xlsx", str(target))
    assert code == 1 and not target.exists()
    assert "sessions/01.yaml:4:7: sessions[1].date:" in err


# --- the command line -----------------------------------------------------------------------------


def test_export_writes_the_workbook_and_never_replaces_a_file_without_force(tmp_path: Path) -> None:
    folder = records(tmp_path)
    target = tmp_path / "out" / "記録.xlsx"
    code, out, err = run("export", str(folder), "--xlsx", str(target))
    assert (code, err) == (0, "") and f"作成しました: {target}" in out
    first = target.read_bytes()
    target.write_bytes(b"mine")
    code, _, err = run("export", str(folder), "--xlsx", str(target))
    assert code == 1 and "はもうあります" in err and "--force" in err
    assert target.read_bytes() == b"mine"
    code, _, _ = run("export", str(folder), "--xlsx", str(target), "--force")
    assert code == 0 and target.read_bytes() == first
    assert sorted(p.name for p in target.parent.iterdir()) == ["記録.xlsx"]  # no temporary file left


def test_export_refuses_a_name_that_is_no_workbook_and_a_records_file(tmp_path: Path) -> None:
    folder = records(tmp_path)
    code, _, err = run("export", str(folder), "--xlsx", str(tmp_path / "x.xls"))
    assert code == 1 and ".xlsx で終わります" in err and "--xlsx x.xlsx" in err
    code, _, err = run("export", str(folder), "--xlsx", str(folder / "report.yaml"), "--force")
    assert code == 1 and (folder / "report.yaml").read_text(encoding="utf-8") == MAIN


def test_export_into_the_records_folder_warns_that_the_next_build_reads_both(tmp_path: Path) -> None:
    folder = records(tmp_path)
    code, _, err = run("export", str(folder), "--xlsx", str(folder / "研修.xlsx"))
    assert code == 0 and "警告" in err and "二重に出ます" in err
    with pytest.raises(NenpoError, match="duplicate|2回|同じ"):  # the same session twice, as warned
        check(folder)


def test_export_speaks_english_when_asked(tmp_path: Path) -> None:
    folder = records(tmp_path)
    (tmp_path / "x.xlsx").write_bytes(b"")
    code, _, err = run("export", str(folder), "--xlsx", str(tmp_path / "x.xlsx"), "--lang", "en")
    assert code == 1 and "already exists" in err


def test_new_with_xlsx_writes_report_yaml_and_the_workbook_and_builds(tmp_path: Path) -> None:
    folder = tmp_path / "r7"
    code, out, err = run("new", str(folder), "--xlsx", "--year", "2025")
    assert (code, err) == (0, "")
    assert sorted(p.name for p in folder.iterdir()) == sorted(["report.yaml", BOOK_NAME])
    assert BOOK_NAME in (folder / "report.yaml").read_text(encoding="utf-8")
    checked = check(folder)
    assert checked.notices == []  # the example dates lie in the 年度
    session, = checked.report.sessions
    visit, = checked.report.visits
    assert session.date is not None and session.date.start.year == 2025 and session.programme
    assert visit.kind == "行政視察"
    text = pdf_text(folder, tmp_path / "out")
    assert normalise("地域の防災を考える") in text and normalise("先進市の窓口改革") in text
    code, _, err = run("new", str(folder), "--xlsx")
    assert code == 1 and "もうファイルがあります" in err
