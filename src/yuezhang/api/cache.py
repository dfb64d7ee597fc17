"""A response cache for GET /api/ answers: the store does not change while it is served.

`yuezhang build` replaces the database file as a whole (a new inode), so an answer is
keyed by the file's identity as well as its URL, and a rebuild while serving is
picked up at once. Only 200 answers are kept, each up to `max_entry` bytes, least
recently used first out once `max_bytes` is reached.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

Entry = tuple[int, list[tuple[bytes, bytes]], bytes]


def db_stamp(path: str) -> tuple[int, int, int]:
    """What changes when the database file is replaced or written."""
    st = os.stat(path)
    return st.st_ino, st.st_mtime_ns, st.st_size


class ResponseCache:
    """ASGI middleware answering repeated GET /api/ requests from memory."""

    def __init__(
        self, app: ASGIApp, db_path: str, max_bytes: int = 64 << 20, max_entry: int = 1 << 20
    ) -> None:
        self.app = app
        self.db_path = db_path
        self.max_bytes = max_bytes
        self.max_entry = max_entry
        self.entries: OrderedDict[Any, Entry] = OrderedDict()
        self.size = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or not scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return
        key = (db_stamp(self.db_path), scope["path"], scope["query_string"])
        entry = self.entries.get(key)
        if entry is not None:
            self.entries.move_to_end(key)
            status, headers, body = entry
            await send(
                {"type": "http.response.start", "status": status, "headers": [*headers, (b"x-cache", b"hit")]}
            )
            await send({"type": "http.response.body", "body": body})
            return
        started: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                started.update(message)
                message = {**message, "headers": [*message.get("headers", []), (b"x-cache", b"miss")]}
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    self._keep(key, started, b"".join(chunks))
            await send(message)

        await self.app(scope, receive, capture)

    def _keep(self, key: Any, started: dict[str, Any], body: bytes) -> None:
        if started.get("status") != 200 or len(body) > self.max_entry:
            return
        if key in self.entries:  # two requests missed at once
            self.size -= len(self.entries[key][2])
        self.entries[key] = (200, list(started.get("headers", [])), body)
        self.size += len(body)
        while self.size > self.max_bytes:
            _, (_, _, old) = self.entries.popitem(last=False)
            self.size -= len(old)
