"""Lifecycle rules: the ledger's hash chain and history, every event naming a real review, the
publication rules of each review's events, sources unchanged since the panel copy, and published
reviews kept listed for their minimum listing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from generator import ledger, ledger_history, publication
from generator.checks import public_text
from generator.models import Finding, LedgerEntry, Position, Review, State
from generator.rules import finding

if TYPE_CHECKING:
    from generator.site import Site


def terms_of(site: Site) -> publication.Terms:
    options = site.options
    return publication.Terms(options.notice_days, options.notice_working_days,
                             options.min_listing_months)


PENDING = (State.DRAFT, State.APPROVED, State.SCHEDULED, State.DELAYED)
"""States in which a review still has a ledger step ahead that vouches for its text."""


def next_step_findings(site: Site, review: Review) -> list[Finding]:
    """What the review's next ledger step (approve, panel-copy or publish) will check: its
    fields, report, response and attachments through the redaction detectors. Warnings too,
    while the panel copy is not yet sent: a fix then costs nothing, after it a new copy and a
    later publication date. None for a draft, nor once it is published, withdrawn or withheld
    (the build checks what is public)."""
    if review.meta.draft or site.status_on(review.slug, dt.date.max).state not in PENDING:
        return []
    return step_findings(site, review)


def step_findings(site: Site, review: Review) -> list[Finding]:
    """The review's text through the detectors, whatever its state, as approve, panel-copy and
    publish check it: errors, and warnings until the panel copy is sent."""
    own = site.events_by_review.get(review.slug, [])
    copied = publication.progress(own, terms_of(site), dt.date.max).copy_on is not None
    return public_text.review_findings(site, review, errors_only=copied)


def next_steps(site: Site) -> list[Finding]:
    """``next_step_findings`` of every review, less what the site's checks already report:
    ``lif check`` then says what ``lif approve`` (or panel-copy, or publish) would refuse."""
    known = set(site.findings)
    found: list[Finding] = []
    for review in site.each_review():
        found += [f for f in next_step_findings(site, review) if f not in known]
    return sorted(set(found), key=lambda f: f.sort_key)


def check(site: Site) -> list[Finding]:
    source = site.sources.ledger_source
    ledger_path = site.root / site.options.ledger
    previous = site.options.previous_ledger
    if source is None:
        if ledger_path.exists():
            return []  # unreadable: its own findings say why
        return _history(site, [], site.options.ledger, ledger_path, previous)
    entries = site.sources.ledger
    findings = ledger.verify_chain(entries, source.path)
    findings += _history(site, entries, source.path, ledger_path, previous)
    by_review: dict[str, list[LedgerEntry]] = defaultdict(list)
    for entry in entries:
        by_review[entry.event.review].append(entry)
    terms = terms_of(site)
    known = set(site.sources.reviews) | site.unloadable_reviews
    for slug, own in by_review.items():
        for breach in publication.breaches([e.event for e in own], terms):
            findings.append(finding(breach.rule_id, source.path,
                                    Position(own[breach.index].line, 1),
                                    f"{slug}: {breach.message}", breach.hint))
        hidden = _hidden(site, slug, own, terms, source.path, known)
        findings += hidden
        for entry in own if slug not in known and not hidden else []:
            findings.append(finding(
                "LEDGER-UNKNOWN-REVIEW", source.path, Position(entry.line, 1),
                f"'{entry.event.event}' names the review '{slug}', which has no folder in "
                "reviews/.", "Restore the review's folder: a review in the ledger may not be "
                "deleted."))
    findings += _digests(site, terms)
    return findings


def _history(site: Site, entries: list[LedgerEntry], path: str, ledger_path: Path,
             previous: str | None) -> list[Finding]:
    """The ledger must extend the one committed at git HEAD and the last deployed one."""
    found = ledger_history.check_head(entries, path, site.root, ledger_path)
    if previous:
        found += ledger_history.check_previous(entries, path, previous, site.root)
    return found


def _hidden(site: Site, slug: str, own: list[LedgerEntry], terms: publication.Terms,
            ledger_path: str, known: set[str]) -> list[Finding]:
    """A review inside its minimum listing may not lose its folder, its report or its listing."""
    status = site.statuses.get(slug)
    events = [e.event for e in own]
    progress = publication.progress(events, terms, site.today)
    until = progress.may_withdraw_from
    if progress.first_published is None or until is None or site.today >= until:
        return []
    if status is not None and status.state is State.WITHDRAWN:
        return []  # an early withdrawal is reported at its ledger line
    first = progress.first_published
    why = (f"{slug} was first published {first} and must stay listed until at least {until}, "
           f"the first day it may be withdrawn (lif withdraw {slug} --on {until})")
    if slug not in known:
        line = next(e.line for e in own if e.event.event == "published")
        return [finding("LIFECYCLE-HIDDEN", ledger_path, Position(line, 1),
                        f"the folder reviews/{slug} was deleted, but {why}.",
                        "Restore the folder from git.")]
    review = site.sources.reviews.get(slug)
    if review is None:
        return []
    found = []
    if review.meta.draft:
        found.append(finding("LIFECYCLE-HIDDEN", review.meta_source.path,
                             review.meta_source.position("draft"),
                             f"the review is marked draft, but {why}.",
                             "Remove 'draft: true' from review.yml."))
    report = review.report
    if report is None or not report.body.strip():
        path = f"{site.options.reviews_dir}/{slug}/report.md"
        found.append(finding("LIFECYCLE-HIDDEN", path, Position(),
                             f"the report is missing or empty, but {why}.",
                             "Restore the report from git."))
    return found


def _digests(site: Site, terms: publication.Terms) -> list[Finding]:
    """Sources that will be or are public must be exactly what the Panel was sent: an error
    from the moment a copy exists, not only once a date is set, so the build says at once that
    a new copy is needed (and the earliest publication date moves with it)."""
    found = []
    for review in site.each_review():
        slug = review.slug
        status = site.statuses[slug]
        if status.state in (State.WITHDRAWN, State.WITHHELD, State.DRAFT) or review.meta.draft:
            continue
        events = [e for e in site.events if e.review == slug]
        progress = publication.progress(events, terms, site.today)
        if progress.copy_on is None or publication.sources_digest(review) == progress.copy_digest:
            continue
        moved = publication.earliest_publication(site.today, terms)
        copies = [e for e in events if e.event == "panel-copy-sent"]  # the file that changed
        files = ledger.changed_sources(copies[-1].sources if copies else {},
                                       publication.source_digests(review))
        path = ledger.changed_source_path(f"{site.options.reviews_dir}/{slug}", files)
        message = publication.changed_since_copy(slug, progress.copy_on, progress.copy_digest,
                                                 files)
        hint = (f"Send a new copy (lif panel-copy {slug}), which moves the earliest "
                f"publication date to {terms.notice_words} after it ({moved} if sent today), "
                "or undo the change.")
        found.append(finding("LIFECYCLE-DIGEST", path, Position(), message, hint))
    return found
