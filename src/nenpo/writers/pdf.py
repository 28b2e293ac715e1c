"""Document model → print-ready PDF (reportlab platypus).

明朝 body and ゴシック headings embedded as subsets, A4 with the style's margins, page numbers at
the foot (none on the cover), a 目次 with the page numbers of the finished layout, bookmarks for
headings, and title, author, subject and language in the metadata.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle as RLStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from nenpo.atomic import atomic_path
from nenpo.document import model as dm
from nenpo.style import FontRole, ParagraphStyle, Styles
from nenpo.writers.layout import (
    column_fractions,
    displayed_page,
    page_number_parts,
    resolve_fonts,
)

_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}


def register_fonts(styles: Styles) -> dict[FontRole, str]:
    """Register the style's TrueType fonts with reportlab; returns the PDF font name per role."""
    names: dict[FontRole, str] = {}
    for role, font in resolve_fonts(styles).items():
        if font.key not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(font.key, str(font.path)))
        names[role] = font.key
    return names


def _rl_style(style: ParagraphStyle, fonts: dict[FontRole, str]) -> RLStyle:
    return RLStyle(
        style.name,
        fontName=fonts[style.font],
        fontSize=style.size,
        leading=style.leading,
        alignment=_ALIGN[style.align],
        firstLineIndent=style.first_line_indent * style.size,
        leftIndent=style.left_indent * style.size,
        spaceBefore=style.space_before,
        spaceAfter=style.space_after,
        textColor=colors.HexColor(style.color),
        keepWithNext=int(style.keep_with_next),
        pageBreakBefore=int(style.page_break_before),
        wordWrap="CJK",
    )


def _markup(inlines: dm.Inlines, fonts: dict[FontRole, str]) -> str:
    """Runs → reportlab paragraph markup; bold is set in ゴシック, as Japanese type has no bold 明朝."""
    out = []
    for run in inlines:
        text = xml_escape(run.text).replace("\n", "<br/>")
        if run.bold:
            text = f'<font name="{fonts["gothic"]}">{text}</font>'
        out.append(text)
    return "".join(out)


class _HeadingParagraph(Paragraph):
    """A heading that reports itself to the 目次 and the bookmarks once laid out."""

    def __init__(self, text: str, style: RLStyle, level: int, plain_text: str, key: str):
        super().__init__(text, style)
        self.toc_level, self.plain_text, self.key = level, plain_text, key


class _ReportDoc(BaseDocTemplate):
    def __init__(self, filename: str, document: dm.Document, **kwargs: object):
        super().__init__(filename, **kwargs)
        self.document = document
        self._outline_level = -1

    def afterFlowable(self, flowable: Flowable) -> None:
        if not isinstance(flowable, _HeadingParagraph):
            return
        # Outline levels may not skip: a level-2 heading with no level-1 before it becomes level 1.
        level = min(flowable.toc_level, self._outline_level + 1)
        self._outline_level = level
        self.canv.bookmarkPage(flowable.key)
        self.canv.addOutlineEntry(flowable.plain_text, flowable.key, level, closed=level > 0)
        page = displayed_page(self.page, self.document) or self.page
        self.notify("TOCEntry", (level, flowable.plain_text, page, flowable.key))


def _footer(fmt: str | None, document: dm.Document, styles: Styles, font: str):
    def draw(canvas: Canvas, doc: BaseDocTemplate) -> None:
        number = displayed_page(doc.page, document)
        if fmt is None or number is None:
            return
        before, after = page_number_parts(fmt)
        canvas.saveState()
        canvas.setFont(font, styles["Normal"].size)
        centre = styles.page.width_mm * mm / 2
        canvas.drawCentredString(centre, styles.page.footer_distance * mm, f"{before}{number}{after}")
        canvas.restoreState()

    return draw


