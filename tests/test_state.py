"""The lifecycle: a review's state on a day as a pure function of its ledger events."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from generator.models import LedgerEvent, State
from generator.state import EpochError, add_months, resolve_today, review_status

D = dt.date.fromisoformat


def ev(kind: str, day: str, **extra: str) -> LedgerEvent:
    return LedgerEvent(event=kind, review="child-t", date=D(day), **extra)  # type: ignore[arg-type]


TODAY = D("2026-11-23")


def test_no_events_is_draft() -> None:
    """A review with no ledger events is a draft."""
    assert review_status([], TODAY).state is State.DRAFT


def test_draft_flag_overrides_events() -> None:
    """draft: true in review.yml keeps a review draft whatever the ledger says."""
    events = [ev("approved", "2025-01-01"), ev("published", "2025-02-01")]
    assert review_status(events, TODAY, draft=True).state is State.DRAFT


def test_published_review_is_listed_for_twelve_months() -> None:
    """A published review records its first publication and the end of its minimum listing."""
    events = [ev("approved", "2025-04-20"), ev("panel-copy-sent", "2025-05-06"),
              ev("published", "2025-05-20")]
    status = review_status(events, TODAY)
    assert status.state is State.PUBLISHED
    assert (status.approved_on, status.panel_copy_on, status.first_published_on,
            status.listed_until) == (D("2025-04-20"), D("2025-05-06"), D("2025-05-20"),
                                     D("2026-05-20"))


def test_future_publication_is_scheduled_until_its_day() -> None:
    """A publication dated after today embargoes the review; on its day it is published."""
    events = [ev("approved", "2026-11-02"), ev("panel-copy-sent", "2026-11-18"),
              ev("published", "2026-12-09")]
    before = review_status(events, D("2026-12-08"))
    on_day = review_status(events, D("2026-12-09"))
    assert (before.state, before.scheduled_for) == (State.SCHEDULED, D("2026-12-09"))
    assert (on_day.state, on_day.first_published_on) == (State.PUBLISHED, D("2026-12-09"))


def test_withdrawn_keeps_first_publication_date() -> None:
    """A withdrawn review remembers when it was published and when it was withdrawn."""
    events = [ev("approved", "2024-05-01"), ev("published", "2024-06-12"),
              ev("withdrawn", "2025-09-01")]
    status = review_status(events, TODAY)
    assert (status.state, status.first_published_on, status.withdrawn_on) == (
        State.WITHDRAWN, D("2024-06-12"), D("2025-09-01"))
    assert not status.has_public_text


def test_withheld_and_delayed_carry_their_public_reason() -> None:
    """Withheld and delayed reviews keep the public reason given in the ledger."""
    withheld = review_status([ev("approved", "2026-01-01"),
                              ev("withheld", "2026-03-02", reason="Not in the public interest.")],
                             TODAY)
    delayed = review_status([ev("approved", "2026-01-01"),
                             ev("delayed", "2026-07-01", reason="Criminal proceedings.")], TODAY)
    assert (withheld.state, withheld.reason) == (State.WITHHELD, "Not in the public interest.")
    assert (delayed.state, delayed.reason) == (State.DELAYED, "Criminal proceedings.")


def test_delay_recorded_after_a_schedule_holds_the_review_back() -> None:
    """A delay appended after a future publication supersedes the schedule."""
    events = [ev("approved", "2026-10-01"), ev("published", "2026-12-09"),
              ev("delayed", "2026-11-20", reason="Proceedings.")]
    assert review_status(events, TODAY).state is State.DELAYED


def test_publication_after_a_delay_publishes() -> None:
    """Publishing a delayed review once proceedings end makes it public on that day."""
    events = [ev("approved", "2026-01-01"), ev("delayed", "2026-02-01", reason="Proceedings."),
              ev("published", "2026-11-01")]
    assert review_status(events, TODAY).state is State.PUBLISHED


def test_events_after_today_have_not_happened() -> None:
    """An approval dated tomorrow leaves the review a draft today."""
    assert review_status([ev("approved", "2026-11-24")], TODAY).state is State.DRAFT


@pytest.mark.parametrize(("day", "months", "expected"), [
    ("2025-05-20", 12, "2026-05-20"),
    ("2024-02-29", 12, "2025-02-28"),
    ("2024-02-29", 48, "2028-02-29"),
    ("2025-01-31", 1, "2025-02-28"),
])
def test_add_months_keeps_the_day_or_the_month_end(day: str, months: int, expected: str) -> None:
    """Minimum listing ends on the same day months later, or the month's last day."""
    assert add_months(D(day), months) == D(expected)


def test_every_sequence_of_past_events_gives_the_state_of_its_last_event() -> None:
    """Over all orders of state-changing events, the last effective one decides the state."""
    kinds = ["published", "withdrawn", "withheld", "delayed"]
    expected = {"published": State.PUBLISHED, "withdrawn": State.WITHDRAWN,
                "withheld": State.WITHHELD, "delayed": State.DELAYED}
    for length in range(1, 4):
        for combo in itertools.product(kinds, repeat=length):
            events = [ev("approved", "2024-01-01")]
            events += [ev(kind, f"2024-0{i + 2}-01", reason="r") for i, kind in enumerate(combo)]
            assert review_status(events, TODAY).state is expected[combo[-1]], combo


def test_today_comes_from_option_then_source_date_epoch() -> None:
    """--today wins; otherwise SOURCE_DATE_EPOCH fixes the day (in London)."""
    assert resolve_today("2026-01-02", {}) == D("2026-01-02")
    assert resolve_today(None, {"SOURCE_DATE_EPOCH": "1782864000"}) == D("2026-07-01")


def test_source_date_epoch_is_checked_even_beside_today() -> None:
    """The last second a build can write is accepted; one more, or a bad value, is refused even
    when --today is given (the build still reads SOURCE_DATE_EPOCH for file times)."""
    assert resolve_today(None, {"SOURCE_DATE_EPOCH": "4294967295"}) == D("2106-02-07")
    for bad in ("4294967296", "-5"):
        with pytest.raises(EpochError):
            resolve_today("2026-01-02", {"SOURCE_DATE_EPOCH": bad})


def test_status_and_progress_read_the_same_approval_and_copy() -> None:
    """Two approvals and two copies: the status table and the commands both name the first
    approval and the latest copy."""
    from generator import publication

    events = [ev("approved", "2026-01-05"), ev("approved", "2026-02-01"),
              ev("panel-copy-sent", "2026-02-03", digest="a"),
              ev("panel-copy-sent", "2026-02-10", digest="b")]
    status = review_status(events, D("2026-03-01"))
    done = publication.progress(events, publication.Terms(7, False, 12), D("2026-03-01"))
    assert (status.approved_on, status.panel_copy_on, status.panel_digest) == (
        D("2026-01-05"), D("2026-02-10"), "b")
    assert (done.approved_on, done.copy_on, done.copy_digest) == (
        D("2026-01-05"), D("2026-02-10"), "b")


def test_a_copy_after_the_day_is_not_yet_sent() -> None:
    """Near miss: on a day before the copy, neither reading counts it."""
    from generator import publication

    events = [ev("approved", "2026-01-05"), ev("panel-copy-sent", "2026-02-10", digest="b")]
    status = review_status(events, D("2026-02-01"))
    done = publication.progress(events, publication.Terms(7, False, 12), D("2026-02-01"))
    assert (status.panel_copy_on, done.copy_on) == (None, None)
