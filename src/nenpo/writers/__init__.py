"""One writer per format, behind one interface: (document model, style sheet) → the file's bytes.

A writer opens no output file and sees no records: the build renders every requested format first
and stores them together only when all succeeded, and `nenpo check` renders them all and stores
none. Writers are imported only when a format is asked for: reportlab and python-docx take most of
the start-up time.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:  # the command line reads the format names without loading the style sheet's models
    from nenpo.document.model import Document
    from nenpo.style import Styles

#: A format's writer: the document and the style sheet in, the bytes of the file out.
Render: TypeAlias = "Callable[[Document, Styles], bytes]"

#: Output formats and their writers ("module:function"), in the order the build renders them.
WRITERS: dict[str, str] = {
    "docx": "nenpo.writers.docx:render_docx",
    "pdf": "nenpo.writers.pdf:render_pdf",
    "html": "nenpo.writers.html:render_html",
    "model": "nenpo.writers.dump:render_model",
}
#: The file name extension of a format's output, where it is not the format's name.
EXTENSIONS: dict[str, str] = {"model": "json"}


def extension(fmt: str) -> str:
    """The extension of a format's output file: okitama-r1.pdf, okitama-r1.json (the model)."""
    return EXTENSIONS.get(fmt, fmt)


def renderer(fmt: str) -> Render:
    """The writer of one format."""
    module, name = WRITERS[fmt].split(":")
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]
