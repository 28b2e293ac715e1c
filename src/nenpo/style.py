"""The style sheet (`style.yaml` of a template): page, fonts, paragraph and table styles.

Read by both writers, so the PDF and the DOCX agree. Paragraph styles inherit with `parent:`
(the root is `Normal`); sizes are points, margins millimetres, indents 字 (em of the style's size).

Every number has bounds a report can use, and the page and the styles are checked together (the
text area, and a line and three lines of each style within it), so that a slip such as
`size: 100000` or a margin wider than the paper is an error at its line here, never a crash or a
blank page in a writer.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import ErrorDetails

from nenpo.errors import InvalidValue, Location, NenpoError, Problem
from nenpo.messages import Text
from nenpo.records.load import Source, load_file
from nenpo.records.validate import explain

Align = Literal["left", "center", "right", "justify"]
FontRole = Literal["mincho", "gothic"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


#: The smallest text area (版面) the margins may leave, each way (mm): 13 characters of 10.5 pt.
MIN_TEXT_MM = 50
#: Points in a millimetre.
PT_PER_MM = 72 / 25.4


class Margins(_Strict):
    top: float = Field(35, ge=0, le=250, description="上余白 (mm)")
    bottom: float = Field(30, ge=0, le=250, description="下余白 (mm)")
    left: float = Field(30, ge=0, le=250, description="左余白 (mm)")
    right: float = Field(30, ge=0, le=250, description="右余白 (mm)")


class Grid(_Strict):
    """Word's document grid (文字数と行数): characters per line and lines per page.

    `chars` also caps the text block's width in every format (document/plan.py `text_block`); the
    grid's line pitch is the body's leading, as the PDF sets the lines, so `lines` is not used."""

    chars: int = Field(40, ge=1, le=100, description="1行の文字数")
    lines: int = Field(36, ge=1, le=100, description="1ページの行数")


#: Paper sizes (width, height) in millimetres, portrait.
PAPER_MM: dict[str, tuple[float, float]] = {"A4": (210, 297)}


class Page(_Strict):
    size: Literal["A4"] = "A4"
    margins: Margins = Field(default_factory=Margins)
    footer_distance: float = Field(15, ge=0, le=100, description="ページ番号の位置: 紙の下端から (mm)")
    page_number: str | None = Field("- {n} -", max_length=100,
                                    description="ページ番号の書式。{n} が番号。null で無し")
    toc_numbering: Literal["arabic", "roman"] = Field(
        "arabic", description="目次のページ番号: arabic は本文と通し番号、roman は i, ii… で本文が 1 から")
    header: str | None = Field(None, max_length=200,
                               description="柱(各ページ上の見出し)。{title} が報告書の題名。null で無し")
    header_distance: float = Field(15, ge=0, le=100, description="柱の位置: 紙の上端から (mm)")
    # No grid unless asked: Word sets our exact line spacing without one, and LibreOffice, given one,
    # counts a heading in whole grid lines and sets a line fewer than the PDF on a page with one.
    grid: Grid | None = Field(None, description="Word の文字数と行数 (40字×36行 など)。書かなければ無し")

    @property
    def width_mm(self) -> float:
        return PAPER_MM[self.size][0]

    @property
    def height_mm(self) -> float:
        return PAPER_MM[self.size][1]

    @property
    def text_width_mm(self) -> float:
        """The width of the text area (版面): the paper less the left and right margins."""
        return self.width_mm - self.margins.left - self.margins.right

    @property
    def text_height_mm(self) -> float:
        """The height of the text area: the paper less the top and bottom margins."""
        return self.height_mm - self.margins.top - self.margins.bottom

    @model_validator(mode="after")
    def _room_for_text(self) -> Page:
        """Margins that leave a text area of at least MIN_TEXT_MM each way."""
        m = self.margins
        if self.text_width_mm < MIN_TEXT_MM:
            raise InvalidValue(
                Text("style.text_too_narrow", left=_mm(m.left), right=_mm(m.right), width=_down(self.text_width_mm)),
                Text("style.text_area_hint", paper=_mm(self.width_mm), min=MIN_TEXT_MM), at=("margins",))
        if self.text_height_mm < MIN_TEXT_MM:
            raise InvalidValue(
                Text("style.text_too_short", top=_mm(m.top), bottom=_mm(m.bottom), height=_down(self.text_height_mm)),
                Text("style.text_area_hint", paper=_mm(self.height_mm), min=MIN_TEXT_MM), at=("margins",))
        return self


def _mm(value: float) -> str:
    """A length as people write it: 30, 25.6, -20."""
    return f"{value:g}"


def _down(value: float) -> str:
    """A room left, to a tenth, never rounded up to the bound it fails (49.98 is 49.9, not 50)."""
    return _mm(math.floor(value * 10 + 1e-9) / 10)


class Fonts(_Strict):
    """The two fonts of a report, each a font name or file, or a list of them tried in order (the
    first one installed is used, so that one template works on Linux, Windows and macOS)."""

    mincho: str | tuple[str, ...] = Field(
        "IPAexMincho", description="本文の明朝体: フォント名かファイルのパス。並べると、最初に見つかったものを使う")
    gothic: str | tuple[str, ...] = Field(
        "IPAexGothic", description="見出しのゴシック体: フォント名かファイルのパス。並べると、最初に見つかったものを使う")

    @field_validator("mincho", "gothic", mode="before")
    @classmethod
    def _names(cls, value: object) -> object:
        """A list of at least one name; each name a non-empty text."""
        if isinstance(value, list):
            if not value:
                raise InvalidValue(Text("style.fonts_empty"), Text("style.fonts_empty_hint"))
            return tuple(value)
        return value

    def candidates(self, role: FontRole) -> tuple[str, ...]:
        """The fonts named for a role, in the order they are tried."""
        value = getattr(self, role)
        return (value,) if isinstance(value, str) else value


class ParagraphSpec(_Strict):
    """A paragraph style as written in style.yaml; unset values come from the parent."""

    parent: str | None = None
    font: FontRole | None = None
    size: float | None = Field(None, ge=4, le=200, description="文字の大きさ (pt)")
    leading: float | None = Field(None, ge=4, le=600, description="行送り (pt)")
    align: Align | None = None
    first_line_indent: float | None = Field(None, ge=-50, le=50, description="字下げ (字)")
    left_indent: float | None = Field(None, ge=-50, le=50, description="左インデント (字)")
    space_before: float | None = Field(None, ge=0, le=500, description="段落の前の空き (pt)")
    space_after: float | None = Field(None, ge=0, le=500, description="段落の後の空き (pt)")
    color: str | None = Field(None, pattern=r"^#[0-9A-Fa-f]{6}$")
    keep_with_next: bool | None = None
    page_break_before: bool | None = None
    hanging_punctuation: bool | None = Field(None, description="ぶら下げ: 行末の 、。 を版面の外に出すか")
    latin_spacing: float | None = Field(None, ge=0, le=1, description="和欧間: 日本語と英数字の間の空き (字)")


#: A column's width as style.yaml writes it: millimetres (`25mm`, or a bare `25`) or a share of
#: the text area's width (`30%`).
_WIDTH = re.compile(r"(\d+(?:\.\d+)?)\s*(mm|%)?")


class ColumnSpec(_Strict):
    """One column of the tables, named by its heading: its alignment and width in every format."""

    align: Literal["left", "center", "right"] | None = Field(
        None, description="欄の揃え: left(左)・center(中央)・right(右)。書かなければ数は number_align、文は左")
    width: str | None = Field(None, description="欄の幅: 25mm(ミリ)か 30%(本文の幅に対する割合)")

    @field_validator("width", mode="before")
    @classmethod
    def _width(cls, value: object) -> object:
        """`25mm`, `25` (mm) and `30%` as one text (`25mm`, `30%`); anything else at its line."""
        if value is None:
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = f"{value:g}mm"
        m = _WIDTH.fullmatch(value.strip()) if isinstance(value, str) else None
        if m is None or float(m[1]) <= 0:
            raise InvalidValue(Text("style.column_width", value=str(value).lower()), Text("style.column_width_hint"))
        return f"{float(m[1]):g}{m[2] or 'mm'}"

    def width_on(self, text_width_mm: float) -> float | None:
        """The column's width in millimetres on a text area `text_width_mm` wide; None if unset."""
        if self.width is None:
            return None
        number = float(self.width.removesuffix("mm").removesuffix("%"))
        return number * text_width_mm / 100 if self.width.endswith("%") else number


