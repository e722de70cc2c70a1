"""Context decides severity: organisations' contact details are not a family's.

Published partnership prose is full of numbers, mailboxes and addresses that belong to
services: the front door's number, the LADO's mailbox, the civic centre's postcode, a
national helpline. Flagging them as errors teaches editors to allow everything, so a match is
made a warning (its own rule, naming what made it so) or dropped when its context shows it
belongs to an organisation, and stays an error whenever the same sentence speaks of a family.

The rules, each deliberately narrow:

- a landline or non-geographic number (01, 02, 03, 08) in a sentence or line with a service
  word (MASH, front door, LADO, duty, out of hours, helpline, switchboard, reception, a named
  or designated professional, 'Tel:' with an organisation) is ID-PHONE-SERVICE; a mobile (07)
  never is;
- a role mailbox (help@, info@, lado@, a team acronym) on a public-sector domain is
  ID-EMAIL-SERVICE; first.last@ stays ID-EMAIL;
- a postcode or street address on a line naming a public building (civic centre, town hall,
  council offices, hospital, police station, school, department) is ID-ADDRESS-PUBLIC;
- any family word in the same sentence (mother, father, carer, home, mobile, a pseudonym such as
  Child T) keeps the error, so 'Mother rang the MASH from 01632 960123' is still an error;
- national helplines (:data:`HELPLINES`, each with its source) are not findings at all;
- digits inside a URL are not a phone number unless the URL holds a family word;
- a dateline ('Published 7 October 2022', 'Meeting: 26/05/2015', a date alone on its line)
  is not ID-EXACT-DATE; a title and surname named somewhere in the text with a public role
  (lead reviewer, chair, minister, judge, author) is not ID-TITLE-SURNAME.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from generator.models import Finding
from generator.rules import Rule, register

register(
    Rule("ID-PHONE-SERVICE", "warning",
         "A landline or non-geographic number in a sentence about a service (MASH, front door, "
         "LADO, helpline): a warning, an error with lif scan --strict-context."),
    Rule("ID-EMAIL-SERVICE", "warning",
         "A role mailbox (help@, lado@) on a public-sector domain: a warning, an error with "
         "lif scan --strict-context."),
    Rule("ID-ADDRESS-PUBLIC", "warning",
         "A postcode or street address on a line naming a public building (civic centre, "
         "hospital): a warning, an error with lif scan --strict-context."),
)

CONTEXT_RULES = {"ID-PHONE-SERVICE": "ID-PHONE", "ID-EMAIL-SERVICE": "ID-EMAIL",
                 "ID-ADDRESS-PUBLIC": "ID-POSTCODE"}
"""Rules made warnings by context, and the rule each stands in for (allowances of the base rule
apply to them, and --strict-context reports them as errors)."""

CONTEXT_NOUNS = {"ID-PHONE-SERVICE": "a service phone number",
                 "ID-EMAIL-SERVICE": "a role mailbox on a public-sector domain",
                 "ID-ADDRESS-PUBLIC": "a public building's address"}
CONTEXT_HINTS = {
    "ID-PHONE-SERVICE": "If it is a service's published number, add it to the site's allow "
                        "list; if it is a person's, remove it.",
    "ID-EMAIL-SERVICE": "If it is a team's published mailbox, add it to the site's allow list; "
                        "if it is a person's, remove it.",
    "ID-ADDRESS-PUBLIC": "If it is a public building's published address, add it to the site's "
                         "allow list; if it is a family's, remove it.",
}


@dataclass(frozen=True)
class Helpline:
    """A national helpline's published number and where it is published."""

    name: str
    number: str
    source: str


