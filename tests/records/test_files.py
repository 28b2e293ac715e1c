"""Which files of a records folder are read (`records/files.py`): every branch of scan_folder and
read_regular, and the names that are read or warned about rather than refused.

Tests run as root, for whom no permission bit stops a read: a folder or a file that cannot be
read is simulated by making `os.scandir` or `os.open` fail for that one path.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import write, write_bytes

from nenpo.cli import main
from nenpo.errors import NenpoError, Problem
from nenpo.records import files
from nenpo.records.files import MAX_FILE_BYTES, is_records_file, read_regular, scan_folder
from nenpo.records.load import load_records

REPORT = "report:\n  title: 年報\n  lead:\n    - はじめに。\norganisation:\n  name: 団体\n"
SESSION = "number: {n}\nkind: 集合研修\ntitle: 第{n}回\ndate: 2019-07-0{n}\n"


def records(tmp_path: Path) -> Path:
    """A records folder holding report.yaml only; tests add the files they are about."""
    write(tmp_path, "report.yaml", REPORT)
    return tmp_path


def scan(folder: Path) -> files.Scan:
    return scan_folder(folder, folder / "report.yaml")


def keys(problems: list[Problem]) -> list[tuple[str, str, str]]:
    """(file name, message key, severity) of each problem, in order."""
    return [(p.location.file.name if p.location.file else "", p.message.key, p.severity) for p in problems]


def failing(call: Any, *args: Any) -> Problem:
    with pytest.raises(NenpoError) as info:
        call(*args)
    assert len(info.value.problems) == 1, info.value
    return info.value.problems[0]


class FakeEntry:
    """A directory entry whose is_dir() fails, as it can on a network share that drops mid-scan."""

    def __init__(self, path: Path) -> None:
        self.path, self.name = str(path), path.name

    def is_dir(self) -> bool:
        raise OSError(5, "Input/output error")


class FakeScandir:
    def __init__(self, entries: list[Any]) -> None:
        self.entries = entries

    def __enter__(self) -> list[Any]:
        return self.entries

    def __exit__(self, *exc: object) -> None:
        return None


def fail_scandir_for(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Make listing `folder` fail with EACCES (root could list it whatever its mode)."""
    real = os.scandir

    def scandir(path: Any = ".") -> Any:
        if Path(path) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(files.os, "scandir", scandir)


# --- names ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["01.yaml", "02.YAML", "03.yml", "04.Yml", "報告.yaml"])
def test_yaml_files_are_records_in_any_case(name: str) -> None:
    assert is_records_file(name)


@pytest.mark.parametrize(
    "name", [".01.yaml", "._01.yaml", "~$01.yaml", "01.yaml~", "01.yaml.txt", "01.txt", "yaml"])
def test_system_files_and_other_endings_are_not_records(name: str) -> None:
    assert not is_records_file(name)


# --- scan_folder: the records folder ---------------------------------------------------------


def test_a_folder_of_report_yaml_alone_has_nothing_to_say(tmp_path: Path) -> None:
    result = scan(records(tmp_path))
    assert result.items == {} and result.problems == []


def test_an_upper_case_yaml_file_in_sessions_is_read_with_the_others_in_number_order(tmp_path: Path) -> None:
    folder = records(tmp_path)
    for name in ("10.yaml", "02.YAML", "1.yml"):
        write(folder, f"sessions/{name}", "")
    result = scan(folder)
    assert [p.name for p in result.items["sessions"]] == ["1.yml", "02.YAML", "10.yaml"]
    assert result.problems == []


def test_a_session_saved_as_02_yaml_in_capitals_reaches_the_report(tmp_path: Path) -> None:
    folder = records(tmp_path)
    write(folder, "sessions/01.yaml", SESSION.format(n=1))
    write(folder, "sessions/02.YAML", SESSION.format(n=2))
    source = load_records(folder)
    assert [s["title"] for s in source.data["sessions"]] == ["第1回", "第2回"]
    assert source.problems == [] and source.notices == []


