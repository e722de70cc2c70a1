"""The Scanner: the reader's text, context rules, layout-insensitive allowances, the fast path,
protected terms folded, and recall on every labelled class."""

from __future__ import annotations

import hashlib
import hmac
import pickle
import random

import pytest

from bench.redaction_classes import MUST_STAY_ERRORS, PROTECTED_TERMS, labelled
from generator.models import Allowance, Position
from generator.redaction.context import CONTEXT_RULES
from generator.redaction.detectors import find_identifiers
from generator.redaction.protected import Protected
from generator.redaction.scanner import Allowances, Chunk, Match, Scanner
from generator.redaction.text import normalise

LABELLED = labelled(random.Random(20261204))


def terms() -> Protected:
    store = Protected(b"test key")
    for term in PROTECTED_TERMS:
        store.add_term(term)
    return store


def spans(text: str, scanner: Scanner | None = None) -> list[tuple[str, str, str]]:
    scanner = scanner or Scanner()
    return [(s.rule_id, text[s.start:s.end], s.reason) for s in scanner.spans(text)]


def severity(text: str, strict: bool = False) -> list[tuple[str, str]]:
    scanner = Scanner(strict_context=strict)
    return [(f.rule_id, f.severity)
            for f in scanner.findings(scanner.scan([Chunk(text)], "x.md"))]


# --------------------------------------------------------------------------- the reader's text

def test_normalise_maps_back_to_the_input() -> None:
    """Invisible characters, entities, full-width digits and NBSP are read as a reader sees
    them, and a span of the reading maps back to the input's own characters."""
    source = "Call ０７７００\u200b&#57;00123\u00a0now"
    reading = normalise(source)
    assert reading.text == "Call 07700900123 now"
    start, end = reading.source_span(5, 16)
    assert source[start:end] == "０７７００\u200b&#57;00123"


def test_normalise_folds_accents_and_look_alikes() -> None:
    """Accents (precomposed or combining) are folded and Cyrillic look-alikes read as Latin."""
    assert normalise("Siobhán Zoe\u0308 Аshwоrth").text == "Siobhan Zoe Ashworth"


def test_ascii_text_without_entities_is_returned_unchanged() -> None:
    """The common case costs nothing: no copy, no map."""
    reading = normalise("Plain text, 12 lines.")
    assert (reading.text, reading.segments, reading.source_span(3, 7)) == (
        "Plain text, 12 lines.", None, (3, 7))


def test_finding_through_invisible_characters_is_at_the_input_column() -> None:
    """A phone number split by zero-width spaces on line 2 is reported at its own column."""
    matches = Scanner().scan([Chunk("Intro.\nRing 0770\u200b0 900\u200b123 today.")], "x.md")
    assert [(m.rule_id, m.line, m.column, m.text) for m in matches] == [
        ("ID-PHONE", 2, 6, "0770\u200b0 900\u200b123")]


# --------------------------------------------------------------------------- context

def test_service_number_is_a_warning_naming_its_context() -> None:
    """A landline next to a service word is ID-PHONE-SERVICE, saying what made it so."""
    assert spans("Contact the MASH on 01632 960123.") == [
        ("ID-PHONE-SERVICE", "01632 960123", "next to 'MASH'")]


@pytest.mark.parametrize("text", [
    "Mother rang the MASH from 01632 960123.",
    "Mother rang the MASH from 07700 900123.",
    "Call the duty team on 07700 900123.",
    "The duty worker called the family's home number, 01632 960124.",
    "The number 01632 960125 was written in the notes.",
])
def test_family_or_mobile_numbers_stay_errors(text: str) -> None:
    """Family words and mobiles keep the error, even in a sentence about a service."""
    assert severity(text) == [("ID-PHONE", "error")]


def test_strict_context_makes_context_warnings_errors() -> None:
    """--strict-context reports a service number as an error under the same rule."""
    text = "Contact the MASH on 01632 960123."
    assert (severity(text), severity(text, strict=True)) == (
        [("ID-PHONE-SERVICE", "warning")], [("ID-PHONE-SERVICE", "error")])


def test_role_mailbox_on_public_domain_is_a_warning() -> None:
    """help@ on a council domain is a warning; first.last@ and a role on a private domain are
    errors."""
    text = ("Write to help@hallowmere.gov.uk, LADO.cases@hallowmere.gov.uk, "
            "jane.smith@hallowmere.gov.uk or help@example.com.")
    assert [(rule, value) for rule, value, _ in spans(text)] == [
        ("ID-EMAIL-SERVICE", "help@hallowmere.gov.uk"),
        ("ID-EMAIL-SERVICE", "LADO.cases@hallowmere.gov.uk"),
        ("ID-EMAIL", "jane.smith@hallowmere.gov.uk"),
        ("ID-EMAIL", "help@example.com")]


