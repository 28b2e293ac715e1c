"""Document model → one self-contained HTML page, fit to post on a website.

The page says what the PDF says and looks alike: 明朝 body and ゴシック headings (the style sheet's
fonts named first, then faces a reader's computer is likely to have), the same sizes, indents,
alignment, spacing and colours per paragraph style, the cover as a title block, the 目次 as links
to the headings, tables with header cells and the columns' widths of print. It is page-independent:
page breaks, page numbers and the running header are the printed edition's, so the sections are
set apart instead (a style that starts a new page stands further apart on screen, and starts a
page when the page is printed; a short table is kept on one printed page, a long one repeats its
header row).
Emphasis follows the model (dm.EMPHASIS_FONT): bold is set in ゴシック (Japanese type has no bold
明朝). Line breaking is the browser's, told to keep 禁則 strictly (`line-break: strict`) and to set
punctuation as the PDF does where it can (`text-spacing-trim: trim-start`: a line-head opening
bracket flush, two marks in a row at 1.5 em).

Photos are <figure>s in a CSS grid of `per_row` columns with their <figcaption>, each picture a
data: URI in the box document/plan.py gives it (as wide as the PDF prints it, narrower on a narrow
screen), never split from its caption when printed.

Inline CSS only, no script, no external resource; the same document gives the same bytes.
"""

from __future__ import annotations

import base64
import re
from html import escape

from nenpo.document import model as dm
from nenpo.document.plan import (
    Box,
    TextWidth,
    body_cell,
    caption_inlines,
    caption_style,
    column_count,
    column_widths,
    figure_boxes,
    heading_anchors,
    keep_whole,
    new_page_after,
    text_block,
    text_height_pt,
    text_width_pt,
    toc_entries,
)
from nenpo.errors import NenpoError
from nenpo.style import FontRole, ParagraphStyle, Styles
from nenpo.writers.fonts import find_font, is_font_path, known_font
from nenpo.writers.layout import font_candidates, text_widths

#: Faces a reader's computer likely has, after the style sheet's own: macOS, Windows, Linux/Android.
FALLBACKS: dict[FontRole, tuple[str, ...]] = {
    "mincho": ("Hiragino Mincho ProN", "Yu Mincho", "YuMincho", "Noto Serif JP", "serif"),
    "gothic": ("Hiragino Sans", "Yu Gothic", "YuGothic", "Noto Sans JP", "sans-serif"),
}
_GENERIC = {"serif", "sans-serif"}


def render_html(document: dm.Document, styles: Styles) -> bytes:
    """The document as one HTML page, as bytes; it writes no file (the build stores every format's
    bytes together, or none)."""
    return _Page(document, styles).html().encode("utf-8")


# --- fonts and CSS ---------------------------------------------------------------------------


def font_families(styles: Styles, role: FontRole) -> list[str]:
    """The CSS font-family list of a role: every font the style lists, in its order, each by every
    name it is known by, then fallbacks.

    A font named by its family needs no file on this machine: the reader's browser looks for it
    (by the other spellings we know, for IPAex, BIZ UD, 游 and ＭＳ). A font given as a file is named
    by the family inside it, as the DOCX names it; of a list, a file not on this machine is left
    out (the PDF uses another), while a file named alone must be there."""
    candidates = font_candidates(styles, role)
    own: list[str] = []
    for name, location in candidates:
        if not is_font_path(name):
            known = known_font(name)
            own += [known.word_name, *known.names] if known is not None else [name]
            continue
        try:
            own.append(find_font(name, [styles.source.parent], location).word_name)
        except NenpoError:
            if len(candidates) == 1:
                raise
    return list(dict.fromkeys([*own, *FALLBACKS[role]]))


def _css_string(text: str) -> str:
    """A CSS string literal that cannot end the string or the <style> element it stands in."""
    out = []
    for ch in text:
        if ch in '"\\<>&' or ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _family_css(names: list[str]) -> str:
    return ", ".join(n if n in _GENERIC else _css_string(n) for n in names)


def _num(value: float) -> str:
    """A CSS number as short as it is exact to four places: 10.5, 1.7143, 0."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def class_names(styles: Styles) -> dict[str, str]:
    """A CSS class per paragraph style, in style-sheet order: `Heading 1` → `s-Heading-1`.

    Anything but letters, digits, `_` and `-` becomes `-`; two names that come out alike get a number."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for style in styles.paragraphs:
        base = "s-" + "".join(c if c.isalnum() or c in "_-" else "-" for c in style)
        name, n = base, 1
        while name in taken:
            n += 1
            name = f"{base}-{n}"
        names[style] = name
        taken.add(name)
    return names


