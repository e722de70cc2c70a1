"""The detectors' prefilter (their fast path): cheap triggers, and the hot blocks around them.

Every match of a detector holds its trigger (a pattern, or literals found at memchr speed), and
most lines of a report hold none: a detector reads only the whole lines around each trigger,
joined into one text (:class:`Joined`). The triggers that start with a digit are found by one
pass of one pattern (:data:`DIGIT_TRIGGER_RE`), which also gives the date anchors
:func:`generator.redaction.detectors.full_dates` starts from. ``find_identifiers(text,
fast=False)`` runs every detector over the whole text instead: the tests compare the two.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Generator
from dataclasses import dataclass

Span = tuple[int, int]

DATE_ANCHOR_RE = re.compile(r"\d(?:\d\d\d|[/.\-]\d\d?[/.\-]\d)")
"""What every full date holds (a four-digit year, or d/m/y): found fast, then the slow date
pattern reads only a few characters around each."""

MONTHS = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
ORDINAL = r"(?:\s?(?:st|nd|rd|th)\b)?"
DATE_CORE_RE = re.compile(
    r"\d(?:(?i:\d?" + ORDINAL + r"(?:\s+(?:of\s+)?" + MONTHS + r"\.?)?,?\s+\d{4})"
    r"|\d?[/.\-]\d\d?[/.\-]\d\d|\d\d\d-\d\d-\d\d)")
"""What a full date holds from its first digit (its day, or the year of 2021-06-14): the day,
an ordinal, a month and four digits ('14th of June, 2021'), the day and four digits ('14,
2021' of 'June 14, 2021'), d/m/y, or an ISO date. The date pattern
(:data:`generator.redaction.detectors.FULL_DATE_RE`, under the same case rules) with its
years and digits' ranges relaxed: a core starts at the first digit of every full date, and
most years, month-year dates and other numbers start none."""

DIGITS_TRIGGER = re.compile(r"\d(?:[\d \-)(.]{4,}\d)")
POSTCODE_TRIGGER = re.compile(r"\d(?:(?i:[abd-hjlnp-uw-z]{2}))")
STREET_TRIGGER = re.compile(r"\d(?:[A-Za-z]?,?\s+[A-Z])")
Trigger = re.Pattern[str] | tuple[str | re.Pattern[str], ...]
DOB_KEYWORD_B = re.compile(r"b(?:(?=irth|orn)|(?<=dob)|(?<=d/o/b)|(?<=o\.b)|(?<=o\.\sb))")
"""The 'b' of a date of birth's keyword ('dob', 'birth', 'born', 'd/o/b', 'd.o.b', 'd. o. b'),
in the lower-cased text: one pass that ``re`` runs at the speed of a search for one character
(a pattern that starts with a literal), where finding each keyword took a pass of its own (16 ms
to 5 ms for 5 MB). The 'b' is at most two words after the keyword's start ('d. o. b'), well
inside the twelve words a block reaches before its trigger."""
TRIGGERS: dict[str, Trigger] = {
    "ID-NHS-NUMBER": DIGITS_TRIGGER,
    "ID-NI-NUMBER": DIGITS_TRIGGER,
    "ID-UPN": DIGITS_TRIGGER,
    "ID-PHONE": DIGITS_TRIGGER,
    "ID-POSTCODE": POSTCODE_TRIGGER,
    "ID-EMAIL": ("@",),
    "ID-DATE-OF-BIRTH": (DOB_KEYWORD_B,),
    "ID-STREET-ADDRESS": STREET_TRIGGER,
    "REDACTION-MARKER": ("[", "redacted", "removed", "withheld", "deleted", "xxxx", " ***", " ___",
                         *(chr(c) for c in range(0x2580, 0x25A0)), "\u25a0", "\u25ae"),
    "ID-TITLE-SURNAME": (re.compile(r"M(?=[rsx]|iss)"), re.compile(r"D(?=r)")),
    "ID-EXACT-DATE": DATE_ANCHOR_RE,
}
"""For each detector, a cheap pattern (or literals, found at memchr speed) that every one of its
matches contains: most lines hold none, and a detector only reads the lines around one (see
:func:`hot_blocks`). The test of the fast path proves each is necessary on every labelled
example; keep them so when a detector changes. The literals are searched in the lower-cased
text (but for the titles, which are capitalised). A pattern that starts with one literal
character (the titles' 'M' and 'D', the birth keywords' 'b') is searched for that character at
memchr-like speed and tests the rest only where it is, cheaper than a ``str.find`` a literal."""
LOWERED = frozenset({"ID-DATE-OF-BIRTH", "REDACTION-MARKER"})
"""Triggers searched in the lower-cased text: literals need no (?i)."""
_LITERAL_TRIGGERS = tuple(
    (rule_id in LOWERED, trigger) for rule_id, trigger in TRIGGERS.items()
    if isinstance(trigger, tuple))
"""The triggers made of literals (and patterns that need no digit), each with whether it is
read in the lowered text, for ``nothing_triggered``."""
DIGIT_TRIGGERS: tuple[re.Pattern[str], ...] = (
    DIGITS_TRIGGER, POSTCODE_TRIGGER, STREET_TRIGGER, DATE_ANCHOR_RE)
"""The triggers that start with a digit, found together by one pass of DIGIT_TRIGGER_RE (the
date anchor last)."""


def _tails(trigger: re.Pattern[str]) -> str:
    """What follows the first digit of a digit trigger (each is written ``\\d(?:tail)``)."""
    assert trigger.pattern.startswith(r"\d(?:") and trigger.pattern.endswith(")")
    return trigger.pattern[2:]


DIGIT_PASS = DIGIT_TRIGGERS[:3]
DIGIT_TRIGGER_RE = re.compile(
    r"\d(?=" + "|".join(f"(?:{_tails(t)})" for t in DIGIT_PASS) + ")"
    + "".join(f"(?:(?=({_tails(t)})))?" for t in DIGIT_PASS))
"""A digit where any digit trigger but the date anchor starts, with a group per trigger saying
which (and where it ends): one pass over the text instead of one per trigger. (The date cores
are a pass of their own: in this pattern every tail is tried twice where any matches, and the
core's tail is the dearest, 30 ms against 12 + 13 ms for 5 MB.)"""
DATE_CORE_AT_RE = re.compile(r"\d(?=" + _tails(DATE_CORE_RE) + ")")
"""A digit where a date core starts, consuming that digit alone: every digit is tried, so a
core inside another (the '2021' of '3 2021-06-14') is found too."""
MATCH_WORDS: dict[Trigger, tuple[int, int]] = {
    DIGITS_TRIGGER: (0, 0),
    POSTCODE_TRIGGER: (0, 0),
    TRIGGERS["ID-EMAIL"]: (0, 0),
    STREET_TRIGGER: (0, 12),
    TRIGGERS["ID-TITLE-SURNAME"]: (0, 12),
    TRIGGERS["ID-DATE-OF-BIRTH"]: (12, 25),
    TRIGGERS["REDACTION-MARKER"]: (25, 25),
}
"""How many words (runs of non-space characters) of a match a trigger may have before and
after it, with margin; (0, 0): the detectors' patterns never cross a line, so the trigger's line
is enough. A match may cross lines (a date one word a line, a PDF table cell, padding spaces), so
a hot block reaches over as many lines as it takes to hold that many words: a count of words,
not characters, is what bounds a match whatever its spaces and however long its words."""
WORDS_BY_ID = {id(trigger): words for trigger, words in MATCH_WORDS.items()}
"""The same by the trigger's identity: a tuple of literals is hashed anew at every look-up."""


def trigger_starts(text: str,
                   trigger: re.Pattern[str]) -> Generator[tuple[int, int], int | None, None]:
    """Where a pattern trigger occurs, in order, as (start, end); after a block, the caller
    sends where it ends and the search goes on from there."""
    position = 0
    while (match := trigger.search(text, position)) is not None:
        resume = yield match.span()
        position = max(match.end(), resume or 0)


def probe(literal: str) -> int:
    """Where in a literal its first character that is rare in prose is (a capital, '[', '@',
    '_', '/' or a character outside ASCII), or -1: found with str.find at memchr speed, only its
    few occurrences are tested for the whole literal. A literal without one is found whole."""
    for index, char in enumerate(literal):
        if "A" <= char <= "Z" or char in "[@_/" or not char.isascii():
            return index
    return -1


LiteralPlan = tuple[list[re.Pattern[str]], list[str], dict[str, list[tuple[str, int]]],
                    list[re.Pattern[str]]]
SCREEN_CHARS = 4096
"""A text up to this long is first searched for any of a trigger's literals at once
(``literal_starts``): most texts of a built page are short and hold none (seven in ten of a
large site's), and one search in C costs less than a call of ``str.find`` for each literal."""
_PLANS: dict[tuple[int, bool], tuple[tuple[str | re.Pattern[str], ...], LiteralPlan]] = {}


def literal_plan(literals: tuple[str | re.Pattern[str], ...], ascii_only: bool) -> LiteralPlan:
    """How to find a trigger's literals: its patterns, the literals found whole, the
    literals found by their probe character (grouped by it), and the screen: patterns that
    between them match where any literal or pattern does (one alternation of them all, less a
    pattern with flags or groups of its own, which is searched alone). Made once per trigger
    (kept by the tuple's identity, checked, so a long tuple is not hashed at every text)."""
    kept = _PLANS.get((id(literals), ascii_only))
    if kept is not None and kept[0] is literals:
        return kept[1]
    patterns: list[re.Pattern[str]] = []
    whole: list[str] = []
    probes: dict[str, list[tuple[str, int]]] = {}
    for literal in literals:
        if isinstance(literal, re.Pattern):
            patterns.append(literal)
        elif not ascii_only or literal.isascii():
            index = probe(literal)
            if index >= 0:
                probes.setdefault(literal[index], []).append((literal, index))
            else:
                whole.append(literal)
    joinable = [p for p in patterns if p.flags == re.UNICODE and not p.groups]
    kept_apart = [p for p in patterns if p not in joinable]
    alternatives = [p.pattern for p in joinable] + [
        re.escape(literal) for literal in whole + [lit for group in probes.values()
                                                   for lit, _ in group]]
    screen = [re.compile("|".join(alternatives))] if alternatives else []
    plan = (patterns, whole, probes, screen + kept_apart)
    _PLANS[(id(literals), ascii_only)] = (literals, plan)
    return plan


def literal_starts(text: str, literals: tuple[str | re.Pattern[str], ...]) -> list[int]:
    """Where any of the literals (or patterns) occurs in the text, in order."""
    found: set[int] = set()
    patterns, whole, probes, screen = literal_plan(literals, text.isascii())
    if len(text) <= SCREEN_CHARS and all(p.search(text) is None for p in screen):
        return []
    for pattern in patterns:
        found.update(match.start() for match in pattern.finditer(text))
    for literal in whole:
        position = text.find(literal)
        while position >= 0:
            found.add(position)
            position = text.find(literal, position + 1)
    for char, group in probes.items():
        position = text.find(char)
        while position >= 0:
            for literal, index in group:
                if position >= index and text.startswith(literal, position - index):
                    found.add(position - index)
            position = text.find(char, position + 1)
    return sorted(found)


_ANY_DIGIT_RE = re.compile(r"\d")


def nothing_triggered(text: str, lowered: str) -> bool:
    """Whether a text of at most ``SCREEN_CHARS`` holds no detector's trigger: no digit
    trigger and no date core (``digit_pass`` would find none: each starts with a digit, so a
    text without one is passed at once) and none of the literal triggers (each trigger's
    screen, over the lowered text for those in ``LOWERED``). The fast path calls a detector
    only where its trigger occurs, so such a text has no match; seven in ten of the texts a
    large site's pages hold that no source does are such texts, and this answers in a few
    searches instead of a call for each detector."""
    if len(text) > SCREEN_CHARS:
        return False
    if _ANY_DIGIT_RE.search(text) is not None and (
            DIGIT_TRIGGER_RE.search(text) is not None
            or DATE_CORE_AT_RE.search(text) is not None):
        return False
    for reads_lowered, trigger in _LITERAL_TRIGGERS:
        target = lowered if reads_lowered else text
        if any(p.search(target) is not None for p in literal_plan(trigger, target.isascii())[3]):
            return False
    return True


def block_around(text: str, start: int, end: int, words: tuple[int, int]) -> tuple[int, int]:
    """The whole lines around a trigger at ``[start, end)`` that hold ``words`` words before
    and after it (or reach the text's ends): where every match holding the trigger lies."""
    before, after = words
    top = text.rfind("\n", 0, start) + 1
    if before:  # (r)split with a maximum: never more than words + 1 pieces, however long the line
        while top > 0 and len(text[top:start].rsplit(None, before)) <= before:
            top = text.rfind("\n", 0, top - 1) + 1
    bottom = text.find("\n", end)
    if after:
        while bottom >= 0 and len(text[end:bottom].split(None, after)) <= after:
            bottom = text.find("\n", bottom + 1)
    return top, len(text) if bottom < 0 else bottom


def add_block(blocks: list[tuple[int, int]], start: int, end: int) -> None:
    """Add a block to blocks in order, merged with the last where they touch."""
    if blocks and start <= blocks[-1][1]:
        top, bottom = blocks.pop()
        start, end = top, max(end, bottom)
    blocks.append((start, end))


def hot_blocks(text: str, trigger: Trigger) -> list[tuple[int, int]]:
    """The stretches of text a detector must read: the lines around each trigger
    (:func:`block_around`), merged where they touch. A trigger inside the last block is skipped
    only when its line is all it needs (``MATCH_WORDS`` (0, 0)): a trigger near the end of a
    block made for an earlier one may need the lines after it."""
    blocks: list[tuple[int, int]] = []
    words = WORDS_BY_ID.get(id(trigger), (25, 25))
    line_only = words == (0, 0)
    if isinstance(trigger, tuple):
        for position in literal_starts(text, trigger):
            if line_only and blocks and position < blocks[-1][1]:
                continue
            add_block(blocks, *block_around(text, position, position + 1, words))
        return blocks
    starts = trigger_starts(text, trigger)
    found = next(starts, None)
    while found is not None:
        add_block(blocks, *block_around(text, *found, words))
        try:
            found = starts.send(blocks[-1][1] if line_only else found[1])
        except StopIteration:
            break
    return blocks


DIGIT_WORDS = tuple(WORDS_BY_ID.get(id(t), (25, 25)) for t in DIGIT_TRIGGERS[:3])
DIGIT_TRIGGER_BYTES_RE = re.compile(
    DIGIT_TRIGGER_RE.pattern.replace(r"\s", r"[\t\n\x0b\x0c\r\x1c-\x1f ]").encode("ascii"))
"""The same over an ASCII text's bytes, a fifth faster (``\\s`` spelled out as the ASCII
characters a str pattern counts as spaces)."""
DATE_CORE_ZEROS_RE = re.compile(
    b"0" + DATE_CORE_AT_RE.pattern.replace(r"\s", r"[\t\n\x0b\x0c\r\x1c-\x1f ]")
    .encode("ascii")[len(rb"\d"):])
DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
DIGIT_TRIGGER_ZEROS_RE = re.compile(b"0" + DIGIT_TRIGGER_BYTES_RE.pattern[len(rb"\d"):])
"""The same over an ASCII text's bytes with every digit written 0 (``bytes.translate``, about
3 ms for 5 MB): the pattern then starts with a literal, which ``re`` looks for with a tight
loop, where a class (``\\d``) is tested at every position of the text; the pass takes half
the time (41 ms to 20 ms for 5 MB). The tails test digits only as ``\\d``, never one digit,
so the matches and their groups are those of the digits as written
(``tests/test_scanner_fast_path.py`` compares the two on random texts)."""


def digit_hot_blocks(
        text: str) -> tuple[dict[Trigger, list[tuple[int, int]]], list[tuple[int, int]]]:
    """The hot blocks of every digit trigger but the date's (as :func:`hot_blocks` would give
    each), from one pass over the text; and DATE_ANCHOR_RE's anchors, for
    :func:`generator.redaction.detectors.full_dates` (the fast path reads date cores instead:
    :func:`digit_pass`)."""
    return digit_pass(text)[0], [m.span() for m in DATE_ANCHOR_RE.finditer(text)]


def digit_pass(text: str) -> tuple[dict[Trigger, list[tuple[int, int]]], list[int]]:
    """The hot blocks of every digit trigger but the date's (as :func:`hot_blocks` would give
    each), and every digit where DATE_CORE_RE matches (for
    :func:`generator.redaction.detectors.core_dates`), from one pass over the text."""
    blocks: list[list[tuple[int, int]]] = [[], [], []]
    words = DIGIT_WORDS
    covered = [-1, -1, -1]
    triggers: list[tuple[int, tuple[tuple[int, int], ...]]]
    if text.isascii():
        zeros = text.encode("ascii").translate(DIGITS_AS_ZERO)
        triggers = [(m.start(), m.regs) for m in DIGIT_TRIGGER_ZEROS_RE.finditer(zeros)]
        cores = [core.start() for core in DATE_CORE_ZEROS_RE.finditer(zeros)]
    else:
        triggers = [(m.start(), m.regs) for m in DIGIT_TRIGGER_RE.finditer(text)]
        cores = [core.start() for core in DATE_CORE_AT_RE.finditer(text)]
    for start, regs in triggers:
        for index in (0, 1, 2):
            end = regs[index + 1][1]
            if end < 0 or (start < covered[index] and words[index] == (0, 0)):
                continue
            add_block(blocks[index], *block_around(text, start, end, words[index]))
            covered[index] = blocks[index][-1][1]
    return dict(zip(DIGIT_TRIGGERS[:3], blocks, strict=True)), cores


BLOCK_JOINT = "\n\x00\n"
"""What joins two hot blocks read as one text: no detector's pattern crosses it (a NUL is
neither a space nor a word's character, and a newline ends every run that excludes spaces), and
each block still sees a newline on either side, as in the text."""


@dataclass(frozen=True)
class Joined:
    """A trigger's hot blocks joined into one text, and where each block starts in it and in
    the text it came from: a detector reads them in one call instead of one call a block."""

    text: str
    starts: list[int]
    sources: list[int]

    @classmethod
    def of(cls, text: str, blocks: list[tuple[int, int]]) -> Joined:
        if blocks == [(0, len(text))]:
            return cls(text, [0], [0])
        starts = []
        at = 0
        for start, end in blocks:
            starts.append(at)
            at += end - start + len(BLOCK_JOINT)
        return cls(BLOCK_JOINT.join(text[start:end] for start, end in blocks), starts,
                   [start for start, _ in blocks])

    def source_span(self, start: int, end: int) -> Span:
        block = bisect.bisect_right(self.starts, start) - 1
        offset = self.sources[block] - self.starts[block]
        return start + offset, end + offset


