"""The HTML edition as a website visitor gets it: one self-contained page that says what the PDF
says (every seed sentence, read back from the page and from what headless Chromium shows), with
the 目次 as links to the headings, tables with header cells, the report's fonts and styles, and
emphasis set as the PDF sets it.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date
from functools import cache
from pathlib import Path

import lxml.html
import pytest
from conftest import RECORDS, SAMPLES, normalise
from PIL import Image
from test_build import seed_expectations

from nenpo.build import STYLE_FILE, build, bundled_templates, prepare
from nenpo.cli import main
from nenpo.document import model as dm
from nenpo.errors import Location
from nenpo.style import load_styles
from nenpo.writers.fonts import find_font
from nenpo.writers.html import font_families, render_html

TEMPLATES = ("default", "kiroku")
CASES = [(template, name) for template in TEMPLATES for name in SAMPLES]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Both samples built as HTML with both bundled templates: {(template, sample): path}."""
    result: dict[tuple[str, str], Path] = {}
    for template in TEMPLATES:
        out = tmp_path_factory.mktemp(f"html-{template}")
        for name in SAMPLES:
            built = build(RECORDS / name, out, template, formats=("html",))
            assert built.notices == []
            (path,) = built.files
            result[template, name] = path
    return result


def _tree(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(path.read_bytes())


@cache
def _model(template: str, name: str) -> dm.Document:
    return prepare(RECORDS / name, template, ("html",)).document


def _missing_seed_text(text: str, template: str, name: str) -> dict[str, list[str]]:
    """The seed's sentences, talk titles, names and dates not found in `text` (empty when all are).

    A talk title with a 。 makes the seed's "〇「…。" a sentence; kiroku marks talks with ・, so there
    the 〇 is not asked for (as tests/templates/test_kiroku.py reads its PDF and DOCX)."""
    found = normalise(text)
    mark = "〇" if template == "kiroku" else ""
    missing = {kind: [item for item in items if normalise(item.removeprefix(mark)) not in found]
               for kind, items in seed_expectations(name).items()}
    return {kind: items for kind, items in missing.items() if items}


# --- the page as parsed ------------------------------------------------------------------------


@pytest.mark.parametrize(("template", "name"), CASES)
def test_every_seed_sentence_title_name_and_date_is_on_the_page(
        pages: dict[tuple[str, str], Path], template: str, name: str) -> None:
    body = _tree(pages[template, name]).body
    assert _missing_seed_text(body.text_content(), template, name) == {}


@pytest.mark.parametrize(("template", "name"), CASES)
def test_the_page_is_japanese_utf8_and_titled_from_the_metadata(
        pages: dict[tuple[str, str], Path], template: str, name: str) -> None:
    tree = _tree(pages[template, name])
    assert tree.get("lang") == "ja"
    assert tree.xpath("//head/meta[@charset]")[0].get("charset") == "utf-8"
    meta = _model(template, name).metadata
    assert tree.findtext(".//title") == meta.title
    assert tree.xpath("//meta[@name='author']")[0].get("content") == meta.author


@pytest.mark.parametrize(("template", "name"), CASES)
def test_toc_links_every_level_1_2_heading_in_order(
        pages: dict[tuple[str, str], Path], template: str, name: str) -> None:
    tree = _tree(pages[template, name])
    (toc,) = tree.xpath("//nav[@class='toc']")
    assert toc.xpath("p")[0].text_content() == "目次"
    links = toc.xpath(".//a")
    assert len(links) >= 4
    targets = []
    for link in links:
        href = link.get("href")
        assert href.startswith("#"), href
        (target,) = tree.xpath(f"//*[@id='{href[1:]}']")
        assert target.tag in ("h1", "h2"), target.tag
        assert target.text_content() == link.text_content()
        targets.append(target)
    in_body = [h for h in tree.xpath("//h1|//h2") if not h.xpath("ancestor::nav")]
    assert targets == in_body  # every level 1–2 heading, in the order of the page


@pytest.mark.parametrize(("template", "name"), CASES)
def test_headings_keep_their_levels_and_ids_are_unique(
        pages: dict[tuple[str, str], Path], template: str, name: str) -> None:
    tree = _tree(pages[template, name])
    shown = [(int(h.tag[1]), h.text_content()) for h in tree.xpath("//h1|//h2|//h3|//h4|//h5|//h6")]
    expected = [(b.level, b.text) for b in _model(template, name).blocks if isinstance(b, dm.Heading)]
    assert shown == expected
    assert {level for level, _ in shown} >= {1, 2}
    ids = tree.xpath("//@id")
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(("template", "name"), CASES)
def test_tables_have_header_cells(pages: dict[tuple[str, str], Path], template: str, name: str) -> None:
    tree = _tree(pages[template, name])
    tables = tree.xpath("//table")
    model = [b for b in _model(template, name).blocks if isinstance(b, dm.Table)]
    assert len(tables) == len(model)
    for table, block in zip(tables, model, strict=True):
        header = [th.text_content() for th in table.xpath("thead/tr/th")]
        assert header == [dm.plain(c) for c in block.header]
        assert all(th.get("scope") == "col" for th in table.xpath(".//th"))
        assert len(table.xpath("tbody/tr")) == len(block.rows)


def test_okitama_shows_its_appendix_tables(pages: dict[tuple[str, str], Path]) -> None:
    tables = _tree(pages["default", "okitama-r1"]).xpath("//section[@class='appendix']//table")
    assert len(tables) == 2
    assert "大杉覚" in normalise(tables[1].text_content())


@pytest.mark.parametrize(("template", "name"), CASES)
def test_the_page_loads_nothing_from_elsewhere(pages: dict[tuple[str, str], Path], template: str, name: str) -> None:
    tree = _tree(pages[template, name])
    assert tree.xpath("//script|//link|//img|//iframe|//object|//embed|//video|//audio|//source") == []
    assert tree.xpath("//@src|//@srcset|//@action|//@data") == []
    assert all(href.startswith("#") for href in tree.xpath("//@href"))
    css = "\n".join(tree.xpath("//style/text()"))
    assert "url(" not in css and "@import" not in css


@pytest.mark.parametrize(("template", "name"), CASES)
def test_same_records_give_the_same_bytes(pages: dict[tuple[str, str], Path], template: str, name: str) -> None:
    prepared = prepare(RECORDS / name, template, ("html",))
    assert render_html(prepared.document, prepared.styles) == pages[template, name].read_bytes()


# --- the look: fonts and styles ----------------------------------------------------------------


def _rule(css: str, selector: str) -> dict[str, str]:
    """The declarations of the first rule for exactly `selector` in a stylesheet."""
    m = re.search(rf"(?m)^{re.escape(selector)} \{{([^}}]*)\}}", css)
    assert m, f"no rule for {selector}"
    return dict(tuple(part.strip() for part in d.split(":", 1)) for d in m[1].split(";") if ":" in d)


def _css(path: Path) -> str:
    return "\n".join(_tree(path).xpath("//style/text()"))


def test_fonts_are_the_styles_own_then_fallbacks(pages: dict[tuple[str, str], Path]) -> None:
    """Every font the style lists, in its order and by each of its names, then the usual faces."""
    default = _rule(_css(pages["default", "okitama-r1"]), ":root")
    assert default["--mincho"] == (
        '"IPAex明朝", "IPAexMincho", "IPAex Mincho", "BIZ UD明朝", "BIZUDMincho", "BIZ UDMincho", '
        '"游明朝", "Yu Mincho", "YuMincho", "ＭＳ 明朝", "MS Mincho", "Hiragino Mincho ProN", "Noto Serif JP", serif')
    assert default["--gothic"].startswith('"IPAexゴシック", "IPAexGothic", "IPAex Gothic", "BIZ UDゴシック"')
    assert default["--gothic"].endswith('"ＭＳ ゴシック", "MS Gothic", "Hiragino Sans", "Noto Sans JP", sans-serif')
    kiroku = _rule(_css(pages["kiroku", "okitama-r1"]), ":root")
    assert kiroku["--mincho"].startswith('"BIZ UD明朝"') and kiroku["--gothic"].startswith('"BIZ UDゴシック"')


def test_a_font_given_as_a_file_is_named_by_its_family(tmp_path: Path) -> None:
    """A template that brings its own font file: the page names the family inside the file (as the
    DOCX does), since a browser finds fonts by family, not by a file on the builder's machine."""
    installed = find_font("IPAexMincho", [], Location())
    shutil.copy(installed.path, tmp_path / "own-mincho.ttf")
    style = (bundled_templates() / "default" / STYLE_FILE).read_text(encoding="utf-8")
    (tmp_path / STYLE_FILE).write_text(style.replace("mincho: [IPAexMincho, BIZ UD明朝, 游明朝, ＭＳ 明朝]", "mincho: own-mincho.ttf"), encoding="utf-8")
    families = font_families(load_styles(tmp_path / STYLE_FILE), "mincho")
    assert families[0] in ("IPAex明朝", "IPAexMincho")
    assert families[-1] == "serif"


def test_paragraph_styles_carry_the_style_sheets_sizes_indents_and_alignment(
        pages: dict[tuple[str, str], Path]) -> None:
    css = _css(pages["default", "okitama-r1"])
    normal = _rule(css, ".s-Normal")
    assert (normal["font-family"], normal["font-size"], normal["text-indent"], normal["text-align"]) == (
        "var(--mincho)", "10.5pt", "1em", "justify")
    assert normal["line-height"] == "1.7143"  # 18 pt of 10.5 pt
    heading = _rule(css, ".s-Heading-1")
    assert (heading["font-family"], heading["font-size"], heading["text-align"]) == ("var(--gothic)", "15pt", "left")
    programme = _rule(css, ".s-programme")  # a hanging indent: the 〇 hangs out by one 字
    assert (programme["text-indent"], programme["margin"]) == ("-1em", "0pt 0 0pt 1em")
    body = _rule(css, "body")
    assert (body["line-break"], body["word-break"]) == ("strict", "normal")
    kiroku = _rule(_css(pages["kiroku", "okitama-r1"]), ".s-Heading-1")
    assert (kiroku["color"], kiroku["font-size"]) == ("#1f3864", "14pt")


@pytest.mark.parametrize(("template", "name"), CASES)
def test_every_block_is_set_in_a_class_of_its_style(pages: dict[tuple[str, str], Path], template: str,
                                                    name: str) -> None:
    tree = _tree(pages[template, name])
    css = _css(pages[template, name])
    classes = {c for el in tree.xpath("//main//p|//main//h1|//main//h2|//main//h3|//td|//th|//li")
               for c in el.get("class", "").split()}
    assert classes
    for name_ in classes:
        assert _rule(css, f".{name_}")


# --- emphasis, line breaks, escaping, unknown blocks: a small document ---------------------------


def _small(*blocks: dm.Block) -> bytes:
    styles = load_styles(bundled_templates() / "default" / STYLE_FILE)
    document = dm.Document((dm.Section("body", blocks),), dm.Metadata("題 <b>&", "組合", created=date(2020, 3, 31)))
    return render_html(document, styles)


def test_bold_runs_are_strong_set_as_the_pdf_sets_them() -> None:
    runs = (dm.Run("地の文、"), dm.Run("太字", bold=True), dm.Run("と"), dm.Run("両方", bold=True), dm.Run("。"))
    raw = _small(dm.Paragraph(runs), dm.Paragraph((dm.Run("項目その一"),), "List"))
    tree = lxml.html.document_fromstring(raw)
    (p, item) = tree.xpath("//main//p")
    assert [s.text_content() for s in p.xpath("strong")] == ["太字", "両方"]
    assert p.text_content() == "地の文、太字と両方。"
    assert item.get("class") == "s-List" and item.text_content() == "項目その一"
    css = "\n".join(tree.xpath("//style/text()"))
    # dm.EMPHASIS_FONT: bold is set in ゴシック at its regular weight (there is no bold 明朝), as in the PDF.
    assert _rule(css, "strong") == {"font-family": "var(--gothic)", "font-weight": "normal"}


def test_a_hard_line_break_is_a_br_and_text_is_never_markup() -> None:
    raw = _small(dm.Heading(1, (dm.Run("<script>alert(1)</script> & 見出し"),)),
                 dm.Paragraph((dm.Run("一行目\n二行目 \"&<b>\""),)),
                 dm.Table(((dm.Run("欄</th>"),),), (((dm.Run("<td>値"),),),)))
    tree = lxml.html.document_fromstring(raw)
    assert tree.xpath("//script|//b") == []
    assert tree.findtext(".//title") == "題 <b>&"
    assert tree.xpath("//h1")[0].text_content() == "<script>alert(1)</script> & 見出し"
    p = tree.xpath("//main//p")[0]
    assert len(p.xpath("br")) == 1 and p.text_content() == "一行目二行目 \"&<b>\""
    assert [c.text_content() for c in tree.xpath("//th|//td")] == ["欄</th>", "<td>値"]


def test_page_breaks_leave_nothing_and_short_rows_are_filled() -> None:
    table = dm.Table(((dm.Run("一"),), (dm.Run("二"),)), (((dm.Run("a"),),),))
    tree = lxml.html.document_fromstring(_small(dm.Paragraph((dm.Run("前"),)), dm.PageBreak(), table))
    assert [p.text_content() for p in tree.xpath("//main//p")] == ["前"]
    assert [td.text_content() for td in tree.xpath("//tbody/tr/td")] == ["a", ""]


def test_an_unknown_block_is_refused_not_dropped() -> None:
    class Figure:
        pass

    with pytest.raises(TypeError, match="unknown block"):
        _small(dm.Paragraph((dm.Run("前"),)), Figure())  # type: ignore[arg-type]


def test_the_cli_builds_html(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = main(["build", str(RECORDS / "project-k"), "-o", str(tmp_path), "--format", "html"], out, err)
    assert (code, err.getvalue()) == (0, "")
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith(".")] == ["project-k.html"]


# --- in a real browser: headless Chromium ------------------------------------------------------


def _chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        if found := shutil.which(name):
            return found
    pytest.fail("chromium (headless) is not installed: run `bash scripts/setup --test`")


def _run_chromium(tmp_path: Path, *args: str) -> None:
    """Headless Chromium with its own profile folder (tests may run side by side)."""
    command = [_chromium(), "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run",
               f"--user-data-dir={tmp_path / 'profile'}", *args]
    done = subprocess.run(command, capture_output=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]


@pytest.mark.parametrize(("template", "name"), CASES)
def test_chromium_shows_every_seed_sentence(pages: dict[tuple[str, str], Path], tmp_path: Path, template: str,
                                            name: str) -> None:
    pdf = tmp_path / "printed.pdf"
    _run_chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", pages[template, name].as_uri())
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True).stdout.decode("utf-8")
    assert _missing_seed_text(text, template, name) == {}


