"""The style sheet: the default loads and inherits; every mistake points at the style.yaml line."""

from __future__ import annotations

from pathlib import Path

import pytest

from nenpo.build import bundled_templates
from nenpo.errors import NenpoError, Problem
from nenpo.style import REQUIRED, load_styles

DEFAULT = bundled_templates() / "default" / "style.yaml"
DEFAULT_TEXT = DEFAULT.read_text(encoding="utf-8")


def line_of(text: str, fragment: str) -> int:
    """The 1-based line on which `fragment` first occurs."""
    index = text.index(fragment)
    return text.count("\n", 0, index) + 1


def edited(tmp_path: Path, old: str, new: str) -> tuple[Path, str]:
    assert DEFAULT_TEXT.count(old) == 1, old
    text = DEFAULT_TEXT.replace(old, new)
    path = tmp_path / "style.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text


def problems(path: Path) -> list[Problem]:
    with pytest.raises(NenpoError) as info:
        load_styles(path)
    return info.value.problems


# --- the default style sheet ---------------------------------------------------------------


def test_default_style_sheet_loads_with_every_required_style() -> None:
    styles = load_styles(DEFAULT)
    assert set(REQUIRED) <= set(styles.paragraphs)
    assert styles.source == DEFAULT


def test_default_page_is_word_japanese_a4() -> None:
    styles = load_styles(DEFAULT)
    margins = styles.page.margins
    assert (margins.top, margins.bottom, margins.left, margins.right) == (35, 30, 30, 30)
    assert styles.page.size == "A4"
    assert styles.page.page_number == "- {n} -"
    assert styles.fonts.candidates("mincho") == ("IPAexMincho", "BIZ UD明朝", "游明朝", "ＭＳ 明朝")
    assert styles.fonts.candidates("gothic") == ("IPAexGothic", "BIZ UDゴシック", "游ゴシック", "ＭＳ ゴシック")


def test_normal_is_10_5_pt_mincho_with_36_lines_a_page() -> None:
    normal = load_styles(DEFAULT)["Normal"]
    assert (normal.font, normal.size, normal.leading, normal.align) == ("mincho", 10.5, 18.0, "justify")
    assert normal.first_line_indent == 1


def test_heading_2_inherits_the_gothic_font_from_heading_1() -> None:
    styles = load_styles(DEFAULT)
    h1, h2, h3 = styles["Heading 1"], styles["Heading 2"], styles["Heading 3"]
    assert h1.font == h2.font == h3.font == "gothic"
    assert h2.size == 12.5
    assert h2.keep_with_next is True  # from Heading 1
    assert h1.page_break_before is True
    assert h2.page_break_before is False  # overridden
    assert h3.page_break_before is False  # from Heading 2
    assert h2.align == "left"


def test_styles_without_parent_inherit_from_normal() -> None:
    styles = load_styles(DEFAULT)
    assert styles["programme"].font == "mincho"
    assert styles["programme"].size == 10.5
    assert styles["programme"].first_line_indent == -1
    assert styles["Table Header"].size == 9.5  # from Table
    assert styles["Table Header"].font == "gothic"


def test_subtitle_inherits_from_title_and_toc_2_overrides_toc_1() -> None:
    styles = load_styles(DEFAULT)
    assert styles["Subtitle"].font == "gothic"
    assert styles["Subtitle"].align == "center"
    assert styles["Subtitle"].size == 16
    assert styles["TOC 2"].font == "mincho"
    assert styles["TOC 2"].align == "left"
    assert styles["TOC 2"].left_indent == 2


# --- mistakes ------------------------------------------------------------------------------


def test_a_missing_required_style_is_named(tmp_path: Path) -> None:
    path, _ = edited(tmp_path, "  Heading 3:\n", "  Heading 3 (old):\n")
    [problem] = problems(path)
    assert str(problem.message) == "スタイル「Heading 3」が定義されていません。"
    assert str(problem.hint) == "既定のテンプレートの style.yaml から写してください。"
    assert problem.location.file == path
    assert problem.location.field == "paragraphs"


