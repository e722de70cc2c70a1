"""A deterministic synthetic site in lif's content format, for benchmarks and scale tests.

``generate(root, reviews=N)`` writes N reviews (about 10,000 words each: numbered paragraphs
under headings, a table, review.yml, response.md with actions), 5N seven-section briefings of
about 800 words, and a hash-chained ledger written with ``generator.ledger.append_event``, as
the lif commands write it. The same seed always gives byte-identical sources.

Everything is fictional and avoids what the redaction checks look for: people are pseudonyms
(Child AB, Mother, Sibling 1), places are invented, and the text carries no digit runs shaped
like phone numbers, postcodes or reference numbers, no full dates in prose, and no titles
followed by surnames.

Run ``python -m bench.synth OUT --reviews 20`` to write a site into OUT.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import random
import shutil
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator import ledger
from generator.config import THEMES
from generator.load import load_review
from generator.models import LedgerEntry, LedgerEvent

TODAY = dt.date(2026, 6, 1)
"""The build day every benchmark uses (``lif build --today``), so states never drift."""

PARTNERSHIP = "Greyhaven Safeguarding Children Partnership"

MKDOCS_YML = """\
site_name: {partnership}
site_url: https://learning.greyhaven-scp.example/
docs_dir: content
site_dir: site
use_directory_urls: true
theme:
  name: material
  language: en
  font: false
  features:
    - navigation.sections
    - navigation.prune
    - navigation.top
    - content.action.none
nav:
  - Home: index.md
  - Case reviews: reviews/index.md
  - 7-minute briefings: briefings/index.md
  - Themes: themes/index.md
  - Action tracker: actions.md
  - About us: about.md
  - Request a report: request-a-report.md
{search}plugins:
  - lif:
      partnership: {partnership}
      request_contact: learning@greyhaven-scp.example
{lif_extra}markdown_extensions:
  - sane_lists
  - tables
  - admonition
  - attr_list
  - toc:
      permalink: false
