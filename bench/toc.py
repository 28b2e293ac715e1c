"""Measure what the 目次 costs: the same synthetic report built with and without its 目次.

The 目次 needs the page numbers of the finished layout. nenpo lays the body out once and draws
the 目次 pages afterwards (see writers/pdf.py); this script checks that the cost stays small by
timing `nenpo build --format pdf` on the same records with the default template and with a copy
of it whose `::: toc` block is removed. Each build is a separate process (run.py's `measure`).

    python bench/toc.py [--size 320] [--repeat 3] [--markdown]
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

from make_records import write_records
from run import machine, measure, pdf_pages

BENCH = Path(__file__).resolve().parent


def template_without_toc(work: Path) -> Path:
    """A copy of the default template with its `::: toc` block removed."""
    sys.path.insert(0, str(BENCH.parent / "src"))
    from nenpo.build import find_template

    target = work / "no-toc"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(find_template("default"), target)
    content = target / "report.md.j2"
    text = re.sub(r"::: toc\n.*?\n:::\n", "", content.read_text(encoding="utf-8"), flags=re.DOTALL)
    content.write_text(text, encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=320, help="sessions and visits (320 gives about 400 pages)")
    parser.add_argument("--repeat", type=int, default=3, help="builds per variant; the best time is kept")
    parser.add_argument("--work", type=Path, default=BENCH / "work" / "toc")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    records = write_records(args.size, args.work / f"records-{args.size}", 0, force=True)
    variants = {"with 目次": "default", "without 目次": str(template_without_toc(args.work))}
    best: dict[str, float] = {}
    pages: dict[str, int | None] = {}
    for name, template in variants.items():
        out = args.work / name.replace(" ", "-")
        runs = [measure(["build", str(records), "-o", str(out), "--format", "pdf", "--template", template])
                for _ in range(args.repeat)]
        if any(r.code for r in runs):
            print(next(r.stderr for r in runs if r.code), file=sys.stderr)
            return 1
        best[name] = min(r.seconds for r in runs)
        pages[name] = pdf_pages(out / f"{records.name}.pdf")
    ratio = best["with 目次"] / best["without 目次"]
    if args.markdown:
        print("\n".join(f"- {k}: {v}" for k, v in machine().items()))
        print("\n| variant | pages | best wall s |\n| :--- | ---: | ---: |")
        for name in variants:
            print(f"| {name} | {pages[name]} | {best[name]:.2f} |")
        print(f"\nratio with/without: {ratio:.2f}")
    else:
        for name in variants:
            print(f"{name:14} {pages[name]} pages  {best[name]:.2f} s")
        print(f"ratio {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
