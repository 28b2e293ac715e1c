"""Finding fonts by name or path, on every platform, with errors that say what to do."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import nenpo.writers.fonts as fonts
from nenpo.errors import Location, NenpoError

HERE = Location(Path("style.yaml"), field="fonts.mincho")


def _installed(name: str) -> Path:
    return fonts.find_font(name, [], HERE).path


def test_known_names_in_english_and_japanese_find_the_same_file() -> None:
    assert _installed("IPAexMincho") == _installed("IPAex明朝") == _installed("ipaexmincho")
    assert _installed("BIZ UDゴシック").name == "BIZUDGothic-Regular.ttf"
    assert fonts.find_font("IPAexGothic", [], HERE).word_name == "IPAexゴシック"


def test_the_template_folder_is_searched_before_the_system(tmp_path: Path) -> None:
    copy = tmp_path / "ipaexm.ttf"
    shutil.copy(_installed("IPAexMincho"), copy)
    fonts._files_under.cache_clear()
    assert fonts.find_font("IPAexMincho", [tmp_path], HERE).path == copy


def test_a_truetype_file_by_path_relative_to_the_template(tmp_path: Path) -> None:
    (tmp_path / "fonts").mkdir()
    shutil.copy(_installed("IPAexGothic"), tmp_path / "fonts" / "house.ttf")
    found = fonts.find_font("fonts/house.ttf", [tmp_path], HERE)
    assert found.path == tmp_path / "fonts" / "house.ttf"
    assert found.word_name == "IPAexGothic"  # the family name inside the file, for Word


def test_an_unknown_name_lists_the_names_we_know() -> None:
    with pytest.raises(NenpoError) as err:
        fonts.find_font("MS Mincho", [], HERE)
    message = str(err.value)
    assert "フォント名「MS Mincho」を知りません" in message and "BIZUDMincho" in message and ".ttf" in message


def test_a_file_that_is_not_a_font_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.ttf").write_bytes(b"<html>not a font</html>")
    with pytest.raises(NenpoError, match="フォントのファイルではありません"):
        fonts.find_font("x.ttf", [tmp_path], HERE)


@pytest.mark.parametrize(
    ("platform", "expected"),
    [
        ("win32", [Path(r"C:\Windows") / "Fonts", Path(r"C:\Users\jimu\AppData\Local") / "Microsoft/Windows/Fonts"]),
        ("darwin", [Path("/Library/Fonts"), Path("/System/Library/Fonts")]),
        ("linux", [Path("/usr/share/fonts"), Path("/usr/local/share/fonts")]),
    ],
)
def test_system_font_folders_per_platform(monkeypatch: pytest.MonkeyPatch, platform: str, expected: list[Path]) -> None:
    monkeypatch.setattr(fonts.sys, "platform", platform)
    monkeypatch.setenv("WINDIR", r"C:\Windows")
    monkeypatch.setenv("LOCALAPPDATA", r"C:\Users\jimu\AppData\Local")
    dirs = fonts.system_font_dirs()
    assert dirs[: len(expected)] == expected
    if platform == "darwin":
        assert Path.home() / "Library/Fonts" in dirs
