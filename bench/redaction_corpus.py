"""Redaction benchmark: recall per rule on a planted corpus, false alarms on clean review prose,
scan throughput, and the share of a build the redaction checks cost.

    .venv/bin/python -m bench.redaction_corpus [--prose DIR] [--megabytes N]

Every planted identifier is fictional and from the safe ranges in the domain notes (phones
07700 900xxx, 01632 960xxx, 020 7946 0xxx; NI numbers with HMRC's specimen prefix QQ; NHS
numbers from the 999 test range; e-mail at example domains). Clean prose is the example
site's reports, responses, briefings and pages under DIR (default: this repository) plus the
near-miss sentences below.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from stdnum.gb import upn as stdnum_upn

from generator.checks.documents import markdown_chunks
from generator.models import Position
from generator.redaction.protected import Protected
from generator.redaction.scanner import Allowances, Scanner, scan_chunks, site_allowances
from generator.rules import rule_of

ROOT = Path(__file__).resolve().parent.parent
RNG = random.Random(20261123)
PROTECTED_TERMS = ["Jane Ashworth", "Kyle Ashworth", "Oakwood Primary School", "Brindle Court",
                   "Marsh Lane Children's Centre"]
CONTEXTS = [
    "During the home visit the social worker recorded {} in the case notes.",
    "The referral form gave {} and nothing else.",
    "{} was written on the front of the file.",
    "Practitioners later found that {} had been shared with the school.",
    "In the chronology, the entry for that week reads: {}.",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def nhs_number() -> str:
    """A valid number from the 999 range, which is never issued (used for testing)."""
    while True:
        digits = "999" + "".join(RNG.choice("0123456789") for _ in range(6))
        total = sum(int(d) * w for d, w in zip(digits, range(10, 1, -1), strict=True))
        check = (11 - total % 11) % 11
        if check != 10:
            number = digits + str(check)
            return RNG.choice([f"{number[:3]} {number[3:6]} {number[6:]}",
                               f"{number[:3]}-{number[3:6]}-{number[6:]}", number])


def ni_number() -> str:
    digits = [f"{RNG.randint(0, 99):02d}" for _ in range(3)]
    suffix = RNG.choice("ABCD")
    return RNG.choice([f"QQ {' '.join(digits)} {suffix}", f"QQ{''.join(digits)}{suffix}"])


def pupil_number() -> str:
    body = f"801{RNG.randint(2000, 2999)}{RNG.randint(10, 25)}{RNG.randint(100, 999)}"
    return stdnum_upn.calc_check_digit(body) + body


def postcode() -> str:
    outward = RNG.choice(["TS1", "LS12", "M1", "B33", "SW1A", "EC1V", "W1D", "CR0"])
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    inward = f"{RNG.randint(0, 9)}{RNG.choice(letters)}{RNG.choice(letters)}"
    return RNG.choice([f"{outward} {inward}", f"{outward}{inward}"])


def phone() -> str:
    tail = f"{RNG.randint(0, 999):03d}"
    return RNG.choice([
        f"07700 900{tail}", f"07700900{tail}", f"+44 7700 900{tail}", f"+447700900{tail}",
        f"(01632) 960{tail}", f"01632 960{tail}", f"020 7946 0{tail}", f"(020) 7946 0{tail}",
        f"+44 (0)20 7946 0{tail}", f"+44 20 7946 0{tail}"])


def email() -> str:
    name = RNG.choice(["jo.bloggs", "mum_t", "k.smith84", "family.member", "dad+school"])
    domain = RNG.choice(["example.com", "example.org", "example.net", "mail.example.co.uk"])
    return f"{name}@{domain}"


def full_date() -> str:
    day, month, year = RNG.randint(1, 28), RNG.randint(1, 12), RNG.randint(2005, 2024)
    return RNG.choice([f"{day} {MONTHS[month - 1]} {year}", f"{day:02d}/{month:02d}/{year}",
                       f"{year}-{month:02d}-{day:02d}", f"{MONTHS[month - 1]} {day}, {year}",
                       f"{day}th {MONTHS[month - 1][:3]} {year}"])


def date_of_birth() -> str:
    return RNG.choice(["DOB: {}", "DOB {}", "date of birth {}", "date of birth: {}",
                       "born on {}", "born on the {}", "D.O.B. {}"]).format(full_date())


def street() -> str:
    number = RNG.randint(1, 240)
    name = RNG.choice(["Acacia", "Mill", "Oak Tree", "Station", "Church", "Victoria", "Hawthorn"])
    kind = RNG.choice(["Road", "Street", "Lane", "Avenue", "Close", "Drive", "Crescent", "Way"])
    return RNG.choice([f"{number} {name} {kind}", f"Flat {RNG.randint(1, 9)}, {number} {name} "
                       f"{kind}", f"{number}A {name} {kind}"])


def marker() -> str:
    return RNG.choice(["[REDACTED]", "[NAME]", "[name]", "[ADDRESS]", "XXXX", "xxxxx", "████",
                       "[Redacted]", "[SCHOOL]", "the uncle *** and"])


SURNAMES = ["Okafor", "Hughes", "Patel", "O'Neill", "McAllister", "Nowak"]


def title_surname() -> str:
    return f"{RNG.choice(['Mrs', 'Mr', 'Ms', 'Miss', 'Dr'])} {RNG.choice(SURNAMES)}"


def protected_term() -> str:
    term = RNG.choice(PROTECTED_TERMS)
    first = term.split()[0]
    return RNG.choice([term, term.upper(), f"{first}'s", f"{first}’s",
                       f"files/{term.lower().replace(' ', '-')}-chronology.pdf",
                       f"{term.lower().replace(' ', '_')}.docx",
                       f"https://example.test/{first.lower()}/notes"])


PLANTERS: dict[str, Callable[[], str]] = {
    "ID-NHS-NUMBER": nhs_number, "ID-NI-NUMBER": ni_number, "ID-UPN": pupil_number,
    "ID-POSTCODE": postcode, "ID-PHONE": phone, "ID-EMAIL": email,
    "ID-DATE-OF-BIRTH": date_of_birth, "ID-STREET-ADDRESS": street,
    "REDACTION-MARKER": marker, "ID-TITLE-SURNAME": title_surname,
    "ID-EXACT-DATE": full_date, "PROTECTED-TERM": protected_term,
}

NEAR_MISSES = """\
Child T lived with Mother, Sibling 1 and Adult B; Mr B visited on occasion.
Under section 47 of the Children Act 1989 a strategy discussion should have been held.
Section 11 of the Children Act 2004 places duties on agencies; see also regulation 5(2)(b).
Paragraph 3.2.1 of Working Together to Safeguard Children 2023 sets out the expectation.
In 2019, and again in March 2023 and in the spring of 2024, the school raised concerns.
Only 45% of 1,204 referrals (n = 312) met the threshold for a statutory assessment.
The partnership spent £12,500 on training, and £1.2 million across three years.
The health visitor called at 09:30 and again at 14:15, but there was no answer.
The family often travelled along the A6 and the M62, and stayed near M6 junction 20.
The rapid review was held within 15 working days; 7 of the 9 agencies attended.
Recommendation 4: the partnership should audit 20 cases by Quarter 3 2025/26.
Child T was born in March 2019; Sibling 1 was born in 2016.
***
The review used the SCIE Learning Together model with 12 practitioners over 4 sessions.
Contact the NSPCC helpline or Childline for advice; the partnership's offices are in the county.
Version 2.1 of the protocol, published in June 2024, replaced the 2018 edition.
"""


def clean_prose(folder: Path) -> list[tuple[str, str]]:
    texts = [("near-misses", NEAR_MISSES)]
    patterns = ["reviews/*/report.md", "reviews/*/response.md", "briefings/*.md", "content/**/*.md"]
    for pattern in patterns:
        for path in sorted(folder.glob(pattern)):
            texts.append((path.relative_to(folder).as_posix(), path.read_text(encoding="utf-8")))
    return texts


def protected() -> Protected:
    terms = Protected(b"bench key")
    for term in PROTECTED_TERMS:
        terms.add_term(term)
    return terms


def matches(text: str, terms: Protected) -> list[tuple[str, str]]:
    found = scan_chunks(markdown_chunks(text), "x", terms)
    return [(m.rule_id, m.text) for m in found]


def recall(per_rule: int) -> list[tuple[str, int, int, list[str]]]:
    terms = protected()
    rows = []
    for rule, plant in PLANTERS.items():
        found, misses = 0, []
        for _ in range(per_rule):
            value = plant()
            sentence = RNG.choice(CONTEXTS).format(value)
            hits = matches(sentence, terms)
            if any(r == rule and (t in value or value in t) for r, t in hits):
                found += 1
            else:
                misses.append(value)
        rows.append((rule, per_rule, found, misses))
    return rows


def site_allow_list(folder: Path) -> Allowances:
    """The allow list in the prose folder's mkdocs.yml (its published contact details), as
    lif check applies it: those are not false alarms."""
    allowed = Allowances()
    config = folder / "mkdocs.yml"
    if config.is_file():
        from mkdocs.config import load_config

        from generator.plugin import plugin_of

        items = site_allowances(plugin_of(load_config(str(config))).config.allow)
        allowed.add(items, "mkdocs.yml", [Position()] * len(items))
    return allowed


def false_alarms(folder: Path) -> tuple[int, Counter[str], list[str], int]:
    """Words read, findings per rule, examples, and matches the site's allow list let through."""
    terms = protected()
    allowed = site_allow_list(folder)
    words, counts, examples = 0, Counter[str](), []
    for name, text in clean_prose(folder):
        words += len(text.split())
        for match in scan_chunks(markdown_chunks(text), name, terms):
            if match.rule_id == "ID-EXACT-DATE" and not name.endswith("report.md"):
                continue  # lif check warns about exact dates only in a report (a chronology)
            if allowed.allows(match):
                continue
            counts[match.rule_id] += 1
            examples.append(f"{name}: {match.rule_id}")
    return words, counts, examples, sum(allowed.used.values())


