"""``lif new`` and ``lif init``: start a briefing, a review or a whole partnership site."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator import scaffold
from generator.config import THEMES, theme_vocabulary
from generator.errors import UsageError
from generator.options import config_option, handled, load_site_config, parse_day, today_option
from generator.plugin import plugin_of


@click.group()
def new() -> None:
    """Create a briefing or review from its template (as a draft)."""


@new.command("briefing")
@click.argument("title")
@config_option
@today_option
@handled
def new_briefing(title: str, config_file: str, today: str | None) -> None:
    """Create briefings/<slug>.md: the 7-minute form with its seven sections."""
    config = load_site_config(config_file)
    options = plugin_of(config).config
    root = Path(config.config_file_path).resolve().parent
    # -- public names are checked before anything is created (issue 22) --
    from generator.checks.public_strings import refuse_new_name
    refuse_new_name(root, options.reviews_dir, title, "TITLE", "in the briefing's title")
    # --
    path = scaffold.new_briefing(root, options.briefings_dir, title, parse_day(today),
                                 theme_vocabulary(options))
    click.echo(f"Created {path.relative_to(root)} (draft: true). Write it, choose its themes, "
               "then delete the 'draft: true' line to publish it on its date.")


@new.command("review")
@click.argument("slug")
@config_option
@today_option
@handled
def new_review(slug: str, config_file: str, today: str | None) -> None:
    """Create reviews/<slug>/ with review.yml, report.md and response.md."""
    config = load_site_config(config_file)
    options = plugin_of(config).config
    root = Path(config.config_file_path).resolve().parent
    # -- public names are checked before anything is created (issue 22) --
    from generator.checks.public_strings import refuse_new_name
    refuse_new_name(root, options.reviews_dir, slug, "SLUG", "in the review's slug")
    # --
    paths = scaffold.new_review(root, options.reviews_dir, slug, parse_day(today),
                                theme_vocabulary(options))
    for path in paths:
        click.echo(f"Created {path.relative_to(root)}")
    click.echo("The review is a draft. Fill in the files, delete 'draft: true', then record "
               "its approval with lif approve.")


def at_terminal() -> bool:
    """Whether someone can answer questions (a CI job or a script cannot: it gets placeholders
    instead of a prompt that waits for ever)."""
    return sys.stdin.isatty()


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--partnership", help="The partnership's name, as it is published.")
@click.option("--contact", metavar="EMAIL",
              help="The e-mail address for requests for reports and accessibility feedback.")
@click.option("--safeguarding", "safeguarding", multiple=True, metavar="LABEL=PHONE",
              help="A number the public calls about a child; repeat for each, e.g. "
                   "\"Children's services=01632 960000\".")
@click.option("--site-url", metavar="URL", help="The site's address, e.g. "
              "https://learning.example-scp.org.uk/.")
@click.option("--package", "package", metavar="SPEC",
              help="What the site's CI installs: lif's source repository pinned to a release, "
                   "e.g. 'lif @ git+https://github.com/ORG/lif@v0.1.0'.")
@handled
def init(directory: Path, partnership: str | None, contact: str | None,
         safeguarding: tuple[str, ...], site_url: str | None, package: str | None) -> None:
    """Create a new partnership site in DIRECTORY (which must be new or empty).

    Asks for the details it is not given when run at a terminal; otherwise what is missing is
    left as a 'Fill in:' placeholder that lif build names and refuses to publish.
    """
    asking = at_terminal()
    if partnership is None and asking:
        partnership = click.prompt("The partnership's name, as it is published")
    if not partnership or not partnership.strip():
        raise UsageError("give the partnership's name with --partnership NAME.")
    if contact is None and asking:
        contact = click.prompt("E-mail address for requests for reports", default="",
                               show_default=False)
    if not safeguarding and asking:
        answer = click.prompt("Safeguarding numbers, as LABEL=PHONE separated by ';' (for "
                              "example Children's services=01632 960000)", default="",
                              show_default=False)
        safeguarding = tuple(part for part in answer.split(";") if part.strip())
    if site_url is None and asking:
        site_url = click.prompt("The site's address (https://...)", default="",
                                show_default=False)
    details = scaffold.SiteDetails(
        partnership.strip(), (contact or "").strip(),
        scaffold.check_site_url((site_url or "").strip()),
        tuple(scaffold.parse_safeguarding(item) for item in safeguarding))
    spec, placeholder = scaffold.package_spec(package)
    written = scaffold.init_site(directory, details, THEMES, spec)
    click.echo(f"Created a new lif site in {directory} ({len(written)} files). Next: cd "
               f"{directory} && lif build")
    missing = [name for name, value in (("--contact", details.contact),
                                        ("--safeguarding", details.safeguarding),
                                        ("--site-url", details.site_url)) if not value]
    if missing:
        click.echo(f"lif: warning: not given: {', '.join(missing)}. Their 'Fill in:' "
                   "placeholders are in the new site; lif build names each one and builds "
                   "nothing until they are replaced.", err=True)
    if placeholder:
        click.echo(f"lif: warning: {directory}/.github/workflows/lif.yml installs a placeholder "
                   "(LIF_PACKAGE), because this lif was not installed from a git URL. Set it to "
                   "lif's source repository pinned to a release, e.g. 'lif @ "
                   "git+https://github.com/ORG/lif@v0.1.0', or run lif init with --package. "
                   "Never plain 'lif': PyPI's 'lif' is an unrelated project.", err=True)
