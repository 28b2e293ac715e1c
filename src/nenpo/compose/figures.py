"""Photos and the logo, from the records to the document model, through the template.

A template places an event's photos with `{{ s.photos|photos }}` and the cover's logo with
`{{ organisation.logo|logo }}`. The filters prepare each picture once at the size it will be printed
(`compose/pictures.py`) and number the photos in reading order (写真1, 写真2 …, the style's `label`);
the Markdown they write names the prepared figures only by number (`![](nenpo-figure:3)` inside
`!!! figures` or `!!! logo`, a fence of their own so a logo can sit in `::: cover`), so no record text passes through Markdown, and the parser turns those
containers into `Figures` blocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from nenpo.compose.escape import Markdown
from nenpo.compose.labels import fill_blanks
from nenpo.document.model import Figure, Run
from nenpo.records.model import Photo
from nenpo.document import plan
from nenpo.style import Styles

#: The Markdown link scheme that names a prepared figure (`nenpo-figure:3`).
SCHEME = "nenpo-figure:"


@dataclass
class FigureRegistry:
    """The figures of one rendering, in the order the template placed them."""

    root: Path
    styles: Styles
    paren: str = "（{}）"
    figures: list[Figure] = field(default_factory=list)
    photos_seen: int = 0

    def _box(self, kind: str) -> tuple[int, int]:
        """The most pixels a picture of this kind can need: the largest box it may be printed in
        (document/plan.py decides it for every writer) at the style's dpi."""
        spec = self.styles.figures
        width = plan.text_width_pt(self.styles)
        height = min(spec.max_height_mm * plan.PT_PER_MM, plan.text_height_pt(self.styles) * plan.MAX_PAGE_SHARE)
        if kind == "logo":
            width = min(spec.logo_width_mm * plan.PT_PER_MM, width)
        else:
            width = plan.cell_width(width, spec.per_row, spec.gap_mm * plan.PT_PER_MM)
        return plan.Box(width, height).pixels(spec.dpi)

    def add(self, photo: Photo, kind: str) -> int:
        """Prepare one picture for its printed box; its index in the registry."""
        from nenpo.compose.pictures import prepare

        label = ""
        if kind != "logo":
            self.photos_seen += 1
            spec = self.styles.figures
            label = fill_blanks(spec.label, {"n": self.photos_seen}) if spec.label else ""
        caption = photo.caption or ""
        if photo.credit:
            caption += self.paren.format(photo.credit)
        picture = prepare(self.root / photo.path, *self._box(kind))
        self.figures.append(Figure(picture, label, (Run(caption),) if caption else (), photo.alt or photo.caption or ""))
        return len(self.figures) - 1

    def markdown(self, photos: list[Photo], kind: str) -> Markdown:
        """The container that places these pictures, or nothing for no pictures."""
        if not photos:
            return Markdown("")
        lines = "".join(f"![]({SCHEME}{self.add(photo, kind)})\n" for photo in photos)
        name = "logo" if kind == "logo" else "figures"
        return Markdown(f"\n!!! {name}\n{lines}!!!\n\n")
