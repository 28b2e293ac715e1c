"""Document model → print-ready PDF (reportlab platypus).

明朝 body and ゴシック headings embedded as subsets, A4 with the style's margins, page numbers at
the foot (none on the cover), a 目次 with the page numbers of the finished layout, bookmarks for
headings, and title, author, subject, language and the records' date in the metadata.

The document is laid out once. The 目次 needs page numbers that exist only after layout, so its
pages are reserved (their count measured with placeholder numbers, which take the same room) and
hold PDF form references; the forms are drawn when the body is done, before the file is saved.

Photos sit in rows (one table row each, which never splits, so a picture stays with its caption),
each picture in the box document/plan.py gives it; a JPEG is embedded as it is (not decoded and
encoded again), and a picture used twice is one image object, as reportlab names an image by its
content.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFDictionary
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageBreakIfNotEmpty,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import ActionFlowable, FrameBreak, LayoutError, NullActionFlowable

from nenpo.document import model as dm
from nenpo.document import plan as decided  # what every writer sets alike (目次, pages, figures, cells)
from nenpo.errors import NenpoError
from nenpo.messages import Text
from nenpo.style import PT_PER_MM, TOC_NUMBER_EMS, FontRole, Styles
from nenpo.writers.fonts import reading
from nenpo.writers.layout import resolve_fonts, text_widths
from nenpo.writers.pdf_fonts import UnicodeTTFont, loaded, registered_as
from nenpo.writers.pdf_text import (
    JapaneseHeading,
    JapaneseParagraph,
    Leaders,
    TextSettings,
    TocEntry,
    pdf_metrics,
    runs_of,
)


def register_fonts(styles: Styles) -> dict[FontRole, str]:
    """Register the style's TrueType fonts with reportlab; returns the PDF font name per role.

    `UnicodeTTFont`, not ReportLab's TTFont, so that a kanji beyond U+FFFF (𩸽) copies as itself;
    a plain TTFont registered under the same name by other code in the process is replaced."""
    names: dict[FontRole, str] = {}
    for role, font in resolve_fonts(styles).items():
        with reading(font):
            parsed = loaded(font.path, font.face)
        current = pdfmetrics.getFont(font.key) if font.key in pdfmetrics.getRegisteredFontNames() else None
        if not isinstance(current, UnicodeTTFont) or current.face is not parsed.face:  # new, or its file changed
            pdfmetrics._fonts.pop(font.key, None)  # reportlab keeps the first font registered under a name
            pdfmetrics.registerFont(registered_as(parsed, font.key))
        names[role] = font.key
    return names


class _TocPage(Flowable):
    """One page reserved for the 目次: a reference to a form drawn once the page numbers are known."""

    def __init__(self, index: int):
        super().__init__()
        self.index = index

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = availWidth, availHeight
        return availWidth, availHeight

    def draw(self) -> None:
        self.canv.doForm(_toc_form(self.index))


class _Picture(Flowable):
    """A picture drawn in its box. The image is read when it is drawn, and let go after: reportlab
    keeps one image object per content (it names the object by a digest of the pixels), so a
    picture drawn twice is embedded once, and the decoded pixels do not stay in memory."""

    def __init__(self, picture: dm.Picture, box: decided.Box, alt: str):
        super().__init__()
        self.picture, self.box, self.alt = picture, box, alt
        self.width, self.height = box.width, box.height
        self.hAlign = "CENTER"

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.box.width, self.box.height

    def draw(self) -> None:
        reader = ImageReader(io.BytesIO(self.picture.data))
        mask = "auto" if self.picture.format == "png" else None
        # The image stream binary, as it came: reportlab would otherwise write it in ASCII85, a
        # quarter larger and encoded in pure Python (seconds per dozen photos).
        saved, rl_config.useA85 = rl_config.useA85, 0
        try:
            self.canv.drawImage(reader, 0, 0, self.box.width, self.box.height, mask=mask)
        finally:
            rl_config.useA85 = saved

    @property
    def plain_text(self) -> str:
        return self.alt


def _toc_form(index: int) -> str:
    return f"toc{index}"


def _frame(x: float, y: float, width: float, height: float, **kwargs: str) -> Frame:
    """A frame with no padding of its own: the style's margins and spacing are the only space."""
    return Frame(x, y, width, height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, **kwargs)


