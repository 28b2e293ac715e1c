"""The round-trip test's reader finds what a reader sees and misses what is not there.

A reader that found everything would make the property pass whatever nenpo did; these pin it
down on made-up page texts and on the okitama-r1 sample.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from roundtrip_read import DocxText, PdfText, _without_footers

SAMPLE_LEAD = "令和元年度の広域連携事業は、「遠隔自治体間連携」をテーマに事業を実施しました。"


def pages(*texts: str) -> PdfText:
    """A PDF that poppler and pypdf read as these page texts."""
    return PdfText(Path("unused.pdf"), tuple(texts), (), "", "", "", pypdf_text=tuple(texts))


def test_layout_white_space_is_allowed_but_characters_must_match() -> None:
    pdf = pages("表紙", "本文は「遠隔\n自治体 間連携」と\n書きます")
    assert pdf.missing("本文は「遠隔自治体間連携」と書きます") is None
    assert pdf.missing("本文は「遠隔自治体関連携」と書きます") == "not found"
    assert pdf.missing("本文は(遠隔自治体間連携)と書きます") == "not found"  # 半角 is not 全角


def test_a_typed_space_must_be_white_space() -> None:
    pdf = pages("表紙", "words\nacross and wordsglued")
    assert pdf.missing("words across") is None  # a line break stands for the space
    assert pdf.missing("words glued") == "found, but a typed space is missing"
    # Poppler places spaces by the gaps it sees: a bracket squeezed over a space hides it; pypdf,
    # reading the characters drawn, still has it.
    squeezed = PdfText(Path("unused.pdf"), ("表紙", "あ［［a"), (), "", "", "", pypdf_text=("表紙", "あ ［［a"))
    assert squeezed.missing("あ ［［a") is None


def test_page_number_footers_do_not_interrupt_a_paragraph() -> None:
    raw = ["表紙\n", "ページの終わりで\n- 1 -\n", "続く段落\n- 2 -\n", ""]
    pdf = pages(*_without_footers(raw))
    assert pdf.pages == ("表紙", "ページの終わりで", "続く段落")
    assert pdf.missing("ページの終わりで続く段落") is None
    assert _without_footers(["表紙", "本文\n- 7 -"]) == ["表紙", "本文\n- 7 -"]  # not this page's number


def test_a_table_cell_split_across_pages_is_found_but_not_a_changed_one() -> None:
    # Page 1 ends with the heads of the row's two cells; page 2 repeats the header row.
    pdf = pages("表紙", "欄1の前半\n欄2の前半", "見出し1\n見出し2\n後半です\n欄2の後半")
    assert pdf.missing("欄1の前半後半です") is None
    assert pdf.missing("欄1の前半後半でず") == "not found"
    assert pdf.missing("欄1の後半です") == "not found"


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_the_samples_lead_is_found_and_a_changed_one_is_not(built: dict[str, dict[str, Path]], fmt: str) -> None:
    path = built["okitama-r1"][fmt]
    if fmt == "docx":
        docx = DocxText.read(path)
        found, changed = docx.has(SAMPLE_LEAD), docx.has(SAMPLE_LEAD.replace("「", "｢"))
    else:
        pdf = PdfText.read(path)
        found, changed = pdf.missing(SAMPLE_LEAD) is None, pdf.missing(SAMPLE_LEAD.replace("「", "｢")) is None
    assert found
    assert not changed
