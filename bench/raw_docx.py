"""The raw-library baseline for the DOCX: the same text as nenpo's report, written with plain
python-docx (add_heading, add_paragraph with runs, add_table with the 'Table Grid' style).

It reads the document model nenpo made (`nenpo build --format model`), so the words are the
report's own; it has none of nenpo's styles, East Asian font settings, 目次 or page numbering. It is
what a programmer would write instead of nenpo, and the process nenpo's DOCX build is compared
against (bench/speed.py).

    python bench/raw_docx.py MODEL.json OUT.docx
"""

from __future__ import annotations

import json
import sys

from docx import Document
from docx.enum.text import WD_BREAK


def add_runs(paragraph, runs: list[dict]) -> None:
    for run in runs:
        paragraph.add_run(run["text"]).bold = run["bold"]


def main() -> None:
    model_path, out = sys.argv[1:3]
    doc = Document()
    model = json.load(open(model_path, encoding="utf-8"))
    for section in model["sections"]:
        for block in section["blocks"]:
            kind = block["type"]
            if kind == "Heading":
                add_runs(doc.add_heading(level=min(block["level"], 3)), block["inlines"])
            elif kind == "Paragraph":
                add_runs(doc.add_paragraph(), block["inlines"])
            elif kind == "Table":
                rows = [block["header"], *block["rows"]]
                table = doc.add_table(rows=len(rows), cols=len(rows[0]))
                table.style = "Table Grid"
                for cells, row in zip(table.rows, rows):
                    for cell, runs in zip(cells.cells, row):
                        add_runs(cell.paragraphs[0], runs)
            elif kind == "PageBreak":
                doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            elif kind == "Toc":
                doc.add_heading(block["title"], level=1)
            elif kind == "Figures":
                doc.add_paragraph("[写真]")
    doc.save(out)


if __name__ == "__main__":
    main()
