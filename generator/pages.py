"""Stage 4: turn what is public on the build day into Markdown pages for MkDocs.

Only items that may be public produce a page, so what is embargoed, withheld or draft never
enters MkDocs at all: safety by construction, with the post-build scan as a second line.
Pages are rendered from Jinja templates in ``generator/templates``; reviews and briefings stay
out of the navigation (Material renders the whole navigation into every page, which makes
build time grow with the square of the page count).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from generator import follow_up, key_learning, yearly_report
from generator.load import CURRENT_FILE
from generator.models import (
    ACTION_STATUS_LABELS,
    AGE_BAND_LABELS,
    BRIEFING_SOURCE_LABELS,
    OUTCOME_LABELS,
    REVIEW_TYPE_LABELS,
    Action,
    Briefing,
    Review,
    State,
)
from generator.search import FILTERS as SEARCH_FILTERS
from generator.search import filter_tags
from generator.site import Site
from generator.state import ReviewStatus
from generator.visibility import has_page, shows_text  # moved: one home for what is public
from generator.visibility import yearly_report_page as report_page
from generator.visibility import yearly_report_pdf as report_pdf


@dataclass(frozen=True)
class Page:
    """A generated Markdown page: where it lives in the site and its text."""

    src_uri: str
    markdown: str
    in_nav: bool = False


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
"""English month names, not ``%B``: strftime follows the process locale if anything sets it."""


def long_date(day: dt.date | None) -> str:
    """'20 May 2025': the form the public record uses."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}" if day else ""


def md_text(value: object) -> str:
    """Author text placed in generated Markdown: raw HTML is shown as text, never run."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cell_text(value: object) -> str:
    """Author text in a Markdown table cell: as ``md_text``, and a '|' cannot end the cell."""
    return md_text(value).replace("|", "\\|").replace("\n", " ")


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["long_date"] = long_date
    env.filters["md"] = md_text
    env.filters["cell"] = cell_text
    env.globals.update(
        review_types=REVIEW_TYPE_LABELS, age_bands=AGE_BAND_LABELS, outcomes=OUTCOME_LABELS,
        action_statuses=ACTION_STATUS_LABELS, briefing_sources=BRIEFING_SOURCE_LABELS,
    )
    return env


def render(template: str, **context: Any) -> str:
    return _environment().get_template(template).render(**context)


def badge(status: ReviewStatus) -> tuple[str, str]:
    """The status badge (CSS modifier, words) a listing shows for a review."""
    match status.state:
        case State.PUBLISHED:
            return "published", f"Published {long_date(status.first_published_on)}"
        case State.WITHDRAWN:
            return "withdrawn", "No longer published: available on request"
        case State.DELAYED:
            return "delayed", "Delayed in publication"
        case State.WITHHELD:
            return "withheld", "Not published"
        case State.SCHEDULED:
            return "scheduled", f"Scheduled for {long_date(status.scheduled_for)}"
        case _:
            return "draft", "Draft - not published"


def preview_banner(status: ReviewStatus, preview: bool) -> str:
    """In preview only: the banner on a page that is not public on the previewed day."""
    if not preview or status.state in (State.PUBLISHED, State.WITHDRAWN):
        return ""
    return badge(status)[1]


def briefing_banner(briefing: Briefing, site: Site) -> str:
    if not site.preview or site.is_public_briefing(briefing):
        return ""
    if briefing.meta.draft:
        return "Draft - not published"
    return f"Scheduled for {long_date(briefing.meta.date)}"


def build_pages(site: Site) -> list[Page]:
    """Every generated page for the site on its build day."""
    preview = site.preview
    listed = site.listed_reviews()
    briefings = site.public_briefings()
    briefings_by_review: dict[str, list[Briefing]] = defaultdict(list)
    for briefing in briefings:
        for slug in briefing.meta.reviews:
            briefings_by_review[slug].append(briefing)
    pages: list[Page] = []
    for review, status in listed:
        CURRENT_FILE.set(review.meta_source.path)
        if not has_page(status, preview):
            continue
        full = shows_text(status, preview)
        context = dict(review=review, status=status, badge=badge(status), full=full,
                       banner=preview_banner(status, preview),
                       briefings=briefings_by_review.get(review.slug, []),
                       vocabulary=site.vocabulary, options=site.options,
                       actions=review.response_meta.actions if review.response_meta else [],
                       overdue=_overdue_on(site.today), stale=_stale_on(site))
        context["search_filters"] = filter_tags(review_filters(review, status, site)) if full \
            else ""
        if full and not preview and site.options.pdf and review.report is not None:
            context["pdf_url"] = f"{review.slug}.pdf"
        pages.append(Page(f"reviews/{review.slug}/index.md", render("review.md.j2", **context)))
        if full and review.report is not None:
            pages.append(Page(f"reviews/{review.slug}/report.md",
                              render("report.md.j2", body=review.report.body, **context)))
        if full and review.response is not None:
            pages.append(Page(f"reviews/{review.slug}/response.md",
                              render("response.md.j2", body=review.response.body, **context)))
    pages.append(Page("reviews/index.md", render(
        "reviews.md.j2", by_year=_by_year(listed), badge=badge, has_page=has_page,
        preview=preview, vocabulary=site.vocabulary), in_nav=True))
    for briefing in briefings:
        CURRENT_FILE.set(briefing.source.path)
        pages.append(Page(f"briefings/{briefing.slug}.md", render(
            "briefing.md.j2", briefing=briefing, vocabulary=site.vocabulary,
            banner=briefing_banner(briefing, site),
            reviews=_linkable(briefing.meta.reviews, site), today=site.today,
            search_filters=filter_tags(briefing_filters(briefing, site)),
            **({} if preview or not site.options.pdf else {"pdf_url": f"{briefing.slug}.pdf"}))))
    pages.append(Page("briefings/index.md", render(
        "briefings.md.j2", briefings=briefings, vocabulary=site.vocabulary,
        by_theme=_briefings_by_theme(site, briefings)), in_nav=True))
    pages += _theme_pages(site, listed, briefings)
    pages += action_pages(site, listed)
    pages += report_pages(site)
    if site.options.search:
        pages.append(Page("search.md", render(
            "search.md.j2", filter_order=json.dumps(
                [[name, search_filter_order()[name]] for name in SEARCH_FILTERS])), in_nav=True))
    return pages


def action_progress(review: Review) -> str:
    """The progress of a review's action plan, in words (a search filter value)."""
    actions = review.response_meta.actions if review.response_meta else []
    if not actions:
        return "No action plan"
    if all(action.status == "complete" for action in actions):
        return "Actions complete"
    if any(action.status != "planned" for action in actions):
        return "Actions in progress"
    return "Actions planned"


