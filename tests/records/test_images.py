"""Photo and logo files: what `nenpo check` refuses, and how a file is decoded for the report.

Each refusal is checked by the sentence the secretariat reads; each conversion by the pixels that
come out (upright, 8-bit sRGB, no metadata).
"""

from __future__ import annotations

import io
import os
import struct
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageCms, ImageFile

from nenpo.errors import InvalidValue, NenpoError
from nenpo.records import images
from nenpo.records.images import check_image, open_image
from nenpo.records.load import load_records
from nenpo.records.validate import validate

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "images"


def _refusal(path: str, root: Path) -> tuple[str, str]:
    """The Japanese message and hint check_image gives for `path`."""
    with pytest.raises(InvalidValue) as caught:
        check_image(path, root)
    return caught.value.text.render(), caught.value.hint.render() if caught.value.hint else ""


def _save(image: Image.Image, file: Path, fmt: str | None = None, **options: object) -> Path:
    file.parent.mkdir(parents=True, exist_ok=True)
    image.save(file, fmt, **options)
    return file


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def bomb_png(width: int, height: int, megabytes: int = 100) -> bytes:
    """A PNG whose header says width × height (grey, 8 bits) and whose data starts as that many MB
    of zero rows: about 1 KB per MB, so 100 KB for 50,000×50,000, made without allocating it."""
    packer = zlib.compressobj(9)
    block = packer.compress(b"\0" * 2**20) + packer.flush(zlib.Z_FULL_FLUSH)  # the same bytes each MB
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", block * megabytes)
            + _chunk(b"IEND", b""))


def linear_rgb_profile() -> bytes:
    """An ICC v2 RGB profile with sRGB's primaries but a linear tone curve (gamma 1.0): a mid
    grey 128 in it is a light grey (about 188) in sRGB, so a conversion shows in the pixels."""
    def s15(v: float) -> bytes:
        return struct.pack(">i", round(v * 65536))

    def xyz(x: float, y: float, z: float) -> bytes:
        return b"XYZ " + b"\0" * 4 + s15(x) + s15(y) + s15(z)

    curve = b"curv" + b"\0" * 4 + struct.pack(">I", 1) + struct.pack(">H", 256) + b"\0\0"
    desc = b"desc" + b"\0" * 4 + struct.pack(">I", 7) + b"linear\0" + b"\0" * 4 + b"\0" * 4 + b"\0" * 3 + b"\0" * 67
    tags = [(b"desc", desc), (b"wtpt", xyz(0.9642, 1.0, 0.8249)), (b"rXYZ", xyz(0.4361, 0.2225, 0.0139)),
            (b"gXYZ", xyz(0.3851, 0.7169, 0.0971)), (b"bXYZ", xyz(0.1431, 0.0606, 0.7141)),
            (b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve)]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for signature, data in tags:
        data += b"\0" * (-len(data) % 4)
        table += signature + struct.pack(">II", offset + len(body), len(data))
        body += data
    size = offset + len(body)
    header = (struct.pack(">I", size) + b"lcms" + bytes([2, 0x10, 0, 0]) + b"mntrRGB XYZ " + b"\0" * 12 + b"acsp"
              + b"\0" * 24 + struct.pack(">I", 0) + s15(0.9642) + s15(1.0) + s15(0.8249) + b"\0" * 48)
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + body


# --- paths that leave the records folder ---------------------------------------------------------


@pytest.mark.parametrize("path", ["../outside.jpg", "photos/../../outside.jpg", "..\\outside.jpg"])
def test_a_path_that_climbs_out_of_the_records_folder_is_refused(tmp_path: Path, path: str) -> None:
    root = tmp_path / "records"
    _save(Image.new("RGB", (8, 8)), tmp_path / "outside.jpg")
    message, hint = _refusal(path, root)
    assert message == f"「{path}」は記録のフォルダの外を指しています。"
    assert "記録のフォルダ(report.yaml のあるフォルダ)の中に置き" in hint


@pytest.mark.parametrize("path", ["/etc/passwd", "C:\\Users\\jimukyoku\\logo.png", "c:/photos/1.jpg",
                                  "\\\\server\\share\\1.jpg"])
def test_an_absolute_path_is_refused(tmp_path: Path, path: str) -> None:
    message, _ = _refusal(path, tmp_path)
    assert message == f"「{path}」は「/」やドライブ名(C: など)から始まる、パソコンの中での位置です。"


