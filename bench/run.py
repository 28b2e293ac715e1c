"""Measure `nenpo check` and `nenpo build` on synthetic records of growing size.

Each step runs as a whole separate `python -m nenpo …` process, as a user runs it, so the times
include interpreter start-up and imports, and the memory is that process's own peak RSS: the
child is reaped with os.wait4, which returns the resource usage of exactly that child.

This is a measurement, not a test: nothing asserts a time, and no test depends on it.

    python bench/run.py                       # sizes 10,100,1000; formats docx,pdf
    python bench/run.py --sizes 10 --formats pdf --markdown
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from make_records import write_records

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
SRC = REPO / "src"


@dataclass(frozen=True)
class Run:
    """One child process: its exit code, wall time, CPU time, peak RSS and what it wrote to stderr."""

    command: str
    code: int
    seconds: float
    cpu_seconds: float  # user + system: on a busy machine it moves far less than the wall time
    peak_kib: int
    stderr: str


@dataclass
class Row:
    """One line of the results table."""

    size: int
    step: str  # "check", or the format built
    run: Run
    output: Path | None = None
    pages: int | None = None

    @property
    def ok(self) -> bool:
        return self.run.code == 0


def child_env() -> dict[str, str]:
    """The environment of a measured child: this clone's src/ first on the path, so the code measured
    is the code beside this script, not a copy of nenpo installed in the interpreter."""
    env = dict(os.environ)
    # A user's installed nenpo has its bytecode compiled; without this, every run here would compile
    # the whole of src/ again (0.2 s of a small build) where PYTHONDONTWRITEBYTECODE is set.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH", "")) if p)
    return env


def measure(args: list[str], cwd: Path = REPO, env: dict[str, str] | None = None) -> Run:
    """Run `python -m nenpo ARGS` in `cwd` and return its wall time, its own CPU time and peak RSS
    (ru_maxrss, KiB)."""
    return measure_process([sys.executable, "-m", "nenpo", *args], cwd, env)


def measure_process(command: list[str], cwd: Path = REPO, env: dict[str, str] | None = None) -> Run:
    """Run any command as a child process: its wall time, its own CPU time and peak RSS (KiB)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, env=env or child_env(), stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here; Popen must not wait again
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return Run(" ".join(command), child.returncode, seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss,
               stderr)


def fastest(args: list[str], repeat: int) -> Run:
    """The run with the least wall time of `repeat` (a failed run is returned at once)."""
    runs: list[Run] = []
    for _ in range(max(repeat, 1)):
        runs.append(run := measure(args))
        if run.code:
            return run
    return min(runs, key=lambda r: r.seconds)


def pdf_pages(pdf: Path) -> int | None:
    """The page count of a PDF: pypdf if installed, else poppler's pdfinfo, else None."""
    try:
        from pypdf import PdfReader
    except ImportError:
        try:
            info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        except (OSError, subprocess.CalledProcessError):
            return None
        return next((int(line.split()[1]) for line in info.splitlines() if line.startswith("Pages:")), None)
    return len(PdfReader(pdf).pages)


def bench_size(size: int, formats: list[str], work: Path, seed: int, repeat: int = 1) -> list[Row]:
    """Generate records of one size, then time `check` and one `build` per format (the fastest of `repeat`)."""
    records = write_records(size, work / f"records-{size}", seed, force=True)
    out = work / f"out-{size}"
    rows = [Row(size, "check", fastest(["check", str(records)], repeat))]
    for fmt in formats:
        output = out / f"{records.name}.{fmt}"
        output.unlink(missing_ok=True)  # a stale file must not pass for this run's output
        run = fastest(["build", str(records), "-o", str(out), "--format", fmt], repeat)
        rows.append(Row(size, fmt, run, output))
    pdf = next((r.output for r in rows if r.step == "pdf" and r.ok and r.output), None)
    pages = pdf_pages(pdf) if pdf else None
    for row in rows:
        if row.output is not None:
            row.pages = pages  # a DOCX has no fixed pages; the PDF of the same records stands in
    return rows


