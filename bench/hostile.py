"""Measure how fast and in how little memory `nenpo check` refuses hostile input.

Each input is written to a scratch records folder and checked by a separate `python -m nenpo`
process (see run.py's `measure`), so the figures are what a user's machine sees: wall time with
start-up, and that process's peak RSS. The samples are measured too, as the baseline of a clean
check. A measurement, not a test: the corpus tests (tests/records/bad_input) assert the messages.

With `--corpus`, every case of that bad-input corpus is prepared exactly as its test prepares it
(tests/records/bad_input_corpus.py) and run with its own arguments as a separate process; a case
is flagged when it does not exit 1, prints a traceback, changes its output folder, or takes more
than 2 s or 500 MiB, and the script then exits 1.

    python bench/hostile.py [--markdown] [--only SUBSTRING]
    python bench/hostile.py --corpus [--markdown] [--only SUBSTRING] [--cases DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from run import REPO, Run, machine, measure

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(REPO / "tests" / "records"))
from bad_input_corpus import Case, case_folders, prepare, snapshot  # noqa: E402  (the test's own preparation)

#: A corpus case slower or larger than this is flagged: each is a few small files, refused at once.
CORPUS_MAX_SECONDS = 2.0
CORPUS_MAX_MIB = 500


def alias_bomb(folder: Path) -> None:
    """The 'billion laughs': nine levels of nine aliases, 9**9 strings if expanded."""
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    (folder / "report.yaml").write_text("\n".join([*lines, "report: *a9", ""]), encoding="utf-8")


def huge_file(folder: Path) -> None:
    """A 100 MB records file (a valid start, then comment lines)."""
    with (folder / "report.yaml").open("w", encoding="utf-8") as fh:
        fh.write("report:\n  title: 年報\n")
        line = "# " + "あ" * 32 + "\n"
        for _ in range(100 * 2**20 // len(line.encode("utf-8")) + 1):
            fh.write(line)


def write_report(folder: Path, text: str) -> None:
    (folder / "report.yaml").write_text(text, encoding="utf-8")


def deep_flow(folder: Path) -> None:
    """900 nested lists: inside libyaml's own limit of 1000, far beyond any record."""
    write_report(folder, "report: " + "[" * 900 + "]" * 900 + "\n")


def flow_lists(n: int) -> Callable[[Path], None]:
    """`report: [[[…]]]`, n lists deep: past libyaml's own limit, which fires while it reads ahead."""
    return lambda folder: write_report(folder, "report: " + "[" * n + "]" * n + "\n")


def flow_mappings(n: int) -> Callable[[Path], None]:
    """`report: {a: {a: …}}`, n mappings deep."""
    return lambda folder: write_report(folder, "report: " + "{a: " * n + "b" + "}" * n + "\n")


def block_sequences(n: int) -> Callable[[Path], None]:
    """`- - - … x` on one line: n block lists, each the first item of the one before."""
    return lambda folder: write_report(folder, "report:\n" + "- " * n + "x\n")


def explicit_keys(n: int) -> Callable[[Path], None]:
    """`? ? ? … x` on one line: n block mappings, each the key of the one before."""
    return lambda folder: write_report(folder, "? " * n + "x\n")


def mixed(n: int) -> Callable[[Path], None]:
    """Ten mappings by indentation, five `- ? `, then `[{a: ` to n levels in all."""
    head = "".join(" " * i + f"k{i}:\n" for i in range(10)) + " " * 10 + "- ? " * 5
    pairs = (n - 20) // 2
    return lambda folder: write_report(folder, head + "[{a: " * pairs + "x" + "}]" * pairs + "\n")


def deep_block(n: int) -> Callable[[Path], None]:
    """n mappings nested by indentation (a column a level: 5,000 levels take 12.5 MB)."""
    return lambda folder: write_report(folder, "".join(" " * i + f"k{i}:\n" for i in range(n)) + " " * n + "v\n")


def many_values(folder: Path) -> None:
    """A 15 MB list of five million empty lists: under the size limit, 25 times the values limit."""
    write_report(folder, "report: [" + "[], " * 3_750_000 + "]\n")


