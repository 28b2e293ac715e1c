"""Writing files so that a failure leaves nothing half-made: a file replaces the previous one only
when complete (reports, schemas), and a new folder appears only with all its files (`nenpo new`,
`nenpo template new`)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside `target`, renamed over it only if the block succeeds."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        # mkstemp creates 0600; a report is an ordinary file, readable as the umask allows.
        umask = os.umask(0)
        os.umask(umask)
        tmp_path.chmod(0o666 & ~umask)
        os.replace(tmp_path, target)
    finally:
        tmp_path.unlink(missing_ok=True)


def write_bytes(target: Path, data: bytes) -> None:
    """Write all of `data` to `target` atomically."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def write_folder(folder: Path, fill: Callable[[Path], None], taken: Callable[[], Exception]) -> None:
    """Make `folder` with the files `fill(root)` writes under `root`, all or nothing.

    `folder` must not exist or must be an empty folder; otherwise, or if something appears there
    meanwhile, `taken()` is raised and nothing of anyone else's is touched. A new folder is built
    as a hidden sibling and renamed into place; an empty one (it may be the current folder) gets
    the entries moved in one by one, and loses them again on failure.
    """
    if folder.exists() or folder.is_symlink():
        if not folder.is_dir() or any(folder.iterdir()):
            raise taken()
        _fill_empty(folder, fill, taken)
    else:
        _create(folder, fill, taken)


def _create(folder: Path, fill: Callable[[Path], None], taken: Callable[[], Exception]) -> None:
    parent = folder.absolute().parent
    missing = [p for p in (parent, *parent.parents) if not p.exists()]
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=parent))
    try:
        fill(tmp)
        tmp.chmod(0o777 & ~_umask())  # mkdtemp makes the folder private (0700); this is an ordinary one
        try:
            os.rename(tmp, folder)
        except OSError:
            if folder.exists():  # made by someone else meanwhile: theirs, never ours to replace
                raise taken() from None
            raise
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        for made in missing:  # nearest first; stops at the first that is not empty
            try:
                made.rmdir()
            except OSError:
                break
        raise


def _fill_empty(folder: Path, fill: Callable[[Path], None], taken: Callable[[], Exception]) -> None:
    tmp = Path(tempfile.mkdtemp(prefix=".nenpo.", suffix=".tmp", dir=folder))
    moved: list[Path] = []
    try:
        fill(tmp)
        for entry in sorted(os.listdir(tmp)):
            target = folder / entry
            if target.exists() or target.is_symlink():
                raise taken()
            os.rename(tmp / entry, target)
            moved.append(target)
    except BaseException:
        for target in moved:
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target, ignore_errors=True)
            else:
                target.unlink(missing_ok=True)
        raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