HELPLINES = (
    Helpline("NSPCC helpline", "0808 800 5000", "https://www.nspcc.org.uk/keeping-children-safe/"
             "reporting-abuse/nspcc-helpline/"),
    Helpline("NSPCC whistleblowing advice line", "0800 028 0285",
             "https://www.nspcc.org.uk/keeping-children-safe/reporting-abuse/dedicated-helplines/"
             "whistleblowing-advice-line/"),
    Helpline("Childline", "0800 1111", "https://www.childline.org.uk/get-support/contacting-"
             "childline/"),
    Helpline("Samaritans", "116 123", "https://www.samaritans.org/how-we-can-help/contact-"
             "samaritan/"),
    Helpline("NHS 111", "111", "https://www.nhs.uk/nhs-services/urgent-and-emergency-care-"
             "services/when-to-use-111/"),
    Helpline("Police non-emergency", "101", "https://www.police.uk/pu/contact-us/"),
    Helpline("National Domestic Abuse Helpline", "0808 2000 247",
             "https://www.nationaldahelpline.org.uk/"),
    Helpline("Stop It Now helpline", "0808 1000 900", "https://www.stopitnow.org.uk/helpline/"),
    Helpline("Men's Advice Line", "0808 801 0327", "https://mensadviceline.org.uk/"),
    Helpline("Family Lives helpline", "0808 800 2222", "https://www.familylives.org.uk/"),
    Helpline("YoungMinds parents helpline", "0808 802 5544", "https://www.youngminds.org.uk/"
             "parent/parents-helpline-and-webchat/"),
    Helpline("Shelter helpline", "0808 800 4444", "https://england.shelter.org.uk/get_help/"
             "helpline"),
    Helpline("Action Fraud", "0300 123 2040", "https://www.actionfraud.police.uk/contact-us"),
    Helpline("Mind infoline", "0300 123 3393", "https://www.mind.org.uk/information-support/"
             "helplines/"),
)
"""National helplines a report may print: never findings. Numbers shorter than a UK phone
number (116 123, 111, 101) are listed for completeness; the detector does not match them."""


def phone_digits(text: str) -> str:
    """The digits of a phone number in national form: '+44 (0)20 7946 0123' -> '02079460123'."""
    digits = re.sub(r"\D", "", text)
    for prefix in ("0044", "44"):
        if digits.startswith(prefix) and text.lstrip().startswith(("+", "00")):
            digits = digits[len(prefix):]
            digits = digits[1:] if digits.startswith("0") else digits
            return "0" + digits
    return digits


HELPLINE_DIGITS = frozenset(phone_digits(h.number) for h in HELPLINES)

