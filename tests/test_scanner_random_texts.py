"""Every shortcut of the scanner finds exactly what its plain definition finds, on thousands of
random texts: prose lines, labelled identifiers, keywords and numbers cut up and run together
with random spaces, line breaks and punctuation (the layouts a PDF, a form or an editor make).

The shortcuts compared: the detectors' prefilter (one digit pass over the digits written as 0,
hot blocks, the birth keywords and titles found by one character, dates found from their cores)
against every detector over the whole text; the one digit pass against each digit trigger's own
search and the date pattern; the protected terms' caches (cold words, known misses, the new
words found in one pass) against a fresh set that has seen nothing.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from bench.redaction_classes import PROTECTED_TERMS, labelled
from generator.redaction import context
from generator.redaction.detectors import FULL_DATE_RE, core_dates, find_identifiers
from generator.redaction.protected import Protected
from generator.redaction.text import normalise
from generator.redaction.triggers import (
    DATE_ANCHOR_RE,
    DATE_CORE_RE,
    DIGIT_TRIGGERS,
    digit_hot_blocks,
    digit_pass,
    hot_blocks,
)

ROOT = Path(__file__).parent.parent
PROSE_LINES = [line for path in sorted((ROOT / "bench/public_prose").glob("*.md"))
               for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
LABELLED_TEXTS = [normalise(text).text for _, _, text, _ in labelled(random.Random(20261205))]
PIECES = [
    "DOB", "dob:", "D.O.B.", "D. O. B.", "d/o/b", "date of birth", "Date of\nbirth", "born on",
    "Born", "birthday is", "Birth date:", "dobbin", "o.b", "[REDACTED]", "[", "]", "REDACTED",
    "(removed)", "<withheld>", "{deleted}", "XXXX", "xxxxx", " *** ", " ___ ", "\u2588\u2588",
    "Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Dr.", "Okafor", "McAllister", "O'Neill",
    "3", "12", "2015", "2019", "03/03/2015", "3.3.2015", "11.12.08", "3-4-2015", "2021-06-14",
    "14 June 2021", "June 14th, 2021", "1st April 2015", "May 3, 2021",
    "Dec\n31st 2019", "07700 900123", "01632 960456",
    "+44 7700 900123", "(01632) 960456", "999 000 0018", "QQ 12 34 56 A", "LS1 4AP", "ls14ap",
    "12 Acacia Avenue", "12 OAK ROAD", "Flat 3, 12", "jo.bloggs@example.com", "@",
    "lado@hallowmere.gov.uk", "https://example.org/mother/07700900123", "Section 11",
    "Jane", "Ashworth", "Ashworths'", "Oakwood Primary School", "Siobhan", "Kelly", "Zoe",
    "Marsh", "Brindle Court", "1\u0661\u0662", "\u00a3120", "10:30", "1,000",
]
SEPARATORS = [" ", " ", " ", "  ", "\n", "\n\n", "\t", ", ", ". ", "-", "/", ": ", " (", ") ",
              "\x0b", "\x1c", " " * 30]


def random_text(rng: random.Random) -> str:
    """Pieces of prose, labelled examples and identifier-like tokens, whole or cut at a random
    place, joined by random separators."""
    parts = []
    for _ in range(rng.randint(1, 40)):
        source = rng.random()
        if source < 0.3:
            piece = rng.choice(PROSE_LINES)
        elif source < 0.5:
            piece = rng.choice(LABELLED_TEXTS)
        else:
            piece = rng.choice(PIECES)
        if rng.random() < 0.2:  # cut a piece, or keep one of its words only
            cut = rng.randint(0, len(piece))
            piece = piece[:cut] if rng.random() < 0.5 else piece[cut:]
        if rng.random() < 0.1:
            piece = piece.upper() if rng.random() < 0.5 else piece.lower()
        parts.append(piece)
        parts.append(rng.choice(SEPARATORS))
    return "".join(parts)


TEXTS = [random_text(random.Random(seed)) for seed in range(2500)]


def test_prefiltered_scan_finds_what_the_full_scan_finds_on_random_texts() -> None:
    """On 2,500 random texts the detectors' fast path (triggers, hot blocks) gives exactly the
    hits of every detector run over the whole text."""
    for text in TEXTS:
        assert find_identifiers(text) == find_identifiers(text, fast=False), repr(text)


def test_one_digit_pass_gives_each_digit_triggers_own_blocks_on_random_texts() -> None:
    """The one pass over the digits (written 0 in an ASCII text's bytes, as read otherwise)
    gives every digit trigger the blocks of its own search, and DATE_ANCHOR_RE's anchors."""
    for text in TEXTS:
        for sample in (text, text + "\u00e9"):  # the bytes pass and the str pass
            blocks, anchors = digit_hot_blocks(sample)
            assert anchors == [m.span() for m in DATE_ANCHOR_RE.finditer(sample)], repr(sample)
            for trigger in DIGIT_TRIGGERS[:-1]:
                assert blocks[trigger] == hot_blocks(sample, trigger), repr(sample)


def test_dates_from_the_date_cores_equal_the_date_pattern_on_random_texts() -> None:
    """The digit pass finds a date core at every digit where DATE_CORE_RE matches (the bytes
    pass with digits written 0 and the str pass alike), and the dates found from those cores
    are exactly FULL_DATE_RE's matches over the whole text, spaces and line breaks of any
    width between a date's words included."""
    wide = ["On 14" + " " * 60 + "June\n\n" + " " * 60 + "2021, 3 2021-06-14, June   14th,\n"
            "2021 (Sept. 3, 2020), May 3, 2021, and 31/12/15."]
    for text in TEXTS + wide:
        for sample in (text, text + "\u00e9"):
            cores = digit_pass(sample)[1]
            assert cores == [i for i in range(len(sample))
                             if DATE_CORE_RE.match(sample, i)], repr(sample)
            assert core_dates(sample, cores) == [
                m.span() for m in FULL_DATE_RE.finditer(sample)], repr(sample)


def terms() -> Protected:
    protected = Protected(b"test key")
    for term in PROTECTED_TERMS:
        protected.add_term(term)
    return protected


def test_protected_terms_found_with_warm_caches_equal_a_fresh_set_on_random_texts() -> None:
    """One protected set reading 2,500 random texts in turn (its caches of cold words and
    misses filling as it goes) finds in each exactly what a fresh set finds in it alone."""
    shared = terms()
    found = 0
    for text in TEXTS:
        spans = shared.find(text)
        assert spans == terms().find(text), repr(text)
        found += bool(spans)
    assert found > 100  # the texts do hold protected terms, so the comparison means something


def test_random_texts_hold_every_kind_of_identifier() -> None:
    """The random texts exercise every detector: each rule is found in dozens of them."""
    rules: dict[str, int] = {}
    for text in TEXTS:
        for rule in {hit.rule_id for hit in find_identifiers(text, fast=False)}:
            rules[rule] = rules.get(rule, 0) + 1
    assert sorted(rule for rule, count in rules.items() if count >= 30) == [
        "ID-DATE-OF-BIRTH", "ID-EMAIL", "ID-EXACT-DATE", "ID-NHS-NUMBER", "ID-NI-NUMBER",
        "ID-PHONE", "ID-POSTCODE", "ID-STREET-ADDRESS", "ID-TITLE-SURNAME", "ID-UPN",
        "REDACTION-MARKER"]


def test_context_word_patterns_match_as_their_plain_definitions_on_random_texts() -> None:
    """The context rules' word patterns, written to skip to the words' first letters, match
    exactly where ``\\b(?:words)\\b`` under IGNORECASE matches, on 1,000 random texts upper- and
    lower-cased and with the letters other characters match case-insensitively (İ, ı, K, ſ)."""
    plain = {
        context.FAMILY_RE: rf"\b(?:{context.FAMILY_WORDS})\b",
        context.SERVICE_RE: rf"\b(?:{context.SERVICE_WORDS})\b",
        context.PUBLIC_BUILDING_RE: rf"\b(?:{context.PUBLIC_BUILDING_WORDS})\b",
        context.ROLE_NEAR_RE: rf"\b(?:{context.PUBLIC_ROLES})\b",
        context.DATELINE_RE: rf"(?:\b(?:{context.DATELINE_WORDS}){context.DATELINE_LEAD}"
                             rf"|\bdate\s*:){context.DATELINE_TAIL}",
    }
    odd = str.maketrans({"i": "\u0131", "I": "\u0130", "k": "\u212a", "s": "\u017f"})
    texts = [*TEXTS[:1000], "Published on Monday, ", "Lead reviewer: Mr Ode.",
             "Call the council's duty team on the front door line; children's social care.",
             "the Kelvin sign: \u212aeyworker, \u017fchool, \u0130ndependent reviewer, "
             "\u0131ssued: "]
    for fast, pattern in plain.items():
        slow = re.compile(pattern, re.IGNORECASE)
        for text in texts:
            for sample in (text, text.upper(), text.lower(), text.translate(odd)):
                assert [m.span() for m in fast.finditer(sample)] == [
                    m.span() for m in slow.finditer(sample)], (pattern[:40], repr(sample))
                line = sample[-60:]
                assert bool(fast.search(line)) == bool(slow.search(line))
