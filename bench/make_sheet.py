"""Write a sessions workbook of N rows (研修 sheet), as a secretariat keeps it in Excel, for timing readers.

The headings are those of `SESSIONS` in src/nenpo/records/sheets/columns.py (No., 回, 題, 日付, 時刻,
会場, 講師, 参加者数, まとめ); the text is drawn from the sample records as make_records.py draws it:
sample titles, venues written 「南陽市（赤湯公民館）」, speakers 「片桐研二氏（小国町総合政策課…）」
one a line, and a まとめ of 2–3 sample paragraphs one a line (Alt+Enter). 日付 is a real date cell
(format yyyy/m/d), or one time in four a two-day span typed as text (2019/7/5～6).

A workbook is as Excel saves it: with openpyxl's inline strings rewritten into a shared-string table
(`xl/sharedStrings.xml`), which is what Excel and LibreOffice write and what a reader meets. A few
things a person does in Excel are there too, so that readers which handle them pay for them: one row
in 100 is hidden, and one 会場 cell in 50 is merged with the cell below (the same venue twice).

    python bench/make_sheet.py 5000 bench/work/sheets/sessions-5000.xlsx
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import zipfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from make_records import FY_DAYS, FY_START, Pools, load_pools

SRC = Path(__file__).resolve().parent.parent / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))  # the column table of this checkout, not of an installed nenpo

from nenpo.records.sheets.columns import SESSIONS  # noqa: E402  (after the path is set)

#: The columns written, in this order; each is looked up in SESSIONS so a renamed heading fails here.
HEADINGS = ("No.", "回", "題", "日付", "時刻", "会場", "講師", "参加者数", "まとめ")
TIMES = ("9:30～12:00", "10:00～12:00", "13:00～16:30", "13:30～16:00", "14:00～17:00", "18:30～20:30")
HIDDEN_EVERY = 100  # one row in this many is hidden
MERGED_EVERY = 50   # one 会場 cell in this many is merged with the one below


def _venue(venue: dict[str, Any]) -> str:
    """A sample venue as a 会場 line: 「場所（施設、施設）」 or the place alone."""
    facilities = venue.get("facilities") or []
    return f"{venue['place']}（{'、'.join(facilities)}）" if facilities else str(venue["place"])


def _person(person: dict[str, Any]) -> str:
    """A sample speaker as a 講師 line: 「氏名敬称（所属）」."""
    text = f"{person['name']}{person.get('honorific') or ''}"
    return f"{text}（{person['affiliation']}）" if person.get("affiliation") else text


def _date_cell(day: date, rng: random.Random) -> date | str:
    """A date cell, or (one time in four) a two-day span as the YAML and the 日付 column accept it."""
    end = day + timedelta(days=1)
    if rng.random() < 0.25 and end < FY_START + timedelta(days=FY_DAYS):
        return f"{day.year}/{day.month}/{day.day}～{end.day if end.month == day.month else f'{end.month}/{end.day}'}"
    return day


def make_rows(n: int, seed: int, pools: Pools) -> list[dict[str, Any]]:
    """n sessions as heading → cell value, numbered 1..n in date order within fiscal year 2019."""
    rng = random.Random(seed)
    prose = pools.summaries + pools.visit_texts  # 61 paragraphs: nearly every まとめ differs, as in a real year
    days = sorted(FY_START + timedelta(days=rng.randrange(FY_DAYS)) for _ in range(n))
    rows = []
    for number, day in enumerate(days, start=1):
        venues = rng.sample(pools.venues, rng.randint(1, min(2, len(pools.venues))))
        speakers = rng.sample(pools.people, rng.randint(1, 2))
        rows.append({
            "No.": number,
            "回": number,
            "題": rng.choice(pools.titles + pools.talk_titles),
            "日付": _date_cell(day, rng),
            "時刻": rng.choice(TIMES),
            "会場": "\n".join(_venue(v) for v in venues),
            "講師": "\n".join(_person(p) for p in speakers),
            "参加者数": rng.randint(8, 60),
            "まとめ": "\n".join(rng.sample(prose, rng.randint(2, 3))),
        })
    return rows


def write_inline(rows: list[dict[str, Any]], out: Path, headings: tuple[str, ...] = HEADINGS) -> Path:
    """The workbook as openpyxl writes it (text as inline strings), with hidden rows and merged 会場."""
    import openpyxl
    from openpyxl.styles import Alignment

    columns = [SESSIONS.column(h) for h in headings]
    missing = [h for h, c in zip(headings, columns) if c is None]
    if missing:
        raise SystemExit(f"headings not in columns.SESSIONS: {missing}")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SESSIONS.titles[0]
    sheet.append(list(headings))
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append([row[h] for h in headings])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = column.width
    if "日付" in headings:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=headings.index("日付") + 1,
                                       max_col=headings.index("日付") + 1):
            if isinstance(cell.value, date):
                cell.number_format = "yyyy/m/d"
    for name in ("会場", "講師", "まとめ"):
        if name in headings:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=headings.index(name) + 1,
                                           max_col=headings.index(name) + 1):
                cell.alignment = wrap
    _hide_and_merge(sheet, len(rows), headings)
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return out


def _hide_and_merge(sheet: Any, n: int, headings: tuple[str, ...]) -> None:
    """Hide one data row in HIDDEN_EVERY; merge one 会場 cell in MERGED_EVERY with the cell below,
    after copying its venue down (merging keeps the top cell's value only)."""
    for row in range(2 + HIDDEN_EVERY - 1, n + 2, HIDDEN_EVERY):
        sheet.row_dimensions[row].hidden = True
    if "会場" not in headings:
        return
    column = headings.index("会場") + 1
    for row in range(2 + MERGED_EVERY // 2, n + 1, MERGED_EVERY):
        sheet.cell(row + 1, column).value = sheet.cell(row, column).value
        sheet.merge_cells(start_row=row, start_column=column, end_row=row + 1, end_column=column)


_INLINE = re.compile(rb'<c ([^>]*?)t="inlineStr"([^>]*)><is><t(?: xml:space="preserve")?>(.*?)</t></is></c>',
                     re.DOTALL)
_CHAR_REF = re.compile(rb"&#(\d+);")
_CT = b'<Override PartName="/xl/sharedStrings.xml" ' \
      b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
_REL = b'<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/' \
       b'sharedStrings" Target="sharedStrings.xml"/>'


def _utf8(xml: bytes) -> bytes:
    """XML with openpyxl's character references (`&#22238;` for 回) written as UTF-8, as Excel writes
    Japanese: three bytes a character instead of eight, so a reader parses what it would parse."""
    def char(match: re.Match[bytes]) -> bytes:
        code = int(match.group(1))
        return chr(code).encode("utf-8") if code >= 0x80 else match.group(0)

    return _CHAR_REF.sub(char, xml)


def to_shared_strings(src: Path, out: Path) -> Path:
    """Rewrite a workbook's inline strings as one shared-string table, in UTF-8, as Excel saves text."""
    table: dict[bytes, int] = {}

    def shared(match: re.Match[bytes]) -> bytes:
        index = table.setdefault(match.group(3), len(table))
        return b'<c %st="s"%s><v>%d</v></c>' % (match.group(1), match.group(2), index)

    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = _INLINE.sub(shared, _utf8(data))
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", _CT + b"</Types>")
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", _REL + b"</Relationships>")
            zout.writestr(info, data)
        items = b"".join(b'<si><t xml:space="preserve">%s</t></si>' % text for text in table)
        zout.writestr("xl/sharedStrings.xml",
                      b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                      b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" '
                      b'uniqueCount="%d">%s</sst>' % (len(table), len(table), items))
    return out


def write_workbook(n: int, out: Path, seed: int = 0, shared: bool = True,
                   headings: tuple[str, ...] = HEADINGS) -> Path:
    """Write the N-row sessions workbook to `out` (shared strings unless `shared` is False)."""
    rows = make_rows(n, seed, load_pools())
    if not shared:
        return write_inline(rows, out, headings)
    inline = write_inline(rows, out.with_name(out.stem + ".inline.tmp.xlsx"), headings)
    try:
        return to_shared_strings(inline, out)
    finally:
        inline.unlink()


def main(argv: list[str] | None = None) -> int:
    """The command line: `make_sheet.py N OUT.xlsx [--seed S] [--inline]`."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of session rows")
    parser.add_argument("out", type=Path, metavar="OUT.xlsx")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--inline", action="store_true", help="keep openpyxl's inline strings")
    args = parser.parse_args(argv)
    write_workbook(args.n, args.out, args.seed, shared=not args.inline)
    print(f"wrote {args.n} rows to {args.out} ({args.out.stat().st_size / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
