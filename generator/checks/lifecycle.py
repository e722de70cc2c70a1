"""Lifecycle rules: the ledger's hash chain and that every event names a real review."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator import ledger
from generator.models import Finding, Position
from generator.rules import finding

if TYPE_CHECKING:
    from generator.site import Site


def check(site: Site) -> list[Finding]:
    source = site.sources.ledger_source
    if source is None:
        return []
    findings = ledger.verify_chain(site.sources.ledger, source.path)
    known = set(site.sources.reviews) | site.unloadable_reviews
    for entry in site.sources.ledger:
        if entry.event.review not in known:
            findings.append(finding(
                "LEDGER-UNKNOWN-REVIEW", source.path, Position(entry.line, 1),
                f"'{entry.event.event}' names the review '{entry.event.review}', which has no "
                "folder in reviews/.",
                "Restore the review's folder: a review in the ledger may not be deleted."))
    return findings
