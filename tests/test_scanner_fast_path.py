"""The detectors' fast path (one pass for the digit triggers, hot blocks of whole lines) finds
exactly what the slow path (every detector over the whole text) finds, however the text is laid
out: every labelled example, one word a line, padded with spaces, inside a page of prose."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.redaction_classes import labelled
from generator.redaction import detectors, triggers
from generator.redaction.detectors import (
    FULL_DATE_RE,
    Hit,
    find_identifiers,
    full_dates,
    without_nested_warnings,
)
from generator.redaction.text import normalise
from generator.redaction.triggers import (
    DATE_ANCHOR_RE,
    DIGIT_TRIGGERS,
    TRIGGERS,
    digit_hot_blocks,
    hot_blocks,
    literal_starts,
    nothing_triggered,
)
from generator.rules import rule_of

LABELLED = labelled(random.Random(20261204))
PROSE = sorted((Path(__file__).parent.parent / "bench/public_prose").glob("*.md"))


def layouts(text: str) -> list[str]:
    """The text as written, one word a line, words padded with spaces or a tab or parted by
    other ASCII spaces, and inside a page of prose: what a PDF table, a copied form or a
    careless editor makes of a sentence."""
    page = "Intro line.\n\n" + "Some prose about practice.\n" * 3 + text + "\nMore prose.\n"
    return [text, page, text.replace(" ", "\n"), text.replace(" ", "\n\n"),
            re.sub(" ", " " * 120, text), text.replace(" ", " \t "),
            text.replace(" ", "\x1c"), text.replace(" ", "\x0b\r"),
            "word\n" * 30 + text.replace(" ", "\n") + "\nword" * 30]


@pytest.mark.parametrize(("name", "rule", "text", "value"), LABELLED,
                         ids=[f"{n}-{r}-{i}" for i, (n, r, _, _) in enumerate(LABELLED)])
def test_fast_path_finds_what_the_slow_path_finds_in_any_layout(
        name: str, rule: str, text: str, value: str) -> None:
    """On each labelled example, in every layout, the fast path's hits are the slow path's."""
    reading = normalise(text).text
    for sample in layouts(reading):
        assert find_identifiers(sample) == find_identifiers(sample, fast=False), repr(sample)


def test_a_date_of_birth_across_lines_is_found_by_the_fast_path() -> None:
    """A date of birth written one word a line (a form's table cells) is found, not only by the
    slow path: hot blocks reach over as many lines as a match's words may take."""
    text = "She\nwas\nborn\non\nTuesday\n3\nMarch\n2015\nin\nhospital."
    assert [(h.rule_id, text[h.start:h.end]) for h in find_identifiers(text)] == [
        ("ID-DATE-OF-BIRTH", "born\non\nTuesday\n3\nMarch\n2015")]


def test_a_marker_split_over_lines_is_found_by_the_fast_path() -> None:
    """A bracketed marker with its word on a line of its own is found by the fast path."""
    text = "The\nuncle\n[\nREDACTED\n]\nvisited."
    assert [(h.rule_id, text[h.start:h.end]) for h in find_identifiers(text)] == [
        ("REDACTION-MARKER", "[\nREDACTED\n]")]


def test_one_pass_gives_each_digit_triggers_blocks() -> None:
    """The one pass over the digits gives every digit trigger the blocks its own search gives,
    and the date anchors of DATE_ANCHOR_RE, on the labelled examples and the public prose."""
    texts = [normalise(t).text for _, _, t, _ in LABELLED]
    texts += [p.read_text(encoding="utf-8") for p in PROSE]
    for text in texts:
        blocks, anchors = digit_hot_blocks(text)
        assert anchors == [m.span() for m in DATE_ANCHOR_RE.finditer(text)]
        for trigger in DIGIT_TRIGGERS[:-1]:
            assert blocks[trigger] == hot_blocks(text, trigger)


def test_dates_from_the_one_pass_anchors_equal_the_date_pattern() -> None:
    """Dates found from the one pass's anchors are FULL_DATE_RE's matches over the whole text."""
    texts = [normalise(t).text for _, _, t, _ in LABELLED]
    texts += [p.read_text(encoding="utf-8") for p in PROSE]
    for text in texts:
        assert full_dates(text, digit_hot_blocks(text)[1]) == [
            m.span() for m in FULL_DATE_RE.finditer(text)]


def test_a_pupil_number_in_digits_of_another_script_is_read_without_error() -> None:
    """Eleven digits of another script (Arabic-Indic) after a letter are not a UPN and do not
    crash the check letter's computation, which knows only ASCII digits."""
    from generator.redaction.scanner import Scanner

    assert Scanner().spans("UPN A" + "\u0661" * 10 + "1B on file") == []


def test_the_scanner_cache_is_bounded_in_characters() -> None:
    """The Scanner's cache of texts starts again when the characters it holds pass its bound,
    keeping the full one as the older generation alone, so thousands of distinct pages are
    never kept alive by it."""
    from generator.redaction.scanner import Scanner

    scanner = Scanner()
    scanner.CACHE_CHARS = 10
    for text in ("first text here", "second text", "third"):
        scanner.spans(text)
    assert (list(scanner._older), list(scanner._cache)) == (["second text"], ["third"])


def test_a_text_on_every_page_is_scanned_once_among_many_seen_once() -> None:
    """A footer repeated between thousands of texts seen once is scanned once: a full cache
    keeps what was read again into the next (a site's navigation was scanned again every
    hundred pages when the cache was emptied)."""
    from generator.redaction.scanner import Scanner

    scanner = Scanner()
    scanner.CACHE_LIMIT = 8
    read: list[str] = []
    scan_text = scanner._scan_text
    scanner._scan_text = lambda text: read.append(text) or scan_text(text)  # type: ignore
    for page in range(100):
        for text in ("Contact us: 01632 960 001", f"Page {page} of the report.", "Home"):
            scanner.spans(text)
    assert (read.count("Contact us: 01632 960 001"), read.count("Home"), len(read)) == (1, 1, 102)


def test_a_second_trigger_at_the_end_of_a_block_reaches_the_next_line() -> None:
    """A title at the end of a line already read for an earlier title still reaches the next
    line, where its surname is: each trigger gets the words it needs, not only the first."""
    text = ("Foreword by the chair, Ms Okonkwo-Reid, to all the kind and patient readers of "
            "this annual report of the partnership, Ms\nHer letter came.")
    assert [(h.rule_id, text[h.start:h.end]) for h in find_identifiers(text)] == [
        ("ID-TITLE-SURNAME", "Ms Okonkwo-Reid"), ("ID-TITLE-SURNAME", "Ms\nHer")]
    assert find_identifiers(text) == find_identifiers(text, fast=False)


def test_a_date_of_birth_after_a_line_break_inside_an_earlier_block_is_found() -> None:
    """'(DOB' at the end of a line that an earlier 'born' already brought into a block, and the
    date on the next line: the fast path finds the date of birth as the slow path does."""
    text = ("Child T was born in the spring of that year and lived with her family at home.\n"
            "The records of the school and the nursery and the surgery were read in full by the "
            "panel for Sibling 1 (DOB\n11.12.08) as well.")
    assert [(h.rule_id, text[h.start:h.end]) for h in find_identifiers(text)] == [
        ("ID-DATE-OF-BIRTH", "DOB\n11.12.08")]
    assert find_identifiers(text) == find_identifiers(text, fast=False)


def test_dropping_nested_warnings_in_one_pass_equals_comparing_each_with_every_kept_match(
        ) -> None:
    """On random overlapping hits of warning and error rules, the one-pass drop keeps exactly
    the hits the plain definition keeps: a warning goes when it lies inside a match kept
    before it (in order of start, the longer first)."""
    rng = random.Random(20261205)
    rules = ["ID-EXACT-DATE", "ID-TITLE-SURNAME", "ID-NHS-NUMBER", "ID-POSTCODE"]
    assert {rule_of(rule).severity for rule in rules} == {"warning", "error"}

    def plain(hits: list[Hit]) -> list[Hit]:
        kept: list[Hit] = []
        for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
            if rule_of(hit.rule_id).severity == "warning" and any(
                    k.start <= hit.start and hit.end <= k.end for k in kept):
                continue
            kept.append(hit)
        return kept

    for _ in range(3000):
        hits = []
        for _ in range(rng.randrange(12)):
            start = rng.randrange(40)
            hits.append(Hit(rng.choice(rules), start, start + rng.randrange(1, 15)))
        assert without_nested_warnings(hits) == plain(hits)


_TRIGGER_PIECES = [*"aMDrsxib1 0-./\n@[*_X", "Mr ", "Miss", "Dr", "birth", "born", "dob",
                   "d/o/b", "o. b", "REDACTED", "withheld", "xxxx", " ***", "\u2588", "\u0663",
                   "\u0130", "14 June 2021", "2021-06-14", "01632 960", "SW1A 1AA", "12 High St",
                   "Ms Okafor", "a@b.example"]


@given(st.lists(st.sampled_from(_TRIGGER_PIECES), max_size=30).map("".join))
@settings(max_examples=3000)
def test_a_text_the_screen_passes_has_no_match_on_the_fast_path_without_it(text: str) -> None:
    """``nothing_triggered`` says a text holds no trigger only when the fast path, every
    detector called where its trigger occurs, finds nothing in it; and the screened fast path
    finds what it finds without the screen, on texts made of triggers' pieces."""
    screened = find_identifiers(text)
    passed = nothing_triggered(text, text.lower())
    original = detectors.nothing_triggered
    detectors.nothing_triggered = lambda text, lowered: False  # type: ignore[assignment]
    try:
        unscreened = find_identifiers(text)
    finally:
        detectors.nothing_triggered = original
    assert (screened == unscreened, unscreened if passed else []) == (True, [])


@given(st.lists(st.sampled_from(_TRIGGER_PIECES), max_size=30).map("".join))
@settings(max_examples=2000)
def test_a_literal_triggers_screen_finds_it_wherever_its_literals_are_found(text: str) -> None:
    """Each literal trigger's starts are the same with the screen as with a ``str.find`` for
    every literal (a screen that missed a literal would hide its detector's matches)."""
    lowered = text.lower()
    literal_triggers = [(rule_id, trigger) for rule_id, trigger in TRIGGERS.items()
                        if isinstance(trigger, tuple)]
    screened = [literal_starts(lowered if rule_id in triggers.LOWERED else text, trigger)
                for rule_id, trigger in literal_triggers]
    limit = triggers.SCREEN_CHARS
    triggers.SCREEN_CHARS = -1
    try:
        unscreened = [literal_starts(lowered if rule_id in triggers.LOWERED else text, trigger)
                      for rule_id, trigger in literal_triggers]
    finally:
        triggers.SCREEN_CHARS = limit
    assert screened == unscreened


def test_every_trigger_the_screen_passes_over_for_want_of_a_digit_starts_with_one() -> None:
    """The screen reads a text without a digit as free of every trigger that is not literal:
    true only while each such trigger, and the date core, starts with a digit."""
    patterns = [t for t in TRIGGERS.values() if not isinstance(t, tuple)]
    assert (set(patterns) <= set(DIGIT_TRIGGERS),
            [p.pattern[:2] for p in (*DIGIT_TRIGGERS, triggers.DATE_CORE_AT_RE)]) == (
        True, [r"\d"] * 5)
