"""Process pools for the work that parallelises: rendering PDFs and scanning the written site.

MkDocs renders pages on one core; the PDFs before it and the redaction scan of the written
files after it can use every core the machine has.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import ctypes
import importlib
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

BATCH_SIZE = 40
"""Items a worker takes at a time: enough to make sending them cheap, few enough that the
cores finish together."""


def process_pool(count: int, preload: str = "") -> cf.ProcessPoolExecutor:
    """Workers forked from this process (``preload`` imported first, so each inherits it) when no
    other thread runs, as forking a threaded process can deadlock; otherwise freshly spawned."""
    if can_fork():
        if preload:
            importlib.import_module(preload)
        return cf.ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork"),
                                      initializer=_serve_the_build, initargs=(os.getpid(),))
    return cf.ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn"),
                                  initializer=_serve_the_build, initargs=(os.getpid(),))


PR_SET_PDEATHSIG = 1
"""prctl(2): the signal the kernel sends this process when the thread that made it dies."""


def _serve_the_build(build_pid: int) -> None:
    """In a worker: die with the build, and leave Ctrl-C to it.

    A build killed with ``kill -9`` cannot shut its pool down, so the kernel is asked to kill
    each worker when the build dies (Linux ``PR_SET_PDEATHSIG``); a worker whose build is
    already gone by then exits at once. Ctrl-C is ignored here because the build handles it by
    shutting the pool down (otherwise every worker prints its own traceback first)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != build_pid:
        os._exit(1)


def can_fork() -> bool:
    """Whether a pool would be forked (cheap) rather than spawned (a second or so per worker
    to import lif again: more than a small scan saves)."""
    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


def map_batches(work: Callable[..., list[Result]], items: Sequence[Item], *args: Any,
                workers: int | None = None) -> list[Result]:
    """``work(batch, *args)`` over batches of ``items``, one result per item, in their order.

    Batches go to forked workers when there are enough to repay starting them and nothing
    else runs in this process (``workers=0``: all in this process). A batch whose worker died
    is run again here, so nothing is skipped (these are safety scans: a lost batch would be an
    unscanned file).
    """
    batches = [items[i:i + BATCH_SIZE] for i in range(0, len(items), BATCH_SIZE)]
    count = min(len(batches), os.cpu_count() or 1) if workers is None else workers
    if not can_fork():
        count = 1  # spawned workers would cost more than they save, and hash differently
    results: list[list[Result] | None] = [None] * len(batches)
    if count >= 2:
        try:
            with process_pool(count) as pool:
                futures = [pool.submit(work, batch, *args) for batch in batches]
                for index, future in enumerate(futures):
                    try:
                        results[index] = future.result()
                    except cf.process.BrokenProcessPool:
                        break
        except OSError:  # no processes to be had here: run them in this one
            pass
    done: list[Result] = []
    for batch, result in zip(batches, results, strict=True):
        done += result if result is not None else work(batch, *args)
    return done
