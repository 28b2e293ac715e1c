"""Rendered Markdown → the document model: sections, styles, tables, runs, and refused markup."""

from __future__ import annotations

from pathlib import Path

import pytest

from nenpo.document.model import Heading, PageBreak, Paragraph, Run, Table, Toc, plain
from nenpo.document.parse import parse
from nenpo.errors import Location, NenpoError


def blocks_of(markdown: str) -> list:
    return [b for section in parse(markdown) for b in section.blocks]


# --- headings and paragraphs ---------------------------------------------------------------


def test_heading_levels_and_lines() -> None:
    blocks = blocks_of("# はじめに\n\n## 第1回集合研修\n\n### 講話\n")
    assert [(type(b), b.level, b.text, b.origin.line) for b in blocks] == [
        (Heading, 1, "はじめに", 1),
        (Heading, 2, "第1回集合研修", 3),
        (Heading, 3, "講話", 5),
    ]
    assert all(b.style is None for b in blocks)


def test_a_paragraph_is_normal_unless_named() -> None:
    [paragraph] = blocks_of("本文です。\n")
    assert paragraph == Paragraph((Run("本文です。"),), "Normal", Location(None, 1))


def test_style_attribute_on_the_line_before_names_the_style() -> None:
    blocks = blocks_of("{.Title}\n広域連携事業報告書\n\n{.summary-heading}\n【第1回集合研修のまとめ】\n\n{.cover}\n# 表紙の見出し\n")
    assert [(type(b), b.style, b.text) for b in blocks] == [
        (Paragraph, "Title", "広域連携事業報告書"),
        (Paragraph, "summary-heading", "【第1回集合研修のまとめ】"),
        (Heading, "cover", "表紙の見出し"),
    ]
    assert [b.origin.line for b in blocks] == [2, 5, 8]


def test_soft_line_breaks_are_joined_without_a_space() -> None:
    [paragraph] = blocks_of("遠隔自治体間連携を\n共に学ぶ\n人材育成事業\n")
    assert paragraph.text == "遠隔自治体間連携を共に学ぶ人材育成事業"


def test_a_hard_line_break_is_kept() -> None:
    [paragraph] = blocks_of("一行目  \n二行目\n")
    assert paragraph.text == "一行目\n二行目"


def test_bold_runs() -> None:
    [paragraph] = blocks_of("二行目は**太字**と、**太字の中の太字**も。\n")
    assert paragraph.inlines == (Run("二行目は"), Run("太字", bold=True), Run("と、"), Run("太字の中の太字", bold=True),
                                 Run("も。"))


@pytest.mark.parametrize("markdown", ["*斜体*\n", "**太字の*斜体***\n", "_斜体_\n"])
def test_italic_is_refused_with_a_pointer_to_bold(markdown: str) -> None:
    with pytest.raises(NenpoError) as info:
        parse(markdown, Path("report.md.j2"))
    [problem] = info.value.problems
    assert str(problem.message) == "テンプレートの斜体 *…* は使えません(日本語の文字に斜体はありません)。"
    assert "**…**" in str(problem.hint) and problem.location.line == 1


def test_html_is_text() -> None:
    [paragraph] = blocks_of("<b>太字ではない</b> と http://example.com\n")
    assert paragraph.text == "<b>太字ではない</b> と http://example.com"


def test_lists_become_list_paragraphs() -> None:
    blocks = blocks_of("- 米沢市\n- 長井市\n\n1. 南陽市\n")
    assert [(b.style, b.text) for b in blocks] == [("List", "・米沢市"), ("List", "・長井市"), ("List", "1.南陽市")]


# --- sections and containers ---------------------------------------------------------------


def test_cover_body_and_appendix_sections() -> None:
    sections = parse(
        "::: cover\n{.Title}\n年報\n:::\n\n# はじめに\n\n本文\n\n::: appendix\n# 資料\n\n表\n:::\n\n後書き\n"
    )
    assert [s.kind for s in sections] == ["cover", "body", "appendix", "body"]
    assert [[getattr(b, "text", None) for b in s.blocks] for s in sections] == [
        ["年報"],
        ["はじめに", "本文"],
        ["資料", "表"],
        ["後書き"],
    ]
    assert sections[0].blocks[0].style == "Title"


def test_toc_with_its_title() -> None:
    [toc] = blocks_of("::: toc\n目次\n:::\n")
    assert toc == Toc("目次", Location(None, 1))
    [toc] = blocks_of("\n::: toc\nもくじ\n:::\n")
    assert toc == Toc("もくじ", Location(None, 2))


def test_an_empty_toc_is_titled_mokuji() -> None:
    assert blocks_of("::: toc\n:::\n") == [Toc("目次", Location(None, 1))]


