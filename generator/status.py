"""``lif status``: each review's state on a day, what it waits for, and from when."""

from __future__ import annotations

from generator import publication
from generator.checks import actions
from generator.checks.lifecycle import terms_of
from generator.config import LifConfig, theme_vocabulary
from generator.models import State
from generator.pages import long_date
from generator.site import Site
from generator.state import ReviewStatus


def next_step(site: Site, slug: str, status: ReviewStatus) -> str:
    """What the review waits for and the first day each next step is allowed."""
    terms = terms_of(site)
    events = [e for e in site.events if e.review == slug]
    done = publication.progress(events, terms, site.today)
    review = site.sources.reviews[slug]
    changed = (done.copy_on is not None and not review.meta.draft
               and publication.sources_digest(review) != done.copy_digest)
    resend = (f"changed since the panel copy of {done.copy_on}: send a new copy "
              f"(lif panel-copy {slug})")
    match status.state:
        case State.DRAFT:
            if review.meta.draft:
                return "draft: waits for 'draft: true' to be removed, then approval (lif approve)"
            return "waits for approval (lif approve)"
        case State.WITHHELD:
            informed = [e.panel_informed for e in events if e.event == "withheld"][-1]
            return f"not published (the Panel was informed {informed})"
        case State.APPROVED | State.DELAYED:
            prefix = f"delayed ({status.reason}); " if status.state is State.DELAYED else ""
            if done.copy_on is None:
                return prefix + f"waits for the panel copy (lif panel-copy {slug})"
            if changed:
                return prefix + resend
            return prefix + (f"panel copy sent {done.copy_on}; may publish from "
                             f"{done.may_publish_from}")
        case State.SCHEDULED:
            until = publication.first_withdrawal(status.scheduled_for, terms) \
                if status.scheduled_for else None
            text = f"embargoed until {status.scheduled_for}; listed until at least {until}"
            return text + (f"; {resend}" if changed else "")
        case State.PUBLISHED:
            until = status.listed_until
            text = (f"listed until at least {until}; may be withdrawn from {until}"
                    if until and site.today < until else
                    f"minimum listing ended {until}; may be withdrawn (lif withdraw {slug} --on "
                    "DATE)")
            return text + (f"; {resend}" if changed else "")
        case State.WITHDRAWN:
            return f"available on request since {status.withdrawn_on}"
    return ""


def status_table(site: Site) -> str:
    """A plain-text table, one review a line, sorted by slug."""
    rows = [("REVIEW", "STATE", "NEXT")]
    for slug in sorted(site.sources.reviews):
        status = site.statuses[slug]
        rows.append((slug, status.state.value, next_step(site, slug, status)))
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    lines = [f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c}".rstrip() for a, b, c in rows]
    return f"Reviews on {long_date(site.today)}:\n" + "\n".join(lines) + "\n" + \
        follow_up_lines(site)


def follow_up_lines(site: Site) -> str:
    """The actions to chase on the day (ACTION-OVERDUE, ACTION-STALE), one finding a line."""
    found = [f for f in site.findings if f.rule_id in actions.ACTION_RULES]
    if not found:
        return ""
    return f"\nActions to follow up on {long_date(site.today)}:\n" + "".join(
        f.format() + "\n" for f in sorted(found, key=lambda f: f.sort_key))


def theme_table(options: LifConfig) -> str:
    """``lif status --themes``: each theme a review or briefing may name, and its label."""
    vocabulary = theme_vocabulary(options)
    width = max(map(len, vocabulary))
    return "".join(f"{slug:<{width}}  {label}\n" for slug, label in vocabulary.items())
