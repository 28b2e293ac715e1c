"""The family names written inside font files, and an index of the faces in a font folder by them.

A style may name a font the way Word or the OS's font list shows it (ＭＳ 明朝, Yu Mincho, BIZ UD明朝,
ヒラギノ明朝 ProN), so the lookup reads each .ttf/.ttc/.otf file's `name` table: the family names
(nameID 1, and the typographic family, nameID 16) in every language the file records, for every face
of a TrueType collection. Only the file's header, table directory and `name` table are read (a few
kilobytes, not the outlines). Names compare after NFKC, casefolding and removing spaces, so
"MS Mincho", "ＭＳ 明朝" and "ms明朝" each find their face, while ＭＳ Ｐ明朝 stays another face.

An index is made once per folder and process (a batch build or `nenpo watch` asks many times),
and kept across runs in the cache folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import struct
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

#: The file name endings of the fonts a folder is searched for.
FONT_SUFFIXES = (".ttf", ".ttc", ".otf")

_FAMILY, _SUBFAMILY, _POSTSCRIPT, _TYPO_FAMILY, _TYPO_SUBFAMILY = 1, 2, 6, 16, 17
#: Language ids of Japanese name records: Windows (0x0411) and Macintosh (11).
_JAPANESE = {(3, 0x0411), (1, 11)}
#: Language ids of English (United States) name records, Windows and Macintosh.
_ENGLISH = {(3, 0x0409), (1, 0)}
#: The faces of a collection read at most (a damaged header may claim millions).
_MOST_FACES = 256
#: Subfamily names of a family's upright text weight.
_REGULAR = frozenset({"regular", "normal", "book", "roman", "medium", "standard", "w3", "標準"})


def name_key(name: str) -> str:
    """How font names compare: NFKC (full-width ＭＳ is MS), casefolded, without spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name).casefold())


@dataclass(frozen=True)
class Face:
    """One font in a file (a .ttc holds several), with the names it is known by."""

    path: Path
    index: int
    #: Every family name (nameID 1 and 16) in every language, as written, without repeats.
    families: tuple[str, ...]
    #: The family name Word shows for this face: the Japanese nameID 1 if there is one.
    word_family: str
    #: The English (or first) nameID 1 family, which ReportLab reads too.
    english_family: str
    postscript: str
    #: The upright text weight of its family (Regular, Medium, W3), not Light or Bold.
    regular: bool
    #: OpenType with CFF outlines, which ReportLab cannot embed.
    cff: bool

    def keys(self) -> frozenset[str]:
        return frozenset(name_key(n) for n in self.families)

    def named(self, keys: frozenset[str]) -> bool:
        """This face's own family (nameID 1) is one of `keys`, not only its typographic family."""
        return name_key(self.english_family) in keys or name_key(self.word_family) in keys


@dataclass(frozen=True)
class _Record:
    platform: int
    language: int
    name_id: int
    text: str


def faces_in(path: Path) -> list[Face]:
    """Every face of a font file with its names; [] for a file that is no font or cannot be read."""
    try:
        with path.open("rb") as fh:
            magic = fh.read(4)
            if magic == b"ttcf":
                fh.seek(8)
                (count,) = struct.unpack(">I", fh.read(4))
                count = min(count, _MOST_FACES)
                offsets = struct.unpack(f">{count}I", fh.read(4 * count))
            elif magic in (b"\x00\x01\x00\x00", b"true", b"OTTO"):
                offsets = (0,)
            else:
                return []
            return [face for i, offset in enumerate(offsets) if (face := _face(fh, path, i, offset)) is not None]
    except (OSError, struct.error, ValueError):
        return []


