"""Detectors for things that identify a child or family: numbers, addresses, dates, markers.

Each detector is a small function from text to the spans it matched, with a docstring saying
why it exists and what it deliberately leaves alone. Near-misses matter as much as hits: a
report full of false alarms trains editors to allow everything, so pseudonyms (Child T,
Sibling 1), legislation references, years, month-year dates, statistics, money, times, road
numbers and outward codes alone are never flagged.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from stdnum.gb import upn as stdnum_upn

from generator.redaction.triggers import (
    DATE_ANCHOR_RE,
    LOWERED,
    MONTHS,
    ORDINAL,
    TRIGGERS,
    Joined,
    Span,
    digit_pass,
    hot_blocks,
    nothing_triggered,
)
from generator.rules import Rule, register, rule_of


@dataclass(frozen=True)
class Detector:
    """A named detector: its rule, a short noun for messages, a hint, and the function."""

    rule_id: str
    noun: str
    hint: str
    find: Callable[[str], Iterator[Span]]


# --------------------------------------------------------------------------- numbers

NHS_RE = re.compile(r"(\d(?<![\w+/.-]\d)\d{2})([ -]?)(\d{3})\2(\d{4})(?![\w/]|[.,]\d)")
"""A pattern that would start with a lookbehind checks it after its first character instead
(``(?<![\\w])X`` written ``X(?<![\\w].)``, the same test of the same character) where that
first character is a class without case: it is then searched for at C speed, where a leading
lookbehind is tried at every position (2 to 10 times slower here). Not for a pattern under
IGNORECASE whose first character has case (the postcode's): there it is slower."""


def nhs_number_valid(digits: str) -> bool:
    """The NHS number's mod-11 check: weights 10 down to 2; 11 means 0, 10 means invalid."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def nhs_numbers(text: str) -> Iterator[Span]:
    """Ten digits (3-3-4, spaced, dashed or plain) passing mod-11: an NHS number.

    The checksum keeps reference numbers and phone fragments out; a leading 0 is skipped
    because those ten digits are far more often a phone number missing a digit than an NHS
    number (none are issued from 0).
    """
    for match in NHS_RE.finditer(text):
        digits = match.group(1) + match.group(3) + match.group(4)
        if digits[0] != "0" and nhs_number_valid(digits):
            yield match.span()


NI_RE = re.compile(
    r"([A-Z](?<![\w].)[A-Z])[ ]?(\d{2})[ ]?(\d{2})[ ]?(\d{2})[ ]?([A-D])(?![\w])")
NI_BAD_LETTERS = set("DFIQUV")
NI_UNUSED_PREFIXES = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}
NI_SPECIMEN_PREFIX = "QQ"
"""HMRC's own specimen prefix (QQ 12 34 56 A on its forms). It fails the prefix rules, but a
number written in that shape in a report is a template left unfilled or a test number, so it is
flagged like a real one; tests and examples use it because it belongs to no one."""


def ni_prefix_valid(prefix: str) -> bool:
    """HMRC's rules: neither letter D, F, I, Q, U or V; second not O; some pairs unused."""
    if prefix == NI_SPECIMEN_PREFIX:
        return True
    if prefix in NI_UNUSED_PREFIXES or prefix[1] == "O":
        return False
    return not (set(prefix) & NI_BAD_LETTERS)


def ni_numbers(text: str) -> Iterator[Span]:
    """Two letters, six digits, suffix A-D, with HMRC's prefix rules: a National Insurance number.

    Upper case only: lower-case runs such as 'ab123456c' are almost always reference codes.
    """
    for match in NI_RE.finditer(text):
        if ni_prefix_valid(match.group(1)):
            yield match.span()


UPN_RE = re.compile(r"[A-HJ-NP-RT-Z](?<![\w].)\d{11}[0-9A-HJ-NP-RT-Z](?![\w])")
UPN_ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"


def upn_check_valid(number: str) -> bool:
    """The check letter of a thirteen-character UPN matches the other twelve (DfE's mod-23)."""
    return len(number) == 13 and number.isascii() and number[1:12].isdigit() and \
        number[12] in UPN_ALPHABET + \
        "0123456789" and stdnum_upn.calc_check_digit(number[1:]) == number[0]


def pupil_numbers(text: str) -> Iterator[Span]:
    """A check letter and twelve characters whose check letter is right: a Unique Pupil Number.

    Any local authority number counts (new and reorganised authorities, such as 838, 839 and
    940-943, are missing from older lists): a known number would only add confidence, and a
    number that passes the check letter is flagged either way."""
    for match in UPN_RE.finditer(text):
        if upn_check_valid(match.group()):
            yield match.span()


# --------------------------------------------------------------------------- contact details

POSTCODE_RE = re.compile(
    r"(?<![\w-])"
    r"([A-PR-UWYZ](?:[A-HK-Y]\d[A-Z\d]?|\d[A-HJKSTUW\d]?))"
    r"[ ]?"
    r"(\d[ABD-HJLNP-UW-Z]{2})"
    r"(?![\w-])", re.IGNORECASE)
ORDINAL_RE = re.compile(r"\d(?:st|nd|rd|th)", re.IGNORECASE)
POSTCODE_CAPITALS = (r"([A-PR-UWYZ](?:[A-HK-Y]\d[A-Z\d]?|\d[A-HJKSTUW\d]?))[ ]?"
                     r"(\d[ABD-HJLNP-UW-Z]{2})")
POSTCODE_GLUED_RE = re.compile(
    r"(?<=[a-z])" + POSTCODE_CAPITALS + r"(?![A-Z\d])"
    r"|(?<![A-Za-z\d-])" + POSTCODE_CAPITALS + r"(?=[a-z]{2})")
"""A postcode in capitals run together with a word on either side ('HallowmereLS14AP',
'LS14APand'): how PDF extraction and copied tables lose the space."""


def postcode_case_consistent(code: str) -> bool:
    """Capitals, lower case, or capitalised ('LS1 4AP', 'ls1 4ap', 'Ls1 4ap' at a sentence's
    start); mixed like 'lS1 4Ap' is a code of some other kind, not a postcode typed by hand."""
    letters = "".join(c for c in code if c.isalpha())
    return letters.isupper() or letters.islower() or (
        letters[0].isupper() and letters[1:].islower())


def postcodes(text: str) -> Iterator[Span]:
    """A full UK postcode (outward and inward code), with or without the space, in either case.

    An outward code alone (M6, A6, LS1) names a district or a road and is never flagged: the
    inward part (digit and two letters from the allowed set) is required. Lower case counts
    (notes copied from a form often read 'ls1 4ap'), but only written in one case, and a
    lower-case inward code that is an ordinal ('a1 1st', 'm6 2nd') is prose, not a postcode.
    """
    for match in POSTCODE_RE.finditer(text):
        code, inward = match.group(), match.group(2)
        if not postcode_case_consistent(code):
            continue
        if inward.islower() and ORDINAL_RE.fullmatch(inward):
            continue
        yield match.span()
    if any(c.isupper() for c in text):
        for match in POSTCODE_GLUED_RE.finditer(text):
            if not inside_code(text, *match.span()):
                yield match.span()


PHONE_RE = re.compile(
    r"(?:\+(?<![\dA-Z_+£$€/].)(?<![\d.][.,:].)(?<![A-Za-z]\d.)44[ ]?(?:\(0\)[ ]?)?"
    r"|0(?<![\dA-Z_+£$€/].)(?<![\d.][.,:].)(?<![A-Za-z]\d.)(?:044[ ]?(?:\(0\)[ ]?)?|)"
    r"|\((?<![\dA-Z_+£$€/].)(?<![\d.][.,:].)(?<![A-Za-z]\d.)0)"
    r"\d[\d \-)]{7,13}\d"
    r"(?![\dA-Z_/]|[.,:]\d)")
"""Letters in lower case may touch the number: PDF extraction runs words together
('01632960123or07700900123', 'tel07700900123'); capitals or digits touching it make a code.
A comma, colon or full stop before it only hides it after a digit ('1,000', '10:07'): a CSV
field ('A,07700 900123') or 'tel:07700900123' is a number."""
PHONE_SECOND_DIGITS = set("1235789")


URL_PART_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"')\]]+", re.IGNORECASE)
URL_PHONE_RE = re.compile(r"(?<=[/=_.-])(?:\+?44|0)\d{9,10}(?!\d)")


