"""The samples read the same as before: every word of each output, per sample and template.

The golden files hold the text a reader gets (pdftotext for the PDF, every paragraph and table cell
for the DOCX), compared ignoring white space, so a change in line breaking does not count but a lost,
added or reworded character does. When a change to the text is intended, rebuild the golden files
with `NENPO_UPDATE_GOLDEN=1 pytest tests/test_golden_text.py` and say why in the commit.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import RECORDS, docx_text, normalise

from nenpo.build import build

GOLDEN = Path(__file__).resolve().parent / "fixtures" / "golden"
CASES = [("okitama-r1", "default"), ("project-k", "default"), ("okitama-r1", "kiroku"), ("project-k", "kiroku")]


def _pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True).stdout.decode("utf-8")


@pytest.mark.parametrize(("sample", "template"), CASES, ids=[f"{s}-{t}" for s, t in CASES])
def test_sample_text_is_unchanged(sample: str, template: str, tmp_path: Path) -> None:
    files = {p.suffix[1:]: p for p in build(RECORDS / sample, tmp_path, template).files}
    texts = {"pdf": _pdf_text(files["pdf"]), "docx": docx_text(files["docx"])}
    for fmt, text in texts.items():
        golden = GOLDEN / f"{sample}.{template}.{fmt}.txt"
        if os.environ.get("NENPO_UPDATE_GOLDEN"):
            golden.write_text(text, encoding="utf-8")
        assert normalise(text) == normalise(golden.read_text(encoding="utf-8")), (
            f"{golden.name}: the text changed (diff it against a fresh build; update with NENPO_UPDATE_GOLDEN=1)")
