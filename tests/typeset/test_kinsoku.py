"""The 禁則 character classes and the pairwise break rule (JLReq 3.1.7, 3.1.8, 3.1.10)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nenpo.typeset import kinsoku

SRC = Path(__file__).resolve().parents[2] / "src" / "nenpo"


NEVER_FIRST = "」』）】〕］｝〉》”’" "、。，．・：；？！" "ーっゃゅょァィッャュョヵヶ" "々ゝゞヽヾ〻" "〜％℃"


@pytest.mark.parametrize("ch", list(NEVER_FIRST))
def test_jlreq_line_start_prohibition(ch: str) -> None:
    assert not kinsoku.may_start_line(ch)


@pytest.mark.parametrize("ch", list(")]},.:;?!%｡､･ｰｧｯ｣"))
def test_half_width_counterparts_may_not_start_a_line(ch: str) -> None:
    assert not kinsoku.may_start_line(ch)


@pytest.mark.parametrize("ch", list("「『（【〔［｛〈《“‘｟([{｢￥＄$¥"))
def test_jlreq_line_end_prohibition(ch: str) -> None:
    assert not kinsoku.may_end_line(ch)


@pytest.mark.parametrize("ch", list("あア漢字AZaz09「（—…\u3000"))
def test_ordinary_characters_may_start_a_line(ch: str) -> None:
    assert kinsoku.may_start_line(ch)


def test_classes_are_disjoint_where_jlreq_says_so() -> None:
    classes = [
        kinsoku.OPENING_BRACKETS, kinsoku.CLOSING_BRACKETS, kinsoku.HYPHENS, kinsoku.DIVIDING_PUNCTUATION,
        kinsoku.MIDDLE_DOTS, kinsoku.FULL_STOPS, kinsoku.COMMAS, kinsoku.INSEPARABLE, kinsoku.ITERATION_MARKS,
        kinsoku.PROLONGED_SOUND_MARK, kinsoku.SMALL_KANA, kinsoku.PREFIXED_ABBREVIATIONS,
        kinsoku.POSTFIXED_ABBREVIATIONS,
    ]
    for n, a in enumerate(classes):
        for b in classes[n + 1:]:
            assert not a & b
    assert not kinsoku.NOT_STARTING & kinsoku.OPENING_BRACKETS
    assert not kinsoku.NOT_ENDING & kinsoku.CLOSING_BRACKETS


def test_only_stops_and_commas_hang() -> None:
    assert kinsoku.HANGING == frozenset("、。，．")
    assert kinsoku.HANGING <= kinsoku.NOT_STARTING


@pytest.mark.parametrize(
    ("before", "after", "allowed"),
    [
        ("あ", "い", True),  # any two kana
        ("漢", "字", True),
        ("あ", "。", False),  # 行頭禁則
        ("あ", "」", False),
        ("あ", "ー", False),
        ("あ", "っ", False),
        ("人", "々", False),
        ("「", "あ", False),  # 行末禁則
        ("（", "注", False),
        ("」", "「", True),
        ("。", "「", True),
        ("—", "—", False),  # 分割禁止: ——
        ("―", "―", False),
        ("…", "…", False),
        ("‥", "‥", False),
        ("—", "…", True),
        ("あ", "—", True),
        ("—", "あ", True),
        ("a", "b", False),  # a Western word
        ("1", "0", False),  # a number
        ("0", ".", False),
        (".", "5", False),
        ("5", "p", False),  # 10.5pt
        ("5", "%", False),  # 25%
        ("5", "％", False),
        ("0", "℃", False),
        ("￥", "3", False),
        ("/", "a", False),  # a URL
        ("9", "年", True),  # 2019年: Japanese allows a break here
        ("年", "7", True),
        ("A", "あ", True),
        ("あ", "A", True),
        ("２", "０", False),  # full-width digits form a number too
        (" ", "a", True),
        ("a", "\u00a0", False),  # no-break space
        ("か", "\u3099", False),  # combining voiced mark
    ],
)
def test_can_break_between(before: str, after: str, allowed: bool) -> None:
    assert kinsoku.can_break_between(before, after) is allowed


def test_tight_runs_are_words_numbers_urls_and_dash_runs() -> None:
    text = "研修は2019年7月5日、10.5ptで25%、https://example.jp/a/b を見て——そして……Well-being。"
    assert [m.group() for m in kinsoku.TIGHT_RUN.finditer(text)] == [
        "2019", "10.5pt", "25%", "https://example.jp/a/b", "——", "……", "Well-being",
    ]


def test_japanese_latin_boundaries_skip_punctuation() -> None:
    text = "これはABCです。2019年、「K」の会"
    found = [m.start() for m in kinsoku.JAPANESE_LATIN_BOUNDARY.finditer(text)]
    assert found == [3, 6, 13]  # は|A, C|で, 9|年 — not 。|2 nor 「|K


def test_no_other_module_lists_kinsoku_characters() -> None:
    """One place for these facts: a string literal made mostly of bracket and punctuation marks
    anywhere else in the package is a second list that will drift from this one."""
    marks = (kinsoku.NOT_STARTING | kinsoku.NOT_ENDING) - frozenset(map(chr, range(128)))
    literal = re.compile(r"""(["'])((?:(?!\1).){4,}?)\1""")
    own = SRC / "typeset" / "kinsoku.py"
    for path in SRC.rglob("*.py"):
        if path == own:
            continue
        for match in literal.finditer(path.read_text(encoding="utf-8")):
            body = match.group(2)
            listed = sum(ch in marks for ch in body)
            assert listed < 4 or listed < 0.8 * len(body), (path, body)
