"""The document model of every sample with every bundled template, as JSON, against a stored copy.

The model is what every writer sets, so a change here shows (as a readable diff of the JSON) what
a change to a template, the records or the composing code does to all formats at once: a block
lost or added, a style renamed, a template line moved. Intended changes are stored again with
`NENPO_UPDATE_GOLDEN=1 pytest tests/test_golden_model.py` and explained in the commit.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import RECORDS

from nenpo.build import build

GOLDEN = Path(__file__).resolve().parent / "fixtures" / "golden" / "model"
SAMPLES = sorted(p.name for p in RECORDS.iterdir() if (p / "report.yaml").is_file())
CASES = [(s, t) for s in SAMPLES for t in ("default", "kiroku")]


@pytest.mark.parametrize(("sample", "template"), CASES, ids=[f"{s}-{t}" for s, t in CASES])
def test_the_document_model_is_as_stored(sample: str, template: str, tmp_path: Path) -> None:
    [dump] = build(RECORDS / sample, tmp_path, template, ("model",)).files
    assert dump.name == f"{sample}.json"
    model = json.loads(dump.read_text(encoding="utf-8"))
    golden = GOLDEN / f"{sample}.{template}.json"
    if os.environ.get("NENPO_UPDATE_GOLDEN"):
        golden.write_text(dump.read_text(encoding="utf-8"), encoding="utf-8")
    assert model == json.loads(golden.read_text(encoding="utf-8")), (
        f"{golden.name}: the document model changed; diff {dump} against it (update with NENPO_UPDATE_GOLDEN=1)")


def test_every_block_names_its_template_line_in_the_dump(tmp_path: Path) -> None:
    [dump] = build(RECORDS / "okitama-r1", tmp_path, "default", ("model",)).files
    model = json.loads(dump.read_text(encoding="utf-8"))
    blocks = [b for section in model["sections"] for b in section["blocks"]]
    assert blocks and all(b["origin"] and ".md.j2:" in b["origin"] for b in blocks)
    assert {b["type"] for b in blocks} >= {"Heading", "Paragraph", "Table", "Toc"}
