"""Finding the Japanese TrueType fonts a style names, on Linux, Windows and macOS.

A style names a font by its family name, as Word or the OS's font list shows it (IPAex明朝,
BIZ UD明朝, 游明朝, ＭＳ 明朝, ヒラギノ明朝 ProN …), or by a file path; it may list several, tried in
order (`find_first`), so that one template works on a Debian server and on a Windows PC. A name is
looked for in the template folder, then in the system font folders (or the folders of the
NENPO_FONT_DIRS variable): the fonts we know (KNOWN_FONTS) by their usual file names first, which
costs no reading, then every font file by the family names inside it (font_names.py), every face
of a TrueType collection included. A font that is missing gives an error that says how to install
it on this OS.

ReportLab embeds only TrueType outlines: an OpenType/CFF font (Noto CJK `.otf`, macOS' ヒラギノ) is
refused with a message, not a crash, or passed over for the next one listed. So is a file that is no
font, or a font cut short or damaged: its table directory is checked when it is found (a few hundred
bytes read), and whatever reads it later (`reading`) reports a failure as that font's problem, at
the line of style.yaml that names it.
"""

from __future__ import annotations

import os
import re
import struct
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from nenpo.errors import Location, NenpoError
from nenpo.messages import Text
from nenpo.writers.font_names import FONT_SUFFIXES, Face, best_face, faces_in, faces_under, font_files, name_key

#: The OS whose font folders and installation hints apply: `sys.platform` unless a test sets it.
PLATFORM: str | None = None
#: Folders to search instead of the system's, separated by os.pathsep (tests, unusual installs).
FONT_DIRS_VARIABLE = "NENPO_FONT_DIRS"


@dataclass(frozen=True)
class KnownFont:
    """A Japanese font we know the usual file names of, and how to tell people to install."""

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
    # Windows' own fonts (no Debian package): their file names on Windows 10 and 11.
    KnownFont("YuMincho", "游明朝", ("yumin.ttf",), "", ("游明朝", "Yu Mincho", "YuMincho")),
    KnownFont("YuGothic", "游ゴシック", ("YuGothR.ttc",), "", ("游ゴシック", "Yu Gothic", "YuGothic")),
    KnownFont("MSMincho", "ＭＳ 明朝", ("msmincho.ttc",), "", ("ＭＳ 明朝", "MS Mincho")),
    KnownFont("MSGothic", "ＭＳ ゴシック", ("msgothic.ttc",), "", ("ＭＳ ゴシック", "MS Gothic")),
)
_BY_NAME = {name_key(n): f for f in KNOWN_FONTS for n in f.names}


def known_font(name: str) -> KnownFont | None:
    """The known font a name means, in any of its spellings (IPAex明朝, ipaexmincho, ＭＳ明朝)."""
    return _BY_NAME.get(name_key(name))


@dataclass(frozen=True)
class ResolvedFont:
    """A font file found on this machine (a face of it, for a collection), with the name Word
    should use for it."""

    key: str
    word_name: str
    path: Path
    #: Where the style names this font, for a problem found when it is read.
    where: Location = field(default_factory=Location, compare=False)
    #: The face of a TrueType collection (.ttc); 0 for a single font.
    face: int = 0
    #: Every family name the face is known by (Word may write any of them), for comparisons.
    aliases: tuple[str, ...] = field(default=(), compare=False)


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


def platform() -> str:
    """The OS the font folders and hints are for (`PLATFORM`, else `sys.platform`)."""
    return PLATFORM or sys.platform


def font_dirs() -> list[Path]:
    """The folders searched after the template's: NENPO_FONT_DIRS if set, else the system's."""
    chosen = os.environ.get(FONT_DIRS_VARIABLE)
    if chosen is not None:
        return [Path(part) for part in chosen.split(os.pathsep) if part.strip()]
    return system_font_dirs()


