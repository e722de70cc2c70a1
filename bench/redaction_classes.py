"""Labelled identifier examples by class, and the ways a text hides them from a naive scan.

Shared by bench/scanner_bench.py (recall per class) and the tests (the fast path finds what the
slow path finds; identifiers survive invisible characters and look-alike letters). Every
identifier is fictional: phones 07700 900xxx, 01632 960xxx, 020 7946 0xxx; NI numbers with the
specimen prefix QQ; NHS numbers from the never-issued 999 range; e-mail at example domains.

A class is either a written form a detector must know (a birth date written loosely, a number
run together with a word by PDF extraction) or an evasion applied to any example (invisible
characters, entities left as text, look-alike letters, full-width forms, accents).
"""

from __future__ import annotations

import random
from collections.abc import Callable

from stdnum.gb import upn as stdnum_upn

PROTECTED_TERMS = ["Jane Ashworth", "Kyle Ashworth", "Oakwood Primary School", "Brindle Court",
                   "Siobhán Kelly", "Zoë Marsh"]
"""Terms for a bench or test Protected set; two are accented to show folding both ways."""


def upn(la: int) -> str:
    body = f"{la:03d}4021{(la * 7) % 100:02d}{(la * 13) % 1000:03d}"
    return stdnum_upn.calc_check_digit(body) + body


Example = tuple[str, str, str]
"""(rule, sentence, the identifier as written in it)."""

MUST_STAY_ERRORS = "family number in a service sentence"
"""The class whose examples count as found only under their own rule, never a context warning."""

PLAIN: list[Example] = [
    ("ID-NHS-NUMBER", "Her NHS number, 999 000 0018, was on the letter.", "999 000 0018"),
    ("ID-NI-NUMBER", "The form gave QQ 12 34 56 A as his number.", "QQ 12 34 56 A"),
    ("ID-UPN", f"The pupil's UPN was {upn(801)} on the record.", upn(801)),
    ("ID-POSTCODE", "They moved to LS1 4AP in the spring.", "LS1 4AP"),
    ("ID-PHONE", "Mother's mobile is 07700 900123.", "07700 900123"),
    ("ID-PHONE", "Her number was 01632 960456 at the time.", "01632 960456"),
    ("ID-EMAIL", "She wrote from jo.bloggs@example.com to the school.", "jo.bloggs@example.com"),
    ("ID-DATE-OF-BIRTH", "Child T, DOB 03/03/2015, was seen at home.", "DOB 03/03/2015"),
    ("ID-STREET-ADDRESS", "The family lived at 12 Acacia Avenue for a year.", "12 Acacia Avenue"),
    ("REDACTION-MARKER", "The uncle [REDACTED] visited often.", "[REDACTED]"),
    ("ID-TITLE-SURNAME", "Mrs Okafor spoke to the school.", "Mrs Okafor"),
    ("ID-EXACT-DATE", "On 14 June 2021 the family moved.", "14 June 2021"),
    ("PROTECTED-TERM", "Jane Ashworth attended the meeting.", "Jane Ashworth"),
    ("PROTECTED-TERM", "The Ashworths' flat was cold.", "Ashworths'"),
    ("PROTECTED-TERM", "A letter came from Oakwood Primary School.", "Oakwood Primary School"),
]

