"""Where the bz2 streams of a multistream dump start, and how to decompress a run of them.

A multistream dump is many independent bz2 streams laid end to end (100 pages each in
Wikimedia's dumps), so a run of whole streams can be decompressed anywhere, in any order,
by any process. The stream offsets come from the dump's `-index.txt.bz2` (lines
`offset:page_id:title`) or, without one, from scanning the file for a stream header
(`BZh1`..`BZh9` followed by the block magic) and keeping only the hits that the previous
stream's end-of-stream marker ends exactly at: compressed data can contain the header
bytes by chance, never also a valid stream end just before them.
"""

from __future__ import annotations

import bz2
import mmap
import re
from collections.abc import Iterator
from pathlib import Path

BZ2_MAGIC = b"BZh"
_STREAM_START = re.compile(rb"BZh[1-9]1AY&SY")  # stream header + first block magic (0x314159265359)
_EOS_MAGIC = 0x177245385090  # end-of-stream marker, followed by a 32-bit CRC and 0-7 padding bits
_MASK48 = (1 << 48) - 1
_INDEX_OFFSET = re.compile(rb"^(\d+):", re.MULTILINE)  # "offset:page_id:title" lines


class Bz2StreamError(Exception):
    """A bz2 stream that is corrupt or cut short, at a byte offset of the dump."""

    def __init__(self, offset: int, message: str) -> None:
        super().__init__(f"bz2 stream at byte offset {offset}: {message}")
        self.offset = offset


def is_bz2(path: str | Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(3) == BZ2_MAGIC


def index_path_for(path: str | Path) -> Path | None:
    """The index Wikimedia publishes next to `X-multistream.xml.bz2`: `X-multistream-index.txt.bz2`."""
    p = Path(path)
    name = p.name
    for suffix in (".xml.bz2", ".bz2"):
        if name.endswith(suffix):
            candidate = p.with_name(name[: -len(suffix)] + "-index.txt.bz2")
            return candidate if candidate.exists() else None
    return None


def offsets_from_index(index_path: str | Path) -> list[int]:
    """Distinct stream offsets named by an index file, in file order (read in blocks: it has a line per page)."""
    seen: set[bytes] = set()
    rest = b""
    with bz2.open(index_path, "rb") as fh:
        while block := fh.read(1 << 22):
            block = rest + block
            cut = block.rfind(b"\n") + 1
            seen.update(_INDEX_OFFSET.findall(block, 0, cut))
            rest = block[cut:]
    seen.update(_INDEX_OFFSET.findall(rest))
    return sorted(map(int, seen))


def ends_stream_at(data: bytes | mmap.mmap, pos: int) -> bool:
    """Whether a bz2 end-of-stream marker (+ CRC + padding) ends exactly at byte `pos`."""
    if pos < 14:
        return False
    tail = int.from_bytes(data[pos - 11 : pos], "big")
    return any((tail >> (32 + pad)) & _MASK48 == _EOS_MAGIC for pad in range(8))


def scan_offsets(path: str | Path) -> list[int]:
    """Stream offsets found by scanning the file (for a multistream dump without its index)."""
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        found = [0] if mm[:3] == BZ2_MAGIC else []
        for m in _STREAM_START.finditer(mm):
            pos = m.start()
            if pos > 0 and ends_stream_at(mm, pos):
                found.append(pos)
        return found


def stream_offsets(path: str | Path) -> list[int]:
    """Stream offsets of a bz2 dump: from its index when there is one, else by scanning.

    The first stream (offset 0, the XML header in Wikimedia dumps) is not in the index,
    so it is always included.
    """
    index = index_path_for(path)
    offsets = offsets_from_index(index) if index else scan_offsets(path)
    return sorted({0, *offsets})


def decompress(data: bytes | memoryview, offset: int, piece: int = 1 << 20) -> Iterator[bytes]:
    """Decompressed output of the bz2 stream(s) in `data`, at most `piece` bytes at a time.

    `offset` is where `data` starts in the dump, so errors can name the offset of the
    stream that failed. Several concatenated streams are read one after the other.
    """
    view = memoryview(data)
    pos = 0
    while pos < len(view):
        if bytes(view[pos : pos + 3]) != BZ2_MAGIC:
            raise Bz2StreamError(offset + pos, "not the start of a bz2 stream")
        dec = bz2.BZ2Decompressor()
        try:
            out = dec.decompress(view[pos:], piece)
            while True:
                if out:
                    yield out
                if dec.eof:
                    break
                if dec.needs_input:
                    raise Bz2StreamError(
                        offset + pos, "truncated: the stream ends before its end-of-stream marker"
                    )
                out = dec.decompress(b"", piece)
        except OSError as exc:  # libbz2 reports corrupt data (bad magic, CRC mismatch) as OSError
            raise Bz2StreamError(offset + pos, f"corrupt data ({exc})") from None
        pos = len(view) - len(dec.unused_data)
