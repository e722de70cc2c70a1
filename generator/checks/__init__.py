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


def run_checks(site: Site) -> list[Finding]:
    """All findings for a loaded site, in file and line order."""
    findings: list[Finding] = []
    findings += actions.check(site)
    findings += attachments.check(site)
    findings += content.check(site)
    findings += html.check(site)
    findings += lifecycle.check(site)
    findings += placeholders.check(site)
    findings += public_text.check(site)
    findings += references.check(site)
    from generator.checks import public_strings  # names, ledger words, config strings

    findings += public_strings.check(site)
    for review in site.each_review():
        findings += links.check_review_files(review)
    CURRENT_FILE.set("")
    return findings
