"""``lif approve|panel-copy|publish|withdraw|withhold|delay|ledger redact``: the only writers of
the ledger.

Each command loads the site, checks the review and the ledger, and checks the event it would
append against the publication rules (``generator.publication``, the same rules every build
applies). ``approve``, ``panel-copy`` and ``publish`` also put the review's own text through the
redaction detectors whatever its state. On refusal nothing is written, every reason is printed,
and the exit code is 1.

What is appended is public (the listing, ``ledger.json``) and permanent, so the slug and every
word an officer types (reasons) go through the same detectors first (``_public_text``). The
ledger records what happened, when: approval and a panel copy cannot be dated in the future, and
an event dated before the day it is recorded needs ``--recorded-late REASON`` and is marked so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import click

from generator import ledger, publication
from generator.build import check_site as site_for
from generator.checks import lifecycle, public_strings
from generator.checks.lifecycle import terms_of
from generator.errors import FindingsError, RefusedError
from generator.models import EventKind, Finding, LedgerEvent, Position, Review, State
from generator.options import (
    Decorator,
    config_option,
    handled,
    parse_day,
    print_findings,
    today_option,
)
from generator.rules import finding
from generator.site import Site


def on_option(required: bool = False) -> Decorator:
    def decorate(func: Any) -> Any:
        func = click.option(
            "--recorded-late", "recorded_late", metavar="REASON", default="",
            help="Why an event dated before today is recorded only now (it is published).")(func)
        return click.option(
            "--on", "on", metavar="YYYY-MM-DD", required=required,
            help="The day it happens" + ("." if required else " (default: today)."))(func)
    return decorate


# ------------------------------------------------------------ what is recorded, when, in what words


def _public_text(site: Site, slug: str, texts: Sequence[tuple[str, str, str]]) -> list[Finding]:
    """The slug and the free text a command would append, through the redaction detectors and
    the plain-text rule, each finding at its command-line option: the ledger is public and
    permanent, so nothing identifying is ever appended."""
    items = [public_strings.argument(slug, "SLUG", "in the slug (published in every URL and the "
                                     "ledger)", slug, name=True)]
    items += public_strings.texts_of(texts, slug)
    return public_strings.findings_for(site, items)


def _when(site: Site, slug: str, day: dt.date, recorded_late: str, future: bool
          ) -> tuple[dict[str, Any], list[Finding]]:
    """The late-record fields for an event on ``day`` recorded today, and what forbids it."""
    found = []
    late = recorded_late.strip()
    if day > site.today and not future:
        found.append(_refused(site, slug, f"--on {day} is after today ({site.today}): the ledger "
                              "records what has happened.", "Record it on the day it happens."))
    if day < site.today and not late:
        found.append(_refused(site, slug, f"--on {day} is before today ({site.today}).",
                              "Say why it is recorded only now with --recorded-late \"...\" "
                              "(published with the event); notice runs from today."))
    if day >= site.today and late:
        found.append(_refused(site, slug, f"--recorded-late given, but --on {day} is not before "
                              f"today ({site.today}).", "Leave out --recorded-late."))
    if day < site.today and late:
        return {"recorded": site.today, "recorded_late": late}, found
    return {}, found


def _day(value: str | None, site: Site) -> dt.date:
    return parse_day(value, "--on") if value else site.today


def _where(site: Site, slug: str) -> str:
    return f"{site.options.reviews_dir}/{slug}/review.yml"


def _refused(site: Site, slug: str, message: str, hint: str,
             rule_id: str = "LIFECYCLE-REFUSED") -> Finding:
    return finding(rule_id, _where(site, slug), Position(), message, hint)


def _review(site: Site, slug: str, command: str) -> Review:
    review = site.sources.reviews.get(slug)
    if review is None:
        folder = f"{site.options.reviews_dir}/{slug}"
        hint = ("The folder exists but does not load: fix the errors above." if
                slug in site.unloadable_reviews else "Check the slug against the folders in "
                f"{site.options.reviews_dir}/.")
        problems = [f for f in site.errors if f.path.startswith(folder + "/")]
        raise RefusedError([*problems, _refused(site, slug, f"there is no review '{slug}'.",
                                                hint)], _summary(site, command))
    return review


def _summary(site: Site, command: str) -> str:
    return f"{command} refused: nothing was written to {site.options.ledger}"


def _blocking(site: Site, slug: str) -> list[Finding]:
    """Errors that forbid writing: any in the review's files or in the ledger itself.

    Not a change since the panel copy: a new copy is its remedy, and publish states that
    breach in its own words."""
    folder = f"{site.options.reviews_dir}/{slug}/"
    ledger_path = site.sources.ledger_source.path if site.sources.ledger_source else ""
    return [f for f in site.errors if (f.path.startswith(folder) or f.path == ledger_path)
            and f.rule_id != "LIFECYCLE-DIGEST"]


def _refuse_if_broken(site: Site, command: str, event: LedgerEvent,
                      extra: Sequence[Finding] = ()) -> None:
    """Refuse, writing nothing, if ``event`` after the review's events so far breaks a rule."""
    slug = event.review
    own = [e for e in site.events if e.review == slug]
    problems = list(dict.fromkeys([*_blocking(site, slug), *extra]))
    for breach in publication.breaches([*own, event], terms_of(site)):
        if breach.index == len(own):
            problems.append(_refused(site, slug, breach.message, breach.hint, breach.rule_id))
    if problems:
        raise RefusedError(problems, _summary(site, command))