def test_a_macos_dot_underscore_file_is_a_warning_and_the_build_check_passes(tmp_path: Path) -> None:
    folder = records(tmp_path)
    write(folder, "sessions/01.yaml", SESSION.format(n=1))
    write_bytes(folder, "sessions/._01.yaml", b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        ")
    write_bytes(folder, "._report.yaml", b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        ")
    result = scan(folder)
    assert keys(result.problems) == [("._report.yaml", "files.apple_double", "warning"),
                                     ("._01.yaml", "files.apple_double", "warning")]
    stdout, stderr = io.StringIO(), io.StringIO()
    assert main(["check", str(folder)], stdout=stdout, stderr=stderr) == 0
    assert "sessions/._01.yaml: 警告: macOS が作る付属ファイル(「._」で始まる)です。読みません。" in stderr.getvalue()
    assert "2件の警告があります(報告書は作れます)。" in stderr.getvalue()


@pytest.mark.parametrize(
    "name", [".DS_Store", "Thumbs.db", "desktop.ini", "~$report.xlsx", "report.yaml~", ".report.yaml.swp"])
def test_files_the_system_or_an_editor_leaves_are_passed_over_silently(tmp_path: Path, name: str) -> None:
    folder = records(tmp_path)
    write(folder, name, "x")
    write(folder, f"sessions/{name}", "x")
    assert scan(folder).problems == []
    assert scan(folder).books == []  # Excel's lock file `~$report.xlsx`, there while the book is open, is no book


def test_a_records_file_whose_extension_windows_hid_is_an_error_naming_its_right_name(tmp_path: Path) -> None:
    folder = records(tmp_path)
    write(folder, "visits.yml.txt", "")
    write(folder, "sessions/02.YAML.TXT", "")
    problems = scan(folder).problems
    # entries in name order: sessions/ comes before visits.yml.txt
    assert keys(problems) == [("02.YAML.TXT", "files.hidden_extension", "error"),
                              ("visits.yml.txt", "files.hidden_extension", "error")]
    assert problems[0].hint is not None and problems[0].hint.params["right"] == "02.YAML"
    assert problems[1].hint is not None and problems[1].hint.params["right"] == "visits.yml"


def test_any_other_file_is_named_in_a_warning_saying_which_folder(tmp_path: Path) -> None:
    folder = records(tmp_path)
    write(folder, "メモ.txt", "")
    write(folder, "sessions/参加者名簿.xlsx", "")
    problems = scan(folder).problems
    assert keys(problems) == [("参加者名簿.xlsx", "files.not_read", "warning"),
                              ("メモ.txt", "files.not_read", "warning")]
    assert str(problems[0].message) == "このフォルダにある、記録(.yaml)ではないファイルです。読みません。"
    assert str(problems[1].message) == "記録のフォルダにある、記録(.yaml)ではないファイルです。読みません。"


def test_the_main_file_is_not_named_even_when_given_by_another_path(tmp_path: Path) -> None:
    folder = records(tmp_path)
    assert scan_folder(folder, Path("report.yaml")).problems == []


def test_folders_without_yaml_and_system_folders_are_passed_over(tmp_path: Path) -> None:
    folder = records(tmp_path)
    write_bytes(folder, "photos/01.jpg", b"\xff\xd8\xff")
    write(folder, "out/old.pdf", "")
    write(folder, ".git/config.yaml", "")
    (folder / "empty").mkdir()
    assert scan(folder).problems == []


@pytest.mark.parametrize(("name", "close"), [("session", "sessions"), ("Sessions", "sessions"), ("visit", "visits"),
                                             ("VISITS", "visits")])
def test_a_folder_named_nearly_sessions_or_visits_is_an_error_with_did_you_mean(
    tmp_path: Path, name: str, close: str
) -> None:
    folder = records(tmp_path)
    write(folder, f"{name}/01.yaml", "")
    problem = scan(folder).problems[0]
    assert (problem.message.key, problem.severity, problem.message.params["close"]) == (
        "files.folder_misnamed", "error", close)
    assert str(problem.message) == f"フォルダ「{name}」は読みません。もしかして「{close}」ですか。"


def test_a_folder_of_yaml_with_another_name_is_a_warning(tmp_path: Path) -> None:
    folder = records(tmp_path)
    write(folder, "下書き/01.yaml", "")
    assert keys(scan(folder).problems) == [("下書き", "files.folder_not_read", "warning")]


def test_a_folder_that_cannot_be_listed_counts_as_holding_no_yaml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = records(tmp_path)
    write(folder, "session/01.yaml", "")
    fail_scandir_for(monkeypatch, folder / "session")
    assert scan(folder).problems == []


# --- scan_folder: sessions/ and visits/ that are not folders --------------------------------


def test_sessions_as_a_plain_file_is_an_error(tmp_path: Path) -> None:
    folder = records(tmp_path)
    write(folder, "sessions", SESSION.format(n=1))
    result = scan(folder)
    assert keys(result.problems) == [("sessions", "files.not_a_folder", "error")]
    assert "sessions" not in result.items


@pytest.mark.parametrize("target", ["missing", "sessions"])
def test_sessions_as_a_dangling_or_looping_link_is_an_error(tmp_path: Path, target: str) -> None:
    folder = records(tmp_path)
    (folder / "sessions").symlink_to(target)
    assert keys(scan(folder).problems) == [("sessions", "files.broken_link", "error")]


def test_sessions_as_a_link_to_a_real_folder_is_read(tmp_path: Path) -> None:
    folder = records(tmp_path / "r")
    write(tmp_path, "shared/01.yaml", "")
    (folder / "sessions").symlink_to(tmp_path / "shared")
    assert [p.name for p in scan(folder).items["sessions"]] == ["01.yaml"]


def test_an_entry_whose_type_cannot_be_read_is_taken_for_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = records(tmp_path)
    entries = [FakeEntry(folder / "notes"), FakeEntry(folder / "report.yaml"), FakeEntry(folder / "sessions")]
    monkeypatch.setattr(files.os, "scandir", lambda path: FakeScandir(entries))
    assert keys(scan(folder).problems) == [("notes", "files.not_read", "warning"),
                                           ("sessions", "files.not_a_folder", "error")]


# --- scan_folder: inside sessions/ and visits/ -----------------------------------------------


def test_a_subfolder_of_sessions_is_a_warning_but_a_system_one_is_silent(tmp_path: Path) -> None:
    folder = records(tmp_path)
    write(folder, "sessions/old/01.yaml", "")
    write(folder, "sessions/.git/x", "")
    write(folder, "visits/01.yaml", "")
    result = scan(folder)
    assert keys(result.problems) == [("old", "files.subfolder_not_read", "warning")]
    assert result.items == {"sessions": [], "visits": [folder / "visits" / "01.yaml"]}


def test_an_entry_of_sessions_whose_type_cannot_be_read_is_taken_for_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = records(tmp_path)
    (folder / "sessions").mkdir()
    real = os.scandir

    def scandir(path: Any = ".") -> Any:
        if Path(path) == folder / "sessions":
            return FakeScandir([FakeEntry(folder / "sessions" / "old")])
        return real(path)

    monkeypatch.setattr(files.os, "scandir", scandir)
    assert keys(scan(folder).problems) == [("old", "files.not_read", "warning")]


def test_a_sessions_folder_that_cannot_be_listed_is_an_error_and_the_rest_is_scanned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = records(tmp_path)
    write(folder, "sessions/01.yaml", "")
    write(folder, "visits/01.yaml", "")
    fail_scandir_for(monkeypatch, folder / "sessions")
    result = scan(folder)
    assert keys(result.problems) == [("sessions", "files.unreadable_folder", "error")]
    assert str(result.problems[0].message) == "フォルダの中を読めません: Permission denied"
    assert result.items == {"sessions": [], "visits": [folder / "visits" / "01.yaml"]}


def test_a_records_folder_that_cannot_be_listed_raises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = records(tmp_path)
    fail_scandir_for(monkeypatch, folder)
    problem = failing(scan, folder)
    assert problem.message.key == "files.unreadable_folder" and problem.location.file == folder
    assert str(problem.hint) == "フォルダの権限を確かめてください。"


# --- read_regular -------------------------------------------------------------------------


def test_a_regular_file_is_read_whole(tmp_path: Path) -> None:
    file = write_bytes(tmp_path, "a.yaml", b"title: x\n")
    assert read_regular(file) == b"title: x\n"
    assert read_regular(file, limit=9) == b"title: x\n"


def test_a_missing_file_cannot_be_opened(tmp_path: Path) -> None:
    problem = failing(read_regular, tmp_path / "none.yaml")
    assert problem.message.key == "files.cannot_open"
    assert str(problem.message) == "ファイルを開けません: No such file or directory"


def test_an_unreadable_file_cannot_be_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = write(tmp_path, "a.yaml", "title: x\n")
    real = os.open

    def deny(path: Any, flags: int, *args: Any) -> int:
        if Path(path) == file:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, flags, *args)

    monkeypatch.setattr(files.os, "open", deny)
    problem = failing(read_regular, file)
    assert (problem.message.key, problem.location.file) == ("files.cannot_open", file)


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "01.yaml"
    os.mkfifo(fifo)
    assert failing(read_regular, fifo).message.key == "files.not_regular"


def test_a_link_to_dev_zero_is_refused_without_reading_it(tmp_path: Path) -> None:
    link = tmp_path / "01.yaml"
    link.symlink_to("/dev/zero")
    problem = failing(read_regular, link)
    assert problem.message.key == "files.not_regular"
    assert str(problem.message) == "普通のファイルではありません(デバイスや名前付きパイプなど)。"


def test_a_folder_named_like_a_records_file_is_refused_as_a_folder(tmp_path: Path) -> None:
    (tmp_path / "02.yaml").mkdir()
    assert failing(read_regular, tmp_path / "02.yaml").message.key == "files.is_folder"


def test_a_file_over_the_limit_is_refused_by_its_size(tmp_path: Path) -> None:
    file = write_bytes(tmp_path, "a.yaml", b"x" * 11)
    problem = failing(read_regular, file, 10)
    assert problem.message.key == "load.too_large"


def test_the_default_limit_is_the_records_bound(tmp_path: Path) -> None:
    file = tmp_path / "big.yaml"
    with file.open("wb") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)  # sparse: no 16 MB written
    problem = failing(read_regular, file)
    assert problem.message.params == {"size": 16.0, "limit": 16}


