"""Reading a records folder: positions, YAML mistakes, encodings, and merging sessions/ files."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from conftest import write, write_bytes
from nenpo.cli import main as main_cli
from nenpo.errors import Location, NenpoError, Problem
from nenpo.records.load import field_path, load_records
from nenpo.records.validate import validate

MINIMAL = "report:\n  title: 年報\n  lead:\n    - はじめに。\norganisation:\n  name: 団体\n"


def load_failing(path: Path) -> list[Problem]:
    """The problems of records that cannot all be read (load_records keeps them, not raises)."""
    source = load_records(path)
    assert source.problems, "expected problems"
    return source.problems


def only_problem(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, "\n".join(p.format() for p in problems)
    return problems[0]


# --- positions -----------------------------------------------------------------------------


def test_every_value_remembers_its_line_and_column(tmp_path: Path) -> None:
    main = write(
        tmp_path,
        "report.yaml",
        "# コメント\nreport:\n  title: 年報\n  lead:\n    - 一つ目\n    - 二つ目\n",
    )
    source = load_records(tmp_path)
    assert source.data["report"] == {"title": "年報", "lead": ["一つ目", "二つ目"]}
    assert source.positions[("report", "title")] == Location(main, 3, 10)
    assert source.positions[("report", "lead", 1)] == Location(main, 6, 7)
    assert source.positions[("report",)] == Location(main, 3, 3)


def test_locate_falls_back_to_the_nearest_enclosing_value_and_names_the_field(tmp_path: Path) -> None:
    main = write(tmp_path, "report.yaml", "report:\n  title: 年報\nsessions:\n  - number: 1\n")
    source = load_records(tmp_path)
    assert source.locate(("sessions", 0, "title")) == Location(main, 4, 5, "sessions[1].title")
    assert source.locate(("sessions", 0, "title")).prefix() == f"{main}:4:5"


def test_field_path_counts_list_items_from_one() -> None:
    assert field_path(("sessions", 1, "programme", 2, "title")) == "sessions[2].programme[3].title"
    assert field_path(()) == ""


# --- mistakes in YAML ----------------------------------------------------------------------


def test_the_same_key_twice_is_an_error_at_the_second_one(tmp_path: Path) -> None:
    main = write(tmp_path, "report.yaml", "report:\n  title: 年報\n  title: 年報2\n")
    info = load_failing(tmp_path)
    problem = only_problem(info)
    assert str(problem.message) == "項目「title」が2回書かれています。"
    assert problem.location == Location(main, 3, 3, "report.title")
    assert str(problem.hint) == "どちらか一方を消してください(もう一方は 2 行目)。"
    assert info[0].format().startswith(f"{main}:3:3: report.title: 項目「title」が2回書かれています。")


def test_every_duplicate_key_in_a_file_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "report.yaml", "report:\n  title: a\n  title: b\norganisation:\n  name: x\n  name: y\n")
    info = load_failing(tmp_path)
    assert [(p.location.line, p.location.field) for p in info] == [
        (3, "report.title"),
        (6, "organisation.name"),
    ]


def test_yaml_syntax_error_is_translated_with_its_line(tmp_path: Path) -> None:
    main = write(tmp_path, "report.yaml", "report:\n  title: a\n   lead: x\n")
    info = load_failing(tmp_path)
    problem = only_problem(info)
    assert problem.location.file == main
    assert problem.location.line == 3
    assert str(problem.message) == (
        "YAML の書き方に誤りがあります: ここに「項目名: 値」は書けません(前の行の字下げか、値の中の「: 」を確かめてください)"
    )
    assert str(problem.hint).startswith("字下げは半角スペース、「項目名: 値」のコロンは半角で書いてください。")


def test_a_full_width_colon_is_named_at_the_colon_itself(tmp_path: Path) -> None:
    main = write(tmp_path, "report.yaml", "report:\n  title： 年報\n  lead: x\n")
    info = load_failing(tmp_path)
    problem = only_problem(info)
    assert (problem.location.file, problem.location.line, problem.location.column) == (main, 2, 8)
    assert str(problem.message) == "項目名「title」の後のコロンが全角の「：」です。"
    assert str(problem.hint) == "半角のコロンと半角スペース「: 」にしてください(例: title: 値)。"


def test_an_unclosed_bracket_is_a_yaml_error(tmp_path: Path) -> None:
    main = write(tmp_path, "report.yaml", "report:\n  title: [年報\n")
    info = load_failing(tmp_path)
    problem = only_problem(info)
    assert problem.location.file == main
    assert problem.location.line in (2, 3)  # where the bracket opens, or the end of the file
    assert str(problem.message) == "YAML の書き方に誤りがあります: 「[」や「{」が閉じられていません"


# --- YAML 1.1 words: yes, no, on, off stay the text typed -----------------------------------


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "Yes", "NO", "On", "y", "n"])
def test_yes_no_on_off_as_values_stay_the_text_typed(tmp_path: Path, word: str) -> None:
    write(tmp_path, "report.yaml", MINIMAL)
    write(tmp_path, "sessions/01.yaml", f"number: 1\nkind: {word}\ntitle: {word}\ndate: 2019-07-05\n")
    assert load_records(tmp_path).data["sessions"] == [
        {"number": 1, "kind": word, "title": word, "date": date(2019, 7, 5)}]


def test_kind_no_and_title_yes_reach_the_report_as_words(tmp_path: Path) -> None:
    write(tmp_path, "report.yaml", MINIMAL.replace("title: 年報", "title: yes"))
    write(tmp_path, "sessions/01.yaml",
          "number: 1\nkind: no\ntitle: yes\ndate: 2019-07-05\nsummary:\n  - まとめ。\n")
    report = validate(load_records(tmp_path)).report
    assert report.report.title == "yes"
    assert (report.sessions[0].kind, report.sessions[0].title) == ("no", "yes")


def test_true_and_false_are_still_booleans(tmp_path: Path) -> None:
    write(tmp_path, "report.yaml", "report:\n  a: true\n  b: False\n  c: TRUE\n")
    assert load_records(tmp_path).data["report"] == {"a": True, "b": False, "c": True}


def test_on_as_a_key_is_the_field_named_on(tmp_path: Path) -> None:
    main = write(tmp_path, "report.yaml", "report:\n  title: 年報\n  on: 2019\n  lead:\n    - はじめに。\n"
                                          "organisation:\n  name: 団体\n")
    source = load_records(tmp_path)
    assert source.data["report"] == {"title": "年報", "on": 2019, "lead": ["はじめに。"]}
    stdout, stderr = io.StringIO(), io.StringIO()
    assert main_cli(["check", str(tmp_path)], stdout=stdout, stderr=stderr) == 1
    assert stderr.getvalue().startswith(f"{main}:3:3: report.on: 「on」という項目はありません。\n")


# --- encodings and line ends ---------------------------------------------------------------


def test_utf8_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    main = write_bytes(tmp_path, "report.yaml", "\ufeffreport:\r\n  title: 年報\r\n".encode())
    source = load_records(tmp_path)
    assert source.data["report"] == {"title": "年報"}
    assert source.notices == []
    assert source.positions[("report", "title")] == Location(main, 2, 10)


def test_cp932_file_is_read_with_a_warning(tmp_path: Path) -> None:
    main = write_bytes(tmp_path, "report.yaml", "report:\r\n  title: 広域連携事業報告書\r\n".encode("cp932"))
    source = load_records(tmp_path)
    assert source.data["report"]["title"] == "広域連携事業報告書"
    assert len(source.notices) == 1
    notice = source.notices[0]
    assert notice.severity == "warning"
    assert notice.location.file == main
    assert notice.format() == f"{main}: 警告: Shift_JIS (CP932) として読みました。\n    → UTF-8 で保存すると確実です。"


def test_cp932_file_in_sessions_also_warns(tmp_path: Path) -> None:
    write(tmp_path, "report.yaml", "report:\n  title: 年報\n")
    sub = write_bytes(tmp_path, "sessions/01.yaml", "title: 第1回\n".encode("cp932"))
    source = load_records(tmp_path)
    assert source.data["sessions"] == [{"title": "第1回"}]
    assert [n.location.file for n in source.notices] == [sub]


def test_a_utf16_file_as_notepad_saves_it_is_read_with_a_notice(tmp_path: Path) -> None:
    """Windows Notepad's 「Unicode」 is UTF-16 with a BOM: read it, and say so."""
    main = write_bytes(tmp_path, "report.yaml", "report:\n  title: 年報\n".encode("utf-16"))
    source = load_records(tmp_path)
    assert source.data == {"report": {"title": "年報"}}
    assert source.positions[("report", "title")].line == 2
    [notice] = source.notices
    assert notice.severity == "warning" and "UTF-16" in str(notice.message) and notice.location.file == main


