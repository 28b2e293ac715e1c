"""`nenpo template new`: a copy of a template that builds as it is, never overwriting anything nor
leaving a half-made folder; and the template README, which must not fall behind the code."""

from __future__ import annotations

import errno
import os
import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import RECORDS, normalise, pdf_body_text
from pydantic import BaseModel

from nenpo import template_new as template_new_module
from nenpo.build import CONTENT_TEMPLATE, STYLE_FILE, build, bundled_templates, check
from nenpo.compose.context import LecturerEntry, template_context
from nenpo.compose.env import environment
from nenpo.compose.filters import FILTERS
from nenpo.compose.labels import labels_for
from nenpo.document.model import Paragraph
from nenpo.document.parse import parse
from nenpo.errors import NenpoError
from nenpo.records.load import Source
from nenpo.records.model import Person, Place, Report, Session, Span, Venue, Visit
from nenpo.style import REQUIRED, StyleSheet
from nenpo.template_new import new_template, next_steps, template_files

DEFAULT = bundled_templates() / "default"
README = DEFAULT / "README.md"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file and folder under `folder` with its bytes (folders as b"/")."""
    return {p.relative_to(folder).as_posix(): (b"/" if p.is_dir() else p.read_bytes()) for p in folder.rglob("*")}


def files_of(folder: Path) -> dict[str, bytes]:
    return {k: v for k, v in snapshot(folder).items() if v != b"/"}


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in an empty folder, so that no ./templates/ of the checkout is found by name."""
    monkeypatch.chdir(tmp_path)


# --- a copy --------------------------------------------------------------------------------


def test_copying_the_default_copies_every_file_byte_for_byte(tmp_path: Path) -> None:
    root = tmp_path / "templates"
    written = new_template("mine", root=root)
    target = root / "mine"
    expected = files_of(DEFAULT)
    assert {CONTENT_TEMPLATE, STYLE_FILE, "README.md"} <= set(expected)
    assert written == [target / rel for rel in sorted(expected)]
    assert files_of(target) == expected
    assert sorted(p.name for p in root.iterdir()) == ["mine"]  # no temporary folder left beside it


def test_the_copy_builds_the_okitama_sample(tmp_path: Path) -> None:
    new_template("mine", root=tmp_path / "templates")
    built = build(RECORDS / "okitama-r1", tmp_path / "out", tmp_path / "templates" / "mine", ("pdf",))
    assert built.files == [tmp_path / "out" / "okitama-r1.pdf"]
    text = normalise(pdf_body_text(built.files[0]))
    assert normalise("広域連携事業報告書") in text and normalise("第1回集合研修") in text


def test_the_default_relative_root_is_templates_and_a_copy_is_found_by_name(tmp_path: Path) -> None:
    written = new_template("置賜")
    assert written[0].parts[:2] == ("templates", "置賜")
    copy = new_template("copy-of-copy", source="置賜")  # a name under ./templates/
    assert files_of(Path("templates") / "copy-of-copy") == files_of(DEFAULT)
    assert len(copy) == len(written)


def test_a_template_folder_given_by_its_path_is_copied_with_its_binary_files(tmp_path: Path) -> None:
    source = tmp_path / "house"
    shutil.copytree(DEFAULT, source)
    (source / "reference.docx").write_bytes(b"PK\x03\x04\x00\xff binary")
    (source / "~$ference.docx").write_bytes(b"Word's lock file")
    (source / ".DS_Store").write_bytes(b"Finder")
    written = new_template("mine", source=source, root=tmp_path / "out" / "templates")
    target = tmp_path / "out" / "templates" / "mine"
    assert target / "reference.docx" in written
    assert (target / "reference.docx").read_bytes() == b"PK\x03\x04\x00\xff binary"
    assert not (target / "~$ference.docx").exists() and not (target / ".DS_Store").exists()
    assert template_files(target) == template_files(source)


def test_an_existing_empty_folder_is_filled(tmp_path: Path) -> None:
    target = tmp_path / "templates" / "mine"
    target.mkdir(parents=True)
    new_template("mine", root=tmp_path / "templates")
    assert files_of(target) == files_of(DEFAULT)


def test_the_next_steps_name_the_copy_and_its_readme() -> None:
    assert next_steps(Path("templates") / "mine").render() == (
        "次に: templates/mine のファイルを書き換え、`nenpo build 記録のフォルダ --template templates/mine` で"
        "確かめてください。書き方は templates/mine/README.md にあります。"
    )


