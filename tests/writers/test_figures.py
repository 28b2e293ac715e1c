"""Photos and the cover logo as a reader finds them in every format: each picture once in the file,
at no more than the style's resolution, at the size the plan gives it (the same in the PDF, the DOCX
and the HTML), with its caption under it on the same page and its alt text where the format holds one.

Documents are built by hand, with pictures drawn by Pillow at the pixel size the plan asks for (as
the records' photos are downsampled before they reach a writer).
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import pdfplumber
import pytest
from conftest import normalise, pdf_body_text
from docx import Document as open_docx
from docx.oxml.ns import qn
from PIL import Image, ImageDraw

from nenpo.build import bundled_templates
from nenpo.document import model as dm
from nenpo.document.plan import Box, caption_inlines, figure_boxes, text_height_pt, text_width_pt
from nenpo.errors import NenpoError
from nenpo.style import Styles, load_styles
from nenpo.writers.docx import render_docx
from nenpo.writers.html import render_html
from nenpo.writers.pdf import render_pdf

TEMPLATES = ("default", "kiroku")
EMU_PER_PT = 12700


def _styles(template: str) -> Styles:
    return load_styles(bundled_templates() / template / "style.yaml")


def _drawn(size: tuple[int, int], colour: tuple[int, int, int], fmt: str) -> bytes:
    """A picture with visible content: a coloured field, a white disc and its size written on it."""
    image = Image.new("RGBA" if fmt == "png" else "RGB", size, colour)
    draw = ImageDraw.Draw(image)
    w, h = size
    draw.ellipse((w // 4, h // 4, 3 * w // 4, 3 * h // 4), fill=(255, 255, 255))
    draw.text((4, 4), f"{w}x{h}", fill=(0, 0, 0))
    out = io.BytesIO()
    image.save(out, fmt.upper())
    return out.getvalue()


def _picture(aspect: tuple[int, int], colour: tuple[int, int, int], box: Box, dpi: int,
             fmt: str = "jpeg") -> dm.Picture:
    """A picture of this aspect at the pixels its printed box needs at `dpi`."""
    big = (aspect[0] * 1000, aspect[1] * 1000)
    fitted = figure_box_of(big, box)
    size = fitted.pixels(dpi)
    return dm.Picture(_drawn(size, colour, fmt), fmt, *size)  # type: ignore[arg-type]


def figure_box_of(pixels: tuple[int, int], box: Box) -> Box:
    scale = min(box.width / pixels[0], box.height / pixels[1])
    return Box(pixels[0] * scale, pixels[1] * scale)


@dataclass(frozen=True)
class Case:
    """A hand-built report with a logo on the cover and two events' photos, one photo shown twice."""

    document: dm.Document
    styles: Styles
    photos: dm.Figures
    logo: dm.Figures

    @property
    def figures(self) -> list[dm.Figure]:
        return [*self.logo.figures, *self.photos.figures]

    @property
    def distinct(self) -> int:
        return len({f.picture.key for f in self.figures})


def _case(template: str) -> Case:
    styles = _styles(template)
    spec, column = styles.figures, text_width_pt(styles)
    per_row = spec.per_row
    cell = Box((column - (per_row - 1) * spec.gap_mm * 72 / 25.4) / per_row, spec.max_height_mm * 72 / 25.4)
    wide = _picture((4, 3), (200, 60, 60), cell, spec.dpi)
    tall = _picture((3, 4), (60, 160, 60), cell, spec.dpi)
    panorama = _picture((3, 1), (60, 60, 200), cell, spec.dpi)
    logo_picture = _picture((3, 1), (40, 40, 160), Box(spec.logo_width_mm * 72 / 25.4, 1000), spec.dpi, "png")
    photos = dm.Figures((
        dm.Figure(wide, "写真1", (dm.Run("グループワークの様子"),), "班に分かれて話し合う参加者"),
        dm.Figure(tall, "写真2", (dm.Run("講師の講演。"), dm.Run("質疑応答", bold=True)), "演台で話す講師"),
        dm.Figure(panorama, "写真3", (dm.Run("会場の全景"),), "会場を後ろから見た様子"),
        dm.Figure(wide, "写真4", (dm.Run("まとめの発表"),), "班の代表が発表する様子"),
    ), per_row=per_row)
    logo = dm.Figures((dm.Figure(logo_picture, "", (), "置賜広域行政事務組合のロゴ"),), per_row=1, kind="logo")

    def para(text: str, style: str = "Normal") -> dm.Paragraph:
        return dm.Paragraph((dm.Run(text),), style)

    document = dm.Document((
        dm.Section("cover", (logo, para("令和元年度 報告書", "Title"))),
        dm.Section("body", (
            dm.Heading(1, (dm.Run("第1回集合研修"),)), para("研修の内容を記す。" * 60), photos,
            para("第2回の前の本文。" * 40), photos,
        )),
    ), dm.Metadata("令和元年度 報告書", "置賜広域行政事務組合"))
    return Case(document, styles, photos, logo)