def throughput(megabytes: float, planted_too: bool) -> tuple[float, float, int]:
    """Scan a large corpus of prose (with or without planted identifiers): MB, seconds, matches."""
    prose = "\n\n".join(t for _, t in clean_prose(Path(ARGS.prose)))
    planted = "\n".join(RNG.choice(CONTEXTS).format(plant()) for plant in PLANTERS.values())
    block = prose + "\n\n" + (planted + "\n\n" if planted_too else "")
    corpus = block * max(1, int(megabytes * 1_000_000 / len(block.encode("utf-8"))))
    size = len(corpus.encode("utf-8")) / 1_000_000
    chunks = [corpus[i:i + 50_000] for i in range(0, len(corpus), 50_000)]
    terms = protected()
    start = time.perf_counter()
    found = 0
    for chunk in chunks:
        scanner = Scanner(terms)  # measure scanning, not the cache of repeated text
        found += len(scanner.scan(markdown_chunks(chunk), "x"))
    return size, time.perf_counter() - start, found


def pdf_rate(pages: int) -> tuple[int, float, float]:
    """Pages of prose in a PDF (reportlab), scanned with every PDF check: pages, s, MB."""
    import io
    import textwrap

    from reportlab.pdfgen.canvas import Canvas

    from generator.checks.pdf import scan_pdf

    words = " ".join(t for _, t in clean_prose(Path(ARGS.prose))).split()
    lines = textwrap.wrap(" ".join(words[:pages * 600]), 90)
    out = io.BytesIO()
    canvas = Canvas(out, invariant=1)
    for page in range(pages):
        for row, line in enumerate(lines[page * 45:(page + 1) * 45]):
            canvas.drawString(40, 800 - row * 17, line)
        canvas.showPage()
    canvas.save()
    data = out.getvalue()
    start = time.perf_counter()
    scan_pdf(data, "bench.pdf", protected())
    return pages, time.perf_counter() - start, len(data) / 1_000_000


