"""Issue 15: the sample reports set side by side by nenpo and by Typst, measured from both PDFs.

For each records folder (default: records/okitama-r1 and records/project-k; `--all`: every folder
in records/):
1. nenpo builds the PDF and the document model (`python -m nenpo build … --format model,pdf`, with
   this checkout's src/ first on PYTHONPATH), into WORK/nenpo/;
2. the model becomes Typst markup (typeset_typst.py: the same text, page, margins, fonts, sizes,
   line pitch and indents, read from the template's style.yaml and from nenpo's font resolution),
   WORK/typst/NAME.typ, which the PyPI package `typst` compiles to WORK/typst/NAME.pdf;
3. both PDFs are measured with poppler (typeset_measure.py) and the figures printed side by side.

Build time is the wall time of a separate process, the median of `--repeat` runs: for nenpo the whole
`nenpo build --format pdf` (records, template, layout, PDF); for Typst `typst.compile` of the
generated markup (start-up and font loading included, the markup's generation not).

Typst is optional: without the `typst` package the nenpo column is still measured, and the script
says so. This is a measurement, not a test.

    python bench/typeset_compare.py
    python bench/typeset_compare.py --all --markdown
    python bench/typeset_compare.py --records okitama-r1 --details
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
SRC = REPO / "src"
sys.path.insert(0, str(SRC))
sys.path.insert(0, str(BENCH))

from run import machine  # noqa: E402
from typeset_measure import Measures, measure  # noqa: E402
from typeset_typst import typst_source  # noqa: E402

from nenpo.build import find_template  # noqa: E402
from nenpo.style import Styles, load_styles  # noqa: E402
from nenpo.writers.layout import resolve_fonts  # noqa: E402

DEFAULT_RECORDS = ("okitama-r1", "project-k")

_COMPILE = """
import sys, typst
pdf = typst.compile(sys.argv[1], font_paths=[sys.argv[3]], ignore_system_fonts=True)
open(sys.argv[2], "wb").write(pdf)
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH", "")) if p)
    return env


def _timed(command: list[str], repeat: int) -> float:
    """The median wall time (s) of `repeat` runs of a command, which must succeed."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, env=_env(), cwd=REPO)
        times.append(time.perf_counter() - start)
        if done.returncode:
            sys.exit(f"failed: {' '.join(command)}\n{done.stderr}")
    return statistics.median(times)


def typst_available() -> str | None:
    """The version of the `typst` package this interpreter imports, or None when it is not installed."""
    if importlib.util.find_spec("typst") is None:
        return None
    from importlib import metadata

    try:
        return metadata.version("typst")
    except metadata.PackageNotFoundError:
        return "unknown"


def font_folder(styles: Styles, work: Path) -> tuple[Path, dict[str, str]]:
    """A folder holding only the style's two font files (as nenpo resolves them), for Typst to load
    with no system fonts, and the family name of each role."""
    folder = work / "fonts"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    families = {}
    for role, font in resolve_fonts(styles).items():
        target = folder / font.path.name
        if not target.exists():
            shutil.copyfile(font.path, target)
        families[role] = font.key  # the TrueType family name, as reportlab and Typst know it
    return folder, families


@dataclass
class Result:
    record: str
    engine: str
    pdf: Path
    seconds: float
    pages: int
    measures: Measures


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return next((int(line.split()[-1]) for line in info.splitlines() if line.startswith("Pages:")), 0)


def compare(record: Path, styles: Styles, work: Path, repeat: int, with_typst: bool) -> list[Result]:
    """Set one records folder with nenpo (and Typst) and measure both PDFs."""
    name = record.name
    out = work / "nenpo"
    python = sys.executable
    build = [python, "-m", "nenpo", "build", str(record), "-o", str(out), "--template", str(styles.source.parent)]
    done = subprocess.run([*build, "--format", "model,pdf"], capture_output=True, text=True, env=_env(), cwd=REPO)
    if done.returncode:
        sys.exit(f"nenpo build failed for {record}:\n{done.stderr}")
    seconds = _timed([*build, "--format", "pdf"], repeat)
    model = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
    pdf = out / f"{name}.pdf"
    results = [Result(name, "nenpo", pdf, seconds, _pages(pdf), measure(pdf, model, styles))]
    if with_typst:
        folder = work / "typst"
        fonts, families = font_folder(styles, folder)
        source = folder / f"{name}.typ"
        source.write_text(typst_source(out / f"{name}.json", styles, families), encoding="utf-8")
        typst_pdf = folder / f"{name}.pdf"
        seconds = _timed([python, "-c", _COMPILE, str(source), str(typst_pdf), str(fonts)], repeat)
        results.append(Result(name, "Typst", typst_pdf, seconds, _pages(typst_pdf),
                              measure(typst_pdf, model, styles)))
    return results


HEADER = ("record", "engine", "pages", "禁則 violations", "paragraph lines not flush", "list lines not flush",
          "punctuation pairs at 2 em", "extra space p95 (em)", "extra space max (em)", "empty lines at foot (max)",
          "build s")


def _row(result: Result) -> tuple[str, ...]:
    m = result.measures
    return (result.record, result.engine, str(result.pages), f"{len(m.kinsoku)} / {m.lines}",
            f"{len(m.paragraph_not_flush)} / {m.paragraph_lines}", f"{len(m.list_not_flush)} / {m.list_lines}",
            f"{len(m.full_pairs)} / {m.pairs}", f"{m.extra_p95:.3f}", f"{m.extra_max:.3f}",
            f"{m.foot_max:.1f}", f"{result.seconds:.2f}")


def _total(results: list[Result], engine: str) -> tuple[str, ...]:
    """One engine's figures over every record: counts summed, spreads of all gaps together."""
    chosen = [r for r in results if r.engine == engine]
    ms = [r.measures for r in chosen]
    extras = sorted(x for m in ms for x in m.extras)
    pooled = Measures(0, [], 0, [], 0, [], 0, [], extras, {}, [], 0)

    def count(found: str, total: str) -> str:
        return f"{sum(len(getattr(m, found)) for m in ms)} / {sum(getattr(m, total) for m in ms)}"

    return ("all", engine, str(sum(r.pages for r in chosen)), count("kinsoku", "lines"),
            count("paragraph_not_flush", "paragraph_lines"), count("list_not_flush", "list_lines"),
            count("full_pairs", "pairs"), f"{pooled.extra_p95:.3f}", f"{pooled.extra_max:.3f}",
            f"{max(m.foot_max for m in ms):.1f}", f"{sum(r.seconds for r in chosen):.2f}")


