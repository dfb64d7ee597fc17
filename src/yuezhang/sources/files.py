"""Input files: find them, read their bytes safely, and hand them to the markup readers."""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterator
from pathlib import Path

from yuezhang.document import Document
from yuezhang.sources.errors import ReadError

#: Files larger than this are refused (a wiki article is rarely above a few MB).
MAX_BYTES = 64 * 1024 * 1024
#: Share of control characters (besides tab, newline, CR, form feed) that marks a file as binary.
MAX_CONTROL_RATIO = 0.05
_CONTROL = bytes(c for c in range(32) if c not in (9, 10, 12, 13)) + b"\x7f"


def iter_input_files(paths: list[str]) -> Iterator[Path]:
    """Each file named, and every non-hidden file under each folder named, in sorted order."""
    for given in paths:
        p = Path(given)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield Path(root) / name
        else:
            yield p


def read_bytes(path: str | Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The file's bytes, or a ReadError saying why not (missing, unreadable, too large)."""
    shown = str(path)
    try:
        size = os.stat(path).st_size
        if size > max_bytes:
            raise ReadError(shown, "too_large", f"file is {size} bytes, above the limit of {max_bytes}")
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as e:
        raise ReadError(shown, "unreadable", f"cannot read: {e.strerror or e}") from e
    if len(data) > max_bytes:
        raise ReadError(shown, "too_large", f"file is above the limit of {max_bytes} bytes")
    return data


def decode(data: bytes, path: str) -> str:
    """UTF-8 text (a leading BOM is dropped); binary, empty and badly encoded files are refused."""
    if not data:
        raise ReadError(path, "empty", "file is empty")
    nul = data.find(b"\x00")
    if nul != -1:
        raise ReadError(path, "binary", "binary file (NUL byte), not text", position=nul)
    skip = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[skip:].decode("utf-8")
    except UnicodeDecodeError as e:
        bad = data[skip + e.start : skip + e.start + 4].hex(" ")
        raise ReadError(
            path, "encoding", f"invalid UTF-8 ({e.reason}; bytes {bad})", position=skip + e.start
        ) from e
    head = data[:65536]
    controls = sum(head.count(bytes([c])) for c in _CONTROL)
    if controls > MAX_CONTROL_RATIO * len(head):
        raise ReadError(path, "binary", f"binary file ({controls} control bytes in the first {len(head)})")
    if not text.strip():
        raise ReadError(path, "empty", "file holds only whitespace")
    return text


def read_file(path: str | Path, title: str | None = None, max_bytes: int = MAX_BYTES) -> Document:
    """Read one article file into a Document (format detected from the content). Raises ReadError."""
    from yuezhang.markup import read

    shown = str(path)
    text = decode(read_bytes(path, max_bytes), shown)
    try:
        return read(text, shown, title=title)
    except (RecursionError, MemoryError) as e:
        # Input too deep or too big for this machine is the input's fault: report it like a bad file.
        raise ReadError(shown, "markup", f"cannot read the markup ({type(e).__name__}: {e})") from e
