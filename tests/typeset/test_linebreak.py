"""The paragraph line breaker: JLReq rules by example, invariants by property, and a corpus of real text.

The invariants every result must keep:
(a) no line starts with a character that may not start a line;
(b) no line ends with one that may not end a line;
(c) no break inside a word, number, URL or ——/…… (except the overlong-unit fallback, which is
    only allowed where no line could hold the unit);
(d) a justified line's glyphs end exactly at the right edge, and no line passes it except by one
    hanging 、。，．;
(e) nothing is lost or reordered: the lines are the text minus the spaces at breaks and the "\\n"s.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nenpo.typeset import Line, Metrics, Run, Segment, break_lines, kinsoku, spacing
from nenpo.typeset.linebreak import Measure

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "linebreak" / "paragraphs.txt"
SIZE = 10.5
EM = SIZE
TOLERANCE = 0.01


def simple_measure(font: str, ch: str) -> float:
    """Full-width (and ambiguous, as Japanese fonts draw them) = 1 em, everything else ½ em."""
    return 1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5


def paragraph(text: str, font: str = "M", size: float = SIZE) -> list[Run]:
    return [Run(text, font, size)]


def breaks(text: str, em_width: float, **options: object) -> list[Line]:
    return break_lines(paragraph(text), em_width * EM, simple_measure, **options)  # type: ignore[arg-type]


def texts(lines: list[Line]) -> list[str]:
    return [line.text for line in lines]


# --- The invariant checker ---------------------------------------------------------------------


def segment_width(segment: Segment, measure: Measure) -> float:
    return sum(measure(segment.font, ch) for ch in segment.text) * segment.size


def right_edge(segments: tuple[Segment, ...], measure: Measure) -> float:
    """Where the last segment's last glyph ends; its own trailing char_space is not part of the line."""
    last = segments[-1]
    return last.x + segment_width(last, measure) + last.char_space * (len(last.text) - 1)


def break_allowed(text: str, j: int, start: int) -> bool:
    """Whether a line started at `start` may end before text[j], spaces there vanishing (the rule
    restated independently of the breaker)."""
    if text[j - 1] not in kinsoku.SPACES and text[j] not in kinsoku.SPACES:
        return kinsoku.can_break_between(text[j - 1], text[j])
    i, k = j, j
    while i > start and text[i - 1] in kinsoku.SPACES:
        i -= 1
    while k < len(text) and text[k] in kinsoku.SPACES:
        k += 1
    if i == start:
        return False
    if k == len(text) or text[k] == "\n":
        return True
    return kinsoku.may_end_line(text[i - 1]) and kinsoku.may_start_line(text[k])


