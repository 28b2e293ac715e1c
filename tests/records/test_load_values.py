"""Values read as the secretariat meant them, or refused at their line: booleans, tags, merge keys,
dates with a time, aliases of text, unprintable escapes, and text folded over several lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import write, write_bytes
from nenpo.errors import Location, NenpoError
from nenpo.records.load import MAX_SCALAR_ALIASES, load_records
from nenpo.records.validate import validate


def _problems(folder: Path) -> list[str]:
    source = load_records(folder)
    return [p.format() for p in source.problems]


def _loaded(folder: Path, text: str) -> dict[str, object]:
    write(folder, "report.yaml", text)
    source = load_records(folder)
    assert not source.problems, [p.format() for p in source.problems]
    return source.data


# --- YAML 1.1 booleans ---------------------------------------------------------------------


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "Yes", "NO", "y", "n"])
def test_yes_no_on_off_stay_the_words_typed(tmp_path: Path, word: str) -> None:
    data = _loaded(tmp_path, f"report:\n  title: {word}\n")
    assert data["report"] == {"title": word}


def test_true_and_false_are_still_booleans(tmp_path: Path) -> None:
    data = _loaded(tmp_path, "report:\n  dates:\n    weekday: false\n    ascii_parens: true\n")
    assert data["report"] == {"dates": {"weekday": False, "ascii_parens": True}}


def test_a_key_on_is_the_field_named_on_not_a_boolean(tmp_path: Path) -> None:
    data = _loaded(tmp_path, "report:\n  on: 1\n  2019: x\n")
    assert data["report"] == {"on": 1, "2019": "x"}


@pytest.mark.parametrize("value", ["true", "yes", "on"])
def test_a_boolean_is_never_a_session_number(tmp_path: Path, value: str) -> None:
    write(tmp_path, "report.yaml",
          "report:\n  title: 年報\norganisation:\n  name: 団体\nsessions:\n"
          f"  - number: {value}\n    kind: 研修\n    title: 題\n    date: 2019-07-05\n")
    with pytest.raises(NenpoError) as info:
        validate(load_records(tmp_path))
    (problem,) = info.value.problems
    assert problem.location.line == 6 and problem.location.field == "sessions[1].number"
    assert "数" in str(problem.message)


# --- tags, merge keys, keys that are lists -------------------------------------------------


@pytest.mark.parametrize(("value", "tag"), [
    ("!foo bar", "!foo"),
    ("!!python/object:os.system x", "!!python/object:os.system"),
    ("!!timestamp 研修", "!!timestamp"),
    ("!!binary aGVsbG8=", "!!binary"),
    ("!!set {a, b}", "!!set"),
    ("!!int 三", "!!int"),
])
def test_a_yaml_tag_is_refused_at_its_line(tmp_path: Path, value: str, tag: str) -> None:
    main = write(tmp_path, "report.yaml", f"report:\n  title: {value}\n")
    (message,) = _problems(tmp_path)
    assert message.startswith(f"{main}:2:10: report.title: 「{tag}」(YAML のタグ)は記録では使えません。")


def test_str_tag_is_harmless_and_kept(tmp_path: Path) -> None:
    data = _loaded(tmp_path, "report:\n  title: !!str 2019\n")
    assert data["report"] == {"title": "2019"}


def test_a_merge_key_is_refused(tmp_path: Path) -> None:
    main = write(tmp_path, "report.yaml", "base: &b\n  title: 年報\nreport:\n  <<: *b\n")
    (message,) = _problems(tmp_path)
    assert message.startswith(f"{main}:4:3: report: 「<<:」(YAML の合成キー)は記録では使えません。")


def test_a_list_as_a_key_is_refused(tmp_path: Path) -> None:
    main = write(tmp_path, "report.yaml", "report:\n  ? [a, b]\n  : x\n")
    (message,) = _problems(tmp_path)
    assert message.startswith(f"{main}:2:5: report: 項目名にリストや")


# --- dates with a time of day, years beyond any report -------------------------------------


@pytest.mark.parametrize("date", ["2019-07-05 10:00:00", "2019-07-05T10:00:00+09:00", "2019-07-05 00:00:00",
                                  "'2019年7月5日 13:30'"])
def test_a_date_with_a_time_of_day_is_refused_at_its_line(tmp_path: Path, date: str) -> None:
    write(tmp_path, "report.yaml",
          f"report:\n  title: 年報\n  issued: {date}\norganisation:\n  name: 団体\n")
    with pytest.raises(NenpoError) as info:
        validate(load_records(tmp_path))
    (problem,) = info.value.problems
    assert problem.location.line == 3
    assert "時刻が付いています" in str(problem.message)


@pytest.mark.parametrize("date", ["9999-12-31", "2200-01-01"])
def test_a_year_past_2100_is_refused_by_check_not_crashing_build(tmp_path: Path, date: str) -> None:
    write(tmp_path, "report.yaml",
          f"report:\n  title: 年報\norganisation:\n  name: 団体\nvisits:\n  - places: [{{municipality: 町}}]\n"
          f"    date: {date}\n")
    with pytest.raises(NenpoError) as info:
        validate(load_records(tmp_path))
    assert any("2101-03-31 より後" in str(p.message) and p.location.line == 7 for p in info.value.problems)


def test_an_eight_digit_number_is_read_as_a_date_typed_without_separators(tmp_path: Path) -> None:
    write(tmp_path, "report.yaml",
          "report:\n  title: 年報\norganisation:\n  name: 団体\nvisits:\n  - places: [{municipality: 町}]\n"
          "    date: 20190705\n")
    with pytest.raises(NenpoError) as info:
        validate(load_records(tmp_path))
    (problem,) = info.value.problems
    assert str(problem.message) == "「20190705」を日付として読めません。"
    assert "「-」で区切って" in str(problem.hint)


# --- aliases of text, unprintable escapes --------------------------------------------------


def test_a_few_aliases_of_text_are_fine(tmp_path: Path) -> None:
    data = _loaded(tmp_path, "x: &org 置賜広域行政事務組合\nreport:\n  title: *org\n  subtitle: *org\n")
    assert data["report"] == {"title": "置賜広域行政事務組合", "subtitle": "置賜広域行政事務組合"}


def test_an_alias_bomb_of_text_is_refused_before_it_grows(tmp_path: Path) -> None:
    paragraph = "あ" * 10_000
    main = write(tmp_path, "report.yaml",
                 f"big: &big {paragraph}\nreport:\n  lead:\n" + "    - *big\n" * 3000)
    (message,) = _problems(tmp_path)
    assert message.startswith(f"{main}:")
    assert "使い回しすぎています" in message
    line = int(message.split(":")[1])
    assert line < 4 + 3000  # refused at the alias that passed the bound, not after expanding them all


def test_the_alias_count_alone_is_bounded(tmp_path: Path) -> None:
    write(tmp_path, "report.yaml", "x: &a a\nreport:\n  lead:\n" + "    - *a\n" * (MAX_SCALAR_ALIASES + 1))
    (message,) = _problems(tmp_path)
    assert "report.lead[1001]: 「*名前」で値を使い回しすぎています(1ファイルで 1000 回" in message


@pytest.mark.parametrize(("escape", "char"), [(r"\a", "U+0007"), (r"\0", "U+0000"), (r"\x1b[31m", "U+001B"),
                                               (r"\x85", "U+0085"), (r"\uFFFE", "U+FFFE")])
def test_an_unprintable_character_from_an_escape_is_refused_at_its_line(
    tmp_path: Path, escape: str, char: str
) -> None:
    main = write(tmp_path, "report.yaml", f'report:\n  title: "年{escape}報"\n')
    (message,) = _problems(tmp_path)
    assert message.startswith(f"{main}:2:10: report.title: 使えない文字 {char} があります。")


def test_a_lone_surrogate_escape_is_told_in_japanese(tmp_path: Path) -> None:
    write(tmp_path, "report.yaml", 'report:\n  title: "年\\ud800報"\n')
    (message,) = _problems(tmp_path)
    said = message.split(": ", 1)[1]
    assert said.startswith("「\\ud800」のような書き方がありますが、これは文字を表していません")
    assert "escape" not in said


# --- text over several lines ---------------------------------------------------------------


@pytest.mark.parametrize(("written", "meant"), [
    ("  - テーマに\n    事業を行う\n", "テーマに事業を行う"),
    ("  - words\n    across lines\n", "words across lines"),
    ("  - >\n    折り返しの\n    段落 English\n    words\n", "折り返しの段落 English words\n"),
    ("  - |\n    words\n    across\n", "words\nacross\n"),
    ('  - "引用の\n    つづき and\n    more"\n', "引用のつづき and more"),
    ("  - '単一の\n    引用 it''s\n    here'\n", "単一の引用 it's here"),
    ('  - "escaped\\\n    join"\n', "escapedjoin"),
])
def test_folded_lines_join_as_their_language_needs(tmp_path: Path, written: str, meant: str) -> None:
    data = _loaded(tmp_path, "report:\n  lead:\n" + written)
    assert data["report"] == {"lead": [meant]}


def test_a_literal_block_paragraph_joins_english_lines_with_a_space(tmp_path: Path) -> None:
    write(tmp_path, "report.yaml",
          "report:\n  title: 年報\n  lead:\n    - |\n      テーマに\n      事業 words\n      across\n"
          "organisation:\n  name: 団体\n")
    report = validate(load_records(tmp_path)).report
    assert report.report.lead == ["テーマに事業 words across"]


# --- encodings -----------------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_read_with_a_notice(tmp_path: Path, codec: str) -> None:
    main = write_bytes(tmp_path, "report.yaml", "report:\n  title: 年報\n".encode(codec))
    source = load_records(tmp_path)
    assert source.data == {"report": {"title": "年報"}}
    assert [n.format() for n in source.notices] == [f"{main}: 警告: BOM のない UTF-16 として読みました。\n"
                                                    "    → UTF-8 で保存すると確実です。"]


def test_two_documents_in_one_file_are_told_in_japanese(tmp_path: Path) -> None:
    main = write(tmp_path, "report.yaml", "report:\n  title: 年報\n---\nother: 1\n")
    (message,) = _problems(tmp_path)
    assert message.startswith(f"{main}:3:1: 1つのファイルに、「---」で区切った記録が2つ以上あります。")


def test_location_of_a_value_is_unchanged_by_refolding(tmp_path: Path) -> None:
    main = write(tmp_path, "report.yaml", "report:\n  lead:\n    - 一行目\n      二行目\n")
    assert load_records(tmp_path).positions[("report", "lead", 0)] == Location(main, 3, 7)


# --- a full-width colon in text is text ----------------------------------------------------


@pytest.mark.parametrize("lead", [
    '    - "日程\n\n      Step 1：準備"\n',  # as yaml.safe_dump writes a value with a line break
    "    - 日程の\n      Step 2：実施\n",  # a paragraph wrapped onto a line that starts with a word
    "    - zoom：オンライン\n",  # a list item of text whose first word is no field
])
def test_a_full_width_colon_inside_text_is_not_taken_for_a_key(tmp_path: Path, lead: str) -> None:
    write(tmp_path, "report.yaml", "report:\n  title: 年報\n  lead:\n" + lead + "organisation:\n  name: 団体\n")
    source = load_records(tmp_path)
    assert not source.problems, [p.format() for p in source.problems]
    assert "：" in validate(source).report.report.lead[0]


def test_a_full_width_colon_after_a_field_in_a_list_is_still_a_slip(tmp_path: Path) -> None:
    main = write(tmp_path, "report.yaml", "sessions:\n  - number：1\n")
    (message,) = _problems(tmp_path)
    assert message.startswith(f"{main}:2:11: 項目名「number」の後のコロンが全角の「：」です。")