class TableSpec(_Strict):
    border: float = Field(0.5, ge=0, le=10, description="罫線の太さ (pt)")
    header_background: str = Field("#E6E6E6", pattern=r"^#[0-9A-Fa-f]{6}$")
    padding: float = Field(3, ge=0, le=30, description="セルの内側の余白 (pt)")
    number_format: Literal["半角", "全角", "なし"] = Field(
        "半角", description="数の欄の桁区切り: 半角 1,234 / 全角 １，２３４ / なし 1234")
    number_align: Literal["right", "center", "left"] = Field("right", description="数の欄の数の揃え (right: 右)")
    keep_whole_rows: int = Field(8, ge=0, le=40, description="この行数までの表はページをまたいで分けない")
    columns: dict[str, ColumnSpec] = Field(
        default_factory=dict, description="欄ごとの揃えと幅。見出しの文字(金額 など)の下に align と width")


class FiguresSpec(_Strict):
    """How photos and the cover logo are set: the same in the PDF, the DOCX and the HTML."""

    per_row: int = Field(2, ge=1, le=3, description="1行に並べる写真の数 (1〜3)")
    max_height_mm: float = Field(70, gt=10, le=250, description="写真の高さの上限 (mm)")
    gap_mm: float = Field(4, ge=0, le=30, description="並べた写真の間 (mm)")
    dpi: int = Field(200, ge=72, le=600, description="埋め込む写真の解像度 (印刷の大きさで dpi)")
    label: str = Field("写真{n}", max_length=40, description="写真の番号の書き方。{n} が番号。空なら番号なし")
    caption_style: str = Field("Caption", description="写真の説明のスタイル")
    logo_width_mm: float = Field(30, gt=5, le=150, description="表紙のロゴの幅 (mm)")


