"""JLReq's spacing tables as data (typeset/spacing.py): what they must say whatever the breaker does
with them."""

from __future__ import annotations

import pytest

from nenpo.typeset import kinsoku, spacing

CLASSES = (spacing.OTHER, spacing.OPENING, spacing.CLOSING, spacing.MIDDLE_DOT, spacing.FULL_STOP, spacing.COMMA,
           spacing.IDEOGRAPHIC_SPACE)


def test_every_mark_of_the_classes_has_its_spacing_class() -> None:
    for members, cls in ((kinsoku.OPENING_BRACKETS, spacing.OPENING), (kinsoku.CLOSING_BRACKETS, spacing.CLOSING),
                         (kinsoku.MIDDLE_DOTS, spacing.MIDDLE_DOT), (kinsoku.FULL_STOPS, spacing.FULL_STOP),
                         (kinsoku.COMMAS, spacing.COMMA)):
        assert {spacing.CLASS_OF[ch] for ch in members} == {cls}


def test_a_full_width_glyph_draws_at_most_half_an_em_of_blank() -> None:
    for left, right in spacing.BLANK.values():
        assert 0 <= left <= 0.5 and 0 <= right <= 0.5 and 0 < left + right <= 0.5
    assert spacing.BLANK[spacing.OPENING] == (0.5, 0.0)
    assert spacing.BLANK[spacing.FULL_STOP] == (0.0, 0.5)
    assert spacing.BLANK[spacing.MIDDLE_DOT] == (0.25, 0.25)


@pytest.mark.parametrize("cls", CLASSES)
def test_next_to_a_letter_the_font_already_draws_jlreqs_space(cls: int) -> None:
    # 「あ, あ」, あ、, ・あ: the glyph's own blank is exactly JLReq's space: nothing moves.
    assert spacing.adjustment(spacing.OTHER, cls) == 0
    assert spacing.adjustment(cls, spacing.OTHER) == 0


@pytest.mark.parametrize(("before", "after"), [(a, b) for a in CLASSES for b in CLASSES])
def test_two_marks_move_together_by_half_an_em_or_not_at_all(before: int, after: int) -> None:
    assert spacing.adjustment(before, after) in (0.0, -0.5)


@pytest.mark.parametrize("pair", ["、「", "」、", "』」", "。「", "」「", "（「", "」。", "「「", "」・", "・「", "」\u3000",
                                  "\u3000「"])
def test_the_pairs_issue_15_names_collapse_by_half_an_em(pair: str) -> None:
    a, b = (spacing.CLASS_OF[ch] for ch in pair)
    assert spacing.adjustment(a, b) == -0.5


def test_the_half_em_after_a_full_stop_is_never_squeezed_inside_a_line() -> None:
    for (before, _), parts in spacing.PAIRS.items():
        for part in parts:
            if before == spacing.FULL_STOP and part.owner == "before":
                assert part.stage == spacing.RIGID
            else:
                assert part.stage != spacing.RIGID


def test_every_stage_in_the_tables_has_its_place_in_the_order() -> None:
    order = [stage.number for stage in spacing.SQUEEZE_ORDER]
    assert order == sorted(order) and len(set(order)) == len(order)
    used = {part.stage for parts in spacing.PAIRS.values() for part in parts} - {spacing.RIGID}
    used |= {stage for _, stage in spacing.LINE_END.values()}
    assert used <= set(order)
    # the line-end mark's half em goes first of the marks', and whole (JLReq 3.1.9)
    line_end = next(stage for stage in spacing.SQUEEZE_ORDER if stage.number == spacing.LINE_END[spacing.FULL_STOP][1])
    assert line_end.whole and order.index(line_end.number) < order.index(5)
