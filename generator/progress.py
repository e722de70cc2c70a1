"""Progress for long work (PDFs): a bar on a terminal, a few plain lines in CI logs.

Library code never prints; it takes a ``progress(done, total, what)`` callback, and the
plugin or a command builds one here for the stream it writes to.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

WIDTH = 30
PLAIN_LINES = 20
"""At most about this many plain lines for one run, however many documents it has."""


def reporter(stream: TextIO, plain: Callable[[str], None], label: str = "PDFs") -> Callable[
        [int, int, str], None]:
    """A callback drawing a bar on ``stream`` when it is a terminal, else calling ``plain``."""
    if stream.isatty():
        def bar(done: int, total: int, what: str) -> None:
            filled = WIDTH * done // max(total, 1)
            stream.write(f"\r{label} [{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{total}")
            if done >= total:
                stream.write("\n")
            stream.flush()
        return bar

    def lines(done: int, total: int, what: str) -> None:
        step = max(1, total // PLAIN_LINES)
        if done % step == 0 or done >= total:
            plain(f"{label} {done}/{total}: {what}")
    return lines