def _redaction(site: Site, review: Review) -> list[Finding]:
    """The review's own fields and text through the redaction detectors, whatever its state:
    the site's checks scan a review only once it is published, after these commands have sent
    and scheduled it. Errors the site's checks already reported are not repeated."""
    known = set(site.findings)
    found = [f for f in lifecycle.step_findings(site, review) if f not in known]
    print_findings([f for f in found if f.severity != "error"])  # fixable before the copy
    return [f for f in found if f.severity == "error"]


def _append(site: Site, event: LedgerEvent) -> None:
    ledger.append_event(site.root / site.options.ledger, event, site.sources.ledger)
    click.echo(f"lif: recorded '{event.event}' for {event.review} on {event.date} in "
               f"{site.options.ledger} (entry {len(site.sources.ledger) + 1}).")


def _record(site: Site, command: str, event: LedgerEvent,
            extra: Sequence[Finding] = ()) -> None:
    """Check ``event`` against the rules with the review's events so far; append it or refuse."""
    _refuse_if_broken(site, command, event, extra)
    _append(site, event)


def _event(kind: EventKind, slug: str, day: dt.date, **fields: Any) -> LedgerEvent:
    return LedgerEvent(event=kind, review=slug, date=day, **fields)


def _site(config_file: str, today: str | None) -> Site:
    return site_for(config_file, today)[1]


@click.command()
@click.argument("slug")
@on_option()
@config_option
@today_option
@handled
def approve(slug: str, on: str | None, recorded_late: str, config_file: str,
            today: str | None) -> None:
    """Record that the partnership approved the review for publication."""
    site = _site(config_file, today)
    review = _review(site, slug, "approve")
    day = _day(on, site)
    late, extra = _when(site, slug, day, recorded_late, future=False)
    extra += _public_text(site, slug, [("--recorded-late", recorded_late, "in the late reason")])
    extra += _redaction(site, review)
    done = publication.progress([e for e in site.events if e.review == slug], terms_of(site),
                                dt.date.max)
    if done.approved_on is not None:
        extra.append(_refused(site, slug, f"{slug} was already approved on {done.approved_on}.",
                              f"Nothing to do; the next step is the panel copy (lif panel-copy "
                              f"{slug})."))
    if review.meta.draft:
        extra.append(_refused(site, slug, f"{slug} is marked 'draft: true'.",
                              "Remove 'draft: true' from review.yml when the report is final, "
                              "then approve it."))
    _record(site, "approve", _event("approved", slug, day, **late), extra)
    click.echo(f"lif: next, send the panel copy (lif panel-copy {slug}).")


@click.command("panel-copy")
@click.argument("slug")
@on_option()
@click.option("--replace", is_flag=True,
              help="Withdraw the copies in outbox/ (never edited in place) and write a new one; "
                   "the notice period starts again.")