class StyleSheet(_Strict):
    page: Page = Field(default_factory=Page)
    fonts: Fonts = Field(default_factory=Fonts)
    paragraphs: dict[str, ParagraphSpec]
    table: TableSpec = Field(default_factory=TableSpec)
    figures: FiguresSpec = Field(default_factory=FiguresSpec)


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
    #: Where each value of style.yaml is written, for problems the writers find (a font file).
    lines: Source = field(default_factory=lambda: Source({}), compare=False)

    def locate(self, *path: str | int) -> Location:
        """The line of style.yaml that writes a value (`locate("fonts", "mincho")`), or the file."""
        found = self.lines.locate(path)
        return found if found.file is not None else Location(self.source, field=".".join(path))

    @property
    def page(self) -> Page:
        return self.sheet.page

    @property
    def fonts(self) -> Fonts:
        return self.sheet.fonts

    @property
    def table(self) -> TableSpec:
        return self.sheet.table

    @property
    def figures(self) -> FiguresSpec:
        return self.sheet.figures

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
            Problem(message, _where(e, source), hint)
            for e in exc.errors(include_url=False)
            for message, hint in [_explain(e)]
        ]) from None
    paragraphs = _resolve(sheet.paragraphs, source, file)
    problems = [*_check_fit(sheet, paragraphs, source), *_check_columns(sheet, source)]
    if problems:
        raise NenpoError(problems)
    return Styles(sheet, paragraphs, file, source)


def _explain(err: ErrorDetails) -> tuple[Text, Text | None]:
    """A pydantic error as the catalog's message and hint (the records' wording, and a text's length)."""
    if err["type"] == "string_too_long":
        limit = err.get("ctx", {}).get("max_length", "")
        return Text("style.too_long", length=len(str(err["input"])), limit=limit), Text("style.too_long_hint")
    return explain(err, StyleSheet)