"""

CONTENT_PAGES = {
    "index.md": "# Learning from case reviews\n\nThe partnership publishes what it learns "
                "from case reviews, and what it does in response.\n\n## Latest publications\n\n",
    "about.md": "# About us\n\nThe partnership brings together the council, the police and "
                "health services to keep children safe.\n",
    "request-a-report.md": "# Request a report\n\nReports that are no longer listed on this "
                           "site are available on request from the business unit.\n",
}

# --------------------------------------------------------------------------- word banks

HEADINGS = [
    "Introduction", "Why this review was carried out", "How the review was done",
    "The family and what they told us", "Summary of events", "What happened in pregnancy",
    "The first months", "School and education", "Information sharing", "Professional curiosity",
    "Supervision and management oversight", "Thresholds and escalation", "Good practice",
    "Findings", "What needs to change", "Recommendations", "Conclusions",
]
BRIEFING_SECTIONS = [
    "Background", "Why it matters", "What the review found", "Key information",
    "Things to remember", "What good looks like", "What to do",
]
REVIEWERS = [
    "Amara Lindqvist", "Tobias Quennell", "Priya Ashdown", "Marguerite Fenwick",
    "Oluwaseun Hartley", "Dafydd Penrose", "Ingrid Sallow", "Kasimir Bright",
]
AGENCIES = [
    "Greyhaven County Council Children's Services", "Greyhaven Constabulary",
    "Greyhaven Integrated Care Board (NHS)", "Greyhaven Community Health NHS Trust",
    "Larkmoor General Hospital NHS Foundation Trust", "Greyhaven Probation Delivery Unit",
    "Local schools", "Greyhaven Housing Partnership",
]
AUDIENCES = ["health visitors", "midwives", "GPs", "social workers", "teachers",
             "police officers", "early help workers", "housing officers"]
METHODS = ["SCIE Learning Together", "Systems review", "Appreciative inquiry",
           "Rapid review and practitioner workshops"]
TYPES = ["lcspr", "lcspr", "lcspr", "thematic", "multi-agency-learning-review", "scr"]
AGE_BANDS = ["unborn", "under-1", "1-4", "5-10", "11-15", "16-17"]
SOURCES = ["lcspr", "rapid-review", "audit", "national-review", "thematic-review"]
THEME_SLUGS = sorted(THEMES)


# --------------------------------------------------------------------------- text


def _bank(words: str) -> list[str]:
    return words.split()


ADJECTIVES = _bank("""
unresolved repeated early late informal formal partial careful thorough brief detailed unclear
consistent inconsistent urgent routine emerging chronic ongoing escalating hidden visible shared
separate missed delayed prompt cautious confident anxious hesitant persistent occasional frequent
significant minor serious domestic parental professional statutory voluntary universal targeted
specialist local regional clinical educational practical emotional physical financial legal
written verbal recorded unrecorded agreed disputed known unknown previous subsequent initial final
overall individual collective temporary permanent sudden gradual complex simple reliable fragile
""")
NOUNS = _bank("""
worries appointments records referrals assessments plans meetings visits contacts concerns injuries
bruises absences reports conversations decisions thresholds chronologies reviews strategies
summaries letters messages calls discussions observations explanations histories patterns signs
risks needs strengths supports services pathways protocols procedures checklists templates
supervisions escalations challenges disagreements transitions moves tenancies arrears debts
feeding weights routines sleeping arrangements bedrooms households partners relatives carers
siblings schools nurseries timetables exclusions attendances absences hospitals clinics wards
screenings vaccinations medications prescriptions diagnoses therapies counselling benefits
""")
VERBS = _bank("""
recorded noticed shared discussed questioned reviewed escalated explained assessed considered
described reported missed understood challenged planned arranged agreed checked summarised
documented overlooked revisited postponed cancelled requested prioritised minimised accepted
doubted confirmed monitored supported visited contacted telephoned emailed referred signposted
recognised interpreted weighed balanced tracked compared clarified
""")
AGENTS = _bank("""
practitioners midwives nurses doctors teachers officers workers managers clinicians therapists
visitors advisers coordinators leads supervisors mentors volunteers receptionists paramedics
Mother Father grandparents relatives neighbours friends
""")
ADVERBS = _bank("""
quickly slowly carefully rarely often sometimes never always repeatedly briefly partly fully
promptly eventually initially later earlier jointly separately cautiously confidently reluctantly
routinely occasionally formally informally openly quietly consistently clearly sensibly
""")
PREPOSITIONS = _bank("""
about around despite after before during beyond within without alongside concerning regarding
through across towards beside amid
""")
CONJUNCTIONS = ["and", "but", "while", "although", "because", "so", "yet", "whereas", "as",
                "since", "though", "until"]


class Writer:
    """Fictional safeguarding prose from word banks, driven by one seeded random source.

    Every word of a sentence comes from a bank of dozens of choices, so any run of eight words
    is practically unique: like real prose, and unlike fixed phrases, it does not make the leak
    scan see one review's words in another's page.
    """

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def clause(self) -> str:
        c = self.rng.choice
        return (f"{c(AGENTS)} {c(ADVERBS)} {c(VERBS)} {c(ADJECTIVES)} {c(NOUNS)} "
                f"{c(PREPOSITIONS)} {c(ADJECTIVES)} {c(NOUNS)}")

    def sentence(self) -> str:
        text = self.clause()
        if self.rng.random() < 0.6:
            text += f" {self.rng.choice(CONJUNCTIONS)} {self.clause()}"
        return text[0].upper() + text[1:] + "."

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def words(self, target: int) -> list[str]:
        """Paragraphs of four to six sentences until about ``target`` words."""
        paragraphs, count = [], 0
        while count < target:
            text = self.paragraph(self.rng.randint(4, 6))
            paragraphs.append(text)
            count += len(text.split())
        return paragraphs


def pseudonym(index: int) -> str:
    """'Child A', 'Child B', ... 'Child AB': letters only, never a number."""
    letters, n = "", index
    while True:
        letters = string.ascii_uppercase[n % 26] + letters
        n = n // 26 - 1
        if n < 0:
            return f"Child {letters}"


def review_slug(index: int) -> str:
    return pseudonym(index).lower().replace(" ", "-")


def report_markdown(writer: Writer, subject: str, words: int) -> str:
    """About ``words`` words: numbered paragraphs under numbered headings, and one table."""
    rng = writer.rng
    paragraphs = writer.words(words)
    sections = max(3, min(len(HEADINGS), len(paragraphs) // 8))
    headings = [HEADINGS[0], *sorted(rng.sample(HEADINGS[1:-1], sections - 2),
                                     key=HEADINGS.index), HEADINGS[-1]]
    per = -(-len(paragraphs) // len(headings))
    out: list[str] = []
    number = 1
    for s, heading in enumerate(headings):
        out.append(f"## {s + 1}. {heading}\n")
        chunk = paragraphs[s * per:(s + 1) * per]
        if s == 0 and chunk:
            chunk[0] = f"This review considers the help given to {subject}. " + chunk[0]
        for text in chunk:
            out.append(f"{number}. {text}\n")
            number += 1
        if s == 1:
            out.append("| Period | Agency | What happened |\n|---|---|---|")
            for year in range(2021, 2025):
                for season in ("Spring", "Autumn"):
                    out.append(f"| {season} {year} | {rng.choice(AGENCIES)} | "
                               f"{writer.sentence()} |")
            out.append("")
    return "\n".join(out)


def response_markdown(writer: Writer, published: dt.date) -> str:
    rng = writer.rng
    actions = []
    for i in range(rng.randint(3, 6)):
        status = rng.choice(["planned", "in-progress", "complete"])
        actions.append({
            "recommendation": f"Recommendation {i + 1}: {rng.choice(HEADINGS).lower()}",
            "action": writer.sentence(),
            "agency": rng.choice(AGENCIES),
            "status": status,
            "impact": writer.sentence() if status != "planned" else "",
            "due": published + dt.timedelta(days=rng.randint(60, 720)),
        })
        if actions[-1]["due"] < TODAY:  # kept up to date: no ACTION-OVERDUE on the build day
            actions[-1]["status"] = "complete"
    front = yaml.safe_dump({"actions": actions}, sort_keys=False, width=100)
    body = "\n\n".join(["## Our response", *writer.words(250), "## What we will do next",
                        *writer.words(150)])
    return f"---\n{front}---\n{body}\n"


def briefing_markdown(writer: Writer, meta: dict[str, Any], words: int) -> str:
    rng = writer.rng
    front = yaml.safe_dump(meta, sort_keys=False, width=100)
    parts = []
    per = max(20, words // 9)
    for i, heading in enumerate(BRIEFING_SECTIONS):
        parts.append(f"## {i + 1}. {heading}")
        if i in (4, 6):
            parts.append("\n".join(f"- {writer.sentence()}" for _ in range(max(2, per // 25))))
        else:
            parts.append(writer.paragraph(rng.randint(3, 5) if per >= 80 else 1))
    parts += ["## Questions for reflection", "- What are your key thoughts?",
              "- What would you do differently?"]
    return f"---\n{front}---\n" + "\n\n".join(parts) + "\n"


# --------------------------------------------------------------------------- lifecycle


@dataclass
class Plan:
    """What happens to one review: its fate and its publication day."""

    slug: str
    fate: str
    day: dt.date


FATES = {7: "draft", 11: "scheduled", 13: "withheld", 17: "delayed", 19: "withdrawn"}
"""Most reviews are published in the past; one in twenty each of the other fates."""


def plan_review(index: int, rng: random.Random) -> Plan:
    fate = FATES.get(index % 20, "published")
    if fate == "scheduled":
        day = TODAY + dt.timedelta(days=rng.randint(3, 60))
    elif fate == "withdrawn":
        day = TODAY - dt.timedelta(days=rng.randint(600, 2000))
    else:
        day = TODAY - dt.timedelta(days=rng.randint(30, 2200))
    return Plan(review_slug(index), fate, day)


def _digest_function() -> Any:
    """``generator.publication.sources_digest`` where it exists (the ledger rules need it)."""
    try:
        return importlib.import_module("generator.publication").sources_digest
    except (ImportError, AttributeError):
        return None


def ledger_events(root: Path, plans: list[Plan]) -> list[LedgerEvent]:
    """Every review's events, as the lif commands would have recorded them."""
    digest_of = _digest_function()
    events: list[LedgerEvent] = []
    recipients = ["Child Safeguarding Practice Review Panel",
                  "Secretary of State for Education (Department for Education)", "Ofsted"]
    for plan in plans:
        if plan.fate == "draft":
            continue
        day = plan.day
        events.append(LedgerEvent(event="approved", review=plan.slug,
                                  date=day - dt.timedelta(days=28)))
        if plan.fate == "withheld":
            events.append(LedgerEvent(
                event="withheld", review=plan.slug, date=day - dt.timedelta(days=20),
                reason="Publication would risk identifying the family.",
                panel_informed=day - dt.timedelta(days=18)))
            continue
        digest = ""
        if digest_of is not None:
            review = load_review(root, root / "reviews" / plan.slug, [])
            digest = digest_of(review) if review is not None else ""
        events.append(LedgerEvent(event="panel-copy-sent", review=plan.slug,
                                  date=day - dt.timedelta(days=21), recipients=recipients,
                                  digest=digest))
        if plan.fate == "delayed":
            events.append(LedgerEvent(event="delayed", review=plan.slug,
                                      date=day - dt.timedelta(days=10),
                                      reason="Publication is delayed until criminal "
                                             "proceedings have finished."))
            continue
        events.append(LedgerEvent(event="published", review=plan.slug, date=day))
        if plan.fate == "withdrawn":
            events.append(LedgerEvent(event="withdrawn", review=plan.slug,
                                      date=day + dt.timedelta(days=500)))
    events.sort(key=lambda e: e.date)
    return events


