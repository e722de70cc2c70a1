"""The publication rules: a week's notice to the Panel, the sources it saw, the minimum listing.

Plain functions over ledger events and loaded reviews, shared by the commands that write the
ledger (``lif approve``, ``panel-copy``, ``publish``, ``withdraw``, ``withhold``, ``delay``),
by the lifecycle checks of every build and by ``lif status``: one set of rules, so a command
can never write what the next build would reject.

The order the rules keep is: approved <= panel copy <= publication - notice <= withdrawal -
minimum listing. Notice is counted in calendar days, or (``notice_working_days: true``) in
working days in England and Wales, skipping weekends and the bank holidays of the ``holidays``
package.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import holidays

from generator.models import LedgerEvent, Review
from generator.rules import Rule, register
from generator.state import add_months, milestones

register(
    Rule("LIFECYCLE-ORDER", "error", "Ledger events of a review are out of order (e.g. a panel copy before approval, a withdrawal before publication)."),  # noqa: E501
    Rule("LIFECYCLE-NOTICE", "error", "A publication is dated before the panel copy plus the notice period (default 7 days)."),  # noqa: E501
    Rule("LIFECYCLE-DIGEST", "error", "The report, response, public metadata or attachments changed after the panel copy was sent."),  # noqa: E501
    Rule("LIFECYCLE-MIN-LISTING", "error", "A review is withdrawn, withheld or delayed before its minimum listing (default 12 months) ends."),  # noqa: E501
    Rule("LIFECYCLE-HIDDEN", "error", "A published review inside its minimum listing was deleted, emptied or marked draft."),  # noqa: E501
    Rule("LIFECYCLE-REFUSED", "error", "A ledger command was refused: the review is not in a state where the step is allowed."),  # noqa: E501
    Rule("LEDGER-HEAD", "error", "The ledger does not extend the one committed at git HEAD: history was rewritten."),  # noqa: E501
    Rule("LEDGER-PREVIOUS", "error", "The ledger does not extend the previous deployment's ledger.json, or that file cannot be read."),  # noqa: E501
)


@dataclass(frozen=True)
class Terms:
    """The publication terms of a site: its notice period and minimum listing."""

    notice_days: int = 7
    working_days: bool = False
    min_listing_months: int = 12

    @property
    def notice_words(self) -> str:
        """'7 days' notice' or '7 working days' notice'."""
        return f"{self.notice_days} {'working ' if self.working_days else ''}days' notice"


@dataclass(frozen=True)
class Breach:
    """One broken rule, at one of a review's events (an index into its events)."""

    rule_id: str
    index: int
    message: str
    hint: str


# --------------------------------------------------------------------------- dates


@cache
def _bank_holidays(year: int) -> frozenset[dt.date]:
    """Bank holidays in England and Wales (the same days in both) for one year."""
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def earliest_publication(copy_on: dt.date, terms: Terms) -> dt.date:
    """The first day a review may be published after a panel copy sent on ``copy_on``."""
    if not terms.working_days:
        return copy_on + dt.timedelta(days=terms.notice_days)
    day, counted = copy_on, 0
    while counted < terms.notice_days:
        day += dt.timedelta(days=1)
        counted += is_working_day(day)
    return day


def first_withdrawal(first_published: dt.date, terms: Terms) -> dt.date:
    """The first day a review may be withdrawn: the end of its minimum listing."""
    return add_months(first_published, terms.min_listing_months)


# --------------------------------------------------------------------------- the sources' digest