def _fill(frame: Frame, story: list[Flowable], canvas: Canvas) -> None:
    """Draw flowables from the front of `story` into `frame` until it is full, splitting the one
    that does not fit (Frame.addFromList alone never splits)."""
    while story:
        if frame.add(story[0], canvas):
            story.pop(0)
            continue
        parts = frame.split(story[0], canvas)
        if len(parts) > 1 and frame.add(parts[0], canvas):
            story[0:1] = parts[1:]
        return


class _TooLarge(Exception):
    """Something of the document is larger than a whole page (type, indents and padding chosen
    large for a small page): reportlab's LayoutError, with the text of what did not fit."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def _text_of(flowable: object) -> str:
    """The beginning of the text a flowable (a paragraph, a table, a group kept together) draws."""
    text = getattr(flowable, "plain_text", None)
    if isinstance(text, str) and text:
        return text
    parts = getattr(flowable, "_content", None) or [
        cell for row in getattr(flowable, "_cellvalues", []) for cell in row]
    for part in parts:
        for item in part if isinstance(part, (list, tuple)) else [part]:
            if found := _text_of(item):
                return found
    return ""


#: How far a height may pass the room and still fit (reportlab's frames allow as much).
_FUZZ = 1e-6


class _KeepWithStart(Flowable):
    """Headings (`keep_with_next`) and the block that follows them, kept together only as far as
    JLReq asks (4.1.7): a heading never ends a page, it goes with at least the start of what
    follows, and for a paragraph that is its first two lines (a paragraph is split between pages
    two lines or more on each side, pdf_text.JapaneseParagraph). The rest of a long paragraph flows
    on, so that a page does not end with the room of a whole paragraph left empty, as reportlab's
    KeepTogether of heading and paragraph would leave it.

    Like KeepTogether, it is never drawn: asked to split, it hands its flowables back to the
    document, after a frame break when the headings and that start do not fit in the room left.
    """

    def __init__(self, heads: list[Flowable], following: Flowable):
        super().__init__()
        self.heads, self.following = heads, following

    def getSpaceBefore(self) -> float:
        return self.heads[0].getSpaceBefore()

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return availWidth, 0xFFFFFF  # never placed whole: the frame asks it to split

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        frame = getattr(self, "_frame", None)
        at_top = frame is None or bool(frame._atTop)
        content = [*self.heads, self.following]
        if at_top or self._measuring(content, lambda: self._start_fits(availWidth, availHeight)):
            return [NullActionFlowable(), *content]
        return [FrameBreak(), *content]

    def _measuring(self, content: list[Flowable], measure: Callable[[], bool]) -> bool:
        """`measure()`, with the canvas lent to the flowables it wraps (a frame lends it to the one
        flowable it places: a KeepTogether measures its parts on it)."""
        canvas = getattr(self, "canv", None)
        lent = [f for f in content if canvas is not None and not hasattr(f, "canv")]
        for flowable in lent:
            flowable.canv = canvas
        try:
            return measure()
        finally:
            for flowable in lent:
                del flowable.canv

    def _start_fits(self, width: float, room: float) -> bool:
        """Whether the headings and the start of what follows fit in `room` (the frame's room, less
        the first heading's space before), spaced as a frame spaces them: the larger of one's space
        after and the next one's space before."""
        after = None
        for flowable in [*self.heads, self.following]:
            if after is not None:
                room -= max(after, flowable.getSpaceBefore())
            if room <= 0:
                return False
            if flowable is self.following:
                return _starts_within(flowable, width, room)
            room -= flowable.wrap(width, room)[1]
            after = flowable.getSpaceAfter()
        return False


def _starts_within(flowable: Flowable, width: float, room: float) -> bool:
    """Whether a flowable, or the first part it would split into, fits in `room`: a group kept
    together (a short table) only whole, a paragraph by at least two lines."""
    if isinstance(flowable, KeepTogether):
        flowable.wrap(width, room)
        return flowable._H <= room + _FUZZ
    if flowable.wrap(width, room)[1] <= room + _FUZZ:
        return True
    parts = flowable.split(width, room)
    return bool(parts) and parts[0].wrap(width, room)[1] <= room + _FUZZ


def _can_follow(flowable: Flowable) -> bool:
    """Whether a flowable can be kept on the page of the headings before it: not a page break,
    a template change or a group that reportlab itself keeps apart."""
    return not (getattr(flowable, "locChanger", False) or isinstance(flowable, (ActionFlowable, _KeepWithStart)))


class _Placing(BaseDocTemplate):
    """A document that names what it could not place on a page of its own."""

    def handle_keepWithNext(self, flowables: list[Flowable]) -> None:
        """Headings that keep with the next block are grouped with it in a `_KeepWithStart` (where
        reportlab's KeepTogether would move the whole next paragraph with them). When nothing can
        follow them (a page break does) they are left as they are."""
        count = 0
        while count < len(flowables) and flowables[count].getKeepWithNext() and _can_follow(flowables[count]):
            count += 1
        if not count:
            return
        heads = flowables[:count]
        for head in heads:
            head.__dict__["keepWithNext"] = 0  # handed back to the document, they are not grouped again
        if count < len(flowables) and _can_follow(flowables[count]):
            flowables[: count + 1] = [_KeepWithStart(heads, flowables[count])]

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        current = flowables[0] if flowables else None
        try:
            super().handle_flowable(flowables)
        except LayoutError:
            raise _TooLarge(_text_of(current)) from None


class _ReportDoc(_Placing):
    def __init__(self, filename: str, plan: decided.PagePlan, **kwargs: object):
        super().__init__(filename, **kwargs)
        self.plan, self.labels = plan, plan.labels()
        self.entry_pages: list[int] = []  # the physical page of each 目次 entry's heading
        self.toc_story: list[Flowable] = []
        self.toc_pages = 0

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, _TocPage) and flowable.index == 0:
            self.labels = self.plan.labels(self.page, self.toc_pages)
        if not isinstance(flowable, JapaneseHeading):
            return
        self.canv.bookmarkPage(flowable.key)
        if (entry := flowable.entry) is not None:
            level = entry.outline_level
            self.canv.addOutlineEntry(entry.text, entry.anchor, level, closed=level > 0)
            self.entry_pages.append(self.page)

    def _endBuild(self) -> None:
        self._doSave = 0
        super()._endBuild()
        self._draw_toc()
        self._name_destinations()
        self.canv.save()

    def _name_destinations(self) -> None:
        """Every heading's anchor as a named destination (the catalog's /Dests), so that
        `report.pdf#_Toc000003` opens at the heading that the DOCX bookmark and the HTML id name."""
        marked = self.canv._destinations  # reportlab's: key → destination of each bookmarkPage
        if marked:
            self.canv._doc.Catalog.Dests = PDFDictionary(dict(marked))

    def _draw_toc(self) -> None:
        """Draw the reserved 目次 pages now that every heading has its page."""
        if not self.toc_pages:
            return
        entries = [f for f in self.toc_story if isinstance(f, TocEntry)]
        if len(entries) != len(self.entry_pages):
            raise AssertionError("the 目次 and the headings laid out disagree")
        for entry, page in zip(entries, self.entry_pages, strict=True):
            entry.label = self.labels.label(page) or ""
        widest = max((entry.label_width() for entry in entries), default=0.0)
        for entry in entries:
            entry.number_room = widest  # the leaders of every entry end before the widest number
        story = list(self.toc_story)
        for index in range(self.toc_pages):
            self.canv.beginForm(_toc_form(index))
            _fill(_frame(0, 0, self.width, self.height), story, self.canv)
            self.canv.endForm()
        if story:  # the reserved pages were measured with the same entries: this cannot happen
            raise AssertionError("the 目次 outgrew the pages reserved for it")