def test_a_control_character_pasted_from_word_is_a_user_error_at_its_line(tmp_path: Path) -> None:
    """Word's manual line break is U+000B; YAML refuses it, and the error must point at the line."""
    main = write(tmp_path, "report.yaml", "report:\n  title: 年報\u000b続き\n")
    info = load_failing(tmp_path)
    problem = info[0]
    assert problem.location.file == main
    assert problem.location.line == 2


# --- the folder ----------------------------------------------------------------------------


def test_missing_report_yaml(tmp_path: Path) -> None:
    with pytest.raises(NenpoError) as info:
        load_records(tmp_path)
    problem = only_problem(info.value.problems)
    assert str(problem.message) == "report.yaml がありません。"
    assert problem.location.file == tmp_path
    assert "nenpo new" in (str(problem.hint) or "")


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(NenpoError) as info:
        load_records(tmp_path / "nowhere")
    assert str(only_problem(info.value.problems).message) == "記録のフォルダがありません。"


def test_an_empty_report_yaml_is_an_empty_mapping(tmp_path: Path) -> None:
    write(tmp_path, "report.yaml", "# まだ何も書いていません\n")
    assert load_records(tmp_path).data == {}


def test_report_yaml_that_is_a_list_is_refused_at_its_first_line(tmp_path: Path) -> None:
    main = write(tmp_path, "report.yaml", "- title: 年報\n")
    info = load_failing(tmp_path)
    problem = only_problem(info)
    assert str(problem.message) == "ファイル全体が「項目名: 値」の形になっていません。"
    assert problem.location == Location(main, 1, 1)