def _face(fh: BinaryIO, path: Path, index: int, offset: int) -> Face | None:
    fh.seek(offset)
    version, count = struct.unpack(">4sH", fh.read(6))
    fh.seek(offset + 12)
    directory = fh.read(16 * count)
    tables = {}
    for i in range(len(directory) // 16):
        tag, _, start, length = struct.unpack(">4sIII", directory[16 * i:16 * i + 16])
        tables[tag] = (start, length)
    if b"name" not in tables:
        return None
    start, length = tables[b"name"]
    fh.seek(start)
    records = list(_name_records(fh.read(length)))
    families = [r.text for r in records if r.name_id in (_FAMILY, _TYPO_FAMILY) and r.text]
    if not families:
        return None
    cff = version == b"OTTO" or (b"glyf" not in tables and (b"CFF " in tables or b"CFF2" in tables))
    english = _pick(records, _FAMILY, _ENGLISH) or families[0]
    subfamily = _pick(records, _TYPO_SUBFAMILY, _ENGLISH) or _pick(records, _SUBFAMILY, _ENGLISH) or ""
    return Face(
        path=path, index=index, families=tuple(dict.fromkeys(families)),
        word_family=_pick(records, _FAMILY, _JAPANESE) or english, english_family=english,
        postscript=_pick(records, _POSTSCRIPT, _ENGLISH) or "",
        regular=name_key(subfamily) in _REGULAR or not subfamily, cff=cff,
    )


def _pick(records: list[_Record], name_id: int, languages: set[tuple[int, int]]) -> str | None:
    """The first record of a name in one of the languages (Windows records first), if any."""
    found = [r for r in records if r.name_id == name_id and (r.platform, r.language) in languages and r.text]
    found.sort(key=lambda r: r.platform != 3)
    return found[0].text if found else None


def _name_records(table: bytes) -> Iterable[_Record]:
    """The readable records of a `name` table, decoded (UTF-16, Mac Roman, Shift_JIS)."""
    _, count, strings = struct.unpack(">HHH", table[:6])
    for i in range(count):
        at = 6 + 12 * i
        if at + 12 > len(table):
            return
        platform, encoding, language, name_id, length, offset = struct.unpack(">6H", table[at:at + 12])
        if name_id not in (_FAMILY, _SUBFAMILY, _POSTSCRIPT, _TYPO_FAMILY, _TYPO_SUBFAMILY):
            continue
        raw = table[strings + offset:strings + offset + length]
        if (text := _decode(raw, platform, encoding)) is not None:
            yield _Record(platform, language, name_id, text.strip("\x00 "))


def _decode(raw: bytes, platform: int, encoding: int) -> str | None:
    try:
        if platform == 0 or (platform == 3 and encoding in (0, 1, 10)):
            return raw.decode("utf-16-be")
        if platform == 3 and encoding == 2:  # Shift_JIS in 16-bit units
            return raw.replace(b"\x00", b"").decode("cp932")
        if platform == 1 and encoding == 0:
            return raw.decode("mac_roman")
        if platform == 1 and encoding == 1:
            return raw.decode("shift_jis")
    except UnicodeDecodeError:
        return None
    return None


def font_files(folder: Path) -> list[Path]:
    """The font files below a folder, in a fixed order (sorted walk); [] when it is not a folder."""
    found: list[Path] = []
    if not folder.is_dir():
        return found
    for root, subdirs, files in os.walk(folder):
        subdirs.sort()
        found.extend(Path(root) / name for name in sorted(files) if name.lower().endswith(FONT_SUFFIXES))
    return found


@lru_cache(maxsize=64)
def faces_under(folder: Path) -> dict[str, tuple[Face, ...]]:
    """The faces below a folder by family name key (`name_key`), each list in file order.

    Made once per folder and process; across runs the names read are kept in the cache folder
    (nenpo/cache.py), keyed by each file's path, size and modification time, so that a Windows
    font folder of hundreds of files costs a walk and a `stat` each rather than opening them all."""
    index: dict[str, list[Face]] = {}
    for face in _all_faces(folder):
        for key in face.keys():
            index.setdefault(key, []).append(face)
    return {key: tuple(faces) for key, faces in index.items()}


def _all_faces(folder: Path) -> list[Face]:
    entry = _index_entry(folder)
    known = _read_index(entry) if entry is not None else {}
    fresh: dict[str, tuple[int, int, list[Face]]] = {}
    for path in font_files(folder):
        try:
            stat = path.stat()
        except OSError:
            continue
        stamp = (stat.st_size, stat.st_mtime_ns)
        cached = known.get(str(path))
        faces = cached[2] if cached is not None and cached[:2] == stamp else faces_in(path)
        fresh[str(path)] = (*stamp, faces)
    if entry is not None and fresh != known:
        _write_index(entry, fresh)
    return [face for _, _, faces in fresh.values() for face in faces]


def _index_entry(folder: Path) -> Path | None:
    from nenpo.cache import cache_dir

    cache = cache_dir("fonts")
    if cache is None:
        return None
    key = f"{folder.resolve()}\0{_code()}"
    return cache / f"names-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}.json"


@lru_cache(maxsize=1)
def _code() -> str:
    """This module's own source: an index made by other code is not read."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def _read_index(entry: Path) -> dict[str, tuple[int, int, list[Face]]]:
    """A stored index, or {} when there is none or it cannot be read."""
    from nenpo.cache import read_entry

    data = read_entry(entry)
    if data is None:
        return {}
    try:
        stored = json.loads(data)
        return {path: (size, mtime, [Face(**{**face, "path": Path(face["path"]), "families": tuple(face["families"])})
                                     for face in faces])
                for path, (size, mtime, faces) in stored.items()}
    except Exception:  # noqa: BLE001 - a damaged or foreign entry: read the folder again
        return {}


def _write_index(entry: Path, index: dict[str, tuple[int, int, list[Face]]]) -> None:
    from nenpo.cache import write_entry

    stored = {path: (size, mtime, [{**asdict(face), "path": str(face.path)} for face in faces])
              for path, (size, mtime, faces) in index.items()}
    write_entry(entry, json.dumps(stored, ensure_ascii=False).encode("utf-8"))


def best_face(faces: Iterable[Face], keys: frozenset[str]) -> Face | None:
    """The face a family name (in any of its spellings, `keys`) means: a TrueType face before a CFF
    one, then the face whose own family is the name (Yu Mincho, not Yu Mincho Light), then its
    upright text weight; the first found of equals."""
    ranked = sorted(dict.fromkeys(faces), key=lambda f: (f.cff, not f.named(keys), not f.regular, str(f.path), f.index))
    return ranked[0] if ranked else None
