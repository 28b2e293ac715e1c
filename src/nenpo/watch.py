"""`nenpo watch`: rebuild a report on every save of a file its build reads, for proofreading.

The loop polls the modification times and sizes of the records folder's files and the template's
files (portable, no new dependency: the same on Windows, macOS and Linux), waits until a save has
settled (an editor that writes a file in two steps, or saves several files at once, gives one
rebuild), and builds in this process, so imports, fonts and parsed pictures stay loaded between
rebuilds. A save that leaves every file's content as it was (a second Ctrl-S) builds nothing. A build
with errors writes nothing, so the last good output stays in place while the user fixes the save.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TextIO

from nenpo.batch import Outcome, build_one
from nenpo.build import find_template, records_name, template_files
from nenpo.errors import NenpoError, Problem
from nenpo.messages import Lang, Text
from nenpo.records.files import BOOK_SUFFIXES, IMAGE_SUFFIXES, MAIN_FILE, YAML_SUFFIXES
from nenpo.writers import WRITERS, extension
from nenpo.writers.fonts import forget_folders

#: How often the files are looked at, in seconds.
INTERVAL = 0.2
#: How long the files must stay as they are after a change before the build starts, in seconds.
SETTLE = 0.1

#: Files an editor, an office suite or the operating system leaves beside the user's own: backups
#: (`report.yaml~`, `#report.yaml#`), swap and lock files (`.report.yaml.swp`, `~$記録.xlsx`),
#: temporary files, vim's write test `4913`, and the folder files of Windows and macOS.
_NOT_INPUT = re.compile(
    r"^(?:[.~#].*|.*[~#]|.*\.(?:swp|swo|swx|tmp|temp|bak|crdownload|part)|4913|Thumbs\.db|desktop\.ini)$",
    re.IGNORECASE)

#: Endings of the files of a records folder whose content a build reads: records, workbooks and CSV
#: sheets, pictures.
_READ_SUFFIXES = (*YAML_SUFFIXES, *BOOK_SUFFIXES, ".csv", *IMAGE_SUFFIXES)

#: A file's state as polled: modification time in nanoseconds and size in bytes.
Stamp = tuple[int, int]
Snapshot = dict[Path, Stamp]


def is_input_name(name: str) -> bool:
    """Whether a file of that name may be read by a build (not an editor's backup or swap file)."""
    return not _NOT_INPUT.match(name)


def _walk(folder: Path, skip: Path, seen: set[str], deep: bool = True) -> Iterator[tuple[Path, os.stat_result]]:
    """Every input file in a folder (and `deep`, below it), with its status; hidden folders and the
    output folder are passed over, and a folder reached twice through links is walked once."""
    try:
        real = os.path.realpath(folder)
        if real in seen:
            return
        seen.add(real)
        with os.scandir(folder) as entries:
            found = list(entries)
    except OSError:  # gone or unreadable between two polls: the next poll sees it as it is then
        return
    for entry in found:
        if entry.name.startswith(".") or not is_input_name(entry.name):
            continue
        try:
            if entry.is_dir():
                if deep and Path(os.path.realpath(entry.path)) != skip:
                    yield from _walk(Path(entry.path), skip, seen)
            elif entry.is_file():
                yield Path(entry.path), entry.stat()
        except OSError:
            continue


def snapshot(records: Path, template_dir: Path, out_dir: Path, outputs: frozenset[Path] = frozenset()) -> Snapshot:
    """The modification time and size of every file a build of these records may read: the records
    folder's records, sheets and pictures, and of the template's files; any other file of the records
    folder is there as (0, 0), since the build names it in a warning. For a single records file: it,
    and the sheets and pictures beside it. The output folder, the `outputs` (resolved paths: the
    build's own files, when written into the records folder) and editors' backup and swap files are
    left out."""
    skip = Path(os.path.realpath(out_dir))
    found: Snapshot = {}
    if records.is_dir():
        for path, status in _walk(records, skip, set()):
            # Any other file is only named in a warning: its coming and going counts, not its content.
            found[path] = _stamp(status) if path.suffix.lower() in _READ_SUFFIXES else (0, 0)
    else:  # a single records file, and the tables and pictures it may name beside it
        for path, status in _walk(records.parent, skip, set(), deep=False):
            beside = path.suffix.lower() in _READ_SUFFIXES and path.suffix.lower() not in YAML_SUFFIXES
            if beside or path.name == records.name:
                found[path] = _stamp(status)
    names = {path.name for path in outputs}
    for path in [p for p in found if p.name in names and p.resolve() in outputs]:
        del found[path]
    for path in template_files(template_dir):
        if is_input_name(path.name):
            try:
                found[path] = _stamp(path.stat())
            except OSError:
                continue
    return found


def _stamp(status: os.stat_result) -> Stamp:
    return status.st_mtime_ns, status.st_size


@dataclass
class _Contents:
    """The SHA-256 of each watched file, read again only when its time or size changed."""

    digests: dict[Path, tuple[Stamp, bytes]] = field(default_factory=dict)

    def of(self, files: Snapshot) -> dict[Path, bytes]:
        result = {}
        for path, stamp in files.items():
            known = self.digests.get(path)
            if stamp == (0, 0):  # a file whose content no build reads
                known = (stamp, b"")
            elif known is None or known[0] != stamp:
                try:
                    known = (stamp, hashlib.sha256(path.read_bytes()).digest())
                except OSError:
                    known = (stamp, b"")
                self.digests[path] = known
            result[path] = known[1]
        for path in set(self.digests) - set(files):
            del self.digests[path]
        return result


def _fatal(records: Path, template: str | Path, out_dir: Path, formats: tuple[str, ...]) -> bool:
    """Whether a failed first build is one that no save in the watched files can mend: records or
    template that do not exist, an output path that is a file, a format nenpo does not write."""
    if not formats or any(fmt not in WRITERS for fmt in formats):
        return True
    if not (records.is_file() or (records / MAIN_FILE).is_file()):
        return True
    if out_dir.exists() and not out_dir.is_dir():
        return True
    try:
        find_template(template)
    except NenpoError:
        return True
    return False


@dataclass
class Watcher:
    """One watched report: how to build it, and where to say what happened."""

    records: Path
    out_dir: Path
    template: str | Path
    formats: tuple[str, ...]
    lang: Lang
    out: TextIO
    err: TextIO
    now: Callable[[], datetime] = datetime.now
    good: bool = False

    def build(self) -> Outcome:
        """Build once and print one line: the files written, or the problems and what is kept."""
        start = time.perf_counter()
        if not self.good:  # the last build failed: perhaps for a font installed since, so look again
            forget_folders()
        try:
            outcome = build_one(self.records, self.out_dir, self.template, self.formats)
        except OSError as exc:  # the disk or the permissions, not the records: say which file
            problem = Problem(Text("cli.cannot_write", path=exc.filename or "", detail=exc.strerror or str(exc)),
                              hint=Text("cli.cannot_write_hint"))
            outcome = Outcome(self.records, seconds=time.perf_counter() - start, problems=[problem])
        except Exception as exc:  # noqa: BLE001 - a bug in nenpo: said, and the watch goes on
            if os.environ.get("NENPO_DEBUG"):
                traceback.print_exc(file=self.err)
            problem = Problem(Text("cli.internal", detail=f"{type(exc).__name__}: {exc}"),
                              hint=Text("cli.debug_hint"))
            outcome = Outcome(self.records, seconds=time.perf_counter() - start, problems=[problem])
        self._report(outcome)
        self.good = outcome.ok
        return outcome

    def _say(self, text: Text, file: TextIO) -> None:
        print(text.render(self.lang), file=file, flush=True)

    def _report(self, outcome: Outcome) -> None:
        clock = self.now().strftime("%H:%M:%S")
        for notice in outcome.notices:
            print(notice.format(self.lang), file=self.err)
        if outcome.ok:
            paths = ", ".join(str(p) for p in outcome.files)
            seconds = f"{outcome.seconds:.1f}"
            line = (Text("watch.built", time=clock, paths=paths, pages=outcome.pages, seconds=seconds)
                    if outcome.pages is not None else Text("watch.built_no_pages", time=clock, paths=paths, seconds=seconds))
            self._say(line, self.out)
            return
        for problem in outcome.problems:
            print(problem.format(self.lang), file=self.err)
        count = sum(1 for p in outcome.problems if p.severity == "error")
        name = records_name(self.records)
        kept = [path for fmt in self.formats if fmt in WRITERS
                for path in [self.out_dir / f"{name}.{extension(fmt)}"] if path.is_file()]
        line = (Text("watch.kept", time=clock, count=count, paths=", ".join(str(p) for p in kept)) if kept
                else Text("watch.none_kept", time=clock, count=count))
        self._say(line, self.err)


def watch(
    records: Path,
    out_dir: Path = Path("out"),
    template: str | Path = "default",
    formats: tuple[str, ...] = ("pdf",),
    *,
    lang: Lang = "ja",
    out: TextIO,
    err: TextIO,
    stop: threading.Event | None = None,
    interval: float = INTERVAL,
    settle: float = SETTLE,
    now: Callable[[], datetime] = datetime.now,
) -> int:
    """Build, then rebuild on every settled change of the watched files until `stop` is set (or
    Ctrl-C). Returns 1 when the first build fails in a way no save can mend (it has said why), else 0."""
    stop = stop or threading.Event()
    if _fatal(records, template, out_dir, formats):
        problems = build_one(records, out_dir, template, formats).problems
        for problem in problems:
            print(problem.format(lang), file=err)
        errors = sum(1 for p in problems if p.severity == "error")
        print(Text("cli.error_count", count=errors).render(lang), file=err, flush=True)
        return 1
    template_dir = find_template(template)  # found once: every rebuild reads the same folder
    watcher = Watcher(records, out_dir, template_dir, formats, lang, out, err, now)
    print(Text("watch.start", records=records).render(lang), file=out, flush=True)
    name = records_name(records)
    outputs = frozenset((out_dir / f"{name}.{extension(fmt)}").resolve() for fmt in formats)

    def poll() -> Snapshot:
        return snapshot(records, template_dir, out_dir, outputs)

    contents = _Contents()
    state = poll()
    built = contents.of(state)  # read before the build: a save during it is a change to build again
    watcher.build()
    while not stop.wait(interval):
        current = poll()
        if current == state:
            continue
        while not stop.wait(settle):  # until a poll finds the files as the one before it
            again = poll()
            if again == current:
                break
            current = again
        if stop.is_set():
            break
        state = current
        digests = contents.of(current)
        if watcher.good and digests == built:
            continue  # saved as it was: the output already shows it
        built = digests
        watcher.build()
    return 0