def _draw_aligned(canvas: Canvas, styles: Styles, align: str, y: float, text: str) -> None:
    """A line of page furniture at the left, the centre or the right of the text area."""
    page, block = styles.page, decided.text_block(styles)
    if align == "left":
        canvas.drawString(block.left_pt, y, text)
    elif align == "right":
        canvas.drawRightString(page.width_mm * mm - block.right_pt, y, text)
    else:
        canvas.drawCentredString(page.width_mm * mm / 2, y, text)


def _page_furniture(plan: decided.PagePlan, styles: Styles, font: str):
    """Draw the page number at the foot and the running header, once a page is complete (so the
    page's role, cover, 目次 or body, is known)."""

    def draw(canvas: Canvas, doc: BaseDocTemplate) -> None:
        label = doc.labels.label(doc.page)  # type: ignore[attr-defined]
        if label is None:
            return
        canvas.saveState()
        if plan.number_parts is not None:
            canvas.setFont(font, plan.number_size)
            _draw_aligned(canvas, styles, plan.number_align, styles.page.footer_distance * mm,
                          plan.number_text(label))
        if plan.header is not None:
            canvas.setFont(font, plan.header_size)
            top = (styles.page.height_mm - styles.page.header_distance) * mm
            _draw_aligned(canvas, styles, plan.header_align, top, plan.header)
        canvas.restoreState()

    return draw


