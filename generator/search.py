"""Search that scales: a Pagefind index written into the built site at the end of the build.

Pagefind (the ``pagefind_bin`` wheel from PyPI carries its binary; nothing is downloaded) splits
the index into small chunks, so a reader fetches only the parts a query needs. Only pages that
were rendered are indexed, and rendered pages are public on the build day by construction; pages
that carry ``data-lif-search="exclude"`` (the search page, withdrawn notices) and the 404 page
are left out. Filters come from ``data-pagefind-filter`` elements the review and briefing
templates emit (:func:`filter_tags`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator import output, pagefind_order, rules, search_parts
from generator.models import Finding

rules.register(rules.Rule(
    "SEARCH-INDEX", "error", "The search index could not be written (Pagefind missing or failed)."))

BUNDLE_DIR = "pagefind"
"""Where the search bundle lives in the site (``site/pagefind/``)."""

ROOT_SELECTOR = "article.md-content__inner"
"""Material's article element: the page's own text, without navigation, header or footer."""

EXCLUDE_MARK = 'data-lif-search="exclude"'
"""A page whose HTML holds this attribute is not indexed."""

NEVER_INDEXED = ("404.html",)

FILTERS = ("Theme", "Year", "Type", "Age", "Status")
"""The filter names, in the order the search page shows them."""


@dataclass(frozen=True)
class SearchIndex:
    """What :func:`index_site` indexed."""

    pages: tuple[str, ...]
    """Site-relative paths of the indexed HTML files."""
    bundle: Path


def pagefind_executable() -> Path:
    """The Pagefind binary installed with the ``pagefind-bin`` wheel."""
    import pagefind_bin

    return Path(pagefind_bin.get_executable())


def indexable(site_dir: Path) -> list[str]:
    """Site-relative paths of the HTML pages the index takes, sorted."""
    found = []
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        if rel in NEVER_INDEXED or rel.startswith(BUNDLE_DIR + "/"):
            continue
        if EXCLUDE_MARK in path.read_text(encoding="utf-8", errors="replace"):
            continue
        found.append(rel)
    return found


def index_site(site_dir: Path, *, language: str = "en") -> tuple[SearchIndex | None, list[Finding]]:
    """Write ``site_dir/pagefind/`` for the indexable pages; a failure is a finding.

    A review's report and response are indexed as sections of its review page
    (:mod:`generator.search_parts`), so a review is one result with sub-results.

    The pages are hard-linked (copied if links are not possible) into a staging folder beside
    the site so Pagefind sees exactly the chosen pages with the site's own paths; one left by a
    killed build is deleted by the next (``output.recover``).
    """
    texts = {rel: (site_dir / rel).read_text(encoding="utf-8", errors="replace")
             for rel in indexable(site_dir)}
    try:
        staged = search_parts.fold(texts)
    except search_parts.PartError as exc:
        return None, [_finding(site_dir, f"a review's pages could not be indexed as one ({exc})")]
    bundle = site_dir / BUNDLE_DIR
    if bundle.exists():
        shutil.rmtree(bundle)
    with tempfile.TemporaryDirectory(prefix=output.search_staging_prefix(site_dir),
                                     dir=site_dir.parent) as staging:
        _stage(site_dir, Path(staging), staged)
        try:
            executable = pagefind_executable()
        except (ImportError, FileNotFoundError) as exc:
            return None, [_finding(site_dir, f"the Pagefind binary is missing ({exc})")]
        result = subprocess.run(
            [str(executable), "--site", staging, "--output-path", str(bundle),
             "--root-selector", ROOT_SELECTOR, "--force-language", language,
             "--exclude-selectors", ".headerlink", "--silent"],
            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        return None, [_finding(site_dir, "Pagefind could not index the site"
                               + (f" ({detail[-1]})" if detail else ""))]
    pagefind_order.canonicalise(bundle)  # same sources, same bytes (filter chunks sorted)
    return SearchIndex(staged.pages, bundle), []


def _stage(site_dir: Path, staging: Path, staged: search_parts.Staged) -> None:
    for rel in staged.pages:
        target = staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if rel in staged.replaced:
            target.write_text(staged.replaced[rel], encoding="utf-8")
            continue
        try:
            os.link(site_dir / rel, target)
        except OSError:
            shutil.copyfile(site_dir / rel, target)


def _finding(site_dir: Path, message: str) -> Finding:
    return Finding("SEARCH-INDEX", "error", f"{site_dir.name}/{BUNDLE_DIR}", 1, 1, message,
                   "reinstall lif (pip install -e .) so the pagefind-bin wheel is present")


def filter_tags(filters: Iterable[tuple[str, str]]) -> str:
    """Hidden HTML naming a page's filter values for Pagefind (one element per value)."""
    spans = "".join(f'<span data-pagefind-filter="{_attr(name)}:{_attr(value)}"></span>'
                    for name, value in filters)
    return f'<div hidden class="lif-search-filters">{spans}</div>' if spans else ""


def _attr(value: str) -> str:
    """A filter name or value, safe inside the attribute (Pagefind splits on ',' and ':')."""
    value = value.replace(",", " ").replace(":", " ")
    return (value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            .replace(">", "&gt;"))
