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


# --- columns set in style.yaml, decimals as typed, short tables whole in the HTML -------------------

COLUMNS = """  columns:
    金額(円): {align: center, width: 40mm}
    備考: {align: right, width: 30%}
"""
DECIMALS = """  - title: 単価
    table:
      header: [品目, 単価]
      rows:
        - [資料, 1.50]
        - [会場, "1,234.50"]
        - [茶菓, 1234.5]
      total: true
"""
PRICES = ["1.50", "1,234.50", "1,234.5", "2,470.50"]  # each as typed; the total has the most decimals
MM = 72 / 25.4
#: The text block: the 150 mm between the margins hold 40 whole characters of 10.5 pt (420 pt).
TEXT_MM = 40 * 10.5 / MM


def _template(root: Path, columns: str = COLUMNS, form: str = "半角") -> Path:
    """The default template with `columns:` under the style's `table:` and the number format given."""
    template = root / "tpl"
    shutil.copytree(bundled_templates() / "default", template)
    style = template / "style.yaml"
    text = style.read_text(encoding="utf-8").replace("\ntable:\n", "\ntable:\n" + columns, 1)
    style.write_text(text.replace("number_format: 半角", f"number_format: {form}", 1), encoding="utf-8")
    return template


@pytest.fixture(scope="module")
def styled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The amounts table and a table of decimals, built in all three formats with columns set."""
    root = tmp_path_factory.mktemp("columns")
    built = build(_records(root, TABLE + DECIMALS), root / "out", _template(root), ("docx", "pdf", "html"))
    return {p.suffix[1:]: p for p in built.files}


def _pdf_table(path: Path, heading: str) -> tuple[list[float], list[dict]]:
    """The x of the vertical rules of the table whose header cell reads `heading`, and its page's words."""
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            words = page.extract_words()
            head = next((w for w in words if w["text"] == heading), None)
            if head is None:
                continue
            rules = sorted({round(line["x0"], 2) for line in page.lines
                            if abs(line["x0"] - line["x1"]) < 0.01 and line["top"] <= head["top"] <= line["bottom"]})
            return rules, words
    raise AssertionError(f"no table headed {heading}")


def test_pdf_columns_are_as_wide_as_the_style_sets(styled: dict[str, Path]) -> None:
    rules, _ = _pdf_table(styled["pdf"], "項目")
    widths = [(b - a) / MM for a, b in zip(rules, rules[1:])]
    assert widths == pytest.approx([TEXT_MM - 40 - 0.3 * TEXT_MM, 40, 0.3 * TEXT_MM], abs=0.1)  # 30% of the text width


def test_pdf_columns_are_aligned_as_the_style_sets(styled: dict[str, Path]) -> None:
    rules, words = _pdf_table(styled["pdf"], "項目")
    note = next(w for w in words if w["text"] == "講師3名")
    assert rules[3] - note["x1"] == pytest.approx(3, abs=0.5)  # right: the cell's edge less its padding
    amount = next(w for w in words if w["text"] == "1,200,000")
    assert (amount["x0"] + amount["x1"]) / 2 == pytest.approx((rules[1] + rules[2]) / 2, abs=0.5)  # centred


def test_docx_columns_are_as_wide_and_aligned_as_the_style_sets(styled: dict[str, Path]) -> None:
    table = next(t for t in open_docx(str(styled["docx"])).tables if t.rows[0].cells[0].text == "項目")
    grid = [int(c.get(qn("w:w"))) / 20 / MM for c in table._tbl.tblGrid.gridCol_lst]
    widths = [TEXT_MM - 40 - 0.3 * TEXT_MM, 40, 0.3 * TEXT_MM]  # 30% of the text width
    assert grid == pytest.approx(widths, abs=0.1)
    assert [c.width.mm for c in table.rows[1].cells] == pytest.approx(widths, abs=0.05)
    rows = _docx_rows(styled["docx"])
    assert [row[1] for row in rows[1:]] == [(a, "center") for a in AMOUNTS]
    assert rows[3][2] == ("講師3名", "right")
    assert rows[1][0] == ("旅費", None)  # a column the style leaves alone


def test_html_columns_are_as_wide_and_aligned_as_the_style_sets(styled: dict[str, Path]) -> None:
    page = lxml.html.fromstring(styled["html"].read_bytes())
    table = next(t for t in page.iter("table") if t.findtext(".//th") == "項目")
    assert [c.get("style") for c in table.iter("col")] == [
        "width: 43.0034%", "width: 26.9966%", "width: 30%"]  # 63.7, 40 and 44.45 of 148.17 mm
    cells = [row.findall("td") for row in table.iter("tr") if row.findall("td")]
    assert all("text-align: center" in c[1].get("style", "") for c in cells)
    assert "text-align: right" in cells[2][2].get("style", "")
    assert cells[2][0].get("style") is None
    assert "table-layout: fixed" in page.findtext(".//style")


def _decimal_cells(outputs: dict[str, Path]) -> dict[str, list[str]]:
    """The 単価 column of the table of decimals, as each format prints it."""
    docx = next(t for t in open_docx(str(outputs["docx"])).tables if t.rows[0].cells[0].text == "品目")
    page = lxml.html.fromstring(outputs["html"].read_bytes())
    html = next(t for t in page.iter("table") if t.findtext(".//th") == "品目")
    with pdfplumber.open(outputs["pdf"]) as pdf:
        text = [w["text"] for p in pdf.pages for w in p.extract_words()]
    start = text.index("品目")
    return {
        "docx": [row.cells[1].text for row in docx.rows[1:]],
        "html": [row.findall("td")[1].text_content() for row in html.iter("tr") if row.findall("td")],
        "pdf": [t for t in text[start:start + 12] if t[0].isdigit() or t[0] in "０１２３４５６７８９"][:4],
    }