def many_text_aliases(folder: Path) -> None:
    """A 15 MB list of three million `*a`: every one an alias of the same short text."""
    write_report(folder, "x: &a a\nreport:\n  lead:\n" + "  - *a\n" * 2_100_000)


def binary_junk(folder: Path) -> None:
    """A megabyte of random bytes saved as report.yaml."""
    (folder / "report.yaml").write_bytes(random.Random(0).randbytes(2**20))


def zip_as_yaml(folder: Path) -> None:
    """An Excel file renamed to report.yaml (a zip, as .xlsx is)."""
    (folder / "report.yaml").write_bytes(b"PK\x03\x04" + bytes(range(256)) * 64)


CASES: dict[str, Callable[[Path], None]] = {
    "alias bomb (9^9)": alias_bomb,
    "100 MB file": huge_file,
    "900-deep flow lists": deep_flow,
    "100,000-deep flow lists": flow_lists(100_000),
    "1,000,000-deep flow lists": flow_lists(1_000_000),
    "100,000-deep flow mappings": flow_mappings(100_000),
    "1,000,000-deep flow mappings": flow_mappings(1_000_000),
    "100,000-deep block lists (one line)": block_sequences(100_000),
    "1,000,000-deep block lists (one line)": block_sequences(1_000_000),
    "100,000-deep explicit-key mappings": explicit_keys(100_000),
    "1,000,000-deep explicit-key mappings": explicit_keys(1_000_000),
    "100,000-deep mixed": mixed(100_000),
    "1,000,000-deep mixed": mixed(1_000_000),
    "900-deep block mappings": deep_block(900),
    "5,000-deep block mappings (12.5 MB)": deep_block(5000),
    "5,000,000 empty lists (15 MB)": many_values,
    "2,100,000 text aliases (15 MB)": many_text_aliases,
    "1 MB random bytes": binary_junk,
    "xlsx renamed .yaml": zip_as_yaml,
}


def first_line(run: Run, folder: Path) -> str:
    """The first line nenpo printed, with the scratch folder's path cut off."""
    line = next((line for line in run.stderr.splitlines() if line.strip()), "")
    return line.replace(f"{folder}/", "")


@dataclass(frozen=True)
class CorpusRow:
    """One corpus case run as its own process, and what is wrong with how it went (empty: nothing)."""

    name: str
    run: Run
    flags: list[str]
    first_line: str


def run_case(case: Case) -> CorpusRow:
    """Prepare a case in a scratch folder as the corpus test does, run it, and flag what it must not do."""
    with tempfile.TemporaryDirectory(prefix="nenpo-corpus-") as scratch:
        work = Path(scratch)
        out = prepare(case, work)
        before = snapshot(out)
        run = measure([*case.args, "--lang", "ja"], cwd=work)
        flags = []
        if run.code != 1:
            flags.append(f"exit {run.code}")
        if "Traceback" in run.stderr or "内部エラー" in run.stderr:
            flags.append("traceback")
        if snapshot(out) != before:
            flags.append("output folder changed")
        if run.seconds > CORPUS_MAX_SECONDS:
            flags.append(f"> {CORPUS_MAX_SECONDS:g} s")
        if run.peak_kib / 1024 > CORPUS_MAX_MIB:
            flags.append(f"> {CORPUS_MAX_MIB} MiB")
        return CorpusRow(case.name, run, flags, first_line(run, work))