def _style_rule(selector: str, style: ParagraphStyle) -> str:
    """One paragraph style as CSS: the same sizes, indents, spacing, alignment and colour as the PDF."""
    size = style.size
    props = [
        f"font-family: var(--{style.font})",
        f"font-size: {_num(size)}pt",
        f"line-height: {_num(style.leading / size)}",
        f"text-align: {style.align}",
        f"text-indent: {_num(style.first_line_indent)}em",
        f"margin: {_num(style.space_before)}pt 0 {_num(style.space_after)}pt {_num(style.left_indent)}em",
        f"color: {style.color.lower()}",
        "text-autospace: " + ("ideograph-alpha ideograph-numeric" if style.latin_spacing > 0 else "no-autospace"),
    ]
    if style.hanging_punctuation:
        props.append("hanging-punctuation: allow-end")
    if style.keep_with_next:
        props.append("break-after: avoid")
    return f"{selector} {{ {'; '.join(props)}; }}"


def _part_rule(selector: str, style: ParagraphStyle) -> str:
    """A style that starts a new page in print starts a new page when printed, and on screen,
    where there are no pages, stands two lines further apart from what goes before."""
    apart = style.space_before + 2 * style.leading
    return (f"@media screen {{ {selector} {{ margin-top: {_num(apart)}pt; }} }}\n"
            f"@media print {{ {selector} {{ break-before: page; }} }}")


def stylesheet(styles: Styles, classes: dict[str, str]) -> str:
    """The page's CSS: the fonts, the measure of the printed text area, every paragraph style, tables."""
    page, table = styles.page, styles.table
    margins, block = page.margins, text_block(styles)  # the sides: whole characters a line, centred
    lines = [
        ":root { " + "; ".join(f"--{role}: {_family_css(font_families(styles, role))}"
                               for role in ("mincho", "gothic")) + "; }",
        "html { background: #eeeeee; }",
        "body { margin: 0; padding: 2em 0; font-family: var(--mincho); color: #000000;"
        " line-break: strict; word-break: normal; overflow-wrap: anywhere;"
        # As the PDF sets it (JLReq 3.1.4, 3.1.5): a line-head 「 flush, two marks in a row at 1.5 em.
        " text-spacing-trim: trim-start; }",
        # The printed page: paper width, the same margins, so a line holds as many characters.
        f".report {{ box-sizing: border-box; max-width: {_num(page.width_mm)}mm; margin: 0 auto;"
        f" padding: {_num(margins.top)}mm {_num(block.right_mm)}mm {_num(margins.bottom)}mm {_num(block.left_mm)}mm;"
        " background: #ffffff; box-shadow: 0 0 6px rgba(0, 0, 0, 0.25); }",
        "h1, h2, h3, h4, h5, h6, p { font-weight: normal; margin: 0; }",
        # dm.EMPHASIS_FONT is gothic: bold in ゴシック, not a synthesised bold 明朝, as every format sets it.
        f"strong {{ font-family: var(--{dm.EMPHASIS_FONT}); font-weight: normal; }}",
        ".cover { padding-bottom: 4em; margin-bottom: 3em; border-bottom: 1px solid #999999; }",
        ".appendix { margin-top: 3em; padding-top: 2em; border-top: 1px solid #999999; }",
        ".toc { margin-bottom: 3em; }",
        ".toc ul { list-style: none; margin: 0; padding: 0; }",
        ".toc a { color: inherit; text-decoration: none; }",
        ".toc a:hover, .toc a:focus { text-decoration: underline; }",
        ".table-scroll { overflow-x: auto; margin: 0.5em 0 1em; }",
        # Printed, a short table stays on one page, and a long one repeats its header row on each.
        ".keep-whole { break-inside: avoid; page-break-inside: avoid; }",
        "thead { display: table-header-group; }",
        "table { border-collapse: collapse; width: 100%; table-layout: fixed; }",  # the widths as the PDF sets them
        f"th, td {{ border: {_num(table.border)}pt solid #000000; padding: {_num(table.padding)}pt;"
        " vertical-align: top; }",
        f"th {{ background: {table.header_background.lower()}; }}",
        f".figures {{ display: grid; column-gap: {_num(styles.figures.gap_mm)}mm;"
        f" margin: {_num(styles.figures.gap_mm)}mm 0; align-items: start; }}",
        *(f".figures-{n} {{ grid-template-columns: repeat({n}, minmax(0, 1fr)); }}" for n in (1, 2, 3)),
        "figure { margin: 0; text-align: center; break-inside: avoid; page-break-inside: avoid; }",
        "figure img { display: block; margin: 0 auto; max-width: 100%; height: auto; }",
        ".logo { margin: 0 auto; }",
    ]
    lines += [_style_rule(f".{classes[name]}", style) for name, style in styles.paragraphs.items()]
    lines += [_part_rule(f".{classes[name]}", style) for name, style in styles.paragraphs.items()
              if style.page_break_before]
    lines += [
        # On a narrow screen the page is the screen; printed, the page is the paper.
        f"@media (max-width: {_num(page.width_mm)}mm) {{ body {{ padding: 0; }}"
        " .report { padding: 1.5em 1em; box-shadow: none; } }",
        f"@media print {{ @page {{ size: {page.size}; margin: {_num(margins.top)}mm {_num(block.right_mm)}mm"
        f" {_num(margins.bottom)}mm {_num(block.left_mm)}mm; }}"
        " html, body { background: none; padding: 0; } .report { max-width: none; padding: 0; box-shadow: none; }"
        " .table-scroll { overflow: visible; }"
        " .page-after { break-after: page; } }",
    ]
    return "\n".join(lines)