def write_ledger(path: Path, events: list[LedgerEvent]) -> None:
    entries: list[LedgerEntry] = []
    for event in events:
        sealed = ledger.append_event(path, event, entries)
        entries.append(LedgerEntry(sealed, 0, {}))


# --------------------------------------------------------------------------- the site


def _scalar(value: Any) -> str:
    """A YAML value on one line (safe_dump ends a lone scalar with a '...' document end)."""
    return yaml.safe_dump(value, default_flow_style=True).strip().removesuffix("...").strip()


def mkdocs_yml(search: bool = True, lif_extra: dict[str, Any] | None = None) -> str:
    """The site's mkdocs.yml: lif's own search (Pagefind, its page in the navigation) replaces
    Material's search plugin, as the README says; without search, lif's is switched off."""
    options = {**(lif_extra or {}), **({} if search else {"search": False})}
    extra = "".join(f"      {k}: {_scalar(v)}\n" for k, v in options.items())
    return MKDOCS_YML.format(partnership=PARTNERSHIP,
                             search="  - Search: search.md\n" if search else "",
                             lif_extra=extra)


def generate(root: Path, reviews: int, seed: int = 7, review_words: int = 10_000,
             briefing_words: int = 800, search: bool = True,
             lif_extra: dict[str, Any] | None = None) -> None:
    """Write a whole synthetic site into ``root`` (replacing what was there)."""
    if root.exists():
        shutil.rmtree(root)
    rng = random.Random(seed)
    writer = Writer(rng)
    (root / "content").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(mkdocs_yml(search, lif_extra), encoding="utf-8")
    for name, text in CONTENT_PAGES.items():
        (root / "content" / name).write_text(text, encoding="utf-8")
    plans = [plan_review(i, rng) for i in range(reviews)]
    for i, plan in enumerate(plans):
        folder = root / "reviews" / plan.slug
        folder.mkdir(parents=True)
        subject = pseudonym(i)
        meta: dict[str, Any] = {
            "title": f"{subject}: a local child safeguarding practice review",
            "type": rng.choice(TYPES), "subject": subject,
            "summary": f"The review looked at the help given to {subject}. "
                       + writer.paragraph(2),
            "key_learning": [writer.sentence() for _ in range(rng.randint(3, 5))],
            "themes": rng.sample(THEME_SLUGS, rng.randint(2, 4)),
            "age_band": rng.choice(AGE_BANDS),
            "outcome": rng.choice(["death", "serious-harm"]),
            "methodology": rng.choice(METHODS), "lead_reviewer": rng.choice(REVIEWERS),
            "agencies": rng.sample(AGENCIES, 4),
        }
        if plan.fate == "draft":
            meta["draft"] = True
        (folder / "review.yml").write_text(
            yaml.safe_dump(meta, sort_keys=False, width=100, allow_unicode=True),
            encoding="utf-8")
        (folder / "report.md").write_text(report_markdown(writer, subject, review_words),
                                          encoding="utf-8")
        (folder / "response.md").write_text(response_markdown(writer, plan.day),
                                            encoding="utf-8")
    published = sorted((p for p in plans if p.fate in ("published", "withdrawn")),
                       key=lambda p: p.day)
    (root / "briefings").mkdir()
    for b in range(5 * reviews):
        meta = briefing_meta(b, rng, published)
        (root / "briefings" / f"briefing-{pseudonym(b)[6:].lower()}.md").write_text(
            briefing_markdown(writer, meta, briefing_words), encoding="utf-8")
    write_ledger(root / "ledger.yml", ledger_events(root, plans))


