"""Compiled Jinja templates kept in memory across the rebuilds of ``mkdocs serve``.

MkDocs reloads its configuration, the theme's Jinja environment and the hook module before every rebuild, so
each rebuild compiles Material's templates again: about 40 % of a rebuild's time when previewing one region.
This module is imported once per process, so the cache it holds outlives the rebuilds. Jinja checks each
template's source against the checksum it stored: an edited template is compiled again. The cache holds one
entry per template, whatever the number of rebuilds.
"""

from __future__ import annotations

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class MemoryBytecodeCache(BytecodeCache):
    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._compiled.clear()

    def __len__(self) -> int:
        return len(self._compiled)


TEMPLATES = MemoryBytecodeCache()