CASE_FORMS = {"i": "iI\u0130\u0131", "k": "kK\u212a", "s": "sS\u017f"}
"""The letters that other characters match case-insensitively in ``re`` (dotted and dotless
I, the Kelvin sign, the long s); any other letter matches only its two cases."""


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern, in order, with a leading group spelled out
    ('(?:a|b) x' is 'a x', 'b x'; '(?:a )?x' is 'a x', 'x'): the order ``re`` tries them in."""
    parts, depth, piece = [], 0, ""
    for char in pattern:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "|" and not depth:
            parts.append(piece)
            piece = ""
        else:
            piece += char
    parts.append(piece)
    spelled: list[str] = []
    for part in parts:
        if not part.startswith("(?:"):
            spelled.append(part)
            continue
        depth, close = 0, 0
        while True:  # the leading group's closing parenthesis
            depth += {"(": 1, ")": -1}.get(part[close], 0)
            if not depth:
                break
            close += 1
        inner, rest = part[3:close], part[close + 1:]
        if rest.startswith("?"):
            spelled += [*(a + rest[1:] for a in _alternatives(inner)), *_alternatives(rest[1:])]
        else:
            spelled += [a + rest for a in _alternatives(inner)]
    return spelled


def words_at_word_start(alternatives: str) -> str:
    """``\\b(?:alternatives)`` under IGNORECASE, written so that ``re`` skips to the words'
    first letters at C speed: ``[first letters](?<!\\w.)(?i:(?<=m)(?:other|um)|...)``. Under
    IGNORECASE ``re`` finds no class to skip to for a pattern whose first character has case,
    and tries it at every position. Each alternative must start with a letter; the matches are
    the same, at the same places (the alternatives of a letter keep their order)."""
    by_letter: dict[str, list[str]] = {}
    for part in _alternatives(alternatives):
        assert part[:1].isascii() and part[:1].isalpha() and part[1:2] not in "?*+{", part
        by_letter.setdefault(part[0].lower(), []).append(part[1:])
    letters = "".join(CASE_FORMS.get(letter, letter + letter.upper()) for letter in by_letter)
    branches = "|".join(f"(?<={letter})(?:{'|'.join(rests)})"
                        for letter, rests in by_letter.items())
    return f"[{letters}](?<!\\w.)(?i:{branches})"


FAMILY_WORDS = (
    r"mother|mother's|mum|mum's|father|father's|dad|dad's|parents?|carers?|step-?(?:mother|father)|"
    r"grand(?:mother|father|parents?|ma|pa)|aunt|uncle|brother|sister|sibling|siblings|"
    r"boyfriend|girlfriend|partner's|family|family's|home|mobile|personal|child [A-Z]|baby|"
    r"neighbour")
FAMILY_RE = re.compile(words_at_word_start(FAMILY_WORDS) + r"\b")
FAMILY_IN_URL_RE = re.compile(r"mother|father|mum|dad|family|child|baby|parent|carer|home",
                              re.IGNORECASE)
SERVICE_WORDS = (
    r"MASH|multi-agency safeguarding hub|front door|LADO|duty|out[ -]of[ -]hours|"
    r"emergency duty|EDT|helpline|help line|advice line|switchboard|reception|contact centre|"
    r"customer services?|business (?:unit|support)|enquiries|safeguarding team|"
    r"(?:named|designated) (?:nurse|doctor|professional|safeguarding lead|lead|officer)|"
    r"children'?s services|(?:children'?s )?social care|early help|hub|textphone|minicom|"
    r"text relay|fax|advice|human resources|(?:training|advice|duty|contact|help|information|"
    r"referral|enquiry|enquiries|booking|bookings|telephone|phone) line|"
    r"(?:partnership|council|team|service|office|unit|trust|academy|hospital|police|NHS|ICB|"
    r"department|practice|surgery|board)\b[^.\n]{0,60}\b(?:tel|telephone|phone|call|ring|"
    r"contact)|(?:tel|telephone|phone|call|ring|contact)\b[^.\n]{0,60}\b(?:partnership|"
    r"council|team|service|office|unit|trust|academy|school|hospital|police|NHS|ICB|"
    r"department|practice|surgery|board)")
SERVICE_RE = re.compile(words_at_word_start(SERVICE_WORDS) + r"\b")
PUBLIC_DOMAIN_RE = re.compile(
    r"\.(?:gov\.uk|nhs\.uk|nhs\.net|police\.uk|sch\.uk|ac\.uk|org\.uk|gov\.scot|gov\.wales|"
    r"llyw\.cymru|mod\.uk|parliament\.uk)$", re.IGNORECASE)
ROLE_WORDS = frozenset("""
help info information enquiries enquiry contact contactus admin office reception duty
referrals referral safeguarding lado mash cp childprotection lscp scp lsab sab partnership
business businessunit support team teams hub frontdoor edt earlyhelp complaints foi dpo
dataprotection communications comms press media cases case training learning reviews review
cspr csprs secretariat board unit service services helpdesk desk feedback general mailbox
queries
""".split())  # noqa: SIM905
PUBLIC_BUILDING_WORDS = (
    r"civic cent(?:re|er)|town hall|city hall|county hall|guildhall|council offices?|"
    r"council house|municipal|hospital|infirmary|police (?:station|headquarters|hq)|"
    r"fire station|school|academy|college|university|department|ministry|government|"
    r"national archives|house of commons|parliament|library|magistrates|crown court|"
    r"family court|county court|courts?|health cent(?:re|er)|medical cent(?:re|er)|"
    r"clinic|headquarters|offices|business cent(?:re|er)|church|mosque|temple|"
    r"gurdwara|synagogue|museum|stadium|registry office|register office")
PUBLIC_BUILDING_RE = re.compile(words_at_word_start(PUBLIC_BUILDING_WORDS) + r"\b")
URL_RE = re.compile(r"\b(?:https?://|www\.)[^\s<>\"')\]]+|\b[\w-]+(?:\.[\w-]+)+/[^\s<>\"')\]]*",
                    re.IGNORECASE)
DATELINE_WORDS = (
    r"published|first published|updated|last updated|last reviewed|reviewed|posted|approved|"
    r"ratified|issued|effective from|review date|next review(?: date)?|meeting(?: date)?|"
    r"date of publication|publication date|accessed|retrieved|version date")
DATELINE_LEAD = r"\b(?: on)?\s*[:\-–—]?"
DATELINE_TAIL = r"\s*(?:on\s+)?(?:[A-Z][a-z]+day,?\s+)?$"
DATELINE_RE = re.compile(words_at_word_start(
    "|".join(word + DATELINE_LEAD for word in DATELINE_WORDS.split("|")) + r"|date\s*:")
    + f"(?i:{DATELINE_TAIL})")
"""A dateline's words ('Published:', 'Meeting date -', 'Date:') and what may follow them up to
the date, case-insensitive."""
DATE_ALONE_RE = re.compile(r"^[\s*_#>|\-–—:.,()\[\]]*$")
PUBLIC_ROLES = (
    r"lead reviewer|independent reviewer|reviewers?|author|authors|chair|chairs|"
    r"chairperson|independent chair|scrutineer|independent scrutineer|minister|"
    r"secretary of state|judge|his honour|her honour|justice|coroner|commissioner|"
    r"chief constable|chief executive|director|head of|executive director|MP|"
    r"safeguarding partner|lead member|councillor|cllr|mayor|principal social worker")
ROLE_NEAR_RE = re.compile(words_at_word_start(PUBLIC_ROLES) + r"\b")


CONTINUES_RE = re.compile(r"[ \t]*(?:[-*+>|#]|\d+[.)]\s)")


def paragraph_lines(text: str, start: int, end: int) -> tuple[int, int]:
    """The start and end of the wrapped lines around a span: a Markdown paragraph's lines, but
    not a list item's, a heading's or a table row's neighbours."""
    top = text.rfind("\n", 0, start) + 1
    while top > 0 and not CONTINUES_RE.match(text, top):
        previous = text.rfind("\n", 0, top - 1) + 1
        if not text[previous:top - 1].strip():
            break
        top = previous
    bottom = text.find("\n", end)
    while bottom >= 0:
        following = text.find("\n", bottom + 1)
        line = text[bottom + 1:len(text) if following < 0 else following]
        if not line.strip() or CONTINUES_RE.match(line):
            break
        bottom = following
    return top, len(text) if bottom < 0 else bottom


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding ``[start, end)``, within its paragraph's lines."""
    top, bottom = paragraph_lines(text, start, end)
    left = max((m.end() for m in re.finditer(r"[.!?]\s", text[top:start])), default=0)
    right = re.search(r"[.!?](?:\s|$)", text[end:bottom])
    return text[top + left:end + right.start() if right else bottom]


