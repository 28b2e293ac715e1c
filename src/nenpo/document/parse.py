"""Rendered Markdown → document model.

The template language's markup is CommonMark with tables, block attributes (`{.style}` on the
line before a block names its style) and fenced containers: `::: cover`, `::: toc`,
`::: appendix` give a section its role; any other `::: name` sets the style of the paragraphs
inside it. A thematic break (`---`) is a page break. Source lines are kept for error messages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_block_plugin
from mdit_py_plugins.container import container_plugin

from nenpo.document.model import (
    Block,
    Figure,
    Figures,
    Heading,
    Inlines,
    PageBreak,
    Paragraph,
    Run,
    Section,
    Table,
    Toc,
)
from nenpo.errors import Location, NenpoError, Problem
from nenpo.messages import Text

SECTION_CONTAINERS = ("cover", "appendix")
#: Containers the photos and logo filters write (`!!! figures`, `!!! logo`), holding only
#: `![](nenpo-figure:N)` lines.
FIGURE_CONTAINERS = ("figures", "logo")
FIGURE_SCHEME = "nenpo-figure:"
#: What leads a bullet list's item: the 中黒 Japanese lists use (the List style hangs it in the indent).
BULLET = "・"


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.use(container_plugin, name="div", validate=lambda params, *_: bool(params.strip()))
    # Pictures have a fence of their own (`!!! figures`), so that the logo can sit inside `::: cover`
    # (a `:::` inside `:::` would close the outer block).
    md.use(container_plugin, name="figure", marker="!", validate=lambda params, *_: params.strip() in FIGURE_CONTAINERS)
    md.use(attrs_block_plugin)
    return md


_MD = _markdown()


class RefusedInline(Exception):
    """Inline markup no writer sets the same way (an image, a link): refused at its template line."""

    def __init__(self, message: Text, hint: Text) -> None:
        super().__init__(message.key)
        self.message, self.hint = message, hint


def inlines_of(token: Token) -> Inlines:
    """Inline children → runs; soft line breaks vanish, since Japanese joins lines without a space.
    An image or a link is refused (RefusedInline) rather than shown as bare text in one format."""
    runs: list[Run] = []
    bold = 0
    for child in token.children or []:
        match child.type:
            case "image":
                raise RefusedInline(Text("template.image"), Text("template.image_hint"))
            case "link_open":
                raise RefusedInline(Text("template.link"), Text("template.link_hint"))
            case "text" | "code_inline" | "html_inline":
                runs.append(Run(child.content, bold > 0))
            case "softbreak":
                pass
            case "hardbreak":
                runs.append(Run("\n", bold > 0))
            case "strong_open":
                bold += 1
            case "strong_close":
                bold -= 1
            case "em_open":
                raise RefusedInline(Text("template.italic"), Text("template.italic_hint"))
            case _:
                raise AssertionError(f"inline markup {child.type!r} is neither set nor refused")
    merged: list[Run] = []
    for run in runs:
        if merged and merged[-1].bold == run.bold:
            merged[-1] = Run(merged[-1].text + run.text, run.bold)
        elif run.text:
            merged.append(run)
    return tuple(merged)


class _Parser:
    def __init__(self, tokens: list[Token], origin: Callable[[int | None], Location | None],
                 pictures: Sequence[Figure] = (), per_row: int = 1):
        self.tokens, self.i, self.origin = tokens, 0, origin
        self.pictures, self.per_row = pictures, per_row
        self.problems: list[Problem] = []

    def line(self, token: Token) -> Location | None:
        """Where the template wrote the line a token starts on."""
        return self.origin(token.map[0] + 1 if token.map else None)

    def next(self) -> Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def sections(self) -> list[Section]:
        out: list[Section] = []
        body: list[Block] = []
        while self.i < len(self.tokens):
            token = self.tokens[self.i]
            name = token.info.strip() if token.type == "container_div_open" else ""
            if name in SECTION_CONTAINERS:
                self.i += 1
                if body:
                    out.append(Section("body", tuple(body)))
                    body = []
                out.append(Section(name, tuple(self.blocks("Normal", until="container_div_close"))))  # type: ignore[arg-type]
            else:
                body.extend(self.blocks("Normal", until=None, one=True))
        if body:
            out.append(Section("body", tuple(body)))
        return out

    def blocks(self, style: str, until: str | None, one: bool = False) -> Iterator[Block]:
        while self.i < len(self.tokens):
            token = self.next()
            if token.type == until:
                return
            yield from self.block(token, style)
            if one:
                return

    def block(self, token: Token, style: str) -> Iterator[Block]:
        named = token.attrs.get("class")
        own_style = str(named) if named else None
        match token.type:
            case "heading_open":
                inline = self.next()
                self.next()
                yield Heading(int(token.tag[1]), self.inlines(inline), own_style, self.line(token))
            case "paragraph_open":
                inline = self.next()
                self.next()
                yield Paragraph(self.inlines(inline), own_style or style, self.line(token))
            case "hr":
                yield PageBreak(self.line(token))
            case "table_open":
                yield self.table(token, own_style or "Table")
            case "bullet_list_open" | "ordered_list_open":
                yield from self.list_items(token, own_style or "List")
            case "container_figure_open":
                yield self.figures(token, token.info.strip())
            case "container_div_open":
                name = token.info.strip()
                if name == "toc":
                    inner = list(self.blocks(style, until="container_div_close"))
                    title = inner[0].text if inner and isinstance(inner[0], Paragraph) else "目次"
                    yield Toc(title, self.line(token))
                else:
                    yield from self.blocks(name, until="container_div_close")
            case _:
                where = self.line(token) or Location()
                self.problems.append(Problem(Text("template.markup", kind=token.type),
                                             Location(where.file, where.line, 1 if where.line else None),
                                             Text("template.markup_hint")))
                self.skip_to_close(token)

    def inlines(self, token: Token, marker: str | None = None) -> Inlines:
        """The runs of an inline token (after a list item's marker); refused markup is noted at its line."""
        try:
            runs = inlines_of(token)
        except RefusedInline as refused:
            where = self.line(token) or Location()
            self.problems.append(Problem(refused.message, Location(where.file, where.line, 1 if where.line else None),
                                         refused.hint))
            runs = ()
        return ((Run(marker),) if marker else ()) + runs

    def figures(self, token: Token, name: str) -> Figures:
        """The pictures a `::: figures` (or `::: logo`) container names by `nenpo-figure:N`, as the
        photos and logo filters write them; anything else inside is refused at its line."""
        found: list[Figure] = []
        while (t := self.next()).type != "container_figure_close":
            for child in t.children or [] if t.type == "inline" else []:
                src = str(child.attrs.get("src", "")) if child.type == "image" else ""
                index = src.removeprefix(FIGURE_SCHEME)
                if src.startswith(FIGURE_SCHEME) and index.isdigit() and int(index) < len(self.pictures):
                    found.append(self.pictures[int(index)])
                elif child.type not in ("softbreak",) and not (child.type == "text" and not child.content.strip()):
                    where = self.line(t) or Location()
                    self.problems.append(Problem(Text("template.figures_only"), where, Text("template.figures_only_hint")))
        kind = "logo" if name == "logo" else "photos"
        return Figures(tuple(found), 1 if kind == "logo" else self.per_row, kind, self.line(token))

    def skip_to_close(self, token: Token) -> None:
        if token.nesting != 1:
            return
        depth = 1
        while depth and self.i < len(self.tokens):
            depth += self.next().nesting

    def list_items(self, token: Token, style: str) -> Iterator[Block]:
        """Each item a paragraph in the list style, led by its marker as every format shows it: ・ for
        a bullet, the number for an ordered list (from the number the template starts it at)."""
        close = token.type.replace("_open", "_close")
        ordered = token.type == "ordered_list_open"
        number = int(token.attrs.get("start", 1)) if ordered else 0
        while (t := self.next()).type != close:
            if t.type == "inline":
                marker = f"{number}." if ordered else BULLET
                number += 1
                yield Paragraph(self.inlines(t, marker), style, self.line(t))

    def table(self, token: Token, style: str) -> Table:
        header: list[Inlines] = []
        rows: list[tuple[Inlines, ...]] = []
        row: list[Inlines] = []
        in_head = False
        align: list[str] = []
        while (t := self.next()).type != "table_close":
            if t.type == "th_open":
                align.append(str(t.attrs.get("style", "")).removeprefix("text-align:"))
            elif t.type == "thead_open":
                in_head = True
            elif t.type == "thead_close":
                in_head = False
            elif t.type == "inline":
                row.append(self.inlines(t))
            elif t.type == "tr_close":
                if in_head:
                    header = row
                else:
                    rows.append(tuple(row))
                row = []
        total = bool(token.attrs.get("total")) and bool(rows)
        return Table(tuple(header), tuple(rows), style, self.line(token), tuple(align) if any(align) else (), total)


def parse(markdown: str, origin: Callable[[int | None], Location | None] | Path | None = None,
          pictures: Sequence[Figure] = (), per_row: int = 1) -> list[Section]:
    """The sections of a rendered template, each block with the template line that wrote it
    (`origin` maps a rendered line to it; a plain path stands for a template rendered as is), the
    prepared `pictures` in the figure containers that name them; a NenpoError for markup the
    writers cannot set."""
    if origin is None or isinstance(origin, Path):
        file = origin
        origin = lambda line: Location(file, line) if file is not None or line is not None else None  # noqa: E731
    parser = _Parser(_MD.parse(markdown), origin, pictures, per_row)
    sections = parser.sections()
    if parser.problems:
        raise NenpoError(parser.problems)
    return sections
