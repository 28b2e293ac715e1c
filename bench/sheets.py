"""Issue 14: time reading a 5,000-row sessions workbook with openpyxl and with python-calamine.

Writes (into bench/work/sheets/, git-ignored) the workbook of make_sheet.py twice — as Excel saves it
(shared strings, UTF-8) and as openpyxl, hence `nenpo export --xlsx`, writes it (inline strings,
character references) — then times each way of reading it. Every run of a reader is a **fresh
process** (`python bench/sheets.py --child WAY FILE`), so no run profits from another's warm caches
or imports; the child times the library's import and the read separately (wall and CPU time), and
reports its own peak RSS: VmHWM from /proc/self/status, the high-water mark of its own memory. (Not
resource.getrusage's ru_maxrss: Linux carries that across fork and exec, so every child reported the
parent's peak, 318 MiB, whatever it read.) The runs are interleaved — all ways once, then all again —
so that other work on the machine falls on every way alike; the table shows medians of `--repeat` runs.

Ways of reading (each reads the file's bytes from memory, as nenpo's reader does):
  openpyxl-ro      load_workbook(read_only=True, data_only=True), iter_rows(values_only=True): today's reader
  openpyxl-full    load_workbook(read_only=False, data_only=True): values, merged ranges, hidden rows
  openpyxl-ro+xml  openpyxl-ro, plus one regex pass over the sheet's XML for merged ranges, hidden rows, errors
  calamine         CalamineWorkbook.from_filelike(...).get_sheet_by_name(...).to_python(): values only
  calamine+xml     bench/calamine_reader.py: calamine values and merged ranges, the XML pass for hidden
                   rows and error cells, merged ranges filled: everything the reader needs

Before timing, every way is run once in this process and their grids compared cell by cell (after
the normalising nenpo's reader does anyway: "" and None empty, 3.0 → 3, midnight datetime → date);
a difference stops the run.

`--check` also times `python -m nenpo check` on a records folder of okitama-r1's report.yaml and the
workbook as sessions.xlsx (the columns the reader at this revision knows), and `--profile` prints
that check's cProfile top 15 by cumulative time.

`--stray` also reads two workbooks with one stray value far from the data (XFD5001, XFD1048576), each
way once, under a 4 GiB address-space limit and a 120 s timeout, and says what became of the process.

    python bench/sheets.py                      # readers, 5 runs each (≈ 1 min)
    python bench/sheets.py --repeat 9 --stray --markdown
    python bench/sheets.py --check --profile    # and the whole check (≈ 5 min: it lays out 5,000 sessions)
"""

from __future__ import annotations

import argparse
import io
import json
import os
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime, time as clock
from pathlib import Path
from typing import Any, Callable

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
SRC = REPO / "src"
TITLE = "研修"


# -- the ways of reading (run in the child) ------------------------------------------------------

def _openpyxl_ro(raw: bytes) -> dict[str, Any]:
    import openpyxl
    from calamine_reader import MAX_ROWS, SheetTooLarge

    book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    try:
        rows = []
        for row in book[TITLE].iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_ROWS:  # as read.py stops today
                raise SheetTooLarge(len(rows), len(row))
        return {"titles": book.sheetnames, "rows": rows}
    finally:
        book.close()


def _openpyxl_full(raw: bytes) -> dict[str, Any]:
    import openpyxl
    from calamine_reader import MAX_CELLS, MAX_ROWS, CellError, SheetTooLarge, fill_merged

    book = openpyxl.load_workbook(io.BytesIO(raw), read_only=False, data_only=True)
    sheet = book[TITLE]
    if sheet.max_row > MAX_ROWS or sheet.max_row * sheet.max_column > MAX_CELLS:
        raise SheetTooLarge(sheet.max_row, sheet.max_column)  # iter_rows would make every cell up to there
    rows: list[list[Any]] = []
    errors: dict[tuple[int, int], str] = {}
    for index, cells in enumerate(sheet.iter_rows()):
        rows.append([c.value for c in cells])
        for column, cell in enumerate(cells):
            if cell.data_type == "e":  # an error's value is its code as text: "#REF!"
                errors[(index, column)] = cell.value
                rows[index][column] = CellError(cell.value)
    merged = [(r.min_row - 1, r.min_col - 1, r.max_row - 1, r.max_col - 1) for r in sheet.merged_cells.ranges]
    hidden = {index - 1 for index, dim in sheet.row_dimensions.items() if dim.hidden}
    fill_merged(rows, merged)
    return {"titles": book.sheetnames, "rows": rows, "merged": merged, "hidden": hidden, "errors": errors}