def test_public_building_address_is_a_warning() -> None:
    """An address block headed by a public building is a warning."""
    text = "Hallowmere Civic Centre\n1 Market Street\nHallowmere\nHM1 1AA"
    assert spans(text) == [
        ("ID-ADDRESS-PUBLIC", "1 Market Street", "after 'Civic Centre'"),
        ("ID-ADDRESS-PUBLIC", "HM1 1AA", "after 'Civic Centre'")]


@pytest.mark.parametrize("text", [
    "Practitioners found that 5 Church Street had been shared with the school.",
    "The family moved to 5 Church Street near the hospital.",
    "Mother lived at Town Hall, 4 Church Lane.",
])
def test_building_elsewhere_in_the_sentence_is_not_public(text: str) -> None:
    """A building named after the address, inside the street name, or with a family word does
    not make a family's address public."""
    assert [rule for rule, _, _ in spans(text)] == ["ID-STREET-ADDRESS"]


def test_national_helplines_are_not_findings() -> None:
    """The built-in helplines pass; a number one digit away next to 'helpline' is a warning."""
    assert spans("NSPCC helpline 0808 800 5000; National Domestic Abuse Helpline "
                 "0808 2000 247.") == []
    assert [r for r, _, _ in spans("Our helpline is 0808 800 5001.")] == ["ID-PHONE-SERVICE"]


def test_digits_in_a_url_are_not_a_phone_unless_it_names_family() -> None:
    """A URL's digits are not a phone number; a URL holding a family word keeps it."""
    assert spans("See https://example.org/reviews/01632960123 for the form.") == []
    assert [r for r, _, _ in spans("See https://example.org/mother/01632960123 now.")] == [
        "ID-PHONE"]


@pytest.mark.parametrize("text", [
    "Published 7 October 2022", "Last updated: 02 Sept 2025", "Meeting: 26/05/2015",
    "Review date: 14 March 2026", "Date: 30/09/2025", "7 October 2022",
    "*Published on Tuesday 7 October 2022*",
])
def test_datelines_are_not_exact_dates(text: str) -> None:
    """Publication, update, meeting and review dates, or a date alone, are not chronology."""
    assert spans(text) == []


def test_chronology_dates_stay_warnings() -> None:
    """A date in a sentence about the family is still ID-EXACT-DATE."""
    assert [r for r, _, _ in spans("On 7 October 2022 Mother moved house.")] == ["ID-EXACT-DATE"]


def test_title_named_with_a_public_role_is_not_a_warning() -> None:
    """A surname the text names as the lead reviewer is not ID-TITLE-SURNAME anywhere in it;
    another title and surname is."""
    text = "The lead reviewer was Mr Hartley-Evans.\n\nMr Hartley-Evans met Mrs Okafor."
    assert spans(text) == [("ID-TITLE-SURNAME", "Mrs Okafor", "")]


# --------------------------------------------------------------------------- allowances

def allowed(rule: str, allowance: str, matched: str, match_rule: str | None = None) -> bool:
    allowances = Allowances()
    allowances.add([Allowance(rule=rule, text=allowance, reason="published")], "mkdocs.yml",
                   [Position()])
    return allowances.allows(Match(match_rule or rule, "x.md", 1, 1, matched))


@pytest.mark.parametrize(("rule", "allowance", "matched", "match_rule", "expected"), [
    ("ID-PHONE", "01632 960124", "(01632) 960 124", None, True),
    ("ID-PHONE", "01632960124", "+44 1632 960124", None, True),
    ("ID-PHONE", "01632 960124", "+44 (0)1632-960-124", "ID-PHONE-SERVICE", True),
    ("ID-PHONE", "01632 960124", "01632 960125", None, False),
    ("ID-EMAIL", "LADO@Hallowmere.gov.uk", "lado@hallowmere.gov.uk", None, True),
    ("ID-EMAIL", "lado@hallowmere.gov.uk", "lado2@hallowmere.gov.uk", None, False),
    ("ID-POSTCODE", "HM1 1AA", "hm11aa", None, True),
    ("ID-POSTCODE", "HM1 1AA", "HM1 1AB", "ID-ADDRESS-PUBLIC", False),
    ("ID-STREET-ADDRESS", "1 Market Street", "1  market street", "ID-ADDRESS-PUBLIC", True),
])
def test_allowances_match_the_identifier_not_the_layout(
        rule: str, allowance: str, matched: str, match_rule: str | None, expected: bool) -> None:
    """A phone allowance matches its digits in any layout, an e-mail any case, a postcode any
    spacing, and covers the context warning of its rule; other identifiers are not allowed."""
    assert allowed(rule, allowance, matched, match_rule) is expected


