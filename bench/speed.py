"""nenpo against the raw libraries, side by side in one run: the ratios issue 16 sets targets for.

Every row is a whole process, as a user runs it (interpreter start-up and imports included):

- `nenpo build RECORDS --format docx,pdf` (both formats, one process);
- the raw baselines: the same text set with plain ReportLab platypus (`raw_reportlab.py`) and with
  plain python-docx (`raw_docx.py`), one process each, reading the document model nenpo made;
- the ratio: nenpo's time over the two raw processes' times together.

Cases: the okitama-r1 sample; a synthetic year of about 400 pages (`make_records.py`); a batch of
100 copies of the sample built with `-j 2`; and, with `--linear`, years of about 400, 1,000, 2,000
and 4,000 pages (PDF and DOCX), to see that time and memory grow linearly.

nenpo's font cache (issue 16) is kept in a folder of this run's own (NENPO_CACHE_DIR), so `first`
rows are a machine that never ran nenpo and the other rows the usual run, with the cache filled.
Medians of `--repeat` runs. A measurement, not a test: nothing asserts a time.

    python bench/speed.py                  # sample, 400 pages, batch of 100 (≈ 3 min)
    python bench/speed.py --linear         # and 400 … 4,000 pages (≈ 10 min more)
    python bench/speed.py --markdown
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from make_records import write_records
from run import REPO, Run, child_env, machine, measure, measure_process, pdf_pages

BENCH = Path(__file__).resolve().parent
SAMPLE = REPO / "records" / "okitama-r1"
#: Sessions (and visits) per synthetic year for about 400, 1,000, 2,000 and 4,000 pages.
PAGES_400 = 320
LINEAR = (320, 800, 1600, 3200)


@dataclass(frozen=True)
class Measured:
    """The median run of several (by wall time), and how many pages the PDF had."""

    run: Run
    pages: int | None = None


def median_run(runs: list[Run]) -> Run:
    failed = [r for r in runs if r.code]
    if failed:
        raise SystemExit(f"failed: {failed[0].command}\n{failed[0].stderr}")
    return sorted(runs, key=lambda r: r.seconds)[len(runs) // 2]


def fonts() -> tuple[str, str]:
    """The IPAex files nenpo's default template uses, for the raw baseline to use too."""
    found = []
    for name in ("ipaexm.ttf", "ipaexg.ttf"):
        hits = sorted(Path("/usr/share/fonts").rglob(name))
        if not hits:
            raise SystemExit(f"{name} not found: run scripts/setup")
        found.append(str(hits[0]))
    return found[0], found[1]


