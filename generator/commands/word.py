"""``lif import``: a reviewer's Word report into a review, checked at once.

The import writes report.md and the pictures, gives the review the Word title when it has only
the scaffold's, prints every message mammoth and lif have about what could not be kept, then
runs ``lif check``'s checks and prints the findings for the review's files: the command fails
(exit 1) when any is an error, so "wrote report.md" never hides a report that cannot publish.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import yaml

from generator import scaffold
from generator.build import check_site
from generator.checks.documents import scan_file
from generator.commands.redaction import review_folder
from generator.errors import FindingsError, LifError
from generator.options import config_option, handled, summary_line, today_option

TITLE_LINE = re.compile(r"^title:[^\n]*$", re.MULTILINE)


@click.command("import")
@click.argument("docx", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.argument("slug")
@click.option("--force", is_flag=True,
              help="Replace a report.md that is not the untouched one lif new review wrote.")
@config_option
@today_option
@handled
def import_report(docx: Path, slug: str, force: bool, config_file: str,
                  today: str | None) -> None:
    """Convert a reviewer's Word file to the review's report.md, then check it.

    Headings, numbered paragraphs, lists, tables, footnotes and pictures (with their alt text,
    under files/) are kept; the Word title becomes the review's title when it has none.
    Tracked changes and comments are refused. Exit 1 when the checks find an error.
    """
    from generator import word_import

    root, folder = review_folder(config_file, slug)
    data = docx.read_bytes()
    try:
        refused = word_import.refusals(data, docx.name)
    except Exception as exc:
        raise LifError(f"{docx}: is not a Word .docx file that can be read "
                       f"({type(exc).__name__}).") from None
    if refused:
        raise FindingsError(refused, f"{docx.name} was not imported: accept or reject its "
                                     "tracked changes and delete its comments first")
    target = folder / "report.md"
    if target.exists() and not force and not scaffold.is_untouched_report(
            target.read_text(encoding="utf-8", errors="replace")):
        raise LifError(f"{target.relative_to(root).as_posix()} exists and has been edited; "
                       "pass --force to replace it.")
    imported = word_import.convert(data, docx.name)
    written = word_import.write_report(folder, imported)
    messages = list(imported.messages)
    if imported.title:
        messages.append(give_title(folder / "review.yml", slug, imported.title))
    for message in messages:
        click.echo(f"lif: {docx.name}: {message}", err=True)
    # lif check's checks (a draft's report is not redaction-checked there: scanned here too)
    _, site = check_site(config_file, today)
    prefix = folder.relative_to(root).as_posix() + "/"
    display = written[0].relative_to(root).as_posix()
    scanned = [m.to_finding() for m in scan_file(written[0], display, None)]
    found = imported.problems + scanned + [f for f in site.findings if f.path.startswith(prefix)]
    findings = sorted({f.format(): f for f in found}.values(), key=lambda f: f.sort_key)
    for item in findings:
        click.echo(item.format())
    pictures = f" and {len(written) - 1} picture(s) under files/" if len(written) > 1 else ""
    if any(f.severity == "error" for f in findings):
        raise LifError(f"wrote {display}{pictures}, but the checks found "
                       f"{summary_line(findings)}: fix them in the Word file and import "
                       "again with --force, or edit report.md.")
    click.echo(f"lif: wrote {display}{pictures} ({summary_line(findings)}).", err=True)


def give_title(path: Path, slug: str, title: str) -> str:
    """Put the Word title in review.yml when the review has none of its own (no title, or the
    one ``lif new review`` wrote); the message saying what was done with it."""
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    try:
        meta = yaml.safe_load(text) if text else {}
    except yaml.YAMLError:
        meta = None
    if not isinstance(meta, dict):
        return (f"the Word title '{title}' was not used: review.yml cannot be read; put it "
                "in review.yml's title yourself.")
    current = meta.get("title")
    if current and current != scaffold.default_review_title(slug):
        return (f"the Word title '{title}' was dropped: review.yml already has the title "
                f"'{current}'.")
    line = f"title: {json.dumps(title, ensure_ascii=False)}"
    text = TITLE_LINE.sub(line, text, count=1) if current else f"{line}\n{text}"
    path.write_text(text, encoding="utf-8")
    return f"the Word title '{title}' is now review.yml's title."

