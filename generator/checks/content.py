"""Content rules: themes from the vocabulary, briefings' review references, the 7-minute form."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from generator.checks import headings
from generator.models import Briefing, Finding, Position, Source
from generator.rules import finding

if TYPE_CHECKING:
    from generator.site import Site

SECTION_RE = re.compile(r"^##\s+(\d+)[.)]\s+\S")


def check(site: Site) -> list[Finding]:
    findings: list[Finding] = []
    for review in site.each_review():
        findings += _themes(review.meta.themes, review.meta_source, site)
        for name, source in (("report", review.report), ("response", review.response)):
            if source is not None and not source.body.strip():
                findings.append(finding(
                    "REPORT-NO-TEXT", source.path, Position(source.body_line, 1),
                    f"the {name} has no text after its front matter.",
                    f"Write the {name}, or mark the review draft: true."))
            if source is not None:
                findings += headings.check_source(source)
    for briefing in site.each_briefing():
        findings += _themes(briefing.meta.themes, briefing.source, site)
        findings += _briefing_reviews(briefing, site)
        findings += headings.check_source(briefing.source)
        if briefing.meta.format == "seven-minute":
            findings += seven_sections(briefing.source)
    return findings


def _themes(themes: list[str], source: Source, site: Site) -> list[Finding]:
    found = []
    for i, theme in enumerate(themes):
        if theme not in site.vocabulary:
            close = [t for t in site.vocabulary if theme.lower() in t or t in theme.lower()]
            hint = (f"Did you mean '{close[0]}'?" if close else
                    "Use a theme from the site's vocabulary ('lif status --themes' lists "
                    "them), or add it under extra_themes in mkdocs.yml.")
            found.append(finding("THEME-UNKNOWN", source.path, source.position("themes", i),
                                 f"'{theme}' is not a theme in the site's vocabulary.", hint))
    return found


def _briefing_reviews(briefing: Briefing, site: Site) -> list[Finding]:
    found = []
    # A review folder or ledger that failed to load is reported already; do not pile on.
    ledger_broken = any(f.path == site.options.ledger for f in site.sources.findings)
    for i, slug in enumerate(briefing.meta.reviews):
        where = briefing.source.position("reviews", i)
        if slug not in site.sources.reviews and slug in site.unloadable_reviews:
            continue
        if slug not in site.sources.reviews:
            found.append(finding("BRIEFING-UNKNOWN-REVIEW", briefing.source.path, where,
                                 f"the briefing draws on '{slug}', but there is no review "
                                 "folder of that name.",
                                 "Check the slug against the folders in reviews/."))
            continue
        status = site.status_on(slug, briefing.meta.date)
        if ledger_broken:
            continue
        if status.first_published_on is None and site.is_public_briefing(briefing):
            found.append(finding(
                "BRIEFING-REVIEW-NOT-PUBLIC", briefing.source.path, where,
                f"the briefing (dated {briefing.meta.date}) draws on '{slug}', which is not "
                "published by that date, so it would point at an embargoed review.",
                "Move the briefing's date to on or after the review's publication, or "
                "remove the review from its list."))
    return found


def seven_sections(source: Source) -> list[Finding]:
    """A 7-minute briefing needs '## 1.' to '## 7.' in order (further sections may follow)."""
    numbers = []
    first_line = source.body_line
    for offset, text in enumerate(source.body.splitlines()):
        match = SECTION_RE.match(text)
        if match:
            numbers.append((int(match.group(1)), first_line + offset))
    expected = list(range(1, 8))
    got = [n for n, _ in numbers]
    if got == expected:
        return []
    where = Position(first_line, 1)
    for index, (number, line) in enumerate(numbers):
        if index >= 7 or number != index + 1:
            where = Position(line, 1)
            break
    else:
        if numbers:
            where = Position(numbers[-1][1], 1)
    shown = ", ".join(str(n) for n in got) or "none"
    return [finding("BRIEFING-SEVEN-SECTIONS", source.path, where,
                    f"a 7-minute briefing needs sections numbered 1 to 7 in order; found {shown}.",
                    "Use headings '## 1. Background' ... '## 7. What to do', or set "
                    "'format: free' in the front matter.")]