def build_share(folder: Path) -> tuple[float, float, float] | None:
    """Time a whole lif build of the example site and the redaction stages inside it."""
    if not (folder / "mkdocs.yml").is_file():
        return None
    from generator.checks import public_text
    from tests.clirun import run_lif

    spent: Counter[str] = Counter()

    def timed(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - start
        return wrapper

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site-src"
        site.mkdir()
        for name in ("mkdocs.yml", "ledger.yml", "content", "reviews", "briefings", "theme"):
            if (folder / name).is_dir():
                shutil.copytree(folder / name, site / name)
            elif (folder / name).is_file():
                shutil.copy(folder / name, site / name)
        check, scan = public_text.check, public_text.scan_built_site
        public_text.check = timed("check", check)  # type: ignore[method-assign]
        public_text.scan_built_site = timed("post", scan)  # type: ignore[method-assign]
        try:
            start = time.perf_counter()
            result = run_lif("build", cwd=site, env={"LIF_PROTECT_KEY": None, "CI": None})
            total = time.perf_counter() - start
        finally:
            public_text.check, public_text.scan_built_site = check, scan
        if result.exit_code != 0:
            print(f"(example build failed: {result.output.strip().splitlines()[-1]})")
        print(f"lif build of {folder}: {result.output.strip().splitlines()[-1]}")
    return total, spent["check"], spent["post"]


def main() -> None:
    folder = Path(ARGS.prose)
    print("Recall per rule (planted, fictional identifiers)")
    print(f"{'rule':<20} {'planted':>8} {'found':>6} {'recall':>7}")
    total_planted = total_found = 0
    for rule, planted, found, misses in recall(ARGS.per_rule):
        total_planted += planted
        total_found += found
        print(f"{rule:<20} {planted:>8} {found:>6} {found / planted:>7.1%}")
        for miss in misses[:3]:
            print(f"    missed: {miss!r}")
    print(f"{'all':<20} {total_planted:>8} {total_found:>6} {total_found / total_planted:>7.1%}")

    from bench.scanner_bench import recall as class_recall

    print("\nRecall per class (bench/redaction_classes.py: written forms and evasions)")
    for name, (total, hits, misses) in class_recall(20261204).items():
        print(f"{name:<44} {total:>5} {hits:>5} {hits / total:>7.1%}")
        for miss in misses[:3]:
            print(f"    missed {miss}")

    words, counts, examples, allowed = false_alarms(folder)
    errors = sum(n for rule, n in counts.items() if rule_of(rule).severity == "error")
    print(f"\nFalse alarms on clean prose ({words} words from {folder}, plus near-misses)")
    print(f"{'rule':<20} {'count':>6}")
    for rule, count in sorted(counts.items()):
        print(f"{rule:<20} {count:>6}")
    print(f"error-level false alarms: {errors}; warnings: {sum(counts.values()) - errors}; "
          f"allowed by the site's allow list (published contact details): {allowed}")
    for example in examples[:10]:
        print(f"    {example}")

    print()
    for label, planted_too in (("clean prose", False), ("prose + planted", True)):
        size, seconds, found = throughput(ARGS.megabytes, planted_too)
        print(f"Throughput, {label}: {size:.1f} MB of Markdown in {seconds:.2f} s = "
              f"{size / seconds:.2f} MB/s ({found} findings; all detectors and "
              f"{len(PROTECTED_TERMS)} protected terms)")

    pages, seconds, size = pdf_rate(ARGS.pdf_pages)
    print(f"PDF: {pages} pages ({size:.2f} MB) scanned in {seconds:.2f} s = "
          f"{pages / seconds:.1f} pages/s (text, hidden text, metadata, revisions, annotations)")

    share = build_share(folder)
    if share is not None:
        total, check, post = share
        print(f"Build of the example site: {total:.2f} s in all; redaction check {check:.3f} s "
              f"+ post-build scan {post:.3f} s = {(check + post) / total:.1%} of the build")


parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
parser.add_argument("--prose", default=str(ROOT), help="site folder with example content")
parser.add_argument("--megabytes", type=float, default=10.0)
parser.add_argument("--per-rule", type=int, default=200)
parser.add_argument("--pdf-pages", type=int, default=40)
ARGS = parser.parse_args(sys.argv[1:] if __name__ == "__main__" else [])

if __name__ == "__main__":
    main()