# --- refusals ------------------------------------------------------------------------------


def test_an_existing_folder_with_files_is_refused_and_left_untouched(tmp_path: Path) -> None:
    root = tmp_path / "templates"
    target = root / "mine"
    target.mkdir(parents=True)
    (target / "report.md.j2").write_text("# 手で直したテンプレート\n", encoding="utf-8")
    before = snapshot(root)
    with pytest.raises(NenpoError) as caught:
        new_template("mine", root=root)
    [problem] = caught.value.problems
    assert problem.format() == (
        f"{target}: テンプレートのフォルダ {target.as_posix()} にはもうファイルがあります。\n"
        "    → 別の名前を指定してください。そのテンプレートを作り直すときは、フォルダを消すか"
        "名前を変えてから実行してください(上書きはしません)。"
    )
    assert snapshot(root) == before


def test_a_file_in_the_way_is_refused(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "mine").write_text("メモ", encoding="utf-8")
    with pytest.raises(NenpoError, match="にはもうファイルがあります"):
        new_template("mine", root=tmp_path / "templates")
    assert (tmp_path / "templates" / "mine").read_text(encoding="utf-8") == "メモ"


@pytest.mark.parametrize("name", ["", ".", "..", "a/b", "../mine", "a\\b", ".hidden", " mine", "mine ", "a:b",
                                  "a*b", "a\nb"])
def test_a_name_that_is_not_a_plain_folder_name_is_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(NenpoError) as caught:
        new_template(name, root=tmp_path / "templates")
    [problem] = caught.value.problems
    assert problem.format() == (
        f"「{name}」はテンプレートの名前にできません。\n"
        "    → フォルダの名前だけを書いてください(例: mine、置賜)。/ \\ : * ? \" < > | と先頭の . は使えません。"
        f"テンプレートは {(tmp_path / 'templates').as_posix()} の下に作ります。"
    )
    assert not (tmp_path / "templates").exists()


def test_an_unknown_source_is_refused_with_the_builds_message(tmp_path: Path) -> None:
    with pytest.raises(NenpoError) as caught:
        new_template("mine", source="nothing", root=tmp_path / "templates")
    [problem] = caught.value.problems
    assert problem.message.render() == "テンプレート「nothing」が見つかりません。"
    assert problem.hint is not None
    hint = problem.hint.render()
    assert hint.startswith("report.md.j2 のあるフォルダか、テンプレート名(") and "default" in hint
    assert not (tmp_path / "templates").exists()


