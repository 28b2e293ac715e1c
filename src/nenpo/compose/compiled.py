"""Templates compiled once and reused: within a process (watch, batch) and across runs (the cache
folder), since compiling the default template was a sixth of a small build.

Jinja checks each entry against the template's source (a checksum), so an edited template is always
compiled afresh. What Jinja does not know is that nenpo compiles through its own code generator
(`sandbox.py`, counting loops and output for the work budget) with its own settings (`env.py`): the
entries are therefore kept apart by a digest of those two files, the Jinja version and the Python
version, and a changed nenpo never runs code compiled by an older one.
"""

from __future__ import annotations

import hashlib
import sys
from functools import lru_cache
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

from nenpo.cache import cache_dir, read_entry, write_entry

#: The files whose code shapes what a template compiles to.
_COMPILER_FILES = ("sandbox.py", "env.py")


@lru_cache(maxsize=1)
def _salt() -> str:
    digest = hashlib.sha256(f"{jinja2.__version__} {sys.version}".encode())
    here = Path(__file__).parent
    for name in _COMPILER_FILES:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:16]


class CompiledTemplates(BytecodeCache):
    """Compiled templates in memory for this process, and in the user's cache folder for later runs."""

    def __init__(self) -> None:
        self._memory: dict[str, bytes] = {}

    def _file(self, bucket: Bucket) -> Path | None:
        folder = cache_dir("templates")
        return folder / f"{bucket.key}-{_salt()}" if folder is not None else None

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self._memory.get(bucket.key)
        if data is None and (file := self._file(bucket)) is not None:
            data = read_entry(file)
        if data is not None:
            bucket.bytecode_from_string(data)  # a stale or damaged entry leaves the bucket empty

    def dump_bytecode(self, bucket: Bucket) -> None:
        data = bucket.bytecode_to_string()
        self._memory[bucket.key] = data
        if (file := self._file(bucket)) is not None:
            write_entry(file, data)


#: One for the process: every environment (one per rendering) shares what was compiled.
COMPILED = CompiledTemplates()
