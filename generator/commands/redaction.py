"""``lif protect`` and ``lif scan``: the redaction commands (``lif import``: commands/word.py).

``protect`` never writes or prints a term, only keyed digests; ``scan`` works on any files
without a site (a reviewer's draft before it enters the repository).
"""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

import click
import yaml
from pydantic import ValidationError

from generator.checks.documents import files_under, scan_file
from generator.checks.formats import FORMATS
from generator.errors import FindingsError, LifError, UsageError
from generator.models import SLUG_RE, Allowance, Position
from generator.options import config_option, handled, load_site_config, summary_line
from generator.plugin import plugin_of
from generator.redaction.context import context_downgrades
from generator.redaction.protected import (
    KEY_VARIABLE,
    Protected,
    file_lines,
    key_from_environment,
    read_store,
    write_store,
)
from generator.redaction.scanner import Allowances, Scanner, site_allowances

STORE = "protected.hmac"


def read_terms(lines: list[str]) -> list[str]:
    """Terms one a line; blank lines and lines starting with '#' are skipped."""
    return [t.strip() for t in lines if t.strip() and not t.strip().startswith("#")]


def terms_file(path: Path) -> list[str]:
    """The terms of a plain-text terms file; one that is not UTF-8 is refused with findings (a
    term silently dropped or garbled would go unprotected)."""
    lines, problems = file_lines(path, str(path), "Save the file as UTF-8 text and run again.")
    if problems:
        raise FindingsError(problems, f"{path} cannot be read: nothing was stored or scanned")
    return read_terms([line for _, line in lines])


def review_folder(config_file: str, slug: str) -> tuple[Path, Path]:
    config = load_site_config(config_file)
    options = plugin_of(config).config
    root = Path(config.config_file_path).resolve().parent
    if not SLUG_RE.match(slug):
        raise UsageError(f"'{slug}' is not a review slug (lower-case words joined by hyphens).")
    folder = root / options.reviews_dir / slug
    if not folder.is_dir():
        raise LifError(f"{options.reviews_dir}/{slug}: no such review folder. Create it with "
                       f"'lif new review {slug}'.")
    return root, folder


@click.command()
@click.argument("slug")
@click.option("--from", "from_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Read terms from this file (outside the repository) instead of stdin.")
@config_option
@handled
def protect(slug: str, from_file: Path | None, config_file: str) -> None:
    """Store keyed digests of a review's real names and places in protected.hmac.

    Terms are read one a line from standard input (or --from FILE). Only HMAC-SHA256 digests
    keyed by LIF_PROTECT_KEY are written; the terms are never written or printed.
    """
    root, folder = review_folder(config_file, slug)
    key = key_from_environment()
    if key is None:
        raise LifError(f"{KEY_VARIABLE} is not set; set it to the partnership's key (the CI "
                       "secret) so the digests can be checked later.")
    if from_file is not None:
        if not from_file.is_file():
            raise UsageError(f"--from {from_file}: no such file.")
        if from_file.resolve().is_relative_to(root):
            raise UsageError(f"--from {from_file}: the file is inside the site's repository, "
                             "where plain-text terms must never be. Move it outside, and "
                             "delete it from the repository and its history.")
        terms = terms_file(from_file)
    else:
        if sys.stdin.isatty():
            click.echo("Type each name or place on its own line, then Ctrl-D (nothing typed is "
                       "shown again or stored in plain text):", err=True)
        terms = read_terms(sys.stdin.read().splitlines())
    if not terms:
        raise UsageError("no terms given: write one name or place a line on standard input.")
    path = folder / STORE
    display = path.relative_to(root).as_posix()
    store = Protected(key)
    if path.is_file():
        store, problems = read_store(path, key, display)
        if problems:
            raise FindingsError(problems, "the existing store cannot be extended")
    before = len(store.digests)
    for term in terms:
        store.add_term(term)
    write_store(path, store, key)
    click.echo(f"lif: {display}: {len(terms)} term(s) stored as digests "
               f"({len(store.digests) - before} new); no term was written in plain text.")


def allow_file(path: Path) -> Allowances:
    """Allowances from a YAML file: a list of {rule, text, reason}, or a mapping with 'allow'
    holding one (so a review.yml can be passed as it is)."""
    if not path.is_file():
        raise UsageError(f"--allow {path}: no such file.")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise UsageError(f"--allow {path}: cannot be read as YAML ({type(exc).__name__}).") \
            from None
    if isinstance(data, dict):
        data = data.get("allow", [])
    if not isinstance(data, list):
        raise UsageError(f"--allow {path}: expected a list of allowances (rule, text, reason).")
    try:
        items = [Allowance.model_validate(item) for item in data]
    except ValidationError as exc:
        raise UsageError(f"--allow {path}: an allowance needs rule, text and reason "
                         f"({exc.error_count()} problem(s)).") from None
    allowed = Allowances()
    allowed.add(items, path.as_posix(), [Position(i + 1, 1) for i in range(len(items))])
    return allowed


def config_allowances(config_file: str) -> Allowances:
    """The site's allow list from mkdocs.yml (the plugin's 'allow' option)."""
    options = plugin_of(load_site_config(config_file)).config
    items = site_allowances(getattr(options, "allow", None) or [])
    allowed = Allowances()
    allowed.add(items, config_file, [Position() for _ in items])
    return allowed


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--protect", "protect_file", type=click.Path(dir_okay=False, path_type=Path),
              help="A plain-text file of protected terms, one a line (kept outside the repo).")
@click.option("-f", "--config-file", default=None,
              help="A site's mkdocs.yml: use its allow list.")
@click.option("--allow", "allow_files", multiple=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="A YAML list of allowances (rule, text, reason); may be repeated.")
@click.option("--strict-context", is_flag=True,
              help="Report the warnings context made (service numbers, role mailboxes, public "
                   "buildings' addresses) as errors.")
@click.option("--format", "output", type=click.Choice(sorted(FORMATS)), default="text",
              show_default=True)
@handled
def scan(paths: tuple[Path, ...], protect_file: Path | None, config_file: str | None,
         allow_files: tuple[Path, ...], strict_context: bool, output: str) -> None:
    """Run the redaction detectors over files or folders (Markdown, HTML, text, PDF, DOCX).

    Exit 0 when clean, 1 when any error-level finding, 2 on a usage error.
    """
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}.")
    protected = None
    if protect_file is not None:
        if not protect_file.is_file():
            raise UsageError(f"--protect {protect_file}: no such file.")
        protected = Protected(secrets.token_bytes(32))
        for term in terms_file(protect_file):
            protected.add_term(term)
    allowed = config_allowances(config_file) if config_file else Allowances()
    for extra in allow_files:
        extra_allowed = allow_file(extra)
        allowed.entries += extra_allowed.entries
    scanner = Scanner(protected, allowed, strict_context)
    findings = []
    for path in files_under(list(paths)):
        findings += scanner.findings(scan_file(path, path.as_posix(), protected))
    findings.sort(key=lambda f: f.sort_key)
    click.echo(FORMATS[output](findings), nl=False)
    errors = [f for f in findings if f.severity == "error"]
    summary = summary_line(findings)
    downgraded = context_downgrades(findings)
    if downgraded:
        made = "made errors by --strict-context" if strict_context else \
            "warnings by context; --strict-context makes them errors"
        summary += f", {downgraded} {made}"
    used = sum(allowed.used.values())
    if used:
        summary += f", {used} allowed"
    if errors:
        raise LifError(f"scan found {summary}.")
    click.echo(f"lif: scan passed: {summary}.", err=True)