def test_a_failed_copy_leaves_no_folder_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = shutil.copyfile
    calls = {"n": 0}

    def failing(src: Any, dst: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(template_new_module.shutil, "copyfile", failing)
    with pytest.raises(OSError):
        new_template("mine", root=tmp_path / "new" / "templates")
    assert list(tmp_path.iterdir()) == []  # not even the folders made for it

    empty = tmp_path / "empty"
    empty.mkdir()
    calls["n"] = 0
    with pytest.raises(OSError):
        new_template("empty", root=tmp_path)
    assert list(empty.iterdir()) == []



def test_a_failed_move_into_an_empty_folder_takes_back_what_was_moved(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "templates" / "mine"
    folder.mkdir(parents=True)
    real = os.rename
    calls: list[Any] = []

    def rename(src: Any, dst: Any) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise PermissionError(errno.EACCES, "Permission denied")
        real(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(PermissionError):
        new_template("mine", root=tmp_path / "templates")
    assert len(calls) == 2
    assert list(folder.iterdir()) == []


def test_a_folder_made_by_someone_else_meanwhile_is_not_replaced(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "templates" / "mine"
    real = os.rename

    def rename(src: Any, dst: Any) -> None:
        # Another program makes the folder, with a file in it, just before the rename.
        folder.mkdir()
        (folder / "theirs.md.j2").write_bytes(b"# theirs\n")
        real(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(NenpoError) as caught:
        new_template("mine", root=tmp_path / "templates")
    assert caught.value.problems[0].message.key == "template_new.exists"
    assert snapshot(folder) == {"theirs.md.j2": b"# theirs\n"}
    assert list((tmp_path / "templates").iterdir()) == [folder]

# --- the README cannot fall behind the code -------------------------------------------------


def readme() -> str:
    return README.read_text(encoding="utf-8")


def code_words(text: str) -> set[str]:
    """Every identifier inside a `code span` of the README."""
    spans = " ".join(re.findall(r"`([^`\n]+)`", text))
    return set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", spans))


def model_fields(model: type[BaseModel], seen: set[type[BaseModel]] | None = None) -> set[str]:
    """The field names of a model and of every model inside it."""
    seen = seen if seen is not None else set()
    if model in seen:
        return set()
    seen.add(model)
    names = set(model.model_fields)
    for info in model.model_fields.values():
        for inner in _models_in(info.annotation):
            names |= model_fields(inner, seen)
    return names


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) for m in _models_in(arg)]


def test_the_readme_names_every_variable_a_template_sees() -> None:
    context = template_context(check(RECORDS / "okitama-r1").report)
    text = readme()
    assert [key for key in context if f"`{key}`" not in text] == []


def test_the_readme_names_every_field_of_the_records() -> None:
    fields = model_fields(Report) | set(LecturerEntry.__dataclass_fields__) | {"days"}
    assert sorted(fields - code_words(readme())) == []


def test_the_readme_shows_every_filter() -> None:
    text = readme()
    assert [name for name in FILTERS if f"- `{name}`:" not in text] == []


def test_the_readme_explains_every_style_of_the_default_style_sheet() -> None:
    styles = yaml.safe_load((DEFAULT / STYLE_FILE).read_text(encoding="utf-8"))["paragraphs"]
    text = readme()
    assert [name for name in styles if f"| `{name}` |" not in text] == []
    required = {m for m in re.findall(r"^\| `([^`]+)` \|.*\| 必須 \|$", text, re.MULTILINE)}
    assert required == set(REQUIRED)


def test_the_readme_explains_every_option_of_style_yaml() -> None:
    fields = model_fields(StyleSheet) - {"paragraphs"}
    assert sorted(fields - code_words(readme())) == []
    assert "`paragraphs`" in readme()


#: The values the README's filter examples name.
EXAMPLES: dict[str, Any] = {
    "d": date(2019, 7, 5),
    "span": Span(start=date(2019, 10, 8), end=date(2019, 10, 9)),
    "p": Person(name="大杉覚", honorific="教授", affiliation="首都大学東京大学院"),
    "k": Person(name="片桐研二"),
    "v": Venue(place="南陽市", facilities=["赤湯公民館"]),
    "pl": Place(prefecture="神奈川県", municipality="厚木市"),
    "visit": Visit(places=[Place(prefecture="岩手県", municipality="陸前高田市"), Place(municipality="大船渡市")],
                   held_at="東京", date="2019-07-05", text=["訪問。"]),
    "texts": ["一つ目の段落です。", "二つ目の段落です。"],
    "f": Place(prefecture="石川県", municipality="金沢市", facilities=["金沢市役所", "金沢21世紀美術館"]),
    "s": Session(number=3, kind="例会", title="聞き書きの方法", date="2019-07-05", time="13:30〜16:00",
                 mode="ハイブリッド", venues=[Venue(place="南陽市", facilities=["赤湯公民館"])], participants=41),
    "c": Session(kind="講演会", date="2019-10-12", status="延期", status_note="台風の接近のため",
                 postponed_to="2019-11-09"),
    "g": Session(heading="令和元年度通常総会", kind="総会", date="2019-05-25"),
    "labels": labels_for(DEFAULT, {}, Source({})),
}
_EXAMPLE = re.compile(r"^\s*- `(\{\{ .*? \}\})` → `([^`]+)`$", re.MULTILINE)


def test_the_readmes_filter_examples_give_what_it_says(tmp_path: Path) -> None:
    examples = _EXAMPLE.findall(readme())
    env = environment(tmp_path)
    for source, expected in examples:
        blocks = [b for s in parse(env.from_string(source).render(**EXAMPLES)) for b in s.blocks]
        assert [b.text for b in blocks if isinstance(b, Paragraph)] == [expected], source
    shown = {name for source, _ in examples for name in re.findall(r"\|(\w+)", source)}
    assert set(FILTERS) - shown == {"paragraphs"}  # shown in words: its output is several paragraphs
    rendered = env.from_string("{{ texts|paragraphs }}").render(**EXAMPLES)
    assert [b.text for s in parse(rendered) for b in s.blocks] == EXAMPLES["texts"]
