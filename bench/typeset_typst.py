"""nenpo's document model (`nenpo build --format model`, out/NAME.json) as Typst markup, for setting
the same text with Typst on the same page, in the same fonts, sizes and line pitch.

What is carried over from the template's style.yaml, per paragraph style:
- the page: paper, the four margins;
- the font (明朝 / ゴシック: the files nenpo's own font resolution finds), the size, the line pitch
  (`leading` in style.yaml is baseline to baseline: each Typst line box is made exactly that tall by
  its text edges, with the baseline where nenpo puts it, 0.88 em below the top of the em box centred
  in the line), space before and after, the first-line indent and the left indent, the alignment,
  keep-with-next (Typst's `sticky`) and page-break-before;
- tables: nenpo's own column widths (`plan.column_widths`), the cell padding, the rule width and
  the header's shading; the cells' alignment as nenpo decides it (`plan.body_cell`);
- figures: an empty box of the size nenpo prints the picture at (the model holds no pixels).

Typst's own settings for Japanese: `lang: "ja"`, justified paragraphs (`par(justify: true)`), its
default CJK–Latin spacing (¼ em, as nenpo's `latin_spacing: 0.25`), no hyphenation. One deliberate
difference: paragraphs with a hanging indent (list items such as the programme, `first_line_indent`
below 0) are justified in Typst, as issue 15 asks of nenpo, while style.yaml says `align: left`.

The 目次 is Typst's `outline` (levels 1–2) and the cover is set as its paragraphs; neither is measured.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from nenpo.document import model as dm
from nenpo.document import plan
from nenpo.style import PT_PER_MM, ParagraphStyle, Styles

#: Where nenpo's PDF puts the baseline in the em box: 0.88 em below its top (writers/pdf_text.py).
ASCENT = 0.88


def _pt(value: float) -> str:
    return f"{value:.4f}pt"


def _string(text: str) -> str:
    """A Typst string literal: the text exactly, never read as markup."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def _runs(inlines: Iterable[dict[str, Any]], fonts: dict[str, str], style: ParagraphStyle) -> str:
    """Inline runs as Typst code: a run marked bold is set in the emphasis face (ゴシック), as nenpo does."""
    parts = []
    for run in inlines:
        if not run.get("text"):
            continue
        if run.get("bold") and fonts[dm.EMPHASIS_FONT] != fonts[style.font]:
            parts.append(f"#text(font: {_string(fonts[dm.EMPHASIS_FONT])}, {_string(run['text'])})")
        else:
            parts.append(f"#{_string(run['text'])}")
    return "".join(parts)


def _text_rules(style: ParagraphStyle, fonts: dict[str, str]) -> str:
    """The set rules that make a line of this style exactly `leading` tall with nenpo's baseline."""
    size, leading = style.size, style.leading
    half = (leading - size) / 2
    return (f"#set text(font: {_string(fonts[style.font])}, size: {_pt(size)}, "
            f"top-edge: {_pt(ASCENT * size + half)}, bottom-edge: {_pt(-((1 - ASCENT) * size + half))})\n")


def _par_rules(style: ParagraphStyle) -> str:
    """Alignment and indents of a paragraph style as Typst par settings (and its justification)."""
    size = style.size
    hanging = style.first_line_indent < 0
    justify = style.align == "justify" or hanging
    first = max(style.first_line_indent, 0.0) * size
    rules = (f"#set par(justify: {'true' if justify else 'false'}, leading: 0pt, spacing: 0pt, "
             f"first-line-indent: (amount: {_pt(first)}, all: true), "
             f"hanging-indent: {_pt(-style.first_line_indent * size if hanging else 0.0)})\n")
    if style.align in ("center", "right"):
        rules += f"#set align({style.align})\n"
    elif not justify:
        rules += "#set align(left)\n"
    return rules


def _left_inset(style: ParagraphStyle) -> float:
    """How far every line but (with a negative first-line indent) the first stands in, in points."""
    return (style.left_indent + min(style.first_line_indent, 0.0)) * style.size


