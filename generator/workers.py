"""Process pools for the work that parallelises: rendering PDFs and scanning the written site.

MkDocs renders pages on one core; the PDFs before it and the redaction scan of the written
files after it can use every core the machine has.
"""

from __future__ import annotations

import concurrent.futures as cf
import importlib
import multiprocessing
import threading


def process_pool(count: int, preload: str = "") -> cf.ProcessPoolExecutor:
    """Workers forked from this process (``preload`` imported first, so each inherits it) when no
    other thread runs, as forking a threaded process can deadlock; otherwise freshly spawned."""
    if can_fork():
        if preload:
            importlib.import_module(preload)
        return cf.ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork"))
    return cf.ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn"))


def can_fork() -> bool:
    """Whether a pool would be forked (cheap) rather than spawned (a second or so per worker
    to import lif again: more than a small scan saves)."""
    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()