def review_filters(review: Review, status: ReviewStatus, site: Site) -> list[tuple[str, str]]:
    """The search filters of a review's pages: theme, year, type, age band and status."""
    found = [("Theme", site.vocabulary.get(theme, theme)) for theme in review.meta.themes]
    day = status.first_published_on or status.scheduled_for
    if day:
        found.append(("Year", str(day.year)))
    found += [("Type", REVIEW_TYPE_LABELS[review.meta.type]),
              ("Age", AGE_BAND_LABELS[review.meta.age_band]),
              ("Status", action_progress(review))]
    return found


STATUS_ORDER = ("Actions planned", "Actions in progress", "Actions complete", "No action plan",
                "Current briefing", "Due for review")
"""The Status filter's values in the order a reader expects (a plan's progress, then briefings)."""


def search_filter_order() -> dict[str, list[str] | str]:
    """How the search page orders each filter's values: a list (values not in it follow,
    alphabetically), ``descending`` (newest year first) or ``alphabetical``."""
    return {"Theme": "alphabetical", "Year": "descending",
            "Type": [*REVIEW_TYPE_LABELS.values(), "7-minute briefing"],
            "Age": list(AGE_BAND_LABELS.values()), "Status": list(STATUS_ORDER)}


def briefing_filters(briefing: Briefing, site: Site) -> list[tuple[str, str]]:
    """The search filters of a briefing: theme, year, type and status (current or due)."""
    found = [("Theme", site.vocabulary.get(theme, theme)) for theme in briefing.meta.themes]
    due = briefing.meta.review_by is not None and briefing.meta.review_by <= site.today
    found += [("Year", str(briefing.meta.date.year)), ("Type", "7-minute briefing"),
              ("Status", "Due for review" if due else "Current briefing")]
    return found