def violations(runs: list[Run], lines: list[Line], measure: Measure, align: str = "justify") -> list[str]:
    """Every broken invariant, described; empty when the lines are right."""
    text = "".join(run.text for run in runs)
    found: list[str] = []
    # (e) nothing lost or reordered
    pos = 0
    for n, line in enumerate(lines):
        if line.text != text[line.start:line.end]:
            found.append(f"line {n} text {line.text!r} is not text[{line.start}:{line.end}]")
        gap = text[pos:line.start]
        if n and gap.strip(" \t\n") or not n and gap:
            found.append(f"text lost before line {n}: {gap!r}")
        if n and "\n" not in gap and not gap.strip(" \t") and lines[n - 1].final:
            found.append(f"line {n - 1} is final but no newline follows it")
        pos = line.end
    if text[pos:].strip(" \t"):
        found.append(f"text lost at the end: {text[pos:]!r}")
    if text.count("\n") + 1 != sum(line.final for line in lines) and text:
        found.append("not one final line per block")
    # (a), (b), (c) at every automatic break
    for n, (line, following) in enumerate(pairwise(lines)):
        between = text[line.end:following.start]
        if "\n" in between:
            continue
        if line.emergency:
            ok = [j for j in range(line.start + 1, line.end + 1) if break_allowed(text, j, line.start)]
            if ok:
                found.append(f"line {n} broke inside a unit although a break at {ok[-1]} was allowed")
            continue
        if not line.text or not following.text:
            found.append(f"empty line at an automatic break after line {n}")
            continue
        last, first = text[line.end - 1], text[following.start]
        if not kinsoku.may_start_line(first):
            found.append(f"line {n + 1} starts with {first!r}: {following.text!r}")
        if not kinsoku.may_end_line(last):
            found.append(f"line {n} ends with {last!r}: {line.text!r}")
        if not between and not kinsoku.can_break_between(last, first):
            found.append(f"unbreakable pair {last + first!r} split after line {n}")
        for match in kinsoku.TIGHT_RUN.finditer(text):
            if match.start() < line.end and following.start < match.end():
                found.append(f"{match.group()!r} split after line {n}")
    # (d) geometry
    for n, line in enumerate(lines):
        if not line.segments:
            continue
        xs = [segment.x for segment in line.segments]
        if any(b < a - TOLERANCE for a, b in pairwise(xs)):
            found.append(f"line {n} segments go backwards: {xs}")
        content = line.segments[:-1] if line.hang else line.segments
        edge = right_edge(content, measure) - line.tail  # a line-end mark's blank given up passes the edge
        limit = line.left + line.available
        if line.justified and abs(edge - limit) > TOLERANCE:
            found.append(f"justified line {n} ends at {edge:.3f}, not {limit:.3f}: {line.text!r}")
        if edge > limit + TOLERANCE and not (line.emergency and len(line.text) == 1):
            found.append(f"line {n} ends at {edge:.3f}, past {limit:.3f}: {line.text!r}")
        head = blank(line.text[0], "left") * line.segments[0].size if line.text else 0.0
        if abs(line.head - head) > TOLERANCE:
            found.append(f"line {n} sets its first glyph {line.head:.3f} out, not {head:.3f}: {line.text!r}")
        if xs[0] < line.left - line.head - TOLERANCE:
            found.append(f"line {n} starts at {xs[0]:.3f}, before its left edge {line.left:.3f}")
        tail = blank(line.text[-1], "right") * line.segments[-1].size if line.text else 0.0
        if line.tail and abs(line.tail - tail) > TOLERANCE:
            found.append(f"line {n} gives up {line.tail:.3f} after its last glyph, not 0 or {tail:.3f}")
        if line.hang:
            hung = line.segments[-1]
            if len(hung.text) != 1 or hung.text not in kinsoku.HANGING:
                found.append(f"line {n} hangs {hung.text!r}")
            elif abs(hung.x + segment_width(hung, measure) - limit - line.hang) > TOLERANCE:
                found.append(f"line {n} hang {line.hang} does not match its glyph")
        if align == "justify" and line.final and not line.justified and abs(xs[0] + line.head - line.left) > TOLERANCE:
            found.append(f"last line {n} is not flush left")
        for segment in line.segments:
            if segment.char_space and kinsoku.TIGHT_RUN.fullmatch(segment.text):
                found.append(f"line {n} letter-spaces {segment.text!r}")
    return found


def blank(ch: str, side: str) -> float:
    """The blank half (em) a full-width opening bracket draws on its left, or a closing bracket, stop
    or comma on its right (the middle dot a quarter either side): JLReq's spacing, drawn by the font."""
    if side == "left":
        return 0.5 if ch in kinsoku.OPENING_BRACKETS else 0.0
    if ch in kinsoku.MIDDLE_DOTS:
        return 0.25
    return 0.5 if ch in kinsoku.CLOSING_BRACKETS | kinsoku.FULL_STOPS | kinsoku.COMMAS else 0.0


# --- Rules by example (CJK = 1 em, Latin = ½ em; widths in em of 10.5 pt) -----------------------


