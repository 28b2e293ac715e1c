"""Document model → .docx that editors can work in (python-docx).

Real Word styles (Title, Heading 1–3, Normal, TOC, table text) carrying the East Asian font
(`w:eastAsia`) and ja-JP, A4 with the style's margins, a `- PAGE -` footer that the cover does not
show, a TOC field Word refreshes on opening, header rows repeated across pages, and fixed
timestamps so that the same input gives the same bytes.

Photos are real inline pictures (Word's picture tools, alt text and captions work on them) in the
box document/plan.py gives each, in a borderless table whose rows never split across pages, each
picture above a paragraph in the caption style; a picture used twice is one media part.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.image.image import Image as DocxImage
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.section import CT_SectPr
from docx.oxml.shape import CT_Inline
from docx.oxml.table import CT_Tbl
from docx.oxml.text.font import CT_RPr
from docx.oxml.text.paragraph import CT_P
from docx.oxml.text.run import CT_R, CT_Text
from docx.parts.image import ImagePart
from docx.section import Section
from docx.shared import Emu, Inches, Mm, Pt, RGBColor, Twips
from docx.styles.style import BaseStyle
from docx.styles.style import ParagraphStyle as DocxParagraphStyle
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from nenpo.document import model as dm
from nenpo.document import plan as decided  # what every writer sets alike (目次, pages, figures, cells)
from nenpo.errors import Location, NenpoError
from nenpo.messages import Text
from nenpo.style import PT_PER_MM, ParagraphStyle, Styles
from nenpo.writers.docx_parts import (
    drop_styles_with_effects,
    link_character_styles,
    prune_styles,
    reset_paragraph_defaults,
    reset_style,
    set_font_table,
    set_theme_fonts,
)
from nenpo.writers.fonts import ResolvedFont
from nenpo.writers.layout import resolve_fonts, text_widths

_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
_FIXED_TIME = datetime(2000, 1, 1, tzinfo=UTC)
_LANG = "ja-JP"


def _child(parent: OxmlElement, tag: str, before: tuple[str, ...]) -> OxmlElement:
    """The child `tag` of `parent`, created in its schema place (before the first of `before`)."""
    found = parent.find(qn(tag))
    if found is not None:
        return found
    el = OxmlElement(tag)
    for name in before:
        if (anchor := parent.find(qn(name))) is not None:
            anchor.addprevious(el)
            return el
    parent.append(el)
    return el


_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
_AFTER_SZCS = ("w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign",
               "w:rtl", "w:cs", "w:em", "w:lang", *_AFTER_LANG)
_AFTER_UPDATE_FIELDS = ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars",
                        "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang",
                        "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
                        "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions",
                        "w:readModeInkLockDown", "w:smartTagType", "w:shapeDefaults",
                        "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator")
_AFTER_SPACING_CONTROL = ("w:printTwoOnOne", "w:strictFirstAndLastChars", "w:noLineBreaksAfter",
                          "w:noLineBreaksBefore", "w:savePreviewPicture", "w:doNotValidateAgainstSchema",
                          "w:saveInvalidXml", "w:ignoreMixedContent", "w:alwaysShowPlaceholderText",
                          "w:doNotDemarcateInvalidXml", "w:saveXmlDataOnly", "w:useXSLTWhenSaving",
                          "w:saveThroughXslt", "w:showXMLTags", "w:alwaysMergeEmptyNamespace", "w:updateFields",
                          *_AFTER_UPDATE_FIELDS)
_AFTER_DOCGRID = ("w:printerSettings", "w:sectPrChange")
_AFTER_PGNUMTYPE = ("w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection",
                    "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")


def _set_fonts(rpr: CT_RPr, font: str, size: float | None = None) -> None:
    """All four font slots and the language, so Word never falls back for Japanese."""
    fonts = rpr.get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), font)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    if size is not None:
        rpr.get_or_add_sz().val = Pt(size)
        _child(rpr, "w:szCs", _AFTER_SZCS).set(qn("w:val"), str(round(size * 2)))
    lang = _child(rpr, "w:lang", _AFTER_LANG)
    lang.set(qn("w:val"), _LANG)
    lang.set(qn("w:eastAsia"), _LANG)


def _doc_defaults(doc: DocxDocument, font: str, size: float) -> None:
    styles_el = doc.styles.element
    defaults = styles_el.find(qn("w:docDefaults"))
    rpr_default = _child(defaults, "w:rPrDefault", ("w:pPrDefault",))
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = parse_xml(f"<w:rPr {nsdecls('w')}/>")
        rpr_default.append(rpr)
    _set_fonts(rpr, font, size)


def _apply_style(doc: DocxDocument, spec: ParagraphStyle, fonts: dict[str, ResolvedFont], normal_size: float,
                 by_name: dict[str, BaseStyle]) -> None:
    """Set one style of style.yaml on the Word style of its name (`by_name`: the document's styles,
    looked up once: python-docx searches the whole list for each name)."""
    style = by_name.get(spec.name)
    if style is None:
        style = by_name[spec.name] = doc.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = by_name["Normal"]
    assert isinstance(style, DocxParagraphStyle)
    reset_style(style.element)
    style.hidden = False
    style.quick_style = True
    font = style.font
    font.size = Pt(spec.size)
    font.bold = False
    font.italic = False
    font.color.rgb = RGBColor.from_string(spec.color.lstrip("#").upper())
    _set_fonts(style.element.get_or_add_rPr(), fonts[spec.font].word_name)
    fmt = style.paragraph_format
    fmt.alignment = _ALIGN[spec.align]
    fmt.first_line_indent = Pt(spec.first_line_indent * spec.size)
    fmt.left_indent = Pt(spec.left_indent * spec.size)
    fmt.space_before = Pt(spec.space_before)
    fmt.space_after = Pt(spec.space_after)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(spec.leading)
    fmt.keep_with_next = spec.keep_with_next
    fmt.page_break_before = spec.page_break_before
    _typography(style.element.get_or_add_pPr(), spec, normal_size)


#: pPr children that follow w:autoSpaceDN in the schema's order.
_AFTER_AUTOSPACE_DN = ("w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                       "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
                       "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
                       "w:pPrChange")
_AFTER_AUTOSPACE_DE = ("w:autoSpaceDN", *_AFTER_AUTOSPACE_DN)
_AFTER_SNAP_TO_GRID = _AFTER_AUTOSPACE_DN[_AFTER_AUTOSPACE_DN.index("w:snapToGrid") + 1:]
_AFTER_OVERFLOW_PUNCT = ("w:topLinePunct", *_AFTER_AUTOSPACE_DE)


def _typography(ppr: OxmlElement, spec: ParagraphStyle, normal_size: float) -> None:
    """ぶら下げ (Word's overflowPunct), 和欧間 (autoSpaceDE/DN: Word's own quarter-em space), and
    the document grid only for text of the body's size: a 15 pt heading snapped to a 10.5 pt
    character grid takes two cells a character (目 次)."""
    on = {True: "1", False: "0"}
    _child(ppr, "w:overflowPunct", _AFTER_OVERFLOW_PUNCT).set(qn("w:val"), on[spec.hanging_punctuation])
    _child(ppr, "w:autoSpaceDE", _AFTER_AUTOSPACE_DE).set(qn("w:val"), on[spec.latin_spacing > 0])
    _child(ppr, "w:autoSpaceDN", _AFTER_AUTOSPACE_DN).set(qn("w:val"), on[spec.latin_spacing > 0])
    _child(ppr, "w:snapToGrid", _AFTER_SNAP_TO_GRID).set(qn("w:val"), on[spec.size == normal_size])


#: pPr children that follow w:tabs in the schema's order.
_AFTER_TABS = ("w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
               *_AFTER_AUTOSPACE_DE)


def _page_part_style(style: BaseStyle, width_twips: int) -> None:
    """The header's and footer's style: Normal's type with no indent, tab stops at the centre and
    the right edge of the text (python-docx's are those of a US Letter page)."""
    reset_style(style.element)
    ppr = style.element.get_or_add_pPr()
    ppr.append(parse_xml(
        f'<w:tabs {nsdecls("w")}><w:tab w:val="center" w:pos="{width_twips // 2}"/>'
        f'<w:tab w:val="right" w:pos="{width_twips}"/></w:tabs>'))
    ppr.append(parse_xml(f'<w:ind {nsdecls("w")} w:left="0" w:firstLine="0"/>'))


def _table_grid(style: BaseStyle, styles: Styles) -> None:
    """The table style: rules of the style sheet's width and cells padded as the PDF pads them."""
    reset_style(style.element)
    tblpr = style.element.find(qn("w:tblPr"))
    if tblpr is None:
        tblpr = parse_xml(f"<w:tblPr {nsdecls('w')}/>")
        style.element.append(tblpr)
    for tag in ("w:tblBorders", "w:tblCellMar"):
        if (old := tblpr.find(qn(tag))) is not None:
            tblpr.remove(old)
    spec = styles.table
    rule = (f'w:val="single" w:sz="{max(2, round(spec.border * 8))}" w:space="0" w:color="auto"'
            if spec.border > 0 else 'w:val="nil"')
    sides = "".join(f"<w:{side} {rule}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    tblpr.append(parse_xml(f"<w:tblBorders {nsdecls('w')}>{sides}</w:tblBorders>"))
    pad = round(spec.padding * 20)
    margins = "".join(f'<w:{side} w:w="{pad}" w:type="dxa"/>' for side in ("top", "left", "bottom", "right"))
    tblpr.append(parse_xml(f"<w:tblCellMar {nsdecls('w')}>{margins}</w:tblCellMar>"))


def _fld_char(paragraph: DocxParagraph, kind: str) -> None:
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(el)


def _instr(paragraph: DocxParagraph, instruction: str) -> None:
    el = OxmlElement("w:instrText")
    el.set(qn("xml:space"), "preserve")
    el.text = f" {instruction} "
    paragraph.add_run()._r.append(el)


def _field(paragraph: DocxParagraph, instruction: str, cached: str = "") -> None:
    """A complex field (PAGE, TOC …) with its cached result, within one paragraph."""
    _fld_char(paragraph, "begin")
    _instr(paragraph, instruction)
    _fld_char(paragraph, "separate")
    paragraph.add_run(cached)
    _fld_char(paragraph, "end")


def _page_setup(doc: DocxDocument, plan: decided.PagePlan, styles: Styles) -> None:
    section = doc.sections[0]
    margins = styles.page.margins
    section.page_width, section.page_height = Mm(styles.page.width_mm), Mm(styles.page.height_mm)
    section.top_margin, section.bottom_margin = Mm(margins.top), Mm(margins.bottom)
    section.left_margin, section.right_margin = _side_margins(styles)
    section.footer_distance = Mm(styles.page.footer_distance)
    section.header_distance = Mm(styles.page.header_distance)
    _grid(section, styles)
    if plan.cover:
        section.different_first_page_header_footer = True  # the cover shows no number and no header
    if plan.cover or plan.roman_toc:
        # the cover is page 0; the next is 1, or i when the 目次 counts in roman
        _number_pages(section, plan.first_number, "lowerRoman" if plan.roman_toc else None)
    if plan.header is not None:
        para = section.header.paragraphs[0]
        para.alignment = _ALIGN[plan.header_align]
        para.add_run(plan.header).font.size = Pt(plan.header_size)
    if plan.number_parts is None:
        return
    before, after = plan.number_parts
    footer = section.footer.paragraphs[0]
    footer.alignment = _ALIGN[plan.number_align]
    footer.add_run(before)
    _field(footer, "PAGE", "1")
    footer.add_run(after)


def _side_margins(styles: Styles) -> tuple[Twips, Twips]:
    """The left and right margins of the text block (plan.text_block), in whole twips that leave
    exactly its width between them: Word's line then holds the PDF's number of characters."""
    block = decided.text_block(styles)
    paper = Mm(styles.page.width_mm).twips
    width = round(block.width_pt * 20)
    left = round(block.left_mm * 1440 / 25.4)
    return Twips(left), Twips(paper - width - left)


def _grid(section: Section, styles: Styles) -> None:
    """Word's 文字数と行数 as the PDF sets the page: the text block's characters on a line
    (plan.text_block: whole body characters, so the pitch is the body's size and no character is
    spaced out), and lines the body's leading apart (a grid of `height / lines` would put
    LibreOffice's lines, which snap to it, 18.27 pt apart where the PDF's are 18)."""
    if styles.page.grid is None:
        return
    block = decided.text_block(styles)
    el = _child(section._sectPr, "w:docGrid", _AFTER_DOCGRID)
    el.set(qn("w:type"), "linesAndChars")
    el.set(qn("w:linePitch"), str(round(styles["Normal"].leading * 20)))  # twentieths of a point
    # ECMA-376: (desired pitch − the Normal font's size) × 4096; 0 when the block is whole characters
    pitch = block.width_pt / max(block.chars, 1)
    el.set(qn("w:charSpace"), str(round((pitch - styles["Normal"].size) * 4096)))


def _number_pages(section: Section, start: int, fmt: str | None) -> None:
    """Where a section's page numbers start, and in which numerals (None: Word's decimal)."""
    num = _child(section._sectPr, "w:pgNumType", _AFTER_PGNUMTYPE)
    num.set(qn("w:start"), str(start))
    if fmt:
        num.set(qn("w:fmt"), fmt)
    elif num.get(qn("w:fmt")) is not None:
        del num.attrib[qn("w:fmt")]


def _runs(paragraph: DocxParagraph, inlines: dm.Inlines, emphasis: str) -> None:
    """The runs of a paragraph; an emphasised run is set in the `emphasis` font at its regular
    weight, as the PDF and the HTML set it (dm.EMPHASIS_FONT)."""
    for run in inlines:
        parts = run.text.split("\n")
        for i, part in enumerate(parts):
            r = _text_run(paragraph, part)
            if run.bold:
                _set_fonts(r.get_or_add_rPr(), emphasis)
            if i < len(parts) - 1:
                r.add_br()


def _text_run(paragraph: DocxParagraph, text: str) -> CT_R:
    """A run of plain text: the same <w:r><w:t> as python-docx's add_run, without its character-by-
    character scan for tabs and line breaks when there are none (a tenth of a long DOCX's time)."""
    if "\t" in text or "\r" in text:
        return paragraph.add_run(text)._r
    r = paragraph._p.add_r()
    if text:
        r.add_t(text)
    return r


def _set_style(paragraph: DocxParagraph, style: BaseStyle) -> None:
    """Name the paragraph's style by id: python-docx's setter re-scans every style on each call."""
    paragraph._p.get_or_add_pPr().style = style.style_id


def _repeat_header(row) -> None:  # type: ignore[no-untyped-def]
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _shade(cell, colour: str) -> None:  # type: ignore[no-untyped-def]
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), colour.lstrip("#").upper())
    tcpr.append(shd)


