"""Pages converted on a second core while MkDocs converts from the first.

Plain MkDocs converts every page's Markdown to HTML on one core, one page after another, and
that conversion is most of a build. lif's checks need CPU time of their own, so on a machine
with a second core a forked process converts pages from the end of MkDocs' list while MkDocs
converts from the start; when the two meet the rest is MkDocs' own. Each page is converted
once, by the same code: the process calls MkDocs' own ``Page.read_source`` and
``Page.render`` on its copy of the build (the config, the files and the navigation as they
stand when MkDocs starts reading pages), so the HTML, the table of contents, the title and the
anchors are MkDocs' own. MkDocs then takes a page's conversion instead of making it only when
the Markdown it is about to convert, after every plugin's ``on_page_markdown``, is exactly the
text that was converted (compared by digest); otherwise it converts as usual. What the
conversion logged (a link to a missing page, say) is logged again in the build, so ``--strict``
counts it as before.

The process is forked while the page-scan pool's threads run. It uses none of the objects
those threads lock: it reads MkDocs' objects, logs into its own collector (logging's locks are
renewed in a forked child) and writes to a queue of its own.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import multiprocessing
import os
import queue
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mkdocs.structure.pages import Page

from generator.workers import _serve_the_build

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.toc import TableOfContents

BATCH = 4
"""Pages sent back at a time: fewer messages for the build to read between its own pages."""


@dataclass
class Converted:
    """What ``Page.render`` sets on a page, as made in the converting process."""

    digest: bytes
    """Of the Markdown converted: the build takes this only for exactly the same text."""
    content: str
    toc: TableOfContents
    title: str | None
    anchors: set[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None
    """``Page.links_to_anchors`` by the linked file's ``src_uri`` (a File is the build's own)."""
    logged: list[tuple[str, int, str]]
    """(logger, level, message) of every record the conversion logged."""


def markdown_digest(markdown: str) -> bytes:
    return hashlib.blake2b(markdown.encode("utf-8", "surrogatepass"), digest_size=16).digest()


class ConvertAhead:
    """The converting process and the pages it has sent back, for the build's MkDocs run."""

    def __init__(self, config: MkDocsConfig, files: Files) -> None:
        documents = list(files.documentation_pages())
        self._index = {file.src_uri: index for index, file in enumerate(documents)}
        context = multiprocessing.get_context("fork")
        self._reached: Any = context.Value("q", -1, lock=False)
        """The index of the page the build is converting (the process stops short of it)."""
        self._queue: multiprocessing.Queue[list[tuple[str, Converted]] | None] = context.Queue()
        self._ready: dict[str, Converted] = {}
        self.taken: list[str] = []
        """The pages whose conversion MkDocs took from the process, by ``src_uri``."""
        self._process: Any = context.Process(
            target=_convert_from_the_end, daemon=True,
            args=(config, files, documents, self._reached, self._queue, os.getpid()))
        self._process.start()
        self._queue._writer.close()  # type: ignore[attr-defined]
        """Only the process writes: with this end closed here, a process killed in the middle
        of a message (by the kernel, short of memory) leaves the build an end of file to read,
        not a wait for the rest of the message that never ends."""
        self._running = True

    @classmethod
    def start(cls, config: MkDocsConfig, files: Files) -> ConvertAhead | None:
        """A converting process, when a second core and forking are to be had (none else)."""
        if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return None
        try:
            return cls(config, files)
        except OSError:  # no process to be had: MkDocs converts every page, as without one
            return None

    def take(self, page: Page, markdown: str) -> None:
        """Give ``page`` its conversion, if one was made of exactly ``markdown``: MkDocs' next
        step, ``page.render``, then sets what the conversion set instead of converting."""
        index = self._index.get(page.file.src_uri)
        if index is None:
            return
        self._reached.value = index
        self._receive()
        converted = self._ready.pop(page.file.src_uri, None)
        if converted is None or converted.digest != markdown_digest(markdown):
            return

        def render(config: MkDocsConfig, files: Files) -> None:
            del page.render  # the class's own from now on
            if page.markdown is None or markdown_digest(page.markdown) != converted.digest:
                page.render(config, files)  # a plugin after lif changed the text: convert it
                return
            _apply(page, converted, files)

        page.render = render  # type: ignore[method-assign]
        self.taken.append(page.file.src_uri)

    @property
    def pages(self) -> list[str]:
        """Every page's ``src_uri``, in the order MkDocs converts them."""
        return list(self._index)

    def wait(self) -> None:
        """Receive until the process has sent its last conversion (it stops short of the page
        the build has reached): for tests, which must know which pages were converted ahead."""
        while self._running:
            self._receive()
            time.sleep(0.01)

    def _receive(self) -> None:
        while self._running:
            try:
                batch = self._queue.get_nowait()
            except queue.Empty:
                return
            except (OSError, EOFError, ValueError):  # the process died: MkDocs converts the rest
                self._running = False
                return
            if batch is None:
                self._running = False
                return
            self._ready.update(batch)

    def close(self) -> None:
        """Stop the process (whatever it is converting is not needed) and drop what is left."""
        self._reached.value = len(self._index)
        self._running = False
        self._ready.clear()
        if self._process is not None:
            with contextlib.suppress(OSError, ValueError):
                self._process.kill()
                self._process.join()
            self._process = None
            self._queue.close()