def corpus(markdown: bool, only: str, cases: Path | None) -> int:
    """Every case of the bad-input corpus (or of another folder of cases) as its own process: a
    table, the extremes, and the flags."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")  # wall times stretch under load
    rows = []
    for folder in case_folders(cases):
        if only in folder.name:
            print(folder.name, file=sys.stderr, flush=True)
            rows.append(run_case(Case.load(folder)))
    if not rows:
        print(f"no corpus case matches {only!r}", file=sys.stderr)
        return 1
    slowest = sorted(rows, key=lambda r: r.run.seconds, reverse=True)[:5]
    largest = max(rows, key=lambda r: r.run.peak_kib)
    flagged = [r for r in rows if r.flags]
    summary = [f"cases: {len(rows)}, flagged: {len(flagged)}; load average at the start: {load:.1f}",
               f"max wall: {slowest[0].run.seconds:.2f} s ({slowest[0].name})",
               f"max cpu: {max(r.run.cpu_seconds for r in rows):.2f} s",
               f"max peak RSS: {largest.run.peak_kib / 1024:.0f} MiB ({largest.name})",
               "slowest: " + ", ".join(f"{r.name} {r.run.seconds:.2f} s" for r in slowest)]
    if markdown:
        print("\n".join(f"- {k}: {v}" for k, v in machine().items()))
        print("\n| case | exit | wall s | cpu s | peak MiB | flags |\n| :--- | ---: | ---: | ---: | ---: | :--- |")
        for row in rows:
            print(f"| {row.name} | {row.run.code} | {row.run.seconds:.2f} | {row.run.cpu_seconds:.2f} | "
                  f"{row.run.peak_kib / 1024:.0f} | {'; '.join(row.flags)} |")
        print("\n" + "\n".join(f"- {line}" for line in summary))
    else:
        for row in rows:
            print(f"{row.name:64} exit {row.run.code}  {row.run.seconds:5.2f} s  cpu {row.run.cpu_seconds:5.2f} s  "
                  f"{row.run.peak_kib / 1024:5.0f} MiB  {'; '.join(row.flags)}")
        print("\n".join(summary))
    for row in flagged:
        line = row.first_line if len(row.first_line) <= 200 else row.first_line[:200] + "…"
        print(f"FLAGGED {row.name}: {'; '.join(row.flags)}\n    {line}", file=sys.stderr)
    return 1 if flagged else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=BENCH / "work" / "hostile")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--corpus", action="store_true",
                        help="run every case of tests/records/bad_input as its own process and flag any that "
                             f"does not exit 1, prints a traceback, or takes > {CORPUS_MAX_SECONDS:g} s or "
                             f"> {CORPUS_MAX_MIB} MiB")
    parser.add_argument("--only", default="", metavar="SUBSTRING", help="only the inputs (or with --corpus the cases) so named")
    parser.add_argument("--cases", type=Path, metavar="DIR",
                        help="with --corpus: a folder of cases in the corpus's format other than tests/records/bad_input")
    args = parser.parse_args(argv)
    if args.corpus:
        return corpus(args.markdown, args.only, args.cases)
    rows: list[tuple[str, Path, Run]] = []
    for name, make in CASES.items():
        if args.only not in name:
            continue
        folder = args.work / name.replace(" ", "-").replace(",", "").replace("(", "").replace(")", "")
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.iterdir():
            old.unlink()
        make(folder)
        rows.append((name, folder, measure(["check", str(folder)])))
    for sample in sorted((REPO / "records").iterdir()):
        rows.append((f"sample {sample.name} (clean)", sample, measure(["check", str(sample)])))
    return report(rows, args.markdown)


def report(rows: list[tuple[str, Path, Run]], markdown: bool) -> int:
    """Print the machine and one row per input; 0 when every input ended in exit 0 or 1."""
    if markdown:
        print("\n".join(f"- {k}: {v}" for k, v in machine().items()))
        print("\n| input | exit | wall s | peak MiB | first line of the message |\n| :--- | ---: | ---: | ---: | :--- |")
        for name, folder, run in rows:
            print(f"| {name} | {run.code} | {run.seconds:.2f} | {run.peak_kib / 1024:.0f} | {first_line(run, folder)} |")
    else:
        width = max((len(name) for name, _, _ in rows), default=0) + 2
        for name, folder, run in rows:
            print(f"{name:{width}} exit {run.code}  {run.seconds:5.2f} s  {run.peak_kib / 1024:5.0f} MiB  "
                  f"{first_line(run, folder)}")
    return 0 if all(run.code in (0, 1) for _, _, run in rows) else 1


if __name__ == "__main__":
    os.chdir(REPO)
    sys.exit(main())
