"""Measure how fast and in how little memory `nenpo check` refuses hostile input.

Each input is written to a scratch records folder and checked by a separate `python -m nenpo`
process (see run.py's `measure`), so the figures are what a user's machine sees: wall time with
start-up, and that process's peak RSS. The samples are measured too, as the baseline of a clean
check. A measurement, not a test: the corpus tests (tests/records/bad_input) assert the messages.

    python bench/hostile.py [--markdown]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from collections.abc import Callable
from pathlib import Path

from run import REPO, Run, machine, measure

BENCH = Path(__file__).resolve().parent


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


def deep_flow(folder: Path) -> None:
    """900 nested lists: inside libyaml's own limit of 1000, far beyond any record."""
    (folder / "report.yaml").write_text("report: " + "[" * 900 + "]" * 900 + "\n", encoding="utf-8")


def deeper_flow(folder: Path) -> None:
    """100,000 nested lists: past libyaml's limit."""
    (folder / "report.yaml").write_text("report: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")


def deep_block(folder: Path) -> None:
    """900 nested mappings written with indentation."""
    text = "".join(" " * i + f"k{i}:\n" for i in range(900))
    (folder / "report.yaml").write_text(text + " " * 900 + "v\n", encoding="utf-8")


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
    "100,000-deep flow lists": deeper_flow,
    "900-deep block mappings": deep_block,
    "1 MB random bytes": binary_junk,
    "xlsx renamed .yaml": zip_as_yaml,
}


def first_line(run: Run, folder: Path) -> str:
    """The first line nenpo printed, with the scratch folder's path cut off."""
    line = next((line for line in run.stderr.splitlines() if line.strip()), "")
    return line.replace(f"{folder}/", "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=BENCH / "work" / "hostile")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    rows: list[tuple[str, Path, Run]] = []
    for name, make in CASES.items():
        folder = args.work / name.replace(" ", "-").replace(",", "").replace("(", "").replace(")", "")
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.iterdir():
            old.unlink()
        make(folder)
        rows.append((name, folder, measure(["check", str(folder)])))
    for sample in sorted((REPO / "records").iterdir()):
        rows.append((f"sample {sample.name} (clean)", sample, measure(["check", str(sample)])))
    info = machine()
    if args.markdown:
        print("\n".join(f"- {k}: {v}" for k, v in info.items()))
        print("\n| input | exit | wall s | peak MiB | first line of the message |\n| :--- | ---: | ---: | ---: | :--- |")
        for name, folder, run in rows:
            print(f"| {name} | {run.code} | {run.seconds:.2f} | {run.peak_kib / 1024:.0f} | {first_line(run, folder)} |")
    else:
        for name, folder, run in rows:
            print(f"{name:32} exit {run.code}  {run.seconds:5.2f} s  {run.peak_kib / 1024:5.0f} MiB  "
                  f"{first_line(run, folder)}")
    return 0 if all(run.code in (0, 1) for _, _, run in rows) else 1


if __name__ == "__main__":
    os.chdir(REPO)
    sys.exit(main())