TOKEN_CHARS = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
HEX_CHARS = frozenset("0123456789abcdefABCDEF")


def inside_code(text: str, start: int, end: int) -> bool:
    """Whether a span touching letters lies inside a machine token (a hash, base64, an ID) rather
    than words run together: the run of letters and digits around it is hexadecimal and 16 or
    more long, or 24 or more long with digits in four or more places."""
    if not ((start and text[start - 1] in TOKEN_CHARS) or
            (end < len(text) and text[end] in TOKEN_CHARS)):
        return False
    left, right = start, end
    while left and text[left - 1] in TOKEN_CHARS:
        left -= 1
    while right < len(text) and text[right] in TOKEN_CHARS:
        right += 1
    token = text[left:right]
    if len(token) >= 16 and set(token) <= HEX_CHARS:
        return True
    return len(token) >= 24 and len(re.findall(r"\d+", token)) >= 4


def phone_numbers(text: str) -> Iterator[Span]:
    """UK phone numbers: 0 then 9 or 10 digits, or +44 without the 0, spaced or bracketed.

    Only geographic (01, 02), non-geographic (03, 05, 08, 09) and mobile (07) numbers count.
    Times (09:30), decimals, money and dates never start the way a phone number does, and
    published helplines belong in the site's allow list.
    """
    for match in PHONE_RE.finditer(text):
        raw = match.group()
        digits = re.sub(r"\D", "", raw)
        if raw.startswith(("+44", "0044")):
            digits = "0" + digits[4 if raw.startswith("00") else 2:]
            if digits.startswith("00"):
                digits = digits[1:]
        if len(digits) in (10, 11) and digits[1] in PHONE_SECOND_DIGITS:
            if re.search(r"\d-\d.*\d-\d.*\d-\d", raw):
                continue  # 01-02-2024-style run of dashed numbers, not a phone number
            if inside_code(text, *match.span()):
                continue
            yield match.span()
    if "://" in text or "www." in text:
        # a number as a segment of a link ('/mother/07700900123'): the context rules keep it
        # only if the link also holds a family word
        for url in URL_PART_RE.finditer(text):
            for match in URL_PHONE_RE.finditer(url.group()):
                if match.group()[1 if match.group()[0] == "0" else 3] in PHONE_SECOND_DIGITS:
                    yield url.start() + match.start(), url.start() + match.end()


