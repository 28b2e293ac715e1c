"""Numbers in supplied tables (issue 14): typed cells, grouped and right-aligned, a 合計 row, the
same in the PDF, the DOCX and the HTML, read back from each; short tables kept whole."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import lxml.html
import pdfplumber
import pytest
from conftest import RECORDS
from docx import Document as open_docx
from docx.oxml.ns import qn

from nenpo.build import build, bundled_templates

TABLE = """
appendices:
  - title: 事業の経費
    table:
      header: [項目, 金額(円), 備考]
      rows:
        - [旅費, 300000, "往復\\t新幹線"]
        - [会場費, "45,000", ""]
        - [謝金, 1200000, 講師3名]
      total: true
"""
AMOUNTS = ["300,000", "45,000", "1,200,000", "1,545,000"]


def _records(root: Path, table: str = TABLE) -> Path:
    records = root / "records"
    shutil.copytree(RECORDS / "okitama-r1", records)
    report = records / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8") + table, encoding="utf-8")
    return records


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("tables")
    built = build(_records(root), root / "out", bundled_templates() / "default", ("docx", "pdf", "html"))
    return {p.suffix[1:]: p for p in built.files}


def _docx_rows(path: Path) -> list[list[tuple[str, str | None]]]:
    """The supplied table's rows: each cell's text and its paragraph's w:jc."""
    table = next(t for t in open_docx(str(path)).tables if t.rows[0].cells[0].text == "項目")
    return [[(c.text, c.paragraphs[0]._p.pPr.find(qn("w:jc")).get(qn("w:val"))
              if c.paragraphs[0]._p.pPr.find(qn("w:jc")) is not None else None) for c in row.cells]
            for row in table.rows]


def test_docx_amounts_are_grouped_right_aligned_with_a_total(outputs: dict[str, Path]) -> None:
    rows = _docx_rows(outputs["docx"])
    assert [row[1] for row in rows[1:]] == [(a, "right") for a in AMOUNTS]
    assert rows[-1][0][0] == "合計"
    assert rows[1][2][0] == "往復 新幹線"  # the tab became a space
    assert rows[3][2] == ("講師3名", None)  # text stays as the style sets it (left)


def test_docx_short_table_is_kept_whole(outputs: dict[str, Path]) -> None:
    table = next(t for t in open_docx(str(outputs["docx"])).tables if t.rows[0].cells[0].text == "項目")
    assert all(row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    assert all(row.cells[0].paragraphs[0].paragraph_format.keep_with_next for row in table.rows[:-1])


def test_html_amounts_are_grouped_right_aligned_with_a_total(outputs: dict[str, Path]) -> None:
    page = lxml.html.fromstring(outputs["html"].read_bytes())
    table = next(t for t in page.iter("table") if t.findtext(".//th") == "項目")
    cells = [row.findall("td") for row in table.iter("tr") if row.findall("td")]
    assert [c[1].text_content() for c in cells] == AMOUNTS
    assert all("text-align: right" in c[1].get("style", "") for c in cells)
    assert cells[-1][0].text_content() == "合計"
    assert "\t" not in cells[0][2].text_content()


def test_pdf_amounts_share_one_right_edge(outputs: dict[str, Path]) -> None:
    with pdfplumber.open(outputs["pdf"]) as pdf:
        words = [w for page in pdf.pages for w in page.extract_words()]
    found = [next(w for w in words if w["text"] == amount) for amount in AMOUNTS]
    edges = [w["x1"] for w in found]
    assert max(edges) - min(edges) <= 1.0, edges
    assert any(w["text"] == "合計" for w in words)


def _table_pages(tmp_path: Path, paragraphs: int, keep_rows: int | None) -> set[int]:
    """The pages that hold the six rows of a table set after `paragraphs` long paragraphs, with the
    style's `keep_whole_rows` as given (None: the template's own)."""
    rows = "\n".join(f"        - [項目{i}, {i * 1000}]" for i in range(1, 7))
    filler = "\n".join(f"      - 段落{i}の文。" + "長い文" * 40 for i in range(paragraphs))
    table = f"""
appendices:
  - title: 表
    text:
{filler}
    table:
      header: [項目, 金額]
      rows:
{rows}
"""
    root = tmp_path / f"{paragraphs}-{keep_rows}"
    template = root / "tpl"
    shutil.copytree(bundled_templates() / "default", template)
    if keep_rows is not None:
        style = template / "style.yaml"
        text = re.sub(r"keep_whole_rows: \d+", f"keep_whole_rows: {keep_rows}", style.read_text(encoding="utf-8"))
        style.write_text(text, encoding="utf-8")
    built = build(_records(root, table), root / "out", template, ("pdf",))
    with pdfplumber.open(next(p for p in built.files if p.suffix == ".pdf")) as pdf:
        pages = [{w["text"] for w in page.extract_words()} for page in pdf.pages]
    return {n for n, words in enumerate(pages) for i in range(1, 7) if f"項目{i}" in words}


def test_pdf_short_table_is_not_split(tmp_path: Path) -> None:
    """Six rows after text that leaves room for only some of them: without keeping short tables
    whole they would straddle a page break (found first, so the test can fail); kept, all six land
    on one page."""
    straddling = next((n for n in range(14, 34) if len(_table_pages(tmp_path, n, keep_rows=0)) > 1), None)
    assert straddling is not None, "no filler length puts the table across a page break"
    assert len(_table_pages(tmp_path, straddling, keep_rows=None)) == 1

@pytest.mark.parametrize(("form", "shown"), [("全角", "３００，０００"), ("なし", "300000")])
def test_number_format_follows_the_style(tmp_path: Path, form: str, shown: str) -> None:
    template = tmp_path / "tpl"
    shutil.copytree(bundled_templates() / "default", template)
    style = template / "style.yaml"
    style.write_text(style.read_text(encoding="utf-8").replace("number_format: 半角", f"number_format: {form}", 1),
                     encoding="utf-8")
    built = build(_records(tmp_path), tmp_path / "out", template, ("html",))
    page = lxml.html.fromstring(next(p for p in built.files if p.suffix == ".html").read_bytes())
    assert shown in page.text_content()


def test_total_of_a_text_column_is_refused_at_its_line(tmp_path: Path) -> None:
    from nenpo.errors import NenpoError
    with pytest.raises(NenpoError) as refused:
        build(_records(tmp_path, TABLE.replace("total: true", "total: [備考]")), tmp_path / "out",
              bundled_templates() / "default", ("html",))
    assert "備考" in str(refused.value.problems if hasattr(refused.value, "problems") else refused.value)
