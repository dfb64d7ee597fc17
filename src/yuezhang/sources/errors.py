"""Why an input file could not be read, in one line a user can act on."""

from __future__ import annotations

KINDS = ("unreadable", "encoding", "empty", "binary", "markup", "too_large")


class ReadError(Exception):
    """A file that cannot become a Document; `str()` names the file (and byte) in one line."""

    def __init__(self, path: str, kind: str, message: str, position: int | None = None) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown ReadError kind {kind!r}")
        self.path = str(path)
        self.kind = kind
        self.message = " ".join(message.split())  # one line, whatever the cause said
        self.position = position
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"byte {self.position}: " if self.position is not None else ""
        return f"{self.path}: {where}{self.message}"

    def __reduce__(self):  # picklable across worker processes
        return (ReadError, (self.path, self.kind, self.message, self.position))
