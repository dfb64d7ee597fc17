"""Progress of a dump build: pages/s, MB/s, treaties found, ETA.

A dump build runs for hours, so it says how it is doing: on a terminal a status line
redrawn in place; otherwise (a log file, CI) one line every `LOG_SECONDS`. A caller that
draws its own progress (the CLI's `progress(done, total, label)`) gets the status as the
label, with pages done and no total, after every unit.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

#: progress(done, total, label), as store.build.Progress.
Callback = Callable[[int, int | None, str], None]

TTY_SECONDS = 0.5
LOG_SECONDS = 30.0


def _duration(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


class DumpProgress:
    """Counts what the build did and shows it now and then."""

    def __init__(
        self, name: str, total_bytes: int, callback: Callback | None = None, out: TextIO | None = None
    ) -> None:
        self.name = name
        self.total = total_bytes  # compressed (or file) bytes to go through
        self.callback = callback
        self.out = out if out is not None else sys.stderr
        self.tty = callback is None and self.out.isatty()
        self.start = time.monotonic()
        self.last = self.start
        self.done_bytes = 0  # of total_bytes
        self.skipped_bytes = 0  # done in an earlier run (not counted in rates)
        self.text_bytes = 0  # decompressed XML read in this run
        self.pages = 0
        self.treaties = 0
        self.facts: tuple[int, int] | None = None  # at the end: treaties whose facts are in, of how many

    def status(self) -> str:
        if self.facts is not None:
            return f"{self.name}: {self.pages:,} pages read; facts of {self.facts[0]:,}/{self.facts[1]:,} treaties"
        elapsed = max(time.monotonic() - self.start, 1e-9)
        rate = (self.done_bytes - self.skipped_bytes) / elapsed
        left = self.total - self.done_bytes
        eta = _duration(left / rate) if rate > 0 and left > 0 else "–"
        pct = 100 * self.done_bytes / self.total if self.total else 100.0
        return (
            f"{self.name}: {pct:5.1f}%  {self.pages:,} pages ({self.pages / elapsed:,.0f}/s)  "
            f"{self.text_bytes / elapsed / 1e6:.1f} MB/s  {self.treaties:,} treaties  ETA {eta}"
        )

    def update(self, force: bool = False) -> None:
        now = time.monotonic()
        every = 0.0 if self.callback else TTY_SECONDS if self.tty else LOG_SECONDS
        if not force and now - self.last < every:
            return
        self.last = now
        if self.callback is not None:
            self.callback(self.pages, None, self.status())
        elif self.tty:
            self.out.write("\r" + self.status() + "\033[K")
            self.out.flush()
        else:
            self.out.write(time.strftime("%H:%M:%S ") + self.status() + "\n")
            self.out.flush()

    def close(self) -> None:
        self.update(force=True)
        if self.tty:
            self.out.write("\n")
            self.out.flush()