def test_a_short_paragraph_is_one_left_aligned_line() -> None:
    [line] = breaks("短い段落です。", 10)
    assert line.text == "短い段落です。" and line.final and not line.justified
    assert line.segments == (Segment("短い段落です。", "M", SIZE, 0.0, 0.0),)


def test_empty_paragraph_has_no_lines() -> None:
    assert breaks("", 10) == []


def test_lines_fill_exactly_without_adjustment() -> None:
    lines = breaks("あいうえおかきくけこさしすせそ", 5)
    assert texts(lines) == ["あいうえお", "かきくけこ", "さしすせそ"]
    assert [line.justified for line in lines] == [True, True, False]
    assert all(segment.char_space == 0 for line in lines for segment in line.segments)


def test_full_stop_never_starts_a_line_push_out() -> None:
    # あいうえお fills 5 em, so 。 would start line 2; nothing on the line can be compressed → 追い出し.
    lines = breaks("あいうえお。かきくけこ", 5)
    assert texts(lines) == ["あいうえ", "お。かきく", "けこ"]
    first = lines[0]
    assert first.justified and first.segments[0].char_space == pytest.approx(EM / 3)
    assert not violations(paragraph("あいうえお。かきくけこ"), lines, simple_measure)


def glyphs(line: Line, measure: Measure = simple_measure) -> list[tuple[str, float]]:
    """Every glyph of a line with its x in em, as the segments place it."""
    out = []
    for segment in line.segments:
        x = segment.x
        for ch in segment.text:
            out.append((ch, round(x / EM, 4)))
            x += measure(segment.font, ch) * segment.size + segment.char_space
    return out


def test_push_in_gives_up_the_line_end_half_em_first() -> None:
    # あ「い」、う。 is 6½ em (」、 meet at 1½ em); 。 must not start line 2 → 追い込み: the half em
    # after the line-end 。 goes first (JLReq 3.8.3 stage 2), which is enough; 「 keeps its half.
    text = "あ「い」、う。かきくけこ"
    lines = breaks(text, 6)
    assert texts(lines) == ["あ「い」、う。", "かきくけこ"]
    first = lines[0]
    assert first.justified and first.tail == pytest.approx(EM / 2)
    assert glyphs(first) == [("あ", 0), ("「", 1), ("い", 2), ("」", 3), ("、", 3.5), ("う", 4.5), ("。", 5.5)]
    assert not violations(paragraph(text), lines, simple_measure)


def test_push_in_squeezes_brackets_and_commas_together_after_the_line_end() -> None:
    # あ「い」う、え。 is 8 em in 7: the line-end 。 gives ½, then 「 」 、 give ⅙ em each (stage 5).
    text = "あ「い」う、え。かきくけこ"
    lines = breaks(text, 7)
    assert texts(lines) == ["あ「い」う、え。", "かきくけこ"]
    xs = dict(glyphs(lines[0]))
    assert xs["「"] == pytest.approx(1 - 1 / 6, abs=1e-3) and xs["い"] == pytest.approx(2 - 1 / 6, abs=1e-3)
    assert xs["う"] == pytest.approx(4 - 2 / 6, abs=1e-3) and xs["え"] == pytest.approx(6 - 3 / 6, abs=1e-3)
    assert lines[0].tail == pytest.approx(EM / 2)
    assert not violations(paragraph(text), lines, simple_measure)


def test_push_in_never_takes_the_half_em_after_a_full_stop_inside_a_line() -> None:
    # あい。うえおかき。 is 9 em in 8: the line-end 。 gives ½ em; the other ½ could only come from
    # the 。 inside the line, which keeps its half em (JLReq 3.1.4) → 追い出し.
    text = "あい。うえおかき。くけこさしすせそ"
    lines = breaks(text, 8)
    assert texts(lines)[0] == "あい。うえおか"
    assert dict(glyphs(lines[0]))["う"] >= 3
    assert not violations(paragraph(text), lines, simple_measure)


