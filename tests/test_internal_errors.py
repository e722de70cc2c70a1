"""A bug in lif prints one short note naming the file being processed and where to report it,
exits 1 and leaves site/ untouched; ``--debug`` adds the traceback."""

from __future__ import annotations

from typing import Any

import pytest

from generator import load, pages
from generator.checks import html
from tests.clirun import run_lif
from tests.sitekit import SiteKit
from tests.test_atomic_build import TODAY, built, leftovers, small_site
from tests.test_bad_inputs import site_snapshot


def note(where: str, error: str) -> str:
    return (f"lif: internal error while processing {where}: {error}. This is a bug in lif; "
            "please report it at https://github.com/lif-publishing/lif/issues (run again with "
            "--debug for the traceback). Nothing was published.")


def fail_on_review_meta(monkeypatch: pytest.MonkeyPatch) -> None:
    real = load.validate

    def buggy(model: Any, data: Any, source: Any, findings: Any) -> Any:
        if source.path.endswith("child-t/review.yml"):
            raise RuntimeError("injected")
        return real(model, data, source, findings)

    monkeypatch.setattr(load, "validate", buggy)


def test_bug_while_loading_names_the_file(kit: SiteKit, monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash while loading a review names its review.yml; no traceback without --debug."""
    small_site(kit)
    before = built(kit)
    fail_on_review_meta(monkeypatch)
    result = run_lif("build", "--today", TODAY, cwd=kit.root)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        note("reviews/child-t/review.yml", "RuntimeError: injected")]
    assert site_snapshot(kit.root) == before
    assert leftovers(kit.root) == []


def test_debug_shows_the_traceback(kit: SiteKit, monkeypatch: pytest.MonkeyPatch) -> None:
    """With --debug the same crash prints the traceback before the short note."""
    small_site(kit)
    before = built(kit)
    fail_on_review_meta(monkeypatch)
    result = run_lif("--debug", "build", "--today", TODAY, cwd=kit.root)
    lines = result.stderr.splitlines()
    assert result.exit_code == 1
    assert lines[0] == "Traceback (most recent call last):"
    assert lines[-2:] == ["RuntimeError: injected",
                          note("reviews/child-t/review.yml", "RuntimeError: injected")]
    assert site_snapshot(kit.root) == before


def test_bug_while_rendering_names_the_page(kit: SiteKit, monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash in the middle of MkDocs' rendering names the page and throws the build away."""
    small_site(kit)
    before = built(kit)

    def buggy(site: Any) -> str:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(pages, "latest_publications", buggy)
    result = run_lif("build", "--today", TODAY, cwd=kit.root)
    assert (result.exit_code, result.stderr.splitlines()) == (
        1, [note("index.md", "ZeroDivisionError: division by zero")])
    assert site_snapshot(kit.root) == before
    assert leftovers(kit.root) == []


def test_bug_while_generating_pages_names_the_review(
    kit: SiteKit, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash while generating a review's pages names that review's metadata file."""
    small_site(kit)
    before = built(kit)
    real = pages.render

    def buggy(template: str, **context: Any) -> str:
        if template == "review.md.j2":
            raise KeyError("status")
        return real(template, **context)

    monkeypatch.setattr(pages, "render", buggy)
    for command in ("check", "build"):  # check renders the pages too, to check links to them
        result = run_lif(command, "--today", TODAY, cwd=kit.root)
        assert (result.exit_code, result.stderr.splitlines()) == (
            1, [note("reviews/child-t/review.yml", "KeyError: 'status'")])
    assert site_snapshot(kit.root) == before
    assert leftovers(kit.root) == []


def test_bug_while_checking_names_the_review(kit: SiteKit, monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash in a check of a review's texts names the review it was checking."""
    small_site(kit)
    before = built(kit)

    real = html.scan

    def buggy(source: Any) -> list[Any]:
        if source.path.startswith("reviews/"):  # a bug met in a review's text
            raise IndexError("list index out of range")
        return real(source)

    monkeypatch.setattr(html, "scan", buggy)
    for command in ("check", "build"):
        result = run_lif(command, "--today", TODAY, cwd=kit.root)
        assert (result.exit_code, result.stderr.splitlines()) == (
            1, [note("reviews/child-t/review.yml", "IndexError: list index out of range")])
    assert site_snapshot(kit.root) == before