def test_every_missing_required_style_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "style.yaml"
    path.write_text("paragraphs:\n  Normal:\n    size: 10.5\n", encoding="utf-8")
    found = [str(p.message) for p in problems(path)]
    assert found == [f"スタイル「{name}」が定義されていません。" for name in REQUIRED if name != "Normal"]


def test_an_unknown_parent_points_at_its_line(tmp_path: Path) -> None:
    path, text = edited(tmp_path, "    parent: Heading 2\n    size: 11\n", "    parent: Heading 9\n    size: 11\n")
    [problem] = problems(path)
    assert str(problem.message) == "親スタイル「Heading 9」がありません。"
    assert problem.location.file == path
    assert problem.location.line == line_of(text, "parent: Heading 9")
    assert problem.location.field == "paragraphs.Heading 3.parent"
    assert str(problem.format()).startswith(f"{path}:{line_of(text, 'parent: Heading 9')}:13: ")


def test_a_parent_cycle_points_at_the_parent_line(tmp_path: Path) -> None:
    path, text = edited(tmp_path, "  TOC 1:\n    font: gothic\n", "  TOC 1:\n    parent: TOC 2\n    font: gothic\n")
    [problem] = problems(path)  # one loop, reported once
    assert str(problem.message) == "スタイル「TOC 2」の parent が循環しています(TOC 1 → TOC 2 → TOC 1)。"
    assert (problem.location.file, problem.location.line) == (path, line_of(text, "parent: TOC 1"))


def test_a_style_that_is_its_own_parent(tmp_path: Path) -> None:
    path, text = edited(tmp_path, "    parent: Title\n", "    parent: Subtitle\n")
    [problem] = problems(path)
    assert str(problem.message) == "スタイル「Subtitle」の parent が循環しています(Subtitle → Subtitle)。"
    assert problem.location.line == line_of(text, "parent: Subtitle")


@pytest.mark.parametrize(
    ("old", "new", "bad_line", "field", "message", "hint"),
    [
        ("    size: 12.5\n", "    size: -1\n", "size: -1", "paragraphs.Heading 2.size",
         "値 -1 が範囲の外です(4 以上)。", None),
        ("    align: justify\n", "    align: middle\n", "align: middle", "paragraphs.Normal.align",
         "「middle」は使えません。", "次のどれかを書いてください: left, center, right, justify"),
        (
            "    font: mincho\n    left_indent: 2\n",
            "    font: fraktur\n    left_indent: 2\n",
            "font: fraktur",
            "paragraphs.TOC 2.font",
            "「fraktur」は使えません。",
            "次のどれかを書いてください: mincho, gothic",
        ),
        ('  header_background: "#E6E6E6"\n', "  header_background: grey\n", "header_background: grey",
         "table.header_background", "「grey」は書き方が違います。", "この形で書いてください: ^#[0-9A-Fa-f]{6}$"),
        ("  footer_distance: 15\n", "  footer_distance: 15mm\n", "footer_distance: 15mm", "page.footer_distance",
         "数を書いてください(今は「15mm」)。", None),
        ("  padding: 3\n", "  padding: 3\n  shade: red\n", "shade: red", "table.shade",
         "「shade」という項目はありません。",
         "ここに書ける項目: border, header_background, padding, number_format, number_align, keep_whole_rows, columns"),
    ],
)
def test_a_bad_value_points_at_its_line(
    tmp_path: Path, old: str, new: str, bad_line: str, field: str, message: str, hint: str | None
) -> None:
    path, text = edited(tmp_path, old, new)
    [problem] = problems(path)
    assert str(problem.message) == message
    assert (str(problem.hint) if problem.hint else None) == hint
    assert problem.location.file == path
    assert problem.location.field == field
    assert problem.location.line == line_of(text, bad_line)


def test_several_bad_values_are_reported_together(tmp_path: Path) -> None:
    path, text = edited(tmp_path, "    size: 12.5\n", "    size: 0\n    colr: '#ff0000'\n")
    found = problems(path)
    assert [(p.location.field, p.location.line) for p in found] == [
        ("paragraphs.Heading 2.size", line_of(text, "size: 0")),
        ("paragraphs.Heading 2.colr", line_of(text, "colr:")),
    ]


