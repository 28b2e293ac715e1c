"""`nenpo new`: the skeleton records validate and build as written, explain every field, and a scaffold
never overwrites anything nor leaves a half-made folder behind."""

from __future__ import annotations

import errno
import os
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import normalise, pdf_body_text
from PIL import Image
from pydantic import BaseModel

from nenpo import dates
from nenpo.build import build, check
from nenpo.compose.context import year_label
from nenpo.errors import NenpoError
from nenpo.messages import Text
from nenpo.records.model import Report, Session, Visit
from nenpo.records.scaffold import (
    SKELETON_FILES,
    WORKBOOK_FILES,
    render_skeleton,
    scaffold,
    skeleton_values,
)
from nenpo.records.sheets.write import BOOK_NAME
from nenpo.records.validate import model_in

#: The model each skeleton file holds one of.
ROOT_MODELS: dict[str, type[BaseModel]] = {"report.yaml": Report, "sessions/01.yaml": Session, "visits/01.yaml": Visit}
YEARS = {2019: "令和元年度", 2018: "平成30年度", 2025: "令和7年度"}


def written_files(folder: Path) -> list[str]:
    """Every file under a folder, relative, in POSIX form."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file and folder under `folder` with its bytes (folders as b"/")."""
    return {p.relative_to(folder).as_posix(): (b"/" if p.is_dir() else p.read_bytes()) for p in folder.rglob("*")}


# --- a fresh scaffold is valid records -------------------------------------------------------


@pytest.mark.parametrize("fiscal_year", sorted(YEARS))
def test_a_fresh_scaffold_checks_clean_for_its_year(tmp_path: Path, fiscal_year: int) -> None:
    folder = tmp_path / "new-year"
    paths = scaffold(folder, fiscal_year)
    assert paths == [folder / "report.yaml", folder / "sessions" / "01.yaml", folder / "visits" / "01.yaml"]
    assert written_files(folder) == sorted(SKELETON_FILES)
    checked = check(folder)
    assert checked.notices == []  # no warning either: every example date lies inside the 年度
    report = checked.report
    assert report.report.fiscal_year == fiscal_year
    assert year_label(report) == YEARS[fiscal_year]
    first, last = dates.fiscal_year_bounds(fiscal_year)
    assert [s.number for s in report.sessions] == [1] and len(report.visits) == 1
    assert all(first <= d <= last for d in report.all_days)


def test_example_dates_are_written_in_the_years_own_era() -> None:
    reiwa = skeleton_values(2019)
    assert reiwa["fy_label"] == "令和元年度" and reiwa["fy_label_at_start"] == "平成31年度"
    assert reiwa["fy_first"] == "平成31年4月1日" and reiwa["fy_last"] == "令和2年3月31日"
    assert reiwa["session_date"] == "令和元年7月5日"
    assert (reiwa["example_iso"], reiwa["example_slash"], reiwa["example_initial"]) == ("2019-07-05", "2019/7/5",
                                                                                        "R1.7.5")
    assert reiwa["example_span"] == "令和元年10月8日から9日"
    heisei = skeleton_values(2018)
    assert heisei["fy_label"] == "平成30年度"
    assert (heisei["session_date"], heisei["example_initial"]) == ("平成30年7月5日", "H30.7.5")


@pytest.mark.parametrize("fiscal_year", [1873, 1989, 2019, 2100])
def test_every_date_form_shown_reads_as_a_day_of_the_year(fiscal_year: int) -> None:
    values = skeleton_values(fiscal_year)
    first, last = dates.fiscal_year_bounds(fiscal_year)
    shown = ["example_iso", "example_slash", "example_wareki", "example_initial", "example_weekday", "example_span",
             "example_span_start", "example_span_end", "session_date", "visit_date", "issued"]
    for name in shown:
        start, end = dates.parse_span(values[name])
        assert first <= start <= last and (end is None or first <= end <= last), (name, values[name])
    assert dates.parse_span(values["example_span"]) == (date(fiscal_year, 10, 8), date(fiscal_year, 10, 9))


def test_a_fresh_scaffold_builds_a_report(tmp_path: Path) -> None:
    folder = tmp_path / "r1"
    scaffold(folder, 2019)
    built = build(folder, tmp_path / "out", formats=("pdf",))
    assert built.files == [tmp_path / "out" / "r1.pdf"] and built.notices == []
    assert built.files[0].read_bytes().startswith(b"%PDF")
    text = normalise(pdf_body_text(built.files[0]))
    assert "〇〇事業報告書" in text and "令和元年度" in text
    assert "第1回〇〇研修" in text and "令和元年7月5日" in text


@pytest.mark.parametrize("fiscal_year", [1873, 2019, 2100])
def test_a_workbook_scaffold_holds_report_yaml_and_the_workbook_and_checks_clean(tmp_path: Path, fiscal_year: int) -> None:
    folder = tmp_path / "new-year"
    paths = scaffold(folder, fiscal_year, workbook=True)
    assert paths == [folder / "report.yaml", folder / BOOK_NAME] and written_files(folder) == sorted(WORKBOOK_FILES)
    text = (folder / "report.yaml").read_text(encoding="utf-8")
    assert BOOK_NAME in text and "sessions/01.yaml" not in text  # it names the files the folder holds
    checked = check(folder)
    assert checked.notices == []
    first, last = dates.fiscal_year_bounds(fiscal_year)
    assert len(checked.report.sessions) == len(checked.report.visits) == 1
    assert all(first <= d <= last for d in checked.report.all_days)