@pytest.mark.parametrize("template", TEMPLATES)
def test_chromium_draws_a_page_that_is_not_blank(pages: dict[tuple[str, str], Path], tmp_path: Path,
                                                 template: str) -> None:
    png = tmp_path / "page.png"
    _run_chromium(tmp_path, f"--screenshot={png}", "--window-size=1000,3000",
                  pages[template, "okitama-r1"].as_uri())
    with Image.open(png) as image:
        assert image.size == (1000, 3000)
        grey = image.convert("L")
        histogram = grey.histogram()
    dark = sum(histogram[:128]) / (1000 * 3000)  # the ink of the text
    white = sum(histogram[250:]) / (1000 * 3000)  # the paper
    assert 0.005 < dark < 0.2, dark
    assert white > 0.4, white


def test_chromium_sets_a_line_head_opening_bracket_flush_as_the_pdf_does(
    pages: dict[tuple[str, str], Path], tmp_path: Path
) -> None:
    """text-spacing-trim: a 「 or 【 at a line's head gives up its blank half, so its ink starts where
    the other lines' first letters do (JLReq 3.1.5; the PDF's line breaker does the same)."""
    from typeset.pdf_glyphs import pdf_lines

    pdf = tmp_path / "printed.pdf"
    _run_chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", pages["default", "okitama-r1"].as_uri())
    lines = pdf_lines(pdf)
    heads = [line for line in lines if line.glyphs[0].ch in "「【"]
    starts = {(line.page, round(line.glyphs[0].x, 1)) for line in lines if line.glyphs[0].ch not in "「【（『"}
    assert len(heads) >= 5
    for head in heads:
        first, letter = head.glyphs[0], head.glyphs[1]
        em = letter.end - letter.x  # a kana's advance: the em the line is set in
        assert any(page == head.page and abs(x - (first.x + em / 2)) < 0.6 for page, x in starts), (
            head.text, first.x, em)
