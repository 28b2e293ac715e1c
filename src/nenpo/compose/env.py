"""The Jinja2 environment templates run in, and rendering with errors at the template's line.

Sandboxed (a template cannot reach Python internals) with a bound on the work it may ask for
(`sandbox.py`: loops, characters, `range()`), StrictUndefined (a misspelt variable is an error,
not an empty string), and every interpolated value escaped as Markdown by the finalizer.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import (
    nodes,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateSyntaxError,
    UndefinedError,
)

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
        try:
            tree = env.parse(*env.loader.get_source(env, relative)[:2])  # type: ignore[union-attr]
        except TemplateSyntaxError:
            continue  # reported when the template is loaded
        for node in tree.find_all((nodes.Filter, nodes.Test)):
            known = env.filters if isinstance(node, nodes.Filter) else env.tests
            if node.name not in known:
                kind = "filter" if isinstance(node, nodes.Filter) else "test"
                problems.append(Problem(Text("template.syntax", detail=f"No {kind} named '{node.name}'."),
                                        Location(file, node.lineno)))
    return problems


def render(template_dir: Path, name: str, context: dict[str, Any]) -> str:
    """Render `name` from the template folder to Markdown; template mistakes as NenpoError."""
    env = environment(template_dir)
    try:
        if problems := _unknown_filters(env, template_dir):
            raise NenpoError(problems)
        return env.get_template(name).render(context)
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