def test_line_head_opening_bracket_is_set_flush() -> None:
    # JLReq 3.1.5 ①, B.2 note 17: no space before an opening bracket at a line head, on a paragraph's
    # first line (after its indent) as on every other line.
    text = "「あいう」かきくけこ、「さしすせそ」たちつてと"
    lines = breaks(text, 6, first_indent=EM)
    assert texts(lines)[0] == "「あいう」"
    assert lines[0].head == pytest.approx(EM / 2) and lines[0].segments[0].x == pytest.approx(EM / 2)
    second_bracket = next(line for line in lines[1:] if line.text.startswith("「"))
    assert second_bracket.segments[0].x == pytest.approx(-EM / 2)
    assert not violations(paragraph(text), lines, simple_measure)


@pytest.mark.parametrize("align", ["left", "justify"])
def test_an_unindented_line_starting_with_a_bracket_is_flush_left(align: str) -> None:
    [line] = breaks("【第1回集合研修のまとめ】", 20, align=align)
    assert line.segments[0].x == pytest.approx(-EM / 2) and line.head == pytest.approx(EM / 2)


@pytest.mark.parametrize(("pair", "span"), [
    ("、「", 1.5), ("」、", 1.5), ("』」", 1.5), ("。「", 1.5), ("」「", 1.5), ("（「", 1.5), ("」。", 1.5),
    ("。」", 1.5), ("」・", 1.5), ("・「", 1.5), ("、・", 2.0), ("「」", 2.0), ("・・", 2.0), ("」\u3000", 1.5),
])
def test_consecutive_punctuation_spans_what_jlreq_gives(pair: str, span: float) -> None:
    # JLReq 3.1.4: the blank halves between two marks collapse to one half em (or none), always.
    [line] = breaks(f"あ{pair}い", 20)
    xs = glyphs(line)
    assert xs[2][1] + 1 - xs[1][1] == pytest.approx(span)
    assert xs[3][1] == pytest.approx(1 + len(pair) + span - 2)  # the text after moves up as well


def test_a_pair_across_a_line_break_keeps_its_line_end_half() -> None:
    lines = breaks("あいうえ」「かきくけこさ", 5)
    assert texts(lines) == ["あいうえ」", "「かきくけ", "こさ"]
    assert lines[0].justified and lines[0].tail == 0 and lines[1].head == pytest.approx(EM / 2)


def test_a_lone_short_last_line_is_pulled_back_by_a_small_squeeze(monkeypatch: pytest.MonkeyPatch) -> None:
    # Set greedily, た。 is alone on the last line; the brackets and commas of the line before give
    # up part of their half ems (never all of it) and take it in.
    text = "「港区」事業を、事業を「港区」あいう「港区」、事業を、研修のました。"
    monkeypatch.setattr(spacing, "SHORT_LAST_LINE", 0)
    greedy = breaks(text, 16)
    monkeypatch.undo()
    lines = breaks(text, 16)
    assert texts(greedy)[-1] == "た。"
    assert len(lines) == len(greedy) - 1 and lines[-1].text.endswith("ました。")
    assert lines[-1].justified and lines[-1].tail == pytest.approx(EM / 2)
    squeezed = [line for line in lines if line.justified and right_edge(line.segments, simple_measure)
                - line.tail < sum(simple_measure("M", ch) for ch in line.text) * SIZE - line.head - 1e-6]
    assert squeezed
    assert not violations(paragraph(text), lines, simple_measure)


def test_a_short_last_line_stays_when_no_small_squeeze_takes_it_in() -> None:
    text = "あいうえおかきくけこさしすせそたちつてと" "なにぬねのはひふへほまみむめもやゆよらり" "た。"
    lines = breaks(text, 20)
    assert lines[-1].text.endswith("た。") and len(lines[-1].text) <= 3
    assert not violations(paragraph(text), lines, simple_measure)


