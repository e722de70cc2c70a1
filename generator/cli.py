"""The ``lif`` command line: parse arguments, call the pipeline, print, choose the exit code.

Exit codes: 0 success, 1 findings or a failed build, 2 usage error. Errors a user can cause are
printed as one line each, never as a traceback; a bug prints a short note and ``--debug`` shows
the traceback.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click
import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError

from generator import __version__, pages, sitefiles
from generator.errors import FindingsError, LifError, UsageError
from generator.load import CURRENT_FILE
from generator.models import Finding
from generator.plugin import plugin_of
from generator.site import Site, prepare_site
from generator.state import EpochError, resolve_today

F = TypeVar("F", bound=Callable[..., Any])
ISSUES_URL = "https://github.com/lif-publishing/lif/issues"


class Context:
    """What every command shares: where the site is, which day, and whether to debug."""

    def __init__(self, config_file: str, debug: bool) -> None:
        self.config_file = config_file
        self.debug = debug
        self.current_file = ""


def parse_day(value: str | None, option: str = "--today") -> dt.date:
    """``value`` as a date (none: the build day), or a usage error; a bad SOURCE_DATE_EPOCH is
    one too, whichever option is parsed."""
    try:
        return resolve_today(value)
    except EpochError as exc:
        raise UsageError(str(exc)) from None
    except ValueError:
        raise UsageError(f"{option} must be a date written as YYYY-MM-DD, not '{value}'.") from None


def load_site_config(config_file: str, **overrides: Any) -> MkDocsConfig:
    """Load and validate mkdocs.yml (and the lif plugin's options) through MkDocs itself."""
    from generator.configfile import load_mkdocs_config

    config, warnings = load_mkdocs_config(config_file, **overrides)
    print_findings(warnings)
    return config


def print_findings(findings: Sequence[Finding]) -> None:
    for item in findings:
        click.echo(item.format())


def summary_line(findings: Sequence[Finding]) -> str:
    errors = sum(f.severity == "error" for f in findings)
    warnings = sum(f.severity == "warning" for f in findings)
    return f"{errors} error(s), {warnings} warning(s)"


def handled(func: F) -> F:
    """Run a command, turning known errors into messages and exit codes, bugs into a note."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        state: Context = ctx.obj
        CURRENT_FILE.set("")
        try:
            return func(*args, **kwargs)
        except FindingsError as exc:
            print_findings(exc.findings)
            click.echo(f"lif: {exc} ({summary_line(exc.findings)})", err=True)
            sys.exit(exc.exit_code)
        except LifError as exc:
            click.echo(f"lif: {exc}", err=True)
            sys.exit(exc.exit_code)
        except (KeyboardInterrupt, click.exceptions.Exit, SystemExit):
            raise
        except Exception as exc:  # a bug in lif: say where and how to report it
            if state.debug:
                traceback.print_exc()
            current = state.current_file or CURRENT_FILE.get()
            where = f" while processing {current}" if current else ""
            click.echo(f"lif: internal error{where}: {type(exc).__name__}: {exc}. This is a "
                       f"bug in lif; please report it at {ISSUES_URL} (run again with --debug "
                       "for the traceback). Nothing was published.", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]
config_option: Decorator = click.option(
    "-f", "--config-file", default="mkdocs.yml", show_default=True,
    help="The site's mkdocs.yml.")
previous_option: Decorator = click.option(
    "--previous", metavar="PATH|URL", envvar="LIF_PREVIOUS",
    help="The last deployment's ledger.json: the ledger must extend it (env LIF_PREVIOUS).")
today_option: Decorator = click.option(
    "--today", metavar="YYYY-MM-DD",
    help="Build for this day (default: SOURCE_DATE_EPOCH if set, else today in London).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lif")
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")
@click.pass_context
def lif(ctx: click.Context, debug: bool) -> None:
    """Publish a safeguarding partnership's case reviews, responses and briefings."""
    ctx.obj = Context("mkdocs.yml", debug)


def site_for(config_file: str, today: str | None,
             previous: str | None = None) -> tuple[MkDocsConfig, Site]:
    config = load_site_config(config_file)
    plugin = plugin_of(config)
    if previous:
        plugin.config.previous_ledger = previous
    day = parse_day(today or plugin.config.today)
    root = Path(config.config_file_path).resolve().parent
    site = prepare_site(root, plugin.config, day)
    built = pages.build_pages(site) if not site.errors else []
    sitefiles.check_content(site, Path(config.docs_dir), built, config.use_directory_urls)
    return config, site


@lif.command()
@config_option
@today_option
@previous_option
@click.option("--format", "output", type=click.Choice(["text", "json", "sarif"]),
              default="text", show_default=True, help="How to print the findings.")
@handled
def check(config_file: str, today: str | None, previous: str | None,
          output: str = "text") -> None:
    """Run every check for the build day; write nothing."""
    _, site = site_for(config_file, today, previous)
    if output != "text":
        from generator.checks.formats import FORMATS

        click.echo(FORMATS[output](site.findings), nl=False)
        if site.errors:
            raise LifError(f"check failed: {summary_line(site.findings)}.")
        return
    print_findings(site.findings)
    if site.errors:
        raise LifError(f"check failed: {summary_line(site.findings)}.")
    click.echo(f"lif: check passed for {site.today.isoformat()}: {summary_line(site.findings)}.")


@lif.command()
@config_option
@today_option
@click.option("-d", "--site-dir", help="Where to write the site (default: site_dir in mkdocs.yml).")
@previous_option
@handled
def build(config_file: str, today: str | None, site_dir: str | None,
          previous: str | None) -> None:
    """Check everything, then build the site."""
    from mkdocs.commands.build import build as mkdocs_build

    overrides: dict[str, Any] = {"strict": True}
    if site_dir:
        overrides["site_dir"] = site_dir
    config = load_site_config(config_file, **overrides)
    plugin = plugin_of(config)
    plugin.log_findings = False
    parse_day(today)  # with no --today, checks SOURCE_DATE_EPOCH before MkDocs reads it
    if today:
        plugin.config.today = today
    if previous:
        plugin.config.previous_ledger = previous
    _quiet_mkdocs()
    try:
        mkdocs_build(config)
    except (PluginError, Abort) as exc:
        print_findings(plugin.findings)
        if plugin.failure:
            counts = f" ({summary_line(plugin.findings)})" if plugin.findings else ""
            raise LifError(f"{plugin.failure}{counts}") from None
        raise LifError(f"MkDocs stopped the build: {exc} Fix the WARNING lines above; nothing "
                       "was published.") from None
    except jinja2.TemplateError as exc:  # a theme override in the site, or a bug of ours
        found = sitefiles.template_finding(exc, Path(config.config_file_path).resolve().parent)
        if found is None:
            raise
        raise FindingsError([*plugin.findings, found], "a template failed: nothing was "
                            "published") from None
    except OSError as exc:  # out of disk, permissions: the previous site is still in place
        name = str(exc.filename2 or exc.filename or "")
        if plugin.output is not None:  # the build folder is an implementation detail
            name = name.replace(str(plugin.output.temp), Path(plugin.site_dir).name)
        where = f" {name}:" if name else ""
        raise LifError(f"cannot write the site:{where} {exc.strerror or exc}. Nothing was "
                       "published; the previous site was left as it was.") from None
    finally:
        plugin.close_output()
        config.plugins.on_shutdown()
    print_findings(plugin.findings)
    site = plugin.site
    assert site is not None
    click.echo(f"lif: built {config.site_dir} for {site.today.isoformat()}: "
               f"{summary_line(plugin.findings)}.")


@lif.command()
@config_option
@today_option
@click.option("--as-of", metavar="YYYY-MM-DD", help="Preview the site as it will be on this day.")
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True)
@handled
def serve(config_file: str, today: str | None, as_of: str | None, dev_addr: str) -> None:
    """Live preview with drafts and scheduled items shown and bannered."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    day = as_of or today
    parse_day(day, "--as-of" if as_of else "--today")
    if day:
        os.environ["LIF_AS_OF"] = day
    os.environ["LIF_PREVIEW"] = "1"
    config = load_site_config(config_file)
    options = plugin_of(config).config
    root = Path(config.config_file_path).resolve().parent
    watch = [str(root / p) for p in (options.reviews_dir, options.briefings_dir, options.ledger)
             if (root / p).exists()]
    # strict=False: a preview shows the site with its warnings (a placeholder on a content page
    # is a warning here and an error in lif build), rather than aborting on the first one
    mkdocs_serve(config_file=config_file, dev_addr=dev_addr, watch=watch, strict=False)


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
        click.echo(theme_table(plugin_of(load_site_config(config_file)).config), nl=False)
        return
    _, site = site_for(config_file, today)
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
    except UsageError as exc:  # pragma: no cover - raised inside commands, handled there
        click.echo(f"lif: {exc}", err=True)
        sys.exit(2)


def _register_commands() -> None:
    """Commands that live in their own modules (imported late: they import this one)."""
    from generator.commands import authoring
    from generator.commands.ledger import LEDGER_COMMANDS

    lif.add_command(authoring.new)
    lif.add_command(authoring.init)
    for command in LEDGER_COMMANDS:
        lif.add_command(command)
    from generator.commands import redaction

    lif.add_command(redaction.protect)
    lif.add_command(redaction.scan)
    from generator.commands import word

    lif.add_command(word.import_report)
    from generator.commands import reference

    lif.add_command(reference.rules_command)


_register_commands()
