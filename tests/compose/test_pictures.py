"""Preparing a photo or logo for the report: small, upright, sRGB, the same bytes every build."""

from __future__ import annotations

import io
import os
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageCms, ImageDraw

from nenpo.compose import pictures
from nenpo.compose.pictures import fitted_size, pixels_for, prepare
from nenpo.errors import InvalidValue


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    pictures.clear_cache()
    yield
    pictures.clear_cache()


@pytest.fixture(scope="module")
def phone_photo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 4000×3000 JPEG of about 5 MB, as a phone takes it: noise over a gradient, some shapes,
    EXIF with GPS, an sRGB profile."""
    rnd = random.Random(7)
    noise = Image.effect_noise((4000, 3000), 40).convert("RGB")
    image = Image.blend(Image.linear_gradient("L").resize((4000, 3000)).convert("RGB"), noise, 0.5)
    draw = ImageDraw.Draw(image)
    for _ in range(60):
        x, y = rnd.randrange(4000), rnd.randrange(3000)
        draw.ellipse((x, y, x + rnd.randrange(50, 600), y + rnd.randrange(50, 600)),
                     fill=(rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (38.0, 5.0, 0.0)}
    file = tmp_path_factory.mktemp("phone") / "IMG_0001.JPG"
    image.save(file, "JPEG", quality=95, exif=exif.tobytes(),
               icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    return file


def _decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_a_box_in_millimetres_becomes_pixels_at_the_dpi() -> None:
    assert (pixels_for(80, 200), pixels_for(60, 200)) == (630, 473)
    assert pixels_for(25.4, 300) == 300


def test_a_size_is_fitted_keeping_its_aspect_and_never_enlarged() -> None:
    assert fitted_size((4000, 3000), (630, 473)) == (630, 472)
    assert fitted_size((3000, 4000), (630, 473)) == (355, 473)
    assert fitted_size((100, 80), (630, 473)) == (100, 80)


def test_a_phone_photo_is_downsampled_to_its_printed_size_and_small(phone_photo: Path) -> None:
    assert phone_photo.stat().st_size > 4 * 2**20
    picture = prepare(phone_photo, pixels_for(80, 200), pixels_for(60, 200))
    assert picture.format == "jpeg"
    assert picture.width_px <= 630 and picture.height_px <= 473
    assert (picture.width_px, picture.height_px) == (630, 472)
    assert len(picture.data) < 500 * 1024  # measured: about 40 KB
    decoded = _decoded(picture.data)
    assert (decoded.mode, decoded.size) == ("RGB", (630, 472))


def test_what_is_embedded_holds_no_metadata(phone_photo: Path) -> None:
    data = prepare(phone_photo, 630, 473).data
    assert b"Exif" not in data and b"ICC_PROFILE" not in data
    decoded = _decoded(data)
    assert "exif" not in decoded.info and "icc_profile" not in decoded.info and "comment" not in decoded.info
    assert decoded.info.get("progressive", 0) == 0


def test_the_same_file_gives_the_same_bytes_in_every_build(phone_photo: Path) -> None:
    first = prepare(phone_photo, 630, 473).data
    pictures.clear_cache()
    assert prepare(phone_photo, 630, 473).data == first


def test_the_same_file_used_twice_is_prepared_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "p.jpg"
    Image.new("RGB", (300, 200), "green").save(file)
    opened: list[Path] = []
    real = pictures.open_image

    def counting(path: Path, **kwargs: object) -> Image.Image:
        opened.append(path)
        return real(path, **kwargs)

    monkeypatch.setattr(pictures, "open_image", counting)
    assert prepare(file, 100, 100) is prepare(tmp_path / "." / "p.jpg", 100, 100)
    assert len(opened) == 1
    prepare(file, 50, 50)  # another box is another picture
    assert len(opened) == 2
    Image.new("RGB", (300, 200), "red").save(file)
    os.utime(file, ns=(10**18, 10**18))  # edited: the file is read again
    assert _decoded(prepare(file, 100, 100).data).getpixel((10, 10))[0] > 200
    assert len(opened) == 3


def test_a_file_gone_since_the_check_is_a_user_error_not_a_crash(tmp_path: Path) -> None:
    with pytest.raises(InvalidValue) as caught:
        prepare(tmp_path / "photos" / "01.jpg", 630, 473)
    assert str(caught.value.text) == f"画像ファイル「{tmp_path / 'photos' / '01.jpg'}」がありません。"


def test_a_small_image_is_not_enlarged(tmp_path: Path) -> None:
    file = tmp_path / "small.jpg"
    Image.effect_noise((100, 80), 50).convert("RGB").save(file)
    picture = prepare(file, 630, 473)
    assert (picture.width_px, picture.height_px) == (100, 80)


def test_a_portrait_photo_stored_sideways_comes_out_upright(tmp_path: Path) -> None:
    stored = Image.effect_noise((1600, 1200), 30).convert("RGB")
    stored.paste((255, 0, 0), (0, 0, 800, 1200))  # left half red: the top once upright
    exif = Image.Exif()
    exif[0x0112] = 6
    file = tmp_path / "portrait.jpg"
    stored.save(file, exif=exif.tobytes())
    picture = prepare(file, 630, 473)
    assert (picture.width_px, picture.height_px) == (355, 473)
    decoded = _decoded(picture.data)
    assert decoded.getpixel((177, 40))[0] > 200 and decoded.getpixel((177, 430))[0] < 200


def test_a_cmyk_photo_is_embedded_as_rgb(tmp_path: Path) -> None:
    file = tmp_path / "print.jpg"
    Image.new("CMYK", (800, 600), (255, 0, 0, 0)).save(file)
    picture = prepare(file, 400, 400)
    assert picture.format == "png"  # one flat colour: kept exact
    decoded = _decoded(picture.data)
    assert decoded.mode == "RGB" and decoded.size == (400, 300)
    red, green, blue = decoded.getpixel((10, 10))
    assert red < 60 and green > 200 and blue > 200


def test_a_logo_with_transparency_is_a_png_with_alpha(tmp_path: Path) -> None:
    logo = Image.new("RGBA", (1200, 400), (0, 0, 0, 0))
    ImageDraw.Draw(logo).ellipse((100, 50, 1100, 350), fill=(0, 90, 160, 255))
    file = tmp_path / "logo.png"
    logo.save(file)
    picture = prepare(file, 300, 300)
    assert (picture.format, picture.width_px, picture.height_px) == ("png", 300, 100)
    decoded = _decoded(picture.data)
    assert decoded.mode == "RGBA" and decoded.getpixel((0, 0))[3] == 0 and decoded.getpixel((150, 50))[3] == 255


def test_a_flat_coloured_logo_without_transparency_is_a_png(tmp_path: Path) -> None:
    logo = Image.new("RGB", (600, 200), "white")
    ImageDraw.Draw(logo).rectangle((20, 20, 180, 180), fill=(200, 0, 0))
    file = tmp_path / "logo.jpg.png"
    logo.save(file, "PNG")
    assert prepare(file, 600, 600).format == "png"


def test_a_photo_with_transparency_is_still_a_png(tmp_path: Path) -> None:
    photo = Image.effect_noise((400, 300), 60).convert("RGBA")
    photo.putpixel((0, 0), (0, 0, 0, 0))
    file = tmp_path / "cutout.png"
    photo.save(file)
    assert prepare(file, 200, 200).format == "png"
