"""The template-error corpus: mistakes an editor makes in a copy of the default template.

Each folder under `template_errors/` is one case, and adding a case is adding files:
- `edits.yaml`: a list of `{file, replace, with}` applied to a fresh copy of the default template
  (each `replace` must occur in the file exactly once), and/or whole files to put in the copy;
- `expected.txt`: lines that must appear, in this order, among the messages; `{edit}` stands for
  the line of the edited file where the first edit's text begins, so a case does not break when
  the default template gains or loses lines above it.

Every case must exit 1, print no traceback, and leave the output folder as it was (a previous
report in it is neither replaced nor joined by any file).
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import RECORDS, lines_in_order, write_bytes

from nenpo.build import find_template
from nenpo.cli import main

CORPUS = Path(__file__).parent / "template_errors"
CASES = sorted(p for p in CORPUS.iterdir() if p.is_dir())
CONTROL = {"edits.yaml", "expected.txt"}


def _template(case: Path, target: Path) -> int | None:
    """Copy the default template into `target` with the case's edits; the line of the first edit."""
    shutil.copytree(find_template("default"), target)
    first: int | None = None
    for source in case.rglob("*"):
        relative = source.relative_to(case)
        if source.is_file() and str(relative) not in CONTROL:
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target / relative)
    edits = case / "edits.yaml"
    for edit in yaml.safe_load(edits.read_text(encoding="utf-8")) if edits.exists() else []:
        file = target / edit["file"]
        text = file.read_text(encoding="utf-8")
        assert text.count(edit["replace"]) == 1, f"{case.name}: {edit['replace']!r} must occur once in {file.name}"
        if first is None:
            first = text[:text.index(edit["replace"])].count("\n") + 1
        file.write_text(text.replace(edit["replace"], edit["with"]), encoding="utf-8")
    return first


def test_the_corpus_covers_syntax_variables_styles_and_style_yaml() -> None:
    assert len(CASES) >= 10


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_a_template_mistake_is_reported_at_its_file_and_line(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit = _template(case, tmp_path / "tpl")
    monkeypatch.chdir(tmp_path)
    previous = {"okitama-r1.docx": b"last year's DOCX", "okitama-r1.pdf": b"last year's PDF"}
    for name, data in previous.items():
        write_bytes(tmp_path / "out", name, data)
    out, err = io.StringIO(), io.StringIO()
    code = main(["build", str(RECORDS / "okitama-r1"), "-o", "out", "--template", "tpl"], out, err)
    printed = err.getvalue()
    assert code == 1, printed
    assert "Traceback" not in printed and "内部エラー" not in printed
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == previous
    expected = [line.replace("{edit}", str(edit)) for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines()
                if line.strip()]
    assert lines_in_order(expected, printed) == [], f"{case.name} printed:\n{printed}"
