"""Stage 2: each review's state on a given day, as a pure function of its ledger events.

Metadata says what a review is; the ledger says what happened to it. Nothing here reads files
or the clock: the build passes ``today`` in, so a nightly rebuild publishes scheduled reviews
on their day and ``--today`` previews any other day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from generator.models import LedgerEvent, State

LONDON = ZoneInfo("Europe/London")

_STATE_OF_EVENT = {
    "approved": State.APPROVED,
    "published": State.PUBLISHED,
    "withdrawn": State.WITHDRAWN,
    "withheld": State.WITHHELD,
    "delayed": State.DELAYED,
}


@dataclass(frozen=True)
class ReviewStatus:
    """What a review is on a day, and the dates the public record shows."""

    state: State
    approved_on: dt.date | None = None
    panel_copy_on: dt.date | None = None
    first_published_on: dt.date | None = None
    scheduled_for: dt.date | None = None
    withdrawn_on: dt.date | None = None
    listed_until: dt.date | None = None
    reason: str = ""
    panel_digest: str = ""

    @property
    def is_listed(self) -> bool:
        """Listed on the site at all (with full text, a stub or a status line)."""
        return self.state in (State.PUBLISHED, State.WITHDRAWN, State.DELAYED, State.WITHHELD)

    @property
    def has_public_text(self) -> bool:
        """The report, response and their PDFs are on the site."""
        return self.state is State.PUBLISHED


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day ``months`` later; 29 February becomes 28 February in a common year."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_status(
    events: Iterable[LedgerEvent], today: dt.date, min_listing_months: int = 12,
    draft: bool = False,
) -> ReviewStatus:
    """The state of one review on ``today`` from its events in ledger order.

    Events dated after ``today`` have not happened yet, except a publication: a future
    ``published`` event appended after the last event that has happened schedules the review
    (embargo until that day). A later event in ledger order supersedes an earlier one, so a
    delay recorded after a scheduled publication holds the review back.
    """
    events = list(events)
    if draft:
        return ReviewStatus(State.DRAFT)
    state = State.DRAFT
    first_published = scheduled = withdrawn_on = None
    reason = ""
    for event in events:
        if event.date > today:
            if event.event == "published":
                scheduled = event.date
            continue
        if event.event == "panel-copy-sent":
            continue
        if event.event not in _STATE_OF_EVENT:
            continue  # the ledger's own record keeping (a redaction), not a step of the review
        new_state = _STATE_OF_EVENT[event.event]
        if new_state is State.APPROVED and state is not State.DRAFT:
            continue
        scheduled = None
        state = new_state
        if state is State.PUBLISHED:
            # The earliest day it went public, even if a re-dated publication was recorded later.
            first_published = min(first_published or event.date, event.date)
            withdrawn_on = None
        elif state is State.WITHDRAWN:
            withdrawn_on = event.date
        if state in (State.WITHHELD, State.DELAYED):
            reason = event.reason
    if scheduled is not None and state not in (State.PUBLISHED, State.WITHDRAWN):
        state = State.SCHEDULED
    approved_on, panel_copy_on, digest = milestones(events, today)
    listed_until = (
        add_months(first_published, min_listing_months) if first_published else None
    )
    return ReviewStatus(
        state, approved_on, panel_copy_on, first_published,
        scheduled if state is State.SCHEDULED else None, withdrawn_on, listed_until, reason,
        digest,
    )


def milestones(events: Iterable[LedgerEvent],
               today: dt.date) -> tuple[dt.date | None, dt.date | None, str]:
    """The one reading of a review's approval and panel copy from its events up to ``today``:
    the FIRST approval (a review is approved once; ``lif approve`` refuses a second) and the
    LATEST panel copy with its digest (a new copy replaces the old). ``review_status`` and
    ``publication.progress`` both use it, so the status table, the lifecycle checks and the
    ledger commands name the same days."""
    approved: dt.date | None = None
    copy: dt.date | None = None
    digest = ""
    for event in events:
        if event.date > today:
            continue
        if event.event == "approved" and approved is None:
            approved = event.date
        elif event.event == "panel-copy-sent":
            copy, digest = event.date, event.digest
    return approved, copy, digest


def statuses(
    events: Sequence[LedgerEvent], slugs: Iterable[str], today: dt.date,
    min_listing_months: int, drafts: Iterable[str] = (),
) -> dict[str, ReviewStatus]:
    """The status of every review slug on ``today``."""
    drafts = set(drafts)
    by_review = events_by_review(events)
    return {
        slug: review_status(by_review.get(slug, []), today, min_listing_months, slug in drafts)
        for slug in slugs
    }


def events_by_review(events: Iterable[LedgerEvent]) -> dict[str, list[LedgerEvent]]:
    """Each review's events in ledger order: one pass, instead of one per review."""
    grouped: dict[str, list[LedgerEvent]] = {}
    for event in events:
        grouped.setdefault(event.review, []).append(event)
    return grouped


EPOCH_RE = re.compile(r"[0-9]+")
LAST_EPOCH = 4294967295
"""06:28:15 UTC on 7 February 2106: the last second the gzip header of MkDocs' sitemap.xml.gz
can hold (a later one crashes the build)."""


class EpochError(ValueError):
    """``SOURCE_DATE_EPOCH`` is set to something that is not a time lif (or MkDocs) can use."""


def source_date_epoch(environ: dict[str, str] | None = None) -> int | None:
    """``SOURCE_DATE_EPOCH`` in whole seconds, None if unset or empty.

    Anything but the digits ``date +%s`` prints is refused, rather than read as some other day:
    '-5' would build the site for 1969, and MkDocs itself crashes on 'abc'."""
    environ = dict(os.environ) if environ is None else environ
    value = environ.get("SOURCE_DATE_EPOCH", "")
    if not value:
        return None
    if not EPOCH_RE.fullmatch(value) or int(value) > LAST_EPOCH:
        shown = value if len(value) <= 40 else value[:40] + "..."
        raise EpochError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 UTC (as "
                         f"'date +%s' prints them, at most 4294967295), not '{shown}': set it "
                         "to such a number, or unset it.")
    return int(value)


def resolve_today(option: str | None, environ: dict[str, str] | None = None) -> dt.date:
    """The day the site is built for: ``--today``, else ``SOURCE_DATE_EPOCH``, else London today.

    ``SOURCE_DATE_EPOCH`` is checked even when ``--today`` is given (``EpochError``): the build
    still reads it for file times, and so does MkDocs."""
    epoch = source_date_epoch(environ)
    if option:
        return dt.date.fromisoformat(option)
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, tz=LONDON).date()
    return dt.datetime.now(tz=LONDON).date()
