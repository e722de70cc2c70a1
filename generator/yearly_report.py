"""The yearly learning report: what the partnership's reviews, responses and briefings did in one
reporting year, computed from the ledger and the responses as they are public on the build day.

Partnerships report on a financial year, so a reporting year starts in the month of the plugin
option ``report_year_start`` (default 4, April): with it, year 2026 runs from 1 April 2026 to
31 March 2027 ("2026 to 2027"); with ``report_year_start: 1`` it is the calendar year 2026.

Only what the site itself shows on the build day is counted, so the report can never reveal
what the site keeps back:

- a ledger event counts only if ``ledger.json`` publishes it that day (``public_events``): the
  events of published and no-longer-published reviews, the delay or withholding of a delayed or
  withheld review, never anything of a draft, approved-only or scheduled (embargoed) review;
- a withheld review is counted, never named (no title, slug or reason); a delay is named as the
  reviews listing names it (title and public reason); neither shows the day of the decision,
  which ``ledger.json`` does not publish either, only the year it falls in;
- actions and impact statements come only from responses public on the build day (published
  reviews: a withdrawn report's response has left the site);
- briefings count from their date, if public on the build day.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from generator import follow_up, publication, visibility
from generator.ledger_history import public_events
from generator.models import REVIEW_TYPE_LABELS, Action, Briefing, LedgerEvent, Review, State
from generator.site import Site
from generator.state import add_months

# --------------------------------------------------------------------------- the year


@dataclass(frozen=True)
class ReportingYear:
    """One reporting year: ``year`` names the calendar year it starts in."""

    year: int
    start_month: int = 4

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.start_month, 1)

    @property
    def last_day(self) -> dt.date:
        return add_months(self.first_day, 12) - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        """'2026 to 2027' for a year that straddles two calendar years, else '2026'."""
        return str(self.year) if self.start_month == 1 else f"{self.year} to {self.year + 1}"

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.first_day <= day <= self.last_day


def year_of(day: dt.date, start_month: int) -> int:
    """The reporting year a day falls in (with April: 31 March 2027 is in year 2026)."""
    return day.year if day.month >= start_month else day.year - 1


# --------------------------------------------------------------------------- the figures


@dataclass(frozen=True)
class PublishedReview:
    """A review first published in the year: its notice to the Panel and its listing."""

    slug: str
    title: str
    type: str
    approved_on: dt.date | None
    panel_copy_on: dt.date | None
    published_on: dt.date
    notice_days: int | None
    """Days (working days under ``notice_working_days``) from the panel copy to publication."""
    notice_kept: bool
    listed_until: dt.date
    withdrawn_on: dt.date | None
    listing_kept: bool | None
    """True kept, False broken, None still running on the build day."""


@dataclass(frozen=True)
class NamedReview:
    slug: str
    title: str
    day: dt.date | None = None
    reason: str = ""


@dataclass(frozen=True)
class AgencyActions:
    agency: str
    agreed: int
    completed: int
    overdue: int


@dataclass(frozen=True)
class ImpactStatement:
    review_slug: str
    review_title: str
    agency: str
    action: str
    impact: str
    recorded_on: dt.date


@dataclass(frozen=True)
class ThemeCount:
    theme: str
    label: str
    reviews: int
    briefings: int


@dataclass
class YearlyReport:
    """Every figure of one year's learning report, as public on ``today``."""

    year: ReportingYear
    today: dt.date
    partnership: str
    notice_words: str
    notice_days: int
    min_listing_months: int
    started: int = 0
    approved: list[NamedReview] = field(default_factory=list)
    published: list[PublishedReview] = field(default_factory=list)
    withdrawn: list[PublishedReview] = field(default_factory=list)
    delayed: list[NamedReview] = field(default_factory=list)
    withheld: int = 0
    agencies: list[AgencyActions] = field(default_factory=list)
    impacts: list[ImpactStatement] = field(default_factory=list)
    themes: list[ThemeCount] = field(default_factory=list)
    briefings: list[Briefing] = field(default_factory=list)

    @property
    def so_far(self) -> bool:
        """The year has not ended on the build day: the figures are the year to date."""
        return self.today <= self.year.last_day

    @property
    def title(self) -> str:
        return f"Yearly learning report {self.year.label}"

    @property
    def actions_total(self) -> AgencyActions:
        return AgencyActions("All agencies", sum(a.agreed for a in self.agencies),
                             sum(a.completed for a in self.agencies),
                             sum(a.overdue for a in self.agencies))