def _space_kept(flowables: list[Flowable]) -> list[Flowable]:
    """The blocks at the start of the document or after a page break, with the space before their
    first paragraph kept as a spacer: reportlab drops the space before anything at the top of a
    page, as it should where the text flows on to a new page, but the cover's title is placed by
    its `space_before` (Word, too, keeps it at the start of the document and after a page break)."""
    for index, flowable in enumerate(flowables):
        if isinstance(flowable, JapaneseParagraph):
            if flowable.spaceBefore > 0:
                space = _SpaceAbove(flowable.spaceBefore, flowable)
                flowable.spaceBefore = 0.0
                return [*flowables[:index], space, *flowables[index:]]
            break
    return flowables


class _SpaceAbove(Flowable):
    """The space a paragraph keeps above it at the top of a page (`_space_kept`), shortened where
    the page is too short for it and the paragraph (a small page with a large cover title): the
    paragraph stays on the page, under as much of its space as there is room for."""

    def __init__(self, height: float, paragraph: Flowable):
        super().__init__()
        self.space, self.paragraph = height, paragraph

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        below = self.paragraph.wrap(availWidth, availHeight)[1]
        self.width, self.height = 0.0, max(0.0, min(self.space, availHeight - below))
        return self.width, self.height

    def draw(self) -> None:
        pass