EMAIL_RE = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][\w.+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w])")


def email_addresses(text: str) -> Iterator[Span]:
    """An e-mail address (a published team address goes in the site's allow list)."""
    if "@" not in text:
        return
    for match in EMAIL_RE.finditer(text):
        yield match.span()


# --------------------------------------------------------------------------- dates

WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
FULL_DATE = (
    r"(?:(?:[0-3]?\d)" + ORDINAL + r"\s+(?:of\s+)?" + MONTHS +
    r"\.?,?\s+(?:19|20)\d{2}"
    r"|" + MONTHS + r"\.?\s+[0-3]?\d" + ORDINAL + r",?\s+(?:19|20)\d{2}"
    r"|[0-3]?\d/[01]?\d/(?:19|20)?\d{2}"
    r"|[0-3]?\d\.[01]?\d\.(?:19|20)\d{2}"
    r"|[0-3]?\d-[01]?\d-(?:19|20)\d{2}"
    r"|(?:19|20)\d{2}-[01]\d-[0-3]\d)")
BIRTH_DATE = (r"(?:" + WEEKDAY + FULL_DATE + r"|[0-3]?\d[.\-/ ][01]?\d[.\-/ ]\d{2})")
"""A birth date may be written more loosely than a chronology's date: '11.12.08', '03-03-15'."""
FULL_DATE_RE = re.compile(r"(?<![\w/.-])" + FULL_DATE + r"(?![\w/]|[.-]\d)", re.IGNORECASE)
DOB_RE = re.compile(
    r"[BbDd](?<!\w.)(?:(?<=[Dd])(?i:OB|\.\s?O\.\s?B\.?|/O/B|ate\s+of\s+birth)"
    r"|(?<=[Bb])(?i:irth\s*date|irth|orn(?:\s+on)?|irthday(?:\s+is)?))"
    r"(?i:\s*(?:was|is|:|-|—|–)?\s*(?:on\s+)?(?:the\s+)?" + BIRTH_DATE + r"(?![\w/]|[.-]\d))")
"""The keywords (DOB, D.O.B., D/O/B, date of birth, birth date, birth, born on, birthday is),
case-insensitive, grouped by first letter, with the word boundary checked after that letter:
a pattern that starts with a class of characters is searched for it at C speed, one that starts
with a word boundary is tried at every position (twice as slow). That first letter is written
``[BbDd]`` outside ``(?i:...)`` (no other character matches B or D case-insensitively): ``re``
finds no class to skip to for a pattern whose first character has case under IGNORECASE, and
tried this one at every position, three times slower (21 to 7 ns a character of prose)."""


