"""Written pages scanned while MkDocs renders the rest.

MkDocs renders pages on one core. Each finished page is handed to a worker process on the
other cores, for the redaction detectors and the leak fingerprints, so by the end of the build
most of the written site has been scanned already. The scan of the written site then reads each
page back and compares the digest of its bytes with the bytes that were scanned: a page changed
after it was handed over (by another plugin, say) is scanned again, so the verdict is exactly
that of scanning every file at the end.

A page whose file MkDocs is about to write is handed over by its path (``page``'s ``written``):
its HTML is not kept here while it waits for a worker (at the end of a large build the worker
is hundreds of pages behind), and the worker reads the file once it has been written, the very
bytes the scan of the written site compares.
"""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, TypeVar

from generator.checks import documents, html_text, leaks
from generator.checks.documents import HTML_SUFFIXES, name_matches
from generator.redaction.protected import Protected
from generator.redaction.scanner import Match
from generator.workers import can_fork, process_pool

if TYPE_CHECKING:
    from generator.models import Finding
    from generator.site import Site

_TERMS: list[Protected | None] = []
"""The protected terms of this build, inherited by the forked workers (never sent)."""
BATCH = 16
"""Pages (or other files) handed to a worker as one task."""
_SITE: list[Site] = []
"""The build's site, inherited by the workers, which make the leak fingerprints from it."""
_CHECKED_FROM_SITE: list[bool] = []
"""Set when each worker is to read the runs the checks before the build scanned from the site
itself (``PageScanner``'s ``checked`` None)."""
Handed = str | Path
T = TypeVar("T")
"""A page handed to the workers: its HTML, or the file it is being written to."""


