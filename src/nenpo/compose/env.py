"""The Jinja2 environment templates run in, and rendering with errors at the template's line.

Sandboxed (a template cannot reach Python internals) with a bound on the work it may ask for
(`sandbox.py`: loops, characters, `range()`), StrictUndefined (a misspelt variable is an error,
not an empty string), and every interpolated value escaped as Markdown by the finalizer.
"""

from __future__ import annotations

import bisect
import os
import traceback
from collections.abc import Callable, Generator
from dataclasses import dataclass
from functools import lru_cache
from types import FrameType, GeneratorType
from pathlib import Path
from typing import Any

from jinja2 import (
    nodes,
    Environment,
    Template,
    FileSystemLoader,
    StrictUndefined,
    TemplateSyntaxError,
    UndefinedError,
)

from nenpo.compose.compiled import COMPILED
from nenpo.compose.escape import finalize
from nenpo.compose.details import details
from nenpo.compose.filters import FILTERS
from nenpo.compose.sandbox import BoundedSandbox, TemplateLimit
from nenpo.errors import Location, NenpoError, Problem
from nenpo.messages import Text

#: A template file larger than this is not a template (the default's largest partial is 2 KB).
MAX_TEMPLATE_BYTES = 1 << 20


class _Loader(FileSystemLoader):
    """Template files from the template folder, refusing one too large to be a template before
    reading it."""

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        for folder in self.searchpath:
            path = Path(folder) / template
            try:
                size = os.stat(path).st_size
            except OSError:
                continue
            if size > MAX_TEMPLATE_BYTES:
                raise NenpoError.single(
                    Text("template.file_too_large", size=f"{size / 2**20:.1f}", limit=MAX_TEMPLATE_BYTES >> 20),
                    Location(path), Text("template.file_too_large_hint"))
            break
        return super().get_source(environment, template)


def environment(template_dir: Path) -> BoundedSandbox:
    """The environment for one template folder (partials are found beside the main template).

    Made afresh for each rendering: it holds that rendering's budget of work.
    """
    env = BoundedSandbox(
        loader=_Loader(str(template_dir), encoding="utf-8"),
        undefined=StrictUndefined,
        finalize=finalize,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=COMPILED,
    )
    env.filters.update(FILTERS)
    env.filters["details"] = details
    env.bound_filters()
    return env


def _template_location(exc: BaseException, template_dir: Path) -> Location:
    """The innermost frame of the traceback that lies in a template file."""
    root = template_dir.resolve()
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        path = Path(frame.filename)
        if root in path.resolve().parents:
            return Location(path, frame.lineno)
    return Location(template_dir)


def _unknown_filters(env: Environment, template_dir: Path) -> list[Problem]:
    """Filters and tests a template names that do not exist, each at its line. Jinja leaves those
    inside `{% if %}` to fail when reached, and one called with arguments (`|fil(heading=…)`) then
    fails with a Python message about a generated function instead of naming the filter."""
    problems = []
    for file in sorted(template_dir.rglob("*.j2")):
        relative = file.relative_to(template_dir).as_posix()
        source = env.loader.get_source(env, relative)[0]  # type: ignore[union-attr]
        for kind, name, line in _names_used(env, source, relative):
            if name not in (env.filters if kind == "filter" else env.tests):
                problems.append(Problem(Text("template.syntax", detail=f"No {kind} named '{name}'."),
                                        Location(file, line)))
    return problems


#: The filters and tests each template source names, by source: parsed once per process.
_NAMES_USED: dict[tuple[str, str], tuple[tuple[str, str, int], ...]] = {}


def _names_used(env: Environment, source: str, name: str) -> tuple[tuple[str, str, int], ...]:
    """Each filter and test a template names, with its line; none for a template that does not
    parse (its syntax error is reported when it is loaded)."""
    key = (name, source)
    if key not in _NAMES_USED:
        try:
            tree = env.parse(source, name)
        except TemplateSyntaxError:
            return ()
        _NAMES_USED[key] = tuple(("filter" if isinstance(node, nodes.Filter) else "test", node.name, node.lineno)
                                 for node in tree.find_all((nodes.Filter, nodes.Test)))
    return _NAMES_USED[key]


@dataclass(frozen=True)
class Rendered:
    """A template's output and, for each of its lines, the template file and line that wrote it."""

    markdown: str
    origins: tuple[Location | None, ...]

    def origin(self, line: int | None) -> Location | None:
        """Where rendered line `line` (from 1) was written in the template."""
        return self.origins[line - 1] if line is not None and 1 <= line <= len(self.origins) else None