DOB_DOTS_RE = re.compile(r"d\.\s?o\.\s?b|d/o/b")
"""'D.O.B', 'D. O. B.', 'D/O/B' (lower-cased): the keywords of DOB_RE that are not words."""


def dates_of_birth(text: str) -> Iterator[Span]:
    """A full date introduced as a birth date ('DOB', 'date of birth', 'born on').

    'Born in 2019' and 'born in March 2019' are not flagged: a year or month alone is how
    reports describe age without identifying the child.
    """
    lowered = text.lower()
    if "dob" not in lowered and "birth" not in lowered and "born" not in lowered \
            and DOB_DOTS_RE.search(lowered) is None:
        return
    for match in DOB_RE.finditer(text):
        yield match.span()


TWO_DIGIT_RUNS_RE = re.compile(r"\d\D+\d")
"""What every full date holds (a day and a year, or d/m/y): a window without it has none, and
this is found several times faster than the date pattern is tried at each of its positions."""
DATE_BEFORE_ANCHOR = 45
"""More than the longest date's reach before its anchor ('30th of September, 2020')."""


def full_dates(text: str, anchors: Iterable[tuple[int, int]] | None = None) -> list[Span]:
    """FULL_DATE_RE's matches, as its finditer would give them, found from anchors: every match
    starts within DATE_BEFORE_ANCHOR of an anchor it holds, and each candidate start is
    re-matched over the whole text, so the window's edges change nothing. ``anchors`` (start,
    end) may be given, found by another pass: any set holding DATE_ANCHOR_RE's matches will do
    (more windows only add starts of real matches, and the leftmost-first choice is the same)."""
    starts: dict[int, int] = {}
    if anchors is None:
        anchors = (anchor.span() for anchor in DATE_ANCHOR_RE.finditer(text))
    for anchor_start, anchor_end in anchors:
        window = (max(0, anchor_start - DATE_BEFORE_ANCHOR), min(len(text), anchor_end + 12))
        if TWO_DIGIT_RUNS_RE.search(text, *window) is None:
            continue  # a year alone ('in 2019'): no full date fits in the window
        for candidate in FULL_DATE_RE.finditer(text, *window):
            if candidate.start() not in starts:
                full = FULL_DATE_RE.match(text, candidate.start())
                if full is not None:
                    starts[candidate.start()] = full.end()
    spans: list[Span] = []
    for start in sorted(starts):
        if not spans or start >= spans[-1][1]:
            spans.append((start, starts[start]))
    return spans


def core_dates(text: str, cores: Iterable[int]) -> list[Span]:
    """FULL_DATE_RE's matches, as its finditer would give them, found from the digits where a
    date core starts (:data:`generator.redaction.triggers.DATE_CORE_RE`, found by the digit
    pass): every match starts at a core (its first digit) or, written 'June 14, 2021', at a
    month that ends where the spaces before a core begin. The pattern is tried at those starts
    alone, over the whole text, and the leftmost-first choice over the starts where it matches
    is finditer's. A year alone, a month and year, or any number that is not a date's day has
    no core and costs nothing here (the bench's 5 MB: 6,400 date anchors, 1,700 cores)."""
    starts: dict[int, int] = {}
    for core in cores:
        candidates = [core]
        lead = core
        while lead and text[lead - 1].isspace():
            lead -= 1
        if lead < core:  # 'June 14': a month of three to nine letters, and a full stop
            candidates += [month for month in range(max(0, lead - 10), lead - 2)
                           if text[month].isalpha() and not (month and (
                               text[month - 1].isalnum() or text[month - 1] in "_/.-"))]
        for start in candidates:
            if start not in starts:
                full = FULL_DATE_RE.match(text, start)
                if full is not None:
                    starts[start] = full.end()
    spans: list[Span] = []
    for start in sorted(starts):
        if not spans or start >= spans[-1][1]:
            spans.append((start, starts[start]))
    return spans