def table(results: list[Result], markdown: bool) -> str:
    rows = [_row(r) for r in results]
    if len({r.record for r in results}) > 1:
        rows += [_total(results, engine) for engine in dict.fromkeys(r.engine for r in results)]
    if markdown:
        lines = ["| " + " | ".join(HEADER) + " |", "| :--- | :--- |" + " ---: |" * (len(HEADER) - 2)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(HEADER)]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths)) for row in [HEADER, *rows])


def details(result: Result) -> str:
    """What each count is made of: the lines and pairs found, and blocks the PDF did not show."""
    m, out = result.measures, [f"## {result.record} / {result.engine} ({result.pdf})"]
    for line in m.kinsoku:
        out.append(f"  禁則 p{line.page}: {line.text}")
    for line in m.paragraph_not_flush + m.list_not_flush:
        out.append(f"  not flush p{line.page} (ends at {line.x1:.2f} pt): {line.text}")
    for line, pair, span in m.full_pairs:
        out.append(f"  pair {pair} {span:.2f} em p{line.page}: {line.text}")
    for page, gap in sorted(m.foot.items()):
        out.append(f"  foot p{page}: {gap:.1f} lines")
    if m.unmatched:
        out.append(f"  blocks not found in the PDF: {m.unmatched}")
    if m.without_glyphs:
        out.append(f"  lines whose glyphs poppler placed differently from their characters: {m.without_glyphs}")
    return "\n".join(out)


def _poppler() -> str:
    done = subprocess.run(["pdftotext", "-v"], capture_output=True, text=True)
    return (done.stderr or done.stdout).splitlines()[0] if (done.stderr or done.stdout) else "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", default=",".join(DEFAULT_RECORDS),
                        help="records folders (names in records/ or paths), comma-separated")
    parser.add_argument("--all", action="store_true", help="every folder in records/")
    parser.add_argument("--template", default="default", help="template name or folder (default: default)")
    parser.add_argument("--repeat", type=int, default=3, help="builds timed per engine; the median is shown")
    parser.add_argument("--work", type=Path, default=BENCH / "work" / "typeset")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--details", action="store_true", help="list every line and pair counted")
    args = parser.parse_args(argv)

    for tool in ("pdftotext", "pdftocairo", "pdfinfo"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} (poppler-utils) is not installed: apt-get install poppler-utils")
    names = sorted(p.name for p in (REPO / "records").iterdir() if p.is_dir()) if args.all else \
        [n for n in args.records.split(",") if n]
    records = [Path(n) if Path(n).is_dir() else REPO / "records" / n for n in names]
    local = REPO / "templates" / args.template
    styles = load_styles((local if local.is_dir() else find_template(args.template)) / "style.yaml")
    version = typst_available()
    if version is None:
        print("typst is not installed (pip install typst): Typst is skipped, nenpo alone is measured.",
              file=sys.stderr)
    args.work.mkdir(parents=True, exist_ok=True)
    results = []
    for record in records:
        print(f"{record.name} …", file=sys.stderr)
        results += compare(record, styles, args.work.resolve(), args.repeat, version is not None)

    about = {**machine(), "typst": version or "not installed", "poppler": _poppler()}
    about.pop("python-docx", None)
    for key, value in about.items():
        print(f"- {key}: {value}")
    print()
    print(table(results, args.markdown))
    if args.details:
        print()
        print("\n\n".join(details(r) for r in results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