class TypstDocument:
    """Builds the Typst source of one document model under one style sheet."""

    def __init__(self, model: dict[str, Any], styles: Styles, fonts: dict[str, str]):
        self.model, self.styles, self.fonts = model, styles, fonts

    # --- the page --------------------------------------------------------------------------

    def preamble(self) -> str:
        page, normal = self.styles.page, self.styles["Normal"]
        m, block = page.margins, plan.text_block(self.styles)  # nenpo's text block: whole characters, centred
        footer = _pt(page.footer_distance * PT_PER_MM)
        number = page.page_number or ""
        sizes = ", ".join(_pt(self.styles[f"Heading {level}"].size) for level in (1, 2, 3))
        before, _, after = number.partition("{n}")
        numbering = (f'context align(center, text(size: {_pt(normal.size * plan.HEADER_SCALE)}, '
                     f'{_string(before)} + counter(page).display() + {_string(after)}))') if number else "none"
        return (
            f"#set page(width: {page.width_mm}mm, height: {page.height_mm}mm, "
            f"margin: (top: {m.top}mm, bottom: {m.bottom}mm, left: {block.left_mm}mm, right: {block.right_mm}mm), "
            f"footer-descent: {_pt(m.bottom * PT_PER_MM)} - {footer} - {_pt(normal.size)}, footer: none)\n"
            f'#let page-footer = {numbering}\n'
            f'#set text(font: {_string(self.fonts["mincho"])}, lang: "ja", size: {_pt(normal.size)}, '
            "hyphenate: false)\n"
            "#set smartquote(enabled: false)\n"
            "#set block(above: 0pt, below: 0pt)\n"
            "#set par(spacing: 0pt, leading: 0pt)\n"
            # Typst's headings are larger and bold: each level in its style's size, at regular weight.
            f"#show heading: it => text(size: ({sizes}).at(calc.min(it.level, 3) - 1), "
            'weight: "regular", it.body)\n'
        )

    # --- blocks ----------------------------------------------------------------------------

    def paragraph(self, inlines: list[dict[str, Any]], name: str, *, heading: int | None = None) -> str:
        """A paragraph (or heading) in a block of its style. Like reportlab's frames, Typst drops the
        space before a block at the top of a page, and between two blocks keeps the larger of the
        space after the first and the space before the second."""
        style = self.styles[name]
        body = _runs(inlines, self.fonts, style)
        if heading is not None:
            # A heading, for the outline; the preamble's show rule sets it in its level's style.
            outlined = "true" if heading <= plan.TOC_DEPTH else "false"
            if name != f"Heading {min(heading, 3)}":
                body = f"#text(size: {_pt(style.size)})[{body}]"
            body = f"#heading(level: {heading}, outlined: {outlined}, bookmarked: {outlined})[{body}]"
        else:
            body = f"#par[{body}]"  # a paragraph for certain, so that its first-line indent applies
        sticky = "true" if style.keep_with_next else "false"
        above = style.space_before
        inset = _left_inset(style)
        text = (f"#block(width: 100%, above: {_pt(above)}, below: {_pt(style.space_after)}, sticky: {sticky}, "
                f"inset: (left: {_pt(inset)}))[\n{_text_rules(style, self.fonts)}{_par_rules(style)}{body}\n]\n")
        if style.page_break_before:
            text = "#pagebreak(weak: true)\n" + text
        return text

    def table(self, block: dict[str, Any]) -> str:
        table = _table_of(block)
        spec = self.styles.table
        widths = plan.column_widths(table, self.styles)
        header_style, body_style = self.styles["Table Header"], self.styles[table.style]

        def cell(inlines: Iterable[dm.Run], style: ParagraphStyle, align: str) -> str:
            runs = [{"text": r.text, "bold": r.bold} for r in inlines]
            return (f"table.cell(align: {align})[\n{_text_rules(style, self.fonts)}"
                    f"#set par(justify: false, first-line-indent: 0pt, hanging-indent: 0pt)\n"
                    f"{_runs(runs, self.fonts, style)}\n]")

        header = [cell(h, header_style, header_style.align if header_style.align != "justify" else "left")
                  for h in table.header]
        rows = []
        for r in range(len(table.rows)):
            for c in range(plan.column_count(table)):
                inlines, align = plan.body_cell(table, r, c, spec)
                rows.append(cell(inlines, body_style, align))
        columns = ", ".join(_pt(w) for w in widths)
        breakable = "false" if plan.keep_whole(table, spec) else "true"
        head = f"table.header({', '.join(header)}),\n" if header else ""
        return (f"#block(breakable: {breakable})[#table(columns: ({columns},), stroke: {_pt(spec.border)}, "
                f"inset: {_pt(spec.padding)}, fill: (_, y) => if y == 0 {{ rgb({_string(spec.header_background)}) }},\n"
                f"{head}{', '.join(rows)})]\n")

    def figures(self, block: dict[str, Any]) -> str:
        """Empty boxes of the size nenpo prints each picture at, with their captions, in rows."""
        figures = _figures_of(block)
        spec = self.styles.figures
        width = plan.text_width_pt(self.styles)
        boxes = plan.figure_boxes(figures, width, spec, plan.text_height_pt(self.styles))
        caption_style = plan.caption_style(self.styles)
        gap = spec.gap_mm * PT_PER_MM
        out = []
        for row in plan.figure_rows(figures):
            cells = []
            for i in row:
                caption = plan.caption_inlines(figures.figures[i])
                runs = [{"text": r.text, "bold": r.bold} for r in caption]
                cells.append(f"[#box(width: {_pt(boxes[i].width)}, height: {_pt(boxes[i].height)})"
                             + (f"\n{self.paragraph(runs, caption_style)}" if runs else "") + "]")
            per_row = 1 if figures.kind == "logo" else max(figures.per_row, 1)
            cell_width = plan.cell_width(width, per_row, gap)
            columns = ", ".join([_pt(cell_width)] * per_row)
            out.append(f"#block(breakable: false, above: {_pt(gap)})[#grid(columns: ({columns},), "
                       f"column-gutter: {_pt(gap)}, align: center, {', '.join(cells)})]\n")
        return "".join(out)

    def toc(self, block: dict[str, Any]) -> str:
        style = self.styles["TOC 1"]
        return (self.paragraph([{"text": block.get("title") or "目次"}], "TOC Heading")
                + f"#block[\n{_text_rules(style, self.fonts)}"
                  f"#set par(justify: false, first-line-indent: 0pt)\n"
                  f"#outline(title: none, depth: {plan.TOC_DEPTH})\n]\n#pagebreak(weak: true)\n")

    # --- the whole document ----------------------------------------------------------------

    def source(self) -> str:
        out = [self.preamble()]
        for number, section in enumerate(self.model["sections"]):
            footer = "none" if section["kind"] == "cover" else "page-footer"
            out.append(f"#set page(footer: {footer})\n")
            if number and self.model["sections"][number - 1]["kind"] == "cover":
                out.append("#counter(page).update(1)\n")
            for block in section["blocks"]:
                out.append(self.block(block))
            if section["kind"] == "cover":
                out.append("#pagebreak()\n")
        return "".join(out)

    def block(self, block: dict[str, Any]) -> str:
        kind = block["type"]
        if kind == "Heading":
            name = block.get("style") or f"Heading {min(block['level'], 3)}"
            return self.paragraph(block["inlines"], name, heading=block["level"])
        if kind == "Paragraph":
            return self.paragraph(block["inlines"], block.get("style") or "Normal")
        if kind == "Table":
            return self.table(block)
        if kind == "Toc":
            return self.toc(block)
        if kind == "PageBreak":
            return "#pagebreak()\n"
        if kind == "Figures":
            return self.figures(block)
        raise ValueError(f"unknown block type {kind!r}")


