"""An appendix's table kept in a sheet: amounts print right-aligned with separators and a total."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pdfplumber
from conftest import RECORDS
from docx import Document as open_docx
from docx.oxml.ns import qn

from nenpo.build import build
from nenpo.errors import NenpoError
from nenpo.records.load import load_records
from nenpo.records.validate import validate

REFERENCE = """
appendices:
  - title: 事業の経費
    table: {file: 記録.xlsx, sheet: 収支, total: true}
"""
AMOUNTS = ["300,000", "45,000", "1,200,000", "1,545,000"]


def _records(root: Path, reference: str = REFERENCE, calculated: bool = True) -> Path:
    records = root / "records"
    shutil.copytree(RECORDS / "okitama-r1", records)
    report = records / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8") + reference, encoding="utf-8")
    book = openpyxl.Workbook()
    book.active.title = "収支"
    for row in (["令和元年度の経費"], [], ["項目", "金額(円)", "備考"], ["旅費", 300000, "往復"],
                ["会場費", 45000, None], ["謝金", "=600000*2", "講師3名"]):
        book.active.append(row)
    book.save(records / "記録.xlsx")
    if calculated:
        _cached(records / "記録.xlsx", "B6", 1200000)
    return records


def _cached(path: Path, cell: str, value: int) -> None:
    """Give a formula the cached value Excel would store (openpyxl writes formulas uncalculated)."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet = sheet.replace(f'<c r="{cell}"><f>600000*2</f><v></v></c>', f'<c r="{cell}"><f>600000*2</f><v>{value}</v></c>')
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)


def test_a_table_in_a_sheet_prints_its_amounts_right_aligned_with_a_total(tmp_path: Path) -> None:
    records = _records(tmp_path)
    built = build(records, tmp_path / "out", formats=("docx", "pdf"))
    docx, pdf = sorted(built.files, key=lambda p: p.suffix)
    table = next(t for t in open_docx(str(docx)).tables if t.rows[0].cells[0].text == "項目")
    amounts = [(row.cells[1].text, row.cells[1].paragraphs[0]._p.pPr.find(qn("w:jc")).get(qn("w:val")))
               for row in table.rows[1:]]
    assert amounts == [(a, "right") for a in AMOUNTS]
    assert table.rows[-1].cells[0].text == "合計"
    with pdfplumber.open(pdf) as opened:
        words = [w for page in opened.pages for w in page.extract_words()]
    edges = [next(w for w in words if w["text"] == a)["x1"] for a in AMOUNTS]
    assert max(edges) - min(edges) <= 1.0, edges


def test_the_table_sheet_is_not_read_as_records_and_its_cells_are_named_in_errors(tmp_path: Path) -> None:
    records = _records(tmp_path, REFERENCE.replace("total: true", "total: [備考]"))
    source = load_records(records)
    assert not source.notices and not source.problems  # 収支 is the table's, not a sheet of unknown name
    try:
        validate(source)
    except NenpoError as exc:
        printed = "\n".join(p.format() for p in exc.problems)
    assert "report.yaml:" in printed and "備考" in printed


def test_a_missing_sheet_is_named_with_the_sheets_there_are(tmp_path: Path) -> None:
    records = _records(tmp_path, REFERENCE.replace("sheet: 収支", "sheet: 決算"))
    printed = "\n".join(p.format() for p in load_records(records).problems)
    assert "記録.xlsx: シート「決算」がありません。\n    → このブックのシートは 収支 です。" in printed


def test_a_formula_never_calculated_is_refused_at_its_cell_not_printed_empty(tmp_path: Path) -> None:
    records = _records(tmp_path, calculated=False)  # openpyxl saves the formula with no result, as a script would
    printed = "\n".join(p.format() for p in load_records(records).problems)
    assert "記録.xlsx:収支!B6: 式の結果が保存されていません。" in printed


def test_a_fraction_keeps_the_decimals_its_cell_shows(tmp_path: Path) -> None:
    records = _records(tmp_path)
    book = openpyxl.load_workbook(records / "記録.xlsx")
    book["収支"].append(["率", 1.5, "前年比"])
    book["収支"]["B7"].number_format = "0.00"
    book.save(records / "記録.xlsx")
    _cached(records / "記録.xlsx", "B6", 1200000)
    table = validate(load_records(records)).report.appendices[0].table
    assert str(table.rows[-1][1]) == "1.50"