def briefing_meta(index: int, rng: random.Random, published: list[Plan]) -> dict[str, Any]:
    """Mostly past briefings; one in twenty scheduled, one in forty a draft."""
    day = TODAY - dt.timedelta(days=rng.randint(1, 2000))
    if index % 20 == 9:
        day = TODAY + dt.timedelta(days=rng.randint(3, 90))
    drawn = [p.slug for p in published if p.day <= day]
    meta: dict[str, Any] = {
        "title": f"{rng.choice(HEADINGS)}: 7-minute briefing {pseudonym(index)[6:]}",
        "date": day,
        "themes": rng.sample(THEME_SLUGS, rng.randint(1, 3)),
        "audience": rng.sample(AUDIENCES, 3),
        "source": rng.choice(SOURCES),
    }
    if drawn and rng.random() < 0.6:
        meta["source"] = "lcspr"
        meta["reviews"] = rng.sample(drawn, min(len(drawn), rng.randint(1, 2)))
    meta["review_by"] = day + dt.timedelta(days=730)
    if index % 40 == 23:
        meta["draft"] = True
    return meta


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write the site into (replaced)")
    parser.add_argument("--reviews", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--review-words", type=int, default=10_000)
    parser.add_argument("--no-search", action="store_true")
    args = parser.parse_args()
    generate(args.out, args.reviews, args.seed, args.review_words, search=not args.no_search)
    print(f"wrote {args.reviews} reviews and {5 * args.reviews} briefings into {args.out}; "
          f"build with: lif build -f {args.out}/mkdocs.yml --today {TODAY.isoformat()}")


if __name__ == "__main__":
    main()