def _inlines(items: Iterable[dict[str, Any]]) -> dm.Inlines:
    return tuple(dm.Run(r["text"], bool(r.get("bold"))) for r in items)


def _table_of(block: dict[str, Any]) -> dm.Table:
    """The model's table as nenpo's dataclass, so that nenpo's own plan decides widths and cells."""
    return dm.Table(
        header=tuple(_inlines(c) for c in block["header"]),
        rows=tuple(tuple(_inlines(c) for c in row) for row in block["rows"]),
        style=block.get("style") or "Table",
        align=tuple(block.get("align") or ()),
        total=bool(block.get("total")),
    )


def _figures_of(block: dict[str, Any]) -> dm.Figures:
    figures = tuple(
        dm.Figure(dm.Picture(b"", f["picture"]["format"], f["picture"]["width_px"], f["picture"]["height_px"]),
                  f.get("label") or "", _inlines(f.get("caption") or ()), f.get("alt") or "")
        for f in block["figures"])
    return dm.Figures(figures, int(block.get("per_row") or 1), block.get("kind") or "photos")


def typst_source(model_json: Path, styles: Styles, fonts: dict[str, str]) -> str:
    """The Typst source that sets the document model written at `model_json`."""
    model = json.loads(model_json.read_text(encoding="utf-8"))
    return TypstDocument(model, styles, fonts).source()