def _borderless(table: DocxTable, widths: list[int]) -> None:
    """A table for laying out pictures: fixed columns of these widths (twips), no rules, no cell
    padding, so each picture sits in exactly the width the plan gives its cell."""
    for grid_col, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        grid_col.w = Twips(width)
    tblpr = table._tbl.tblPr
    size = tblpr.find(qn("w:tblW"))  # python-docx's new table has one, before its w:tblLook
    size.set(qn("w:w"), str(sum(widths)))
    size.set(qn("w:type"), "dxa")
    sides = "".join(f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    margins = "".join(f'<w:{side} w:w="0" w:type="dxa"/>' for side in ("top", "left", "bottom", "right"))
    size.addnext(parse_xml(f"<w:tblBorders {nsdecls('w')}>{sides}</w:tblBorders>"))
    tblpr.find(qn("w:tblLook")).addprevious(parse_xml(f"<w:tblCellMar {nsdecls('w')}>{margins}</w:tblCellMar>"))
    table.autofit = False  # w:tblLayout fixed, which python-docx puts in its place between the two


def _keep_row_whole(row) -> None:  # type: ignore[no-untyped-def]
    """A table row that Word never splits across pages: a picture stays with its caption."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


#: A Word document in the template folder whose styles, edited in Word, replace style.yaml's for the DOCX.
REFERENCE_DOCX = "reference.docx"


#: A reference.docx larger than this is not a style sheet (Word's own blank document is 12 KB; one with
#: a logo in its header a few hundred KB).
MAX_REFERENCE_BYTES = 20 * 2**20
#: What its parts may add up to once unpacked: python-docx unpacks every part into memory.
MAX_REFERENCE_UNPACKED = 100 * 2**20
#: How many parts it may hold (a Word document has a dozen or two).
MAX_REFERENCE_PARTS = 2000


def _check_reference(path: Path) -> None:
    """Refuse a reference.docx too large to be one, before anything of it is read: its size on disk,
    then the sizes its zip directory declares (a zip bomb: a small file whose styles.xml unpacks to
    gigabytes). zipfile never unpacks more than an entry declares, so the declared sizes bound what
    python-docx will read; a file that is no zip is left to python-docx to refuse."""
    size = path.stat().st_size
    if size > MAX_REFERENCE_BYTES:
        raise NenpoError.single(
            Text("template.reference_too_large", file=path.name, size=f"{size / 2**20:.1f}",
                 limit=MAX_REFERENCE_BYTES >> 20),
            Location(path), Text("template.reference_too_large_hint"))
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    unpacked = sum(part.file_size for part in parts)
    if unpacked > MAX_REFERENCE_UNPACKED or len(parts) > MAX_REFERENCE_PARTS:
        raise NenpoError.single(
            Text("template.reference_unpacks_too_large", file=path.name, size=f"{unpacked / 2**20:,.0f}",
                 parts=f"{len(parts):,}", limit=MAX_REFERENCE_UNPACKED >> 20),
            Location(path), Text("template.bad_reference_hint"))


def _open_reference(path: Path) -> DocxDocument:
    """The editor's reference.docx with its body emptied: its styles, page parts and settings stay."""
    _check_reference(path)
    try:
        doc = new_docx(str(path))
    except Exception:  # noqa: BLE001 - python-docx raises several kinds for a file that is no .docx
        raise NenpoError.single(Text("template.bad_reference", file=path.name), Location(path),
                                Text("template.bad_reference_hint")) from None
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    sect = body.find(qn("w:sectPr"))
    for tag in ("w:pgNumType", "w:titlePg"):  # the page numbering is the style.yaml's, set again below
        if sect is not None and (el := sect.find(qn(tag))) is not None:
            sect.remove(el)
    for part in (*doc.sections[0].header.paragraphs, *doc.sections[0].footer.paragraphs):
        part.clear()
    return doc


class _Body:
    """Adds paragraphs and tables at the end of the document body, each in constant time.

    python-docx's `Document.add_paragraph` and `add_table` insert before the body's closing
    `w:sectPr`, which they look up among all the body's children on every call, and `add_table`
    also lists every section (an XPath over the whole body) for the text width: a report of N blocks
    cost N² steps. Here the closing `w:sectPr` is found once, and each block goes in just before it,
    built as python-docx builds it, so the XML is the same.
    """

    def __init__(self, doc: DocxDocument):
        self._end: CT_SectPr = doc.element.body.get_or_add_sectPr()  # the one look through the body
        self._part = doc.part
        self._parent = doc._body  # the container python-docx gives its own body paragraphs

    def paragraph(self) -> DocxParagraph:
        """A new empty paragraph at the end of the body."""
        p: CT_P = OxmlElement("w:p")  # type: ignore[assignment]
        self._end.addprevious(p)
        return DocxParagraph(p, self._parent)

    def table(self, rows: int, cols: int) -> DocxTable:
        """A new table at the end of the body, its columns sharing the last section's text width."""
        section = Section(self._end, self._part)  # the closing sectPr is the last section's
        width = Emu((section.page_width or Inches(8.5)) - (section.left_margin or Inches(1))
                    - (section.right_margin or Inches(1)))
        tbl = CT_Tbl.new_tbl(rows, cols, width)
        self._end.addprevious(tbl)
        return DocxTable(tbl, self._parent)


class _Writer:
    def __init__(self, document: dm.Document, styles: Styles, late_pages: LatePages | None = None):
        self.document, self.styles = document, styles
        #: The 目次's page numbers, asked for only when everything else is written (parallel.py).
        self.late_pages = late_pages
        self._page_texts: list[CT_Text] = []
        reference = styles.source.parent / REFERENCE_DOCX
        self.reference = reference.is_file()
        self.doc = _open_reference(reference) if self.reference else new_docx()
        self.fonts = resolve_fonts(styles)
        self.emphasis = self.fonts[dm.EMPHASIS_FONT].word_name
        self.text_width = Pt(decided.text_width_pt(styles))
        self._styles: dict[str, BaseStyle] = {}
        self.plan = decided.page_plan(document, styles)
        self.anchors = decided.heading_anchors(document)
        self._bookmarks = 0
        self._images: dict[str, str] = {}  # picture key → relationship id of its media part
        self._media: set[str] | None = None
        self._media_count = 0
        self._shape_id = 0
        self._measure: decided.TextWidth | None = None

    def write(self) -> bytes:
        doc = self.doc
        if not self.reference:
            _doc_defaults(doc, self.fonts["mincho"].word_name, self.styles["Normal"].size)
            reset_paragraph_defaults(doc)
        # With a reference.docx, the styles the editor set in Word win; style.yaml fills in the rest.
        by_name = {s.name: s for s in doc.styles}
        present = set(by_name) if self.reference else set()
        for spec in self.styles.paragraphs.values():
            if spec.name not in present:
                _apply_style(doc, spec, self.fonts, self.styles["Normal"].size, by_name)
        if not self.reference:
            self.tidy_package()
        _page_setup(doc, self.plan, self.styles)
        self.body = _Body(doc)
        for section in self.document.sections:
            for block in section.blocks:
                self.block(block)
            if decided.new_page_after(section):
                self.page_break()
        self.metadata()
        if self.late_pages is not None:
            self.fill_toc_pages(self.late_pages())
        return self.save()

    def fill_toc_pages(self, pages: tuple[str, ...] | None) -> None:
        """The 目次's page numbers, written last: where they do not fit this document (a PDF that
        could not be laid out), the cached results stay empty and Word fills them in on opening."""
        if pages is None or len(pages) != len(self._page_texts):
            pages = ("",) * len(self._page_texts)
        for text, page in zip(self._page_texts, pages, strict=True):
            text.text = page

    def tidy_package(self) -> None:
        """python-docx's own template made to name only the style sheet's fonts, colours and rules:
        the theme, the font table, the header, footer and table styles, the linked character
        styles, and no style the report does not use (see docx_parts)."""
        doc, fonts = self.doc, self.fonts
        width = round(self.text_width.pt * 20)
        for name in ("Header", "Footer"):
            _page_part_style(self.style(name), width)
        _table_grid(self.style("Table Grid"), self.styles)
        link_character_styles(doc)
        prune_styles(doc, {*self.styles.paragraphs, "Table Grid", "Header", "Footer"})
        set_theme_fonts(doc, fonts["mincho"].word_name, fonts["gothic"].word_name)
        set_font_table(doc, (fonts["mincho"].word_name, fonts["gothic"].word_name))
        drop_styles_with_effects(doc)
        self._styles.clear()

    def block(self, block: dm.Block) -> None:
        match block:
            case dm.Heading():
                p = self.paragraph(block.style_name)
                _runs(p, block.inlines, self.emphasis)
                self.bookmark_heading(p, self.anchors[id(block)])
            case dm.Paragraph():
                p = self.paragraph(block.style)
                _runs(p, block.inlines, self.emphasis)
            case dm.Table():
                self.table(block)
            case dm.Toc():
                self.toc(block)
            case dm.PageBreak():
                self.page_break()
            case dm.Figures():
                self.figures(block)
            case _:
                raise TypeError(f"unknown block {type(block).__name__}")

    def page_break(self) -> None:
        self.body.paragraph().add_run().add_break(WD_BREAK.PAGE)

    def toc(self, toc: dm.Toc) -> None:
        """A TOC field spanning its entries: pre-filled, so viewers that do not update show them."""
        self.paragraph("TOC Heading", toc.title)
        lines = [(e.style, e.text, e.anchor) for e in decided.toc_entries(self.document)] or [("TOC 1", "", "")]
        pages = self.document.toc_pages  # the field needs a line: an empty one when nothing is listed
        if self.late_pages is not None and any(anchor for _, _, anchor in lines):
            pages = ("0",) * len(lines)  # kept in _page_texts, and filled in once the PDF has them
        if pages is not None and len(pages) != len(lines):
            pages = None  # not this document's layout: Word fills the numbers in
        for i, (style, text, anchor) in enumerate(lines):
            entry = self.paragraph(style)
            if i == 0:
                _fld_char(entry, "begin")
                _instr(entry, f'TOC \\o "1-{decided.TOC_DEPTH}" \\h \\z \\u')
                _fld_char(entry, "separate")
            if pages is None:
                entry.add_run(text)
            else:
                self.toc_entry(entry, text, anchor, pages[i])
            if i == len(lines) - 1:
                _fld_char(entry, "end")
        if self.plan.roman_toc:
            # The 目次 ends its section (numbered i, ii …); the body's section counts from 1.
            # (python-docx looks through the body here: once a document, so it stays linear.)
            body = self.doc.add_section(WD_SECTION.NEW_PAGE)
            body.different_first_page_header_footer = False
            _number_pages(body, 1, None)

    def toc_entry(self, entry: DocxParagraph, text: str, bookmark: str, page: str) -> None:
        """A 目次 line as Word writes one: a link to the heading, a dot leader to the right edge, and
        a PAGEREF field whose cached result is the page the PDF put the heading on."""
        tab = OxmlElement("w:tab")
        for name, value in (("w:val", "right"), ("w:leader", "dot"), ("w:pos", str(round(self.text_width.pt * 20)))):
            tab.set(qn(name), value)
        _child(entry._p.get_or_add_pPr(), "w:tabs", _AFTER_TABS).append(tab)
        before = len(entry._p.r_lst)
        entry.add_run(text)
        entry.add_run().add_tab()
        _field(entry, f"PAGEREF {bookmark} \\h", page)
        if self.late_pages is not None:
            self._page_texts.append(entry._p.r_lst[-2].t_lst[0])  # the field's cached result
        link = OxmlElement("w:hyperlink")
        link.set(qn("w:anchor"), bookmark)
        link.set(qn("w:history"), "1")
        runs = entry._p.r_lst[before:]
        runs[0].addprevious(link)
        link.extend(runs)

    def bookmark_heading(self, paragraph: DocxParagraph, name: str) -> None:
        """A hidden bookmark around a heading, named by its anchor: the 目次 entry's link and page
        reference point at it, as the PDF's bookmark and the HTML's link do."""
        index = self._bookmarks
        self._bookmarks += 1
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(index))
        start.set(qn("w:name"), name)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(index))
        paragraph._p.pPr.addnext(start)
        paragraph._p.append(end)

    def table(self, table: dm.Table) -> None:
        self._measure = self._measure or text_widths(self.styles)  # the fonts' widths, read once
        widths = [Pt(w).emu for w in decided.column_widths(table, self.styles, self._measure)]  # one per column
        rows = ([table.header] if table.header else []) + list(table.rows)
        t = self.body.table(len(rows), len(widths))
        t.style = self.style("Table Grid")
        t.autofit = False
        # The grid too, not only each cell: LibreOffice sizes the columns by the grid.
        for grid_col, width in zip(t._tbl.tblGrid.gridCol_lst, widths, strict=True):
            grid_col.w = width
        head, body = self.style("Table Header"), self.style(table.style)
        whole, offset = decided.keep_whole(table, self.styles.table), 1 if table.header else 0
        # One pass over rows: python-docx's Table.cell() re-lists every cell on each call.
        for r, (row, docx_row) in enumerate(zip(rows, t.rows, strict=True)):
            header = bool(table.header) and r == 0
            for c, cell in enumerate(docx_row.cells):
                cell.width = widths[c]
                p = cell.paragraphs[0]
                _set_style(p, head if header else body)
                if header:
                    if c < len(row):
                        _runs(p, row[c], self.emphasis)
                    _shade(cell, self.styles.table.header_background)
                else:
                    inlines, align = decided.body_cell(table, r - offset, c, self.styles.table)
                    _runs(p, inlines, self.emphasis)
                    if align != "left":
                        p.alignment = _ALIGN[align]
                if whole and r < len(rows) - 1:
                    p.paragraph_format.keep_with_next = True  # a short table stays on one page
            if whole:
                _keep_row_whole(docx_row)
        if table.header:
            _repeat_header(t.rows[0])

    def figures(self, block: dm.Figures) -> None:
        """Pictures with their captions: a logo (or photos one to a row) as centred paragraphs where
        the block stands, photos `per_row` to a row in a borderless table, the style's gap between
        the cells and before and after the rows, each row kept whole on one page."""
        spec = self.styles.figures
        captions = self.style(decided.caption_style(self.styles))
        boxes = decided.figure_boxes(block, decided.text_width_pt(self.styles), spec, decided.text_height_pt(self.styles))
        gap = spec.gap_mm * PT_PER_MM
        rows = decided.figure_rows(block)
        if not rows:
            return
        if block.kind == "logo" or block.per_row <= 1:
            for n, row in enumerate(rows):
                for index in row:
                    self.figure(self.body.paragraph, block.figures[index], boxes[index], captions,
                                0.0 if block.kind == "logo" else gap if n == 0 else 0.0,
                                0.0 if block.kind == "logo" else gap if n == len(rows) - 1 else 0.0)
            return
        per_row = block.per_row
        cell = Pt(decided.cell_width(decided.text_width_pt(self.styles), per_row, gap)).twips
        widths = [cell if c % 2 == 0 else Pt(gap).twips for c in range(2 * per_row - 1)]
        table = self.body.table(len(rows), len(widths))
        _borderless(table, widths)
        for n, (row, docx_row) in enumerate(zip(rows, table.rows, strict=True)):
            _keep_row_whole(docx_row)
            for c, docx_cell in enumerate(docx_row.cells):
                docx_cell.width = Twips(widths[c])
                first = docx_cell.paragraphs[0]
                if c % 2 == 0 and c // 2 < len(row):
                    index = row[c // 2]
                    paragraphs = iter([first])
                    self.figure(lambda: next(paragraphs, None) or docx_cell.add_paragraph(),
                                block.figures[index], boxes[index], captions,
                                gap if n == 0 else 0.0, gap if n == len(rows) - 1 else 0.0)
                else:
                    _set_style(first, captions)

    def figure(self, new_paragraph, figure: dm.Figure, box: decided.Box, caption: BaseStyle,  # type: ignore[no-untyped-def]
               before: float, after: float) -> None:
        """A picture in a centred paragraph kept with the next, and its caption under it (when it
        has one); `before` and `after`: the space above the picture and below the whole."""
        picture = new_paragraph()
        _set_style(picture, caption)
        fmt = picture.paragraph_format
        # Single spacing, not the style's exact leading, which would cut the picture to one line.
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt.first_line_indent = fmt.left_indent = Pt(0)
        fmt.space_before = Pt(before)
        inlines = decided.caption_inlines(figure)
        fmt.space_after = Pt(0 if inlines else after + self.styles[caption.name].space_after)
        fmt.keep_with_next = bool(inlines)
        self.add_picture(picture, figure, box, dm.plain(inlines))
        if inlines:
            text = new_paragraph()
            _set_style(text, caption)
            _runs(text, inlines, self.emphasis)
            if after:
                text.paragraph_format.space_after = Pt(after + self.styles[caption.name].space_after)

    def add_picture(self, paragraph: DocxParagraph, figure: dm.Figure, box: decided.Box, title: str) -> None:
        """An inline picture of the box's size, with its alt text (`descr`) and title: one media part
        per picture however often it is shown.

        Not python-docx's `add_picture`, which hashes every image already in the package and looks
        through the whole document for a free shape id on each call: a report of N photos cost N²."""
        rid = self._images.get(figure.picture.key)
        if rid is None:
            image = DocxImage.from_blob(figure.picture.data)
            part = ImagePart.from_image(image, self._image_name(image.ext))
            self.doc.part.package.image_parts.append(part)
            rid = self._images[figure.picture.key] = self.doc.part.relate_to(part, RT.IMAGE)
        if self._shape_id == 0:
            self._shape_id = self.doc.part.next_id  # once: the ids a reference.docx's body may use
        shape_id, self._shape_id = self._shape_id, self._shape_id + 1
        inline = CT_Inline.new_pic_inline(shape_id, rid, f"{figure.picture.key}.{figure.picture.format}",
                                          Emu(round(box.width * 12700)), Emu(round(box.height * 12700)))
        inline.docPr.set("descr", figure.alt)
        if title:
            inline.docPr.set("title", title)
        paragraph.add_run()._r.add_drawing(inline)

    def _image_name(self, ext: str) -> PackURI:
        """The next free `/word/media/imageN.ext` (a reference.docx may hold media of its own)."""
        if self._media is None:
            self._media = {str(p.partname) for p in self.doc.part.package.iter_parts()}
        while True:
            self._media_count += 1
            name = f"/word/media/image{self._media_count}.{ext}"
            if name not in self._media:
                self._media.add(name)
                return PackURI(name)

    def style(self, name: str) -> BaseStyle:
        """A Word style by name, looked up once (python-docx searches the style list each time)."""
        if name not in self._styles:
            self._styles[name] = self.doc.styles[name]
        return self._styles[name]

    def paragraph(self, style: str, text: str = "") -> DocxParagraph:
        """A new body paragraph in a named style."""
        p = self.body.paragraph()
        if text:
            p.add_run(text)
        _set_style(p, self.style(style))
        return p

    def metadata(self) -> None:
        props = self.doc.core_properties
        meta = self.document.metadata
        when = (datetime(meta.created.year, meta.created.month, meta.created.day, tzinfo=UTC)
                if meta.created else _FIXED_TIME)
        props.title, props.author, props.subject = _core(meta.title), _core(meta.author), _core(meta.subject)
        props.language = meta.language
        props.last_modified_by = _core(meta.author)
        props.created = props.modified = when
        props.revision = 1
        props.comments = ""
        settings = self.doc.settings.element
        _child(settings, "w:updateFields", _AFTER_UPDATE_FIELDS).set(qn("w:val"), "true")
        # 文字間隔の調整「句読点のみを詰める」: Word narrows the blank halves of punctuation and
        # brackets to justify a line, as the PDF's line breaker does (over a reference.docx's own choice).
        _child(settings, "w:characterSpacingControl", _AFTER_SPACING_CONTROL).set(qn("w:val"), "compressPunctuation")

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return _normalise_zip(buffer.getvalue())


#: python-docx refuses a core property (title, author …) longer than this; Word shows no more either.
_CORE_PROPERTY_LIMIT = 255


def _core(text: str) -> str:
    """A document property as Word's file information can hold it: a title of 300 characters is
    cut there with 「…」 (the cover and the PDF's metadata keep all of it)."""
    return text if len(text) <= _CORE_PROPERTY_LIMIT else text[: _CORE_PROPERTY_LIMIT - 1] + "…"


def _normalise_zip(data: bytes) -> bytes:
    """The same parts in the same order with a fixed date, so the same input gives the same bytes.
    Pictures are stored as they are: a JPEG or a PNG is compressed already, and deflating it again
    costs seconds for a report of many photos and saves nothing."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            media = info.filename.startswith("word/media/")
            fixed.compress_type = zipfile.ZIP_STORED if media else zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


#: Gives the 目次's page numbers (as the PDF labels them) when the DOCX is otherwise written.
LatePages = Callable[[], "tuple[str, ...] | None"]


def render_docx(document: dm.Document, styles: Styles, late_pages: LatePages | None = None) -> bytes:
    """The document as a .docx, as bytes; it writes no file (the build stores every format's bytes
    together, or none). With `late_pages`, the 目次's numbers are asked for last, so that the rest
    can be written while the PDF is still being laid out (parallel.py); else they are the
    document's `toc_pages`."""
    return _Writer(document, styles, late_pages).write()
