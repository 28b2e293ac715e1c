"""Run the round-trip property test with many examples and report what it found and what it cost.

The test (tests/property/test_roundtrip.py) builds a small random report to DOCX and PDF per
example and reads every field back. CI runs 12 derandomized examples; this runs it as a separate
`python -m pytest` process with `NENPO_PROPERTY_EXAMPLES=N` (default 1000) random examples, the
checkout's `src/` first on the path. The test appends each example's outcome to a log
(`NENPO_PROPERTY_LOG`) and, unless `--stop-at-first`, goes on after a failing example
(`NENPO_PROPERTY_KEEP_GOING=1`), so that failures are counted, not just the first one found.

Printed: examples run, failing examples, the kinds of problem and how many examples showed each,
one failing example's problems, the wall time and the peak RSS of the pytest process (os.wait4
on that child; it includes the pdftotext processes it waited for). Exit status 1 when an example
failed or pytest did not run them all.

    python bench/property.py                          # 1000 examples, everything on (≈ 8–10 min)
    python bench/property.py --examples 200 --off astral,fold,yaml11
    python bench/property.py --markdown               # the summary as Markdown, for bench/README.md
    python bench/property.py --log /tmp/examples.jsonl  # keep each example's outcome and failing records

A measurement, not a test: nothing asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from run import REPO, machine

TEST = "tests/property/test_roundtrip.py"


@dataclass(frozen=True)
class Outcome:
    """One pytest run: its exit code, wall time, peak RSS (KiB), output, and the examples' log."""

    code: int
    seconds: float
    peak_kib: int
    output: str
    examples: list[dict[str, object]]

    @property
    def failures(self) -> list[dict[str, object]]:
        return [e for e in self.examples if not e["ok"]]


def run_property(examples: int, off: str, keep_going: bool, keep_log: Path | None = None) -> Outcome:
    """Run the test in its own process and read back the log it wrote (kept at `keep_log` if given)."""
    with tempfile.TemporaryDirectory(prefix="nenpo-bench-prop-") as tmp:
        log = keep_log or Path(tmp) / "examples.jsonl"
        log.unlink(missing_ok=True)
        env = dict(os.environ, NENPO_PROPERTY_EXAMPLES=str(examples), NENPO_PROPERTY_LOG=str(log),
                   NENPO_PROPERTY_KEEP_GOING="1" if keep_going else "0", NENPO_PROPERTY_OFF=off,
                   PYTHONPATH=os.pathsep.join(filter(None, [str(REPO / "src"), os.environ.get("PYTHONPATH")])))
        command = [sys.executable, "-m", "pytest", TEST, "-q", "-p", "no:cacheprovider"]
        with tempfile.TemporaryFile() as out:
            start = time.perf_counter()
            child = subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
            _, status, usage = os.wait4(child.pid, 0)
            seconds = time.perf_counter() - start
            child.returncode = os.waitstatus_to_exitcode(status)  # reaped here; Popen must not wait again
            out.seek(0)
            output = out.read().decode("utf-8", "replace")
        lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return Outcome(child.returncode, seconds, usage.ru_maxrss, output, [json.loads(line) for line in lines])


def kind(problem: str) -> str:
    """A problem line without its values: `PDF: sessions[].title not found`, to count alike ones."""
    if problem.startswith(("nenpo refused", "nenpo crashed")):
        return problem.split(":")[0] + (": " + problem.split(":", 1)[1].strip()[:60] if "crashed" in problem else "")
    if re.match(r"^\S*:\d+:\d+: ", problem):  # a message of a refusal: its field and its words
        return "  refusal: " + re.sub(r"\[\d+\]", "[]", re.sub(r"^\S*:\d+:\d+: ", "", problem)).split("(")[0][:70]
    text = re.sub(r"\[\d+\]", "[]", problem)
    return re.sub(r" = .*? (not found|found, but [^;]*)(; nearest: .*)?$", r" \1", text)[:90]


def summary(outcome: Outcome, examples: int, off: str, markdown: bool) -> str:
    """The figures and the kinds of problem found, as text or Markdown."""
    counts: Counter[str] = Counter()
    for example in outcome.failures:
        counts.update({kind(str(p)) for p in example["problems"]})  # type: ignore[union-attr]
    figures = [
        ("examples asked", str(examples)),
        ("examples run", str(len(outcome.examples))),
        ("failing examples", str(len(outcome.failures))),
        ("categories off", off or "none"),
        ("wall time", f"{outcome.seconds:.1f} s ({outcome.seconds / max(len(outcome.examples), 1):.2f} s an example)"),
        ("peak RSS", f"{outcome.peak_kib / 1024:.0f} MiB"),
        ("pytest exit", str(outcome.code)),
    ]
    lines = [f"- {k}: {v}" for k, v in machine().items()] if markdown else []
    lines += [f"- {k}: {v}" if markdown else f"{k:>18}: {v}" for k, v in figures]
    if counts:
        lines += ["", "| examples | problem |", "| ---: | :--- |"] if markdown else ["", "examples  problem"]
        for text, n in counts.most_common():
            lines.append(f"| {n} | `{text}` |" if markdown else f"{n:>8}  {text}")
    if outcome.failures:
        first = outcome.failures[0]
        lines += ["", "first failing example:", *(f"    {p}" for p in first["problems"][:20])]  # type: ignore[index]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=1000, help="examples to run (default 1000)")
    parser.add_argument("--off", default="", help="categories of text to switch off: astral,compat,fold,yaml11,markup")
    parser.add_argument("--stop-at-first", action="store_true", help="stop at the first failing example")
    parser.add_argument("--markdown", action="store_true", help="print the summary as Markdown")
    parser.add_argument("--log", type=Path, help="keep every example's outcome (and failing records) in this JSON-lines file")
    args = parser.parse_args(argv)
    print(f"running {args.examples} examples of {TEST} …", file=sys.stderr)
    outcome = run_property(args.examples, args.off, keep_going=not args.stop_at_first,
                           keep_log=args.log.resolve() if args.log else None)
    print(summary(outcome, args.examples, args.off, args.markdown))
    complete = len(outcome.examples) >= args.examples or args.stop_at_first
    if outcome.code != 0 and not outcome.failures:
        print(outcome.output[-3000:], file=sys.stderr)
    return 0 if complete and not outcome.failures and outcome.code == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
