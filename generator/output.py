"""Atomic, locked, reproducible output: the built site replaces the old one only when it is good.

A build writes into a fresh directory beside the target (``.site-build-XXXXXXXX`` next to
``site/``). Only after every check, including the scan of the written files, has passed is it
swapped in: with Linux ``renameat2(RENAME_EXCHANGE)`` the swap is one atomic step; elsewhere the
old site is renamed away (``.site-old-XXXXXXXX``), the new one renamed in, the old one deleted.
A failed, interrupted or killed build therefore leaves the previous ``site/`` exactly as it was.

The next build cleans up after a killed one: it deletes stale ``.site-build-*`` and
``.site-old-*`` folders and the search index's staging folders (``.lif-search-site-build-*``)
and, if a crash fell between the two renames of the fallback swap, renames the old site back.
Two builds of the same site at once are refused by an advisory lock (``fcntl.flock`` on
``.site-build.lock``), which the kernel releases if the holder dies.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import SiteError

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class BuildLocked(SiteError):
    """Another build of the same site is running."""


def is_serve_dir(site_dir: Path) -> bool:
    """True for the throw-away folder ``mkdocs serve`` builds into (``/tmp/mkdocs_XXXX``)."""
    return (site_dir.name.startswith("mkdocs_")
            and site_dir.parent == Path(tempfile.gettempdir()))


def lock_path(target: Path) -> Path:
    return target.parent / f".{target.name}-build.lock"


def _build_dirs(target: Path) -> list[Path]:
    return sorted(target.parent.glob(f".{target.name}-build-*"))


def _old_dirs(target: Path) -> list[Path]:
    return sorted(target.parent.glob(f".{target.name}-old-*"))


def search_staging_prefix(build_dir: Path) -> str:
    """The name of the folder Pagefind's pages are staged in beside a build folder, less its
    random end: ``.lif-search-site-build-XXXXXXXX-``. Named after the build folder so the next
    build of the same site knows a killed build's staging folder as its own to delete (and never
    another site's, whose build may be running beside it)."""
    return f".lif-search-{build_dir.name.lstrip('.')}-"


def _search_dirs(target: Path) -> list[Path]:
    return sorted(target.parent.glob(f".lif-search-{target.name}-build-*"))


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.is_dir():
        shutil.rmtree(path, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b),
                       _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def recover(target: Path) -> list[Path]:
    """Undo what a killed build left behind; return the stale folders removed."""
    olds = _old_dirs(target)
    if not target.exists() and olds:
        # Killed between "old site away" and "new site in": put the old site back.
        newest = max(olds, key=lambda p: p.stat().st_mtime_ns)
        newest.rename(target)
        olds.remove(newest)
    stale = [p for p in _build_dirs(target) + olds + _search_dirs(target)
             if p.name != lock_path(target).name]
    for path in stale:
        _remove(path)
    return stale


def normalise_mtimes(root: Path, epoch: int) -> None:
    """Give every written file and folder the same modification time (SOURCE_DATE_EPOCH)."""
    for dirpath, dirnames, filenames in os.walk(root):
        for name in filenames + dirnames:
            os.utime(os.path.join(dirpath, name), (epoch, epoch), follow_symlinks=False)
    os.utime(root, (epoch, epoch))


@dataclass
class AtomicOutput:
    """One build's private output folder, and the lock that keeps other builds out."""

    target: Path
    temp: Path
    lock_fd: int | None
    committed: bool = False
    removed: list[Path] = field(default_factory=list)

    @classmethod
    def begin(cls, target: Path) -> AtomicOutput:
        """Take the site's lock, clean up after killed builds and make the build folder."""
        target = Path(os.path.abspath(target))
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = acquire_lock(target)
        try:
            removed = recover(target)
            while True:
                temp = target.parent / f".{target.name}-build-{secrets.token_hex(4)}"
                try:
                    temp.mkdir()
                    break
                except FileExistsError:  # pragma: no cover - 32 random bits collided
                    continue
        except BaseException:
            release_lock(fd)
            raise
        return cls(target, temp, fd, removed=removed)

    def commit(self) -> None:
        """Swap the finished build in for the old site, then delete the old site."""
        if self.committed:
            return
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
        if epoch.isdigit():
            normalise_mtimes(self.temp, int(epoch))
        target = self.target
        if target.is_symlink() or (target.exists() and not target.is_dir()):
            raise SiteError(f"{target.name}: is not a folder, so the built site cannot replace "
                            "it. Move it away and build again.")
        if not target.exists():
            os.rename(self.temp, target)
        elif _exchange(self.temp, target):
            pass  # self.temp now holds the old site
        else:
            old = target.parent / f".{target.name}-old-{secrets.token_hex(4)}"
            os.rename(target, old)
            os.rename(self.temp, target)
            self.temp = old
        self.committed = True
        _fsync_dir(target.parent)
        _remove(self.temp)
        self.release()

    def abort(self) -> None:
        """Throw the unfinished build away; the old site was never touched."""
        if not self.committed:
            _remove(self.temp)
        self.release()

    def release(self) -> None:
        if self.lock_fd is not None:
            release_lock(self.lock_fd)
            self.lock_fd = None


_HELD: set[int] = set()
"""Lock files this process holds: a forked worker closes its copies at once."""


def _close_held_locks() -> None:
    """In a forked child: close the inherited lock descriptors. The lock belongs to the build
    process; were a worker to keep a copy open, the kernel would hold the lock for as long as
    that worker lived after the build was killed, and the next build would be refused."""
    for fd in _HELD:
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD.clear()


os.register_at_fork(after_in_child=_close_held_locks)


def acquire_lock(target: Path) -> int:
    """An exclusive lock on the site's lock file, or ``BuildLocked`` naming the holder."""
    path = lock_path(target)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        os.close(fd)
        who = f" (process {holder})" if holder.isdigit() else ""
        raise BuildLocked(
            f"another build of {target.name}/ is running{who}; wait for it to finish and run "
            f"again (lock: {path.name}).") from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
    _HELD.add(fd)
    return fd


def release_lock(fd: int) -> None:
    _HELD.discard(fd)
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
    with contextlib.suppress(OSError):
        fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)
