"""``lif status``: each review's state on a day, and what it is waiting for."""

from __future__ import annotations

from generator.models import State
from generator.pages import long_date
from generator.site import Site
from generator.state import ReviewStatus


def next_step(status: ReviewStatus) -> str:
    """What the review waits for, in the words a business-unit officer would use."""
    match status.state:
        case State.DRAFT:
            return "waits for approval (lif approve)"
        case State.APPROVED:
            if status.panel_copy_on:
                return f"panel copy sent {status.panel_copy_on}; waits for lif publish"
            return "waits for the panel copy (lif panel-copy)"
        case State.SCHEDULED:
            return f"embargoed until {status.scheduled_for}"
        case State.PUBLISHED:
            return f"listed until at least {status.listed_until}"
        case State.WITHDRAWN:
            return f"available on request since {status.withdrawn_on}"
        case State.WITHHELD:
            return "not published"
        case State.DELAYED:
            return "delayed in publication"
    return ""


def status_table(site: Site) -> str:
    """A plain-text table, one review a line, sorted by slug."""
    rows = [("REVIEW", "STATE", "NEXT")]
    for slug in sorted(site.sources.reviews):
        status = site.statuses[slug]
        rows.append((slug, status.state.value, next_step(status)))
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    lines = [f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c}".rstrip() for a, b, c in rows]
    return f"Reviews on {long_date(site.today)}:\n" + "\n".join(lines) + "\n"
