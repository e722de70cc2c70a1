"""Scaffold text nobody replaced: the templates' placeholders still in a page.

``lif new`` and ``lif init`` write files that load, build and pass every other check, so a
review whose ``draft: true`` is removed too early would otherwise be approved and published with
"Fill in: the final report" as its report. Every placeholder in lif's templates therefore takes
one form, a sentence starting ``Fill in:``, which this rule finds with its line and column. In a
review or briefing it is an error (nothing is approved or built with it). On a content page from
``lif init`` it is an error too, so "Fill in: ..." never reaches a deployed About or Request a
report page; in a preview (``lif serve``) it is a warning, so the new site can be looked at
while it is being written. The site's mkdocs.yml is read the same way (``lif init`` leaves a
``Fill in:`` comment where it was not given the site's address). Drafts are not checked: they are
expected to be unfinished and are never published.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from generator.models import Finding, Position, Severity, Source
from generator.rules import Rule, finding, register

if TYPE_CHECKING:
    from generator.site import Site

register(Rule("TEMPLATE-TEXT", "error",
              "A placeholder from lif's templates ('Fill in: ...') is still in a review or "
              "briefing that is not a draft, on a content page or in mkdocs.yml (a warning in lif "
              "serve's preview)."))

PLACEHOLDER_RE = re.compile(r"Fill in:[^\"\n]*")
"""The one form every scaffold placeholder takes (case matters: 'fill in:' in a sentence is
ordinary prose), up to the end of its line or YAML string."""

EXCERPT_CHARS = 50


def check(site: Site) -> list[Finding]:
    """Placeholders in every review and briefing that is not a draft."""
    findings: list[Finding] = []
    for review in site.each_review():
        if not review.meta.draft:
            for source in (review.meta_source, review.report, review.response):
                if source is not None:
                    findings += scan(source)
    for briefing in site.each_briefing():
        if not briefing.meta.draft:
            findings += scan(briefing.source)
    return findings


def scan(source: Source, severity: Severity | None = None) -> list[Finding]:
    """One finding per placeholder in a file (front matter included), at its line and column."""
    found = []
    for number, line in enumerate(source.text.splitlines(), start=1):
        for match in PLACEHOLDER_RE.finditer(line):
            found.append(finding(
                "TEMPLATE-TEXT", source.path, Position(number, match.start() + 1),
                f"the template's placeholder '{_excerpt(match.group(0))}' is still here.",
                "Replace it with the real text (or delete it).", severity))
    return found


def scan_content_page(source: Source, preview: bool) -> list[Finding]:
    """A content page's placeholders: errors, since the page is public as soon as it is built;
    warnings in a preview."""
    return scan(source, "warning" if preview else None)


def scan_site_config(root: Path, preview: bool) -> list[Finding]:
    """The placeholders ``lif init`` leaves in the site's mkdocs.yml (its address)."""
    path = root / "mkdocs.yml"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []  # MkDocs itself has read (or refused) the file before any check runs
    return scan(Source("mkdocs.yml", text, text), "warning" if preview else None)


def _excerpt(text: str) -> str:
    """The placeholder's first words, enough to find it in the file."""
    text = text.rstrip()
    if len(text) <= EXCERPT_CHARS:
        return text
    return text[:EXCERPT_CHARS].rsplit(" ", 1)[0] + "..."
