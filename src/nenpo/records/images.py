"""Photo and logo files: checked at `nenpo check`, and decoded into plain 8-bit sRGB pictures.

An image named in the records is the user's file, so everything that can go wrong with it is a
Japanese error at the records line, never a traceback: a path that leaves the records folder, a
missing file, a PDF or Word file where a photo belongs, a format we do not read, a truncated
download, and a decompression bomb (a small file that would decode into gigabytes), refused from
its header before any pixel is decoded. Only the formats a secretariat meets are opened (JPEG,
PNG, GIF, WebP, TIFF, BMP, and HEIC when pi-heif is installed), so Pillow's rarer decoders are
never reached with a user's file.
"""

from __future__ import annotations

import difflib
import io
import os
import re
import stat
import warnings
from pathlib import Path, PurePosixPath, PureWindowsPath

from PIL import Image, ImageCms, ImageOps

from nenpo.errors import InvalidValue
from nenpo.messages import Text

#: Largest image file read: a phone photo is a few MB, a scan at most tens.
MAX_FILE_BYTES = 50 * 2**20
#: Largest image decoded, from the width and height in its header: 60 million pixels (a 48 MP
#: phone's full-size photo fits; 180 MB as RGB). Larger is a mistake or a decompression bomb.
MAX_PIXELS = 60_000_000
#: Pillow's names of the formats read; anything else is refused before a decoder runs.
FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "TIFF", "BMP")  # JPEG includes MPO (multi-picture JPEG)
_HEIF = "HEIF"

#: Brands of an ISO media file (`ftyp` box) that are HEIC/HEIF stills, as iPhones save them.
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
_AVIF_BRANDS = {b"avif", b"avis"}
#: Other formats a user may name that Pillow could not read or we do not read, by their magic bytes.
_OTHER_IMAGES = ((b"8BPS", "Photoshop (PSD)"), (b"\x00\x00\x01\x00", "ICO"), (b"II*\x00\x10\x00\x00\x00CR", "RAW (CR2)"),
                 (b"\xff\x0a", "JPEG XL"), (b"\x00\x00\x00\x0cJXL ", "JPEG XL"))


def _heif_reader() -> bool:
    """Register the HEIC/HEIF decoder with Pillow if one is installed; whether HEIC can be read."""
    for module in ("pi_heif", "pillow_heif"):
        try:
            opener = __import__(module).register_heif_opener
        except ImportError:
            continue
        opener()
        return True
    return False


Image.init()  # registers every plugin: Image.open(formats=…) looks only among registered ones
HEIF_AVAILABLE = _heif_reader()


def _inside_hint() -> Text:
    return Text("image.inside_hint")


def resolve_in(path: str, root: Path) -> Path:
    """The file `path` names inside the records folder `root`, or an error when it leaves it.

    Refused: an absolute path (`/etc/passwd`, `C:\\photos\\1.jpg`, `\\\\server\\share`), a path
    whose `..` climbs out, and a link (of the file or of a folder on the way) whose target is
    outside. `\\` is read as a folder separator, as Windows users write it.
    """
    written = path.replace("\\", "/")
    if PurePosixPath(written).is_absolute() or PureWindowsPath(path).drive or PureWindowsPath(path).root:
        raise InvalidValue(Text("image.absolute", path=path), _inside_hint())
    base = Path(os.path.abspath(root))
    lexical = Path(os.path.normpath(base / written))
    if not lexical.is_relative_to(base):
        raise InvalidValue(Text("image.outside", path=path), _inside_hint())
    try:
        real, real_base = lexical.resolve(), base.resolve()
    except (OSError, RuntimeError) as exc:  # a link loop
        raise InvalidValue(Text("image.cannot_open", path=path, detail=str(exc)), Text("image.cannot_open_hint")) from None
    if not real.is_relative_to(real_base):
        raise InvalidValue(Text("image.link_outside", path=path), Text("image.link_outside_hint"))
    return lexical


def _missing_hint(written: str, file: Path, root: Path) -> Text:
    """A close name in the same folder (`IMG_0001.JPG` for `img_0001.jpg`), or where paths start."""
    try:
        names = [p.name for p in file.parent.iterdir()] if file.parent.is_dir() else []
    except OSError:
        names = []
    lowered = {n.lower(): n for n in names}
    close = ([lowered[file.name.lower()]] if file.name.lower() in lowered
             else difflib.get_close_matches(file.name, names, n=1, cutoff=0.6))
    if close:
        shown = str(PurePosixPath(written.replace("\\", "/")).with_name(close[0]))
        return Text("image.did_you_mean", close=shown)
    return Text("image.missing_hint", folder=str(root))


def read_image_file(path: str, root: Path) -> bytes:
    """The bytes of the image file `path` names in the records folder `root`; see resolve_in and
    read_regular_image for what is refused."""
    file = resolve_in(path, root)
    try:
        return read_regular_image(file, path)
    except FileNotFoundError:
        raise InvalidValue(Text("image.missing", path=path), _missing_hint(path, file, root)) from None