# --------------------------------------------------------------------------- protected terms

def test_ascii_term_digests_are_unchanged_by_folding() -> None:
    """A store written before folding still matches: an ASCII word's digest is HMAC(casefold)."""
    store = Protected(b"k")
    store.add_term("Kyle")
    assert store.digests == {hmac.new(b"k", b"kyle", hashlib.sha256).hexdigest()}


def test_accented_term_matches_with_and_without_accents() -> None:
    """A term stored as 'Siobhán' matches 'Siobhan', 'SIOBHÁN' and 'Siobha\u0301n'."""
    scanner = Scanner(terms())
    for text in ("Siobhan Kelly came.", "SIOBHÁN KELLY came.", "Siobha\u0301n Kelly came."):
        assert [r for r, _, _ in spans(text, scanner)] == ["PROTECTED-TERM"], text


def test_old_store_of_accented_term_still_matches_as_typed() -> None:
    """A store written before folding holds the digest of 'siobhán' as typed: marked legacy, it
    is still matched in text that keeps the accent."""
    old = Protected(b"k", {hmac.new(b"k", "siobhán".encode(), hashlib.sha256).hexdigest()},
                    legacy=True)
    assert [r for r, _, _ in spans("Siobhán came.", Scanner(old))] == ["PROTECTED-TERM"]


def test_plurals_and_possessives_of_protected_terms() -> None:
    """'Ashworths'', 'Ashworth's' and 'Ashworths' all hold the protected surname."""
    scanner = Scanner(terms())
    for text in ("The Ashworths' flat.", "Ashworth's car.", "The Ashworths moved."):
        assert [r for r, _, _ in spans(text, scanner)] == ["PROTECTED-TERM"], text


def test_scanner_pickles_with_its_terms_and_allowances() -> None:
    """A worker receives the Scanner whole (terms, allowances, strictness) without its cache."""
    scanner = Scanner(terms(), strict_context=True)
    scanner.spans("Jane Ashworth")
    copy = pickle.loads(pickle.dumps(scanner))
    cached = dict(copy._cache)
    assert (copy.strict_context, cached, copy.spans("Jane Ashworth came.")[0].rule_id) == (
        True, {}, "PROTECTED-TERM")


# --------------------------------------------------------------------------- labelled classes

@pytest.mark.parametrize(("name", "rule", "text", "value"), LABELLED,
                         ids=[f"{n}-{r}-{i}" for i, (n, r, _, _) in enumerate(LABELLED)])
def test_labelled_example_is_found(name: str, rule: str, text: str, value: str) -> None:
    """Every labelled identifier is found under its rule (or its context warning, except where
    a family's number must stay an error)."""
    start = text.find(value)
    end = start + len(value)
    found = {(s.rule_id if name == MUST_STAY_ERRORS else CONTEXT_RULES.get(s.rule_id, s.rule_id))
             for s in Scanner(terms()).spans(text) if s.start < end and s.end > start}
    assert rule in found


@pytest.mark.parametrize(("name", "rule", "text", "value"), LABELLED,
                         ids=[f"{n}-{r}-{i}" for i, (n, r, _, _) in enumerate(LABELLED)])
def test_fast_path_finds_what_the_slow_path_finds(
        name: str, rule: str, text: str, value: str) -> None:
    """The trigger prefilter loses nothing: on each example, alone and inside a page of
    prose, the fast path's hits are exactly the slow path's."""
    reading = normalise(text).text
    page = "Intro line.\n\n" + "Some prose about practice.\n" * 3 + reading + "\nMore prose.\n"
    for sample in (reading, page):
        assert find_identifiers(sample) == find_identifiers(sample, fast=False)


def test_anchored_dates_equal_the_date_pattern_over_the_whole_text() -> None:
    """Dates found from their anchors are exactly the full-date pattern's matches, on every
    labelled example and on the public prose corpus."""
    from pathlib import Path

    from generator.redaction.detectors import FULL_DATE_RE, full_dates

    prose = [p.read_text(encoding="utf-8")
             for p in sorted((Path(__file__).parent.parent / "bench/public_prose").glob("*.md"))]
    for text in [normalise(t).text for _, _, t, _ in LABELLED] + prose:
        assert full_dates(text) == [m.span() for m in FULL_DATE_RE.finditer(text)]
