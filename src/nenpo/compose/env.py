"""The Jinja2 environment templates run in, and rendering with errors at the template's line.

Sandboxed (a template cannot reach Python internals), StrictUndefined (a misspelt variable is an
error, not an empty string), and every interpolated value escaped as Markdown by the finalizer.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any

from jinja2 import (
    FileSystemLoader,
    StrictUndefined,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.sandbox import SandboxedEnvironment

from nenpo.compose.escape import finalize
from nenpo.compose.filters import FILTERS
from nenpo.errors import Location, NenpoError
from nenpo.messages import Text


def environment(template_dir: Path) -> SandboxedEnvironment:
    """The environment for one template folder (partials are found beside the main template)."""
    env = SandboxedEnvironment(
        loader=FileSystemLoader(str(template_dir), encoding="utf-8"),
        undefined=StrictUndefined,
        finalize=finalize,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    return env


def _template_location(exc: BaseException, template_dir: Path) -> Location:
    """The innermost frame of the traceback that lies in a template file."""
    root = template_dir.resolve()
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        path = Path(frame.filename)
        if root in path.resolve().parents:
            return Location(path, frame.lineno)
    return Location(template_dir)


def render(template_dir: Path, name: str, context: dict[str, Any]) -> str:
    """Render `name` from the template folder to Markdown; template mistakes as NenpoError."""
    env = environment(template_dir)
    try:
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
    except Exception as exc:  # noqa: BLE001 - any failure while rendering is a mistake in the template
        raise NenpoError.single(
            Text("template.failed", detail=str(exc)), _template_location(exc, template_dir)
        ) from None
