"""Lines of one paragraph join as their language needs: nothing in Japanese, a space in English."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from nenpo.records.folding import fold_plain, join_lines, joiner


def test_japanese_lines_join_with_nothing_between() -> None:
    assert join_lines(["テーマに", "事業を行う"]) == "テーマに事業を行う"


def test_english_words_across_lines_keep_one_space() -> None:
    assert join_lines(["words", "across lines"]) == "words across lines"


def test_japanese_next_to_latin_joins_with_nothing_as_the_typesetter_spaces_them() -> None:
    assert join_lines(["会議は", "Zoom で"]) == "会議はZoom で"
    assert join_lines(["Web", "会議"]) == "Web会議"


def test_full_width_punctuation_and_symbols_count_as_japanese() -> None:
    assert joiner("。", "A") == ""
    assert joiner("A", "※") == ""
    assert joiner("1,", "000") == " "  # digits are Latin: a secretariat splits no number over lines


def test_blank_lines_are_kept_as_line_breaks_as_yaml_folds_them() -> None:
    assert fold_plain("一行目\n  二行目\n\n  三行目") == "一行目二行目\n三行目"
    assert fold_plain("one\n  two\n\n\n  three") == "one two\n\nthree"


_JA = st.text(st.sampled_from("あいうえおかきくけこ漢字仮名。、「」"), min_size=1, max_size=8)
_EN = st.text(st.sampled_from("abcdefgXYZ0123"), min_size=1, max_size=8)


@given(st.lists(_JA, min_size=1, max_size=6))
def test_japanese_text_wrapped_anywhere_reads_back_unchanged(lines: list[str]) -> None:
    assert join_lines(lines) == "".join(lines)


@given(st.lists(_EN, min_size=1, max_size=6))
def test_english_words_wrapped_between_words_read_back_as_one_line(words: list[str]) -> None:
    assert join_lines(words) == " ".join(words)
    assert fold_plain("\n    ".join(words)) == " ".join(words)
