"""The document model as JSON (`nenpo build --format model`): what the template made of the records,
block by block, before any format sets it, for golden tests and for seeing why an output looks as
it does. Each block names its template file (relative to the template folder) and line."""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
from datetime import date
from pathlib import Path
from typing import Any

from nenpo.document.model import Document, Picture
from nenpo.errors import Location
from nenpo.style import Styles


def _plain(value: Any, root: Path) -> Any:
    if isinstance(value, Location):
        if value.file is None:
            return None
        try:
            file = value.file.resolve().relative_to(root).as_posix()
        except ValueError:
            file = value.file.name
        return f"{file}:{value.line}" if value.line is not None else file
    if isinstance(value, Picture):  # its bytes are the picture's own business: name it by size and content
        return {"type": "Picture", "format": value.format, "width_px": value.width_px,
                "height_px": value.height_px, "key": value.key}
    if is_dataclass(value):
        return {"type": type(value).__name__, **{f.name: _plain(getattr(value, f.name), root) for f in fields(value)}}
    if isinstance(value, (tuple, list)):
        return [_plain(v, root) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def render_model(document: Document, styles: Styles) -> bytes:
    """The document model as indented JSON (UTF-8, Japanese as characters, same input → same bytes)."""
    root = styles.source.parent.resolve()
    return (json.dumps(_plain(document, root), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