@pytest.mark.parametrize(
    "text", ["あいうえ「 おかきくけこ", "あいうえお 」かきくけこ", "あいうえ 、 おかきくけ", "A B C D E ( F G"],
)
def test_spaces_do_not_excuse_kinsoku(text: str) -> None:
    for width in (3, 4, 5, 6):
        lines = breaks(text, width)
        assert not violations(paragraph(text), lines, simple_measure), (width, texts(lines))


def test_push_in_is_only_for_justified_text() -> None:
    lines = breaks("あ「い」、う。かきくけこ", 6, align="left")
    assert texts(lines) == ["あ「い」、", "う。かきくけ", "こ"]


def test_closing_bracket_then_stop_stay_with_the_word() -> None:
    # あいうえ「おか fills 7 em; 」。 cannot start line 2 and cannot be pushed in → か goes with them.
    lines = breaks("あいうえ「おか」。きくけこさしす", 7)
    assert texts(lines) == ["あいうえ「お", "か」。きくけこ", "さしす"]


def test_opening_bracket_never_ends_a_line() -> None:
    lines = breaks("あいうえ「おか」きくけこさ", 5)
    assert texts(lines) == ["あいうえ", "「おか」き", "くけこさ"]


@pytest.mark.parametrize("mark", list("ーっゃッョ々ゝゞヽ〻、・？！〜"))
def test_marks_that_belong_to_the_previous_character(mark: str) -> None:
    text = f"あいうえお{mark}かきくけこ"
    lines = breaks(text, 5)
    assert not lines[1].text.startswith(mark)
    assert not violations(paragraph(text), lines, simple_measure)


def test_hanging_punctuation() -> None:
    text = "あいうえお、かきくけこ。"
    lines = breaks(text, 5, hanging=True)
    assert texts(lines) == ["あいうえお、", "かきくけこ。"]
    assert lines[0].hang == pytest.approx(EM) and lines[0].justified
    assert lines[0].segments[-1] == Segment("、", "M", SIZE, 5 * EM, 0.0)
    assert lines[1].hang == pytest.approx(EM) and lines[1].final
    assert not violations(paragraph(text), lines, simple_measure)


def test_hanging_is_only_for_stops_and_commas() -> None:
    lines = breaks("あいうえお」かきくけこ", 5, hanging=True)
    assert all(line.hang == 0 for line in lines)
    assert not lines[1].text.startswith("」")


@pytest.mark.parametrize("unit", ["——", "……", "‥‥", "――"])
def test_dash_and_leader_runs_are_never_split(unit: str) -> None:
    for width in range(3, 9):
        text = f"あいうえ{unit}かきくけこさし"
        lines = breaks(text, width)
        assert any(unit in line.text for line in lines), width
        assert not violations(paragraph(text), lines, simple_measure)


@pytest.mark.parametrize("unit", ["2019", "10.5pt", "25%", "1,234,567", "https://example.jp/a/b", "Well-being"])
def test_words_numbers_and_urls_are_never_split(unit: str) -> None:
    for width in range(12, 20):
        text = f"参加者のうち{unit}が、とても良かったと{unit}答えました。"
        lines = breaks(text, width)
        assert sum(line.text.count(unit) for line in lines) == 2, (width, texts(lines))


def test_a_year_may_part_from_its_kanji_unit() -> None:
    lines = breaks("あいう2019年7月5日", 5)
    assert texts(lines) == ["あいう2019", "年7月5日"]


def test_a_number_keeps_its_percent_and_currency() -> None:
    for width in range(4, 10):
        lines = breaks("あいうえお25％とかきく￥300です", width)
        joined = "|".join(texts(lines))
        assert "25％" in joined and "￥300" in joined, width


def test_latin_words_break_at_spaces_which_vanish() -> None:
    text = "The secretariat keeps the records of sessions and visits."
    lines = breaks(text, 10)
    assert all(not line.text.startswith(" ") and not line.text.endswith(" ") for line in lines)
    assert " ".join(texts(lines)) == text
    assert not violations(paragraph(text), lines, simple_measure)


