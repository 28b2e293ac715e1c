"""Which files of a records folder are records, and reading one safely.

Nothing in a records folder is passed over silently: every file is read, or named in a warning, or
refused where it is surely a mistake (`02.yaml.txt` saved by a Windows that hides extensions, a
folder `session/` that was meant to be `sessions/`). Only regular files are read, never more than
the size bound, so a link to `/dev/zero` or a FIFO cannot exhaust memory or block the build.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from nenpo.errors import Location, NenpoError, Problem
from nenpo.messages import Text
from nenpo.records.sheets.columns import KINDS, kind_of_title

MAIN_FILE = "report.yaml"
#: Sub-folders whose files each hold one item (or a list of items) of the list of the same name.
ITEM_FOLDERS = ("sessions", "visits")
#: Records are small text files; anything larger is the wrong file, refused before it is read.
MAX_FILE_BYTES = 16 * 1024 * 1024
#: Endings of a records file, compared without regard to case (`02.YAML` from a Windows tool).
YAML_SUFFIXES = (".yaml", ".yml")
#: Files the operating system or an office suite leaves beside the user's own: never records.
_SYSTEM_FILES = re.compile(r"^(?:\..*|~\$.*|Thumbs\.db|desktop\.ini|.*~)$", re.IGNORECASE)
#: How a copy of a folder is named by Windows, macOS or by hand: kept aside, not meant to be read.
_COPY = re.compile(r"コピー|copy|backup|バックアップ|old|bak|\(\d+\)|（\d+）|\d{6,}", re.IGNORECASE)
#: Endings of the image files a report shows (a logo beside report.yaml): named by the records, never read as records.
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".tif", ".tiff", ".bmp", ".heic", ".heif")
#: Workbooks at the top of a records folder, read by their sheets' names (records/sheets/read.py).
BOOK_SUFFIXES = (".xlsx", ".xlsm")
#: Spreadsheet formats that cannot be read, and are named with a hint to save as .xlsx instead.
OLD_SHEET_SUFFIXES = (".xls", ".numbers", ".ods", ".et")
#: A records file whose real name Windows hid: `02.yaml.txt`, `report.yml.txt`.
_HIDDEN_EXTENSION = re.compile(r"\.ya?ml\.[A-Za-z0-9]{1,4}$", re.IGNORECASE)


def is_records_file(name: str) -> bool:
    """A YAML file by its name, in any case (`01.yaml`, `02.YAML`, `03.yml`)."""
    return name.lower().endswith(YAML_SUFFIXES) and not _SYSTEM_FILES.match(name)


@dataclass
class Scan:
    """The files of a records folder to read, and what was found but not read."""

    #: Item files per item folder (`sessions`, `visits`), in the order they are merged.
    items: dict[str, list[Path]] = field(default_factory=dict)
    #: Workbooks and CSV files of sheets (`記録.xlsx`, `研修.csv`), merged after the item folders' files.
    books: list[Path] = field(default_factory=list)
    #: Warnings for files passed over, errors for names that are surely mistakes.
    problems: list[Problem] = field(default_factory=list)


def _natural(file: Path) -> tuple[object, ...]:
    """File-name order with numbers compared as numbers: 2.yaml before 10.yaml."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p.lower()) for p in re.split(r"(\d+)", file.name) if p)


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    """The entries of a folder, or an error naming it when it cannot be listed."""
    try:
        with os.scandir(folder) as it:
            return sorted(it, key=lambda e: e.name)
    except OSError as exc:
        raise NenpoError.single(Text("files.unreadable_folder", detail=exc.strerror or str(exc)),
                                Location(folder), Text("files.unreadable_folder_hint")) from None


def _passed_over(entry: os.DirEntry[str], folder_kind: Text) -> Problem | None:
    """A warning or an error for a file of a records folder that is not read, or None to ignore it."""
    path = Path(entry.path)
    name = entry.name
    if name.startswith("._") and is_records_file(name[2:]):
        return Problem(Text("files.apple_double"), Location(path), Text("files.apple_double_hint"), "warning")
    if _SYSTEM_FILES.match(name):
        return None
    if _HIDDEN_EXTENSION.search(name):
        right = _HIDDEN_EXTENSION.sub(lambda m: m[0][: m[0].rfind(".")], name)
        return Problem(Text("files.hidden_extension", name=name), Location(path),
                       Text("files.hidden_extension_hint", right=right))
    return Problem(Text("files.not_read", kind=folder_kind), Location(path), Text("files.not_read_hint"),
                   "warning")


def _item_folder_problem(path: Path, name: str) -> Problem:
    """`sessions` or `visits` that exists but cannot be read as a folder (a dangling or looping link, a file)."""
    if path.is_symlink() and not path.exists():
        return Problem(Text("files.broken_link", name=name), Location(path), Text("files.broken_link_hint"))
    return Problem(Text("files.not_a_folder", name=name), Location(path), Text("files.not_a_folder_hint", name=name))


