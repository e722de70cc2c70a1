"""The scan of the written site skips text copied verbatim from a source the checks before the
build scanned, and scans everything else on the page."""

from __future__ import annotations

import pytest

from generator.checks import documents
from generator.checks.public_text import verbatim_runs
from generator.checks.redaction import Chunk, scan_chunks
from tests.clirun import run_lif
from tests.sitekit import SiteKit
from tests.test_redaction_detectors import NEAR_MISSES, POSITIVE


def test_runs_are_paragraphs_and_lines_with_and_without_their_marker() -> None:
    """Each run is a stretch of the source exactly as written."""
    text = "## 1. Introduction\n\n1. The first\nparagraph.\n\n- A point\n  indented.\n"
    assert list(verbatim_runs(text)) == [
        "## 1. Introduction", "1. Introduction", "## 1. Introduction", "1. Introduction",
        "1. The first\nparagraph.", "The first\nparagraph.", "1. The first", "The first",
        "paragraph.",
        "- A point\n  indented.", "A point\n  indented.", "- A point", "A point", "indented."]


def test_a_run_checked_in_a_source_is_skipped_and_any_other_text_is_not() -> None:
    """The same phone number twice: in the copied paragraph it is not read again; in text a
    template added, and in an attribute, it is."""
    page = ('<p>Call 07700 900123 now.</p>\n<p>Call 07700 900123 today.</p>\n'
            '<a title="Call 07700 900123 now.">x</a>\n')
    with documents.checked_sources(frozenset({"Call 07700 900123 now."})):
        found = documents.scan_text(".html", page, "site/index.html", None)
    assert [(m.rule_id, m.line, m.column, m.where) for m in found] == [
        ("ID-PHONE", 2, 9, ""), ("ID-PHONE", 3, 1, "in the title attribute of <a>")]
    assert len(documents.scan_text(".html", page, "site/index.html", None)) == 3


@pytest.mark.parametrize(("rule", "text", "matched"), POSITIVE)
def test_a_detector_finds_the_same_in_a_run_as_in_its_source(
        rule: str, text: str, matched: str) -> None:
    """Every detector's lookarounds treat the start and end of a run like the line break, list
    number or heading marks around it in the source: scanning the copy finds what the source
    scan found, so skipping it loses nothing."""
    for source in (f"Intro.\n\n1. {text}\n\nMore.\n", f"## {text}\n", f"> {text}\n"):
        run = next(r for r in verbatim_runs(source) if r == text)
        in_source = [(m.rule_id, m.text) for m in scan_chunks([Chunk(source)], "s.md", None)]
        in_run = [(m.rule_id, m.text) for m in scan_chunks([Chunk(run)], "p.html", None)]
        assert in_run == in_source, source
        assert (rule, matched) in in_run


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_a_near_miss_stays_a_miss_in_a_run(text: str) -> None:
    """Clean prose is clean whether read in its source or as a run on a page."""
    runs = [Chunk(run) for run in verbatim_runs(f"1. {text}\n")]
    assert [m.rule_id for m in scan_chunks(runs, "p.html", None)
            if m.rule_id != "ID-EXACT-DATE"] == []


def test_a_template_copying_nothing_from_the_sources_is_still_caught(kit: SiteKit) -> None:
    """A report paragraph is skipped on its page, but an override that prints the same number
    in a sentence of its own fails the build."""
    kit.review("child-t")
    kit.publish("child-t", "2026-05-20")
    overrides = kit.root / "theme" / "main.html"
    overrides.write_text('{% extends "base.html" %}{% block footer %}'
                         "<p>Ring 07700 900123.</p>{{ super() }}{% endblock %}")
    result = run_lif("build", "--today", "2026-11-23", cwd=kit.root)
    assert result.exit_code == 1
    assert "site/reviews/child-t/report/index.html:" in result.output
    assert "ID-PHONE a phone number ('0**** 9*****')." in result.output
