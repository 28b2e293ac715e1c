"""Record text escaped as Markdown reads back as exactly that text, whatever markup it contains."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from nenpo.compose.escape import Markdown, escape, finalize
from nenpo.document.model import Heading, Paragraph, Table, plain
from nenpo.document.parse import parse


def blocks_of(markdown: str) -> list:
    return [b for section in parse(markdown) for b in section.blocks]


def shown(text: str) -> str:
    """The text a reader sees when record text stands alone as a paragraph of a template."""
    blocks = blocks_of(escape(text) + "\n")
    assert len(blocks) == 1, blocks
    assert isinstance(blocks[0], Paragraph)
    assert blocks[0].style == "Normal"
    assert all(not run.bold for run in blocks[0].inlines)
    return blocks[0].text


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "&amp;",
        "&#1234; &copy; &nbsp;",
        "{{ x }}",
        "{{ 7*7 }}",
        "{% if %}",
        "{# comment #}",
        "*a*",
        "**太字**",
        "_a_ __b__",
        "# h",
        "## 見出し",
        "a|b",
        "| 表 | ではない |",
        "[l](u)",
        "![画像](a.png)",
        "<http://example.com>",
        "http://example.com/a_b_c",
        "`code`",
        "```",
        "~~~",
        "1. 項目",
        "1) 項目",
        "- 項目",
        "+ 項目",
        "* 項目",
        "> 引用",
        "---",
        "***",
        "===",
        "::: cover",
        "{.Title}",
        "<!-- コメント -->",
        "a\\b",
        "末尾の\\",
        "地域活性化センター(以下、「地域活性化センター」という。)",
        "マザー&ベビーケアサロン ままのて",
        "おきたま×みなと開港プロジェクト",
        "ゼロ・サム(パイの奪い合い)",
        "100% <達成>",
    ],
)
def test_record_text_with_markup_renders_as_exactly_that_text(text: str) -> None:
    assert shown(text) == text


def test_line_breaks_in_record_text_are_joined_without_a_space() -> None:
    assert escape("一行目\n二行目\r\n三行目") == "一行目二行目三行目"
    assert shown("一行目\n# 二行目\n- 三行目") == "一行目# 二行目- 三行目"


def test_escape_backslash_escapes_ascii_punctuation_only() -> None:
    assert escape("<a>") == "\\<a\\>"
    assert escape("「全角」＃＊") == "「全角」＃＊"
    assert isinstance(escape("x"), Markdown)


def test_finalize_escapes_text_but_passes_markdown_and_drops_none() -> None:
    assert finalize("*a*") == "\\*a\\*"
    assert finalize(Markdown("*a*")) == "*a*"
    assert finalize(None) == ""
    assert finalize(7) == "7"


def test_escaped_text_stays_text_inside_a_heading_and_a_table_cell() -> None:
    [heading] = blocks_of(f"## {escape('# 「a|b」 *c*')}\n")
    assert isinstance(heading, Heading)
    assert heading.level == 2
    assert heading.text == "# 「a|b」 *c*"
    [table] = blocks_of(f"| 題 | 備考 |\n|---|---|\n| {escape('a|b')} | {escape('`x`')} |\n")
    assert isinstance(table, Table)
    assert [plain(cell) for cell in table.rows[0]] == ["a|b", "`x`"]


# --- the property: any text (but control characters) reads back as itself --------------------

TEXT = st.text(
    # markup and white space often, and any character but control characters and surrogates
    st.sampled_from(list(" \u3000\u00a0\u2028#*_`|<>&;{}[]()!~=+-.:\\\"'1a日本"))
    | st.characters(blacklist_categories=("Cc", "Cs")),
    max_size=30,
)


def reads_as(text: str) -> str:
    """What Markdown shows for one line of text: line breaks dropped, surrounding whitespace stripped."""
    return "".join(text.splitlines()).strip()


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_any_text_as_a_paragraph_reads_back_as_itself(text: str) -> None:
    expected = reads_as(text)
    # Four leading spaces would make an indented code block; the records model strips every
    # Name and Text, so record text never reaches a template with leading whitespace.
    assume(not "".join(text.splitlines()).startswith("    "))
    blocks = blocks_of(escape(text) + "\n")
    if expected:
        assert len(blocks) == 1
        assert isinstance(blocks[0], Paragraph)
        assert blocks[0].text == expected
        assert all(not run.bold for run in blocks[0].inlines)
    else:
        assert "".join(b.text for b in blocks) == ""


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_any_text_in_a_heading_or_a_table_cell_reads_back_as_itself(text: str) -> None:
    expected = reads_as(text)
    assume(expected)
    [heading] = blocks_of(f"## {escape(text)}\n")
    assert isinstance(heading, Heading)
    assert heading.text == expected
    [table] = blocks_of(f"| 見出し |\n|---|\n| {escape(text)} |\n")
    assert isinstance(table, Table)
    assert len(table.rows) == 1
    assert plain(table.rows[0][0]) == expected