def test_a_file_that_grows_past_the_limit_while_read_is_refused_by_what_was_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = write_bytes(tmp_path, "a.yaml", b"x" * 11)
    real = os.fstat
    monkeypatch.setattr(files.os, "fstat", lambda fd: os.stat_result((*real(fd)[:6], 0, *real(fd)[7:])))
    problem = failing(read_regular, file, 10)
    assert problem.message.key == "load.too_large"


@pytest.mark.parametrize("name", ["sessions - コピー", "sessions (2)", "sessions_old", "visits_backup"])
def test_a_copy_of_an_item_folder_is_named_in_a_warning_not_refused(tmp_path: Path, name: str) -> None:
    main_file = write(tmp_path, "report.yaml", "report:\n  title: 年報\n")
    write(tmp_path, f"{name}/01.yaml", "number: 1\n")
    (problem,) = scan_folder(tmp_path, main_file).problems
    assert problem.severity == "warning"
    assert problem.message.key == "files.folder_not_read"


def test_a_long_run_of_spaces_before_a_full_width_colon_names_only_the_key(tmp_path: Path) -> None:
    write(tmp_path, "report.yaml", "report:\n  title" + " " * 5000 + "x：1\n")
    (problem,) = load_records(tmp_path).problems
    assert str(problem.message) == "項目名「x」の後のコロンが全角の「：」です。"
