"""The lif plugin's options a page prints, and the addresses mkdocs.yml gives the theme.

The partnership's name, the "Worried about a child?" panel (labels, numbers, notes, links), the
footer's links, the labels of a site's own themes, the logo and the panel-copy recipients all
come from ``plugins: - lif:`` in ``mkdocs.yml`` and are printed by templates: into the page's
HTML (the header, the footer, the home page's panel), into generated Markdown (a theme's label
heads its page and every listing), into the PDFs and the panel-copy note. So each is a public
string like a review's title: through the redaction detectors and protected terms, plain text
only, and read as Markdown reads it where Markdown renders it (``Evil [x](javascript:...)`` in
a theme's label is a live link). Every string is reported at its line in ``mkdocs.yml``.

An address (a contact's ``url``, a footer link, the logo, ``site_url``/``repo_url`` and any
``extra`` value) is printed inside an attribute: a ``javascript:``, ``vbscript:`` or
``data:`` address would run code or show a page lif never checked, and a quote, angle bracket
or space would end the attribute and start another (``x.png" onerror="...``). Addresses are
read as a browser reads them (control characters and whitespace dropped, case folded), so
``JaVa\\tScRiPt:`` is found too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import yaml

from generator.checks import html
from generator.models import Finding, Position
from generator.rules import finding

WEB = "Give an http(s), mailto: or tel: address, or a page of the site."
PAGE = "Give a content page of the site (such as privacy.md)."
IMAGE = "Give the path of an image under the docs folder (such as images/logo.png)."
ENDS_ATTRIBUTE = re.compile(r"[\"'<>`\s]")
"""Characters that end or escape the double-quoted attribute an address is printed in."""
URL_CONFIG_KEYS = ("site_url", "repo_url", "edit_uri")


@dataclass(frozen=True)
class OptionText:
    """One printed option: its text, where it starts, what it is; ``name``: a name in URLs
    (read with its hyphens as spaces); ``markup``: False where the address check names it."""

    text: str
    where: Position
    describe: str
    name: bool = False
    markup: bool = True


def scalar(node: yaml.Node | None) -> tuple[str, Position] | None:
    """A string scalar's value and the position of its first character (inside any quote)."""
    if not isinstance(node, yaml.ScalarNode) or not node.tag.endswith(":str"):
        return None
    mark = node.start_mark
    return node.value, Position(mark.line + 1, mark.column + 1 + (node.style in ("'", '"')))