def lines_around(text: str, start: int, end: int, before: int = 3) -> str:
    """The match's line and up to ``before`` short lines above it (an address block)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    top = line_start
    for _ in range(before):
        previous = text.rfind("\n", 0, max(top - 1, 0)) + 1
        if top == 0 or top - previous > 80:
            break
        top = previous
    return text[top:line_end]


def in_url(text: str, start: int, end: int) -> str | None:
    """The URL the span lies in, if any (searched on its line only)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:len(text) if line_end < 0 else line_end]
    for match in URL_RE.finditer(line):
        if match.start() + line_start <= start and end <= match.end() + line_start:
            return match.group()
    return None


CONTACT_LEAD_RE = re.compile(r"(?:tel|telephone|phone|call|ring|contact)\b", re.IGNORECASE)


def family_word(window: str) -> bool:
    return FAMILY_RE.search(window) is not None


def phone_context(text: str, start: int, end: int) -> tuple[str, str] | None:
    """What happens to a phone match: None (drop), or (rule, reason)."""
    digits = phone_digits(text[start:end])
    if digits in HELPLINE_DIGITS:
        return None
    url = in_url(text, start, end)
    if url is not None:
        return ("ID-PHONE", "") if FAMILY_IN_URL_RE.search(url) else None
    if digits.startswith("07"):
        return "ID-PHONE", ""
    sentence = sentence_around(text, start, end)
    if family_word(sentence):
        return "ID-PHONE", ""
    service = SERVICE_RE.search(sentence)
    if service is None and CONTACT_LEAD_RE.match(sentence.strip()):
        # 'Telephone 01632 960211.' after a sentence naming the office: a contact block
        top = paragraph_lines(text, start, end)[0]
        service = SERVICE_RE.search(text[max(top, start - 200):start]) or \
            PUBLIC_BUILDING_RE.search(text[max(top, start - 200):start])
    if service is None:
        return "ID-PHONE", ""
    return "ID-PHONE-SERVICE", f"next to '{' '.join(service.group().split()[:3])}'"


def email_context(text: str, start: int, end: int) -> tuple[str, str]:
    address = text[start:end]
    local, _, domain = address.partition("@")
    if not PUBLIC_DOMAIN_RE.search(domain) or family_word(sentence_around(text, start, end)):
        return "ID-EMAIL", ""
    tokens = [t for t in re.split(r"[._+-]", local) if t]
    role = [t for t in tokens if t.casefold() in ROLE_WORDS or (
        t.isalpha() and 2 <= len(t) <= 6 and (t.isupper() or not re.search("[aeiouy]", t)))]
    if not role and len(tokens) == 1 and SERVICE_RE.search(sentence_around(text, start, end)):
        role = tokens  # one word, not first.last, in a sentence about a service
    if not role:
        return "ID-EMAIL", ""
    return "ID-EMAIL-SERVICE", f"a role mailbox ('{role[0]}@') on a public-sector domain"


