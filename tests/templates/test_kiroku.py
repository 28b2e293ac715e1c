"""The second bundled template, `kiroku` (記録): the visit-log house style of seed 002.

Both samples build with it; read back as a reader would, the dates are written as the records ask
(和暦 or 西暦, as the default template writes them), each visit is headed by its place and date as the seed writes them with its narrative
below, there is a 目次, the fonts are BIZ UD, and the compact setting takes fewer pages than the
default template.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from conftest import (
    RECORDS,
    SAMPLES,
    SEEDS,
    docx_text,
    normalise,
    pdf_pages,
    pdffonts,
    write,
)
from docx import Document
from docx.oxml.ns import qn
from test_build import seed_expectations

from nenpo.build import STYLE_FILE, build, bundled_templates
from nenpo.cli import main
from nenpo.style import load_styles

KIROKU = bundled_templates() / "kiroku"
#: What okitama-r1's sessions are dated, as its records ask: 和暦 with half-width parens.
OKITAMA_DATES = ["令和元年7月5日(金)", "令和元年10月8日(火)から9日(水)", "令和元年11月13日(水)", "令和2年2月21日(金)"]


@pytest.fixture(scope="module")
def kiroku(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """Both samples built with the kiroku template: {sample: {"pdf": path, "docx": path}}."""
    out = tmp_path_factory.mktemp("kiroku")
    result: dict[str, dict[str, Path]] = {}
    for name in SAMPLES:
        built = build(RECORDS / name, out, "kiroku")
        assert built.notices == []
        result[name] = {p.suffix[1:]: p for p in built.files}
    return result


def _body_text(pdf: Path) -> str:
    """The PDF's text without kiroku's page numbers (a bare number, the last line of a page)."""
    pages = [page.rstrip().splitlines() for page in pdf_pages(pdf)]
    return "\n".join("\n".join(lines[:-1] if lines and lines[-1].strip().isdigit() else lines)
                     for lines in pages)


def _texts(paths: dict[str, Path]) -> dict[str, str]:
    return {"pdf": normalise(_body_text(paths["pdf"])), "docx": normalise(docx_text(paths["docx"]))}


def _seed002_visits() -> list[tuple[str, str]]:
    """Each visit heading of seed 002 and the first paragraph of its narrative."""
    lines = [line.strip() for line in (SEEDS / "project-k.txt").read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    headings = seed_expectations("project-k")["dates"]
    return [(line, lines[i + 1]) for i, line in enumerate(lines) if line in headings]


def test_the_cli_builds_both_samples_with_kiroku(tmp_path: Path) -> None:
    for name in SAMPLES:
        out, err = io.StringIO(), io.StringIO()
        code = main(["build", str(RECORDS / name), "-o", str(tmp_path), "--template", "kiroku"], out, err)
        assert (code, err.getvalue()) == (0, ""), name
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{n}.{f}" for n in SAMPLES for f in ("docx", "pdf"))


def test_style_sheet_defines_every_required_style_and_compact_spacing() -> None:
    styles = load_styles(KIROKU / STYLE_FILE)  # raises if a REQUIRED style is missing
    default = load_styles(bundled_templates() / "default" / STYLE_FILE)
    assert (styles["Normal"].size, styles["Normal"].leading) == (10, 16)
    assert styles["Normal"].leading < default["Normal"].leading
    assert not styles["Heading 1"].page_break_before  # the default starts each part on a new page
    assert styles["Heading 1"].space_after < default["Heading 1"].space_after
    h2, default_h2 = styles["Heading 2"], default["Heading 2"]
    assert h2.space_before + h2.space_after < default_h2.space_before + default_h2.space_after
    assert styles.fonts.candidates("mincho")[0] == "BIZ UD明朝"
    assert styles.fonts.candidates("gothic")[0] == "BIZ UDゴシック"


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_okitama_dates_are_wareki_as_its_records_ask(kiroku: dict[str, dict[str, Path]], fmt: str) -> None:
    text = _texts(kiroku["okitama-r1"])[fmt]
    for day in OKITAMA_DATES:
        assert normalise(day) in text, day
    for seireki in ("2019年7月5日", "2019年10月8日", "2019年11月13日", "2020年2月21日"):
        assert seireki not in text, seireki


def test_the_cover_names_the_fiscal_year_as_the_records_write_it(kiroku: dict[str, dict[str, Path]]) -> None:
    okitama = normalise(pdf_pages(kiroku["okitama-r1"]["pdf"])[0])
    assert "広域連携事業報告書" in okitama and "令和元年度" in okitama and "2019年度" not in okitama
    project_k = normalise(pdf_pages(kiroku["project-k"]["pdf"])[0])
    assert "2007年度〜2012年度" in project_k and "プロジェクトK" in project_k


@pytest.mark.parametrize("name", SAMPLES)
def test_every_sentence_title_and_name_of_the_seed_is_in_both_outputs(
    kiroku: dict[str, dict[str, Path]], name: str
) -> None:
    texts = _texts(kiroku[name])
    expected = seed_expectations(name)
    for fmt, text in texts.items():
        for kind, items in expected.items():
            # A talk title with a 。 makes the seed's "〇「…。" a sentence; kiroku marks talks with ・.
            missing = [item for item in items if normalise(item.removeprefix("〇")) not in text]
            assert not missing, f"{kind} missing from {name}.{fmt}: {missing[:3]}"


def test_project_k_visits_are_headed_by_place_and_date_as_seed_002_writes_them(
    kiroku: dict[str, dict[str, Path]],
) -> None:
    doc = Document(str(kiroku["project-k"]["docx"]))
    paragraphs = [(p.style.name, p.text) for p in doc.paragraphs]
    headings = [(i, text) for i, (style, text) in enumerate(paragraphs) if style == "Heading 2"]
    seed = _seed002_visits()
    assert len(seed) == 11
    assert [normalise(text) for _, text in headings] == [normalise(h) for h, _ in seed]
    assert "神奈川県厚木市（於：東京）2008年9月21日" in [text for _, text in headings]
    for (i, _), (heading, first) in zip(headings, seed, strict=True):
        style, text = paragraphs[i + 1]  # the narrative follows its heading directly
        assert (style, normalise(text)) == ("Normal", normalise(first)), heading


def test_project_k_visit_headings_in_the_pdf_stand_on_their_own_lines(kiroku: dict[str, dict[str, Path]]) -> None:
    lines = {normalise(line) for page in pdf_pages(kiroku["project-k"]["pdf"])[2:] for line in page.splitlines()}
    for heading, _ in _seed002_visits():
        assert normalise(heading) in lines, heading


def test_okitama_sessions_in_the_same_log_form(kiroku: dict[str, dict[str, Path]]) -> None:
    doc = Document(str(kiroku["okitama-r1"]["docx"]))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert headings[0] == "第1回集合研修「広域連携のこの先を考える」令和元年7月5日(金)"
    assert [normalise(h).endswith(normalise(d)) for h, d in zip(headings, OKITAMA_DATES, strict=False)] == [True] * 4
    details = [p.text for p in doc.paragraphs if p.style.name in ("log-detail", "log-detail-end")]
    assert "会場：南陽市「赤湯公民館」" in details
    assert "・「遠隔自治体間連携の可能性と展望」大杉覚教授" in details


@pytest.mark.parametrize("name", SAMPLES)
def test_the_toc_is_there_in_both_outputs(kiroku: dict[str, dict[str, Path]], name: str) -> None:
    pages = pdf_pages(kiroku[name]["pdf"])
    assert normalise(pages[1]).startswith("目次")
    doc = Document(str(kiroku[name]["docx"]))
    assert [p.text for p in doc.paragraphs if p.style.name == "TOC Heading"] == ["目次"]
    toc = [p.text.rsplit("\t", 1)[0] for p in doc.paragraphs if p.style.name in ("TOC 1", "TOC 2")]
    assert toc == [p.text for p in doc.paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    for heading in toc:  # the PDF's 目次 lists every heading with its page (long ones wrap)
        assert normalise(heading) in normalise(pages[1]), heading


@pytest.mark.parametrize("name", SAMPLES)
def test_every_docx_paragraph_uses_a_style_of_the_template(kiroku: dict[str, dict[str, Path]], name: str) -> None:
    names = set(load_styles(KIROKU / STYLE_FILE).paragraphs)
    doc = Document(str(kiroku[name]["docx"]))
    used = {p.style.name for p in doc.paragraphs}
    assert used <= names, used - names
    fonts = {}
    for style in ("Normal", "Heading 1", "Heading 2"):
        rfonts = doc.styles[style].element.rPr.find(qn("w:rFonts"))
        fonts[style] = rfonts.get(qn("w:eastAsia"))
    assert fonts == {"Normal": "BIZ UD明朝", "Heading 1": "BIZ UDゴシック", "Heading 2": "BIZ UDゴシック"}


@pytest.mark.parametrize("name", SAMPLES)
def test_the_pdf_is_set_in_biz_ud_fonts(kiroku: dict[str, dict[str, Path]], name: str) -> None:
    rows = pdffonts(kiroku[name]["pdf"])
    assert {re.sub(r"^[A-Z]{6}\+", "", r["name"]) for r in rows} == {"BIZUDMincho-Regular", "BIZUDGothic-Regular"}
    assert all(r["emb"] == "yes" for r in rows)


@pytest.mark.parametrize("name", SAMPLES)
def test_compact_takes_fewer_pages_than_the_default_template(
    kiroku: dict[str, dict[str, Path]], built: dict[str, dict[str, Path]], name: str
) -> None:
    ours, default = pdf_pages(kiroku[name]["pdf"]), pdf_pages(built[name]["pdf"])
    assert len(ours) < len(default), (len(ours), len(default))
    assert all(page.strip() for page in ours), "a blank page"


def test_parts_follow_on_without_a_page_break(kiroku: dict[str, dict[str, Path]]) -> None:
    pages = [[normalise(line) for line in page.splitlines() if line.strip()]
             for page in pdf_pages(kiroku["okitama-r1"]["pdf"])]
    assert pages[2][0] == "はじめに"  # the body starts on the page after the 目次 …
    assert "集合研修" in pages[2]  # … and the next part follows on the same page


def _small_records(folder: Path) -> Path:
    """A report in 和暦 with a fiscal year, a visit with participants, and an appendix with a table."""
    write(folder, "report.yaml", """\