def attachment_files(site: Site) -> list[tuple[str, Path]]:
    """(site path, source) of each attachment published beside its review's report page.

    A review's ``files/`` go to ``reviews/<slug>/files/``, the folder of its report and response
    pages, so a report's own relative link (``files/chart.png``) works on the page as it does
    in the PDF. Only while the review's text is shown: an embargoed, withheld, withdrawn or
    draft review's attachments never enter MkDocs (the same test as its report page).
    """
    found = []
    for review, status in site.listed_reviews():
        if not (has_page(status, site.preview) and shows_text(status, site.preview)):
            continue
        files_dir = review.folder / "files"
        for attachment in review.attachments:
            rel = attachment.relative_to(files_dir).as_posix()
            found.append((f"reviews/{review.slug}/files/{rel}", attachment))
    return found


def site_paths(site: Site, built: list[Page]) -> list[str]:
    """Every page, PDF and attachment path the site has on its build day (for checking links
    to them)."""
    paths = [page.src_uri for page in built]
    paths += [dest for dest, _ in attachment_files(site)]
    if not site.preview and site.options.pdf:
        for page in built:
            parts = page.src_uri.split("/")
            if len(parts) == 3 and parts[0] == "reviews" and parts[2] == "report.md":
                paths.append(f"reviews/{parts[1]}/{parts[1]}.pdf")
            elif len(parts) == 2 and parts[0] == "briefings" and parts[1] != "index.md":
                paths.append(f"briefings/{parts[1][:-3]}.pdf")
            elif len(parts) == 3 and parts[0] == "reports" and parts[2] == "index.md":
                paths.append(report_pdf(int(parts[1])))
    return paths


def reserved_paths(site: Site) -> list[str]:
    """Every page lif generates on some day: the listings, and each review's, briefing's and
    theme's pages whatever its state, so that a content page cannot take an address that a
    scheduled review will need on its publication day."""
    paths = ["reviews/index.md", "briefings/index.md", "themes/index.md", "actions.md",
             "search.md", "actions/overdue.md", "reports/index.md"]
    paths += [f"actions/status/{status}.md" for status in ACTION_STATUS_LABELS]
    every_agency = {action.agency for review in site.sources.reviews.values()
                    if review.response_meta for action in review.response_meta.actions}
    paths += [f"actions/agency/{slug}.md" for slug in agency_slugs(every_agency).values()]
    for slug in sorted(site.sources.reviews):
        paths += [f"reviews/{slug}/{name}.md" for name in ("index", "report", "response")]
    paths += [f"briefings/{slug}.md" for slug in sorted(site.sources.briefings)]
    paths += [f"themes/{theme}.md" for theme in site.vocabulary]
    start = int(site.options.report_year_start)
    days = [event.date for event in site.events] + [
        briefing.meta.date for briefing in site.sources.briefings.values()]
    paths += [report_page(year) for year in sorted({yearly_report.year_of(day, start)
                                                    for day in days})]
    return paths


def _linkable(slugs: list[str], site: Site) -> list[tuple[str, str, bool]]:
    """(slug, title, has a page) for reviews a briefing draws on."""
    found = []
    for slug in slugs:
        review = site.sources.reviews.get(slug)
        if review is None:
            continue
        status = site.statuses[slug]
        if status.is_listed or site.preview:
            found.append((slug, review.meta.title, has_page(status, site.preview)))
    return found


def _briefings_by_theme(site: Site, briefings: list[Briefing]) -> list[tuple[str, str, list[Any]]]:
    """(theme, label, briefings) for each theme that has a public briefing, in vocabulary order."""
    return [(theme, label, found) for theme, label in site.vocabulary.items()
            if (found := [b for b in briefings if theme in b.meta.themes])]


def _by_year(listed: list[tuple[Review, ReviewStatus]]) -> list[tuple[str, list[Any]]]:
    groups: dict[str, list[Any]] = defaultdict(list)
    for review, status in listed:
        day = status.first_published_on or status.scheduled_for
        groups[str(day.year) if day else "Not published"].append((review, status))
    return sorted(groups.items(), key=lambda kv: (not kv[0].isdigit(), -int(kv[0])
                                                  if kv[0].isdigit() else 0))


