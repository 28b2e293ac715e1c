"""The style sheet (`style.yaml` of a template): page, fonts, paragraph and table styles.

Read by both writers, so the PDF and the DOCX agree. Paragraph styles inherit with `parent:`
(the root is `Normal`); sizes are points, margins millimetres, indents 字 (em of the style's size).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from nenpo.errors import NenpoError, Problem
from nenpo.messages import Text
from nenpo.records.load import Source, load_file
from nenpo.records.validate import explain

Align = Literal["left", "center", "right", "justify"]
FontRole = Literal["mincho", "gothic"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Margins(_Strict):
    top: float = Field(35, description="上余白 (mm)")
    bottom: float = Field(30, description="下余白 (mm)")
    left: float = Field(30, description="左余白 (mm)")
    right: float = Field(30, description="右余白 (mm)")


class Grid(_Strict):
    """Word's document grid (文字数と行数): characters per line and lines per page."""

    chars: int = Field(40, ge=1, le=100, description="1行の文字数")
    lines: int = Field(36, ge=1, le=100, description="1ページの行数")


#: Paper sizes (width, height) in millimetres, portrait.
PAPER_MM: dict[str, tuple[float, float]] = {"A4": (210, 297)}


class Page(_Strict):
    size: Literal["A4"] = "A4"
    margins: Margins = Field(default_factory=Margins)
    footer_distance: float = Field(15, description="ページ番号の位置: 紙の下端から (mm)")
    page_number: str | None = Field("- {n} -", description="ページ番号の書式。{n} が番号。null で無し")
    toc_numbering: Literal["arabic", "roman"] = Field(
        "arabic", description="目次のページ番号: arabic は本文と通し番号、roman は i, ii… で本文が 1 から")
    header: str | None = Field(None, description="柱(各ページ上の見出し)。{title} が報告書の題名。null で無し")
    header_distance: float = Field(15, description="柱の位置: 紙の上端から (mm)")
    grid: Grid | None = Field(default_factory=Grid, description="Word の文字数と行数 (40字×36行)。null で無し")

    @property
    def width_mm(self) -> float:
        return PAPER_MM[self.size][0]

    @property
    def height_mm(self) -> float:
        return PAPER_MM[self.size][1]


class Fonts(_Strict):
    mincho: str = Field("IPAexMincho", description="本文の明朝体: フォント名かファイルのパス")
    gothic: str = Field("IPAexGothic", description="見出しのゴシック体: フォント名かファイルのパス")


class ParagraphSpec(_Strict):
    """A paragraph style as written in style.yaml; unset values come from the parent."""

    parent: str | None = None
    font: FontRole | None = None
    size: float | None = Field(None, gt=0)
    leading: float | None = Field(None, gt=0, description="行送り (pt)")
    align: Align | None = None
    first_line_indent: float | None = Field(None, description="字下げ (字)")
    left_indent: float | None = Field(None, description="左インデント (字)")
    space_before: float | None = None
    space_after: float | None = None
    color: str | None = Field(None, pattern=r"^#[0-9A-Fa-f]{6}$")
    keep_with_next: bool | None = None
    page_break_before: bool | None = None
    hanging_punctuation: bool | None = Field(None, description="ぶら下げ: 行末の 、。 を版面の外に出すか")
    latin_spacing: float | None = Field(None, ge=0, le=1, description="和欧間: 日本語と英数字の間の空き (字)")


class TableSpec(_Strict):
    border: float = Field(0.5, description="罫線の太さ (pt)")
    header_background: str = Field("#E6E6E6", pattern=r"^#[0-9A-Fa-f]{6}$")
    padding: float = Field(3, description="セルの内側の余白 (pt)")


class StyleSheet(_Strict):
    page: Page = Field(default_factory=Page)
    fonts: Fonts = Field(default_factory=Fonts)
    paragraphs: dict[str, ParagraphSpec]
    table: TableSpec = Field(default_factory=TableSpec)


@dataclass(frozen=True)
class ParagraphStyle:
    """A paragraph style with every value resolved through its parents."""

    name: str
    font: FontRole
    size: float
    leading: float
    align: Align
    first_line_indent: float
    left_indent: float
    space_before: float
    space_after: float
    color: str
    keep_with_next: bool
    page_break_before: bool
    hanging_punctuation: bool
    latin_spacing: float


_ROOT_DEFAULTS = ParagraphStyle(
    "Normal", "mincho", 10.5, 18.0, "justify", 0.0, 0.0, 0.0, 0.0, "#000000", False, False, False, 0.0
)

#: Styles the writers need whatever the template uses; a style.yaml must define them.
REQUIRED = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "TOC Heading",
            "TOC 1", "TOC 2", "Table", "Table Header", "List")


@dataclass(frozen=True)
class Styles:
    """The resolved style sheet the writers read."""

    sheet: StyleSheet
    paragraphs: dict[str, ParagraphStyle]
    source: Path

    @property
    def page(self) -> Page:
        return self.sheet.page

    @property
    def fonts(self) -> Fonts:
        return self.sheet.fonts

    @property
    def table(self) -> TableSpec:
        return self.sheet.table

    def __getitem__(self, name: str) -> ParagraphStyle:
        return self.paragraphs[name]


def _resolve(specs: dict[str, ParagraphSpec], source: Source, file: Path) -> dict[str, ParagraphStyle]:
    resolved: dict[str, ParagraphStyle] = {}
    problems: list[Problem] = []

    failed: set[str] = set()

    def get(name: str, chain: tuple[str, ...]) -> ParagraphStyle | None:
        if name in resolved:
            return resolved[name]
        if name in failed:
            return None
        failed.add(name)  # until resolved below: a loop back to it stops here
        spec = specs[name]
        parent_name = spec.parent or ("Normal" if name != "Normal" else None)
        base = _ROOT_DEFAULTS
        if parent_name is not None:
            if parent_name not in specs:
                problems.append(Problem(Text("style.no_parent", name=parent_name),
                                        source.locate(("paragraphs", name, "parent"))))
                return None
            if parent_name in (*chain, name):
                start = chain.index(parent_name) if parent_name in chain else len(chain)
                loop = " → ".join((*chain[start:], name, parent_name))
                problems.append(Problem(Text("style.cycle", name=name, chain=loop),
                                        source.locate(("paragraphs", name, "parent"))))
                return None
            found = get(parent_name, (*chain, name))
            if found is None:
                return None
            base = found
        values = {k: v for k, v in spec.model_dump().items() if v is not None and k != "parent"}
        style = ParagraphStyle(**{**base.__dict__, **values, "name": name})
        resolved[name] = style
        failed.discard(name)
        return style

    for name in specs:
        get(name, ())
    for name in REQUIRED:
        if name not in specs:
            problems.append(Problem(Text("style.undefined", name=name), source.locate_key(("paragraphs",)),
                                    Text("style.undefined_hint")))
    if problems:
        raise NenpoError(problems)
    return resolved


def load_styles(file: Path) -> Styles:
    """Read and resolve a template's style.yaml; mistakes point at its lines."""
    positions: dict = {}
    data, _ = load_file(file, (), positions)
    source = Source(data if isinstance(data, dict) else {}, positions)
    try:
        sheet = StyleSheet.model_validate(data)
    except ValidationError as exc:
        raise NenpoError([
            Problem(message, source.locate_key(tuple(e["loc"])) if e["type"] == "extra_forbidden"
                    else source.locate(tuple(e["loc"])), hint)
            for e in exc.errors(include_url=False)
            for message, hint in [explain(e, StyleSheet)]
        ]) from None
    return Styles(sheet, _resolve(sheet.paragraphs, source, file), file)
