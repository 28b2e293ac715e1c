"""Issue 14: what each way of reading a workbook makes of the cells a secretariat's workbook holds.

Writes a small workbook (bench/work/sheets/features.xlsx), one feature a row in column B, and prints,
for each way of bench/sheets.py, the value it reads in that cell. openpyxl writes formulas without
their cached values and never writes the built-in Japanese date formats by id, so the workbook's XML
is then edited to hold what Excel would save: `<f>1+1</f><v>2</v>`, `t="e"` error cells, and cells
styled with numFmtId 31, 55, 57, 58 — the ids a Japanese Excel writes for 2019年4月1日 and 令和元年4月1日
without spelling the format out in styles.xml.

    python bench/sheet_features.py [--markdown]
"""

from __future__ import annotations

import argparse
import re
import sys
import zipfile
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from sheets import TITLE, WAYS  # noqa: E402

#: (what the row shows, the value written in B, the number format, an XML edit of the B cell)
FEATURES: list[tuple[str, Any, str | None]] = [
    ("date cell, yyyy/m/d", date(2019, 7, 5), "yyyy/m/d"),
    ("date and time cell", datetime(2019, 7, 5, 13, 30), "yyyy/m/d h:mm"),
    ("time cell", time(13, 30), "h:mm"),
    ('custom 和暦 format [$-ja-JP]ggge"年"m"月"d"日"', date(2019, 7, 5), '[$-ja-JP]ggge"年"m"月"d"日"'),
    ("built-in id 31 (yyyy年m月d日, ja-JP)", date(2019, 7, 5), "ID31"),
    ("built-in id 55 (yyyy年m月, ja-JP)", date(2019, 7, 5), "ID55"),
    ("built-in id 57 (ggge年m月d日, ja-JP)", date(2019, 7, 5), "ID57"),
    ("built-in id 58 (ggge年m月d日, ja-JP)", date(2019, 7, 5), "ID58"),
    ("serial 45550 in a General cell", 45550, None),
    ("whole number 25", 25, None),
    ("TRUE", True, None),
    ("formula =1+1, cached 2", "=1+1", None),
    ("formula =A1, cached text", "=A1", None),
    ("formula never calculated (no cached value)", "=1+2", None),
    ("error cell #REF! (t=\"e\")", "#REF!", None),
    ("error cell #DIV/0!", "#DIV/0!", None),
    ("text typed '#REF!", "#REF!", "TEXT"),
    ("empty cell", None, None),
    ("merged B{n}:B{m}, top cell", "結合した値", None),
    ("merged, the cell below the top", None, None),
    ("hidden row", "隠した行", None),
]
MERGED_ROW = next(i for i, f in enumerate(FEATURES, 1) if f[0].startswith("merged B"))
HIDDEN_ROW = next(i for i, f in enumerate(FEATURES, 1) if f[0] == "hidden row")


def write_probe(out: Path) -> Path:
    """The probe workbook: openpyxl's, then its XML edited to hold what Excel saves (see the docstring)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = TITLE
    for index, (label, value, fmt) in enumerate(FEATURES, start=1):
        sheet.cell(index, 1, label.format(n=MERGED_ROW, m=MERGED_ROW + 1))
        cell = sheet.cell(index, 2, value)
        if fmt == "TEXT":
            cell.data_type = "s"
        elif fmt and fmt.startswith("ID"):
            cell.number_format = f'"{fmt}"0'  # a placeholder format, swapped for the bare id below
        elif fmt:
            cell.number_format = fmt
    sheet.merge_cells(start_row=MERGED_ROW, start_column=2, end_row=MERGED_ROW + 1, end_column=2)
    sheet.row_dimensions[HIDDEN_ROW].hidden = True
    hidden = book.create_sheet("隠しシート")
    hidden.sheet_state = "hidden"
    hidden.append(["x"])
    out.parent.mkdir(parents=True, exist_ok=True)
    raw = out.with_suffix(".tmp.xlsx")
    book.save(raw)
    with zipfile.ZipFile(raw) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = _cached_values(data)
            elif info.filename == "xl/styles.xml":
                data = _builtin_ids(data)
            zout.writestr(info, data)
    raw.unlink()
    return out


def _cached_values(xml: bytes) -> bytes:
    """Give the two calculated formulas the cached values Excel would have saved."""
    xml = re.sub(rb"<f>1\+1</f><v\s*/?>(?:</v>)?", b"<f>1+1</f><v>2</v>", xml)
    return re.sub(rb'(<c r="B\d+")([^>]*)><f>A1</f><v\s*/?>(?:</v>)?', rb'\1 t="str"\2><f>A1</f><v>x</v>', xml)


def _builtin_ids(xml: bytes) -> bytes:
    """Point the placeholder formats' cells at the bare built-in ids 31, 55, 57, 58 (no numFmt element)."""
    for ident in (b"31", b"55", b"57", b"58"):
        match = re.search(rb'<numFmt numFmtId="(\d+)" formatCode="&quot;ID%s&quot;0"/>' % ident, xml)
        if match:
            xml = xml.replace(match.group(0), b"")
            xml = xml.replace(b'xf numFmtId="%s"' % match.group(1), b'xf numFmtId="%s"' % ident)
    return xml


def _show(value: Any) -> str:
    """A value as the table shows it: its repr, short."""
    if value is None:
        return "None"
    if isinstance(value, (date, time)):
        return f"{type(value).__name__} {value.isoformat()}"
    return repr(value)


def table(file: Path) -> list[tuple[str, ...]]:
    """One row per feature: the label, then what each way reads."""
    raw = file.read_bytes()
    results = {w.name: w.read(raw) for w in WAYS}
    lines = [("cell", *results)]
    for index, (label, _, _) in enumerate(FEATURES):
        cells = []
        for result in results.values():
            rows = result["rows"]
            value = rows[index][1] if index < len(rows) and len(rows[index]) > 1 else None
            cells.append(_show(value))
        lines.append((label.format(n=MERGED_ROW, m=MERGED_ROW + 1), *cells))
    lines.append(("hidden rows (sheet row numbers)", *(str(sorted(r + 1 for r in res["hidden"])) if "hidden" in res
                                                       else "not read" for res in results.values())))
    lines.append(("merged ranges", *(str(len(res["merged"])) if "merged" in res else "not read"
                                     for res in results.values())))
    lines.append(("error cells told from text and empty", *(str(len(res["errors"])) if "errors" in res else "no"
                                                            for res in results.values())))
    lines.append(("sheet names", *(" ".join(res["titles"]) for res in results.values())))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--out", type=Path, default=BENCH / "work" / "sheets" / "features.xlsx")
    args = parser.parse_args(argv)
    lines = table(write_probe(args.out))
    if args.markdown:
        print("\n".join("| " + " | ".join(line) + " |" for line in lines[:1]))
        print("| :--- " * len(lines[0]) + "|")
        print("\n".join("| " + " | ".join(c.replace("|", "\\|") for c in line) + " |" for line in lines[1:]))
    else:
        widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
        print("\n".join("  ".join(c.ljust(w) for c, w in zip(line, widths)).rstrip() for line in lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
