"""Nothing a secretariat types is lost or altered on its way to the DOCX and the PDF.

The property: for any small report whose fields hold Japanese (kana, kanji, astral kanji), 全角 and
半角 characters, Latin words, digits and markup characters — written as YAML by a program or by
hand, on one line or folded over several — the real pipeline (`nenpo.build.build`, both formats
from one build) writes every printed field so that it reads back from each output as typed:
from the DOCX exactly, from the PDF with only the layout's white space in between (see
roundtrip_read.py). Folded lines are joined with nothing between Japanese characters and one
space between Latin words.

Modes (hypothesis settings profiles):
- `ci` (default): 12 examples, derandomized so that every CI run tests the same reports;
- `bench`: `NENPO_PROPERTY_EXAMPLES=1000` runs that many random examples (see bench/property.py).
`NENPO_PROPERTY_OFF=astral,fold,…` switches categories of text off for a local run (roundtrip_text.py).
"""

from __future__ import annotations

import json
import os
import tempfile
import traceback
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from roundtrip_read import DocxText, PdfText
from roundtrip_records import Expected, Generated, reports
from roundtrip_yaml import Layout, layouts, write_records

from nenpo.build import build
from nenpo.errors import NenpoError

EXAMPLES = int(os.environ.get("NENPO_PROPERTY_EXAMPLES", "0"))
#: A JSON-lines file to which every example's outcome is appended (bench/property.py reads it).
LOG = os.environ.get("NENPO_PROPERTY_LOG")
#: With a log, go on after a failing example instead of stopping at it, to count failures.
KEEP_GOING = bool(LOG) and os.environ.get("NENPO_PROPERTY_KEEP_GOING") == "1"
#: Shrinking a failing report costs minutes (a build per step); ask for it when hunting a bug.
PHASES = tuple(Phase) if os.environ.get("NENPO_PROPERTY_SHRINK") == "1" else (
    Phase.explicit, Phase.reuse, Phase.generate, Phase.target)
_COMMON = {"deadline": None, "database": None, "print_blob": True, "phases": PHASES,
           "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large]}
settings.register_profile("ci", max_examples=12, derandomize=True, **_COMMON)
settings.register_profile("bench", max_examples=max(EXAMPLES, 1), **_COMMON)
PROFILE = "bench" if EXAMPLES else "ci"


def differences(expected: Expected, docx: DocxText, pdf: PdfText) -> list[str]:
    """Every field a reader would not find as typed, in each output, one line each."""
    out: list[str] = []
    for fld in expected.body:
        if not docx.has(fld.text):
            out.append(f"DOCX: {fld.where} = {fld.text!r} not found; nearest: {docx.nearest(fld.text)!r}")
        if (wrong := pdf.missing(fld.text)) is not None:
            out.append(f"PDF: {fld.where} = {fld.text!r} {wrong}; nearest: {pdf.nearest(fld.text)!r}")
    bookmarks = "\n".join(pdf.bookmarks)
    for fld in expected.bookmarks:
        if fld.text not in bookmarks:
            out.append(f"PDF bookmarks: {fld.where} = {fld.text!r} not found")
    for name, file in (("DOCX", docx), ("PDF", pdf)):
        if expected.title not in file.title:
            out.append(f"{name} title: {file.title!r} does not hold report.title {expected.title!r}")
        if file.author != expected.author:
            out.append(f"{name} author: {file.author!r} is not organisation.name {expected.author!r}")
        if file.subject != expected.subject:
            out.append(f"{name} subject: {file.subject!r} is not {expected.subject!r}")
    return out


def problems_of(generated: Generated, layout: Layout, draw: st.DrawFn) -> tuple[list[str], dict[str, str]]:
    """Build the report from freshly written records; what went wrong, and the files written."""
    with tempfile.TemporaryDirectory(prefix="nenpo-prop-") as tmp:
        folder = Path(tmp) / "records"
        files = write_records(folder, generated.records, layout, draw)
        try:
            built = build(folder, Path(tmp) / "out")
        except NenpoError as exc:
            errors = [p.format() for p in exc.problems if p.severity != "warning"]
            return ["nenpo refused the records:", *errors], files
        except Exception as exc:  # noqa: BLE001 - a crash is a finding like any other
            return [f"nenpo crashed: {''.join(traceback.format_exception_only(exc)).strip()}"], files
        paths = {p.suffix: p for p in built.files}
        return differences(generated.expected, DocxText.read(paths[".docx"]), PdfText.read(paths[".pdf"])), files


def _log(found: list[str], files: dict[str, str]) -> None:
    assert LOG is not None
    with open(LOG, "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"ok": not found, "problems": found, "files": files if found else {}},
                            ensure_ascii=False) + "\n")


@settings(settings.get_profile(PROFILE))
@given(st.data())
def test_every_field_reads_back_from_docx_and_pdf_as_typed(data: st.DataObject) -> None:
    generated = data.draw(reports(), label="report")
    layout = data.draw(layouts, label="layout")
    found, files = problems_of(generated, layout, data.draw)
    if LOG:
        _log(found, files)
    if KEEP_GOING:
        return
    shown = "\n".join(f"--- {name}\n{text}" for name, text in files.items())
    assert not found, "\n".join([f"{len(found)} problem(s):", *found, shown])
