"""Finding the Japanese TrueType fonts a style names, on Linux, Windows and macOS.

A style names a font by a known name (IPAexMincho, BIZ UD明朝 …) or by a file path. Known names
map to their file names and the Debian package that installs them, so a missing font gives an
error that says what to install. ReportLab embeds only TrueType outlines: an OpenType/CFF file
(Noto CJK `.otf`) is refused with a message, not a crash.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

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


def _check_truetype(path: Path, location: Location) -> None:
    with path.open("rb") as fh:
        magic = fh.read(4)
    if magic == b"OTTO":
        raise NenpoError.single(
            Text("font.cff", file=path.name), location, Text("font.cff_hint"),
        )
    if magic not in (b"\x00\x01\x00\x00", b"true", b"ttcf"):
        raise NenpoError.single(Text("font.not_font", file=path.name), location)


def find_font(name: str, search_first: list[Path], location: Location) -> ResolvedFont:
    """A font by known name or by path; `search_first` (the template folder) before the system."""
    as_path = Path(name)
    if as_path.suffix.lower() in (".ttf", ".ttc", ".otf") or len(as_path.parts) > 1:
        candidates = [as_path] if as_path.is_absolute() else [d / as_path for d in search_first]
        for path in candidates:
            if path.is_file():
                _check_truetype(path, location)
                return ResolvedFont(path.stem, _family_name(path), path)
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
                return ResolvedFont(known.key, known.word_name, path)
    raise NenpoError.single(
        Text("font.not_installed", word=known.word_name, key=known.key),
        location,
        Text("font.not_installed_hint", package=known.debian, files=" / ".join(known.files)),
    )


def _family_name(path: Path) -> str:
    """The family name inside a TrueType file, for Word to find the same face."""
    from reportlab.pdfbase.ttfonts import TTFError, TTFontFile

    try:
        family = TTFontFile(str(path), validate=0).familyName
    except TTFError:
        return path.stem
    return family.decode("utf-8", "replace") if isinstance(family, bytes) else str(family)