def _theme_pages(
    site: Site, listed: list[tuple[Review, ReviewStatus]], briefings: list[Briefing]
) -> list[Page]:
    reviews_by_theme: dict[str, list[Any]] = defaultdict(list)
    briefings_by_theme: dict[str, list[Briefing]] = defaultdict(list)
    for review, status in listed:
        if has_page(status, site.preview):
            for theme in review.meta.themes:
                reviews_by_theme[theme].append((review, status))
    for briefing in briefings:
        for theme in briefing.meta.themes:
            briefings_by_theme[theme].append(briefing)
    used = [t for t in site.vocabulary if t in reviews_by_theme or t in briefings_by_theme]
    pages = [Page("themes/index.md", render(
        "themes.md.j2", themes=used, vocabulary=site.vocabulary,
        counts={t: (len(reviews_by_theme[t]), len(briefings_by_theme[t])) for t in used}),
        in_nav=True)]
    for theme in used:
        pages.append(Page(f"themes/{theme}.md", render(
            "theme.md.j2", theme=theme, label=site.vocabulary[theme], badge=badge,
            reviews=reviews_by_theme[theme], briefings=briefings_by_theme[theme],
            learning=[(review, status) for review, status in reviews_by_theme[theme]
                      if shows_text(status, site.preview)],
            briefing_points=key_learning.briefing_points)))
    return pages


def _overdue_on(today: dt.date) -> Any:
    """The templates' ``overdue(action)``: how late it is ('8 months'), or '' if it is not."""
    return lambda action: follow_up.overdue(action, today)


def _stale_on(site: Site) -> Any:
    """The templates' ``stale(action)``: how long ago it was last confirmed ('7 months ago')
    when that is longer than ``action_stale_months``, or '' (``ACTION-STALE``)."""
    months = int(site.options.action_stale_months)
    return lambda action: follow_up.stale(action, site.today, months)


def agency_slugs(agencies: Any) -> dict[str, str]:
    """Each agency's address slug ('Testshire County Council' -> 'testshire-county-council');
    two names that make the same slug get -2, -3 in name order, so no page overwrites
    another."""
    slugs: dict[str, str] = {}
    for agency in sorted(agencies):
        words = re.sub(r"['\u2019]", "", agency.lower())
        base = re.sub(r"[^a-z0-9]+", "-", words).strip("-") or "agency"
        slug, number = base, 1
        while slug in slugs.values():
            number += 1
            slug = f"{base}-{number}"
        slugs[agency] = slug
    return slugs


def _action_tracker(site: Site, listed: list[tuple[Review, ReviewStatus]]) -> dict[str, Any]:
    rows: list[tuple[Review, Action]] = []
    for review, status in listed:
        if shows_text(status, site.preview) and review.response_meta:
            rows += [(review, action) for action in review.response_meta.actions]
    counts: Counter[str] = Counter(action.status for _, action in rows)
    overdue = _overdue_on(site.today)
    agencies: dict[str, Counter[str]] = defaultdict(Counter)
    for _, action in rows:
        agencies[action.agency][action.status] += 1
        agencies[action.agency]["agreed"] += 1
        agencies[action.agency]["overdue"] += 1 if overdue(action) else 0
    counts["overdue"] = sum(1 for _, action in rows if overdue(action))
    return dict(rows=rows, counts=counts, total=len(rows), agencies=sorted(agencies.items()),
                today=site.today, overdue=overdue, stale=_stale_on(site),
                agency_slugs=agency_slugs(agencies))


