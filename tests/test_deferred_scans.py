"""``lif build`` runs the redaction scans of the sources in a page-scan worker, and refuses
exactly what ``lif check`` refuses, with the same findings, before anything is published: also
when that worker dies."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.checks import page_scan
from tests.clirun import run_lif
from tests.sitekit import SiteKit
from tests.test_bad_inputs import site_snapshot

TODAY = "2026-11-23"
FINDINGS = [
    "content/about.md:3:13: ID-PHONE a phone number ('0**** 9*****'). Remove it; a published "
    "helpline belongs in the site's allow list.",
    "content/about.md:3:35: ID-EMAIL an e-mail address ('k***.s****@e******.c**'). Remove it; "
    "a published team address belongs in the site's allow list."]


def _dies() -> list[object]:
    """A source-scan worker that dies (a module-level function, so it can be sent to one)."""
    os._exit(3)


def built_then_identified(root: Path) -> dict[str, str]:
    """A site built once, then given a content page holding a phone number and an address."""
    kit = SiteKit(root)
    kit.review("child-t")
    kit.publish("child-t", "2025-05-20")
    assert run_lif("build", "--today", TODAY, cwd=root).exit_code == 0
    before = site_snapshot(root)
    (root / "content" / "about.md").write_text(
        "# About\n\nCall Mum on 07700 900123 or email kyle.smith@example.com.\n",
        encoding="utf-8")
    return before


@pytest.mark.parametrize("worker", ["alive", "dies"])
def test_build_refuses_what_check_refuses_with_the_same_findings(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, worker: str) -> None:
    """An identifier in a content page stops ``lif build`` with the findings ``lif check``
    prints and leaves the previous site as it was, whether or not the worker scanning the
    sources survives (its scans are then run in the build's own process)."""
    before = built_then_identified(tmp_path)
    check = run_lif("check", "--today", TODAY, cwd=tmp_path)
    assert (check.exit_code, check.output.splitlines()) == (
        1, [*FINDINGS, "lif: check failed: 2 error(s), 0 warning(s)."])
    if worker == "dies":
        monkeypatch.setattr(page_scan, "_source_scans", _dies)
    build = run_lif("build", "--today", TODAY, cwd=tmp_path)
    assert (build.exit_code, build.output.splitlines()) == (
        1, [*FINDINGS, "lif: 2 error(s) found by the checks; nothing was built. "
                       "(2 error(s), 0 warning(s))"])
    assert site_snapshot(tmp_path) == before


def test_a_dead_workers_scans_in_the_build_skip_no_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When the source-scan worker dies, the build's own rerun of the scans reads a docs-folder
    HTML file in full, a paragraph copied from a review included, as ``lif check`` does (the
    runs the scan of the written site may skip are for the written site only)."""
    kit = SiteKit(tmp_path)
    kit.review("child-t", report="# Report\n\nMum's mobile is 07700 900123.\n")
    kit.publish("child-t", "2025-05-20")
    (tmp_path / "content" / "notes.html").write_text(
        "<p>Mum's mobile is 07700 900123.</p>\n", encoding="utf-8")
    check = run_lif("check", "--today", TODAY, cwd=tmp_path)
    monkeypatch.setattr(page_scan, "_source_scans", _dies)
    build = run_lif("build", "--today", TODAY, cwd=tmp_path)
    shown = [line for line in check.output.splitlines() if "ID-PHONE" in line]
    assert [line.split(":")[0] for line in shown] == ["content/notes.html",
                                                      "reviews/child-t/report.md"]
    assert [line for line in build.output.splitlines() if "ID-PHONE" in line] == shown