@click.option("--reason", default="", help="Why the earlier copy is replaced (published).")
@config_option
@today_option
@handled
def panel_copy(slug: str, on: str | None, recorded_late: str, replace: bool, reason: str,
               config_file: str, today: str | None) -> None:
    """Write the publication PDFs, covering notes and a manifest to outbox/ for the Panel."""
    from generator.panel_copy import earlier_copies, withdraw_copies, write_panel_copy

    config, site = site_for(config_file, today)
    review = _review(site, slug, "panel-copy")
    day = _day(on, site)
    options = site.options
    recipients = [str(r) for r in options.panel_copy_recipients]
    late, extra = _when(site, slug, day, recorded_late, future=False)
    extra += _public_text(site, slug, [("--recorded-late", recorded_late, "in the late reason"),
                                       ("--reason", reason, "in the reason")])
    earlier = earlier_copies(site, slug)
    progress_so_far = publication.progress([e for e in site.events if e.review == slug],
                                           terms_of(site), dt.date.max)
    fields: dict[str, Any] = {**late}
    if replace:
        if progress_so_far.copy_on is None:
            extra.append(_refused(site, slug, f"--replace given, but no panel copy of {slug} "
                                  "was sent.", f"Send the first copy with lif panel-copy {slug}."))
        else:
            fields["replaces"] = progress_so_far.copy_on
        if not reason.strip():
            extra.append(_refused(site, slug, "--replace needs --reason.",
                                  "Say why the earlier copy is withdrawn (it is published)."))
        fields["reason"] = reason.strip()
    elif reason.strip():
        extra.append(_refused(site, slug, "--reason is only for --replace.",
                              "Leave out --reason, or add --replace."))
    elif day.isoformat() in earlier:
        extra.append(_refused(site, slug, f"outbox/{slug}/{day}/ already holds a panel copy; a "
                              "copy is never edited in place.", f"Replace it: lif panel-copy "
                              f"{slug} --replace --reason \"...\" (the notice period starts "
                              "again)."))
    event = _event("panel-copy-sent", slug, day, recipients=recipients,
                   digest=publication.sources_digest(review),
                   sources=publication.source_digests(review), **fields)
    _refuse_if_broken(site, "panel-copy", event, [*extra, *_redaction(site, review)])
    try:
        copy = write_panel_copy(site, review, day, recipients, terms_of(site),
                                site_url=str(config.site_url or ""))
    except FindingsError as exc:  # the PDF could not be made, or did not pass the scan
        raise RefusedError(exc.findings, _summary(site, "panel-copy")) from None
    _append(site, event)
    if replace:
        for name in withdraw_copies(site, slug, keep=copy.folder):
            click.echo(f"lif: withdrew the earlier copy outbox/{slug}/{name}/ (removed).")
    folder = copy.folder.relative_to(site.root).as_posix()
    earliest = publication.earliest_publication(max(day, site.today), terms_of(site))
    click.echo(f"lif: wrote {folder}/: {', '.join(copy.pdfs)}, {len(copy.notes)} covering "
               f"note(s) and manifest.json. Send them to: {'; '.join(recipients)}.")
    click.echo(f"lif: {slug} may be published from {earliest} (lif publish {slug} --on "
               f"{earliest}).")


@click.command()
@click.argument("slug")
@on_option(required=True)
@config_option
@today_option
@handled
def publish(slug: str, on: str, recorded_late: str, config_file: str,
            today: str | None) -> None:
    """Publish the review on a day (a future day schedules it: embargoed until then), and write
    the message to the national case review repository into outbox/."""
    from generator.national_repository import remove, write_message

    config, site = site_for(config_file, today)
    review = _review(site, slug, "publish")
    day = _day(on, site)
    late, late_problems = _when(site, slug, day, recorded_late, future=True)
    terms = terms_of(site)
    status = site.status_on(slug, dt.date.max)
    own = [e for e in site.events if e.review == slug]
    done = publication.progress(own, terms, dt.date.max)
    extra = [*late_problems, *_redaction(site, review), *_public_text(
        site, slug, [("--recorded-late", recorded_late, "in the late reason")])]
    if status.state is State.PUBLISHED:
        when = ("scheduled for " if status.first_published_on and
                status.first_published_on > site.today else "published on ")
        extra.append(_refused(site, slug, f"{slug} is already {when}{status.first_published_on}.",
                              "Nothing to do."))
    if done.copy_on is not None and publication.sources_digest(review) != done.copy_digest:
        extra.append(_refused(
            site, slug, publication.changed_since_copy(slug, done.copy_on, done.copy_digest,
                                                       _changed_files(site, review, own)),
            f"Send a new copy (lif panel-copy {slug}); publication may then follow after "
            f"{terms.notice_words}.", "LIFECYCLE-DIGEST"))
    event = _event("published", slug, day, **late)
    _refuse_if_broken(site, "publish", event, extra)
    try:
        message = write_message(site, review, day, site_url=str(config.site_url or ""),
                                directory_urls=bool(config.use_directory_urls))
    except FindingsError as exc:  # the PDF could not be made, or the message did not pass
        raise RefusedError(exc.findings, _summary(site, "publish")) from None
    try:
        _append(site, event)
    except BaseException:
        remove(message)
        raise
    if day > site.today:
        click.echo(f"lif: {slug} is embargoed until {day}: the nightly build publishes it on "
                   "that day.")
    folder = message.folder.relative_to(site.root).as_posix()
    when = f"on or after {day}" if day > site.today else "now"
    click.echo(f"lif: wrote {folder}/: {', '.join(message.files)}. Send {message.files[0]} "
               f"with the PDF to the national case review repository {when}.")