ADDRESS_GAP_RE = re.compile(r"[\s,:|(–-]*(?:[A-Z0-9][\w'’.&-]*[\s,:|()–-]*)*")


def address_context(text: str, rule_id: str, start: int, end: int) -> tuple[str, str]:
    """A public building's address: the building is named just before the address, in the
    same address block ('Civic Centre, 1 Market Street', 'Town Hall\\nHM1 2CD'), with only
    capitalised words, numbers and commas between. A building named elsewhere in the sentence
    ('shared with the school') or inside the street's own name ('Church Street') is not it."""
    if family_word(sentence_around(text, start, end)):
        return rule_id, ""
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    top = max(line_end - len(lines_around(text, start, end)), start - 160, 0)
    window = text[top:start]
    for building in reversed(list(PUBLIC_BUILDING_RE.finditer(window))):
        if ADDRESS_GAP_RE.fullmatch(window[building.end():]):
            return "ID-ADDRESS-PUBLIC", \
                f"after '{' '.join(building.group().split())}'"
    return rule_id, ""


def is_dateline(text: str, start: int, end: int) -> bool:
    """A date introduced as a publication, update or meeting date, or alone on its line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if DATELINE_RE.search(text[max(0, start - 60):start].split("\n\n")[-1]):
        return True
    return bool(DATE_ALONE_RE.match(text[line_start:start])) and bool(
        DATE_ALONE_RE.match(text[end:line_end]))


ROLE_WORDS_RE = PUBLIC_ROLES
TITLE_WORDS = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Professor|Prof|Sir|Dame|Lord|Lady|Judge)\.?"


def named_with_role(text: str, surname: str) -> bool:
    """The text names the surname with a public role attached: 'the lead reviewer was Mr X',
    'Independent reviewer: Mr X', 'Dr X, chair of the subgroup', 'Mr X (author)'. Only the
    few lines around each mention of the surname are read."""
    windows = []
    mention = text.find(surname)
    while mention >= 0:  # re.finditer(re.escape(surname)) without compiling a pattern a name
        window = text[max(0, mention - 80):mention + len(surname) + 80]
        if ROLE_NEAR_RE.search(window) is not None:
            windows.append(window)
        mention = text.find(surname, mention + len(surname))
    if not windows:
        return False  # both patterns below hold a role word: no window with one, no match
    name = re.escape(surname)
    before = re.compile(
        r"\b(?:" + ROLE_WORDS_RE + r")\b[\s,:]*(?:(?:was|is|will be|were)\s+)?"
        r"(?:" + TITLE_WORDS + r"\s+)?(?:[A-Z][\w'’-]+\s+)?" + name + r"\b", re.IGNORECASE)
    after = re.compile(
        name + r"\b\s*[,(–—-]\s*(?:(?:the|an?|our|their)\s+)?(?:[\w'’-]+\s+){0,2}?"
        r"(?:" + ROLE_WORDS_RE + r")\b", re.IGNORECASE)
    for window in windows:
        if before.search(window) is not None or after.search(window) is not None:
            return True
    return False


def adjust(text: str, rule_id: str, start: int, end: int) -> tuple[str, str] | None:
    """A detector match after its context: None (not a finding), or (rule, reason)."""
    if rule_id == "ID-PHONE":
        return phone_context(text, start, end)
    if rule_id == "ID-EMAIL":
        return email_context(text, start, end)
    if rule_id in ("ID-POSTCODE", "ID-STREET-ADDRESS"):
        return address_context(text, rule_id, start, end)
    if rule_id == "ID-EXACT-DATE" and is_dateline(text, start, end):
        return None
    if rule_id == "ID-TITLE-SURNAME":
        surname = re.findall(r"[^\W\d_][\w'’-]*", text[start:end])[-1]
        if named_with_role(text, surname):
            return None
    return rule_id, ""


def context_downgrades(findings: Iterable[Finding]) -> int:
    """How many findings context made warnings (the scan summary counts them)."""
    return sum(1 for f in findings if f.rule_id in CONTEXT_RULES)
