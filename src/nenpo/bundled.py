"""Where the templates shipped with nenpo are, installed or in a checkout.

In the repository the bundled templates live at the top, in `templates/`, where an editor browsing
the project looks first. The wheel maps that folder into the package as `nenpo/templates` (see
pyproject.toml), so an installed nenpo finds them beside its code. Run from a checkout
(`PYTHONPATH=src`, or an editable install that points at src/), the package has no such folder and
the checkout's own `templates/` is used instead.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

#: The folder name, both at the top of the repository and inside the installed package.
TEMPLATES = "templates"


def templates_folder() -> Path:
    """The folder of bundled templates: inside the installed package when it is there, else the
    `templates/` at the top of the source checkout this package was imported from."""
    installed = Path(str(resources.files("nenpo") / TEMPLATES))
    if installed.is_dir():
        return installed
    checkout = Path(__file__).resolve().parents[2] / TEMPLATES  # src/nenpo/bundled.py → the repository
    return checkout if checkout.is_dir() else installed