@pytest.fixture(scope="module", params=TEMPLATES)
def case(request: pytest.FixtureRequest) -> Case:
    return _case(request.param)


@pytest.fixture(scope="module")
def pdf_file(case: Case, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("figures") / "report.pdf"
    path.write_bytes(render_pdf(case.document, case.styles))
    return path


def _boxes(case: Case, figures: dm.Figures) -> list[Box]:
    return list(figure_boxes(figures, text_width_pt(case.styles), case.styles.figures, text_height_pt(case.styles)))


def _caption(figure: dm.Figure) -> str:
    return dm.plain(caption_inlines(figure))


# --- PDF ------------------------------------------------------------------------------------


def _pdfimages(pdf: Path) -> list[dict[str, str]]:
    """Rows of `pdfimages -list`: page, type, width, height, enc, object, x-ppi, y-ppi …"""
    out = subprocess.run(["pdfimages", "-list", str(pdf)], check=True, capture_output=True, text=True).stdout
    lines = out.splitlines()
    head = lines[0].split()
    return [dict(zip(head, line.split(), strict=False)) for line in lines[2:]]


def test_the_pdf_embeds_each_picture_once_at_no_more_than_the_style_dpi(case: Case, pdf_file: Path) -> None:
    images = [row for row in _pdfimages(pdf_file) if row["type"] == "image"]
    shown = len(case.logo.figures) + 2 * len(case.photos.figures)
    assert len(images) == shown  # every picture drawn where it is shown
    assert len({row["object"] for row in images}) == case.distinct  # … from one image object each
    dpi = case.styles.figures.dpi
    assert all(int(row["x-ppi"]) <= dpi + 1 and int(row["y-ppi"]) <= dpi + 1 for row in images), images
    logo = images[0]["object"]  # the cover's, drawn first
    assert {row["enc"] for row in images if row["object"] != logo} == {"jpeg"}  # photos as they came


def test_the_pdf_sets_each_picture_in_the_plan_box_with_its_caption_under_it(case: Case, pdf_file: Path) -> None:
    expected = [*_boxes(case, case.logo), *_boxes(case, case.photos) * 2]
    captions = [_caption(f) for f in (*case.logo.figures, *case.photos.figures * 2)]
    found: list[tuple[float, float]] = []
    with pdfplumber.open(pdf_file) as pdf:
        for page in pdf.pages:
            for image in sorted(page.images, key=lambda i: (round(i["top"]), i["x0"])):
                found.append((image["width"], image["height"]))
                under = page.crop((image["x0"] - 30, image["bottom"], image["x1"] + 30,
                                   min(image["bottom"] + 40, page.height))).extract_text()
                caption = captions[len(found) - 1]
                if caption:  # on the same page, right under the picture
                    assert normalise(caption)[:8] in normalise(under), (caption, under)
    assert len(found) == len(expected)
    for (width, height), box in zip(found, expected, strict=True):
        assert width == pytest.approx(box.width, abs=0.01) and height == pytest.approx(box.height, abs=0.01)


def test_the_pdf_text_reads_each_caption_after_the_text_before_it(pdf_file: Path, case: Case) -> None:
    text = normalise(pdf_body_text(pdf_file))
    at = text.index(normalise("研修の内容を記す。"))
    for figure in case.photos.figures:
        at = text.index(normalise(_caption(figure)), at)  # in order, after the event's text


def test_a_row_of_photos_at_the_foot_of_a_page_moves_whole_to_the_next(case: Case, tmp_path: Path) -> None:
    """However much text comes before, no picture is left at a page's foot without its caption (the
    filler moves the photos down the page a table line at a time, finer than the body's leading)."""
    for lines in range(26, 48):
        filler = tuple(dm.Paragraph((dm.Run(f"{n}行目"),), "Table") for n in range(lines))
        document = dm.Document((dm.Section("body", (*filler, case.photos)),), case.document.metadata)
        path = tmp_path / f"foot-{lines}.pdf"
        path.write_bytes(render_pdf(document, case.styles))
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                for image in page.images:
                    under = page.crop((image["x0"] - 30, image["bottom"], image["x1"] + 30,
                                       min(image["bottom"] + 40, page.height))).extract_text()
                    assert "写真" in under, (lines, page.page_number)


def test_a_picture_taller_than_the_page_is_set_smaller_with_its_caption(tmp_path: Path) -> None:
    sheet = tmp_path / "style.yaml"
    text = (bundled_templates() / "default" / "style.yaml").read_text(encoding="utf-8")
    sheet.write_text(text.replace("per_row: 2", "per_row: 1").replace("max_height_mm: 70", "max_height_mm: 250"),
                     encoding="utf-8")
    styles = load_styles(sheet)
    tower = dm.Picture(_drawn((200, 1200), (90, 90, 90), "jpeg"), "jpeg", 200, 1200)
    photos = dm.Figures((dm.Figure(tower, "写真1", (dm.Run("電波塔"),), "高い塔"),), per_row=1)
    document = dm.Document((dm.Section("body", (dm.Paragraph((dm.Run("本文。"),)), photos)),),
                           dm.Metadata("報告書", "事務局"))
    path = tmp_path / "tower.pdf"
    path.write_bytes(render_pdf(document, styles))
    with pdfplumber.open(path) as pdf:
        (page,) = pdf.pages
        (image,) = page.images
        assert image["height"] < styles.page.text_height_mm * 72 / 25.4
        assert "写真1" in page.crop((0, image["bottom"], page.width, image["bottom"] + 30)).extract_text()


# --- DOCX -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def docx_data(case: Case) -> bytes:
    return render_docx(case.document, case.styles)


def test_the_docx_holds_real_pictures_of_the_plan_size_with_alt_text(case: Case, docx_data: bytes) -> None:
    doc = open_docx(io.BytesIO(docx_data))
    shapes = list(doc.inline_shapes)
    shown = [*case.logo.figures, *case.photos.figures * 2]
    boxes = [*_boxes(case, case.logo), *_boxes(case, case.photos) * 2]
    assert len(shapes) == len(shown)
    for shape, figure, box in zip(shapes, shown, boxes, strict=True):
        assert (shape.width, shape.height) == (round(box.width * EMU_PER_PT), round(box.height * EMU_PER_PT))
        doc_pr = shape._inline.docPr
        assert doc_pr.get("descr") == figure.alt
        assert (doc_pr.get("title") or "") == _caption(figure)
    ids = [s._inline.docPr.get("id") for s in shapes]
    assert len(set(ids)) == len(ids)


def test_the_docx_stores_a_picture_shown_twice_once(case: Case, docx_data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(docx_data)) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
    assert len(media) == case.distinct


def test_the_docx_puts_a_caption_paragraph_under_each_picture(case: Case, docx_data: bytes) -> None:
    doc = open_docx(io.BytesIO(docx_data))
    name = case.styles.figures.caption_style
    body = doc.element.body
    pictures = [p for p in body.iter(qn("w:p")) if p.find(f".//{qn('w:drawing')}") is not None]
    captioned = [f for f in (*case.logo.figures, *case.photos.figures * 2)]
    texts = []
    for p, figure in zip(pictures, captioned, strict=True):
        following = p.getnext()
        if _caption(figure):
            assert p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None  # kept with its caption
            style = following.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val"))
            assert doc.styles.get_by_id(style, 1).name == name
            texts.append("".join(t.text for t in following.iter(qn("w:t"))))
    assert texts == [_caption(f) for f in captioned if _caption(f)]
    assert "写真2\u3000講師の講演。質疑応答" in texts
    for table in doc.tables:  # the rows of photos: never split across pages, no rules
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        assert {b.get(qn("w:val")) for b in borders} == {"nil"}


def test_libreoffice_renders_the_docx_with_every_picture(case: Case, docx_data: bytes, tmp_path: Path) -> None:
    docx = tmp_path / "report.docx"
    docx.write_bytes(docx_data)
    try:
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
                       check=True, capture_output=True, timeout=180)
    except (FileNotFoundError, subprocess.TimeoutExpired):
        pytest.skip("LibreOffice is not available")
    with pdfplumber.open(tmp_path / "report.pdf") as pdf:
        sizes = [(i["width"], i["height"]) for page in pdf.pages for i in page.images]
        text = normalise("".join(page.extract_text() for page in pdf.pages))
    boxes = [*_boxes(case, case.logo), *_boxes(case, case.photos) * 2]
    assert len(sizes) == len(boxes)
    flat = [v for size in sorted(sizes) for v in size]
    assert flat == pytest.approx([v for b in sorted((b.width, b.height) for b in boxes) for v in b], abs=0.6)
    for figure in case.photos.figures:
        assert normalise(_caption(figure)) in text


