"""Record text → Markdown that reads as that text and nothing else.

Every value a template interpolates passes `finalize`: ASCII punctuation is backslash-escaped
(CommonMark allows it before any ASCII punctuation), so `<`, `&`, `*`, `#`, `|`, `{{ }}` in a
title stay text. Only filters that build markup on purpose return `Markdown`, which passes as is.
"""

from __future__ import annotations

import re
from typing import Any

_PUNCT = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")


class Markdown(str):
    """Text that is already Markdown: the finalizer leaves it alone."""


def escape(text: str) -> Markdown:
    """Plain text as Markdown that renders to exactly that text, on one line."""
    one_line = "".join(text.splitlines())
    return Markdown(_PUNCT.sub(r"\\\1", one_line))


def finalize(value: Any) -> str:
    """The Jinja2 finalizer: escape everything that is not marked as Markdown."""
    if isinstance(value, Markdown):
        return value
    if value is None:
        return ""
    return escape(str(value))