def _apply(page: Page, converted: Converted, files: Files) -> None:
    """Set on ``page`` what ``Page.render`` would have set (MkDocs 1.6)."""
    for name, level, message in converted.logged:
        logging.getLogger(name).log(level, message)
    page.content = converted.content
    page.toc = converted.toc
    page._title_from_render = converted.title
    page.present_anchor_ids = converted.anchors
    if converted.links_to_anchors is not None:
        linked: dict[File, dict[str, str]] = {}
        for src_uri, links in converted.links_to_anchors.items():
            target = files.get_file_from_path(src_uri)
            if target is not None:
                linked[target] = links
        page.links_to_anchors = linked


class _Collector(logging.Handler):
    """Keeps the records of the page being converted, to be logged again by the build."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _quiet(collector: _Collector) -> None:
    """Send every record to ``collector`` and print none (the build prints them)."""
    for logger in logging.Logger.manager.loggerDict.values():
        if isinstance(logger, logging.Logger):
            logger.handlers = []
            logger.propagate = True
    logging.getLogger().handlers = [collector]


def _convert_from_the_end(config: MkDocsConfig, files: Files, documents: list[File],
                          reached: Any,
                          results: multiprocessing.Queue[list[tuple[str, Converted]] | None],
                          build_pid: int) -> None:
    """In the converting process: convert pages from the last while the build has not reached
    them, and send each conversion back."""
    _serve_the_build(build_pid)
    collector = _Collector()
    _quiet(collector)
    batch: list[tuple[str, Converted]] = []
    for index in range(len(documents) - 1, -1, -1):
        if index <= reached.value + 1:  # the build is there or about to be
            break
        file = documents[index]
        converted = _convert(file, config, files, collector)
        if converted is not None:
            batch.append((file.src_uri, converted))
        if len(batch) >= BATCH:
            results.put(batch)
            batch = []
    if batch:
        results.put(batch)
    results.put(None)
    results.close()
    results.join_thread()


def _convert(file: File, config: MkDocsConfig, files: Files,
             collector: _Collector) -> Converted | None:
    """``file``'s page read and converted as MkDocs' ``_populate_page`` does (None when that
    fails: the build converts it and reports the failure itself)."""
    page = file.page if file.page is not None else Page(None, file, config)
    config._current_page = page
    try:
        page.read_source(config)
        assert page.markdown is not None
        collector.records = []  # the build logs what reading logs itself: only the conversion's
        digest = markdown_digest(page.markdown)
        page.render(config, files)
        assert page.content is not None
    except Exception:
        return None
    finally:
        config._current_page = None
    links = page.links_to_anchors
    converted = Converted(
        digest, page.content, page.toc, page._title_from_render, page.present_anchor_ids,
        None if links is None else {target.src_uri: dict(anchors)
                                    for target, anchors in links.items()},
        collector.records)
    page.markdown = page.content = None  # sent: not kept here too
    return converted