def reporting_years(site: Site) -> list[int]:
    """Every reporting year with public activity on the build day (a public ledger event, or a
    public briefing), up to the year of the build day, newest first."""
    start = int(site.options.report_year_start)
    days = [event.date for event in public_events(site)]
    days += [briefing.meta.date for briefing in _public_briefings(site)]
    return sorted({year_of(day, start) for day in days if day <= site.today}, reverse=True)


def _public_briefings(site: Site) -> list[Briefing]:
    """Briefings public on the build day (never the drafts a preview shows)."""
    return visibility.public_briefings(site.sources.briefings.values(), site.today, False)


def _is_listed(site: Site, slug: str) -> bool:
    """Listed on the build day as the public site lists it (never as a preview does)."""
    return visibility.is_listed(site.statuses[slug], bool(site.options.list_withheld), False)


def yearly_report(site: Site, year: int) -> YearlyReport:
    """The figures of reporting year ``year`` as the site shows them on its build day."""
    period = ReportingYear(year, int(site.options.report_year_start))
    terms = publication.Terms(site.options.notice_days, site.options.notice_working_days,
                              site.options.min_listing_months)
    report = YearlyReport(period, site.today, site.options.partnership, terms.notice_words,
                          terms.notice_days, site.options.min_listing_months)
    events = _events_by_review(site)
    for slug, shown in sorted(events.items()):
        review = site.sources.reviews[slug]
        status = site.statuses[slug]
        if review.meta.started in period and _is_listed(site, slug):
            report.started += 1
        if status.state is State.WITHHELD:
            report.withheld += any(e.event == "withheld" and e.date in period for e in shown)
            continue
        for event in shown:
            if event.event == "delayed" and event.date in period:
                report.delayed.append(NamedReview(slug, review.meta.title, None, event.reason))
        if status.state not in (State.PUBLISHED, State.WITHDRAWN):
            continue
        if status.approved_on in period:
            report.approved.append(NamedReview(slug, review.meta.title, status.approved_on))
        row = _published_row(review, shown, site.today, terms)
        if row is not None and row.published_on in period:
            report.published.append(row)
        if row is not None and row.withdrawn_on in period:
            report.withdrawn.append(row)
    report.approved.sort(key=lambda r: (r.day or dt.date.min, r.slug))
    report.published.sort(key=lambda r: (r.published_on, r.slug))
    report.withdrawn.sort(key=lambda r: (r.withdrawn_on or dt.date.min, r.slug))
    report.agencies, report.impacts = _actions(site, period)
    report.briefings = sorted((b for b in _public_briefings(site) if b.meta.date in period),
                              key=lambda b: (b.meta.date, b.slug))
    report.themes = _themes(site, report)
    return report


def _events_by_review(site: Site) -> dict[str, list[LedgerEvent]]:
    grouped: dict[str, list[LedgerEvent]] = defaultdict(list)
    for event in public_events(site):
        if event.review in site.sources.reviews:
            grouped[event.review].append(event)
    for review in site.sources.reviews.values():  # started, with no public event yet: listed
        if _is_listed(site, review.slug):
            grouped.setdefault(review.slug, [])
    return grouped