# --- merging sessions/ and visits/ ---------------------------------------------------------


def test_items_in_report_yaml_come_first_then_files_by_name(tmp_path: Path) -> None:
    write(tmp_path, "report.yaml", MINIMAL + "sessions:\n  - number: 1\n")
    write(tmp_path, "sessions/03.yaml", "number: 4\n")
    write(tmp_path, "sessions/01.yaml", "number: 2\n")
    write(tmp_path, "sessions/02.yaml", "- number: 3a\n- number: 3b\n")
    source = load_records(tmp_path)
    assert [s["number"] for s in source.data["sessions"]] == [1, 2, "3a", "3b", 4]


def test_yml_and_yaml_files_are_merged_in_file_name_order(tmp_path: Path) -> None:
    write(tmp_path, "report.yaml", MINIMAL)
    write(tmp_path, "sessions/01.yaml", "number: 1\n")
    write(tmp_path, "sessions/02.yml", "number: 2\n")
    write(tmp_path, "sessions/03.yaml", "number: 3\n")
    source = load_records(tmp_path)
    assert [s["number"] for s in source.data["sessions"]] == [1, 2, 3]


def test_visits_folder_is_merged_too_and_other_files_are_ignored(tmp_path: Path) -> None:
    write(tmp_path, "report.yaml", MINIMAL)
    write(tmp_path, "visits/2012.yaml", "text: [新しい]\n")
    write(tmp_path, "visits/2011.yaml", "text: [古い]\n")
    write(tmp_path, "visits/memo.txt", "これは記録ではありません: [\n")
    source = load_records(tmp_path)
    assert source.data["visits"] == [{"text": ["古い"]}, {"text": ["新しい"]}]


def test_an_empty_file_in_sessions_adds_nothing(tmp_path: Path) -> None:
    write(tmp_path, "report.yaml", MINIMAL)
    write(tmp_path, "sessions/01.yaml", "# 書きかけ\n")
    write(tmp_path, "sessions/02.yaml", "number: 2\n")
    assert load_records(tmp_path).data["sessions"] == [{"number": 2}]


def test_positions_of_items_from_session_files_point_at_those_files(tmp_path: Path) -> None:
    main = write(tmp_path, "report.yaml", MINIMAL + "sessions:\n  - number: 1\n")
    one = write(tmp_path, "sessions/01.yaml", "# 第2回\nnumber: 2\ntitle: 二\n")
    two = write(tmp_path, "sessions/02.yaml", "- number: 3\n  title: 三\n- number: 4\n  title: 四\n")
    source = load_records(tmp_path)
    assert source.positions[("sessions", 0, "number")] == Location(main, 8, 13)
    assert source.positions[("sessions", 1)] == Location(one, 2, 1)
    assert source.positions[("sessions", 1, "title")] == Location(one, 3, 8)
    # a file holding a list: its items become items 3 and 4 of the merged list
    assert source.positions[("sessions", 2)] == Location(two, 1, 3)
    assert source.positions[("sessions", 2, "title")] == Location(two, 2, 10)
    assert source.positions[("sessions", 3)] == Location(two, 3, 3)
    assert source.positions[("sessions", 3, "title")] == Location(two, 4, 10)
    assert source.locate(("sessions", 3, "summary")) == Location(two, 3, 3, "sessions[4].summary")


