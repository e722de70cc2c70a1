"""Written pages scanned while MkDocs renders the rest.

MkDocs renders pages on one core. Each finished page is handed to a worker process on the
other cores, for the redaction detectors and the leak fingerprints, so by the end of the build
most of the written site has been scanned already. The scan of the written site then reads each
page back and compares the digest of its bytes with the bytes that were scanned: a page changed
after it was handed over (by another plugin, say) is scanned again, so the verdict is exactly
that of scanning every file at the end.
"""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import os
from pathlib import PurePosixPath

from generator.checks import documents, leaks
from generator.checks.documents import name_matches, scan_text
from generator.checks.redaction import Match, Protected
from generator.workers import can_fork, process_pool

_TERMS: list[Protected | None] = []
"""The protected terms of this build, inherited by the forked workers (never sent)."""


class PageScanner:
    """Hands each written page to the workers; collects what they found at the end."""

    def __init__(self, protected: Protected | None, prints: leaks.Fingerprints | None,
                 checked: frozenset[str] = frozenset()) -> None:
        count = (os.cpu_count() or 1) - 1  # one core stays with MkDocs
        self._pool: cf.ProcessPoolExecutor | None = None
        if count >= 1 and can_fork():
            _TERMS[:] = [protected]
            leaks._PRINTS[:] = [prints] if prints else []
            documents._CHECKED[:] = [checked] if checked else []
            self._pool = process_pool(count)
        self._futures: dict[str, cf.Future[tuple[str, list[Match], bool]]] = {}

    def page(self, display: str, html: str) -> None:
        """Scan a page as it will be written (``display``: its path in findings)."""
        if self._pool is None:
            return
        try:
            self._futures[display] = self._pool.submit(_scan_page, display, html)
        except (RuntimeError, cf.process.BrokenProcessPool):
            self.close()  # the rest is scanned at the end, as without workers

    def results(self) -> tuple[dict[str, tuple[str, list[Match]]], dict[str, tuple[str, bool]]]:
        """(redaction matches, leak verdicts) by display path, each with the scanned bytes'
        digest; a page whose worker failed is simply absent (and scanned again)."""
        matches: dict[str, tuple[str, list[Match]]] = {}
        verdicts: dict[str, tuple[str, bool]] = {}
        for display, future in self._futures.items():
            try:
                digest, found, leaked = future.result()
            except Exception:  # a lost page is simply scanned again at the end
                continue
            matches[display] = (digest, found)
            verdicts[display] = (digest, leaked)
        self.close()
        return matches, verdicts

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        _TERMS.clear()
        leaks._PRINTS.clear()
        documents._CHECKED.clear()


def _scan_page(display: str, html: str) -> tuple[str, list[Match], bool]:
    """In a worker: what the scans of the written site would find in this page's file."""
    data = html.encode("utf-8", errors="xmlcharrefreplace")  # as MkDocs writes it
    text = data.decode("utf-8", errors="replace")
    protected = _TERMS[0] if _TERMS else None
    name = PurePosixPath(display).name
    found = name_matches(PurePosixPath(name), display, protected)
    found += scan_text(".html", text, display, protected)
    leaked = bool(leaks._PRINTS) and leaks.leaked(".html", data)
    return hashlib.sha256(data).hexdigest(), found, leaked