def value_of(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                found: yaml.Node = v
                return found
    return None


def lif_options(tree: yaml.Node | None) -> yaml.Node | None:
    """The mapping under ``plugins: - lif:`` (or ``plugins: {lif: ...}``)."""
    plugins = value_of(tree, "plugins")
    if isinstance(plugins, yaml.MappingNode):
        return value_of(plugins, "lif")
    if isinstance(plugins, yaml.SequenceNode):
        for item in plugins.value:
            found = value_of(item, "lif")
            if found is not None:
                return found
    return None


def _text(node: yaml.Node | None, describe: str) -> Iterator[OptionText]:
    read = scalar(node)
    if read is not None and read[0].strip():
        yield OptionText(read[0], read[1], describe)


def plugin_strings(tree: yaml.Node | None) -> Iterator[OptionText]:
    """Every text option of the lif plugin that a template prints, at its line
    (``request_contact`` is the partnership's own published address for requests, given for
    that purpose: it is not read as a leak)."""
    options = lif_options(tree)
    yield from _text(value_of(options, "partnership"), "in the partnership's name")
    themes = value_of(options, "extra_themes")
    if isinstance(themes, yaml.MappingNode):
        for key, label in themes.value:
            read = scalar(key)
            if read is not None:
                yield OptionText(read[0], read[1], "in a theme's slug (its URL)", name=True)
            yield from _text(label, "in a theme's label")
    contacts = value_of(options, "safeguarding_contacts")
    for contact in contacts.value if isinstance(contacts, yaml.SequenceNode) else []:
        for name in ("label", "phone", "note"):
            yield from _text(value_of(contact, name), f"in a safeguarding contact's {name}")
        read = scalar(value_of(contact, "url"))  # its markup is the address check's to name
        if read is not None:
            yield OptionText(read[0], read[1], "in a safeguarding contact's url", markup=False)
    links = value_of(options, "footer_links")
    if isinstance(links, yaml.MappingNode):
        for label, _ in links.value:
            yield from _text(label, "in a footer link's label")
    recipients = value_of(options, "panel_copy_recipients")
    for item in recipients.value if isinstance(recipients, yaml.SequenceNode) else []:
        yield from _text(item, "in a panel-copy recipient")


def rendering_findings(item: OptionText, path: str) -> list[Finding]:
    """What Markdown makes of a label printed into a generated page (a link, an attribute
    list), held to the safe list as a review's title is (``html.scan_fields``)."""
    as_written = item.text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if not html.needs_rendering(as_written):
        return []
    return [finding("HTML-UNSAFE", path, item.where, f"{item.describe}: {message}", hint)
            for _, message, hint in html.problems(as_written)]


def _address(node: yaml.Node | None, path: str, describe: str, hint: str,
             schemes: frozenset[str]) -> list[Finding]:
    """Findings for one address: a scheme not in ``schemes`` (code schemes always), or a
    character that ends the attribute it is printed in."""
    read = scalar(node)
    if read is None or not read[0].strip():
        return []
    text, where = read
    squeezed = re.sub(r"[\x00-\x20\x7f]", "", text).lower()
    scheme = html._SCHEME_RE.match(squeezed)
    if scheme and scheme.group(1) in html.CODE_SCHEMES:
        return [finding("HTML-UNSAFE", path, where, f"'{scheme.group(1)}:' address in "
                        f"{describe}: it would run code in readers' browsers.", hint)]
    if scheme and scheme.group(1) not in schemes:
        return [finding("HTML-UNSAFE", path, where, f"'{scheme.group(1)}:' address in "
                        f"{describe} is not allowed.", hint)]
    if not schemes and squeezed.startswith("//"):
        return [finding("HTML-UNSAFE", path, where, f"{describe} leads to another site.", hint)]
    ends = ENDS_ATTRIBUTE.search(text.strip())
    if ends:
        shown = ends.group(0) if not ends.group(0).isspace() else "a space"
        return [finding("HTML-UNSAFE", path, where, f"{describe}: '{shown}' ends the "
                        "attribute it is printed in.", hint)]
    return []


def _scalars(node: yaml.Node | None) -> Iterator[yaml.Node]:
    if isinstance(node, yaml.ScalarNode):
        yield node
    elif isinstance(node, yaml.MappingNode):
        for _, value in node.value:
            yield from _scalars(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _scalars(item)


def address_findings(tree: yaml.Node | None, path: str) -> list[Finding]:
    """HTML-UNSAFE for every address mkdocs.yml gives a template that could run code, reach
    another site where only the site's own pages belong, or break out of its attribute."""
    web = frozenset(html.SAFE_SCHEMES)
    found: list[Finding] = []
    for key in URL_CONFIG_KEYS:
        found += _address(value_of(tree, key), path, key, WEB, web)
    for node in _scalars(value_of(tree, "extra")):
        read = scalar(node)
        squeezed = re.sub(r"[\x00-\x20\x7f]", "", read[0]).lower() if read else ""
        scheme = html._SCHEME_RE.match(squeezed)
        if scheme and scheme.group(1) in html.CODE_SCHEMES:
            found += _address(node, path, "an 'extra' value", WEB, web)
    options = lif_options(tree)
    contacts = value_of(options, "safeguarding_contacts")
    for contact in contacts.value if isinstance(contacts, yaml.SequenceNode) else []:
        found += _address(value_of(contact, "url"), path, "a safeguarding contact's url", WEB,
                          web)
    links = value_of(options, "footer_links")
    if isinstance(links, yaml.MappingNode):
        for _, target in links.value:
            found += _address(target, path, "a footer link", PAGE, frozenset())
    found += _address(value_of(options, "logo"), path, "the logo", IMAGE, frozenset())
    return found + extension_findings(tree, path)


SAFE_EXTENSIONS = frozenset({
    "abbr", "admonition", "attr_list", "def_list", "fenced_code", "footnotes", "md_in_html",
    "meta", "sane_lists", "smarty", "tables", "toc", "nl2br", "codehilite", "legacy_attrs",
    "legacy_em", "extra", "generator.tables",
    "pymdownx.betterem", "pymdownx.caret", "pymdownx.critic", "pymdownx.details",
    "pymdownx.highlight", "pymdownx.inlinehilite", "pymdownx.keys", "pymdownx.mark",
    "pymdownx.saneheaders", "pymdownx.smartsymbols", "pymdownx.superfences",
    "pymdownx.tabbed", "pymdownx.tasklist", "pymdownx.tilde", "pymdownx.magiclink",
    "pymdownx.escapeall", "pymdownx.emoji", "pymdownx.blocks.admonition",
    "pymdownx.blocks.details", "pymdownx.blocks.tab",
})
"""Extensions that only change how a page's own text is marked up. Others can bring in what
lif never read: ``pymdownx.snippets`` pastes other files (an embargoed report, the ledger) into
a page, ``pymdownx.b64`` inlines pictures as ``data:`` addresses, and an unknown extension can
do anything."""


def extension_findings(tree: yaml.Node | None, path: str) -> list[Finding]:
    """HTML-UNSAFE for each ``markdown_extensions`` entry not on ``SAFE_EXTENSIONS``."""
    node = value_of(tree, "markdown_extensions")
    entries: list[yaml.Node] = []
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            entries += [k for k, _ in item.value] if isinstance(item, yaml.MappingNode) \
                else [item]
    elif isinstance(node, yaml.MappingNode):
        entries = [k for k, _ in node.value]
    found = []
    for entry in entries:
        read = scalar(entry)
        if read is None:
            continue
        name = read[0].strip()
        if name.startswith("markdown.extensions."):
            name = name[len("markdown.extensions."):]
        if name not in SAFE_EXTENSIONS:
            found.append(finding(
                "HTML-UNSAFE", path, read[1], f"the Markdown extension '{read[0].strip()}' is "
                "not one lif reads pages with: it can put into a page text or files lif never "
                "read.", "Remove it from markdown_extensions (lif allows the Python-Markdown "
                "extensions and the pymdownx ones that only change how text is marked up)."))
    return found

