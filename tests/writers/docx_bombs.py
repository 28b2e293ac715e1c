"""A reference.docx that unpacks far larger than it is, for the tests and the hostile benchmark.

zipfile deflates only what it is given whole, so the bomb is written by hand: a real .docx's parts,
and a styles.xml made of one deflated megabyte of spaces repeated.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

from docx import Document


def _zip(entries: list[tuple[str, bytes, bytes, int]]) -> bytes:
    """A zip written by hand from (name, deflated data, crc32 as 4 bytes, unpacked size): zipfile
    deflates only what it is given whole, and the bomb below is made of repeated blocks."""
    local, central = b"", b""
    for name, data, crc, size in entries:
        header = struct.pack("<HHHHH4sII", 20, 0, 8, 0, 0x21, crc, len(data), size)
        central += (struct.pack("<IH", 0x02014B50, 20) + header
                    + struct.pack("<HHHHHII", len(name), 0, 0, 0, 0, 0, len(local)) + name.encode())
        local += struct.pack("<I", 0x04034B50) + header + struct.pack("<HH", len(name), 0) + name.encode() + data
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(local), 0)
    return local + central + end


def _deflated(data: bytes) -> tuple[bytes, bytes, int]:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush(), struct.pack("<I", zlib.crc32(data)), len(data)


def zip_bomb(target: Path, megabytes: int) -> None:
    """A real .docx's parts, but a styles.xml that unpacks to `megabytes` MB of spaces: the same
    deflated megabyte (flushed, so it stands alone) repeated, then an empty final block."""
    buffer = io.BytesIO()
    Document().save(buffer)
    entries = []
    with zipfile.ZipFile(buffer) as real:
        for name in real.namelist():
            if name != "word/styles.xml":
                entries.append((name, *_deflated(real.read(name))))
    chunk = b" " * 2**20
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(chunk, crc)
    entries.append(("word/styles.xml", block * megabytes + b"\x03\x00", struct.pack("<I", crc), megabytes * 2**20))
    target.write_bytes(_zip(entries))