def test_mistakes_in_several_session_files_are_all_reported(tmp_path: Path) -> None:
    write(tmp_path, "report.yaml", MINIMAL)
    one = write(tmp_path, "sessions/01.yaml", "number: 1\nnumber: 2\n")
    two = write(tmp_path, "sessions/02.yaml", "title: [\n")
    info = load_failing(tmp_path)
    problems = info
    assert [(p.location.file, p.location.line) for p in problems] == [(one, 2), (two, 2)]
    assert str(problems[0].message) == "項目「number」が2回書かれています。"
    assert str(problems[1].message).startswith("YAML の書き方に誤りがあります")


# --- typing slips an IME makes easy --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ("report:\n　title: 年報\n", 2, 1, "字下げに全角スペース(U+3000)が使われています。"),
        ("report:\n  　title: 年報\n", 2, 3, "字下げに全角スペース(U+3000)が使われています。"),
        ("report:\n\ttitle: 年報\n", 2, 1, "字下げにタブが使われています。"),
        ("report:\n  lead:\n  \t- はじめに。\n", 3, 3, "字下げにタブが使われています。"),
        ("sessions:\n  - number：1\n", 2, 11, "項目名「number」の後のコロンが全角の「：」です。"),
        ("report:\n  title ： 年報\n", 2, 9, "項目名「title」の後のコロンが全角の「：」です。"),
    ],
)
def test_indentation_and_colon_slips_are_named_at_their_column(
    tmp_path: Path, text: str, line: int, column: int, message: str
) -> None:
    main = write(tmp_path, "report.yaml", text)
    info = load_failing(tmp_path)
    problem = only_problem(info)
    assert (problem.location.file, problem.location.line, problem.location.column) == (main, line, column)
    assert str(problem.message) == message


def test_every_slip_in_a_file_is_listed_at_once(tmp_path: Path) -> None:
    write(tmp_path, "report.yaml", "report:\n　title: 年報\n\tlead: []\norganisation：\n")
    info = load_failing(tmp_path)
    assert [p.location.line for p in info] == [2, 3, 4]


@pytest.mark.parametrize(
    "text",
    [
        # a paragraph may open with a full-width space, and may say 於：東京
        "report:\n  lead:\n    - 　本年度は、\n    - 於：東京\n",
        # block text keeps whatever the secretariat typed, colons and all
        "report:\n  lead:\n    - |\n      　字下げした段落\n      title：これも本文\n",
        # a plain value continued on the next line, starting with a full-width space
        "report:\n  title: 広域連携\n    　事業報告書\n",
        # upper-case words before a full-width colon in a list item are text, not keys
        "report:\n  lead:\n    - NPO：特定非営利活動法人\n",
    ],
)
def test_full_width_characters_inside_text_are_not_slips(tmp_path: Path, text: str) -> None:
    write(tmp_path, "report.yaml", text)
    assert load_records(tmp_path).data["report"]


def test_a_value_starting_with_an_asterisk_says_to_quote_it(tmp_path: Path) -> None:
    main = write(tmp_path, "report.yaml", "report:\n  title: *重要* 年報\n")
    info = load_failing(tmp_path)
    problem = only_problem(info)
    assert (problem.location.file, problem.location.line) == (main, 2)
    assert str(problem.message) == "値の先頭の「*」は YAML の特別な記号(別名)として読まれます。"
    assert str(problem.hint) == '文字として書くときは値全体を "…" で囲んでください(例: title: "*重要")。'


def test_an_unclosed_quote_points_where_it_opened(tmp_path: Path) -> None:
    main = write(tmp_path, "report.yaml", 'report:\n  title: "年報\n  lead: []\norganisation:\n  name: x\n')
    info = load_failing(tmp_path)
    problem = only_problem(info)
    assert (problem.location.file, problem.location.line, problem.location.column) == (main, 2, 10)
    assert str(problem.message) == "YAML の書き方に誤りがあります: 「\"」や「'」が閉じられていません"


# --- hostile input -------------------------------------------------------------------------


def test_an_alias_bomb_is_refused_without_expanding_it(tmp_path: Path) -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    write(tmp_path, "report.yaml", "\n".join([*lines, "report: *a9", ""]))
    info = load_failing(tmp_path)
    assert str(only_problem(info).message).startswith("「&名前」を付けたリストや")


def test_a_scalar_alias_is_still_allowed(tmp_path: Path) -> None:
    write(tmp_path, "report.yaml", "report:\n  title: &t 年報\n  subtitle: *t\n")
    assert load_records(tmp_path).data["report"] == {"title": "年報", "subtitle": "年報"}