class _Story:
    """Builds the platypus flowables for a document."""

    def __init__(self, document: dm.Document, styles: Styles, fonts: dict[FontRole, str], width: float,
                 height: float):
        self.document, self.styles, self.fonts, self.width, self.height = document, styles, fonts, width, height
        self.text = TextSettings(fonts, pdf_metrics())
        self.measure = text_widths(styles, fonts, self.text.metrics)  # a table's short tokens
        self.anchors = decided.heading_anchors(document)
        self.entries = {entry.anchor: entry for entry in decided.toc_entries(document)}
        self.toc_story: list[Flowable] = []
        self.toc_pages = 0

    def toc(self, block: dm.Toc) -> list[Flowable]:
        """The 目次 as flowables: its title, and every level 1–2 heading with leaders and a page number
        (filled in when the body is laid out)."""
        story: list[Flowable] = [self.paragraph((dm.Run(block.title),), "TOC Heading")]
        number_width = TOC_NUMBER_EMS * self.styles["TOC 1"].size  # room for "123" or "viii", and a gap
        leaders = Leaders.of(self.fonts["mincho"], self.styles["TOC 1"].size)  # one look for every level
        for entry in self.entries.values():
            style = self.styles[entry.style]
            story.append(TocEntry(runs_of(entry.inlines, style, self.text), style, self.text, number_width,
                                  leaders, self.height))
        return story

    def toc_page_count(self, story: list[Flowable]) -> int:
        """How many pages the 目次 takes: its flowables laid out on scratch pages of the body's size."""
        scratch = _Placing(io.BytesIO(), pagesize=(self.width, self.height), leftMargin=0, rightMargin=0,
                                  topMargin=0, bottomMargin=0, invariant=1)
        scratch.addPageTemplates([PageTemplate("toc", [_frame(0, 0, self.width, self.height)])])
        scratch._doSave = 0  # only its page count is wanted: no PDF is written, no font embedded
        scratch.build(list(story))
        return scratch.page

    def paragraph(self, inlines: dm.Inlines, name: str) -> JapaneseParagraph:
        style = self.styles[name]
        return JapaneseParagraph(runs_of(inlines, style, self.text), style, self.text)

    def flowables(self) -> list[Flowable]:
        story: list[Flowable] = []
        fresh = True  # the next block starts a page the document chose to start (not the flow)
        for section in self.document.sections:
            for block in section.blocks:
                flowables = self.block(block)
                story.extend(_space_kept(flowables) if fresh else flowables)
                fresh = isinstance(block, dm.PageBreak)
            if decided.new_page_after(section):
                story += [NextPageTemplate("body"), PageBreak()]
                fresh = True
        return story

    def block(self, block: dm.Block) -> list[Flowable]:
        flowables = self._block(block)
        style = block.style_name if isinstance(block, dm.Heading) else getattr(block, "style", None)
        if style in self.styles.paragraphs and self.styles[style].page_break_before:
            # Not reportlab's pageBreakBefore, which also breaks at the top of a fresh page.
            return [PageBreakIfNotEmpty(), *flowables]
        return flowables

    def _block(self, block: dm.Block) -> list[Flowable]:
        match block:
            case dm.Heading():
                style = self.styles[block.style_name]
                key = self.anchors[id(block)]
                return [JapaneseHeading(runs_of(block.inlines, style, self.text), style, self.text, key,
                                        self.entries.get(key))]
            case dm.Paragraph():
                return [self.paragraph(block.inlines, block.style)]
            case dm.Table():
                return [self.table(block)]
            case dm.Toc():
                self.toc_story = self.toc(block)
                pages = self.toc_page_count(self.toc_story)
                reserved: list[Flowable] = [CondPageBreak(self.height)]
                for index in range(pages):
                    reserved += [_TocPage(index)] + ([PageBreak()] if index < pages - 1 else [])
                self.toc_pages = pages
                return reserved
            case dm.PageBreak():
                return [PageBreak()]
            case dm.Figures():
                return self.figures(block)
        raise TypeError(f"unknown block {block!r}")

    def figures(self, block: dm.Figures) -> list[Flowable]:
        """Pictures with their captions: a logo centred where the block stands, photos in rows of
        `per_row` cells with the style's gap between them, each row kept whole on one page."""
        spec = self.styles.figures
        boxes = decided.figure_boxes(block, decided.text_width_pt(self.styles), spec, decided.text_height_pt(self.styles))
        captions = self.styles[decided.caption_style(self.styles)]

        def cell(index: int) -> list[Flowable]:
            figure = block.figures[index]
            parts: list[Flowable] = [_Picture(figure.picture, boxes[index], figure.alt)]
            if inlines := decided.caption_inlines(figure):
                parts.append(JapaneseParagraph(runs_of(inlines, captions, self.text), captions, self.text))
            else:
                parts[0].spaceAfter = captions.space_after
            return parts

        if block.kind == "logo":
            return [KeepTogether(cell(i)) for row in decided.figure_rows(block) for i in row]
        per_row = max(block.per_row, 1)
        gap = spec.gap_mm * PT_PER_MM
        width = decided.cell_width(decided.text_width_pt(self.styles), per_row, gap)
        widths = [width if c % 2 == 0 else gap for c in range(2 * per_row - 1)]
        rows: list[Flowable] = []
        for row in decided.figure_rows(block):
            cells: list[object] = []
            for c in range(per_row):
                cells += ([cell(row[c])] if c < len(row) else [""]) + ([""] if c < per_row - 1 else [])
            table = Table([cells], colWidths=widths)
            table.setStyle(TableStyle([
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                *((side, (0, 0), (-1, -1), 0) for side in
                  ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")),
            ]))
            table.spaceBefore = gap if not rows else 0.0
            rows.append(table)
        if rows:
            rows[-1].spaceAfter = gap
        return rows

    def table(self, table: dm.Table) -> Flowable:
        spec = self.styles.table
        data = [[self.paragraph(c, "Table Header") for c in table.header]]
        data += [[self.cell(table, r, c) for c in range(len(row))] for r, row in enumerate(table.rows)]
        widths = decided.column_widths(table, self.styles, self.measure)
        # splitInRow: a row taller than a page (a lecturer at hundreds of sessions) splits, not crashes.
        result = Table(data, colWidths=widths, repeatRows=1 if table.header else 0, splitInRow=1,
                       hAlign="LEFT")  # narrower than the text area (every width set): at the left, as in Word
        # A narrow column (many columns, or a narrow page) keeps at least half its width for text.
        sides = [min(spec.padding, width / 4) for width in widths]
        result.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), self.fonts["mincho"]),
            ("GRID", (0, 0), (-1, -1), spec.border, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(spec.header_background)),
            ("TOPPADDING", (0, 0), (-1, -1), spec.padding),
            ("BOTTOMPADDING", (0, 0), (-1, -1), spec.padding),
            *(command for column, side in enumerate(sides)
              for command in (("LEFTPADDING", (column, 0), (column, -1), side),
                              ("RIGHTPADDING", (column, 0), (column, -1), side))),
        ]))
        # The spacer: a KeepTogether of one flowable is unwrapped by _Placing.handle_keepWithNext.
        return KeepTogether([result, Spacer(0, 0)]) if decided.keep_whole(table, spec) else result

    def cell(self, table: dm.Table, row: int, column: int) -> JapaneseParagraph:
        """A body cell: a number grouped and aligned as the style's `table:` says (plan.body_cell)."""
        inlines, align = decided.body_cell(table, row, column, self.styles.table)
        style = self.styles[table.style]
        if align != "left":
            style = replace(style, align=align)  # type: ignore[arg-type]
        return JapaneseParagraph(runs_of(inlines, style, self.text), style, self.text)


