"""Many reports in one command: `nenpo build A B C` or a folder of records folders.

A 広域連合 builds a report per member body and per year; each is built in its own worker process
(the imports, fonts and templates loaded once per worker for all the reports it builds), one broken
folder never stops the others, and the command ends with a table of every report.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from nenpo.build import build, records_name
from nenpo.errors import Location, NenpoError, Problem
from nenpo.messages import Text
from nenpo.records.files import MAIN_FILE

#: How a page object starts in the PDFs nenpo writes (reportlab writes no object streams).
_PAGE = re.compile(rb"/Type\s*/Page(?![s\w])")


@dataclass(frozen=True)
class Outcome:
    """One report of a batch: what was written, how long it took, and what stopped it if anything."""

    records: Path
    files: list[Path] = field(default_factory=list)
    pages: int | None = None
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def records_folders(paths: Sequence[Path]) -> list[Path]:
    """The records each path names: a folder of records folders (no report.yaml of its own, some in
    its sub-folders) stands for those, in name order; any other path for itself, so that a mistyped
    one gets the build's own message. Raises NenpoError for two reports that would write the same
    output names."""
    found: list[Path] = []
    for path in paths:
        inner = []
        if path.is_dir() and not (path / MAIN_FILE).exists():
            inner = sorted(p for p in path.iterdir() if (p / MAIN_FILE).is_file())
        found.extend(inner or [path])
    problems: list[Problem] = []
    names: dict[str, Path] = {}
    for folder in found:
        name = records_name(folder)
        if name in names and names[name] != folder:
            problems.append(Problem(Text("batch.same_name", name=name, other=str(names[name])), Location(folder),
                                    Text("batch.same_name_hint")))
        names.setdefault(name, folder)
    if problems:
        raise NenpoError(problems)
    return found


def build_one(records: Path, out: Path, template: str, formats: tuple[str, ...]) -> Outcome:
    """Build one report of a batch, catching its errors so that the others go on."""
    start = time.perf_counter()
    try:
        built = build(records, out, template, formats)
    except NenpoError as exc:
        return Outcome(records, seconds=time.perf_counter() - start, problems=list(exc.problems))
    pages = None
    for path in built.files:
        if path.suffix == ".pdf":
            pages = pdf_pages(path)
    return Outcome(records, built.files, pages, time.perf_counter() - start, notices=built.notices)


def pdf_pages(path: Path) -> int:
    """The number of pages of a PDF that nenpo wrote, counted from its page objects."""
    return len(_PAGE.findall(path.read_bytes()))


def build_many(folders: Sequence[Path], out: Path, template: str, formats: tuple[str, ...], jobs: int,
               done: Callable[[Outcome, int], None]) -> list[Outcome]:
    """Build every report, `jobs` at a time in worker processes (in this process when 1); `done` is
    told of each as it finishes, with how many have finished. Returns the outcomes in `folders` order."""
    outcomes: dict[Path, Outcome] = {}
    if jobs <= 1 or len(folders) == 1:
        for folder in folders:
            outcomes[folder] = build_one(folder, out, template, formats)
            done(outcomes[folder], len(outcomes))
    else:
        from concurrent.futures import ProcessPoolExecutor, as_completed  # only for several reports

        with ProcessPoolExecutor(max_workers=min(jobs, len(folders))) as pool:
            futures = {pool.submit(build_one, folder, out, template, formats): folder for folder in folders}
            for future in as_completed(futures):
                outcomes[futures[future]] = future.result()
                done(outcomes[futures[future]], len(outcomes))
    return [outcomes[folder] for folder in folders]


def default_jobs() -> int:
    """As many workers as the machine has cores for this process."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # Windows, macOS
        return os.cpu_count() or 1


def _width(text: str) -> int:
    """Columns a text takes on a terminal: 2 for a full-width character."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def summary(outcomes: Sequence[Outcome], lang: str) -> list[str]:
    """The closing table: each report, its pages, its time, OK or its first error."""
    head = Text("batch.summary_head").render(lang).split("\t")  # type: ignore[arg-type]
    rows = [head]
    for outcome in outcomes:
        if outcome.ok:
            result = Text("batch.summary_ok").render(lang)  # type: ignore[arg-type]
        else:
            first = outcome.problems[0]
            result = first.format(lang).splitlines()[0]  # type: ignore[arg-type]
        pages = "" if outcome.pages is None else str(outcome.pages)
        rows.append([records_name(outcome.records), pages, f"{outcome.seconds:.1f}", result])
    widths = [max(_width(row[c]) for row in rows) for c in range(3)]
    lines = []
    for row in rows:
        cells = [row[c] + " " * (widths[c] - _width(row[c])) for c in range(3)]
        lines.append("  ".join([*cells, row[3]]).rstrip())
    return lines