def _openpyxl_ro_xml(raw: bytes) -> dict[str, Any]:
    from calamine_reader import MAX_CELLS, MAX_ROWS, CellError, SheetTooLarge, fill_merged, scan_sheet_xml

    xml = scan_sheet_xml(raw, TITLE)
    if xml.rows > MAX_ROWS or xml.rows * xml.columns > MAX_CELLS:
        raise SheetTooLarge(xml.rows, xml.columns)
    out = _openpyxl_ro(raw)
    for (row, column), code in xml.errors.items():
        out["rows"][row][column] = CellError(code)
    fill_merged(out["rows"], xml.merged)
    return {**out, "merged": xml.merged, "hidden": xml.hidden_rows, "errors": xml.errors}


def _calamine(raw: bytes) -> dict[str, Any]:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(raw))
    try:
        return {"titles": book.sheet_names, "rows": book.get_sheet_by_name(TITLE).to_python()}
    finally:
        book.close()


def _calamine_xml(raw: bytes) -> dict[str, Any]:
    from calamine_reader import read_grid

    grid = read_grid(raw, TITLE)
    return {"titles": grid.titles, "rows": grid.rows, "merged": grid.merged, "hidden": grid.hidden_rows,
            "errors": grid.errors}


def _nenpo(raw: bytes) -> dict[str, Any]:
    """nenpo's own reader (records/sheets/read.py): openpyxl read-only and the XML pass of xml.py."""
    import tempfile

    from nenpo.records.sheets.read import FORMULA_ERRORS, read_workbook

    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "sessions.xlsx"
        file.write_bytes(raw)
        sheets, _ = read_workbook(file)
    sheet = sheets[0][1]
    errors = {(r, c): v for r, row in enumerate(sheet.rows) for c, v in enumerate(row)
              if isinstance(v, str) and v in FORMULA_ERRORS}
    return {"titles": [s.title for _, s in sheets], "rows": [list(r) for r in sheet.rows],
            "merged": [(t, l, b, r) for (t, l), (b, r) in sheet.merged.items()], "hidden": set(sheet.hidden),
            "errors": errors}


@dataclass(frozen=True)
class Way:
    """A way of reading: its function, the library whose import it pays for, and what it yields."""

    name: str
    read: Callable[[bytes], dict[str, Any]]
    module: str
    gives: str


WAYS = (
    Way("openpyxl-ro", _openpyxl_ro, "openpyxl", "values (errors as text)"),
    Way("openpyxl-full", _openpyxl_full, "openpyxl", "values, merged, hidden, errors"),
    Way("openpyxl-ro+xml", _openpyxl_ro_xml, "openpyxl", "values, merged, hidden, errors"),
    Way("calamine", _calamine, "python_calamine", "values (errors read as empty)"),
    Way("calamine+xml", _calamine_xml, "python_calamine", "values, merged, hidden, errors"),
    Way("nenpo", _nenpo, "openpyxl", "nenpo's reader: merged filled down, hidden, errors, uncalculated"),
)
BY_NAME = {w.name: w for w in WAYS}


def peak_kib() -> int:
    """This process's peak RSS in KiB: VmHWM (Linux), else ru_maxrss (which may include a parent's)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child(way: str, file: Path) -> None:
    """One measured run (in its own process): print import and read seconds, rows, peak RSS as JSON."""
    sys.path.insert(0, str(BENCH))
    start = time.perf_counter()
    __import__(BY_NAME[way].module)
    imported, cpu = time.perf_counter(), time.process_time()
    try:
        rows, refused = len(BY_NAME[way].read(file.read_bytes())["rows"]), None
    except Exception as exc:  # noqa: BLE001 - a refusal or a failure is a result here, reported as such
        rows, refused = 0, f"{type(exc).__name__}: {exc}"[:80]
    done, cpu_done = time.perf_counter(), time.process_time()
    print(json.dumps({"import_s": imported - start, "read_s": done - imported, "cpu_s": cpu_done - cpu,
                      "rows": rows, "refused": refused, "peak_kib": peak_kib()}))


# -- comparing the ways (in this process) --------------------------------------------------------

def _norm(value: Any) -> Any:
    """A cell as nenpo's reader sees it: empty is None, 3.0 is 3, a midnight datetime is a date."""
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, datetime) and value.time() == clock(0):
        return value.date()
    return value


