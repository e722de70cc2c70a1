"""Each redaction detector: what it finds, what it must leave alone, and masking."""

from __future__ import annotations

import pytest

from generator.redaction.detectors import find_identifiers, mask, nhs_number_valid
from generator.redaction.protected import Protected


def found(text: str) -> list[tuple[str, str]]:
    return [(h.rule_id, text[h.start:h.end]) for h in find_identifiers(text)]


POSITIVE = [
    ("ID-NHS-NUMBER", "Her NHS number was 943 476 5919 then.", "943 476 5919"),
    ("ID-NHS-NUMBER", "NHS no. 943-476-5919.", "943-476-5919"),
    ("ID-NHS-NUMBER", "ref 9434765919 on file", "9434765919"),
    ("ID-NI-NUMBER", "NI number QQ 12 34 56 A was given.", "QQ 12 34 56 A"),
    ("ID-NI-NUMBER", "NINO QQ123456C.", "QQ123456C"),
    ("ID-UPN", "UPN B801200005001 at the school.", "B801200005001"),
    ("ID-POSTCODE", "They moved to LS1 4AP in May.", "LS1 4AP"),
    ("ID-POSTCODE", "Postcode SW1A1AA.", "SW1A1AA"),
    ("ID-POSTCODE", "near M1 1AE today", "M1 1AE"),
    ("ID-POSTCODE", "postcode ls1 4ap", "ls1 4ap"),
    ("ID-POSTCODE", "Postcode sw1a1aa.", "sw1a1aa"),
    ("ID-POSTCODE", "Ls1 4ap was the address given.", "Ls1 4ap"),
    ("ID-PHONE", "Mother's phone is 07700 900123.", "07700 900123"),
    ("ID-PHONE", "Ring 07700900456 later.", "07700900456"),
    ("ID-PHONE", "Ring +44 7700 900789 later.", "+44 7700 900789"),
    ("ID-PHONE", "Call (01632) 960123 now.", "(01632) 960123"),
    ("ID-PHONE", "Call 020 7946 0321 now.", "020 7946 0321"),
    ("ID-PHONE", "Call +44 (0)20 7946 0123 now.", "+44 (0)20 7946 0123"),
    ("ID-EMAIL", "She wrote to mum.t@example.com about it.", "mum.t@example.com"),
    ("ID-DATE-OF-BIRTH", "DOB: 3 March 2019.", "DOB: 3 March 2019"),
    ("ID-DATE-OF-BIRTH", "Child T was born on 12/03/2019 in hospital.", "born on 12/03/2019"),
    ("ID-DATE-OF-BIRTH", "Her date of birth is 1st April 2015.", "date of birth is 1st April 2015"),
    ("ID-STREET-ADDRESS", "The family lived at 12 Oak Tree Road with", "12 Oak Tree Road"),
    ("ID-STREET-ADDRESS", "Flat 3, 40 Mill Lane was cold.", "Flat 3, 40 Mill Lane"),
    ("REDACTION-MARKER", "The worker, [REDACTED], visited.", "[REDACTED]"),
    ("REDACTION-MARKER", "Seen by [NAME] at school.", "[NAME]"),
    ("REDACTION-MARKER", "The uncle XXXX stayed over.", "XXXX"),
    ("REDACTION-MARKER", "He was known as ████ locally.", "████"),
    ("REDACTION-MARKER", "Mother said *** had visited.", "***"),
    ("ID-TITLE-SURNAME", "Mrs Okafor told the nurse.", "Mrs Okafor"),
    ("ID-TITLE-SURNAME", "Dr. McAllister reviewed it.", "Dr. McAllister"),
    ("ID-EXACT-DATE", "On 14 June 2023 the school called.", "14 June 2023"),
    ("ID-EXACT-DATE", "Visit on 14/06/2023 recorded.", "14/06/2023"),
    ("ID-EXACT-DATE", "Entry dated 2023-06-14.", "2023-06-14"),
    ("ID-EXACT-DATE", "Seen on 14-06-2023 at home.", "14-06-2023"),
    ("ID-DATE-OF-BIRTH", "DOB: 03-03-2015 on the form.", "DOB: 03-03-2015"),
    ("ID-DATE-OF-BIRTH", "Sibling 1 (DOB 11.12.08) attended.", "DOB 11.12.08"),
    ("ID-DATE-OF-BIRTH", "Born 11 th December 2008 at home.", "Born 11 th December 2008"),
    ("ID-DATE-OF-BIRTH", "Birth date: 14 June 2016.", "Birth date: 14 June 2016"),
    ("ID-DATE-OF-BIRTH", "born on Tuesday 3 March 2015.", "born on Tuesday 3 March 2015"),
    ("ID-PHONE", "Ring 0044 7700 900123 later.", "0044 7700 900123"),
    ("ID-PHONE", "Ring +44 (0)7700 900123 later.", "+44 (0)7700 900123"),
    ("ID-PHONE", "tel07700900123", "07700900123"),
    ("ID-POSTCODE", "Flat 2 HallowmereLS14AP here.", "LS14AP"),
    ("ID-STREET-ADDRESS", "Address: 12 OAK ROAD, HALLOWMERE.", "12 OAK ROAD"),
    ("REDACTION-MARKER", "The uncle [ REDACTED ] visited.", "[ REDACTED ]"),
    ("REDACTION-MARKER", "The uncle (redacted) visited.", "(redacted)"),
    ("REDACTION-MARKER", "The uncle <name removed> visited.", "<name removed>"),
    ("REDACTION-MARKER", "The uncle ▀▀▀ visited.", "▀▀▀"),
    ("ID-UPN", "UPN N940123456789 at the school.", "N940123456789"),
]


