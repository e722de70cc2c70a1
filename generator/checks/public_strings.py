"""The public strings that are not page text: names in URLs, ledger text and the site's settings.

A review's folder name is its slug, in every URL, the sitemap, the feeds and publications.json;
a briefing's file name, a content page's path and a review's ``files/`` names are URLs too. The
ledger's reasons are published in the listing and ``ledger.json``, and ``mkdocs.yml``'s
site_name, site_description, copyright, nav titles and ``extra`` values, like the text of the
theme's partial overrides, are printed on every page. Each goes through the same redaction
detectors (and protected terms) as page text, and a string a template prints must be plain
text, never markup. Every finding is at the source: the command-line option, the file or folder
name's path, the ``mkdocs.yml`` line.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from generator.checks.public_text import allowances, docs_dir, protected_terms
from generator.models import Finding, Position
from generator.redaction.protected import Protected
from generator.redaction.scanner import Chunk, Match, scan_chunk
from generator.rules import Rule, finding, register

if TYPE_CHECKING:
    from generator.site import Site

register(Rule("PUBLIC-MARKUP", "error",
              "A public string that is not page text (a slug, a file name, a ledger reason, a "
              "site setting a template prints) contains HTML markup or a character reference."))

MARKUP_RE = re.compile(r"<\s*/?\s*[A-Za-z!?]|&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);|[<>]")
ATTRIBUTE_MARKUP_RE = re.compile(MARKUP_RE.pattern + r'|"')
"""Markup, or a double quote: the theme prints config strings inside attributes too
(Material's ``<meta name="description" content="...">``), where a quote ends the value and
starts an attribute of the author's choosing (``http-equiv="refresh"``)."""
NAME_SEPARATORS_RE = re.compile(r"[-_.]")
CONFIG_TEXT_KEYS = ("site_name", "site_description", "site_author", "copyright")
PARTIAL_SUFFIXES = (".html", ".htm", ".j2", ".jinja", ".txt", ".md", ".xml")


@dataclass(frozen=True)
class PublicString:
    """A public string and where it comes from; ``scope`` is the review it belongs to."""

    text: str
    path: str
    where: Position = dataclasses.field(default_factory=Position)
    describe: str = ""
    scope: str | None = None
    name: bool = False
    markup: bool = True
    scanned_as_is: bool = False
    attribute: bool = False
    """Printed by a template inside a double-quoted attribute too: a '"' is markup here."""
    """A file name the scan of the file already reads as it is: only what the words-as-spaces
    reading adds is reported here, so nothing is reported twice."""


def string_matches(item: PublicString, protected: Protected | None) -> list[Match]:
    """The detectors over one string; a name is also read with its hyphens as spaces, so
    'kyle-smith' is read as the words it spells in a URL."""
    texts = [item.text]
    if item.name:
        spaced = NAME_SEPARATORS_RE.sub(" ", item.text)
        if spaced != item.text:
            texts.append(spaced)
    found: dict[tuple[str, int], Match] = {}
    for text in texts:
        chunk = Chunk(text, item.where.line, item.where.column, True, item.describe)
        for match in scan_chunk(chunk, item.path, protected):
            if match.rule_id != "ID-EXACT-DATE":  # a name or setting may carry its own date
                found.setdefault((match.rule_id, match.column), match)
    if item.scanned_as_is:
        already = {m.rule_id for m in scan_chunk(Chunk(item.text), item.path, protected)}
        return [m for m in found.values() if m.rule_id not in already]
    return list(found.values())


def markup_finding(item: PublicString) -> Finding | None:
    """A string a template prints is text: markup in it would be escaped, or worse, not."""
    pattern = ATTRIBUTE_MARKUP_RE if item.attribute else MARKUP_RE
    hit = pattern.search(item.text) if item.markup else None
    if hit is None:
        return None
    where = Position(item.where.line, item.where.column + hit.start())
    return finding("PUBLIC-MARKUP", item.path, where,
                   f"markup ('{hit.group(0)}') {item.describe or 'in a public string'}: a "
                   "template prints it as it is.",
                   "Write plain text: no HTML tags, angle brackets or character references.")


def findings_for(site: Site, items: Iterable[PublicString], stores: bool = True,
                 ) -> list[Finding]:
    """Error findings for public strings (allowances apply as they do to page text); with
    ``stores``, a protected-names store that cannot be read is an error too (fail closed: a
    command about to write); the build's page checks report the stores themselves."""
    terms, problems = protected_terms(site)
    found = [dataclasses.replace(f, severity="error") for f in problems] if stores else []
    allowed = allowances(site)
    for item in items:
        found += allowed.apply(string_matches(item, terms), item.scope)
        markup = markup_finding(item)
        if markup is not None:
            found.append(markup)
    errors = [f for f in found if f.severity == "error"]
    return sorted({f: None for f in errors}, key=lambda f: f.sort_key)


def argument(text: str, option: str, describe: str, scope: str | None = None,
             name: bool = False) -> PublicString:
    """A command-line argument: the finding names the option, columns count in its value."""
    return PublicString(text, option, Position(1, 1), describe, scope, name=name)


# --------------------------------------------------------------------------- names in URLs


def _names_under(root: Path, folder: Path, scope: str | None, describe: str,
                 ) -> Iterator[PublicString]:
    """Folder names, and file names read as words (the scan of each file reads its name as it
    is, so only the hyphens-as-spaces reading is added for files)."""
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        if path.is_dir():
            yield PublicString(path.name, relative, Position(), f"in the {describe} name",
                               scope, name=True)
            continue
        yield PublicString(path.name, relative, Position(), f"in the {describe} name", scope,
                           name=True, scanned_as_is=True)


def name_strings(site: Site) -> list[PublicString]:
    """Every name that becomes part of a URL: review slugs, their ``files/`` folders and files,
    briefing file names, and the content folder's folders and files."""
    root, options = site.root, site.options
    items: list[PublicString] = []
    for review, _ in sorted(site.listed_reviews(), key=lambda pair: pair[0].slug):
        slug = review.slug
        folder = f"{options.reviews_dir}/{slug}"
        items.append(PublicString(slug, folder, Position(), "in the review's folder name (its "
                                  "slug, in every URL)", slug, name=True))
        items += _names_under(root, review.folder / "files", slug, "attachment's file or folder")
    for briefing in site.public_briefings():
        items.append(PublicString(briefing.slug, briefing.source.path, Position(),
                                  "in the briefing's file name (its URL)", name=True))
    items += _names_under(root, docs_dir(site), None, "content page's file or folder")
    return items


# --------------------------------------------------------------------------- the ledger's words


def ledger_strings(site: Site) -> list[PublicString]:
    """Every free-text field of the ledger (each entry's reason and late reason), at its line:
    the listing and ledger.json publish them; a placeholder left by a redaction passes."""
    source = site.sources.ledger_source
    if source is None:
        return []
    items = []
    for index, entry in enumerate(site.sources.ledger):
        for name in ("reason", "recorded_late"):
            text = getattr(entry.event, name)
            if text:
                at = source.position(index, name)
                items.append(PublicString(text, source.path, Position(at.line, at.column + len(
                    name) + 2), f"in entry {index + 1}'s {name}", entry.event.review))
    return items


# --------------------------------------------------------------------------- the site's settings


def _scalars(node: yaml.Node | None, path: str, describe: str) -> Iterator[PublicString]:
    """Every scalar value under a node (keys of a mapping are printed too: nav titles)."""
    if isinstance(node, yaml.ScalarNode):
        if node.tag.endswith(":str") and node.value.strip():
            mark = node.start_mark
            column = mark.column + 1 + (1 if node.style in ("'", '"') else 0)
            yield PublicString(node.value, path, Position(mark.line + 1, column), describe,
                               attribute=True)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _scalars(key, path, describe)
            yield from _scalars(value, path, describe)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _scalars(item, path, describe)


def _value(root: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(root, yaml.MappingNode):
        for k, v in root.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                found: yaml.Node = v
                return found
    return None


def _nav_titles(node: yaml.Node | None, path: str) -> Iterator[PublicString]:
    """Nav titles only (the keys of ``- Title: page.md``): the pages' paths are names, checked
    as content pages."""
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _nav_titles(item, path)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _scalars(key, path, "in a nav title")
            yield from _nav_titles(value, path)


def config_strings(config_path: Path, display: str, root: Path,
                   findings: list[Finding]) -> list[PublicString]:
    """The strings of the site's config a template prints (the lif plugin's options too), each
    at its line in ``display``, and the text of the theme's partial overrides
    (``theme.custom_dir``); unsafe addresses and labels are added to ``findings``."""
    from generator.checks import config_options, theme_overrides
    from generator.configfile import compose

    try:
        text = config_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        findings.append(finding("CONFIG-INVALID", display, Position(),
                                f"cannot be read: {exc}.", "Fix the file, then build again."))
        return []
    tree = compose(text, display, findings)
    items: list[PublicString] = []
    for key in CONFIG_TEXT_KEYS:
        items += _scalars(_value(tree, key), display, f"in {key}")
    items += _nav_titles(_value(tree, "nav"), display)
    items += _scalars(_value(tree, "extra"), display, "in an 'extra' value")
    for option in config_options.plugin_strings(tree):
        item = PublicString(option.text, display, option.where, option.describe,
                            name=option.name, markup=option.markup, attribute=True)
        if item.markup and not item.name and markup_finding(item) is None:
            findings += config_options.rendering_findings(option, display)
        items.append(item)
    findings += config_options.address_findings(tree, display)
    custom = _value(_value(tree, "theme"), "custom_dir")
    folders = [config_path.parent / _docs_dir(tree)]
    if isinstance(custom, yaml.ScalarNode) and custom.value:
        folder = (config_path.parent / custom.value)
        items += list(partial_strings(folder, root))
        findings += theme_overrides.check(folder, root)
        folders.append(folder)
    scripts = _value(tree, "extra_javascript")
    entries = []
    for entry in scripts.value if isinstance(scripts, yaml.SequenceNode) else []:
        node = _value(entry, "path") if isinstance(entry, yaml.MappingNode) else entry
        read = config_options.scalar(node)
        if read is not None:
            entries.append(read)
    findings += theme_overrides.extra_javascript(entries, display, folders)
    return items


def _docs_dir(tree: yaml.Node | None) -> str:
    read = _value(tree, "docs_dir")
    return read.value if isinstance(read, yaml.ScalarNode) and read.value else "docs"


def partial_strings(folder: Path, root: Path) -> Iterator[PublicString]:
    """The text of every template partial in the theme overrides (markup is theirs to have)."""
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in PARTIAL_SUFFIXES:
            continue
        try:
            display = path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            display = path.as_posix()
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # not text: the scan of the written site reads what it becomes
        yield PublicString(text, display, Position(1, 1), "in the theme's partial",
                           markup=False)


def check(site: Site, config_path: Path | None = None) -> list[Finding]:
    """Every public name and every printed string of the site's config (``config_path``:
    default the config file the site was loaded from, so ``lif -f site.yml`` reads site.yml)."""
    path = config_path or site.config_file
    found: list[Finding] = []
    items = name_strings(site) + ledger_strings(site)
    if path.is_file():
        try:
            display = path.resolve().relative_to(site.root.resolve()).as_posix()
        except ValueError:
            display = path.name
        items += config_strings(path, display, site.root, found)
    return found + findings_for(site, items, stores=False)


def texts_of(pairs: Sequence[tuple[str, str, str]], scope: str | None) -> list[PublicString]:
    """(option, text, description) triples of a command as public strings."""
    return [argument(text, option, describe, scope) for option, text, describe in pairs if text]


# --------------------------------------------------------------------------- lif new


def refuse_new_name(root: Path, reviews_dir: str, text: str, argument_name: str,
                    describe: str) -> None:
    """Raise ``FindingsError`` (nothing created) if the slug or title given to ``lif new``
    holds an identifier, a protected term of any review, or markup: it becomes a folder or file
    name, and so a URL, before any check of the text inside."""
    from generator.errors import FindingsError
    from generator.redaction.protected import key_from_environment, missing_key_finding, read_store

    key = key_from_environment()
    problems: list[Finding] = []
    union = Protected(key or b"")
    folder = root / reviews_dir
    for store in sorted(folder.glob("*/protected.hmac")) if folder.is_dir() else []:
        display = store.relative_to(root).as_posix()
        if key is None:
            problems.append(dataclasses.replace(missing_key_finding(display), severity="error"))
            continue
        protected, found = read_store(store, key, display)
        problems += found
        union.merge(protected)
    item = argument(text, argument_name, describe, name=True)
    problems += [m.to_finding() for m in string_matches(item, union)]
    markup = markup_finding(item)
    if markup is not None:
        problems.append(markup)
    errors = sorted((f for f in problems if f.severity == "error"), key=lambda f: f.sort_key)
    if errors:
        raise FindingsError(errors, f"nothing was created: the {describe.split()[-1]} would be "
                            "published")