def test_a_link_to_a_file_outside_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "records"
    outside = _save(Image.new("RGB", (8, 8)), tmp_path / "elsewhere" / "1.jpg")
    (root / "photos").mkdir(parents=True)
    (root / "photos" / "1.jpg").symlink_to(outside)
    (root / "shared").symlink_to(outside.parent, target_is_directory=True)
    for path in ("photos/1.jpg", "shared/1.jpg"):
        message, hint = _refusal(path, root)
        assert message == f"「{path}」はリンク(ショートカット)で、行き先が記録のフォルダの外です。"
        assert hint == "リンクではなく、写真のファイルそのものを記録のフォルダにコピーしてください。"


def test_a_link_to_dev_zero_is_refused_without_reading_it(tmp_path: Path) -> None:
    (tmp_path / "zero.jpg").symlink_to("/dev/zero")
    message, _ = _refusal("zero.jpg", tmp_path)
    assert "リンク" in message


def test_a_link_inside_the_records_folder_is_followed(tmp_path: Path) -> None:
    _save(Image.new("RGB", (8, 8), "red"), tmp_path / "originals" / "1.jpg")
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "1.jpg").symlink_to("../originals/1.jpg")
    check_image("photos/1.jpg", tmp_path)
    check_image("photos\\1.jpg", tmp_path)  # written with Windows' separator


# --- files that are not there, or not files ------------------------------------------------------


def test_a_missing_file_names_a_close_name_in_its_folder(tmp_path: Path) -> None:
    _save(Image.new("RGB", (8, 8)), tmp_path / "photos" / "IMG_0001.JPG", "JPEG")
    message, hint = _refusal("photos/img_0001.jpg", tmp_path)
    assert message == "画像ファイル「photos/img_0001.jpg」がありません。"
    assert hint == "もしかして「photos/IMG_0001.JPG」ですか。"


def test_a_missing_file_with_no_close_name_says_where_paths_start(tmp_path: Path) -> None:
    message, hint = _refusal("photos/01.jpg", tmp_path)
    assert message == "画像ファイル「photos/01.jpg」がありません。"
    assert hint == f"ファイルの名前と置き場所を確かめてください。記録のフォルダ({tmp_path})からの位置で書きます。"


def test_a_folder_and_a_named_pipe_are_refused(tmp_path: Path) -> None:
    (tmp_path / "photos").mkdir()
    os.mkfifo(tmp_path / "pipe.jpg")
    assert _refusal("photos", tmp_path) == ("「photos」はフォルダです。画像ファイルではありません。",
                                            "フォルダの中の画像ファイルの名前まで書いてください(例: photos/01.jpg)。")
    assert _refusal("pipe.jpg", tmp_path)[0] == "「pipe.jpg」は普通のファイルではありません(デバイスや名前付きパイプなど)。"


def test_a_file_over_fifty_megabytes_is_refused_before_it_is_read(tmp_path: Path) -> None:
    with (tmp_path / "huge.jpg").open("wb") as fh:
        fh.truncate(60 * 2**20)  # sparse: nothing is written
    message, hint = _refusal("huge.jpg", tmp_path)
    assert message == "画像ファイル「huge.jpg」が大きすぎます(60.0 MB。50 MB まで)。"
    assert "長い辺を 4000 ピクセルほどに縮めて" in hint


# --- files that are not images, or not images we read ------------------------------------------


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


@pytest.mark.parametrize(("content", "kind"), [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF の文書"),
    (_docx(), "Word の文書"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "古い形式の Word・Excel などのファイル"),
    ("会場の写真は後で送ります。\n".encode(), "文字だけのファイル"),
    (b"<!DOCTYPE html><html><body>photo</body></html>", "Web ページ(HTML)"),
    (b"\0\0\0\x18ftypmp42" + b"\0" * 100, "動画"),
])
def test_a_file_that_is_no_image_is_named_for_what_it_is(tmp_path: Path, content: bytes, kind: str) -> None:
    (tmp_path / "photo.jpg").write_bytes(content)
    message, hint = _refusal("photo.jpg", tmp_path)
    assert message == f"「photo.jpg」は画像ではなく、{kind}です。"
    assert hint.startswith("JPEG・PNG などの画像ファイルを書いてください。")