def _grid(rows: list[list[Any]]) -> list[list[Any]]:
    """Rows normalised, trailing empty cells and trailing empty rows dropped."""
    out = [[_norm(v) for v in row] for row in rows]
    for row in out:
        while row and row[-1] is None:
            row.pop()
    while out and not out[-1]:
        out.pop()
    return out


def compare(file: Path) -> str:
    """Run every way once here and stop if any two disagree; return a line saying what was compared."""
    sys.path.insert(0, str(BENCH))
    raw = file.read_bytes()
    results = {w.name: w.read(raw) for w in WAYS}
    plain = {name: _grid(r["rows"]) for name, r in results.items() if "merged" not in r}
    filled = {name: (_grid(r["rows"]), sorted(r["merged"]), r["hidden"], r["errors"])
              for name, r in results.items() if "merged" in r}
    for group in (plain, filled):
        first, *others = group.items()
        for name, value in others:
            if value != first[1]:
                raise SystemExit(f"{name} and {first[0]} read {file.name} differently")
    grid, merged, hidden, errors = next(iter(filled.values()))
    cells = sum(1 for row in grid for v in row if v is not None)
    return (f"{file.name}: every way reads the same {len(grid)} rows, {cells} non-empty cells; "
            f"{len(merged)} merged ranges, {len(hidden)} hidden rows, {len(errors)} error cells")


# -- measuring (in the parent) -------------------------------------------------------------------

@dataclass(frozen=True)
class Result:
    """Median figures of one way on one workbook over several fresh processes."""

    way: Way
    workbook: str
    runs: int
    import_s: float
    read_s: float
    read_min_s: float
    cpu_s: float  # CPU time of the read alone: steadier than its wall time on a busy machine
    peak_kib: int
    rows: int


def run_child(way: Way, file: Path) -> dict[str, Any]:
    """One fresh process reading `file` the way `way` does; its figures."""
    done = subprocess.run([sys.executable, str(Path(__file__)), "--child", way.name, str(file)],
                          capture_output=True, text=True, check=True, cwd=REPO)
    return json.loads(done.stdout)


def measure(books: dict[str, Path], ways: list[Way], repeat: int) -> list[Result]:
    """Every way on every workbook, `repeat` rounds of fresh processes interleaved; the medians."""
    runs: dict[tuple[str, str], list[dict[str, Any]]] = {(b, w.name): [] for b in books for w in ways}
    for round_ in range(repeat):
        print(f"  round {round_ + 1}/{repeat}", file=sys.stderr, flush=True)
        for label, file in books.items():
            for way in ways:
                runs[(label, way.name)].append(run_child(way, file))
    results = []
    for (label, name), done in runs.items():
        med = {key: statistics.median(r[key] for r in done) for key in ("import_s", "read_s", "cpu_s", "peak_kib")}
        results.append(Result(BY_NAME[name], label, repeat, med["import_s"], med["read_s"],
                              min(r["read_s"] for r in done), med["cpu_s"], int(med["peak_kib"]), done[0]["rows"]))
    return results


