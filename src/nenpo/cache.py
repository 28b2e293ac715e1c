"""Where nenpo keeps what it can work out once and reuse on later runs (compiled templates, parsed
fonts): a cache folder per user, never needed for a build to succeed.

Everything in it is keyed by what it was made from, so a stale entry is never used; an entry that
cannot be read or written is simply made again. A read-only or missing home folder therefore slows a
build down but never breaks it. NENPO_CACHE_DIR moves the folder (the tests and the bench give each
run its own); NENPO_CACHE_DIR set to an empty string turns the cache off.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def cache_root() -> Path | None:
    """The user's nenpo cache folder (not created here), or None when the cache is turned off."""
    chosen = os.environ.get("NENPO_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "nenpo" / "Cache" if base else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "nenpo"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "nenpo"


def cache_dir(kind: str) -> Path | None:
    """The folder for one kind of entry (`templates`, `fonts`), created if need be; None when the
    cache is off or the folder cannot be made."""
    root = cache_root()
    if root is None:
        return None
    folder = root / kind
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder


def read_entry(path: Path) -> bytes | None:
    """An entry's bytes, or None when it is not there or cannot be read."""
    try:
        return path.read_bytes()
    except OSError:
        return None


def write_entry(path: Path, data: bytes) -> None:
    """Store an entry whole or not at all (a temporary file renamed over it), silently giving up
    when the folder cannot be written: two builds at once each write a whole entry."""
    try:
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass
