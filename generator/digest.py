"""``lif digest``: an e-mail newsletter of what the site published since a day.

The framework asks that learning be disseminated beyond the reports: newsletters that point
practitioners at what is new. The digest lists every review whose report became public, and
every briefing dated, from ``since`` to the build day, and nothing else: what is listed is
what ``visibility`` says is on the public site that day (never a draft, a scheduled item, a
withheld, delayed or withdrawn review). Items are grouped under their first theme, each with
its key learning and an absolute link to its page (so the site's ``site_url`` is required).

Two files: ``digest.html``, laid out with tables and inline styles only (mail clients drop
``<style>`` blocks and never run scripts; nothing is fetched from elsewhere), and
``digest.txt``, the same as plain text for the text part of the message.

Everything written goes through the checks of the written site first, in memory: the
redaction detectors and protected terms (every allowance of the site applies, as in the scan
of the built site), and the leak fingerprints of every text not public that day. A finding
stops it: nothing is written.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2

from generator import visibility
from generator.checks import leaks, public_text
from generator.checks.documents import scan_text
from generator.checks.source_map import SourceMap
from generator.errors import FindingsError
from generator.feeds import Urls
from generator.key_learning import briefing_points
from generator.models import Briefing, Finding, Position, State
from generator.national_repository import plain
from generator.redaction.scanner import Allowances
from generator.rules import finding, rule_of
from generator.site import Site

HTML_FILE = "digest.html"
TEXT_FILE = "digest.txt"
WIDTH = 72
LEARNING_LIMIT = 5
HEADING_RE = re.compile(r"^#{1,6}\s")


@dataclass(frozen=True)
class Item:
    """One publication in the digest."""

    kind: str
    title: str
    published: dt.date
    url: str
    learning: list[str]
    theme: str
    """The label of the theme it is listed under (its first)."""
    also: list[str]
    """The labels of its other themes."""


@dataclass(frozen=True)
class Digest:
    """The newsletter of one period, and its two renderings."""

    partnership: str
    since: dt.date
    today: dt.date
    site_url: str
    groups: list[tuple[str, list[Item]]]

    @property
    def items(self) -> list[Item]:
        return [item for _, items in self.groups for item in items]


# --------------------------------------------------------------------------- what is in it


def briefing_learning(briefing: Briefing) -> list[str]:
    """A briefing's key learning, as plain text (at most five points): its key points as the
    theme pages gather them (``key_learning``: section 6 of a 7-minute briefing); else the
    briefing's first paragraph, since a newsletter item needs some words of its own."""
    points = briefing_points(briefing) or _first_paragraph(briefing.source.body.splitlines())
    return [text for text in (plain(p) for p in points[:LEARNING_LIMIT]) if text]


def _first_paragraph(lines: list[str]) -> list[str]:
    """The first paragraph of Markdown lines (headings skipped), as one point; none if none."""
    paragraph: list[str] = []
    for line in lines:
        if not line.strip() or HEADING_RE.match(line):
            if paragraph:
                break
            continue
        paragraph.append(line.strip())
    return [" ".join(paragraph)] if paragraph else []


def collect(site: Site, since: dt.date, site_url: str, directory_urls: bool = True) -> Digest:
    """Every review first published and every briefing dated from ``since`` to the build day
    that is public on the build day, grouped under its first theme (themes by label, items
    newest first)."""
    urls = Urls(site_url if site_url.endswith("/") else site_url + "/", directory_urls)
    label = site.vocabulary.get
    items: list[Item] = []
    reviews = visibility.listed_reviews(site.sources.reviews.values(), site.statuses,
                                        bool(site.options.list_withheld), preview=False)
    for review, status in reviews:  # what the public site lists, even in a preview's config
        first = status.first_published_on
        if status.state is not State.PUBLISHED or first is None or not since <= first \
                <= site.today:
            continue
        meta = review.meta
        items.append(Item("Case review", plain(meta.title), first,
                          urls.page(f"reviews/{review.slug}/index.md"),
                          [plain(point) for point in meta.key_learning],
                          label(meta.themes[0], meta.themes[0]),
                          [label(t, t) for t in meta.themes[1:]]))
    for briefing in visibility.public_briefings(site.sources.briefings.values(), site.today,
                                                preview=False):
        front = briefing.meta
        if not since <= front.date <= site.today:
            continue
        kind = "7-minute briefing" if front.format == "seven-minute" else "Briefing"
        items.append(Item(kind, plain(front.title), front.date,
                          urls.page(f"briefings/{briefing.slug}.md"), briefing_learning(briefing),
                          label(front.themes[0], front.themes[0]),
                          [label(t, t) for t in front.themes[1:]]))
    groups: dict[str, list[Item]] = {}
    for item in items:
        groups.setdefault(item.theme, []).append(item)
    ordered = [(theme, sorted(found, key=lambda i: (-i.published.toordinal(), i.title)))
               for theme, found in sorted(groups.items(), key=lambda g: g[0].casefold())]
    return Digest(site.options.partnership, since, site.today, urls.base, ordered)


