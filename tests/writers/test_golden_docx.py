"""The Word parts that decide how the DOCX looks, per bundled template, against stored copies.

Styles, theme fonts, font table, settings and each section's page set-up are compared as
pretty-printed XML, so a change to the DOCX writer shows as a readable diff of exactly what Word
will see. Store intended changes with `NENPO_UPDATE_GOLDEN=1 pytest tests/writers/test_golden_docx.py`.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from conftest import RECORDS
from lxml import etree

from nenpo.build import build

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "golden" / "docx"
PARTS = ("word/styles.xml", "word/theme/theme1.xml", "word/fontTable.xml", "word/settings.xml")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _pretty(element: etree._Element) -> str:
    return etree.tostring(element, pretty_print=True, encoding="unicode")


def _parts(docx: Path) -> dict[str, str]:
    with zipfile.ZipFile(docx) as z:
        parts = {name.replace("/", "_"): _pretty(etree.fromstring(z.read(name))) for name in PARTS if name in z.namelist()}
        body = etree.fromstring(z.read("word/document.xml"))
    sections = body.findall(f".//{W}sectPr")
    parts["sections.xml"] = "".join(_pretty(s) for s in sections)
    return parts


@pytest.mark.parametrize("template", ["default", "kiroku"])
def test_the_word_parts_are_as_stored(template: str, tmp_path: Path) -> None:
    [docx] = build(RECORDS / "okitama-r1", tmp_path, template, ("docx",)).files
    parts = _parts(docx)
    assert set(parts) == {p.replace("/", "_") for p in PARTS} | {"sections.xml"}
    for name, text in parts.items():
        golden = GOLDEN / template / name
        if os.environ.get("NENPO_UPDATE_GOLDEN"):
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(text, encoding="utf-8")
        assert text == golden.read_text(encoding="utf-8"), f"{template}/{name} changed (update with NENPO_UPDATE_GOLDEN=1)"