@lru_cache(maxsize=256)
def _line_table(table: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Jinja's line table of a compiled template (`debug_info`: template line = generated code line,
    pairs joined by &) as code lines and template lines, sorted by code line, read once per template."""
    pairs = sorted(((code, template) for template, code in
                    (tuple(map(int, pair.split("="))) for pair in table.split("&") if pair)),
                   key=lambda pair: pair[0])  # stable: of pairs on one code line, the last one counts
    return tuple(code for code, _ in pairs), tuple(template for _, template in pairs)


@lru_cache(maxsize=256)
def _template_path(filename: str) -> Path:
    return Path(filename)


def _template_line(frame: FrameType) -> Location:
    """The template file and line a compiled template's frame is at, by Jinja's own line table."""
    codes, lines = _line_table(frame.f_globals.get("debug_info", ""))
    index = bisect.bisect_right(codes, frame.f_lineno) - 1
    return Location(_template_path(frame.f_code.co_filename), lines[index] if index >= 0 else 1)


def _innermost(generator: Generator[str, None, None]) -> FrameType | None:
    """The frame of the template that produced the chunk just yielded: an `{% include %}` re-yields
    the included template's chunks from a generator it keeps in its local `gen`."""
    frame = generator.gi_frame
    while frame is not None:
        inner = frame.f_locals.get("gen")
        if not isinstance(inner, GeneratorType) or inner.gi_frame is None:
            return frame
        frame = inner.gi_frame
    return None


#: How far below the line Jinja names a literal line of template text may lie: Jinja notes the line
#: of the statement that yields a run of text, and the run may span the few lines after it.
_LITERAL_REACH = 12


def _literal_line(where: Location | None, piece: str, sources: dict[Path, list[str]]) -> Location | None:
    """The template line of an output line that begins with literal template text: the first line at
    or below the one Jinja names that holds that text (an output line that begins with a value keeps
    Jinja's line)."""
    text = piece.strip()
    if where is None or where.file is None or where.line is None or not text:
        return where
    if where.file not in sources:
        try:
            sources[where.file] = where.file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            sources[where.file] = []
    lines = sources[where.file]
    for number in range(where.line, min(len(lines), where.line + _LITERAL_REACH) + 1):
        literal = lines[number - 1].strip().split("{")[0].strip()  # the text before any tag or value
        if literal and text.startswith(literal):
            return Location(where.file, number)
    return where


def _render_tracing(template: Template, context: dict[str, Any]) -> Rendered:
    """Render, noting for every output line the template line whose chunk begins it."""
    out: list[str] = []
    origins: list[Location | None] = []
    at_line_start = True
    sources: dict[Path, list[str]] = {}
    try:
        generator = template.root_render_func(template.new_context(context))
        for chunk in generator:
            if not chunk:
                continue
            frame = _innermost(generator)
            where = _template_line(frame) if frame is not None else None
            out.append(chunk)
            for piece in chunk.splitlines(keepends=True):
                if at_line_start:
                    origins.append(_literal_line(where, piece, sources))
                at_line_start = piece.endswith(("\n", "\r"))
    except Exception:  # noqa: BLE001 - as Template.render does: the traceback then names template lines
        template.environment.handle_exception()
    return Rendered("".join(out), tuple(origins))


def render(template_dir: Path, name: str, context: dict[str, Any]) -> Rendered:
    """Render `name` from the template folder to Markdown, with the template line of each output
    line; template mistakes as NenpoError."""
    env = environment(template_dir)
    try:
        if problems := _unknown_filters(env, template_dir):
            raise NenpoError(problems)
        return _render_tracing(env.get_template(name), context)
    except TemplateSyntaxError as exc:
        file = Path(exc.filename) if exc.filename else template_dir / name
        raise NenpoError.single(
            Text("template.syntax", detail=exc.message), Location(file, exc.lineno)
        ) from None
    except UndefinedError as exc:
        raise NenpoError.single(
            Text("template.undefined", detail=exc.message),
            _template_location(exc, template_dir),
            Text("template.undefined_hint"),
        ) from None
    except NenpoError:
        raise
    except TemplateLimit as exc:
        raise NenpoError.single(exc.text, _template_location(exc, template_dir), exc.hint) from None
    except RecursionError as exc:
        raise NenpoError.single(Text("template.recursion"), _template_location(exc, template_dir),
                                Text("template.recursion_hint")) from None
    except MemoryError as exc:  # an allocation no budget foresaw: still the template's doing
        raise NenpoError.single(Text("template.out_of_memory"), _template_location(exc, template_dir),
                                Text("template.limit_hint")) from None
    except Exception as exc:  # noqa: BLE001 - any failure while rendering is a mistake in the template
        raise NenpoError.single(
            Text("template.failed", detail=str(exc)), _template_location(exc, template_dir)
        ) from None
