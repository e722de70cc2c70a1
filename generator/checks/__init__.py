"""Stage 3: every rule over what will be public and over the lifecycle.

Each module is one rule family with plain functions returning findings; ``run_checks`` calls
them all and never stops at the first problem, so an author sees every problem in one build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.checks import (
    actions,
    attachments,
    content,
    documents,
    html,
    lifecycle,
    links,
    placeholders,
    public_text,
    references,
)
from generator.load import CURRENT_FILE

if TYPE_CHECKING:
    from generator.models import Finding
    from generator.site import Site


def run_checks(site: Site, *, scans: bool = True) -> list[Finding]:
    """All findings for a loaded site, in file and line order (``scans=False``: all but the
    scans of the sources' text, ``run_scans``, which ``lif build`` runs while MkDocs works)."""
    findings: list[Finding] = []
    findings += actions.check(site)
    findings += attachments.check(site)
    findings += content.check(site)
    findings += lifecycle.check(site)
    findings += placeholders.check(site)
    if scans:
        findings += run_scans(site)
    findings += references.check(site)
    from generator.checks import public_strings  # names, ledger words, config strings

    findings += public_strings.check(site)
    for review in site.each_review():
        findings += links.check_review_files(review)
    CURRENT_FILE.set("")
    return findings


def run_scans(site: Site, workers: int | None = None) -> list[Finding]:
    """The checks that read every review's and briefing's text in full, the redaction
    detectors and the HTML check, most of the checks' time on a large site (``workers=0``: all
    in this process)."""
    with documents.sources_in_full():
        return html.check(site) + public_text.check(site, workers)