def test_decimals_keep_their_digits_in_every_format(styled: dict[str, Path]) -> None:
    """1.50 typed in YAML (which reads it as 1.5) and "1,234.50" typed as text print as typed, the
    whole part grouped; the total keeps as many decimals as the cell with the most."""
    assert _decimal_cells(styled) == {"docx": PRICES, "html": PRICES, "pdf": PRICES}


def test_full_width_decimals_in_every_format(tmp_path: Path) -> None:
    built = build(_records(tmp_path, TABLE + DECIMALS), tmp_path / "out", _template(tmp_path, "", "全角"),
                  ("docx", "pdf", "html"))
    shown = ["１．５０", "１，２３４．５０", "１，２３４．５", "２，４７０．５０"]
    assert _decimal_cells({p.suffix[1:]: p for p in built.files}) == {"docx": shown, "html": shown, "pdf": shown}


def test_widths_that_do_not_fit_are_an_error_at_the_style_line(tmp_path: Path) -> None:
    from nenpo.errors import NenpoError
    columns = "  columns:\n    金額(円): {width: 90mm}\n    備考: {width: 60mm}\n"
    template = _template(tmp_path, columns)
    with pytest.raises(NenpoError) as refused:
        build(_records(tmp_path), tmp_path / "out", template, ("html",))
    [problem] = refused.value.problems
    assert problem.location.file == template / "style.yaml"
    lines = (template / "style.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[problem.location.line - 1] == "    備考: {width: 60mm}"
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def _html_tables(page: lxml.html.HtmlElement) -> dict[str, lxml.html.HtmlElement]:
    return {t.findtext(".//th"): t for t in page.iter("table") if t.findtext(".//th")}


def test_html_keeps_a_short_table_whole_and_repeats_a_long_ones_header(tmp_path: Path) -> None:
    rows = "\n".join(f"        - [項目{i}, {i * 1000}]" for i in range(1, 13))
    long = f"""  - title: 長い表
    table:
      header: [長い表の項目, 金額]
      rows:
{rows}
"""
    built = build(_records(tmp_path, TABLE + long), tmp_path / "out", bundled_templates() / "default", ("html",))
    page = lxml.html.fromstring(built.files[0].read_bytes())
    tables = _html_tables(page)
    short, long_table = tables["項目"], tables["長い表の項目"]
    assert "keep-whole" in short.getparent().get("class").split()
    assert "keep-whole" not in long_table.getparent().get("class").split()
    assert long_table.find("thead/tr/th") is not None
    css = page.findtext(".//style")
    assert ".keep-whole { break-inside: avoid; page-break-inside: avoid; }" in css
    assert "thead { display: table-header-group; }" in css


def test_a_decimal_cell_prints_as_typed_never_in_exponent_form() -> None:
    from nenpo.records.model import SuppliedTable
    table = SuppliedTable.model_validate(
        {"header": ["項目", "率"], "rows": [["a", "0.0000001"], ["b", 2], ["c", 1.5e3]], "total": True})
    assert [str(row[1]) for row in table.rows] == ["0.0000001", "2", "1500.0"]
    assert str(table.totals[1]) == "1502.0000001"


def test_a_cell_is_one_value_and_a_list_in_it_is_one_error_at_its_line(tmp_path: Path) -> None:
    from nenpo.errors import NenpoError
    table = TABLE.replace('- [会場費, "45,000", ""]', "- [会場費, [1, 2], ~]")
    with pytest.raises(NenpoError) as refused:
        build(_records(tmp_path, table), tmp_path / "out", bundled_templates() / "default", ("html",))
    [problem] = refused.value.problems
    assert problem.location.field == "appendices[1].table.rows[2][2]"
    assert str(problem.message) == "表の欄には、文字か数を1つ書いてください。"


def test_a_date_cell_prints_as_typed_and_an_empty_one_empty(tmp_path: Path) -> None:
    table = TABLE.replace('- [会場費, "45,000", ""]', '- [会場費, "45,000", 2019-07-05]').replace(
        "- [謝金, 1200000, 講師3名]", "- [謝金, 1200000, ~]")
    built = build(_records(tmp_path, table), tmp_path / "out", bundled_templates() / "default", ("html",))
    page = lxml.html.fromstring(built.files[0].read_bytes())
    cells = [row.findall("td") for row in _html_tables(page)["項目"].iter("tr") if row.findall("td")]
    assert [c[2].text_content() for c in cells[1:3]] == ["2019-07-05", ""]


def test_a_column_named_near_a_heading_but_not_it_is_a_warning_at_its_key(tmp_path: Path) -> None:
    """`金額` where the table says `金額(円)` sets nothing: said at its line, with the heading meant;
    a name far from every heading (a table another year has) is left alone."""
    template = _template(tmp_path, "  columns:\n    金額: {width: 40mm}\n    参加者数: {width: 20mm}\n")
    built = build(_records(tmp_path), tmp_path / "out", template, ("html",))
    [warning] = [n for n in built.notices if n.message.key == "style.column_not_found"]
    assert warning.severity == "warning" and warning.location.line is not None
    lines = (template / "style.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[warning.location.line - 1] == "    金額: {width: 40mm}"
    assert str(warning.hint) == "もしかして「金額(円)」ですか。"
