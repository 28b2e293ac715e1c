"""Photos made for the samples and the benchmark: invented scenes drawn with Pillow (no third-party
photos), with visible content — a sky, hills, a hall, people as simple figures and a caption banner —
so a reader of the sample report sees real pictures, and noise so the JPEG weighs what a phone's does.

    python bench/make_photos.py OUT_DIR N [--size 4000x3000] [--seed S]

writes OUT_DIR/photo-001.jpg … (deterministic for a given seed), and `logo()` a round emblem PNG with
transparency for a cover.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_CANDIDATES = ("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
                   "/usr/share/fonts/truetype/ipaexfont-gothic/ipaexg.ttf")


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    for path in FONT_CANDIDATES:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default()


def photo(width: int, height: int, seed: int, title: str, noise: bool = True) -> Image.Image:
    """A scene: sky, hills, a hall with a banner, a row of people, the title on the banner."""
    rng = random.Random(seed)
    img = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(img)
    top, bottom = (rng.randint(90, 140), rng.randint(150, 200), 235), (220, 235, 250)
    for y in range(height):
        t = y / height
        draw.line([(0, y), (width, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    for i in range(3):
        base = int(height * (0.55 + 0.08 * i))
        green = (60 + 30 * i, 120 + 25 * i, 60 + 10 * i)
        points = [(0, height)] + [(x, base - int(rng.random() * height * 0.12)) for x in range(0, width + 1, width // 6)] + [(width, height)]
        draw.polygon(points, fill=green)
    hall = (int(width * 0.25), int(height * 0.35), int(width * 0.75), int(height * 0.8))
    draw.rectangle(hall, fill=(235, 225, 205), outline=(120, 90, 60), width=max(2, width // 400))
    banner = (hall[0] + width // 40, hall[1] + height // 30, hall[2] - width // 40, hall[1] + height // 7)
    draw.rectangle(banner, fill=(180, 30, 40))
    fits = (banner[2] - banner[0]) * 9 // (10 * max(1, len(title)))  # a 全角 character is about 1 em wide
    font = _font(max(12, min((banner[3] - banner[1]) * 3 // 5, fits)))
    draw.text(((banner[0] + banner[2]) // 2, (banner[1] + banner[3]) // 2), title, fill="white", font=font, anchor="mm")
    for k in range(8):
        x = int(width * (0.1 + 0.1 * k))
        y = int(height * 0.86)
        r = max(4, width // 60)
        colour = (rng.randint(20, 200), rng.randint(20, 200), rng.randint(20, 200))
        draw.ellipse((x - r, y - 3 * r, x + r, y - r), fill=(240, 200, 170))
        draw.rectangle((x - r, y - r, x + r, y + 2 * r), fill=colour)
    if noise:  # what a phone's sensor adds, and what makes its JPEG weigh megabytes
        grain = Image.effect_noise((width, height), 24).convert("RGB")
        img = Image.blend(img, grain, 0.12).filter(ImageFilter.SMOOTH_MORE)
    return img


def logo(size: int = 400) -> Image.Image:
    """A round emblem with a stylised mountain and 年報, on a transparent background."""
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.ellipse((8, 8, size - 8, size - 8), fill=(30, 80, 140, 255))
    draw.polygon([(size * 0.18, size * 0.68), (size * 0.45, size * 0.3), (size * 0.6, size * 0.5),
                  (size * 0.7, size * 0.4), (size * 0.84, size * 0.68)], fill=(255, 255, 255, 255))
    draw.text((size / 2, size * 0.8), "まちづくり", fill="white", font=_font(size // 10), anchor="mm")
    return img


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--size", default="4000x3000")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    args.out.mkdir(parents=True, exist_ok=True)
    for i in range(1, args.n + 1):
        path = args.out / f"photo-{i:03d}.jpg"
        if not path.exists():  # drawn once, kept between runs
            photo(width, height, args.seed * 1000 + i, f"第{(i + 1) // 2}回 研修").save(path, quality=92)


if __name__ == "__main__":
    main()
