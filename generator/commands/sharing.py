"""``lif digest``: learning shared beyond the site, as an e-mail newsletter.

The command parses its options, makes the site for the day (every check), and hands over to
``generator.digest``; a site with errors makes no digest, since what it would list could not
be vouched for.
"""

from __future__ import annotations

from pathlib import Path

import click

from generator.build import check_site
from generator.errors import FindingsError, UsageError
from generator.options import config_option, handled, parse_day, today_option

DEFAULT_OUTPUT = "outbox/digest/{since}-to-{today}"
"""Beside the panel copies, git-ignored, never part of the site."""


@click.command("digest")
@click.option("--since", required=True, metavar="YYYY-MM-DD",
              help="List what was published on or after this day.")
@click.option("-o", "--output", metavar="DIR",
              help="Where to write digest.html and digest.txt (default: "
                   "outbox/digest/SINCE-to-TODAY/ beside mkdocs.yml).")
@config_option
@today_option
@handled
def digest(since: str, output: str | None, config_file: str, today: str | None) -> None:
    """Write an e-mail newsletter (HTML and plain text) of what was published since a day."""
    from generator import digest as newsletter

    start = parse_day(since, "--since")
    config, site = check_site(config_file, today)
    if start > site.today:
        raise UsageError(f"--since {start} is after the day of the digest ({site.today}).")
    site_url = str(config.site_url or "")
    if not site_url:
        raise UsageError(f"{config.config_file_path}: site_url is not set, and the digest's "
                         "links must be absolute to work in an e-mail. Add 'site_url: https://"
                         "...' (the published site's address) to mkdocs.yml.")
    if site.errors:
        raise FindingsError(site.errors, "the site has errors, so no digest was written; fix "
                                         "them first")
    made = newsletter.collect(site, start, site_url, bool(config.use_directory_urls))
    if not made.items:
        click.echo(f"lif: nothing was published from {start} to {site.today}; no digest was "
                   "written.")
        return
    folder = Path(output) if output else site.root / DEFAULT_OUTPUT.format(
        since=start.isoformat(), today=site.today.isoformat())
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--output {output} is a file; give a folder for digest.html and "
                         "digest.txt.")
    written = newsletter.write_digest(site, made, folder)
    shown = ", ".join(path.name for path in written)
    where = output or folder.relative_to(site.root).as_posix()
    click.echo(f"lif: wrote {shown} into {where}: {newsletter.counted(made)} published from "
               f"{start} to {site.today}.")