def test_the_commented_out_examples_are_valid_when_uncommented(tmp_path: Path) -> None:
    """A field shown as `# name: value` (year_label, held_at) works once its `# ` is deleted."""
    folder = tmp_path / "r1"
    scaffold(folder, 2019)
    uncommented = 0
    for name in SKELETON_FILES:
        path = folder / name
        text, count = re.subn(r"(?m)^(\s*)# ([a-z_]+: .*)$", r"\1\2", path.read_text(encoding="utf-8"))
        path.write_text(text, encoding="utf-8", newline="\n")
        uncommented += count
    assert uncommented >= 2
    Image.new("RGB", (40, 20), "navy").save(folder / "logo.png")  # the example `logo: logo.png`
    checked = check(folder)
    assert checked.notices == []
    assert checked.report.report.year_label == "平成31年度"
    assert checked.report.visits[0].held_at == "東京"


# --- every field is explained ----------------------------------------------------------------


def _comment_above(lines: list[str], index: int) -> list[str]:
    """The comment lines directly above line `index` (0-based), nearest last."""
    block: list[str] = []
    while index > 0 and lines[index - 1].lstrip().startswith("#"):
        index -= 1
        block.insert(0, lines[index].strip())
    return block


def _own_comment(block: list[str]) -> list[str]:
    """A field's own comment: from the last line that opens with 【必須】 or 【省略可】 (a commented-out
    example field's comment may come just before it)."""
    starts = [i for i, line in enumerate(block) if line.startswith("# 【")]
    return block[starts[-1]:] if starts else block


def _keys(text: str, model: type[BaseModel]) -> list[tuple[str, int, bool, list[str]]]:
    """(field, line, required, comment above) for every key in a skeleton, walked with its model."""
    lines = text.split("\n")
    found: list[tuple[str, int, bool, list[str]]] = []

    def walk(node: yaml.Node, current: type[BaseModel] | None) -> None:
        if isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item, current)
        elif isinstance(node, yaml.MappingNode):
            assert current is not None, f"line {node.start_mark.line + 1}: a mapping where a value is expected"
            for key, value in node.value:
                info = current.model_fields.get(key.value)
                assert info is not None, f"line {key.start_mark.line + 1}: {current.__name__} has no {key.value}"
                line = key.start_mark.line
                found.append((key.value, line + 1, info.is_required(), _own_comment(_comment_above(lines, line))))
                walk(value, model_in(info.annotation))

    walk(yaml.compose(text), model)
    return found


@pytest.mark.parametrize("name", SKELETON_FILES)
def test_every_field_has_a_comment_saying_whether_it_may_be_omitted(name: str) -> None:
    keys = _keys(render_skeleton(2019)[name], ROOT_MODELS[name])
    assert len(keys) > 5
    for field, line, required, comment in keys:
        assert comment, f"{name}:{line}: no comment above {field}"
        # An event's date may be left out only when it was cancelled or postponed: required in practice.
        required = required or (field == "date" and "中止・延期" in comment[0])
        assert comment[0].startswith("# 【必須】" if required else "# 【省略可】"), f"{name}:{line}: {comment[0]}"
        assert len(comment[0]) > len("# 【必須】") + 2, f"{name}:{line}: the comment says nothing about {field}"


def _all_fields(model: type[BaseModel], seen: set[type[BaseModel]] | None = None) -> set[str]:
    seen = set() if seen is None else seen
    seen.add(model)
    names = set(model.model_fields)
    for info in model.model_fields.values():
        inner = model_in(info.annotation)
        if inner is not None and inner not in seen:
            names |= _all_fields(inner, seen)
    return names


def test_every_field_of_the_records_is_shown_somewhere() -> None:
    """Each field appears as a key, or in a comment (`# held_at: 東京`, `start:` of a span); sessions and
    visits are the folders of the same names."""
    shown = {m[1] for text in render_skeleton(2019).values() for m in re.finditer(r"\b([a-z_]+):", text)}
    assert _all_fields(Report) - shown == {"sessions", "visits"}
    assert {name.split("/")[0] for name in SKELETON_FILES} == {"report.yaml", "sessions", "visits"}


def test_the_general_rules_are_explained() -> None:
    text = render_skeleton(2019)["report.yaml"]
    for words in ("半角スペース", "全角スペース", "タブ", '" "', "* & #", "「: 」", "UTF-8", "nenpo check"):
        assert words in text, words
    session = render_skeleton(2019)["sessions/01.yaml"]
    for form in ("2019-07-05", "2019/7/5", "令和元年7月5日", "R1.7.5", "令和元年10月8日から9日", "start:", "end:"):
        assert form in session, form


# --- the files as written ----------------------------------------------------------------------


