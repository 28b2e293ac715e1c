"""Photos and the logo, from the records to the document model, through the template.

A template places an event's photos with `{{ s.photos|photos }}` and the cover's logo with
`{{ organisation.logo|logo }}`. The filters prepare each picture once at the size it will be printed
(`compose/pictures.py`) and number the photos in reading order (写真1, 写真2 …, the style's `label`);
the Markdown they write names the prepared figures only by number (`![](nenpo-figure:3)` inside
`::: figures` or `::: logo`), so no record text passes through Markdown, and the parser turns those
containers into `Figures` blocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from nenpo.compose.escape import Markdown
from nenpo.compose.labels import fill_blanks
from nenpo.document.model import Figure, Run
from nenpo.records.model import Photo
from nenpo.style import FiguresSpec

#: The Markdown link scheme that names a prepared figure (`nenpo-figure:3`).
SCHEME = "nenpo-figure:"
MM_PER_INCH = 25.4


@dataclass
class FigureRegistry:
    """The figures of one rendering, in the order the template placed them."""

    root: Path
    spec: FiguresSpec
    text_width_mm: float
    paren: str = "（{}）"
    figures: list[Figure] = field(default_factory=list)
    photos_seen: int = 0

    def _pixels(self, mm: float) -> int:
        return max(1, round(mm / MM_PER_INCH * self.spec.dpi))

    def add(self, photo: Photo, kind: str) -> int:
        """Prepare one picture for its printed box; its index in the registry."""
        from nenpo.compose.pictures import prepare

        if kind == "logo":
            width = min(self.spec.logo_width_mm, self.text_width_mm)
            box = (self._pixels(width), self._pixels(width * 2))
            label = ""
        else:
            per_row = self.spec.per_row
            width = (self.text_width_mm - self.spec.gap_mm * (per_row - 1)) / per_row
            box = (self._pixels(width), self._pixels(self.spec.max_height_mm))
            self.photos_seen += 1
            label = fill_blanks(self.spec.label, {"n": self.photos_seen}) if self.spec.label else ""
        caption = photo.caption or ""
        if photo.credit:
            caption += self.paren.format(photo.credit)
        picture = prepare(self.root / photo.path, *box)
        self.figures.append(Figure(picture, label, (Run(caption),) if caption else (), photo.alt or photo.caption or ""))
        return len(self.figures) - 1

    def markdown(self, photos: list[Photo], kind: str) -> Markdown:
        """The container that places these pictures, or nothing for no pictures."""
        if not photos:
            return Markdown("")
        lines = "".join(f"![]({SCHEME}{self.add(photo, kind)})\n" for photo in photos)
        name = "logo" if kind == "logo" else "figures"
        return Markdown(f"\n::: {name}\n{lines}:::\n\n")