# --------------------------------------------------------------------------- how it reads


@cache
def _environment() -> jinja2.Environment:
    """Autoescaped, unlike the Markdown templates: the digest is HTML written directly."""
    env = jinja2.Environment(loader=jinja2.PackageLoader("generator", "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    from generator.pages import long_date

    env.filters["long_date"] = long_date
    return env


def counted(digest: Digest) -> str:
    """'2 case reviews and 1 briefing'."""
    reviews = sum(item.kind == "Case review" for item in digest.items)
    briefings = len(digest.items) - reviews
    parts = [f"{n} {word}{'' if n == 1 else 's'}" for n, word in
             ((reviews, "case review"), (briefings, "briefing")) if n]
    return " and ".join(parts)


def subject(digest: Digest) -> str:
    from generator.pages import long_date

    return f"{digest.partnership}: learning digest, issued {long_date(digest.today)}"


def introduction(digest: Digest) -> str:
    """What the digest lists (each date after 'published' or 'issued', as a dateline)."""
    from generator.pages import long_date

    return (f"Everything we have published {long_date(digest.since)} or later: "
            f"{counted(digest)}, grouped by theme. Each has its key learning and a link to read "
            "it in full.")


def digest_html(digest: Digest) -> str:
    return _environment().get_template("digest.html.j2").render(
        digest=digest, subject=subject(digest), introduction=introduction(digest))


def digest_text(digest: Digest) -> str:
    """The plain-text part: wrapped at 72 characters, addresses never broken."""
    from generator.pages import long_date

    def wrap(text: str, first: str = "", rest: str = "") -> list[str]:
        return textwrap.wrap(text, WIDTH, initial_indent=first, subsequent_indent=rest,
                             break_long_words=False, break_on_hyphens=False)

    lines = [*wrap(subject(digest)), "", *wrap(introduction(digest)), ""]
    for theme, items in digest.groups:
        lines += [theme.upper(), "=" * min(len(theme), WIDTH), ""]
        for item in items:
            lines += wrap(item.title)
            meta = f"{item.kind}, published {long_date(item.published)}"
            if item.also:
                meta += f". Also about: {', '.join(item.also)}"
            lines += wrap(meta + ".")
            if item.learning:
                lines.append("Key learning:")
                for point in item.learning:
                    lines += wrap(point, "- ", "  ")
            lines += [f"Read it: {item.url}", ""]
    lines += wrap(f"Every review and briefing of {digest.partnership}: {digest.site_url}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- checked, written


def findings_in(site: Site, files: dict[str, str], folder: str,
                listed: Sequence[str] = ()) -> list[Finding]:
    """Error findings in the digest's files before they are written (``files``: name to
    text): the detectors and protected terms as the scan of the written site reads them (every
    allowance of the site applies), each match pointed at the source that holds its text, and
    the leak fingerprints of everything not public on the build day (``listed``: the public
    fields the digest lists, cut out first so that eight words across one and the digest's own
    wording are no false leak: ``leaks.without_own``)."""
    protected, _ = public_text.protected_terms(site)
    allowed = Allowances(entries=[(a, p, w, None)
                                  for a, p, w, _ in public_text.allowances(site).entries])
    prints = leaks.fingerprints(site)
    located: SourceMap | None = None
    found: list[Finding] = []
    for name, text in files.items():
        shown = f"{folder}/{name}"
        matches = scan_text(Path(name).suffix, text, shown, protected)
        if any(rule_of(m.rule_id).severity == "error" for m in matches):
            located = located or SourceMap(public_text.source_texts(site))
            matches = [located.locate(m, shown) for m in matches]
        found += allowed.apply(matches)
        leaked = leaks.verdict(prints, Path(name).suffix, text.encode("utf-8"), own=listed) \
            if prints else False
        if leaked is not False:
            found.append(finding(
                "SITE-LEAK" if leaked else "FILE-UNREADABLE", shown, Position(),
                "holds text of a review or briefing that is not public today."
                if leaked else "could not be read in full, so it could not be checked.",
                "Nothing was written. Report it as a bug in lif: the digest lists only what "
                "is public."))
    return sorted((f for f in found if f.severity == "error"), key=lambda f: f.sort_key)


def write_digest(site: Site, digest: Digest, folder: Path) -> list[Path]:
    """Check both files, then write them into ``folder`` (each replaced whole, never half
    written). Raises ``FindingsError`` before anything is written."""
    files = {HTML_FILE: digest_html(digest), TEXT_FILE: digest_text(digest)}
    shown = os.path.relpath(folder, site.root) if folder.is_absolute() else folder.as_posix()
    listed = [digest.partnership, *(theme for theme, _ in digest.groups),
              *(text for item in digest.items for text in (item.title, *item.learning))]
    found = findings_in(site, files, Path(shown).as_posix(), listed)
    if found:
        raise FindingsError(found, "the digest did not pass the redaction checks; nothing was "
                                   "written")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in files.items():
        temporary = folder / f".{name}.{os.getpid()}.tmp"
        try:
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, folder / name)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        written.append(folder / name)
    return written
