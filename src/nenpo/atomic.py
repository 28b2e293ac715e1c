"""Writing files so that a failure leaves nothing half-made: a file replaces the previous one only
when complete (reports, schemas), the files of one report replace theirs together, one build at a
time, and a new folder appears only with all its files (`nenpo new`, `nenpo template new`)."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside `target`, renamed over it only if the block succeeds."""
    with _named(target):
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
    tmp_path = Path(tmp)
    try:
        with _named(target):
            yield tmp_path
            # mkstemp creates 0600; a report is an ordinary file, readable as the umask allows.
            tmp_path.chmod(0o666 & ~_umask())
            os.replace(tmp_path, target)
    finally:
        tmp_path.unlink(missing_ok=True)


@contextmanager
def _named(target: Path) -> Iterator[None]:
    """An OSError names the file the user asked for, never the hidden temporary file beside it
    (and a full disk, which names no file at all, names it too)."""
    try:
        yield
    except OSError as exc:
        if exc.filename is not None and Path(exc.filename) == target:
            raise
        raise OSError(exc.errno, exc.strerror or str(exc), str(target)) from None


@contextmanager
def replaced_together(targets: Sequence[Path]) -> Iterator[list[Path]]:
    """Paths to write the files of one report to; they replace `targets` together, and only when
    the block succeeds, so a failure (or Ctrl-C) never leaves a new DOCX beside an old PDF."""
    staged: list[Path] = []
    try:
        for target in targets:
            with _named(target):
                target.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
                os.close(fd)
            staged.append(Path(tmp))
        try:
            yield list(staged)
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror or str(exc), str(_meant(exc.filename, staged, targets))) from None
        for tmp, target in zip(staged, targets, strict=True):
            with _named(target):
                tmp.chmod(0o666 & ~_umask())
        for tmp, target in zip(staged, targets, strict=True):
            with _named(target):
                os.replace(tmp, target)
    finally:
        for tmp in staged:
            tmp.unlink(missing_ok=True)


def _meant(filename: object, staged: Sequence[Path], targets: Sequence[Path]) -> Path:
    """The output a failing temporary file stands for (a writer may make its own beside it), or the
    output folder when the error names no file (a full disk)."""
    name = Path(str(filename)).name if filename is not None else None
    for tmp, target in zip(staged, targets, strict=True):
        if name is not None and name.startswith(tmp.name.removesuffix(".tmp")):
            return target
    if filename is not None and Path(str(filename)) in targets:
        return Path(str(filename))
    return targets[0].parent if filename is None else Path(str(filename))


class Busy(Exception):
    """Another process holds the lock of an output."""


@contextmanager
def exclusive(lock: Path) -> Iterator[None]:
    """Hold an advisory lock named `lock` for the block, or raise Busy at once if another process
    holds it. The lock file is removed afterwards; a lock file replaced meanwhile is not trusted."""
    lock.parent.mkdir(parents=True, exist_ok=True)
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            _lock(fd)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EACCES, errno.EAGAIN, errno.EDEADLK):
                raise Busy(str(lock)) from None
            raise
        try:
            if os.path.samestat(os.fstat(fd), os.stat(lock)):
                break
        except FileNotFoundError:
            pass
        os.close(fd)  # the file was removed by its previous holder: lock the new one
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)
        os.close(fd)


def _lock(fd: int) -> None:
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    else:  # pragma: no cover - Windows
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)


def write_bytes(target: Path, data: bytes) -> None:
    """Write all of `data` to `target` atomically."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def _umask() -> int:
    """The process's umask (reading it means setting it; it is set straight back)."""
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