def read_regular_image(file: Path, path: str) -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES, `path` being its name in messages;
    a folder, a device or a pipe is refused before it is read, and never more than the limit is
    read. A missing file raises FileNotFoundError, for the caller to explain."""
    try:
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise
    except IsADirectoryError:
        raise InvalidValue(Text("image.is_folder", path=path), Text("image.is_folder_hint", path=path)) from None
    except OSError as exc:
        raise InvalidValue(Text("image.cannot_open", path=path, detail=exc.strerror or str(exc)),
                           Text("image.cannot_open_hint")) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InvalidValue(Text("image.is_folder", path=path), Text("image.is_folder_hint", path=path))
        if not stat.S_ISREG(info.st_mode):
            raise InvalidValue(Text("image.not_regular", path=path), _inside_hint())
        if info.st_size > MAX_FILE_BYTES:
            raise _too_large(path, info.st_size)
        with os.fdopen(os.dup(fd), "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(path, len(data))
    return data


def _too_large(path: str, size: int) -> InvalidValue:
    return InvalidValue(Text("image.too_large", path=path, size=f"{size / 2**20:,.1f}", limit=MAX_FILE_BYTES // 2**20),
                        Text("image.smaller_hint"))


def _not_image_kind(data: bytes) -> Text | None:
    """What a file that no image decoder took is, from its first bytes (a PDF, a Word file, …)."""
    head = data[:64]
    if head.startswith(b"%PDF"):
        return Text("image.kind_pdf")
    if head.startswith(b"PK\x03\x04"):
        if b"word/" in data:
            return Text("image.kind_word")
        if b"xl/" in data:
            return Text("image.kind_excel")
        if b"ppt/" in data:
            return Text("image.kind_powerpoint")
        return Text("image.kind_zip")
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return Text("image.kind_office")
    if head.startswith(b"{\\rtf"):
        return Text("image.kind_rtf")
    if head[4:8] == b"ftyp" and head[8:12] not in _HEIF_BRANDS | _AVIF_BRANDS:
        return Text("image.kind_video")
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<!doctype html", b"<html")):
        return Text("image.kind_html")
    if b"<svg" in data[:4096].lower():
        return None  # an image, but one we do not read: named by _other_format
    if _is_text(data[:4096]):
        return Text("image.kind_text")
    return None


def _is_text(sample: bytes) -> bool:
    if not sample or b"\x00" in sample:
        return False
    for encoding in ("utf-8", "cp932"):
        try:
            sample.decode(encoding)
        except UnicodeDecodeError as exc:
            if exc.start >= len(sample) - 3:  # a character cut at the end of the sample
                return True
            continue
        return True
    return False


def _other_format(data: bytes) -> str | None:
    """The name of an image format we do not read (PSD, AVIF, SVG, …), from its first bytes."""
    head = data[:64]
    if head[4:8] == b"ftyp" and head[8:12] in _AVIF_BRANDS:
        return "AVIF"
    for magic, name in _OTHER_IMAGES:
        if head.startswith(magic):
            return name
    if b"<svg" in data[:4096].lower():
        return "SVG"
    return None


#: The first bytes of the formats we read (JPEG, PNG, GIF, BMP, TIFF both byte orders); WebP below.
_SUPPORTED_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"BM", b"II*\x00", b"MM\x00*")


def _looks_supported(data: bytes) -> bool:
    return data.startswith(_SUPPORTED_MAGIC) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP") or _is_heif(data)


def _is_heif(data: bytes) -> bool:
    return data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS


_BOMB_PIXELS = re.compile(r"\((\d+) pixels\)")


def _too_many_pixels(path: str, pixels: int | None) -> InvalidValue:
    shown = f"{pixels:,}" if pixels is not None else "?"
    return InvalidValue(Text("image.too_many_pixels", path=path, pixels=shown, limit=f"{MAX_PIXELS:,}"),
                        Text("image.smaller_hint"))


def _opened(data: bytes, path: str) -> Image.Image:
    """The image's header read (no pixel decoded yet), or the reason it cannot be an image we read."""
    heif = _is_heif(data)
    if heif and not HEIF_AVAILABLE:
        raise InvalidValue(Text("image.heic_unavailable", path=path), Text("image.heic_hint"))
    formats = (*FORMATS, _HEIF) if heif else FORMATS
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Pillow's notes on odd but readable files are not the user's business
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=formats)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            found = _BOMB_PIXELS.search(str(exc))
            raise _too_many_pixels(path, int(found[1]) if found else None) from None
        except Image.UnidentifiedImageError:
            if _looks_supported(data):  # a format we read, whose header its decoder refused
                raise InvalidValue(Text("image.corrupt", path=path), Text("image.corrupt_hint")) from None
            if (kind := _not_image_kind(data)) is not None:
                raise InvalidValue(Text("image.not_image", path=path, kind=kind), Text("image.not_image_hint")) from None
            if (name := _other_format(data)) is not None:
                raise InvalidValue(Text("image.unsupported", path=path, format=name), Text("image.formats_hint")) from None
            raise InvalidValue(Text("image.unknown", path=path), Text("image.formats_hint")) from None
        except Exception:  # a header that its decoder cannot read (bad CRC, impossible sizes)
            raise InvalidValue(Text("image.corrupt", path=path), Text("image.corrupt_hint")) from None
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise _too_many_pixels(path, width * height)
    return image