def source_digests(review: Review) -> dict[str, str]:
    """SHA-256 of each publishable source: public metadata, report, response, attachments."""
    # fields left unset are left out, so adding an optional field keeps every digest
    meta = review.meta.model_dump(mode="json", exclude={"allow", "draft"}, exclude_none=True)
    public_meta = json.dumps(meta, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    found = {"review.yml (public metadata)": _sha256(public_meta.encode("utf-8"))}
    for name in ("report.md", "response.md"):
        path = review.folder / name
        if path.is_file():
            found[name] = _sha256(path.read_bytes())
    for attachment in review.attachments:
        found[attachment.relative_to(review.folder).as_posix()] = _sha256(attachment.read_bytes())
    return found


def sources_digest(review: Review) -> str:
    """One digest over every publishable source of a review (what the Panel was sent)."""
    listed = sorted(source_digests(review).items())
    lines = "".join(f"{name}\t{digest}\n" for name, digest in listed)
    return _sha256(lines.encode("utf-8"))


def changed_since_copy(slug: str, copy_on: dt.date, copy_digest: str,
                       files: Sequence[str] = ()) -> str:
    """Why the sources no longer match the panel copy, in the words of a finding (naming the
    changed files when the ledger recorded each file's digest: ``ledger.changed_sources``)."""
    if not copy_digest:
        return (f"the panel copy of {slug} sent {copy_on} records no digest of its sources, so "
                "nothing shows the Panel saw this version.")
    if files:
        return (f"{', '.join(files)} of {slug} changed after the panel copy sent {copy_on}.")
    return (f"the report, response, public metadata or attachments of {slug} changed after the "
            f"panel copy sent {copy_on}.")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str:
    return _sha256(path.read_bytes())


# --------------------------------------------------------------------------- the rules


def breaches(events: Sequence[LedgerEvent], terms: Terms) -> list[Breach]:
    """Every rule one review's events (in ledger order) break, each at the event at fault."""
    found: list[Breach] = []
    approved: dt.date | None = None
    copy: dt.date | None = None
    published: list[dt.date] = []
    slug = events[0].review if events else ""
    for index, event in enumerate(events):
        day = event.date
        first = min((d for d in published if d <= day), default=None)

        def add(rule_id: str, message: str, hint: str, index: int = index) -> None:
            found.append(Breach(rule_id, index, message, hint))

        match event.event:
            case "approved":
                approved = approved or day
            case "panel-copy-sent":
                if approved is None or day < approved:
                    add("LIFECYCLE-ORDER", _before_approval("panel copy sent", day, approved),
                        f"Approve it first (lif approve {slug}), then send the copy.")
                copy = event.recorded or day  # notice runs from when the ledger knew of it
            case "published":
                if copy is None:
                    add("LIFECYCLE-NOTICE", f"published {day} but no panel copy was sent.",
                        f"Send the panel copy first (lif panel-copy {slug}); publication may "
                        f"follow after {terms.notice_words}.")
                elif day < (earliest := earliest_publication(copy, terms)):
                    add("LIFECYCLE-NOTICE", f"published {day} but the panel copy was sent "
                        f"{copy}; the earliest allowed date is {earliest} ({terms.notice_words}).",
                        f"Publish on or after {earliest} (lif publish {slug} --on {earliest}).")
                published.append(day)
            case "withdrawn":
                if first is None:
                    add("LIFECYCLE-ORDER", f"withdrawn {day} but it was never published by then.",
                        "Only a published review can be withdrawn.")
                elif day < (until := first_withdrawal(first, terms)):
                    add("LIFECYCLE-MIN-LISTING", _too_early("withdrawn", day, first, until),
                        f"Withdraw it on or after {until} (lif withdraw {slug} --on {until}).")
            case "withheld" | "delayed":
                verb = event.event
                if approved is None or day < approved:
                    add("LIFECYCLE-ORDER", _before_approval(verb, day, approved),
                        f"Approve it first (lif approve {slug}).")
                if first is not None and day < (until := first_withdrawal(first, terms)):
                    add("LIFECYCLE-MIN-LISTING", _too_early(verb, day, first, until),
                        f"It must stay published; from {until} it may be withdrawn "
                        f"(lif withdraw {slug} --on {until}).")
    return found


def _before_approval(what: str, day: dt.date, approved: dt.date | None) -> str:
    if approved is None:
        return f"{what} {day} but the review was not approved."
    return f"{what} {day} but the review was approved on {approved}, later."


def _too_early(verb: str, day: dt.date, first: dt.date, until: dt.date) -> str:
    return (f"{verb} {day} but it was first published {first} and must stay listed until at "
            f"least {until}, the first day it may be withdrawn.")


@dataclass(frozen=True)
class Progress:
    """Where a review's publication stands, for ``lif status`` and the commands."""

    approved_on: dt.date | None
    copy_on: dt.date | None
    copy_digest: str
    first_published: dt.date | None
    may_publish_from: dt.date | None
    may_withdraw_from: dt.date | None


def progress(events: Sequence[LedgerEvent], terms: Terms, today: dt.date) -> Progress:
    """The approval and panel copy (``state.milestones``: the first approval, the latest copy),
    the first publication, and the dates they allow."""
    approved, copy, digest = milestones(events, today)
    published = [e.date for e in events if e.event == "published" and e.date <= today]
    copies = [e for e in events if e.event == "panel-copy-sent" and e.date <= today]
    notice_from = (copies[-1].recorded or copies[-1].date) if copies else None  # late: recorded
    first = min(published, default=None)
    return Progress(
        approved, copy, digest, first,
        earliest_publication(notice_from, terms) if notice_from else None,
        first_withdrawal(first, terms) if first else None,
    )


def public_fields(event: LedgerEvent) -> dict[str, Any]:
    """What ledger.json shows of an event: never a digest or when the Panel was informed."""
    if event.event in ("withheld", "delayed"):
        return {"event": event.event, "review": event.review, "reason": event.reason}
    return {"event": event.event, "review": event.review, "date": event.date.isoformat()}