def _is_dir(entry: os.DirEntry[str]) -> bool:
    """A folder (or a link to one); a link that cannot be followed is not."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _holds_yaml(entry: os.DirEntry[str]) -> bool:
    try:
        with os.scandir(entry.path) as it:
            return any(is_records_file(e.name) for e in it)
    except OSError:
        return False


def scan_folder(folder: Path, main: Path) -> Scan:
    """Every entry of a records folder: the main file, the item folders' files, and the rest named.

    Raises NenpoError only when the folder itself cannot be listed.
    """
    scan = Scan()
    for entry in _entries(folder):
        path = Path(entry.path)
        name = entry.name
        if name in ITEM_FOLDERS:
            if not _is_dir(entry):
                scan.problems.append(_item_folder_problem(path, name))
                continue
            scan.items[name] = _item_files(path, scan.problems)
            continue
        if path == main or name == main.name:
            continue
        if _is_dir(entry):
            if _SYSTEM_FILES.match(name) or not _holds_yaml(entry):
                continue  # photos/, out/, .git: no records in them
            close = difflib.get_close_matches(name.lower().split(" ")[0], ITEM_FOLDERS, n=1, cutoff=0.7)
            if close and not _COPY.search(name):  # `sessions - コピー` is a copy kept aside, not a slip
                scan.problems.append(Problem(Text("files.folder_misnamed", name=name, close=close[0]), Location(path),
                                             Text("files.folder_misnamed_hint", close=close[0])))
            else:
                scan.problems.append(Problem(Text("files.folder_not_read", name=name), Location(path),
                                             Text("files.folder_not_read_hint"), "warning"))
            continue
        if name.lower().endswith(IMAGE_SUFFIXES):
            continue  # a logo or photo: checked where the records name it
        if not _SYSTEM_FILES.match(name) and _sheet(path, scan):  # `~$記録.xlsx`: Excel's lock, not a book
            continue
        if (problem := _passed_over(entry, Text("files.kind_records_folder"))) is not None:
            scan.problems.append(problem)
    return scan


def _sheet(path: Path, scan: Scan) -> bool:
    """Note a workbook, or a CSV named for a kind of sheet (`研修.csv`), to read; a spreadsheet in a
    format nenpo cannot read is an error when named for a kind of sheet, else a warning. False for
    any other file."""
    suffix = path.suffix.lower()
    named = kind_of_title(path.stem) is not None
    if suffix in BOOK_SUFFIXES or (suffix == ".csv" and named):
        scan.books.append(path)
        return True
    names = "、".join(f"{k.titles[0]}.csv" for k in KINDS)
    if suffix == ".csv":
        scan.problems.append(Problem(Text("sheets.csv_not_read"), Location(path),
                                     Text("sheets.csv_not_read_hint", names=names), "warning"))
        return True
    if suffix in OLD_SHEET_SUFFIXES:
        scan.problems.append(Problem(Text("sheets.old_format", suffix=path.suffix), Location(path),
                                     Text("sheets.old_format_hint", name=f"{path.stem}.xlsx"),
                                     "error" if named else "warning"))
        return True
    return False


def _item_files(folder: Path, problems: list[Problem]) -> list[Path]:
    """The records files of an item folder in merge order; every other entry is named in `problems`."""
    try:
        entries = _entries(folder)
    except NenpoError as exc:
        problems.extend(exc.problems)
        return []
    files = []
    for entry in entries:
        path = Path(entry.path)
        if is_records_file(entry.name):
            files.append(path)
            continue
        if _is_dir(entry):
            if not _SYSTEM_FILES.match(entry.name):
                problems.append(Problem(Text("files.subfolder_not_read", name=entry.name), Location(path),
                                        Text("files.subfolder_not_read_hint"), "warning"))
            continue
        if (problem := _passed_over(entry, Text("files.kind_item_folder"))) is not None:
            problems.append(problem)
    return sorted(files, key=_natural)


def read_regular(file: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; anything else is refused before it is read.

    The file is opened without blocking and checked by its open descriptor, and never more than
    `limit + 1` bytes are read, so a FIFO, a device (`/dev/zero`) or a file that grows meanwhile
    cannot block the build or exhaust memory.
    """
    limit = MAX_FILE_BYTES if limit is None else limit
    try:
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise NenpoError.single(Text("files.cannot_open", detail=exc.strerror or str(exc)), Location(file),
                                Text("files.cannot_open_hint")) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise NenpoError.single(Text("files.is_folder"), Location(file), Text("files.is_folder_hint"))
        if not stat.S_ISREG(info.st_mode):
            raise NenpoError.single(Text("files.not_regular"), Location(file), Text("files.not_regular_hint"))
        if info.st_size > limit:
            raise _too_large(file, info.st_size, limit)
        with os.fdopen(os.dup(fd), "rb") as fh:
            data = fh.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise _too_large(file, len(data), limit)
    return data


def _too_large(file: Path, size: int, limit: int) -> NenpoError:
    return NenpoError.single(Text("load.too_large", size=round(size / 2**20, 1), limit=limit // 2**20),
                             Location(file), Text("load.too_large_hint"))
