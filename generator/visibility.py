"""What is public on a day, and where each public item lives: the one answer every stage uses.

Pages, PDFs, feeds, the search index and the checks all ask here whether a review or briefing
shows on a day, whether its text does, and at which address its page and PDF are, so that what
is built, what is scanned and what is listed cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from generator.models import Briefing, Review, State
from generator.state import ReviewStatus

# ----------------------------------------------------------------------------- on a day


def is_public_briefing(briefing: Briefing, today: dt.date) -> bool:
    """A briefing is public from its date, unless it is a draft."""
    return not briefing.meta.draft and briefing.meta.date <= today


def has_page(status: ReviewStatus, preview: bool) -> bool:
    """Published and withdrawn reviews have a page (withdrawn: a stub); others only a line."""
    return preview or status.state in (State.PUBLISHED, State.WITHDRAWN)


def shows_text(status: ReviewStatus, preview: bool) -> bool:
    """The report and response (and their PDFs) are on the site: published reviews only."""
    return preview or status.has_public_text


def is_listed(status: ReviewStatus, list_withheld: bool, preview: bool) -> bool:
    """The review appears in the listings (with its page, a stub or a status line)."""
    if status.state is State.WITHHELD and not list_withheld:
        return False
    return status.is_listed or preview


def listed_reviews(reviews: Iterable[Review], statuses: dict[str, ReviewStatus],
                   list_withheld: bool, preview: bool) -> list[tuple[Review, ReviewStatus]]:
    """Reviews that appear in listings, newest publication first."""
    shown = [(review, statuses[review.slug]) for review in reviews
             if is_listed(statuses[review.slug], list_withheld, preview)]
    far = dt.date.max
    shown.sort(key=lambda rs: (-(rs[1].first_published_on or rs[1].scheduled_for or far)
                               .toordinal(), rs[0].slug))
    return shown


def public_briefings(briefings: Iterable[Briefing], today: dt.date,
                     preview: bool) -> list[Briefing]:
    """Briefings on the site on ``today`` (every one in preview), newest first."""
    chosen = [b for b in briefings if preview or is_public_briefing(b, today)]
    return sorted(chosen, key=lambda b: (-b.meta.date.toordinal(), b.slug))


# ----------------------------------------------------------------------------- addresses


def review_page(slug: str, part: str = "index") -> str:
    """The source path of a review's page (``index``), or of its ``report`` or ``response``."""
    return f"reviews/{slug}/{part}.md"


def review_pdf(slug: str) -> str:
    """Where a published review's PDF is written in the site."""
    return f"reviews/{slug}/{slug}.pdf"


def briefing_page(slug: str) -> str:
    return f"briefings/{slug}.md"


def briefing_pdf(slug: str) -> str:
    """Where a public briefing's PDF is written in the site."""
    return f"briefings/{slug}.pdf"


def yearly_report_page(year: int) -> str:
    """The source path of the yearly learning report of the reporting year ``year``."""
    return f"reports/{year}/index.md"


def yearly_report_pdf(year: int) -> str:
    """Where the yearly learning report's PDF is written, beside its page."""
    return f"reports/{year}/learning-report-{year}.pdf"