def _dated_canvas(created: date | None) -> type[Canvas]:
    """A canvas whose creation and modification dates are the records' date (or a fixed one), so
    that the same records give the same bytes, and the file's date means something."""
    stamp = f"D:{created:%Y%m%d}000000+09'00'" if created else "D:20000101000000+00'00'"

    class DatedCanvas(Canvas):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            self.setDateFormatter(lambda *_: stamp)

    return DatedCanvas


@dataclass(frozen=True)
class PdfLayout:
    """The PDF's bytes, and what other formats take from its layout: the page label (as the PDF
    prints it) of each heading the 目次 lists, in order."""

    data: bytes
    toc_pages: tuple[str, ...]


def render_pdf(document: dm.Document, styles: Styles) -> bytes:
    """The document laid out as a PDF, as bytes; it writes no file (the build stores every format's
    bytes together, or none)."""
    return lay_out(document, styles).data


def lay_out(document: dm.Document, styles: Styles) -> PdfLayout:
    """The document laid out once as a PDF: its bytes and the page of every 目次 heading, so that
    the DOCX's 目次 can show the same numbers without a second layout."""
    fonts = register_fonts(styles)
    margins, block = styles.page.margins, decided.text_block(styles)
    plan = decided.page_plan(document, styles)
    out = io.BytesIO()
    doc = _ReportDoc(
        out,
        plan,
        pagesize=(styles.page.width_mm * mm, styles.page.height_mm * mm),
        leftMargin=block.left_pt,  # whole characters a line, centred between the margins
        rightMargin=block.right_pt,
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
    frame = _frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    furniture = _page_furniture(plan, styles, fonts["mincho"])
    templates = [PageTemplate("body", [frame], onPageEnd=furniture)]
    if plan.cover:
        templates.insert(0, PageTemplate("cover", [frame], onPageEnd=furniture))
    doc.addPageTemplates(templates)
    story = _Story(document, styles, fonts, doc.width, doc.height)
    try:
        flowables = story.flowables()
        doc.toc_story, doc.toc_pages = story.toc_story, story.toc_pages
        # Streams binary after Flate, not ASCII85 as well: a quarter smaller, and the pure-Python
        # encoder was a tenth of the PDF's time.
        saved, rl_config.useA85 = rl_config.useA85, 0
        try:
            doc.build(flowables, canvasmaker=_dated_canvas(document.metadata.created))
        finally:
            rl_config.useA85 = saved
    except _TooLarge as exc:
        text = exc.text if len(exc.text) <= 20 else exc.text[:20] + "…"
        raise NenpoError.single(
            Text("pdf.does_not_fit", text=text, width=f"{styles.page.text_width_mm:.1f}",
                 height=f"{styles.page.text_height_mm:.1f}"),
            styles.locate("page", "margins"), Text("pdf.does_not_fit_hint")) from None
    pages = tuple(doc.labels.label(page) or "" for page in doc.entry_pages)
    return PdfLayout(out.getvalue(), pages)
