"""Fonts found by the family name inside the file, as Word and the OS's font list show it (ＭＳ 明朝,
Yu Mincho, ヒラギノ明朝 ProN), in any face of a collection; lists of fonts tried in order; the
folders searched (NENPO_FONT_DIRS); and the hint for the user's OS when none is there."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import nenpo.writers.fonts as fonts
from nenpo.writers import font_names
from conftest import RECORDS
from font_files import cff_font, collection, installed, names, renamed
from nenpo.build import find_template
from nenpo.cli import main
from nenpo.errors import Location, NenpoError
from nenpo.style import load_styles
from nenpo.writers.layout import resolve_fonts

HERE = Location(Path("style.yaml"), field="fonts.mincho")
IPAEX_MINCHO = installed("ipaexm.ttf")


@pytest.fixture(autouse=True)
def _fresh_folders() -> Iterator[None]:
    fonts.forget_folders()
    yield
    fonts.forget_folders()


@pytest.fixture
def windows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty `Windows/Fonts` folder that replaces the system's font folders."""
    folder = tmp_path / "Windows" / "Fonts"
    folder.mkdir(parents=True)
    monkeypatch.setenv("NENPO_FONT_DIRS", str(folder))
    return folder


def _ms_fonts(folder: Path) -> None:
    """Windows' msmincho.ttc and a Yu Mincho family of three weights, made of IPAex明朝's outlines."""
    (folder / "msmincho.ttc").write_bytes(collection([
        renamed(IPAEX_MINCHO, names("MS Mincho", "ＭＳ 明朝", postscript="MS-Mincho")),
        renamed(IPAEX_MINCHO, names("MS PMincho", "ＭＳ Ｐ明朝", postscript="MS-PMincho")),
    ]))
    for file, family, sub in (("yuminl.ttf", "Yu Mincho Light", "Regular"), ("yumin.ttf", "Yu Mincho", "Regular"),
                              ("yumindb.ttf", "Yu Mincho Demibold", "Regular")):
        records = names(family, family.replace("Yu Mincho", "游明朝"), sub, typographic="Yu Mincho")
        (folder / file.replace("yu", "x-yu")).write_bytes(renamed(IPAEX_MINCHO, records))


@pytest.mark.parametrize(("name", "face", "word"), [
    ("ＭＳ 明朝", 0, "ＭＳ 明朝"), ("MS Mincho", 0, "ＭＳ 明朝"), ("ms明朝", 0, "ＭＳ 明朝"), ("ＭＳ明朝", 0, "ＭＳ 明朝"),
    ("ＭＳ Ｐ明朝", 1, "ＭＳ Ｐ明朝"), ("MS PMincho", 1, "ＭＳ Ｐ明朝"),
])
def test_a_face_of_a_collection_by_any_spelling_of_its_family(windows: Path, name: str, face: int,
                                                              word: str) -> None:
    _ms_fonts(windows)
    found = fonts.find_font(name, [], HERE)
    assert (found.path.name, found.face, found.word_name) == ("msmincho.ttc", face, word)


def test_a_family_means_its_regular_face_not_its_light_or_demibold(windows: Path) -> None:
    _ms_fonts(windows)
    for name in ("游明朝", "Yu Mincho", "YuMincho"):
        found = fonts.find_font(name, [], HERE)
        assert (found.path.name, found.word_name) == ("x-yumin.ttf", "游明朝")
    assert fonts.find_font("Yu Mincho Light", [], HERE).path.name == "x-yuminl.ttf"


def test_a_face_found_by_name_draws_what_the_pdf_embeds(windows: Path) -> None:
    """The glyph check and the PDF read the face the lookup found, not the collection's first."""
    from nenpo.glyphs import font_chars

    biz, bizp = installed("BIZUDMincho-Regular.ttf"), installed("BIZUDPMincho-Regular.ttf")
    (windows / "pair.ttc").write_bytes(collection([bizp.read_bytes(), biz.read_bytes()]))
    found = fonts.find_font("BIZ UD明朝", [], HERE)
    assert (found.path.name, found.face, found.key) == ("pair.ttc", 1, "BIZUDMincho")
    assert font_chars(found.path, found.face) == font_chars(biz)