# --- the page --------------------------------------------------------------------------------


def inline_html(inlines: dm.Inlines) -> str:
    """Runs as escaped HTML: emphasis in <strong>, a hard line break as <br>."""
    out = []
    for run in inlines:
        text = "<br>".join(escape(part, quote=True) for part in run.text.split("\n"))
        if run.bold:
            text = f"<strong>{text}</strong>"
        out.append(text)
    return "".join(out)


_SECTION_TAG = {"cover": "header", "body": "section", "appendix": "section"}


class _Page:
    """Builds the HTML of one document."""

    def __init__(self, document: dm.Document, styles: Styles):
        self.document, self.styles = document, styles
        self.classes = class_names(styles)
        # Every heading's id is its anchor, the PDF's destination and the DOCX's bookmark alike.
        self.ids = heading_anchors(document)
        self.tocs = 0
        self._measure: TextWidth | None = None
        self._measured = False

    def measure(self) -> TextWidth | None:
        """The fonts' widths for a table's columns, as the PDF and the DOCX size them; None when
        the fonts are not on this machine (a page names a known font for the reader's browser to
        find): the columns are then sized by an estimate of the same widths."""
        if not self._measured:
            self._measured = True
            try:
                self._measure = text_widths(self.styles)
            except NenpoError:
                self._measure = None
        return self._measure

    def html(self) -> str:
        meta = self.document.metadata
        head = [
            "<!DOCTYPE html>",
            f'<html lang="{escape(_lang(meta.language))}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(meta.title)}</title>",
            f'<meta name="author" content="{escape(meta.author)}">',
        ]
        if meta.subject:
            head.append(f'<meta name="description" content="{escape(meta.subject)}">')
        if meta.created:
            head.append(f'<meta name="dcterms.created" content="{meta.created.isoformat()}">')
        head += ['<meta name="generator" content="nenpo">',
                 "<style>", stylesheet(self.styles, self.classes), "</style>", "</head>", "<body>",
                 '<main class="report">']
        body = [self.section(s) for s in self.document.sections]
        return "\n".join([*head, *body, "</main>", "</body>", "</html>", ""])

    def section(self, section: dm.Section) -> str:
        tag = _SECTION_TAG[section.kind]
        classes = section.kind + (" page-after" if new_page_after(section) else "")
        inner = "\n".join(html for b in section.blocks if (html := self.block(b)))
        return f'<{tag} class="{classes}">\n{inner}\n</{tag}>' if inner else f'<{tag} class="{classes}"></{tag}>'

    def css_class(self, style: str) -> str:
        return self.classes[style]

    def block(self, block: dm.Block) -> str:
        match block:
            case dm.Heading():
                level = min(block.level, 6)
                return (f'<h{level} id="{self.ids[id(block)]}" class="{self.css_class(block.style_name)}">'
                        f"{inline_html(block.inlines)}</h{level}>")
            case dm.Paragraph():
                return f'<p class="{self.css_class(block.style)}">{inline_html(block.inlines)}</p>'
            case dm.Table():
                return self.table(block)
            case dm.Toc():
                return self.toc(block)
            case dm.PageBreak():
                return ""  # the page is one long page: sections set parts apart, not page breaks
            case dm.Figures():
                return self.figures(block)
        raise TypeError(f"unknown block {block!r}")

    def figures(self, block: dm.Figures) -> str:
        """Pictures with their captions: photos in a grid of `per_row` columns, or the logo centred."""
        captions = self.css_class(caption_style(self.styles))
        boxes = figure_boxes(block, text_width_pt(self.styles), self.styles.figures,
                             text_height_pt(self.styles))
        items = [_figure_html(f, box, captions) for f, box in zip(block.figures, boxes, strict=True)]
        if not items:
            return ""
        if block.kind == "logo":
            return "\n".join(f'<div class="logo">{item}</div>' for item in items)
        per_row = min(max(block.per_row, 1), 3)
        return "\n".join([f'<div class="figures figures-{per_row}">', *items, "</div>"])

    def toc(self, toc: dm.Toc) -> str:
        """The 目次: its title, and a link to every level 1–2 heading (no page numbers on a web page)."""
        self.tocs += 1
        title_id = f"toc{self.tocs}"
        items = [
            f'<li class="{self.css_class(entry.style)}">'
            f'<a href="#{entry.anchor}">{inline_html(entry.inlines)}</a></li>'
            for entry in toc_entries(self.document)
        ]
        return "\n".join([
            f'<nav class="toc" aria-labelledby="{title_id}">',
            f'<p id="{title_id}" class="{self.css_class("TOC Heading")}">{escape(toc.title)}</p>',
            "<ul>", *items, "</ul>", "</nav>",
        ])

    def table(self, table: dm.Table) -> str:
        """A table: its columns as wide as in print (plan.column_widths: shares of the text area, so
        they narrow with a narrow screen), the header row a <thead> a printed page repeats, and a
        short table (plan.keep_whole) never split across printed pages."""
        columns = column_count(table)
        widths = column_widths(table, self.styles, self.measure())
        whole, text = sum(widths), text_width_pt(self.styles)
        cols = "".join(f'<col style="width: {_num(w / whole * 100)}%">' for w in widths)
        look = f' style="width: {_num(whole / text * 100)}%"' if whole < text - 0.01 else ""
        keep = " keep-whole" if keep_whole(table, self.styles.table) else ""
        parts = [f'<div class="table-scroll{keep}">', f"<table{look}>",
                 f"<colgroup>{cols}</colgroup>"]
        if table.header:
            head = self.cells(table.header, columns, "th", self.css_class("Table Header"), ' scope="col"')
            parts += ["<thead>", f"<tr>{head}</tr>", "</thead>"]
        parts.append("<tbody>")
        body = self.css_class(table.style)
        parts += [f"<tr>{self.body_row(table, r, columns, body)}</tr>" for r in range(len(table.rows))]
        parts += ["</tbody>", "</table>", "</div>"]
        return "\n".join(parts)

    def body_row(self, table: dm.Table, row: int, columns: int, css: str) -> str:
        """A body row's cells as every format sets them (plan.body_cell): numbers grouped and aligned."""
        cells = []
        for column in range(columns):
            inlines, align = body_cell(table, row, column, self.styles.table)
            look = f' style="text-align: {align}"' if align != "left" else ""
            cells.append(f'<td class="{css}"{look}>{inline_html(inlines)}</td>')
        return "".join(cells)

    @staticmethod
    def cells(row: tuple[dm.Inlines, ...], columns: int, tag: str, css: str, extra: str = "") -> str:
        """A row's cells, padded with empty ones to the table's width (as the DOCX fills its grid)."""
        filled = [*row, *[()] * max(columns - len(row), 0)]
        return "".join(f'<{tag}{extra} class="{css}">{inline_html(c)}</{tag}>' for c in filled)


#: CSS pixels in a point: the CSS inch is 96 px and 72 pt.
PX_PER_PT = 96 / 72


def _figure_html(figure: dm.Figure, box: Box, caption_class: str) -> str:
    """One <figure>: the picture at its printed width (`width` and `height` in CSS px keep its
    aspect while it loads; the style's width in pt is the plan's), and its caption."""
    mime = "image/png" if figure.picture.format == "png" else "image/jpeg"
    data = base64.b64encode(figure.picture.data).decode("ascii")
    img = (f'<img src="data:{mime};base64,{data}" alt="{escape(figure.alt, quote=True)}"'
           f' width="{round(box.width * PX_PER_PT)}" height="{round(box.height * PX_PER_PT)}"'
           f' style="width: {_num(box.width)}pt; max-width: 100%; height: auto">')
    inlines = caption_inlines(figure)
    caption = f'<figcaption class="{caption_class}">{inline_html(inlines)}</figcaption>' if inlines else ""
    return f"<figure>{img}{caption}</figure>"


def _lang(language: str) -> str:
    """The page's language as HTML pages state it: `ja` for ja-JP."""
    return re.split(r"[-_]", language, maxsplit=1)[0].lower() or "ja"