def test_a_yaml_mistake_in_style_yaml_points_at_its_line(tmp_path: Path) -> None:
    path, text = edited(tmp_path, "  Normal:                  #", "  Normal：                  #")
    found = problems(path)
    assert found[0].location.file == path
    assert str(found[0].message) == "項目名「Normal」の後のコロンが全角の「：」です。"
    assert found[0].location.line == line_of(text, "Normal：")


# --- bounds: values a writer would crash on, or draw off the paper, are errors at their line ------

MARGINS = "  margins: {top: 35, bottom: 30, left: 30, right: 30}"


@pytest.mark.parametrize(
    ("old", "new", "bad", "field", "message"),
    [
        ("    size: 15\n", "    size: 100000\n", "size: 100000", "paragraphs.Heading 1.size",
         "値 100000 が範囲の外です(200 以下)。"),
        ("    size: 15\n", "    size: 2\n", "size: 2\n", "paragraphs.Heading 1.size", "値 2 が範囲の外です(4 以上)。"),
        ("    size: 15\n", "    size: .nan\n", "size: .nan", "paragraphs.Heading 1.size",
         "値 nan が範囲の外です(200 以下)。"),
        ("    leading: 24\n", "    leading: 1000000\n", "leading: 1000000", "paragraphs.Heading 1.leading",
         "値 1000000 が範囲の外です(600 以下)。"),
        ("    space_before: 160\n", "    space_before: -10\n", "space_before: -10", "paragraphs.Title.space_before",
         "値 -10 が範囲の外です(0 以上)。"),
        ("    space_after: 120\n", "    space_after: 100000\n", "space_after: 100000",
         "paragraphs.Subtitle.space_after", "値 100000 が範囲の外です(500 以下)。"),
        ("    left_indent: 2\n", "    left_indent: 1000\n", "left_indent: 1000", "paragraphs.TOC 2.left_indent",
         "値 1000 が範囲の外です(50 以下)。"),
        (MARGINS, "  margins: {top: 35, bottom: 30, left: -30, right: 30}", "margins:", "page.margins.left",
         "値 -30 が範囲の外です(0 以上)。"),
        (MARGINS, "  margins: {top: .inf, bottom: 30, left: 30, right: 30}", "margins:", "page.margins.top",
         "値 inf が範囲の外です(250 以下)。"),
        ("  footer_distance: 15\n", "  footer_distance: 1000000\n", "footer_distance:", "page.footer_distance",
         "値 1000000 が範囲の外です(100 以下)。"),
        ("  border: 0.5\n", "  border: -1\n", "border: -1", "table.border", "値 -1 が範囲の外です(0 以上)。"),
        ("  padding: 3\n", "  padding: 200\n", "padding: 200", "table.padding", "値 200 が範囲の外です(30 以下)。"),
        ('  page_number: "- {n} -"', f'  page_number: "{"ー" * 120}{{n}}"', "page_number:", "page.page_number",
         "長すぎます(123 字。100 字まで)。"),
    ],
)
def test_a_value_out_of_bounds_points_at_its_line(
    tmp_path: Path, old: str, new: str, bad: str, field: str, message: str
) -> None:
    path, text = edited(tmp_path, old, new)
    [problem] = problems(path)
    assert str(problem.message) == message
    assert (problem.location.file, problem.location.line, problem.location.field) == (path, line_of(text, bad), field)


@pytest.mark.parametrize(
    ("margins", "message", "hint"),
    [
        ("{top: 35, bottom: 30, left: 105, right: 105}",
         "左右の余白(105 mm と 105 mm)が大きすぎて、本文の幅が 0 mm しかありません。",
         "紙(210 mm)から余白を引いた本文の部分が 50 mm 以上になるよう、余白を小さくしてください。"),
        ("{top: 150, bottom: 150, left: 30, right: 30}",
         "上下の余白(150 mm と 150 mm)が大きすぎて、本文の高さが -3 mm しかありません。",
         "紙(297 mm)から余白を引いた本文の部分が 50 mm 以上になるよう、余白を小さくしてください。"),
        ("{top: 35, bottom: 30, left: 80, right: 80.02}",  # 49.98 mm is not shown as 50
         "左右の余白(80 mm と 80.02 mm)が大きすぎて、本文の幅が 49.9 mm しかありません。",
         "紙(210 mm)から余白を引いた本文の部分が 50 mm 以上になるよう、余白を小さくしてください。"),
    ],
)
def test_margins_that_leave_no_room_for_text_point_at_the_margins(
    tmp_path: Path, margins: str, message: str, hint: str
) -> None:
    path, text = edited(tmp_path, MARGINS, f"  margins: {margins}")
    [problem] = problems(path)
    assert (str(problem.message), str(problem.hint)) == (message, hint)
    assert (problem.location.line, problem.location.field) == (line_of(text, "margins:"), "page.margins")


