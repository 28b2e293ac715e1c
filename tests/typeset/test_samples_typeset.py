"""The two samples as printed, read back glyph by glyph (issue 15's figures): no two punctuation
marks at 2 em (JLReq 3.1.4), and every body line that is not a paragraph's last — list items and
programme entries included — flush with the right margin within 0.5 pt."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import RECORDS, SAMPLES
from pdf_glyphs import FULL_PAIR, block_texts, pdf_lines, punctuation_pairs, unflush_lines

from nenpo.build import build, find_template
from nenpo.document.plan import text_block
from nenpo.style import load_styles

BODY = 10.5


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Each sample's PDF and document model (the model says where paragraphs end)."""
    out = tmp_path_factory.mktemp("samples")
    result = {}
    for name in SAMPLES:
        files = {p.suffix: p for p in build(RECORDS / name, out, formats=("pdf", "model")).files}
        result[name] = files[".pdf"], files[".json"]
    return result


@pytest.mark.parametrize("name", SAMPLES)
def test_no_punctuation_pair_is_set_at_full_width(name: str, printed: dict[str, tuple[Path, Path]]) -> None:
    pairs = list(punctuation_pairs(pdf_lines(printed[name][0])))
    assert len(pairs) >= 5  # the samples have such pairs: the check looks at something
    assert [pair for pair, span in pairs if span >= FULL_PAIR] == []


@pytest.mark.parametrize("name", SAMPLES)
def test_every_body_line_but_a_paragraphs_last_is_flush(name: str, printed: dict[str, tuple[Path, Path]]) -> None:
    pdf, model = printed[name]
    lines = pdf_lines(pdf)
    block = text_block(load_styles(find_template("default") / "style.yaml"))  # whole characters, centred
    left, right = block.left_pt, block.left_pt + block.width_pt
    bad = unflush_lines(lines, block_texts(model), left, right, BODY)
    assert [(line.page + 1, round(line.right - right, 2), line.text) for line in bad] == []
