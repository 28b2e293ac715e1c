"""The PDF as an official reads and files it: fonts, pages, numbers, bookmarks, metadata."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from conftest import RECORDS, pdf_pages, pdffonts
from nenpo.build import build, check, compose, find_template
from nenpo.errors import NenpoError
from nenpo.style import load_styles
from nenpo.typeset import kinsoku
from nenpo.writers.pdf import render_pdf

MM = 72 / 25.4


@pytest.mark.parametrize("name", ["okitama-r1", "project-k"])
def test_every_font_is_embedded_as_a_subset_and_japanese(built: dict[str, dict[str, Path]], name: str) -> None:
    rows = pdffonts(built[name]["pdf"])
    assert rows
    assert all(r["emb"] == "yes" and r["sub"] == "yes" for r in rows), rows
    families = {re.sub(r"^[A-Z]{6}\+", "", r["name"]) for r in rows}
    assert families == {"IPAexMincho", "IPAexGothic"}


def test_pages_are_a4(built: dict[str, dict[str, Path]]) -> None:
    reader = PdfReader(built["okitama-r1"]["pdf"])
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(210 * MM, abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(297 * MM, abs=0.5)


def test_page_numbers_at_the_foot_none_on_the_cover(built: dict[str, dict[str, Path]]) -> None:
    pages = pdf_pages(built["okitama-r1"]["pdf"])
    assert not re.search(r"-\s*\d+\s*-", pages[0])
    for index, page in enumerate(pages[1:], start=1):
        last = [line for line in page.splitlines() if line.strip()][-1]
        assert re.fullmatch(rf"-\s*{index}\s*-", last.strip()), last
    with pdfplumber.open(built["okitama-r1"]["pdf"]) as pdf:
        page = pdf.pages[1]
        footer = [w for w in page.extract_words() if w["text"] == "1"][-1]
        assert footer["x0"] + footer["x1"] == pytest.approx(page.width, abs=4)  # centred
        assert page.height - footer["bottom"] == pytest.approx(15 * MM, abs=3)


def test_body_is_mincho_10_5pt_headings_gothic_within_the_margins(built: dict[str, dict[str, Path]]) -> None:
    with pdfplumber.open(built["okitama-r1"]["pdf"]) as pdf:
        page = pdf.pages[3]  # 集合研修, 第1回
        text = "".join(c["text"] for c in page.chars)
        heading_at = text.index("第1回集合研修")
        body_at = text.index("大杉覚教授の講話から")
        heading, body = page.chars[heading_at], page.chars[body_at]
        assert "Gothic" in heading["fontname"]
        assert "Mincho" in body["fontname"]
        assert body["size"] == pytest.approx(10.5)
        inside = [c for c in page.chars if c["top"] < page.height - 25 * MM]
        # A line-head opening bracket is set flush (JLReq 3.1.5): its blank left half lies outside.
        assert min(c["x0"] + _blank(c, "left") for c in inside) >= 30 * MM - 0.5
        assert min(c["top"] for c in inside) >= 35 * MM - 0.5
        # Without ぶら下げ in the style, no ink crosses the right margin (the default template's
        # styles do not ask for it); only a line-end 」。、 may pass it with its blank half, given up
        # by 追い込み (JLReq 3.1.9).
        right = page.width - 30 * MM
        over = [c["text"] for p in pdf.pages for c in p.chars if c["x1"] - _blank(c, "right") > right + 0.05]
        assert over == []


def _blank(char: dict, side: str) -> float:
    """The blank (points) a full-width bracket, stop, comma or middle dot draws beside its ink."""
    if char["text"] in kinsoku.MIDDLE_DOTS:
        return char["size"] / 4
    marks = kinsoku.OPENING_BRACKETS if side == "left" else (
        kinsoku.CLOSING_BRACKETS | kinsoku.FULL_STOPS | kinsoku.COMMAS)
    return char["size"] / 2 if char["text"] in marks else 0.0


def test_bookmarks_follow_the_headings(built: dict[str, dict[str, Path]]) -> None:
    reader = PdfReader(built["okitama-r1"]["pdf"])
    outline = reader.outline
    top = [item.title for item in outline if not isinstance(item, list)]
    assert top == ["はじめに", "集合研修", "成果", "資料"]
    sessions = outline[2]
    assert isinstance(sessions, list)
    assert sessions[0].title == "第1回集合研修「広域連携のこの先を考える」"
    assert reader.get_destination_page_number(outline[0]) == 2


def test_metadata_title_author_language(built: dict[str, dict[str, Path]]) -> None:
    reader = PdfReader(built["okitama-r1"]["pdf"])
    assert reader.metadata.title == "令和元年度 広域連携事業報告書"
    assert reader.metadata.author == "置賜広域行政事務組合"
    assert reader.metadata.subject == "遠隔自治体間連携"
    assert reader.trailer["/Root"]["/Lang"] == "ja-JP"


def test_same_input_gives_the_same_bytes(tmp_path: Path) -> None:
    first = build(RECORDS / "project-k", tmp_path / "a", formats=("pdf", "docx")).files
    second = build(RECORDS / "project-k", tmp_path / "b", formats=("pdf", "docx")).files
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def _document_and_styles(tmp_path: Path, fonts: str):
    template = tmp_path / "tpl"
    default = find_template("default")
    (template / "partials").mkdir(parents=True)
    for file in default.rglob("*.j2"):
        (template / file.relative_to(default)).write_text(file.read_text(encoding="utf-8"), encoding="utf-8")
    style = (default / "style.yaml").read_text(encoding="utf-8")
    style = re.sub(r"(?m)^  mincho: .*$", f"  mincho: {fonts}", style)
    (template / "style.yaml").write_text(style, encoding="utf-8")
    styles = load_styles(template / "style.yaml")
    return compose(check(RECORDS / "project-k").report, template, styles), styles


def test_a_missing_font_file_is_an_error_naming_it(tmp_path: Path) -> None:
    document, styles = _document_and_styles(tmp_path, "missing-font.ttf")
    with pytest.raises(NenpoError) as err:
        render_pdf(document, styles)
    assert "フォントのファイル missing-font.ttf が見つかりません" in str(err.value)
    assert not (tmp_path / "bad.pdf").exists()


def test_a_missing_known_font_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import nenpo.writers.fonts as fonts

    monkeypatch.setattr(fonts, "system_font_dirs", lambda: [tmp_path / "empty"])
    document, styles = _document_and_styles(tmp_path, "IPAexMincho")
    with pytest.raises(NenpoError) as err:
        render_pdf(document, styles)
    message = str(err.value)
    assert "フォント「IPAex明朝」(IPAexMincho) が見つかりません" in message
    assert "apt install fonts-ipaexfont-mincho" in message
    assert "style.yaml" in message and "fonts.mincho" in message


def test_an_opentype_cff_font_is_refused_with_a_reason(tmp_path: Path) -> None:
    document, styles = _document_and_styles(tmp_path, "NotoSerifCJKjp-Regular.otf")
    (tmp_path / "tpl" / "NotoSerifCJKjp-Regular.otf").write_bytes(b"OTTO" + bytes(64))
    with pytest.raises(NenpoError) as err:
        render_pdf(document, styles)
    message = str(err.value)
    assert "OpenType (CFF)" in message and "TrueType" in message
    assert "style.yaml" in message
    assert not (tmp_path / "bad.pdf").exists()


def test_bizud_fonts_when_the_style_names_them(tmp_path: Path) -> None:
    document, styles = _document_and_styles(tmp_path, "BIZ UD明朝")
    (tmp_path / "biz.pdf").write_bytes(render_pdf(document, styles))
    families = {re.sub(r"^[A-Z]{6}\+", "", r["name"]) for r in pdffonts(tmp_path / "biz.pdf")}
    assert any(f.startswith("BIZUDMincho") for f in families), families


def test_a_table_row_taller_than_a_page_splits_across_pages(tmp_path: Path) -> None:
    """A lecturer at hundreds of sessions makes one cell longer than a page: split, don't crash."""
    from nenpo.document.model import Document, Metadata, Run, Section
    from nenpo.document.model import Table as TableBlock

    numbers = "、".join(str(n) for n in range(1, 1500))
    table = TableBlock(header=((Run("氏名"),), (Run("回"),)), rows=(((Run("大杉覚教授"),), (Run(numbers),)),))
    document = Document((Section("body", (table,)),), Metadata("表", "団体"))
    styles = load_styles(find_template("default") / "style.yaml")
    (tmp_path / "tall.pdf").write_bytes(render_pdf(document, styles))
    pages = pdf_pages(tmp_path / "tall.pdf")
    assert len(pages) >= 2
    assert "1499" in pages[-1] and "氏名" in pages[-1]  # the header row repeats on the continuation


def test_streams_are_flate_binary_not_ascii85_as_well(tmp_path: Path) -> None:
    """ASCII85 on top of Flate made every stream a quarter larger and cost the pure-Python encoder."""
    pdf = build(RECORDS / "okitama-r1", tmp_path, formats=("pdf",)).files[0].read_bytes()
    assert b"/FlateDecode" in pdf
    assert b"/ASCII85Decode" not in pdf