def system_font_dirs() -> list[Path]:
    """Where Linux, Windows and macOS keep fonts, for all users and for this user."""
    home = Path.home()
    dirs = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
            home / ".local/share/fonts", home / ".fonts"]
    if platform() == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        dirs = [windir / "Fonts"]
        if local := os.environ.get("LOCALAPPDATA"):
            dirs.append(Path(local) / "Microsoft/Windows/Fonts")
    elif platform() == "darwin":
        dirs = [Path("/Library/Fonts"), Path("/System/Library/Fonts"),
                Path("/System/Library/Fonts/Supplemental"), home / "Library/Fonts"]
    return dirs


@lru_cache(maxsize=64)
def _files_under(folder: Path) -> dict[str, Path]:
    """Font files below a folder by lower-cased file name (first found wins, sorted walk)."""
    found: dict[str, Path] = {}
    for path in font_files(folder):
        found.setdefault(path.name.lower(), path)
    return found


def forget_folders() -> None:
    """Read the font folders afresh (after fonts were installed, and between tests)."""
    _files_under.cache_clear()
    faces_under.cache_clear()


#: Tables reportlab needs to embed a TrueType font: characters, outlines and metrics.
_NEEDED_TABLES = frozenset((b"cmap", b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp"))


def _check_truetype(path: Path, face: int, location: Location) -> None:
    """A TrueType file (or a face of a collection) whose tables are all there and inside the file."""
    with path.open("rb") as fh:
        magic = fh.read(4)
        if magic not in (b"\x00\x01\x00\x00", b"true", b"ttcf", b"OTTO"):
            raise NenpoError.single(Text("font.not_font", path=path), location, Text("font.broken_hint"))
        try:
            start = _face_offset(fh, magic, face)
            fh.seek(start)
            version = fh.read(4)
        except struct.error:  # the header itself is cut short
            raise _broken(path, location) from None
        if version == b"OTTO":
            raise NenpoError.single(Text("font.cff", file=path.name), location, Text("font.cff_hint"))
        if not _tables_complete(fh, start, os.fstat(fh.fileno()).st_size):
            raise _broken(path, location)


def _face_offset(fh: BinaryIO, magic: bytes, face: int) -> int:
    """Where a face's table directory starts: 0 for a single font, else from the collection's list."""
    if magic != b"ttcf":
        return 0
    fh.seek(8)  # tag, version, count, then the offset of each font
    (count,) = struct.unpack(">I", fh.read(4))
    if face >= count:
        raise struct.error("no such face")
    fh.seek(12 + 4 * face)
    (start,) = struct.unpack(">I", fh.read(4))
    return int(start)


def _tables_complete(fh: BinaryIO, start: int, size: int) -> bool:
    """The face's table directory lists every table reportlab needs, each lying wholly inside the
    file: a file cut short fails here."""
    try:
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


def is_font_path(name: str) -> bool:
    """A style's font written as a file (`fonts/house.ttf`), not as a family name."""
    as_path = Path(name)
    return as_path.suffix.lower() in FONT_SUFFIXES or len(as_path.parts) > 1


def find_font(name: str, search_first: list[Path], location: Location) -> ResolvedFont:
    """A font by family name or by path; `search_first` (the template folder) before the system's
    (or NENPO_FONT_DIRS'). Raises a NenpoError at `location` that says what to do."""
    if is_font_path(name):
        return _by_path(name, search_first, location)
    known = known_font(name)
    folders = [*search_first, *font_dirs()]
    keys = frozenset({name_key(name), *(name_key(n) for n in (known.names if known else ()))})
    if known is not None:  # by its usual file names: nothing to read
        for folder in folders:
            files = _files_under(folder)
            for file in known.files:
                if (path := files.get(file.lower())) is not None:
                    return _resolved(path, _face_named(path, keys), location, known)
    cff: Face | None = None
    for folder in folders:
        index = faces_under(folder)
        face = best_face([f for key in sorted(keys) for f in index.get(key, ())], keys)
        if face is not None and face.cff:
            cff = cff or face
        elif face is not None:
            return _resolved(face.path, face.index, location, known)
    if cff is not None:
        raise NenpoError.single(Text("font.cff", file=cff.path.name), location, Text("font.cff_hint"))
    raise NenpoError.single(_not_installed(name, known), location, install_hint([name]))


def _by_path(name: str, search_first: list[Path], location: Location) -> ResolvedFont:
    """A font file named by its path, absolute or relative to the template folder; Word is given
    the (English) family name inside it."""
    as_path = Path(name)
    candidates = [as_path] if as_path.is_absolute() else [d / as_path for d in search_first]
    for path in candidates:
        if path.is_file():
            _check_truetype(path, 0, location)
            face = next((f for f in faces_in(path) if f.index == 0), None)
            if face is None:  # its name table is missing or unreadable
                raise _broken(path, location)
            return ResolvedFont(path.stem, face.english_family, path, location, 0, face.families)
    raise NenpoError.single(Text("font.no_file", name=name), location, Text("font.no_file_hint"))


def _face_named(path: Path, keys: frozenset[str]) -> int:
    """The face of a file with one of these family names (ＭＳ 明朝 in msmincho.ttc, not ＭＳ Ｐ明朝);
    the first face when none has (a file we know by name whose names say otherwise)."""
    face = best_face([f for f in faces_in(path) if f.keys() & keys], keys)
    return face.index if face is not None else 0


def _resolved(path: Path, index: int, location: Location, known: KnownFont | None) -> ResolvedFont:
    """The found face, checked; Word gets its own (Japanese) family name, the PDF a name of ASCII
    letters: the known font's key, else the face's PostScript name."""
    _check_truetype(path, index, location)
    face = next((f for f in faces_in(path) if f.index == index), None)
    if face is None:  # its name table is missing or unreadable
        raise _broken(path, location)
    if known is not None:
        key = known.key
    else:
        key = re.sub(r"[^A-Za-z0-9_-]", "", face.postscript) or f"{re.sub(r'[^A-Za-z0-9_-]', '', path.stem)}-{index}"
    aliases = tuple(dict.fromkeys([*face.families, *(known.names if known else ())]))
    return ResolvedFont(key, face.word_family, path, location, index, aliases)


def _not_installed(name: str, known: KnownFont | None) -> Text:
    if known is not None:
        return Text("font.not_installed", word=known.word_name, key=known.key)
    return Text("font.family_not_installed", name=name)


def find_first(candidates: Sequence[tuple[str, Location]], search_first: list[Path], where: Location) -> ResolvedFont:
    """The first of the fonts a style lists that is on this machine and can be embedded.

    One font alone gives its own error (not found, CFF, damaged); of several, those that cannot
    be used are passed over, and when none can, one error at `where` lists each with its reason,
    and says how to install fonts on this OS."""
    if len(candidates) == 1:
        return find_font(candidates[0][0], search_first, candidates[0][1])
    looked: Text | None = None
    for name, location in candidates:
        try:
            return find_font(name, search_first, location)
        except NenpoError as error:
            reason = _reason(error)
            looked = (Text("font.looked", name=name, reason=reason) if looked is None
                      else Text("font.looked_after", before=looked, name=name, reason=reason))
    raise NenpoError.single(Text("font.none_found", looked=looked), where,
                            install_hint([name for name, _ in candidates]))


def _reason(error: NenpoError) -> Text:
    """Why a listed font was passed over, in a few words."""
    key = error.problems[0].message.key
    if key == "font.cff":
        return Text("font.reason_cff")
    if key in ("font.broken", "font.not_font"):
        return Text("font.reason_broken")
    return Text("font.reason_missing")


def install_hint(names: Sequence[str]) -> Text:
    """How to get one of these fonts on this OS: apt packages on Linux, the fonts that come with
    Windows, TrueType downloads on macOS (whose ヒラギノ cannot be embedded)."""
    if platform() == "win32":
        return Text("font.hint_windows")
    if platform() == "darwin":
        return Text("font.hint_macos")
    knowns = [k for k in (known_font(n) for n in names if not is_font_path(n)) if k is not None]
    packages = list(dict.fromkeys(k.debian for k in knowns if k.debian))
    files = " / ".join(dict.fromkeys(f for k in knowns if k.debian for f in k.files[:1]))
    if packages:
        return Text("font.hint_linux", packages=" ".join(packages), files=files)
    return Text("font.hint_linux_other")
