"""Finding the Japanese TrueType fonts a style names, on Linux, Windows and macOS.

A style names a font by a known name (IPAexMincho, BIZ UD明朝 …) or by a file path. Known names
map to their file names and the Debian package that installs them, so a missing font gives an
error that says what to install. ReportLab embeds only TrueType outlines: an OpenType/CFF file
(Noto CJK `.otf`) is refused with a message, not a crash. So is a file that is no font, or a font
cut short or damaged: its table directory is checked when it is found (a few hundred bytes read),
and whatever reads it later (`reading`) reports a failure as that font's problem, at the line of
style.yaml that names it.
"""

from __future__ import annotations

import os
import struct
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from nenpo.errors import Location, NenpoError
from nenpo.messages import Text


@dataclass(frozen=True)
class KnownFont:
    """A Japanese font we know how to find and how to tell people to install."""

    key: str
    word_name: str
    files: tuple[str, ...]
    debian: str
    names: tuple[str, ...]


KNOWN_FONTS: tuple[KnownFont, ...] = (
    KnownFont("IPAexMincho", "IPAex明朝", ("ipaexm.ttf",), "fonts-ipaexfont-mincho",
              ("IPAexMincho", "IPAex明朝", "IPAex Mincho")),
    KnownFont("IPAexGothic", "IPAexゴシック", ("ipaexg.ttf",), "fonts-ipaexfont-gothic",
              ("IPAexGothic", "IPAexゴシック", "IPAex Gothic")),
    KnownFont("BIZUDMincho", "BIZ UD明朝", ("BIZUDMincho-Regular.ttf", "BIZ-UDMinchoM.ttc"),
              "fonts-morisawa-bizud-mincho", ("BIZUDMincho", "BIZ UD明朝", "BIZ UDMincho")),
    KnownFont("BIZUDGothic", "BIZ UDゴシック", ("BIZUDGothic-Regular.ttf", "BIZ-UDGothicR.ttc"),
              "fonts-morisawa-bizud-gothic", ("BIZUDGothic", "BIZ UDゴシック", "BIZ UDGothic")),
)
_BY_NAME = {n.casefold(): f for f in KNOWN_FONTS for n in f.names}


@dataclass(frozen=True)
class ResolvedFont:
    """A font file found on this machine, with the name Word should use for it."""

    key: str
    word_name: str
    path: Path
    #: Where the style names this font, for a problem found when it is read.
    where: Location = field(default_factory=Location, compare=False)


@contextmanager
def reading(font: ResolvedFont) -> Iterator[None]:
    """Any failure inside the block is this font file's fault: it is damaged (reportlab raises
    several kinds of error for a font it cannot read)."""
    try:
        yield
    except NenpoError:
        raise
    except Exception:  # noqa: BLE001 - reportlab's TTFError, struct.error, IndexError, KeyError …
        raise _broken(font.path, font.where) from None


def _broken(path: Path, location: Location) -> NenpoError:
    return NenpoError.single(Text("font.broken", path=path), location, Text("font.broken_hint"))


def system_font_dirs() -> list[Path]:
    """Where Linux, Windows and macOS keep fonts, for all users and for this user."""
    home = Path.home()
    dirs = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
            home / ".local/share/fonts", home / ".fonts"]
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        dirs = [windir / "Fonts"]
        if local := os.environ.get("LOCALAPPDATA"):
            dirs.append(Path(local) / "Microsoft/Windows/Fonts")
    elif sys.platform == "darwin":
        dirs = [Path("/Library/Fonts"), Path("/System/Library/Fonts"),
                Path("/System/Library/Fonts/Supplemental"), home / "Library/Fonts"]
    return dirs


@lru_cache(maxsize=64)
def _files_under(folder: Path) -> dict[str, Path]:
    """Font files below a folder by lower-cased file name (first found wins, sorted walk)."""
    found: dict[str, Path] = {}
    if not folder.is_dir():
        return found
    for root, subdirs, files in os.walk(folder):
        subdirs.sort()
        for name in sorted(files):
            if name.lower().endswith((".ttf", ".ttc", ".otf")):
                found.setdefault(name.lower(), Path(root) / name)
    return found


#: Tables reportlab needs to embed a TrueType font: characters, outlines and metrics.
_NEEDED_TABLES = frozenset((b"cmap", b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp"))


def _check_truetype(path: Path, location: Location) -> None:
    """A TrueType file (or collection) whose tables are all there and inside the file."""
    with path.open("rb") as fh:
        magic = fh.read(4)
        if magic == b"OTTO":
            raise NenpoError.single(
                Text("font.cff", file=path.name), location, Text("font.cff_hint"),
            )
        if magic not in (b"\x00\x01\x00\x00", b"true", b"ttcf"):
            raise NenpoError.single(Text("font.not_font", path=path), location, Text("font.broken_hint"))
        if not _tables_complete(fh, magic, os.fstat(fh.fileno()).st_size):
            raise _broken(path, location)


def _tables_complete(fh: BinaryIO, magic: bytes, size: int) -> bool:
    """The table directory (of the first font of a collection, which the writers use) lists every
    table reportlab needs, each lying wholly inside the file: a file cut short fails here."""
    try:
        start = 0
        if magic == b"ttcf":  # tag, version, count, then the offset of each font
            fh.seek(12)
            (start,) = struct.unpack(">I", fh.read(4))
        fh.seek(start + 4)
        (count,) = struct.unpack(">H", fh.read(2))
        fh.seek(start + 12)
        directory = fh.read(16 * count)
        if count == 0 or len(directory) < 16 * count:
            return False
        found = set()
        for i in range(count):
            tag, _, offset, length = struct.unpack(">4sIII", directory[16 * i:16 * i + 16])
            if offset + length > size:
                return False
            found.add(tag)
        return _NEEDED_TABLES <= found
    except struct.error:  # the header itself is cut short
        return False


def find_font(name: str, search_first: list[Path], location: Location) -> ResolvedFont:
    """A font by known name or by path; `search_first` (the template folder) before the system."""
    as_path = Path(name)
    if as_path.suffix.lower() in (".ttf", ".ttc", ".otf") or len(as_path.parts) > 1:
        candidates = [as_path] if as_path.is_absolute() else [d / as_path for d in search_first]
        for path in candidates:
            if path.is_file():
                _check_truetype(path, location)
                return ResolvedFont(path.stem, _family_name(path, location), path, location)
        raise NenpoError.single(Text("font.no_file", name=name), location, Text("font.no_file_hint"))
    known = _BY_NAME.get(name.casefold())
    if known is None:
        names = ", ".join(f.key for f in KNOWN_FONTS)
        raise NenpoError.single(Text("font.unknown", name=name), location, Text("font.unknown_hint", names=names))
    for folder in [*search_first, *system_font_dirs()]:
        files = _files_under(folder)
        for file in known.files:
            if (path := files.get(file.lower())) is not None:
                _check_truetype(path, location)
                return ResolvedFont(known.key, known.word_name, path, location)
    raise NenpoError.single(
        Text("font.not_installed", word=known.word_name, key=known.key),
        location,
        Text("font.not_installed_hint", package=known.debian, files=" / ".join(known.files)),
    )


def _family_name(path: Path, location: Location) -> str:
    """The family name inside a TrueType file, for Word to find the same face."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    with reading(ResolvedFont(path.stem, path.stem, path, location)):
        family = TTFontFile(str(path), validate=0).familyName
    return family.decode("utf-8", "replace") if isinstance(family, bytes) else str(family)