def test_nenpo_font_dirs_replaces_the_system_folders_but_not_the_template(windows: Path, tmp_path: Path) -> None:
    with pytest.raises(NenpoError, match="IPAex明朝"):
        fonts.find_font("IPAexMincho", [], HERE)  # installed on this machine, but not searched
    template = tmp_path / "template"
    template.mkdir()
    (template / "house.ttf").write_bytes(renamed(IPAEX_MINCHO, names("House Mincho", "館明朝")))
    found = fonts.find_font("館明朝", [template], HERE)
    assert (found.path, found.word_name, found.key) == (template / "house.ttf", "館明朝", "HouseMincho")


def test_a_cff_font_named_alone_is_refused(windows: Path) -> None:
    (windows / "hiragino.ttc").write_bytes(collection([
        cff_font(names("Hiragino Mincho ProN", "ヒラギノ明朝 ProN", "W3")),
        cff_font(names("Hiragino Mincho ProN", "ヒラギノ明朝 ProN", "W6")),
    ]))
    with pytest.raises(NenpoError) as err:
        fonts.find_font("ヒラギノ明朝 ProN", [], HERE)
    assert "フォント hiragino.ttc は OpenType (CFF) 形式で、PDF に埋め込めません。" in str(err.value)


# --- lists of fonts in style.yaml ------------------------------------------------------------


def _style(tmp_path: Path, fonts_yaml: str) -> Path:
    """The default style with other fonts; `fonts:` is on line 2, its first font on line 3."""
    default = (find_template("default") / "style.yaml").read_text(encoding="utf-8")
    rest = re.sub(r"(?m)^fonts:.*\n(  .*\n)+", "", default)
    path = tmp_path / "tpl" / "style.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(f"# house style\nfonts:\n{fonts_yaml}{rest}", encoding="utf-8")
    return path


def test_the_first_font_of_a_list_that_is_installed_is_used(windows: Path, tmp_path: Path) -> None:
    _ms_fonts(windows)
    (windows / "hiragino.ttc").write_bytes(collection([cff_font(names("Hiragino Mincho ProN", "ヒラギノ明朝 ProN"))]))
    style = _style(tmp_path, "  mincho: [ヒラギノ明朝 ProN, IPAexMincho, ＭＳ 明朝, 游明朝]\n"
                             "  gothic:\n    - nothing.ttf\n    - Yu Mincho\n")
    found = resolve_fonts(load_styles(style))
    assert (found["mincho"].word_name, found["mincho"].where.line) == ("ＭＳ 明朝", 3)
    assert (found["gothic"].word_name, found["gothic"].where.line) == ("游明朝", 6)


@pytest.mark.parametrize(("platform", "hint"), [
    ("linux", "Debian/Ubuntu では `sudo apt install fonts-ipaexfont-mincho fonts-morisawa-bizud-mincho` で入ります。"),
    ("win32", "Windows 10 以降には BIZ UD明朝・BIZ UDゴシック、游明朝・游ゴシック、ＭＳ 明朝・ＭＳ ゴシックが"
              "入っています。入っているフォントは「設定 → 個人用設定 → フォント」で確かめられます。"),
    ("darwin", "macOS のヒラギノは PDF に埋め込めない形式 (CFF) です。BIZ UD明朝・BIZ UDゴシック(Google Fonts)"
               "か IPAex明朝・IPAexゴシック(IPA のサイト)の .ttf を入れて"),
])
def test_when_no_font_of_a_list_is_there_one_error_lists_them_with_this_os_hint(
        windows: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, platform: str, hint: str) -> None:
    monkeypatch.setattr(fonts, "PLATFORM", platform)
    (windows / "hiragino.ttc").write_bytes(collection([cff_font(names("Hiragino Mincho ProN", "ヒラギノ明朝 ProN"))]))
    style = _style(tmp_path, "  mincho: [IPAexMincho, BIZ UD明朝, ヒラギノ明朝 ProN]\n  gothic: IPAexGothic\n")
    with pytest.raises(NenpoError) as err:
        resolve_fonts(load_styles(style))
    (problem,) = err.value.problems
    assert (problem.location.line, problem.location.field) == (3, "fonts.mincho")
    assert problem.message.render() == (
        "書かれたフォントが、どれも使えません。「IPAexMincho」は見つかりません。「BIZ UD明朝」は見つかりません。"
        "「ヒラギノ明朝 ProN」は形式が CFF で、PDF に埋め込めません。")
    assert problem.message.render("en") == (
        "None of the fonts listed can be used: “IPAexMincho” is not installed; “BIZ UD明朝” is not installed; "
        "“ヒラギノ明朝 ProN” has CFF outlines, which cannot be embedded in the PDF.")
    assert hint in problem.hint.render()


