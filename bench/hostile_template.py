"""Measure how fast and in how little memory `nenpo build` refuses a hostile template folder.

Each case is a copy of the default template with one thing wrong — a template that asks for
endless work, a style.yaml value no page can hold, a damaged font file, a reference.docx too
large to be one — built from the okitama-r1 sample by a separate `python -m nenpo` process (see
run.py's `measure`): wall time with start-up, and that process's peak RSS. The clean default
template is measured too, as the baseline. A measurement, not a test: the template-error corpus
(tests/compose/template_errors) and tests/writers assert the messages.

    PYTHONPATH=src python bench/hostile_template.py [--markdown]
"""

from __future__ import annotations

import argparse
import os
import shutil
import struct
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

from hostile import report

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "writers"))
from docx_bombs import zip_bomb  # noqa: E402  (the tests' own bomb)
from run import REPO, Run, measure

BENCH = Path(__file__).resolve().parent
DEFAULT = REPO / "src" / "nenpo" / "templates" / "default"
IPAEX = Path("/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf")


def _edit(file: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(template: Path) -> None:
        path = template / file
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} must occur once in {file}"
        path.write_text(text.replace(old, new), encoding="utf-8")

    return edit


def _in_outcomes(code: str) -> Callable[[Path], None]:
    return _edit("partials/outcomes.md.j2", "{% for o in outcomes %}", f"{code}\n{{% for o in outcomes %}}")


def _big_partial(template: Path) -> None:
    (template / "partials" / "outcomes.md.j2").write_text("成果\n" * (5 * 2**20 // 7), encoding="utf-8")


def _font(data: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def put(template: Path) -> None:
        (template / "broken.ttf").write_bytes(data(IPAEX.read_bytes()))
        _edit("style.yaml", "  mincho: IPAexMincho", "  mincho: ./broken.ttf")(template)

    return put


def _head_zeroed(font: bytes) -> bytes:
    (count,) = struct.unpack(">H", font[4:6])
    for i in range(count):
        tag, _, offset, length = struct.unpack(">4sIII", font[12 + 16 * i:28 + 16 * i])
        if tag == b"head":
            return font[:offset] + bytes(length) + font[offset + length:]
    raise ValueError("no head table")


def _sparse_reference(template: Path) -> None:
    with (template / "reference.docx").open("wb") as fh:
        fh.truncate(200 * 2**20)


def _zip_bomb(template: Path) -> None:
    """A real .docx whose styles.xml unpacks to 1 GB of spaces (1 MB on disk)."""
    zip_bomb(template / "reference.docx", 1024)


def _many_parts(template: Path) -> None:
    with zipfile.ZipFile(template / "reference.docx", "w") as archive:
        for i in range(3000):
            archive.writestr(f"word/media/part{i}.xml", b"")


def _nothing(template: Path) -> None:
    pass


MARGINS = "  margins: {top: 35, bottom: 30, left: 30, right: 30}"
CASES: dict[str, Callable[[Path], None]] = {
    "loop in loop, 10^10 rounds": _in_outcomes(
        "{% for i in range(100000) %}{% for j in range(100000) %}・{% endfor %}{% endfor %}"),
    "'─' * 10**10": _in_outcomes("{{ '─' * 10**10 }}"),
    "range(10**8)": _in_outcomes("{% for n in range(10**8) %}{% endfor %}"),
    "9 ** (9 ** 9)": _in_outcomes("{{ 9 ** (9 ** 9) }}"),
    "doubling a string 40 times": _in_outcomes(
        "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}"),
    "30 M characters of output": _in_outcomes(f"{{% for i in range(100000) %}}{'〓' * 300}{{% endfor %}}"),
    "macro calling itself": _in_outcomes("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}"),
    "5 MB partial": _big_partial,
    "style size: 100000": _edit("style.yaml", "    size: 15\n", "    size: 100000\n"),
    "style margins 105 + 105 mm": _edit("style.yaml", MARGINS, "  margins: {top: 35, bottom: 30, left: 105, right: 105}"),
    "style margin -30 mm": _edit("style.yaml", MARGINS, "  margins: {top: 35, bottom: -30, left: 30, right: 30}"),
    "style left_indent: 40": _edit("style.yaml", "    first_line_indent: 1\n",
                                   "    first_line_indent: 1\n    left_indent: 40\n"),
    "style leading: 500": _edit("style.yaml", "    size: 10.5\n    leading: 18\n", "    size: 10.5\n    leading: 500\n"),
    "font cut to 1 KB": _font(lambda font: font[:1024]),
    "font cut in half": _font(lambda font: font[:len(font) // 2]),
    "font 'head' table zeroed": _font(_head_zeroed),
    "font file empty": _font(lambda font: b""),
    "text file as font": _font(lambda font: "フォントではありません\n".encode()),
    "reference.docx 200 MB (sparse)": _sparse_reference,
    "reference.docx zip bomb (1 GB)": _zip_bomb,
    "reference.docx of 3,000 parts": _many_parts,
    "default template (clean)": _nothing,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=BENCH / "work" / "hostile-template")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    rows: list[tuple[str, Path, Run]] = []
    for name, make in CASES.items():
        folder = args.work / "".join(c if c.isalnum() else "-" for c in name)
        shutil.rmtree(folder, ignore_errors=True)
        template = folder / "tpl"
        shutil.copytree(DEFAULT, template)
        make(template)
        print(f"{name}…", file=sys.stderr)
        rows.append((name, folder, measure(["build", str(REPO / "records" / "okitama-r1"), "-o", str(folder / "out"),
                                            "--template", str(template)])))
        shutil.rmtree(folder / "tpl", ignore_errors=True)  # the sparse file and the bomb: gone again
    return report(rows, args.markdown)


if __name__ == "__main__":
    os.chdir(REPO)
    sys.exit(main())