# --- HTML -----------------------------------------------------------------------------------


def test_the_html_shows_figures_with_alt_text_captions_and_the_plan_width(case: Case) -> None:
    tree = lxml.html.document_fromstring(render_html(case.document, case.styles))
    images = tree.xpath("//figure/img")
    shown = [*case.logo.figures, *case.photos.figures * 2]
    boxes = [*_boxes(case, case.logo), *_boxes(case, case.photos) * 2]
    assert len(images) == len(shown)
    for img, figure, box in zip(images, shown, boxes, strict=True):
        assert img.get("alt") == figure.alt
        assert img.get("src").startswith("data:image/" + ("png" if figure.picture.format == "png" else "jpeg"))
        width = float(re.search(r"width: ([\d.]+)pt", img.get("style")).group(1))
        assert width == pytest.approx(box.width, abs=0.001)
        caption = img.getparent().find("figcaption")
        assert (caption.text_content() if caption is not None else "") == _caption(figure)
    grids = tree.xpath("//div[contains(@class, 'figures')]")
    assert len(grids) == 2 and all(f"figures-{case.photos.per_row}" in g.get("class") for g in grids)
    css = tree.xpath("//style")[0].text
    assert "break-inside: avoid" in css


# --- every writer ---------------------------------------------------------------------------


