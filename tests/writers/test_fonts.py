"""Finding fonts by name or path, on every platform, with errors that say what to do: a font
missing, of the wrong kind, or damaged (cut short, emptied, a text file renamed .ttf)."""

from __future__ import annotations

import io
import shutil
import struct
from collections.abc import Callable
from pathlib import Path

import pytest

import nenpo.writers.fonts as fonts
from conftest import RECORDS, write_bytes
from nenpo.build import find_template
from nenpo.cli import main
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


def test_a_family_not_installed_says_how_to_install_fonts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "PLATFORM", "linux")
    with pytest.raises(NenpoError) as err:
        fonts.find_font("Noto Serif JP", [], HERE)
    message = str(err.value)
    assert "フォント「Noto Serif JP」が見つかりません" in message
    assert "sudo apt install fonts-ipaexfont" in message and "fc-list :lang=ja family" in message


def test_a_file_that_is_not_a_font_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.ttf").write_bytes(b"<html>not a font</html>")
    with pytest.raises(NenpoError, match=f"{tmp_path / 'x.ttf'} はフォントのファイルではありません"):
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


# --- damaged font files: a located error naming the file, for every format, nothing written -----


def _table(data: bytes, tag: bytes) -> tuple[int, int]:
    """Offset and length of a table of a TrueType file."""
    (count,) = struct.unpack(">H", data[4:6])
    for i in range(count):
        name, _, offset, length = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
        if name == tag:
            return offset, length
    raise AssertionError(f"no {tag!r} table")


def _cut_to_1kb(data: bytes) -> bytes:
    return data[:1024]


def _cut_in_half(data: bytes) -> bytes:
    return data[:len(data) // 2]


def _last_byte_missing(data: bytes) -> bytes:
    return data[:-1]


def _head_table_zeroed(data: bytes) -> bytes:
    """Every table where it should be, but the header table's contents lost: reportlab fails to read it."""
    offset, length = _table(data, b"head")
    return data[:offset] + bytes(length) + data[offset + length:]


def _name_table_zeroed(data: bytes) -> bytes:
    offset, length = _table(data, b"name")
    return data[:offset] + bytes(length) + data[offset + length:]


def _build_with_font(tmp_path: Path, data: bytes, formats: str) -> tuple[int, str, Path, Path]:
    """Build the sample with a template whose style names ./broken.ttf holding `data`; a previous
    report waits in the output folder."""
    template = tmp_path / "tpl"
    shutil.copytree(find_template("default"), template)
    (template / "broken.ttf").write_bytes(data)
    style = template / "style.yaml"
    style.write_text(style.read_text(encoding="utf-8").replace("  mincho: [IPAexMincho, BIZ UD明朝, 游明朝, ＭＳ 明朝]", "  mincho: ./broken.ttf"),
                     encoding="utf-8")
    out = tmp_path / "out"
    write_bytes(out, "okitama-r1.pdf", b"last year's PDF")
    err = io.StringIO()
    code = main(["build", str(RECORDS / "okitama-r1"), "-o", str(out), "--template", str(template),
                 "--format", formats], io.StringIO(), err)
    return code, err.getvalue(), style, out


@pytest.mark.parametrize("formats", ["docx,pdf", "docx", "pdf"])
@pytest.mark.parametrize("damage", [_cut_to_1kb, _cut_in_half, _last_byte_missing, _head_table_zeroed,
                                    _name_table_zeroed])
def test_a_damaged_font_is_named_at_its_style_line(tmp_path: Path, damage: Callable[[bytes], bytes],
                                                   formats: str) -> None:
    fonts._files_under.cache_clear()
    code, printed, style, out = _build_with_font(tmp_path, damage(_installed("IPAexMincho").read_bytes()), formats)
    assert code == 1, printed
    assert "Traceback" not in printed and "内部エラー" not in printed
    assert printed.splitlines() == [
        f"{style}:10:11: fonts.mincho: フォントのファイル {style.parent / 'broken.ttf'} が壊れています"
        "(途中で切れているか、中身が正しくありません)。",
        "    → フォントを入れ直すか、style.yaml の fonts に別のフォントを指定してください。",
        "1件の誤りがあります。",
    ]
    assert {p.name: p.read_bytes() for p in out.iterdir()} == {"okitama-r1.pdf": b"last year's PDF"}


@pytest.mark.parametrize("data", [b"", "フォントではありません\n".encode(), b"PK\x03\x04" + bytes(2000)],
                         ids=["empty", "text", "zip"])
def test_a_file_that_is_no_font_is_named_at_its_style_line(tmp_path: Path, data: bytes) -> None:
    code, printed, style, out = _build_with_font(tmp_path, data, "docx,pdf")
    assert code == 1
    assert printed.splitlines() == [
        f"{style}:10:11: fonts.mincho: {style.parent / 'broken.ttf'} はフォントのファイルではありません。",
        "    → フォントを入れ直すか、style.yaml の fonts に別のフォントを指定してください。",
        "1件の誤りがあります。",
    ]
    assert {p.name: p.read_bytes() for p in out.iterdir()} == {"okitama-r1.pdf": b"last year's PDF"}


def test_a_damaged_font_reads_in_english_too(tmp_path: Path) -> None:
    (tmp_path / "x.ttf").write_bytes(_cut_to_1kb(_installed("IPAexGothic").read_bytes()))
    with pytest.raises(NenpoError) as info:
        fonts.find_font("x.ttf", [tmp_path], HERE)
    assert info.value.problems[0].format("en") == (
        f"style.yaml: fonts.mincho: The font file {tmp_path / 'x.ttf'} is damaged (cut short, or its contents are "
        "wrong).\n    → Reinstall the font, or name another font under fonts in style.yaml.")


def test_every_installed_font_the_templates_use_passes_the_check() -> None:
    for name in ("IPAexMincho", "IPAexGothic", "BIZUDMincho", "BIZUDGothic"):
        assert _installed(name).is_file()


def test_a_collection_whose_first_font_is_cut_short_is_damaged(tmp_path: Path) -> None:
    font = _installed("IPAexMincho").read_bytes()
    (tmp_path / "pair.ttc").write_bytes(struct.pack(">4sIII", b"ttcf", 0x00010000, 1, 16) + font[:4096])
    with pytest.raises(NenpoError, match="が壊れています"):
        fonts.find_font("pair.ttc", [tmp_path], HERE)