class _Story:
    """Builds the platypus flowables for a document."""

    def __init__(self, document: dm.Document, styles: Styles, fonts: dict[FontRole, str], width: float):
        self.document, self.styles, self.fonts, self.width = document, styles, fonts, width
        self.rl = {name: _rl_style(s, fonts) for name, s in styles.paragraphs.items()}
        self.headings = 0

    def style(self, name: str) -> RLStyle:
        return self.rl[name]

    def flowables(self) -> list[Flowable]:
        story: list[Flowable] = []
        for section in self.document.sections:
            for block in section.blocks:
                story.extend(self.block(block))
            if section.kind == "cover":
                story += [NextPageTemplate("body"), PageBreak()]
        return story

    def block(self, block: dm.Block) -> list[Flowable]:
        match block:
            case dm.Heading():
                self.headings += 1
                name = block.style or f"Heading {min(block.level, 3)}"
                text = _markup(block.inlines, self.fonts)
                if block.level > 2:
                    return [Paragraph(text, self.style(name))]
                return [_HeadingParagraph(text, self.style(name), block.level - 1, block.text,
                                          f"h{self.headings}")]
            case dm.Paragraph():
                return [Paragraph(_markup(block.inlines, self.fonts), self.style(block.style))]
            case dm.Table():
                return [self.table(block)]
            case dm.Toc():
                # The 目次's own table would otherwise declare reportlab's unembedded Helvetica.
                cells = TableStyle([("FONT", (0, 0), (-1, -1), self.fonts["mincho"]),
                                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                    ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
                toc = TableOfContents(dotsMinLevel=0, tableStyle=cells,
                                      levelStyles=[self.style("TOC 1"), self.style("TOC 2")])
                toc.rightColumnWidth = 2.5 * self.styles["TOC 1"].size * 1.5
                return [Paragraph(xml_escape(block.title), self.style("TOC Heading")), toc]
            case dm.PageBreak():
                return [PageBreak()]
        raise TypeError(f"unknown block {block!r}")

    def table(self, table: dm.Table) -> Table:
        head_style, cell_style = self.style("Table Header"), self.style(table.style)
        data = [[Paragraph(_markup(c, self.fonts), head_style) for c in table.header]]
        data += [[Paragraph(_markup(c, self.fonts), cell_style) for c in row] for row in table.rows]
        spec = self.styles.table
        widths = [f * self.width for f in column_fractions(table)]
        # splitInRow: a row taller than a page (a lecturer at hundreds of sessions) splits, not crashes.
        result = Table(data, colWidths=widths, repeatRows=1 if table.header else 0, splitInRow=1)
        result.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), self.fonts["mincho"]),
            ("GRID", (0, 0), (-1, -1), spec.border, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(spec.header_background)),
            ("TOPPADDING", (0, 0), (-1, -1), spec.padding),
            ("BOTTOMPADDING", (0, 0), (-1, -1), spec.padding),
            ("LEFTPADDING", (0, 0), (-1, -1), spec.padding),
            ("RIGHTPADDING", (0, 0), (-1, -1), spec.padding),
        ]))
        return result


def write_pdf(document: dm.Document, styles: Styles, target: Path) -> Path:
    """Lay out and write the document to `target` (atomically); returns the path written."""
    fonts = register_fonts(styles)
    margins = styles.page.margins
    with atomic_path(target) as tmp:
        doc = _ReportDoc(
            str(tmp),
            document,
            pagesize=(styles.page.width_mm * mm, styles.page.height_mm * mm),
            leftMargin=margins.left * mm,
            rightMargin=margins.right * mm,
            topMargin=margins.top * mm,
            bottomMargin=margins.bottom * mm,
            title=document.metadata.title,
            author=document.metadata.author,
            subject=document.metadata.subject,
            creator="nenpo",
            producer="nenpo",
            lang=document.metadata.language,
            initialFontName=fonts["mincho"],
            initialFontSize=styles["Normal"].size,
            invariant=1,
            displayDocTitle=1,
        )
        frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        footer = _footer(styles.page.page_number, document, styles, fonts["mincho"])
        templates = [PageTemplate("body", [frame], onPage=footer)]
        if document.has_cover:
            templates.insert(0, PageTemplate("cover", [frame], onPage=footer))
        doc.addPageTemplates(templates)
        story = _Story(document, styles, fonts, doc.width)
        doc.multiBuild(story.flowables())
    return target
