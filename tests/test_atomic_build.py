"""A build replaces site/ only when it has fully passed: failures, crashes, kills and a full disk
leave the previous site byte-for-byte as it was, and two builds at once are refused."""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import pytest

from generator import output, search
from tests.clirun import run_lif
from tests.conftest import ROOT
from tests.sitekit import SiteKit
from tests.test_bad_inputs import site_snapshot
from tests.test_embargo import canary, listing_site

TODAY = "2026-11-23"


def small_site(kit: SiteKit) -> None:
    kit.review("child-t")
    kit.publish("child-t", "2025-05-20")
    kit.briefing("safer-sleep", "2026-01-10", reviews="child-t")


def built(kit: SiteKit) -> dict[str, str]:
    """Build the site for TODAY, insisting on success, and return a snapshot of site/."""
    result = run_lif("build", "--today", TODAY, cwd=kit.root)
    assert result.exit_code == 0, result.output
    return site_snapshot(kit.root)


def leftovers(root: Path) -> list[str]:
    """Build, old-site or search staging folders left beside site/ (the lock file itself may
    stay)."""
    return sorted(p.name for p in [*root.glob(".site-*"), *root.glob(".lif-search-*")]
                  if p.name != ".site-build.lock")


def test_successful_build_swaps_in_and_leaves_nothing_behind(kit: SiteKit) -> None:
    """A good build replaces site/ completely (no stale pages) and removes its build folder."""
    small_site(kit)
    built(kit)
    (kit.root / "site" / "stale.html").write_text("<p>From an old build.</p>\n")
    result = run_lif("build", "--today", TODAY, cwd=kit.root)
    assert (result.exit_code, result.output) == (
        0, f"lif: built {kit.root}/site for {TODAY}: 0 error(s), 0 warning(s).\n")
    assert not (kit.root / "site" / "stale.html").exists()
    assert (kit.root / "site" / "reviews" / "child-t" / "index.html").is_file()
    assert leftovers(kit.root) == []


@pytest.mark.slow
def test_failed_post_build_scan_keeps_the_previous_site(kit: SiteKit) -> None:
    """A leak found after rendering fails the build and site/ stays as it was, byte for byte."""
    listing_site(kit)
    before = built(kit)
    (kit.root / "content/about.md").write_text(
        "# About\n\nWe found that the help given to the family was "
        f"{canary('scheduled', 'report')} in several places.\n", encoding="utf-8")
    result = run_lif("build", "--today", TODAY, cwd=kit.root)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [  # its page and its search fragment, one finding
        "content/about.md:3:1: SITE-LEAK contains text of a review or briefing that is not "
        "public today (written to site/about/index.html and 1 other file(s)). Nothing was "
        "published. Remove the text from the content page or template that carried it (if "
        "neither did, report it as a bug in lif)."]
    assert site_snapshot(kit.root) == before
    assert leftovers(kit.root) == []


def test_strict_warning_keeps_the_previous_site(kit: SiteKit) -> None:
    """A MkDocs warning (a missing page in the nav) aborts the strict build before anything is
    swapped."""
    small_site(kit)
    before = built(kit)
    config = kit.root / "mkdocs.yml"  # (a broken link is LINK-BROKEN before MkDocs runs)
    config.write_text(config.read_text("utf-8").replace(
        "  - Request a report: request-a-report.md\n",
        "  - Request a report: request-a-report.md\n  - Plan: plan.md\n"), encoding="utf-8")
    result = run_lif("build", "--today", TODAY, cwd=kit.root)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "lif: MkDocs stopped the build: Aborted with 1 warnings in strict mode! Fix the WARNING "
        "lines above; nothing was published.")
    assert site_snapshot(kit.root) == before
    assert leftovers(kit.root) == []