def exact_dates(text: str, anchors: Iterable[tuple[int, int]] | None = None,
                cores: Iterable[int] | None = None) -> Iterator[Span]:
    """A full date (day, month and year): in a chronology, exact dates help jigsaw identification.

    A warning only: reports sometimes need one (a court date, the date of publication). Years
    and month-year dates are never flagged. The dates are found from the digit pass's date
    cores when given (the fast path), else from anchors, else (the slow path) by the date
    pattern over the whole text.
    """
    if cores is not None:
        dates = core_dates(text, cores)
    elif anchors is not None:
        dates = full_dates(text, anchors)
    else:
        dates = [match.span() for match in FULL_DATE_RE.finditer(text)]
    for start, end in dates:
        if not DOB_RE.search(text, max(0, start - 30), end):
            yield start, end


# --------------------------------------------------------------------------- addresses, names

STREET_TYPES = (
    "Street|St|Road|Rd|Lane|Ln|Avenue|Ave|Close|Drive|Dr|Way|Crescent|Cres|Court|Ct|Gardens|"
    "Grove|Place|Pl|Terrace|Walk|Hill|Mews|Row|Square|Sq|Parade|View|Rise|Vale|Green|Park|"
    "Boulevard|Wharf|Yard|Croft|Fold|Gate")
STREET_RE = re.compile(
    r"(?:(?:F(?<![\w£$.,/-].)lat|A(?<![\w£$.,/-].)partment|U(?<![\w£$.,/-].)nit)[ \t]+\d+"
    r"[A-Za-z]?,?[ \t]+\d{1,4}|\d(?<![\w£$.,/-].)\d{0,3})[A-Za-z]?,?\s+"
    r"(?:[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?\s+){1,3}"
    r"(?:" + STREET_TYPES + r")\b")
STREET_UPPER_RE = re.compile(
    r"(?<![\w£$.,/-])(?:(?:FLAT|APARTMENT|UNIT)[ \t]+\d+[A-Z]?,?[ \t]+)?"
    r"\d{1,4}[A-Z]?,?[ \t]+"
    r"(?:[A-Z][A-Z'’]+(?:-[A-Z][A-Z'’]+)?[ \t]+){1,3}"
    r"(?:" + STREET_TYPES.upper() + r")\b")
"""The same in capitals: addresses copied from forms and envelopes ('12 OAK ROAD')."""
NOT_STREET_WORDS = {"Section", "Sections", "Paragraph", "Paragraphs", "Regulation", "Chapter",
                    "Part", "Schedule", "Article", "Page", "Pages", "Table", "Figure",
                    "Recommendation", "Appendix", "Children", "Key", "Stage", "Year", "Years",
                    "Week", "Weeks", "Day", "Days", "Month", "Months", "Child", "Sibling",
                    "Para", "Paras", "Rule", "Rules", "Item", "Line", "Lines", "Number", "No",
                    "Volume", "Issue", "Clause", "Annex", "Step", "Level"}


def street_addresses(text: str) -> Iterator[Span]:
    """A house number, one to three capitalised words and a street type: a street address.

    The street type must follow the name ('12 Oak Road'); numbers followed by words like
    'Section' or 'Year' are references and ages, not houses.
    """
    position = 0
    while (match := STREET_RE.search(text, position)) is not None:
        words = re.findall(r"[A-Z][a-z'’]+", match.group())
        line_start = text.rfind("\n", 0, match.start()) + 1  # the word before, on this line
        before = re.findall(r"([A-Za-z]+)\.?[ \t]*$",
                            text[max(line_start, match.start() - 20):match.start()])
        if (before and before[0].capitalize() in NOT_STREET_WORDS) or (
                set(words) & NOT_STREET_WORDS):
            position = match.start() + 1  # an excused match hides no address inside it
            continue
        yield match.span()
        position = match.end()
    if re.search(r"\d[A-Z]?,?[ \t]+[A-Z]{2}", text):
        for match in STREET_UPPER_RE.finditer(text):
            capitals = {w.capitalize() for w in re.findall(r"[A-Z]+", match.group())}
            if not capitals & NOT_STREET_WORDS:
                yield match.span()


MARKER_WORD = (r"(?:CHILD|MOTHER|FATHER|CARER|SIBLING|PERSONAL|FIRST|LAST|FAMILY|SCHOOL|"
               r"SURNAME|ADDRESS|NAMES?|DOB|DATE OF BIRTH|DETAILS|INFORMATION|TEXT|LOCATION|"
               r"POSTCODE|NHS NUMBER|PHONE(?: NUMBER)?|NUMBER|NURSERY|STREET|TOWN)(?:['’]S)?")
