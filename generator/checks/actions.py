"""Action follow-up: actions past their due date, and actions nobody has confirmed lately.

The framework asks that improvement be "sustained through regular monitoring and follow-up";
a tracker that shows a status nobody has looked at for a year, or a due date long gone, says
the opposite. These are warnings, never errors: a late action is the partnership's business to
chase, not a reason to stop publishing. ``lif status`` lists these findings after its table;
the dates themselves are worked out in ``generator.follow_up``, shared with the pages.

Only actions of reviews that have been approved and are not withdrawn are followed up: a
draft's actions are not yet agreed, and a withdrawn review's plan is no longer public record.
A complete action is never overdue nor stale.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from generator.follow_up import overdue, plural, stale
from generator.models import Finding, State
from generator.pages import long_date
from generator.rules import Rule, finding, register

if TYPE_CHECKING:
    from generator.models import Review
    from generator.site import Site

register(
    Rule("ACTION-OVERDUE", "warning",
         "An action in a response is past its due date on the build day and not complete."),
    Rule("ACTION-STALE", "warning",
         "An action's status and impact were last confirmed ('updated:') longer ago than "
         "action_stale_months (default 6)."),
)

ACTION_RULES = ("ACTION-OVERDUE", "ACTION-STALE")
"""The follow-up rules, in the order ``lif status`` lists them."""

FOLLOWED_UP = (State.APPROVED, State.SCHEDULED, State.PUBLISHED, State.DELAYED, State.WITHHELD)
"""States whose response's actions are agreed and still followed up."""


def check(site: Site) -> list[Finding]:
    """ACTION-OVERDUE and ACTION-STALE for every followed-up review's actions."""
    found: list[Finding] = []
    for review in site.each_review():
        if review.meta.draft or site.statuses[review.slug].state not in FOLLOWED_UP:
            continue
        found += review_findings(review, site.today, int(site.options.action_stale_months))
    return found


def review_findings(review: Review, today: dt.date, stale_months: int) -> list[Finding]:
    """The follow-up findings of one review's actions, at each action's line."""
    source = review.response
    if source is None or review.response_meta is None:
        return []
    found = []
    for index, action in enumerate(review.response_meta.actions):
        what = f"action {index + 1} of {review.slug} ({action.agency}, {action.status})"
        late = overdue(action, today)
        if late:
            found.append(finding(
                "ACTION-OVERDUE", source.path, source.position("actions", index, "due"),
                f"{what} is due {long_date(action.due)}, {late} overdue.",
                "Ask the agency for its progress: record 'status: complete' when done, or "
                "agree a new due date: change 'due:' and set 'updated:' to that day."))
        since = stale(action, today, stale_months)
        if since and action.updated is not None:
            found.append(finding(
                "ACTION-STALE", source.path, source.position("actions", index, "updated"),
                f"{what} was last confirmed {long_date(action.updated)}, {since} (more than "
                f"{plural(stale_months, 'month')}).",
                "Confirm its status and impact with the agency and set 'updated:' to that day."))
    return found
