"""One search result per review: its report and response indexed as sections of the review page.

A review has three pages (summary, full report, the partnership's response). Indexed one by one
they would be three results for one review, and every filter count would count the review three
times. The search stage therefore indexes, in place of the review page, a copy of it with the
report's and the response's text appended as sections. The copy exists only in the staging
folder Pagefind reads; the published pages are unchanged, and the copy holds nothing but the
text of pages that are themselves published and indexable.

Each section starts with a heading whose ``id`` is ``lif-<part>--`` and every other ``id`` in it
gets that prefix, so Pagefind's sub-results point at ``<review>#lif-report--<id>``; the section
also carries ``lif-<part>`` metadata, the part page's address relative to the review page, which
the search page (``lif-search.js``) uses to link each sub-result to the part page itself.

The templates mark the three pages with :data:`MARK_RE`'s element. A part page whose review page
is not indexed stays a result of its own. A page that cannot be taken apart as expected (two
marks, no article) is a finding, never silently indexed another way.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

PARTS = ("report", "response")
"""The parts indexed into their review's result, in the order their sections are appended."""

PART_HEADINGS = {"report": "Full report", "response": "The partnership's response"}
"""The heading each part's section starts with (its page title names the review again)."""

MARK_RE = re.compile(
    r'<div hidden data-lif-search-part="(review|report|response)"'
    r' data-lif-search-review="([a-z0-9][a-z0-9-]*)"></div>')
"""The element the review, report and response templates put on their pages."""

_ARTICLE_OPEN_RE = re.compile(r'<article class="md-content__inner[^"]*">')
_FILTERS_RE = re.compile(r'<div hidden class="lif-search-filters">(?:<span [^>]*></span>)*</div>')
_H1_RE = re.compile(r"<h1\b[^>]*>.*?</h1>", re.DOTALL)
_TAG_ID_RE = re.compile(r"(<[a-zA-Z][a-zA-Z0-9]*\b[^>]*?\sid=\")([^\"]*)(\")")


class PartError(ValueError):
    """A page the search stage cannot take apart (the message says which and why)."""


@dataclass(frozen=True)
class Staged:
    """What Pagefind is given: the pages as they are, and the review pages to replace."""

    pages: tuple[str, ...]
    """Site-relative paths Pagefind indexes (part pages folded into a review are left out)."""
    replaced: dict[str, str]
    """Review page path to the HTML indexed in its place."""


def page_url(rel: str) -> str:
    """The address of a built page relative to the site root (``x/index.html`` is ``x/``)."""
    return rel[: -len("index.html")] if rel.endswith("index.html") and (
        rel == "index.html" or rel.endswith("/index.html")) else rel


def part_link(review_rel: str, part_rel: str) -> str:
    """The part page's address relative to its review page (``report/``)."""
    base = posixpath.dirname(review_rel)
    link = posixpath.relpath(page_url(part_rel) or ".", base or ".")
    return link + "/" if page_url(part_rel).endswith("/") and not link.endswith("/") else link


def fold(texts: dict[str, str]) -> Staged:
    """The pages to index, with each review's report and response folded into its review page.

    ``texts`` maps every indexable page's site-relative path to its HTML.
    """
    groups: dict[str, dict[str, str]] = {}
    for rel, html in texts.items():
        marks = MARK_RE.findall(html)
        if len(marks) > 1:
            raise PartError(f"{rel}: {len(marks)} search-part marks, expected at most one")
        if not marks:
            continue
        part, slug = marks[0]
        group = groups.setdefault(slug, {})
        if part in group:
            raise PartError(f"{rel}: the {part} of review '{slug}' is also {group[part]}")
        group[part] = rel
    folded: set[str] = set()
    replaced: dict[str, str] = {}
    for group in groups.values():
        review = group.get("review")
        parts = [(part, group[part]) for part in PARTS if part in group]
        if review is None or not parts:
            continue
        sections = "".join(section(part, rel, texts[rel], part_link(review, rel))
                           for part, rel in parts)
        replaced[review] = _append(review, texts[review], sections)
        folded.update(rel for _, rel in parts)
    return Staged(tuple(rel for rel in texts if rel not in folded), replaced)


def section(part: str, rel: str, html: str, link: str) -> str:
    """A part page's text as a section of its review's indexed page."""
    inner = _article(rel, html)
    inner = MARK_RE.sub("", _FILTERS_RE.sub("", inner))
    inner = _H1_RE.sub("", inner, count=1)
    prefix = f"lif-{part}--"
    inner = _TAG_ID_RE.sub(lambda m: m.group(1) + prefix + m.group(2) + m.group(3), inner)
    return (f'<section data-lif-search-part="{part}">'
            f'<span hidden data-pagefind-meta="lif-{part}:{link}"></span>'
            f'<h2 id="{prefix}">{PART_HEADINGS[part]}</h2>{inner}</section>')


def _article(rel: str, html: str) -> str:
    opened = list(_ARTICLE_OPEN_RE.finditer(html))
    end = html.rfind("</article>")
    if len(opened) != 1 or end < opened[0].end():
        raise PartError(f"{rel}: no single article element holding the page's text")
    return html[opened[0].end():end]


def _append(rel: str, html: str, sections: str) -> str:
    _article(rel, html)  # the same shape is required of the review page
    end = html.rfind("</article>")
    return html[:end] + sections + html[end:]