@pytest.mark.parametrize("render", [render_pdf, render_docx, render_html])
def test_the_same_document_gives_the_same_bytes(render, case: Case) -> None:  # type: ignore[no-untyped-def]
    assert render(case.document, case.styles) == render(case.document, case.styles)


@pytest.mark.parametrize("render", [render_pdf, render_docx, render_html])
def test_a_caption_style_the_sheet_lacks_is_an_error_not_a_crash(render, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sheet = tmp_path / "style.yaml"
    text = (bundled_templates() / "default" / "style.yaml").read_text(encoding="utf-8")
    sheet.write_text(text.replace("caption_style: Caption", "caption_style: Kyapushon"), encoding="utf-8")
    case = _case("default")
    with pytest.raises(NenpoError) as raised:
        render(case.document, load_styles(sheet))
    assert "Kyapushon" in str(raised.value.problems[0].message.render("ja"))


@pytest.mark.parametrize("render", [render_pdf, render_docx, render_html])
def test_a_block_no_writer_knows_is_refused_not_dropped(render) -> None:  # type: ignore[no-untyped-def]
    @dataclass(frozen=True)
    class Chart:
        origin: None = None

    case = _case("default")
    document = dm.Document((dm.Section("body", (Chart(),)),), case.document.metadata)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="unknown block"):
        render(document, case.styles)