@pytest.mark.parametrize("depth", [60, 900, 5000])
def test_deep_nesting_is_refused_at_a_limit(tmp_path: Path, depth: int) -> None:
    write(tmp_path, "report.yaml", "report: " + "[" * depth + "]" * depth + "\n")
    info = load_failing(tmp_path)
    assert str(only_problem(info).message) == "入れ子が深すぎます(40 段まで)。"


def test_a_file_too_large_to_be_records_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nenpo.records import files

    monkeypatch.setattr(files, "MAX_FILE_BYTES", 1024)
    write(tmp_path, "report.yaml", "report:\n  title: 年報\n" + "# 埋め草\n" * 200)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("the file was read"))
    info = load_failing(tmp_path)
    assert str(only_problem(info).message) == "ファイルが大きすぎます(0.0 MB。1ファイル 0 MB まで)。"


@pytest.mark.parametrize(
    "raw",
    [b"\x89PNG\r\n\x1a\n" + bytes(100), b"PK\x03\x04" + bytes(range(256)), b"report:\n  title: \x00\x01\x02"],
)
def test_binary_files_are_refused_as_not_text(tmp_path: Path, raw: bytes) -> None:
    write_bytes(tmp_path, "report.yaml", raw)
    info = load_failing(tmp_path)
    assert str(only_problem(info).message) == "文字のファイルではありません(画像や Excel などのファイルのようです)。"


def test_a_cp932_wave_dash_reads_back_as_the_wave_dash(tmp_path: Path) -> None:
    write_bytes(tmp_path, "report.yaml", "report:\r\n  title: 7月〜9月\r\n".encode("cp932"))
    assert load_records(tmp_path).data["report"]["title"] == "7月\u301c9月"


# --- files and order -----------------------------------------------------------------------


def test_session_files_are_ordered_with_numbers_compared_as_numbers(tmp_path: Path) -> None:
    write(tmp_path, "report.yaml", MINIMAL)
    for n in (10, 2, 1):
        write(tmp_path, f"sessions/{n}.yaml", f"number: {n}\n")
    assert [s["number"] for s in load_records(tmp_path).data["sessions"]] == [1, 2, 10]


def test_a_single_records_file_can_be_given_instead_of_a_folder(tmp_path: Path) -> None:
    main = write(tmp_path, "nendo2019.yaml", MINIMAL + "sessions:\n  - number: 1\n")
    source = load_records(main)
    assert source.data["sessions"] == [{"number": 1}]
    assert source.positions[("sessions", 0, "number")].file == main


def test_problems_in_report_yaml_and_in_session_files_come_in_one_run(tmp_path: Path) -> None:
    write(tmp_path, "report.yaml", "report:\n  title: [年報\n")
    write(tmp_path, "sessions/01.yaml", "number: 1\nnumber: 2\n")
    info = load_failing(tmp_path)
    assert [p.location.file.name for p in info] == ["report.yaml", "01.yaml"]


def test_a_word_glued_to_a_hash_after_a_value_is_a_warning(tmp_path: Path) -> None:
    main = write(tmp_path, "report.yaml", "report:\n  title: 第5回 #地域づくり\n  fiscal_year: 2019 #令和元年度\n")
    source = load_records(tmp_path)
    assert source.data["report"]["title"] == "第5回"
    [warning] = source.notices
    assert (warning.severity, warning.location.file, warning.location.line, warning.location.column) == (
        "warning", main, 2, 14)
    assert str(warning.message) == "「#地域づくり」は「#」から後がコメントとして読み飛ばされ、報告書に出ません。"


def test_an_error_in_a_cp932_file_comes_with_the_encoding_notice(tmp_path: Path) -> None:
    write_bytes(tmp_path, "report.yaml", "report:\r\n  title: [年報\r\n".encode("cp932"))
    problems = load_failing(tmp_path)
    assert [p.severity for p in problems] == ["warning", "error"]
    assert str(problems[0].message) == "Shift_JIS (CP932) として読みました。"


def test_naming_the_sessions_folder_points_at_the_folder_above(tmp_path: Path) -> None:
    write(tmp_path, "report.yaml", MINIMAL)
    write(tmp_path, "sessions/01.yaml", "number: 1\n")
    with pytest.raises(NenpoError) as info:
        load_records(tmp_path / "sessions")
    assert str(only_problem(info.value.problems).hint) == (
        f"report.yaml は一つ上のフォルダにあります。そのフォルダを指定してください: {tmp_path}")