def test_full_disk_keeps_the_previous_site(kit: SiteKit, monkeypatch: pytest.MonkeyPatch) -> None:
    """Running out of space while writing says so plainly and leaves site/ as it was."""
    small_site(kit)
    before = built(kit)
    import mkdocs.commands.build as mkdocs_build

    def full(content: bytes, path: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", "reviews/child-t/index.html")

    monkeypatch.setattr(mkdocs_build.utils, "write_file", full)
    result = run_lif("build", "--today", TODAY, cwd=kit.root)
    assert (result.exit_code, result.stderr) == (1, (
        "lif: cannot write the site: reviews/child-t/index.html: No space left on device. "
        "Nothing was published; the previous site was left as it was.\n"))
    assert site_snapshot(kit.root) == before
    assert leftovers(kit.root) == []


def test_real_write_failure_keeps_the_previous_site(kit: SiteKit) -> None:
    """A build whose writes really fail (file size limit set in the kernel) changes nothing."""
    import resource

    small_site(kit)
    before = built(kit)

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (30_000, 30_000))

    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--today", TODAY], cwd=kit.root,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
        preexec_fn=limit, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert result.stderr.startswith("lif: cannot write the site: ")
    assert result.stderr.endswith(": File too large. Nothing was published; the previous site "
                                  "was left as it was.\n")
    assert "Traceback" not in result.stderr
    assert site_snapshot(kit.root) == before
    assert leftovers(kit.root) == []


