"""The cases of the bad-input corpus (`bad_input/`), and a case's folder made ready to run.

One module for the two users of the corpus, so that they run exactly the same folders: the test
(`test_bad_input.py`, which asserts the messages) and the benchmark (`bench/hostile.py --corpus`,
which runs every case as its own `python -m nenpo` process and measures it).

A case is a folder:
- the records themselves (`report.yaml`, `sessions/*.yaml`, …), exactly as a user's folder;
- `expected.txt`: lines that must appear, in this order, among the Japanese messages
  (`file:line:column: field: message`, and `    → hint` lines if the case cares);
- optionally `expected.en.txt`: the same for `--lang en`;
- optionally `case.yaml` with
  - `args`: the command after `nenpo` (default `[build, ., -o, out]`), run inside the prepared folder;
  - `generate`: entries for what git cannot hold or should not (files too big, links, pipes,
    thousands of files), written in order after the case's own files are copied. Each entry has a
    `path` (inside the prepared folder) and one kind:
    - `text: T` (with `repeat: N`, default 1): a UTF-8 file holding T written N times;
      with `append: true`, added to the end of the file an earlier entry (or the case) wrote;
      with `count: N`, N such files, `path` holding `{n}` (formatted with n = 1…N,
      e.g. `sessions/{n:05d}.yaml`);
    - `symlink: TARGET`: a symbolic link to TARGET as written (relative to the link's own
      folder, or absolute such as `/dev/zero`); TARGET need not exist (a dangling link);
    - `fifo: true`: a named pipe;
    - `folder: true`: an empty folder;
    - `text: T` with `encoding: cp932 | utf-8-sig | utf-8` (default utf-8): T in that encoding, as
      Excel saves a CSV on Windows (CP932) or as "CSV UTF-8" (with a BOM);
    - `bytes_hex: H` (whitespace ignored; `repeat`, `append` as for text): those bytes, for files
      that are neither text nor a workbook (an old .xls renamed, a damaged zip);
    - `zip: {MEMBER: T, …}`: a zip archive of those text members (a Word file renamed .xlsx);
    - `workbook: {SHEET: [[cell, …], …], …}`: an .xlsx written by openpyxl, its sheets in order.
      A cell is a number, a string, null (empty) or a YAML date (`2019-05-10` unquoted, a date
      cell); a string starting with `=` is a formula and an error code (`"#REF!"`) an error cell,
      as openpyxl types them. With
      - `merge: ["研修!B1:C1", …]`: ranges merged (the top-left cell keeps its value);
      - `hidden_rows: ["研修!6", …]`: rows hidden (as a filter or a right-click hides them);
      - `cached: {"研修!C2": "#DIV/0!", …}`: the value a formula cell holds as Excel last calculated
        it. openpyxl writes a formula with no result (only Excel computes one), which the reader
        refuses as never calculated; this writes the result into the saved file, as Excel would;
      - `cells: {"研修!A30000": "x", …}`: single cells set after the rows (a stray cell far down,
        without writing every row between).

Every case must exit 1, print no traceback, and leave the output folder exactly as it was.
"""

from __future__ import annotations

import html
import io
import os
import re
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CORPUS = Path(__file__).resolve().parent / "bad_input"
CONTROL_FILES = {"expected.txt", "expected.en.txt", "case.yaml"}
DEFAULT_ARGS = ["build", ".", "-o", "out"]
#: What `prepare` leaves in the output folder before the run; it must be there, unchanged, after.
EARLIER_BUILD = ("earlier.pdf", b"%PDF- an earlier build that must survive")