def test_the_smallest_text_area_is_allowed(tmp_path: Path) -> None:
    path, _ = edited(tmp_path, MARGINS, "  margins: {top: 123.5, bottom: 123.5, left: 80, right: 80}")
    page = load_styles(path).page
    assert (page.text_width_mm, page.text_height_mm) == (50, 50)


def test_an_indent_inherited_by_every_style_is_reported_once_where_it_is_written(tmp_path: Path) -> None:
    path, text = edited(tmp_path, "    first_line_indent: 1\n", "    first_line_indent: 1\n    left_indent: 40\n")
    [problem] = problems(path)  # not once for each of the styles that inherit it
    assert str(problem.message) == "インデント 41 字と文字の大きさ 10.5 pt では、本文の幅 150 mm に1字も入りません。"
    assert (problem.location.line, problem.location.field) == (line_of(text, "left_indent: 40"),
                                                              "paragraphs.Normal.left_indent")


def test_a_larger_size_under_an_inherited_leading_points_at_the_size(tmp_path: Path) -> None:
    path, text = edited(tmp_path, "    parent: Heading 2\n    size: 11\n    leading: 18\n",
                        "    parent: Heading 2\n    size: 30\n")
    [problem] = problems(path)  # Heading 3 inherits Heading 2's leading of 20 pt
    assert str(problem.message) == "行送り 20 pt が文字の大きさ 30 pt より小さく、行と行が重なります。"
    assert problem.location.field == "paragraphs.Heading 3.size"
    assert problem.format("en").endswith(
        "A leading of 20 pt is less than the type size of 30 pt: the lines would overlap.\n"
        "    → Make leading at least size (about 1.5–1.8 times size for body text).")


def test_a_leading_too_large_for_three_lines_on_a_page(tmp_path: Path) -> None:
    path, text = edited(tmp_path, "    leading: 36\n", "    leading: 300\n")
    [problem] = problems(path)
    assert str(problem.message) == "行送り 300 pt では、本文の高さ 232 mm に3行も入りません。"
    assert problem.location.line == line_of(text, "leading: 300")


def test_a_hanging_indent_past_the_paper_edge(tmp_path: Path) -> None:
    path, text = edited(tmp_path, "    first_line_indent: -1\n    left_indent: 1\n  summary",
                        "    first_line_indent: -40\n    left_indent: 1\n  summary")
    [problem] = problems(path)
    assert str(problem.message) == "インデント -39 字が左の余白 30 mm より外に出て、字が紙からはみ出します。"
    assert problem.location.field == "paragraphs.programme.first_line_indent"


def test_the_contents_styles_keep_room_for_the_page_numbers(tmp_path: Path) -> None:
    # TOC 2 at 40 pt indented 9 字 leaves 65 pt of the 425 pt line; the page numbers take 42 of them
    path, text = edited(tmp_path, "    left_indent: 2\n    space_before: 0\n",
                        "    left_indent: 9\n    size: 40\n    leading: 48\n    space_before: 0\n")
    [problem] = problems(path)
    assert str(problem.message) == "インデント 9 字と文字の大きさ 40 pt では、本文の幅 150 mm に1字も入りません。"
    assert problem.location.field == "paragraphs.TOC 2.left_indent"


def test_both_bundled_templates_are_within_bounds() -> None:
    for name in ("default", "kiroku"):
        load_styles(DEFAULT.parent.parent / name / "style.yaml")