def test_an_empty_font_folder_fails_the_default_template_with_the_os_hint(
        windows: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a user sees on a Windows PC whose fonts folder lacks every font the template lists."""
    monkeypatch.setattr(fonts, "PLATFORM", "win32")
    err = io.StringIO()
    code = main(["build", str(RECORDS / "okitama-r1"), "-o", str(tmp_path / "out"), "--format", "pdf"],
                io.StringIO(), err)
    printed = err.getvalue()
    assert code == 1 and "Traceback" not in printed
    assert "style.yaml:10:" in printed and "fonts.mincho: 書かれたフォントが、どれも使えません。" in printed
    assert "「設定 → 個人用設定 → フォント」" in printed and "apt" not in printed
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_an_empty_list_is_an_error_at_its_line(tmp_path: Path) -> None:
    style = _style(tmp_path, "  mincho: []\n  gothic: IPAexGothic\n")
    with pytest.raises(NenpoError) as err:
        load_styles(style)
    (problem,) = err.value.problems
    assert problem.location.line == 3 and "fonts のフォントの並びが空です" in problem.message.render()


# --- the names read are kept across runs ---------------------------------------------------------


def test_the_names_read_are_kept_and_a_changed_file_is_read_again(windows: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NENPO_CACHE_DIR", str(tmp_path / "cache"))
    font = windows / "house.ttf"
    font.write_bytes(renamed(IPAEX_MINCHO, names("House Mincho", "館明朝")))
    assert fonts.find_font("館明朝", [], HERE).path == font
    (entry,) = (tmp_path / "cache" / "fonts").glob("names-*.json")
    opened: list[Path] = []
    monkeypatch.setattr(font_names, "faces_in", lambda path: opened.append(path) or [])
    fonts.forget_folders()  # as a new process: the names come from the cache folder
    assert fonts.find_font("館明朝", [], HERE).path == font and opened == []
    monkeypatch.undo()
    monkeypatch.setenv("NENPO_FONT_DIRS", str(windows))
    monkeypatch.setenv("NENPO_CACHE_DIR", str(tmp_path / "cache"))
    font.write_bytes(renamed(IPAEX_MINCHO, names("Other Mincho", "別明朝")) + b"\0\0\0\0")  # another size
    fonts.forget_folders()
    assert fonts.find_font("別明朝", [], HERE).path == font
    with pytest.raises(NenpoError):
        fonts.find_font("館明朝", [], HERE)
    entry.write_bytes(b"{not json")
    fonts.forget_folders()
    assert fonts.find_font("別明朝", [], HERE).path == font


def test_a_cache_folder_that_cannot_be_written_changes_nothing(windows: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("NENPO_CACHE_DIR", str(blocked))
    _ms_fonts(windows)
    assert fonts.find_font("ＭＳ 明朝", [], HERE).word_name == "ＭＳ 明朝"


def test_the_page_names_every_font_listed_leaving_out_a_file_not_here(windows: Path, tmp_path: Path) -> None:
    from nenpo.writers.html import font_families

    style = _style(tmp_path, "  mincho: [fonts/missing.ttf, 游明朝, Noto Serif JP]\n  gothic: fonts/missing.ttf\n")
    styles = load_styles(style)
    assert font_families(styles, "mincho")[:5] == ["游明朝", "Yu Mincho", "YuMincho", "Noto Serif JP",
                                                   "Hiragino Mincho ProN"]
    with pytest.raises(NenpoError, match="フォントのファイル fonts/missing.ttf が見つかりません"):
        font_families(styles, "gothic")
