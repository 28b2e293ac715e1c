"""No unused import, unused variable, or test defined twice (the second hides the first from pytest)."""

from __future__ import annotations

import io

from conftest import ROOT
from pyflakes.api import checkRecursive
from pyflakes.reporter import Reporter


def test_pyflakes_finds_nothing_in_the_code_the_tests_or_the_benchmarks() -> None:
    out, err = io.StringIO(), io.StringIO()
    found = checkRecursive([str(ROOT / d) for d in ("src", "tests", "bench", "scripts") if (ROOT / d).is_dir()],
                           Reporter(out, err))
    assert found == 0, out.getvalue() + err.getvalue()
