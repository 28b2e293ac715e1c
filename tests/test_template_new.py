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
from conftest import RECORDS, ROOT, normalise, pdf_body_text, write
from pydantic import BaseModel

from nenpo import template_new as template_new_module
from nenpo.build import CONTENT_TEMPLATE, STYLE_FILE, build, bundled_templates, check, compose
from nenpo.compose.context import LecturerEntry, template_context
from nenpo.compose.env import environment
from nenpo.compose.filters import FILTERS
from nenpo.compose.labels import labels_for
from nenpo.document.model import Heading, Paragraph
from nenpo.document.parse import parse
from nenpo.errors import NenpoError
from nenpo.records.load import Source
from nenpo.records.model import Person, Place, Report, Session, Span, Venue, Visit
from nenpo.style import REQUIRED, StyleSheet, load_styles
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
    # shown in words: their output is several paragraphs, or a block of pictures
    assert set(FILTERS) - shown == {"paragraphs", "photos", "logo"}
    rendered = env.from_string("{{ texts|paragraphs }}").render(**EXAMPLES)
    assert [b.text for s in parse(rendered) for b in s.blocks] == EXAMPLES["texts"]


# --- the READMEs' records examples and labels cannot fall behind the code ------------------

#: Every README a secretariat or an editor reads: the project's and each bundled template's.
READMES = (ROOT / "README.md", *sorted(bundled_templates().glob("*/README.md")))
#: A fenced block at the start of a line: its language, the rest of its info string, its text.
_FENCE = re.compile(r"^```(\S*)[ \t]*([^\n]*)\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
#: A records example is a ```yaml block whose info string names the records file it belongs in.
_RECORDS_FILE = re.compile(r"report\.yaml|(?:sessions|visits)/[^/\s]+\.ya?ml")
#: The report a sessions/ or visits/ example is checked in: the 年度 the README's examples are written in.
MINIMAL_REPORT = "report:\n  title: 見本の報告書\n  fiscal_year: 2024\norganisation:\n  name: 見本の会\n"


def records_examples() -> list[tuple[str, str, str, str | None]]:
    """(README, records file, YAML, the 「text 出力」 block that follows it or None) for every records
    example of the READMEs, in order."""
    found: list[tuple[str, str, str, str | None]] = []
    for path in READMES:
        last_was_example = False
        for m in _FENCE.finditer(path.read_text(encoding="utf-8")):
            lang, info, body = m[1], m[2].strip(), m[3]
            name = path.relative_to(ROOT if path.is_relative_to(ROOT) else path.parents[2]).as_posix()
            if lang == "yaml" and _RECORDS_FILE.fullmatch(info):
                found.append((name, info, body, None))
                last_was_example = True
                continue
            if lang == "text" and info == "出力":
                assert last_was_example, f"{name}: an output block must follow a records example"
                found[-1] = (*found[-1][:3], body)
            last_was_example = False
    return found


def _example_folder(folder: Path, file: str, text: str) -> Path:
    if file != "report.yaml":
        write(folder, "report.yaml", MINIMAL_REPORT)
    write(folder, file, text)
    return folder


def _composed(folder: Path) -> tuple[Report, list[str]]:
    """The report an example folder holds, and the text of every heading and paragraph the
    default template makes of it (labels checked, as a build checks them)."""
    checked = check(folder)
    others = [p.format() for p in checked.notices if p.message.key != "check.yearless_read"]
    assert others == []
    document = compose(checked.report, DEFAULT, load_styles(DEFAULT / STYLE_FILE), checked.source)
    texts = [b.text for s in document.sections for b in s.blocks if isinstance(b, (Heading, Paragraph))]
    return checked.report, texts


EXAMPLES_IN_READMES = records_examples()


@pytest.mark.parametrize(("readme_name", "file", "text", "output"), EXAMPLES_IN_READMES,
                         ids=[f"{r}:{f}#{i}" for i, (r, f, _, _) in enumerate(EXAMPLES_IN_READMES)])
def test_every_records_example_of_the_readmes_checks_and_prints_what_it_shows(
        tmp_path: Path, readme_name: str, file: str, text: str, output: str | None) -> None:
    _, texts = _composed(_example_folder(tmp_path / "records", file, text))
    if output is None:
        return
    missing, at = [], 0
    for line in (line for line in output.splitlines() if line.strip()):
        found = next((i for i in range(at, len(texts)) if texts[i] == line), None)
        if found is None:
            missing.append(line)
        else:
            at = found + 1
    assert missing == [], f"not printed in this order: {missing}"


def test_the_readme_shows_one_example_of_each_kind_of_event(tmp_path: Path) -> None:
    reports = [_composed(_example_folder(tmp_path / str(i), file, text))[0]
               for i, (readme_name, file, text, _) in enumerate(EXAMPLES_IN_READMES)
               if readme_name.endswith("default/README.md")]
    sessions = [s for r in reports for s in r.sessions]
    visits = [v for r in reports for v in r.visits]
    speakers = lambda s: [*s.speakers, *(p for t in s.programme for p in t.speakers)]  # noqa: E731
    assert any(s.mode == "オンライン" and len(speakers(s)) >= 2 for s in sessions)  # a lecture, two speakers
    assert {"中止", "延期"} <= {e.status for e in (*sessions, *visits)}
    assert any(s.heading and "総会" in s.heading for s in sessions)
    assert any(v.kind == "行政視察" and len(v.places) >= 3 and v.members and (v.topics or any(p.topics for p in v.places))
               for v in visits)
    assert any(v.kind and "見学" in v.kind for v in visits)  # a field trip
    assert any(r.report.until_fiscal_year and not r.report.honorifics and r.report.numbering == "年度ごと"
               for r in reports)
    assert any(r.labels for r in reports)


def _labels_table(text: str) -> dict[str, str]:
    """The label rows (| `name` | `wording` | …) of a README's 決まった言葉 section; `""` is empty."""
    start = text.index("## 決まった言葉")
    end = text.find("\n## ", start + 1)
    rows = re.findall(r"^\| `(\w+)` \| `([^`]*)` \|", text[start:end if end != -1 else None], re.MULTILINE)
    return {name: "" if wording == '""' else wording for name, wording in rows}


@pytest.mark.parametrize("template", sorted(p.name for p in bundled_templates().iterdir() if (p / "labels.yaml").is_file()))
def test_every_label_is_in_the_readme_with_its_wording(template: str) -> None:
    folder = bundled_templates() / template
    phrases = yaml.safe_load((folder / "labels.yaml").read_text(encoding="utf-8"))
    assert _labels_table((folder / "README.md").read_text(encoding="utf-8")) == phrases


def test_the_project_readme_explains_every_sample_and_keeps_its_first_two_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `records/([^/`]+)/` \| [^|]+ \| [^|]+ \|$", text, re.MULTILINE)
    assert sorted(rows) == sorted(p.name for p in RECORDS.iterdir() if (p / "report.yaml").is_file())
    first_two = [m[3].strip() for m in _FENCE.finditer(text)][:2]
    assert first_two == ["bash scripts/sample", "bash scripts/test"]