def _orientation(image: Image.Image) -> int:
    try:
        return int(image.getexif().get(0x0112, 1))
    except Exception:  # an unreadable EXIF block: the picture is shown as stored
        return 1


def _decoded(data: bytes, path: str, reduce_to: tuple[int, int] | None) -> Image.Image:
    """The image fully decoded, its first frame for an animation or a multi-page TIFF. A JPEG may
    be decoded at 1/2, 1/4 or 1/8 scale when `reduce_to` (the size wanted, as shown upright)
    allows: every byte is still decoded, so truncation is still found, in a fraction of the time
    and memory."""
    image = _opened(data, path)
    if reduce_to is not None and image.format in ("JPEG", "MPO"):
        width, height = reduce_to
        if _orientation(image) in (5, 6, 7, 8):
            width, height = height, width
        image.draft(None, (max(1, width), max(1, height)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Pillow's notes on odd but readable files are not the user's business
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels(path, image.size[0] * image.size[1]) from None
        except MemoryError:
            raise _too_many_pixels(path, image.size[0] * image.size[1]) from None
        except Exception:  # truncated or damaged data: OSError, SyntaxError, ValueError, zlib.error, …
            raise InvalidValue(Text("image.corrupt", path=path), Text("image.corrupt_hint")) from None
    return image


def check_image(path: str, root: Path) -> None:
    """Refuse, with the catalog's message and hint, an image path of the records (relative to the
    records folder `root`) that is outside the folder, missing, not an image, in a format we do not
    read, truncated or damaged, or too large to decode safely. The image is decoded in full."""
    data = read_image_file(path, root)
    image = _decoded(data, path, reduce_to=(1, 1))
    image.close()


def open_image(path: Path, *, reduce_to: tuple[int, int] | None = None) -> Image.Image:
    """The image at `path` decoded, upright (EXIF orientation applied), in 8-bit sRGB: mode RGB,
    or RGBA when it has transparency; CMYK, 16-bit, palette and grey images converted, an embedded
    colour profile converted to sRGB; no metadata kept (no EXIF, GPS, ICC or comments).

    `reduce_to` (width, height as shown) lets a JPEG be decoded at a reduced scale no smaller than
    that. Raises InvalidValue as check_image does.
    """
    shown = str(path)
    try:
        data = read_regular_image(path, shown)
    except FileNotFoundError:
        raise InvalidValue(Text("image.missing", path=shown), Text("image.missing_hint", folder=str(path.parent))) from None
    image = _decoded(data, shown, reduce_to)
    try:
        upright = ImageOps.exif_transpose(image)
    except Exception:  # an unreadable EXIF block: shown as stored
        upright = image.copy()
    icc = image.info.get("icc_profile")
    rgb = _to_srgb(_eight_bit(upright, shown), icc)
    image.close()
    if rgb.mode == "RGBA" and rgb.getchannel("A").getextrema() == (255, 255):
        rgb = rgb.convert("RGB")
    rgb.info = {}
    return rgb


def _eight_bit(image: Image.Image, path: str) -> Image.Image:
    """The image in one of L, LA, RGB, RGBA, CMYK, 8 bits per channel: 16-bit and 32-bit grey
    scaled to 8 bits rather than clipped, a palette or a transparent colour made into alpha."""
    mode = image.mode
    transparent = "transparency" in image.info
    if mode in ("LA", "RGBA", "CMYK") or (mode in ("L", "RGB") and not transparent):
        return image
    if mode.startswith("I;16"):
        return image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if mode == "I":
        high = image.getextrema()[1]
        return image.point(lambda v: v * (1 / 256 if isinstance(high, (int, float)) and high > 255 else 1)).convert("L")
    wanted = {"L": "LA", "1": "L", "F": "L", "La": "LA", "PA": "RGBA", "RGBa": "RGBA", "RGBX": "RGB"}.get(mode)
    if wanted is None:
        wanted = "RGBA" if transparent or mode.endswith("A") else "RGB"
    try:
        return image.convert(wanted)
    except ValueError:  # a colour mode Pillow cannot convert
        raise InvalidValue(Text("image.unsupported", path=path, format=f"{image.format} ({mode})"),
                           Text("image.formats_hint")) from None


_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """RGB, or RGBA when the image has alpha, in sRGB: through the embedded profile when there is
    one (a damaged or mismatched profile is ignored: the picture is taken as sRGB)."""
    alpha = image.getchannel("A") if image.mode in ("LA", "RGBA") else None
    base = image.convert(image.mode[:-1]) if alpha is not None else image
    rgb = _through_profile(base, icc) if icc else None
    if rgb is None:
        rgb = base.convert("RGB")
    if alpha is not None:
        rgb.putalpha(alpha)
    return rgb


def _through_profile(image: Image.Image, icc: bytes) -> Image.Image | None:
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.profileToProfile(image, profile, _SRGB, outputMode="RGB",
                                         renderingIntent=ImageCms.Intent.PERCEPTUAL)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None