def _where(err: ErrorDetails, source: Source) -> Location:
    """An unknown key is pointed at by its key, anything else by its value (or the part at fault)."""
    loc = tuple(err["loc"])
    if isinstance(error := err.get("ctx", {}).get("error"), InvalidValue):
        loc = (*loc, *error.at)
    return source.locate_key(loc) if err["type"] == "extra_forbidden" else source.locate(loc)


#: The width the PDF's 目次 keeps for page numbers, in the TOC 1 style's em (see writers/pdf.py).
TOC_NUMBER_EMS = 4


def _check_fit(sheet: StyleSheet, paragraphs: dict[str, ParagraphStyle], source: Source) -> list[Problem]:
    """Each paragraph style within the text area: lines no closer than the characters are tall, three
    lines to a page (a paragraph is split between pages two lines or more on each side), room for a
    character on every line after the indents, and no indent reaching past the edge of the paper.

    A problem is reported once, at the style that writes the value at fault (a parent's indent is
    inherited by every child, but is wrong in one place).
    """
    page = sheet.page
    width = page.text_width_mm * PT_PER_MM
    height = page.text_height_mm * PT_PER_MM
    left_margin = page.margins.left * PT_PER_MM
    toc_numbers = TOC_NUMBER_EMS * paragraphs["TOC 1"].size if "TOC 1" in paragraphs else 0.0

    def written(name: str, fields: tuple[str, ...]) -> Location:
        """Where the nearest style up the `parent:` chain writes one of `fields` (the first of them
        written at the same style)."""
        seen: set[str] = set()
        current: str | None = name
        while current is not None and current not in seen and current in sheet.paragraphs:
            seen.add(current)
            spec = sheet.paragraphs[current]
            for key in fields:
                if getattr(spec, key) is not None:
                    return source.locate(("paragraphs", current, key))
            current = spec.parent or ("Normal" if current != "Normal" else None)
        return source.locate_key(("paragraphs", name))

    found: dict[tuple[str, Location], Problem] = {}

    def problem(message: Text, where: Location, hint: Text) -> None:
        found.setdefault((message.key, where), Problem(message, where, hint))

    for name, style in paragraphs.items():
        size, leading, left, first = style.size, style.leading, style.left_indent, style.first_line_indent
        if leading < size:  # the one of the two set last, nearest this style, broke it
            problem(Text("style.leading_below_size", leading=_mm(leading), size=_mm(size)),
                    written(name, ("leading", "size")), Text("style.leading_below_size_hint"))
        if 3 * leading > height:
            problem(Text("style.leading_too_large", leading=_mm(leading), height=_down(page.text_height_mm)),
                    written(name, ("leading",)), Text("style.leading_too_large_hint"))
        numbers = toc_numbers if name in ("TOC 1", "TOC 2") else 0.0
        if width - (left + max(first, 0.0)) * size - numbers < size:  # blame the largest share
            shares = {"left_indent": left * size, "first_line_indent": first * size, "size": size}
            problem(Text("style.no_room", indent=_mm(left + max(first, 0.0)), size=_mm(size),
                         width=_down(page.text_width_mm)),
                    written(name, (max(shares, key=shares.__getitem__),)), Text("style.no_room_hint"))
        if (left + min(first, 0.0)) * size < -left_margin:  # blame the one reaching further left
            culprit = "first_line_indent" if first < 0 and first <= left else "left_indent"
            problem(Text("style.off_paper", indent=_mm(left + min(first, 0.0)), margin=_mm(page.margins.left)),
                    written(name, (culprit,)), Text("style.off_paper_hint"))
    return list(found.values())


def _check_columns(sheet: StyleSheet, source: Source) -> list[Problem]:
    """Each column's width (`table.columns`) within the text area; the columns of one table together
    are checked where the table is set (document/plan.py `column_widths`)."""
    text = sheet.page.text_width_mm
    return [
        Problem(Text("style.column_too_wide", name=name, width=str(column.width), text=_down(text)),
                source.locate(("table", "columns", name, "width")), Text("style.column_too_wide_hint"))
        for name, column in sheet.table.columns.items()
        if (width := column.width_on(text)) is not None and width > text + 1e-6
    ]
