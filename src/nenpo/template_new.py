"""`nenpo template new`: a copy of a template (the bundled default, or any template folder) to edit.

The copy is the template's every file as it is, README included; the README speaks of the template
as `templates/NAME`, so it stays true for a copy of any name, and for a copy of a copy.

Like `nenpo new`, a copy never overwrites anything, and a failure never leaves a half-made folder:
the files are copied into a temporary folder first and moved into place only when all are copied.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from nenpo.atomic import write_folder
from nenpo.build import find_template
from nenpo.errors import Location, NenpoError
from nenpo.messages import Text

#: Where `nenpo template new` puts a template, and where `--template NAME` finds it: relative to the
#: current folder, so at the top of the repository it is the folder of the bundled templates too.
TEMPLATES_ROOT = Path("templates")
#: Characters a folder name cannot hold on Windows, where most secretariats work; "/" and "\" also
#: because a name is one folder, not a path.
_FORBIDDEN = set('/\\:*?"<>|')
#: Left out of a copy: editors' and systems' leftovers, never part of a template.
_LEFTOVERS = ("__pycache__", ".DS_Store", "Thumbs.db", "desktop.ini")


def new_template(name: str, source: str | Path = "default", root: Path = TEMPLATES_ROOT) -> list[Path]:
    """Copy the template `source` (a bundled template's name, a name under ./templates/, or a folder)
    into `root / name`; returns the files written, in sorted order.

    `name` must be a plain folder name, and `root / name` must not exist or be empty: anything else
    is refused (NenpoError), so that an edited template is never overwritten.
    """
    _check_name(name, root)
    source_dir = find_template(source)  # NenpoError "template.missing" for an unknown source
    target = root / name
    files = template_files(source_dir)
    write_folder(target, lambda root: _copy_tree(source_dir, files, root), lambda: _exists(target))
    return [target.joinpath(*rel.split("/")) for rel in files]


def next_steps(folder: Path) -> Text:
    """What to do after `new_template`: edit, then build with the copy (for the CLI to print)."""
    return Text("template_new.next_steps", path=folder.as_posix(), readme=(folder / "README.md").as_posix())


def template_files(folder: Path) -> list[str]:
    """Every file of a template folder, relative, in POSIX form and sorted; leftovers such as Word's
    lock files (~$…) and hidden files are left out. Listed before any copying starts, so a copy
    made inside the source folder itself can never copy itself."""
    found: list[str] = []
    for top, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not _leftover(d))
        for n in names:
            path = Path(top) / n
            if not _leftover(n) and path.is_file():
                found.append(path.relative_to(folder).as_posix())
    return sorted(found)


def _leftover(name: str) -> bool:
    return name.startswith((".", "~$")) or name in _LEFTOVERS


def _check_name(name: str, root: Path) -> None:
    plain = (
        bool(name)
        and name == name.strip()
        and name not in (".", "..")
        and not name.startswith(".")
        and not any(c in _FORBIDDEN or ord(c) < 32 for c in name)
    )
    if not plain:
        raise NenpoError.single(Text("template_new.bad_name", name=name),
                                hint=Text("template_new.bad_name_hint", root=root.as_posix()))


def _exists(folder: Path) -> NenpoError:
    return NenpoError.single(Text("template_new.exists", path=folder.as_posix()), Location(folder),
                             Text("template_new.exists_hint"))


def _copy_tree(source: Path, files: list[str], root: Path) -> None:
    """The files of `source` under `root`, byte for byte (a reference.docx or a font is binary)."""
    for rel in files:
        path = root.joinpath(*rel.split("/"))
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source.joinpath(*rel.split("/")), path)
