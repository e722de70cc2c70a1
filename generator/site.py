"""A site on a day: loaded sources, each review's status, and every finding.

``generator.build.prepare_site`` makes one (stages load, state and check); every command and
the plugin go through it, so ``lif check`` and ``mkdocs build`` can never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from generator import state, visibility
from generator.config import LifConfig, theme_vocabulary
from generator.load import CURRENT_FILE, SiteSources
from generator.models import Briefing, Finding, LedgerEvent, Review
from generator.state import ReviewStatus


@dataclass
class Site:
    root: Path
    options: LifConfig
    today: dt.date
    sources: SiteSources
    findings: list[Finding] = field(default_factory=list)
    config_file: Path = Path("mkdocs.yml")
    """The config file actually loaded (``lif -f site.yml``), absolute."""
    docs_dir: Path = Path("docs")
    """The content pages' folder, as that config sets it, absolute."""

    def __post_init__(self) -> None:
        if not self.config_file.is_absolute():
            self.config_file = self.root / self.config_file
        if not self.docs_dir.is_absolute():
            self.docs_dir = self.root / self.docs_dir

    @cached_property
    def vocabulary(self) -> dict[str, str]:
        return theme_vocabulary(self.options)

    @cached_property
    def events(self) -> list[LedgerEvent]:
        return [entry.event for entry in self.sources.ledger]

    @cached_property
    def statuses(self) -> dict[str, ReviewStatus]:
        return self.statuses_on(self.today)

    def statuses_on(self, day: dt.date) -> dict[str, ReviewStatus]:
        drafts = [slug for slug, review in self.sources.reviews.items() if review.meta.draft]
        return state.statuses(self.events, self.sources.reviews, day,
                              self.options.min_listing_months, drafts)

    @cached_property
    def events_by_review(self) -> dict[str, list[LedgerEvent]]:
        return state.events_by_review(self.events)

    def status_on(self, slug: str, day: dt.date) -> ReviewStatus:
        review = self.sources.reviews[slug]
        return state.review_status(self.events_by_review.get(slug, []), day,
                                   self.options.min_listing_months, review.meta.draft)

    @cached_property
    def unloadable_reviews(self) -> set[str]:
        """Review folders that exist but failed to load (their findings are already reported)."""
        folder = self.root / self.options.reviews_dir
        return {p.name for p in folder.iterdir() if p.is_dir()} if folder.is_dir() else set()

    @property
    def preview(self) -> bool:
        return bool(self.options.preview)

    def each_review(self) -> Iterator[Review]:
        """Every loaded review, its review.yml named as the file being worked on: a crash in a
        check then says which review it was checking."""
        for review in self.sources.reviews.values():
            CURRENT_FILE.set(review.meta_source.path)
            yield review

    def each_briefing(self) -> Iterator[Briefing]:
        """Every loaded briefing, named as the file being worked on (see ``each_review``)."""
        for briefing in self.sources.briefings.values():
            CURRENT_FILE.set(briefing.source.path)
            yield briefing

    def is_public_briefing(self, briefing: Briefing) -> bool:
        return visibility.is_public_briefing(briefing, self.today)

    def listed_reviews(self) -> list[tuple[Review, ReviewStatus]]:
        """Reviews that appear in listings, newest publication first (``visibility``)."""
        return visibility.listed_reviews(self.sources.reviews.values(), self.statuses,
                                         bool(self.options.list_withheld), self.preview)

    def public_briefings(self) -> list[Briefing]:
        """Briefings on the site on the build day, newest first (``visibility``)."""
        return visibility.public_briefings(self.sources.briefings.values(), self.today,
                                           self.preview)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

