"""A photo or logo file → a `Picture` ready to embed: upright, sRGB, no larger than its printed
size calls for, encoded once, without metadata.

A phone photo (4000×3000, 5 MB) printed 80 mm wide at 200 dpi needs 630 pixels across; embedding
it whole would make a report of 60 photos hundreds of MB. Each file is downsampled (never
upsampled) with Lanczos to fit its box and encoded once: JPEG at quality 85, or PNG where it has
transparency or few colours (a logo, a chart). The encoding holds nothing but pixels (no EXIF,
GPS, ICC profile, comment or time), so the same file gives the same bytes in every build, and a
file used twice is prepared once per process.
"""

from __future__ import annotations

import io
import math
from functools import lru_cache
from pathlib import Path

from PIL import Image

from nenpo.document.model import Picture
from nenpo.records.images import open_image

JPEG_QUALITY = 85
#: At most this many distinct colours (in the file as drawn, before scaling) is a logo or a chart:
#: PNG keeps its flat colours and sharp edges, where JPEG would blur them.
FEW_COLOURS = 256
MM_PER_INCH = 25.4


def pixels_for(mm: float, dpi: int) -> int:
    """The pixels that `mm` printed at `dpi` needs, rounded up (80 mm at 200 dpi → 630)."""
    return max(1, math.ceil(mm / MM_PER_INCH * dpi - 1e-9))


def fitted_size(size: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """`size` scaled down, keeping its aspect, to fit `box`; never scaled up."""
    width, height = size
    scale = min(1.0, box[0] / width, box[1] / height)
    if scale >= 1.0:
        return size
    return max(1, min(box[0], round(width * scale))), max(1, min(box[1], round(height * scale)))


def prepare(path: Path, max_width_px: int, max_height_px: int) -> Picture:
    """The picture of the image file at `path`, fitted to `max_width_px` × `max_height_px`.

    The file is taken as checked (records.images.check_image); a problem met now still raises
    InvalidValue. Prepared once per process for each (file, size, modification time, box).
    """
    resolved = path.resolve()
    try:
        info = resolved.stat()
    except OSError:  # gone since it was checked: open_image says so in the catalog's words
        return _prepared.__wrapped__(resolved, 0, 0, max(1, max_width_px), max(1, max_height_px))
    return _prepared(resolved, info.st_size, info.st_mtime_ns, max(1, max_width_px), max(1, max_height_px))


@lru_cache(maxsize=1024)
def _prepared(path: Path, size: int, mtime_ns: int, width: int, height: int) -> Picture:
    """`prepare` itself; size and mtime_ns are part of the key only, so an edited file is read again."""
    del size, mtime_ns
    image = open_image(path, reduce_to=(width, height))
    png = image.mode == "RGBA" or image.getcolors(FEW_COLOURS) is not None
    fitted = fitted_size(image.size, (width, height))
    if fitted != image.size:
        image = image.resize(fitted, Image.Resampling.LANCZOS, reducing_gap=3.0)
    data = _encode(image, png)
    return Picture(data=data, format="png" if png else "jpeg", width_px=image.width, height_px=image.height)


def _encode(image: Image.Image, png: bool) -> bytes:
    """The pixels alone, the same bytes for the same pixels: no metadata is passed, and the image
    carries none (open_image clears it)."""
    out = io.BytesIO()
    if png:
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=False, subsampling="4:2:0")
    return out.getvalue()


def clear_cache() -> None:
    """Forget every prepared picture (for tests and long-running processes)."""
    _prepared.cache_clear()
