"""CPU time of each stage of one build in this process: imports, check, compose, glyph check, PDF
layout, DOCX. Run it as a fresh process for each measurement (the first use of everything counts):

    PYTHONPATH=src python bench/stages.py records/okitama-r1
    PYTHONPATH=/path/to/other/checkout/src python bench/stages.py RECORDS   # another revision

Prints the seconds of each stage and the total, on one line. A measurement, not a test.
"""

import time

started = time.process_time()
import sys  # noqa: E402
from dataclasses import replace  # noqa: E402
from pathlib import Path  # noqa: E402

import nenpo.build as build  # noqa: E402
from nenpo.glyphs import check_glyphs  # noqa: E402
from nenpo.writers import docx, pdf  # noqa: E402


def main() -> None:
    marks = [time.process_time()]
    checked = build.check(Path(sys.argv[1]))
    marks.append(time.process_time())
    template = build.find_template("default")
    styles = build.load_styles(template / "style.yaml")
    document = build.compose(checked.report, template, styles, checked.source)
    marks.append(time.process_time())
    check_glyphs(checked.source, document, styles, template / "report.md.j2")
    marks.append(time.process_time())
    layout = pdf.lay_out(document, styles)
    marks.append(time.process_time())
    docx.render_docx(replace(document, toc_pages=layout.toc_pages), styles)
    marks.append(time.process_time())
    names = ("imports", "check", "compose", "glyphs", "pdf", "docx")
    times = [marks[0] - started, *(b - a for a, b in zip(marks, marks[1:]))]
    print("  ".join(f"{n} {t:.3f}" for n, t in zip(names, times)), f" total {marks[-1] - started:.3f}")


if __name__ == "__main__":
    main()