class PageScanner:
    """Hands each written page to the workers; collects what they found at the end.

    Given the ``site``, each worker makes the leak fingerprints
    itself before its first page: tokenising every text of a large site takes seconds, and
    the workers' core is free while MkDocs renders, the build's is not."""

    def __init__(self, protected: Protected | None, site: Site | None = None,
                 checked: frozenset[documents.RunKey] | None = frozenset()) -> None:
        """``checked``: the runs a page's scan may skip (``documents.checked_sources``); None
        for the runs the checks before the build scanned in ``site``, which the workers read
        themselves (``checked_runs``): reading them takes half a second on a large site, at
        the start of the build, when this process has the rest of the checks to run."""
        count = (os.cpu_count() or 1) - 1  # one core stays with MkDocs
        self._count = count
        self._pool: cf.ProcessPoolExecutor | None = None
        if count >= 1 and can_fork():
            _TERMS[:] = [protected]
            leaks._PRINTS.clear()  # made in the workers, from the site (none without one)
            _SITE[:] = [site] if site is not None else []
            documents._CHECKED[:] = [checked] if checked else []
            _CHECKED_FROM_SITE[:] = [True] if checked is None and site is not None else []
            self._pool = process_pool(count)
        self._batch: list[tuple[str, Handed]] = []
        self._handed: set[str] = set()
        self._pages: list[cf.Future[list[tuple[str, str, list[Match], bool | None]]]] = []
        self._files: list[cf.Future[list[tuple[str, str, bool | None]]]] = []
        self._waiting: dict[cf.Future[Any], list[tuple[str, Handed]]] = {}
        """The batches not scanned yet, by their task, so the last can be taken back; each is
        let go when its task is done, so the written pages are not all kept in memory."""
        self._leaks: list[cf.Future[list[tuple[str, str, bool | None]]]] = []

    def warm_up(self) -> None:
        """Have each worker make the leak fingerprints now, before the first page comes."""
        if self._pool is None:
            return
        for _ in range(self._count):
            try:
                self._pool.submit(_make_prints)
            except (RuntimeError, cf.process.BrokenProcessPool):
                return

    def checked_runs(self) -> cf.Future[frozenset[documents.RunKey]] | None:
        """The runs of text the checks before the build scanned (``public_text.checked_runs``),
        as a worker read them for its scans, for the scan of the written files at the end; None
        when no worker reads them (the caller reads them itself)."""
        return self._submit(_checked_runs) if _CHECKED_FROM_SITE else None

    def source_scans(self) -> cf.Future[list[Finding]] | None:
        """Run the scans of the sources' text (``checks.run_scans``) in a worker, ahead of the
        pages; None when there is no worker (the caller runs them itself)."""
        return self._submit(_source_scans) if _SITE else None

    def _submit(self, task: Callable[[], T]) -> cf.Future[T] | None:
        """``task`` run in a worker; None when there is none to be had."""
        if self._pool is None:
            return None
        try:
            return self._pool.submit(task)
        except (RuntimeError, cf.process.BrokenProcessPool):
            return None

    def page(self, display: str, html: str, written: Path | None = None) -> None:
        """Scan a page as it will be written (``display``: its path in findings). The workers
        read a page as HTML: one a plugin writes under another kind of name (``notes.txt``) is
        left to the scan of the written files, which reads each file by its kind.

        ``written``: the file MkDocs writes ``html`` to right after this call. The page is then
        handed over by that path, not its text, and only with a later page (or at the end),
        once the file is there: the worker reads the file itself. A file that is missing then
        (MkDocs writes no file for an empty page) gets no result, like a page lost with its
        worker, so the scan of the written site reads whatever is there at the end."""
        if self._pool is None or PurePosixPath(display).suffix.lower() not in HTML_SUFFIXES:
            return
        if written is not None and len(self._batch) >= BATCH:
            self._flush()  # every page in it was written before this one was rendered
        self._batch.append((display, html if written is None else written))
        self._handed.add(display)
        if written is None and len(self._batch) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        """Hand the pages gathered so far to a worker, as one task.

        One task per page would wake the pool's feeder thread for every page, and that thread
        competes with MkDocs for the interpreter lock: the worker then waits for work while
        MkDocs renders, and catches up only at the end."""
        if self._pool is None or not self._batch:
            return
        batch, self._batch = self._batch, []
        try:
            future = self._pool.submit(_scan_pages, batch)
            self._waiting[future] = batch
            future.add_done_callback(self._done)
            self._pages.append(future)
        except (RuntimeError, cf.process.BrokenProcessPool):
            self.close()  # the rest is scanned at the end, as without workers

    def files(self, site_dir: Path, paths: Iterable[Path]) -> None:
        """Read the other written files (feeds, JSON, sitemap, scripts) for the leak scan only,
        in the workers that hold the fingerprints; pages handed over already are skipped."""
        self._flush()
        if self._pool is None:
            return
        todo = [(documents.display_of(site_dir, path), path) for path in paths]
        todo = [(display, path) for display, path in todo if display not in self._handed]
        for start in range(0, len(todo), BATCH):
            try:
                self._files.append(self._pool.submit(_leaks_in_files, todo[start:start + BATCH]))
            except (RuntimeError, cf.process.BrokenProcessPool):
                return  # the rest is read at the end, as without workers

    @property
    def handed(self) -> set[str]:
        """The display paths of the pages handed to the workers."""
        return set(self._handed)

    def results(self) -> tuple[dict[str, tuple[str, list[Match]]],
                               dict[str, tuple[str, bool | None]]]:
        """(redaction matches, leak verdicts) by display path, each with the scanned bytes'
        digest; a page whose worker failed is simply absent (and scanned again)."""
        self._flush()
        matches: dict[str, tuple[str, list[Match]]] = {}
        verdicts: dict[str, tuple[str, bool | None]] = {}
        matches.update(self._share_the_rest())
        for scanned in self._pages:
            if scanned.cancelled():
                continue
            try:
                done = scanned.result()
            except Exception:  # lost pages are simply scanned again at the end
                continue
            for display, digest, found, leaked in done:
                matches[display] = (digest, found)
                verdicts[display] = (digest, leaked)
        for read in [*self._files, *self._leaks]:
            try:
                verdicts.update((display, (digest, leaked)) for display, digest, leaked
                                in read.result())
            except Exception:  # read again at the end
                continue
        self.close()
        return matches, verdicts

    def _done(self, future: cf.Future[Any]) -> None:
        self._waiting.pop(future, None)

    def _share_the_rest(self) -> dict[str, tuple[str, list[Match]]]:
        """Once MkDocs has written its last page this process is idle while the worker works
        through the pages it was handed in the last seconds (MkDocs writes every page at the
        end). Each batch the worker has not started is taken back: its leak verdicts stay with
        the worker, which holds the fingerprints, and its redaction scan is done here."""
        if self._pool is None:
            return {}
        taken = [batch for future, batch in list(self._waiting.items()) if future.cancel()]
        for batch in taken:
            try:
                self._leaks.append(self._pool.submit(_leaks_in_pages, batch))
            except (RuntimeError, cf.process.BrokenProcessPool):
                break  # the rest is read at the end, as without workers
        return {display: (digest, found) for batch in taken
                for display, digest, found in _redaction_in_pages(batch)}

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        _TERMS.clear()
        _SITE.clear()
        _CHECKED_FROM_SITE.clear()
        leaks._PRINTS.clear()
        documents._CHECKED.clear()


def _scan_pages(batch: list[tuple[str, Handed]]
                ) -> list[tuple[str, str, list[Match], bool | None]]:
    _worker_checked()
    found = []
    for display, handed in batch:
        page = _read(handed)
        if page is not None:
            found.append((display, *_scan_page(display, page)))
    return found


