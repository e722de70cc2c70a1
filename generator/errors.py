"""The one exception tree of lif.

Everything a user can cause is a ``LifError``; the command line prints its message (and the
findings it carries) and exits 1, or 2 for a ``UsageError``. Anything else is a bug: the command
line prints a short note naming the file being processed and how to report it.

    LifError                  a problem the user can fix; exit 1
    ├── UsageError            the command was called wrongly; exit 2
    ├── FindingsError         checks found error-level problems; carries every finding
    │   └── RefusedError      a ledger command refused to write; nothing was written
    └── SiteError             the site cannot be read at all (no mkdocs.yml, a lock is held)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from generator.models import Finding


class LifError(click.ClickException):
    """A problem the user can fix; the message says what to do.

    A click exception, so a command raises it without importing anything back from the command
    line: click itself prints ``lif: message`` and exits with ``exit_code`` when no ``handled``
    wrapper is in between."""

    exit_code = 1

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"lif: {self.format_message()}", file=file, err=file is None)


class UsageError(LifError):
    """The command line was used wrongly (unknown option, bad date format)."""

    exit_code = 2


class SiteError(LifError):
    """The site cannot be read or built at all, before any rule could run."""


class FindingsError(LifError):
    """Checks found error-level problems; every finding is carried so all are printed at once."""

    def __init__(self, findings: Sequence[Finding], summary: str = "") -> None:
        self.findings = list(findings)
        errors = sum(1 for f in self.findings if f.severity == "error")
        super().__init__(summary or f"{errors} error(s): nothing was published")


class RefusedError(FindingsError):
    """A command that writes the ledger refused; the ledger was not touched."""
