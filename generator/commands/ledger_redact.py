"""``lif ledger redact N FIELD --reason ...``: correct a published reason without rewriting history.

Identifying text can still reach the ledger (a protected term added later, a name no detector
knows). The chain holds a digest of each free-text field, not its words, so the words can be
replaced by a placeholder while every hash still verifies; a ``redacted`` event (day, entry,
field, reason: never the removed words) is appended, so the history says what was done and why.
"""

from __future__ import annotations

import click

from generator import ledger
from generator.build import check_site as site_for
from generator.checks import public_strings
from generator.errors import RefusedError
from generator.models import Finding, LedgerEvent, Position
from generator.options import config_option, handled, today_option
from generator.rules import finding

STRUCTURAL = ("LEDGER-", "YAML-", "FIELD-", "FILE-")


@click.group("ledger")
def ledger_group() -> None:
    """Correct the publication ledger (its entries are never edited by hand)."""


def _problem(path: str, message: str, hint: str) -> Finding:
    return finding("LIFECYCLE-REFUSED", path, Position(), message, hint)


@ledger_group.command("redact")
@click.argument("number", metavar="N", type=int)
@click.argument("field", metavar="FIELD", type=click.Choice(ledger.FREE_TEXT))
@click.option("--reason", required=True,
              help="Why the text is removed (published with the redaction; never the text).")
@config_option
@today_option
@handled
def redact(number: int, field: str, reason: str, config_file: str, today: str | None) -> None:
    """Replace the text of FIELD of ledger entry N (1 is the first) with a placeholder."""
    site = site_for(config_file, today)[1]
    path = site.root / site.options.ledger
    display = site.options.ledger
    entries = site.sources.ledger
    summary = f"ledger redact refused: nothing was written to {display}"
    problems = [f for f in site.errors if f.path == display and f.severity == "error"
                and f.rule_id.startswith(STRUCTURAL)]  # not the words it is here to remove
    problems += ledger.verify_chain(entries, display)
    if not 1 <= number <= len(entries):
        problems.append(_problem(display, f"there is no entry {number}: the ledger has "
                                 f"{len(entries)}.", "Number entries from 1, oldest first "
                                 "(lif status shows the reviews; ledger.yml lists the entries)."))
        raise RefusedError(problems, summary)
    target = entries[number - 1]
    where = Position(target.line, 1)
    text = getattr(target.event, field)
    if field in target.event.digests:
        problems.append(finding("LIFECYCLE-REFUSED", display, where,
                                f"the {field} of entry {number} was already redacted.",
                                "Nothing to do."))
    elif not text:
        problems.append(finding("LIFECYCLE-REFUSED", display, where,
                                f"entry {number} ({target.event.event}) has no {field}.",
                                "Choose the entry and field to redact "
                                f"({', '.join(ledger.FREE_TEXT)})."))
    if not reason.strip():
        problems.append(_problem("--reason", "the reason is empty.",
                                 "Say why the text is removed (it is published)."))
    problems += public_strings.findings_for(site, [public_strings.argument(
        reason, "--reason", "in the redaction's reason", target.event.review)])
    if problems:
        raise RefusedError(sorted(set(problems), key=lambda f: f.sort_key), summary)
    record = LedgerEvent(event="redacted", review=target.event.review, date=site.today,
                         entry=number, field=field, reason=reason.strip())
    ledger.redact(path, entries, number, field, record)
    click.echo(f"lif: replaced the {field} of entry {number} ({target.event.event} "
               f"{target.event.review} {target.event.date}) with '{ledger.PLACEHOLDER}' and "
               f"recorded 'redacted' on {site.today} in {display} (entry {len(entries) + 1}).")
    click.echo("lif: the removed text is still in git's history of ledger.yml and in any "
               "earlier deployment; ask whoever runs the site's repository to purge it there.")