def test_an_image_format_we_do_not_read_is_named(tmp_path: Path) -> None:
    _save(Image.new("RGB", (32, 32), "blue"), tmp_path / "icon.ico", "ICO")
    (tmp_path / "layers.psd").write_bytes(b"8BPS\0\x01" + b"\0" * 200)
    (tmp_path / "drawing.svg").write_text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>',
                                          encoding="utf-8")
    for name, shown in (("icon.ico", "ICO"), ("layers.psd", "Photoshop (PSD)"), ("drawing.svg", "SVG")):
        message, hint = _refusal(name, tmp_path)
        assert message == f"「{name}」は {shown} の画像で、この形式は使えません。"
        assert hint.startswith("JPEG か PNG で保存し直してください")


def test_bytes_that_are_nothing_known_are_refused(tmp_path: Path) -> None:
    (tmp_path / "x.jpg").write_bytes(bytes(range(256)) * 4)
    assert _refusal("x.jpg", tmp_path)[0] == "「x.jpg」は画像ではないか、読めない形式です。"


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "GIF", "WEBP", "TIFF", "BMP"])
def test_every_supported_format_is_read_as_rgb(tmp_path: Path, fmt: str) -> None:
    file = _save(Image.new("RGB", (40, 30), (200, 40, 40)), tmp_path / f"photo.{fmt.lower()}", fmt)
    check_image(file.name, tmp_path)
    image = open_image(file)
    assert (image.mode, image.size) == ("RGB", (40, 30))
    red, green, blue = image.getpixel((20, 15))
    assert red > 150 and green < 90 and blue < 90


def test_only_the_first_frame_of_an_animated_gif_is_read(tmp_path: Path) -> None:
    frames = [Image.new("P", (10, 10), i) for i in (1, 2, 3)]
    frames[0].putpalette([0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255] + [0] * 756)
    frames[0].save(tmp_path / "a.gif", save_all=True, append_images=frames[1:])
    assert open_image(tmp_path / "a.gif").getpixel((5, 5)) == (255, 0, 0)


@pytest.mark.skipif(not images.HEIF_AVAILABLE, reason="pi-heif is not installed")
def test_a_heic_photo_from_an_iphone_is_read() -> None:
    check_image("iphone.heic", FIXTURES)
    image = open_image(FIXTURES / "iphone.heic")
    assert (image.mode, image.size) == ("RGB", (64, 48))
    red, green, blue = image.getpixel((20, 20))  # the yellow rectangle
    assert red > 200 and green > 150 and blue < 80