@pytest.mark.parametrize(("rule", "text", "match"), POSITIVE,
                         ids=[f"{r}:{m}" for r, _, m in POSITIVE])
def test_detector_finds_the_identifier(rule: str, text: str, match: str) -> None:
    """Each detector finds its identifier, and only the identifier's exact span."""
    assert found(text) == [(rule, match)]


NEAR_MISSES = [
    "Child T lived with Mother, Sibling 1 and Adult B; Mr B and Mrs X visited.",
    "Under section 47 of the Children Act 1989 and section 11 of the Children Act 2004.",
    "Regulation 5(2)(b) and paragraph 3.2.1 apply; see Part 4, Schedule 2 and Chapter 3.",
    "In 2019, and again in March 2023 and Spring 2024, the school raised concerns.",
    "Only 45% of 1,204 referrals (n = 312) met the threshold; 0.75 of cases.",
    "The cost was £12,500.50 and £1,000,000 over 3 years.",
    "The visit was at 09:30 and again at 14:15 on the same day.",
    "They drove along the A6, the M62 and the A638 near M6 and LS1.",
    "An outward code like M1, or B12, is a district and not a postcode.",
    "Lower-case districts ls1, m6 and b12 alone, and the a1 1st, m6 2nd, b2 3rd and e4 4th.",
    "Codes in mixed case lS1 4Ap and ls1 4AP, and inward letters ls1 4cm or ls1 4ai, are not.",
    "Ten digits that fail mod-11: 943 476 5910 and 1234567890.",
    "Prefixes GB 12 34 56 A, NK 12 34 56 B and DA 12 34 56 C, and suffix AB 12 34 56 E.",
    "A reference 12345 678 9 and a case number 2023/04/0012.",
    "***bold and italic*** text stays, and so does a line of stars.\n\n***\n\n---\n",
    "Section 12 Road traffic law, Year 7 Park visits, and 3 Key Stage Way points.",
    "Recommendation 4 Health Visitors and Paragraph 12 Green Lane references.",
    "Link text [name](https://example.test/guide) and [child-t] slugs are not markers.",
    "The health visitor was born in 1980; Child T was born in March 2019.",
    "Version 1.2.3 of the tool and ISBN 978 0 11 340 8.",
    "Phone 0800 1111 is Childline and 116 123 is the Samaritans.",
    "See paragraphs 3.2.12 and 4.1.10 of the guidance, version 1.2.23.",
    "■ Key point: the ■ bullet is a list marker here.",
    "A Master Plan for the area; Mr and Mrs T attended with Dr B.",
    "The post (since removed) and the page (later deleted) are prose, not markers.",
    "<br> and {placeholder} and (see above) hold no marker words.",
    "SECTION 12 ROAD SAFETY and PART 3 PARK RULES are headings in capitals.",
    "Birth rates fell in 2019; births 2,104 and born 1990s are statistics.",
    "A code ABC01632960123 in capitals and REF2023LS14AP are references.",
    "Box lines ═══ and dots ··· and a ■ bullet are drawing, not markers.",
    "Hash a3f01632960123bc9d0e1f2a3b4c5d6e7f8091 and token aZ9k01632960123x8Q7w6E5r4T3y2z.",
]


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_near_miss_is_not_flagged(text: str) -> None:
    """Pseudonyms, references, years, statistics, money, times and roads are not flagged."""
    assert found(text) == []