def test_ctrl_c_keeps_the_previous_site(kit: SiteKit, monkeypatch: pytest.MonkeyPatch) -> None:
    """An interrupt in the middle of rendering removes the half-written build folder."""
    small_site(kit)
    before = built(kit)
    from generator import pages

    def interrupted(*args: object, **kwargs: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(pages, "latest_publications", interrupted)
    result = run_lif("build", "--today", TODAY, cwd=kit.root)
    assert result.exit_code == 1
    assert site_snapshot(kit.root) == before
    assert leftovers(kit.root) == []


def test_second_build_at_once_is_refused(kit: SiteKit) -> None:
    """While one build holds the site's lock, another is refused with who holds it."""
    small_site(kit)
    before = built(kit)
    fd = output.acquire_lock(kit.root / "site")
    try:
        result = run_lif("build", "--today", TODAY, cwd=kit.root)
    finally:
        output.release_lock(fd)
    assert (result.exit_code, result.stderr) == (1, (
        f"lif: another build of site/ is running (process {os.getpid()}); wait for it to "
        "finish and run again (lock: .site-build.lock).\n"))
    assert site_snapshot(kit.root) == before
    assert leftovers(kit.root) == []
    assert built(kit) == before  # the lock is free again once the holder is done


def test_lock_is_refused_by_a_real_second_process(kit: SiteKit) -> None:
    """A lock held by another process (not just another descriptor) refuses the build too."""
    small_site(kit)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; from generator import output; "
         f"output.acquire_lock(Path({str(kit.root / 'site')!r})); print('held', flush=True); "
         "time.sleep(30)"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        result = run_lif("build", "--today", TODAY, cwd=kit.root)
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    assert result.exit_code == 1
    assert f"is running (process {holder.pid})" in result.stderr
    assert not (kit.root / "site").exists()


def test_crash_between_the_two_renames_is_recovered(kit: SiteKit) -> None:
    """If a build died with the old site renamed away, the next build puts it back first."""
    small_site(kit)
    before = built(kit)
    (kit.root / "site").rename(kit.root / ".site-old-0badf00d")
    (kit.root / ".site-build-deadbeef").mkdir()
    (kit.root / ".site-build-deadbeef" / "index.html").write_text("half")
    out = output.AtomicOutput.begin(kit.root / "site")
    try:
        assert site_snapshot(kit.root) == before
        assert sorted(p.name for p in out.removed) == [".site-build-deadbeef"]
        assert leftovers(kit.root) == [out.temp.name]
    finally:
        out.abort()
    assert leftovers(kit.root) == []


def test_swap_without_atomic_exchange(kit: SiteKit, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where renameat2 is unavailable the two-rename swap gives the same result."""
    small_site(kit)
    built(kit)
    monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    (kit.root / "content/index.md").write_text("# Testshire\n\nWelcome back.\n")
    after = built(kit)
    assert "Welcome back." in (kit.root / "site/index.html").read_text()
    assert after == site_snapshot(kit.root)
    assert leftovers(kit.root) == []


def _start_build(root: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--today", TODAY], cwd=root,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})


@pytest.mark.slow
def test_kill_9_at_random_points_never_damages_the_site(kit: SiteKit) -> None:
    """kill -9 or Ctrl-C at random moments of 24 builds: site/ is always a whole old or whole
    new site, never missing or mixed."""
    small_site(kit)
    for n in range(3):
        kit.review(f"child-{'uvw'[n]}", subject=f"Child {'UVW'[n]}")
        kit.publish(f"child-{'uvw'[n]}", "2025-06-01")
    versions = {}
    for word in ("Alpha", "Beta"):
        (kit.root / "content/index.md").write_text(f"# Testshire\n\n{word}.\n")
        versions[word] = built(kit)
    current, other = "Beta", "Alpha"
    # Whole builds in a subprocess, to know how long a build takes on this machine (the
    # quicker of two, so one slow moment on a busy machine does not stretch every wait).
    times = []
    for _ in range(2):
        (kit.root / "content/index.md").write_text(f"# Testshire\n\n{other}.\n")
        started = time.monotonic()
        assert _start_build(kit.root).wait() == 0
        times.append(time.monotonic() - started)
        assert site_snapshot(kit.root) == versions[other]
        current, other = other, current
    full = min(times)
    rng = random.Random(20261123)
    killed_mid_build = 0
    started = time.monotonic()
    for run in range(24):
        (kit.root / "content/index.md").write_text(f"# Testshire\n\n{other}.\n")
        build = _start_build(kit.root)
        # Mostly somewhere in rendering; every sixth run near the end, around the swap.
        low, high = (0.75, 1.3) if run % 6 == 5 else (0.0, 0.75)
        time.sleep(rng.uniform(low * full, high * full))
        # Mostly kill -9; every fourth run a Ctrl-C, which cleans up after itself.
        build.send_signal(signal.SIGINT if run % 4 == 3 else signal.SIGKILL)
        build.wait()
        snapshot = site_snapshot(kit.root)
        assert snapshot in (versions[current], versions[other])
        if snapshot == versions[other]:
            current, other = other, current
        else:
            killed_mid_build += 1
    assert killed_mid_build >= 12  # most runs were cut short (19 of 24 are aimed mid-build)
    assert time.monotonic() - started < 45 + 24 * full
    # The next build cleans every stale build folder a killed build left behind.
    (kit.root / "content/index.md").write_text(f"# Testshire\n\n{other}.\n")
    assert built(kit) == versions[other]
    assert leftovers(kit.root) == []


def test_search_staging_left_by_a_killed_build_is_cleaned(
        kit: SiteKit, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Pagefind staging folder a killed build leaves beside site/ (under the name a real
    build uses) is deleted by the next build, and is git-ignored in lif's and a new site's
    repository; another site's staging folder is left alone."""
    small_site(kit)
    staged: list[str] = []
    stage = search._stage

    def spy(site_dir: Path, staging: Path, pages: Iterable[str]) -> None:
        staged.append(staging.name)
        stage(site_dir, staging, pages)

    monkeypatch.setattr(search, "_stage", spy)
    built(kit)
    assert staged[0].startswith(".lif-search-site-build-")
    killed = kit.root / staged[0]  # as kill -9 during indexing leaves it
    (killed / "reviews").mkdir(parents=True)
    (killed / "reviews" / "index.html").write_text("<p>Staged page.</p>\n")
    other = kit.root / ".lif-search-public-build-0badf00d-x1"
    other.mkdir()
    built(kit)
    assert not killed.exists()
    assert other.is_dir()
    for ignore in (ROOT / ".gitignore",
                   ROOT / "generator/templates/scaffold/site/gitignore.j2"):
        assert "/.lif-search-*" in ignore.read_text().splitlines()


def test_symlinked_site_dir_is_refused_even_outside_the_repository(
        kit: SiteKit, tmp_path: Path) -> None:
    """A site/ that is a link (here to a served folder outside the repository) is refused
    before anything is written; the folder behind it is untouched."""
    small_site(kit)
    served = tmp_path / "www" / "site"
    served.mkdir(parents=True)
    (served / "old.html").write_text("old")
    (kit.root / "site").symlink_to(served)
    result = run_lif("build", "--today", TODAY, cwd=kit.root)
    assert (result.exit_code, result.output) == (1, (
        "lif: site_dir 'site' is a link; building through it would replace whatever it points "
        "at. Point site_dir at a folder of its own (remove the link, or set site_dir in "
        "mkdocs.yml). Nothing was written.\n"))
    assert sorted(p.name for p in served.iterdir()) == ["old.html"]
    assert sorted(p.name for p in served.parent.iterdir()) == ["site"]


def test_plain_mkdocs_build_is_atomic_too(kit: SiteKit) -> None:
    """`mkdocs build` through the plugin swaps in a good build and keeps the old site on failure."""
    small_site(kit)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    good = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=kit.root,
                          env=env, capture_output=True, text=True, check=False)
    assert good.returncode == 0, good.stderr
    before = site_snapshot(kit.root)
    assert "reviews/child-t/index.html" in before
    config = kit.root / "mkdocs.yml"  # a missing nav page (a broken link is LINK-BROKEN first)
    config.write_text(config.read_text("utf-8").replace(
        "  - Request a report: request-a-report.md\n",
        "  - Request a report: request-a-report.md\n  - Plan: plan.md\n"), encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=kit.root,
                         env=env, capture_output=True, text=True, check=False)
    assert bad.returncode == 1
    assert ("WARNING -  A reference to 'plan.md' is included in the 'nav' configuration, which "
            "is not found in the documentation files.") in bad.stderr.splitlines()
    assert site_snapshot(kit.root) == before
    assert leftovers(kit.root) == []


def test_serve_folder_is_not_swapped(tmp_path: Path) -> None:
    """Under `mkdocs serve` (its own throw-away folder) the plugin writes in place."""
    import tempfile

    serve_dir = Path(tempfile.mkdtemp(prefix="mkdocs_"))
    try:
        assert output.is_serve_dir(serve_dir)
    finally:
        serve_dir.rmdir()
    assert not output.is_serve_dir(tmp_path / "site")


def test_a_worker_left_by_a_killed_build_does_not_keep_the_lock(tmp_path: Path) -> None:
    """A build dies while a worker it forked lives on: the next build still gets the lock."""
    target, pid_file = tmp_path / "site", tmp_path / "worker.pid"
    code = (
        "import os, sys, time\nfrom pathlib import Path\nfrom generator import output\n"
        f"output.acquire_lock(Path({str(target)!r}))\n"
        "if os.fork() == 0:\n"
        f"    Path({str(pid_file)!r}).write_text(str(os.getpid()))\n"
        "    time.sleep(20)\n    os._exit(0)\n"
        "os._exit(0)\n")
    died = subprocess.run([sys.executable, "-c", code], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL, check=False, timeout=30)
    assert died.returncode == 0
    deadline = time.monotonic() + 10
    while not pid_file.exists() or not pid_file.read_text():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    worker = int(pid_file.read_text())
    try:
        os.kill(worker, 0)  # the worker is still alive
        fd = output.acquire_lock(target)  # BuildLocked while the worker held a copy
        output.release_lock(fd)
    finally:
        os.kill(worker, signal.SIGKILL)
