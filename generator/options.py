"""What every ``lif`` command shares: its options, reading the site's config, printing findings,
and turning errors into exit codes.

Commands import these from here, never from ``generator.cli``: the command line only registers
commands, so no command module imports it back.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any, TypeVar

import click
from mkdocs.config.defaults import MkDocsConfig

from generator.config import LifConfig
from generator.errors import FindingsError, LifError, SiteError, UsageError
from generator.load import CURRENT_FILE
from generator.models import Finding
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


def site_options(config: MkDocsConfig) -> LifConfig:
    """The lif plugin's options in a loaded config; an error when the plugin is not enabled."""
    plugin = config.plugins.get("lif")
    options = getattr(plugin, "config", None)
    if not isinstance(options, LifConfig):
        raise SiteError(f"{config.config_file_path}: the 'lif' plugin is not enabled; add "
                        "'- lif' under 'plugins:' in mkdocs.yml.")
    return options


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
        state: Context | None = ctx.obj
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
        except BrokenPipeError:
            quiet_broken_pipe()
        except (KeyboardInterrupt, click.exceptions.Exit, SystemExit):
            raise
        except Exception as exc:  # a bug in lif: say where and how to report it
            if isinstance(exc, OSError) and exc.errno == errno.EPIPE:
                quiet_broken_pipe()
            if state is not None and state.debug:
                traceback.print_exc()
            current = (state.current_file if state else "") or CURRENT_FILE.get()
            where = f" while processing {current}" if current else ""
            click.echo(f"lif: internal error{where}: {type(exc).__name__}: {exc}. This is a "
                       f"bug in lif; please report it at {ISSUES_URL} (run again with --debug "
                       "for the traceback). Nothing was published.", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def quiet_broken_pipe() -> None:
    """The reader of stdout went away (``lif rules | head -3``): stop quietly, as ``cat`` does.

    Python would otherwise report the pipe again when it flushes stdout at exit, so stdout is
    pointed at /dev/null first."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    sys.exit(0)


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
