"""The bad-input corpus: records a secretariat might really type, and what nenpo must say.

Each folder under `bad_input/` is one case, and adding a case is adding files: the records as a
user has them, `expected.txt` (lines that must appear in order among the Japanese messages),
optionally `expected.en.txt` (the same for `--lang en`) and `case.yaml` (`args`, and `generate`
for what git cannot hold or should not: big files, links, pipes, thousands of files, workbooks).
`bad_input_corpus.py` describes the format and prepares a case; `bench/hostile.py --corpus` runs the same cases as
separate processes and measures them.

Every case must exit 1, print no traceback, and leave the output folder exactly as it was.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from bad_input_corpus import Case, case_folders, prepare, snapshot
from conftest import lines_in_order

from nenpo.cli import main

CASES = case_folders()


def test_the_corpus_has_at_least_two_hundred_and_ten_cases() -> None:
    assert len(CASES) >= 210


@pytest.mark.parametrize("folder", CASES, ids=[p.name for p in CASES])
def test_bad_input_is_refused_with_the_expected_message(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = Case.load(folder)
    expected = {lang: case.expected(lang) for lang in ("ja", "en")}
    assert expected["ja"], f"{folder.name}: expected.txt is missing or empty"
    out = prepare(case, tmp_path)
    before = snapshot(out)
    monkeypatch.chdir(tmp_path)
    for lang, lines in expected.items():
        if lines is None:
            continue
        stdout, stderr = io.StringIO(), io.StringIO()
        code = main([*case.args, "--lang", lang], stdout=stdout, stderr=stderr)
        printed = stderr.getvalue()
        assert code == 1, f"{folder.name} [{lang}]: exit {code}\n{printed}"
        assert "Traceback" not in printed and "内部エラー" not in printed and "Internal error" not in printed
        assert lines_in_order(lines, printed) == [], f"{folder.name} [{lang}] printed:\n{printed}"
        assert snapshot(out) == before, f"{folder.name}: the output folder changed"