@dataclass
class Case:
    """One folder of the corpus: its records, the command to run and the files to generate."""

    folder: Path
    args: list[str] = field(default_factory=lambda: list(DEFAULT_ARGS))
    generate: list[dict[str, Any]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.folder.name

    @classmethod
    def load(cls, folder: Path) -> Case:
        spec_file = folder / "case.yaml"
        spec = yaml.safe_load(spec_file.read_text(encoding="utf-8")) if spec_file.exists() else {}
        return cls(folder, [str(a) for a in spec.get("args", DEFAULT_ARGS)], spec.get("generate", []))

    def expected(self, lang: str) -> list[str] | None:
        """The lines expected for `lang` ("ja" or "en"), or None when the case has none."""
        name = "expected.txt" if lang == "ja" else f"expected.{lang}.txt"
        file = self.folder / name
        if not file.exists():
            return None
        return [line.rstrip("\n") for line in file.read_text(encoding="utf-8").splitlines() if line.strip()]


def case_folders(root: Path | None = None) -> list[Path]:
    """Every case's folder in `root` (default: the corpus), in name order."""
    return sorted(p for p in (root or CORPUS).iterdir() if p.is_dir())


def prepare(case: Case, work: Path) -> Path:
    """Copy the case's records into the empty folder `work` and generate its files; returns the
    output folder (`work/out`, holding an earlier build that the run must leave alone)."""
    for source in sorted(case.folder.rglob("*")):
        relative = source.relative_to(case.folder)
        if source.is_file() and str(relative) not in CONTROL_FILES:
            target = work / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    for item in case.generate:
        _generate(item, work)
    out = work / "out"
    out.mkdir()
    (out / EARLIER_BUILD[0]).write_bytes(EARLIER_BUILD[1])
    return out


def _generate(item: dict[str, Any], work: Path) -> None:
    """Write one `generate` entry of case.yaml (see the module docstring for the kinds)."""
    path = str(item["path"])
    if "symlink" in item:
        _parent(work / path).symlink_to(str(item["symlink"]))
    elif item.get("fifo"):
        os.mkfifo(_parent(work / path))
    elif item.get("folder"):
        (work / path).mkdir(parents=True)
    elif "workbook" in item:
        _workbook(item, _parent(work / path))
    elif "zip" in item:
        with zipfile.ZipFile(_parent(work / path), "w", zipfile.ZIP_DEFLATED) as archive:
            for member, text in item["zip"].items():
                archive.writestr(str(member), str(text))
    elif "text" in item or "bytes_hex" in item:
        if "text" in item:
            chunk = str(item["text"]).encode(str(item.get("encoding", "utf-8")))
        else:
            chunk = bytes.fromhex("".join(str(item["bytes_hex"]).split()))
        repeat = int(item.get("repeat", 1))
        count = item.get("count")
        targets = [path] if count is None else [path.format(n=n) for n in range(1, int(count) + 1)]
        for name in targets:
            with _parent(work / name).open("ab" if item.get("append") else "wb") as fh:
                for _ in range(repeat):
                    fh.write(chunk)
    else:
        raise ValueError(f"case.yaml: a generate entry needs text, bytes_hex, workbook, zip, symlink, fifo or folder: "
                         f"{item}")


def _sheet_and_ref(where: str) -> tuple[str, str]:
    """`研修!C2` → (`研修`, `C2`)."""
    sheet, _, ref = where.rpartition("!")
    if not sheet:
        raise ValueError(f"case.yaml: name the sheet as in 研修!C2: {where}")
    return sheet, ref


def _workbook(item: dict[str, Any], target: Path) -> None:
    """Write a `workbook` entry of case.yaml (see the module docstring) as an .xlsx at `target`."""
    import openpyxl  # only the cases with a workbook need it

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in item["workbook"].items():
        sheet = book.create_sheet(str(title))
        for row in rows or []:
            sheet.append(list(row or []))
    for where, value in (item.get("cells") or {}).items():
        title, ref = _sheet_and_ref(where)
        book[title][ref] = value
    for where in item.get("merge", []):
        title, ref = _sheet_and_ref(where)
        book[title].merge_cells(ref)
    for where in item.get("hidden_rows", []):
        title, row = _sheet_and_ref(where)
        book[title].row_dimensions[int(row)].hidden = True
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    cached = item.get("cached") or {}
    if cached:
        data = _with_cached_results(data, [ws.title for ws in book.worksheets], cached)
    target.write_bytes(data)


def _with_cached_results(data: bytes, titles: list[str], cached: dict[str, Any]) -> bytes:
    """The saved workbook `data` with each formula cell named in `cached` holding that result, as
    Excel saves it (`<c r="C2" t="e"><f>1/0</f><v>#DIV/0!</v></c>`)."""
    sheets: dict[str, dict[str, Any]] = {}
    for where, value in cached.items():
        title, ref = _sheet_and_ref(where)
        sheets.setdefault(f"xl/worksheets/sheet{titles.index(title) + 1}.xml", {})[ref] = value
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            for ref, value in sheets.get(info.filename, {}).items():
                content = _cache_one(content.decode("utf-8"), ref, value).encode("utf-8")
            target.writestr(info, content)
    return out.getvalue()


def _cache_one(xml: str, ref: str, value: Any) -> str:
    pattern = re.compile(rf'<c r="{ref}"([^>]*)><f>(.*?)</f><v\s*/?>(?:</v>)?</c>')
    if not pattern.search(xml):
        raise ValueError(f"case.yaml: cached: no formula cell {ref}")
    if isinstance(value, str) and value.startswith("#"):
        kind = ' t="e"'
    elif isinstance(value, bool):
        kind, value = ' t="b"', int(value)
    elif isinstance(value, (int, float)):
        kind = ""
    else:
        kind = ' t="str"'
    text = html.escape(str(value), quote=False)
    return pattern.sub(lambda m: f'<c r="{ref}"{m[1]}{kind}><f>{m[2]}</f><v>{text}</v></c>', xml, count=1)


def _parent(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` and its bytes, to tell whether a run changed anything."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