def action_pages(site: Site, listed: list[tuple[Review, ReviewStatus]]) -> list[Page]:
    """The action tracker (in the navigation) and its filters, one listing page each, so they
    work without JavaScript: overdue actions, each status, each agency."""
    tracker = _action_tracker(site, listed)
    rows, overdue, stale = tracker["rows"], tracker["overdue"], tracker["stale"]
    pages = [Page("actions.md", render("actions.md.j2", **tracker), in_nav=True)]

    def listing(src_uri: str, title: str, intro: str, chosen: list[Any]) -> Page:
        up = "../" * src_uri.count("/")
        return Page(src_uri, render("actions_list.md.j2", title=title, intro=intro, rows=chosen,
                                    up=up, overdue=overdue, stale=stale, today=site.today))

    pages.append(listing(
        "actions/overdue.md", "Overdue actions",
        "Actions past their due date and not yet complete.",
        [(review, action) for review, action in rows if overdue(action)]))
    for status, label in ACTION_STATUS_LABELS.items():
        pages.append(listing(
            f"actions/status/{status}.md", f"Actions: {label.lower()}",
            f"Actions whose status is {label.lower()}.",
            [(review, action) for review, action in rows if action.status == status]))
    for agency, slug in tracker["agency_slugs"].items():
        pages.append(listing(
            f"actions/agency/{slug}.md", f"Actions: {md_text(agency)}",
            f"Actions agreed by {md_text(agency)}.",
            [(review, action) for review, action in rows if action.agency == agency]))
    return pages


def report_links(up: str) -> Any:
    """The yearly report's ``link(kind, slug)`` for a page ``up`` below the site's root."""
    targets = {"review": "reviews/{}/index.md", "response": "reviews/{}/response.md",
               "briefing": "briefings/{}.md", "theme": "themes/{}.md"}
    return lambda kind, slug: up + targets[kind].format(slug)


def absolute_links(site_url: str) -> Any:
    """The yearly report's ``link(kind, slug)`` as addresses on the published site (none
    without a ``site_url``): for the Markdown file pasted into the annual report."""
    targets = {"review": "reviews/{}/", "response": "reviews/{}/response/",
               "briefing": "briefings/{}/", "theme": "themes/{}/"}
    base = site_url.rstrip("/")
    return lambda kind, slug: f"{base}/{targets[kind].format(slug)}" if base else ""


def yearly_report_markdown(report: yearly_report.YearlyReport, site: Site, link: Any, *,
                           heading: bool = True, pdf_url: str = "") -> str:
    """The yearly learning report as Markdown: the site's page, the PDF's body, and the file
    ``lif report`` writes for the annual report."""
    return render("yearly_report.md.j2", report=report, link=link, heading=heading,
                  pdf_url=pdf_url, working_days=bool(site.options.notice_working_days))


def report_pages(site: Site) -> list[Page]:
    """The listing of yearly learning reports and one page per reporting year with public
    activity on the build day (``yearly_report.reporting_years``)."""
    reports = [yearly_report.yearly_report(site, year)
               for year in yearly_report.reporting_years(site)]
    first = yearly_report.ReportingYear(2000, int(site.options.report_year_start))
    pages = [Page("reports/index.md", render(
        "yearly_reports.md.j2", reports=reports, first_month=MONTHS[first.first_day.month - 1],
        last_month=MONTHS[first.last_day.month - 1]))]
    pdf = site.options.pdf and not site.preview
    for report in reports:
        year = report.year.year
        pages.append(Page(report_page(year), yearly_report_markdown(
            report, site, report_links("../../"),
            pdf_url=report_pdf(year).rsplit("/", 1)[1] if pdf else "")))
    return pages


def latest_publications(site: Site, limit: int = 6) -> str:
    """Markdown for the home page: the newest reviews and briefings, newest first, each with
    its type, date and status (the theme puts the search box and the safeguarding panel
    before it)."""
    items: list[tuple[dt.date, str, str, str, str]] = []
    for review, status in site.listed_reviews():
        if status.state is State.PUBLISHED and status.first_published_on:
            items.append((status.first_published_on, REVIEW_TYPE_LABELS[review.meta.type],
                          review.meta.title, f"reviews/{review.slug}/index.md",
                          action_progress(review)))
    for briefing in site.public_briefings():
        status_words = dict(briefing_filters(briefing, site))["Status"]
        items.append((briefing.meta.date, "7-minute briefing", briefing.meta.title,
                      f"briefings/{briefing.slug}.md", status_words))
    items.sort(key=lambda item: (-item[0].toordinal(), item[2]))
    return render("latest.md.j2", items=items[:limit])
