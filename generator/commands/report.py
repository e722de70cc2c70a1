"""``lif report``: the yearly learning report as a Markdown file for the partnership's annual
report. Every build already publishes the same report as a page and a PDF (``reports/``); this
writes the text a business unit pastes into the annual report, with links to the public site.
"""

from __future__ import annotations

from pathlib import Path

import click

from generator import pages, yearly_report
from generator.build import check_site
from generator.checks import leaks
from generator.errors import LifError, UsageError
from generator.options import config_option, handled, print_findings, summary_line, today_option


@click.command("report")
@click.option("--year", required=True, type=click.IntRange(1900, 9999), metavar="YEAR",
              help="The reporting year, named by the calendar year it starts in (with the "
                   "default April start, 2026 is 1 April 2026 to 31 March 2027).")
@click.option("-o", "--output", metavar="FILE|-",
              help="Where to write the Markdown (default learning-report-YEAR.md in the "
                   "current folder; '-' prints it).")
@config_option
@today_option
@handled
def report(year: int, output: str | None, config_file: str, today: str | None) -> None:
    """Write the yearly learning report (Markdown) from what is public on the build day."""
    config, site = check_site(config_file, today)
    if site.errors:
        print_findings(site.errors)
        raise LifError(f"the site has errors, so no report was written: "
                       f"{summary_line(site.findings)}.")
    start = int(site.options.report_year_start)
    period = yearly_report.ReportingYear(year, start)
    if period.first_day > site.today:
        raise UsageError(
            f"--year {year} is the reporting year from {pages.long_date(period.first_day)}, "
            f"after the build day ({pages.long_date(site.today)}); choose "
            f"{yearly_report.year_of(site.today, start)} or earlier.")
    target = Path(output or f"learning-report-{year}.md")
    if output != "-" and target.is_dir():
        raise UsageError(f"--output {output} is a folder; name the file to write.")
    found = yearly_report.yearly_report(site, year)
    text = pages.yearly_report_markdown(found, site, pages.absolute_links(config.site_url or ""))
    if leaks.fingerprints(site).found_in(text):  # the build's last line of defence, here too
        raise LifError("the report holds text of a review or briefing that is not public on "
                       f"{site.today.isoformat()}, so it was not written. This is a bug in lif; "
                       "please report it.")
    if output == "-":
        click.echo(text, nl=False)
        return
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise LifError(f"cannot write {target}: {exc.strerror or exc}.") from None
    when = "the year to date" if found.so_far else "the whole year"
    click.echo(f"Wrote {target}: the yearly learning report for "
               f"{pages.long_date(period.first_day)} to {pages.long_date(period.last_day)} "
               f"({when}), as public on {site.today.isoformat()}.")