def test_latin_words_are_not_letter_spaced() -> None:
    text = "研修のテーマはRemote Cooperationです。今後もこの取り組みを続けます。"
    lines = breaks(text, 13)
    assert not violations(paragraph(text), lines, simple_measure)
    spaced = [s for line in lines for s in line.segments if s.char_space]
    assert spaced and not any(ch.isascii() and ch.isalpha() and len(s.text) > 1 for s in spaced for ch in s.text)


def test_overlong_word_is_broken_as_a_last_resort() -> None:
    text = "単語Pneumonoultramicroscopicsilicovolcanoconiosisの例"
    lines = breaks(text, 8)
    assert any(line.emergency for line in lines)
    assert "".join(texts(lines)) == text
    assert not violations(paragraph(text), lines, simple_measure)


def test_leading_spaces_are_kept_and_never_make_an_empty_line() -> None:
    text = "  internationalization and localization"
    lines = breaks(text, 5)
    assert lines[0].text.startswith("  inter") and lines[0].emergency
    assert not violations(paragraph(text), lines, simple_measure)


def test_latin_spacing_goes_between_japanese_and_latin_only() -> None:
    [line] = breaks("日本語とEnglishと2019年の「K」", 30, latin_spacing=0.25)
    pieces = {s.text: s.x for s in line.segments}
    assert list(pieces) == ["日本語と", "English", "と", "2019", "年の「K」"]
    assert pieces["English"] == pytest.approx(4 * EM + 0.25 * EM)
    assert pieces["と"] == pytest.approx(4 * EM + 3.5 * EM + 0.5 * EM)
    assert pieces["年の「K」"] == pytest.approx(4 * EM + 3.5 * EM + 1 * EM + 2 * EM + 4 * 0.25 * EM)
    assert line.width == pytest.approx(15 * EM + 4 * 0.25 * EM)  # no space between の「K」: brackets


def test_latin_spacing_is_dropped_at_line_ends() -> None:
    text = "あいうえおABCかきくけこ"
    lines = breaks(text, 5, latin_spacing=0.25)
    assert texts(lines) == ["あいうえお", "ABCかきく", "けこ"]
    assert lines[1].segments[0].x == 0.0 and lines[1].justified
    assert lines[1].width == pytest.approx(4.75 * EM)  # one ¼ em inside, none at the break before A
    assert not violations(paragraph(text), lines, simple_measure)


def test_forced_line_break_is_not_justified() -> None:
    text = "あいうえおかき\nくけ\n\nこ"
    lines = breaks(text, 5)
    assert texts(lines) == ["あいうえお", "かき", "くけ", "", "こ"]
    assert [line.final for line in lines] == [False, True, True, True, True]
    assert not lines[1].justified and lines[3].segments == ()
    assert not violations(paragraph(text), lines, simple_measure)


def test_first_line_indent() -> None:
    lines = breaks("あいうえおかきくけこさしす", 5, first_indent=EM)
    assert texts(lines) == ["あいうえ", "おかきくけ", "こさしす"]
    assert lines[0].left == EM and lines[0].available == 4 * EM
    assert lines[0].segments[0].x == EM and lines[1].segments[0].x == 0


def test_widths_per_line() -> None:
    lines = break_lines(paragraph("あいうえおかきくけこさしすせそ"), [3 * EM, 5 * EM], simple_measure)
    assert texts(lines) == ["あいう", "えおかきく", "けこさしす", "せそ"]


@pytest.mark.parametrize(("align", "x"), [("left", 0.0), ("center", 1.5 * EM), ("right", 3 * EM)])
def test_alignment(align: str, x: float) -> None:
    lines = breaks("あいうえおかき", 5, align=align)
    assert texts(lines) == ["あいうえお", "かき"]
    assert lines[1].segments[0].x == pytest.approx(x)
    assert not lines[1].justified


