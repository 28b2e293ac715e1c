"""The message catalog: complete in both languages, and every entry in use."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from nenpo.errors import Location, Problem
from nenpo.messages import CATALOG, LANGS, Text

SRC = Path(__file__).resolve().parent.parent / "src" / "nenpo"
_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_every_entry_has_both_languages_with_the_same_placeholders(key: str) -> None:
    ja, en = CATALOG[key]
    assert ja.strip() and en.strip()
    assert _fields(ja) == _fields(en)
    if key != "yaml.other":  # a pass-through of a library's own text
        assert _JAPANESE.search(ja), "the Japanese text has no Japanese in it"


def test_every_key_used_in_the_code_exists_and_every_entry_is_used() -> None:
    code = "\n".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py") if p.name != "messages.py")
    used = set(re.findall(r"""Text\(\s*["']([\w.]+)["']""", code))
    used |= set(re.findall(r'"((?:type|check|yaml)\.[a-z_]+)"', code))  # keys held in tables
    assert used - set(CATALOG) == set()
    assert set(CATALOG) - used == set()


def test_a_problem_reads_in_either_language() -> None:
    problem = Problem(Text("check.unknown", name="titel"), Location(Path("report.yaml"), 3, 5, "report.titel"),
                      Text("check.did_you_mean", close="title"))
    assert problem.format("ja") == "report.yaml:3:5: report.titel: 「titel」という項目はありません。\n    → もしかして「title」ですか。"
    assert problem.format("en") == "report.yaml:3:5: report.titel: There is no field “titel”.\n    → Did you mean “title”?"


def test_a_warning_is_labelled_in_each_language() -> None:
    problem = Problem(Text("load.read_cp932"), Location(Path("a.yaml")), severity="warning")
    assert problem.format("ja") == "a.yaml: 警告: Shift_JIS (CP932) として読みました。"
    assert problem.format("en") == "a.yaml: warning: Read as Shift_JIS (CP932)."


def test_nested_values_render_in_the_same_language() -> None:
    text = Text("check.wrong_type", expected=Text("type.integer"), value="一")
    assert [text.render(lang) for lang in LANGS] == ["整数を書いてください(今は「一」)。",
                                                     "Expected a whole number (found “一”)."]


def test_an_unknown_key_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        Text("no.such.message")