MARKER_LABEL = MARKER_WORD + r"(?:\s+" + MARKER_WORD + r"){0,2}"
"""What a redactor writes in brackets: one to three label words ('name', 'school name',
'child's first name')."""
MARKER_RES = (
    re.compile(
        r"\[\s*(?:REDACTED|REMOVED|WITHHELD|" + MARKER_LABEL + r"|REDACT(?:ION)?)"
        r"(?: [^\]\n]{0,20})?\s*\](?![(\[:])", re.IGNORECASE),
    re.compile(r"\b[Xx]{4,}\b"),
    re.compile(r"[\u2580-\u259F]+|[\u25A0\u25AE]{2,}"),
    re.compile(r"[\w,.;:] (\*{3,})(?=[ ,.;:]|$)", re.MULTILINE),
    re.compile(r"[\w,.;:] (_{3,})(?= ?[\w,.;:])"),
    re.compile(r"[(<{]\s*(?:" + MARKER_LABEL + r"\s+)?(?:REDACTED|REMOVED|WITHHELD|DELETED)"
               r"\s*[)>}]", re.IGNORECASE),
)


MARKER_NEEDS = ("[", "xxxx", "", "***", "___", "")
"""A substring each marker pattern cannot match without ('' means always run it)."""


def redaction_markers(text: str) -> Iterator[Span]:
    """Leftovers of manual redaction: [REDACTED], [NAME], XXXX, █, or *** inside a sentence.

    A marker means someone meant to remove something, and the text around it may still say
    what; it also tells readers there was a name there. A line of only *** or --- is a
    Markdown horizontal rule, and ***bold italic*** touches its words, so neither matches.
    """
    lowered = text.lower() if "x" in text or "X" in text else ""
    for pattern, needed in zip(MARKER_RES, MARKER_NEEDS, strict=True):
        if pattern is MARKER_RES[2] and text.isascii():
            continue
        if pattern is MARKER_RES[5] and not any(b in text for b in "(<{"):
            continue
        if needed and needed not in (lowered if needed == "xxxx" else text):
            continue  # the costly patterns first need a substring that is rarely there
        for match in pattern.finditer(text):
            yield match.span(pattern.groups)


TITLE_RE = re.compile(
    r"(?:M(?<![\w].)(?:r|rs|s|iss|x)|D(?<![\w].)r)\.?\s+"
    r"(?:[A-Z][a-z]+\s+)?(?:Ma?c|O['’]|De|Van)?[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?(?![\w])")


def titles_with_surnames(text: str) -> Iterator[Span]:
    """A title and a surname (Mrs Okafor): a warning, since professionals may be named.

    'Mr B' and 'Mrs X' (a title and a single letter) are the usual pseudonyms and do not match.
    """
    if not any(title in text for title in ("Mr", "Ms", "Miss", "Mx", "Dr")):
        return
    for match in TITLE_RE.finditer(text):
        yield match.span()


DETECTORS: tuple[Detector, ...] = (
    Detector("ID-NHS-NUMBER", "an NHS number", "Remove it; a report never needs one.",
             nhs_numbers),
    Detector("ID-NI-NUMBER", "a National Insurance number", "Remove it.", ni_numbers),
    Detector("ID-UPN", "a Unique Pupil Number", "Remove it.", pupil_numbers),
    Detector("ID-POSTCODE", "a full postcode",
             "Remove it, or give the area in words ('in the north of the county').", postcodes),
    Detector("ID-PHONE", "a phone number",
             "Remove it; a published helpline belongs in the site's allow list.",
             phone_numbers),
    Detector("ID-EMAIL", "an e-mail address",
             "Remove it; a published team address belongs in the site's allow list.",
             email_addresses),
    Detector("ID-DATE-OF-BIRTH", "a date of birth",
             "Give an age or age band instead ('aged 3').", dates_of_birth),
    Detector("ID-STREET-ADDRESS", "a street address",
             "Remove it, or describe the place ('a privately rented flat').", street_addresses),
    Detector("REDACTION-MARKER", "a leftover redaction marker",
             "Rewrite the sentence so nothing needs redacting.", redaction_markers),
    Detector("ID-TITLE-SURNAME", "a title with a surname",
             "Use the pseudonym or role (Mother, the health visitor); allow it in review.yml "
             "if it names a professional meant to be named.", titles_with_surnames),
    Detector("ID-EXACT-DATE", "an exact date",
             "Prefer the month and year in a chronology; allow it in review.yml if needed.",
             exact_dates),
)

