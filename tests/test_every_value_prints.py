"""Every structured value of the records prints, in the PDF and in the DOCX, with every bundled
template (issue 11, item 6).

Each sample is copied with its prose emptied (every field of the `Paragraphs` type), so a value
can only be found where the template prints it, not inside a paragraph that happens to mention
it. The values expected are computed from the typed report (see `values_walk`): a field added to
the model is expected without editing this test.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import RECORDS, docx_text, normalise, pdf_body_text
from values_walk import Expected, empty_prose, printed_values, prose
from nenpo.build import CONTENT_TEMPLATE, build, bundled_templates, check, find_template
from nenpo.compose.labels import labels_for
from nenpo.records.model import Report

SAMPLES = ("koza-series", "gikai-shisatsu", "minzoku-gakkai")
#: Every bundled template (default, kiroku, and any added later).
TEMPLATES = tuple(sorted(p.name for p in bundled_templates().iterdir() if (p / CONTENT_TEMPLATE).is_file()))


@dataclass(frozen=True)
class Outputs:
    """One sample built with one template: the typed report, what a reader must find in it, and
    the text of both outputs as compared (normalised)."""

    report: Report
    expected: list[Expected]
    pdf: str
    docx: str


@pytest.fixture(scope="module")
def stripped(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each sample copied with every prose field emptied."""
    folders = {}
    for sample in SAMPLES:
        folder = tmp_path_factory.mktemp("records") / sample
        shutil.copytree(RECORDS / sample, folder)
        empty_prose(folder)
        folders[sample] = folder
    return folders


@pytest.fixture(scope="module")
def outputs(stripped: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Outputs]:
    """Each sample built once with each bundled template."""
    built = {}
    for sample in SAMPLES:
        checked = check(stripped[sample])
        for template in TEMPLATES:
            labels = labels_for(find_template(template), checked.report.labels, checked.source)
            files = {p.suffix[1:]: p for p in build(stripped[sample], tmp_path_factory.mktemp(template),
                                                     template).files}
            built[sample, template] = Outputs(
                checked.report, printed_values(checked.report, labels),
                normalise(pdf_body_text(files["pdf"])), normalise(docx_text(files["docx"])))
    return built


def found(e: Expected, printed: str) -> bool:
    """Whether a reader finds a value in the (normalised) text: after its label when it has one,
    as 〇対象　市民 or 対象：市民 print it."""
    if not e.label:
        return normalise(e.text) in printed
    return re.search(f"{re.escape(normalise(e.label))}:?{re.escape(normalise(e.text))}", printed) is not None


def missing(expected: list[Expected], printed: str) -> list[str]:
    """The expected values a reader does not find in the printed text, as `field: text` lines."""
    return [f"{e.where}: {e.shown()}" for e in expected if not found(e, printed)]


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("sample", SAMPLES)
def test_every_structured_value_prints_in_the_pdf_and_the_docx(
    outputs: dict[tuple[str, str], Outputs], sample: str, template: str
) -> None:
    out = outputs[sample, template]
    assert len(out.expected) > 30  # the walk found the values (names, dates, places, …)
    unprinted = [f"{fmt}: {line}" for fmt, text in (("pdf", out.pdf), ("docx", out.docx))
                 for line in missing(out.expected, text)]
    assert not unprinted, f"{sample} × {template}: not printed:\n" + "\n".join(unprinted)


@pytest.mark.parametrize("sample", SAMPLES)
def test_emptying_the_prose_keeps_every_structured_value(stripped: dict[str, Path], sample: str) -> None:
    checked = check(RECORDS / sample)
    original, emptied = checked.report, check(stripped[sample]).report
    labels = labels_for(find_template("default"), original.labels, checked.source)
    assert list(prose(original))
    assert list(prose(emptied)) == []
    assert printed_values(emptied, labels) == printed_values(original, labels)


@pytest.mark.parametrize("sample", SAMPLES)
def test_the_check_fails_for_text_that_is_not_printed(
    outputs: dict[tuple[str, str], Outputs], sample: str
) -> None:
    """The emptied prose, a value no record holds, and a printed value under a label it is not
    printed after are not found: the check can fail."""
    out = outputs[sample, "default"]
    gone = [Expected("prose", text) for text in prose(check(RECORDS / sample).report)]
    absent = Expected("nowhere", "どの記録にもない値")
    mislabelled = Expected("organisation as audience", out.report.organisation.name, "対象")
    for printed in (out.pdf, out.docx):
        assert normalise(out.report.organisation.name) in printed
        assert missing([*out.expected, absent, mislabelled], printed) == [
            "nowhere: どの記録にもない値", f"organisation as audience: 対象：{out.report.organisation.name}"]
        assert len(missing(gone, printed)) == len(gone)
