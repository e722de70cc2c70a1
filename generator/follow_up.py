"""When an action is late or stale: one home for the dates, shared by the ACTION-OVERDUE and
ACTION-STALE checks (``generator.checks.actions``), the response page and the action tracker,
so they always agree. A complete action is never overdue nor stale.
"""

from __future__ import annotations

import datetime as dt

from generator.models import Action
from generator.state import add_months


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from ``start`` to ``end`` (31 March to 4 December is 8)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if add_months(start, months) > end else months


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def how_long(start: dt.date, end: dt.date) -> str:
    """'8 months', or '12 days' under a month: how late, in the words a reader uses."""
    months = months_between(start, end)
    return plural(months, "month") if months else plural((end - start).days, "day")


def overdue(action: Action, today: dt.date) -> str:
    """How late the action is ('8 months') if it is past its due date and not complete, else ''.

    Due today is not overdue: the agency has until the end of its due day.
    """
    if action.status == "complete" or action.due >= today:
        return ""
    return how_long(action.due, today)


def stale(action: Action, today: dt.date, stale_months: int) -> str:
    """'9 months ago' if the action was last confirmed more than ``stale_months`` before
    ``today`` and is not complete, else ''. An action without ``updated:`` is never stale:
    nothing says when it was confirmed, and the due date already catches the late ones."""
    if action.status == "complete" or action.updated is None:
        return ""
    if add_months(action.updated, stale_months) >= today:
        return ""
    return f"{how_long(action.updated, today)} ago"