def test_without_a_heic_reader_a_heic_photo_is_refused_with_how_to_convert(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(images, "HEIF_AVAILABLE", False)
    message, hint = _refusal("iphone.heic", FIXTURES)
    assert message == "「iphone.heic」は HEIC(iPhone の写真の形式)ですが、HEIC を読む部品(pi-heif)が入っていません。"
    assert "JPEG で保存し直してください" in hint and "互換性優先" in hint


# --- damaged files and decompression bombs ----------------------------------------------------


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_a_truncated_file_is_refused(tmp_path: Path, fmt: str) -> None:
    noise = Image.effect_noise((200, 150), 60).convert("RGB")
    whole = io.BytesIO()
    noise.save(whole, fmt)
    (tmp_path / "cut").write_bytes(whole.getvalue()[: len(whole.getvalue()) * 2 // 3])
    message, hint = _refusal("cut", tmp_path)
    assert message == "画像「cut」は壊れているか、途中で切れています。"
    assert hint.startswith("元の写真からもう一度コピーしてください")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_a_png_with_a_damaged_header_is_refused(tmp_path: Path) -> None:
    whole = io.BytesIO()
    Image.new("RGB", (20, 20)).save(whole, "PNG")
    data = bytearray(whole.getvalue())
    data[20] ^= 0xFF  # inside IHDR: its checksum no longer matches
    (tmp_path / "bad.png").write_bytes(bytes(data))
    assert _refusal("bad.png", tmp_path)[0] == "画像「bad.png」は壊れているか、途中で切れています。"


def test_a_decompression_bomb_is_refused_from_its_header_quickly(tmp_path: Path) -> None:
    data = bomb_png(50_000, 50_000)
    assert 90_000 < len(data) < 120_000  # a 100 KB file that would decode into 2.5 GB
    (tmp_path / "bomb.png").write_bytes(data)
    start = time.perf_counter()
    message, hint = _refusal("bomb.png", tmp_path)
    elapsed = time.perf_counter() - start
    assert message == "画像「bomb.png」の画素数が多すぎます(2,500,000,000 画素。60,000,000 画素まで)。"
    assert hint.startswith("スマートフォンの写真は 1,200 万画素")
    assert elapsed < 5  # measured: a few milliseconds


@pytest.mark.parametrize(("width", "height"), [(8000, 8000), (10_000, 10_000)])
def test_an_image_just_over_the_pixel_limit_is_refused(tmp_path: Path, width: int, height: int) -> None:
    (tmp_path / "big.png").write_bytes(bomb_png(width, height, 1))
    message, _ = _refusal("big.png", tmp_path)
    assert message == f"画像「big.png」の画素数が多すぎます({width * height:,} 画素。60,000,000 画素まで)。"


# --- decoding: upright, 8-bit sRGB, no metadata ------------------------------------------------


def test_a_cmyk_jpeg_comes_out_rgb(tmp_path: Path) -> None:
    file = _save(Image.new("CMYK", (30, 20), (0, 255, 255, 0)), tmp_path / "print.jpg", "JPEG")
    image = open_image(file)
    assert image.mode == "RGB"
    red, green, blue = image.getpixel((15, 10))
    assert red > 200 and green < 60 and blue < 60


def test_a_sixteen_bit_grey_png_is_scaled_to_eight_bits_not_clipped(tmp_path: Path) -> None:
    grey = Image.new("I;16", (20, 10), 0x8000)
    file = _save(grey, tmp_path / "scan.png", "PNG")
    with Image.open(file) as stored:
        assert stored.mode.startswith("I")
    image = open_image(file)
    assert image.mode == "RGB"
    assert image.getpixel((5, 5)) == (128, 128, 128)


def test_an_embedded_colour_profile_is_converted_to_srgb(tmp_path: Path) -> None:
    grey = Image.new("RGB", (20, 10), (128, 128, 128))
    linear = _save(grey, tmp_path / "linear.jpg", "JPEG", quality=100, icc_profile=linear_rgb_profile())
    srgb = _save(grey, tmp_path / "srgb.jpg", "JPEG", quality=100,
                 icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    converted = open_image(linear).getpixel((10, 5))
    assert all(180 <= c <= 196 for c in converted), converted  # linear 0.5 is sRGB ≈ 188
    assert all(abs(c - 128) <= 2 for c in open_image(srgb).getpixel((10, 5)))


def test_a_damaged_colour_profile_is_ignored_not_refused(tmp_path: Path) -> None:
    file = _save(Image.new("RGB", (20, 10), (10, 200, 10)), tmp_path / "p.jpg", "JPEG", icc_profile=b"not a profile")
    check_image("p.jpg", tmp_path)
    assert open_image(file).getpixel((10, 5))[1] > 180


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    stored = Image.new("RGB", (40, 20), (0, 0, 255))
    stored.paste((255, 0, 0), (0, 0, 20, 20))  # left half red, as the sensor stored it
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to show upright: the left side becomes the top
    file = _save(stored, tmp_path / "portrait.jpg", "JPEG", exif=exif.tobytes(), quality=95)
    image = open_image(file)
    assert image.size == (20, 40)
    assert image.getpixel((10, 5))[0] > 200 and image.getpixel((10, 35))[2] > 200


def test_transparency_is_kept_as_rgba_and_opaque_alpha_dropped(tmp_path: Path) -> None:
    logo = Image.new("RGBA", (20, 20), (0, 0, 0, 0))
    logo.paste((0, 128, 0, 255), (5, 5, 15, 15))
    transparent = _save(logo, tmp_path / "logo.png")
    opaque = _save(Image.new("RGBA", (20, 20), (9, 9, 9, 255)), tmp_path / "opaque.png")
    grey_alpha = _save(Image.new("LA", (20, 20), (100, 50)), tmp_path / "la.png")
    palette = Image.new("P", (20, 20), 0)
    palette.putpalette([255, 255, 255, 200, 0, 0] + [0] * 762)
    palette.paste(1, (0, 0, 10, 20))
    keyed = _save(palette, tmp_path / "keyed.gif", transparency=0)
    assert open_image(transparent).mode == "RGBA" and open_image(transparent).getpixel((0, 0))[3] == 0
    assert open_image(opaque).mode == "RGB"
    assert open_image(grey_alpha).getpixel((0, 0)) == (100, 100, 100, 50)
    shown = open_image(keyed)
    assert shown.mode == "RGBA" and shown.getpixel((15, 5))[3] == 0 and shown.getpixel((5, 5)) == (200, 0, 0, 255)


def test_no_metadata_is_kept(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (35.0, 41.0, 0.0)}  # GPS: where the photo was taken
    exif[0x010F] = "Phone maker"
    file = _save(Image.new("RGB", (20, 10)), tmp_path / "gps.jpg", "JPEG", exif=exif.tobytes(), comment=b"secret",
                 icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    image = open_image(file)
    assert image.info == {}
    assert dict(image.getexif()) == {}


# --- nenpo check: every photo and the logo at its records line --------------------------------


REPORT = """\
report:
  title: 広域連携事業報告書
  fiscal_year: 2019
organisation:
  name: 置賜広域行政事務組合
  logo: logo/missing.png
sessions:
  - number: 1
    kind: 集合研修
    title: 遠隔自治体間連携を考える
    date: 2019-07-05
    photos:
      - path: photos/ok.jpg
        caption: 会場の様子
      - path: photos/handout.pdf
        caption: 配布資料
      - photos/handout.pdf
appendices:
  - title: 資料
    photos:
      - path: ../outside.jpg
"""


def test_check_reports_every_bad_photo_of_the_run_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "report.yaml").write_text(REPORT, encoding="utf-8")
    _save(Image.new("RGB", (20, 10)), tmp_path / "photos" / "ok.jpg", "JPEG")
    (tmp_path / "photos" / "handout.pdf").write_bytes(b"%PDF-1.4\n")
    with pytest.raises(NenpoError) as caught:
        validate(load_records(tmp_path))
    shown = [p.format() for p in caught.value.problems]
    report = tmp_path / "report.yaml"
    assert shown == [
        f"{report}:6:9: organisation.logo.path: 画像ファイル「logo/missing.png」がありません。\n"
        f"    → ファイルの名前と置き場所を確かめてください。記録のフォルダ({tmp_path})からの位置で書きます。",
        f"{report}:15:15: sessions[1].photos[2].path: 「photos/handout.pdf」は画像ではなく、PDF の文書です。\n"
        "    → JPEG・PNG などの画像ファイルを書いてください。文書の中の写真や図を使うときは、画像(JPEG か PNG)として保存し直してください。",
        f"{report}:17:9: sessions[1].photos[3].path: 「photos/handout.pdf」は画像ではなく、PDF の文書です。\n"
        "    → JPEG・PNG などの画像ファイルを書いてください。文書の中の写真や図を使うときは、画像(JPEG か PNG)として保存し直してください。",
        f"{report}:21:15: appendices[1].photos[1].path: 「../outside.jpg」は記録のフォルダの外を指しています。\n"
        "    → 写真は記録のフォルダ(report.yaml のあるフォルダ)の中に置き、そこからの位置で書いてください(例: photos/01.jpg)。",
    ]


def test_check_passes_records_whose_photos_are_all_readable(tmp_path: Path) -> None:
    (tmp_path / "report.yaml").write_text(
        REPORT.replace("  logo: logo/missing.png\n", "").split("      - path: photos/handout.pdf")[0]
        + "appendices: []\n", encoding="utf-8")
    _save(Image.new("RGB", (20, 10)), tmp_path / "photos" / "ok.jpg", "JPEG")
    assert validate(load_records(tmp_path)).report.sessions[0].photos[0].path == "photos/ok.jpg"


def test_a_logo_beside_report_yaml_is_not_named_as_a_file_not_read(tmp_path: Path) -> None:
    (tmp_path / "report.yaml").write_text(
        REPORT.replace("logo/missing.png", "logo.png").split("    photos:")[0] + "appendices: []\n", encoding="utf-8")
    _save(Image.new("RGB", (20, 10)), tmp_path / "logo.png")
    _save(Image.new("RGB", (20, 10)), tmp_path / "IMG_0002.JPG", "JPEG")
    checked = validate(load_records(tmp_path))
    assert checked.report.organisation.logo is not None and checked.warnings == []
