"""Nesting, size and alias limits, enforced while YAML is read and before it is composed.

A 100,000-deep document once crashed the process on some machines (libyaml's and PyYAML's
composers call themselves once per level), taking the test run with it. Each hostile file is
therefore checked by a separate `python -m nenpo` process with a timeout: a crash or a hang fails
its test instead of killing pytest. How fast they are refused is measured by bench/hostile.py,
not asserted here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import write
from nenpo.records import load
from nenpo.records.load import MAX_DEPTH, MAX_SCALAR_ALIASES, YamlLoader, load_records

SRC = Path(__file__).resolve().parents[2] / "src"
TOO_DEEP = "入れ子が深すぎます(40 段まで)。"
N = 100_000


def check_in_child(folder: Path) -> tuple[int, list[str]]:
    """Exit code and printed lines of `nenpo check folder` run as its own process (60 s at most)."""
    env = {**os.environ, "PYTHONPATH": str(SRC), "NENPO_DEBUG": ""}
    run = subprocess.run([sys.executable, "-m", "nenpo", "check", str(folder), "--lang", "ja"],
                         capture_output=True, text=True, timeout=60, env=env)
    return run.returncode, run.stderr.splitlines()


def first_problem(folder: Path) -> str:
    source = load_records(folder)
    assert source.problems, "expected problems"
    return source.problems[0].format()


# --- 100,000 levels of each kind, each in its own process ----------------------------------------

# Where the limit is passed: the first list or mapping 41 levels below the file's top one (level 0).
HOSTILE = {
    # `report: [[[…`: the k-th `[` (column 8 + k) is level k; level 41 is at column 49.
    "flow lists": ("report: " + "[" * N + "]" * N + "\n", "1:49"),
    # `report: {a: {a: …`: the k-th `{` is at column 9 + 4(k - 1); level 41 at 169.
    "flow mappings": ("report: " + "{a: " * N + "b" + "}" * N + "\n", "1:169"),
    # `- - - …` on one line under report: the k-th `-` is at column 1 + 2(k - 1); level 41 at 81.
    "block sequences": ("report:\n" + "- " * N + "x\n", "2:81"),
    # `? ? ? …`: block mappings with explicit keys, nested on one line; the first `?` is level 0,
    # the 42nd (column 83) level 41.
    "block mappings (explicit keys)": ("? " * N + "x\n", "1:83"),
    # Ten mappings by indentation (levels 0–9), five `- ? ` (levels 10–19, columns 11–29), then
    # `[{a: ` repeated: `[` at column 31 + 5i is level 20 + 2i, `{` one column on is level 21 + 2i;
    # level 41 is the `{` at column 82.
    "mixed": ("".join(" " * i + f"k{i}:\n" for i in range(10)) + " " * 10 + "- ? " * 5
              + "[{a: " * (N // 2) + "x" + "}]" * (N // 2) + "\n", "11:82"),
}


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_a_hundred_thousand_levels_are_refused_at_level_41_in_a_child_process(tmp_path: Path, kind: str) -> None:
    text, where = HOSTILE[kind]
    main = write(tmp_path, "report.yaml", text)
    code, lines = check_in_child(tmp_path)
    assert (code, lines[0]) == (1, f"{main}:{where}: {TOO_DEEP}")


def test_block_mappings_nested_by_indentation_as_deep_as_16_mb_allows_are_refused(tmp_path: Path) -> None:
    # Indentation grows a column a level, so 5,000 levels take 12.5 MB (100,000 would take 5 GB and
    # be refused for its size). The mapping at line i + 1 is level i: level 41 is line 42, column 42.
    depth = 5000
    text = "".join(" " * i + f"k{i}:\n" for i in range(depth)) + " " * depth + "v\n"
    main = write(tmp_path, "report.yaml", text)
    code, lines = check_in_child(tmp_path)
    assert (code, lines[0]) == (1, f"{main}:42:42: {TOO_DEEP}")


def test_a_file_of_visits_is_counted_from_its_own_top(tmp_path: Path) -> None:
    # A file holding a list of items: the list is level 0, its items level 1, as in report.yaml.
    write(tmp_path, "report.yaml", "report:\n  title: 年報\n")
    item = write(tmp_path, "visits/02.yaml", "[" * N)
    code, lines = check_in_child(tmp_path)
    assert code == 1
    assert f"{item}:1:42: {TOO_DEEP}" in lines


# --- the limit itself, in process -----------------------------------------------------------


def nested(levels: int) -> str:
    """`report:` holding `levels` lists one inside another (the mapping is level 0)."""
    return "report: " + "[" * levels + "x" + "]" * levels + "\n"


def test_forty_levels_are_read_and_forty_one_refused(tmp_path: Path) -> None:
    write(tmp_path, "report.yaml", nested(MAX_DEPTH))
    assert not load_records(tmp_path).problems
    main = write(tmp_path, "report.yaml", nested(MAX_DEPTH + 1))
    assert first_problem(tmp_path).startswith(f"{main}:1:{8 + MAX_DEPTH + 1}: {TOO_DEEP}")


@pytest.mark.parametrize("text", [
    'report:\n  title: "' + "[" * 5000 + '"\n',
    "report:\n  title: '" + "{" * 5000 + "'\n",
    "report:\n  title: 年報 " + "[" * 5000 + "\n",  # a plain text may hold brackets after its first character
    "# " + "[" * 5000 + "\nreport:\n  title: 年報  # " + "{" * 5000 + "\n",
    "report:\n  lead:\n    - |\n      " + "[" * 5000 + "\n      " + "- " * 5000 + "\n",
])
def test_brackets_and_dashes_in_text_or_comments_are_not_nesting(tmp_path: Path, text: str) -> None:
    write(tmp_path, "report.yaml", text)
    assert not load_records(tmp_path).problems


def test_nesting_is_refused_before_the_parser_reads_further(tmp_path: Path) -> None:
    # The syntax error further down is never reached: the refusal comes at level 41.
    main = write(tmp_path, "report.yaml", nested(MAX_DEPTH + 1) + "title: [unclosed\n")
    assert first_problem(tmp_path).startswith(f"{main}:1:49: {TOO_DEEP}")


def test_libyamls_own_limit_is_reported_at_level_41_after_text_with_multibyte_characters(tmp_path: Path) -> None:
    # 2,000 `[` on one line pass libyaml's limit (1000) while it still reads ahead for a key.
    main = write(tmp_path, "report.yaml", "report:\n  title: 年報・令和元年度\n  lead: " + "[" * 2000 + "\n")
    assert first_problem(tmp_path).startswith(f"{main}:3:{9 + MAX_DEPTH - 1}: {TOO_DEEP}")


# --- aliases and size, before composing ----------------------------------------------------------


def test_text_aliases_are_refused_at_the_one_past_the_bound_before_the_rest_is_read(tmp_path: Path) -> None:
    main = write(tmp_path, "report.yaml", "x: &a a\nreport:\n  lead:\n" + "    - *a\n" * (MAX_SCALAR_ALIASES + 1)
                 + "  title: [unclosed\n")
    assert first_problem(tmp_path).startswith(
        f"{main}:1:4: report.lead[{MAX_SCALAR_ALIASES + 1}]: 「*名前」で値を使い回しすぎています(1ファイルで 1000 回")


def test_text_aliases_in_a_list_file_are_named_by_their_place_in_the_merged_list(tmp_path: Path) -> None:
    write(tmp_path, "report.yaml", "report:\n  title: 年報\nvisits:\n  - place: 東京\n")
    item = write(tmp_path, "visits/02.yaml", "- place: &p 港区\n" + "- place: *p\n" * (MAX_SCALAR_ALIASES + 1))
    # Item 1 of the file is visit 2 of the report; the 1001st alias is in item 1002, visit 1003.
    assert first_problem(tmp_path).startswith(f"{item}:1:10: visits[1003].place: 「*名前」で値を使い回しすぎています")


def test_a_list_reused_through_an_alias_is_refused_at_the_list(tmp_path: Path) -> None:
    main = write(tmp_path, "report.yaml", "x: &l [a, b]\nreport:\n  lead: *l\n  title: [unclosed\n")
    assert first_problem(tmp_path).startswith(f"{main}:1:4: 「&名前」を付けたリスト")


def test_a_list_holding_itself_is_refused(tmp_path: Path) -> None:
    main = write(tmp_path, "report.yaml", "report:\n  lead: &l [a, *l]\n")
    assert first_problem(tmp_path).startswith(f"{main}:2:9: 「&名前」を付けたリスト")


def test_too_many_values_are_refused_at_the_first_one_past_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(load, "MAX_VALUES", 100)
    write(tmp_path, "report.yaml", "report:\n  lead:\n" + "    - 段落\n" * 95)  # 100 values, the keys and both mappings counted
    assert not load_records(tmp_path).problems
    main = write(tmp_path, "report.yaml", "report:\n  lead: [" + "[], " * 200 + "]\n")
    # The top mapping, report, its mapping, lead and the list are five: the 101st value is the 96th `[]`.
    column = len("  lead: [") + 4 * 95 + 1
    assert first_problem(tmp_path) == (f"{main}:2:{column}: 値が多すぎます(1ファイル 100 個まで)。\n"
                                       "    → 記録は1ファイルに多くても数万個の値です。ファイルを取り違えていないか確かめてください。"
                                       "研修や視察が多いときは sessions/ と visits/ に1回1ファイルで書けます。")


class PurePythonLoader(yaml.SafeLoader):
    """YamlLoader's reading on PyYAML's own parser, as on a machine without libyaml."""

    yaml_implicit_resolvers = YamlLoader.yaml_implicit_resolvers
    yaml_constructors = YamlLoader.yaml_constructors


@pytest.mark.parametrize("kind", ["flow lists", "block sequences", "mixed"])
def test_without_libyaml_the_same_place_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    monkeypatch.setattr(load, "YamlLoader", PurePythonLoader)
    text, where = HOSTILE[kind]
    main = write(tmp_path, "report.yaml", text)
    assert first_problem(tmp_path).startswith(f"{main}:{where}: {TOO_DEEP}")
