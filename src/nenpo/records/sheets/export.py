"""`nenpo export RECORDS --xlsx FILE`: a records folder's sessions and visits as a workbook, proven
faithful before it is written.

The workbook is read back the way `nenpo build` would read it (a folder holding report.yaml without
sessions and visits, the workbook, and the photos) and every session and visit compared with the
records it came from: any difference is an error naming the item and the field, and nothing is
written. So building from the export gives the report the YAML gives.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from nenpo.atomic import write_bytes
from nenpo.build import check
from nenpo.errors import Location, NenpoError, Problem
from nenpo.messages import Text
from nenpo.records.files import MAIN_FILE
from nenpo.records.load import load_records
from nenpo.records.model import Photo, Report
from nenpo.records.sheets.columns import PHOTOS, PROGRAMME, SESSIONS, VISITS
from nenpo.records.sheets.write import BOOK_NAME, Path_, workbook_bytes
from nenpo.records.validate import validate

#: Field → the heading its values are written under, for each list (a detail sheet's name for the
#: fields a sheet of their own holds).
_HEADINGS: dict[str, dict[str, str]] = {
    "sessions": {c.field: c.heading for c in SESSIONS.columns} | {"programme": PROGRAMME.titles[0],
                                                                  "photos": PHOTOS.titles[0]},
    "visits": {c.field: c.heading for c in VISITS.columns} | {"photos": PHOTOS.titles[0]},
}
#: A cell of a main sheet in a problem of the book read back: 研修!C7.
_MAIN_CELL = re.compile(r"^(?P<sheet>[^!]+)!(?P<column>[A-Z]+)(?P<row>\d+)$")


@dataclass(frozen=True)
class Exported:
    """The workbook's bytes, the warnings of the records it was made from, and the records' files."""

    data: bytes
    notices: list[Problem] = field(default_factory=list)
    inputs: list[Path] = field(default_factory=list)


def export_workbook(records: Path) -> Exported:
    """The workbook of a records folder's sessions and visits, read back and compared.

    Raises NenpoError with the records' own problems (as `nenpo check` finds them), or with every
    value the workbook cannot hold, at its place in the records."""
    checked = check(records)
    data = workbook_bytes(checked.report, checked.source.locate)
    problems = round_trip(checked.report, data, checked.source.files[0].parent, checked.source.locate)
    if problems:
        raise NenpoError(problems)
    return Exported(data, checked.notices, checked.source.files)


def export_to(records: Path, target: Path, force: bool = False) -> Exported:
    """Export a records folder to the workbook `target`, written atomically; an existing `target` is
    replaced only with `force`, and never when it is one of the records' own files. A workbook
    written into the records folder comes with a warning: the next build would read it too."""
    if target.suffix.lower() != ".xlsx":
        raise NenpoError.single(Text("export.not_xlsx", name=target.name), Location(target),
                                Text("export.not_xlsx_hint", name=f"{target.stem}.xlsx"))
    _refuse_existing(target, force)
    exported = export_workbook(records)
    if target.resolve() in {path.resolve() for path in exported.inputs}:
        raise NenpoError.single(Text("build.output_is_input"), Location(target), Text("build.output_is_input_hint"))
    _refuse_existing(target, force)  # made meanwhile
    write_bytes(target, exported.data)
    notices = list(exported.notices)
    folder = exported.inputs[0].parent if exported.inputs else records
    if target.resolve().parent == folder.resolve():
        notices.append(Problem(Text("export.in_records"), Location(target), Text("export.in_records_hint"), "warning"))
    return Exported(exported.data, notices, exported.inputs)


def _refuse_existing(target: Path, force: bool) -> None:
    if not force and (target.exists() or target.is_symlink()):
        raise NenpoError.single(Text("export.exists", path=target), Location(target), Text("export.exists_hint"))


def round_trip(report: Report, data: bytes, root: Path, locate: Callable[[Path_], Location]) -> list[Problem]:
    """The differences between `report`'s sessions and visits and those `data` gives when read as
    `nenpo build` reads a records folder; `root` is the records folder the photos are in."""
    with tempfile.TemporaryDirectory(prefix="nenpo-export-") as tmp:
        folder = Path(tmp)
        (folder / MAIN_FILE).write_text(report_yaml(report), encoding="utf-8")
        (folder / BOOK_NAME).write_bytes(data)
        for photo in _photos(report):
            _copy_image(root, folder, photo.path)
        try:
            back = validate(load_records(folder)).report
        except NenpoError as exc:
            return [_read_back(p, report, locate) for p in exc.problems if p.severity == "error"]
    return differences(report, back, locate)


def report_yaml(report: Report) -> str:
    """report.yaml for the read-back folder: everything of `report` but its sessions and visits."""
    data = report.model_dump(mode="json", exclude={"sessions", "visits"}, exclude_none=True)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _photos(report: Report) -> Iterable[Photo]:
    if report.organisation.logo is not None:
        yield report.organisation.logo
    for item in [*report.sessions, *report.visits, *report.appendices]:
        yield from item.photos


def _copy_image(root: Path, folder: Path, path: str) -> None:
    """A photo into the read-back folder at the same place: a hard link where the disk allows it."""
    source, target = root / path, folder / path
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def differences(original: Report, back: Report, locate: Callable[[Path_], Location]) -> list[Problem]:
    """Each field of each session and visit that reads back other than it was, at its place in the records."""
    problems = []
    for name in ("sessions", "visits"):
        mine, theirs = getattr(original, name), getattr(back, name)
        if len(mine) != len(theirs):
            what = Text("export.kind_session") if name == "sessions" else Text("export.kind_visit")
            problems.append(Problem(Text("export.item_changed", what=what, count=len(theirs), original=len(mine)), locate((name,)),
                                    Text("export.unwritable_hint")))
        for i, (item, other) in enumerate(zip(mine, theirs)):
            for key in type(item).model_fields:
                value, read = getattr(item, key), getattr(other, key)
                if value != read:
                    problems.append(Problem(
                        Text("export.changed", heading=_HEADINGS[name].get(key, key), value=shown(value), read=shown(read)),
                        locate((name, i, key)), Text("export.unwritable_hint")))
    return problems


def shown(value: Any) -> str:
    """A value as a person would recognise it (a record by its values, a list by its items), cut short."""
    if isinstance(value, BaseModel):
        text = "、".join(shown(v) for v in value.model_dump(exclude_defaults=True).values())
    elif isinstance(value, dict):
        text = "、".join(f"{k}: {shown(v)}" for k, v in value.items())
    elif isinstance(value, (list, tuple)):
        text = "、".join(shown(v) for v in value)
    elif value is None:
        text = ""
    else:
        text = str(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _read_back(problem: Problem, report: Report, locate: Callable[[Path_], Location]) -> Problem:
    """A problem of the book read back, at the session or visit its row came from (a 研修 or 訪問 row
    is the item of that number; a detail sheet's row names its cell only)."""
    cell = problem.location.cell or ""
    where = Location()
    if (m := _MAIN_CELL.match(cell)) is not None:
        index = int(m["row"]) - 2
        for name, kind in (("sessions", SESSIONS), ("visits", VISITS)):
            if m["sheet"] == kind.titles[0] and 0 <= index < len(getattr(report, name)):
                where = locate((name, index))
    message = Text("export.read_back", cell=cell or "-", problem=problem.message)
    return Problem(message, where, Text("export.unwritable_hint"))