def test_unknown_alignment_is_refused() -> None:
    with pytest.raises(ValueError, match="align"):
        breaks("あ", 5, align="distribute")


def test_runs_keep_their_fonts_and_sizes() -> None:
    runs = [Run("見出し", "G", 12.0), Run("と本文の", "M", 10.5), Run("Latin", "M", 10.5)]
    [line] = break_lines(runs, 400.0, simple_measure)
    assert [(s.text, s.font, s.size) for s in line.segments] == [
        ("見出し", "G", 12.0), ("と本文の", "M", 10.5), ("Latin", "M", 10.5),
    ]
    assert line.segments[1].x == pytest.approx(36.0)


def test_measure_is_asked_once_per_font_and_character() -> None:
    asked: list[tuple[str, str]] = []

    def measure(font: str, ch: str) -> float:
        asked.append((font, ch))
        return simple_measure(font, ch)

    metrics = Metrics(measure)
    for _ in range(3):
        break_lines([Run("あいあいう", "M", 10.5), Run("あい", "G", 12)], 30.0, metrics)
    assert sorted(asked) == [("G", "あ"), ("G", "い"), ("M", "あ"), ("M", "い"), ("M", "う")]


# --- Properties over random mixes ------------------------------------------------------------------

KANA = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん"
PIECES = [
    *KANA, *"アイウエオカタナハマ", *"連携事業研修地域職員報告", *"、。，．・：；？！", *"「『（【〔“",
    *"」』）】〕”", *"っゃゅょぁァッャュョヵヶ", *"ー々ゝゞヽヾ", " ", "  ", "\n", "\u3000",
    "Project", "K", "Well-being", "DX", "internationalization", "e-mail", "A4", "2019", "10.5pt", "25%",
    "1,000", "２０１９", "30℃", "￥3,000", "80％", "https://example.jp/a/b", "——", "……", "‥‥", "――",
    "(", ")", ",", ".",
]
WORDS = ["あいう", "かきくけ", "連携", "事業を", "研修の", "コーヒー", "ちょっと", "人々", "Project", "DX", "2019年",
         "25%"]


@st.composite
def mixed_runs(draw: st.DrawFn, pieces: st.SearchStrategy[str]) -> list[Run]:
    """Random text, cut into 1–3 runs of different fonts and sizes."""
    text = "".join(draw(st.lists(pieces, min_size=1, max_size=60)))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=2)))
    bounds = [0, *cuts, len(text)]
    styles = [("M", 10.5), ("G", 12.0), ("M", 9.0)]
    return [Run(text[a:b], *styles[n]) for n, (a, b) in enumerate(pairwise(bounds))]


@st.composite
def sentences(draw: st.DrawFn) -> str:
    """Well-formed text: words, at most one bracket pair around a word, one mark after it."""
    out = []
    for _ in range(draw(st.integers(1, 25))):
        word = draw(st.sampled_from(WORDS))
        if draw(st.booleans()):
            opening, closing = draw(st.sampled_from(["「」", "（）", "『』", "【】"]))
            word = opening + word + closing
        out.append(word + draw(st.sampled_from(["", "", "、", "。", "？", "ー", "っ"])))
    return "".join(out)


OPTIONS = st.fixed_dictionaries({
    "align": st.sampled_from(["justify", "justify", "left", "center", "right"]),
    "hanging": st.booleans(),
    "latin_spacing": st.sampled_from([0.0, 0.25]),
    "first_indent": st.sampled_from([0.0, EM, -EM, 2.5]),
})


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(runs=mixed_runs(st.sampled_from(PIECES)), em_width=st.floats(4, 45), options=OPTIONS)
def test_invariants_hold_for_any_mix(runs: list[Run], em_width: float, options: dict) -> None:
    lines = break_lines(runs, em_width * EM, simple_measure, **options)
    assert violations(runs, lines, simple_measure, options["align"]) == []


