"""The ``lif`` command line: parse arguments, call the pipeline, print, choose the exit code.

Exit codes: 0 success, 1 findings or a failed build, 2 usage error. Errors a user can cause are
printed as one line each, never as a traceback; a bug prints a short note and ``--debug`` shows
the traceback. What commands share (options, printing, ``handled``) is in
``generator.options``; the stages are in ``generator.build``.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

import click

from generator import __version__
from generator import serve as preview
from generator.build import BuildFailed, check_site
from generator.build import build as run_build
from generator.commands import authoring, redaction, reference, report, sharing, word
from generator.commands.ledger import LEDGER_COMMANDS
from generator.errors import LifError, UsageError
from generator.options import (
    Context,
    config_option,
    handled,
    load_site_config,
    previous_option,
    print_findings,
    quiet_broken_pipe,
    site_options,
    summary_line,
    today_option,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lif")
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")
@click.pass_context
def lif(ctx: click.Context, debug: bool) -> None:
    """Publish a safeguarding partnership's case reviews, responses and briefings."""
    ctx.obj = Context("mkdocs.yml", debug)


@lif.command()
@config_option
@today_option
@previous_option
@click.option("--format", "output", type=click.Choice(["text", "json", "sarif"]),
              default="text", show_default=True, help="How to print the findings.")
@handled
def check(config_file: str, today: str | None, previous: str | None,
          output: str = "text") -> None:
    """Run every check for the build day, and each review's next ledger step; write nothing."""
    _, site = check_site(config_file, today, previous, next_steps=True)
    if output != "text":
        from generator.checks.formats import FORMATS

        click.echo(FORMATS[output](site.findings), nl=False)
    else:
        print_findings(site.findings)
    if site.errors:
        raise LifError(f"check failed: {summary_line(site.findings)}.")
    if output == "text":
        click.echo(f"lif: check passed for {site.today.isoformat()}: "
                   f"{summary_line(site.findings)}.")


@lif.command()
@config_option
@today_option
@click.option("-d", "--site-dir", help="Where to write the site (default: site_dir in mkdocs.yml).")
@previous_option
@handled
def build(config_file: str, today: str | None, site_dir: str | None,
          previous: str | None) -> None:
    """Check everything, then build the site."""
    _quiet_mkdocs()
    try:
        report = run_build(config_file, today=today, site_dir=site_dir, previous=previous)
    except BuildFailed as exc:
        print_findings(exc.findings)
        raise LifError(str(exc)) from None
    print_findings(report.findings)
    click.echo(f"lif: built {report.site_dir} for {report.today.isoformat()}: "
               f"{summary_line(report.findings)}.")


@lif.command()
@config_option
@today_option
@click.option("--as-of", metavar="YYYY-MM-DD", help="Preview the site as it will be on this day.")
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True)
@handled
def serve(config_file: str, today: str | None, as_of: str | None, dev_addr: str) -> None:
    """Live preview with drafts and scheduled items shown and bannered."""
    preview.serve(config_file, as_of or today, "--as-of" if as_of else "--today", dev_addr)


@lif.command()
@config_option
@today_option
@click.option("--themes", is_flag=True,
              help="List the site's theme vocabulary (the themes a review or briefing may name).")
@handled
def status(config_file: str, today: str | None, themes: bool) -> None:
    """Each review's state on the day, and what it waits for."""
    from generator.status import status_table, theme_table

    if themes:
        click.echo(theme_table(site_options(load_site_config(config_file))), nl=False)
        return
    _, site = check_site(config_file, today)
    click.echo(status_table(site), nl=False)
    if site.errors:
        print_findings(site.errors)
        raise LifError(f"the site has errors: {summary_line(site.findings)}.")


def _quiet_mkdocs() -> None:
    """Show MkDocs' warnings as plain lines; its progress chatter only in verbose mode."""
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "lif", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
        handler.addFilter(lambda record: not str(record.msg).startswith("lif: "))
        handler.lif = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.propagate = False


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of ``lif`` and ``python -m generator``."""
    try:
        lif.main(args=list(argv) if argv is not None else None, prog_name="lif",
                 standalone_mode=True)
    except SystemExit:
        try:
            sys.stdout.flush()  # a reader gone by now (``lif rules | head``) ends quietly
        except BrokenPipeError:
            quiet_broken_pipe()
        raise
    except UsageError as exc:  # pragma: no cover - raised inside commands, handled there
        click.echo(f"lif: {exc}", err=True)
        sys.exit(2)


lif.add_command(authoring.new)
lif.add_command(authoring.init)
for _command in LEDGER_COMMANDS:
    lif.add_command(_command)
lif.add_command(redaction.protect)
lif.add_command(redaction.scan)
lif.add_command(word.import_report)
lif.add_command(reference.rules_command)
lif.add_command(sharing.digest)
lif.add_command(report.report)
