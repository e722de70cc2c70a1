"""The scan of the written site skips text copied verbatim from a source the checks before the
build scanned, and scans everything else on the page."""

from __future__ import annotations

import pytest

from generator.checks import documents
from generator.checks.public_text import verbatim_runs
from generator.redaction.detectors import NOT_STREET_WORDS, find_identifiers
from generator.redaction.scanner import Chunk, scan_chunks
from tests.clirun import run_lif
from tests.sitekit import SiteKit
from tests.test_redaction_detectors import NEAR_MISSES, POSITIVE

WARNINGS = {"ID-TITLE-SURNAME", "ID-EXACT-DATE"}


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
    with documents.checked_sources(frozenset({documents.run_key("Call 07700 900123 now.")})):
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


CONTEXTS = [*(f"{word}.\n\n" for word in sorted(NOT_STREET_WORDS)), "## Key\n\n",
            "Christmas Day.  \n", "Mrs Jones  \n", "Mr\n", "DOB\n", "born on\n\n", "12\n",
            "Flat 4,\n", "LS1\n", "07700\n", "[REDACTED\n", "QQ 12\n", "Day Unit 2,  \n",
            "Day Unit 2, ", "Appendix Flat 3, ", "- ", "> ", "1. "]
"""What may stand before a paragraph in its source: words that excuse a number as a
reference, half an identifier, a title, list and quote marks."""


@pytest.mark.parametrize(("rule", "text", "matched"), POSITIVE)
def test_every_error_in_a_run_is_found_in_its_source_whatever_precedes_it(
        rule: str, text: str, matched: str) -> None:
    """Whatever comes before a paragraph, the source scan reports each error the paragraph
    holds on its own: nothing the written-site scan would find in a skipped run is missed."""
    for context in CONTEXTS:
        for after in ("\n", "  \nNext line.\n", "\n\nMore.\n"):
            source = context + text + after
            offset = len(context)
            if context.endswith("\n") or context in ("- ", "> ", "1. "):
                assert text in set(verbatim_runs(source)), source  # a run the scan may skip
            errors_alone = {(h.rule_id, h.start + offset, h.end + offset)
                            for h in find_identifiers(text) if h.rule_id not in WARNINGS}
            errors_in_source = {(h.rule_id, h.start, h.end) for h in find_identifiers(source)
                                if h.rule_id not in WARNINGS}
            assert errors_alone <= errors_in_source, source


def test_a_street_address_after_an_excusing_word_on_the_line_before_is_found() -> None:
    """'Day.' ends the paragraph before; it does not excuse the address that starts the next."""
    assert [h.rule_id for h in find_identifiers(
        "The family moved before Christmas Day.\n\n12 Oak Road was the family home.\n")] == [
        "ID-STREET-ADDRESS"]
    assert find_identifiers("See Appendix 12 Oak Road.") == []
    text = "Mother attended the Day Unit 2, 14 Oak Road was her address."
    assert [text[h.start:h.end] for h in find_identifiers(text)] == ["14 Oak Road"]


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_a_near_miss_stays_a_miss_in_a_run(text: str) -> None:
    """Clean prose is clean whether read in its source or as a run on a page."""
    runs = [Chunk(run) for run in verbatim_runs(f"1. {text}\n")]
    assert [m.rule_id for m in scan_chunks(runs, "p.html", None)
            if m.rule_id != "ID-EXACT-DATE"] == []


def test_a_template_copying_nothing_from_the_sources_is_still_caught(kit: SiteKit) -> None:
    """A report paragraph is skipped on its page, but an override that prints the same number
    in a sentence of its own fails the build (at the override, before anything is written)."""
    kit.review("child-t")
    kit.publish("child-t", "2026-05-20")
    overrides = kit.root / "theme" / "main.html"
    overrides.write_text('{% extends "base.html" %}{% block footer %}'
                         "<p>Ring 07700 900123.</p>{{ super() }}{% endblock %}")
    result = run_lif("build", "--today", "2026-11-23", cwd=kit.root)
    assert result.exit_code == 1
    assert "theme/main.html:1:52: ID-PHONE a phone number ('0**** 9*****') in the theme's " \
        "partial." in result.output


def test_an_error_inside_a_warning_is_still_reported() -> None:
    """A title-and-surname warning that runs over a line break does not hide the redaction
    marker it swallowed."""
    assert [h.rule_id for h in find_identifiers("We met Mrs Jones  \nXxxxx said no.\n")] == [
        "ID-TITLE-SURNAME", "REDACTION-MARKER"]