def test_files_are_utf8_without_bom_with_lf_and_no_leftover_placeholder(tmp_path: Path) -> None:
    for path in scaffold(tmp_path / "r", 2018):
        raw = path.read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf")
        assert b"\r" not in raw and raw.endswith(b"\n")
        text = raw.decode("utf-8")  # strict: raises on anything but UTF-8
        assert "$" not in text and "\t" not in text and "\u3000" not in text
        assert "〇〇" in text  # obviously to be replaced


def test_the_folder_and_files_are_ordinary_not_private(tmp_path: Path) -> None:
    umask = os.umask(0)
    os.umask(umask)
    folder = tmp_path / "r"
    scaffold(folder, 2019)
    if os.name == "posix":
        assert folder.stat().st_mode & 0o777 == 0o777 & ~umask
        assert (folder / "report.yaml").stat().st_mode & 0o777 == 0o666 & ~umask


def test_an_existing_empty_folder_is_filled(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    scaffold(folder, 2019)
    assert written_files(folder) == sorted(SKELETON_FILES)
    assert sorted(p.name for p in folder.iterdir()) == ["report.yaml", "sessions", "visits"]  # no temp folder left
    assert check(folder).notices == []


def test_missing_parent_folders_are_made(tmp_path: Path) -> None:
    folder = tmp_path / "records" / "2019" / "r1"
    scaffold(folder, 2019)
    assert written_files(folder) == sorted(SKELETON_FILES)
    assert sorted(p.name for p in folder.parent.iterdir()) == ["r1"]


# --- never overwrite --------------------------------------------------------------------------------


def test_a_folder_with_files_is_refused_and_left_untouched(tmp_path: Path) -> None:
    folder = tmp_path / "r1"
    (folder / "sessions").mkdir(parents=True)
    (folder / "report.yaml").write_bytes("report:\n  title: 大事な記録\n".encode())
    (folder / "sessions" / "01.yaml").write_bytes(b"number: 1\n")
    before = snapshot(folder)
    with pytest.raises(NenpoError) as info:
        scaffold(folder, 2019)
    [problem] = info.value.problems
    assert problem.message == Text("new.exists", path=str(folder))
    assert problem.hint == Text("new.exists_hint")
    assert problem.location.file == folder
    assert str(folder) in problem.format()
    assert snapshot(folder) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r1"]


def test_a_folder_with_only_an_unrelated_file_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "r1"
    folder.mkdir()
    (folder / "メモ.txt").write_text("下書き", encoding="utf-8")
    with pytest.raises(NenpoError):
        scaffold(folder, 2019)
    assert snapshot(folder) == {"メモ.txt": "下書き".encode()}


def test_a_file_in_the_folders_place_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "r1"
    file.write_bytes(b"not a folder")
    with pytest.raises(NenpoError) as info:
        scaffold(file, 2019)
    assert info.value.problems[0].message.key == "new.exists"
    assert file.read_bytes() == b"not a folder"


@pytest.mark.parametrize("fiscal_year", [1872, 2101])
def test_a_year_out_of_range_is_refused_before_anything_is_written(tmp_path: Path, fiscal_year: int) -> None:
    with pytest.raises(NenpoError) as info:
        scaffold(tmp_path / "r", fiscal_year)
    assert str(fiscal_year) in info.value.problems[0].format()
    assert list(tmp_path.iterdir()) == []


# --- failures leave nothing half-made --------------------------------------------------------------


def _fail_on_second_write(monkeypatch: pytest.MonkeyPatch) -> None:
    real = Path.write_bytes
    calls = []

    def write_bytes(self: Path, data: bytes) -> int:
        calls.append(self)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)


def test_a_failed_write_leaves_no_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fail_on_second_write(monkeypatch)
    with pytest.raises(OSError):
        scaffold(tmp_path / "made" / "for" / "r1", 2019)
    assert list(tmp_path.iterdir()) == []  # neither the folder, its temporary twin, nor the parents made for it


def test_a_failed_write_leaves_an_empty_folder_empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "r1"
    folder.mkdir()
    _fail_on_second_write(monkeypatch)
    with pytest.raises(OSError):
        scaffold(folder, 2019)
    assert list(folder.iterdir()) == [] and list(tmp_path.iterdir()) == [folder]


def test_a_failed_move_takes_back_what_was_moved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "r1"
    folder.mkdir()
    real = os.rename
    calls = []

    def rename(src: Any, dst: Any) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise PermissionError(errno.EACCES, "Permission denied")
        real(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(PermissionError):
        scaffold(folder, 2019)
    assert len(calls) == 2
    assert list(folder.iterdir()) == []


def test_a_folder_made_by_someone_else_meanwhile_is_not_replaced(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "r1"
    real = os.rename

    def rename(src: Any, dst: Any) -> None:
        # Another program makes the folder, with a file in it, just before the rename.
        folder.mkdir()
        (folder / "theirs.yaml").write_bytes(b"theirs: true\n")
        real(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(NenpoError) as info:
        scaffold(folder, 2019)
    assert info.value.problems[0].message.key == "new.exists"
    assert snapshot(folder) == {"theirs.yaml": b"theirs: true\n"}
    assert list(tmp_path.iterdir()) == [folder]