report:
  title: 交流事業報告書
  fiscal_year: 2019
  dates:
    calendar: 和暦
organisation:
  name: 見本の会
visits:
  - places:
      - prefecture: 山形県
        municipality: 南陽市
    held_at: 東京
    date: 2019-08-01
    participants: 9
    text:
      - "南陽市の皆さまと意見交換を行いました。"
appendices:
  - title: 参加者の内訳
    text:
      - "参加者の内訳は次のとおりです。"
    table:
      header: [所属, 人数]
      rows:
        - [南陽市, "5"]
        - [見本の会, "4"]
""")
    return folder


def test_appendices_participants_and_a_stated_fiscal_year(tmp_path: Path) -> None:
    built = build(_small_records(tmp_path / "sample"), tmp_path / "out", "kiroku")
    paths = {p.suffix[1:]: p for p in built.files}
    doc = Document(str(paths["docx"]))
    paragraphs = [(p.style.name, p.text) for p in doc.paragraphs]
    assert ("Heading 2", "山形県南陽市（於：東京）令和元年8月1日（木）") in paragraphs
    assert ("log-detail-end", "参加者：9名") in paragraphs
    assert ("Heading 1", "資料") in paragraphs and ("Heading 2", "参加者の内訳") in paragraphs
    table = doc.tables[0]
    assert [[c.text for c in row.cells] for row in table.rows] == [["所属", "人数"], ["南陽市", "5"], ["見本の会", "4"]]
    pages = [normalise(page) for page in pdf_pages(paths["pdf"])]
    assert "令和元年度" in pages[0] and "2019年度" not in pages[0]
    assert pages[-1].startswith("資料参加者の内訳")  # 資料 starts a page of its own
    assert "2019年8月1日" not in normalise(docx_text(paths["docx"]))


@pytest.mark.parametrize(("settings", "label"), [
    ("  fiscal_year: 2017\n", "平成29年度"),
    ("  fiscal_year: 2017\n  dates:\n    calendar: 西暦\n", "2017年度"),
    ("  fiscal_year: 2019\n  dates:\n    fiscal_year_era: 4月1日\n", "平成31年度"),
    ("  fiscal_year: 2017\n  dates:\n    numerals: 漢数字\n", "平成二十九年度"),
    ("  fiscal_year: 2017\n  year_label: 平成二十九年度(二〇一七年度)\n", "平成二十九年度(二〇一七年度)"),
])
def test_the_cover_year_follows_every_date_setting_of_the_records(tmp_path: Path, settings: str, label: str) -> None:
    write(tmp_path / "r", "report.yaml", "report:\n  title: 年報\n" + settings + "organisation:\n  name: 見本の会\n")
    built = build(tmp_path / "r", tmp_path / "out", "kiroku", ("pdf", "docx"))
    paths = {p.suffix[1:]: p for p in built.files}
    assert normalise(label) in normalise(pdf_pages(paths["pdf"])[0])
    cover = [p.text for p in Document(str(paths["docx"])).paragraphs if p.style.name == "cover-year"]
    assert cover == [label]


def test_the_docx_has_no_character_grid_to_space_out_the_headings(kiroku: dict[str, dict[str, Path]]) -> None:
    """style.yaml sets grid: null: with Word's 文字数と行数 a heading larger than the body would be
    spaced out to the grid (第 1 回 集 合 研 修)."""
    section = Document(str(kiroku["okitama-r1"]["docx"])).sections[0]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid is None or grid.get(qn("w:type")) != "linesAndChars"