def _published_row(review: Review, events: list[LedgerEvent], today: dt.date,
                   terms: publication.Terms) -> PublishedReview | None:
    published = [e.date for e in events if e.event == "published" and e.date <= today]
    if not published:
        return None
    first = min(published)
    copies = [e for e in events if e.event == "panel-copy-sent" and e.date <= first]
    copy_on = (copies[-1].recorded or copies[-1].date) if copies else None
    notice = _notice(copy_on, first, terms) if copy_on else None
    until = publication.first_withdrawal(first, terms)
    withdrawals = [e.date for e in events if e.event == "withdrawn" and e.date <= today]
    # withdrawn, unless published again since (then it is listed, and its listing ran on)
    withdrawn = withdrawals[-1] if withdrawals and withdrawals[-1] >= max(published) else None
    kept = (withdrawn >= until if withdrawn is not None else True if today >= until else None)
    approved = next((e.date for e in events if e.event == "approved"), None)
    return PublishedReview(
        review.slug, review.meta.title, REVIEW_TYPE_LABELS[review.meta.type], approved,
        copy_on, first, notice, copy_on is not None and first >= publication.earliest_publication(
            copy_on, terms), until, withdrawn, kept)


def _notice(copy_on: dt.date, published_on: dt.date, terms: publication.Terms) -> int:
    """Days from the panel copy to publication, counted as the notice period is."""
    if not terms.working_days:
        return (published_on - copy_on).days
    days = (copy_on + dt.timedelta(days=n) for n in range(1, (published_on - copy_on).days + 1))
    return sum(publication.is_working_day(day) for day in days)


def _public_responses(site: Site) -> Iterator[tuple[Review, Action, dt.date | None]]:
    """Each action of a response public on the build day, with the day its response was last
    fixed (the latest panel copy before publication)."""
    for review in site.sources.reviews.values():
        status = site.statuses[review.slug]
        if status.state is not State.PUBLISHED or review.response_meta is None:
            continue
        for action in review.response_meta.actions:
            yield review, action, status.panel_copy_on


def _actions(site: Site, period: ReportingYear) -> tuple[list[AgencyActions],
                                                          list[ImpactStatement]]:
    """Actions agreed in the year (those of reviews approved in it), completed in it (dated by
    ``updated:``, else by the response's panel copy) and overdue at its end (or on the build
    day, while it runs), by agency; and the impact statements recorded in it."""
    cutoff = min(site.today, period.last_day + dt.timedelta(days=1))
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    impacts = []
    for review, action, fixed_on in _public_responses(site):
        dated = action.updated or fixed_on
        tally = counts[action.agency]
        tally["agreed"] += site.statuses[review.slug].approved_on in period
        tally["completed"] += action.status == "complete" and dated in period
        tally["overdue"] += bool(follow_up.overdue(action, cutoff))
        if action.impact.strip() and dated in period and dated is not None:
            impacts.append(ImpactStatement(review.slug, review.meta.title, action.agency,
                                           action.action, action.impact, dated))
    agencies = [AgencyActions(name, c["agreed"], c["completed"], c["overdue"])
                for name, c in sorted(counts.items()) if any(c.values())]
    impacts.sort(key=lambda i: (i.recorded_on, i.review_slug, i.agency, i.action))
    return agencies, impacts


def _themes(site: Site, report: YearlyReport) -> list[ThemeCount]:
    """Themes of the reviews published and the briefings published in the year, with counts,
    most used first."""
    reviews: Counter[str] = Counter()
    for row in report.published:
        reviews.update(set(site.sources.reviews[row.slug].meta.themes))
    briefings: Counter[str] = Counter()
    for briefing in report.briefings:
        briefings.update(set(briefing.meta.themes))
    used = [t for t in site.vocabulary if reviews[t] or briefings[t]]
    found = [ThemeCount(t, site.vocabulary[t], reviews[t], briefings[t]) for t in used]
    order = {t: i for i, t in enumerate(site.vocabulary)}
    return sorted(found, key=lambda c: (-(c.reviews + c.briefings), order[c.theme]))