def test_pdf_run_together_phones_are_both_found() -> None:
    """Two numbers glued by PDF extraction with a word between are two findings."""
    assert found("01632960123or07700900123") == [
        ("ID-PHONE", "01632960123"), ("ID-PHONE", "07700900123")]


def test_a_phone_after_a_comma_or_colon_is_found_and_a_number_after_a_digit_is_not() -> None:
    """A CSV field ('A,07700 900123') and 'tel:07700900123' are phone numbers; after a digit
    ('1,07700 900123', '10:07700 900123') the comma or colon makes it part of another number."""
    assert [found(text) for text in ("A,07700 900123", "tel:07700900123", "ring him.07700900123",
                                     "1,07700 900123", "10:07700 900123", "v1.07700 900123")] \
        == [[("ID-PHONE", "07700 900123")], [("ID-PHONE", "07700900123")],
            [("ID-PHONE", "07700900123")], [], [], []]


def test_upn_with_wrong_check_letter_is_not_flagged() -> None:
    """A new authority's UPN is found by its check letter; one letter off is not a UPN."""
    assert (found("UPN N940123456789."), found("UPN M940123456789.")) == (
        [("ID-UPN", "N940123456789")], [])


def test_nhs_checksum() -> None:
    """The mod-11 check accepts a valid number and rejects one digit changed or check 10."""
    assert nhs_number_valid("9434765919")
    assert not nhs_number_valid("9434765918")
    assert not nhs_number_valid("0000000060")


def test_mask_keeps_only_first_characters() -> None:
    """A name, a number and an address are masked letter by letter, separators kept."""
    assert mask("Jane Anderson") == "J*** A*******"
    assert mask("943 476 5919") == "9** 4** 5***"
    assert mask("mum.t@example.com") == "m**.t@e******.c**"


def test_protected_terms_match_case_possessives_words_and_file_names() -> None:
    """A protected term is found in any case, with a possessive, word by word and in slugs."""
    protected = Protected(b"test key")
    protected.add_term("Jane Smith")
    protected.add_term("Oakwood Primary School")
    text = ("JANE'S mother; Smith’s house; kyle-smith_chronology.pdf; Oakwood Primary School; "
            "a primary school; jane smith")
    assert [text[s:e] for s, e in protected.find(text)] == [
        "JANE'S", "Smith’s", "smith", "Oakwood Primary School", "jane smith"]


def test_protected_generic_words_alone_are_not_flagged() -> None:
    """'School' or 'Road' from a multi-word place is matched only as part of the whole term."""
    protected = Protected(b"test key")
    protected.add_term("Park Road")
    text = "the park, the road, and Park Road itself"
    assert [text[s:e] for s, e in protected.find(text)] == ["Park Road"]
