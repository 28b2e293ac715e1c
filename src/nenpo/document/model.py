"""The document model: what a template says, in a form every writer can set.

Rendered Markdown → these blocks (document/parse.py) → one writer per format. Writers see only
this module, never records or templates; a new output format implements one function over these
types. `origin` on a block is the template file and line that wrote it, so a problem found in a
block (a style the sheet lacks, a character the font lacks) is reported at the editor's own line.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, TypeAlias

from nenpo.errors import Location


#: What **bold** in a template means, in every format: the run is set in the ゴシック typeface at
#: its regular weight, as Japanese print marks emphasis (a 明朝 has no true bold, and a synthetic one
#: looks smeared). Italic has no Japanese counterpart and is refused at the template line.
EMPHASIS_FONT = "gothic"


@dataclass(frozen=True)
class Run:
    """A piece of inline text with one look (`bold`: emphasised, set in EMPHASIS_FONT)."""

    text: str
    bold: bool = False


Inlines: TypeAlias = tuple[Run, ...]


def plain(inlines: Inlines) -> str:
    """The text of inline runs without their look (for bookmarks, the 目次 and tests)."""
    return "".join(r.text for r in inlines)


@dataclass(frozen=True)
class Heading:
    """A heading of level 1–3; levels 1 and 2 go into the 目次 and the bookmarks."""

    level: int
    inlines: Inlines
    style: str | None = None
    origin: Location | None = None

    @property
    def text(self) -> str:
        return plain(self.inlines)

    @property
    def style_name(self) -> str:
        """The style it is set in: the one the template names, else `Heading 1`–`Heading 3`."""
        return self.style or f"Heading {min(self.level, 3)}"


@dataclass(frozen=True)
class Paragraph:
    """A paragraph in a named style (`Normal` unless the template names another)."""

    inlines: Inlines
    style: str = "Normal"
    origin: Location | None = None

    @property
    def text(self) -> str:
        return plain(self.inlines)


@dataclass(frozen=True)
class Table:
    """A table with one header row; cells are inline runs. Column widths are left to the writer."""

    header: tuple[Inlines, ...]
    rows: tuple[tuple[Inlines, ...], ...]
    style: str = "Table"
    origin: Location | None = None
    #: Each column's alignment as the template's separator row wrote it: "right" (`----:`) marks a
    #: column of numbers, set as the style's `table:` says (document/plan.py `body_cell`); "" otherwise.
    align: tuple[str, ...] = ()
    #: The last row is a total (合計) row (`{total=1}` before the table): set in the emphasis face.
    total: bool = False


@dataclass(frozen=True)
class Toc:
    """The 目次: the writer fills in every level 1–2 heading with its page number."""

    title: str = "目次"
    origin: Location | None = None


@dataclass(frozen=True)
class PageBreak:
    """Start a new page."""

    origin: Location | None = None


@dataclass(frozen=True)
class Picture:
    """A photo or logo ready to embed: encoded once (JPEG, or PNG where it has transparency), at the
    pixel size its printed size and the style's dpi call for, without metadata."""

    data: bytes = field(repr=False)
    format: Literal["jpeg", "png"]
    width_px: int
    height_px: int

    @property
    def key(self) -> str:
        """What identifies the picture's content: the same picture used twice is embedded once."""
        return hashlib.sha256(self.data).hexdigest()[:16]


@dataclass(frozen=True)
class Figure:
    """One picture with its number (写真1, or empty), its caption and the text read in its place."""

    picture: Picture
    label: str
    caption: Inlines
    alt: str


@dataclass(frozen=True)
class Figures:
    """Pictures set in rows of `per_row` (photos after an event's text), or the cover's logo; each
    kept with its caption, never split from it across pages."""

    figures: tuple[Figure, ...]
    per_row: int
    kind: Literal["photos", "logo"] = "photos"
    origin: Location | None = None


Block: TypeAlias = Heading | Paragraph | Table | Toc | PageBreak | Figures


@dataclass(frozen=True)
class Section:
    """A run of blocks with a role: the cover (no page number), the body, or an appendix."""

    kind: Literal["cover", "body", "appendix"]
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Metadata:
    """What goes into the file's properties: title, author, subject, language, date."""

    title: str
    author: str
    subject: str = ""
    language: str = "ja-JP"
    created: date | None = None


@dataclass(frozen=True)
class Document:
    """A whole report: its sections in order and its metadata."""

    sections: tuple[Section, ...]
    metadata: Metadata
    #: The page label of each heading the 目次 lists, in order, as the PDF's layout placed them
    #: (the build fills it in for the DOCX, whose 目次 then shows them before Word updates it).
    toc_pages: tuple[str, ...] | None = None

    @property
    def blocks(self) -> tuple[Block, ...]:
        return tuple(b for s in self.sections for b in s.blocks)

    @property
    def has_cover(self) -> bool:
        return bool(self.sections) and self.sections[0].kind == "cover"
