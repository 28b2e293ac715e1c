"""The labels table: a template's fixed wording, the default's under it, a report's over both."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write

from nenpo.build import bundled_templates
from nenpo.compose.labels import Labels, base_labels, blanks, fill_blanks, labels_for, template_labels
from nenpo.errors import NenpoError
from nenpo.records.load import Source, load_file

DEFAULT = bundled_templates() / "default"
KIROKU = bundled_templates() / "kiroku"


def _records(tmp_path: Path, text: str) -> tuple[dict[str, str], Source]:
    file = write(tmp_path, "report.yaml", text)
    positions: dict = {}
    data, _ = load_file(file, (), positions)
    return data["labels"], Source(data, positions)


def test_blanks_and_filling() -> None:
    assert blanks("【{heading}のまとめ】") == {"heading"}
    assert blanks("{{literal}} {count}名") == {"count"}
    assert fill_blanks("【{heading}のまとめ】", {"heading": "第1回例会"}) == "【第1回例会のまとめ】"
    assert fill_blanks("{{見出し}}{count}名", {"count": 3}) == "{見出し}3名"
    # no attribute access or format spec, as str.format would allow
    assert fill_blanks("{heading.__class__}", {"heading": "x"}) == "{heading.__class__}"


def test_kiroku_words_only_what_differs_and_inherits_the_rest() -> None:
    own, _ = template_labels(KIROKU)
    base, _ = template_labels(DEFAULT)
    assert base_labels() == DEFAULT / "labels.yaml"
    assert set(own) < set(base) and own["place"] == "会場"
    labels = labels_for(KIROKU, {}, Source({}))
    assert labels["place"] == "会場" and labels["date"] == base["date"]


def test_every_phrase_of_the_default_is_text_and_its_blanks_are_known() -> None:
    base, _ = template_labels(DEFAULT)
    assert len(base) >= 40
    assert all(isinstance(v, str) for v in base.values())
    assert {name for phrase in base.values() for name in blanks(phrase)} == {"number", "heading", "count", "date",
                                                                           "place"}


def test_a_report_overrides_a_phrase(tmp_path: Path) -> None:
    overrides, source = _records(tmp_path, "labels:\n  date: 期日\n  summary_heading: 〈{heading}〉\n")
    labels = labels_for(DEFAULT, overrides, source)
    assert (labels.date, labels["summary_heading"]) == ("期日", "〈{heading}〉")
    assert isinstance(labels, Labels) and len(labels) == len(template_labels(DEFAULT)[0])
    with pytest.raises(AttributeError):
        labels.no_such_label  # noqa: B018 - Jinja's StrictUndefined relies on this


@pytest.mark.parametrize(("text", "message", "hint"), [
    ("labels:\n  dat: 期日\n", "ラベル「dat」はテンプレートにありません。", "もしかして「date」ですか。"),
    ("labels:\n  zzzzzz: x\n", "ラベル「zzzzzz」はテンプレートにありません。", "使える名前は"),
    ("labels:\n  number: 第{number}{n}回\n", "ラベル number に、テンプレートが埋められない {n} があります。", "{number}"),
    ("labels:\n  postponed_to: 延期\n", "ラベル postponed_to に {date} がありません。そこに入る値が報告書から消えてしまいます。",
     "「{date}に延期」"),
    ("labels:\n  outcomes_section: \"\"\n", "ラベル outcomes_section を空にはできません(見出しや項目名が空になります)。",
     "「成果」"),
])
def test_a_wrong_override_is_refused_at_its_line(tmp_path: Path, text: str, message: str, hint: str) -> None:
    overrides, source = _records(tmp_path, text)
    with pytest.raises(NenpoError) as caught:
        labels_for(DEFAULT, overrides, source)
    [problem] = caught.value.problems
    assert str(problem.message) == message and hint in str(problem.hint)
    assert (problem.location.file, problem.location.line) == (tmp_path / "report.yaml", 2)


def test_a_labels_file_that_is_not_pairs_of_text_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "labels.yaml", "- date\n")
    with pytest.raises(NenpoError) as caught:
        template_labels(tmp_path)
    assert "「名前: 言葉」" in str(caught.value.problems[0].message)
    write(tmp_path, "labels.yaml", "date:\n  - 月日\n")
    with pytest.raises(NenpoError) as caught:
        template_labels(tmp_path)
    assert (caught.value.problems[0].location.line, str(caught.value.problems[0].message)) == (
        2, "ラベル date の言葉が文字ではありません。")