def _version(dist: str) -> str:
    """An installed distribution's version, as the child process (same interpreter) imports it."""
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def _cpu_model() -> str:
    """The CPU's marketing name from /proc/cpuinfo (Linux), else whatever platform knows."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _git_revision() -> str:
    """The commit measured, with `+ uncommitted changes` when the tree is dirty: it changes results."""
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                             text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src"], cwd=REPO, capture_output=True,
                               text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{rev} + uncommitted changes in src/" if dirty else rev


def _src_state() -> str:
    """The committed tree of src/ plus its uncommitted changes: if this moves, the code measured moved."""
    try:
        return "".join(subprocess.run(["git", *cmd], cwd=REPO, capture_output=True, text=True, check=True).stdout
                       for cmd in (["rev-parse", "HEAD:src"], ["diff", "HEAD", "--", "src"]))
    except (OSError, subprocess.CalledProcessError):
        return ""


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "platform": platform.platform(),
        "cpu": _cpu_model(),
        "nproc": str(cpus),
        "python": platform.python_version(),
        "nenpo": f"{_version('nenpo')} (git {_git_revision()})",
        "reportlab": _version("reportlab"),
        "python-docx": _version("python-docx"),
    }


HEADER = ("size", "step", "wall s", "cpu s", "peak MiB", "pages", "output KiB")
ALIGN = ("---:", ":---", "---:", "---:", "---:", "---:", "---:")  # Markdown: numbers right, step left


def cells(row: Row) -> tuple[str, ...]:
    """A row as text; a failed step shows FAILED in place of its output."""
    size_kib = f"{row.output.stat().st_size / 1024:.0f}" if row.ok and row.output else "-"
    return (
        str(row.size),
        row.step if row.ok else f"{row.step} FAILED",
        f"{row.run.seconds:.2f}",
        f"{row.run.cpu_seconds:.2f}",
        f"{row.run.peak_kib / 1024:.0f}",
        str(row.pages) if row.pages is not None else "-",
        size_kib,
    )


def render(rows: list[Row], info: dict[str, str], markdown: bool) -> str:
    """The machine description and the table, as aligned text or as Markdown."""
    table = [HEADER, *(cells(r) for r in rows)]
    if markdown:
        lines = [f"- {k}: {v}" for k, v in info.items()] + [""]
        lines += ["| " + " | ".join(t) + " |" for t in (table[0], ALIGN, *table[1:])]
        return "\n".join(lines)
    widths = [max(len(t[i]) for t in table) for i in range(len(HEADER))]
    lines = [f"{k:>12}: {v}" for k, v in info.items()] + [""]
    lines += ["  ".join(c.rjust(w) if i != 1 else c.ljust(w) for i, (c, w) in enumerate(zip(t, widths)))
              for t in table]
    return "\n".join(lines)


def _csv(text: str) -> list[str]:
    """`10, 100,` → ["10", "100"]."""
    return [part.strip() for part in text.split(",") if part.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10,100,1000",
                        help="sessions (and visits) per report, comma-separated")
    parser.add_argument("--formats", default="docx,pdf", help="formats to build, each timed on its own")
    parser.add_argument("--work", type=Path, default=BENCH / "work", help="where records and outputs go")
    parser.add_argument("--seed", type=int, default=0, help="seed for the synthetic records")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of each step; the fastest is shown (a busy machine slows some runs)")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args(argv)
    sizes, formats = [int(s) for s in _csv(args.sizes)], _csv(args.formats)

    info, src = machine(), _src_state()  # taken before the run: the code measured is the code at its start
    rows: list[Row] = []
    for size in sizes:
        print(f"size {size}: {', '.join(['check', *formats])} …", file=sys.stderr, flush=True)
        rows += bench_size(size, formats, args.work.resolve(), args.seed, args.repeat)
    print(render(rows, info, args.markdown))
    if _src_state() != src:
        print(f"warning: src/ changed during the run (now git {_git_revision()})", file=sys.stderr)

    failed = [r for r in rows if not r.ok]
    for row in failed:
        print(f"\n--- size {row.size}, {row.step}: exit {row.run.code} ---\n$ {row.run.command}\n{row.run.stderr}",
              file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
