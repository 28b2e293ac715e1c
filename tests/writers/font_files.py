"""Font files made for the tests: an installed TrueType font under other family names (ＭＳ 明朝,
Yu Mincho Light …), TrueType collections of several faces, and an OpenType/CFF font as macOS'
ヒラギノ is (its name table only: nothing reads its outlines). No font library needed: a font is a
table directory and tables, a collection a header listing where each font starts."""

from __future__ import annotations

import struct
from pathlib import Path

#: name table language ids of the Windows platform.
ENGLISH, JAPANESE = 0x0409, 0x0411


def installed(file_name: str) -> Path:
    """An installed font file by name (the Debian packages scripts/setup installs)."""
    return next(Path("/usr/share/fonts").rglob(file_name))


def _tables(font: bytes) -> dict[bytes, bytes]:
    (count,) = struct.unpack(">H", font[4:6])
    tables = {}
    for i in range(count):
        tag, _, offset, length = struct.unpack(">4sIII", font[12 + 16 * i:28 + 16 * i])
        tables[tag] = font[offset:offset + length]
    return tables


def sfnt(tables: dict[bytes, bytes], version: bytes = b"\x00\x01\x00\x00") -> bytes:
    """A font file of these tables, each at a 4-byte boundary (checksums are not checked)."""
    tags = sorted(tables)
    offset = 12 + 16 * len(tags)
    directory, body = b"", b""
    for tag in tags:
        data = tables[tag]
        directory += struct.pack(">4sIII", tag, 0, offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    return version + struct.pack(">HHHH", len(tags), 0, 0, 0) + directory + body


def name_table(records: dict[tuple[int, int], str]) -> bytes:
    """A `name` table of Windows Unicode records: (name id, language id) → text."""
    strings, entries = b"", b""
    for (name_id, language), text in sorted(records.items(), key=lambda item: (item[0][1], item[0][0])):
        raw = text.encode("utf-16-be")
        entries += struct.pack(">6H", 3, 1, language, name_id, len(raw), len(strings))
        strings += raw
    return struct.pack(">HHH", 0, len(records), 6 + len(entries)) + entries + strings


def names(family: str, japanese: str | None = None, subfamily: str = "Regular", postscript: str = "",
          typographic: str | None = None) -> dict[tuple[int, int], str]:
    """The name records of a face: its family (nameID 1) in English and Japanese, subfamily, PostScript
    name and typographic family (nameID 16, the family a Light or Bold face belongs to)."""
    records = {(1, ENGLISH): family, (2, ENGLISH): subfamily,
               (6, ENGLISH): postscript or family.replace(" ", "")}
    if japanese:
        records[(1, JAPANESE)] = japanese
    if typographic:
        records[(16, ENGLISH)] = typographic
    return records


def renamed(font: Path, records: dict[tuple[int, int], str]) -> bytes:
    """An installed TrueType font with another name table: the same outlines under other names."""
    tables = _tables(font.read_bytes())
    tables[b"name"] = name_table(records)
    return sfnt(tables)


def cff_font(records: dict[tuple[int, int], str]) -> bytes:
    """An OpenType/CFF font's header and name table, as the lookup sees ヒラギノ (no outlines)."""
    return sfnt({b"name": name_table(records), b"CFF ": b"\0" * 16}, version=b"OTTO")


def collection(fonts: list[bytes]) -> bytes:
    """A TrueType collection (.ttc) of these fonts, in order: face 0, face 1 …"""
    header = 12 + 4 * len(fonts)
    starts, body = [], b""
    for font in fonts:
        start = header + len(body)
        data = bytearray(font)
        (count,) = struct.unpack_from(">H", data, 4)
        for i in range(count):  # a table's offset counts from the start of the collection
            (offset,) = struct.unpack_from(">I", data, 12 + 16 * i + 8)
            struct.pack_into(">I", data, 12 + 16 * i + 8, offset + start)
        starts.append(start)
        body += bytes(data) + b"\0" * (-len(data) % 4)
    return struct.pack(f">4sII{len(fonts)}I", b"ttcf", 0x00010000, len(fonts), *starts) + body