GAPS: dict[str, list[Example]] = {
    "birth date written loosely": [
        ("ID-DATE-OF-BIRTH", "Child T (DOB: 03-03-2015) lived with Mother.", "DOB: 03-03-2015"),
        ("ID-DATE-OF-BIRTH", "She was born on Tuesday 3 March 2015 in hospital.",
         "born on Tuesday 3 March 2015"),
        ("ID-DATE-OF-BIRTH", "Birth date: 14 June 2016.", "Birth date: 14 June 2016"),
        ("ID-DATE-OF-BIRTH", "Born 11 th December 2008 at home.", "Born 11 th December 2008"),
        ("ID-DATE-OF-BIRTH", "Sibling 1 (DOB 11.12.08) was at school.", "DOB 11.12.08"),
        ("ID-DATE-OF-BIRTH", "date of birth - 2 Feb. 2012.", "date of birth - 2 Feb. 2012"),
    ],
    "phone written internationally": [
        ("ID-PHONE", "Call 0044 7700 900123 after six.", "0044 7700 900123"),
        ("ID-PHONE", "Call +44 (0)7700 900124 after six.", "+44 (0)7700 900124"),
        ("ID-PHONE", "Her number, +44 20 7946 0125, was on file.", "+44 20 7946 0125"),
    ],
    "street address in capitals": [
        ("ID-STREET-ADDRESS", "Address: 12 OAK ROAD, HALLOWMERE.", "12 OAK ROAD"),
        ("ID-STREET-ADDRESS", "FLAT 2, 14 MARSH LANE was the last address.",
         "FLAT 2, 14 MARSH LANE"),
    ],
    "marker in other brackets": [
        ("REDACTION-MARKER", "The uncle [ REDACTED ] visited.", "[ REDACTED ]"),
        ("REDACTION-MARKER", "The uncle (redacted) visited.", "(redacted)"),
        ("REDACTION-MARKER", "The uncle <name removed> visited.", "<name removed>"),
        ("REDACTION-MARKER", "The uncle \u2580\u2580\u2580 visited.", "\u2580\u2580\u2580"),
        ("REDACTION-MARKER", "The school {school name withheld} was told.",
         "{school name withheld}"),
        ("REDACTION-MARKER", "He lived with \u2593\u2593\u2593\u2593 in the flat.",
         "\u2593\u2593\u2593\u2593"),
    ],
    "UPN of any authority": [
        ("ID-UPN", f"UPN {upn(838)} on the transfer file.", upn(838)),
        ("ID-UPN", f"UPN {upn(839)} on the transfer file.", upn(839)),
        ("ID-UPN", f"UPN {upn(940)} on the transfer file.", upn(940)),
        ("ID-UPN", f"UPN {upn(943)} on the transfer file.", upn(943)),
    ],
    "run together by PDF extraction": [
        ("ID-PHONE", "Call01632960123or07700900123 today.", "01632960123"),
        ("ID-PHONE", "Call01632960123or07700900123 today.", "07700900123"),
        ("ID-POSTCODE", "Flat 2 HallowmereLS14AP was the address.", "LS14AP"),
        ("ID-POSTCODE", "The postcode HM2 3BDand the street were given.", "HM2 3BD"),
        ("ID-PHONE", "mobile07700900125", "07700900125"),
    ],
    "protected term with or without its accents": [
        ("PROTECTED-TERM", "Siobhan Kelly was the neighbour.", "Siobhan Kelly"),
        ("PROTECTED-TERM", "Siobhán Kelly was the neighbour.", "Siobhán Kelly"),
        ("PROTECTED-TERM", "Zoe\u0308 Marsh was at the flat.", "Zoe\u0308 Marsh"),
        ("PROTECTED-TERM", "ZOE MARSH was at the flat.", "ZOE MARSH"),
        ("PROTECTED-TERM", "The Ashworth's car was outside.", "Ashworth's"),
    ],
    "family number in a service sentence": [
        ("ID-PHONE", "Mother rang the MASH from 07700 900123.", "07700 900123"),
        ("ID-PHONE", "Mother rang the MASH from 01632 960123.", "01632 960123"),
        ("ID-PHONE", "The duty worker called the family's home number, 01632 960124.",
         "01632 960124"),
        ("ID-EMAIL", "Father wrote to lado@example.gov.uk from dad.t@example.com.",
         "dad.t@example.com"),
    ],
}

INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff", "\u200e", "\u202a",
             "\u202c", "\ufe0f", "\U000e0041", "\u2063", "\u180e", "\u034f"]
LOOK_ALIKES = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "y": "у", "x": "х", "i": "і",
               "A": "А", "B": "В", "E": "Е", "K": "К", "M": "М", "H": "Н", "O": "О", "P": "Р",
               "C": "С", "T": "Т", "X": "Х", "Q": "Ԛ", "S": "Ѕ", "J": "Ј", "N": "Ν", "Z": "Ζ",
               "s": "ѕ", "j": "ј", "h": "һ", "d": "ԁ", "w": "ԝ", "l": "ӏ"}


def with_invisible(value: str, rng: random.Random) -> str:
    """Invisible characters inserted at random places inside the value."""
    chars = list(value)
    for _ in range(rng.randint(1, 4)):
        chars.insert(rng.randint(1, max(1, len(chars) - 1)), rng.choice(INVISIBLE))
    return "".join(chars)


def with_entities(value: str, rng: random.Random) -> str:
    """Some characters written as HTML character references left in the text."""
    return "".join(rng.choice([f"&#{ord(c)};", f"&#x{ord(c):x};", c]) if c.isalnum() else c
                   for c in value)


def with_look_alikes(value: str, rng: random.Random) -> str:
    """Latin letters replaced by Cyrillic or Greek letters that look the same."""
    return "".join(LOOK_ALIKES[c] if c in LOOK_ALIKES and rng.random() < 0.6 else c
                   for c in value)


def full_width(value: str, rng: random.Random) -> str:
    """ASCII letters and digits written in their full-width forms."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() and rng.random() < 0.8
                   else c for c in value)


def with_accents(value: str, rng: random.Random) -> str:
    """Vowels given a combining accent (a protected 'Ashworth' written 'Ashwörth')."""
    return "".join(c + rng.choice(["\u0301", "\u0308", "\u0300"])
                   if c in "aeiouAEIOU" and rng.random() < 0.5 else c for c in value)


EVASIONS: dict[str, Callable[[str, random.Random], str]] = {
    "invisible characters": with_invisible,
    "entities left as text": with_entities,
    "look-alike letters": with_look_alikes,
    "full-width forms": full_width,
    "accents": with_accents,
}
ACCENT_RULES = frozenset({"PROTECTED-TERM"})
"""Accents only hide words: a digit or a marker with a combining mark is not an evasion the
reader would take for the plain identifier, so the accents class applies to protected terms."""


def labelled(rng: random.Random) -> list[tuple[str, str, str, str]]:
    """Every labelled example as (class, rule, text, identifier as written in the text)."""
    rows = [("plain", rule, text, value) for rule, text, value in PLAIN]
    for name, examples in GAPS.items():
        rows += [(name, rule, text, value) for rule, text, value in examples]
    for name, evade in EVASIONS.items():
        for rule, text, value in PLAIN + [e for group in GAPS.values() for e in group]:
            if name == "accents" and rule not in ACCENT_RULES:
                continue
            hidden = evade(value, rng)
            rows.append((name, rule, text.replace(value, hidden, 1), hidden))
    return rows