@click.command()
@click.argument("slug")
@on_option(required=True)
@config_option
@today_option
@handled
def withdraw(slug: str, on: str, recorded_late: str, config_file: str,
             today: str | None) -> None:
    """Withdraw a published review after its minimum listing (it stays as a stub page)."""
    site = _site(config_file, today)
    _review(site, slug, "withdraw")
    status = site.status_on(slug, dt.date.max)
    day = _day(on, site)
    late, extra = _when(site, slug, day, recorded_late, future=True)
    extra += _public_text(site, slug, [("--recorded-late", recorded_late, "in the late reason")])
    if status.state is State.WITHDRAWN:
        extra.append(_refused(site, slug, f"{slug} was already withdrawn on "
                              f"{status.withdrawn_on}.", "Nothing to do."))
    _record(site, "withdraw", _event("withdrawn", slug, day, **late), extra)


@click.command()
@click.argument("slug")
@click.option("--reason", required=True, help="The public reason shown in the listing.")
@click.option("--panel-informed", required=True, metavar="YYYY-MM-DD",
              help="The day the Panel was told the report will not be published.")
@on_option()
@config_option
@today_option
@handled
def withhold(slug: str, reason: str, panel_informed: str, on: str | None, recorded_late: str,
             config_file: str, today: str | None) -> None:
    """Record the decision not to publish (listed as 'Not published' with the reason)."""
    site = _site(config_file, today)
    _review(site, slug, "withhold")
    informed = parse_day(panel_informed, "--panel-informed")
    day = _day(on, site)
    late, extra = _when(site, slug, day, recorded_late, future=False)
    extra += _reason_problems(site, slug, reason, "withheld", recorded_late)
    _record(site, "withhold", _event("withheld", slug, day, reason=reason.strip(),
                                     panel_informed=informed, **late), extra)


@click.command()
@click.argument("slug")
@click.option("--reason", required=True, help="The public reason shown in the listing.")
@on_option()
@config_option
@today_option
@handled
def delay(slug: str, reason: str, on: str | None, recorded_late: str, config_file: str,
          today: str | None) -> None:
    """Record that publication is delayed (listed as 'Delayed in publication' with the reason)."""
    site = _site(config_file, today)
    _review(site, slug, "delay")
    day = _day(on, site)
    late, extra = _when(site, slug, day, recorded_late, future=False)
    extra += _reason_problems(site, slug, reason, "delayed", recorded_late)
    _record(site, "delay", _event("delayed", slug, day, reason=reason.strip(), **late), extra)


def _changed_files(site: Site, review: Review, own: Sequence[LedgerEvent]) -> list[str]:
    """The files changed since the last panel copy, as that copy's entry recorded them."""
    copies = [e for e in own if e.event == "panel-copy-sent"]
    return ledger.changed_sources(copies[-1].sources if copies else {},
                                  publication.source_digests(review))


def _reason_problems(site: Site, slug: str, reason: str, state: str,
                     recorded_late: str) -> list[Finding]:
    found = _public_text(site, slug, [("--reason", reason, "in the reason"),
                                      ("--recorded-late", recorded_late, "in the late reason")])
    if not reason.strip():
        found.append(_refused(site, slug, "the reason is empty.",
                              "Give the public reason with --reason \"...\"."))
    status = site.status_on(slug, dt.date.max)
    if status.state.value == state:
        found.append(_refused(site, slug, f"{slug} is already {state}.", "Nothing to do."))
    return found


from generator.commands.ledger_redact import ledger_group  # noqa: E402  (the correction)

LEDGER_COMMANDS = [approve, panel_copy, publish, withdraw, withhold, delay, ledger_group]