@settings(max_examples=300, deadline=None)
@given(text=sentences(), em_width=st.floats(12, 45), options=OPTIONS)
def test_well_formed_text_never_needs_the_fallback(text: str, em_width: float, options: dict) -> None:
    lines = breaks(text, em_width, **options)
    assert violations(paragraph(text), lines, simple_measure, options["align"]) == []
    assert not any(line.emergency for line in lines)


# --- The corpus: real report paragraphs and ones crafted to hit every rule ---------------------------


def corpus() -> list[str]:
    return [line for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_corpus_is_big_enough() -> None:
    paragraphs = corpus()
    assert len(paragraphs) >= 200
    assert len(set(paragraphs)) == len(paragraphs)


@pytest.mark.parametrize("em_width", [10, 17, 23, 40])
@pytest.mark.parametrize("hanging", [False, True])
def test_corpus_breaks_without_violations(em_width: int, hanging: bool) -> None:
    metrics = Metrics(simple_measure)
    for text in corpus():
        runs = paragraph(text)
        lines = break_lines(runs, em_width * EM, metrics, hanging=hanging, latin_spacing=0.25, first_indent=EM)
        assert violations(runs, lines, simple_measure) == [], text


def _ipaex_mincho() -> Path | None:
    candidates = [Path("/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf")]
    if shutil.which("fc-list"):
        listing = subprocess.run(["fc-list"], capture_output=True, text=True, check=False).stdout
        candidates += [Path(row.split(":")[0]) for row in listing.splitlines() if "ipaexm" in row.lower()]
    return next((path for path in candidates if path.is_file()), None)


@pytest.mark.parametrize("em_width", [10, 17, 23, 40])
def test_corpus_with_real_ipaex_metrics(em_width: int) -> None:
    path = _ipaex_mincho()
    if path is None:
        pytest.skip("IPAex明朝 is not installed")
    from reportlab.pdfbase.ttfonts import TTFont

    font = TTFont("IPAexMincho", str(path))

    def measure(_: str, ch: str) -> float:
        return font.stringWidth(ch, 1)

    metrics = Metrics(measure)
    for text in corpus():
        runs = paragraph(text, "IPAexMincho")
        lines = break_lines(runs, em_width * EM, metrics, latin_spacing=0.25, first_indent=EM)
        assert violations(runs, lines, measure) == [], text


def test_a_line_that_falls_short_widens_its_latin_spaces_before_its_letters() -> None:
    # 本日は, Nenpo (2.5 em), の会議を行いました。あいうえ: 19.5 em of text and two ¼ em 和欧間 in a 20.5 em
    # line; the half em left over goes to the two 和欧間 (each up to ½ em, JLReq 3.8.3), the kana and
    # kanji stay solid.
    text = "本日はNenpoの会議を行いました。あいうえおかきくけこ"
    lines = breaks(text, 20.5, latin_spacing=0.25)
    first = lines[0]
    assert first.text == "本日はNenpoの会議を行いました。あいうえ" and first.justified
    assert all(segment.char_space == 0 for segment in first.segments)
    xs = dict(glyphs(first))
    assert xs["N"] == pytest.approx(3.5) and xs["の"] == pytest.approx(3.5 + 2.5 + 0.5)
    assert not violations(paragraph(text), lines, simple_measure)


def test_what_the_latin_spaces_cannot_take_is_spread_over_every_gap() -> None:
    first = breaks("本日はNenpoの会議を行いました。あいうえおかきくけこ", 20.8, latin_spacing=0.25)[0]
    assert first.text == "本日はNenpoの会議を行いました。あいうえ"
    xs = dict(glyphs(first))
    assert xs["N"] > 3.5  # both 和欧間 at their ½ em, and the letters spread by the rest
    assert first.segments[0].char_space > 0
