"""The raw-library baseline for the PDF: the same text as nenpo's report, set with plain ReportLab
platypus the way its user guide shows (TTFont, Paragraph with wordWrap='CJK', Table, one build).

It reads the document model nenpo made (`nenpo build --format model`), so the words, headings,
tables and page breaks are the report's own; it has none of nenpo's Japanese line breaking,
punctuation spacing, 目次 page numbers, keep-with-next or checks. It is what a programmer would
write instead of nenpo, and the process nenpo's PDF build is compared against (bench/speed.py).

    python bench/raw_reportlab.py MODEL.json OUT.pdf MINCHO.ttf GOTHIC.ttf
"""

from __future__ import annotations

import json
import sys
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle


#: A4 less 30 mm margins each side: the width the text is set in.
WIDTH = A4[0] - 60 * mm


def markup(runs: list[dict]) -> str:
    """Inline runs as platypus markup: bold runs in the gothic face."""
    return "".join(f'<font name="G">{escape(r["text"])}</font>' if r["bold"] else escape(r["text"])
                   for r in runs).replace("\n", "<br/>")


def main() -> None:
    model_path, out, mincho, gothic = sys.argv[1:5]
    pdfmetrics.registerFont(TTFont("M", mincho))
    pdfmetrics.registerFont(TTFont("G", gothic))
    body = ParagraphStyle("body", fontName="M", fontSize=10.5, leading=18, wordWrap="CJK", firstLineIndent=10.5)
    cell = ParagraphStyle("cell", parent=body, fontSize=9, leading=13, firstLineIndent=0)
    heads = {level: ParagraphStyle(f"h{level}", parent=body, fontName="G", fontSize=size, leading=size * 1.6,
                                   firstLineIndent=0, spaceBefore=size, spaceAfter=size / 2)
             for level, size in ((1, 16), (2, 13), (3, 11))}
    story = []
    model = json.load(open(model_path, encoding="utf-8"))
    for section in model["sections"]:
        for block in section["blocks"]:
            kind = block["type"]
            if kind == "Heading":
                story.append(Paragraph(markup(block["inlines"]), heads[min(block["level"], 3)]))
            elif kind == "Paragraph":
                story.append(Paragraph(markup(block["inlines"]), body))
            elif kind == "Table":
                rows = [block["header"], *block["rows"]]
                data = [[Paragraph(markup(c), cell) for c in row] for row in rows]
                table = Table(data, repeatRows=1, colWidths=[WIDTH / len(rows[0])] * len(rows[0]))
                table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                           ("VALIGN", (0, 0), (-1, -1), "TOP")]))
                story.append(table)
            elif kind == "PageBreak":
                story.append(PageBreak())
            elif kind == "Toc":
                story.append(Paragraph(escape(block["title"]), heads[1]))
            elif kind == "Figures":
                story.append(Spacer(0, 60 * mm))
        story.append(PageBreak())
    SimpleDocTemplate(out, pagesize=A4, leftMargin=30 * mm, rightMargin=30 * mm, topMargin=30 * mm,
                      bottomMargin=30 * mm).build(story)


if __name__ == "__main__":
    main()