def test_a_named_container_sets_the_style_of_its_paragraphs() -> None:
    blocks = blocks_of("::: programme\n〇月日　令和元年7月5日(金)\n\n〇場所　南陽市「赤湯公民館」\n:::\n\n後の段落\n")
    assert [(b.style, b.text) for b in blocks] == [
        ("programme", "〇月日　令和元年7月5日(金)"),
        ("programme", "〇場所　南陽市「赤湯公民館」"),
        ("Normal", "後の段落"),
    ]


def test_a_style_attribute_inside_a_container_wins() -> None:
    blocks = blocks_of("::: programme\n{.cover}\n一\n\n二\n:::\n")
    assert [(b.style, b.text) for b in blocks] == [("cover", "一"), ("programme", "二")]


def test_a_thematic_break_is_a_page_break() -> None:
    blocks = blocks_of("前\n\n---\n\n後\n")
    assert [type(b) for b in blocks] == [Paragraph, PageBreak, Paragraph]
    assert blocks[1] == PageBreak(Location(None, 3))


# --- tables --------------------------------------------------------------------------------


def test_a_table_with_header_rows_and_an_escaped_pipe() -> None:
    [table] = blocks_of(
        "| 回 | 日付 | テーマ |\n|----|------|--------|\n| 第1回 | 令和元年7月5日 | a\\|b |\n| 第2回 | 令和元年8月26日 | **太字** |\n"
    )
    assert isinstance(table, Table)
    assert table.style == "Table"
    assert table.origin.line == 1
    assert [plain(c) for c in table.header] == ["回", "日付", "テーマ"]
    assert [[plain(c) for c in row] for row in table.rows] == [
        ["第1回", "令和元年7月5日", "a|b"],
        ["第2回", "令和元年8月26日", "太字"],
    ]
    assert table.rows[1][2] == (Run("太字", bold=True),)


def test_a_table_with_an_empty_cell_and_a_named_style() -> None:
    [table] = blocks_of("{.wide}\n| 氏名 | 所属 |\n|---|---|\n| 大杉覚教授 |  |\n")
    assert table.style == "wide"
    assert table.rows == (((Run("大杉覚教授"),), ()),)


# --- refused markup ------------------------------------------------------------------------


def test_a_fenced_code_block_is_refused_at_its_line() -> None:
    with pytest.raises(NenpoError) as info:
        parse("本文\n\n```\ncode\n```\n", Path("report.md.j2"))
    [problem] = info.value.problems
    assert str(problem.message) == "テンプレートのこの書き方(fence)は使えません。"
    assert problem.location == Location(Path("report.md.j2"), 3, 1)
    assert str(problem.hint) == "見出し(#)、段落、表、::: で囲む枠、--- (改ページ) を使ってください。"
    assert str(info.value).startswith("report.md.j2:3:1: テンプレートのこの書き方(fence)は使えません。")


def test_every_refused_block_is_reported_once() -> None:
    with pytest.raises(NenpoError) as info:
        parse("    字下げのコード\n\n段落\n\n> 引用\n> 二行目\n\n後\n")
    assert [(str(p.message), p.location.line) for p in info.value.problems] == [
        ("テンプレートのこの書き方(code_block)は使えません。", 1),
        ("テンプレートのこの書き方(blockquote_open)は使えません。", 5),
    ]


def test_lists_keep_their_markers_and_numbers() -> None:
    bullets, numbered = blocks_of("- 一つ目\n- 二つ目\n"), blocks_of("3. 三\n4. 四\n")
    assert [b.text for b in bullets] == ["・一つ目", "・二つ目"]
    assert [b.text for b in numbered] == ["3.三", "4.四"]
    assert {b.style for b in bullets + numbered} == {"List"}


@pytest.mark.parametrize(("markdown", "message"), [
    ("本文\n\n![写真](x.png)\n", "テンプレートの画像 ![…](…) は、まだどの形式にも出せません。"),
    ("本文\n\n[市のページ](https://example.jp) を見る\n", "テンプレートのリンク […](…) は使えません(PDF と Word で同じに出せないため)。"),
    ("| a |\n|---|\n| [x](y) |\n", "テンプレートのリンク […](…) は使えません(PDF と Word で同じに出せないため)。"),
])
def test_images_and_links_are_refused_at_their_line_not_dropped(markdown: str, message: str) -> None:
    with pytest.raises(NenpoError) as info:
        parse(markdown, Path("report.md.j2"))
    [problem] = info.value.problems
    assert str(problem.message) == message
    assert problem.location.file == Path("report.md.j2") and problem.location.line == markdown.count("\n", 0, markdown.index("[")) + 1
