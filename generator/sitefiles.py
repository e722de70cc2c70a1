"""The site's own files that MkDocs reads itself: content pages and theme template overrides.

MkDocs reads ``docs_dir`` pages on its own and, on a page that is not UTF-8, stops with a bare
``UnicodeDecodeError``; it silently ignores front matter it cannot parse. A theme override with a
Jinja syntax error stops the build with a traceback. Both are mistakes an author can fix, so they
are checked here first (pages) or translated (templates) into ``path:line:col`` findings.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from generator import pages
from generator.checks import html, placeholders
from generator.load import load_markdown, relpath
from generator.models import Finding, Position
from generator.rules import Rule, finding, register

if TYPE_CHECKING:
    from generator.pages import Page
    from generator.site import Site

register(Rule("TEMPLATE-INVALID", "error",
              "A theme template override in the site cannot be compiled or rendered."),
         Rule("PAGE-CLASH", "error",
              "A content page has the address of a page lif generates (a listing, or a "
              "review's, briefing's or theme's page)."))

PAGE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
"""What MkDocs renders as a page (``mkdocs.utils.markdown_extensions``)."""


def content_pages(docs_dir: Path) -> list[Path]:
    """Every file MkDocs renders as a page in the docs folder (hidden folders left out)."""
    if not docs_dir.is_dir():
        return []
    return [path for path in sorted(docs_dir.rglob("*"))
            if path.suffix.lower() in PAGE_SUFFIXES and not path.is_dir()
            and not any(part.startswith(".") for part in path.relative_to(docs_dir).parts)]


def content_page_findings(root: Path, docs_dir: Path,
                          site_paths: Iterable[str] | None = None,
                          preview: bool = False, site: Site | None = None) -> list[Finding]:
    """Encoding, size, binary, symbolic-link, front-matter and raw HTML problems of every
    content page, its unreplaced template text (errors; warnings in a preview), and (given
    every generated page and PDF path) links that lead to nothing on the build day."""
    findings: list[Finding] = []
    for path in content_pages(docs_dir):
        loaded = load_markdown(root, path, findings, front_matter_required=False)
        if loaded is not None:
            findings += html.scan_fields(loaded[1], loaded[0])  # front matter text
            findings += html.page_template(loaded[1], loaded[0])
            findings += html.scan(loaded[1])
            findings += placeholders.scan_content_page(loaded[1], preview)
    if site_paths is not None:
        from generator.checks import links

        findings += links.check_pages(root, docs_dir, site_paths,
                                      links.pending_paths(site) if site else None,
                                      site.today if site else None,
                                      links.site_url_of(site.config_file) if site else "",
                                      site.config_file if site else None)
    # An empty content page is allowed (MkDocs renders it); only real problems remain.
    return [f for f in findings if f.rule_id != "FILE-EMPTY"]


def check_content(site: Site, docs_dir: Path, built: list[Page] | None,
                  directory_urls: bool = True) -> None:
    """Add the content pages' findings to a prepared site (``built``: the generated pages of
    the build day, None when the site has errors and no pages were made)."""
    add_findings(site, content_page_findings(
        site.root, docs_dir, pages.site_paths(site, built) if built else None, site.preview,
        site)
        + placeholders.scan_site_config(site.root, site.preview))
    if built:  # links in briefings, reports and responses (issue 15)
        from generator.checks import links

        add_findings(site, links.check_sources(site, links.public_paths(site, built),
                                               links.pending_paths(site)))
    add_findings(site, page_clashes(site.root, docs_dir, pages.reserved_paths(site),
                                    directory_urls))


def address(src_uri: str, directory_urls: bool = True) -> str:
    """The address MkDocs gives a page: 'a/b.md' and 'a/b/index.md' are both 'a/b/'."""
    stem = src_uri.rsplit(".", 1)[0]
    folder, _, name = stem.rpartition("/")
    if name in ("index", "README"):
        return f"{folder}/" if folder else ""
    return f"{stem}/" if directory_urls else f"{stem}.html"


def page_clashes(root: Path, docs_dir: Path, generated: Iterable[str],
                 directory_urls: bool = True) -> list[Finding]:
    """Content pages whose address is one lif generates a page at.

    MkDocs keeps only one page per address, and lif's generated page has to win (it is what
    the checks looked at), so the author's page would vanish from the site without a word.
    """
    taken = {address(uri, directory_urls): uri for uri in generated}
    findings: list[Finding] = []
    for path in content_pages(docs_dir):
        clash = taken.get(address(path.relative_to(docs_dir).as_posix(), directory_urls))
        if clash is None:
            continue
        findings.append(finding(
            "PAGE-CLASH", relpath(root, path), Position(1, 1),
            f"this page has the same address as '{clash}', a page lif generates, so one of "
            "them would be lost from the site.",
            "Move or rename this page: reviews/, briefings/, themes/, actions and search are "
            "lif's own addresses."))
    return findings


def add_findings(site: Site, extra: list[Finding]) -> None:
    """Merge more findings into a prepared site's, keeping file and line order."""
    if extra:
        site.findings = sorted(site.findings + extra, key=lambda f: f.sort_key)


def template_finding(exc: jinja2.TemplateError, root: Path) -> Finding | None:
    """A finding for a template error in the site's own theme folder; None if it is lif's."""
    filename, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if not filename:  # an error while rendering: Jinja puts template lines in the traceback
        tb = exc.__traceback__
        while tb is not None:
            name = tb.tb_frame.f_code.co_filename
            if name.endswith(".html") and Path(name).resolve().is_relative_to(root.resolve()):
                filename, line = name, tb.tb_lineno
            tb = tb.tb_next
    if not filename:
        return None
    path = Path(filename).resolve()
    if not path.is_relative_to(root.resolve()):
        return None
    line = line or 1
    message = getattr(exc, "message", None) or str(exc)
    return finding("TEMPLATE-INVALID", relpath(root.resolve(), path), Position(line, 1),
                   f"the template cannot be used: {message}.",
                   "Fix the template override (see the MkDocs Material documentation on "
                   "overrides), or remove it to use the standard one.")