def stray_books(work: Path, book: Path, rows: int) -> dict[str, Path]:
    """Two workbooks with one stray value far to the right or far down, as a slip of Ctrl+→ leaves:
    the N-row workbook plus 1 in column XFD of its last row, and a heading in A1 plus 1 in XFD1048576."""
    import re
    import zipfile

    import openpyxl

    stray = work / f"stray-XFD{rows + 1}.xlsx"
    with zipfile.ZipFile(book) as zin, zipfile.ZipFile(stray, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="A1:([A-Z]+)(\d+)"/>', rb'<dimension ref="A1:XFD\2"/>', data)
                data = re.sub(rb'(<row r="(\d+)"[^>]*>(?:(?!</row>).)*)</row>(</sheetData>)',
                              rb'\1<c r="XFD\2" t="n"><v>1</v></c></row>\3', data, flags=re.S)
            zout.writestr(info, data)
    far = work / "stray-XFD1048576.xlsx"
    book = openpyxl.Workbook()
    book.active.title = TITLE
    book.active["A1"] = "題"
    book.active["XFD1048576"] = 1
    book.save(far)
    return {f"stray XFD{rows + 1}": stray, "stray XFD1048576": far}


def run_limited(way: Way, file: Path, limit_gib: int = 4, timeout: int = 120) -> str:
    """One fresh process reading `file` under an address-space limit and a timeout: what became of it."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit_gib << 30, limit_gib << 30))

    try:
        done = subprocess.run([sys.executable, str(Path(__file__)), "--child", way.name, str(file)],
                              capture_output=True, text=True, cwd=REPO, preexec_fn=limit, timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"still running after {timeout} s (killed)"
    if done.returncode < 0:
        return f"died of signal {-done.returncode} ({'SIGABRT: ' if done.returncode == -6 else ''}" \
               f"{done.stderr.strip().splitlines()[0][:70] if done.stderr.strip() else 'no message'})"
    if done.returncode:
        return f"exit {done.returncode}: {done.stderr.strip().splitlines()[-1][:80]}"
    figures = json.loads(done.stdout)
    outcome = f"refused: {figures['refused']}" if figures["refused"] else f"read {figures['rows']} rows"
    return f"{outcome}; {figures['read_s']:.2f} s, peak {figures['peak_kib'] / 1024:.0f} MiB"


def baseline_kib() -> int:
    """Peak RSS of this interpreter doing nothing, to read the other figures against."""
    code = f"import sys; sys.path.insert(0, {str(BENCH)!r}); import sheets; print(sheets.peak_kib())"
    return int(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def reader_headings() -> tuple[str, ...]:
    """The workbook columns that the reader of this checkout accepts for sessions (today's reader has
    its own heading table and refuses `No.`; a reader without one is taken to read them all)."""
    from make_sheet import HEADINGS

    sys.path.insert(0, str(SRC))
    from nenpo.records.sheets import read

    known = getattr(read, "COLUMNS", {}).get("sessions")
    return HEADINGS if known is None else tuple(h for h in HEADINGS if h in known)


def records_folder(work: Path, rows: int, seed: int) -> Path:
    """okitama-r1's report.yaml and the N-row workbook as sessions.xlsx, in work/records-N."""
    from make_sheet import write_workbook

    folder = work / f"records-{rows}"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    shutil.copy(REPO / "records" / "okitama-r1" / "report.yaml", folder / "report.yaml")
    write_workbook(rows, folder / "sessions.xlsx", seed, headings=reader_headings())
    return folder


#: Stages of `nenpo check`, as (label, module file, function) found in the profile.
STAGES = (
    ("load the records folder", "load.py", "load_records"),
    ("  of which: read sessions.xlsx", "read.py", "read_sheet"),
    ("validate", "validate.py", "validate"),
    ("compose (template → Markdown → document model)", "build.py", "compose"),
    ("  of which: render the template", "env.py", "render"),
    ("  of which: parse the Markdown", "parse.py", "parse"),
    ("check every glyph against the PDF fonts", "glyphs.py", "check_glyphs"),
    ("PDF: lay out (twice: the 目次's page count, then the pages)", "pdf.py", "lay_out"),
    ("DOCX: render", "docx.py", "render_docx"),
    ("HTML: render", "html.py", "render_html"),
    ("the whole check", "build.py", "check_report"),
)


def profile_check(folder: Path, out: Path, top: int = 15) -> str:
    """`nenpo check FOLDER` under cProfile (stats kept in `out`): the cumulative time of each stage,
    then the top functions by cumulative time as pstats prints them."""
    from run import child_env

    subprocess.run([sys.executable, "-m", "cProfile", "-o", str(out), "-m", "nenpo", "check", str(folder)],
                   cwd=REPO, env=child_env(), capture_output=True, check=True)
    stats = pstats.Stats(str(out))
    cumulative = {(Path(file).name, name): ct for (file, _, name), (_, _, _, ct, _) in stats.stats.items()}
    total = cumulative.get(("build.py", "check_report"), 0.0) or 1.0
    lines = [f"Stages of the profiled check (cProfile's own overhead inflates every figure; shares are "
             f"indicative), stats in {out.relative_to(REPO) if out.is_relative_to(REPO) else out}:", ""]
    lines += [f"  {label:<62} {cumulative.get((file, name), 0.0):7.1f} s  "
              f"{100 * cumulative.get((file, name), 0.0) / total:5.1f} %" for label, file, name in STAGES]
    text = io.StringIO()
    stats.stream = text
    stats.strip_dirs().sort_stats("cumulative").print_stats(top)
    return "\n".join(lines) + "\n\n" + text.getvalue()


def render(results: list[Result], base_kib: int, markdown: bool) -> str:
    """The results as an aligned table, or as Markdown."""
    header = ("workbook", "way", "gives", "runs", "import s", "read s", "min read s", "read cpu s",
              "import+read s", "peak MiB", "rows")
    lines = [header] + [(r.workbook, r.way.name, r.way.gives, str(r.runs), f"{r.import_s:.3f}", f"{r.read_s:.3f}",
                         f"{r.read_min_s:.3f}", f"{r.cpu_s:.3f}", f"{r.import_s + r.read_s:.3f}",
                         f"{r.peak_kib / 1024:.0f}", str(r.rows)) for r in results]
    note = (f"(medians; import+read s = the medians added; an interpreter doing nothing but import this "
            f"script peaks at {base_kib / 1024:.0f} MiB)")
    if markdown:
        rows = ["| " + " | ".join(line) + " |" for line in lines]
        rows.insert(1, "| :--- | :--- | :--- | " + " | ".join(["---:"] * (len(header) - 3)) + " |")
        return "\n".join(rows) + "\n\n" + note
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(line, widths)).rstrip() for line in lines) + "\n" + note


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5, help="fresh processes per way and workbook (median shown)")
    parser.add_argument("--ways", default=",".join(BY_NAME), help="comma-separated, of: " + ", ".join(BY_NAME))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", type=Path, default=BENCH / "work" / "sheets")
    parser.add_argument("--check", action="store_true", help="also time `nenpo check` on the workbook")
    parser.add_argument("--check-repeat", type=int, default=1)
    parser.add_argument("--profile", action="store_true", help="print cProfile's top 15 of that check")
    parser.add_argument("--stray", action="store_true",
                        help="also read two workbooks with one stray far cell (4 GiB limit, 120 s timeout)")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("WAY", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return 0

    sys.path.insert(0, str(BENCH))
    from make_sheet import write_workbook
    from run import machine
    from run import measure as measure_nenpo

    info = machine()
    for key, dist in (("openpyxl", "openpyxl"), ("python-calamine", "python-calamine")):
        from importlib import metadata
        try:
            info[key] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            info[key] = "not installed"
    for key in ("reportlab", "python-docx"):
        info.pop(key, None)
    print("\n".join(f"- {k}: {v}" for k, v in info.items()))
    print(f"- load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)

    books = {
        "excel": write_workbook(args.rows, args.work / f"sessions-{args.rows}.xlsx", args.seed),
        "openpyxl": write_workbook(args.rows, args.work / f"sessions-{args.rows}-inline.xlsx", args.seed,
                                   shared=False),
    }
    for label, file in books.items():
        print(f"- {label}: {file.relative_to(REPO)} ({file.stat().st_size / 1024:.0f} KiB); {compare(file)}",
              flush=True)
    ways = [BY_NAME[name] for name in args.ways.split(",")]
    results = measure(books, ways, args.repeat)
    print()
    print(render(results, baseline_kib(), args.markdown))
    if args.stray:
        print()
        for label, file in stray_books(args.work, books["excel"], args.rows).items():
            for way in ways:
                print(f"- {label} ({file.stat().st_size / 1024:.0f} KiB), {way.name}: {run_limited(way, file)}",
                      flush=True)

    if args.check or args.profile:
        folder = records_folder(args.work, args.rows, args.seed)
        if args.check:
            runs = [measure_nenpo(["check", str(folder)]) for _ in range(args.check_repeat)]
            failed = next((r for r in runs if r.code), None)
            if failed:
                print(f"\nnenpo check failed ({failed.code}):\n{failed.stderr}")
                return 1
            print(f"\n`nenpo check {folder.relative_to(REPO)}` ({len(runs)} run(s), median): "
                  f"wall {statistics.median(r.seconds for r in runs):.1f} s, "
                  f"cpu {statistics.median(r.cpu_seconds for r in runs):.1f} s, "
                  f"peak {statistics.median(r.peak_kib for r in runs) / 1024:.0f} MiB")
        if args.profile:
            print("\n" + profile_check(folder, args.work / f"check-{args.rows}.prof"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
