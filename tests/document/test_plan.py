"""The decisions every writer shares: the 目次 and its anchors, the page after the cover, page numbers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nenpo.build import bundled_templates
from nenpo.document.model import Document, Heading, Metadata, Section
from nenpo.document.parse import parse
from nenpo.document.plan import (
    anchor,
    heading_anchors,
    new_page_after,
    page_plan,
    toc_entries,
)
from nenpo.style import Styles, load_styles

REPORT = """::: cover
{.Title}
令和元年度 報告書
:::

::: toc
:::

# はじめに

## 背景

### 細目

# 集合研修

## 第1回

::: appendix
# 資料
:::
"""


def document_of(markdown: str) -> Document:
    return Document(tuple(parse(markdown)), Metadata("令和元年度 報告書", "置賜広域行政事務組合"))


def styles_with(tmp_path: Path, page: str = "") -> Styles:
    """The default template's style sheet, with lines added under `page:`."""
    folder = tmp_path / "tpl"
    shutil.copytree(bundled_templates() / "default", folder)
    sheet = folder / "style.yaml"
    if page:
        text = sheet.read_text(encoding="utf-8")
        assert "\npage:\n" in text
        sheet.write_text(text.replace("\npage:\n", "\npage:\n" + page, 1), encoding="utf-8")
    return load_styles(sheet)


def test_the_toc_lists_levels_one_and_two_of_every_section_in_order() -> None:
    entries = toc_entries(document_of(REPORT))
    assert [(e.level, e.text, e.style) for e in entries] == [
        (1, "はじめに", "TOC 1"), (2, "背景", "TOC 2"), (1, "集合研修", "TOC 1"), (2, "第1回", "TOC 2"),
        (1, "資料", "TOC 1"),
    ]


def test_anchors_count_every_heading_so_a_level_three_heading_has_one_too() -> None:
    document = document_of(REPORT)
    anchors = heading_anchors(document)
    headings = [b for b in document.blocks if isinstance(b, Heading)]
    assert [anchors[id(h)] for h in headings] == [anchor(n) for n in range(1, 7)]
    assert [e.anchor for e in toc_entries(document)] == [anchor(n) for n in (1, 2, 4, 5, 6)]


def test_an_anchor_is_a_hidden_word_bookmark_name_and_an_html_id() -> None:
    name = anchor(123456)
    assert name == "_Toc123456"
    assert name.startswith("_") and name[1:].isalnum() and len(name) <= 40 and " " not in name


def test_two_headings_with_the_same_text_get_different_anchors() -> None:
    entries = toc_entries(document_of("# 同じ\n\n# 同じ\n"))
    assert [e.text for e in entries] == ["同じ", "同じ"]
    assert entries[0].anchor != entries[1].anchor


def test_the_outline_never_skips_a_level() -> None:
    entries = toc_entries(document_of("## 序\n\n# 本編\n\n## 節\n\n## 節二\n"))
    assert [(e.level, e.outline_level) for e in entries] == [(2, 0), (1, 0), (2, 1), (2, 1)]


def test_a_new_page_follows_the_cover_only() -> None:
    sections = document_of(REPORT).sections
    assert [(s.kind, new_page_after(s)) for s in sections] == [
        ("cover", True), ("body", False), ("appendix", False)]
    assert not new_page_after(Section("body", ()))


def test_the_cover_has_no_number_and_the_rest_counts_on_from_one(tmp_path: Path) -> None:
    plan = page_plan(document_of(REPORT), styles_with(tmp_path))
    assert plan.cover and plan.first_number == 0 and not plan.roman_toc
    labels = plan.labels(toc_first=2, toc_count=2)
    assert [labels.label(p) for p in range(1, 7)] == [None, "1", "2", "3", "4", "5"]
    assert plan.number_text("3") == "- 3 -"


def test_a_roman_toc_counts_i_ii_and_the_body_starts_again_at_one(tmp_path: Path) -> None:
    plan = page_plan(document_of(REPORT), styles_with(tmp_path, "  toc_numbering: roman\n"))
    assert plan.roman_toc
    labels = plan.labels(toc_first=2, toc_count=3)
    assert [labels.label(p) for p in range(1, 8)] == [None, "i", "ii", "iii", "1", "2", "3"]


def test_roman_numbering_needs_a_toc(tmp_path: Path) -> None:
    plan = page_plan(document_of("# はじめに\n"), styles_with(tmp_path, "  toc_numbering: roman\n"))
    assert not plan.roman_toc and not plan.cover and plan.first_number == 1
    assert [plan.labels().label(p) for p in (1, 2)] == ["1", "2"]


@pytest.mark.parametrize(("line", "header"), [
    ('  header: "{title}"\n', "令和元年度 報告書"),
    ('  header: "{title}(案)"\n', "令和元年度 報告書(案)"),
    ("", None),
])
def test_the_running_header_names_the_report(tmp_path: Path, line: str, header: str | None) -> None:
    styles = styles_with(tmp_path, line)
    plan = page_plan(document_of(REPORT), styles)
    assert plan.header == header
    assert plan.header_size < plan.number_size == styles["Normal"].size


def test_no_page_numbers_when_the_style_says_none(tmp_path: Path) -> None:
    styles = styles_with(tmp_path)
    text = styles.source.read_text(encoding="utf-8").replace('page_number: "- {n} -"', "page_number: null")
    styles.source.write_text(text, encoding="utf-8")
    plan = page_plan(document_of(REPORT), load_styles(styles.source))
    assert plan.number_parts is None