class Bench:
    def __init__(self, work: Path, repeat: int) -> None:
        self.work, self.repeat = work, repeat
        self.cache = work / "cache"
        self.env = {**child_env(), "NENPO_CACHE_DIR": str(self.cache)}
        self.mincho, self.gothic = fonts()

    def nenpo(self, args: list[str], repeat: int | None = None) -> Run:
        return median_run([measure(args, env=self.env) for _ in range(repeat or self.repeat)])

    def model(self, records: Path) -> Path:
        """The document model nenpo makes of the records: the text the raw baselines set."""
        out = self.work / "model"
        run = measure(["build", str(records), "-o", str(out), "--format", "model"], env=self.env)
        if run.code:
            raise SystemExit(run.stderr)
        return out / f"{records.name}.json"

    def versus_raw(self, label: str, records: Path, repeat: int | None = None) -> list[list[str]]:
        """nenpo (first run, then the usual run) against the two raw processes, for one report. The
        three processes take turns, so that a busy moment of the machine falls on all of them."""
        model = self.model(records)
        out = self.work / "out"
        build = ["build", str(records), "-o", str(out), "--format", "docx,pdf"]
        shutil.rmtree(self.cache, ignore_errors=True)
        first = measure(build, env=self.env)
        nenpo: list[Run] = []
        raw_pdf: list[Run] = []
        raw_docx: list[Run] = []
        for _ in range(repeat or self.repeat):
            nenpo.append(measure(build, env=self.env))
            raw_pdf.append(measure_process([sys.executable, str(BENCH / "raw_reportlab.py"), str(model),
                                            str(self.work / "raw.pdf"), self.mincho, self.gothic]))
            raw_docx.append(measure_process([sys.executable, str(BENCH / "raw_docx.py"), str(model),
                                             str(self.work / "raw.docx")]))
        usual, pdf, docx = median_run(nenpo), median_run(raw_pdf), median_run(raw_docx)
        pages = pdf_pages(out / f"{records.name}.pdf")
        raw, raw_cpu = pdf.seconds + docx.seconds, pdf.cpu_seconds + docx.cpu_seconds
        return [
            [label, "nenpo, first run (empty cache)", *times(first), mib(first), str(pages), f"{first.seconds / raw:.2f}"],
            [label, "nenpo build docx,pdf", *times(usual), mib(usual), str(pages),
             f"**{usual.seconds / raw:.2f}** (CPU {usual.cpu_seconds / raw_cpu:.2f})"],
            [label, "raw reportlab", *times(pdf), mib(pdf), str(pdf_pages(self.work / "raw.pdf")), ""],
            [label, "raw python-docx", *times(docx), mib(docx), "", ""],
            [label, "raw, both processes", f"{raw:.2f}", f"{raw_cpu:.2f}", "", "", "1.00"],
        ]

    def batch(self, count: int, jobs: int) -> list[list[str]]:
        """`count` copies of the sample in one folder, built with `-j jobs`: seconds per report."""
        folder = self.work / f"batch-{count}"
        shutil.rmtree(folder, ignore_errors=True)
        for i in range(count):
            shutil.copytree(SAMPLE, folder / f"r{i:03d}")
        run = self.nenpo(["build", str(folder), "-o", str(self.work / "batch-out"), "-j", str(jobs)], 1)
        return [[f"batch of {count}", f"nenpo build -j {jobs} (docx,pdf)", *times(run), mib(run), "",
                 f"{run.seconds / count:.3f} s/report"]]

    def linear(self, sizes: tuple[int, ...]) -> list[list[str]]:
        rows = []
        for size in sizes:
            records = write_records(size, self.work / f"records-{size}", 0, force=True)
            out = self.work / "out"
            run = self.nenpo(["build", str(records), "-o", str(out), "--format", "docx,pdf"], 1)
            pages = pdf_pages(out / f"{records.name}.pdf") or 0
            rows.append([f"{pages} pages", "nenpo build docx,pdf", *times(run), mib(run), str(pages),
                         f"{1000 * run.seconds / pages:.1f} ms/page"])
        return rows


def times(run: Run) -> tuple[str, str]:
    return f"{run.seconds:.2f}", f"{run.cpu_seconds:.2f}"


def mib(run: Run) -> str:
    return f"{run.peak_kib / 1024:.0f}"


HEADER = ["case", "process", "wall s (median)", "CPU s", "peak MiB", "pages", "ratio to raw (wall)"]


def render(rows: list[list[str]], info: dict[str, str], markdown: bool) -> str:
    if markdown:
        lines = [f"- {k}: {v}" for k, v in info.items()] + [""]
        lines += ["| " + " | ".join(r) + " |" for r in (HEADER, [":---", ":---", "---:", "---:", "---:", "---:", "---:"], *rows)]
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in (HEADER, *rows)) for i in range(len(HEADER))]
    return "\n".join([*(f"{k:>12}: {v}" for k, v in info.items()), "",
                      *("  ".join(c.ljust(w) for c, w in zip(r, widths)) for r in (HEADER, *rows))])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per process for the sample (median)")
    parser.add_argument("--batch", type=int, default=100, help="copies of the sample in the batch case")
    parser.add_argument("--jobs", type=int, default=2, help="-j of the batch case")
    parser.add_argument("--linear", action="store_true", help="also 400 … 4,000 pages")
    parser.add_argument("--only", choices=("sample", "400", "batch"), help="one case only")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    info = machine()
    with tempfile.TemporaryDirectory(prefix="nenpo-speed-") as tmp:
        bench = Bench(Path(tmp), args.repeat)
        rows: list[list[str]] = []
        if args.only in (None, "sample"):
            print("sample …", file=sys.stderr, flush=True)
            rows += bench.versus_raw("okitama-r1", SAMPLE)
        if args.only in (None, "400"):
            print("400 pages …", file=sys.stderr, flush=True)
            records = write_records(PAGES_400, bench.work / f"records-{PAGES_400}", 0, force=True)
            rows += bench.versus_raw("about 400 pages", records, repeat=3)
        if args.only in (None, "batch"):
            print(f"batch of {args.batch} …", file=sys.stderr, flush=True)
            rows += bench.batch(args.batch, args.jobs)
        if args.linear:
            print("linear …", file=sys.stderr, flush=True)
            rows += bench.linear(LINEAR)
    print(render(rows, info, args.markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