register(
    Rule("ID-NHS-NUMBER", "error", "An NHS number (ten digits passing the mod-11 check)."),
    Rule("ID-NI-NUMBER", "error", "A National Insurance number (HMRC prefix and suffix rules)."),
    Rule("ID-UPN", "error", "A Unique Pupil Number (check letter and twelve characters)."),
    Rule("ID-POSTCODE", "error", "A full UK postcode, with or without the space."),
    Rule("ID-PHONE", "error", "A UK phone number (+44, brackets, spaces)."),
    Rule("ID-EMAIL", "error", "An e-mail address."),
    Rule("ID-DATE-OF-BIRTH", "error", "A date of birth ('DOB', 'date of birth', 'born on')."),
    Rule("ID-STREET-ADDRESS", "error", "A street address (house number, name and street type)."),
    Rule("REDACTION-MARKER", "error",
         "A leftover redaction marker ([REDACTED], XXXX, █, [NAME], *** in a sentence)."),
    Rule("ID-TITLE-SURNAME", "warning", "A title with a surname (Mrs Okafor)."),
    Rule("ID-EXACT-DATE", "warning",
         "An exact full date, which in a chronology helps identify a family."),
)


@dataclass(frozen=True)
class Hit:
    """One detector match in a text: the rule, where it starts and ends."""

    rule_id: str
    start: int
    end: int


def find_identifiers(text: str, fast: bool = True, lowered: str | None = None) -> list[Hit]:
    """Every detector's matches in a text, in order; a warning inside another match dropped.

    An error is never dropped for lying inside another match: 'Mrs Jones\nXxxxx' is one
    title-and-surname warning that holds a redaction marker, and the marker must be reported
    wherever the text is cut (the scan of the written site reads each paragraph alone).
    ``fast=False`` runs every detector over the whole text (the slow path the tests compare).
    ``lowered`` is ``text.lower()`` when the caller has it already.
    """
    lowered = text.lower() if lowered is None else lowered
    if len(lowered) != len(text):
        fast = False  # a character whose lower case is longer (U+0130): offsets would shift
    if fast and nothing_triggered(text, lowered):
        return []
    if fast:
        blocks, cores = digit_pass(text)
        joined: dict[int, Joined | None] = {}  # by the trigger's identity (see WORDS_BY_ID)
        hits = []
        for detector in DETECTORS:
            if detector.find is exact_dates:
                hits += [Hit(detector.rule_id, start, end)
                         for start, end in exact_dates(text, cores=cores)]
                continue
            trigger = TRIGGERS[detector.rule_id]
            if id(trigger) in joined:
                reading = joined[id(trigger)]
            else:
                found = None if isinstance(trigger, tuple) else blocks.get(trigger)
                if found is None:
                    found = hot_blocks(lowered if detector.rule_id in LOWERED else text, trigger)
                reading = joined[id(trigger)] = Joined.of(text, found) if found else None
            if reading is not None:  # no trigger, no block: the detector is not called at all
                hits += [Hit(detector.rule_id, *reading.source_span(start, end))
                         for start, end in detector.find(reading.text)]
    else:
        hits = [Hit(d.rule_id, start, end) for d in DETECTORS for start, end in d.find(text)]
    return without_nested_warnings(hits)


def without_nested_warnings(hits: list[Hit]) -> list[Hit]:
    """``hits`` in order of start (the longer first), less each warning that lies inside a
    match kept before it. One pass: sorted so, every kept match starts at or before the hit at
    hand, so the hit lies inside one of them exactly when it ends no later than the furthest
    kept end (a page of thousands of dates compared each with all the others before)."""
    kept: list[Hit] = []
    reach = -1
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if rule_of(hit.rule_id).severity == "warning" and hit.end <= reach:
            continue
        kept.append(hit)
        reach = max(reach, hit.end)
    return kept


DETECTOR_BY_RULE = {d.rule_id: d for d in DETECTORS}


def mask(text: str) -> str:
    """Keep the first character of each run of letters or digits and hide the rest.

    'Jane Smith' becomes 'J*** S****'; separators stay, so the shape of a number or address
    is visible to whoever has to find it, and the text itself is not in any log.
    """
    return re.sub(r"([^\W_])((?:[^\W_]|['’](?=[^\W_]))*)",
                  lambda m: m.group(1) + "*" * len(m.group(2)), " ".join(text.split()))
