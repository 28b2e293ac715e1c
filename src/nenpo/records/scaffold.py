"""`nenpo new`: the records of a new year to start from, every field explained in a comment.

The skeleton files under `skeleton/` are YAML with `${name}` placeholders (string.Template) for
the year's label and example dates. A fresh scaffold passes `nenpo check` and builds as it is, so
the secretariat can replace the 〇〇 placeholders one by one and watch the report take shape.

A scaffold never overwrites anything, and a failure never leaves a half-made folder: the files are
written in a temporary folder first and moved into place only when all of them are written.
"""

from __future__ import annotations

import string
from datetime import date
from importlib import resources
from pathlib import Path

from nenpo import dates
from nenpo.atomic import write_folder
from nenpo.errors import Location, NenpoError
from nenpo.messages import Text
from nenpo.records.sheets.write import BOOK_NAME, template_workbook_bytes

#: The files a scaffold writes, relative to the records folder, in the order they are returned.
SKELETON_FILES = ("report.yaml", "sessions/01.yaml", "visits/01.yaml")
#: The files `nenpo new --xlsx` writes: the sessions and visits are the workbook's example rows.
WORKBOOK_FILES = ("report.yaml", BOOK_NAME)
#: The years `ReportInfo.fiscal_year` accepts.
FIRST_YEAR, LAST_YEAR = 1873, 2100

_PLAIN = dates.DateStyle(weekday=False)


def _initial_form(d: date) -> str:
    """R1.7.5: the era's initial, the era year in figures, month and day."""
    era = dates.era_of(d)
    return f"{era.initial}{era.year_of(d)}.{d.month}.{d.day}"


def skeleton_values(fiscal_year: int) -> dict[str, str]:
    """The values filled into the skeleton for a 年度: its labels and example dates inside it."""
    first, last = dates.fiscal_year_bounds(fiscal_year)
    example = date(fiscal_year, 7, 5)
    span_start, span_end = date(fiscal_year, 10, 8), date(fiscal_year, 10, 9)
    return {
        "fiscal_year": str(fiscal_year),
        "fy_label": dates.fiscal_year_label(fiscal_year),
        "fy_label_at_start": dates.fiscal_year_label(fiscal_year, dates.DateStyle(era_at_start=True)),
        "fy_first": dates.format_date(first, _PLAIN),
        "fy_last": dates.format_date(last, _PLAIN),
        "issued": last.isoformat(),
        "example_iso": example.isoformat(),
        "example_slash": f"{example.year}/{example.month}/{example.day}",
        "example_wareki": dates.format_date(example, _PLAIN),
        "example_western": dates.format_date(example, dates.DateStyle("西暦", weekday=False)),
        "example_initial": _initial_form(example),
        "example_weekday": dates.format_date(example),
        "example_span": dates.format_span(span_start, span_end, _PLAIN),
        "example_span_display": dates.format_span(span_start, span_end),
        "example_span_start": span_start.isoformat(),
        "example_span_end": span_end.isoformat(),
        "session_date": dates.format_date(example, _PLAIN),
        "visit_date": dates.format_span(span_start, span_end, _PLAIN),
    }


def _resource(name: str) -> str:
    """A file under skeleton/ as text with LF line ends (a checkout on Windows may have made them CRLF)."""
    resource = resources.files("nenpo.records") / "skeleton"
    for part in name.split("/"):
        resource = resource / part
    return resource.read_text(encoding="utf-8-sig").replace("\r\n", "\n")


def render_skeleton(fiscal_year: int, workbook: bool = False) -> dict[str, str]:
    """Each skeleton file's text for a 年度, keyed by its path relative to the records folder; with
    `workbook`, report.yaml alone, naming the workbook where the sessions and visits go."""
    if not FIRST_YEAR <= fiscal_year <= LAST_YEAR:
        raise NenpoError.single(Text("new.year_out_of_range", year=fiscal_year, first=FIRST_YEAR, last=LAST_YEAR))
    form = "xlsx" if workbook else "yaml"
    values = skeleton_values(fiscal_year) | {
        "files_note": _resource(f"notes/{form}-files.txt").rstrip("\n"),
        "items_note": _resource(f"notes/{form}-items.txt").rstrip("\n"),
    }
    names = ("report.yaml",) if workbook else SKELETON_FILES
    return {name: string.Template(_resource(name)).substitute(values) for name in names}


def scaffold(folder: Path, fiscal_year: int, workbook: bool = False) -> list[Path]:
    """Write the skeleton records of `fiscal_year` (the Gregorian year a 年度 begins) into `folder`.

    `folder` must not exist or be empty; anything else is refused, so that existing records are
    never overwritten. Returns the paths written: report.yaml, sessions/01.yaml, visits/01.yaml; with
    `workbook`, report.yaml and the workbook 記録.xlsx holding an example session and visit instead.
    """
    files: dict[str, bytes] = {name: text.encode("utf-8") for name, text in render_skeleton(fiscal_year, workbook).items()}
    if workbook:
        files[BOOK_NAME] = template_workbook_bytes(fiscal_year)
    write_folder(folder, lambda root: _write_tree(root, files), lambda: _exists(folder))
    return [folder.joinpath(*name.split("/")) for name in (WORKBOOK_FILES if workbook else SKELETON_FILES)]


def _exists(folder: Path) -> NenpoError:
    return NenpoError.single(Text("new.exists", path=str(folder)), Location(folder), Text("new.exists_hint"))


def _write_tree(root: Path, files: dict[str, bytes]) -> None:
    """The files under `root`: texts as UTF-8 without BOM and with LF line ends on every system."""
    for name, data in files.items():
        path = root.joinpath(*name.split("/"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