def _leaks_in_files(batch: list[tuple[str, Path]]) -> list[tuple[str, str, bool | None]]:
    return [(display, *_leaks_in_file(path)) for display, path in batch]


def _read(handed: Handed) -> tuple[bytes, str] | None:
    """A handed page as written: (its bytes, their text as the scans read it); None for a
    page handed by its file when the file cannot be read (it gets no early verdict)."""
    if isinstance(handed, str):
        return _as_written(handed)
    try:
        data = handed.read_bytes()
    except OSError:
        return None
    return data, data.decode("utf-8", errors="replace")


def _scan_page(display: str, page: tuple[bytes, str]) -> tuple[str, list[Match], bool | None]:
    """In a worker: what the scans of the written site would find in this page's file."""
    data, text = page
    reading = html_text.texts(text)  # read once, for both scans
    prints = _worker_prints()
    leaked = prints is not None and leaks.page_verdict(prints, text, reading)
    return hashlib.sha256(data).hexdigest(), _redaction(display, text, reading), leaked


def _as_written(html: str) -> tuple[bytes, str]:
    data = html.encode("utf-8", errors="xmlcharrefreplace")  # as MkDocs writes it
    return data, data.decode("utf-8", errors="replace")


def _redaction(display: str, text: str, reading: list[tuple[str, bool]]) -> list[Match]:
    """The error-level redaction matches of a page as written (its name included)."""
    protected = _TERMS[0] if _TERMS else None
    found = name_matches(PurePosixPath(PurePosixPath(display).name), display, protected)
    return found + documents.scan_html(text, display, protected, reading, errors_only=True)


def _redaction_in_pages(batch: list[tuple[str, Handed]]) -> list[tuple[str, str, list[Match]]]:
    """In this process: ``_scan_page``'s redaction half for pages taken back from a worker."""
    found = []
    for display, handed in batch:
        page = _read(handed)
        if page is None:
            continue
        data, text = page
        found.append((display, hashlib.sha256(data).hexdigest(),
                      _redaction(display, text, html_text.texts(text))))
    return found


def _leaks_in_pages(batch: list[tuple[str, Handed]]) -> list[tuple[str, str, bool | None]]:
    """In a worker: ``_scan_page``'s leak half, for pages whose redaction scan was taken back."""
    found: list[tuple[str, str, bool | None]] = []
    prints = _worker_prints()
    for display, handed in batch:
        page = _read(handed)
        if page is None:
            continue
        data, text = page
        leaked = prints is not None and leaks.page_verdict(prints, text, html_text.texts(text))
        found.append((display, hashlib.sha256(data).hexdigest(), leaked))
    return found


def _source_scans() -> list[Finding]:
    """In a worker: the findings of ``checks.run_scans`` for the build's site."""
    from generator.checks import run_scans

    return run_scans(_SITE[0], workers=0)


def _worker_checked() -> None:
    """In a worker: read the runs the checks before the build scanned from the site, on first
    use, when it is to (``_CHECKED_FROM_SITE``)."""
    if _CHECKED_FROM_SITE and not documents._CHECKED and _SITE:
        from generator.checks import public_text

        documents._CHECKED[:] = [public_text.checked_runs(_SITE[0])]


def _checked_runs() -> frozenset[documents.RunKey]:
    """In a worker: the runs it reads as checked (``_worker_checked``), for the build."""
    _worker_checked()
    return documents._CHECKED[0] if documents._CHECKED else frozenset()


def _make_prints() -> None:
    """In a worker: make the fingerprints (``_worker_prints``) and send nothing back. Returned,
    they were pickled to the build process, which had no use for them: 24 MB and two thirds of
    a second of CPU on a site of 400 reviews, and the set of hashes briefly in its memory."""
    _worker_prints()


def _worker_prints() -> leaks.Fingerprints | None:
    """In a worker: the fingerprints it was given, or made from the site on first use; None
    only when there is nothing to look for. Should making them fail, the site is kept and the
    failure raised for every page, so each is read again at the end, never passed unread."""
    if not leaks._PRINTS:
        if not _SITE:
            return None
        _worker_checked()
        checked = documents._CHECKED[0] if documents._CHECKED else frozenset()
        leaks._PRINTS[:] = [leaks.fingerprints(_SITE[0], verbatim_among=checked)]
    return leaks._PRINTS[0] or None


def _leaks_in_file(path: Path) -> tuple[str, bool | None]:
    """In a worker: the digest of a written file and whether it holds text not public (None:
    it cannot be read in full)."""
    data = path.read_bytes()
    prints = _worker_prints()
    return (hashlib.sha256(data).hexdigest(),
            prints is not None and leaks.verdict(prints, path.suffix, data))
